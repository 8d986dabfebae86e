// Benchmark: the collector under a compiled Go program against the same workload written
// by hand. Run with `npx tsx bench/gc.bench.ts` (TOTAL=... bytes, default 1 GB). Both
// allocate TOTAL bytes in 1 KiB objects while a ring of pointers keeps 10 MB of them live,
// on 2 cores with GOGC=100: bench/native/gc.go compiled by gomachine (every object through
// mallocgc, found from the program's roots), and the built-in go-gc-pressure
// (src/apps/go/gc-pressure.ts, newObject/storePtr by hand). Reported: wall time (the
// better of RUNS runs), simulated time, the programs' own lines (GC cycles), the Node heap's peak, and the ratio
// compiled / hand-written. Results are recorded by hand in bench/RESULTS.md under "Runtime".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runToExit } from './run-to-exit.ts';
import gcPressure from '../src/apps/go/gc-pressure.ts';
import { compileGo, goExecutable } from '../src/lang/go/compile.ts';
import type { Executable } from '../src/kernel/uapi/image.ts';

const TOTAL = Number(process.env.TOTAL ?? 1e9);
const LIVE = 1e7;
const RUNS = Number(process.env.RUNS ?? 1);

const src = readFileSync(path.join(import.meta.dirname, 'native', 'gc.go'), 'utf8');
const compiled = goExecutable(compileGo('gc', [{ name: 'gc.go', text: src }]));

interface Result { wallMs: number; simMs: number; heapMiB: number; out: string }

function run(exe: Executable, args: string[]): Result {
  let best: Result | null = null;
  for (let i = 0; i < RUNS; i++) {
    const { machine: m, kernel: k, pid, wallMs, heapPeakBytes } = runToExit(exe, exe.name, 2, { GOGC: '100' }, args);
    const snap = k.snapshot().procs.find((q) => q.pid === pid)!;
    const r = { wallMs, simMs: m.cyclesToNs(m.now) / 1e6, heapMiB: heapPeakBytes / 2 ** 20, out: `${snap.stdout.trim().replace(/\n/g, ' / ')} (exit ${snap.exitStatus})` };
    if (best === null || r.wallMs < best.wallMs) best = r;
  }
  return best!;
}

function line(name: string, r: Result): string {
  return `${name}: ${r.out} | wall ${(r.wallMs / 1000).toFixed(2)} s | simulated ${r.simMs.toFixed(1)} ms | Node heap peak ${r.heapMiB.toFixed(0)} MiB`;
}

console.log(`gc bench: ${TOTAL / 1e6} MB in 1 KiB objects, ${LIVE / 1e6} MB live, GOGC=100, 2 cores, node ${process.version}`);
const hand = run(gcPressure, [String(TOTAL), String(LIVE), '1024']);
console.log(line('hand-written go-gc-pressure', hand));
const comp = run(compiled, [String(TOTAL), String(LIVE)]);
console.log(line('compiled bench/native/gc.go', comp));
console.log(`compiled / hand-written wall time: ${(comp.wallMs / hand.wallMs).toFixed(2)}×`);
