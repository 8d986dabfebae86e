// The socket system calls (net/socket.c, net/ipv4/af_inet.c, inet_connection_sock.c):
// socket, bind, listen, accept/accept4, connect, setsockopt/getsockopt,
// getsockname/getpeername (sendto, recvfrom and shutdown are generic: socket-file.ts). Addresses cross the boundary
// as struct sockaddr_in in user memory, copied in and out (EFAULT on a bad
// pointer); address lengths are value-result socklen_t, as in Linux.

import type { Kernel } from '../kernel.ts';
import { defineSyscall } from '../syscall.ts';
import { fdget, type SysResult } from '../file.ts';
import { Wake, type Thread } from '../proc.ts';
import { COSTS } from '../../machine/costs.ts';
import * as E from '../uapi/errno.ts';
import {
  AF_INET, AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOCK_TYPE_MASK, SOCK_NONBLOCK, SOCK_CLOEXEC, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_IP,
  SOL_SOCKET, SO_REUSEADDR, SO_ERROR, SO_TYPE, SO_RCVBUF, SO_SNDBUF, SO_KEEPALIVE, SO_ACCEPTCONN, SO_DOMAIN, SO_PROTOCOL, SO_REUSEPORT,
  TCP_NODELAY, TCP_MAXSEG, SOMAXCONN, INADDR_ANY, MSG_NOSIGNAL,
  EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, O_NONBLOCK,
} from '../uapi/flags.ts';
import { readSockaddrIn, writeSockaddrIn, sockaddr_in, dataView } from '../uapi/structs.ts';
import { netStack, type NetStack } from './stack.ts';
import { InetSocket } from './socket.ts';
import { TcpSock } from './tcp.ts';

function sockOf(t: Thread, fd: number): InetSocket | number {
  const f = t.proc.fds.get(fd);
  if (f === null) return -E.EBADF;
  if (!(f instanceof InetSocket)) return -E.ENOTSOCK;
  return f;
}

/** sockOf for accept and connect, which may sleep: the socket is held (fdget) until the call returns. */
function sockGet(t: Thread, fd: number): InetSocket | number {
  const f = fdget(t, fd);
  if (f === null) return -E.EBADF;
  if (!(f instanceof InetSocket)) return -E.ENOTSOCK;
  return f;
}

interface Addr { family: number; port: number; addr: number }

/** move_addr_to_kernel + the AF_INET checks of inet_bind / inet_stream_connect. */
function addrIn(k: Kernel, t: Thread, ptr: number, len: number): Addr | number {
  if (len < 0 || len > 128) return -E.EINVAL;
  if (len < 2) return -E.EINVAL;
  const b = t.proc.mm.copyIn(ptr, Math.min(len, sockaddr_in.size));
  if (typeof b === 'number') return -E.EFAULT;
  // BSD's sockaddr starts with a length byte, then a one-byte family (AF_INET is 2 in both).
  const family = k.personality.sockaddrLenByte ? b[1]! : b[0]! | (b[1]! << 8);
  if (family !== AF_INET) return -E.EAFNOSUPPORT;
  if (len < sockaddr_in.size) return -E.EINVAL;
  return readSockaddrIn(dataView(b), 0);
}

/** move_addr_to_user: write the address, truncated to *lenp, and the full length to *lenp. */
function addrOut(k: Kernel, t: Thread, ptr: number, lenp: number, a: Addr): number {
  if (ptr === 0) return 0;
  const mm = t.proc.mm;
  const lb = mm.copyIn(lenp, 4);
  if (typeof lb === 'number') return -E.EFAULT;
  const have = dataView(lb).getInt32(0, true);
  if (have < 0) return -E.EINVAL;
  const out = new Uint8Array(sockaddr_in.size);
  writeSockaddrIn(dataView(out), 0, { family: AF_INET, port: a.port, addr: a.addr });
  if (k.personality.sockaddrLenByte) { out[0] = sockaddr_in.size; out[1] = AF_INET; }
  if (have > 0 && mm.copyOut(ptr, out.subarray(0, Math.min(have, out.length))) < 0) return -E.EFAULT;
  const nl = new Uint8Array(4); dataView(nl).setInt32(0, sockaddr_in.size, true);
  return mm.copyOut(lenp, nl) < 0 ? -E.EFAULT : 0;
}

