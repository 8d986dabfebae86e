// Channels (Go's runtime/chan.go): hchan with a ring buffer, FIFO queues of
// sudogs for blocked senders and receivers, direct hand-off to a waiting
// receiver (sendDirect: the one place a goroutine writes another's stack), the
// buffer slot swap when a receiver meets a blocked sender on a full buffer, and
// close semantics (receivers get the zero value and ok=false, senders panic).
//
// A channel of pointers (makechan(size, 0, true): Go's chan *T) is known to the
// collector: while it marks, every pointer written into a buffer or handed to a
// receiver is shaded (the write barrier of typedmemmove and sendDirect), and a
// channel holding pointers in its buffer is a root of the next cycle.

import { compute, computeInPlace } from '../machine/instr.ts';
import type { Instr } from '../machine/instr.ts';
import { waitReasonChanReceive, waitReasonChanSend, waitReasonChanReceiveNilChan, waitReasonChanSendNilChan, stackPreempt, Sudog, GoPanic, RuntimeError, NOTHING, returning, gRare } from './runtime2.ts';
import type { G, M, P, Gen } from './runtime2.ts';
import { getg, getgOrNull, gopark, goready, ready, acquirem, releasem, morestackc, type Runtime } from './proc.ts';
import { RT_COSTS } from './costs.ts';
import { chanPtrWrite, chanPtrFilled, chanPtrEmpty } from './mgc.ts';
import { acquire, join, release, releaseAcquire, type RaceThread, type SyncClock } from './race.ts';

/** waitq: a FIFO of sudogs, doubly linked so select can remove its losers in O(1). */
export class WaitQ {
  first: Sudog | null = null;
  last: Sudog | null = null;

  enqueue(sg: Sudog): void {
    sg.next = null; sg.prev = this.last;
    if (this.last !== null) this.last.next = sg; else this.first = sg;
    this.last = sg;
  }

  /** dequeue: skip select sudogs whose G another case already won (selectDone). */
  dequeue(): Sudog | null {
    for (;;) {
      const sg = this.first;
      if (sg === null) return null;
      this.first = sg.next;
      if (this.first !== null) this.first.prev = null; else this.last = null;
      sg.next = null; sg.prev = null;
      if (sg.isSelect) {
        if (sg.g!.selectDone !== 0) continue;
        sg.g!.selectDone = 1;
      }
      return sg;
    }
  }

  remove(sg: Sudog): void {
    const p = sg.prev; const n = sg.next;
    if (p !== null) p.next = n; else if (this.first === sg) this.first = n; else return;
    if (n !== null) n.prev = p; else this.last = p;
    sg.next = null; sg.prev = null;
  }
}

/** Ids of channels made where no goroutine runs (a TypeScript program's module scope): by the order they were made in this thread. */
let chanIdsOffG = 0;

/** The next id of a runtime's channels or semaphores (the running goroutine's runtime). */
export function nextObjectId(kind: 'chan' | 'sema'): number {
  const rt = getgOrNull()?.rt as Runtime | undefined;
  if (rt === undefined) return kind === 'chan' ? ++chanIdsOffG : ++semaIdsOffG;
  return kind === 'chan' ? ++rt.chanIds : ++rt.semaIds;
}
let semaIdsOffG = 0;

