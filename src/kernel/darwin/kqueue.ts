// kqueue and kevent (FreeBSD's and XNU's kern_event.c): a kqueue holds knotes,
// one per (ident, filter); a knote is active when its filter says its event
// happened, and queued on the kqueue's active list while it is active and enabled.
//
// What it models, and why this shape:
// - Knotes on files are fed ONLY from the files' wake-up path, as epoll's items
//   are: each READ/WRITE knote hooks a callback Waiter on its file's `pollWait`
//   (the knlist a BSD socket buffer or pipe keeps); File.notify runs the filter
//   (f_event), and an event that now holds activates the knote (KNOTE_ACTIVATE):
//   onto the tail of the active list, and one kevent waiter woken. Nothing scans
//   the knotes for readiness.
// - kevent(kq, changes, nchanges, events, nevents, timeout) applies every change
//   first, in order (kqueue_register); a failed change, or any with EV_RECEIPT,
//   becomes an EV_ERROR entry with the errno in `data` — or, when there is no room
//   for events, fails the call at once. If any EV_ERROR entry was written the call
//   returns them without collecting events. Otherwise kqueue_scan takes queued
//   knotes from the head: a disabled one is skipped, a level-triggered one whose
//   filter no longer holds is dropped silently, and each delivered one is then
//   deleted (EV_ONESHOT), reset (EV_CLEAR), disabled (EV_DISPATCH) or put back at
//   the tail (level).
// - EVFILT_READ's `data` is the bytes to read (the accept queue's length on a
//   listening socket), EVFILT_WRITE's the room to write; EV_EOF is set when the
//   other side is gone. EVFILT_TIMER counts expirations (EV_CLEAR is forced);
//   EVFILT_USER fires on NOTE_TRIGGER and keeps 24 bits of user flags.
// - An fd's knotes go when that fd is closed (knote_fdclose), not when the last
//   reference to the file goes: that is where kqueue differs from epoll's rule.
//   Knotes hold no reference to their file.
// - kevent holds the kqueue (fdget) while it waits; a signal ends the wait with
//   EINTR after the changes have been applied.

import type { Kernel } from '../kernel.ts';
import { Wake, type Process, type Thread } from '../proc.ts';
import { File, fdget, type SysResult } from '../file.ts';
import { Waiter, WaitQueue } from '../waitqueue.ts';
import type { MachineEvent } from '../../machine/event-queue.ts';
import { COSTS } from '../../machine/costs.ts';
import { InetSocket } from '../net/socket.ts';
import { UnixStreamSocket } from '../unix.ts';
import { PipeReadFile, PipeWriteFile } from '../pipe.ts';
import { REALTIME_EPOCH_NS } from '../time.ts';
import * as LE from '../uapi/errno.ts';
import { EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDHUP, EPOLLRDNORM } from '../uapi/flags.ts';
import {
  EVFILT_READ, EVFILT_WRITE, EVFILT_TIMER, EVFILT_USER, EV_ADD, EV_DELETE, EV_ENABLE, EV_DISABLE, EV_ONESHOT, EV_CLEAR,
  EV_RECEIPT, EV_DISPATCH, EV_SYSFLAGS, EV_ERROR, EV_EOF, NOTE_TRIGGER, NOTE_FFCTRLMASK, NOTE_FFLAGSMASK, NOTE_FFAND,
  NOTE_FFOR, NOTE_FFCOPY, NOTE_SECONDS, NOTE_USECONDS, NOTE_NSECONDS, NOTE_ABSOLUTE, kevent_s,
} from '../uapi/darwin/flags.ts';

/** Flags a knote keeps from its changes and reports back. */
const KN_USER_FLAGS = EV_ONESHOT | EV_CLEAR | EV_DISPATCH;
/** Wake-up keys a READ or WRITE knote's filter cares about (0 = unknown: always run it). */
const READ_KEYS = EPOLLIN | EPOLLRDNORM | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
const WRITE_KEYS = EPOLLOUT | EPOLLHUP | EPOLLERR;

