// The scheduler (Go's runtime/proc.go), modelled on Go 1.24: boot (schedinit,
// procresize, runtime.main), Gs run by Ms that hold Ps, newproc → runnext,
// 256-slot local rings with runqputslow to the global queue, findRunnable in
// Go's order, work stealing in stealOrder, spinning Ms (at most half the busy
// Ps), wakep/startm/stopm over futex notes, entersyscall/exitsyscall with the
// fast path and the slow path, handoffp, sysmon (retake, preemption by
// stackguard0 poisoning and by tgkill(SIGURG), forcegc), checkdead, schedtrace,
// stop-the-world (gcwaiting, stopwait, gcstopm) and procresize at run time.
//
// How it maps onto gomachine: an M is a kernel thread made with clone; its
// program is mstart → schedule() on g0. A G is a generator the M steps:
// runtime functions called by a goroutine run inside its generator and yield
// machine instructions that the M passes on to its core; gopark yields the
// SWITCH marker (Go's mcall), and the M continues on g0. `getg()` is the G the
// M is stepping now (Go's TLS g register). The kernel sees only threads that
// compute, trap, sleep in futex and nanosleep, and take SIGURG.
//
// Where Go relies on locks and CAS loops between threads, the state here is
// changed between two yields, which no other thread can interleave with; the
// cost of the lock is charged instead.

import { compute, computeInPlace, rdtscInPlace, usdtInPlace, touchInPlace, trap, load, store, touchInstr, usdtInstr, usdtPublish, setsp, RDTSC } from '../machine/instr.ts';
import type { Instr } from '../machine/instr.ts';
import { ucontext, type Executable, type ExecInfo, type ProgramImage } from '../kernel/uapi/image.ts';
import type { Program } from '../machine/instr.ts';
import { NO_FRAME, _Gidle, _Grunnable, _Grunning, _Gsyscall, _Gwaiting, _Gdead, _Gpreempted, gStatusName, _Pidle, _Prunning, _Psyscall, _Pgcstop, _Pdead, pStatusName, runqSize, stackGuard, stackPreempt, g0StackSize, gsignalStackSize, forcePreemptNS, stealTries, maxmcount, gTrackingPeriod, waitReasonPanicWait, G, M, P, Sudog, GoPanic, GoExit, GoFatal, NOTHING, returning, returnedOr, gRare } from './runtime2.ts';
import type { Gen, FrameRoots } from './runtime2.ts';
import { RT_COSTS } from './costs.ts';
import type { OS } from './os.ts';
import { linuxOS } from './os_linux.ts';
import { darwinOS } from './os_darwin.ts';
import { windowsOS } from './os_windows.ts';
import { checkTimers, nextTimerWhen, type TimersCheck, moveTimers } from './time.ts';
import type { GSnapshot, GStatus, MSnapshot, MState, PSnapshot, RuntimeSnapshot, RuntimeLintState, LintGoroutine, LintWait } from './snapshot.ts';
import { GO_EVENTS } from './snapshot.ts';
import { printpanicval } from './panic.ts';
import { LintBook, callSite } from './lintprobe.ts';
import { runtimeObjects } from './resview.ts';
import { Netpoll, netpoll, netpollBreak } from './netpoll.ts';
import { GlobalRand, cheaprand, mrandinit } from './rand.ts';
import { stackNewG, stackStart, stackOnGoexit, stackSnapshot } from './stack.ts';
import { gcSnapshot, forcegcDue, forcegcinit, gcenable, createfing, findRunnableGCWorker, findIdleGCWorker, gcDestroyP } from './mgc.ts';
import { RaceCtx, parseGorace } from './race.ts';
import { raceWatchBegin, raceWatchEnd, raceCreatedAt } from './racewatch.ts';
import type { GCState } from './mgc.ts';
import type { MHeap } from './mheap.ts';
import type { StackState } from './stack.ts';
import type { Frame } from './golib/traceback.ts';

export const goVersion = 'go1.24';

/** The marker a goroutine yields to hand control to g0 (mcall). Never reaches a core. */
export const SWITCH: Instr = { op: 'usdt', kind: '__mcall', a: 0, b: 0, s: '', snapshot: null };
const SW_PARK = 1;
const SW_GOSCHED = 2;
const SW_PREEMPT_COOP = 3;
const SW_EXITSYSCALL = 4;
const SW_GOYIELD = 5;

/** The runtime's code addresses (what rt_sigaction and clone are given). */
const SIGTRAMP_ADDR = 0x401000;
const ARENA_CHUNK = 64 * 1024 * 1024;
const MSTRUCT_SIZE = 256;
const SCRATCH_SIZE = 4096;

let curG: G | null = null;
/** The G running on the current M (Go's getg()); the M sets it each time it steps a G. */
export function getg(): G {
  if (curG === null) throw new Error('assertion: getg() outside a goroutine');
  return curG;
}

/** getg() where there may be no goroutine (a package-level initializer run at load). */
export function getgOrNull(): G | null { return curG; }

export interface Debug { schedtrace: number; scheddetail: number; asyncpreemptoff: number; asynctimerchan: number }

/** schedt + the process-wide runtime state. One per process image. */
export class Runtime {
  info!: ExecInfo;
  /** Built with -race: the detector is made at start (rt0_go), with GORACE's options. */
  raceBuild = false;
  race: RaceCtx | null = null;
  /** The GOOS half of the runtime (os.ts), chosen at start from the kernel it runs on. */
  os: OS = linuxOS;
  cyclesPerNs = 3;
  gomaxprocs = 1;
  ncpu = 1;
  readonly allp: P[] = [];
  /** Ps destroyed by a smaller GOMAXPROCS (_Pdead), by id, kept for when it grows again. */
  readonly deadp: (P | undefined)[] = [];
  readonly allm: M[] = [];
  readonly allgs: G[] = [];
  /** What the lints read (lintprobe.ts): kept only while an observer is attached. */
  readonly lint = new LintBook();
  /** handlingSig: the signals Go's handler takes (initsig), less those dieFromSignal gave up. */
  readonly handlingSig = new Set<number>();
  /** The ids of this runtime's channels and semaphores, in the order they were made (chan.ts nextObjectId). */
  chanIds = 0;
  semaIds = 0;
  m0!: M;
  mainStarted = false;
  // sched
  midle: M | null = null;
  nmidle = 0;
  nmidlelocked = 0;
  mnext = 0;
  nmsys = 0;
  pidle: P | null = null;
  npidle = 0;
  nmspinning = 0;
  needspinning = 0;
  runqhead: G | null = null;
  runqtail: G | null = null;
  runqsize = 0;
  gFree: G | null = null;
  gFreeN = 0;
  goidgen = 0;
  sysmonwait = false;
  sysmonnote = 0;
  /** Stop-the-world: requested (every M that looks gives up its P), Ps still to stop, the note the stopper sleeps on. */
  gcwaiting = false;
  stopwait = 0;
  stopnote = 0;
  /** worldsema: held from stopTheWorld to startTheWorld, so that one stop happens at a time. */
  worldsema = false;
  /** The collector, the heap and the stack allocator of this process (made on first use). */
  gc: GCState | null = null;
  heap: MHeap | null = null;
  stacks: StackState | null = null;
  /** Stops of the world and their total pause (ns), by any reason. */
  stwCount = 0;
  stwTotalNs = 0;
  /** The M blocked waiting for the next timer (Go: the M in netpoll, lastpoll == 0), and until when. */
  pollingM: M | null = null;
  pollUntil = 0;
  /** The network poller (netpoll.go). */
  readonly np = new Netpoll();
  panicking = 0;
  exiting = false;
  debug: Debug = { schedtrace: 0, scheddetail: 0, asyncpreemptoff: 0, asynctimerchan: 0 };
  starttime = 0;
  runtimeInitTime = 0;
  // memory (persistentalloc over mmap'd chunks)
  private arenaNext = 0;
  private arenaEnd = 0;
  readonly mByTls = new Map<number, M>();
  readonly pendingStarts = new Map<number, M>();
  /** The central sudog cache (acquireSudog). */
  readonly sudogcache: Sudog[] = [];
  /** The generator every M's own state is drawn from (rand.go: globalRand), seeded from AT_RANDOM. */
  readonly globalRand = new GlobalRand();
  // stealOrder
  coprimes: number[] = [];
  // counters
  ngLive = 0;
  readonly gcount = new Int32Array(16);
  readonly waitReasons = new WaitReasonCounts();
  stats = { goroutinesCreated: 0, goroutinesPeak: 0, msCreated: 0, msPeak: 0, preemptCooperative: 0, preemptAsync: 0, handoffs: 0, steals: 0, netpollParks: 0 };
  readonly latencyHist = new Float64Array(64);
  latencyN = 0;
  mainG: G | null = null;

  constructor(readonly main: () => Gen<unknown>, readonly name: string) {}


  /** persistentalloc: bump memory from the runtime's mmap'd arena, a new chunk when it runs out. */
  *alloc(size: number, align = 16): Gen<number> {
    let a = Math.ceil(this.arenaNext / align) * align;
    if (a + size > this.arenaEnd) {
      const len = Math.max(ARENA_CHUNK, Math.ceil(size / 4096) * 4096);
      const r: number = yield* this.os.mmap(len);
      if (r < 0) throw new GoFatal('runtime: cannot allocate memory');
      this.arenaNext = r; this.arenaEnd = r + len;
      a = r;
    }
    this.arenaNext = a + size;
    return a;
  }

  /** nanotime through the vDSO (os_linux.ts), read in place: one instruction, no generator below this one. */
  *nanotime(): Gen<number> { const c: number = yield RDTSC; return Math.floor(c / this.cyclesPerNs); }
  /** nanotime with its clock read retired in place (instr.ts): -1 if the caller must `yield* rt.nanotime()`. */
  nanotimeInPlace(): number { const c = rdtscInPlace(); return c < 0 ? -1 : Math.floor(c / this.cyclesPerNs); }
  mcount(): number { return this.mnext; }
}

// --- status changes with their probes ---------------------------------------------------

const waitingLabels = new Map<string, string>();
function waitingLabel(reason: string): string {
  let s = waitingLabels.get(reason);
  if (s === undefined) { s = `_Gwaiting:${reason}`; waitingLabels.set(reason, s); }
  return s;
}

/**
 * casgstatus: the status change, and the probe that shows it, which the caller yields
 * (`yield casgstatus(...)`): a status change is one instruction, without a generator of its own.
 */
export function casgstatus(rt: Runtime, gp: G, oldval: number, newval: number, pid: number): Instr {
  changegstatus(rt, gp, oldval, newval);
  return gstatusProbe(gp, pid);
}

/**
 * casgstatus on the scheduler's hot paths, its probe retired in place (instr.ts): false if
 * the caller must still yield the probe (`yield gstatusProbe(gp, pid)`); the change is made either way.
 */
export function casgstatusInPlace(rt: Runtime, gp: G, oldval: number, newval: number, pid: number): boolean {
  changegstatus(rt, gp, oldval, newval);
  return usdtInPlace(GO_EVENTS.goStatus, gp.goid, pid, gstatusLabel(gp));
}

function changegstatus(rt: Runtime, gp: G, oldval: number, newval: number): void {
  if (gp.atomicstatus !== oldval) throw new Error(`assertion: casgstatus: G${gp.goid} is ${gStatusName[gp.atomicstatus]}, want ${gStatusName[oldval]}`);
  setgstatus(rt, gp, newval);
}

/** The probe that shows gp's status (on P `pid`), for the caller to yield. */
export function gstatusProbe(gp: G, pid: number): Instr { return usdtInstr(GO_EVENTS.goStatus, gp.goid, pid, gstatusLabel(gp)); }

function gstatusLabel(gp: G): string {
  return gp.atomicstatus === _Gwaiting ? waitingLabel(gp.waitreason) : gStatusName[gp.atomicstatus]!;
}

function setgstatus(rt: Runtime, gp: G, newval: number): void {
  const old = gp.atomicstatus;
  if (!gp.isSystem) {
    rt.gcount[old]!--; rt.gcount[newval]!++;
    // A G's wait reason is set before it parks and stays until it is readied.
    if (old === _Gwaiting) rt.waitReasons.remove(gp.waitreason);
    if (newval === _Gwaiting) rt.waitReasons.add(gp.waitreason);
  }
  gp.atomicstatus = newval;
}

/**
 * Goroutines waiting, by wait reason (the snapshot's byWaitReason): the reasons with
 * waiters, in the order each last went from none to some. A count per reason that is
 * never deleted, so that a G parking and being readied costs one lookup and no map
 * insertion or deletion; the order is kept by stamping the 0 → 1 transitions.
 */
class WaitReasonCounts {
  private readonly counts = new Map<string, { n: number; since: number }>();
  private stamps = 0;

  add(reason: string): void {
    let c = this.counts.get(reason);
    if (c === undefined) { c = { n: 0, since: 0 }; this.counts.set(reason, c); }
    if (c.n++ === 0) c.since = ++this.stamps;
  }

  remove(reason: string): void {
    const c = this.counts.get(reason);
    if (c === undefined || c.n === 0) throw new Error(`assertion: no goroutine waits for ${reason}`);
    c.n--;
  }

  /** [reason, count] for every reason with waiters. */
  entries(): [string, number][] {
    const live = [...this.counts].filter(([, c]) => c.n > 0).sort(([, a], [, b]) => a.since - b.since);
    return live.map(([reason, c]) => [reason, c.n]);
  }
}

/** The probes of P and M state changes, yielded by the caller as casgstatus's is. */
function procstatus(pp: P, mid: number): Instr { return usdtInstr(GO_EVENTS.procStatus, pp.id, mid, pStatusName[pp.status]); }
function mstatus(mp: M, s: MState): Instr { return usdtInstr(GO_EVENTS.mStatus, mp.id, 0, s); }
/** The same probes retired in place (instr.ts): false if the caller must still yield procstatus/mstatus. */
function procstatusInPlace(pp: P, mid: number): boolean { return usdtInPlace(GO_EVENTS.procStatus, pp.id, mid, pStatusName[pp.status]); }
function mstatusInPlace(mp: M, s: MState): boolean { return usdtInPlace(GO_EVENTS.mStatus, mp.id, 0, s); }

/** acquirem/releasem: no preemption of the G while the runtime works on its M. */
export function acquirem(): M { const mp = getg().m!; mp.locks++; return mp; }
export function releasem(mp: M): void { mp.locks--; }

// --- run queues ---------------------------------------------------------------------------

function runqempty(pp: P): boolean { return pp.runqhead === pp.runqtail && pp.runnext === null; }

/** runqput: next → runnext (the old runnext goes to the tail); full ring → runqputslow. */
export function runqput(rt: Runtime, pp: P, gp: G, next: boolean): void {
  if (next) {
    const old = pp.runnext;
    pp.runnext = gp;
    if (old === null) return;
    gp = old;
  }
  if (pp.runqtail - pp.runqhead < runqSize) {
    pp.runq[pp.runqtail % runqSize] = gp;
    pp.runqtail++;
    return;
  }
  runqputslow(rt, pp, gp);
}

/** runqputslow: half the local queue (128) plus gp go to the global queue. */
function runqputslow(rt: Runtime, pp: P, gp: G): void {
  const n = (pp.runqtail - pp.runqhead) >>> 1;
  if (n !== runqSize / 2) throw new Error('assertion: runqputslow: queue is not full');
  for (let i = 0; i < n; i++) {
    const g = pp.runq[(pp.runqhead + i) % runqSize]!;
    pp.runq[(pp.runqhead + i) % runqSize] = null;
    globrunqput(rt, g);
  }
  pp.runqhead += n;
  globrunqput(rt, gp);
}