/** hchan. */
export class Chan<T> {
  qcount = 0;
  readonly buf: (T | undefined)[];
  closed = false;
  sendx = 0;
  recvx = 0;
  readonly recvq = new WaitQ();
  readonly sendq = new WaitQ();
  /**
   * Its "address": what select's lockorder sorts by, and how the resource view names it. Numbered by
   * its runtime in the order its goroutines made channels, so the same run shows the same numbers
   * however many machines this thread ran before it (a dashboard replay builds the machine again).
   */
  readonly id = nextObjectId('chan');
  /** Set by every receive from it: false when the value was the zero value of a closed channel. */
  ok = true;
  /** Its elements are heap pointers (the runtime that owns them, else null). */
  ptrOwner: object | null = null;
  /** A timer's channel with Go 1.23's synchronous delivery: it reports length and capacity 0. */
  syncTimer = false;
  /**
   * Race-enabled processes only: the happens-before clocks of each buffer slot (one for an
   * unbuffered channel), then the close clock. Go's chanbuf(c, i) addresses as sync objects.
   */
  race: SyncClock[] | null = null;
  /** Elements of size 0 (chan struct{}): every slot is the same address, so one sync object for all (Go's chanbuf). */
  raceOneSlot = false;

  constructor(readonly dataqsiz: number, readonly zero: T) {
    this.buf = new Array<T | undefined>(dataqsiz);
  }

  /** ch <- v */
  send(v: T): Gen<void> { return chansend1(this, v); }
  /** <-ch (its ok in this.ok) */
  recv(): Gen<T> { return chanrecv(this, true); }
  /** v, ok := <-ch */
  *recv2(): Gen<[T, boolean]> { const v = yield* chanrecv(this, true); return [v, recvOK]; }
  close(): Gen<void> { return closechan(this); }
  len(): number { return this.syncTimer ? 0 : this.qcount; }
  cap(): number { return this.syncTimer ? 0 : this.dataqsiz; }
  /** for v := range ch { body(v) } */
  *range(body: (v: T) => Gen<unknown>): Gen<void> {
    for (;;) {
      const v = yield* chanrecv(this, true);
      if (!recvOK) return;
      yield* body(v);
    }
  }
}

export function plainError(msg: string): RuntimeError { return new RuntimeError(msg); }

/** make(chan T, size); `zero` is T's zero value (what a receive from a closed channel yields); `pointers`: T is a pointer type. */
export function makechan<T>(size = 0, zero?: T, pointers = false): Chan<T> {
  if (!Number.isInteger(size) || size < 0 || size > 1 << 30) throw new GoPanic(plainError('makechan: size out of range'));
  const c = new Chan<T>(size, (zero ?? 0) as T);
  if (pointers) c.ptrOwner = getg().rt as object;
  if (getgOrNull()?.race != null) c.race = Array.from({ length: Math.max(1, size) + 1 }, () => []);
  // For the lints: the goroutine that made c holds it, so it may send or receive on it later.
  const gp = getgOrNull();
  if (gp !== null && (gp.rt as Runtime).lint.sem.count !== 0) (gp.rt as Runtime).lint.chanUser(c, gp.goid);
  return c;
}

/** For the lints, while they watch: the current goroutine sent, received, selected on or closed c (lintprobe.ts). */
export function lintChanOp(c: object): void {
  const gp = getg(); const lb = (gp.rt as Runtime).lint;
  if (lb.sem.count === 0) return;
  lb.chanUser(c, gp.goid); gRare(gp).syncOps++;
}

/** For the lints: a receive from c completed (a timer's channel: its value was received). */
export function lintReceived(c: object): void {
  const lb = (getg().rt as Runtime).lint;
  if (lb.sem.count !== 0) lb.received(c);
}

/** sendDirect: v goes straight into a waiting receiver's slot (the write barrier, for pointers). */
export function sendDirect<T>(c: Chan<T>, sg: Sudog, v: T): void {
  if (c.race !== null) racehandoff(c, c.recvx, sg);
  sg.elem = v; sg.success = true;
  if (c.ptrOwner !== null) chanPtrWrite(c, v as number);
}

/** Take the value at the buffer's head. */
export function bufTake<T>(c: Chan<T>): T {
  if (c.race !== null) racenotify(c, c.recvx, getgOrNull()?.race ?? null);
  const v = c.buf[c.recvx] as T;
  c.buf[c.recvx] = undefined;
  if (++c.recvx === c.dataqsiz) c.recvx = 0;
  c.qcount--;
  if (c.ptrOwner !== null && c.qcount === 0) chanPtrEmpty(c);
  return v;
}