/** struct knote. */
export class Knote {
  /** EV_ONESHOT | EV_CLEAR | EV_DISPATCH as registered. */
  flags = 0;
  /** The registration's fflags and data (kn_sfflags, kn_sdata). */
  sfflags = 0;
  sdata = 0;
  udata = 0n;
  /** KN_ACTIVE, KN_QUEUED, KN_DISABLED. */
  active = false;
  queued = false;
  disabled = false;
  /** What the filter found (kn_data, kn_fflags, EV_EOF). */
  data = 0;
  fflags = 0;
  eof = false;
  /** The file of a READ/WRITE knote and its hook on the file's wait queue. */
  file: File | null = null;
  wait: Waiter | null = null;
  /** EVFILT_TIMER: the armed expiry and the period (cycles, 0 = one shot). */
  timer: MachineEvent | null = null;
  period = 0;
  constructor(readonly kq: KqueueFile, readonly ident: number, readonly filter: number) {}
  get key(): string { return knKey(this.ident, this.filter); }
}

function knKey(ident: number, filter: number): string { return `${ident}/${filter}`; }

/** The kqueues of each process (fd_kqlist), so a close finds the knotes on its fd. */
const kqlists = new WeakMap<Process, Set<KqueueFile>>();

export class KqueueFile extends File {
  readonly kind = 'kqueue';
  /** Every knote, by (ident, filter). */
  readonly knotes = new Map<string, Knote>();
  /** Knotes on each fd (kq_knlist), for knote_fdclose. */
  readonly byFd = new Map<number, Knote[]>();
  /** The active list (kq_head): insertion-ordered, O(1) add and remove. */
  readonly head = new Set<Knote>();
  /** Threads in kevent waiting for events. */
  readonly wq = new WaitQueue();
  constructor(readonly k: Kernel, readonly proc: Process) {
    super(2 /* O_RDWR */);
    let l = kqlists.get(proc);
    if (l === undefined) { l = new Set(); kqlists.set(proc, l); }
    l.add(this);
  }

  /** A kqueue is readable while a knote is queued (kqueue_poll). */
  override poll(): number { return this.head.size > 0 ? EPOLLIN | EPOLLRDNORM : 0; }
  override read(): SysResult { return -LE.EINVAL; }
  override write(): SysResult { return -LE.EINVAL; }

  /** kqueue_close: every knote goes with the kqueue. */
  override release(_k: Kernel): void {
    if (this.wq.active) throw new Error('assertion: kqueue freed with a thread still in kevent (it holds a reference)');
    for (const kn of [...this.knotes.values()]) this.drop(kn);
    kqlists.get(this.proc)?.delete(this);
  }

  /** KNOTE_ACTIVATE: mark active and, unless disabled, queue it and wake one waiter. */
  activate(kn: Knote): void {
    kn.active = true;
    if (kn.queued || kn.disabled) return;
    kn.queued = true;
    this.head.add(kn);
    if (this.wq.active) this.wq.wake((t) => this.k.wakeUp(t, Wake.Event), 0, 1);
    if (this.pollWait.active) this.notify(this.k, EPOLLIN | EPOLLRDNORM);
  }

  dequeue(kn: Knote): void {
    if (!kn.queued) return;
    kn.queued = false;
    this.head.delete(kn);
  }

  /** knote_drop: unhook from the file or the clock and forget it. */
  drop(kn: Knote): void {
    this.dequeue(kn);
    if (kn.wait !== null) { kn.wait.queue?.remove(kn.wait); kn.wait = null; }
    if (kn.timer !== null) { kn.timer.cancelled = true; kn.timer = null; }
    this.knotes.delete(kn.key);
    if (kn.file !== null) {
      const l = this.byFd.get(kn.ident);
      if (l !== undefined) {
        const i = l.indexOf(kn);
        if (i >= 0) l.splice(i, 1);
        if (l.length === 0) this.byFd.delete(kn.ident);
      }
      kn.file = null;
    }
  }
}

