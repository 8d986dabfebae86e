// Semaphores and package sync (Go's runtime/sema.go, sync/mutex.go,
// sync/rwmutex.go, sync/waitgroup.go, sync/once.go). A semaphore is a count and
// a FIFO of sudogs; Go finds that queue through a treap keyed by the address
// (semTable), here the sync object carries it. Mutex follows Go's algorithm:
// a CAS fast path, a few rounds of spinning (procyield) while the holder runs
// on another P, then semacquire; a waiter that has waited more than 1 ms puts
// the mutex in starvation mode, where Unlock hands it straight to the head
// waiter (semrelease with handoff, and the releaser yields).

import { compute, computeInPlace, observeClock } from '../machine/instr.ts';
import { waitReasonSyncMutexLock, waitReasonSyncRWMutexLock, waitReasonSyncRWMutexRLock, waitReasonSyncWaitGroupWait, waitReasonSemacquire, starvationThresholdNs, stackPreempt, GoPanic, GoFatal, NOTHING, gRare } from './runtime2.ts';
import type { Sudog, Gen, G } from './runtime2.ts';
import { callSite } from './lintprobe.ts';
import { getg, gopark, goready, goyield, morestackc, type Runtime } from './proc.ts';
import { RT_COSTS } from './costs.ts';
import { acquireSudog, releaseSudog, nextObjectId, WaitQ } from './chan.ts';
import { acquire, release } from './race.ts';

export class Sema {
  count = 0;
  nwait = 0;
  readonly q = new WaitQ();
  /** Its "address", for the resource view. */
  readonly id = nextObjectId('sema');
  /** The sync object it belongs to (Mutex, RWMutex, WaitGroup), or null for a raw semaphore. */
  constructor(readonly owner: object | null = null) {}
}

function cansemacquire(s: Sema): boolean {
  if (s.count === 0) return false;
  s.count--;
  return true;
}

/** semacquire1: take a unit or park (LIFO for a mutex waiter that already waited). */
export function* semacquire1(s: Sema, lifo: boolean, reason: string): Gen<void> {
  if (cansemacquire(s)) return;
  const gp = getg(); const rt = gp.rt as Runtime;
  const sg = acquireSudog(rt);
  for (;;) {
    s.nwait++;
    if (cansemacquire(s)) { s.nwait--; break; }
    sg.g = gp; sg.ticket = 0; sg.elem = s;
    sg.acquiretime = 0;
    if (lifo && s.q.first !== null) {
      sg.prev = null; sg.next = s.q.first; s.q.first.prev = sg; s.q.first = sg;
    } else s.q.enqueue(sg);
    gRare(gp).parkedOn = s;
    yield gopark(null, reason);
    gp.rare!.parkedOn = null;
    if (sg.ticket !== 0 || cansemacquire(s)) break;
  }
  releaseSudog(rt, sg);
}

/** semrelease1: a unit back; wake the head waiter; with handoff give it the unit and yield to it. */
export function* semrelease1(s: Sema, handoff: boolean): Gen<void> {
  s.count++;
  if (s.nwait === 0) return;
  const sg: Sudog | null = s.q.dequeue();
  if (sg === null) return;
  s.nwait--;
  if (handoff && cansemacquire(s)) sg.ticket = 1;
  yield* goready(sg.g!);
  if (sg.ticket === 1 && getg().m!.locks === 0) yield* goyield();
}

// --- sync.Mutex ----------------------------------------------------------------------------

const mutexLocked = 1;
const mutexWoken = 2;
const mutexStarving = 4;
const mutexWaiterShift = 3;

/** runtime_canSpin: < 4 rounds, multicore, another P running, our run queue empty. */
function canSpin(iter: number): boolean {
  const gp = getg(); const rt = gp.rt as Runtime;
  if (iter >= 4 || rt.ncpu <= 1 || rt.gomaxprocs <= rt.npidle + rt.nmspinning + 1) return false;
  const pp = gp.m!.p!;
  return pp.runqhead === pp.runqtail && pp.runnext === null;
}

export class Mutex {
  state = 0;
  readonly sema = new Sema(this);
  /** `of`: the RWMutex whose writer lock it is, or null. */
  constructor(readonly of: object | null = null) {}

