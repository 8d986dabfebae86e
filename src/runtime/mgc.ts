// The garbage collector and its pacer (Go's runtime/mgc.go, mgcmark.go,
// mgcsweep.go, mgcpacer.go, mbarrier.go): tri-colour mark and sweep in Go's phases.
//   1. Sweep termination: the spans left unswept by the last cycle are swept; the
//      phase becomes _GCmark, the write barrier and assists are on, and the roots
//      (globals, every goroutine's stack map) are shaded; stacks using less than a
//      quarter are shrunk.
//   2. Concurrent mark: a background mark worker goroutine drains the grey queue
//      between other goroutines' work; allocating goroutines pay assists in
//      proportion to what they allocate; storePtr's hybrid barrier shades the old
//      and the new pointer; new objects are black.
//   3. Mark termination: when the grey queue is empty; the heap goal for the next
//      cycle is set from the marked bytes, the mcaches are flushed, every span
//      becomes unswept.
//   4. Sweep: lazily by allocation (mcentral) and by the background worker (bgsweep);
//      free pages beyond the heap goal + 10% are returned with madvise(MADV_DONTNEED).
// Said plainly: steps 1 and 3 run as one indivisible step of the goroutine that
// reaches them (no other thread can interleave, which is what the pause buys), but
// the other Ps are not brought to _Pgcstop by preemption, so the recorded pause is
// the cycles of the step itself; the mark worker is one goroutine (not a dedicated
// worker on 25% of the Ps); channel buffers and timers are not scanned as roots
// (a pointer must be in a global, an object or a frame's locals to keep an object alive).

import * as __instr from '../machine/instr.ts';
import type { Gen, G } from './runtime2.ts';
import { _Gdead, _Grunning, _Gsyscall, _Gcopystack } from './runtime2.ts';
import { RT_COSTS } from './costs.ts';
import { getg, newproc, Gosched, printErr, type Runtime } from './proc.ts';
import { heapOf, sweepSpan } from './malloc.ts';
import { mSpanInUse } from './mheap.ts';
import { shrinkstack, stackState } from './stack.ts';
import { GO_EVENTS } from './snapshot.ts';

const { compute, load, usdt } = __instr;

export const _GCoff = 0;
export const _GCmark = 1;
export const _GCmarktermination = 2;
const phaseName = ['off', 'mark', 'marktermination'] as const;

/** mgcpacer.go: heapMinimum (4 MiB at GOGC=100), the trigger's place in the runway, the 2-minute forcegc. */
const heapMinimum = 4 << 20;
const triggerRatio = 0.875;
export const forcegcPeriodNs = 120e9;

export class GCState {
  phase = _GCoff;
  cycles = 0;
  forced = 0;
  gogc = 100;
  memlimit = Number.MAX_SAFE_INTEGER;
  heapLive = 0;
  heapMarked = 0;
  goal = heapMinimum;
  trigger = heapMinimum * triggerRatio;
  readonly grey: number[] = [];
  /** Workers holding popped, not yet scanned objects (and the root scan): mark is done only at grey empty and 0 (work.nwait). */
  inflight = 0;
  readonly globals: { addr: number; n: number }[] = [];
  markedBytes = 0;
  scanWork = 0;
  assistObjects = 0;
  pauseTotalNs = 0;
  pauseMaxNs = 0;
  readonly pauses: number[] = [];
  lastGCNs = 0;
  gctrace = false;
  inited = false;
  // the cycle in progress (gctrace)
  startNs = 0;
  stw1Ns = 0;
  markStartNs = 0;
  heapAtStart = 0;
  isForced = false;
  gcCpuNs = 0;
  workerG: G | null = null;
  sweepPending = false;
  readonly waiters: G[] = [];
  assistBytesPerWork = 1;
}

const states = new WeakMap<object, GCState>();
export function gcState(rt: object): GCState {
  let s = states.get(rt);
  if (s === undefined) { s = new GCState(); states.set(rt, s); initFromEnv(rt as Runtime, s); }
  return s;
}

