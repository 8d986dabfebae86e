// The runtime's data structures (Go's runtime/runtime2.go): G, M, P, the global
// `sched`, their states and wait reasons. A G is kept small — a plain object, a
// generator and a few fields — because a million of them must fit. The run
// queues are rings and linked lists, never arrays that are scanned.

import type { RaceThread } from './race.ts';
import type { Instr } from '../machine/instr.ts';
import type { MSpan } from './mheap.ts';
import type { Frame } from './golib/traceback.ts';

export type Gen<T = unknown> = Generator<Instr, T, any>;

/**
 * A compiled Go frame's roots, as the collector reads them: a function returning its locals'
 * current values, or — for a goroutine's first frame, whose arguments a `go` statement fixed
 * — the arguments themselves, with no closure to make per goroutine.
 */
export type FrameRoots = (() => unknown[]) | readonly unknown[];
export function frameRoots(f: FrameRoots): readonly unknown[] { return typeof f === 'function' ? f() : f; }
/** G.gframe0 of a compiled program's goroutine with no frame on its stack (all returned). */
export const NO_FRAME: FrameRoots = Object.freeze([]);

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true as const, value: undefined });
/**
 * An empty run of instructions: what a runtime function that is usually a no-op (wakep
 * with no M to start, checkTimers with no timer due) returns instead of a generator, so
 * that `yield* f()` keeps its shape at every call site while the common case makes no
 * generator object (a Go-style ping-pong made a dozen per round trip, and their
 * collection was a tenth of its time). Iterating it yields nothing and returns undefined.
 */
export const NOTHING: Gen<void> = {
  next: () => DONE,
  return: () => DONE,
  throw: (e: unknown) => { throw e; },
  [Symbol.iterator]() { return NOTHING; },
};

const RETURNED: { done: true; value: unknown } = { done: true, value: undefined };
const RETURNING: Gen<unknown> = {
  next: () => RETURNED,
  return: () => RETURNED,
  throw: (e: unknown) => { throw e; },
  [Symbol.iterator]() { return RETURNING; },
};
/**
 * A finished run of instructions that returns `v`: what a plain function on a fast path
 * returns where its generator would have returned v (`const x = yield* chanrecv(c, true)`
 * when a value is waiting). One shared object, like NOTHING: `yield*` reads the value at
 * once, so what this returns is delegated to where it is made, never kept to run later.
 */
export function returning<T>(v: T): Gen<T> {
  RETURNED.value = v;
  return RETURNING as Gen<T>;
}

/**
 * The value of a run that `returning` made, read without stepping it, or `none` when `run` is
 * another run (then the caller steps it: `const v = returnedOr(r, X); ... v === X ? yield* r : v`).
 * For the scheduler's loop, where a `yield*` of a finished run on every switch is measurable.
 */
export function returnedOr<T, N>(run: Gen<T>, none: N): T | N {
  return run === (RETURNING as Gen<unknown>) ? (RETURNED.value as T) : none;
}

// --- G states (runtime2.go) ----------------------------------------------------------
export const _Gidle = 0;
export const _Grunnable = 1;
export const _Grunning = 2;
export const _Gsyscall = 3;
export const _Gwaiting = 4;
export const _Gdead = 6;
export const _Gcopystack = 8;
export const _Gpreempted = 9;
export const gStatusName = ['_Gidle', '_Grunnable', '_Grunning', '_Gsyscall', '_Gwaiting', '', '_Gdead', '', '_Gcopystack', '_Gpreempted'] as const;

// --- P states ------------------------------------------------------------------------
export const _Pidle = 0;
export const _Prunning = 1;
export const _Psyscall = 2;
export const _Pgcstop = 3;
export const _Pdead = 4;
export const pStatusName = ['_Pidle', '_Prunning', '_Psyscall', '_Pgcstop', '_Pdead'] as const;

// --- wait reasons (waitReasonStrings) --------------------------------------------------
export const waitReasonChanReceive = 'chan receive';
export const waitReasonChanSend = 'chan send';
export const waitReasonSelect = 'select';
export const waitReasonSelectNoCases = 'select (no cases)';
export const waitReasonChanReceiveNilChan = 'chan receive (nil chan)';
export const waitReasonChanSendNilChan = 'chan send (nil chan)';
export const waitReasonSleep = 'sleep';
export const waitReasonIOWait = 'IO wait';
export const waitReasonSemacquire = 'semacquire';
export const waitReasonSyncMutexLock = 'sync.Mutex.Lock';
export const waitReasonSyncRWMutexRLock = 'sync.RWMutex.RLock';
export const waitReasonSyncRWMutexLock = 'sync.RWMutex.Lock';
export const waitReasonSyncWaitGroupWait = 'sync.WaitGroup.Wait';
export const waitReasonSyncCondWait = 'sync.Cond.Wait';
export const waitReasonPreempted = 'preempted';
export const waitReasonPanicWait = 'panicwait';

