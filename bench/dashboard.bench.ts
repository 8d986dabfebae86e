// Benchmark: the dashboard's frame at 100,000 goroutines (a synthetic runtime
// snapshot: 100k live goroutines on 8 Ps, 64 of them listed as the runtime lists
// them, a C process beside it, 8 cores).
//
// The simulation thread folds a new snapshot into the model (immer) and sends the
// delta; the screen's thread applies the delta and draws. The frame timed here is
// the screen's thread's whole frame, as the user gets it: the delta applied, the
// dashboard's <App> given the models (as WorkerSource gives them), React, Ink's
// layout and output pass, and the frame written to a terminal stream (a TTY of the
// bench's size, Ink in its interactive mode with the dashboard's own options, text
// in colour as on a terminal). Frames come FRAME_MS apart as the simulation
// thread sends them, so each is drawn as it arrives (Ink draws at most 30 a second).
// Focus on the Runtime pane (key 3). Measured at 80×24, 120×40 and 200×50.
// Run: npx tsx bench/dashboard.bench.ts (ONLY=1: 120×40 alone; FRAMES=n; PASS=ink: Ink's own
// output pass instead of the dashboard's, src/dashboard/ink-output.ts, for a before/after).
// Results are recorded by hand in bench/RESULTS.md under "Dashboard". React runs its production build.
import { EventEmitter } from 'node:events';
import type { DashModel } from '../src/dashboard/state.ts';
import type { Source, SourceListener } from '../src/dashboard/source.ts';
import type { GSnapshot, RuntimeSnapshot } from '../src/runtime/snapshot.ts';

// React's production build, as the CLI runs it (chosen when React is first imported), and
// colour as on a terminal (chalk decides when it is first imported; a bench's stdout is a pipe).
process.env.NODE_ENV ??= 'production';
process.env.FORCE_COLOR ??= '1';
const { createElement } = await import('react');
const { render } = await import('ink');
const { emptyModel, newWindow, updateModel } = await import('../src/dashboard/state.ts');
const { App } = await import('../src/dashboard/app.tsx');
const { applyDelta, diffModel } = await import('../src/dashboard/delta.ts');
const { FRAME_MS } = await import('../src/dashboard/protocol.ts');
const { composing, useComposer } = await import('../src/dashboard/ink-output.ts');
if (process.env.PASS === 'ink') useComposer(false);

const GOROUTINES = 100_000;
const LISTED = 64; // what the runtime's snapshot lists (src/runtime/proc.ts, snapshot)
const FRAMES = Number(process.env.FRAMES ?? 120);
const HZ = 3e9;

function runtime(pid: number, tick: number): RuntimeSnapshot {
  const reasons = ['chan receive', 'IO wait', 'select', 'sleep', 'sync.Mutex.Lock'];
  const gs: GSnapshot[] = [];
  for (let i = 1; i <= LISTED; i++) {
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

/** A terminal of `columns` × `rows` that counts what is written to it. */
class Terminal extends EventEmitter {
  readonly isTTY = true;
  writes = 0; bytes = 0; last = '';
  /** Called with the time a frame (not a bare escape such as the synchronized-update marks) was written. */
  onFrame: ((at: number) => void) | null = null;
  constructor(readonly columns: number, readonly rows: number) { super(); }
  write = (s: string): boolean => {
    this.writes++; this.bytes += s.length;
    if (s.length > 16) { this.last = s; this.onFrame?.(performance.now()); this.onFrame = null; }
    return true;
  };
}

/** A keyboard that types what the bench asks (Ink reads it as it reads a terminal's). */
class Keyboard extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  type(s: string): void { this.data = s; this.emit('readable'); this.emit('data', s); }
  read = (): string | null => { const d = this.data; this.data = null; return d; };
  setEncoding(): void {} setRawMode(): void {} resume(): void {} pause(): void {} ref(): void {} unref(): void {}
}

/** The simulation thread's side, as WorkerSource delivers it: models rebuilt from deltas. */
class BenchSource implements Source {
  l: SourceListener | null = null;
  listen(l: SourceListener): void { this.l = l; l.ready(['bench-100k']); }
  act(): void {} query(): void {} replay(): void {} export(): void {} signal(): void {}
  async close(): Promise<void> {}
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const p99 = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length * 0.99)]!;

