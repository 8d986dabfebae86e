// The network poller on windows (Go's runtime/netpoll_windows.go): one I/O
// completion port for the process. netpollopen associates a handle with it, the
// key carrying the pollDesc and the source of the packet (ready, break, timer) as
// packNetpollKey does; every network operation is an overlapped call whose
// OVERLAPPED heads a pollOperation {overlapped, pd, mode}, so a dequeued packet
// says which goroutine to ready for which direction. A wait takes
// max(8, 64/GOMAXPROCS) packets with GetQueuedCompletionStatusEx; netpollBreak is
// a PostQueuedCompletionStatus with the break key. Nothing here asks whether a
// socket is readable: the packets say that an operation is done.

import { load } from '../machine/instr.ts';
import { WAIT_TIMEOUT, INVALID_HANDLE_VALUE, OVERLAPPED_ENTRY, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, FILE_SKIP_SET_EVENT_ON_HANDLE } from '../kernel/uapi/windows/index.ts';
import { CreateIoCompletionPort, SetFileCompletionNotificationModes, PostQueuedCompletionStatus, GetQueuedCompletionStatusEx } from '../win32/win32.ts';
import type { Netpoller } from './os.ts';
import { GoFatal } from './runtime2.ts';

export const EVENTS_MAX = 64;
/** The sources a key names (netpollSourceReady, netpollSourceBreak, netpollSourceTimer). */
const SOURCE_READY = 1;
const SOURCE_BREAK = 2;
/** packNetpollKey: the pollDesc (its index here) above a 4-bit source. */
const packKey = (source: number, id: number): number => id * 16 + source;
/** A pollOperation's size and layout after its OVERLAPPED: the pollDesc's id and the mode. */
export const OP_SIZE = 64;
export const OP_PD = 32;
export const OP_MODE = 40;

export const windowsNetpoller: Netpoller = {
  /** netpollinit: CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, _DWORD_MAX). */
  *init(buf) {
    const port = yield* CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0xffffffff, buf);
    if (port < 0) throw new GoFatal(`runtime: CreateIoCompletionPort failed (errno= ${-port})`);
    return { pfd: port, wakefd: -1 };
  },
  /**
   * netpollopen: associate the handle with the port (key = the pollDesc, ready), then —
   * internal/poll's FD.Init — skip completion packets and the handle's event for calls
   * that succeed at once. 1 when those are skipped, 0 when not, or -error.
   */
  *open(port, h, id, buf) {
    const r = yield* CreateIoCompletionPort(h, port, packKey(SOURCE_READY, id), 0, buf);
    if (r < 0) return r;
    const m = yield* SetFileCompletionNotificationModes(h, FILE_SKIP_SET_EVENT_ON_HANDLE | FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, buf);
    return m > 0 ? 1 : 0;
  },
  /** netpollclose: nothing — the handle's close ends the association. */
  *close() { return 0; },
  /** netpollBreak: a packet with the break key. */
  *wakeup(port) {
    const r = yield* PostQueuedCompletionStatus(port, 0, packKey(SOURCE_BREAK, 0), 0);
    if (r < 0) throw new GoFatal(`runtime: netpoll: PostQueuedCompletionStatus failed (errno= ${-r})`);
  },
  *wait(port, _wakefd, delay, buf, blocking, ready, procs) {
    // A blocking poll takes fewer packets when several Ps may poll (len(entries)/gomaxprocs, at least 8).
    const n = Math.max(8, Math.floor(EVENTS_MAX / procs));
    let ms: number;
    if (delay < 0) ms = 0xffffffff; // INFINITE
    else if (delay === 0) ms = 0;
    else if (delay < 1e6) ms = 1;
    else ms = Math.floor(Math.min(delay, 1e15) / 1e6);
    const got = yield* GetQueuedCompletionStatusEx(port, buf, n, ms, buf + EVENTS_MAX * OVERLAPPED_ENTRY.size);
    if (got < 0) {
      if (-got === WAIT_TIMEOUT) return 0;
      throw new GoFatal(`runtime: netpoll: GetQueuedCompletionStatusEx failed (errno= ${-got})`);
    }
    const b: Uint8Array = yield* load(buf, got * OVERLAPPED_ENTRY.size);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let woke = 0;
    for (let i = 0; i < got; i++) {
      const o = i * OVERLAPPED_ENTRY.size;
      const key = Number(dv.getBigUint64(o + OVERLAPPED_ENTRY.lpCompletionKey, true));
      const source = key & 15; const id = Math.floor(key / 16);
      if (source === SOURCE_BREAK) {
        if (blocking) woke = 1;
        // A non-blocking poll forwards the wake-up to the poller that blocks.
        else yield* PostQueuedCompletionStatus(port, 0, packKey(SOURCE_BREAK, 0), 0);
        continue;
      }
      if (source !== SOURCE_READY) continue;
      const ov = Number(dv.getBigUint64(o + OVERLAPPED_ENTRY.lpOverlapped, true));
      if (ov === 0) continue;
      const op: Uint8Array = yield* load(ov + OP_PD, 16);
      const ov16 = new DataView(op.buffer, op.byteOffset, 16);
      // A packet whose key does not match the operation's pollDesc is another user's of the port (go.dev/issue/58870).
      if (Number(ov16.getBigUint64(0, true)) !== id) continue;
      const mode = op[8];
      if (mode !== 0x72 && mode !== 0x77) throw new GoFatal(`runtime: GetQueuedCompletionStatusEx returned net_op with invalid mode=${mode}`);
      ready(id, mode === 0x72, mode === 0x77, false);
    }
    return woke;
  },
};
