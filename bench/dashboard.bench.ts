// Benchmark: the dashboard's frame at 100,000 goroutines (a synthetic runtime
// snapshot: 100k live goroutines on 8 Ps, a C process beside it, 8 cores).
// The simulation thread folds a new snapshot into the model (immer) and sends the
// delta; the screen's thread applies the delta and redraws the screen (React + Ink,
// into an in-memory terminal). The frame on the screen's thread is the figure that
// matters for responsiveness: it is what the screen's thread does per frame. Measured at 80×24, 120×40 and 200×50, with
// the runtime listing 256 goroutines (what the snapshot contract intends) and
// all 100,000 (the worst case, ALL=1). Run: npx tsx bench/dashboard.bench.ts
// Results are recorded by hand in bench/RESULTS.md under "Dashboard". React runs its production build.
import type { DashModel } from '../src/dashboard/state.ts';
import type { GSnapshot, RuntimeSnapshot } from '../src/runtime/snapshot.ts';

// React's production build, as the CLI runs it (chosen when React is first imported).
process.env.NODE_ENV ??= 'production';
const { createElement } = await import('react');
const { render } = await import('ink-testing-library');
const { emptyModel, newWindow, updateModel } = await import('../src/dashboard/state.ts');
const { Screen, initialUi } = await import('../src/dashboard/app.tsx');
const { applyDelta, diffModel } = await import('../src/dashboard/delta.ts');

const GOROUTINES = 100_000;
const FRAMES = Number(process.env.FRAMES ?? 120);
const HZ = 3e9;

function runtime(pid: number, listed: number, tick: number): RuntimeSnapshot {
  const reasons = ['chan receive', 'IO wait', 'select', 'sleep', 'sync.Mutex.Lock'];
  const gs: GSnapshot[] = [];
  for (let i = 1; i <= listed; i++) {
    const running = i <= 8;
    gs.push({ goid: i, status: running ? '_Grunning' : i % 10 === 0 ? '_Grunnable' : '_Gwaiting', waitReason: running || i % 10 === 0 ? '' : reasons[i % 5]!, m: running ? i - 1 : -1, startFn: 'main.handler', waitSinceNs: 1 + ((i * 7919 + tick) % 5_000_000) });
  }
  const byWaitReason: Record<string, number> = {};
  for (const r of reasons) byWaitReason[r] = Math.floor((GOROUTINES - 8 - 10_000) / reasons.length);
  return {
    pid, goVersion: 'go1.22', gomaxprocs: 8,
    ps: Array.from({ length: 8 }, (_, id) => ({ id, status: '_Prunning' as const, m: id, curg: id + 1, runq: (id * 31 + tick) % 256, runnext: 0, timers: 3, schedtick: tick, syscalltick: 0 })),
    ms: Array.from({ length: 12 }, (_, id) => ({ id, tid: pid + id, p: id < 8 ? id : -1, curg: id < 8 ? id + 1 : 0, state: id < 8 ? 'running' as const : id === 11 ? 'sysmon' as const : 'idle' as const, spinning: false })),
    globrunq: tick % 1000,
    goroutines: { live: GOROUTINES, byStatus: { _Grunning: 8, _Grunnable: 10_000, _Gwaiting: GOROUTINES - 10_008 }, byWaitReason },
    gs, netpollWaiters: byWaitReason['IO wait']!,
    gc: { phase: tick % 4 === 0 ? 'mark' : 'off', heapLiveBytes: (200 + (tick % 50)) << 20, heapGoalBytes: 256 << 20, cycles: tick >> 4 },
    stats: { goroutinesCreated: GOROUTINES, goroutinesPeak: GOROUTINES, msCreated: 12, msPeak: 12, preemptCooperative: tick, preemptAsync: 0, handoffs: 0, steals: tick, netpollParks: tick },
  };
}

