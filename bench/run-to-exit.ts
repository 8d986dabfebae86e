// One program on a fresh machine (4 GiB, 3 GHz, seed 1), run in 10 ms slices until
// it exits or goes idle (at most 600 s simulated), with the wall time and the Node
// heap's peak over the run — what each runtime benchmark measures around its workload.
import v8 from 'node:v8';
import { Machine } from '../src/machine/machine.ts';
import { Kernel } from '../src/kernel/kernel.ts';
import type { Executable } from '../src/kernel/uapi/image.ts';

/** wallMs and cpuMs (user + system, this process) are over the run alone, not the machine's set-up. */
export interface Ran { machine: Machine; kernel: Kernel; pid: number; wallMs: number; cpuMs: number; heapPeakBytes: number }

export function runToExit(exe: Executable, argv0: string, cores: number, env: Record<string, string>, args: string[] = []): Ran {
  const m = new Machine({ cores, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 4 * 2 ** 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m);
  const p = k.spawn(exe, [argv0, ...args], env);
  let heapPeak = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (p.state === 'alive' && m.now < m.nsToCycles(600e9)) {
    const r = m.run(m.now + m.nsToCycles(10e6));
    heapPeak = Math.max(heapPeak, v8.getHeapStatistics().used_heap_size);
    if (r === 'idle') break;
  }
  const cpu = process.cpuUsage(cpu0);
  return { machine: m, kernel: k, pid: p.pid, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, heapPeakBytes: heapPeak };
}
