// I/O completion port conformance on the windows personality: the behaviours
// Microsoft documents for CreateIoCompletionPort, GetQueuedCompletionStatusEx,
// PostQueuedCompletionStatus, CancelIoEx, SetFileCompletionNotificationModes and
// overlapped WSARecv/WSASend/AcceptEx/ConnectEx (the checklist in the IOCP fact
// sheet), as programs over the kernel32/ws2_32-like layer. Each runs on the
// emulated machine — NT services, NTSTATUS, handles — and asserts exact results:
// return values, last errors, and the packets dequeued (key, OVERLAPPED, bytes,
// status).

import { describe, it, expect } from 'vitest';
import { Machine } from '../../../src/machine/machine.ts';
import { Kernel } from '../../../src/kernel/kernel.ts';
import { WINDOWS } from '../../../src/kernel/windows/personality.ts';
import { win32Program, nt, type Win32, type WGen, type OverlappedEntry } from '../../../src/win32/win32.ts';
import {
  AF_INET, SOCK_STREAM, IPPROTO_TCP, INVALID_HANDLE_VALUE, INFINITE, WAIT_TIMEOUT, WAIT_OBJECT_0, OVERLAPPED, OVERLAPPED_ENTRY,
  FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, FILE_SKIP_SET_EVENT_ON_HANDLE, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, ERROR_IO_PENDING, ERROR_INVALID_PARAMETER,
  ERROR_OPERATION_ABORTED, ERROR_NOT_FOUND, STATUS_CANCELLED, STATUS_CONNECTION_RESET, STATUS_INVALID_SYSTEM_SERVICE, WSAEINVAL, WSAENOTCONN, WSAECONNRESET, SD_SEND,
} from '../../../src/kernel/uapi/windows/index.ts';

type Rec = (v: unknown) => void;
const LOOPBACK = 0x7f000001;