/** The inet_csk_bind_conflict rule: same port, overlapping address, unless both set SO_REUSEADDR and the holder is not listening. */
function bindConflict(net: NetStack, s: InetSocket, addr: number, port: number): boolean {
  const set = net.bound.get(port);
  if (set === undefined) return false;
  for (const o of set) {
    if (o === s || o.type !== s.type) continue;
    if (o.laddr !== INADDR_ANY && addr !== INADDR_ANY && o.laddr !== addr) continue;
    if (s.reuseAddr && o.reuseAddr && o.sk.state !== 'LISTEN') continue;
    return true;
  }
  return false;
}

function doBind(net: NetStack, s: InetSocket, addr: number, port: number): number {
  if (port === 0) {
    port = net.table.ephemeralPort(addr, 0, 0, (p) => net.bound.has(p));
    if (port < 0) return -E.EADDRINUSE;
  } else if (bindConflict(net, s, addr, port)) return -E.EADDRINUSE;
  s.bound = true; s.laddr = addr; s.lport = port;
  let set = net.bound.get(port);
  if (set === undefined) { set = new Set(); net.bound.set(port, set); }
  set.add(s);
  return 0;
}

defineSyscall('socket', (k, t, domain, type, protocol) => {
  k.core.chargeKernel(COSTS.sockCreate.cycles);
  if (domain !== AF_INET) return domain === AF_UNIX ? -E.EAFNOSUPPORT : -E.EAFNOSUPPORT;
  const base = type & SOCK_TYPE_MASK;
  if ((type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC)) !== 0) return -E.EINVAL;
  if (base !== SOCK_STREAM && base !== SOCK_DGRAM) return -E.EINVAL;
  if (base === SOCK_STREAM && protocol !== IPPROTO_IP && protocol !== IPPROTO_TCP) return -E.EPROTONOSUPPORT;
  if (base === SOCK_DGRAM && protocol !== IPPROTO_IP && protocol !== IPPROTO_UDP) return -E.EPROTONOSUPPORT;
  const s = new InetSocket(netStack(k), base, base === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP, (type & SOCK_NONBLOCK) !== 0 ? O_NONBLOCK : 0);
  const fd = t.proc.fds.install(s, (type & SOCK_CLOEXEC) !== 0);
  if (fd < 0) k.fput(s); // the last reference: released
  return fd;
});

defineSyscall('bind', (k, t, fd, ptr, len) => {
  k.core.chargeKernel(COSTS.sockCall.cycles);
  const s = sockOf(t, fd); if (typeof s === 'number') return s;
  const a = addrIn(k, t, ptr, len); if (typeof a === 'number') return a;
  const net = s.net;
  if (a.addr !== INADDR_ANY && !net.isLocal(a.addr)) return -E.EADDRNOTAVAIL;
  if (s.bound || s.sk.state !== 'CLOSED') return -E.EINVAL;
  return doBind(net, s, a.addr, a.port);
});

defineSyscall('listen', (k, t, fd, backlog) => {
  k.core.chargeKernel(COSTS.sockCall.cycles);
  const s = sockOf(t, fd); if (typeof s === 'number') return s;
  if (!s.stream) return -E.EOPNOTSUPP;
  const sk = s.sk; const net = s.net;
  const b = backlog < 0 || backlog > SOMAXCONN ? SOMAXCONN : backlog;
  if (sk.state === 'LISTEN') { sk.backlog = b; return 0; }
  if (sk.state !== 'CLOSED' || sk.iss !== 0) return -E.EINVAL;
  if (!s.bound) { const r = doBind(net, s, INADDR_ANY, 0); if (r < 0) return r; }
  // inet_csk_get_port at listen: another listener on an overlapping address holds the port.
  const set = net.bound.get(s.lport);
  if (set !== undefined) for (const o of set) {
    if (o !== s && o.sk.state === 'LISTEN' && (o.laddr === INADDR_ANY || s.laddr === INADDR_ANY || o.laddr === s.laddr)) return -E.EADDRINUSE;
  }
  sk.laddr = s.laddr; sk.lport = s.lport;
  sk.listen(b);
  sk.listenPid = t.proc.pid;
  net.table.listen(sk);
  return 0;
});

