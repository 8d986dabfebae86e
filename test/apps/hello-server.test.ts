import { describe, it, expect } from 'vitest';
import helloServer from '../../src/apps/c/hello-server.ts';
import { bootNet, clients, runUntil } from '../kernel/net/harness.ts';

describe('hello-server (the seed program)', () => {
  it('answers an external client that sends "hi" with exactly Hello, using only the seed syscalls', () => {
    const rig = bootNet();
    const p = rig.k.spawn(helloServer, ['hello-server'], {});
    const load = clients(rig, { protocol: 'hello', connections: 1, requests: 1, payload: 'hi', startNs: 1e6 });
    runUntil(rig, () => load.done && p.state !== 'alive');
    const r = load.result();
    expect(r.completed).toBe(1);
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    const snap = rig.k.snapshot().procs.find((x) => x.pid === p.pid)!;
    expect(snap.exitStatus).toBe(0);
    expect(Object.keys(snap.syscalls).sort()).toEqual(['accept', 'bind', 'close', 'exit_group', 'listen', 'read', 'socket', 'write']);
    for (const n of ['socket', 'bind', 'listen', 'accept', 'read', 'write', 'close', 'exit_group']) expect(snap.syscalls[n]!.calls).toBe(1);
    expect(rig.nic.irqs).toBeGreaterThan(0);
    expect(rig.nic.rxPackets).toBeGreaterThanOrEqual(3);
  });
});
