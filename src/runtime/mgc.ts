// The garbage collector and its pacer (Go's runtime/mgc.go, mgcmark.go,
// mgcsweep.go, mgcpacer.go, mbarrier.go, proc.go's forcegchelper): tri-colour
// mark and sweep in Go's four phases.
//   1. Sweep termination (stop-the-world): the caller sweeps what the last cycle
//      left, stops the world (every P to _Pgcstop through preemption), finishes
//      sweeping, turns the write barrier on (_GCmark), queues the root jobs and
//      enables the mark workers; the world starts again.
//   2. Concurrent mark: findRunnable gives each P a mark worker when its share is
//      due — GOMAXPROCS × 25% dedicated workers, rounded, or fractional workers
//      holding a P for that share of the time when rounding is more than 30% off —
//      and idle Ps run idle-priority workers. Workers take root jobs first (global
//      blocks, channel buffers, armed timers, then each goroutine's stack, once,
//      shrinking it if it uses less than a quarter), then grey objects (those
//      bigger than 128 KiB in 128 KiB oblets, so that no scan step is long). Allocating
//      goroutines pay assists, first from the workers' scan credit; storePtr's
//      hybrid barrier shades the old and the new pointer; new objects are black.
//   3. Mark termination (stop-the-world), by whoever finds no work left: if write
//      barriers greyed objects while the world was stopping, marking resumes;
//      else the workers are disabled, the mcaches flushed, the next goal set from
//      the marked heap, every span marked unswept, and the world starts again.
//   4. Sweep: lazily by allocation (mcentral) and by the bgsweep goroutine; then
//      bgscavenge returns free pages beyond the goal + 10% with madvise.
// Triggers: the heap (heapLive ≥ trigger), runtime.GC (a full cycle, then the
// sweep, waited for), and time: sysmon readies forcegchelper when the last cycle
// ended more than 2 minutes ago (never before the first cycle, as in Go).
// Said plainly: one global grey queue stands for the per-P work buffers; a channel with pointers in its
// buffer stays a root even if no goroutine can reach it any more; the GC CPU
// limiter (50% cap under GOMEMLIMIT) is not modelled.

import { compute, computeInPlace, loadInPlace, loadWordInPlace, loadInstr, usdt } from '../machine/instr.ts';
import type { Gen, G, P } from './runtime2.ts';
import { _Gdead, _Grunnable, _Gwaiting, _Gpreempted, GoFatal, NOTHING, frameRoots, loadBufOf, u32le } from './runtime2.ts';
import { RT_COSTS } from './costs.ts';
import { getg, Gosched, gopark, goready, wakep, printErr, stopTheWorld, startTheWorld, newSystemG, runqdrainToGlobal, pollWork, type Runtime } from './proc.ts';
import { heapOf, sweepSpan } from './malloc.ts';
import { mSpanInUse } from './mheap.ts';
import { shrinkstack, stackState } from './stack.ts';
import { GO_EVENTS } from './snapshot.ts';


export const _GCoff = 0;
export const _GCmark = 1;
export const _GCmarktermination = 2;
const phaseName = ['off', 'mark', 'marktermination'] as const;

/** mgcpacer.go: heapMinimum (4 MiB at GOGC=100), the trigger's place in the runway, the 2-minute forcegc. */
const heapMinimum = 4 << 20;
const triggerRatio = 0.875;
export const forcegcPeriodNs = 120e9;
/** mgcpacer.go: gcBackgroundUtilization and the rounding error above which fractional workers are used. */
const gcBackgroundUtilization = 0.25;
const maxUtilError = 0.3;
/** gcMarkWorkerMode. */
export const gcMarkWorkerNotWorker = 0;
export const gcMarkWorkerDedicatedMode = 1;
export const gcMarkWorkerFractionalMode = 2;
export const gcMarkWorkerIdleMode = 3;
/** gcDrain flags. */
const gcDrainUntilPreempt = 1;
const gcDrainIdle = 2;
const gcDrainFractional = 4;
/** mgcmark.go: maxObletBytes — big objects are scanned in pieces of this size. */
const maxObletBytes = 128 << 10;
/** runtime2.go waitReason strings of the collector's goroutines. */
const waitReasonGCWorkerIdle = 'GC worker (idle)';
const waitReasonGCSweepWait = 'GC sweep wait';
const waitReasonGCScavengeWait = 'GC scavenge wait';
const waitReasonForceGCIdle = 'force gc (idle)';
const waitReasonWaitForGCCycle = 'wait for GC cycle';
const waitReasonFinalizerWait = 'finalizer wait';
const waitReasonGCAssistWait = 'GC assist wait';

/**
 * How many processes are in the mark phase now: the write barrier of compiled Go code tests
 * this one field before it looks at its own process's phase (writeBarrier.enabled).
 */
export const GC_MARKING = { n: 0 };

/**
 * The scanner of compiled Go values (golib/heap.ts): scanVal greys the heap object a value
 * refers to (or, for a value that is not itself a heap object — a struct in a frame, a
 * slice header — what it refers to), scanObj greys what a heap object refers to; both return
 * the words they read. Registered by the compiled-code library, so that this file imports nothing of it.
 */
export interface JsScanner { scanVal(rt: Runtime, v: unknown): number; scanObj(rt: Runtime, o: object): number; checkmark(rt: Runtime): string | null }
let jsScan: JsScanner | null = null;
export function setJsScanner(s: JsScanner): void { jsScan = s; }

