// The plain-C echo servers in src/apps/c/*.c, compiled from source, against the
// TypeScript versions on the same 1,000-connection load: the same syscalls per
// request, the same threads, and the same results for every client.
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { buildCFiles } from '../../../src/lang/c/driver.ts';
import echoThreadsTs from '../../../src/apps/c/echo-threads.ts';
import echoEpollTs from '../../../src/apps/c/echo-epoll.ts';
import { serve } from '../../kernel/net/harness.ts';
import { ROOT } from '../../helpers.ts';
import type { Executable } from '../../../src/kernel/uapi/image.ts';

const build = (name: string): Executable => {
  const b = buildCFiles([path.join(ROOT, 'src/apps/c', name)]);
  expect(b.text).toBe('');
  return b.exe!;
};
// 200 connections keep the test fast; bench/c-source-echo.ts runs the 1,000-connection load.
const LOAD = { protocol: 'echo' as const, connections: 200, requests: 10, bytes: 64, thinkNs: 10e6, startNs: 1e6, timeoutNs: 30e9 };
const calls = (snap: { syscalls: Record<string, { calls: number }> }, n: string) => snap.syscalls[n]?.calls ?? 0;

describe('echo servers written in C', () => {
  it('echo-threads.c: 200 connections x 10 requests, one thread per connection, one read and one write per request, as echo-threads.ts', () => {
    const c = serve(build('echo-threads.c'), ['echo-threads', '8080'], LOAD);
    const ts = serve(echoThreadsTs, ['echo-threads', '8080'], LOAD);
    expect(c.load.result().failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(c.load.result().completed).toBe(2_000);
    expect(c.snap.threadsPeak).toBe(ts.snap.threadsPeak);
    for (const n of ['read', 'write', 'accept', 'clone', 'close', 'socket', 'bind', 'listen']) expect(calls(c.snap, n)).toBe(calls(ts.snap, n));
    expect(calls(c.snap, 'read')).toBe(2_200);
    expect(calls(c.snap, 'write')).toBe(2_000);
  }, 120_000);

  it('echo-epoll.c: one thread; one read and one sendto per request and the same epoll calls as echo-epoll.ts', () => {
    const c = serve(build('echo-epoll.c'), ['echo-epoll', '8080'], LOAD);
    const ts = serve(echoEpollTs, ['echo-epoll', '8080'], LOAD);
    expect(c.load.result().failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(c.load.result().completed).toBe(2_000);
    expect(c.snap.threadsPeak).toBe(1);
    for (const n of ['read', 'sendto', 'accept4', 'epoll_ctl', 'close']) expect(calls(c.snap, n)).toBe(calls(ts.snap, n));
    expect(calls(c.snap, 'read')).toBe(2_200);
    expect(calls(c.snap, 'sendto')).toBe(2_000);
    // How many ready events one epoll_wait batches depends on how long each request takes to serve, which
    // differs a little between the two programs: the counts agree within 10%.
    expect(Math.abs(calls(c.snap, 'epoll_wait') - calls(ts.snap, 'epoll_wait'))).toBeLessThanOrEqual(calls(ts.snap, 'epoll_wait') * 0.1);
  }, 120_000);
});