/** runqget: runnext first (inheriting the time slice), then the ring's head. */
function runqget(pp: P, mp: M): G | null {
  const next = pp.runnext;
  if (next !== null) { pp.runnext = null; mp.inheritTime = true; return next; }
  mp.inheritTime = false;
  if (pp.runqhead === pp.runqtail) return null;
  const gp = pp.runq[pp.runqhead % runqSize]!;
  pp.runq[pp.runqhead % runqSize] = null;
  pp.runqhead++;
  return gp;
}

function runqlen(pp: P): number { return pp.runqtail - pp.runqhead + (pp.runnext !== null ? 1 : 0); }

export function globrunqput(rt: Runtime, gp: G): void {
  gp.schedlink = null;
  if (rt.runqtail !== null) rt.runqtail.schedlink = gp; else rt.runqhead = gp;
  rt.runqtail = gp;
  rt.runqsize++;
}

function globrunqpop(rt: Runtime): G | null {
  const gp = rt.runqhead;
  if (gp === null) return null;
  rt.runqhead = gp.schedlink;
  if (rt.runqhead === null) rt.runqtail = null;
  gp.schedlink = null;
  rt.runqsize--;
  return gp;
}

/** globrunqgetbatch: n = min(len, len/GOMAXPROCS+1, max); run one, the rest to the local queue. */
function globrunqget(rt: Runtime, pp: P, max: number): G | null {
  if (rt.runqsize === 0) return null;
  let n = Math.min(rt.runqsize, Math.floor(rt.runqsize / rt.gomaxprocs) + 1, max, runqSize / 2);
  const gp = globrunqpop(rt);
  for (n--; n > 0; n--) runqput(rt, pp, globrunqpop(rt)!, false);
  return gp;
}

// --- idle Ps and Ms -------------------------------------------------------------------------

function pidleput(rt: Runtime, pp: P): void {
  if (!runqempty(pp)) throw new Error('assertion: pidleput: P has non-empty run queue');
  pp.status = _Pidle;
  pp.link = rt.pidle; rt.pidle = pp; rt.npidle++;
}

function pidleget(rt: Runtime): P | null {
  const pp = rt.pidle;
  if (pp === null) return null;
  rt.pidle = pp.link; pp.link = null; rt.npidle--;
  return pp;
}

function* acquirep(mp: M, pp: P): Gen<void> {
  wirep(mp, pp);
  if (!procstatusInPlace(pp, mp.id)) yield procstatus(pp, mp.id);
}

/** wirep: the P and the M take each other. */
function wirep(mp: M, pp: P): void {
  if (mp.p !== null || pp.m !== null) throw new Error(`assertion: wirep: M${mp.id}.p=${mp.p?.id} P${pp.id}.m=${pp.m?.id}`);
  mp.p = pp; pp.m = mp; pp.status = _Prunning;
}


function mget(rt: Runtime): M | null {
  const mp = rt.midle;
  if (mp !== null) { rt.midle = mp.schedlink; mp.schedlink = null; rt.nmidle--; }
  return mp;
}

function* mput(rt: Runtime, mp: M): Gen<void> {
  mp.schedlink = rt.midle; rt.midle = mp; rt.nmidle++;
  yield* checkdead(rt, mp);
}

// --- Ms: wakep, startm, newm, stopm --------------------------------------------------------

/**
 * wakep: start a spinning M if none spins and a P is idle. Most calls find nothing to do
 * and return NOTHING (the checks run at the call, as they ran on the generator's first step).
 */
export function wakep(rt: Runtime, mp: M): Gen<void> {
  if (rt.nmspinning !== 0) return NOTHING;
  rt.nmspinning++;
  const pp = pidleget(rt);
  if (pp === null) { rt.needspinning = 1; rt.nmspinning--; return NOTHING; }
  return startm(rt, mp, pp, true);
}

/** startm: run pp on an idle M (mget, LIFO) or a new one. `self` is the M doing it. */
function* startm(rt: Runtime, self: M, pp: P | null, spinning: boolean): Gen<void> {
  if (pp === null) {
    pp = pidleget(rt);
    if (pp === null) { if (spinning) rt.nmspinning--; return; }
  }
  const nmp = mget(rt);
  if (nmp === null) { yield* newm(rt, self, null, pp, spinning); return; }
  nmp.spinning = spinning;
  nmp.nextp = pp;
  yield* rt.os.notewakeup(nmp.park);
}

/** allocm: the M's g0 stack, gsignal stack, scratch page and park note, from runtime memory. */
function newMStruct(rt: Runtime): M {
  const g0 = new G(rt);
  g0.isSystem = true;
  return new M(g0);
}

function* allocm(rt: Runtime, mp: M = newMStruct(rt)): Gen<M> {
  mp.id = rt.mnext++;
  mrandinit(rt.globalRand, mp); // mcommoninit: the M's own cheaprand state
  if (rt.mnext > maxmcount) throw new GoFatal(`runtime: program exceeds ${maxmcount}-thread limit\nfatal error: thread exhaustion`);
  const base = yield* rt.alloc(MSTRUCT_SIZE + SCRATCH_SIZE + g0StackSize + gsignalStackSize, 4096);
  mp.tls = base;
  mp.park = base + 64;
  mp.scratch = base + MSTRUCT_SIZE;
  mp.g0stack = base + MSTRUCT_SIZE + SCRATCH_SIZE;
  mp.gsignalStack = mp.g0stack + g0StackSize;
  mp.g0.stackLo = mp.g0stack; mp.g0.stackHi = mp.g0stack + g0StackSize;
  yield* rt.os.noteclear(mp.park);
  rt.allm.push(mp);
  rt.mByTls.set(mp.tls, mp);
  rt.stats.msCreated++;
  if (rt.mnext > rt.stats.msPeak) rt.stats.msPeak = rt.mnext;
  return mp;
}

/** newm → allocm → newosproc: clone with all signals blocked around it (as Go does). */
function* newm(rt: Runtime, self: M, fn: ((rt: Runtime, mp: M) => Gen<void>) | null, pp: P | null, spinning: boolean): Gen<M> {
  self.locks++;
  const mp = yield* allocm(rt);
  mp.nextp = pp;
  mp.spinning = spinning;
  mp.mstartfn = fn;
  const sp = mp.g0.stackHi;
  rt.pendingStarts.set(sp, mp);
  yield* rt.os.sigblockAll(self.scratch);
  const tid: number = yield* rt.os.newosproc(sp, mp.tls);
  yield* rt.os.sigrestore(self.scratch);
  self.locks--;
  if (tid < 0) throw new GoFatal(`runtime: failed to create new OS thread (have ${rt.mnext - 1} already; errno=${-tid})\nfatal error: newosproc`);
  if (tid > 0) mp.procid = tid;
  return mp;
}

/** stopm: put the M on the idle list and sleep on its note until startm hands it a P. */
function* stopm(rt: Runtime, mp: M): Gen<void> {
  if (mp.p !== null) throw new Error('assertion: stopm holding p');
  if (mp.spinning) throw new Error('assertion: stopm spinning');
  yield* mput(rt, mp);
  if (!mstatusInPlace(mp, 'idle')) yield mstatus(mp, 'idle');
  yield* rt.os.notesleep(mp.park, mp.scratch);
  if (rt.exiting) { for (;;) yield* rt.os.notesleep(mp.park, mp.scratch); }
  const pp = mp.nextp!;
  mp.nextp = null;
  yield* acquirep(mp, pp);
  const ms = mp.spinning ? 'spinning' : 'running';
  if (!mstatusInPlace(mp, ms)) yield mstatus(mp, ms);
}

function becomeSpinning(rt: Runtime, mp: M): void { mp.spinning = true; rt.nmspinning++; rt.needspinning = 0; }

function resetspinning(rt: Runtime, mp: M): Gen<void> {
  mp.spinning = false;
  rt.nmspinning--;
  if (rt.nmspinning < 0) throw new Error('assertion: findRunnable: negative nmspinning');
  // A plain function while its probe retires in place (an M that found work by stealing ends its spinning here)
  if (!mstatusInPlace(mp, 'running')) return resetspinningProbe(rt, mp);
  return wakep(rt, mp);
}

/** resetspinning's rest when its probe must be yielded. */
function* resetspinningProbe(rt: Runtime, mp: M): Gen<void> {
  yield mstatus(mp, 'running');
  yield* wakep(rt, mp);
}

/** handoffp: a P leaving a syscall or a blocked M: start an M for it if there is work, else idle it. */
function* handoffp(rt: Runtime, self: M, pp: P): Gen<void> {
  rt.stats.handoffs++;
  if (rt.gcwaiting) { yield* pgcstop(rt, pp); return; }
  if (!runqempty(pp) || rt.runqsize !== 0) { yield* startm(rt, self, pp, false); return; }
  if (rt.nmspinning + rt.npidle === 0) { rt.nmspinning++; yield* startm(rt, self, pp, true); return; }
  // The last running P with nobody polling the network: keep an M on it so someone will.
  if (rt.np.inited > 0 && rt.npidle === rt.gomaxprocs - 1 && rt.np.lastpoll !== 0) { yield* startm(rt, self, pp, false); return; }
  const when = nextTimerWhen(pp);
  if (rt.gcwaiting) { yield* pgcstop(rt, pp); return; } // a stop began while we looked
  pidleput(rt, pp);
  yield procstatus(pp, -1);
  if (when !== 0) yield* wakeNetPoller(rt, self, when);
}

/** wakeNetPoller: a timer at `when` was added; wake the M sleeping until a later time, or wakep. */
export function* wakeNetPoller(rt: Runtime, self: M, when: number): Gen<void> {
  const poller = rt.pollingM;
  if (poller !== null) {
    if (rt.pollUntil === 0 || rt.pollUntil > when) {
      rt.pollUntil = when;
      if (rt.np.inited > 0) yield* netpollBreak(rt.np, self.scratch);
      else yield* rt.os.notewakeup(poller.park);
    }
    return;
  }
  yield* wakep(rt, self);
}

// --- stopping the world ----------------------------------------------------------------------

/** A P given to a pending stop of the world: _Pgcstop, and the stopper woken when it was the last. */
function* pgcstop(rt: Runtime, pp: P): Gen<void> {
  pp.status = _Pgcstop;
  rt.stopwait--;
  if (rt.stopwait < 0) throw new Error('assertion: stopwait < 0');
  yield procstatus(pp, -1);
  if (rt.stopwait === 0) yield* rt.os.notewakeup(rt.stopnote);
}

/** gcstopm: the M's P stops for the pending stop of the world; the M sleeps until the world starts. */
function* gcstopm(rt: Runtime, mp: M): Gen<void> {
  if (!rt.gcwaiting) throw new Error('assertion: gcstopm: not waiting');
  if (mp.spinning) { mp.spinning = false; rt.nmspinning--; }
  const pp = mp.p!;
  pp.m = null; mp.p = null;
  yield* pgcstop(rt, pp);
  yield* stopm(rt, mp);
}

/** preemptall: ask every running G (but the caller's) to stop at its next safe point. */
function* preemptall(rt: Runtime, self: M): Gen<void> {
  for (const pp of rt.allp) if (pp.status === _Prunning) yield* preemptone(rt, self, pp);
}

/**
 * stopTheWorldWithSema: every P to _Pgcstop. The caller's P stops at once, idle Ps and Ps
 * of Ms in syscalls are taken directly, running Gs are preempted (stackguard0 and SIGURG)
 * and their Ms give up their Ps in schedule (gcstopm); the caller sleeps on stopnote,
 * preempting again every 100 µs, until none is left. Returns when it started (ns).
 * Called on a goroutine that keeps its M (acquirem) until startTheWorld.
 */
export function* stopTheWorld(reason: string): Gen<number> {
  const gp = getg(); const rt = gp.rt as Runtime;
  while (rt.worldsema) yield* Gosched(); // semacquire(&worldsema)
  rt.worldsema = true;
  const mp = acquirem();
  const t0 = yield* rt.nanotime();
  yield usdtInstr(GO_EVENTS.stw, rt.gomaxprocs, 0, reason);
  yield* rt.os.noteclear(rt.stopnote); // a wake-up the last stop did not sleep for
  rt.stopwait = rt.gomaxprocs;
  rt.gcwaiting = true;
  if (!computeInPlace(RT_COSTS.goStopTheWorld)) yield compute(RT_COSTS.goStopTheWorld);
  yield* preemptall(rt, mp);
  const own = mp.p!;
  own.status = _Pgcstop; rt.stopwait--;
  yield procstatus(own, mp.id);
  for (const pp of rt.allp) if (pp.status === _Psyscall) yield* pgcstop(rt, pp);
  for (let pp = pidleget(rt); pp !== null; pp = pidleget(rt)) yield* pgcstop(rt, pp);
  while (rt.stopwait > 0) {
    if (yield* rt.os.notetsleep(rt.stopnote, 100_000, mp.scratch, rt.cyclesPerNs)) continue;
    yield* preemptall(rt, mp);
  }
  for (const pp of rt.allp) if (pp.status !== _Pgcstop) throw new Error(`assertion: stopTheWorld: P${pp.id} is ${pStatusName[pp.status]}`);
  return t0;
}

/**
 * startTheWorldWithSema: the Ps go back to work — the caller's keeps running, those with
 * runnable Gs get an M (an idle one or a new thread), the rest go idle — and sysmon is woken.
 * Returns the pause: from stopTheWorld's start until now (ns).
 */
export function* startTheWorld(t0: number): Gen<number> {
  const gp = getg(); const rt = gp.rt as Runtime;
  const mp = gp.m!;
  if (!rt.gcwaiting || rt.stopwait !== 0) throw new Error('assertion: startTheWorld without a stopped world');
  if (!computeInPlace(RT_COSTS.goStartTheWorld)) yield compute(RT_COSTS.goStartTheWorld);
  rt.gcwaiting = false;
  const own = mp.p!;
  own.status = _Prunning;
  yield procstatus(own, mp.id);
  const runnable: P[] = [];
  for (const pp of rt.allp) {
    if (pp === own || pp.status !== _Pgcstop) continue;
    if (runqempty(pp)) { pidleput(rt, pp); yield procstatus(pp, -1); }
    else { pp.status = _Pidle; runnable.push(pp); }
  }
  for (const pp of runnable) yield* startm(rt, mp, pp, false);
  if (rt.sysmonwait) { rt.sysmonwait = false; yield* rt.os.notewakeup(rt.sysmonnote); }
  const pause = (yield* rt.nanotime()) - t0;
  rt.stwCount++; rt.stwTotalNs += pause;
  yield usdtInstr(GO_EVENTS.stw, pause, 1, '');
  releasem(mp);
  rt.worldsema = false;
  yield* wakep(rt, mp); // global work, if there is an idle P for it
  return pause;
}

// --- goroutines ----------------------------------------------------------------------------

/** newproc: create a G running fn(...args), put it in runnext, wakep. */
export function newproc(fn: (...a: any[]) => Gen<unknown>, args: unknown[], roots?: FrameRoots): Gen<G> {
  // One generator for the whole of it (a `go` statement makes one G): newprocOn's, which releases the M.
  const gp = getg();
  const mp = acquirem();
  return newprocM(mp, mp.p!, fn, args, gp, roots, true);
}

