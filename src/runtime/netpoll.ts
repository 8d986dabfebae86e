// The network poller (Go's runtime/netpoll.go and netpoll_epoll.go). netpollinit
// makes an epoll instance and an eventfd for netpollBreak; every pollable fd is
// registered once, edge-triggered, for IN|OUT|RDHUP|ET with its pollDesc's index
// as the event data. A goroutine whose non-blocking read gets EAGAIN parks on the
// pollDesc ("IO wait"): rg/wg hold pdNil, pdReady, pdWait or the parked G.
// netpoll(delay) is epoll_wait with up to 128 events; it is called without
// blocking by findRunnable and sysmon, and with the time to the next timer by
// the one M that blocks there. The poller is set up lazily on the first timer or
// pollable fd; on a kernel without epoll the runtime falls back to sleeping on a
// futex with a timeout (the M that would block in netpoll blocks there instead).

import * as __instr from '../machine/instr.ts';
import type { Instr } from '../machine/instr.ts';
import { SYS, EINTR, EAGAIN, EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLET, EPOLLERR, EPOLLHUP, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CLOEXEC, EFD_CLOEXEC, EFD_NONBLOCK } from '../kernel/uapi/index.ts';
import type { G, M, Gen } from './runtime2.ts';
import * as __rt2 from './runtime2.ts';
// Imported bindings read once: module-namespace getters cost on the hot path.
const { trap, load, store } = __instr;
const { waitReasonIOWait } = __rt2;

export const pdNil = 0;
export const pdReady = 1;
export const pdWait = 2;
/** Error codes of netpollcheckerr (poll_runtime_pollWait). */
export const pollNoError = 0;
export const pollErrClosing = 1;
export const pollErrTimeout = 2;
export const pollErrNotPollable = 3;

const EVENTS_MAX = 128;
const EPOLL_EVENT_SIZE = 12;
const BREAK_DATA = 0x7fff_ffff;

/** pollDesc: a pollable fd's two binary semaphores and deadlines. */
export class PollDesc {
  rg: number | G = pdNil;
  wg: number | G = pdNil;
  closing = false;
  everr = false;
  /** Read and write deadlines (ns, 0 = none, < 0 = expired). */
  rd = 0;
  wd = 0;
  constructor(readonly id: number, public fd: number) {}
}

/** The process-wide poller state (netpollInited, epfd, netpollEventFd, netpollWaiters, ...). */
export class Netpoll {
  inited = 0; // 0 not yet, 1 ready, -1 unavailable (no epoll in this kernel)
  epfd = -1;
  eventfd = -1;
  wakeSig = 0;
  waiters = 0;
  /** When the last netpoll ran; 0 while an M is blocked in netpoll (sched.lastpoll). */
  lastpoll = 1;
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
}

const ev12 = new Uint8Array(EPOLL_EVENT_SIZE);
const ev12v = new DataView(ev12.buffer);
function epollEvent(events: number, data: number): Uint8Array {
  ev12v.setUint32(0, events >>> 0, true);
  ev12v.setUint32(4, data >>> 0, true);
  ev12v.setUint32(8, 0, true);
  return ev12;
}

/** netpollGenericInit → netpollinit: epoll_create1(EPOLL_CLOEXEC) and a non-blocking eventfd for breaks. */
export function* netpollinit(np: Netpoll, buf: number): Gen<boolean> {
  if (np.inited !== 0) return np.inited > 0;
  const epfd: number = yield* trap(SYS.epoll_create1, EPOLL_CLOEXEC);
  if (epfd < 0) { np.inited = -1; return false; }
  const efd: number = yield* trap(SYS.eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (efd < 0) { yield* trap(SYS.close, epfd); np.inited = -1; return false; }
  yield* store(buf, epollEvent(EPOLLIN, BREAK_DATA));
  const r: number = yield* trap(SYS.epoll_ctl, epfd, EPOLL_CTL_ADD, efd, buf);
  if (r < 0) throw new __rt2.GoFatal(`runtime: netpollinit failed to register wake fd (errno ${-r})`);
  np.epfd = epfd; np.eventfd = efd; np.inited = 1;
  return true;
}

/** netpollopen: register fd edge-triggered for IN|OUT|RDHUP|ET, once for its lifetime. */
export function* netpollopen(np: Netpoll, pd: PollDesc, buf: number): Gen<number> {
  yield* store(buf, epollEvent(EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, pd.id));
  return yield* trap(SYS.epoll_ctl, np.epfd, EPOLL_CTL_ADD, pd.fd, buf);
}

export function* netpollclose(np: Netpoll, pd: PollDesc, buf: number): Gen<number> {
  yield* store(buf, epollEvent(0, 0));
  return yield* trap(SYS.epoll_ctl, np.epfd, EPOLL_CTL_DEL, pd.fd, buf);
}

const ONE8 = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]);