export function acquireSudog(rt: Runtime): Sudog {
  const sg = rt.sudogcache.pop() ?? new Sudog();
  return sg;
}
export function releaseSudog(rt: Runtime, sg: Sudog): void {
  sg.g = null; sg.elem = undefined; sg.c = null; sg.isSelect = false; sg.success = false; sg.waitlink = null;
  sg.next = null; sg.prev = null; sg.caseIndex = -1; sg.ticket = 0;
  if (rt.sudogcache.length < 128) rt.sudogcache.push(sg);
}

/** The ok of the last chanrecv (read by the caller right after it returns: no thread can interleave). */
export let recvOK = true;
/** Whether the last non-blocking chanrecv/chansend went through. */
export let selected = false;

export function chansend1<T>(c: Chan<T> | null, v: T): Gen<void> { return chansend(c, v, true) as Gen<unknown> as Gen<void>; }

// chansend and chanrecv are plain functions up to the point where they must park: the
// prologue's check and the charge retired in place (instr.ts), a hand-off, a buffer slot or a
// closed channel is decided and done where they are called, and what they return is a
// finished run (returning) for the caller's `yield*`. Only the cases that must yield — a
// preemption request, a charge the batch has no room for, a nil channel, a park, an M to
// wake — make a generator, and it goes on from where the plain part stopped.

/** chansend: nil → block forever; closed → panic; waiting receiver → hand off; buffer; park on sendq. */
export function chansend<T>(c: Chan<T> | null, v: T, block: boolean): Gen<boolean> {
  if (c === null || getg().stackguard0 === stackPreempt || !computeInPlace(RT_COSTS.goChanOp)) return chansendSlow(c, v, block);
  return chansendCharged(c, v, block);
}

/** chansend from its start: the prologue's check, the nil channel and the charge, yielded. */
function* chansendSlow<T>(c: Chan<T> | null, v: T, block: boolean): Gen<boolean> {
  if (getg().stackguard0 === stackPreempt) yield* morestackc(); // the prologue's check
  if (c === null) {
    if (!block) return false;
    yield gopark(null, waitReasonChanSendNilChan);
    throw new Error('assertion: unreachable');
  }
  yield compute(RT_COSTS.goChanOp);
  return yield* chansendCharged(c, v, block);
}

/** chansend once charged: plain until it must park (chansendPark) or wake an M. */
function chansendCharged<T>(c: Chan<T>, v: T, block: boolean): Gen<boolean> {
  lintChanOp(c);
  if (!block && !c.closed && full(c)) return returning(false);
  if (c.closed) throw new GoPanic(plainError('send on closed channel'));
  const sg = c.recvq.dequeue();
  if (sg !== null) {
    // send → sendDirect: straight into the receiver's slot.
    sendDirect(c, sg, v);
    const gp = sg.g!;
    gp.param = sg;
    const rest = goready(gp);
    return rest === NOTHING ? returning(true) : returnAfter(rest, true);
  }
  if (c.qcount < c.dataqsiz) { bufPut(c, v); return returning(true); }
  if (!block) return returning(false);
  return chansendPark(c, v);
}

function* returnAfter<T>(rest: Gen<void>, v: T): Gen<T> {
  yield* rest;
  return v;
}

/** chansend's blocking case: a sudog on sendq, park until a receiver takes v (or the channel closes). */
function chansendPark<T>(c: Chan<T>, v: T): Gen<boolean> {
  return acquireChanPark(c, v, true, null) as Gen<unknown> as Gen<boolean>;
}

function full<T>(c: Chan<T>): boolean {
  if (c.dataqsiz === 0) return c.recvq.first === null;
  return c.qcount === c.dataqsiz;
}