function baseModel(): DashModel {
  const m = emptyModel('bench-100k', HZ, 8);
  m.cores = m.cores.map((c) => ({ ...c, pid: 200, tid: 200 + c.id, mode: 'user' as const, util: Array.from({ length: 64 }, (_, i) => (i % 10) / 10) }));
  for (let i = 0; i < 12; i++) m.threads[200 + i] = { tid: 200 + i, pid: 200, state: i < 8 ? 'running' : 'sleeping', cpu: i % 8, wchan: i < 8 ? '' : 'futex', syscall: i < 8 ? '' : 'futex', switches: i, since: 0, history: [] };
  m.procs[200] = { pid: 200, name: 'gosrv', state: 'alive', exitStatus: null, tids: Object.keys(m.threads).map(Number), console: Array.from({ length: 200 }, (_, i) => ({ t: i, stream: 1, text: `request ${i} served` })), partial: '', syscalls: [{ name: 'epoll_wait', perSec: 1e5, total: 1e7 }], nvcsw: 0, nivcsw: 0, utimeCycles: 0, stimeCycles: 0, rssBytes: 512 << 20 };
  return m;
}

function bench(columns: number, rows: number, listed: number): { median: number; p99: number; update: number; cpu: number } {
  let model = baseModel();
  let screen = applyDelta(null, diffModel(null, model));
  const w = newWindow();
  const el = (m: DashModel) => createElement(Screen, { models: [m], ui: { ...initialUi, focus: 2 }, columns, rows, extras: { timeline: ' live ───────────G────S──────●  G gc S stw' } });
  const inst = render(el(screen));
  const times: number[] = []; const updates: number[] = []; const cpus: number[] = [];
  for (let f = 0; f < FRAMES + 10; f++) {
    const snap = runtime(200, listed, f); // what the runtime publishes: built outside the timed frame
    const t0 = performance.now();
    const next = updateModel(model, [], { runtimes: { 200: snap } }, w, false, (d) => { d.now += 1e6; });
    const delta = structuredClone(diffModel(model, next)); // what crosses between the threads
    model = next;
    const t1 = performance.now(); const c1 = process.cpuUsage();
    screen = applyDelta(screen, delta);
    inst.rerender(el(screen));
    const t2 = performance.now(); const c2 = process.cpuUsage(c1);
    if (f >= 10) { times.push(t2 - t1); updates.push(t1 - t0); cpus.push((c2.user + c2.system) / 1000); }
  }
  const frame = inst.lastFrame() ?? '';
  if (!frame.includes('goroutines 100k')) throw new Error(`the frame does not show the goroutines:\n${frame}`);
  inst.unmount();
  times.sort((a, b) => a - b); updates.sort((a, b) => a - b); cpus.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p99: times[Math.floor(times.length * 0.99)]!, update: updates[Math.floor(updates.length / 2)]!, cpu: cpus[Math.floor(cpus.length / 2)]! };
}

console.log(`dashboard frame at ${GOROUTINES.toLocaleString('en')} goroutines, ${FRAMES} frames after 10 warm-up, node ${process.version}`);
// CPU time (process.cpuUsage) beside wall time: on a shared, loaded host the wall time of a frame
// includes waiting for a CPU; its CPU time does not.
console.log('| terminal | goroutines listed in the snapshot | screen thread frame median (ms wall) | p99 (ms wall) | median (ms CPU) | simulation thread: model update + delta (ms wall) |');
console.log('|---|---|---|---|---|---|');
for (const [c, r] of (process.env.ONLY === "1" ? [[120, 40]] : [[80, 24], [120, 40], [200, 50]]) as [number, number][]) {
  for (const listed of (process.env.ONLY === "1" || process.env.ALL !== "1" ? [256] : [256, GOROUTINES])) {
    const x = bench(c, r, listed);
    console.log(`| ${c}×${r} | ${listed.toLocaleString('en')} | ${x.median.toFixed(2)} | ${x.p99.toFixed(2)} | ${x.cpu.toFixed(2)} | ${x.update.toFixed(3)} |`);
  }
}