function initFromEnv(rt: Runtime, s: GCState): void {
  const env = rt.info?.env ?? {};
  const g = env.GOGC;
  if (g !== undefined) s.gogc = g === 'off' ? -1 : Number.isFinite(Number(g)) ? Number(g) : 100;
  const l = env.GOMEMLIMIT;
  if (l !== undefined && l !== 'off') s.memlimit = parseLimit(l);
  s.gctrace = /(^|,)gctrace=[1-9]/.test(env.GODEBUG ?? '');
  setGoal(s, 0);
}

function parseLimit(v: string): number {
  const m = /^(\d+)(B|KiB|MiB|GiB|TiB)?$/.exec(v);
  if (m === null) return Number.MAX_SAFE_INTEGER;
  const mult = { B: 1, KiB: 1024, MiB: 1 << 20, GiB: 2 ** 30, TiB: 2 ** 40 }[m[2] ?? 'B'] ?? 1;
  return Number(m[1]) * mult;
}

/** gcControllerState.commit: goal = marked × (1 + GOGC/100), at least 4 MiB × GOGC/100, capped by the memory limit. */
function setGoal(s: GCState, stacks: number): void {
  if (s.gogc < 0) { s.goal = Number.MAX_SAFE_INTEGER; s.trigger = Number.MAX_SAFE_INTEGER; }
  else {
    s.goal = Math.max(s.heapMarked + (s.heapMarked + stacks) * s.gogc / 100, heapMinimum * s.gogc / 100);
    s.trigger = s.heapMarked + (s.goal - s.heapMarked) * triggerRatio;
  }
  if (s.memlimit < Number.MAX_SAFE_INTEGER) {
    const lg = Math.max(0, s.memlimit - stacks - (1 << 20));
    if (lg < s.goal) { s.goal = lg; s.trigger = Math.max(s.heapMarked, lg * triggerRatio); }
  }
}

/** greyobject: mark the object p points into (if it is a heap object) and queue it for scanning. */
export function shade(rt: Runtime, p: number): void {
  if (p === 0) return;
  const h = heapOf(rt);
  const s = h.spanOf(p);
  if (s === undefined || s.state !== mSpanInUse) return;
  const i = Math.floor((p - s.base) / s.elemsize);
  if (i >= s.nelems || s.allocBits[i] === 0 || s.gcmarkBits[i] !== 0) return;
  const gc = gcState(rt);
  s.gcmarkBits[i] = 1;
  gc.markedBytes += s.elemsize;
  if (s.nptr[i]! > 0) gc.grey.push(s.base + i * s.elemsize);
}

/** gcDrain: scan grey objects until `budget` bytes of scan work are done (or the queue is empty). */
function* gcDrain(rt: Runtime, budget: number): Gen<number> {
  const gc = gcState(rt); const h = heapOf(rt);
  let work = 0;
  while (work < budget && gc.grey.length > 0) {
    const obj = gc.grey.pop()!;
    gc.inflight++;
    const s = h.spanOf(obj)!;
    const n = s.nptr[Math.floor((obj - s.base) / s.elemsize)]!;
    yield compute(RT_COSTS.goGcMarkObject + RT_COSTS.goGcScanWord * n);
    const b: Uint8Array = yield* load(obj, n * 8);
    const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let k = 0; k < n; k++) shade(rt, d.getUint32(k * 8, true) + d.getUint32(k * 8 + 4, true) * 4294967296);
    gc.inflight--;
    work += s.elemsize;
  }
  gc.scanWork += work;
  return work;
}

/** gcAssistAlloc: an allocating goroutine pays for its allocation with scan work while marking. */
export function* gcAssistAlloc(rt: Runtime, gp: G, size: number): Gen<void> {
  const gc = gcState(rt);
  const debt = size * gc.assistBytesPerWork;
  const t0 = yield* rt.nanotime();
  const done = yield* gcDrain(rt, debt);
  if (done > 0) { gc.assistObjects++; gc.gcCpuNs += (yield* rt.nanotime()) - t0; }
  if (markDone(gc)) yield* gcMarkDone(rt);
  void gp;
}

