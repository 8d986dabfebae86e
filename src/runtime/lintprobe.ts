// What the runtime keeps for the lints: the observers that name concurrency
// mistakes a race detector does not catch (goroutine leaks, partial deadlocks,
// leaked timers...). Like Go's runtime keeping g.waitreason for tracebacks, it
// records who holds each mutex, which goroutines use each channel, where each
// goroutine parked and where each timer was made — but only while an observer is
// attached (the 'runtime' probes' is-enabled semaphore, ProbeBus.semaphore), and
// without a single machine instruction: a run watched by the lints executes what
// an unwatched run executes, with the same trace.
//
// Nothing here changes what the runtime does; the observers read it through the
// published snapshot's 'lint' query (lintState in proc.ts).

import { topFrame, type Frame } from './golib/traceback.ts';

export type { Frame };

/** A timer creation site: timers made there, and those stopped (Stop/Reset) or whose value was received. */
export interface TimerSite { site: Frame; created: number; stopped: number; received: number }
/** A timer made while the lints watch: its site, and whether it was stopped or received. */
export interface TimerRec { site: TimerSite; done: boolean }

/** A mutex's contention: waits, the time waited (ns) in all and by each waiter, where the holders had locked it (and how often). */
export interface MutexContention {
  id: number; waits: number; waitNs: number;
  waiters: Map<number, number>;
  holderSites: Map<string, { site: Frame; n: number }>;
}

/** Channels remember at most this many goroutines; past it, who may wake a waiter is unknown. */
export const CHAN_USERS_MAX = 16;

export class LintBook {
  /** The semaphore the machine gave at publish time (count > 0: an observer is attached). */
  sem: { count: number } = { count: 0 };
  /** sync.Mutex → the goroutine holding it, where it locked it, and when (cycles, read by observeClock; -1 unknown). */
  readonly holders = new WeakMap<object, { goid: number; site: Frame | null; at: number }>();
  /** A mutex's number, in the order the lints first saw it locked (for "mutex #3"). */
  readonly mutexIds = new WeakMap<object, number>();
  mutexN = 0;
  /** Channel → the goroutines (ids: a G is reused) that made it or operated on it (null once more than CHAN_USERS_MAX). */
  readonly chanUsers = new WeakMap<object, number[] | null>();
  /** A timer's channel → its record, so that a receive from it marks the timer received. */
  readonly timerChans = new WeakMap<object, TimerRec>();
  /** Timer creation sites by "function file:line". */
  readonly timerSites = new Map<string, TimerSite>();

  /** Contention of each mutex a goroutine waited for (Go's mutex profile, by mutex): see mutexBlocked/mutexWaited. */
  readonly contention = new Map<object, MutexContention>();

  get on(): boolean { return this.sem.count !== 0; }

  /** A goroutine is about to wait for mu: note where its holder locked it. */
  mutexBlocked(mu: object): void {
    const c = this.contentionOf(mu);
    const site = this.holders.get(mu)?.site;
    if (site === null || site === undefined) return;
    const key = `${site.fn} ${site.file}:${site.line}`;
    const h = c.holderSites.get(key);
    if (h === undefined) c.holderSites.set(key, { site, n: 1 }); else h.n++;
  }

  /** Goroutine `goid` waited `ns` for mu (from the nanotime reads the mutex makes anyway). */
  mutexWaited(mu: object, goid: number, ns: number): void {
    const c = this.contentionOf(mu);
    c.waits++; c.waitNs += ns;
    const w = c.waiters.get(goid);
    c.waiters.set(goid, (w ?? 0) + ns);
  }

  private contentionOf(mu: object): MutexContention {
    let c = this.contention.get(mu);
    if (c === undefined) { c = { id: this.mutexId(mu), waits: 0, waitNs: 0, waiters: new Map(), holderSites: new Map() }; this.contention.set(mu, c); }
    return c;
  }

  /** Goroutine `g` made or used channel c. */
  chanUser(c: object, g: number): void {
    const us = this.chanUsers.get(c);
    if (us === null) return;
    if (us === undefined) { this.chanUsers.set(c, [g]); return; }
    if (us.includes(g)) return;
    if (us.length >= CHAN_USERS_MAX) this.chanUsers.set(c, null); else us.push(g);
  }

  mutexId(mu: object): number {
    let id = this.mutexIds.get(mu);
    if (id === undefined) { id = ++this.mutexN; this.mutexIds.set(mu, id); }
    return id;
  }

  /** A timer made at the current call site, sending on c (null for AfterFunc). */
  timerMade(c: object | null): TimerRec | null {
    const site = callSite();
    if (site === null) return null;
    const key = `${site.fn} ${site.file}:${site.line}`;
    let ts = this.timerSites.get(key);
    if (ts === undefined) { ts = { site, created: 0, stopped: 0, received: 0 }; this.timerSites.set(key, ts); }
    ts.created++;
    const rec: TimerRec = { site: ts, done: false };
    if (c !== null) this.timerChans.set(c, rec);
    return rec;
  }

  /** A receive from channel c completed: if it is a timer's, that timer was received. */
  received(c: object): void {
    const rec = this.timerChans.get(c);
    if (rec === undefined || rec.done) return;
    rec.done = true; rec.site.received++;
  }

  stopped(rec: TimerRec | null | undefined): void {
    if (rec === null || rec === undefined || rec.done) return;
    rec.done = true; rec.site.stopped++;
  }
}

/**
 * The innermost frame of the running goroutine that belongs to the program (not to
 * the runtime): a compiled Go function with its file:line, or a built-in program's
 * own function in src/apps. Reads the JavaScript stack of the moment (costly: only
 * while the lints watch).
 */
export function callSite(): Frame | null {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 48;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return topFrame(stack);
}
