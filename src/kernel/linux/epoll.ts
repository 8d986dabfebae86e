// epoll (Linux's fs/eventpoll.c): an interest list of (file, fd) items, a ready
// list, and the threads waiting in epoll_wait.
//
// What it models, and why this shape:
// - The ready list is fed ONLY from the wake-up path. Each item hooks an
//   ep_poll_callback Waiter on its file's `pollWait` queue; when the file calls
//   File.notify(mask) the callback queues the item and wakes one epoll_wait
//   waiter. Nothing ever scans the interest list for readiness.
// - epoll_wait harvests the ready list (ep_send_events): each queued item's file
//   is polled again; an item that is no longer ready is dropped, an ET item is
//   reported once per wake-up, an LT item goes back to the tail of the list,
//   and while items remain another waiter is woken (the chain wake-up that
//   makes one LT event wake every waiter and one ET event exactly one).
// - An epoll file is itself pollable: readable while its ready list holds an
//   item that really is ready (ep_eventpoll_poll). Readiness of an inner epoll
//   propagates upward because the callback also wakes the epoll's own
//   `pollWait`, where outer epolls (and poll(2) callers) hook in.
// - Items leave interest lists at EPOLL_CTL_DEL, or when the last reference to
//   the watched open file description goes (eventpoll_release, called by fput):
//   closing one of two dup'd fds does not remove anything. Items hold no
//   reference to the file they watch.
// - epoll_wait holds the epoll file (fdget) for as long as it waits, so closing
//   epfd under a waiter frees only the fd: the waiter still gets the events
//   that arrive, or its timeout; the instance is freed (ep_free) at the last put.
// - Waiters in epoll_wait are exclusive; a signal ends the wait with EINTR and
//   the call is never restarted (signal(7)); a wait woken with nothing to
//   harvest sleeps again until its deadline.
//
// The rules the Linux selftests pin down, (a)–(i) in the conformance reference,
// are asserted where they are decided (search for "rule (").

import type { Kernel } from '../kernel.ts';
import { Wake, type Thread } from '../proc.ts';
import { File, fdget, type FileWatch, type SysResult } from '../file.ts';
import { Waiter, WaitQueue } from '../waitqueue.ts';
import { defineSyscall } from '../syscall.ts';
import { installTempSigmask, finishTempSigmask } from '../poll.ts';
import { readTimespecAt } from '../time.ts';
import { COSTS } from '../../machine/costs.ts';
import * as E from '../uapi/errno.ts';
import {
  EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDNORM, EPOLLET, EPOLLONESHOT, EPOLLWAKEUP, EPOLLEXCLUSIVE,
  EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, EPOLL_CLOEXEC,
} from '../uapi/flags.ts';
import { epoll_event, readU32le } from '../uapi/structs.ts';

/** Bits that are not events: what EPOLLONESHOT leaves after firing (EP_PRIVATE_BITS). */
const EP_PRIVATE_BITS = (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE) >>> 0;
/** Flags allowed together with EPOLLEXCLUSIVE (EPOLLEXCLUSIVE_OK_BITS). */
const EPOLLEXCLUSIVE_OK_BITS = (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE) >>> 0;
/** Longest chain of epoll-watches-epoll edges (Linux's EP_MAX_NESTS = 4 levels below the top: 5 edges). */
export const EP_MAX_NESTS = 4;
/** INT_MAX / sizeof(struct epoll_event). */
const EP_MAX_EVENTS = Math.floor(0x7fffffff / epoll_event.size);

/** One watched (file, fd) pair (struct epitem). */
export class Epitem implements FileWatch {
  /** Registered events plus EPOLLERR|EPOLLHUP, which are always reported. */
  events: number;
  data: number;
  readonly wait: Waiter;
  onReadyList = false;
  constructor(readonly ep: EpollFile, readonly file: File, readonly fd: number, events: number, data: number) {
    this.events = events;
    this.data = data;
    this.wait = new Waiter(null, (_w, key) => epPollCallback(this, key), (events & EPOLLEXCLUSIVE) !== 0, 0);
  }  /** eventpoll_release: the watched file's last reference is gone; leave the interest list (the close rule). */
  fileReleased(): void { epRemove(this); }

}

