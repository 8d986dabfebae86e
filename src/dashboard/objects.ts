// The Go runtime's objects in the Resources pane (tokio-console's resource view):
// channels, mutexes, RWMutexes, WaitGroups, Conds, timers and netpoll descriptors,
// each with the goroutines waiting on it, as the runtime lists them when asked
// (src/runtime/resview.ts). Pure: rows, their sort and their text, so the pane,
// the key map (how many rows, which goroutine Enter opens) and tests agree.

import type { RuntimeObject } from '../runtime/snapshot.ts';
import { fmtNs } from './format.ts';

export type ObjSortKey = 'waiters' | 'kind' | 'id';
export const OBJ_SORT_KEYS: readonly ObjSortKey[] = ['waiters', 'kind', 'id'];

const RANK: Record<RuntimeObject['kind'], number> = { chan: 0, mutex: 1, rwmutex: 2, waitgroup: 3, cond: 4, timer: 5, netpoll: 6 };

/** The goroutines an object names, the ones to drill to first: its waiters in queue order, then a mutex's holder. */
export function objectGoroutines(o: RuntimeObject): number[] {
  switch (o.kind) {
    case 'chan': return [...o.recv, ...o.send];
    case 'mutex': return o.holder >= 0 ? [...o.waiters, o.holder] : o.waiters;
    case 'rwmutex': return [...o.writerWaiting, ...o.readerWaiting];
    case 'waitgroup': case 'cond': case 'timer': return o.waiters;
    case 'netpoll': return [o.reader, o.writer].filter((g) => g >= 0);
  }
}

function waiting(o: RuntimeObject): number {
  return o.kind === 'mutex' ? o.waiters.length : objectGoroutines(o).length;
}

/** The objects in the order the pane lists them (`desc`: most waiters, last kind, highest id first). */
export function sortObjects(objects: readonly RuntimeObject[], key: ObjSortKey, desc: boolean): RuntimeObject[] {
  const dir = desc ? -1 : 1;
  const k = (o: RuntimeObject): number => (key === 'waiters' ? waiting(o) : key === 'kind' ? RANK[o.kind] : o.id);
  return [...objects].sort((a, b) => (k(a) - k(b)) * dir || RANK[a.kind] - RANK[b.kind] || a.id - b.id);
}

const gs = (ids: readonly number[]): string => (ids.length === 0 ? '—' : ids.map((g) => `g${g}`).join(' '));

/** "chan #2", "fd 5": how the pane names an object. */
export function objectName(o: RuntimeObject): string {
  return o.kind === 'netpoll' ? `fd ${o.fd}` : `#${o.id}`;
}

/** The object's state in a few words; `nowNs`: the runtime clock now, for a timer's time to go. */
export function objectState(o: RuntimeObject, nowNs: number): string {
  switch (o.kind) {
    case 'chan': return `${o.timer ? 'timer\'s, ' : ''}${o.cap === 0 ? 'unbuffered' : `len ${o.len}/cap ${o.cap}`}${o.closed ? ', closed' : ''}`;
    case 'mutex': return `${o.locked ? `locked by ${o.holder >= 0 ? `g${o.holder}` : '?'}${o.lockedAt >= 0 ? ` for ${fmtNs(Math.max(0, nowNs - o.lockedAt))}` : ''}` : 'unlocked'}${o.starving ? ', starving' : ''}${o.of !== null ? ` (RWMutex #${o.of}'s writer lock)` : ''}`;
    case 'rwmutex': return `${o.readers} reader${o.readers === 1 ? '' : 's'}${o.writer ? ', writer in' : ''}`;
    case 'waitgroup': return `counter ${o.counter}`;
    case 'cond': return `${o.tickets} waits, ${o.notified} notified`;
    case 'timer': {
      const what = o.does === 'chan' ? `send on chan #${o.chan}` : o.does === 'sleep' ? 'sleep' : o.does === 'func' ? 'AfterFunc' : o.does;
      return `in ${fmtNs(Math.max(0, o.when - nowNs))}${o.period > 0 ? ` every ${fmtNs(o.period)}` : ''}: ${what} (P${o.p})`;
    }
    case 'netpoll': {
      const dl = [o.rd > 0 ? `read deadline in ${fmtNs(Math.max(0, o.rd - nowNs))}` : '', o.wd > 0 ? `write deadline in ${fmtNs(Math.max(0, o.wd - nowNs))}` : ''].filter((x) => x !== '');
      const ready = [o.readReady ? 'readable' : '', o.writeReady ? 'writable' : ''].filter((x) => x !== '');
      return [...ready, ...dl, o.closing ? 'closing' : ''].filter((x) => x !== '').join(', ') || 'idle';
    }
  }
}

/** Who waits, by role. */
export function objectWaiters(o: RuntimeObject): string {
  switch (o.kind) {
    case 'chan': return o.recv.length + o.send.length === 0 ? '—' : [o.recv.length > 0 ? `recv ${gs(o.recv)}` : '', o.send.length > 0 ? `send ${gs(o.send)}` : ''].filter((x) => x !== '').join(' · ');
    case 'mutex': return gs(o.waiters);
    case 'rwmutex': return [o.writerWaiting.length > 0 ? `writer ${gs(o.writerWaiting)}` : '', o.readerWaiting.length > 0 ? `readers ${gs(o.readerWaiting)}` : ''].filter((x) => x !== '').join(' · ') || '—';
    case 'waitgroup': case 'cond': case 'timer': return gs(o.waiters);
    case 'netpoll': return [o.reader >= 0 ? `read g${o.reader}` : '', o.writer >= 0 ? `write g${o.writer}` : ''].filter((x) => x !== '').join(' · ') || '—';
  }
}
