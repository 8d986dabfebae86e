// Timers and the time package (Go's runtime/time.go, time/sleep.go, time/tick.go).
// Each P has a 4-ary min-heap of timers; findRunnable runs its P's expired timers
// (and other Ps' on the last steal pass); an M with nothing but a timer ahead
// blocks until it (proc.go findRunnable). time.Sleep reuses one timer per G and
// arms it only after the G has parked (resetForSleep), so it cannot fire early.
//
// Timer channels follow Go 1.23's synchronous model: the channel holds at most the
// one value the timer sent (len and cap report 0), and Stop and Reset discard a
// value not yet received, so no stale time arrives after they return; Stop reports
// true for a timer that fired but whose value was not received. GODEBUG=
// asynctimerchan=1 restores the older asynchronous channels (capacity 1, a sent
// value stays until received, Stop false once fired).

import { compute, computeInPlace } from '../machine/instr.ts';
import { timerHeapN, waitReasonSleep, stackPreempt, Timer, NOTHING, gRare } from './runtime2.ts';
import type { G, M, P, Gen } from './runtime2.ts';
import { getg, gopark, ready, wakeNetPoller, acquirem, releasem, morestackc, newprocOn, type Runtime } from './proc.ts';
import { RT_COSTS } from './costs.ts';
import { netpollinit } from './netpoll.ts';
import { makechan, chansendnb_m, bufTake, type Chan } from './chan.ts';
import { release } from './race.ts';

export interface TimersCheck { now: number; pollUntil: number; ran: boolean }

export function nextTimerWhen(pp: P): number { return pp.timers.length > 0 ? pp.timers[0]!.when : 0; }

function less(a: Timer, b: Timer): boolean { return a.when < b.when || (a.when === b.when && a.seq < b.seq); }

function siftup(ts: Timer[], i: number): void {
  const t = ts[i]!;
  while (i > 0) {
    const p = ((i - 1) / timerHeapN) | 0;
    if (!less(t, ts[p]!)) break;
    ts[i] = ts[p]!; ts[i]!.idx = i; i = p;
  }
  ts[i] = t; t.idx = i;
}

function siftdown(ts: Timer[], i: number): void {
  const n = ts.length; const t = ts[i]!;
  for (;;) {
    const c = i * timerHeapN + 1;
    if (c >= n) break;
    let m = c;
    for (let j = c + 1; j < c + timerHeapN && j < n; j++) if (less(ts[j]!, ts[m]!)) m = j;
    if (!less(ts[m]!, t)) break;
    ts[i] = ts[m]!; ts[i]!.idx = i; i = m;
  }
  ts[i] = t; t.idx = i;
}

let timerSeq = 0;
function addHeap(pp: P, t: Timer): void {
  t.pp = pp; t.seq = ++timerSeq;
  pp.timers.push(t);
  siftup(pp.timers, pp.timers.length - 1);
}

/** Remove t from its P's heap; true if it was there. */
export function deltimer(t: Timer): boolean {
  const pp = t.pp;
  if (pp === null || t.idx < 0) return false;
  const ts = pp.timers; const i = t.idx;
  const last = ts.pop()!;
  if (last !== t) { ts[i] = last; last.idx = i; siftdown(ts, i); siftup(ts, last.idx); }
  t.idx = -1; t.pp = null;
  return true;
}

/** moveTimers: a P being destroyed (GOMAXPROCS shrank) gives its timers to `to`. */
export function moveTimers(from: P, to: P): void {
  for (const t of from.timers.splice(0)) { t.idx = -1; t.pp = null; addHeap(to, t); }
}

/** modtimer on the current P: (re)arm t at `when`; wake a sleeping M if it is now the earliest. */
export function* modtimer(rt: Runtime, mp: M, t: Timer, when: number, period: number): Gen<void> {
  if (rt.np.inited === 0) yield* netpollinit(rt.np, mp.scratch); // netpollGenericInit on the first timer
  deltimer(t);
  t.when = when; t.period = period;
  addHeap(mp.p!, t);
  if (!computeInPlace(RT_COSTS.goTimerModify)) yield compute(RT_COSTS.goTimerModify);
  if (mp.p!.timers[0] === t) yield* wakeNetPoller(rt, mp, when);
}