/** What the collector reads of a channel of pointers (chan.ts's Chan): its owner and its buffer ring. */
export interface PtrChan { ptrOwner: object | null; buf: unknown[]; qcount: number; recvx: number; dataqsiz: number }

export class GCState {
  phase = _GCoff;
  /** Cycles completed (mark termination done). */
  cycles = 0;
  /** Cycles run by runtime.GC (MemStats.NumForcedGC). */
  forced = 0;
  gogc = 100;
  memlimit = Number.MAX_SAFE_INTEGER;
  heapLive = 0;
  heapMarked = 0;
  goal = heapMinimum;
  trigger = heapMinimum * triggerRatio;
  readonly grey: number[] = [];
  /** Workers holding popped, not yet scanned objects or root jobs (work.nwait's complement). */
  inflight = 0;
  readonly globals: { addr: number; n: number }[] = [];
  /** A compiled program's package-level variables that may hold heap references (its data segment's pointer words). */
  readonly jsGlobals: (() => unknown[])[] = [];
  /** Channels of pointers with something in their buffer (roots). */
  readonly ptrChans = new Set<PtrChan>();
  // root jobs of the cycle (gcMarkRootPrepare): globals blocks, channel buffers, timers, then stacks
  rootGs: G[] = [];
  markrootNext = 0;
  markrootJobs = 0;
  /** gcBlackenEnabled: workers and assists may mark. */
  blackenEnabled = false;
  /** startSema / markDoneSema: one gcStart, one gcMarkDone at a time. */
  starting = false;
  markDoneRunning = false;
  // the workers (gcBgMarkWorkerPool) and this cycle's shares
  readonly workerPool: G[] = [];
  nworkers = 0;
  dedicatedNeeded = 0;
  fractionalGoal = 0;
  idleMarkWorkers = 0;
  maxIdleMarkWorkers = 0;
  /** Scan work done by workers beyond what assists took (bgScanCredit), in bytes. */
  bgScanCredit = 0;
  /** Assists parked for want of work, with what they still owe (work.assistQueue); how many parked so far. */
  readonly assistQueue: { g: G; debt: number }[] = [];
  assistWaits = 0;
  assistBytesPerWork = 1;
  markedBytes = 0;
  scanWork = 0;
  assistObjects = 0;
  pauseTotalNs = 0;
  pauseMaxNs = 0;
  readonly pauses: number[] = [];
  lastGCNs = 0;
  gctrace = false;
  /** GODEBUG=gccheckmark=1: verify each cycle's mark against a second one of the compiled program's values. */
  checkmark = false;
  // the cycle in progress (gctrace)
  startNs = 0;
  stw1Ns = 0;
  markStartNs = 0;
  heapAtStart = 0;
  isForced = false;
  assistNs = 0;
  bgNs = 0;
  idleNs = 0;
  /** GC CPU time since the program started: pauses × GOMAXPROCS + assists + workers (GCCPUFraction's numerator). */
  totalCpuNs = 0;
  /** Worker runs by mode since the start (dedicated, fractional, idle). */
  readonly workerRuns = [0, 0, 0, 0];
  sweepG: G | null = null;
  sweepParked = false;
  scavengeG: G | null = null;
  scavengeParked = false;
  forcegcG: G | null = null;
  forcegcIdle = false;
  readonly waiters: G[] = [];
}

export function gcState(rt: object): GCState {
  const r = rt as Runtime;
  let s = r.gc;
  if (s === null) { s = new GCState(); r.gc = s; initFromEnv(r, s); }
  return s;
}

function initFromEnv(rt: Runtime, s: GCState): void {
  const env = rt.info?.env ?? {};
  const g = env.GOGC;
  if (g !== undefined) s.gogc = g === 'off' ? -1 : Number.isFinite(Number(g)) ? Number(g) : 100;
  const l = env.GOMEMLIMIT;
  if (l !== undefined && l !== 'off') s.memlimit = parseLimit(l);
  s.gctrace = /(^|,)gctrace=[1-9]/.test(env.GODEBUG ?? '');
  s.checkmark = /(^|,)gccheckmark=1/.test(env.GODEBUG ?? '');
  setGoal(s, 0);
}

