// AFD, the Ancillary Function Driver: what a Winsock socket is underneath. ws2_32
// opens \Device\Afd\Endpoint (NtCreateFile) and sends it requests with
// NtDeviceIoControlFile — bind, listen, accept, connect, receive, send — over the
// shared TCP stack here. Every request is an IRP with an I/O status block and an
// ApcContext (the caller's OVERLAPPED): it completes at once (the service
// returns its status and fills the IOSB) or returns STATUS_PENDING and completes
// later, from the socket's wake-up, when data, space, a connection or an error
// arrives. A completion writes the IOSB into the caller's OVERLAPPED, signals
// the request's event, and queues a packet to the port the socket is associated
// with (iocp.ts) — for a synchronous success only unless the socket skips those
// (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS); a synchronous failure queues nothing.
//
// The buffers of a pending request belong to the kernel until it completes: a
// receive copies into them at completion. Requests of one kind on a socket
// complete in the order they were issued. CancelIoEx and the close of the last
// handle complete pending requests with STATUS_CANCELLED (ERROR_OPERATION_ABORTED).

import type { Kernel } from '../kernel.ts';
import type { Process, Thread } from '../proc.ts';
import type { File } from '../file.ts';
import { Waiter } from '../waitqueue.ts';
import { InetSocket } from '../net/socket.ts';
import { coreSyscall } from '../syscall.ts';
import { COSTS } from '../../machine/costs.ts';
import * as E from '../uapi/errno.ts';
import { O_NONBLOCK, SOCK_STREAM, IPPROTO_TCP, SHUT_RD, SHUT_WR, SHUT_RDWR, EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP } from '../uapi/flags.ts';
import { encodeSockaddrIn } from '../uapi/structs.ts';
import * as S from '../uapi/windows/ntstatus.ts';
import * as W from '../uapi/windows/flags.ts';
import { EventObject, objectOf, indexHandle, handleIndex } from './object.ts';
import type { IoCompletion } from './iocp.ts';

// --- a file's completion state (any file, not only sockets) -------------------------------

/** The completion context of a file object (FILE_OBJECT.CompletionContext) and its notification modes. */
export interface IoState { port: IoCompletion | null; key: number; skipPort: boolean; skipEvent: boolean }
const ioStates = new WeakMap<File, IoState>();
export function ioState(f: File): IoState {
  let s = ioStates.get(f);
  if (s === undefined) { s = { port: null, key: 0, skipPort: false, skipEvent: false }; ioStates.set(f, s); }
  return s;
}
export function peekIoState(f: File): IoState | undefined { return ioStates.get(f); }

// --- requests ------------------------------------------------------------------------------

type OpKind = 'recv' | 'send' | 'accept' | 'connect';

/** A pending IRP on a socket. */
interface Op {
  kind: OpKind;
  proc: Process;
  /** The request's ApcContext (the OVERLAPPED) and IO_STATUS_BLOCK addresses. */
  apc: number;
  iosb: number;
  event: EventObject | null;
  /** recv: the WSABUFs to fill; send: the bytes still to go. */
  bufs: { addr: number; len: number }[];
  total: number;
  peek: boolean;
  data: Uint8Array | null;
  sent: number;
  /** accept: the socket the connection goes to (by its handle's table index), and the output buffer. */
  acceptSock: File | null;
  acceptIdx: number;
  out: number;
  localLen: number;
  remoteLen: number;
}

/** The AFD endpoint's pending requests, by kind, each in issue order. */
interface Endpoint { queues: Record<OpKind, Op[]>; waiter: Waiter | null; busy: boolean }
const endpoints = new WeakMap<InetSocket, Endpoint>();
function endpoint(s: InetSocket): Endpoint {
  let e = endpoints.get(s);
  if (e === undefined) { e = { queues: { recv: [], send: [], accept: [], connect: [] }, waiter: null, busy: false }; endpoints.set(s, e); }
  return e;
}