/** newproc on the M mp holding pp — also from g0 (a timer's function), with no parent goroutine. */
/** roots: a compiled Go function's arguments, in the new stack's first frame until it returns (what the collector scans). */
export function newprocOn(mp: M, pp: P, fn: (...a: any[]) => Gen<unknown>, args: unknown[], parent: G | null = null, roots?: FrameRoots): Gen<G> {
  return newprocM(mp, pp, fn, args, parent, roots, false);
}

// A `go` statement makes one G, and a program may make millions: newproc's common case — its
// charge, the first frame's touch, the creation probe and the status change's probe retired in
// place (instr.ts), a dead G with its stack taken from the free list, no clock to read — is a
// plain function that makes no generator. Where one of those steps must yield, newprocFrom goes
// on from there as a generator: the same instructions in the same order either way.
/** Where newproc's plain run stopped: its charge, gfget finding no dead G, the touch, the clock read, the creation probe, the status change's probe (the change made). */
const NP_CHARGE = 0;
const NP_NEWG = 1;
const NP_TOUCH = 2;
const NP_CLOCK = 3;
const NP_CREATE = 4;
const NP_STATUS_PROBE = 5;
const NP_DONE = 6;

/** The G newproc1InPlace worked on (set whatever step it stopped at). */
let np1G: G | null = null;

/** newprocOn, and releasem(mp) at its end when newproc acquired it. */
function newprocM(mp: M, pp: P, fn: (...a: any[]) => Gen<unknown>, args: unknown[], parent: G | null, roots: FrameRoots | undefined, release: boolean): Gen<G> {
  const rt = mp.g0.rt as Runtime;
  if (!computeInPlace(RT_COSTS.goNewproc)) return newprocFrom(NP_CHARGE, rt, mp, pp, fn, args, parent, roots, release, null);
  const from = newproc1InPlace(rt, pp, fn, args, parent);
  const newg = np1G; np1G = null;
  if (from !== NP_DONE) return newprocFrom(from, rt, mp, pp, fn, args, parent, roots, release, newg);
  return newprocQueue(rt, mp, pp, newg!, roots, release);
}

/** The rest of newproc from step `from` (newg: the G it has, from NP_TOUCH on), its instructions yielded. */
function* newprocFrom(from: number, rt: Runtime, mp: M, pp: P, fn: (...a: any[]) => Gen<unknown>, args: unknown[], parent: G | null,
  roots: FrameRoots | undefined, release: boolean, newg: G | null): Gen<G> {
  if (from === NP_CHARGE) { yield compute(RT_COSTS.goNewproc); from = NP_NEWG; }
  if (from === NP_TOUCH) { // the common case here (the core ran past the sync limit): the rest in place again
    yield touchInstr(newg!.stackHi - 64, 64, true);
    from = newproc1AfterTouch(rt, pp, fn, args, parent, newg!);
    if (from === NP_DONE) return yield* newprocQueue(rt, mp, pp, newg!, roots, release);
  }
  const gp = yield* newproc1From(from, rt, pp, fn, args, parent, false, newg);
  return yield* newprocQueue(rt, mp, pp, gp, roots, release);
}

/** newproc's end: the G's first frame's roots, runnext, wakep, releasem. */
function newprocQueue(rt: Runtime, mp: M, pp: P, newg: G, roots: FrameRoots | undefined, release: boolean): Gen<G> {
  // a go statement without arguments: nothing of its own to scan, so its function's frame is the outermost
  newg.gframe0 = roots === undefined ? null : typeof roots !== 'function' && roots.length === 0 ? NO_FRAME : roots;
  if (roots === undefined) newg.gframes = null;
  else if (newg.gframes !== null) { const f = newg.gframes; while (f.length > 0) f.pop(); } // the dead G's array, kept (its frames returned: it is empty)
  runqput(rt, pp, newg, true);
  const rest = rt.mainStarted ? wakep(rt, mp) : NOTHING;
  if (rest === NOTHING) {
    if (release) releasem(mp);
    return returning(newg);
  }
  return wakepThenReturn(mp, rest, release, newg);
}

function* wakepThenReturn(mp: M, rest: Gen<void>, release: boolean, newg: G): Gen<G> {
  yield* rest;
  if (release) releasem(mp);
  return newg;
}

/** A runtime goroutine (GC worker, bgsweep, forcegchelper): made parked with `reason`, not counted by NumGoroutine. */
export function* newSystemG(fn: (...a: any[]) => Gen<unknown>, args: unknown[], reason: string): Gen<G> {
  const gp = getg(); const rt = gp.rt as Runtime;
  const mp = acquirem();
  if (!computeInPlace(RT_COSTS.goNewproc)) yield compute(RT_COSTS.goNewproc);
  const newg = yield* newproc1From(NP_NEWG, rt, mp.p!, fn, args, gp, true, null);
  newg.waitreason = reason;
  yield casgstatus(rt, newg, _Grunnable, _Gwaiting, mp.p!.id);
  releasem(mp);
  return newg;
}

/** runqdrain → globrunqputbatch: everything in pp's local queue goes to the global queue. */
export function runqdrainToGlobal(rt: Runtime, pp: P): void {
  if (pp.runnext !== null) { globrunqput(rt, pp.runnext); pp.runnext = null; }
  while (pp.runqhead !== pp.runqtail) {
    const g = pp.runq[pp.runqhead % runqSize]!; pp.runq[pp.runqhead % runqSize] = null; pp.runqhead++;
    globrunqput(rt, g);
  }
}

/** pollWork: other goroutines want this P (what ends an idle-priority GC worker). */
export function pollWork(rt: Runtime, pp: P): boolean { return rt.runqsize > 0 || !runqempty(pp); }

/**
 * newproc1 as far as it goes in place, for a user goroutine: the step it stopped at (NP_DONE if
 * none), its G in np1G. A G is made new (malg) only by newproc1From.
 */
function newproc1InPlace(rt: Runtime, pp: P, fn: (...a: any[]) => Gen<unknown>, args: unknown[], parent: G | null): number {
  const newg = gfget(rt, pp);
  if (newg === null) return NP_NEWG;
  np1G = newg;
  // The first frame: what newproc1 writes at the top of the new stack.
  if (!touchInPlace(newg.stackHi - 64, 64, true)) return NP_TOUCH;
  return newproc1AfterTouch(rt, pp, fn, args, parent, newg);
}

/** newproc1InPlace after the first frame's touch. */
function newproc1AfterTouch(rt: Runtime, pp: P, fn: (...a: any[]) => Gen<unknown>, args: unknown[], parent: G | null, newg: G): number {
  initG(rt, newg, fn, args, parent, false);
  if (newg.tracking) {
    const now = rt.nanotimeInPlace();
    if (now < 0) return NP_CLOCK;
    newg.runnableTime = now;
  }
  countG(rt, false);
  if (!usdtInPlace(GO_EVENTS.goCreate, newg.goid, newg.parentGoid, newg.startFn)) return NP_CREATE;
  if (!casgstatusInPlace(rt, newg, _Gdead, _Grunnable, pp.id)) return NP_STATUS_PROBE;
  return NP_DONE;
}

/** newproc1 from step `from` (newg: the G it has, from NP_TOUCH on), its instructions yielded. */
function* newproc1From(from: number, rt: Runtime, pp: P, fn: (...a: any[]) => Gen<unknown>, args: unknown[], parent: G | null,
  system: boolean, newg: G | null): Gen<G> {
  if (from === NP_NEWG) {
    newg = gfget(rt, pp);
    if (newg === null) {
      newg = new G(rt);
      newg.atomicstatus = _Gdead;
      newg.isSystem = system;
      if (!system) rt.gcount[_Gdead]!++;
      yield* stackNewG(rt, newg);
      rt.allgs.push(newg);
    }
  }
  const gp = newg!;
  if (from <= NP_TOUCH) {
    yield touchInstr(gp.stackHi - 64, 64, true);
    initG(rt, gp, fn, args, parent, system);
  }
  if (from <= NP_CLOCK) {
    if (gp.tracking) gp.runnableTime = yield* rt.nanotime();
    countG(rt, system);
  }
  if (from <= NP_CREATE) {
    if (!usdtInPlace(GO_EVENTS.goCreate, gp.goid, gp.parentGoid, gp.startFn)) yield usdtInstr(GO_EVENTS.goCreate, gp.goid, gp.parentGoid, gp.startFn);
    if (!casgstatusInPlace(rt, gp, _Gdead, _Grunnable, pp.id)) yield gstatusProbe(gp, pp.id);
  } else yield gstatusProbe(gp, pp.id);
  return gp;
}

/** newproc1's setting up of the G to start fn(...args), after the first frame's touch. */
function initG(rt: Runtime, newg: G, fn: (...a: any[]) => Gen<unknown>, args: unknown[], parent: G | null, system: boolean): void {
  stackStart(newg);
  newg.gen = fn(...args);
  newg.ret = undefined;
  newg.startFn = fn.name || 'func1';
  newg.parentGoid = parent?.goid ?? 0;
  newg.parentFn = parent === null ? '' : parent.goid === 1 ? 'main' : parent.startFn;
  newg.goSite = null;
  newg.ncallers = 0;
  newg.createdSite = parent?.goSite ?? null;
  newg.goid = ++rt.goidgen;
  newg.race = rt.race !== null && !system ? rt.race.newThread(newg.goid, parent?.race ?? null) : null;
  if (newg.race !== null && parent?.race != null) newg.race.created = raceCreatedAt(parent.race) ?? newg.race.created;
  newg.tracking = newg.goid % gTrackingPeriod === 0;
  // For the lints: a program that notes no sites (TypeScript) has its go statement read from the JavaScript stack
  if (newg.createdSite === null && rt.lint.sem.count !== 0) newg.createdSite = callSite();
  newg.deferFrame = null; newg._panic = null; newg.deferDepth = 0;
  const rare = newg.rare;
  if (rare !== null) { rare.syscallSite = null; rare.resumeCompute = 0; }
  newg.waitreason = '';
}

/** The live goroutines' counts (a system G is not one of them). */
function countG(rt: Runtime, system: boolean): void {
  if (system) return;
  rt.ngLive++;
  rt.stats.goroutinesCreated++;
  if (rt.ngLive > rt.stats.goroutinesPeak) rt.stats.goroutinesPeak = rt.ngLive;
}

/** gfput: a dead G (with its stack) onto the P's free list; spill to the global list at 64. */
function gfput(rt: Runtime, pp: P, gp: G): void {
  gp.schedlink = pp.gFree; pp.gFree = gp; pp.gFreeN++;
  if (pp.gFreeN >= 64) {
    while (pp.gFreeN > 32) {
      const g: G = pp.gFree!; pp.gFree = g.schedlink; pp.gFreeN--;
      g.schedlink = rt.gFree; rt.gFree = g; rt.gFreeN++;
    }
  }
}

function gfget(rt: Runtime, pp: P): G | null {
  if (pp.gFree === null && rt.gFree !== null) {
    while (pp.gFreeN < 32 && rt.gFree !== null) {
      const g: G = rt.gFree; rt.gFree = g.schedlink; rt.gFreeN--;
      g.schedlink = pp.gFree; pp.gFree = g; pp.gFreeN++;
    }
  }
  const gp = pp.gFree;
  if (gp === null) return null;
  pp.gFree = gp.schedlink; pp.gFreeN--; gp.schedlink = null;
  return gp;
}

/**
 * gopark: park the current G with `reason`; `commit` runs on g0 after it is parked (false = resume
 * at once). Returns the SWITCH for the caller to yield (`yield gopark(...)`): no instruction comes
 * between the caller's enqueue and the park (see park_m), and no generator is made for it.
 */
export function gopark(commit: ((gp: G, mp: M) => Gen<boolean> | boolean) | null, reason: string): Instr {
  const gp = getg(); const mp = gp.m!;
  if (mp.locks !== 0) throw new Error(`assertion: gopark: holding locks (${mp.locks})`);
  mp.waitunlockf = commit;
  gp.waitreason = reason;
  if (gp.goSite !== null) gp.parkSite = gp.goSite; // a compiled program says where it is: no stack to read
  else if ((gp.rt as Runtime).lint.sem.count !== 0) gp.parkSite = callSite();
  mp.switchReq = SW_PARK;
  return SWITCH;
}

/**
 * goready: make a parked G runnable in the current P's runnext, then wakep. A plain function
 * like ready: NOTHING when all of it was done in place, else the rest for the caller to run
 * (`yield* goready(gp)`), with the M still held until the rest is done.
 */
export function goready(gp: G): Gen<void> {
  const mp = acquirem();
  const rest = ready(gp.rt as Runtime, mp, mp.p!, gp, getg().goid);
  if (rest === NOTHING) { releasem(mp); return NOTHING; }
  return releasemAfter(mp, rest);
}

function* releasemAfter(mp: M, rest: Gen<void>): Gen<void> {
  yield* rest;
  releasem(mp);
}

/**
 * ready (on any M holding pp): _Gwaiting → _Grunnable, runnext, wakep. A plain function on the
 * fast path: its instructions retired in place (instr.ts), it returns wakep's NOTHING; where
 * one does not fit in the batch, or tracking reads the clock, or an M must be started, it
 * returns the generator that does the rest from there (`yield* ready(...)` either way).
 */
export function ready(rt: Runtime, mp: M, pp: P, gp: G, waker: number): Gen<void> {
  if (!computeInPlace(RT_COSTS.goReady)) return readyFrom(READY_CHARGE, rt, mp, pp, gp, waker);
  if (!usdtInPlace(GO_EVENTS.goUnblock, gp.goid, waker)) return readyFrom(READY_UNBLOCK, rt, mp, pp, gp, waker);
  if (!casgstatusInPlace(rt, gp, _Gwaiting, _Grunnable, pp.id)) return readyFrom(READY_STATUS_PROBE, rt, mp, pp, gp, waker);
  if (gp.tracking) return runnextTracked(rt, mp, pp, gp);
  runqput(rt, pp, gp, true);
  return wakep(rt, mp);
}

/** Where ready's in-place run stopped: its compute, the unblock probe, or the status change's probe (the change made). */
const READY_CHARGE = 0;
const READY_UNBLOCK = 1;
const READY_STATUS_PROBE = 2;

/** The rest of ready from `from`, its instructions yielded. */
function* readyFrom(from: number, rt: Runtime, mp: M, pp: P, gp: G, waker: number): Gen<void> {
  if (from === READY_CHARGE) yield compute(RT_COSTS.goReady);
  if (from <= READY_UNBLOCK) {
    yield usdtInstr(GO_EVENTS.goUnblock, gp.goid, waker);
    yield casgstatus(rt, gp, _Gwaiting, _Grunnable, pp.id);
  } else yield gstatusProbe(gp, pp.id);
  yield* runnextTracked(rt, mp, pp, gp);
}

/** ready's last part: the sampled runnable time, runnext, wakep. */
function* runnextTracked(rt: Runtime, mp: M, pp: P, gp: G): Gen<void> {
  if (gp.tracking) gp.runnableTime = yield* rt.nanotime();
  runqput(rt, pp, gp, true);
  yield* wakep(rt, mp);
}

/** runtime.Gosched: the G goes to the global queue. */
export function* Gosched(): Gen<void> {
  yield* morestackc();
  const gp = getg();
  gp.m!.switchReq = SW_GOSCHED;
  yield SWITCH;
}

