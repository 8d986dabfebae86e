import { describe, it, expect } from 'vitest';
import echoEpoll from '../../src/apps/c/echo-epoll.ts';
import httpEpoll, { HTTP_BODY } from '../../src/apps/c/http-epoll.ts';
import { bootNet, clients, runUntil, serve } from '../kernel/net/harness.ts';
import { netSnapshot } from '../../src/kernel/net/index.ts';

describe('echo-epoll', () => {
  it('serves 1,000 connections x 10 echo requests of 64 bytes on one thread', () => {
    const { rig, load, snap } = serve(echoEpoll, ['echo-epoll', '8080'], { protocol: 'echo', connections: 1000, requests: 10, bytes: 64, thinkNs: 10e6, startNs: 1e6, timeoutNs: 30e9 });
    const r = load.result();
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.completed).toBe(10_000);
    expect(snap.threadsPeak).toBe(1);
    expect(snap.syscalls['read']!.calls).toBe(11_000);
    expect(snap.syscalls['sendto']!.calls).toBe(10_000);
    // epoll_wait returns at least one event per call; with 1,000 connections some calls batch several.
    const waits = snap.syscalls['epoll_wait']!.calls;
    expect(waits).toBeGreaterThan(100);
    expect(waits).toBeLessThanOrEqual(12_100);
    expect(netSnapshot(rig.k).nics[0]!.drops).toBe(0);
  }, 60_000);

  it('keeps serving the others when a client resets mid-request', () => {
    const rig = bootNet({ cores: 2 });
    const p = rig.k.spawn(echoEpoll, ['echo-epoll', '8080'], {});
    const load = clients(rig, { protocol: 'echo', connections: 20, requests: 5, bytes: 64, startNs: 1e6, resetMidRequest: { count: 3, afterBytes: 32 } });
    runUntil(rig, () => load.done, 20e9);
    runUntil(rig, () => false, rig.m.cyclesToNs(rig.m.now) + 5e6);
    const r = load.result();
    expect(r.completed).toBe(17 * 5);
    expect(r.failed).toEqual({ refused: 0, reset: 3 * 5, timeout: 0, wrongReply: 0 });
    const snap = rig.k.snapshot().procs.find((x) => x.pid === p.pid)!;
    expect(snap.state).toBe('alive');
    expect(snap.stderr).toMatch(/(read|write): (Connection reset by peer|Broken pipe)/);
  });
});

describe('http-epoll', () => {
  it('answers GET / with 200 and its body on kept-alive connections', () => {
    const rig = bootNet({ cores: 2 });
    rig.k.spawn(httpEpoll, ['http-epoll', '8080'], {});
    const load = clients(rig, { protocol: 'http', connections: 50, requests: 4, bytes: 0, startNs: 1e6, httpBody: HTTP_BODY });
    runUntil(rig, () => load.done, 20e9);
    const r = load.result();
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.completed).toBe(200);
  });
});
