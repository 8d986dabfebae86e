// The plain-C servers in src/apps/c/*.c, compiled from source, against the
// TypeScript versions on the same load: the same syscalls per request, the same
// threads, the same memory shape, and the same results for every client.
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { buildCFiles } from '../../../src/lang/c/driver.ts';
import echoThreadsTs from '../../../src/apps/c/echo-threads.ts';
import echoEpollTs from '../../../src/apps/c/echo-epoll.ts';
import httpEpollTs from '../../../src/apps/c/http-epoll.ts';
import { serve, converse as converseWith } from '../../kernel/net/harness.ts';
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

describe('servers written in C', () => {
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

  // scenarios/c-http-epoll.yaml's load (and http-epoll-compare.yaml's, where both run side by side)
  const HTTP = { protocol: 'http' as const, connections: 200, arrival: { mode: 'ramp' as const, overNs: 20e6 }, requests: 10, thinkNs: 1e6, startNs: 1e6, timeoutNs: 10e9, httpPath: '/', httpBody: 'Hello from gomachine\n' };

  it('http-epoll.c: 200 keep-alive clients x 10 GET /, every reply 200 with the body; one thread, one read and one sendto per request, the same accept4/epoll_ctl/close and address space as http-epoll.ts', () => {
    const c = serve(build('http-epoll.c'), ['http-epoll', '8080'], HTTP, { cores: 2 });
    const ts = serve(httpEpollTs, ['http-epoll', '8080'], HTTP, { cores: 2 });
    expect(c.load.result().failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(c.load.result().completed).toBe(2_000);
    expect(c.snap.threadsPeak).toBe(1);
    expect(ts.snap.threadsPeak).toBe(1);
    for (const n of ['socket', 'setsockopt', 'bind', 'listen', 'epoll_create1', 'read', 'sendto', 'accept4', 'epoll_ctl', 'close', 'brk']) expect([n, calls(c.snap, n)]).toEqual([n, calls(ts.snap, n)]);
    expect(calls(c.snap, 'read')).toBe(2_200); // 10 requests and the EOF per connection
    expect(calls(c.snap, 'sendto')).toBe(2_000);
    expect(calls(c.snap, 'epoll_ctl')).toBe(401); // the listener, and ADD + DEL per connection
    expect(Object.keys(c.snap.syscalls).sort()).toEqual(Object.keys(ts.snap.syscalls).sort());
    // The same mappings (text, data, heap by brk, the 8 MiB stack); the C program touches more of
    // them: its epoll_event array is on its stack, and its table of per-connection buffers is a
    // 16 KiB array from malloc that it zeroes (the TypeScript program keeps that table in the host).
    expect(c.snap.vszPeakBytes).toBe(ts.snap.vszPeakBytes);
    expect(ts.snap.rssPeakBytes).toBe(16 * 1024);
    expect(c.snap.rssPeakBytes).toBe(36 * 1024);
  }, 120_000);

  const converse = (server: Executable, pieces: string[]): string => converseWith(server, ['http-epoll', '8080'], pieces);

  it.each([
    ['pipelined GET / with a 404 and a 405 between, then Connection: close', ['GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET / HTTP/1.1\r\nConnection: Keep-Alive, CLOSE\r\n\r\n']],
    ['a request that arrives in three pieces, then HTTP/1.0 (closes after its reply)', ['GE', 'T / HTTP/1.1\r\nHost: x\r', '\n\r\nGET / HTTP/1.0\r\n\r\n']],
    ['HTTP/1.0 with Connection: keep-alive stays open; garbage gets 400 and the close', ['GET / HTTP/1.0\r\nconnection:  keep-alive \r\n\r\nhello there\r\n\r\n']],
  ])('http-epoll.c answers byte for byte as http-epoll.ts: %s', (_what, pieces) => {
    const c = converse(build('http-epoll.c'), pieces);
    expect(c).toContain('HTTP/1.1 ');
    expect(c).toBe(converse(httpEpollTs, pieces));
  });
});