/** timers.check: run pp's expired timers; report the next `when` (pollUntil) and whether any ran. */
export function checkTimers(rt: Runtime, mp: M, pp: P, now: number, out: TimersCheck): Gen<void> {
  out.ran = false; out.now = now;
  const ts = pp.timers;
  // Most schedules find no timer due: then there is nothing to run, and no generator is made.
  if (ts.length === 0 || ts[0]!.when > now) { out.pollUntil = ts.length > 0 ? ts[0]!.when : 0; return NOTHING; }
  return runTimers(rt, mp, pp, now, out);
}

function* runTimers(rt: Runtime, mp: M, pp: P, now: number, out: TimersCheck): Gen<void> {
  const ts = pp.timers;
  while (ts.length > 0) {
    const t = ts[0]!;
    if (t.when > now) break;
    if (t.period > 0) { t.when += t.period * (1 + Math.floor((now - t.when) / t.period)); siftdown(ts, 0); }
    else deltimer(t);
    out.ran = true;
    if (!computeInPlace(RT_COSTS.goTimerModify)) yield compute(RT_COSTS.goTimerModify);
    yield* t.f!(t, mp, pp, now);
  }
  out.pollUntil = ts.length > 0 ? ts[0]!.when : 0;
  void rt;
}

/** goroutineReady: a Sleep timer fired; ready its G into the running M's P (even for a P's timers it stole). */
function* goroutineReady(t: Timer, mp: M): Gen<void> {
  const gp = t.arg as G;
  yield* ready(gp.rt as Runtime, mp, mp.p!, gp, 0);
}

function* resetForSleep(gp: G, mp: M): Gen<boolean> {
  const r = gp.rare!;
  yield* modtimer(gp.rt as Runtime, mp, r.timer!, r.sleepWhen, 0);
  return true;
}

// --- package time ---------------------------------------------------------------------------

export const Nanosecond = 1;
export const Microsecond = 1000;
export const Millisecond = 1_000_000;
export const Second = 1_000_000_000;
export const Minute = 60 * Second;
export const Hour = 60 * Minute;

/** time.Sleep(d): park with waitReason "sleep"; d ≤ 0 returns at once. */
export function* Sleep(d: number): Gen<void> {
  if (getg().stackguard0 === stackPreempt) yield* morestackc(); // the prologue's check
  if (d <= 0) return;
  const gp = getg(); const rt = gp.rt as Runtime;
  const r = gRare(gp);
  let t = r.timer;
  if (t === null) { t = new Timer(); t.f = goroutineReady; r.timer = t; }
  t.arg = gp;
  r.sleepWhen = (yield* rt.nanotime()) + d;
  yield gopark(resetForSleep, waitReasonSleep);
}

/** time.Now as nanoseconds on the monotonic clock. */
export function* Now(): Gen<number> { return yield* (getg().rt as Runtime).nanotime(); }
export function* Since(t0: number): Gen<number> { return (yield* Now()) - t0; }

function* sendTime(t: Timer, mp: M, _pp: P, now: number): Gen<void> {
  yield* chansendnb_m(mp, mp.p!, t.arg as Chan<number>, now, t.race);
}

/**
 * A timer whose channel carries values of another shape than nanoseconds (a compiled
 * program's time.Time): its sends go through `value`. Set once, when the timer is made.
 */
export function sendTimeAs(t: TimeTimer, value: (now: number) => unknown): void {
  t.r.f = function* sendTimeValue(r: Timer, mp: M, _pp: P, now: number): Gen<void> {
    yield* chansendnb_m(mp, mp.p!, r.arg as Chan<unknown>, value(now), r.race);
  };
}

/** -race: what the goroutine did before it started or reset t happens before t's send (and so before its value is received). */
function raceTimerStart(t: Timer): void {
  const th = getg().race;
  if (th === null) return;
  t.race ??= [];
  release(th, t.race);
}