/**
 * What a compiled program runs on the value a receive returns, as the receive returns it: the
 * write barrier of the slot it leaves (chanrecv's typedmemclr in Go). Given to chanrecv rather
 * than run by a wrapper after it, so that a receive makes no generator of its own.
 */
export type RecvBarrier = ((v: unknown) => void) | null;

/** chanrecv: nil → block forever; closed and empty → zero, !ok; waiting sender; buffer; park on recvq. */
export function chanrecv<T>(c: Chan<T> | null, block: boolean, barrier: RecvBarrier = null): Gen<T> {
  if (c === null || getg().stackguard0 === stackPreempt || !computeInPlace(RT_COSTS.goChanOp)) return chanrecvSlow(c, block, barrier);
  return chanrecvCharged(c, block, barrier);
}

/** chanrecv from its start: the prologue's check, the nil channel and the charge, yielded. */
function* chanrecvSlow<T>(c: Chan<T> | null, block: boolean, barrier: RecvBarrier): Gen<T> {
  if (getg().stackguard0 === stackPreempt) yield* morestackc(); // the prologue's check
  if (c === null) {
    if (!block) { selected = false; recvOK = false; return undefined as T; }
    yield gopark(null, waitReasonChanReceiveNilChan);
    throw new Error('assertion: unreachable');
  }
  yield compute(RT_COSTS.goChanOp);
  return yield* chanrecvCharged(c, block, barrier);
}

/** chanrecv once charged: plain until it must park (chanrecvPark) or wake an M. */
function chanrecvCharged<T>(c: Chan<T>, block: boolean, barrier: RecvBarrier): Gen<T> {
  lintChanOp(c);
  if (!block && c.qcount === 0 && c.sendq.first === null) {
    if (!c.closed) return received(c, false, false, c.zero, barrier);
  }
  if (c.closed && c.qcount === 0) { raceacquireClosed(c); return received(c, true, false, c.zero, barrier); }
  const sg = c.sendq.dequeue();
  if (sg !== null) {
    const v = recvFromSender(c, sg);
    const rest = goready(sg.g!);
    if (rest !== NOTHING) return receivedAfter(rest, c, v, barrier);
    return received(c, true, true, v, barrier);
  }
  if (c.qcount > 0) return received(c, true, true, bufTake(c), barrier);
  if (!block) return received(c, false, false, c.zero, barrier);
  return chanrecvPark(c, barrier);
}

/** A receive's outcome: selected and ok for the caller to read as it returns (c.ok too), v returned. */
function received<T>(c: Chan<T>, sel: boolean, ok: boolean, v: T, barrier: RecvBarrier): Gen<T> {
  selected = sel; recvOK = ok; c.ok = ok;
  if (ok) lintReceived(c);
  if (barrier !== null) barrier(v);
  return returning(v);
}

function* receivedAfter<T>(rest: Gen<void>, c: Chan<T>, v: T, barrier: RecvBarrier): Gen<T> {
  yield* rest;
  return yield* received(c, true, true, v, barrier);
}

/** chanrecv's blocking case: a sudog on recvq, park until a sender hands a value over (or the channel closes). */
function chanrecvPark<T>(c: Chan<T>, barrier: RecvBarrier): Gen<T> {
  return acquireChanPark(c, undefined, false, barrier) as Gen<unknown> as Gen<T>;
}

/**
 * A channel operation's park, as a run the caller's `yield*` steps, written as an iterator by
 * hand instead of a generator so that a park allocates nothing: the objects are pooled and
 * reused (a ping-pong parks twice per round trip, and the generator each park made was most of
 * what the collector had to clear). Its first step queues the sudog and yields gopark's SWITCH,
 * as the generator's first step did; its second, when the G runs again, finishes the send or
 * receive and returns. A throw or return from the caller ends it, as it ends a generator with
 * no finally.
 */