/** The NTSTATUS a core errno becomes (AFD's translation of TDI/TCP errors). */
export function statusOfErrno(e: number): number {
  switch (e) {
    case E.EBADF: return S.STATUS_INVALID_HANDLE;
    case E.EINVAL: return S.STATUS_INVALID_PARAMETER;
    case E.EFAULT: return S.STATUS_ACCESS_VIOLATION;
    case E.ENOMEM: case E.ENOBUFS: return S.STATUS_INSUFFICIENT_RESOURCES;
    case E.EMFILE: case E.ENFILE: return S.STATUS_TOO_MANY_OPENED_FILES;
    case E.EADDRINUSE: return S.STATUS_ADDRESS_ALREADY_EXISTS;
    case E.EADDRNOTAVAIL: return S.STATUS_INVALID_ADDRESS_COMPONENT;
    case E.ECONNREFUSED: return S.STATUS_CONNECTION_REFUSED;
    case E.ECONNRESET: return S.STATUS_CONNECTION_RESET;
    case E.ECONNABORTED: return S.STATUS_CONNECTION_ABORTED;
    case E.EPIPE: return S.STATUS_LOCAL_DISCONNECT;
    case E.ENOTCONN: return S.STATUS_INVALID_CONNECTION;
    case E.EISCONN: case E.EALREADY: return S.STATUS_CONNECTION_ACTIVE;
    case E.ETIMEDOUT: return S.STATUS_IO_TIMEOUT;
    case E.EHOSTUNREACH: return S.STATUS_HOST_UNREACHABLE;
    case E.ENETUNREACH: return S.STATUS_NETWORK_UNREACHABLE;
    case E.EOPNOTSUPP: case E.EAFNOSUPPORT: case E.EPROTONOSUPPORT: return S.STATUS_NOT_SUPPORTED;
    case E.ENOSYS: return S.STATUS_NOT_IMPLEMENTED;
    default: return S.STATUS_UNSUCCESSFUL;
  }
}
/** A core handler's result as a status: a non-negative value is success. */
function st(r: number): number { return r >= 0 ? S.STATUS_SUCCESS : statusOfErrno(-r); }

const u64 = new Uint8Array(16);
const u64v = new DataView(u64.buffer);

/**
 * IoCompleteRequest: the IOSB into the caller's memory, the event, and a packet to the
 * port. `sync` says the service itself is returning this status (no STATUS_PENDING).
 */
function complete(k: Kernel, f: File, op: Op, status: number, info: number, sync: boolean): void {
  if (op.iosb !== 0) {
    u64v.setBigUint64(0, BigInt(status >>> 0), true); u64v.setBigUint64(8, BigInt(info), true);
    op.proc.mm.copyOut(op.iosb, u64);
  }
  const io = peekIoState(f);
  if (op.event !== null && !(sync && io?.skipEvent === true && S.NT_SUCCESS(status))) op.event.set(k);
  if (sync && !S.NT_SUCCESS(status)) return; // a request that fails at once queues no packet
  if (io === undefined || io.port === null || op.apc === 0) return;
  if (sync && io.skipPort) return;
  io.port.queue(k, { key: io.key, apc: op.apc, status: status >>> 0, info });
}

interface Done { status: number; info: number }

// --- trying a request ------------------------------------------------------------------------

function tryRecv(k: Kernel, s: InetSocket, op: Op): Done | null {
  const sk = s.sk;
  if (sk.state === 'LISTEN') return { status: S.STATUS_INVALID_CONNECTION, info: 0 };
  const have = sk.rcvQ.length;
  if (have > 0) {
    if (op.total === 0) return { status: S.STATUS_SUCCESS, info: 0 }; // a zero-byte read: data is there, none taken
    const data = sk.recv(op.total, op.peek);
    let off = 0;
    for (const b of op.bufs) {
      if (off >= data.length) break;
      const n = Math.min(b.len, data.length - off);
      if (op.proc.mm.copyOut(b.addr, data.subarray(off, off + n)) < 0) return { status: S.STATUS_ACCESS_VIOLATION, info: 0 };
      off += n;
    }
    k.core.chargeKernel(Math.ceil(data.length * COSTS.copyPerByte.cycles));
    return { status: S.STATUS_SUCCESS, info: data.length };
  }
  if (sk.peerFin) return { status: S.STATUS_SUCCESS, info: 0 }; // graceful close: 0 bytes
  if (sk.err !== 0) { const e = sk.err; sk.err = 0; return { status: statusOfErrno(e), info: 0 }; } // a reset
  if (sk.shutRd) return { status: S.STATUS_SUCCESS, info: 0 };
  if (sk.state === 'CLOSED') return { status: S.STATUS_INVALID_CONNECTION, info: 0 };
  return null;
}