/** Key of the interest list: Linux's (struct file *, fd) pair. */
function itemKey(fileId: number, fd: number): string { return `${fileId}:${fd}`; }
const fileIds = new WeakMap<File, number>();
let nextFileId = 1;
function fileId(f: File): number {
  let id = fileIds.get(f);
  if (id === undefined) { id = nextFileId++; fileIds.set(f, id); }
  return id;
}

const EVENT_BUF = new Uint8Array(epoll_event.size);
const EVENT_DV = new DataView(EVENT_BUF.buffer);

/** Recursion depth of ep_eventpoll_poll on nested epolls (bounded by EP_MAX_NESTS through the ELOOP check). */
let pollDepth = 0;

export class EpollFile extends File {
  readonly kind = 'epoll';
  /** The interest list (Linux's red-black tree rbr). */
  readonly items = new Map<string, Epitem>();
  /** The ready list (rdllist): insertion-ordered, O(1) add and remove. */
  readonly rdllist = new Set<Epitem>();
  /** Threads in epoll_wait on this instance (ep->wq); File.pollWait is ep->poll_wait. */
  readonly wq = new WaitQueue();
  constructor(readonly k: Kernel, flags: number) { super(flags); }

  /** ep_eventpoll_poll: readable while an item on the ready list really is ready. Drops items that are not. */
  override poll(): number {
    if (pollDepth > EP_MAX_NESTS + 1) throw new Error('assertion: epoll nesting deeper than EP_MAX_NESTS while polling');
    pollDepth++;
    try {
      // rule (c)/(d): readable iff a queued item is ready; only items that are not ready are
      // dropped here — consuming is left to epoll_wait on this instance.
      for (const epi of this.rdllist) {
        if ((itemPoll(epi) & epi.events) !== 0) return EPOLLIN | EPOLLRDNORM;
        this.unlinkReady(epi);
      }
      if (this.rdllist.size !== 0) throw new Error('assertion: ep_eventpoll_poll reports nothing with items queued');
      return 0;
    } finally { pollDepth--; }
  }

  override read(): SysResult { return -E.EINVAL; }
  override write(): SysResult { return -E.EINVAL; }

  /** ep_free: the epoll file itself is gone; unhook every item from the file it watched. */
  override release(_k: Kernel): void {
    if (this.wq.active) throw new Error('assertion: ep_free with a thread still in epoll_wait (it holds a reference)');
    for (const epi of this.items.values()) detach(epi);
    this.items.clear();
    this.rdllist.clear();
  }

  linkReady(epi: Epitem): void {
    if (epi.onReadyList) return;
    epi.onReadyList = true;
    this.rdllist.add(epi);
  }
  unlinkReady(epi: Epitem): void {
    if (!epi.onReadyList) return;
    epi.onReadyList = false;
    this.rdllist.delete(epi);
  }

  /** Wake one epoll_wait waiter and everyone polling this epoll (outer epolls, poll(2)). */
  wakeWaiters(k: Kernel): boolean {
    let woke = false;
    if (this.wq.active) woke = this.wq.wake(k.wakeOnEvent, 0, 1) > 0;
    if (this.pollWait.active) this.notify(k, EPOLLIN | EPOLLRDNORM); // ep_poll_safewake: readiness goes up a level
    return woke;
  }
}

/** f_op->poll of the watched file, as epoll sees it (ep_item_poll). */
function itemPoll(epi: Epitem): number { return epi.file.poll(); }

/**
 * ep_poll_callback: the watched file's readiness changed with `key` (0 = unknown).
 * The only way an item gets onto the ready list besides EPOLL_CTL_ADD/MOD.
 */
function epPollCallback(epi: Epitem, key: number): boolean {
  const ep = epi.ep; const k = ep.k;
  k.core.chargeKernel(COSTS.epollCallback.cycles);
  const exclusive = (epi.events & EPOLLEXCLUSIVE) !== 0;
  // A disarmed EPOLLONESHOT item, or a wake-up for events the item does not watch, is ignored.
  if ((epi.events & ~EP_PRIVATE_BITS) === 0) return !exclusive;
  if (key !== 0 && (key & epi.events) === 0) return !exclusive;
  // rule (g): an ET item is queued on every wake-up of its file, not only on empty → non-empty.
  ep.linkReady(epi);
  if (!epi.onReadyList) throw new Error('assertion: ep_poll_callback left a woken item off the ready list');
  ep.wakeWaiters(k);
  return true;
}