class ChanPark implements Gen<unknown> {
  private c: Chan<unknown> | null = null;
  private v: unknown = undefined;
  private send = false;
  private barrier: RecvBarrier = null;
  private mysg: Sudog | null = null;
  private parked = false;
  /**
   * The park is its own step's result (value, done): `yield*` reads it at once, so no object of
   * its own is needed for it (one per parked goroutine, 40 bytes).
   */
  value: unknown = undefined;
  done = false;

  init(c: Chan<unknown>, v: unknown, send: boolean, barrier: RecvBarrier): this {
    this.c = c; this.v = v; this.send = send; this.barrier = barrier; this.parked = false;
    return this;
  }

  next(): IteratorResult<Instr, unknown> {
    const c = this.c!;
    const gp = getg();
    if (!this.parked) {
      const mysg = acquireSudog(gp.rt as Runtime);
      mysg.elem = this.send ? this.v : undefined; mysg.g = gp; mysg.c = c; mysg.isSelect = false;
      gp.waiting = mysg; gp.param = null;
      this.mysg = mysg; this.parked = true;
      if (this.send) c.sendq.enqueue(mysg); else c.recvq.enqueue(mysg);
      this.done = false;
      this.value = gopark(null, this.send ? waitReasonChanSend : waitReasonChanReceive);
      return this as unknown as IteratorResult<Instr, unknown>;
    }
    const mysg = this.mysg!; const send = this.send; const barrier = this.barrier;
    gp.waiting = null;
    const ok = mysg.success;
    const v = send ? undefined : ok ? mysg.elem : c.zero;
    releaseSudog(gp.rt as Runtime, mysg);
    this.release();
    if (send) {
      if (!ok) throw new GoPanic(plainError('send on closed channel'));
      this.value = true;
    } else {
      received(c, true, ok, v, barrier);
      this.value = v;
    }
    this.done = true;
    return this as unknown as IteratorResult<Instr, unknown>;
  }

  return(value?: unknown): IteratorResult<Instr, unknown> {
    this.release();
    return { value, done: true };
  }

  throw(e: unknown): IteratorResult<Instr, unknown> {
    this.release();
    throw e;
  }

  [Symbol.iterator](): this { return this; }

  /** Back to the pool, holding nothing. */
  private release(): void {
    if (this.c === null) return;
    this.c = null; this.v = undefined; this.barrier = null; this.mysg = null; this.parked = false;
    if (chanParks.length < 128) chanParks.push(this);
  }
}

const chanParks: ChanPark[] = [];

function acquireChanPark(c: Chan<unknown>, v: unknown, send: boolean, barrier: RecvBarrier): ChanPark {
  return (chanParks.pop() ?? new ChanPark()).init(c, v, send, barrier);
}

/** recv: unbuffered → the sender's value; full buffer → the head, and the sender's value takes its slot. */
export function recvFromSender<T>(c: Chan<T>, sg: Sudog): T {
  if (c.race !== null) racehandoff(c, c.recvx, sg);
  let v: T;
  if (c.dataqsiz === 0) v = sg.elem as T;
  else {
    v = c.buf[c.recvx] as T;
    c.buf[c.recvx] = sg.elem as T;
    if (c.ptrOwner !== null) chanPtrWrite(c, sg.elem as number);
    if (++c.recvx === c.dataqsiz) c.recvx = 0;
    c.sendx = c.recvx;
  }
  sg.elem = undefined; sg.success = true;
  sg.g!.param = sg;
  return v;
}