/** netpollBreak: wake the M blocked in epoll_wait (CAS netpollWakeSig, write 8 bytes to the eventfd). */
export function* netpollBreak(np: Netpoll, buf: number): Gen<void> {
  if (np.wakeSig !== 0) return;
  np.wakeSig = 1;
  yield* store(buf, ONE8);
  for (;;) {
    const r: number = yield* trap(SYS.write, np.eventfd, buf, 8);
    if (r === 8 || r === -EAGAIN) return;
    if (r !== -EINTR) throw new __rt2.GoFatal(`runtime: netpollBreak write failed with ${-r}`);
  }
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

/**
 * netpoll(delay): epoll_wait for up to 128 events (delay < 0 forever, 0 poll, < 1 ms → 1 ms,
 * else whole ms); the Gs made ready are appended to `list`.
 */
export function* netpoll(np: Netpoll, delay: number, buf: number, list: G[]): Gen<void> {
  if (np.epfd < 0) return;
  let waitms: number;
  if (delay < 0) waitms = -1;
  else if (delay === 0) waitms = 0;
  else if (delay < 1e6) waitms = 1;
  else if (delay < 1e15) waitms = Math.floor(delay / 1e6);
  else waitms = 1e9;
  for (;;) {
    const n: number = yield* trap(SYS.epoll_wait, np.epfd, buf, EVENTS_MAX, waitms);
    if (n < 0) {
      if (n !== -EINTR) throw new __rt2.GoFatal(`runtime: netpoll failed with ${-n}`);
      if (waitms > 0) return; // the caller recomputes the timeout
      continue;
    }
    if (n === 0) return;
    const b: Uint8Array = yield* load(buf, n * EPOLL_EVENT_SIZE);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < n; i++) {
      const ev = dv.getUint32(i * EPOLL_EVENT_SIZE, true);
      const data = dv.getUint32(i * EPOLL_EVENT_SIZE + 4, true);
      if (ev === 0) continue;
      if (data === BREAK_DATA) {
        if (delay !== 0) {
          // Drain the eventfd only when blocking: a non-blocking poll must not eat a break meant for the blocked M.
          yield* trap(SYS.read, np.eventfd, buf + EVENTS_MAX * EPOLL_EVENT_SIZE, 8);
          np.wakeSig = 0;
        }
        continue;
      }
      const pd = np.pds[data];
      if (pd === undefined) continue;
      let r = false; let w = false;
      if ((ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) !== 0) r = true;
      if ((ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) !== 0) w = true;
      if ((ev & EPOLLERR) !== 0) pd.everr = true;
      if (r) { const g = netpollunblock(pd, 'r', true); if (g !== null) { list.push(g); np.waiters--; } }
      if (w) { const g = netpollunblock(pd, 'w', true); if (g !== null) { list.push(g); np.waiters--; } }
    }
    return;
  }
}

/** netpollcheckerr: closing, deadline passed, or an error event. */
export function netpollcheckerr(pd: PollDesc, mode: 'r' | 'w'): number {
  if (pd.closing) return pollErrClosing;
  if ((mode === 'r' && pd.rd < 0) || (mode === 'w' && pd.wd < 0)) return pollErrTimeout;
  if (mode === 'r' && pd.everr) return pollErrNotPollable;
  return pollNoError;
}

/** netpollblock: park on pd until I/O is ready (true) or the wait was cut by close/deadline (false). */
export function* netpollblock(np: Netpoll, pd: PollDesc, mode: 'r' | 'w', gopark: (commit: (gp: G, mp: M) => Gen<boolean>, reason: string) => Instr): Gen<boolean> {
  const gpp = mode === 'r' ? pd.rg : pd.wg;
  if (gpp === pdReady) { if (mode === 'r') pd.rg = pdNil; else pd.wg = pdNil; return true; }
  if (gpp !== pdNil) throw new __rt2.GoFatal('runtime: double wait');
  if (mode === 'r') pd.rg = pdWait; else pd.wg = pdWait;
  if (netpollcheckerr(pd, mode) === pollNoError) {
    yield gopark(function* netpollblockcommit(gp: G) {
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