/** Unhook an item from its file (wait queue and f_ep), leaving its epoll's lists alone. */
function detach(epi: Epitem): void {
  epi.wait.queue?.remove(epi.wait);
  const set = epi.file.epItems;
  if (set !== null) { set.delete(epi); if (set.size === 0) epi.file.epItems = null; }
}

/** ep_remove: the item leaves its epoll entirely. */
function epRemove(epi: Epitem): void {
  detach(epi);
  epi.ep.unlinkReady(epi);
  epi.ep.items.delete(itemKey(fileId(epi.file), epi.fd));
}

// --- nesting checks ---------------------------------------------------------------------

/** Longest chain of epoll-watches-epoll edges below `ep` (0 if it watches no epoll); Infinity if it reaches `target`. */
function depthDown(ep: EpollFile, target: EpollFile, seen: Set<EpollFile>): number {
  if (ep === target) return Infinity;
  if (seen.has(ep)) return 0;
  seen.add(ep);
  let d = 0;
  for (const epi of ep.items.values()) {
    if (epi.file instanceof EpollFile) d = Math.max(d, 1 + depthDown(epi.file, target, seen));
  }
  return d;
}

/** Longest chain of epolls watching `ep` from above (0 if none does). */
function depthUp(ep: EpollFile, seen: Set<EpollFile>): number {
  if (seen.has(ep)) return 0;
  seen.add(ep);
  let d = 0;
  if (ep.epItems !== null) for (const epi of ep.epItems as Set<FileWatch> as Set<Epitem>) d = Math.max(d, 1 + depthUp(epi.ep, seen));
  return d;
}

/** ep_loop_check: would watching `to` from `ep` make a cycle or a chain longer than EP_MAX_NESTS + 1 edges? */
function epLoopCheck(ep: EpollFile, to: EpollFile): boolean {
  const down = depthDown(to, ep, new Set());
  if (down === Infinity) return true;
  return down + depthUp(ep, new Set()) > EP_MAX_NESTS;
}

// --- epoll_create ---------------------------------------------------------------------------

function epollCreate(k: Kernel, t: Thread, flags: number): SysResult {
  if ((flags & ~EPOLL_CLOEXEC) !== 0) return -E.EINVAL;
  const ep = new EpollFile(k, 2 /* O_RDWR */);
  const fd = t.proc.fds.install(ep, (flags & EPOLL_CLOEXEC) !== 0);
  if (fd < 0) k.fput(ep); // EMFILE: the new file's only reference goes
  return fd;
}

defineSyscall('epoll_create', (k, t, size) => (size | 0) <= 0 ? -E.EINVAL : epollCreate(k, t, 0));
defineSyscall('epoll_create1', (k, t, flags) => epollCreate(k, t, flags));

// --- epoll_ctl ----------------------------------------------------------------------------------

/** Queue `epi` if its file is ready now, and wake (ep_insert / ep_modify). */
function readyNow(k: Kernel, epi: Epitem): void {
  if ((itemPoll(epi) & epi.events) !== 0 && !epi.onReadyList) {
    epi.ep.linkReady(epi);
    epi.ep.wakeWaiters(k);
  }
}