/** closechan: panics on nil or closed; releases every receiver (zero, !ok) and every sender (they panic). */
export function* closechan<T>(c: Chan<T> | null): Gen<void> {
  if (getg().stackguard0 === stackPreempt) yield* morestackc(); // the prologue's check
  if (c === null) throw new GoPanic(plainError('close of nil channel'));
  if (!computeInPlace(RT_COSTS.goChanOp)) yield compute(RT_COSTS.goChanOp);
  lintChanOp(c);
  if (c.closed) throw new GoPanic(plainError('close of closed channel'));
  c.closed = true;
  const rclose = c.race !== null ? c.race[c.race.length - 1]! : null;
  const closer = rclose !== null ? getgOrNull()?.race ?? null : null;
  if (closer !== null) release(closer, rclose!);
  let glist: G[] | null = null;
  for (;;) {
    const sg = c.recvq.dequeue();
    if (sg === null) break;
    if (rclose !== null && sg.g!.race !== null) acquire(sg.g!.race, rclose);
    sg.elem = c.zero; sg.success = false; sg.g!.param = sg;
    (glist ??= []).push(sg.g!);
  }
  for (;;) {
    const sg = c.sendq.dequeue();
    if (sg === null) break;
    sg.success = false; sg.g!.param = sg;
    (glist ??= []).push(sg.g!);
  }
  if (glist === null) return;
  const mp = acquirem();
  for (const gp of glist) yield* ready(gp.rt as Runtime, mp, mp.p!, gp, getg().goid);
  releasem(mp);
}

/** Room in the buffer: copy to buf[sendx] and advance the ring. */
export function bufPut<T>(c: Chan<T>, v: T): void {
  if (c.race !== null) racenotify(c, c.sendx, getgOrNull()?.race ?? null);
  c.buf[c.sendx] = v;
  if (++c.sendx === c.dataqsiz) c.sendx = 0;
  c.qcount++;
  if (c.ptrOwner !== null) { chanPtrWrite(c, v as number); if (c.qcount === 1) chanPtrFilled(c); }
}

/** A non-blocking send from g0 (a timer's sendTime): hand off, buffer, or drop. */
export function* chansendnb_m<T>(mp: M, pp: P, c: Chan<T>, v: T, raceClock: SyncClock | null = null): Gen<boolean> {
  if (!computeInPlace(RT_COSTS.goChanOp)) yield compute(RT_COSTS.goChanOp);
  if (c.closed) return false;
  const sg = c.recvq.dequeue();
  if (sg !== null) {
    // -race: the sender has no goroutine; its clock (a timer's) passes straight to the receiver
    if (raceClock !== null && sg.g!.race !== null) acquire(sg.g!.race, raceClock);
    sendDirect(c, sg, v); sg.g!.param = sg;
    yield* ready(sg.g!.rt as Runtime, mp, pp, sg.g!, 0);
    return true;
  }
  if (c.qcount < c.dataqsiz) {
    if (raceClock !== null && c.race !== null) join(c.race[c.raceOneSlot ? 0 : c.sendx]!, raceClock); // through the slot, to its receive
    bufPut(c, v);
    return true;
  }
  return false;
}

// --- the race detector's edges (Go's racenotify/racesync in chan.go) -----------------------------

/** The k-th receive and the k-th send meet at slot k mod cap: each acquires the slot and leaves its clock there. */
function racenotify<T>(c: Chan<T>, idx: number, th: RaceThread | null): void {
  if (th !== null) releaseAcquire(th, c.race![c.dataqsiz === 0 || c.raceOneSlot ? 0 : idx]!);
}

/** A hand-off between the running goroutine and a parked one (sg's): unbuffered, both ways; buffered, through the slot. */
function racehandoff<T>(c: Chan<T>, idx: number, sg: Sudog): void {
  // a timer's send runs on g0: no goroutine, no clock of its own
  const me = getgOrNull()?.race ?? null;
  racenotify(c, idx, me);
  racenotify(c, idx, sg.g!.race);
  if (c.dataqsiz === 0) racenotify(c, idx, me);
}

/** A receive that sees the channel closed: close happens before it. */
export function raceacquireClosed<T>(c: Chan<T>): void {
  const me = c.race !== null ? getgOrNull()?.race ?? null : null;
  if (me !== null) acquire(me, c.race![c.race!.length - 1]!);
}
