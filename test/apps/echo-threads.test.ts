import { describe, it, expect } from 'vitest';
import echoThreads from '../../src/apps/c/echo-threads.ts';
import { serve } from '../kernel/net/harness.ts';
import { netSnapshot } from '../../src/kernel/net/index.ts';

describe('echo-threads', () => {
  it('serves 1,000 connections x 10 echo requests of 64 bytes with one thread per connection', () => {
    const { rig, load, snap } = serve(echoThreads, ['echo-threads', '8080'], { protocol: 'echo', connections: 1000, requests: 10, bytes: 64, thinkNs: 10e6, startNs: 1e6, timeoutNs: 30e9 });
    const r = load.result();
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.completed).toBe(10_000);
    expect(snap.threadsPeak).toBeGreaterThanOrEqual(1001);
    const reads = snap.syscalls['read']!.calls; const writes = snap.syscalls['write']!.calls;
    // one read per request plus the EOF read of each connection; one write per request
    expect(reads).toBe(11_000);
    expect(writes).toBe(10_000);
    expect(snap.syscalls['accept']!.calls).toBeGreaterThanOrEqual(1000);
    const net = netSnapshot(rig.k);
    expect(net.nics[0]!.irqs).toBeGreaterThan(0);
    expect(net.nics[0]!.drops).toBe(0);
    expect(r.latencyNs.p50).toBeGreaterThan(0);
  }, 60_000);
});