/** time.Timer: C receives the time when it fires. */
export class TimeTimer {
  constructor(readonly C: Chan<number>, readonly r: Timer) {}
  /** Stop: true if it stopped the timer (with synchronous channels: also one that fired unreceived). */
  *Stop(): Gen<boolean> {
    const mp = acquirem();
    if (!computeInPlace(RT_COSTS.goTimerModify)) yield compute(RT_COSTS.goTimerModify);
    lintStopped(this.C);
    const was = deltimer(this.r) || this.drain();
    releasem(mp);
    return was;
  }
  /** Reset: re-arm for d from now; the result is Stop's. */
  *Reset(d: number): Gen<boolean> {
    const mp = acquirem(); const rt = getg().rt as Runtime;
    lintStopped(this.C);
    const was = deltimer(this.r) || this.drain();
    raceTimerStart(this.r);
    yield* modtimer(rt, mp, this.r, (yield* rt.nanotime()) + d, this.r.period);
    releasem(mp);
    return was;
  }
  /** timerchandrain: discard the value a synchronous timer channel holds; true if there was one. */
  private drain(): boolean {
    if (!this.C.syncTimer || this.C.qcount === 0) return false;
    while (this.C.qcount > 0) bufTake(this.C);
    return true;
  }
}

/** Arm a new timer t to fire d from now (then every `period`, if > 0), on the current P. */
function* startTimer(t: Timer, d: number, period: number): Gen<void> {
  const rt = getg().rt as Runtime;
  raceTimerStart(t);
  const mp = acquirem();
  yield* modtimer(rt, mp, t, (yield* rt.nanotime()) + d, period);
  releasem(mp);
}

function* newTimer(d: number, period: number): Gen<TimeTimer> {
  const c = makechan<number>(1, 0);
  c.syncTimer = (getg().rt as Runtime).debug.asynctimerchan === 0;
  const t = new Timer();
  t.f = sendTime; t.arg = c;
  const lb = (getg().rt as Runtime).lint;
  if (lb.sem.count !== 0) lb.timerMade(c);
  yield* startTimer(t, d, period);
  return new TimeTimer(c, t);
}

/** For the lints: a timer stopped or reset is one its program manages (lintprobe.ts). */
function lintStopped(c: object): void {
  const lb = (getg().rt as Runtime).lint;
  if (lb.sem.count !== 0) lb.stopped(lb.timerChans.get(c));
}

export function NewTimer(d: number): Gen<TimeTimer> { return newTimer(d, 0); }
export function* After(d: number): Gen<Chan<number>> { return (yield* newTimer(d, 0)).C; }
/** time.NewTicker: fires every d; a slow receiver misses ticks (the channel holds one). */
export function NewTicker(d: number): Gen<TimeTimer> {
  if (d <= 0) throw new Error('non-positive interval for NewTicker');
  return newTimer(d, d);
}
export function* Tick(d: number): Gen<Chan<number>> { return (yield* NewTicker(d)).C; }

/**
 * time.AfterFunc(d, f): f runs in its own goroutine after d. `ptr` is the heap object f's
 * closure holds (0 if none): the timer keeps it alive until f has run or the timer is stopped,
 * as a Go closure's captured variables are kept alive by the timer that refers to it.
 */
export function* AfterFunc(d: number, f: (ptr: number) => Gen<unknown>, ptr = 0): Gen<TimeTimer> {
  const t = new Timer();
  t.f = goFunc; t.arg = f; t.ptr = ptr;
  yield* startTimer(t, d, 0);
  return new TimeTimer(makechan<number>(0, 0), t);
}

/** goFunc: an AfterFunc timer fired: start f in a new goroutine on the running M's P (even for a P's timers it stole). */
function* goFunc(t: Timer, mp: M): Gen<void> {
  const ptr = t.ptr; t.ptr = 0;
  yield* newprocOn(mp, mp.p!, t.arg as (p: number) => Gen<unknown>, [ptr]);
}
