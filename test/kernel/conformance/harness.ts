// A small harness for conformance tests: build a machine, run one C program on
// it until every process has exited (or a simulated-time limit passes), and
// hand back its exit status and output. Programs go through traps like real
// programs; the test only reads the kernel's snapshot afterwards.

import { Machine } from '../../../src/machine/machine.ts';
import { Kernel } from '../../../src/kernel/kernel.ts';
import { cProgram, type CMain } from '../../../src/libc/libc.ts';

export interface RunResult {
  /** Shell-style exit status (128+sig when killed), or null if still running at the limit. */
  status: number | null;
  stdout: string;
  stderr: string;
  klog: string[];
  /** Simulated time at the end, ns. */
  timeNs: number;
  /** The probe bus's trace hash: same program and seed ⇒ same hash. */
  traceHash: string;
}

export interface RunOptions { cores?: number; limitNs?: number; seed?: number }

export function runC(name: string, main: CMain, opts: RunOptions = {}): RunResult {
  const m = new Machine({
    cores: opts.cores ?? 4, clockHz: 3e9, timerHz: 250, timerJitterNs: 0,
    memoryBytes: 1 << 30, frameSize: 4096, seed: opts.seed ?? 1,
  });
  const k = new Kernel(m);
  m.probe.subscribe((e) => { if (e.kind === 'all_exited') m.halt('all exited'); });
  k.spawn(cProgram(name, main), [name], {});
  m.run(m.nsToCycles(opts.limitNs ?? 30e9)); // the selftests' 30 s timeout, in simulated time
  const snap = k.snapshot();
  const p = snap.procs[0]!;
  return { status: p.exitStatus, stdout: p.stdout, stderr: p.stderr, klog: snap.klog, timeNs: m.cyclesToNs(m.now), traceHash: m.probe.traceHash() };
}
