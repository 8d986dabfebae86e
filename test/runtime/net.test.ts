// package net over the netpoller, against external clients on the machine's NIC.
import { describe, expect, it } from 'vitest';
import { bootNet, clients, runUntil } from '../kernel/net/harness.ts';
import { GO_APPS } from '../../src/apps/go/index.ts';
import type { RuntimeSnapshot } from '../../src/runtime/snapshot.ts';

function serve(name: string, cores: number, spec: Parameters<typeof clients>[1]) {
  const rig = bootNet({ cores });
  const p = rig.k.spawn(GO_APPS[name]!, [name, '8080'], {});
  const load = clients(rig, spec);
  runUntil(rig, () => load.done && (name !== 'go-hello-server' || p.state !== 'alive'));
  const snap = rig.k.snapshot().procs.find((x) => x.pid === p.pid)!;
  const rt = rig.m.probe.read<RuntimeSnapshot>(`runtime:${p.pid}`)!;
  return { r: load.result(), snap, rt };
}

describe('net', () => {
  it('go-hello-server: Accept parks in IO wait once, the client gets exactly "Hello", exit 0', () => {
    const { r, snap, rt } = serve('go-hello-server', 2, { protocol: 'hello', connections: 1, requests: 1, payload: 'hi', startNs: 1e6 });
    expect(r.completed).toBe(1);
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(snap.exitStatus).toBe(0);
    expect(snap.syscalls.socket!.calls).toBe(1);
    expect(snap.syscalls.accept4).toEqual(expect.objectContaining({ calls: 2, errors: 1 })); // EAGAIN, park, accept
    expect(snap.syscalls.epoll_ctl!.calls).toBe(1 + 2 + 1); // ADD the eventfd, the listener, the connection; DEL at Close
    expect(rt.stats.netpollParks).toBe(1);
  });

  it('go-echo: 1,000 connections are 1,000 goroutines on a handful of threads', () => {
    const { r, snap, rt } = serve('go-echo', 4, { protocol: 'echo', connections: 1000, requests: 10, bytes: 64, thinkNs: 10e6, startNs: 1e6 });
    expect(r.completed).toBe(10_000);
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(rt.stats.goroutinesPeak).toBe(1001);
    expect(snap.threadsPeak).toBeLessThanOrEqual(8);
    expect(rt.stats.netpollParks).toBeGreaterThanOrEqual(10_000);
  }, 60_000);

  it('go-http: 200 keep-alive clients × 10 GET / all get 200 and the body', () => {
    const { r, rt } = serve('go-http', 2, { protocol: 'http', connections: 200, requests: 10, httpPath: '/', httpBody: 'Hello from gomachine\n', startNs: 1e6 });
    expect(r.completed).toBe(2000);
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(rt.stats.goroutinesCreated).toBe(201);
  }, 60_000);
});
