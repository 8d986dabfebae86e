// Benchmark: what the dashboard's history costs. echo-compare's three machines
// run in-process frame by frame as the dashboard's simulation thread runs them
// (33 ms of wall time per frame at the default speed, 10 ms of simulated time
// per wall second); each frame's models cross as deltas and are kept in a
// History, as the screen keeps them. The heap (after a full GC) is measured
// after a warm-up and again after FRAMES more frames.
// With CAP=1024 the history is the dashboard's own (thinned past 1,024 moments), and FRAMES past
// that measure what any longer run — an hour of frames — costs: the heap once the cap is reached.
// Run: node --expose-gc --import tsx bench/history.bench.ts   (CAP=1024 FRAMES=1200 for the capped history)
// Results are recorded by hand in bench/RESULTS.md under "Dashboard history".
import path from 'node:path';
import { loadScenario, selectVariant, variantNames } from '../src/scenario/loader.ts';
import { Simulation } from '../src/scenario/runner.ts';
import { Driver } from '../src/dashboard/driver.ts';
import { applyDelta, diffModel } from '../src/dashboard/delta.ts';
import { History } from '../src/dashboard/history.ts';
import type { DashModel } from '../src/dashboard/state.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const FRAMES = Number(process.env.FRAMES ?? 300);
const WARM = 30;
const SPEED = 10e6; // simulated ns per wall second: the dashboard's default
const FRAME_MS = 1000 / 30;

const file = path.join(import.meta.dirname, '..', 'scenarios', 'echo-compare.yaml');
const s = await loadScenario(file);
let wall = 0;
const driver = new Driver({ build: () => variantNames(s).map((v) => new Simulation(selectVariant(s, v))), speed: SPEED, wallMs: () => wall });
const CAP = process.env.CAP !== undefined ? Number(process.env.CAP) : Number.MAX_SAFE_INTEGER;
const history = new History(CAP); // unthinned unless CAP: the cost of every frame
let sent: (DashModel | null)[] = driver.sessions.map(() => null);
let screen: (DashModel | null)[] = sent.slice();

function frame(): void {
  wall += FRAME_MS;
  const f = driver.frame(FRAME_MS, Infinity); // the whole frame's share of simulated time, however long it takes here
  screen = f.models.map((m, i) => (m === sent[i] ? screen[i]! : applyDelta(screen[i] ?? null, diffModel(sent[i] ?? null, m))));
  sent = f.models.slice();
  history.push(screen as DashModel[]);
}

for (let i = 0; i < WARM; i++) frame();
gc(); gc();
const h0 = process.memoryUsage().heapUsed; const m0 = history.length; const t0 = driver.sessions[0]!.simNs;
const w0 = performance.now();
for (let i = 0; i < FRAMES; i++) frame();
const wallS = (performance.now() - w0) / 1000;
gc(); gc();
const h1 = process.memoryUsage().heapUsed; const m1 = history.length; const t1 = driver.sessions[0]!.simNs;
const perMoment = (h1 - h0) / (m1 - m0);
const simS = (t1 - t0) / 1e9;
const perSimSecond = (h1 - h0) / simS;
console.log(`echo-compare (3 machines), ${FRAMES} frames after ${WARM} warm-up, speed 10ms/s, node ${process.version}, ${wallS.toFixed(1)} s of wall time here`);
console.log('| moments kept | simulated time covered | heap growth | per moment | per simulated second (at 10 ms/s: 3,000 frames) | an hour of frames at 30 fps, capped at 1,024 moments |');
console.log('|---|---|---|---|---|---|');
console.log(`| ${m1 - m0} | ${(simS * 1e3).toFixed(2)} ms | ${((h1 - h0) / 2 ** 20).toFixed(1)} MiB | ${(perMoment / 1024).toFixed(1)} KiB | ${(perSimSecond / 2 ** 20).toFixed(0)} MiB | ${(perMoment * 1024 / 2 ** 20).toFixed(0)} MiB |`);
if (CAP !== Number.MAX_SAFE_INTEGER) {
  // The history as the dashboard keeps it: what it holds once capped is what an hour (or any longer run) costs.
  // The history's own cost: the heap with it, then without it (everything else stays as it is).
  const kept = history.length; const span = (history.last!.now - history.moments[0]!.now) / 3e9 * 1e3;
  gc(); gc();
  const withIt = process.memoryUsage().heapUsed;
  history.truncateAfter(-1); screen = screen.map(() => null); sent = sent.map(() => null);
  gc(); gc();
  const without = process.memoryUsage().heapUsed;
  console.log(`capped at ${CAP}: ${kept} moments kept after ${FRAMES + WARM} frames, spanning ${span.toFixed(2)} ms simulated; the history holds ${((withIt - without) / 2 ** 20).toFixed(0)} MiB (heap ${(withIt / 2 ** 20).toFixed(0)} MiB with it, ${(without / 2 ** 20).toFixed(0)} MiB without)`);
}
driver.dispose();