  /** For the resource view: locked, starving, Go's count of waiters. */
  inspect(): { locked: boolean; starving: boolean; nwait: number } {
    return { locked: (this.state & mutexLocked) !== 0, starving: (this.state & mutexStarving) !== 0, nwait: this.state >> mutexWaiterShift };
  }

  // Lock, Unlock and WaitGroup.Add are plain functions while they do not block, like
  // chansend/chanrecv (chan.ts): the prologue's check and the charge are retired in place
  // (instr.ts) and an uncontended lock or unlock, or an Add that wakes nobody, returns
  // NOTHING for the caller's `yield*`. A generator is made only where one must yield: a
  // preemption request, a charge the batch has no room for, a wait, a waiter to wake.

  Lock(): Gen<void> {
    const gp = getg();
    if (gp.stackguard0 === stackPreempt || !computeInPlace(RT_COSTS.goMutex)) return this.lockYielding();
    return this.lockCharged(gp);
  }

  /** Lock from its start with what it must yield: the prologue's check, then the charge. */
  private *lockYielding(): Gen<void> {
    const gp = getg();
    if (gp.stackguard0 === stackPreempt) yield* morestackc(); // the prologue's check
    yield compute(RT_COSTS.goMutex);
    yield* this.lockCharged(gp);
  }

  /** Lock once charged: the CAS fast path, or lockSlow. */
  private lockCharged(gp: G): Gen<void> {
    if (this.state === 0) {
      this.state = mutexLocked;
      raceAcquire(this);
      if ((gp.rt as Runtime).lint.sem.count !== 0) lintLocked(this, gp);
      return NOTHING;
    }
    return this.lockContended(gp);
  }

  private *lockContended(gp: G): Gen<void> {
    yield* this.lockSlow();
    raceAcquire(this);
    if ((gp.rt as Runtime).lint.sem.count !== 0) lintLocked(this, gp);
  }

  TryLock(): boolean {
    const old = this.state;
    if ((old & (mutexLocked | mutexStarving)) !== 0) return false;
    this.state = old | mutexLocked;
    raceAcquire(this);
    const gp = getg();
    if ((gp.rt as Runtime).lint.sem.count !== 0) lintLocked(this, gp);
    return true;
  }

  /** Give back a lock TryLock has just taken, before anything could wait for it (RWMutex.TryLock's failure). */
  untryLock(): void {
    this.state &= ~mutexLocked;
    const lb = (getg().rt as Runtime).lint;
    if (lb.sem.count !== 0) lb.holders.delete(this);
  }

  private *lockSlow(): Gen<void> {
    const rt = getg().rt as Runtime;
    let waitStartTime = 0;
    let blockedAt = 0;
    let starving = false;
    let awoke = false;
    let iter = 0;
    let old = this.state;
    for (;;) {
      if ((old & (mutexLocked | mutexStarving)) === mutexLocked && canSpin(iter)) {
        if (!awoke && (old & mutexWoken) === 0 && old >> mutexWaiterShift !== 0 && this.state === old) {
          this.state = old | mutexWoken;
          awoke = true;
        }
        if (!computeInPlace(RT_COSTS.goProcyield)) yield compute(RT_COSTS.goProcyield); // runtime_doSpin
        iter++;
        old = this.state;
        continue;
      }
      let nw = old;
      if ((old & mutexStarving) === 0) nw |= mutexLocked;
      if ((old & (mutexLocked | mutexStarving)) !== 0) nw += 1 << mutexWaiterShift;
      if (starving && (old & mutexLocked) !== 0) nw |= mutexStarving;
      if (awoke) {
        if ((nw & mutexWoken) === 0) throw new GoFatal('sync: inconsistent mutex state');
        nw &= ~mutexWoken;
      }
      if (this.state !== old) { old = this.state; continue; }
      this.state = nw;
      if ((old & (mutexLocked | mutexStarving)) === 0) break; // locked it
      const queueLifo = waitStartTime !== 0;
      if (waitStartTime === 0) waitStartTime = blockedAt = yield* rt.nanotime();
      const gp = getg();
      const watched = rt.lint.sem.count !== 0;
      if (watched) { gRare(gp).lintWait = this; rt.lint.mutexBlocked(this); }
      yield* semacquire1(this.sema, queueLifo, waitReasonSyncMutexLock);
      if (gp.rare !== null) gp.rare.lintWait = null;
      const woke = yield* rt.nanotime();
      if (watched) rt.lint.mutexWaited(this, gp.goid, woke - blockedAt);
      blockedAt = woke;
      starving = starving || woke - waitStartTime > starvationThresholdNs;
      old = this.state;
      if ((old & mutexStarving) !== 0) {
        if ((old & (mutexLocked | mutexWoken)) !== 0 || old >> mutexWaiterShift === 0) throw new GoFatal('sync: inconsistent mutex state');
        let delta = mutexLocked - (1 << mutexWaiterShift);
        if (!starving || old >> mutexWaiterShift === 1) delta -= mutexStarving;
        this.state += delta;
        break;
      }
      awoke = true;
      iter = 0;
    }
  }

