// The network poller on linux (Go's runtime/netpoll_epoll.go): an epoll instance
// and a non-blocking eventfd for netpollBreak. Every pollable fd is registered
// once, edge-triggered, for IN|OUT|RDHUP|ET with its pollDesc's index as the
// event data; a wait takes up to 128 events (delay < 0 forever, 0 poll, < 1 ms →
// 1 ms, else whole ms).

import { trap, load, store } from '../machine/instr.ts';
import { readU32le, SYS, EINTR, EAGAIN, EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLET, EPOLLERR, EPOLLHUP, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CLOEXEC, EFD_CLOEXEC, EFD_NONBLOCK } from '../kernel/uapi/index.ts';
import type { Netpoller } from './os.ts';
import { GoFatal } from './runtime2.ts';

export const EVENTS_MAX = 128;
const EPOLL_EVENT_SIZE = 12;
const BREAK_DATA = 0x7fff_ffff;

const ev12 = new Uint8Array(EPOLL_EVENT_SIZE);
const ev12v = new DataView(ev12.buffer);
function epollEvent(events: number, data: number): Uint8Array {
  ev12v.setUint32(0, events >>> 0, true);
  ev12v.setUint32(4, data >>> 0, true);
  ev12v.setUint32(8, 0, true);
  return ev12;
}
const ONE8 = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]);

export const epollNetpoller: Netpoller = {
  /** netpollinit: epoll_create1(EPOLL_CLOEXEC) and a non-blocking eventfd registered for EPOLLIN. */
  *init(buf) {
    const epfd: number = yield* trap(SYS.epoll_create1, EPOLL_CLOEXEC);
    if (epfd < 0) return null;
    const efd: number = yield* trap(SYS.eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (efd < 0) { yield* trap(SYS.close, epfd); return null; }
    yield* store(buf, epollEvent(EPOLLIN, BREAK_DATA));
    const r: number = yield* trap(SYS.epoll_ctl, epfd, EPOLL_CTL_ADD, efd, buf);
    if (r < 0) throw new GoFatal(`runtime: netpollinit failed to register wake fd (errno ${-r})`);
    return { pfd: epfd, wakefd: efd };
  },
  /** netpollopen: edge-triggered IN|OUT|RDHUP|ET, once for the fd's lifetime. */
  *open(epfd, fd, id, buf) {
    yield* store(buf, epollEvent(EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, id));
    return yield* trap(SYS.epoll_ctl, epfd, EPOLL_CTL_ADD, fd, buf);
  },
  *close(epfd, fd, buf) {
    yield* store(buf, epollEvent(0, 0));
    return yield* trap(SYS.epoll_ctl, epfd, EPOLL_CTL_DEL, fd, buf);
  },
  /** netpollBreak: write 8 bytes to the eventfd. */
  *wakeup(_epfd, efd, buf) {
    yield* store(buf, ONE8);
    for (;;) {
      const r: number = yield* trap(SYS.write, efd, buf, 8);
      if (r === 8 || r === -EAGAIN) return;
      if (r !== -EINTR) throw new GoFatal(`runtime: netpollBreak write failed with ${-r}`);
    }
  },
  *wait(epfd, efd, delay, buf, drainWakeup, ready) {
    let waitms: number;
    if (delay < 0) waitms = -1;
    else if (delay === 0) waitms = 0;
    else if (delay < 1e6) waitms = 1;
    else if (delay < 1e15) waitms = Math.floor(delay / 1e6);
    else waitms = 1e9;
    for (;;) {
      const n: number = yield* trap(SYS.epoll_wait, epfd, buf, EVENTS_MAX, waitms);
      if (n < 0) {
        if (n !== -EINTR) throw new GoFatal(`runtime: netpoll failed with ${-n}`);
        if (waitms > 0) return 0; // the caller recomputes the timeout
        continue;
      }
      if (n === 0) return 0;
      const b: Uint8Array = yield* load(buf, n * EPOLL_EVENT_SIZE);
      let woke = 0;
      for (let i = 0; i < n; i++) {
        const ev = readU32le(b, i * EPOLL_EVENT_SIZE);
        const data = readU32le(b, i * EPOLL_EVENT_SIZE + 4);
        if (ev === 0) continue;
        if (data === BREAK_DATA) {
          // Drain the eventfd only when blocking: a non-blocking poll must not eat a break meant for the blocked M.
          if (drainWakeup) { yield* trap(SYS.read, efd, buf + EVENTS_MAX * EPOLL_EVENT_SIZE, 8); woke = 1; }
          continue;
        }
        const r = (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) !== 0;
        const w = (ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) !== 0;
        ready(data, r, w, (ev & EPOLLERR) !== 0);
      }
      return woke;
    }
  },
};