/** A trigger fired (heap, time, or runtime.GC): start a cycle unless one is running or GOGC=off. */
export function* gcTrigger(rt: Runtime, kind: 'heap' | 'time' | 'cycle'): Gen<void> {
  const gc = gcState(rt);
  if (gc.phase !== _GCoff) return;
  if (kind !== 'cycle' && gc.gogc < 0 && gc.memlimit === Number.MAX_SAFE_INTEGER) return;
  yield* gcStart(rt, kind === 'cycle');
}

/** gcMarkDone's condition: no grey object, nobody scanning, roots done. */
function markDone(gc: GCState): boolean { return gc.phase === _GCmark && gc.grey.length === 0 && gc.inflight === 0; }

function* phase(rt: Runtime, p: number): Gen<void> {
  const gc = gcState(rt);
  gc.phase = p;
  yield* usdt(GO_EVENTS.gcPhase, gc.heapLive, Math.min(gc.goal, 2 ** 53), phaseName[p]);
}

/** gcStart: sweep termination (finish sweeping), then mark with the roots shaded. */
function* gcStart(rt: Runtime, forced: boolean): Gen<void> {
  const gc = gcState(rt); const h = heapOf(rt);
  const t0 = yield* rt.nanotime();
  if (rt.starttime === 0) rt.starttime = rt.runtimeInitTime;
  gc.startNs = t0; gc.isForced = forced; gc.heapAtStart = h.heapAlloc;
  // Sweep termination: finish the last cycle's sweeping.
  yield* finishsweep(rt);
  gc.markedBytes = 0; gc.scanWork = 0;
  gc.inflight++; // the root scan
  yield* phase(rt, _GCmark);
  // Roots: globals, then every goroutine's stack (shrinking those that use less than a quarter).
  for (const g of gc.globals) {
    const b: Uint8Array = yield* load(g.addr, g.n * 8);
    const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let k = 0; k < g.n; k++) shade(rt, d.getUint32(k * 8, true) + d.getUint32(k * 8 + 4, true) * 4294967296);
  }
  const self = getg();
  let nroots = 0;
  for (const gp of rt.allgs) {
    if (gp.atomicstatus === _Gdead) continue;
    nroots++;
    if (gp.locals !== null) for (const p of gp.locals) shade(rt, p);
    if (gp !== self && gp.atomicstatus !== _Grunning && gp.atomicstatus !== _Gsyscall && gp.atomicstatus !== _Gcopystack) yield* shrinkstack(rt, gp);
  }
  yield compute(RT_COSTS.goGcRootG * nroots);
  gc.inflight--;
  // Scan work expected ≈ the last marked heap; spread over the runway left to the goal.
  const runway = Math.max(64 * 1024, gc.goal - gc.heapLive);
  gc.assistBytesPerWork = Math.max(0.1, (gc.heapMarked || heapMinimum / 2) / runway);
  const t1 = yield* rt.nanotime();
  gc.stw1Ns = t1 - t0; gc.markStartNs = t1;
  pause(gc, t1 - t0);
  if (gc.workerG === null || gc.workerG.atomicstatus === _Gdead) {
    // A user-visible goroutine here (Go's workers are system goroutines): NumGoroutine counts it while it runs.
    gc.workerG = yield* newproc(gcBgMarkWorker, [rt]);
  }
}

function pause(gc: GCState, ns: number): void {
  gc.pauseTotalNs += ns; if (ns > gc.pauseMaxNs) gc.pauseMaxNs = ns;
  gc.pauses.push(ns); if (gc.pauses.length > 256) gc.pauses.shift();
}

/** The background mark worker, then the background sweeper (bgsweep) for the cycle it finished. */
function* gcBgMarkWorker(rt: Runtime): Gen<void> {
  const gc = gcState(rt);
  while (gc.phase === _GCmark) {
    const t0 = yield* rt.nanotime();
    yield* gcDrain(rt, 256 * 1024);
    gc.gcCpuNs += (yield* rt.nanotime()) - t0;
    if (markDone(gc)) { yield* gcMarkDone(rt); break; }
    yield* Gosched();
  }
  // bgsweep: sweep a batch, yield, until nothing is left or the next cycle begins.
  const h = heapOf(rt);
  while (gc.phase === _GCoff && gc.sweepPending) {
    let n = 0;
    for (const s of h.allspans) { if (!s.swept && !s.inCache) { yield* sweepSpan(rt, h, s); if (++n >= 64) break; } }
    if (n === 0) { gc.sweepPending = false; yield* h.scavenge(retainGoal(gc)); break; }
    yield* Gosched();
  }
  gc.workerG = null;
}