// --- constants -------------------------------------------------------------------------
/** Local run queue size (p.runq [256]guintptr). */
export const runqSize = 256;
/** stack.go: the starting goroutine stack. */
export const fixedStack = 2048;
/** stack.go: stackGuard on linux/amd64. */
export const stackGuard = 928;
/** stack.go: the poison value preemptone writes into stackguard0 (uintptrMask & -1314). */
export const stackPreempt = -1314;
/** g0's stack: malg(16384 * StackGuardMultiplier). */
export const g0StackSize = 16384;
/** gsignal's stack (mpreinit). */
export const gsignalStackSize = 32768;
/** proc.go: forcePreemptNS. */
export const forcePreemptNS = 10_000_000;
/** proc.go: stealTries. */
export const stealTries = 4;
/** schedt.maxmcount (schedinit). */
export const maxmcount = 10000;
/** runtime2.go: gTrackingPeriod — 1 in 8 runnable→running transitions feed /sched/latencies. */
export const gTrackingPeriod = 8;
/** time.go: timerHeapN. */
export const timerHeapN = 4;
/** sema.go / mutex.go: starvationThresholdNs. */
export const starvationThresholdNs = 1_000_000;

/** A deferred call and the frame (func) it belongs to. */
export interface DeferFrame { fns: (() => Gen<unknown>)[]; parent: DeferFrame | null }
export interface Panic { value: unknown; recovered: boolean; link: Panic | null; goexit: boolean }

/** sudog: a G waiting on a channel (or a semaphore) with the element it sends or receives into. */
export class Sudog {
  g: G | null = null;
  next: Sudog | null = null;
  prev: Sudog | null = null;
  elem: unknown = undefined;
  c: unknown = null;
  isSelect = false;
  success = false;
  waitlink: Sudog | null = null;
  /** The select case index this sudog stands for. */
  caseIndex = -1;
  /** sema: when it started waiting (starvation detection) and the ticket for handoff. */
  acquiretime = 0;
  ticket = 0;
}

/**
 * A goroutine's stack of frames or call sites beyond its outermost (G.gframes, G.callers), made
 * at its first nested call with room for four: V8 grows an array that outgrows its store to 17
 * slots (152 bytes), more than most goroutines use.
 */
export function smallStack<T>(first: T): T[] {
  const a = [first, first, first, first];
  a.length = 1; // a store of four, one of them used (V8 does not shrink a store this small)
  return a;
}