  Unlock(): Gen<void> {
    raceRelease(this);
    if (!computeInPlace(RT_COSTS.goMutex)) return this.unlockYielding();
    return this.unlockCharged();
  }

  private *unlockYielding(): Gen<void> {
    yield compute(RT_COSTS.goMutex);
    yield* this.unlockCharged();
  }

  /** Unlock once charged: drop the locked bit; unlockSlow only if someone waits (or it was not locked). */
  private unlockCharged(): Gen<void> {
    const lb = (getg().rt as Runtime).lint;
    if (lb.sem.count !== 0) { lb.holders.delete(this); gRare(getg()).syncOps++; }
    this.state -= mutexLocked;
    const nw = this.state;
    return nw !== 0 ? this.unlockSlow(nw) : NOTHING;
  }

  private *unlockSlow(nw: number): Gen<void> {
    if (((nw + mutexLocked) & mutexLocked) === 0) throw new GoFatal('sync: unlock of unlocked mutex');
    if ((nw & mutexStarving) === 0) {
      const old = nw;
      if (old >> mutexWaiterShift === 0 || (old & (mutexLocked | mutexWoken | mutexStarving)) !== 0) return;
      this.state = (old - (1 << mutexWaiterShift)) | mutexWoken;
      yield* semrelease1(this.sema, false);
    } else {
      yield* semrelease1(this.sema, true);
    }
  }
}

/** The lints' record of a lock: who holds the mutex, and where it was locked. */
function lintLocked(mu: Mutex, gp: G): void {
  gRare(gp).syncOps++;
  (gp.rt as Runtime).lint.holders.set(mu, { goid: gp.goid, site: callSite(), at: observeClock() });
}

// --- sync.RWMutex ----------------------------------------------------------------------------

const rwmutexMaxReaders = 1 << 30;

export class RWMutex {
  private readonly w = new Mutex(this);
  private readonly writerSem = new Sema(this);
  private readonly readerSem = new Sema(this);
  private readerCount = 0;
  private readerWait = 0;
  readonly id = this.writerSem.id;

  /** For the resource view: readers holding it, whether a writer holds or waits, and which semaphore is which. */
  inspect(): { readers: number; writer: boolean; writerSem: Sema; readerSem: Sema; w: Mutex } {
    const writer = this.readerCount < 0;
    return { readers: writer ? this.readerWait : this.readerCount, writer, writerSem: this.writerSem, readerSem: this.readerSem, w: this.w };
  }

  *RLock(): Gen<void> {
    if (!computeInPlace(RT_COSTS.goMutex)) yield compute(RT_COSTS.goMutex);
    if (++this.readerCount < 0) yield* semacquire1(this.readerSem, false, waitReasonSyncRWMutexRLock);
    raceAcquire(this);
  }
  /** TryRLock: a read lock unless a writer holds or waits for it; never blocks. */
  TryRLock(): boolean {
    if (this.readerCount < 0) return false;
    this.readerCount++;
    raceAcquire(this);
    return true;
  }
  /** TryLock: the write lock if the writer lock is free and no reader holds it; never blocks. */
  TryLock(): boolean {
    if (!this.w.TryLock()) return false;
    if (this.readerCount !== 0) { this.w.untryLock(); return false; }
    this.readerCount = -rwmutexMaxReaders;
    raceAcquire(this); raceAcquire(this.readerSem);
    return true;
  }
  *RUnlock(): Gen<void> {
    raceRelease(this.readerSem);
    if (!computeInPlace(RT_COSTS.goMutex)) yield compute(RT_COSTS.goMutex);
    const r = --this.readerCount;
    if (r < 0) {
      if (r + 1 === 0 || r + 1 === -rwmutexMaxReaders) throw new GoFatal('sync: RUnlock of unlocked RWMutex');
      if (--this.readerWait === 0) yield* semrelease1(this.writerSem, false);
    }
  }
  *Lock(): Gen<void> {
    yield* this.w.Lock();
    this.readerCount -= rwmutexMaxReaders;
    const r = this.readerCount + rwmutexMaxReaders;
    if (r !== 0 && (this.readerWait += r) !== 0) yield* semacquire1(this.writerSem, false, waitReasonSyncRWMutexLock);
    raceAcquire(this); raceAcquire(this.readerSem);
  }
  *Unlock(): Gen<void> {
    raceRelease(this);
    this.readerCount += rwmutexMaxReaders;
    const r = this.readerCount;
    if (r >= rwmutexMaxReaders) throw new GoFatal('sync: Unlock of unlocked RWMutex');
    for (let i = 0; i < r; i++) yield* semrelease1(this.readerSem, false);
    yield* this.w.Unlock();
  }
}