/** Run one windows program to completion; returns what it recorded. */
function run(body: (c: Win32, rec: Rec) => WGen<void>, cores = 2): unknown[] {
  const got: unknown[] = [];
  const m = new Machine({ cores, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m, { personality: WINDOWS });
  m.probe.subscribe((e) => { if (e.kind === 'all_exited') m.halt('all exited'); });
  k.spawn(win32Program('iocp', function* (c) { yield* body(c, (v) => { got.push(v); }); return 0; }), ['iocp'], {});
  m.run(m.nsToCycles(30e9));
  const p = k.snapshot().procs[0]!;
  expect(p.exitStatus, p.stderr + k.klog.join('\n')).toBe(0);
  return got;
}

/** An OVERLAPPED in static memory, zeroed, with an optional hEvent. */
function* newOv(c: Win32, hEvent = 0): WGen<number> {
  const ov = c.proc.staticAlloc(OVERLAPPED.size, 16);
  const b = new Uint8Array(OVERLAPPED.size); new DataView(b.buffer).setBigInt64(OVERLAPPED.hEvent, BigInt(hEvent), true);
  yield* c.poke(ov, b);
  return ov;
}
/** GQCSEx without waiting (ms = 0 unless given): the entries, or the last error. */
function* gqcs(c: Win32, port: number, count = 8, ms = 0): WGen<OverlappedEntry[] | number> {
  const entries = c.proc.staticAlloc(count * OVERLAPPED_ENTRY.size, 16);
  const r = yield* c.GetQueuedCompletionStatusEx(port, entries, count, ms);
  return r === -1 ? c.GetLastError() : r;
}
const pkt = (key: number, overlapped: number, bytes: number, status = 0): OverlappedEntry => ({ key, overlapped, status, bytes });

let nextPort = 9000;
/**
 * A connected TCP pair over loopback the Windows way: a listener with a pending
 * AcceptEx, a bound client with ConnectEx. Both accepted and connecting sockets
 * are associated with `port` (keys 1 = server side, 2 = client side).
 */
function* tcpPair(c: Win32, port: number): WGen<{ srv: number; cli: number; ls: number }> {
  const p = nextPort++;
  const ls = yield* c.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  yield* c.bind(ls, { addr: LOOPBACK, port: p });
  yield* c.listen(ls, 16);
  const acc = yield* c.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const out = c.proc.staticAlloc(64);
  const aov = yield* newOv(c);
  const a = yield* c.AcceptEx(ls, acc, out, aov);
  if (a !== 0 || c.GetLastError() !== ERROR_IO_PENDING) throw new Error(`AcceptEx: ${a} ${c.GetLastError()}`);
  const cli = yield* c.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  yield* c.bind(cli, { addr: 0, port: 0 });
  const cov = yield* newOv(c);
  const r = yield* c.ConnectEx(cli, { addr: LOOPBACK, port: p }, cov);
  if (r === 0 && c.GetLastError() !== ERROR_IO_PENDING) throw new Error(`ConnectEx: ${c.GetLastError()}`);
  // Both complete once the handshake is done; no port is associated yet, so the OVERLAPPEDs tell.
  for (let i = 0; i < 100 && ((yield* c.WSAGetOverlappedResult(aov)) < 0 || (yield* c.WSAGetOverlappedResult(cov)) < 0); i++) yield* c.Sleep(1);
  yield* c.setsockopt(acc, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, ls);
  yield* c.CreateIoCompletionPort(acc, port, 1, 0);
  yield* c.CreateIoCompletionPort(cli, port, 2, 0);
  return { srv: acc, cli, ls };
}
function* sendStr(c: Win32, s: number, text: string, ov: number): WGen<number> {
  const buf = c.proc.staticAlloc(256);
  yield* c.poke(buf, new TextEncoder().encode(text));
  return yield* c.WSASend(s, buf, text.length, ov);
}

describe('IOCP: ports and associations (CreateIoCompletionPort)', () => {
  it('a new port is a handle; associating a socket returns the same port; a second association to another port fails with ERROR_INVALID_PARAMETER (1, 2)', () => {
    expect(run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      rec(port > 0 && port % 4 === 0);
      const s = yield* c.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
      rec((yield* c.CreateIoCompletionPort(s, port, 7, 0)) === port);
      const other = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      rec(yield* c.CreateIoCompletionPort(s, other, 8, 0));
      rec(c.GetLastError());
    })).toEqual([true, true, 0, ERROR_INVALID_PARAMETER]);
  });

  it('GetQueuedCompletionStatusEx with 0 ms on an empty port fails at once with WAIT_TIMEOUT (258) (11)', () => {
    expect(run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      rec(yield* gqcs(c, port));
    })).toEqual([WAIT_TIMEOUT]);
  });

  it('a finite timeout blocks that long, then fails with WAIT_TIMEOUT (12)', () => {
    expect(run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const t0 = yield* c.QueryPerformanceCounter();
      rec(yield* gqcs(c, port, 1, 20));
      const ms = ((yield* c.QueryPerformanceCounter()) - t0) / 3e6;
      rec(ms >= 20 && ms < 21);
    })).toEqual([WAIT_TIMEOUT, true]);
  });
});