export class G {
  goid = 0;
  atomicstatus = _Gidle;
  waitreason = '';
  /** When it parked (nanotime), for the tracked 1 in gTrackingPeriod; 0 while it runs. */
  waitsince = 0;
  /** The goroutine's code: the generator its M steps. */
  gen: Gen<unknown> | null = null;
  /** What the generator resumes with (the result of the instruction it yielded last). */
  ret: unknown = undefined;
  /**
   * The frames the G goes on in when `gen` returns, the last first (proc.ts tailcall): run one
   * after another by its M rather than nested in `yield*`, so that each is stepped directly.
   */
  frames: Gen<unknown>[] | null = null;
  m: M | null = null;
  schedlink: G | null = null;
  stackLo = 0;
  stackHi = 0;
  stackguard0 = 0;
  /** preempt, tracking and isSystem, one bit each (G_PREEMPT, …): a field each cost 8 bytes a goroutine. */
  private flags = 0;
  /** A preemption request (stackguard0 holds stackPreempt too). */
  get preempt(): boolean { return (this.flags & G_PREEMPT) !== 0; }
  set preempt(v: boolean) { this.flags = v ? this.flags | G_PREEMPT : this.flags & ~G_PREEMPT; }
  param: unknown = null;
  waiting: Sudog | null = null;
  selectDone = 0;
  deferFrame: DeferFrame | null = null;
  _panic: Panic | null = null;
  /** > 0 while a deferred call runs (recover is valid directly inside it). */
  deferDepth = 0;
  startFn = '';
  parentGoid = 0;
  /** The function the goroutine that made this one started with ('main' for goroutine 1): "created by" of a TypeScript program. */
  parentFn = '';
  /** Sampled for the scheduling-latency histogram (gTrackingPeriod). */
  get tracking(): boolean { return (this.flags & G_TRACKING) !== 0; }
  set tracking(v: boolean) { this.flags = v ? this.flags | G_TRACKING : this.flags & ~G_TRACKING; }
  runnableTime = 0;
  /** A goroutine of the runtime's own (the collector's workers, the sweeper, …). */
  get isSystem(): boolean { return (this.flags & G_SYSTEM) !== 0; }
  set isSystem(v: boolean) { this.flags = v ? this.flags | G_SYSTEM : this.flags & ~G_SYSTEM; }
  /** The stack pointer of the innermost Go-style frame (stack.ts enter/leave); stackHi − sp is the used stack. */
  sp = 0;
  /** Pointer-typed locals of the live frames (the stack maps the collector scans), or null while none. */
  locals: number[] | null = null;
  /**
   * Compiled Go frames on this goroutine's stack: each a function that returns the current
   * values of its frame's locals that may hold heap references (the stack map of a compiled
   * function). gframe0 is the outermost (NO_FRAME once every frame has returned; null while
   * the goroutine runs no compiled code), gframes the others, innermost last, made at the
   * first call (smallStack): most goroutines parked by the million are one frame deep, and an
   * array of its own per goroutine cost 80 bytes.
   */
  gframe0: FrameRoots | null = null;
  gframes: FrameRoots[] | null = null;
  /** The race detector's view of this goroutine (a race-enabled process only: kept in its rare record). */
  get race(): RaceThread | null { const r = this.rare; return r === null ? null : r.race; }
  set race(v: RaceThread | null) { if (v !== null || this.rare !== null) gRare(this).race = v; }
  /** For the lints (lintprobe.ts), kept only while they watch: where it last parked, the mutex it waits for, its channel/lock operations and syscalls. */
  parkSite: Frame | null = null;
  /** A compiled program's goroutine: the statement it last began that may block (the back end's $.at), and its go statement. */
  goSite: Frame | null = null;
  /**
   * A compiled program's call stack, as sites: where the caller of each of the ncallers live
   * frames of the program's own functions was, so that a traceback of a parked goroutine prints
   * every frame without a stack to read. caller0 is the outermost frame's (the goroutine's
   * start: null); callers[i] that of frame i + 1, made at its first call (smallStack), as
   * gframes is.
   */
  caller0: Frame | null = null;
  callers: (Frame | null)[] | null = null;
  ncallers = 0;
  createdSite: Frame | null = null;
  /** What few goroutines use, made on first use (gRare): most of a million parked goroutines never need it. */
  rare: GRare | null = null;
  constructor(readonly rt: unknown) {}
}

/**
 * A goroutine's state that only sleeps, asynchronous preemption, contended locks, the lints and
 * the race detector use: a record of its own, so that a G the program parks by the million is
 * eight fields (64 bytes) smaller. (A deferred call's state stays in the G: most goroutines
 * defer something.) It stays with the G when the G is reused (gFree), as the fields did.
 */
export class GRare {
  /** Cycles of a computation cut by asynchronous preemption, to resume first (asyncPreempt's saved context). */
  resumeCompute = 0;
  /** time.Sleep's deadline (nanotime). */
  sleepWhen = 0;
  /** The program's call that entered its latest syscall (while the lints watched). */
  syscallSite: Frame | null = null;
  /** The mutex it waits for (while the lints watch). */
  lintWait: object | null = null;
  /** The Sema or notifyList it is parked on (semacquire, sync.Cond's Wait): what the resource view finds it waiting for, as gp.waiting names channels. */
  parkedOn: object | null = null;
  /** Its channel and lock operations and syscalls, while the lints watch. */
  syncOps = 0;
  /** time.Sleep's timer, made at its first sleep and kept for the next. */
  timer: Timer | null = null;
  /** The race detector's view of the goroutine (G.race). */
  race: RaceThread | null = null;
}

/** G.flags. */
const G_PREEMPT = 1;
const G_TRACKING = 2;
const G_SYSTEM = 4;

/** gp's rare record, made now if it has none. */
export function gRare(gp: G): GRare { return gp.rare ?? (gp.rare = new GRare()); }