/** knote_fdclose: `fd` of `p` is being closed; its knotes leave every kqueue of the process. */
export function knoteFdclose(p: Process, fd: number): void {
  const l = kqlists.get(p);
  if (l === undefined) return;
  for (const kq of l) {
    const kns = kq.byFd.get(fd);
    if (kns === undefined) continue;
    for (const kn of [...kns]) kq.drop(kn);
  }
}

// --- filters (f_event) ------------------------------------------------------------------

/** Bytes waiting to be read (so_rcv.sb_cc, a pipe's count), or the accept queue's length on a listener. */
function readable(f: File): number {
  if (f instanceof InetSocket) return f.sk.state === 'LISTEN' ? f.sk.acceptQueueLength : f.sk.rcvQ.length;
  if (f instanceof UnixStreamSocket) return f.rcv.len;
  if (f instanceof PipeReadFile) return f.pipe.ring.len;
  return (f.poll() & EPOLLIN) !== 0 ? 1 : 0;
}

/** Room to write (sbspace of the send buffer, a pipe's free bytes). */
function writable(f: File): number {
  if (f instanceof InetSocket) return f.sk.sndSpace;
  if (f instanceof UnixStreamSocket) return f.peer === null ? 0 : f.peer.rcv.free;
  if (f instanceof PipeWriteFile) return f.pipe.ring.free;
  return (f.poll() & EPOLLOUT) !== 0 ? 1 : 0;
}

/** filt_soread / filt_piperead: the event holds when there are bytes (or a connection), EOF, or an error. */
function filtRead(kn: Knote): boolean {
  const f = kn.file!;
  const mask = f.poll();
  kn.data = readable(f);
  kn.eof = (mask & (EPOLLRDHUP | EPOLLHUP)) !== 0;
  return kn.data > 0 || kn.eof || (mask & EPOLLERR) !== 0;
}

/** filt_sowrite / filt_pipewrite: room to write, or EOF when the reader is gone. */
function filtWrite(kn: Knote): boolean {
  const f = kn.file!;
  const mask = f.poll();
  kn.eof = (mask & EPOLLHUP) !== 0 || (f instanceof PipeWriteFile && (mask & EPOLLERR) !== 0);
  kn.data = kn.eof ? 0 : writable(f);
  return (mask & EPOLLOUT) !== 0 || kn.eof;
}

/** Run a knote's filter for an event that may have happened (f_event with hint 0). */
function fEvent(kn: Knote): boolean {
  switch (kn.filter) {
    case EVFILT_READ: return filtRead(kn);
    case EVFILT_WRITE: return filtWrite(kn);
    case EVFILT_TIMER: return kn.data > 0;
    default: return kn.active; // EVFILT_USER: active from NOTE_TRIGGER until cleared
  }
}

/** The knote's callback on its file's wait queue: run the filter, activate if it holds. */
function knoteWake(kn: Knote, key: number): boolean {
  const mask = kn.filter === EVFILT_READ ? READ_KEYS : WRITE_KEYS;
  if (key !== 0 && (key & mask) === 0) return false;
  kn.kq.k.core.chargeKernel(COSTS.epollCallback.cycles);
  if (fEvent(kn)) kn.kq.activate(kn);
  return false; // non-exclusive: never takes an exclusive waker's slot
}

// --- timers (filt_timer) -------------------------------------------------------------------

/** The timer's period or deadline in ns, from data and the NOTE_* unit (milliseconds by default). */
function timerNs(data: number, fflags: number): number {
  if ((fflags & NOTE_SECONDS) !== 0) return data * 1e9;
  if ((fflags & NOTE_USECONDS) !== 0) return data * 1e3;
  if ((fflags & NOTE_NSECONDS) !== 0) return data;
  return data * 1e6;
}

function timerArm(k: Kernel, kn: Knote, atCycles: number): void {
  kn.timer = k.m.at(Math.max(atCycles, k.now()), k.core.id, 'timer', () => timerExpire(k, kn));
  k.core.chargeKernel(COSTS.hrtimerArm.cycles);
}

