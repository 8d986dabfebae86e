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
    // the run stops (at the event where the last client finishes: 913 of them), and one EAGAIN each
    // time a goroutine finds no data yet and parks on its pollDesc (up to 11 per connection; fewer
    // when data beat the read).
    expect(calls('read')).toMatchObject({ calls: 21_849, errors: 10_936 });
    // accept4 loops until EAGAIN, then the acceptor parks on the listener: 1,000 + the EAGAINs.
    expect(calls('accept4')).toMatchObject({ calls: 1_003, errors: 3 });
    // EPOLL_CTL_ADD per connection (edge-triggered, once per fd) and DEL at Close, plus the
    // listener and the eventfd that breaks a blocked epoll_wait: 1,002 ADDs and 913 DELs — when the
    // last client finishes, 87 of the server's goroutines have not yet read their EOF and closed.
    expect(calls('epoll_ctl')).toMatchObject({ calls: 1_915, errors: 0 });
    // netpoll(0) from findRunnable and sysmon, and idle Ms blocking until the next timer.
    expect(calls('epoll_wait').calls).toBe(5_370);
  }, 60_000);
});