function trySend(k: Kernel, s: InetSocket, op: Op): Done | null {
  const sk = s.sk;
  if (sk.err !== 0) { const e = sk.err; sk.err = 0; return { status: statusOfErrno(e), info: op.sent }; }
  if (sk.shutWr) return { status: S.STATUS_LOCAL_DISCONNECT, info: op.sent };
  if (!sk.connected) return sk.state === 'SYN_SENT' ? null : { status: S.STATUS_INVALID_CONNECTION, info: 0 };
  const data = op.data!;
  if (op.sent < data.length) op.sent += sk.send(op.sent === 0 ? data : data.subarray(op.sent));
  void k;
  return op.sent === data.length ? { status: S.STATUS_SUCCESS, info: op.sent } : null;
}

function tryAccept(k: Kernel, s: InetSocket, op: Op): Done | null {
  const child = s.sk.accept();
  if (child === null) return null;
  const fds = op.proc.fds;
  const target = fds.get(op.acceptIdx);
  const f = InetSocket.accepted(s.net, child, O_NONBLOCK);
  if (target !== op.acceptSock) {
    // The accept socket's handle was closed meanwhile: the connection goes back to the queue.
    child.owner = null; s.sk.unaccept(child); f.discard();
    return { status: S.STATUS_INVALID_HANDLE, info: 0 };
  }
  // The connection takes the accept socket's place behind its handle; its port association moves with it.
  const io = peekIoState(op.acceptSock!);
  if (io !== undefined) ioStates.set(f, io);
  fds.installAt(k, op.acceptIdx, f, false);
  k.core.chargeKernel(COSTS.sockAccept.cycles);
  if (op.out !== 0) {
    const local = encodeSockaddrIn({ family: W.AF_INET, port: child.lport, addr: child.laddr });
    const remote = encodeSockaddrIn({ family: W.AF_INET, port: child.rport, addr: child.raddr });
    if (op.proc.mm.copyOut(op.out, local) < 0 || op.proc.mm.copyOut(op.out + op.localLen, remote) < 0) return { status: S.STATUS_ACCESS_VIOLATION, info: 0 };
  }
  return { status: S.STATUS_SUCCESS, info: 0 };
}

function tryConnect(_k: Kernel, s: InetSocket): Done | null {
  const sk = s.sk;
  if (sk.connected) { s.connectPending = false; return { status: S.STATUS_SUCCESS, info: 0 }; }
  if (sk.err !== 0) { const e = sk.err; sk.err = 0; s.connectPending = false; return { status: statusOfErrno(e), info: 0 }; }
  if (sk.state === 'SYN_SENT') return null;
  s.connectPending = false;
  return { status: S.STATUS_CONNECTION_REFUSED, info: 0 };
}

function attempt(k: Kernel, s: InetSocket, op: Op): Done | null {
  switch (op.kind) {
    case 'recv': return tryRecv(k, s, op);
    case 'send': return trySend(k, s, op);
    case 'accept': return tryAccept(k, s, op);
    case 'connect': return tryConnect(k, s);
  }
}

/** The socket's wake-up (its poll wait queue, as epoll hooks in): complete what can complete, oldest first. */
function afdPoll(k: Kernel, s: InetSocket, key: number): void {
  const ep = endpoints.get(s);
  if (ep === undefined || ep.busy) return;
  ep.busy = true;
  try {
    const rd = key === 0 || (key & (EPOLLIN | EPOLLERR | EPOLLHUP)) !== 0;
    const wr = key === 0 || (key & (EPOLLOUT | EPOLLERR | EPOLLHUP)) !== 0;
    if (rd) { drain(k, s, ep.queues.recv); drain(k, s, ep.queues.accept); }
    if (wr) { drain(k, s, ep.queues.connect); drain(k, s, ep.queues.send); }
  } finally { ep.busy = false; }
}

function drain(k: Kernel, s: InetSocket, q: Op[]): void {
  while (q.length > 0) {
    const op = q[0]!;
    const d = attempt(k, s, op);
    if (d === null) return;
    q.shift();
    complete(k, s, op, d.status, d.info, false);
  }
}

/** Queue a pending request, hooking the endpoint into the socket's wake-ups on its first. */
function pend(s: InetSocket, op: Op): number {
  const ep = endpoint(s);
  if (ep.waiter === null) {
    ep.waiter = new Waiter(null, (_w, key) => { afdPoll(kernelOf(s), s, key); return false; }, false, 0);
    s.pollWait.add(ep.waiter);
  }
  ep.queues[op.kind].push(op);
  return S.STATUS_PENDING;
}
/** The kernel a socket belongs to (its stack's). */
function kernelOf(s: InetSocket): Kernel { return s.net.k; }