function doAccept(k: Kernel, t: Thread, fd: number, addr: number, lenp: number, flags: number): SysResult {
  if ((flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) !== 0) return -E.EINVAL;
  const s = sockGet(t, fd); if (typeof s === 'number') return s;
  if (!s.stream) return -E.EOPNOTSUPP;
  const sk = s.sk;
  if (sk.state !== 'LISTEN') return -E.EINVAL;
  k.core.chargeKernel(COSTS.sockCall.cycles);
  const child = sk.accept();
  if (child === null) {
    if (s.nonblocking) return -E.EAGAIN;
    if (t.wake === Wake.Signal) return -E.ERESTARTSYS;
    k.waitOn(t, s.pollWait, true, EPOLLIN);
    return k.sleep(t, 'inet_csk_accept');
  }
  const f = InetSocket.accepted(s.net, child, (flags & SOCK_NONBLOCK) !== 0 ? O_NONBLOCK : 0);
  const nfd = t.proc.fds.install(f, (flags & SOCK_CLOEXEC) !== 0);
  if (nfd < 0) { child.owner = null; sk.unaccept(child); f.discard(); return nfd; }
  k.core.chargeKernel(COSTS.sockAccept.cycles);
  const r = addrOut(k, t, addr, lenp, { family: AF_INET, port: child.rport, addr: child.raddr });
  if (r < 0) { t.proc.fds.remove(nfd); k.fput(f); return r; }
  // The data or FIN that came before accept is already in the socket; nothing is lost.
  return nfd;
}

defineSyscall('accept', (k, t, fd, addr, lenp) => doAccept(k, t, fd, addr, lenp, 0));
defineSyscall('accept4', (k, t, fd, addr, lenp, flags) => doAccept(k, t, fd, addr, lenp, flags));

defineSyscall('connect', (k, t, fd, ptr, len) => {
  const s = sockGet(t, fd); if (typeof s === 'number') return s;
  if (t.sysScratch === 'wait') return connectWait(k, t, s);
  k.core.chargeKernel(COSTS.sockCall.cycles);
  const a = addrIn(k, t, ptr, len); if (typeof a === 'number') return a;
  if (!s.stream) return -E.EOPNOTSUPP;
  let sk = s.sk;
  switch (sk.state) {
    case 'ESTABLISHED': case 'CLOSE_WAIT':
      if (s.connectPending) { s.connectPending = false; return 0; }
      return -E.EISCONN;
    case 'SYN_SENT': return -E.EALREADY;
    case 'LISTEN': return -E.EISCONN;
    case 'CLOSED': break;
    default: return -E.EISCONN;
  }
  if (s.connectPending && sk.err !== 0) { const e = sk.err; sk.err = 0; s.connectPending = false; return -e; }
  if (sk.iss !== 0) { sk = new TcpSock(s.net); sk.owner = s; s.sk = sk; } // reconnect after a failed attempt
  const net = s.net;
  const laddr = s.bound && s.laddr !== INADDR_ANY ? s.laddr : net.sourceFor(a.addr);
  let lport = s.lport;
  if (!s.bound) {
    lport = net.table.ephemeralPort(laddr, a.addr, a.port, (p) => net.bound.has(p));
    if (lport < 0) return -E.EADDRNOTAVAIL;
    s.bound = true; s.laddr = INADDR_ANY; s.lport = lport;
    let set = net.bound.get(lport);
    if (set === undefined) { set = new Set(); net.bound.set(lport, set); }
    set.add(s);
  }
  sk.laddr = laddr; sk.lport = lport; sk.raddr = a.addr; sk.rport = a.port;
  net.table.hash(sk);
  sk.connect(laddr, lport, a.addr, a.port);
  if (s.nonblocking) { s.connectPending = true; return -E.EINPROGRESS; }
  t.sysScratch = 'wait';
  return connectWait(k, t, s);
});

/** inet_wait_for_connect. */
function connectWait(k: Kernel, t: Thread, s: InetSocket): SysResult {
  const sk = s.sk;
  if (sk.connected) return 0;
  if (sk.state !== 'SYN_SENT') { const e = sk.err !== 0 ? sk.err : E.ECONNREFUSED; sk.err = 0; return -e; }
  if (t.wake === Wake.Signal) return -E.ERESTARTSYS;
  k.waitOn(t, s.pollWait, false, EPOLLOUT | EPOLLERR | EPOLLHUP);
  return k.sleep(t, 'inet_wait_for_connect');
}

// sendto, recvfrom and shutdown are the generic socket calls of socket-file.ts:
// they reach InetSocket through its sendmsg / recvmsg / shutdown / msgName.

function intIn(t: Thread, ptr: number, len: number): number | null {
  if (len < 4) return null;
  const b = t.proc.mm.copyIn(ptr, 4);
  if (typeof b === 'number') return null;
  return dataView(b).getInt32(0, true);
}

