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
    // Reads: 10,000 with a request, 1,000 at EOF, and one EAGAIN each time a goroutine finds no
    // data yet and parks on its pollDesc (up to 11 per connection; fewer when data beat the read).
    expect(calls('read')).toMatchObject({ calls: 21_941, errors: 10_941 });
    // accept4 loops until EAGAIN, then the acceptor parks on the listener: 1,000 + the EAGAINs.
    expect(calls('accept4')).toMatchObject({ calls: 1_003, errors: 3 });
    // EPOLL_CTL_ADD per connection (edge-triggered, once per fd) and DEL at Close, plus the
    // listener and the eventfd that breaks a blocked epoll_wait.
    expect(calls('epoll_ctl')).toMatchObject({ calls: 2_002, errors: 0 });
    // netpoll(0) from findRunnable and sysmon, and idle Ms blocking until the next timer.
    expect(calls('epoll_wait').calls).toBe(5_400);
  }, 60_000);
});