/** goyield: like Gosched, but to the local queue's tail (semrelease handoff). */
export function* goyield(): Gen<void> {
  getg().m!.switchReq = SW_GOYIELD;
  yield SWITCH;
}

/** The prologue of a Go function: stackguard0 poisoned by preemptone → newstack → gopreempt_m. */
export function* morestackc(): Gen<void> {
  const gp = getg();
  if (gp.stackguard0 !== stackPreempt) return;
  const mp = gp.m!;
  if (!gp.preempt || mp.locks !== 0 || mp.p === null || mp.p.status !== _Prunning) {
    if (!gp.preempt) gp.stackguard0 = gp.stackLo + stackGuard;
    return;
  }
  mp.switchReq = SW_PREEMPT_COOP;
  yield SWITCH;
}

/** Call a Go-style function through its prologue (the cooperative preemption point). */
export function* call<A extends unknown[], R>(fn: (...a: A) => Gen<R>, ...args: A): Gen<R> {
  if (!computeInPlace(RT_COSTS.goPrologue)) yield compute(RT_COSTS.goPrologue);
  if (getg().stackguard0 === stackPreempt) yield* morestackc();
  return yield* fn(...args);
}

// --- syscalls ----------------------------------------------------------------------------

/**
 * entersyscall: G → _Gsyscall, the P → _Psyscall (kept as oldp), the M keeps going into the kernel.
 * A plain function while its charge and probes retire in place (one syscall in two of a server
 * passes here): NOTHING when all of it was done, else the rest from the step that must yield.
 */
export function entersyscall(): Gen<void> {
  const gp = getg(); const rt = gp.rt as Runtime;
  const mp = gp.m!;
  mp.locks++;
  if (rt.lint.sem.count !== 0) { const r = gRare(gp); r.syncOps++; r.syscallSite = callSite(); }
  const at = entersyscallSteps(ES_CHARGE, rt, gp, mp);
  return at === ES_DONE ? NOTHING : entersyscallFrom(at, rt, gp, mp);
}

// entersyscall's steps, in order; a step that stops leaves what it could not do for the generator.
/** The charge: compute(goEntersyscall) to yield. */
const ES_CHARGE = 0;
/** The G's status is changed: its probe to yield. */
const ES_GSTATUS = 1;
/** sysmon sleeps: wake it (notewakeup), nothing of it done yet. */
const ES_SYSMON = 2;
/** The P is detached and a stop of the world is pending: the P goes to it (pgcstop). */
const ES_GCSTOP = 3;
/** The P is detached: its probe to yield. */
const ES_PSTATUS = 4;
/** The M's probe to yield. */
const ES_MSTATUS = 5;
const ES_DONE = 6;
/** The step after each one's yield. */
const ES_NEXT = [ES_GSTATUS, ES_SYSMON, ES_GCSTOP, ES_MSTATUS, ES_MSTATUS, ES_DONE];

/** entersyscall from step `from` on, in place while each step can be: the step that must yield, or ES_DONE. */
function entersyscallSteps(from: number, rt: Runtime, gp: G, mp: M): number {
  if (from <= ES_CHARGE && !computeInPlace(RT_COSTS.goEntersyscall)) return ES_CHARGE;
  if (from <= ES_GSTATUS) {
    const pp = mp.p!;
    gp.stackguard0 = stackPreempt; // throwsplit
    mp.syscalltick = pp.syscalltick;
    if (!casgstatusInPlace(rt, gp, _Grunning, _Gsyscall, pp.id)) return ES_GSTATUS;
  }
  if (from <= ES_SYSMON && rt.sysmonwait) return ES_SYSMON;
  if (from <= ES_GCSTOP) {
    const pp = mp.p!;
    pp.m = null; mp.oldp = pp; mp.p = null;
    pp.status = _Psyscall;
    // entersyscall_gcwait: a stop of the world is pending, so the P goes to it now rather than at the next sysmon tick.
    if (rt.gcwaiting) return ES_GCSTOP;
    if (!procstatusInPlace(pp, mp.id)) return ES_PSTATUS;
  }
  if (from <= ES_MSTATUS && !mstatusInPlace(mp, 'syscall')) return ES_MSTATUS;
  mp.locks--;
  return ES_DONE;
}

/** The rest of entersyscall from the step `at` that must yield. */
function* entersyscallFrom(at: number, rt: Runtime, gp: G, mp: M): Gen<void> {
  do {
    switch (at) {
      case ES_CHARGE: yield compute(RT_COSTS.goEntersyscall); break;
      case ES_GSTATUS: yield gstatusProbe(gp, mp.p!.id); break;
      case ES_SYSMON: rt.sysmonwait = false; yield* rt.os.notewakeup(rt.sysmonnote); break;
      case ES_GCSTOP: yield* pgcstop(rt, mp.oldp!); break;
      case ES_PSTATUS: yield procstatus(mp.oldp!, mp.id); break;
      case ES_MSTATUS: yield mstatus(mp, 'syscall'); break;
    }
    at = entersyscallSteps(ES_NEXT[at]!, rt, gp, mp);
  } while (at !== ES_DONE);
}

/**
 * exitsyscall: fast path (old P still in _Psyscall, or an idle P), else exitsyscall0 on g0.
 * Plain like entersyscall: NOTHING when its charge and probes all retired in place.
 */
export function exitsyscall(): Gen<void> {
  const gp = getg(); const rt = gp.rt as Runtime;
  const mp = gp.m!;
  mp.locks++;
  const oldp = mp.oldp; mp.oldp = null;
  let pp: P | null = null;
  if (oldp !== null && oldp.status === _Psyscall && oldp.m === null) {
    oldp.status = _Pidle;
    pp = oldp;
  } else {
    pp = pidleget(rt);
    if (pp === null) return exitsyscall0(mp);
    if (rt.sysmonwait) return exitsyscallFrom(XS_SYSMON, rt, gp, mp, pp);
  }
  const at = exitsyscallSteps(XS_ACQUIRE, rt, gp, mp, pp);
  return at === XS_DONE ? NOTHING : exitsyscallFrom(at, rt, gp, mp, pp);
}

/** No P to go on with: switch to g0 for exitsyscall0 (schedule's SW_EXITSYSCALL). */
function* exitsyscall0(mp: M): Gen<void> {
  mp.locks--;
  mp.switchReq = SW_EXITSYSCALL;
  yield SWITCH;
}

// exitsyscall's steps with a P in hand, in order, as entersyscall's.
/** sysmon sleeps and the P came from the idle list: wake it (notewakeup), nothing of it done yet. */
const XS_SYSMON = 0;
/** The P is acquired (wirep): its probe to yield. */
const XS_ACQUIRE = 1;
/** The G's status is changed: its probe to yield. */
const XS_GSTATUS = 2;
/** The M's probe to yield. */
const XS_MSTATUS = 3;
/** The charge: compute(goExitsyscall) to yield. */
const XS_CHARGE = 4;
const XS_DONE = 5;

/** exitsyscall from step `from` on, in place while each step can be: the step that must yield, or XS_DONE. */
function exitsyscallSteps(from: number, rt: Runtime, gp: G, mp: M, pp: P): number {
  if (from <= XS_ACQUIRE) {
    wirep(mp, pp);
    if (!procstatusInPlace(pp, mp.id)) return XS_ACQUIRE;
  }
  if (from <= XS_GSTATUS) {
    pp.syscalltick++;
    if (!casgstatusInPlace(rt, gp, _Gsyscall, _Grunning, pp.id)) return XS_GSTATUS;
  }
  if (from <= XS_MSTATUS && !mstatusInPlace(mp, 'running')) return XS_MSTATUS;
  if (from <= XS_CHARGE) {
    gp.stackguard0 = gp.preempt ? stackPreempt : gp.stackLo + stackGuard;
    if (!computeInPlace(RT_COSTS.goExitsyscall)) return XS_CHARGE;
  }
  mp.locks--;
  return XS_DONE;
}

/** The rest of exitsyscall from the step `at` that must yield. */
function* exitsyscallFrom(at: number, rt: Runtime, gp: G, mp: M, pp: P): Gen<void> {
  do {
    switch (at) {
      case XS_SYSMON: rt.sysmonwait = false; yield* rt.os.notewakeup(rt.sysmonnote); break;
      case XS_ACQUIRE: yield procstatus(pp, mp.id); break;
      case XS_GSTATUS: yield gstatusProbe(gp, pp.id); break;
      case XS_MSTATUS: yield mstatus(mp, 'running'); break;
      case XS_CHARGE: yield compute(RT_COSTS.goExitsyscall); break;
    }
    at = exitsyscallSteps(at + 1, rt, gp, mp, pp);
  } while (at !== XS_DONE);
}

/** A blocking call into the OS (through rt.os) wrapped in entersyscall/exitsyscall, as syscall.Syscall wraps a raw one. */
export function* syscallBlocking<T>(call: Gen<T>): Gen<T> {
  yield* entersyscall();
  const r = yield* call;
  yield* exitsyscall();
  return r;
}

/** syscall.Syscall6: a raw syscall wrapped in entersyscall/exitsyscall. */
export function* Syscall(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): Gen<number> {
  yield* entersyscall();
  const r: number = yield* trap(nr, a0, a1, a2, a3, a4, a5);
  yield* exitsyscall();
  return r;
}

// --- the M's loop --------------------------------------------------------------------------

/** mstart on a new thread: minit (tid, signal stack, signal mask), then the start function, or a P and schedule(). */
function mstart(rt: Runtime, mp: M): Program {
  if (mp.mstartfn !== null) return mstartfn(rt, mp);
  return schedule(rt, mp, mstart1(rt, mp));
}

function* mstartfn(rt: Runtime, mp: M): Gen<void> {
  yield* setsp(mp.g0.stackHi);
  yield* minit(rt, mp);
  yield* mp.mstartfn!(rt, mp);
}

function* mstart1(rt: Runtime, mp: M): Gen<void> {
  yield* setsp(mp.g0.stackHi);
  yield* minit(rt, mp);
  const pp = mp.nextp!;
  mp.nextp = null;
  yield* acquirep(mp, pp);
  yield mstatus(mp, mp.spinning ? 'spinning' : 'running');
}

function* minit(rt: Runtime, mp: M): Gen<void> {
  mp.procid = yield* rt.os.gettid();
  mp.thread = yield* rt.os.threadHandle(mp.scratch);
  yield* rt.os.signalstack(mp.gsignalStack, gsignalStackSize, mp.scratch);
  yield* rt.os.sigunblockAll(mp.scratch);
}

/**
 * schedule: find a runnable G and run it (execute + gogo), forever. This loop is the M's
 * program itself, so the instructions a goroutine yields reach the core through one
 * generator level; everything g0 does (findRunnable, park_m, ...) is delegated.
 */
function* schedule(rt: Runtime, mp: M, init: Gen<void> | null): Gen<void> {
  if (init !== null) yield* init;
  for (;;) {
    let gp = mp.runImmediately;
    let inheritTime = true;
    if (gp !== null) {
      mp.runImmediately = null;
      // A stop of the world is pending: the G waits in runnext, the P stops (findRunnable's gcstopm).
      if (rt.gcwaiting) { runqput(rt, mp.p!, gp, true); gp = null; }
    }
    if (gp === null) {
      if (mp.p === null) yield* stopm(rt, mp);
      const found = findRunnable(rt, mp);
      gp = returnedOr(found, null) ?? (yield* found);
      inheritTime = mp.inheritTime;
      if (mp.spinning) { const rest = resetspinning(rt, mp); if (rest !== NOTHING) yield* rest; }
    }
    // execute: run gp on this M (schedtick++ unless it inherits the time slice).
    const pp = mp.p!;
    mp.curg = gp; gp.m = mp;
    if (!casgstatusInPlace(rt, gp, _Grunnable, _Grunning, pp.id)) yield gstatusProbe(gp, pp.id);
    gp.waitsince = 0;
    gp.preempt = false;
    gp.stackguard0 = gp.stackLo + stackGuard;
    // A stop of the world began after findRunnable looked: this G stops at its first safe point.
    if (rt.gcwaiting) { gp.preempt = true; gp.stackguard0 = stackPreempt; }
    if (!inheritTime) pp.schedtick++;
    if (gp.tracking) {
      let now = rt.nanotimeInPlace();
      if (now < 0) now = yield* rt.nanotime();
      const d = Math.max(1, now - gp.runnableTime);
      rt.latencyHist[Math.min(63, Math.floor(Math.log2(d)))]!++;
      rt.latencyN++;
    }
    if (!computeInPlace(RT_COSTS.goSchedule)) yield compute(RT_COSTS.goSchedule);
    // gogo: step the goroutine's generator until it switches to g0.
    let ret = gp.ret;
    gp.ret = undefined;
    mp.onG = true;
    if (gp.rare !== null && gp.rare.resumeCompute > 0) {
      const c = gp.rare.resumeCompute; gp.rare.resumeCompute = 0;
      if (!computeInPlace(c)) yield compute(c);
    }
    let gen = gp.gen!;
    for (;;) {
      if (mp.asyncPreempt) {
        mp.asyncPreempt = false;
        mp.onG = false;
        gp.ret = ret;
        rt.stats.preemptAsync++;
        yield* gopreempt_m(rt, mp, gp);
        break;
      }
      curG = gp;
      const watch = gp.race !== null;
      if (watch) raceWatchBegin(gp);
      let r: IteratorResult<Instr, unknown>;
      try {
        r = gen.next(ret);
      } catch (e) {
        if (watch) raceWatchEnd();
        curG = null; mp.onG = false;
        if (e instanceof GoExit) { const rest = goexit0(rt, mp, gp); if (rest !== NOTHING) yield* rest; break; }
        if (e instanceof GoPanic || e instanceof GoFatal) { yield* fatalpanic(rt, mp, gp, e); break; }
        throw e;
      }
      if (watch) raceWatchEnd();
      if (r.done === true) {
        // A tail call's callee, or the frame the bottom one returns into (tailcall).
        const frames = gp.frames;
        if (frames !== null && frames.length > 0) { gen = gp.gen = frames.pop()!; ret = undefined; continue; }
        curG = null; mp.onG = false;
        const rest = goexit0(rt, mp, gp);
        if (rest !== NOTHING) yield* rest;
        break;
      }
      const ins = r.value;
      if (ins === SWITCH) {
        curG = null; mp.onG = false;
        const rest = mcallSwitch(rt, mp, gp);
        if (rest !== NOTHING) yield* rest;
        break;
      }
      ret = yield ins;
    }
  }
}

const timersOut: TimersCheck = { now: 0, pollUntil: 0, ran: false };

// findRunnable's common case — no stop of the world, the clock read in place, no timer due,
// no GC worker to start, a G in this P's queues — is a plain function that returns the G as
// a finished run (returning), as ready and park_m are plain: a schedule makes no generator
// when it finds work at once. Otherwise findRunnableLoop goes on from where it stopped.
const FR_START = 0;
/** The clock is read (and charged): the first pass starts at the timers. */
const FR_CLOCK_READ = 1;
/** Steps 1–6 found nothing: the first pass starts at the global queue. */
const FR_LOCAL_EMPTY = 2;
/** Step 9: the M became spinning, the probe that shows it still to yield, then the steal. */
const FR_SPIN_PROBE = 3;
/** Step 9: spinning, and the steal must run as a generator (a timer to run or a runnext to wait out). */
const FR_STEAL = 4;
/** Step 9: the steal ran (stealWorkPlain, stealOut set) and found nothing. */
const FR_STOLE = 5;

