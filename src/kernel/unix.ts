// AF_UNIX stream sockets made by socketpair(2) (Linux's net/unix/af_unix.c, the
// connected-pair part). Each end holds the queue of bytes its peer sent; a send
// copies straight into the peer's queue and notifies the peer before it returns,
// so the byte is readable by the time write(2) returns. A send to a peer that has
// closed, or after shutdown(SHUT_WR), fails with EPIPE and raises SIGPIPE unless
// MSG_NOSIGNAL; a receive after the peer's orderly close returns 0 every time.
// Closing with unread data makes the peer's next receive fail with ECONNRESET.

import type { Kernel } from './kernel.ts';
import { Wake, type Thread } from './proc.ts';
import type { SysResult } from './file.ts';
import { SocketFile } from './socket-file.ts';
import { ByteRing } from './pipe.ts';
import { defineSyscall } from './syscall.ts';
import { sendSignal } from './signal.ts';
import { COSTS } from '../machine/costs.ts';
import * as E from './uapi/errno.ts';
import {
  AF_UNIX, AF_INET, AF_INET6, SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_TYPE_MASK, SOCK_NONBLOCK, SOCK_CLOEXEC, O_RDWR, O_NONBLOCK,
  MSG_DONTWAIT, MSG_NOSIGNAL, MSG_PEEK, MSG_OOB, SHUT_RD, SHUT_WR,
  EPOLLIN, EPOLLOUT, EPOLLRDNORM, EPOLLWRNORM, EPOLLWRBAND, EPOLLHUP, EPOLLRDHUP, EPOLLERR,
} from './uapi/flags.ts';
import { SIGPIPE } from './uapi/signal.ts';

/** Bytes one end may hold unread: net.core.wmem_default (212992), the peer's send budget. */
export const UNIX_STREAM_BUF = 212992;
const RCV_SHUTDOWN = 1;
const SEND_SHUTDOWN = 2;
const SHUTDOWN_MASK = 3;

export class UnixStreamSocket extends SocketFile {
  override readonly kind = 'unix';
  /** What the peer sent, waiting to be received here. */
  readonly rcv = new ByteRing(UNIX_STREAM_BUF);
  peer: UnixStreamSocket | null = null;
  /** sk_shutdown: RCV_SHUTDOWN | SEND_SHUTDOWN. */
  shut = 0;
  /** sk_err, reported once by the next receive (ECONNRESET). */
  err = 0;

  override sendmsg(k: Kernel, t: Thread, data: Uint8Array, flags: number): SysResult {
    if ((flags & MSG_OOB) !== 0) return -E.EOPNOTSUPP;
    k.core.chargeKernel(COSTS.pipeOp.cycles);
    let done = (t.sysScratch as number | undefined) ?? 0;
    const peer = this.peer;
    if ((this.shut & SEND_SHUTDOWN) !== 0 || peer === null || (peer.shut & RCV_SHUTDOWN) !== 0) {
      if ((flags & MSG_NOSIGNAL) === 0) sendSignal(k, t.proc, SIGPIPE, t);
      return done > 0 ? done : -E.EPIPE;
    }
    const n = peer.rcv.put(data.subarray(done));
    if (n > 0) { done += n; peer.notify(k, EPOLLIN | EPOLLRDNORM); }
    if (done === data.length) return done;
    if ((this.flags & O_NONBLOCK) !== 0 || (flags & MSG_DONTWAIT) !== 0) return done > 0 ? done : -E.EAGAIN;
    if (t.wake === Wake.Signal) return done > 0 ? done : -E.ERESTARTSYS;
    t.sysScratch = done;
    k.waitOn(t, this.pollWait, false, EPOLLOUT | EPOLLERR | EPOLLHUP);
    return k.sleep(t, 'unix_stream_sendmsg');
  }

