// The resource view: the runtime's channels, locks, WaitGroups, Conds, timers and
// netpoll descriptors with the goroutines waiting on each (tokio-console's
// resources), the answer to the published snapshot's 'objects' query.
//
// Go keeps no list of its channels or mutexes, and neither does this runtime: a
// running program pays nothing for the view. The list is built only when an
// observer asks, from what the runtime keeps anyway to wake its goroutines —
// each waiting G's sudogs (gp.waiting: the channels of a receive, send or
// select), the Sema or notifyList it parked on (gp.rare.parkedOn), the Ps' timer heaps
// (a sleeper's timer holds its G, a time.Timer's its channel) and the netpoller's
// descriptors (pd.rg/pd.wg hold the parked reader and writer). So an object shows
// while someone waits on it; timers and descriptors show while they exist.

import { G, type Sudog, type Timer, _Gwaiting } from './runtime2.ts';
import { Chan, type WaitQ } from './chan.ts';
import { Mutex, RWMutex, Sema, WaitGroup } from './sema.ts';
import { NotifyList } from './notifylist.ts';
import { pdReady } from './netpoll.ts';
import type { Runtime } from './proc.ts';
import type { RuntimeObject, RuntimeObjects } from './snapshot.ts';


type ChanObj = Extract<RuntimeObject, { kind: 'chan' }>;

/** The goroutines parked in a wait queue, head first (a select's sudog that lost to another case is not waiting any more). */
function waiters(q: WaitQ): number[] {
  const out: number[] = [];
  for (let sg: Sudog | null = q.first; sg !== null; sg = sg.next) {
    if (sg.isSelect && sg.g!.selectDone !== 0) continue;
    out.push(sg.g!.goid);
  }
  return out;
}

function chanObject(c: Chan<unknown>): ChanObj {
  return { kind: 'chan', id: c.id, len: c.len(), cap: c.cap(), closed: c.closed, recv: waiters(c.recvq), send: waiters(c.sendq), timer: c.syncTimer };
}

function mutexObject(rt: Runtime, mu: Mutex): RuntimeObject {
  const { locked, starving, nwait } = mu.inspect();
  const of = mu.of instanceof RWMutex ? mu.of.id : null;
  const h = locked ? rt.lint.holders.get(mu) : undefined;
  const lockedAt = h === undefined || h.at < 0 ? -1 : Math.floor(h.at / rt.cyclesPerNs);
  return { kind: 'mutex', id: mu.sema.id, of, locked, starving, nwait, holder: h?.goid ?? -1, waiters: waiters(mu.sema.q), lockedAt };
}

function rwmutexObject(rw: RWMutex): RuntimeObject {
  const { readers, writer, writerSem, readerSem } = rw.inspect();
  return { kind: 'rwmutex', id: rw.id, readers, writer, writerWaiting: waiters(writerSem.q), readerWaiting: waiters(readerSem.q) };
}

function condObject(l: NotifyList): RuntimeObject {
  const ws: number[] = [];
  for (let s: Sudog | null = l.head; s !== null; s = s.next) ws.push(s.g!.goid);
  return { kind: 'cond', id: l.id, tickets: l.wait, notified: l.notify, waiters: ws };
}

/** What a timer does when it fires, and whom it would wake. */
function timerObject(t: Timer, p: number, id: number): RuntimeObject {
  const base = { kind: 'timer' as const, id, when: t.when, period: t.period, p };
  if (t.arg instanceof G) return { ...base, does: 'sleep', chan: null, waiters: [t.arg.goid] };
  if (t.arg instanceof Chan) return { ...base, does: 'chan', chan: t.arg.id, waiters: waiters(t.arg.recvq) };
  const name = t.f?.name ?? '';
  return { ...base, does: name === 'goFunc' ? 'func' : name, chan: null, waiters: [] };
}

const RANK: Record<RuntimeObject['kind'], number> = { chan: 0, mutex: 1, rwmutex: 2, waitgroup: 3, cond: 4, timer: 5, netpoll: 6 };

/** The 'objects' query: built now, from the waiting goroutines, the timer heaps and the poll descriptors. */
export function runtimeObjects(rt: Runtime): RuntimeObjects {
  const objects: RuntimeObject[] = [];
  const seen = new Set<object>();
  const add = (o: object, make: () => RuntimeObject): void => { if (!seen.has(o)) { seen.add(o); objects.push(make()); } };
  const listed = new Set<number>();
  const unlisted: Record<string, number> = {};
  for (const gp of rt.allgs) {
    if (gp.atomicstatus !== _Gwaiting) continue;
    let found = false;
    for (let sg: Sudog | null = gp.waiting; sg !== null; sg = sg.waitlink) {
      if (sg.c instanceof Chan) { add(sg.c, () => chanObject(sg!.c as Chan<unknown>)); found = true; }
    }
    const on = gp.rare?.parkedOn ?? null;
    if (on instanceof Sema) {
      const owner = on.owner;
      if (owner instanceof Mutex) add(owner, () => mutexObject(rt, owner));
      else if (owner instanceof RWMutex) add(owner, () => rwmutexObject(owner));
      else if (owner instanceof WaitGroup) add(owner, () => ({ kind: 'waitgroup', id: owner.id, counter: owner.inspect().counter, waiters: waiters(on.q) }));
      else add(on, () => ({ kind: 'mutex', id: on.id, of: null, locked: on.count === 0, starving: false, nwait: on.nwait, holder: -1, waiters: waiters(on.q), lockedAt: -1 }));
      found = true;
    } else if (on instanceof NotifyList) { add(on, () => condObject(on)); found = true; }
    if (found) listed.add(gp.goid);
  }
  for (const pp of rt.allp) {
    for (const t of pp.timers) {
      const o = timerObject(t, pp.id, t.seq); // numbered in the order they were armed
      if (o.kind === 'timer') for (const g of o.waiters) listed.add(g);
      objects.push(o);
    }
  }
  for (const pd of rt.np.inUse()) {
    if (pd.fd === rt.np.eventfd) continue; // netpollBreak's own
    const reader = pd.rg instanceof G ? pd.rg.goid : -1; const writer = pd.wg instanceof G ? pd.wg.goid : -1;
    if (reader >= 0) listed.add(reader);
    if (writer >= 0) listed.add(writer);
    objects.push({ kind: 'netpoll', id: pd.id, fd: pd.fd, reader, writer, readReady: pd.rg === pdReady, writeReady: pd.wg === pdReady, rd: pd.rd, wd: pd.wd, closing: pd.closing });
  }
  for (const gp of rt.allgs) {
    if (gp.atomicstatus !== _Gwaiting || listed.has(gp.goid)) continue;
    unlisted[gp.waitreason] = (unlisted[gp.waitreason] ?? 0) + 1;
  }
  objects.sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.id - b.id);
  return { objects, unlisted };
}