defineSyscall('epoll_ctl', (k, t, epfd, op, fd, event) => {
  k.core.chargeKernel(COSTS.epollCtl.cycles);
  let events = 0; let data = 0;
  if (op !== EPOLL_CTL_DEL) {
    const b = t.proc.mm.copyIn(event, epoll_event.size);
    if (typeof b === 'number') return -E.EFAULT;
    events = readU32le(b, epoll_event.events);
    data = readU32le(b, epoll_event.data + 4) * 0x1_0000_0000 + readU32le(b, epoll_event.data);
  }
  const fds = t.proc.fds;
  const epf = fds.get(epfd); const tf = fds.get(fd);
  if (epf === null || tf === null) return -E.EBADF;
  // A file without a poll method: a regular file or directory. Every kind here but the console can poll.
  if (tf.kind === 'regular' || tf.kind === 'dir') return -E.EPERM;
  if ((events & EPOLLWAKEUP) !== 0) events &= ~EPOLLWAKEUP; // needs CAP_BLOCK_SUSPEND: silently dropped
  if (!(epf instanceof EpollFile) || epf === tf) return -E.EINVAL;
  const ep = epf;
  if ((events & EPOLLEXCLUSIVE) !== 0) {
    if (op === EPOLL_CTL_MOD) return -E.EINVAL;
    if (op === EPOLL_CTL_ADD && ((tf instanceof EpollFile) || (events & ~EPOLLEXCLUSIVE_OK_BITS) !== 0)) return -E.EINVAL;
  }
  const key = itemKey(fileId(tf), fd);
  const epi = ep.items.get(key);
  switch (op) {
    case EPOLL_CTL_ADD: {
      if (epi !== undefined) return -E.EEXIST;
      if (tf instanceof EpollFile && epLoopCheck(ep, tf)) return -E.ELOOP;
      const it = new Epitem(ep, tf, fd, (events | EPOLLERR | EPOLLHUP) >>> 0, data);
      ep.items.set(key, it);
      if (tf.epItems === null) tf.epItems = new Set();
      tf.epItems.add(it);
      tf.pollWait.add(it.wait);
      readyNow(k, it);
      return 0;
    }
    case EPOLL_CTL_MOD: {
      if (epi === undefined) return -E.ENOENT;
      if ((epi.events & EPOLLEXCLUSIVE) !== 0) return -E.EINVAL;
      epi.events = (events | EPOLLERR | EPOLLHUP) >>> 0;
      epi.data = data;
      // rule (f): MOD of an item that is ready now queues it again, ET or not.
      readyNow(k, epi);
      if ((itemPoll(epi) & epi.events) !== 0 && !epi.onReadyList) throw new Error('assertion: EPOLL_CTL_MOD left a ready item off the ready list');
      return 0;
    }
    case EPOLL_CTL_DEL: {
      if (epi === undefined) return -E.ENOENT;
      epRemove(epi);
      return 0;
    }
    default: return -E.EINVAL;
  }
});

// --- epoll_wait --------------------------------------------------------------------------------

/**
 * ep_send_events: harvest up to `max` ready events into user memory at `uevents`.
 * Returns the count, or -EFAULT if nothing could be copied.
 */
function epSendEvents(k: Kernel, t: Thread, ep: EpollFile, uevents: number, max: number): number {
  let n = 0; let fault = false;
  let requeue: Epitem[] | null = null; // level-triggered items reported, made only when there is one
  let lastEt: Epitem | null = null;
  const buf = EVENT_BUF; const dv = EVENT_DV;
  for (const epi of ep.rdllist) {
    if (n >= max) break;
    ep.unlinkReady(epi);
    k.core.chargeKernel(COSTS.epollPerEvent.cycles);
    const revents = (itemPoll(epi) & epi.events) >>> 0;
    if (revents === 0) continue; // woken, but not ready any more: dropped until the next wake-up
    dv.setUint32(0, revents, true);
    dv.setUint32(4, epi.data % 0x1_0000_0000 >>> 0, true);
    dv.setUint32(8, Math.floor(epi.data / 0x1_0000_0000) >>> 0, true);
    if (t.proc.mm.copyOut(uevents + n * epoll_event.size, buf) < 0) {
      ep.linkReady(epi);
      if (n === 0) fault = true;
      break;
    }
    n++;
    if ((epi.events & EPOLLONESHOT) !== 0) epi.events &= EP_PRIVATE_BITS;
    else if ((epi.events & EPOLLET) === 0) (requeue ??= []).push(epi); // rule (a): LT stays queued while ready
    else lastEt = epi; // rule (b): an ET item is not put back; only its file's next wake-up queues it again
  }
  if (lastEt !== null && lastEt.onReadyList) throw new Error('assertion: a reported ET item is still on the ready list');
  if (requeue !== null) {
    for (const epi of requeue) ep.linkReady(epi);
    // rule (i): the harvest is one kernel pass, and every reported LT item is back on the list
    // before any other thread can look, so a concurrent zero-timeout wait still sees it.
    for (const epi of requeue) if (!epi.onReadyList) throw new Error('assertion: a reported LT item left the ready list');
  }
  // ep_done_scan: items remain, so another waiter may take them (rule (e): one LT event wakes
  // every waiter in turn; one ET event, harvested, leaves nothing and wakes no one else).
  if (ep.rdllist.size > 0 && ep.wq.active) {
    if (ep.wq.wake(k.wakeOnEvent, 0, 1) !== 1) throw new Error('assertion: ep_done_scan found waiters but woke none');
  }
  return fault ? -E.EFAULT : n;
}