function timerExpire(k: Kernel, kn: Knote): void {
  kn.timer = null;
  kn.data++;
  if (kn.period > 0 && (kn.flags & EV_ONESHOT) === 0) timerArm(k, kn, k.now() + kn.period);
  kn.kq.activate(kn);
}

/** (Re)start a timer knote: undelivered expirations are discarded. */
function timerStart(k: Kernel, kn: Knote): number {
  if (kn.timer !== null) { kn.timer.cancelled = true; kn.timer = null; }
  if (kn.sdata < 0) return LE.EINVAL;
  kn.data = 0; kn.active = false; kn.kq.dequeue(kn);
  if ((kn.sfflags & NOTE_ABSOLUTE) !== 0) {
    // An absolute deadline on the realtime clock: one shot; a deadline already past fires at once.
    const nowNs = REALTIME_EPOCH_NS + k.cyclesToNs(k.now());
    const left = Math.max(0, timerNs(kn.sdata, kn.sfflags) - nowNs);
    kn.period = 0;
    timerArm(k, kn, k.now() + k.nsToCycles(left));
  } else {
    const ns = Math.max(1, timerNs(kn.sdata, kn.sfflags));
    kn.period = k.nsToCycles(ns);
    kn.flags |= EV_CLEAR; // filt_timerattach forces EV_CLEAR
    timerArm(k, kn, k.now() + kn.period);
  }
  return 0;
}

// --- kqueue_register -------------------------------------------------------------------------

/** One change, as read from user memory. */
interface Kev { ident: number; filter: number; flags: number; fflags: number; data: number; udata: bigint }

/** EVFILT_USER's fflags update: NOTE_FFAND/FFOR/FFCOPY on the stored 24 bits; NOTE_TRIGGER fires it. */
function userTouch(kn: Knote, fflags: number): void {
  const ctrl = (fflags & NOTE_FFCTRLMASK) >>> 0;
  const bits = fflags & NOTE_FFLAGSMASK;
  if (ctrl === NOTE_FFAND) kn.sfflags &= bits;
  else if (ctrl === NOTE_FFOR) kn.sfflags |= bits;
  else if (ctrl === NOTE_FFCOPY) kn.sfflags = bits;
}

/** kqueue_register: apply one change; 0 or a positive Linux-numbered errno (translated at the boundary). */
function kqueueRegister(k: Kernel, t: Thread, kq: KqueueFile, kev: Kev): number {
  const { ident, filter, flags } = kev;
  if (filter !== EVFILT_READ && filter !== EVFILT_WRITE && filter !== EVFILT_TIMER && filter !== EVFILT_USER) return LE.EINVAL;
  const fdFilter = filter === EVFILT_READ || filter === EVFILT_WRITE;
  let file: File | null = null;
  if (fdFilter) {
    file = Number.isInteger(ident) && ident >= 0 && ident < 2 ** 31 ? t.proc.fds.get(ident) : null;
    if (file === null) return LE.EBADF;
  }
  let kn = kq.knotes.get(knKey(ident, filter)) ?? null;
  if (kn !== null && fdFilter && kn.file !== file) { kq.drop(kn); kn = null; } // a stale knote of an fd reused without close
  if (kn === null) {
    if ((flags & EV_ADD) === 0) return LE.ENOENT;
    kn = new Knote(kq, ident, filter);
    kn.flags = flags & KN_USER_FLAGS;
    kn.sfflags = filter === EVFILT_USER ? 0 : kev.fflags;
    kn.sdata = kev.data;
    kn.udata = kev.udata;
    kq.knotes.set(kn.key, kn);
    if (fdFilter) {
      kn.file = file;
      const node = kn;
      kn.wait = new Waiter(null, (_w, key) => knoteWake(node, key), false, 0);
      file!.pollWait.add(kn.wait);
      let l = kq.byFd.get(ident);
      if (l === undefined) { l = []; kq.byFd.set(ident, l); }
      l.push(kn);
    }
    if (filter === EVFILT_USER) userTouch(kn, kev.fflags);
    if (filter === EVFILT_TIMER) { const e = timerStart(k, kn); if (e !== 0) { kq.drop(kn); return e; } }
  } else if ((flags & EV_DELETE) !== 0) {
    kq.drop(kn);
    return 0;
  } else if ((flags & EV_ADD) !== 0) {
    // Re-adding modifies the knote in place (f_touch): new udata, flags, fflags, data.
    kn.flags = (kn.flags & ~KN_USER_FLAGS) | (flags & KN_USER_FLAGS);
    kn.udata = kev.udata;
    kn.sdata = kev.data;
    if (filter === EVFILT_USER) userTouch(kn, kev.fflags);
    else kn.sfflags = kev.fflags;
    if (filter === EVFILT_TIMER) { const e = timerStart(k, kn); if (e !== 0) return e; }
  } else if (filter === EVFILT_USER) {
    userTouch(kn, kev.fflags);
  }
  if (filter === EVFILT_USER && (kev.fflags & NOTE_TRIGGER) !== 0) kn.active = true;
  if ((flags & EV_DISABLE) !== 0) { kn.disabled = true; kq.dequeue(kn); }
  else if ((flags & (EV_ENABLE | EV_ADD)) !== 0) kn.disabled = false;
  // The filter runs at registration, so a condition that already holds is reported.
  if (fEvent(kn)) kq.activate(kn);
  return 0;
}