  override recvmsg(k: Kernel, t: Thread, len: number, flags: number): Uint8Array | SysResult {
    if ((flags & MSG_OOB) !== 0) return -E.EOPNOTSUPP;
    k.core.chargeKernel(COSTS.pipeOp.cycles);
    if (this.err !== 0) { const e = this.err; this.err = 0; return -e; }
    if (this.rcv.len > 0) {
      const peek = (flags & MSG_PEEK) !== 0;
      const data = this.rcv.take(len, !peek);
      if (!peek && this.peer !== null) this.peer.notify(k, EPOLLOUT | EPOLLWRNORM);
      return data;
    }
    if (len === 0 || (this.shut & RCV_SHUTDOWN) !== 0) return new Uint8Array(0); // EOF, on every call
    if ((this.flags & O_NONBLOCK) !== 0 || (flags & MSG_DONTWAIT) !== 0) return -E.EAGAIN;
    if (t.wake === Wake.Signal) return -E.ERESTARTSYS;
    k.waitOn(t, this.pollWait, false, EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR);
    return k.sleep(t, 'unix_stream_recvmsg');
  }

  override shutdown(k: Kernel, _t: Thread, how: number): SysResult {
    const mode = how === SHUT_RD ? RCV_SHUTDOWN : how === SHUT_WR ? SEND_SHUTDOWN : SHUTDOWN_MASK;
    this.shut |= mode;
    this.notify(k, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLHUP);
    const peer = this.peer;
    if (peer !== null) {
      if ((mode & RCV_SHUTDOWN) !== 0) peer.shut |= SEND_SHUTDOWN;
      if ((mode & SEND_SHUTDOWN) !== 0) peer.shut |= RCV_SHUTDOWN;
      peer.notify(k, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLHUP);
    }
    return 0;
  }

  /** unix_poll */
  override poll(): number {
    let m = 0;
    if (this.err !== 0) m |= EPOLLERR;
    if (this.shut === SHUTDOWN_MASK) m |= EPOLLHUP;
    if ((this.shut & RCV_SHUTDOWN) !== 0) m |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
    if (this.rcv.len > 0) m |= EPOLLIN | EPOLLRDNORM;
    if (this.peer === null || this.peer.rcv.free > 0) m |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
    return m;
  }

  /** unix_release_sock: the peer sees both directions shut (and ECONNRESET if we left data unread). */
  override release(k: Kernel): void {
    this.shut = SHUTDOWN_MASK;
    const peer = this.peer;
    this.peer = null;
    if (peer !== null) {
      peer.shut = SHUTDOWN_MASK;
      if (this.rcv.len > 0) peer.err = E.ECONNRESET;
      peer.notify(k, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLHUP);
    }
  }
}

defineSyscall('socketpair', (k, t, domain, type, protocol, usv) => {
  const base = type & SOCK_TYPE_MASK;
  if ((type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC)) !== 0) return -E.EINVAL;
  if (domain === AF_INET || domain === AF_INET6) return -E.EOPNOTSUPP; // inet sockets have no socketpair
  if (domain !== AF_UNIX) return -E.EAFNOSUPPORT;
  if (base !== SOCK_STREAM && base !== SOCK_DGRAM && base !== SOCK_SEQPACKET) return -E.ESOCKTNOSUPPORT;
  if (protocol !== 0 && protocol !== AF_UNIX) return -E.EPROTONOSUPPORT;
  if (base !== SOCK_STREAM) {
    k.log(`${t.proc.name}[${t.proc.pid}]: socketpair(AF_UNIX, ${base === SOCK_DGRAM ? 'SOCK_DGRAM' : 'SOCK_SEQPACKET'}) is not supported by gomachine`);
    return -E.ESOCKTNOSUPPORT;
  }
  if (!t.proc.mm.accessOk(usv, 8, true)) return -E.EFAULT;
  const fl = O_RDWR | (type & SOCK_NONBLOCK ? O_NONBLOCK : 0);
  const a = new UnixStreamSocket(fl); const b = new UnixStreamSocket(fl);
  a.peer = b; b.peer = a;
  const cloexec = (type & SOCK_CLOEXEC) !== 0;
  const fds = t.proc.fds;
  const fa = fds.install(a, cloexec);
  if (fa < 0) { k.fput(a); k.fput(b); return fa; }
  const fb = fds.install(b, cloexec);
  if (fb < 0) { fds.remove(fa); k.fput(a); k.fput(b); return fb; }
  const out = new Uint8Array(8); const dv = new DataView(out.buffer);
  dv.setInt32(0, fa, true); dv.setInt32(4, fb, true);
  if (t.proc.mm.copyOut(usv, out) < 0) { fds.remove(fa); fds.remove(fb); k.fput(a); k.fput(b); return -E.EFAULT; }
  return 0;
});