interface EpWaitScratch { ep: EpollFile; uevents: number; max: number; timeoutZero: boolean }

/**
 * ep_poll, in the re-run style of this kernel: harvest; if nothing, return 0 on a
 * zero timeout or an expired deadline, -EINTR on a signal, else sleep (exclusively)
 * on ep->wq and run again when woken.
 */
function epPoll(k: Kernel, t: Thread, epfd: number, uevents: number, maxevents: number, deadlineNs: number | null, sigmask: number, sigsetsize: number): SysResult {
  let s = t.sysScratch as EpWaitScratch | undefined;
  if (s === undefined) {
    if (maxevents <= 0 || maxevents > EP_MAX_EVENTS) return -E.EINVAL;
    if (!t.proc.mm.accessOk(uevents, maxevents * epoll_event.size, true)) return -E.EFAULT;
    // The wait holds the epoll file until it returns: another thread's close(epfd) frees
    // the fd, while this wait goes on over the same interest and ready lists (ep_free
    // runs at the last put, which may be this call's).
    const f = fdget(t, epfd);
    if (f === null) return -E.EBADF;
    if (!(f instanceof EpollFile)) return -E.EINVAL;
    const e = installTempSigmask(t, sigmask, sigsetsize);
    if (e < 0) return e;
    s = { ep: f, uevents, max: maxevents, timeoutZero: deadlineNs === 0 };
    t.sysScratch = s;
    if (deadlineNs !== null && deadlineNs > 0) t.deadline = k.now() + k.nsToCycles(deadlineNs);
  }
  const r = epPollOnce(k, t, s);
  finishTempSigmask(t, r);
  return r;
}

function epPollOnce(k: Kernel, t: Thread, s: EpWaitScratch): SysResult {
  const ep = s.ep;
  const n = epSendEvents(k, t, ep, s.uevents, s.max);
  if (n !== 0) return n;
  // rule (h): a harvest that found nothing left nothing ready behind, so returning 0 now
  // (timeout) or sleeping cannot swallow an event that arrived with the deadline.
  if (ep.rdllist.size !== 0) throw new Error('assertion: epoll_wait found no events with items still queued');
  // rule (h): events are harvested before the deadline is looked at, so a wait that
  // times out as an event arrives still reports it.
  if (s.timeoutZero) return 0;
  if (t.deadline >= 0 && (t.wake === Wake.Timeout || k.now() >= t.deadline)) return 0;
  if (t.wake === Wake.Signal) return -E.EINTR; // never restarted, whatever SA_RESTART says
  k.waitOn(t, ep.wq, true);
  return k.sleep(t, 'ep_poll', t.deadline);
}

defineSyscall('epoll_wait', (k, t, epfd, events, maxevents, timeout) =>
  epPoll(k, t, epfd, events, maxevents, (timeout | 0) < 0 ? null : (timeout | 0) * 1e6, 0, 8));

defineSyscall('epoll_pwait', (k, t, epfd, events, maxevents, timeout, sigmask, sigsetsize) =>
  epPoll(k, t, epfd, events, maxevents, (timeout | 0) < 0 ? null : (timeout | 0) * 1e6, sigmask, sigsetsize));

defineSyscall('epoll_pwait2', (k, t, epfd, events, maxevents, timeout, sigmask, sigsetsize) => {
  if (t.sysScratch === undefined) {
    let ns: number | null = null;
    if (timeout !== 0) {
      const v = readTimespecAt(t, timeout);
      if (v < 0) return v;
      ns = v;
    }
    return epPoll(k, t, epfd, events, maxevents, ns, sigmask, sigsetsize);
  }
  return epPoll(k, t, epfd, events, maxevents, null, sigmask, sigsetsize);
});

