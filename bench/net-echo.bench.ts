// Benchmark: the 1,000-connection echo scenario (1,000 connections x 10 echo
// requests of 64 bytes from external clients) on both servers, echo-threads and
// echo-epoll: wall time per run and simulated events per wall second (every
// event the machine scheduled: device interrupts, timers, IPIs, ticks, and the
// external hosts' work). Run with `npx tsx bench/net-echo.bench.ts`; results are
// recorded by hand in bench/RESULTS.md under "Networking".
import path from 'node:path';
import { loadScenario } from '../src/scenario/loader.ts';
import { Simulation } from '../src/scenario/runner.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const name of ['c-echo-threads', 'c-echo-epoll']) {
  const scenario = await loadScenario(path.join(ROOT, `scenarios/${name}.yaml`));
  const rows: { wallMs: number; events: number; simNs: number; completed: number; instructions: number }[] = [];
  for (let i = 0; i <= ROUNDS; i++) {
    const t0 = performance.now();
    const sim = new Simulation(scenario);
    sim.runToEnd();
    const wallMs = performance.now() - t0;
    const r = sim.report();
    // Every event ever scheduled on the machine's queue (its sequence counter).
    const events = (sim.machine.events as unknown as { nextSeq: number }).nextSeq;
    if (r.clients!.completed !== 10_000) throw new Error(`${name}: only ${r.clients!.completed} replies verified`);
    if (i > 0) rows.push({ wallMs, events, simNs: r.simTimeNs, completed: r.clients!.completed, instructions: r.instructions }); // round 0 warms up
  }
  const wall = median(rows.map((x) => x.wallMs));
  const ev = rows[0]!.events;
  console.log(`${name}: 1,000 connections x 10 requests of 64 B, ${ROUNDS} rounds after a warm-up, node ${process.version}`);
  console.log(`  replies verified:          ${rows[0]!.completed}`);
  console.log(`  simulated time:            ${(rows[0]!.simNs / 1e6).toFixed(1)} ms`);
  console.log(`  wall time (median):        ${wall.toFixed(0)} ms`);
  console.log(`  machine events:            ${ev}`);
  console.log(`  events / wall second:      ${(ev / (wall / 1000) / 1e3).toFixed(0)} k (median)`);
}
