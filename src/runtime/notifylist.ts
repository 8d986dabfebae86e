// notifyList: the ticket list under sync.Cond (Go's runtime/sema.go,
// notifyListAdd/Wait/NotifyOne/NotifyAll). A waiter takes a ticket before it
// unlocks the Cond's Locker and waits on that ticket after, so a Signal that comes
// in between is not lost: Signal wakes the holder of the oldest ticket not yet
// notified — or, if that waiter has not parked yet, lets it return at once. The
// list is FIFO by ticket, which is why a Cond wakes its waiters in arrival order.

import { compute, computeInPlace } from '../machine/instr.ts';
import type { Gen, Sudog } from './runtime2.ts';
import { waitReasonSyncCondWait, gRare } from './runtime2.ts';
import { getg, gopark, goready, type Runtime } from './proc.ts';
import { acquireSudog, releaseSudog } from './chan.ts';
import { RT_COSTS } from './costs.ts';

let notifyIds = 0;

export class NotifyList {
  /** Its "address", for the resource view. */
  readonly id = ++notifyIds;
  /** The next ticket to hand out. */
  wait = 0;
  /** The next ticket to notify: tickets below it have been notified. */
  notify = 0;
  head: Sudog | null = null;
  tail: Sudog | null = null;
}

/** notifyListAdd: a ticket for a waiter about to unlock and wait. */
export function notifyListAdd(l: NotifyList): number {
  return l.wait++;
}

/** notifyListWait: park until ticket t is notified (return at once if it already was). */
export function* notifyListWait(l: NotifyList, t: number): Gen<void> {
  if (!computeInPlace(RT_COSTS.goMutex)) yield compute(RT_COSTS.goMutex);
  if (t < l.notify) return;
  const gp = getg(); const rt = gp.rt as Runtime;
  const s = acquireSudog(rt);
  s.g = gp; s.ticket = t; s.next = null; s.elem = l;
  if (l.tail === null) l.head = s; else l.tail.next = s;
  l.tail = s;
  gRare(gp).parkedOn = l;
  yield gopark(null, waitReasonSyncCondWait);
  gp.rare!.parkedOn = null;
  releaseSudog(rt, s);
}

/** notifyListNotifyAll: every ticket handed out so far is notified; wake every parked waiter. */
export function* notifyListNotifyAll(l: NotifyList): Gen<void> {
  if (!computeInPlace(RT_COSTS.goMutex)) yield compute(RT_COSTS.goMutex);
  if (l.wait === l.notify) return;
  let s = l.head;
  l.head = l.tail = null;
  l.notify = l.wait;
  while (s !== null) {
    const next: Sudog | null = s.next;
    s.next = null;
    yield* goready(s.g!);
    s = next;
  }
}

/** notifyListNotifyOne: notify the oldest ticket; wake its holder if it has parked. */
export function* notifyListNotifyOne(l: NotifyList): Gen<void> {
  if (!computeInPlace(RT_COSTS.goMutex)) yield compute(RT_COSTS.goMutex);
  if (l.wait === l.notify) return;
  const t = l.notify++;
  for (let p: Sudog | null = null, s = l.head; s !== null; p = s, s = s.next) {
    if (s.ticket !== t) continue;
    const n = s.next;
    if (p !== null) p.next = n; else l.head = n;
    if (l.tail === s) l.tail = p;
    s.next = null;
    yield* goready(s.g!);
    return;
  }
}