// --- kqueue_scan -----------------------------------------------------------------------------

const KEV_BUF = new Uint8Array(kevent_s.size);
const KEV_DV = new DataView(KEV_BUF.buffer);

function writeKevent(t: Thread, at: number, ident: number, filter: number, flags: number, fflags: number, data: number, udata: bigint): boolean {
  const dv = KEV_DV;
  dv.setBigUint64(kevent_s.ident, BigInt(ident), true);
  dv.setInt16(kevent_s.filter, filter, true);
  dv.setUint16(kevent_s.flags, flags, true);
  dv.setUint32(kevent_s.fflags, fflags >>> 0, true);
  dv.setBigInt64(kevent_s.data, BigInt(Math.trunc(data)), true);
  dv.setBigUint64(kevent_s.udata, udata, true);
  return t.proc.mm.copyOut(at, KEV_BUF) === 0;
}

/** Deliver up to `max` events into user memory at `uevents`; the count, or -EFAULT if none could be copied. */
function kqueueScan(k: Kernel, t: Thread, kq: KqueueFile, uevents: number, max: number): number {
  let n = 0;
  const requeue: Knote[] = [];
  for (const kn of kq.head) {
    if (n >= max) break;
    kq.dequeue(kn);
    k.core.chargeKernel(COSTS.epollPerEvent.cycles);
    if (kn.disabled) continue;
    // A level-triggered knote whose condition went away is dropped from the list silently.
    const holds = fEvent(kn); // refreshes data and EV_EOF
    if ((kn.flags & EV_ONESHOT) === 0 && !holds) { kn.active = false; continue; }
    const flags = (kn.flags & KN_USER_FLAGS) | (kn.eof ? EV_EOF : 0);
    const fflags = kn.filter === EVFILT_USER ? kn.sfflags & NOTE_FFLAGSMASK : 0;
    const data = kn.filter === EVFILT_USER ? kn.sdata : kn.data;
    if (!writeKevent(t, uevents + n * kevent_s.size, kn.ident, kn.filter, flags, fflags, data, kn.udata)) {
      kq.activate(kn);
      return n === 0 ? -LE.EFAULT : n;
    }
    n++;
    if ((kn.flags & EV_ONESHOT) !== 0) { kq.drop(kn); continue; }
    if ((kn.flags & EV_CLEAR) !== 0) {
      kn.active = false;
      if (kn.filter === EVFILT_TIMER || kn.filter === EVFILT_USER) kn.data = 0;
    }
    if ((kn.flags & EV_DISPATCH) !== 0) { kn.disabled = true; continue; }
    if ((kn.flags & EV_CLEAR) === 0) requeue.push(kn); // level: back at the tail while the event holds
  }
  for (const kn of requeue) if (!kn.queued && !kn.disabled) { kn.queued = true; kq.head.add(kn); }
  return n;
}