/** GOMEMLIMIT: a byte count with an optional B, KiB, MiB, GiB or TiB suffix. */
export function parseLimit(v: string): number {
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
    // memoryLimitHeapGoal: the limit less the memory that is not heap, less 1 MiB of headroom.
    const lg = Math.max(0, s.memlimit - stacks - (1 << 20));
    if (lg < s.goal) { s.goal = lg; s.trigger = Math.max(s.heapMarked, s.heapMarked + (lg - s.heapMarked) * triggerRatio); }
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

// --- channels of pointers ------------------------------------------------------------------

/** A pointer written into a channel's buffer or a receiver's slot: shaded while marking (the write barrier). */
export function chanPtrWrite(c: PtrChan, v: number): void {
  const rt = c.ptrOwner as Runtime;
  if (typeof v === 'number' && gcState(rt).phase === _GCmark) shade(rt, v);
}
export function chanPtrFilled(c: PtrChan): void { gcState(c.ptrOwner!).ptrChans.add(c); }
export function chanPtrEmpty(c: PtrChan): void { gcState(c.ptrOwner!).ptrChans.delete(c); }

// --- roots ---------------------------------------------------------------------------------------

/** gcMarkRootPrepare: the root jobs of this cycle; the goroutines are those that exist now. */
function markRootPrepare(rt: Runtime, gc: GCState): void {
  gc.rootGs = [];
  for (const gp of rt.allgs) if (gp.atomicstatus !== _Gdead) gc.rootGs.push(gp);
  gc.markrootNext = 0;
  gc.markrootJobs = gc.globals.length + 2 + gc.rootGs.length;
}

/** The words an object's scan loads in place (grown to the largest scan: an oblet is at most 128 KiB). */
let scanBuf = new Uint8Array(1024);

/** The scan buffer, grown to hold n words. */
function scanBufFor(n: number): Uint8Array {
  if (scanBuf.length < n * 8) scanBuf = new Uint8Array(Math.max(n * 8, scanBuf.length * 2));
  return scanBuf;
}

/** Load n words at addr and shade each: in place where the load may retire there (instr.ts), else yielded. */
function scanWords(rt: Runtime, addr: number, n: number): Gen<void> {
  if (!loadInPlace(addr, scanBufFor(n), n * 8)) return scanWordsLoaded(rt, addr, n);
  shadeWords(rt, scanBuf, n);
  return NOTHING;
}

function* scanWordsLoaded(rt: Runtime, addr: number, n: number): Gen<void> {
  shadeWords(rt, yield loadInstr(addr, n * 8), n);
}

function shadeWords(rt: Runtime, b: Uint8Array, n: number): void {
  // Each word little-endian, read from the bytes directly (a DataView per scanned object was most of the scan's cost).
  for (let k = 0; k < n; k++) shade(rt, u32le(b, k * 8) + u32le(b, k * 8 + 4) * 4294967296);
}


/** markroot: one root job; returns the bytes of roots scanned. */
function* markroot(rt: Runtime, gc: GCState, i: number): Gen<number> {
  const ng = gc.globals.length;
  if (i < ng) {
    const g = gc.globals[i]!;
    yield compute(RT_COSTS.goGcScanWord * g.n);
    yield* scanWords(rt, g.addr, g.n);
    return g.n * 8;
  }
  if (i === ng) {
    // Channel buffers that hold pointers; a compiled program's package-level variables.
    let n = 0;
    for (const g of gc.jsGlobals) for (const v of g()) n += 1 + jsScan!.scanVal(rt, v);
    for (const c of gc.ptrChans) {
      for (let k = 0, x = c.recvx; k < c.qcount; k++, x = (x + 1) % c.dataqsiz) { shade(rt, c.buf[x] as number); n++; }
    }
    yield compute(RT_COSTS.goGcScanWord * n);
    return n * 8;
  }
  if (i === ng + 1) {
    // Armed timers: the heap objects their functions hold.
    let n = 0;
    for (const pp of rt.allp) for (const t of pp.timers) {
      n++;
      if (t.ptr !== 0) shade(rt, t.ptr);
      else if (jsScan !== null && typeof t.arg === 'function') n += jsScan.scanVal(rt, t.arg); // a compiled program's func
    }
    yield compute(RT_COSTS.goGcScanWord * n);
    return n * 8;
  }
  return yield* scanstack(rt, gc.rootGs[i - ng - 2]!);
}

/**
 * scanstack: a goroutine's stack map (its frames' pointer locals, and the element a blocked
 * send holds in its sudog), read in one step — the goroutine is between two instructions,
 * which is what suspendG buys in Go — then shrinkstack if it is stopped and uses < ¼.
 */
function* scanstack(rt: Runtime, gp: G): Gen<number> {
  if (gp.atomicstatus === _Gdead) return 0;
  let n = 0;
  if (gp.locals !== null) { for (const p of gp.locals) shade(rt, p); n = gp.locals.length; }
  if (gp.gframe0 !== null) {
    for (const v of frameRoots(gp.gframe0)) n += 1 + jsScan!.scanVal(rt, v);
    if (gp.gframes !== null) for (const f of gp.gframes) for (const v of frameRoots(f)) n += 1 + jsScan!.scanVal(rt, v);
    // deferred calls not yet run: their functions and arguments
    for (let d = gp.deferFrame; d !== null; d = d.parent) for (const fn of d.fns) n += jsScan!.scanVal(rt, fn);
  }
  for (let sg = gp.waiting; sg !== null; sg = sg.waitlink) {
    const c = sg.c as { ptrOwner: object | null } | null;
    if (c !== null && c.ptrOwner !== null && typeof sg.elem === 'number') { shade(rt, sg.elem); n++; }
    else if (gp.gframe0 !== null && typeof sg.elem === 'object' && sg.elem !== null) n += 1 + jsScan!.scanVal(rt, sg.elem);
  }
  yield compute(RT_COSTS.goGcRootG + RT_COSTS.goGcScanWord * n);
  const s = gp.atomicstatus;
  if (gp !== getg() && (s === _Gwaiting || s === _Grunnable || s === _Gpreempted)) yield* shrinkstack(rt, gp);
  return n * 8;
}

// --- draining ---------------------------------------------------------------------------------

function markWorkAvailable(gc: GCState): boolean { return gc.grey.length > 0 || gc.markrootNext < gc.markrootJobs; }

/** gcMarkDone's condition: marking, no root job or grey object left, nobody scanning. */
function markDone(gc: GCState): boolean {
  return gc.phase === _GCmark && !gc.markDoneRunning && gc.inflight === 0 && !markWorkAvailable(gc);
}

/**
 * gcDrain: root jobs, then grey objects, until `budget` bytes of scan work are done, no
 * work is left, or (by flags) the goroutine is asked to yield, other work wants the P (idle
 * worker), or the fractional worker has had its share. A stop of the world always ends it.
 * Each job runs with the M locked (not asynchronously preemptible), as Go's do on the system stack.
 */
function* gcDrain(rt: Runtime, budget: number, flags: number): Gen<number> {
  const gc = gcState(rt); const h = heapOf(rt);
  const gp = getg(); const mp = gp.m!;
  let work = 0;
  while (work < budget && gc.blackenEnabled && !rt.gcwaiting) {
    if ((flags & gcDrainUntilPreempt) !== 0 && gp.preempt) break;
    if ((flags & gcDrainIdle) !== 0 && pollWork(rt, mp.p!)) break;
    if ((flags & gcDrainFractional) !== 0) {
      const t = rt.nanotimeInPlace(); // the clock read in place: no generator per object in the common case
      if (fractionalWorkerDone(gc, mp.p!, t >= 0 ? t : yield* rt.nanotime())) break;
    }
    mp.locks++; gc.inflight++;
    if (gc.markrootNext < gc.markrootJobs) {
      work += yield* markroot(rt, gc, gc.markrootNext++);
    } else if (gc.grey.length > 0) {
      // scanobject: an object, or one 128 KiB oblet of a big one (its first oblet queues the others).
      const b = gc.grey.pop()!;
      const s = h.spanOf(b)!;
      const idx = Math.floor((b - s.base) / s.elemsize);
      const base = s.base + idx * s.elemsize;
      const nptr = s.nptr[idx]!;
      const o = s.objs === null ? undefined : s.objs[idx];
      if (o !== undefined) {
        // A compiled program's object: its words are read as the collector reads an object, its
        // references found through the program's view of it.
        const n = jsScan!.scanObj(rt, o);
        const cycles = RT_COSTS.goGcMarkObject + RT_COSTS.goGcScanWord * Math.min(n, nptr);
        if (!computeInPlace(cycles)) yield compute(cycles);
        if (!loadInPlace(base, scanBuf, 8)) yield loadInstr(base, 8);
        work += s.elemsize;
      } else {
        if (b === base && nptr * 8 > maxObletBytes) for (let o = base + maxObletBytes; o < base + nptr * 8; o += maxObletBytes) gc.grey.push(o);
        const from = (b - base) / 8;
        const n = Math.min(nptr - from, maxObletBytes / 8);
        const cycles = RT_COSTS.goGcMarkObject + RT_COSTS.goGcScanWord * n;
        if (!computeInPlace(cycles)) yield compute(cycles);
        // The scan's load, yielded from here when it cannot retire in place: no generator per object.
        const w = n === 1 ? loadWordInPlace(b) : -1; // one word (most objects): no bytes to decode
        if (w >= 0) shade(rt, w);
        else if (loadInPlace(b, scanBufFor(n), n * 8)) shadeWords(rt, scanBuf, n);
        else shadeWords(rt, yield loadInstr(b, n * 8, loadBufOf(mp, n * 8)), n);
        work += nptr * 8 > maxObletBytes ? n * 8 : s.elemsize;
      }
    } else { gc.inflight--; mp.locks--; break; }
    gc.inflight--; mp.locks--;
    // enlistWorker: there is grey work to share and a P sits idle — wake it to run an idle worker.
    if (gc.grey.length > 1 && rt.npidle > 0 && rt.nmspinning === 0 && gc.idleMarkWorkers < gc.maxIdleMarkWorkers && !rt.gcwaiting) yield* wakep(rt, mp);
  }
  gc.scanWork += work;
  return work;
}

/** pollFractionalWorkerExit: this P's fractional worker has run more than 1.2 × its share of the mark phase. */
function fractionalWorkerDone(gc: GCState, pp: P, now: number): boolean {
  const delta = now - gc.markStartNs;
  if (delta <= 0) return false;
  const self = pp.gcFractionalMarkTime + (now - pp.gcMarkWorkerStartTime);
  return self / delta > 1.2 * gc.fractionalGoal;
}

/**
 * gcAssistAlloc: an allocating goroutine pays for its allocation — from the workers' credit,
 * else by scanning; if no work is left to take while others still scan, it parks ("GC assist
 * wait") until the workers' credit covers the rest or the mark phase ends (gcParkAssist).
 */
export function gcAssistAlloc(rt: Runtime, size: number): Gen<void> {
  const gc = gcState(rt);
  if (!gc.blackenEnabled) return NOTHING;
  let debt = size * gc.assistBytesPerWork;
  const steal = Math.min(debt, gc.bgScanCredit);
  gc.bgScanCredit -= steal; debt -= steal;
  if (debt <= 0) return NOTHING; // paid from the workers' credit: no generator
  return gcAssistWork(rt, gc, debt);
}

/** The assist's own scan work for what the credit did not cover; parks if none is left to take. */
function* gcAssistWork(rt: Runtime, gc: GCState, debt: number): Gen<void> {
  const c0 = rt.nanotimeInPlace(); // clock reads retired in place where they can be (instr.ts)
  const t0 = c0 >= 0 ? c0 : yield* rt.nanotime();
  const done = yield* gcDrain(rt, debt, 0);
  if (done > 0) {
    gc.assistObjects++;
    const t1 = rt.nanotimeInPlace();
    gc.assistNs += (t1 >= 0 ? t1 : yield* rt.nanotime()) - t0;
  }
  if (markDone(gc)) { yield* gcMarkDone(rt); return; }
  debt -= done;
  if (debt > 0 && gc.blackenEnabled && !rt.gcwaiting && !markWorkAvailable(gc) && gc.inflight > 0) {
    gc.assistWaits++;
    yield gopark(function* (g: G) {
      if (!gc.blackenEnabled || gc.phase !== _GCmark) return false;
      gc.assistQueue.push({ g, debt });
      return true;
    }, waitReasonGCAssistWait);
  }
}

/** gcFlushBgCredit: the workers' scan work pays the parked assists' debts first, in order; the rest is credit. */
function* gcFlushBgCredit(gc: GCState, work: number): Gen<void> {
  while (work > 0 && gc.assistQueue.length > 0) {
    const a = gc.assistQueue[0]!;
    if (work < a.debt) { a.debt -= work; return; }
    work -= a.debt;
    gc.assistQueue.shift();
    yield* goready(a.g);
  }
  gc.bgScanCredit += work;
}

// --- the mark workers ---------------------------------------------------------------------------

/** gcBgMarkStartWorkers: one worker goroutine per P, parked in the pool until findRunnable picks one. */
function* gcBgMarkStartWorkers(rt: Runtime, gc: GCState): Gen<void> {
  while (gc.nworkers < rt.gomaxprocs) {
    gc.nworkers++;
    gc.workerPool.push(yield* newSystemG(gcBgMarkWorker, [rt], waitReasonGCWorkerIdle));
  }
}

/** gcControllerState.startCycle: the dedicated workers and the fractional share for this cycle. */
function startCycle(rt: Runtime, gc: GCState): void {
  const procs = rt.gomaxprocs;
  const total = procs * gcBackgroundUtilization;
  let dedicated = Math.floor(total + 0.5);
  const utilError = dedicated / total - 1;
  if (utilError < -maxUtilError || utilError > maxUtilError) {
    if (dedicated > total) dedicated--;
    gc.fractionalGoal = (total - dedicated) / procs;
  } else gc.fractionalGoal = 0;
  gc.dedicatedNeeded = dedicated;
  gc.maxIdleMarkWorkers = procs - dedicated;
  gc.idleMarkWorkers = 0;
  for (const pp of rt.allp) { pp.gcFractionalMarkTime = 0; pp.gcMarkWorkerMode = gcMarkWorkerNotWorker; }
}

/** findRunnableGCWorker: while marking, this P's worker if a dedicated slot is free or its fractional share is due. */
export function findRunnableGCWorker(rt: Runtime, pp: P, now: number): G | null {
  const gc = rt.gc;
  if (gc === null || !gc.blackenEnabled || !markWorkAvailable(gc) || gc.workerPool.length === 0) return null;
  let mode: number;
  if (gc.dedicatedNeeded > 0) { gc.dedicatedNeeded--; mode = gcMarkWorkerDedicatedMode; }
  else {
    if (gc.fractionalGoal === 0) return null;
    const delta = now - gc.markStartNs;
    if (delta > 0 && pp.gcFractionalMarkTime / delta > gc.fractionalGoal) return null;
    mode = gcMarkWorkerFractionalMode;
  }
  pp.gcMarkWorkerMode = mode;
  pp.gcMarkWorkerStartTime = now;
  return gc.workerPool.pop()!;
}

/** findRunnable's idle-priority worker: a P with nothing else to do marks (up to GOMAXPROCS − dedicated at once). */
export function findIdleGCWorker(rt: Runtime, pp: P): G | null {
  const gc = rt.gc;
  if (gc === null || !gc.blackenEnabled || !markWorkAvailable(gc) || gc.workerPool.length === 0) return null;
  if (gc.idleMarkWorkers >= gc.maxIdleMarkWorkers) return null;
  gc.idleMarkWorkers++;
  pp.gcMarkWorkerMode = gcMarkWorkerIdleMode;
  pp.gcMarkWorkerStartTime = 0;
  return gc.workerPool.pop()!;
}

/** gcBgMarkWorker: each time it is picked, drain in the P's mode, account the time, maybe end the mark phase, park. */
function* gcBgMarkWorker(rt: Runtime): Gen<void> {
  const gc = gcState(rt); const gp = getg();
  for (;;) {
    const pp = gp.m!.p!;
    const mode = pp.gcMarkWorkerMode;
    if (mode === gcMarkWorkerNotWorker) throw new Error('assertion: gcBgMarkWorker: P has no worker mode');
    gc.workerRuns[mode]!++;
    const t0 = yield* rt.nanotime();
    if (mode === gcMarkWorkerIdleMode) pp.gcMarkWorkerStartTime = t0;
    let work = 0;
    if (mode === gcMarkWorkerDedicatedMode) {
      work += yield* gcDrain(rt, Infinity, gcDrainUntilPreempt);
      // Preempted: a useful signal to kick everything out of the local run queue so it runs elsewhere.
      if (gp.preempt && !rt.gcwaiting) { runqdrainToGlobal(rt, pp); work += yield* gcDrain(rt, Infinity, 0); }
    } else if (mode === gcMarkWorkerFractionalMode) work += yield* gcDrain(rt, Infinity, gcDrainUntilPreempt | gcDrainFractional);
    else work += yield* gcDrain(rt, Infinity, gcDrainUntilPreempt | gcDrainIdle);
    yield* gcFlushBgCredit(gc, work);
    const dt = (yield* rt.nanotime()) - t0;
    if (gp.m!.p !== pp) throw new Error('assertion: gcBgMarkWorker changed P while draining');
    if (mode === gcMarkWorkerIdleMode) { gc.idleNs += dt; gc.idleMarkWorkers--; }
    else {
      gc.bgNs += dt;
      if (mode === gcMarkWorkerDedicatedMode) gc.dedicatedNeeded++;
      else pp.gcFractionalMarkTime += dt;
    }
    pp.gcMarkWorkerMode = gcMarkWorkerNotWorker;
    if (markDone(gc)) yield* gcMarkDone(rt);
    yield gopark(parkInPool, waitReasonGCWorkerIdle);
  }
}
function* parkInPool(gp: G): Gen<boolean> { gcState(gp.rt as object).workerPool.push(gp); return true; }

// --- the cycle ------------------------------------------------------------------------------------

/** A trigger fired (heap, time, or runtime.GC): start a cycle unless one is starting or running, or GOGC=off. */
export function* gcTrigger(rt: Runtime, kind: 'heap' | 'time' | 'cycle'): Gen<void> {
  const gc = gcState(rt);
  if (gc.phase !== _GCoff || gc.starting) return;
  if (kind !== 'cycle' && gc.gogc < 0 && gc.memlimit === Number.MAX_SAFE_INTEGER) return;
  yield* gcStart(rt, kind);
}

function* phase(rt: Runtime, p: number): Gen<void> {
  const gc = gcState(rt);
  if (p === _GCmark && gc.phase !== _GCmark) GC_MARKING.n++;
  else if (p !== _GCmark && gc.phase === _GCmark) GC_MARKING.n--;
  gc.phase = p;
  yield* usdt(GO_EVENTS.gcPhase, gc.heapLive, Math.min(gc.goal, 2 ** 53), phaseName[p]);
}

function pause(gc: GCState, ns: number): void {
  gc.pauseTotalNs += ns; if (ns > gc.pauseMaxNs) gc.pauseMaxNs = ns;
  gc.pauses.push(ns); if (gc.pauses.length > 256) gc.pauses.shift();
}

/** gcStart: sweep what is left, then sweep termination with the world stopped, then mark. */
function* gcStart(rt: Runtime, kind: 'heap' | 'time' | 'cycle'): Gen<void> {
  const gc = gcState(rt); const h = heapOf(rt);
  gc.starting = true;
  // Pick up the remaining unswept spans concurrently, before stopping anything.
  yield* finishsweep(rt);
  yield* gcBgMarkStartWorkers(rt, gc);
  const t0 = yield* stopTheWorld('GC sweep termination');
  gc.startNs = t0; gc.isForced = kind === 'cycle';
  // finishsweep_m: whatever allocation swept or left while the world was stopping.
  yield* finishsweep(rt);
  gc.heapAtStart = h.heapAlloc;
  gc.markedBytes = 0; gc.scanWork = 0; gc.bgScanCredit = 0;
  gc.assistNs = 0; gc.bgNs = 0; gc.idleNs = 0;
  startCycle(rt, gc);
  yield* phase(rt, _GCmark);
  markRootPrepare(rt, gc);
  // Scan work expected ≈ the last marked heap; spread over the runway left to the goal.
  const runway = Math.max(64 * 1024, gc.goal - gc.heapLive);
  gc.assistBytesPerWork = Math.max(0.1, (gc.heapMarked || heapMinimum / 2) / runway);
  gc.blackenEnabled = true;
  const ns = yield* startTheWorld(t0);
  gc.stw1Ns = ns; gc.markStartNs = t0 + ns;
  pause(gc, ns);
  gc.starting = false;
}

/** gcMarkDone + gcMarkTermination, with the world stopped; marking resumes if write barriers greyed objects meanwhile. */
function* gcMarkDone(rt: Runtime): Gen<void> {
  const gc = gcState(rt); const h = heapOf(rt);
  gc.markDoneRunning = true;
  const t0 = yield* stopTheWorld('GC mark termination');
  if (markWorkAvailable(gc) || gc.inflight > 0) {
    const ns = yield* startTheWorld(t0);
    pause(gc, ns);
    gc.markDoneRunning = false;
    return;
  }
  gc.blackenEnabled = false;
  if (gc.checkmark && jsScan !== null) { const bad = jsScan.checkmark(rt); if (bad !== null) throw new GoFatal(bad); }
  yield* phase(rt, _GCmarktermination);
  // Flush the mcaches: the cached spans are swept by the next allocation from them.
  for (const pp of rt.allp) gcDestroyP(rt, pp);
  for (const c of h.central) { c.partial.length = 0; c.unswept.length = 0; }
  for (const s of h.allspans) { s.swept = false; if (s.sizeclass !== 0) h.central[s.sizeclass]!.unswept.push(s); }
  gc.heapMarked = gc.markedBytes;
  gc.heapLive = gc.markedBytes;
  const prevGoal = gc.goal;
  setGoal(gc, stackState(rt).inuse);
  gc.cycles++;
  if (gc.isForced) gc.forced++;
  gc.rootGs = [];
  yield* phase(rt, _GCoff);
  const ns = yield* startTheWorld(t0);
  const end = t0 + ns;
  pause(gc, ns);
  gc.lastGCNs = end;
  gc.totalCpuNs += (gc.stw1Ns + ns) * rt.gomaxprocs + gc.assistNs + gc.bgNs + gc.idleNs;
  gc.markDoneRunning = false;
  if (gc.gctrace) yield* gctraceLine(rt, gc, t0, ns, end, prevGoal);
  // Wake bgsweep and whoever waits for this cycle (runtime.GC).
  if (gc.sweepParked) { gc.sweepParked = false; yield* goready(gc.sweepG!); }
  for (const w of gc.waiters.splice(0)) yield* goready(w);
  for (const a of gc.assistQueue.splice(0)) yield* goready(a.g);
}

/** What the collector keeps per P: the mcache goes back to mcentral (at mark termination, or when GOMAXPROCS destroys the P). */
export function gcDestroyP(rt: Runtime, pp: P): void {
  const h = heapOf(rt);
  const c = h.mcache(pp);
  for (let i = 0; i < c.length; i++) {
    const s = c[i];
    if (!s) continue;
    s.inCache = false; c[i] = null;
    if (s.swept && s.state === mSpanInUse && s.allocCount < s.nelems) h.central[i]!.partial.push(s); // uncacheSpan
  }
  pp.gcMarkWorkerMode = gcMarkWorkerNotWorker;
}

function retainGoal(gc: GCState): number { return gc.goal >= Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : gc.goal * 1.1; }

/** finishsweep_m: sweep every span left unswept. */
function* finishsweep(rt: Runtime): Gen<void> {
  const h = heapOf(rt);
  if (!anyUnswept(h)) return; // the common case: bgsweep finished them all
  for (const s of [...h.allspans]) if (!s.swept && !s.inCache) yield* sweepSpan(rt, h, s);
}

/** Whether a span in use that no P caches is still unswept (a plain function: no iteration result per span). */
function anyUnswept(h: ReturnType<typeof heapOf>): boolean {
  for (const s of h.allspans) if (!s.swept && !s.inCache) return true;
  return false;
}

/** gcenable (runtime.main, before main.main): start bgsweep and bgscavenge, parked until the first cycle ends. */
export function* gcenable(rt: Runtime): Gen<void> {
  const gc = gcState(rt);
  gc.sweepG = yield* newSystemG(bgsweep, [rt], waitReasonGCSweepWait); gc.sweepParked = true;
  gc.scavengeG = yield* newSystemG(bgscavenge, [rt], waitReasonGCScavengeWait); gc.scavengeParked = true;
}

/**
 * createfing (mfinal.go): the finalizer goroutine, which Go creates during package init
 * (package os sets finalizers on its Files). Finalizers are not modelled: it stays parked.
 */
export function* createfing(rt: Runtime): Gen<void> {
  yield* newSystemG(runfinq, [], waitReasonFinalizerWait);
}
function* runfinq(): Gen<void> { for (;;) yield gopark(null, waitReasonFinalizerWait); }

/** bgsweep: after each cycle, sweep spans in batches, yielding between them; then wake the scavenger. */
function* bgsweep(rt: Runtime): Gen<void> {
  const gc = gcState(rt); const h = heapOf(rt);
  for (;;) {
    // One pass over allspans, resumed after each batch; a last pass checks that nothing was left (cached spans).
    let it = h.allspans.values();
    let sweptInPass = false;
    sweep: while (gc.phase === _GCoff && !gc.starting) {
      for (let n = 0; n < 64;) {
        const r = it.next();
        if (r.done === true) {
          if (!sweptInPass) break sweep;
          it = h.allspans.values(); sweptInPass = false;
          continue;
        }
        const s = r.value;
        if (!s.swept && !s.inCache) { yield* sweepSpan(rt, h, s); n++; sweptInPass = true; }
      }
      yield* Gosched();
    }
    if (gc.scavengeParked && gc.phase === _GCoff) { gc.scavengeParked = false; yield* goready(gc.scavengeG!); }
    yield gopark(function* () { gc.sweepParked = true; return true; }, waitReasonGCSweepWait);
  }
}

/** bgscavenge: return free pages beyond the heap goal + 10% to the kernel (madvise), then park. */
function* bgscavenge(rt: Runtime): Gen<void> {
  const gc = gcState(rt);
  for (;;) {
    yield* heapOf(rt).scavenge(retainGoal(gc));
    yield gopark(function* () { gc.scavengeParked = true; return true; }, waitReasonGCScavengeWait);
  }
}

function mb(b: number): number { return Math.floor(b / (1 << 20)); }
/** The goal in MB as gctrace prints it: with GOGC=off and no limit, Go's goal is the MaxInt64 memory limit's. */
function goalMB(b: number): string { return b >= Number.MAX_SAFE_INTEGER ? '8796093022207' : String(mb(b)); }
function ms(ns: number): string { return (ns / 1e6).toFixed(ns < 1e6 ? 3 : 2).replace(/\.?0+$/, (m) => (m.startsWith('.') ? '' : m)) || '0'; }

/** gc # @#s #%: #+#+# ms clock, #+#/#/#+# ms cpu, #->#-># MB, # MB goal, # MB stacks, # MB globals, # P */
function* gctraceLine(rt: Runtime, gc: GCState, termStart: number, term: number, end: number, prevGoal: number): Gen<void> {
  const h = heapOf(rt);
  const since = end - rt.runtimeInitTime;
  const pct = since > 0 ? Math.round(gc.totalCpuNs * 100 / (since * rt.gomaxprocs)) : 0;
  const mark = termStart - gc.markStartNs;
  const globals = gc.globals.reduce((a, g) => a + g.n * 8, 0);
  const line = `gc ${gc.cycles} @${(since / 1e9).toFixed(3)}s ${pct}%: ${ms(gc.stw1Ns)}+${ms(mark)}+${ms(term)} ms clock, ` +
    `${ms(gc.stw1Ns * rt.gomaxprocs)}+${ms(gc.assistNs)}/${ms(gc.bgNs)}/${ms(gc.idleNs)}+${ms(term * rt.gomaxprocs)} ms cpu, ` +
    `${mb(gc.heapAtStart)}->${mb(h.heapAlloc)}->${mb(gc.heapMarked)} MB, ${goalMB(prevGoal)} MB goal, ${mb(stackState(rt).inuse)} MB stacks, ${mb(globals)} MB globals, ${rt.gomaxprocs} P${gc.isForced ? ' (forced)' : ''}\n`;
  yield* printErr(getg().m!, line);
}

/** Park until the cycle count reaches `n` (gcWaitOnMark). */
function* waitForCycle(rt: Runtime, gc: GCState, n: number): Gen<void> {
  while (gc.cycles < n) yield gopark(function* (gp: G) { if (gc.cycles >= n) return false; gc.waiters.push(gp); return true; }, waitReasonWaitForGCCycle);
}

/** runtime.GC: finish the cycle in progress, run a full one, and sweep it, before returning. */
export function* GC(): Gen<void> {
  const rt = getg().rt as Runtime;
  const gc = gcState(rt);
  if (gc.phase !== _GCoff || gc.starting) yield* waitForCycle(rt, gc, gc.cycles + 1);
  const n = gc.cycles + 1;
  while (gc.cycles < n) {
    if (gc.phase === _GCoff && !gc.starting) yield* gcStart(rt, 'cycle');
    yield* waitForCycle(rt, gc, n);
  }
  // Sweep it all ourselves (Go: sweepone until none is left, yielding between).
  yield* finishsweep(rt);
  yield* heapOf(rt).scavenge(retainGoal(gc));
}

/** debug.FreeOSMemory: a forced cycle, then every free page returned to the OS. */
export function* FreeOSMemory(): Gen<void> {
  yield* GC();
  yield* heapOf(getg().rt as Runtime).scavenge(0);
}

/** proc.go init: the forcegchelper goroutine, parked until sysmon finds 2 minutes without a cycle. */
export function* forcegcinit(rt: Runtime): Gen<void> {
  const gc = gcState(rt);
  gc.forcegcG = yield* newSystemG(forcegchelper, [rt], waitReasonForceGCIdle);
  gc.forcegcIdle = true;
}

function* forcegchelper(rt: Runtime): Gen<void> {
  const gc = gcState(rt);
  for (;;) {
    if (gc.gctrace) yield* printErr(getg().m!, 'GC forced\n');
    yield* gcTrigger(rt, 'time');
    yield gopark(function* () { gc.forcegcIdle = true; return true; }, waitReasonForceGCIdle);
  }
}

/** sysmon's check (gcTrigger{kind: gcTriggerTime}.test): the helper to ready, if the last cycle ended > 2 min ago. */
export function forcegcDue(rt: Runtime, now: number): G | null {
  const gc = rt.gc;
  if (gc === null || !gc.forcegcIdle || gc.phase !== _GCoff || gc.gogc < 0) return null;
  if (gc.lastGCNs === 0 || now - gc.lastGCNs <= forcegcPeriodNs) return null;
  gc.forcegcIdle = false;
  return gc.forcegcG;
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
    GCCPUFraction: now > rt.runtimeInitTime ? gc.totalCpuNs / ((now - rt.runtimeInitTime) * rt.gomaxprocs) : 0,
  };
}