describe('IOCP: packets (PostQueuedCompletionStatus, GetQueuedCompletionStatusEx)', () => {
  it('posted packets come back verbatim, in FIFO order, at most `count` per call, and the removed count says how many (10, 13)', () => {
    expect(run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      for (let i = 1; i <= 5; i++) yield* c.PostQueuedCompletionStatus(port, 100 + i, 10 * i, 0x1000 * i);
      rec(yield* gqcs(c, port, 3));
      rec(yield* gqcs(c, port, 3));
      rec(yield* gqcs(c, port, 3));
    })).toEqual([
      [pkt(10, 0x1000, 101), pkt(20, 0x2000, 102), pkt(30, 0x3000, 103)],
      [pkt(40, 0x4000, 104), pkt(50, 0x5000, 105)],
      WAIT_TIMEOUT,
    ]);
  });

  it('an INFINITE wait is ended by a packet another thread posts (13)', () => {
    expect(run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      yield* c.CreateThread(function* (t) { yield* t.Sleep(5); yield* t.PostQueuedCompletionStatus(port, 3, 0xee, 0); }, 0);
      const t0 = yield* c.QueryPerformanceCounter();
      rec(yield* gqcs(c, port, 4, INFINITE));
      rec(((yield* c.QueryPerformanceCounter()) - t0) / 3e6 >= 5);
    })).toEqual([[pkt(0xee, 0, 3)], true]);
  });

  it('waiting threads are released LIFO: the last to wait gets the packet', () => {
    expect(run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      for (const [name, delay] of [['A', 1], ['B', 2]] as const) {
        yield* c.CreateThread(function* (t) {
          yield* t.Sleep(delay);
          const entries = t.proc.staticAlloc(OVERLAPPED_ENTRY.size);
          const r = yield* t.GetQueuedCompletionStatusEx(port, entries, 1, INFINITE);
          rec(`${name}:${r === -1 ? 'fail' : r[0]!.key}`);
        }, 0);
      }
      yield* c.Sleep(10);
      yield* c.PostQueuedCompletionStatus(port, 0, 1, 0);
      yield* c.Sleep(10);
      yield* c.PostQueuedCompletionStatus(port, 0, 2, 0);
      yield* c.Sleep(10);
    })).toEqual(['B:1', 'A:2']);
  });

  it('NumberOfConcurrentThreads 1: while the thread that took a packet runs, the next stays queued for it, not for the other waiter', () => {
    const scenario = (concurrency: number) => run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, concurrency);
      for (const [name, delay] of [['A', 1], ['B', 2]] as const) {
        yield* c.CreateThread(function* (t) {
          yield* t.Sleep(delay);
          const entries = t.proc.staticAlloc(OVERLAPPED_ENTRY.size);
          for (;;) {
            const r = yield* t.GetQueuedCompletionStatusEx(port, entries, 1, 40);
            if (r === -1) return;
            rec(`${name}:${r[0]!.key}`);
            yield* t.spin(3e6 * 5); // 5 ms of work on the packet
          }
        }, 0);
      }
      yield* c.Sleep(10);
      yield* c.PostQueuedCompletionStatus(port, 0, 1, 0);
      yield* c.PostQueuedCompletionStatus(port, 0, 2, 0);
      yield* c.Sleep(100);
    });
    expect(scenario(1)).toEqual(['B:1', 'B:2']);
    // At 2, both waiters are released, one packet each (which of them runs first and takes the first is the scheduler's).
    expect(scenario(2).map((x) => String(x)[0]).sort()).toEqual(['A', 'B']);
  });
});