/** findRunnable, in Go's order (go-runtime.md §1). */
function findRunnable(rt: Runtime, mp: M): Gen<G> {
  // 1. a stop of the world is pending.
  if (rt.gcwaiting) return findRunnableLoop(rt, mp, FR_START, 0, 0);
  const pp = mp.p!;
  // 2. our own timers (one due: runTimers, a generator, runs them).
  let now = rt.nanotimeInPlace();
  if (now < 0) return findRunnableLoop(rt, mp, FR_START, 0, 0);
  if (checkTimers(rt, mp, pp, now, timersOut) !== NOTHING) return findRunnableLoop(rt, mp, FR_CLOCK_READ, now, 0);
  const pollUntil = timersOut.pollUntil;
  now = timersOut.now;
  // 3. a GC mark worker.
  let gp = findRunnableGCWorker(rt, pp, now);
  if (gp !== null) return startGCWorker(rt, mp, pp, gp);
  // 4. fairness.
  if (pp.schedtick % 61 === 0 && rt.runqsize > 0) {
    gp = globrunqget(rt, pp, 1);
    if (gp !== null) { mp.inheritTime = false; return returning(gp); }
  }
  // 6. local run queue.
  gp = runqget(pp, mp);
  if (gp !== null) return returning(gp);
  return findRunnableSteal(rt, mp, pp, now, pollUntil);
}

/**
 * findRunnable's steps 7–9 while none must yield: the global queue, and a steal by an M that is
 * or becomes spinning (an M whose own queue ran dry takes half of another P's, as a spawning
 * program's second P does over and over). Where one must yield, findRunnableLoop goes on from there.
 */
function findRunnableSteal(rt: Runtime, mp: M, pp: P, now: number, pollUntil: number): Gen<G> {
  // 7. global queue batch (globrunqget finds a G whenever the queue is not empty).
  if (rt.runqsize > 0) { const gp = globrunqget(rt, pp, 128); mp.inheritTime = false; return returning(gp!); }
  // 8. poll the network without blocking: the loop's
  if (rt.np.inited > 0 && rt.np.waiters > 0 && rt.np.lastpoll !== 0) return findRunnableLoop(rt, mp, FR_LOCAL_EMPTY, now, pollUntil);
  // 9. steal, if spinning Ms are at most half the busy Ps.
  if (!(mp.spinning || 2 * rt.nmspinning < rt.gomaxprocs - rt.npidle)) return findRunnableLoop(rt, mp, FR_STOLE, now, pollUntil);
  if (!mp.spinning) { becomeSpinning(rt, mp); if (!mstatusInPlace(mp, 'spinning')) return findRunnableLoop(rt, mp, FR_SPIN_PROBE, now, pollUntil); }
  if (!stealNeedsNoYield(rt, pp)) return findRunnableLoop(rt, mp, FR_STEAL, now, pollUntil);
  const gp = stealWorkPlain(rt, mp);
  if (gp !== null) { mp.inheritTime = false; return returning(gp); }
  return findRunnableLoop(rt, mp, FR_STOLE, now, pollUntil);
}

function* startGCWorker(rt: Runtime, mp: M, pp: P, gp: G): Gen<G> {
  yield casgstatus(rt, gp, _Gwaiting, _Grunnable, pp.id);
  mp.inheritTime = false;
  return gp;
}

/** findRunnable's loop; its first pass starts at `from` (the clock and timers, or step 7, done by findRunnable). */
function* findRunnableLoop(rt: Runtime, mp: M, from: number, now0: number, pollUntil0: number): Gen<G> {
  for (;; from = FR_START) {
    let now = now0;
    let pollUntil = pollUntil0;
    let gp: G | null = null;
    if (from < FR_LOCAL_EMPTY) {
      if (from === FR_START) {
        // 1. a stop of the world is pending: give the P to it and wait.
        if (rt.gcwaiting) { yield* gcstopm(rt, mp); continue; }
        // 2. our own timers.
        now = rt.nanotimeInPlace();
        if (now < 0) now = yield* rt.nanotime();
      }
      const pp = mp.p!;
      yield* checkTimers(rt, mp, pp, now, timersOut);
      pollUntil = timersOut.pollUntil;
      now = timersOut.now;
      // 3. a GC mark worker, if marking and this P's share of the background work is due.
      gp = findRunnableGCWorker(rt, pp, now);
      if (gp !== null) { yield casgstatus(rt, gp, _Gwaiting, _Grunnable, pp.id); mp.inheritTime = false; return gp; }
      // 4. fairness: one G from the global queue every 61 schedticks.
      if (pp.schedtick % 61 === 0 && rt.runqsize > 0) {
        gp = globrunqget(rt, pp, 1);
        if (gp !== null) { mp.inheritTime = false; return gp; }
      }
      // 6. local run queue.
      gp = runqget(pp, mp);
      if (gp !== null) return gp;
    }
    const pp = mp.p!;
    // 7. global queue batch.
    if (from <= FR_LOCAL_EMPTY && rt.runqsize > 0) {
      gp = globrunqget(rt, pp, 128);
      if (gp !== null) { mp.inheritTime = false; return gp; }
    }
    // 8. poll the network without blocking, if someone waits on it and no M blocks in it.
    if (from <= FR_LOCAL_EMPTY && rt.np.inited > 0 && rt.np.waiters > 0 && rt.np.lastpoll !== 0) {
      const list: G[] = [];
      yield* netpoll(rt.np, 0, mp.scratch, list);
      if (list.length > 0) {
        gp = list.pop()!;
        yield* injectglist(rt, mp, list);
        yield casgstatus(rt, gp, _Gwaiting, _Grunnable, pp.id);
        if (gp.tracking) gp.runnableTime = now;
        mp.inheritTime = false;
        return gp;
      }
    }
    // 9. steal, if spinning Ms are at most half the busy Ps.
    // (From FR_SPIN_PROBE on, the M is spinning: the condition holds.)
    if (mp.spinning || 2 * rt.nmspinning < rt.gomaxprocs - rt.npidle) {
      if (!mp.spinning) { becomeSpinning(rt, mp); if (!mstatusInPlace(mp, 'spinning')) yield mstatus(mp, 'spinning'); }
      else if (from === FR_SPIN_PROBE) yield mstatus(mp, 'spinning');
      if (from !== FR_STOLE) gp = stealNeedsNoYield(rt, mp.p!) ? stealWorkPlain(rt, mp) : yield* stealWork(rt, mp, now);
      if (gp !== null) { mp.inheritTime = false; return gp; }
      if (stealOut.newWork) continue;
      if (stealOut.pollUntil !== 0 && (pollUntil === 0 || stealOut.pollUntil < pollUntil)) pollUntil = stealOut.pollUntil;
    }
    // 10. nothing to do: an idle-priority GC mark worker, while marking.
    gp = findIdleGCWorker(rt, pp);
    if (gp !== null) { yield casgstatus(rt, gp, _Gwaiting, _Grunnable, pp.id); mp.inheritTime = false; return gp; }
    // 11. give up the P (not while a stop of the world waits for it: checked with no yield before pidleput).
    if (rt.runqsize > 0) { gp = globrunqget(rt, pp, 128); if (gp !== null) { mp.inheritTime = false; return gp; } }
    if (!mp.spinning && rt.needspinning === 1) { becomeSpinning(rt, mp); continue; }
    if (rt.gcwaiting) continue;
    pp.m = null; mp.p = null;
    pidleput(rt, pp);
    if (!procstatusInPlace(pp, -1)) yield procstatus(pp, -1);
    // 12. the delicate dance: a spinning M rechecks everything after dropping the spinning count.
    const wasSpinning = mp.spinning;
    if (mp.spinning) {
      mp.spinning = false;
      rt.nmspinning--;
      if (rt.runqsize > 0 || checkRunqsNoP(rt)) {
        const p2 = pidleget(rt);
        if (p2 !== null) { yield* acquirep(mp, p2); becomeSpinning(rt, mp); continue; }
      }
    }
    pollUntil = checkTimersNoP(rt, pollUntil);
    // 13. block in netpoll until the next timer (or I/O), if no other M does.
    const np = rt.np;
    if (np.inited > 0 && (np.waiters > 0 || pollUntil !== 0) && np.lastpoll !== 0 && rt.pollingM === null) {
      np.lastpoll = 0;
      rt.pollingM = mp; rt.pollUntil = pollUntil;
      yield mstatus(mp, 'idle');
      let delay = -1;
      if (pollUntil !== 0) delay = Math.max(0, pollUntil - (yield* rt.nanotime()));
      const list: G[] = [];
      yield* netpoll(np, delay, mp.scratch, list);
      np.lastpoll = yield* rt.nanotime();
      rt.pollingM = null; rt.pollUntil = 0;
      if (rt.exiting) for (;;) yield* rt.os.notesleep(mp.park, mp.scratch);
      const p2 = pidleget(rt);
      if (p2 === null) { yield* injectglist(rt, mp, list); yield* stopm(rt, mp); continue; }
      yield* acquirep(mp, p2);
      if (list.length > 0) {
        const gp2 = list.pop()!;
        yield* injectglist(rt, mp, list);
        yield casgstatus(rt, gp2, _Gwaiting, _Grunnable, p2.id);
        if (gp2.tracking) gp2.runnableTime = np.lastpoll;
        yield mstatus(mp, 'running');
        mp.inheritTime = false;
        return gp2;
      }
      becomeSpinning(rt, mp);
      yield mstatus(mp, 'spinning');
      continue;
    } else if (np.inited > 0 && pollUntil !== 0 && rt.pollingM !== null) {
      if (rt.pollUntil === 0 || rt.pollUntil > pollUntil) { rt.pollUntil = pollUntil; yield* netpollBreak(np, mp.scratch); }
    } else if (np.inited <= 0 && pollUntil !== 0 && rt.pollingM === null) {
      // No epoll in this kernel: the M that would block in netpoll sleeps on its note until the timer.
      rt.pollingM = mp; rt.pollUntil = pollUntil;
      yield mstatus(mp, 'idle');
      const delay = pollUntil - (yield* rt.nanotime());
      if (delay > 0) yield* rt.os.notetsleep(mp.park, delay, mp.scratch, rt.cyclesPerNs);
      rt.pollingM = null; rt.pollUntil = 0;
      if (rt.exiting) for (;;) yield* rt.os.notesleep(mp.park, mp.scratch);
      const p2 = pidleget(rt);
      if (p2 === null) { yield* stopm(rt, mp); continue; }
      yield* acquirep(mp, p2);
      becomeSpinning(rt, mp);
      yield mstatus(mp, 'spinning');
      continue;
    } else if (np.inited <= 0 && pollUntil !== 0 && rt.pollingM !== null && (rt.pollUntil === 0 || pollUntil < rt.pollUntil)) {
      rt.pollUntil = pollUntil;
      yield* rt.os.notewakeup(rt.pollingM.park);
    }
    void wasSpinning;
    // 15. park.
    yield* stopm(rt, mp);
  }
}

/** injectglist: one G per idle P to the global queue with an M started for it; the rest to our local queue. */
export function* injectglist(rt: Runtime, mp: M, list: G[]): Gen<void> {
  if (list.length === 0) return;
  const now = yield* rt.nanotime();
  for (const g of list) { yield casgstatus(rt, g, _Gwaiting, _Grunnable, mp.p?.id ?? -1); if (g.tracking) g.runnableTime = now; }
  const pp = mp.p;
  let npidle = Math.min(rt.npidle, list.length);
  if (pp === null) npidle = list.length;
  let i = 0;
  for (; i < npidle; i++) globrunqput(rt, list[i]!);
  for (let n = Math.min(rt.npidle, npidle); n > 0; n--) yield* startm(rt, mp, null, false);
  for (; i < list.length; i++) runqput(rt, pp!, list[i]!, false);
}

function checkRunqsNoP(rt: Runtime): boolean {
  for (const p2 of rt.allp) if (!runqempty(p2)) return true;
  return false;
}

function checkTimersNoP(rt: Runtime, pollUntil: number): number {
  for (const p2 of rt.allp) {
    const w = nextTimerWhen(p2);
    if (w !== 0 && (pollUntil === 0 || w < pollUntil)) pollUntil = w;
  }
  return pollUntil;
}

const stealOut = { newWork: false, pollUntil: 0 };

/** stealWork: stealTries passes over all Ps in stealOrder; the last pass also runs their timers and takes runnext. */
function* stealWork(rt: Runtime, mp: M, now: number): Gen<G | null> {
  const pp = mp.p!;
  stealOut.newWork = false; stealOut.pollUntil = 0;
  const n = rt.gomaxprocs;
  for (let i = 0; i < stealTries; i++) {
    const stealTimersOrRunNextG = i === stealTries - 1;
    const r = cheaprand(mp);
    let pos = r % n;
    const inc = rt.coprimes[Math.floor(r / n) % rt.coprimes.length]!;
    for (let k = 0; k < n; k++, pos = (pos + inc) % n) {
      const p2 = rt.allp[pos]!;
      if (p2 === pp) continue;
      if (stealTimersOrRunNextG && p2.timers.length > 0) {
        yield* checkTimers(rt, mp, p2, now, timersOut);
        now = timersOut.now;
        if (timersOut.pollUntil !== 0 && (stealOut.pollUntil === 0 || timersOut.pollUntil < stealOut.pollUntil)) stealOut.pollUntil = timersOut.pollUntil;
        if (timersOut.ran) {
          const gp = runqget(pp, mp);
          if (gp !== null) return gp;
          stealOut.newWork = true;
        }
      }
      if (p2.status === _Pidle) continue; // idlepMask
      const gp = yield* runqsteal(rt, mp, pp, p2, stealTimersOrRunNextG);
      if (gp !== null) { rt.stats.steals++; return gp; }
    }
  }
  return null;
}

// An idle M woken by wakep steals on every wake-up (tens of thousands of times a second under
// a ping-pong at GOMAXPROCS=2) and mostly finds nothing. When no other P has timers to run and
// none would make it wait for a runnext (usleep), stealWork cannot yield: the same passes, in
// the same random order, run as a plain function, with no generator to make.

/** Would stealWork run without yielding? Nothing any pass may do needs a yield: no timers, no runnext to wait out. */
function stealNeedsNoYield(rt: Runtime, pp: P): boolean {
  for (const p2 of rt.allp) {
    if (p2 === pp) continue;
    if (p2.timers.length > 0 || mustWaitForRunnext(p2)) return false;
  }
  return true;
}

/** stealWork when stealNeedsNoYield holds: the passes with no timer to run and no usleep. */
function stealWorkPlain(rt: Runtime, mp: M): G | null {
  const pp = mp.p!;
  stealOut.newWork = false; stealOut.pollUntil = 0;
  const n = rt.gomaxprocs;
  for (let i = 0; i < stealTries; i++) {
    const stealRunNextG = i === stealTries - 1;
    const r = cheaprand(mp);
    let pos = r % n;
    const inc = rt.coprimes[Math.floor(r / n) % rt.coprimes.length]!;
    for (let k = 0; k < n; k++, pos = (pos + inc) % n) {
      const p2 = rt.allp[pos]!;
      if (p2 === pp || p2.status === _Pidle) continue;
      const gp = runqgrab(rt, pp, p2, stealRunNextG);
      if (gp !== null) { rt.stats.steals++; return gp; }
    }
  }
  return null;
}

