// echo-iocp: the echo server written against Windows' I/O completion ports, one
// worker thread (the port's concurrency is 1). Nothing asks whether a socket is
// ready: the program starts operations and the port says when they are done.
// AcceptEx calls are posted ahead on the listener, each with a socket made for
// it; a completed accept gets its connection associated with the port (the key
// is the connection's slot) and a WSARecv posted. A completed receive posts the
// WSASend of what it got, a completed send the next WSARecv; a receive of 0 bytes
// (the peer closed) or an error closes the socket — only once no operation on it
// is outstanding, since the kernel owns an OVERLAPPED and its buffer until its
// packet is dequeued. Every operation here completes with a packet, even one that
// finishes at once (the sockets do not skip them).
// Usage: echo-iocp [port=8080] [backlog=4096]
import { win32Program } from '../../win32/win32.ts';
import {
  AF_INET, SOCK_STREAM, IPPROTO_TCP, INADDR_ANY, INVALID_HANDLE_VALUE, INFINITE, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT,
  OVERLAPPED, OVERLAPPED_ENTRY, ERROR_IO_PENDING,
} from '../../kernel/uapi/windows/index.ts';

const BUFSZ = 2048;
const MAXEVENTS = 256;
/** AcceptEx calls kept posted on the listener. */
const ACCEPTS = 64;
/** A slot: the buffer, then the receive's and the send's OVERLAPPED. */
const SLOT = BUFSZ + 2 * OVERLAPPED.size;
const SLAB = 64 * 1024;
const LISTEN_KEY = 0;

interface Conn { s: number; base: number; recvOv: number; sendOv: number; closing: boolean; busy: boolean }
interface Accept { s: number; out: number; ov: number }

export default win32Program('echo-iocp', function* main(c, argv) {
  const portNo = Number(argv[1] ?? 8080);
  const backlog = Number(argv[2] ?? 4096);
  yield* c.WSAStartup();
  const ls = yield* c.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (ls < 0) { yield* c.perror('WSASocket'); return 1; }
  if ((yield* c.bind(ls, { addr: INADDR_ANY, port: portNo })) < 0) { yield* c.perror('bind'); return 1; }
  if ((yield* c.listen(ls, backlog)) < 0) { yield* c.perror('listen'); return 1; }
  const port = yield* c.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 1);
  if (port === 0 || (yield* c.CreateIoCompletionPort(ls, port, LISTEN_KEY, 0)) === 0) { yield* c.perror('CreateIoCompletionPort'); return 1; }

  // Slots of memory for connections and accepts, from VirtualAlloc'd slabs.
  const free: number[] = [];
  function* slot(): Generator<any, number, any> {
    if (free.length === 0) {
      const slab = yield* c.VirtualAlloc(SLAB);
      if (slab < 0) return -1;
      for (let a = slab; a + SLOT <= slab + SLAB; a += SLOT) free.push(a);
    }
    return free.pop()!;
  }
  const zeroOv = new Uint8Array(OVERLAPPED.size);
  const conns: (Conn | null)[] = [];
  const freeKeys: number[] = [];
  const accepts = new Map<number, Accept>(); // by OVERLAPPED

  /** AcceptEx with a fresh socket on the listener; the connection will complete to the port under LISTEN_KEY. */
  function* postAccept(): Generator<any, boolean, any> {
    const s = yield* c.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s < 0) return false;
    const base = yield* slot();
    const a: Accept = { s, out: base, ov: base + BUFSZ };
    yield* c.poke(a.ov, zeroOv);
    accepts.set(a.ov, a);
    if ((yield* c.AcceptEx(ls, s, a.out, a.ov)) === 0 && c.GetLastError() !== ERROR_IO_PENDING) {
      accepts.delete(a.ov); free.push(base); yield* c.closesocket(s);
      return false;
    }
    return true;
  }
  /** Post the next WSARecv into the connection's buffer. */
  function* postRecv(cn: Conn): Generator<any, boolean, any> {
    yield* c.poke(cn.recvOv, zeroOv);
    cn.busy = true;
    if ((yield* c.WSARecv(cn.s, cn.base, BUFSZ, cn.recvOv)) !== 0 && c.WSAGetLastError() !== ERROR_IO_PENDING) { cn.busy = false; return false; }
    return true;
  }
  function* closeConn(key: number, cn: Conn): Generator<any, void, any> {
    yield* c.closesocket(cn.s);
    conns[key] = null; freeKeys.push(key); free.push(cn.base);
  }

  for (let i = 0; i < ACCEPTS; i++) if (!(yield* postAccept())) { yield* c.perror('AcceptEx'); return 1; }
  const entries = yield* c.VirtualAlloc(MAXEVENTS * OVERLAPPED_ENTRY.size);

  for (;;) {
    const evs = yield* c.GetQueuedCompletionStatusEx(port, entries, MAXEVENTS, INFINITE);
    if (evs === -1) { yield* c.perror('GetQueuedCompletionStatusEx'); return 1; }
    for (const e of evs) {
      if (e.key === LISTEN_KEY) {
        const a = accepts.get(e.overlapped)!;
        accepts.delete(e.overlapped);
        yield* postAccept();
        if (e.status !== 0) { yield* c.closesocket(a.s); free.push(a.out); continue; }
        // The accepted socket takes the accept's memory as its connection slot.
        yield* c.setsockopt(a.s, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, ls);
        const key = freeKeys.pop() ?? conns.length + 1;
        const cn: Conn = { s: a.s, base: a.out, recvOv: a.out + BUFSZ, sendOv: a.out + BUFSZ + OVERLAPPED.size, closing: false, busy: false };
        conns[key] = cn;
        if ((yield* c.CreateIoCompletionPort(cn.s, port, key, 0)) === 0 || !(yield* postRecv(cn))) yield* closeConn(key, cn);
        continue;
      }
      const cn = conns[e.key];
      if (cn === null || cn === undefined) continue;
      cn.busy = false;
      if (e.overlapped === cn.recvOv) {
        if (e.status !== 0 || e.bytes === 0) { yield* closeConn(e.key, cn); continue; }
        yield* c.poke(cn.sendOv, zeroOv);
        cn.busy = true;
        if ((yield* c.WSASend(cn.s, cn.base, e.bytes, cn.sendOv)) !== 0 && c.WSAGetLastError() !== ERROR_IO_PENDING) yield* closeConn(e.key, cn);
      } else if (e.overlapped === cn.sendOv) {
        if (e.status !== 0 || !(yield* postRecv(cn))) yield* closeConn(e.key, cn);
      }
    }
  }
});