describe('IOCP: overlapped socket I/O (WSARecv, WSASend, AcceptEx, ConnectEx)', () => {
  it('AcceptEx pends until a client connects; ConnectEx on an unbound socket fails with WSAEINVAL (19, 20)', () => {
    expect(run(function* (c, rec) {
      const s = yield* c.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
      const ov = yield* newOv(c);
      rec(yield* c.ConnectEx(s, { addr: LOOPBACK, port: 9999 }, ov));
      rec(c.GetLastError());
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv, cli } = yield* tcpPair(c, port);
      rec(srv > 0 && cli > 0);
    })).toEqual([0, WSAEINVAL, true]);
  });

  it('a WSARecv with no data pends (ERROR_IO_PENDING, nothing to dequeue); the data arriving queues one packet with the key, the OVERLAPPED and the byte count, the buffer already filled (3, 4)', () => {
    let ovs: number[] = [];
    const got = run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv, cli } = yield* tcpPair(c, port);
      const ov = yield* newOv(c); const buf = c.proc.staticAlloc(64);
      rec(yield* c.WSARecv(srv, buf, 64, ov));
      rec(c.WSAGetLastError());
      rec(yield* gqcs(c, port));
      const sov = yield* newOv(c);
      rec(yield* sendStr(c, cli, 'hello', sov)); // a send that completes at once: 0, and its packet is queued all the same
      yield* c.Sleep(1);
      rec(yield* gqcs(c, port));
      rec(new TextDecoder().decode(yield* c.peek(buf, 5)));
      rec(yield* c.WSAGetOverlappedResult(ov));
      ovs = [ov, sov];
    });
    expect(got).toEqual([-1, ERROR_IO_PENDING, WAIT_TIMEOUT, 0, [pkt(2, ovs[1]!, 5), pkt(1, ovs[0]!, 5)], 'hello', 5]);
  });

  it('a WSARecv that finds data completes at once (0) and still queues its packet; with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS it queues none, while a pending one still does (5, 6)', () => {
    let ovs: number[] = [];
    const got = run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv, cli } = yield* tcpPair(c, port);
      yield* sendStr(c, cli, 'abc', yield* newOv(c));
      yield* c.Sleep(1);
      yield* gqcs(c, port); // the send's packet
      const buf = c.proc.staticAlloc(64);
      const ov1 = yield* newOv(c);
      rec(yield* c.WSARecv(srv, buf, 64, ov1));
      rec(yield* gqcs(c, port));
      rec(yield* c.SetFileCompletionNotificationModes(srv, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE));
      rec(yield* c.SetFileCompletionNotificationModes(cli, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
      yield* sendStr(c, cli, 'de', yield* newOv(c));
      yield* c.Sleep(1);
      const ov2 = yield* newOv(c);
      rec(yield* c.WSARecv(srv, buf, 64, ov2));
      rec(yield* c.WSAGetOverlappedResult(ov2));
      rec(yield* gqcs(c, port));
      const ov3 = yield* newOv(c);
      rec(yield* c.WSARecv(srv, buf, 64, ov3));
      yield* sendStr(c, cli, 'f', yield* newOv(c));
      yield* c.Sleep(1);
      rec(yield* gqcs(c, port));
      ovs = [ov1, ov3];
    });
    expect(got).toEqual([0, [pkt(1, ovs[0]!, 3)], 1, 1, 0, 2, WAIT_TIMEOUT, -1, [pkt(1, ovs[1]!, 1)]]);
  });

  it('a request that fails at once queues no packet: WSARecv on an unconnected socket is WSAENOTCONN (7)', () => {
    expect(run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const s = yield* c.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
      yield* c.CreateIoCompletionPort(s, port, 5, 0);
      const buf = c.proc.staticAlloc(16);
      rec(yield* c.WSARecv(s, buf, 16, yield* newOv(c)));
      rec(c.WSAGetLastError());
      rec(yield* gqcs(c, port));
    })).toEqual([-1, WSAENOTCONN, WAIT_TIMEOUT]);
  });

  it('the peer closing completes a pending WSARecv with 0 bytes and status 0 (8)', () => {
    let ov = 0;
    const got = run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv, cli } = yield* tcpPair(c, port);
      ov = yield* newOv(c);
      rec(yield* c.WSARecv(srv, c.proc.staticAlloc(16), 16, ov));
      yield* c.shutdown(cli, SD_SEND);
      yield* c.Sleep(1);
      rec(yield* gqcs(c, port));
    });
    expect(got).toEqual([-1, [pkt(1, ov, 0)]]);
  });

  it('the peer resetting completes a pending WSARecv with STATUS_CONNECTION_RESET: WSAECONNRESET from WSAGetOverlappedResult (9)', () => {
    let ov = 0;
    const got = run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv, cli } = yield* tcpPair(c, port);
      yield* sendStr(c, srv, 'unread', yield* newOv(c)); // the client closes with this unread: a reset, not a FIN
      yield* c.Sleep(1);
      yield* gqcs(c, port);
      ov = yield* newOv(c);
      rec(yield* c.WSARecv(srv, c.proc.staticAlloc(16), 16, ov));
      yield* c.closesocket(cli);
      yield* c.Sleep(1);
      rec(yield* gqcs(c, port));
      rec(yield* c.WSAGetOverlappedResult(ov));
      rec(c.WSAGetLastError());
    });
    expect(got).toEqual([-1, [pkt(1, ov, 0, STATUS_CONNECTION_RESET)], -1, WSAECONNRESET]);
  });

  it('CancelIoEx completes a pending request with STATUS_CANCELLED (ERROR_OPERATION_ABORTED from WSAGetOverlappedResult); with nothing pending it fails with ERROR_NOT_FOUND (14, 15)', () => {
    let ov = 0;
    const got = run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv } = yield* tcpPair(c, port);
      ov = yield* newOv(c);
      rec(yield* c.WSARecv(srv, c.proc.staticAlloc(16), 16, ov));
      rec(yield* c.CancelIoEx(srv, ov));
      rec(yield* gqcs(c, port));
      rec(yield* c.WSAGetOverlappedResult(ov));
      rec(c.WSAGetLastError());
      rec(yield* c.CancelIoEx(srv, ov));
      rec(c.GetLastError());
    });
    expect(got).toEqual([-1, 1, [pkt(1, ov, 0, STATUS_CANCELLED)], -1, ERROR_OPERATION_ABORTED, -1, ERROR_NOT_FOUND]);
  });

  it('closing a socket with a pending WSARecv completes it with STATUS_CANCELLED; the packet is still delivered (16)', () => {
    let ov = 0;
    const got = run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv } = yield* tcpPair(c, port);
      ov = yield* newOv(c);
      rec(yield* c.WSARecv(srv, c.proc.staticAlloc(16), 16, ov));
      rec(yield* c.closesocket(srv));
      rec(yield* gqcs(c, port));
    });
    expect(got).toEqual([-1, 0, [pkt(1, ov, 0, STATUS_CANCELLED)]]);
  });

  it('an OVERLAPPED whose hEvent has its low bit set queues no packet; the event is signalled (17, 18)', () => {
    expect(run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv, cli } = yield* tcpPair(c, port);
      const ev = yield* c.CreateEvent(true, false);
      const ov = yield* newOv(c, ev | 1);
      rec(yield* c.WSARecv(srv, c.proc.staticAlloc(16), 16, ov));
      rec(yield* c.WaitForSingleObject(ev, 0));
      yield* sendStr(c, cli, 'xyz', yield* newOv(c, ev | 1));
      rec(yield* c.WaitForSingleObject(ev, 100));
      rec(yield* c.WSAGetOverlappedResult(ov));
      rec(yield* gqcs(c, port));
    })).toEqual([-1, WAIT_TIMEOUT, WAIT_OBJECT_0, 3, WAIT_TIMEOUT]);
  });

  it('a zero-byte WSARecv completes when data arrives and leaves the data unread (21)', () => {
    let ov = 0;
    const got = run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv, cli } = yield* tcpPair(c, port);
      const buf = c.proc.staticAlloc(16);
      ov = yield* newOv(c);
      rec(yield* c.WSARecv(srv, buf, 0, ov));
      yield* c.SetFileCompletionNotificationModes(cli, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
      yield* sendStr(c, cli, 'data', yield* newOv(c));
      yield* c.Sleep(1);
      rec(yield* gqcs(c, port));
      const ov2 = yield* newOv(c);
      rec(yield* c.WSARecv(srv, buf, 16, ov2));
      rec(yield* c.WSAGetOverlappedResult(ov2));
    });
    expect(got).toEqual([-1, [pkt(1, ov, 0)], 0, 4]);
  });

  it('a read and a write outstanding on one socket complete independently, each with its own OVERLAPPED (22)', () => {
    let ovs: number[] = [];
    const got = run(function* (c, rec) {
      const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
      const { srv, cli } = yield* tcpPair(c, port);
      const rov = yield* newOv(c); const wov = yield* newOv(c);
      rec(yield* c.WSARecv(srv, c.proc.staticAlloc(16), 16, rov));
      rec(yield* sendStr(c, srv, 'ping', wov));
      yield* c.Sleep(1);
      rec(yield* gqcs(c, port));
      yield* sendStr(c, cli, 'pong!', yield* newOv(c));
      yield* c.Sleep(1);
      const got2 = yield* gqcs(c, port);
      rec(Array.isArray(got2) ? got2.filter((e) => e.key === 1) : got2);
      ovs = [rov, wov];
    });
    expect(got).toEqual([-1, 0, [pkt(1, ovs[1]!, 4)], [pkt(1, ovs[0]!, 5)]]);
  });
});

describe('windows has no readiness API', () => {
  it("Linux's epoll_create1 (291) is not an NT service: STATUS_INVALID_SYSTEM_SERVICE", () => {
    expect(run(function* (_c, rec) { rec(yield* nt(291, 0)); })).toEqual([STATUS_INVALID_SYSTEM_SERVICE]);
  });
});
