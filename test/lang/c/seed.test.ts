// The seed's C server, unchanged from the seed document, compiled from source:
// it must serve one client exactly "Hello" with exactly the syscalls of the
// built-in hello-server (socket, bind, listen, accept, read, write, close, and
// the exit_group of returning from main).
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { buildCFiles } from '../../../src/lang/c/driver.ts';
import { bootNet, clients, runUntil } from '../../kernel/net/harness.ts';
import { ROOT } from '../../helpers.ts';

const SEED = path.join(ROOT, 'examples/c/seed-server.c');

describe('the seed C server compiled from source', () => {
  it('compiles without a diagnostic and serves "Hello" with exactly the seed\'s syscalls', () => {
    const b = buildCFiles([SEED]);
    expect(b.text).toBe('');
    const rig = bootNet();
    const p = rig.k.spawn(b.exe!, ['seed-server'], {});
    const load = clients(rig, { protocol: 'hello', connections: 1, requests: 1, payload: 'hi', startNs: 1e6 });
    runUntil(rig, () => load.done && p.state !== 'alive');
    const r = load.result();
    expect(r.completed).toBe(1);
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    const snap = rig.k.snapshot().procs.find((x) => x.pid === p.pid)!;
    expect(snap.exitStatus).toBe(0);
    expect(Object.keys(snap.syscalls).sort()).toEqual(['accept', 'bind', 'close', 'exit_group', 'listen', 'read', 'socket', 'write']);
    for (const n of ['socket', 'bind', 'listen', 'accept', 'read', 'write', 'close', 'exit_group']) expect(snap.syscalls[n]!.calls).toBe(1);
  });
});
