// The network poller (Go's runtime/netpoll.go): the system-independent half.
// A pollable fd is registered once with the system's poller (netpoll_epoll.ts on
// linux, netpoll_kqueue.ts on darwin, chosen with the OS at start); a goroutine
// whose non-blocking call gets EAGAIN parks on the fd's pollDesc ("IO wait"):
// rg/wg hold pdNil, pdReady, pdWait or the parked G. netpoll(delay) asks the
// system's poller for ready fds; it is called without blocking by findRunnable
// and sysmon, and with the time to the next timer by the one M that blocks there.
// The poller is set up lazily on the first timer or pollable fd; on a kernel
// without one the runtime falls back to sleeping on a note with a timeout (the M
// that would block in netpoll blocks there instead).

import type { Instr } from '../machine/instr.ts';
import type { Netpoller } from './os.ts';
import type { G, M, Gen } from './runtime2.ts';
import { GoFatal, waitReasonIOWait } from './runtime2.ts';

export const pdNil = 0;
export const pdReady = 1;
export const pdWait = 2;
/** Error codes of netpollcheckerr (poll_runtime_pollWait). */
export const pollNoError = 0;
export const pollErrClosing = 1;
export const pollErrTimeout = 2;
export const pollErrNotPollable = 3;


/** pollDesc: a pollable fd's two binary semaphores and deadlines. */
export class PollDesc {
  rg: number | G = pdNil;
  wg: number | G = pdNil;
  closing = false;
  everr = false;
  /** Read and write deadlines (ns, 0 = none, < 0 = expired). */
  rd = 0;
  wd = 0;
  /**
   * Completion-based systems (windows): the address of the fd's two operations in
   * runtime memory — internal/poll's rop at ops, wop at ops + OP_SIZE — each an
   * OVERLAPPED followed by this pollDesc's id and the mode ('r'/'w'), as Go's
   * pollOperation; 0 until the fd is first made pollable there. Kept when reused.
   */
  ops = 0;
  constructor(readonly id: number, public fd: number) {}
}

/** The process-wide poller state (netpollInited, epfd/kq, netpollEventFd, netpollWaiters, ...). */
export class Netpoll {
  inited = 0; // 0 not yet, 1 ready, -1 unavailable (no poller in this kernel)
  /** The system's poller: set with the OS at start. */
  poller: Netpoller | null = null;
  /** The epoll or kqueue fd, and the eventfd of netpollBreak (-1 on kqueue: its wake-up is an EVFILT_USER knote). */
  epfd = -1;
  eventfd = -1;
  wakeSig = 0;
  waiters = 0;
  /** When the last netpoll ran; 0 while an M is blocked in netpoll (sched.lastpoll). */
  lastpoll = 1;
  /** GOMAXPROCS, for the system's poller (windows sizes its batch by it). */
  gomaxprocs = 1;
  readonly pds: PollDesc[] = [];
  private readonly free: PollDesc[] = [];
  parks = 0;

  alloc(fd: number): PollDesc {
    const pd = this.free.pop();
    if (pd !== undefined) { pd.fd = fd; pd.rg = pdNil; pd.wg = pdNil; pd.closing = false; pd.everr = false; pd.rd = 0; pd.wd = 0; return pd; }
    const n = new PollDesc(this.pds.length, fd);
    this.pds.push(n);
    return n;
  }
  release(pd: PollDesc): void { this.free.push(pd); }
  /** The descriptors in use (for the resource view: not on the free list). */
  inUse(): PollDesc[] { const free = new Set(this.free); return this.pds.filter((pd) => !free.has(pd)); }
}

/** netpollGenericInit → netpollinit: the system's poller and its wake-up. */
export function* netpollinit(np: Netpoll, buf: number): Gen<boolean> {
  if (np.inited !== 0) return np.inited > 0;
  const r = yield* np.poller!.init(buf);
  if (r === null) { np.inited = -1; return false; }
  np.epfd = r.pfd; np.eventfd = r.wakefd; np.inited = 1;
  return true;
}

/** netpollopen: register the fd for both directions, once for its lifetime. */
export function netpollopen(np: Netpoll, pd: PollDesc, buf: number): Gen<number> { return np.poller!.open(np.epfd, pd.fd, pd.id, buf); }

export function netpollclose(np: Netpoll, pd: PollDesc, buf: number): Gen<number> { return np.poller!.close(np.epfd, pd.fd, buf); }