// --- the calls -------------------------------------------------------------------------------

export function sysKqueue(k: Kernel, t: Thread): SysResult {
  const f = new KqueueFile(k, t.proc);
  const fd = t.proc.fds.install(f, false);
  if (fd < 0) k.fput(f); // EMFILE: the new file's only reference goes
  return fd;
}

interface KeventScratch { kq: KqueueFile; uevents: number; max: number; zero: boolean }

function readKev(b: Uint8Array): Kev {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    ident: Number(dv.getBigUint64(kevent_s.ident, true)), filter: dv.getInt16(kevent_s.filter, true),
    flags: dv.getUint16(kevent_s.flags, true), fflags: dv.getUint32(kevent_s.fflags, true),
    data: Number(dv.getBigInt64(kevent_s.data, true)), udata: dv.getBigUint64(kevent_s.udata, true),
  };
}

/**
 * kevent: apply the changelist, then collect events (sleeping on the kqueue until one
 * arrives, the timeout passes or a signal comes). Results are in the core's numbering:
 * a count, or a negative Linux errno the personality translates.
 */
export function sysKevent(k: Kernel, t: Thread, kqfd: number, changes: number, nchanges: number, events: number, nevents: number, timeout: number): SysResult {
  let s = t.sysScratch as KeventScratch | undefined;
  if (s === undefined) {
    k.core.chargeKernel(COSTS.epollCtl.cycles);
    const f = fdget(t, kqfd);
    if (f === null || !(f instanceof KqueueFile)) return -LE.EBADF;
    if (nchanges < 0 || nevents < 0) return -LE.EINVAL;
    let deadlineNs: number | null = null;
    if (timeout !== 0) {
      const b = t.proc.mm.copyIn(timeout, 16);
      if (typeof b === 'number') return -LE.EFAULT;
      const dv = new DataView(b.buffer, b.byteOffset, 16);
      const sec = Number(dv.getBigInt64(0, true)); const nsec = Number(dv.getBigInt64(8, true));
      if (sec < 0 || nsec < 0 || nsec >= 1e9) return -LE.EINVAL;
      deadlineNs = sec * 1e9 + nsec;
    }
    let nerr = 0;
    for (let i = 0; i < nchanges; i++) {
      const b = t.proc.mm.copyIn(changes + i * kevent_s.size, kevent_s.size);
      if (typeof b === 'number') return -LE.EFAULT;
      const kev = readKev(b);
      kev.flags &= ~EV_SYSFLAGS;
      if (kev.filter === 0) continue;
      k.core.chargeKernel(COSTS.epollCtl.cycles);
      const receipt = (kev.flags & EV_RECEIPT) !== 0;
      const err = kqueueRegister(k, t, f, kev);
      if (err === 0 && !receipt) continue;
      if (nevents - nerr <= 0) {
        if (err !== 0) return -err; // no room to report it: the call fails; later changes are not applied
        continue;
      }
      if (!writeKevent(t, events + nerr * kevent_s.size, kev.ident, kev.filter, EV_ERROR, 0, err, kev.udata)) return -LE.EFAULT;
      nerr++;
    }
    if (nerr > 0) return nerr;
    if (nevents === 0) return 0;
    if (!t.proc.mm.accessOk(events, nevents * kevent_s.size, true)) return -LE.EFAULT;
    s = { kq: f, uevents: events, max: nevents, zero: deadlineNs === 0 };
    t.sysScratch = s;
    if (deadlineNs !== null && deadlineNs > 0) t.deadline = k.now() + k.nsToCycles(deadlineNs);
  }
  const n = kqueueScan(k, t, s.kq, s.uevents, s.max);
  if (n !== 0) return n;
  if (s.zero) return 0;
  if (t.deadline >= 0 && (t.wake === Wake.Timeout || k.now() >= t.deadline)) return 0;
  if (t.wake === Wake.Signal) return -LE.EINTR;
  k.waitOn(t, s.kq.wq, true);
  return k.sleep(t, 'kqueue_scan', t.deadline);
}