defineSyscall('setsockopt', (k, t, fd, level, name, ptr, len) => {
  k.core.chargeKernel(COSTS.sockCall.cycles);
  const s = sockOf(t, fd); if (typeof s === 'number') return s;
  if (len < 4) return -E.EINVAL;
  const v = intIn(t, ptr, len);
  if (v === null) return -E.EFAULT;
  if (level === SOL_SOCKET) {
    switch (name) {
      case SO_REUSEADDR: s.reuseAddr = v !== 0; return 0;
      case SO_REUSEPORT: return 0;
      case SO_KEEPALIVE: s.keepAlive = v !== 0; return 0;
      case SO_RCVBUF: s.sk.rcvCap = Math.max(2304, Math.min(2 * v, 2 * 212992)); return 0; // the kernel doubles it (socket(7))
      case SO_SNDBUF: s.sk.sndCap = Math.max(4608, Math.min(2 * v, 2 * 212992)); return 0;
      default: return -E.ENOPROTOOPT;
    }
  }
  if (level === IPPROTO_TCP && s.stream) {
    switch (name) {
      case TCP_NODELAY: s.sk.nodelay = v !== 0; if (v !== 0) s.sk.push(); return 0;
      case TCP_MAXSEG: if (v < 88 || v > 32767) return -E.EINVAL; s.sk.mss = Math.min(v, 1460); return 0;
      default: return -E.ENOPROTOOPT;
    }
  }
  return -E.ENOPROTOOPT;
});

defineSyscall('getsockopt', (k, t, fd, level, name, ptr, lenp) => {
  k.core.chargeKernel(COSTS.sockCall.cycles);
  const s = sockOf(t, fd); if (typeof s === 'number') return s;
  const mm = t.proc.mm;
  const lb = mm.copyIn(lenp, 4);
  if (typeof lb === 'number') return -E.EFAULT;
  const have = dataView(lb).getInt32(0, true);
  if (have < 0) return -E.EINVAL;
  let v: number;
  if (level === SOL_SOCKET) {
    switch (name) {
      case SO_REUSEADDR: v = s.reuseAddr ? 1 : 0; break;
      case SO_KEEPALIVE: v = s.keepAlive ? 1 : 0; break;
      case SO_ERROR: v = s.sk.err; s.sk.err = 0; break;
      case SO_TYPE: v = s.type; break;
      case SO_RCVBUF: v = s.sk.rcvCap; break;
      case SO_SNDBUF: v = s.sk.sndCap; break;
      case SO_ACCEPTCONN: v = s.sk.state === 'LISTEN' ? 1 : 0; break;
      case SO_DOMAIN: v = AF_INET; break;
      case SO_PROTOCOL: v = s.protocol; break;
      default: return -E.ENOPROTOOPT;
    }
  } else if (level === IPPROTO_TCP && s.stream) {
    switch (name) {
      case TCP_NODELAY: v = s.sk.nodelay ? 1 : 0; break;
      case TCP_MAXSEG: v = s.sk.mss; break;
      default: return -E.ENOPROTOOPT;
    }
  } else return -E.ENOPROTOOPT;
  const out = new Uint8Array(4); dataView(out).setInt32(0, v, true);
  const n = Math.min(have, 4);
  if (mm.copyOut(ptr, out.subarray(0, n)) < 0) return -E.EFAULT;
  const nl = new Uint8Array(4); dataView(nl).setInt32(0, n, true);
  return mm.copyOut(lenp, nl) < 0 ? -E.EFAULT : 0;
});

defineSyscall('getsockname', (k, t, fd, ptr, lenp) => {
  k.core.chargeKernel(COSTS.sockCall.cycles);
  const s = sockOf(t, fd); if (typeof s === 'number') return s;
  const sk = s.sk;
  const addr = sk.state !== 'CLOSED' && sk.state !== 'LISTEN' ? sk.laddr : s.laddr;
  return addrOut(k, t, ptr, lenp, { family: AF_INET, port: s.lport, addr });
});

defineSyscall('getpeername', (k, t, fd, ptr, lenp) => {
  k.core.chargeKernel(COSTS.sockCall.cycles);
  const s = sockOf(t, fd); if (typeof s === 'number') return s;
  const sk = s.sk;
  if (!sk.connected && sk.state !== 'FIN_WAIT1' && sk.state !== 'FIN_WAIT2' && sk.state !== 'LAST_ACK' && sk.state !== 'CLOSING') return -E.ENOTCONN;
  return addrOut(k, t, ptr, lenp, { family: AF_INET, port: sk.rport, addr: sk.raddr });
});

void MSG_NOSIGNAL; void EPOLLHUP; void EPOLLERR;
