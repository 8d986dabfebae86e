// Benchmark: integer arithmetic in a compiled Go program. Run with `npx tsx bench/int.bench.ts`
// (N=... iterations, default 1,000,000; RUNS=... default 3). bench/native/intloop.go runs
// int, uint32 and uint64 loops (sums, products, remainders, FNV-1a, xorshift64) on one
// core; reported: the program's output, wall and CPU time (the best of RUNS runs) and the
// simulated time. Results are recorded by hand in bench/RESULTS.md under "Integers".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runToExit } from './run-to-exit.ts';
import { compileGo, goExecutable } from '../src/lang/go/compile.ts';

const N = Number(process.env.N ?? 1e6);
const RUNS = Number(process.env.RUNS ?? 3);
const src = readFileSync(path.join(import.meta.dirname, 'native', 'intloop.go'), 'utf8');
const exe = goExecutable(compileGo('intloop', [{ name: 'intloop.go', text: src }]));

let best: { wallMs: number; cpuMs: number; simMs: number; out: string } | null = null;
for (let i = 0; i < RUNS; i++) {
  const { machine: m, kernel: k, pid, wallMs, cpuMs } = runToExit(exe, 'intloop', 1, { GOMAXPROCS: '1' }, [String(N)]);
  const snap = k.snapshot().procs.find((q) => q.pid === pid)!;
  const r = { wallMs, cpuMs, simMs: m.cyclesToNs(m.now) / 1e6, out: snap.stdout.trim().replace(/\n/g, ' / ') };
  if (best === null || r.cpuMs < best.cpuMs) best = r;
}
console.log(`int bench: N = ${N}, node ${process.version}`);
console.log(`${best!.out} | wall ${(best!.wallMs / 1000).toFixed(2)} s | CPU ${(best!.cpuMs / 1000).toFixed(2)} s | simulated ${best!.simMs.toFixed(1)} ms`);
