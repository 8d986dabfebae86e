// Benchmark: raw simulation speed on the c-spin scenario (8 threads spinning on
// 2 cores for 1 simulated second): instructions executed per wall-clock second,
// and simulated time per wall time. Run with `npm run bench`. Results are
// recorded by hand in bench/RESULTS.md.
import path from 'node:path';
import { loadScenario } from '../src/scenario/loader.ts';
import { runScenario } from '../src/scenario/runner.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 5);

const scenario = await loadScenario(path.join(ROOT, 'scenarios/c-spin.yaml'));
runScenario(scenario); // warm-up: let the JIT see the hot loop
const rows: { ips: number; ratio: number; wallMs: number; instructions: number }[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const r = runScenario(scenario);
  rows.push({ ips: r.host.instructionsPerSec, ratio: r.host.simToWallRatio, wallMs: r.host.wallMs, instructions: r.instructions });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`c-spin (8 threads, 2 cores, 1 s simulated), ${ROUNDS} rounds after a warm-up, node ${process.version}`);
console.log(`  instructions per run:        ${rows[0]!.instructions}`);
console.log(`  wall time (median):          ${median(rows.map((r) => r.wallMs)).toFixed(0)} ms`);
console.log(`  instructions / wall second:  ${(median(rows.map((r) => r.ips)) / 1e6).toFixed(2)} M (median)`);
console.log(`  simulated : wall time:       ${median(rows.map((r) => r.ratio)).toFixed(2)} (median)`);