/** netpollBreak: wake the M blocked in netpoll (CAS netpollWakeSig, then the system's wake-up). */
export function* netpollBreak(np: Netpoll, buf: number): Gen<void> {
  if (np.wakeSig !== 0) return;
  np.wakeSig = 1;
  yield* np.poller!.wakeup(np.epfd, np.eventfd, buf);
}

/** netpollunblock: the G parked on pd for mode (or null); ioready sets pdReady for the next waiter. */
function netpollunblock(pd: PollDesc, mode: 'r' | 'w', ioready: boolean): G | null {
  const gpp = mode === 'r' ? pd.rg : pd.wg;
  if (gpp === pdReady) return null;
  if (gpp === pdNil && !ioready) return null;
  const nw = ioready ? pdReady : pdNil;
  if (mode === 'r') pd.rg = nw; else pd.wg = nw;
  if (gpp === pdWait || gpp === pdNil) return null;
  return gpp as G;
}

/** netpoll(delay): wait for ready fds (delay < 0 forever, 0 poll, else ns); the Gs made ready are appended to `list`. */
export function* netpoll(np: Netpoll, delay: number, buf: number, list: G[]): Gen<void> {
  if (np.epfd < 0) return;
  const woke = yield* np.poller!.wait(np.epfd, np.eventfd, delay, buf, delay !== 0, (id, r, w, err) => {
    const pd = np.pds[id];
    if (pd === undefined) return;
    if (err) pd.everr = true;
    if (r) { const g = netpollunblock(pd, 'r', true); if (g !== null) { list.push(g); np.waiters--; } }
    if (w) { const g = netpollunblock(pd, 'w', true); if (g !== null) { list.push(g); np.waiters--; } }
  }, np.gomaxprocs);
  if (woke !== 0) np.wakeSig = 0;
}

/** netpollcheckerr: closing, deadline passed, or an error event. */
export function netpollcheckerr(pd: PollDesc, mode: 'r' | 'w'): number {
  if (pd.closing) return pollErrClosing;
  if ((mode === 'r' && pd.rd < 0) || (mode === 'w' && pd.wd < 0)) return pollErrTimeout;
  if (mode === 'r' && pd.everr) return pollErrNotPollable;
  return pollNoError;
}

/**
 * netpollblock: park on pd until I/O is ready (true) or the wait was cut by
 * close/deadline (false). With `waitio` it parks even when the pd is closing or past
 * its deadline: windows waits so for the completion of an operation it cancelled.
 */
export function* netpollblock(np: Netpoll, pd: PollDesc, mode: 'r' | 'w', gopark: (commit: (gp: G, mp: M) => Gen<boolean> | boolean, reason: string) => Instr, waitio = false): Gen<boolean> {
  const gpp = mode === 'r' ? pd.rg : pd.wg;
  if (gpp === pdReady) { if (mode === 'r') pd.rg = pdNil; else pd.wg = pdNil; return true; }
  if (gpp !== pdNil) throw new GoFatal('runtime: double wait');
  if (mode === 'r') pd.rg = pdWait; else pd.wg = pdWait;
  if (waitio || netpollcheckerr(pd, mode) === pollNoError) {
    yield gopark(function netpollblockcommit(gp: G): boolean {
      const cur = mode === 'r' ? pd.rg : pd.wg;
      if (cur !== pdWait) return false; // became ready (or was unblocked) before we parked
      if (mode === 'r') pd.rg = gp; else pd.wg = gp;
      np.waiters++;
      np.parks++;
      return true;
    }, waitReasonIOWait);
  }
  const old = mode === 'r' ? pd.rg : pd.wg;
  if (mode === 'r') pd.rg = pdNil; else pd.wg = pdNil;
  return old === pdReady;
}

/** netpolldeadlineimpl: the deadline for mode passed; mark it expired and wake the G parked for it. */
export function netpolldeadline(np: Netpoll, pd: PollDesc, mode: 'r' | 'w', list: G[]): void {
  if (mode === 'r') pd.rd = -1; else pd.wd = -1;
  const g = netpollunblock(pd, mode, false);
  if (g !== null) { list.push(g); np.waiters--; }
}

/** Unblock both directions with an error (close, or an expired deadline). */
export function netpollunblockAll(np: Netpoll, pd: PollDesc, list: G[]): void {
  const r = netpollunblock(pd, 'r', false); if (r !== null) { list.push(r); np.waiters--; }
  const w = netpollunblock(pd, 'w', false); if (w !== null) { list.push(w); np.waiters--; }
}
