// Running one Go-style program on a fresh machine with an environment, for the memory tests.
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import type { Executable } from '../../src/kernel/uapi/image.ts';
import type { RuntimeSnapshot } from '../../src/runtime/snapshot.ts';

export function runGo(exe: Executable, argv: string[], env: Record<string, string> = {}, opts: { cores?: number; limitNs?: number; memoryBytes?: number } = {}) {
  const m = new Machine({ cores: opts.cores ?? 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: opts.memoryBytes ?? 2 ** 31, frameSize: 4096, seed: 1 });
  const k = new Kernel(m);
  const p = k.spawn(exe, argv, env);
  m.run(m.nsToCycles(opts.limitNs ?? 5e9));
  const snap = k.snapshot().procs.find((q) => q.pid === p.pid)!;
  const rs = m.probe.read<RuntimeSnapshot>(`runtime:${p.pid}`)!;
  return { m, k, snap, rs };
}