function retainGoal(gc: GCState): number { return gc.goal >= Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : gc.goal * 1.1; }

/** finishsweep_m: sweep every span left unswept (sweep termination). */
function* finishsweep(rt: Runtime): Gen<void> {
  const h = heapOf(rt);
  for (const s of [...h.allspans]) if (!s.swept && !s.inCache) yield* sweepSpan(rt, h, s);
  gcState(rt).sweepPending = false;
}

/** gcMarkDone + gcMarkTermination: the goal for the next cycle, every span unswept, gctrace. */
function* gcMarkDone(rt: Runtime): Gen<void> {
  const gc = gcState(rt); const h = heapOf(rt);
  const t0 = yield* rt.nanotime();
  yield* phase(rt, _GCmarktermination);
  // Flush the mcaches: the cached spans are swept by the next allocation from them.
  for (const pp of rt.allp) {
    const c = h.mcache(pp);
    for (let i = 0; i < c.length; i++) { const s = c[i]; if (s) { s.inCache = false; c[i] = null; } }
  }
  for (const c of h.central) { c.partial.length = 0; c.unswept.length = 0; }
  for (const s of h.allspans) { s.swept = false; if (s.sizeclass !== 0) h.central[s.sizeclass]!.unswept.push(s); }
  gc.heapMarked = gc.markedBytes;
  gc.heapLive = gc.markedBytes;
  const st = stackState(rt);
  const prevGoal = gc.goal;
  setGoal(gc, st.inuse);
  gc.cycles++;
  if (gc.isForced) gc.forced++;
  gc.sweepPending = true;
  yield* phase(rt, _GCoff);
  const t1 = yield* rt.nanotime();
  pause(gc, t1 - t0);
  gc.lastGCNs = t1;
  if (gc.gctrace) yield* gctraceLine(rt, gc, t0, t1, prevGoal);
  for (const w of gc.waiters.splice(0)) void w;
}

function mb(b: number): number { return Math.floor(b / (1 << 20)); }
function ms(ns: number): string { return (ns / 1e6).toFixed(ns < 1e6 ? 3 : 2).replace(/\.?0+$/, (m) => (m.startsWith('.') ? '' : m)) || '0'; }

/** gc # @#s #%: #+#+# ms clock, #+#/#/#+# ms cpu, #->#-># MB, # MB goal, # MB stacks, # MB globals, # P */
function* gctraceLine(rt: Runtime, gc: GCState, termStart: number, end: number, prevGoal: number): Gen<void> {
  const h = heapOf(rt);
  const since = end - rt.runtimeInitTime;
  const pct = since > 0 ? Math.round((gc.gcCpuNs + gc.pauseTotalNs) * 100 / (since * rt.gomaxprocs)) : 0;
  const mark = termStart - gc.markStartNs;
  const term = end - termStart;
  const globals = gc.globals.reduce((a, g) => a + g.n * 8, 0);
  const line = `gc ${gc.cycles} @${(since / 1e9).toFixed(3)}s ${pct}%: ${ms(gc.stw1Ns)}+${ms(mark)}+${ms(term)} ms clock, ` +
    `${ms(gc.stw1Ns * rt.gomaxprocs)}+${ms(gc.gcCpuNs / 2)}/${ms(mark)}/0+${ms(term * rt.gomaxprocs)} ms cpu, ` +
    `${mb(gc.heapAtStart)}->${mb(h.heapAlloc)}->${mb(gc.heapMarked)} MB, ${mb(prevGoal)} MB goal, ${mb(stackState(rt).inuse)} MB stacks, ${mb(globals)} MB globals, ${rt.gomaxprocs} P${gc.isForced ? ' (forced)' : ''}\n`;
  gc.gcCpuNs = 0;
  yield* printErr(getg().m!, line);
}