/** The snapshot's gc section. */
export function gcSnapshot(rt: Runtime): import('./snapshot.ts').RuntimeSnapshot['gc'] {
  const gc = rt.gc;
  if (gc === null) return { phase: 'off', heapLiveBytes: 0, heapGoalBytes: heapMinimum, cycles: 0 };
  const h = heapOf(rt);
  return {
    phase: phaseName[gc.phase]!, heapLiveBytes: gc.heapLive, heapGoalBytes: Math.min(gc.goal, Number.MAX_SAFE_INTEGER), cycles: gc.cycles,
    pauseTotalNs: gc.pauseTotalNs, pauseMaxNs: gc.pauseMaxNs, heapPeakBytes: h.heapPeak, heapMarkedBytes: gc.heapMarked,
    heapSysBytes: h.heapSys, heapReleasedBytes: h.heapReleased, gogc: gc.gogc, forcedCycles: gc.forced, assistObjects: gc.assistObjects, assistWaits: gc.assistWaits,
    totalAllocBytes: h.totalAlloc, cpuNs: gc.totalCpuNs, runtimeStartNs: rt.runtimeInitTime,
    workers: { dedicated: gc.workerRuns[gcMarkWorkerDedicatedMode]!, fractional: gc.workerRuns[gcMarkWorkerFractionalMode]!, idle: gc.workerRuns[gcMarkWorkerIdleMode]! },
  };
}
