import { describe, it, expect } from 'vitest';
import echoKqueue from '../../src/apps/darwin/echo-kqueue.ts';
import echoEpoll from '../../src/apps/c/echo-epoll.ts';
import { BUILTIN_PROGRAMS } from '../../src/apps/index.ts';
import { DARWIN } from '../../src/kernel/darwin/personality.ts';
import { bootNet, serve } from '../kernel/net/harness.ts';
import { netSnapshot } from '../../src/kernel/net/index.ts';

describe('echo-kqueue (darwin)', () => {
  it('serves 1,000 connections x 10 echo requests of 64 bytes on one thread, one read and one write per request', () => {
    const { rig, load, snap } = serve(echoKqueue, ['echo-kqueue', '8080'], { protocol: 'echo', connections: 1000, requests: 10, bytes: 64, thinkNs: 10e6, startNs: 1e6, timeoutNs: 30e9 }, { personality: DARWIN });
    const r = load.result();
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.completed).toBe(10_000);
    expect(snap.threadsPeak).toBe(1);
    // READ's data says how much is there: a read per request, and one per connection's EOF is not needed (EV_EOF, data 0).
    expect(snap.syscalls['read']!.calls).toBe(10_000);
    expect(snap.syscalls['write']!.calls).toBe(10_000);
    expect(snap.syscalls['accept']!.calls).toBe(1_000);
    expect(snap.syscalls['epoll_wait']).toBeUndefined();
    const waits = snap.syscalls['kevent']!.calls;
    expect(waits).toBeGreaterThan(100);
    expect(waits).toBeLessThanOrEqual(12_100);
    expect(netSnapshot(rig.k).nics[0]!.drops).toBe(0);
  }, 60_000);

  it('echo-threads, built for darwin: a thread per connection by bsdthread_create, blocking read and write', () => {
    const { load, snap } = serve(BUILTIN_PROGRAMS['echo-threads']!, ['echo-threads', '8080'], { protocol: 'echo', connections: 200, requests: 5, bytes: 64, thinkNs: 5e6, startNs: 1e6, timeoutNs: 30e9 }, { personality: DARWIN });
    const r = load.result();
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.completed).toBe(1_000);
    expect(snap.threadsPeak).toBe(201);
    expect(snap.syscalls['bsdthread_create']!.calls).toBe(200);
    expect(snap.syscalls['clone']).toBeUndefined();
  }, 60_000);

  it('a Linux program does not load on darwin: exec format error', () => {
    const rig = bootNet({ personality: DARWIN });
    expect(() => rig.k.spawn(echoEpoll, ['echo-epoll'], {})).toThrow(/echo-epoll: exec format error: built for linux, and this kernel is darwin/);
  });
});