/** runqgrab's wait: p2's queue is empty but a running P has a runnext it is about to run. */
function mustWaitForRunnext(p2: P): boolean {
  return p2.runqtail === p2.runqhead && p2.runnext !== null && p2.status === _Prunning;
}

/** runqsteal/runqgrab: take n − n/2 of p2's queue (its runnext only on the last pass, after usleep(3)). */
function* runqsteal(rt: Runtime, mp: M, pp: P, p2: P, stealRunNextG: boolean): Gen<G | null> {
  if (stealRunNextG && mustWaitForRunnext(p2)) {
    // "A sync chan send/recv takes ~50ns … 3us gives ~50x overshoot."
    yield* rt.os.usleep(3, mp.scratch);
    if (p2.runnext === null) return null;
    const gp = p2.runnext; p2.runnext = null;
    return gp;
  }
  return runqgrab(rt, pp, p2, stealRunNextG);
}

/** runqgrab with nothing to wait for: half of p2's queue (the last G returned, the rest to ours), or its runnext. */
function runqgrab(rt: Runtime, pp: P, p2: P, stealRunNextG: boolean): G | null {
  let n = p2.runqtail - p2.runqhead;
  n = n - (n >>> 1);
  if (n === 0) {
    if (!stealRunNextG || p2.runnext === null) return null;
    const gp = p2.runnext; p2.runnext = null;
    return gp;
  }
  let last: G | null = null;
  for (let i = 0; i < n; i++) {
    const g = p2.runq[p2.runqhead % runqSize]!;
    p2.runq[p2.runqhead % runqSize] = null;
    p2.runqhead++;
    if (i === n - 1) last = g; else runqput(rt, pp, g, false);
  }
  return last;
}

/** What a goroutine asked of g0 (park_m, gosched_m, gopreempt_m, exitsyscall0). */
function mcallSwitch(rt: Runtime, mp: M, gp: G): Gen<void> {
  if (mp.switchReq === SW_PARK) return park_m(rt, mp, gp);
  return mcallSwitchOther(rt, mp, gp);
}

// park_m is a plain function up to where it must yield, as ready is: the status change, its
// probe and the charge retired in place, and with no wait to sample and an unlock function that
// is itself plain (a boolean, as netpoll's commit) it makes no generator (a ping-pong parks twice
// per round trip, a server once per read that finds nothing).
const PARK_PROBE = 0;
const PARK_CHARGE = 1;
const PARK_AFTER_CHARGE = 2;
/** The unlock function said no: the G is _Grunnable again (runs next); the probe of that to yield. */
const PARK_UNDONE = 3;

/** park_m: the G parked by gopark goes _Gwaiting and off this M; its unlock function decides whether it stays parked. */
function park_m(rt: Runtime, mp: M, gp: G): Gen<void> {
  mp.switchReq = 0;
  // The enqueue on a wait queue, the SWITCH and this status change happen with no yield
  // in between: that is what holding the channel lock until park_m's unlockf does in Go.
  // A waker on another M can only see the G once it is _Gwaiting and off this M.
  const pp = mp.p!;
  if (gp.atomicstatus !== _Grunning) throw new Error(`assertion: park_m: G${gp.goid} is ${gStatusName[gp.atomicstatus]}`);
  setgstatus(rt, gp, _Gwaiting);
  dropg(mp);
  const f = mp.waitunlockf;
  mp.waitunlockf = null;
  if (!usdtInPlace(GO_EVENTS.goStatus, gp.goid, pp.id, waitingLabel(gp.waitreason))) return park_mFrom(PARK_PROBE, rt, mp, gp, pp, f);
  if (!computeInPlace(RT_COSTS.goPark)) return park_mFrom(PARK_CHARGE, rt, mp, gp, pp, f);
  if (gp.tracking) return park_mFrom(PARK_AFTER_CHARGE, rt, mp, gp, pp, f);
  if (f === null) return NOTHING;
  const c = f(gp, mp);
  if (typeof c !== 'boolean') return park_mCommit(rt, mp, gp, pp, c);
  if (c) return NOTHING;
  if (!casgstatusInPlace(rt, gp, _Gwaiting, _Grunnable, pp.id)) return park_mFrom(PARK_UNDONE, rt, mp, gp, pp, null);
  mp.runImmediately = gp;
  return NOTHING;
}

/** park_m from the first step it could not retire in place. */
function* park_mFrom(from: number, rt: Runtime, mp: M, gp: G, pp: P, f: ((gp: G, mp: M) => Gen<boolean> | boolean) | null): Gen<void> {
  if (from === PARK_UNDONE) { yield gstatusProbe(gp, pp.id); mp.runImmediately = gp; return; }
  if (from === PARK_PROBE) yield gstatusProbe(gp, pp.id);
  if (from <= PARK_CHARGE) yield compute(RT_COSTS.goPark);
  if (gp.tracking) gp.waitsince = yield* rt.nanotime(); // sampled, as the latency histogram is
  if (f === null) return;
  const c = f(gp, mp);
  if (typeof c === 'boolean') { if (!c) yield* park_mUndo(rt, mp, gp, pp); } else yield* park_mCommit(rt, mp, gp, pp, c);
}

/** The rest of an unlock function that had to yield, and what its answer means. */
function* park_mCommit(rt: Runtime, mp: M, gp: G, pp: P, commit: Gen<boolean>): Gen<void> {
  if (!(yield* commit)) yield* park_mUndo(rt, mp, gp, pp);
}

/** The unlock function said no: the G stays on this M and runs next. */
function* park_mUndo(rt: Runtime, mp: M, gp: G, pp: P): Gen<void> {
  yield casgstatus(rt, gp, _Gwaiting, _Grunnable, pp.id);
  mp.runImmediately = gp;
}

/** mcall's other requests: Gosched, goyield, a cooperative preemption, exitsyscall without a P. */
function* mcallSwitchOther(rt: Runtime, mp: M, gp: G): Gen<void> {
  const req = mp.switchReq;
  mp.switchReq = 0;
  switch (req) {
    case SW_GOSCHED:
      yield* goschedImpl(rt, mp, gp);
      return;
    case SW_GOYIELD: {
      const pp = mp.p!;
      if (!casgstatusInPlace(rt, gp, _Grunning, _Grunnable, pp.id)) yield gstatusProbe(gp, pp.id);
      dropg(mp);
      if (gp.tracking) gp.runnableTime = yield* rt.nanotime();
      runqput(rt, pp, gp, false);
      return;
    }
    case SW_PREEMPT_COOP:
      rt.stats.preemptCooperative++;
      yield* gopreempt_m(rt, mp, gp);
      return;
    case SW_EXITSYSCALL: {
      // exitsyscall0: no P to be had on the fast path.
      yield casgstatus(rt, gp, _Gsyscall, _Grunnable, -1);
      dropg(mp);
      const pp = pidleget(rt);
      if (pp !== null) {
        yield* acquirep(mp, pp);
        yield mstatus(mp, 'running');
        mp.runImmediately = gp;
        mp.inheritTime = false;
        return;
      }
      globrunqput(rt, gp);
      yield mstatus(mp, 'idle');
      return; // schedule() sees no P and stops this M
    }
    default:
      throw new Error(`assertion: mcall with request ${req}`);
  }
}

function dropg(mp: M): void { if (mp.curg !== null) { mp.curg.m = null; mp.curg = null; } }

/** goschedImpl: _Grunnable, global queue, wakep. */
function* goschedImpl(rt: Runtime, mp: M, gp: G): Gen<void> {
  const pid = mp.p!.id;
  if (!casgstatusInPlace(rt, gp, _Grunning, _Grunnable, pid)) yield gstatusProbe(gp, pid);
  dropg(mp);
  if (gp.tracking) gp.runnableTime = yield* rt.nanotime();
  globrunqput(rt, gp);
  yield* wakep(rt, mp);
}

function* gopreempt_m(rt: Runtime, mp: M, gp: G): Gen<void> {
  gp.preempt = false;
  const pp = mp.p!;
  pp.preempt = false;
  if (rt.gcwaiting) {
    // Preempted for a stop of the world: the G keeps its place (runnext) and runs first when the world starts.
    yield casgstatus(rt, gp, _Grunning, _Grunnable, pp.id);
    dropg(mp);
    if (gp.tracking) gp.runnableTime = yield* rt.nanotime();
    runqput(rt, pp, gp, true);
    return;
  }
  yield* goschedImpl(rt, mp, gp);
}

/**
 * goexit0: the G returned: _Gdead, onto the free list. A plain function like park_m: with its
 * charge and probe retired in place and a stack of the fixed size to keep, it makes no
 * generator (one G per `go` statement ends here); else the rest from where it stopped.
 */
function goexit0(rt: Runtime, mp: M, gp: G): Gen<void> {
  const pp = mp.p!;
  if (!computeInPlace(RT_COSTS.goGoexit)) return goexit0From(GOEXIT_CHARGE, rt, mp, gp, pp, NOTHING);
  if (!casgstatusInPlace(rt, gp, _Grunning, _Gdead, pp.id)) return goexit0From(GOEXIT_PROBE, rt, mp, gp, pp, NOTHING);
  const rest = gdestroy(rt, mp, gp);
  if (rest !== NOTHING) return goexit0From(GOEXIT_STACK, rt, mp, gp, pp, rest);
  gfput(rt, pp, gp);
  return NOTHING;
}

/** Where goexit0's plain run stopped: its charge, the status change's probe (the change made), or the stack to free. */
const GOEXIT_CHARGE = 0;
const GOEXIT_PROBE = 1;
const GOEXIT_STACK = 2;

function* goexit0From(from: number, rt: Runtime, mp: M, gp: G, pp: P, stack: Gen<void>): Gen<void> {
  if (from === GOEXIT_CHARGE) {
    yield compute(RT_COSTS.goGoexit);
    if (!casgstatusInPlace(rt, gp, _Grunning, _Gdead, pp.id)) yield gstatusProbe(gp, pp.id);
  } else if (from === GOEXIT_PROBE) yield gstatusProbe(gp, pp.id);
  if (from !== GOEXIT_STACK) stack = gdestroy(rt, mp, gp);
  yield* stack;
  gfput(rt, pp, gp);
}

/** The dead G lets go of everything it held and leaves the M; what its stack needs done, for the caller to run. */
function gdestroy(rt: Runtime, mp: M, gp: G): Gen<void> {
  gp.gen = null; gp.frames = null; gp.ret = undefined; gp.param = null; gp.waiting = null; gp.deferFrame = null; gp._panic = null;
  if (gp.race !== null) { gp.race.finished = true; gp.race = null; }
  const rare = gp.rare;
  if (rare !== null && rare.timer !== null) { rare.timer.arg = null; rare.timer = null; }
  rt.ngLive--;
  dropg(mp);
  return stackOnGoexit(rt, gp);
}

// --- fatal errors ----------------------------------------------------------------------------

const enc = new TextEncoder();

/** Print to fd 2 the way the runtime's print does: raw write(2), no entersyscall. */
export function* printErr(mp: M, text: string): Gen<void> {
  const b = enc.encode(text);
  for (let off = 0; off < b.length; off += SCRATCH_SIZE) {
    const chunk = b.subarray(off, Math.min(b.length, off + SCRATCH_SIZE));
    yield* store(mp.scratch, chunk);
    yield* writeAll((mp.g0.rt as Runtime).os, 2, mp.scratch, chunk.length);
  }
}

/** write(2) of bytes staged at `buf`, looping on short writes. */
function* writeAll(os: OS, fd: number, buf: number, n: number): Gen<number> {
  let done = 0;
  while (done < n) {
    const r: number = yield* os.write(fd, buf + done, n - done);
    if (r < 0) return r;
    done += r;
  }
  return done;
}

/** The frames of one goroutine Go prints at most (traceback.go's _TracebackMaxFrames). */
const tracebackMaxFrames = 100;

/**
 * A goroutine as Go's traceback prints it: its state, its frames innermost first, and the go
 * statement that created it. A compiled program's frames are its own functions with their
 * file:line (the runtime's and the library's frames, and pc offsets, are not there: there is
 * no machine code to name). A TypeScript program has no Go source: its frame is the function
 * the goroutine started with, at Go's "?:0" (file and line unknown).
 */
function goroutineHeader(gp: G, status: string, parked = status !== 'running'): string {
  const site = parked ? gp.parkSite : gp.goSite;
  let s = `goroutine ${gp.goid} [${status}]:\n`;
  if (site !== null && gp.goSite !== null) s += compiledFrames(gp, site);
  else s += `main.${gp.goid === 1 ? 'main' : gp.startFn || 'func1'}()\n\t?:0\n`;
  return s + createdBy(gp);
}

function frameText(f: Frame): string { return `${f.fn}${f.fn === 'main.main' || f.noargs === true ? '()' : '(...)'}\n\t${f.file}:${f.line}\n`; }

/** The innermost frame at `site`, then each caller's call, up to the goroutine's first function. */
function compiledFrames(gp: G, site: Frame): string {
  let s = frameText(site);
  let n = 1;
  for (let i = gp.ncallers - 1; i >= 0; i--) {
    const c = i === 0 ? gp.caller0 : gp.callers![i - 1];
    if (c === null || c === undefined) break;
    if (n++ === tracebackMaxFrames) { s += '...additional frames elided...\n'; break; }
    s += frameText(c);
  }
  return s;
}

/** "created by F in goroutine N" and the go statement's file:line (goroutine 1 has none). */
function createdBy(gp: G): string {
  if (gp.goid === 1) return '';
  const c = gp.createdSite;
  if (c !== null) return `created by ${c.fn} in goroutine ${gp.parentGoid}\n\t${c.file}:${c.line}\n`;
  return `created by main.${gp.parentFn || 'main'} in goroutine ${gp.parentGoid}\n\t?:0\n`;
}

/** tracebackothers: every goroutine of the program but `me`, as a throw prints them; with `system`, the runtime's own too (a signal's throw). */
function tracebackothers(rt: Runtime, me: G | null, system = false): string {
  let s = '';
  for (const gp of rt.allgs) {
    if (gp === me || (gp.isSystem && !system)) continue;
    const st = gp.atomicstatus;
    const status = st === _Gwaiting ? gp.waitreason : st === _Grunnable || st === _Gpreempted ? 'runnable' : st === _Grunning ? 'running' : st === _Gsyscall ? 'syscall' : null;
    if (status === null) continue;
    s += '\n' + (gp.isSystem ? `goroutine ${gp.goid} [${status}]:\nruntime.${gp.startFn}()\n\t?:0\n` : goroutineHeader(gp, status, st === _Gwaiting));
  }
  return s;
}

/** fatalpanic / fatalthrow: print the panic and the goroutine, then exit(2). */
function* fatalpanic(rt: Runtime, mp: M, gp: G, e: GoPanic | GoFatal): Gen<void> {
  rt.panicking++;
  let text: string;
  if (e instanceof GoPanic) {
    let chain = '';
    for (let p = gp._panic; p !== null; p = p.link) chain = `panic: ${printpanicval(p.value)}${p.recovered ? ' [recovered]' : ''}\n` + chain;
    if (gp._panic === null || gp._panic.value !== e.value) chain += `panic: ${printpanicval(e.value)}\n`;
    text = `${chain}\n${e.traceback !== null ? `goroutine ${gp.goid} [running]:\n${e.traceback}${createdBy(gp)}` : goroutineHeader(gp, 'running')}`;
  } else {
    text = `${e.msg.includes('fatal error: ') ? e.msg : `fatal error: ${e.msg}`}\n\n${e.traceback !== null ? `goroutine ${gp.goid} [running]:\n${e.traceback}${createdBy(gp)}` : goroutineHeader(gp, 'running')}`;
    if (e.all) text += tracebackothers(rt, gp);
  }
  yield* exitWith(rt, mp, text, 2);
}