export class M {
  id = 0;
  /** The thread id (gettid). */
  procid = 0;
  g0: G;
  p: P | null = null;
  nextp: P | null = null;
  oldp: P | null = null;
  curg: G | null = null;
  spinning = false;
  blocked = false;
  /** The park note: a futex word in the runtime's memory. */
  park = 0;
  schedlink: M | null = null;
  /** The thread-local-storage base (what %fs points at): how the signal handler finds its M. */
  tls = 0;
  g0stack = 0;
  gsignalStack = 0;
  /** A per-M buffer in user memory for what write(2) and small structs need. */
  scratch = 0;
  /**
   * The bytes of the runtime's own loads that reach the machine's loop (loadInstr's `into`): a
   * load's bytes are read before the M's thread issues its next instruction, so one buffer per M
   * serves them all (grown to the largest: a scan of an oblet is at most 128 KiB).
   */
  loadBuf: Uint8Array = new Uint8Array(8);
  locks = 0;
  signalPending = 0;
  /** windows: a handle to the M's thread (minit's DuplicateHandle), what preemptM suspends. */
  thread = 0;
  preemptGen = 0;
  /** Set by the SIGURG handler: switch away from curg at the next step (asyncPreempt). */
  asyncPreempt = false;
  /** What the goroutine asked of g0 when it yielded SWITCH (mcall). */
  switchReq = 0;
  /** gopark's unlock function: whether the G stays parked; a plain one answers at once, without a generator. */
  waitunlockf: ((gp: G, mp: M) => Gen<boolean> | boolean) | null = null;
  syscalltick = 0;
  inheritTime = false;
  isSysmonM = false;
  /** What a new M runs instead of schedule() (sysmon). */
  mstartfn: ((rt: any, mp: M) => Gen<void>) | null = null;
  /** A G to run next without findRunnable (park_m whose commit failed, exitsyscall0 with a P). */
  runImmediately: G | null = null;
  /** True while the M steps its curg (outside the runtime's g0 code): the async-safe window. */
  onG = false;
  /** The M's wyrand state, 64 bits as two halves (Go: m.cheaprand), seeded at mcommoninit. */
  randHi = 0;
  randLo = 0;
  constructor(g0: G) { this.g0 = g0; }
}

/** The little-endian u32 at `off` of bytes a load gave (the collector's scan, the allocator's words). */
export function u32le(b: Uint8Array, off: number): number { return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0; }

/** mp's load buffer, grown to hold `len` bytes. */
export function loadBufOf(mp: M, len: number): Uint8Array {
  if (mp.loadBuf.length < len) mp.loadBuf = new Uint8Array(Math.max(len, mp.loadBuf.length * 2));
  return mp.loadBuf;
}

export interface SysmonTick { schedtick: number; schedwhen: number; syscalltick: number; syscallwhen: number }

export class P {
  id: number;
  status = _Pidle;
  link: P | null = null;
  schedtick = 0;
  syscalltick = 0;
  sysmontick: SysmonTick = { schedtick: 0, schedwhen: 0, syscalltick: 0, syscallwhen: 0 };
  m: M | null = null;
  runqhead = 0;
  runqtail = 0;
  readonly runq: (G | null)[] = new Array<G | null>(runqSize).fill(null);
  runnext: G | null = null;
  /** Dead Gs with stacks, for reuse (gFree). */
  gFree: G | null = null;
  gFreeN = 0;
  /** The P's timers: a 4-ary min-heap by `when`. */
  readonly timers: Timer[] = [];
  preempt = false;
  /** The GC mark worker this P runs (gcMarkWorkerMode: 0 none, 1 dedicated, 2 fractional, 3 idle), since when, and the fractional worker's time this cycle. */
  gcMarkWorkerMode = 0;
  gcMarkWorkerStartTime = 0;
  gcFractionalMarkTime = 0;
  /** mcache: the span each size class allocates from (mheap.ts). */
  mcache: (MSpan | null)[] | null = null;
  constructor(id: number) { this.id = id; }
}

/** A runtime timer (time.go `timer`): in at most one P's heap. */
export class Timer {
  when = 0;
  period = 0;
  f: ((t: Timer, mp: M, pp: P, now: number) => Gen<void>) | null = null;
  arg: unknown = null;
  /** A heap pointer the timer's function holds (AfterFunc's closure): a root while the timer is armed. */
  ptr = 0;
  pp: P | null = null;
  /** Index in pp.timers, -1 when not in a heap. */
  idx = -1;
  seq = 0;
  /** A race-enabled process: the clock released by starting (or resetting) it, acquired by its send (Go's racerelease(t) in addtimer). */
  race: number[] | null = null;
}

/** A goroutine panic travelling up the generator stack as a JS exception. */
export class GoPanic {
  /** The goroutine's frames where it panicked (`goroutine N [running]:` and on), when the panicking code knows them. */
  traceback: string | null = null;
  constructor(readonly value: unknown) {}
}
/** runtime.Goexit unwinding the goroutine. */
export class GoExit {}
/** A fatal error (throw/fatal): unrecoverable. */
export class GoFatal {
  /** all: print every goroutine after the one that threw, as Go's throw does (gotraceback's all). */
  constructor(readonly msg: string, readonly all = false) {}
  /** A compiled program's frames where it threw (read from the stack then, as a panic's are). */
  traceback: string | null = null;
}

/** runtime.Error values, printed as Go prints them. */
export class RuntimeError {
  constructor(readonly msg: string) {}
  Error(): string { return this.msg; }
  toString(): string { return this.msg; }
}
