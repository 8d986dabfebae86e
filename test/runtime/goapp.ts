// A built-in Go-style app alone on a 2-core machine booted with a personality
// (linux when none), run until every process exits or 5 s simulated: its snapshot.
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import type { Personality } from '../../src/kernel/personality.ts';
import { GO_APPS } from '../../src/apps/go/index.ts';

export function runGoApp(name: string, personality?: Personality) {
  const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m, personality !== undefined ? { personality } : {});
  m.probe.subscribe((e) => { if (e.kind === 'all_exited') m.halt('all exited'); });
  const p = k.spawn(GO_APPS[name]!, [name], {});
  m.run(m.nsToCycles(5e9));
  return k.snapshot().procs.find((q) => q.pid === p.pid)!;
}