// --- sync.WaitGroup ----------------------------------------------------------------------------

export class WaitGroup {
  private counter = 0;
  private waiters = 0;
  private readonly sema = new Sema(this);
  readonly id = this.sema.id;

  /** For the resource view: the counter and the goroutines in Wait. */
  inspect(): { counter: number; waiters: number } { return { counter: this.counter, waiters: this.waiters }; }

  /** Add (and Done): plain unless the charge must be yielded or the counter's drop to 0 wakes waiters. */
  Add(delta: number): Gen<void> {
    if (delta < 0) raceRelease(this);
    if (!computeInPlace(RT_COSTS.goMutex)) return this.addYielding(delta);
    return this.addCharged(delta);
  }

  private *addYielding(delta: number): Gen<void> {
    yield compute(RT_COSTS.goMutex);
    yield* this.addCharged(delta);
  }

  private addCharged(delta: number): Gen<void> {
    this.counter += delta;
    const v = this.counter; const w = this.waiters;
    if (v < 0) throw new GoPanic('sync: negative WaitGroup counter');
    if (delta > 0 && v === delta && w !== 0) throw new GoPanic('sync: WaitGroup misuse: Add called concurrently with Wait');
    if (v > 0 || w === 0) return NOTHING;
    this.waiters = 0;
    return this.wakeWaiters(w);
  }

  private *wakeWaiters(w: number): Gen<void> {
    for (let i = w; i > 0; i--) yield* semrelease1(this.sema, false);
  }

  Done(): Gen<void> { return this.Add(-1); }
  *Wait(): Gen<void> {
    if (getg().stackguard0 === stackPreempt) yield* morestackc(); // the prologue's check
    if (!computeInPlace(RT_COSTS.goMutex)) yield compute(RT_COSTS.goMutex);
    if (this.counter === 0) { raceAcquire(this); return; }
    this.waiters++;
    yield* semacquire1(this.sema, false, waitReasonSyncWaitGroupWait);
    raceAcquire(this);
  }
}

// --- sync.Once -----------------------------------------------------------------------------------

export class Once {
  private done = false;
  private readonly m = new Mutex();
  *Do(f: () => Gen<unknown>): Gen<void> {
    if (this.done) { raceAcquire(this); return; }
    yield* this.m.Lock();
    try {
      if (!this.done) { try { yield* f(); } finally { raceRelease(this); this.done = true; } }
    } finally {
      yield* this.m.Unlock();
    }
    raceAcquire(this);
  }
}

/** runtime_Semacquire for user code that wants a raw semaphore. */
export function Semacquire(s: Sema): Gen<void> { return semacquire1(s, false, waitReasonSemacquire); }
export function Semrelease(s: Sema): Gen<void> { return semrelease1(s, false); }

// --- the race detector's edges (Go's sync package calls race.Acquire/Release) -----------------------

/** What the last release of o published, the running goroutine has now seen (a race-enabled process only). */
function raceAcquire(o: object): void {
  const th = getg().race;
  if (th !== null) acquire(th, th.ctx.syncOf(o));
}

/** o publishes everything the running goroutine did so far. */
function raceRelease(o: object): void {
  const th = getg().race;
  if (th !== null) release(th, th.ctx.syncOf(o));
}