/** Issue: complete at once if the request can, else leave it pending (only behind requests of its kind issued before it). */
function issue(k: Kernel, s: InetSocket, op: Op): number {
  const ep = endpoints.get(s);
  if (ep === undefined || ep.queues[op.kind].length === 0) {
    const d = attempt(k, s, op);
    if (d !== null) { complete(k, s, op, d.status, d.info, true); return d.status; }
  }
  return pend(s, op);
}

/** CancelIoEx / the close of the last handle: complete matching pending requests of `p` with STATUS_CANCELLED; how many. */
export function afdCancel(k: Kernel, f: File, p: Process | null, iosb: number): number {
  if (!(f instanceof InetSocket)) return 0;
  const ep = endpoints.get(f);
  if (ep === undefined) return 0;
  let n = 0;
  for (const kind of ['recv', 'send', 'accept', 'connect'] as const) {
    const q = ep.queues[kind];
    for (let i = 0; i < q.length;) {
      const op = q[i]!;
      if ((p === null || op.proc === p) && (iosb === 0 || op.iosb === iosb)) { q.splice(i, 1); complete(k, f, op, S.STATUS_CANCELLED, kind === 'send' ? op.sent : 0, false); n++; } else i++;
    }
  }
  return n;
}

/** The last handle to a socket is going: its pending requests are cancelled and it leaves the socket's wake-ups. */
export function afdCleanup(k: Kernel, f: File): void {
  if (!(f instanceof InetSocket)) return;
  afdCancel(k, f, null, 0);
  const ep = endpoints.get(f);
  if (ep?.waiter) { f.pollWait.remove(ep.waiter); ep.waiter = null; }
}

// --- the device: NtCreateFile and NtDeviceIoControlFile ---------------------------------------------

const coreSocket = coreSyscall('socket');
const coreBind = coreSyscall('bind');
const coreListen = coreSyscall('listen');
const coreConnect = coreSyscall('connect');

/** NtCreateFile of \Device\Afd\Endpoint: a socket from the AFD_OPEN_PACKET {family, type, protocol}; its handle or a status. */
export function afdCreate(k: Kernel, t: Thread, ea: number, eaLen: number): { handle: number } | number {
  if (eaLen < W.AFD_OPEN_PACKET.size) return S.STATUS_INVALID_PARAMETER;
  const b = t.proc.mm.copyIn(ea, W.AFD_OPEN_PACKET.size);
  if (typeof b === 'number') return S.STATUS_ACCESS_VIOLATION;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const family = dv.getInt32(W.AFD_OPEN_PACKET.family, true); const type = dv.getInt32(W.AFD_OPEN_PACKET.type, true);
  const protocol = dv.getInt32(W.AFD_OPEN_PACKET.protocol, true);
  if (family !== W.AF_INET) return S.STATUS_NOT_SUPPORTED; // WSAEAFNOSUPPORT
  if (type !== SOCK_STREAM || (protocol !== 0 && protocol !== IPPROTO_TCP)) return S.STATUS_NOT_SUPPORTED;
  // Every AFD endpoint is non-blocking underneath: AFD pends requests itself.
  const r = coreSocket(k, t, family, type | 0x800 /* SOCK_NONBLOCK */, protocol, 0, 0, 0) as number;
  if (r < 0) return statusOfErrno(-r);
  return { handle: indexHandle(r) };
}

function readU32(t: Thread, a: number): number { const b = t.proc.mm.copyIn(a, 4); return typeof b === 'number' ? -1 : new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true); }

/** The WSABUF array of a receive or send. */
function readBufs(t: Thread, arr: number, count: number): { addr: number; len: number }[] | number {
  if (count < 1 || count > 1024) return S.STATUS_INVALID_PARAMETER;
  const b = t.proc.mm.copyIn(arr, count * W.WSABUF.size);
  if (typeof b === 'number') return S.STATUS_ACCESS_VIOLATION;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: { addr: number; len: number }[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * W.WSABUF.size;
    const len = dv.getUint32(o + W.WSABUF.len, true); const addr = Number(dv.getBigUint64(o + W.WSABUF.buf, true));
    if (len > 0 && !t.proc.mm.accessOk(addr, len, true)) return S.STATUS_ACCESS_VIOLATION;
    out.push({ addr, len });
  }
  return out;
}