function* exitWith(rt: Runtime, mp: M, text: string, code: number): Gen<void> {
  rt.exiting = true;
  yield* printErr(mp, text);
  yield* rt.os.exit(code);
}

/** checkdead: no M running (none in a syscall or waiting for a timer), no timers → deadlock. */
function* checkdead(rt: Runtime, mp: M): Gen<void> {
  if (rt.panicking > 0 || rt.exiting) return;
  const run = rt.mcount() - rt.nmidle - rt.nmidlelocked - rt.nmsys;
  if (run > 0) return;
  if (run < 0) throw new Error(`assertion: checkdead: inconsistent counts mcount=${rt.mcount()} nmidle=${rt.nmidle} nmidlelocked=${rt.nmidlelocked} nmsys=${rt.nmsys}`);
  let grunning = 0;
  for (const gp of rt.allgs) {
    if (gp.isSystem) continue;
    const s = gp.atomicstatus;
    if (s === _Gwaiting || s === _Gpreempted) grunning++;
    else if (s === _Grunnable || s === _Grunning || s === _Gsyscall) throw new GoFatal(`checkdead: runnable g`);
  }
  if (grunning === 0) { yield* exitWith(rt, mp, 'fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n', 2); return; }
  for (const pp of rt.allp) if (pp.timers.length > 0) return;
  let text = 'fatal error: all goroutines are asleep - deadlock!\n';
  for (const gp of rt.allgs) {
    if (gp.isSystem || gp.atomicstatus !== _Gwaiting) continue;
    text += '\n' + goroutineHeader(gp, gp.waitreason);
  }
  yield* exitWith(rt, mp, text, 2);
}

// --- sysmon ------------------------------------------------------------------------------------

/** sysmon: its own M without a P; 20 µs sleeps doubling after 50 idle rounds up to 10 ms. */
function* sysmon(rt: Runtime, mp: M): Gen<void> {
  rt.nmsys++;
  mp.isSysmonM = true;
  yield mstatus(mp, 'sysmon');
  yield* checkdead(rt, mp);
  let lasttrace = 0;
  let idle = 0;
  let delay = 0;
  for (;;) {
    if (idle === 0) delay = 20;
    else if (idle > 50) delay *= 2;
    if (delay > 10_000) delay = 10_000;
    yield* rt.os.usleep(delay, mp.scratch);
    let now = yield* rt.nanotime();
    if (rt.debug.schedtrace <= 0 && (rt.gcwaiting || rt.npidle === rt.gomaxprocs)) {
      const next = checkTimersNoP(rt, 0);
      if (next === 0 || next > now) {
        rt.sysmonwait = true;
        const sleep = next === 0 ? 60e9 : Math.min(60e9, next - now);
        yield* rt.os.notetsleep(rt.sysmonnote, sleep, mp.scratch, rt.cyclesPerNs);
        rt.sysmonwait = false;
        idle = 0; delay = 20;
        now = yield* rt.nanotime();
      }
    }
    // Poll the network if nobody has for 10 ms.
    const np = rt.np;
    if (np.inited > 0 && np.lastpoll !== 0 && np.lastpoll + 10_000_000 < now) {
      np.lastpoll = now;
      const list: G[] = [];
      yield* netpoll(np, 0, mp.scratch, list);
      if (list.length > 0) { rt.nmidlelocked--; yield* injectglist(rt, mp, list); rt.nmidlelocked++; }
    }
    if ((yield* retake(rt, mp, now)) !== 0) idle = 0; else idle++;
    // forcegc: no cycle for 2 minutes → ready forcegchelper.
    const fg = forcegcDue(rt, now);
    if (fg !== null) { rt.nmidlelocked--; yield* injectglist(rt, mp, [fg]); rt.nmidlelocked++; }
    if (rt.debug.schedtrace > 0 && (lasttrace === 0 || lasttrace + rt.debug.schedtrace * 1e6 <= now)) {
      lasttrace = now;
      yield* schedtrace(rt, mp, rt.debug.scheddetail > 0, now);
    }
  }
}

/** retake: preempt Gs running ≥ 10 ms since sysmon first saw them; take Ps from Ms in syscalls. */
function* retake(rt: Runtime, mp: M, now: number): Gen<number> {
  let n = 0;
  for (const pp of rt.allp) {
    const pd = pp.sysmontick;
    const s = pp.status;
    let sysretake = false;
    if (s === _Prunning || s === _Psyscall) {
      const t = pp.schedtick;
      if (pd.schedtick !== t) { pd.schedtick = t; pd.schedwhen = now; }
      else if (pd.schedwhen + forcePreemptNS <= now) { yield* preemptone(rt, mp, pp); sysretake = true; }
    }
    if (s === _Psyscall) {
      const t = pp.syscalltick;
      if (!sysretake && pd.syscalltick !== t) { pd.syscalltick = t; pd.syscallwhen = now; continue; }
      if (runqempty(pp) && rt.nmspinning + rt.npidle > 0 && pd.syscallwhen + 10_000_000 > now) continue;
      rt.nmidlelocked--; // incidlelocked(-1)
      if (pp.status === _Psyscall) {
        pp.status = _Pidle;
        yield procstatus(pp, -1);
        n++;
        pp.syscalltick++;
        yield* handoffp(rt, mp, pp);
      }
      rt.nmidlelocked++; // incidlelocked(1)
    }
  }
  return n;
}

/** preemptone: poison stackguard0 (cooperative) and signal the M (asynchronous). */
function* preemptone(rt: Runtime, self: M, pp: P): Gen<boolean> {
  const mp = pp.m;
  if (mp === null || mp === self) return false;
  const gp = mp.curg;
  if (gp === null || gp === mp.g0) return false;
  gp.preempt = true;
  gp.stackguard0 = stackPreempt;
  if (rt.debug.asyncpreemptoff === 0) {
    pp.preempt = true;
    if (mp.signalPending === 0) {
      mp.signalPending = 1;
      yield* rt.os.preemptM(rt.info.pid, mp.procid, {
        thread: mp.thread, scratch: self.scratch,
        // windows: the thread is suspended while this runs (no handler runs on it).
        atSafePoint(rip: number): number { const r = asyncPreemptAt(mp, rip); mp.preemptGen++; mp.signalPending = 0; return r; },
      });
    }
  }
  return true;
}

/** doSigPreempt's test (wantAsyncPreempt and isAsyncSafePoint): the G running on mp, if it may be preempted where it is. */
function asyncSafePoint(mp: M): G | null {
  const gp = mp.curg;
  return gp !== null && !gp.isSystem && (gp.preempt || (mp.p !== null && mp.p.preempt)) && gp.atomicstatus === _Grunning &&
    mp.onG && mp.locks === 0 && mp.p !== null && mp.p.status === _Prunning ? gp : null;
}

/** doSigPreempt's action: the G takes the `rip` cycles left of its compute with it (asyncPreempt); the thread resumes with none. */
function takeAsyncPreempt(mp: M, gp: G, rip: number): void {
  gRare(gp).resumeCompute += rip;
  mp.asyncPreempt = true;
}

/** On an M stopped in user code with `rip` cycles left (windows: suspended, its context read): the rip to resume with. */
function asyncPreemptAt(mp: M, rip: number): number {
  const gp = asyncSafePoint(mp);
  if (gp === null) return rip;
  takeAsyncPreempt(mp, gp, rip);
  return 0;
}

/** initsig: getsig for each signal of the table (Go keeps what was there to forward to), setsig(sighandler) for those it takes. */
function* initsig(rt: Runtime, m0: M): Gen<void> {
  for (const s of rt.os.sigtab) {
    yield* rt.os.getsig(s.sig, m0.scratch);
    if (!s.install) continue;
    yield* rt.os.setsig(s.sig, SIGTRAMP_ADDR, m0.scratch);
    rt.handlingSig.add(s.sig);
  }
}

/**
 * sighandler: SIGURG → doSigPreempt (at an async safe point take the rest of the computation
 * with the G; the test comes first: a signal that finds no safe point reads no context). Any
 * other signal no one is notified of does what the table says (sigtab.ts): a `kill` signal
 * dies of itself, a `throw` prints every goroutine and exits 2, the rest are ignored.
 */
function* sighandler(rt: Runtime, mp: M | undefined, sig: number, uctx: number): Gen<void> {
  if (mp !== undefined && sig !== rt.os.SIGURG) {
    const s = rt.os.sigtab.find((x) => x.sig === sig);
    if (s !== undefined && !rt.handlingSig.has(sig)) yield* sigfwd(rt, mp, sig); // no longer Go's: forward to the default
    else if (s?.action === 'kill') yield* dieFromSignal(rt, mp, sig);
    else if (s?.action === 'throw') yield* sigthrow(rt, mp, s.name);
  }
  if (mp !== undefined && sig === rt.os.SIGURG) {
    const gp = uctx !== 0 ? asyncSafePoint(mp) : null;
    if (gp !== null) {
      const b: Uint8Array = yield* load(uctx + ucontext.uc_rip, 8);
      const rip = new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
      yield* store(uctx + ucontext.uc_rip, ZERO8);
      takeAsyncPreempt(mp, gp, rip);
    }
    mp.preemptGen++;
    mp.signalPending = 0;
  }
  yield* rt.os.sigreturn(uctx);
}
const ZERO8 = new Uint8Array(8);

/**
 * dieFromSignal: stop taking `sig` and send it to this thread again. Go unblocks it and marks it not
 * handled, so the raise comes back to sighandler, which forwards it to the default action (sigfwd):
 * the process dies of the signal with its status (as strace shows go1.19 do it: rt_sigprocmask,
 * getpid, gettid, tgkill; then rt_sigaction SIG_DFL and the same again).
 */
function* dieFromSignal(rt: Runtime, mp: M, sig: number): Gen<void> {
  yield* rt.os.sigunblock(sig, mp.scratch);
  rt.handlingSig.delete(sig);
  yield* rt.os.raise(sig, mp.procid);
  yield* rt.os.exit(2); // still alive: exit with the wrong status, as Go does
}

/** sigfwdgo for a signal Go no longer takes whose earlier action was the default: restore it, and raise the signal again. */
function* sigfwd(rt: Runtime, mp: M, sig: number): Gen<void> {
  yield* rt.os.setsig(sig, 0, mp.scratch);
  yield* rt.os.sigunblock(sig, mp.scratch);
  yield* rt.os.raise(sig, mp.procid);
  yield* rt.os.exit(2);
}

/**
 * A _SigThrow signal from outside (kill -QUIT): the signal's name, the M and sigcode 0 (SI_USER),
 * then every goroutine — the runtime's own too — and exit status 2. Go also prints the PC and the
 * registers of the interrupted thread; there is no machine code here to take them from.
 */
function* sigthrow(rt: Runtime, mp: M, name: string): Gen<void> {
  rt.panicking++;
  yield* exitWith(rt, mp, `${name}\nm=${mp.id} sigcode=0\n${tracebackothers(rt, null, true)}`, 2);
}

/** schedtrace: the line sysmon prints every schedtrace ms (Go 1.21–1.25 format). */
function* schedtrace(rt: Runtime, mp: M, detail: boolean, now: number): Gen<void> {
  if (rt.starttime === 0) rt.starttime = now;
  let s = `SCHED ${Math.floor((now - rt.starttime) / 1e6)}ms: gomaxprocs=${rt.gomaxprocs} idleprocs=${rt.npidle} threads=${rt.mcount()} ` +
    `spinningthreads=${rt.nmspinning} needspinning=${rt.needspinning} idlethreads=${rt.nmidle} runqueue=${rt.runqsize}`;
  if (detail) s += ` gcwaiting=${rt.gcwaiting} nmidlelocked=${rt.nmidlelocked} stopwait=${rt.stopwait} sysmonwait=${rt.sysmonwait}\n`;
  else s += ` [${rt.allp.map(runqlenLocal).join(' ')}]\n`;
  if (detail) {
    for (const pp of rt.allp) {
      s += `  P${pp.id}: status=${pp.status} schedtick=${pp.schedtick} syscalltick=${pp.syscalltick} m=${pp.m?.id ?? -1} runqsize=${runqlenLocal(pp)} gfreecnt=${pp.gFreeN} timerslen=${pp.timers.length}\n`;
    }
    for (const m of rt.allm) {
      s += `  M${m.id}: p=${m.p?.id ?? -1} curg=${m.curg?.goid ?? -1} mallocing=0 throwing=0 preemptoff= locks=${m.locks} dying=0 spinning=${m.spinning} blocked=${m.blocked} lockedg=-1\n`;
    }
    for (const gp of rt.allgs) {
      if (gp.atomicstatus === _Gdead) continue;
      s += `  G${gp.goid}: status=${gp.atomicstatus}(${gp.atomicstatus === _Gwaiting ? gp.waitreason : ''}) m=${gp.m?.id ?? -1} lockedm=-1\n`;
    }
  }
  yield* printErr(mp, s);
}
function runqlenLocal(pp: P): number { return runqlen(pp); }

// --- boot ---------------------------------------------------------------------------------------

function parseGodebug(s: string | undefined, d: Debug): void {
  if (s === undefined) return;
  for (const kv of s.split(',')) {
    const [k, v] = kv.split('=');
    const n = Number(v);
    if (k === 'schedtrace' && Number.isFinite(n)) d.schedtrace = n;
    else if (k === 'scheddetail' && Number.isFinite(n)) d.scheddetail = n;
    else if (k === 'asyncpreemptoff' && Number.isFinite(n)) d.asyncpreemptoff = n;
    else if (k === 'asynctimerchan' && Number.isFinite(n)) d.asynctimerchan = n;
  }
}

/** procresize at boot: make GOMAXPROCS Ps; the current M takes P0, the rest go idle. */
function* procresize(rt: Runtime, mp: M, nprocs: number): Gen<void> {
  for (let i = rt.allp.length; i < nprocs; i++) rt.allp.push(new P(i));
  setGomaxprocs(rt, nprocs);
  yield* acquirep(mp, rt.allp[0]!);
  for (let i = nprocs - 1; i >= 1; i--) pidleput(rt, rt.allp[i]!);
}

function setGomaxprocs(rt: Runtime, nprocs: number): void {
  rt.gomaxprocs = nprocs;
  rt.coprimes = [];
  for (let i = 1; i <= nprocs; i++) if (gcd(i, nprocs) === 1) rt.coprimes.push(i);
}

/**
 * procresize with the world stopped (runtime.GOMAXPROCS(n)): new Ps join stopped (startTheWorld
 * idles them); a P past the new count is destroyed — its runnable Gs go to the global queue,
 * its timers to the caller's P, its free Gs to the global list, its mcache back to mcentral —
 * and becomes _Pdead. If the caller's own P goes, the caller moves to P0.
 */
