// The hostile-syscall fuzzer's long campaign:
//   npm run fuzz -- --seeds 1-1000 --calls 100000
// Each seed runs randcall beside well-behaved processes and checks the invariants
// (src/scenario/fuzz.ts); a seed that breaks one is printed with a shrunk repro.
import { Command } from 'commander';
import { fuzzSeed, shrink, genRandcall, formatStep } from '../src/scenario/fuzz.ts';

const program = new Command('fuzz')
  .option('--seeds <a-b>', 'the seeds to run, a range a-b or one seed', '1-10')
  .option('--calls <n>', 'system calls per seed', '10000')
  .option('--no-determinism', 'skip running each seed twice to compare trace hashes')
  .option('--no-shrink', 'print failing seeds without shrinking them')
  .parse();
const opts = program.opts<{ seeds: string; calls: string; determinism: boolean; shrink: boolean }>();
const m = /^(\d+)(?:-(\d+))?$/.exec(opts.seeds);
const calls = Number(opts.calls);
if (m === null || !Number.isSafeInteger(calls) || calls < 1) {
  console.error('--seeds takes a seed or a range a-b of seeds (integers), --calls a count ≥ 1');
  process.exit(2);
}
const from = Number(m[1]); const to = Number(m[2] ?? m[1]);
const t0 = Date.now();
let total = 0; let failed = 0; let starts = 0;
for (let seed = from; seed <= to; seed++) {
  const r = fuzzSeed(seed, calls, { determinism: opts.determinism });
  total += r.calls; starts += r.starts;
  if (r.violations.length === 0) {
    process.stderr.write(`seed ${seed}: ok (${r.calls} calls, ${r.starts} starts, trace ${r.traceHash}, ${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    continue;
  }
  failed++;
  console.log(`seed ${seed}: ${r.violations.join('; ')}`);
  if (opts.shrink) {
    const steps = shrink(seed, genRandcall(seed, calls));
    console.log(`  repro (${steps.length} calls, randcall seed ${seed}):`);
    for (const s of steps) console.log(`    ${formatStep(s)}`);
  }
}
console.log(`${to - from + 1} seeds, ${total} calls (${starts} starts of randcall), ${failed} seeds breaking an invariant, ${((Date.now() - t0) / 1000).toFixed(1)} s wall`);
process.exit(failed > 0 ? 1 : 0);