async function bench(columns: number, rows: number): Promise<{ median: number; p99: number; cpu: number; output: number; bytes: number; update: number }> {
  let model = baseModel();
  let screen = applyDelta(null, diffModel(null, model));
  const w = newWindow();
  const term = new Terminal(columns, rows); const keys = new Keyboard();
  const source = new BenchSource();
  let outputMs = 0;
  // The options src/dashboard/index.tsx renders with, and Ink's own timing of its output pass.
  const inst = render(createElement(App, { source }), { stdout: term as never, stdin: keys as never, stderr: term as never, exitOnCtrlC: false, patchConsole: false, maxFps: 30, onRender: ({ renderTime }) => { outputMs = renderTime; } });
  source.l!.frame([screen], null, null, false);
  await sleep(FRAME_MS + 5);
  keys.type('3'); // focus the Runtime pane
  const times: number[] = []; const updates: number[] = []; const cpus: number[] = []; const outputs: number[] = []; const bytes: number[] = [];
  for (let f = 0; f < FRAMES + 10; f++) {
    const snap = runtime(200, f); // what the runtime publishes: built outside the timed frame
    const t0 = performance.now();
    const next = updateModel(model, [], { runtimes: { 200: snap } }, w, false, (d) => { d.now += 1e6; });
    const delta = structuredClone(diffModel(model, next)); // what crosses between the threads
    model = next;
    const u = performance.now() - t0;
    await sleep(FRAME_MS + 5); // the next frame arrives: Ink draws it at once (its 30 fps throttle has passed)
    const b = term.bytes;
    // React renders the new models in a microtask after the frame is handed over (as it does when
    // the worker's message arrives), and Ink writes the frame at the end of its render: the frame
    // ends when it is written.
    const written = new Promise<number>((resolve) => { term.onFrame = resolve; });
    const t1 = performance.now(); const c1 = process.cpuUsage();
    screen = applyDelta(screen, delta);
    source.l!.frame([screen], null, null, false);
    const t2 = await Promise.race([written, sleep(1000).then(() => -1)]); const c2 = process.cpuUsage(c1);
    if (t2 < 0) throw new Error(`frame ${f} was not written to the terminal within a second`);
    if (f >= 10) { times.push(t2 - t1); updates.push(u); cpus.push((c2.user + c2.system) / 1000); outputs.push(outputMs); bytes.push(term.bytes - b); }
  }
  if (!term.last.includes('goroutines 100k') || !term.last.includes('3 Runtime')) throw new Error(`the frame does not show the goroutines:\n${term.last}`);
  inst.unmount();
  return { median: median(times), p99: p99(times), cpu: median(cpus), output: median(outputs), bytes: median(bytes), update: median(updates) };
}

console.log(`dashboard frame at ${GOROUTINES.toLocaleString('en')} goroutines (${LISTED} listed), ${FRAMES} frames after 10 warm-up, output pass: ${process.env.PASS === 'ink' || !composing ? "Ink's own" : "the dashboard's"}, node ${process.version}, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
// CPU time (process.cpuUsage) beside wall time: on a shared, loaded host the wall time of a frame
// includes waiting for a CPU; its CPU time does not (but counts V8's collector threads too).
console.log('| terminal | screen thread frame median (ms wall) | p99 (ms wall) | median (ms CPU) | of which Ink output pass, median (ms wall) | written per frame, median (bytes) | simulation thread: model update + delta (ms wall) |');
console.log('|---|---|---|---|---|---|---|');
for (const [c, r] of (process.env.ONLY === '1' ? [[120, 40]] : [[80, 24], [120, 40], [200, 50]]) as [number, number][]) {
  const x = await bench(c, r);
  console.log(`| ${c}×${r} | ${x.median.toFixed(2)} | ${x.p99.toFixed(2)} | ${x.cpu.toFixed(2)} | ${x.output.toFixed(2)} | ${x.bytes.toLocaleString('en')} | ${x.update.toFixed(3)} |`);
}
