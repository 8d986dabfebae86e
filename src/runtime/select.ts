// select (Go's runtime/select.go selectgo): a random poll order (cheaprandn),
// a lock order by channel address, pass 1 takes the first ready case in poll
// order (so the choice among ready cases is uniform), else default, else pass 2
// enqueues a select sudog on every channel and parks ("select"); the first
// waker wins the G's selectDone, and pass 3 dequeues the losers.

import { compute, computeInPlace } from '../machine/instr.ts';
import { waitReasonSelect, waitReasonSelectNoCases, stackPreempt, GoPanic } from './runtime2.ts';
import type { Sudog, Gen } from './runtime2.ts';
import { cheaprandn } from './rand.ts';
import { getg, gopark, goready, morestackc, type Runtime } from './proc.ts';
import { RT_COSTS } from './costs.ts';
import { acquireSudog, releaseSudog, recvFromSender, plainError, bufPut, bufTake, sendDirect, raceacquireClosed, lintChanOp, lintReceived, type Chan } from './chan.ts';

const caseSend = 1;
const caseRecv = 2;

export interface SelectCase {
  readonly c: Chan<any> | null;
  readonly dir: number;
  readonly v: unknown;
  readonly body: ((v: any, ok: boolean) => Gen<unknown>) | null;
}

/** case v, ok := <-c: body(v, ok) */
export function recv<T>(c: Chan<T> | null, body?: (v: T, ok: boolean) => Gen<unknown>): SelectCase {
  return { c, dir: caseRecv, v: undefined, body: body ?? null };
}
/** case c <- v: body() */
export function send<T>(c: Chan<T> | null, v: T, body?: () => Gen<unknown>): SelectCase {
  return { c, dir: caseSend, v, body: body ?? null };
}

export interface SelectResult { index: number; value: unknown; ok: boolean }

/**
 * select { cases...; default: } — returns the chosen case (index −1 for default) and runs its body.
 * `dflt` true (or a body) adds a default case.
 */
export function* select(cases: readonly SelectCase[], dflt?: boolean | (() => Gen<unknown>)): Gen<SelectResult> {
  const r = yield* selectgo(cases, dflt !== undefined && dflt !== false);
  if (r.index < 0) { if (typeof dflt === 'function') yield* dflt(); return r; }
  const cas = cases[r.index]!;
  if (cas.body !== null) yield* cas.body(r.value, r.ok);
  return r;
}

function* selectgo(cases: readonly SelectCase[], block0: boolean): Gen<SelectResult> {
  if (getg().stackguard0 === stackPreempt) yield* morestackc(); // the prologue's check
  const gp = getg(); const rt = gp.rt as Runtime; const mp = gp.m!;
  const ncases = cases.length;
  // pollorder: a random permutation of the non-nil cases.
  const pollorder: number[] = [];
  for (let i = 0; i < ncases; i++) {
    if (cases[i]!.c === null) continue;
    const j = cheaprandn(mp, pollorder.length + 1);
    pollorder.push(pollorder[j]!);
    pollorder[j] = i;
  }
  if (pollorder.length === 0 && !block0) {
    yield gopark(null, ncases === 0 ? waitReasonSelectNoCases : waitReasonSelect);
    throw new Error('assertion: unreachable');
  }
  // lockorder: by channel address (sellock locks each distinct channel once).
  const lockorder = pollorder.slice().sort((a, b) => cases[a]!.c!.id - cases[b]!.c!.id);
  const cycles = RT_COSTS.goSelectCase * pollorder.length;
  if (!computeInPlace(cycles)) yield compute(cycles);
  if (rt.lint.sem.count !== 0) for (const i of pollorder) lintChanOp(cases[i]!.c!);
  // Pass 1: the first ready case in poll order.
  for (const i of pollorder) {
    const cas = cases[i]!; const c = cas.c!;
    if (cas.dir === caseRecv) {
      const sg = c.sendq.dequeue();
      if (sg !== null) {
        const v = recvFromSender(c, sg);
        yield* goready(sg.g!);
        lintReceived(c);
        return { index: i, value: v, ok: true };
      }
      if (c.qcount > 0) { lintReceived(c); return { index: i, value: bufTake(c), ok: true }; }
      if (c.closed) { raceacquireClosed(c); return { index: i, value: c.zero, ok: false }; }
    } else {
      if (c.closed) throw new GoPanic(plainError('send on closed channel'));
      const sg = c.recvq.dequeue();
      if (sg !== null) {
        sendDirect(c, sg, cas.v); sg.g!.param = sg;
        yield* goready(sg.g!);
        return { index: i, value: undefined, ok: true };
      }
      if (c.qcount < c.dataqsiz) { bufPut(c, cas.v); return { index: i, value: undefined, ok: true }; }
    }
  }
  if (block0) return { index: -1, value: undefined, ok: false };
  // Pass 2: enqueue on every channel, in lock order.
  gp.selectDone = 0;
  gp.param = null;
  let head: Sudog | null = null; let tail: Sudog | null = null;
  for (const i of lockorder) {
    const cas = cases[i]!; const c = cas.c!;
    const sg = acquireSudog(rt);
    sg.g = gp; sg.isSelect = true; sg.c = c; sg.caseIndex = i;
    sg.elem = cas.dir === caseSend ? cas.v : undefined;
    if (tail === null) head = sg; else tail.waitlink = sg;
    tail = sg;
    if (cas.dir === caseSend) c.sendq.enqueue(sg); else c.recvq.enqueue(sg);
  }
  gp.waiting = head;
  yield gopark(null, waitReasonSelect);
  // Pass 3: the winner is in gp.param; dequeue from the losing channels.
  const winner = gp.param as Sudog;
  gp.param = null; gp.waiting = null; gp.selectDone = 0;
  let res: SelectResult | null = null;
  for (let sg = head; sg !== null;) {
    const next: Sudog | null = sg.waitlink;
    const c = sg.c as Chan<unknown>;
    const cas = cases[sg.caseIndex]!;
    if (sg === winner) {
      if (cas.dir === caseRecv) { res = { index: sg.caseIndex, value: sg.success ? sg.elem : c.zero, ok: sg.success }; if (sg.success) lintReceived(c); }
      else res = { index: sg.caseIndex, value: undefined, ok: sg.success };
    } else if (cas.dir === caseSend) c.sendq.remove(sg); else c.recvq.remove(sg);
    releaseSudog(rt, sg);
    sg = next;
  }
  if (res === null) throw new Error('assertion: selectgo: no winning case');
  if (cases[res.index]!.dir === caseSend && !res.ok) throw new GoPanic(plainError('send on closed channel'));
  return res;
}
