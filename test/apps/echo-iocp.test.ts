import { describe, it, expect } from 'vitest';
import echoIocp from '../../src/apps/windows/echo-iocp.ts';
import echoKqueue from '../../src/apps/darwin/echo-kqueue.ts';
import { WINDOWS } from '../../src/kernel/windows/personality.ts';
import { BUILTIN_PROGRAMS } from '../../src/apps/index.ts';
import { bootNet, serve } from '../kernel/net/harness.ts';
import { netSnapshot } from '../../src/kernel/net/index.ts';

describe('echo-iocp (windows)', () => {
  it('serves 1,000 connections x 10 echo requests of 64 bytes on one worker thread: per request one WSARecv and one WSASend, each completing to the port; no readiness calls', () => {
    const { rig, load, snap } = serve(echoIocp, ['echo-iocp', '8080'], { protocol: 'echo', connections: 1000, requests: 10, bytes: 64, thinkNs: 10e6, startNs: 1e6, timeoutNs: 30e9 }, { personality: WINDOWS });
    const r = load.result();
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.completed).toBe(10_000);
    expect(snap.threadsPeak).toBe(1);
    const io = snap.syscalls['NtDeviceIoControlFile']!.calls;
    // 10,000 sends, 11,000 receives (one more per connection: the 0-byte one of its close),
    // 1,064 AcceptEx (1,000 + the 64 still posted), 1,000 SO_UPDATE_ACCEPT_CONTEXT; bind and listen.
    expect(io).toBe(10_000 + 11_000 + 1_064 + 1_000 + 2);
    expect(snap.syscalls['NtCreateFile']!.calls).toBe(1 + 1_064); // the listener and each AcceptEx's socket
    const waits = snap.syscalls['NtRemoveIoCompletionEx']!.calls;
    expect(waits).toBeGreaterThan(100);
    expect(waits).toBeLessThanOrEqual(23_100);
    for (const readiness of ['epoll_wait', 'kevent', 'read', 'write']) expect(snap.syscalls[readiness]).toBeUndefined();
    expect(netSnapshot(rig.k).nics[0]!.drops).toBe(0);
  }, 60_000);

  it('echo-threads, built for windows: a thread per connection by CreateThread, blocking recv and send (an AFD request and a wait on the thread\'s event)', () => {
    const { load, snap } = serve(BUILTIN_PROGRAMS['echo-threads']!, ['echo-threads', '8080'], { protocol: 'echo', connections: 200, requests: 5, bytes: 64, thinkNs: 5e6, startNs: 1e6, timeoutNs: 30e9 }, { personality: WINDOWS });
    const r = load.result();
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.completed).toBe(1_000);
    expect(snap.threadsPeak).toBe(201);
    expect(snap.syscalls['NtCreateThreadEx']!.calls).toBe(200);
    expect(snap.syscalls['NtWaitForSingleObject']!.calls).toBeGreaterThan(1_000); // a recv that finds no data waits
    expect(snap.syscalls['NtRemoveIoCompletionEx']).toBeUndefined();
  }, 60_000);

  it('a darwin program does not load on windows: exec format error', () => {
    const rig = bootNet({ personality: WINDOWS });
    expect(() => rig.k.spawn(echoKqueue, ['echo-kqueue'], {})).toThrow(/echo-kqueue: exec format error: built for darwin, and this kernel is windows/);
  });
});