/** runtime.GC: run a full cycle now and wait for it (and its sweep) to finish. */
export function* GC(): Gen<void> {
  const rt = getg().rt as Runtime;
  const gc = gcState(rt);
  const n = gc.cycles;
  while (gc.phase !== _GCoff) yield* Gosched();
  yield* gcStart(rt, true);
  while (gc.cycles === n) {
    const w = yield* gcDrain(rt, 1 << 20);
    if (markDone(gc)) yield* gcMarkDone(rt);
    else if (w === 0) yield* Gosched(); // another worker holds the last grey objects
  }
  yield* finishsweep(rt);
  yield* heapOf(rt).scavenge(retainGoal(gc));
}

/** sysmon's forcegc check: no cycle for 2 minutes → the next allocation (or runtime.GC) starts one. */
export function forcegcDue(rt: Runtime, now: number): boolean {
  const gc = states.get(rt);
  if (gc === undefined || gc.phase !== _GCoff || gc.gogc < 0) return false;
  const last = gc.lastGCNs || rt.runtimeInitTime;
  if (now - last < forcegcPeriodNs) return false;
  gc.trigger = 0; // the next mallocgc starts the cycle (Go readies forcegchelper)
  return true;
}

/** debug.SetGCPercent: returns the previous value (-1 = off). */
export function SetGCPercent(p: number): number {
  const gc = gcState(getg().rt as object);
  const old = gc.gogc; gc.gogc = p < 0 ? -1 : p; setGoal(gc, stackState(getg().rt as object).inuse);
  return old;
}

/** runtime.MemStats (the fields this heap keeps). */
export interface MemStats {
  Alloc: number; TotalAlloc: number; Sys: number; Mallocs: number; Frees: number; HeapAlloc: number; HeapSys: number;
  HeapIdle: number; HeapInuse: number; HeapReleased: number; HeapObjects: number; StackInuse: number; StackSys: number;
  NextGC: number; LastGC: number; PauseTotalNs: number; PauseNs: number[]; NumGC: number; NumForcedGC: number; GCCPUFraction: number;
}
export function* ReadMemStats(): Gen<MemStats> {
  const rt = getg().rt as Runtime;
  const gc = gcState(rt); const h = heapOf(rt); const st = stackState(rt);
  const now = yield* rt.nanotime();
  return {
    Alloc: h.heapAlloc, TotalAlloc: h.totalAlloc, Sys: h.heapSys + st.sys, Mallocs: h.mallocs, Frees: h.frees,
    HeapAlloc: h.heapAlloc, HeapSys: h.heapSys, HeapIdle: h.heapSys - h.heapInuse, HeapInuse: h.heapInuse, HeapReleased: h.heapReleased,
    HeapObjects: h.mallocs - h.frees, StackInuse: st.inuse, StackSys: st.sys,
    NextGC: gc.goal, LastGC: gc.lastGCNs, PauseTotalNs: gc.pauseTotalNs, PauseNs: [...gc.pauses], NumGC: gc.cycles, NumForcedGC: gc.forced,
    GCCPUFraction: 0,
  };
  void now;
}

/** The snapshot's gc section. */
export function gcSnapshot(rt: Runtime): import('./snapshot.ts').RuntimeSnapshot['gc'] {
  const gc = states.get(rt);
  if (gc === undefined) return { phase: 'off', heapLiveBytes: 0, heapGoalBytes: heapMinimum, cycles: 0 };
  const h = heapOf(rt);
  return {
    phase: phaseName[gc.phase]!, heapLiveBytes: gc.heapLive, heapGoalBytes: Math.min(gc.goal, Number.MAX_SAFE_INTEGER), cycles: gc.cycles,
    pauseTotalNs: gc.pauseTotalNs, pauseMaxNs: gc.pauseMaxNs, heapPeakBytes: h.heapPeak, heapMarkedBytes: gc.heapMarked,
    heapSysBytes: h.heapSys, heapReleasedBytes: h.heapReleased, gogc: gc.gogc, forcedCycles: gc.forced, assistObjects: gc.assistObjects,
  };
}
