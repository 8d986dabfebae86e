// What the netpoller makes of a goroutine-per-connection echo server, pinned:
// the syscalls Go's runtime makes per request, as the mechanism dictates.
import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';

describe('go-echo: the syscalls of the netpoller, per request', () => {
  it('1,000 connections × 10 requests: one write each, reads that meet EAGAIN before parking, a handful of threads', async () => {
    const r = await runFile('scenarios/go-echo.yaml');
    const p = r.processes[0]!;
    const calls = (n: string) => p.syscalls[n]!;
    expect(r.clients!.completed).toBe(10_000);
    expect(p.threads.peak).toBeLessThanOrEqual(p.runtime!.gomaxprocs + 5);
    expect(calls('write')).toMatchObject({ calls: 10_000, errors: 0 });     // one write per reply
    // Reads: 10,000 with a request, one at EOF per connection the server has seen close by the time
    // the run stops (at the event where the last client finishes: 784 of them), and one EAGAIN each
    // time a goroutine finds no data yet and parks on its pollDesc (up to 11 per connection; fewer
    // when data beat the read).
    expect(calls('read')).toMatchObject({ calls: 21_763, errors: 10_979 });
    // accept4 loops until EAGAIN, then the acceptor parks on the listener: 1,000 + the EAGAINs.
    expect(calls('accept4')).toMatchObject({ calls: 1_003, errors: 3 });
    // EPOLL_CTL_ADD per connection (edge-triggered, once per fd) and DEL at Close, plus the
    // listener and the eventfd that breaks a blocked epoll_wait: 1,002 ADDs and 784 DELs — when the
    // last client finishes, 216 of the server's goroutines have not yet read their EOF and closed.
    expect(calls('epoll_ctl')).toMatchObject({ calls: 1_786, errors: 0 });
    // netpoll(0) from findRunnable when an M runs out of work while no M blocks in the poller
    // (3,355 calls, 491 of them with events: 8,682 goroutines made ready, ~18 per call), and the one
    // M that blocks there (991 calls). Each request's data is one EPOLLIN|EPOLLOUT edge; the ACK of
    // the reply wakes no one (Linux's SOCK_NOSPACE rule: tcp.test.ts) — when every ACK woke the
    // blocked M this was 5,370 calls, 9,074 of the events carrying EPOLLOUT alone.
    // Real Go (go1.19.8, the same server as ordinary Go code, GOMAXPROCS=4, 1,000 loopback
    // connections × 10 requests of 64 B 10 ms apart from a Go client, counted with
    // strace -f -c on a shared 2-core host): 1,193–1,476 epoll_pwait calls in three runs; with only
    // epoll_pwait traced (strace --seccomp-bpf), 733–2,647. Slower syscalls (and two cores for
    // four Ps) batch more events per call there; the structure of the calls is the one above.
    expect(calls('epoll_wait').calls).toBe(4_346);
  }, 60_000);
});