function* procresizeStopped(rt: Runtime, mp: M, nprocs: number): Gen<void> {
  if (!rt.gcwaiting) throw new Error('assertion: procresize with the world running');
  const old = rt.gomaxprocs;
  for (let i = old; i < nprocs; i++) {
    const pp = rt.deadp[i] ?? new P(i);
    rt.deadp[i] = undefined;
    pp.status = _Pgcstop;
    rt.allp.push(pp);
    yield procstatus(pp, -1);
  }
  if (nprocs < old) {
    let own = mp.p!;
    if (own.id >= nprocs) {
      // The current P goes away: continue on P0 (stopped, with nobody on it).
      own.m = null; mp.p = null;
      const p0 = rt.allp[0]!;
      mp.p = p0; p0.m = mp;
      own = p0;
    }
    for (let i = old - 1; i >= nprocs; i--) {
      const pp = rt.allp.pop()!;
      runqdrainToGlobal(rt, pp);
      moveTimers(pp, own);
      while (pp.gFree !== null) { const g: G = pp.gFree; pp.gFree = g.schedlink; pp.gFreeN--; g.schedlink = rt.gFree; rt.gFree = g; rt.gFreeN++; }
      gcDestroyP(rt, pp);
      pp.m = null; pp.status = _Pdead;
      rt.deadp[i] = pp;
      yield procstatus(pp, -1);
    }
  }
  setGomaxprocs(rt, nprocs);
}

/** runtime.GOMAXPROCS(n): n ≥ 1 and different from the current value stops the world to resize; returns the previous value. */
export function* GOMAXPROCS(n = 0): Gen<number> {
  const rt = getg().rt as Runtime;
  const old = rt.gomaxprocs;
  if (!Number.isInteger(n) || n < 1 || n === old) return old;
  const t0 = yield* stopTheWorld('GOMAXPROCS');
  yield* procresizeStopped(rt, getg().m!, Math.min(n, 256));
  rt.np.gomaxprocs = rt.gomaxprocs;
  yield* startTheWorld(t0);
  return old;
}
function gcd(a: number, b: number): number { while (b !== 0) { const t = a % b; a = b; b = t; } return a; }

/** rt0_go → schedinit → newproc(runtime.main) → mstart on the main thread. */
function* rt0_go(rt: Runtime, info: ExecInfo): Gen<void> {
  rt.info = info;
  // The build tags' choice, made at start: the loader says which kernel this is.
  rt.os = info.os === 'darwin' ? darwinOS : info.os === 'windows' ? windowsOS : linuxOS;
  rt.np.poller = rt.os.netpoller;
  rt.cyclesPerNs = info.clockHz / 1e9;
  const boot = yield* rt.nanotime();
  rt.runtimeInitTime = boot;
  rt.globalRand.init(info.atRandom); // randinit: the kernel's AT_RANDOM bytes
  parseGodebug(info.env.GODEBUG, rt.debug);
  if (rt.raceBuild) rt.race = new RaceCtx({ flavor: 'go', ...parseGorace(info.env.GORACE) });
  // m0: its g0 is the main thread's stack.
  const m0 = yield* allocm(rt, rt.m0);
  m0.procid = info.pid;
  m0.g0.stackHi = info.stackTop; m0.g0.stackLo = info.stackTop - 8 * 1024 * 1024;
  yield* rt.os.settls(m0.tls);
  m0.thread = yield* rt.os.threadHandle(m0.scratch);
  if (rt.os.GOOS === 'darwin') rt.mByTls.set(0, m0); // the main thread runs on libSystem's own TSD
  const sn = yield* rt.alloc(64, 64);
  rt.sysmonnote = sn;
  yield* rt.os.noteclear(sn);
  rt.stopnote = sn + (rt.os.GOOS === 'darwin' ? 32 : 8); // a darwin note is a semaphore (os_darwin.ts NOTE_BYTES)
  yield* rt.os.noteclear(rt.stopnote);
  // schedinit: GOMAXPROCS from the environment, else the affinity mask (getproccount).
  rt.ncpu = Math.max(1, yield* rt.os.getproccount(m0.scratch));
  let procs = rt.ncpu;
  const env = Number(info.env.GOMAXPROCS);
  if (Number.isInteger(env) && env > 0) procs = env;
  // minit's signal stack, then initsig (mstart1 on m0): every signal of the table asked about, Go's handler on those it takes.
  yield* rt.os.signalstack(m0.gsignalStack, gsignalStackSize, m0.scratch);
  yield* initsig(rt, m0);
  yield* procresize(rt, m0, procs);
  rt.np.gomaxprocs = rt.gomaxprocs;
  rt.lint.sem = yield* usdtPublish('runtime', (q) => (q === 'lint' ? lintState(rt) : q === 'objects' ? runtimeObjects(rt) : snapshot(rt)));
  // runtime.main on G1.
  const g1 = yield* newproc1From(NP_NEWG, rt, m0.p!, runtimeMain, [rt], null, false, null);
  rt.mainG = g1;
  runqput(rt, m0.p!, g1, true);
  yield mstatus(m0, 'running');
}

/**
 * A tail call from a goroutine's bottom frame (the generator its G started with, or one that
 * started by a tail call): `return tailcall(callee)` ends the caller, and the G goes on in
 * `callee`, which returns where the caller would have. Its M steps the callee directly rather
 * than through the caller's `yield*` — a level fewer on every instruction and every park of
 * the rest of the goroutine's life (goroutine 1 runs runtime.main, the program's package
 * initialisation, then main.main: nested, each step of main.main went down and up three).
 * Only a bottom frame may do this: in a frame run by `yield*` the callee would run after its
 * caller's caller instead.
 */
export function tailcall(callee: Gen<unknown>): undefined {
  const gp = getg();
  (gp.frames ??= []).push(callee);
  return undefined;
}

/** runtime.main: start sysmon, run main.main, exit(0). main.main runs as a tail call, runtimeMainExit after it. */
function* runtimeMain(rt: Runtime): Gen<void> {
  const gp = getg();
  gp.startFn = 'main';
  const mp = acquirem();
  yield* newm(rt, mp, sysmon, null, false);
  releasem(mp);
  rt.mainStarted = true;
  yield* forcegcinit(rt); // proc.go's init: go forcegchelper()
  yield* gcenable(rt);
  yield* createfing(rt); // package os's init sets finalizers: goroutine 5, so main's first goroutine is 6 as in Go
  gp.frames = [runtimeMainExit(rt)];
  return tailcall(rt.main());
}

/** runtime.main after main.main returned: wait out a panic on another goroutine, then exit(0). */
function* runtimeMainExit(rt: Runtime): Gen<void> {
  if (rt.panicking > 0) yield gopark(null, waitReasonPanicWait);
  rt.exiting = true;
  yield* rt.os.exit(rt.race !== null ? yield* racefini(rt) : 0);
}

/** racefini: the reports not yet written, then "Found N data race(s)"; the exit status is 66 if there were any. */
export function* racefini(rt: Runtime): Gen<number> {
  const ctx = rt.race!;
  yield* raceflush(rt);
  const fini = ctx.finiText();
  if (fini !== '') yield* printErr(getg().m!, fini);
  return ctx.reports.length > 0 ? 66 : 0;
}

/** Write the reports found since the last flush to stderr, each with a trace event; halt_on_error exits here. */
export function* raceflush(rt: Runtime): Gen<void> {
  const ctx = rt.race!;
  if (ctx.pending === '') return;
  const text = ctx.pending;
  ctx.pending = '';
  for (; ctx.flushed < ctx.reports.length; ctx.flushed++) {
    const r = ctx.reports[ctx.flushed]!;
    yield usdtInstr(GO_EVENTS.race, r.cur.threadId, r.prev.threadId, `${ctx.where(r.cur.stack)} ${ctx.where(r.prev.stack)}`);
  }
  yield* printErr(getg().m!, text);
  if (ctx.halted) {
    rt.exiting = true;
    yield* rt.os.exit(66);
  }
}

/** The GOOSes the runtime has a system half for (os_linux.ts, os_darwin.ts, os_windows.ts): what a Go program is built for. */
export const GOOSES = ['linux', 'darwin', 'windows'] as const;

/** Make an executable from a Go program's main.main. */
export function goProgram(name: string, main: () => Gen<unknown>, race = false): Executable {
  return {
    name,
    // go build -race: the same program with the detector in its runtime
    withRace: race ? undefined : () => goProgram(name, main, true),
    // One program built for each GOOS its runtime has (os_linux.ts, os_darwin.ts, os_windows.ts).
    oses: GOOSES,
    load(): ProgramImage {
      const rt = new Runtime(main, name);
      rt.raceBuild = race;
      return {
        start(info: ExecInfo): Program { rt.m0 = newMStruct(rt); return schedule(rt, rt.m0, rt0_go(rt, info)); },
        threadStart(sp0: number, start?: { routine: number; arg: number }): Program {
          const sp = start?.arg ?? sp0; // windows: tstart_stdcall's argument names the M (its g0 stack top here)
          const mp = rt.pendingStarts.get(sp);
          if (mp === undefined) throw new Error(`assertion: thread started with unknown stack 0x${sp.toString(16)}`);
          rt.pendingStarts.delete(sp);
          return mstart(rt, mp);
        },
        signalEntry(signo: number, _handler: number, uctx: number, fsbase: number): Program {
          return sighandler(rt, rt.mByTls.get(fsbase), signo, uctx);
        },
      };
    },
  };
}

// --- observation ---------------------------------------------------------------------------------

const latencyEdges = Array.from({ length: 64 }, (_, i) => 2 ** i);

/** The percentile of the runnable→running histogram (upper bucket edge, ns). */
export function latencyPercentile(rt: Runtime, q: number): number {
  if (rt.latencyN === 0) return 0;
  const want = q * rt.latencyN;
  let acc = 0;
  for (let i = 0; i < 64; i++) { acc += rt.latencyHist[i]!; if (acc >= want) return latencyEdges[i]! * 2; }
  return latencyEdges[63]!;
}

export function snapshot(rt: Runtime): RuntimeSnapshot {
  const ps: PSnapshot[] = rt.allp.map((pp) => ({
    id: pp.id, status: pStatusName[pp.status] as PSnapshot['status'], m: pp.m?.id ?? -1, curg: pp.m?.curg?.goid ?? -1,
    runq: pp.runqtail - pp.runqhead, runnext: pp.runnext?.goid ?? -1, timers: pp.timers.length, schedtick: pp.schedtick, syscalltick: pp.syscalltick,
  }));
  const ms: MSnapshot[] = rt.allm.map((m) => ({
    id: m.id, tid: m.procid, p: m.p?.id ?? -1, curg: m.curg?.goid ?? -1, spinning: m.spinning,
    state: m.isSysmonM ? 'sysmon' : m.curg !== null && m.curg.atomicstatus === _Gsyscall ? 'syscall' : m.spinning ? 'spinning' : m.p !== null ? 'running' : 'idle',
  }));
  const byStatus: Partial<Record<GStatus, number>> = {};
  for (let s = 0; s < rt.gcount.length; s++) {
    const n = rt.gcount[s]!;
    if (n > 0 && s !== _Gdead && gStatusName[s]) byStatus[gStatusName[s] as GStatus] = n;
  }
  const gs: GSnapshot[] = [];
  for (const gp of rt.allgs) {
    if (gs.length >= 64) break;
    if (gp.atomicstatus === _Gdead || gp.atomicstatus === _Gidle) continue;
    const g: GSnapshot = { goid: gp.goid, status: gStatusName[gp.atomicstatus] as GStatus, waitReason: gp.atomicstatus === _Gwaiting ? gp.waitreason : '', m: gp.m?.id ?? -1, startFn: `${gp.isSystem ? 'runtime' : 'main'}.${gp.startFn}`, waitSinceNs: gp.waitsince };
    const site = gp.goSite !== null && gp.atomicstatus === _Gwaiting ? gp.parkSite : null;
    if (site !== null) g.at = `${site.fn} ${site.file.slice(site.file.lastIndexOf('/') + 1)}:${site.line}`;
    gs.push(g);
  }
  return {
    pid: rt.info.pid, goVersion, gomaxprocs: rt.gomaxprocs, ps, ms, globrunq: rt.runqsize,
    goroutines: { live: rt.ngLive, byStatus, byWaitReason: Object.fromEntries(rt.waitReasons.entries()) },
    gs, netpollWaiters: rt.np.waiters,
    gc: gcSnapshot(rt),
    stw: { count: rt.stwCount, totalNs: rt.stwTotalNs },
    stacks: stackSnapshot(rt),
    stats: { ...rt.stats, netpollParks: rt.np.parks },
    schedLatencyNs: { p50: latencyPercentile(rt, 0.5), p99: latencyPercentile(rt, 0.99), samples: rt.latencyN },
    msIdle: rt.nmidle,
  };
}

/** The 'lint' query: every live goroutine with what it waits for, timer sites, Ms (lintprobe.ts). */
function lintState(rt: Runtime): RuntimeLintState {
  const lb = rt.lint;
  const goroutines: LintGoroutine[] = [];
  for (const gp of rt.allgs) {
    const st = gp.atomicstatus;
    if (st === _Gdead || st === _Gidle) continue;
    goroutines.push({
      goid: gp.goid, status: gStatusName[st] as GStatus, waitReason: st === _Gwaiting ? gp.waitreason : '',
      startFn: `${gp.isSystem ? 'runtime' : 'main'}.${gp.startFn}`, isSystem: gp.isSystem,
      site: gp.parkSite, created: gp.createdSite, syscallSite: gp.rare?.syscallSite ?? null, syncOps: gp.rare?.syncOps ?? 0, waitsOn: st === _Gwaiting ? waitsOn(lb, gp) : null,
    });
  }
  return {
    gomaxprocs: rt.gomaxprocs, goroutines,
    timers: [...lb.timerSites.values()].map((t) => ({ site: t.site, created: t.created, stopped: t.stopped, received: t.received })),
    mutexes: [...lb.contention.values()].map((c) => ({ id: c.id, waits: c.waits, waitNs: c.waitNs, waiters: [...c.waiters],
      holderSites: [...c.holderSites.values()].sort((a, b) => b.n - a.n).map((h) => ({ site: h.site, n: h.n })) })),
    ms: rt.allm.map((m) => ({ id: m.id, tid: m.procid, inSyscall: m.curg !== null && m.curg.atomicstatus === _Gsyscall, curg: m.curg?.goid ?? -1 })),
    memlimitBytes: rt.gc !== null && rt.gc.memlimit < Number.MAX_SAFE_INTEGER ? rt.gc.memlimit : null,
  };
}

function waitsOn(lb: LintBook, gp: G): LintWait | null {
  const lw = gp.rare?.lintWait ?? null;
  if (lw !== null) {
    const h = lb.holders.get(lw);
    return { kind: 'mutex', id: lb.mutexId(lw), holder: h?.goid ?? -1, holderSite: h?.site ?? null };
  }
  if (gp.waiting === null) return null;
  const ids: number[] = []; let users: number[] | null = [];
  for (let sg: Sudog | null = gp.waiting; sg !== null; sg = sg.waitlink) {
    const c = sg.c as { id: number } | null;
    if (c === null) continue;
    ids.push(c.id);
    const us = lb.chanUsers.get(c);
    if (us === null || us === undefined || lb.timerChans.has(c)) users = null;
    else if (users !== null) for (const u of us) if (u !== gp.goid && !users.includes(u)) users.push(u);
  }
  return { kind: 'chan', ids, users };
}

void _Gidle; void _Grunnable; void compute;
