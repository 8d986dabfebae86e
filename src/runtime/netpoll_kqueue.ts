// The network poller on darwin (Go's runtime/netpoll_kqueue.go and
// netpoll_kqueue_event.go), through libSystem's kqueue and kevent. A pollable fd
// gets two knotes in one kevent call — EVFILT_READ and EVFILT_WRITE, both
// EV_ADD|EV_CLEAR (edge-triggered) — with the pollDesc's index as udata; closing
// the fd drops them, so netpollclose does nothing. netpollBreak triggers an
// EVFILT_USER knote (ident 0xee1eb9f4): EV_ENABLE with NOTE_TRIGGER fires it, and
// the blocking poller that sees it drains it with EV_DISABLE. A wait collects up
// to 64 events; a timeout is a timespec (none: wait forever).

import { load, store } from '../machine/instr.ts';
import {
  SYS, EINTR, EVFILT_READ, EVFILT_WRITE, EVFILT_USER, EV_ADD, EV_CLEAR, EV_ENABLE, EV_DISABLE, EV_EOF, EV_ERROR,
  NOTE_TRIGGER, F_SETFD, FD_CLOEXEC, kevent_s,
} from '../kernel/uapi/darwin/index.ts';
import { rawSyscall } from '../libsystem/libsystem.ts';
import type { Netpoller } from './os.ts';
import { GoFatal } from './runtime2.ts';

export const EVENTS_MAX = 64;
/** The wake-up knote's ident (netpoll_kqueue_event.go). */
const WAKE_IDENT = 0xee1eb9f4;

const kev = new Uint8Array(2 * kevent_s.size);
const kevv = new DataView(kev.buffer);
/** EV_SET into slot i of the staging buffer. */
function evset(i: number, ident: number, filter: number, flags: number, fflags: number, udata: number): void {
  const o = i * kevent_s.size;
  kevv.setBigUint64(o + kevent_s.ident, BigInt(ident), true);
  kevv.setInt16(o + kevent_s.filter, filter, true);
  kevv.setUint16(o + kevent_s.flags, flags, true);
  kevv.setUint32(o + kevent_s.fflags, fflags >>> 0, true);
  kevv.setBigInt64(o + kevent_s.data, 0n, true);
  kevv.setBigUint64(o + kevent_s.udata, BigInt(udata), true);
}
const ts = new Uint8Array(16);
const tsv = new DataView(ts.buffer);

export const kqueueNetpoller: Netpoller = {
  /** netpollinit: kqueue(), close-on-exec, and the EVFILT_USER wake-up knote. */
  *init(buf) {
    const kq = yield* rawSyscall(SYS.kqueue);
    if (kq < 0) return null;
    yield* rawSyscall(SYS.fcntl, kq, F_SETFD, FD_CLOEXEC);
    evset(0, WAKE_IDENT, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0);
    yield* store(buf, kev.subarray(0, kevent_s.size));
    const r = yield* rawSyscall(SYS.kevent, kq, buf, 1, 0, 0, 0);
    if (r < 0) throw new GoFatal(`runtime: netpollinit failed to register the wake-up event (errno ${-r})`);
    return { pfd: kq, wakefd: -1 };
  },
  /** netpollopen: READ and WRITE knotes, EV_ADD|EV_CLEAR, udata = the pollDesc, in one kevent call. */
  *open(kq, fd, id, buf) {
    evset(0, fd, EVFILT_READ, EV_ADD | EV_CLEAR, 0, id);
    evset(1, fd, EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, id);
    yield* store(buf, kev);
    const r = yield* rawSyscall(SYS.kevent, kq, buf, 2, 0, 0, 0);
    return r < 0 ? r : 0;
  },
  /** netpollclose: nothing — the close of the fd drops its knotes. */
  *close() { return 0; },
  /** netpollBreak: trigger the EVFILT_USER knote. */
  *wakeup(kq, _wakefd, buf) {
    evset(0, WAKE_IDENT, EVFILT_USER, EV_ENABLE, NOTE_TRIGGER, 0);
    yield* store(buf, kev.subarray(0, kevent_s.size));
    for (;;) {
      const r = yield* rawSyscall(SYS.kevent, kq, buf, 1, 0, 0, 0);
      if (r >= 0) return;
      if (r !== -EINTR) throw new GoFatal(`runtime: netpollBreak kevent failed with ${-r}`);
    }
  },
  *wait(kq, _wakefd, delay, buf, drainWakeup, ready) {
    let tsp = 0;
    if (delay >= 0) {
      // darwin rejects very long timeouts: Go caps the wait at 1e6 s.
      const d = Math.min(delay, 1e15);
      tsv.setBigInt64(0, BigInt(Math.floor(d / 1e9)), true); tsv.setBigInt64(8, BigInt(Math.floor(d % 1e9)), true);
      tsp = buf + EVENTS_MAX * kevent_s.size;
      yield* store(tsp, ts);
    }
    for (;;) {
      const n = yield* rawSyscall(SYS.kevent, kq, 0, 0, buf, EVENTS_MAX, tsp);
      if (n < 0) {
        if (n !== -EINTR) throw new GoFatal(`runtime: netpoll: kevent failed with ${-n}`);
        if (delay > 0) return 0; // the caller recomputes the timeout
        continue;
      }
      if (n === 0) return 0;
      const b: Uint8Array = yield* load(buf, n * kevent_s.size);
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      let woke = 0;
      for (let i = 0; i < n; i++) {
        const o = i * kevent_s.size;
        const filter = dv.getInt16(o + kevent_s.filter, true);
        const flags = dv.getUint16(o + kevent_s.flags, true);
        if (filter === EVFILT_USER) {
          if (Number(dv.getBigUint64(o + kevent_s.ident, true)) !== WAKE_IDENT) continue;
          if (drainWakeup) {
            evset(0, WAKE_IDENT, EVFILT_USER, EV_DISABLE, 0, 0);
            yield* store(buf + (EVENTS_MAX + 1) * kevent_s.size, kev.subarray(0, kevent_s.size));
            yield* rawSyscall(SYS.kevent, kq, buf + (EVENTS_MAX + 1) * kevent_s.size, 1, 0, 0, 0);
            woke = 1;
          }
          continue;
        }
        const id = Number(dv.getBigUint64(o + kevent_s.udata, true));
        // A READ that saw EOF also wakes the writer, as Go does.
        const r = filter === EVFILT_READ;
        const w = filter === EVFILT_WRITE || (r && (flags & EV_EOF) !== 0);
        ready(id, r, w, (flags & EV_ERROR) !== 0);
      }
      return woke;
    }
  },
};