function newOp(kind: OpKind, t: Thread, apc: number, iosb: number, event: EventObject | null): Op {
  return { kind, proc: t.proc, apc, iosb, event, bufs: [], total: 0, peek: false, data: null, sent: 0, acceptSock: null, acceptIdx: -1, out: 0, localLen: 0, remoteLen: 0 };
}

/**
 * NtDeviceIoControlFile on an AFD endpoint: the request `code` with its input and
 * output buffers; STATUS_PENDING, or the final status of a request that completed.
 */
export function afdIoctl(k: Kernel, t: Thread, h: number, s: InetSocket, event: EventObject | null, apc: number, iosb: number,
  code: number, inp: number, inLen: number, out: number, outLen: number): number {
  k.core.chargeKernel(COSTS.sockCall.cycles);
  const fd = handleIndex(h);
  if (event !== null) event.state = false; // the I/O manager resets the request's event before it starts
  switch (code) {
    case W.IOCTL_AFD_RECV: case W.IOCTL_AFD_SEND: {
      if (inLen < W.AFD_RECV_INFO.size) return S.STATUS_INVALID_PARAMETER;
      const b = t.proc.mm.copyIn(inp, W.AFD_RECV_INFO.size);
      if (typeof b === 'number') return S.STATUS_ACCESS_VIOLATION;
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const bufs = readBufs(t, Number(dv.getBigUint64(W.AFD_RECV_INFO.BufferArray, true)), dv.getUint32(W.AFD_RECV_INFO.BufferCount, true));
      if (typeof bufs === 'number') return bufs;
      const op = newOp(code === W.IOCTL_AFD_RECV ? 'recv' : 'send', t, apc, iosb, event);
      op.bufs = bufs; op.total = bufs.reduce((a, x) => a + x.len, 0);
      op.peek = (dv.getUint32(W.AFD_RECV_INFO.TdiFlags, true) & W.TDI_RECEIVE_PEEK) !== 0;
      if (op.kind === 'send') {
        // AFD buffers a send: the bytes are copied in when it is issued.
        const data = new Uint8Array(op.total); let off = 0;
        for (const x of bufs) {
          const d = t.proc.mm.copyIn(x.addr, x.len);
          if (typeof d === 'number') return S.STATUS_ACCESS_VIOLATION;
          data.set(d, off); off += x.len;
        }
        k.core.chargeKernel(Math.ceil(op.total * COSTS.copyPerByte.cycles));
        op.data = data;
      }
      return issue(k, s, op);
    }
    case W.IOCTL_AFD_SUPER_ACCEPT: {
      if (inLen < W.AFD_SUPER_ACCEPT_INFO.size) return S.STATUS_INVALID_PARAMETER;
      const b = t.proc.mm.copyIn(inp, W.AFD_SUPER_ACCEPT_INFO.size);
      if (typeof b === 'number') return S.STATUS_ACCESS_VIOLATION;
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      if (s.sk.state !== 'LISTEN') return S.STATUS_INVALID_PARAMETER; // WSAEINVAL: the listening socket is not listening
      const ah = Number(dv.getBigUint64(W.AFD_SUPER_ACCEPT_INFO.AcceptHandle, true));
      const acc = objectOf(t, ah);
      if (!(acc instanceof InetSocket)) return S.STATUS_INVALID_HANDLE;
      if (acc.bound || acc.sk.state !== 'CLOSED') return S.STATUS_INVALID_PARAMETER; // the accept socket must be fresh
      const recvLen = dv.getUint32(W.AFD_SUPER_ACCEPT_INFO.ReceiveLength, true);
      if (recvLen !== 0) return S.STATUS_NOT_SUPPORTED; // AcceptEx that also waits for the first data is not modelled
      const localLen = dv.getUint32(W.AFD_SUPER_ACCEPT_INFO.LocalAddressLength, true); const remoteLen = dv.getUint32(W.AFD_SUPER_ACCEPT_INFO.RemoteAddressLength, true);
      if (localLen < W.sockaddr_in.size + 16 || remoteLen < W.sockaddr_in.size + 16) return S.STATUS_BUFFER_TOO_SMALL;
      const op = newOp('accept', t, apc, iosb, event);
      op.acceptSock = acc; op.acceptIdx = handleIndex(ah);
      op.out = Number(dv.getBigUint64(W.AFD_SUPER_ACCEPT_INFO.OutputBuffer, true)); op.localLen = localLen; op.remoteLen = remoteLen;
      if (op.out !== 0 && !t.proc.mm.accessOk(op.out, localLen + remoteLen, true)) return S.STATUS_ACCESS_VIOLATION;
      return issue(k, s, op);
    }
    case W.IOCTL_AFD_SUPER_CONNECT: {
      if (!s.bound) return S.STATUS_INVALID_PARAMETER; // ConnectEx needs a bound socket (WSAEINVAL)
      if (s.sk.state !== 'CLOSED' || s.connectPending) return S.STATUS_CONNECTION_ACTIVE;
      const r = coreConnect(k, t, fd, inp, inLen, 0, 0, 0) as number;
      if (r !== -E.EINPROGRESS && r < 0) return statusOfErrno(-r);
      return issue(k, s, newOp('connect', t, apc, iosb, event));
    }
    case W.IOCTL_AFD_BIND: return st(coreBind(k, t, fd, inp, inLen, 0, 0, 0) as number);
    case W.IOCTL_AFD_START_LISTEN: {
      const backlog = readU32(t, inp);
      if (backlog < 0) return S.STATUS_ACCESS_VIOLATION;
      return st(coreListen(k, t, fd, backlog > 0x7fffffff ? 0x7fffffff : backlog, 0, 0, 0, 0) as number);
    }
    case W.IOCTL_AFD_GET_SOCK_NAME: case W.IOCTL_AFD_GET_PEER_NAME: {
      if (outLen < W.sockaddr_in.size) return S.STATUS_BUFFER_TOO_SMALL;
      const peer = code === W.IOCTL_AFD_GET_PEER_NAME;
      if (peer && !s.sk.connected && s.sk.state !== 'CLOSE_WAIT') return S.STATUS_INVALID_CONNECTION;
      const sa = peer ? { family: W.AF_INET, port: s.sk.rport, addr: s.sk.raddr }
        : { family: W.AF_INET, port: s.lport, addr: s.sk.laddr !== 0 ? s.sk.laddr : s.laddr };
      return t.proc.mm.copyOut(out, encodeSockaddrIn(sa)) < 0 ? S.STATUS_ACCESS_VIOLATION : S.STATUS_SUCCESS;
    }
    case W.IOCTL_AFD_SET_CONTEXT: return S.STATUS_SUCCESS; // SO_UPDATE_ACCEPT_CONTEXT / _CONNECT_CONTEXT: the helper DLL's context, nothing AFD keeps
    case W.IOCTL_AFD_SET_INFO: case W.IOCTL_AFD_GET_INFO: {
      const b = t.proc.mm.copyIn(inp, W.AFD_INFO.size);
      if (typeof b === 'number') return S.STATUS_ACCESS_VIOLATION;
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const cls = dv.getUint32(W.AFD_INFO.InformationClass, true);
      if (code === W.IOCTL_AFD_SET_INFO) {
        if (cls !== W.AFD_INFO_REUSEADDR) return S.STATUS_INVALID_PARAMETER;
        s.reuseAddr = dv.getUint32(W.AFD_INFO.Value, true) !== 0;
        return S.STATUS_SUCCESS;
      }
      let v: number;
      if (cls === W.AFD_INFO_SO_ERROR) { v = s.sk.err; s.sk.err = 0; } else if (cls === W.AFD_INFO_REUSEADDR) v = s.reuseAddr ? 1 : 0; else return S.STATUS_INVALID_PARAMETER;
      const o = new Uint8Array(W.AFD_INFO.size); const ov = new DataView(o.buffer);
      ov.setUint32(W.AFD_INFO.InformationClass, cls, true); ov.setUint32(W.AFD_INFO.Value, v === 0 ? 0 : statusOfErrno(v), true);
      return t.proc.mm.copyOut(out, o) < 0 ? S.STATUS_ACCESS_VIOLATION : S.STATUS_SUCCESS;
    }
    case W.IOCTL_AFD_DISCONNECT: {
      const how = readU32(t, inp);
      const rd = (how & W.AFD_DISCONNECT_RECV) !== 0; const wr = (how & W.AFD_DISCONNECT_SEND) !== 0;
      if (!rd && !wr) return S.STATUS_INVALID_PARAMETER;
      const r = s.shutdown(k, t, rd && wr ? SHUT_RDWR : rd ? SHUT_RD : SHUT_WR);
      return st(r as number);
    }
    default: return S.STATUS_INVALID_DEVICE_REQUEST;
  }
}

