// AF_INET sockets: the file an fd refers to after socket(AF_INET, ...) (Linux's struct socket +
// struct file with socket_file_ops). A stream socket wraps a TcpSock; reads and
// writes go through tcp_recvmsg / tcp_sendmsg semantics: blocking calls sleep
// on the file's wait queue with the readiness they need, woken by the
// protocol's notify (data, ACK freeing send space, FIN, RST); non-blocking ones
// return EAGAIN. poll() is tcp_poll, so epoll and poll see sockets through the
// File contract alone. The socket-call contract (sendmsg, recvmsg, shutdown,
// msgName) is the one every socket kind offers the generic socket calls.
//
// Datagram sockets exist so that the calls that must refuse them (listen,
// accept) can: they bind, but carry no data yet (sendto/recvfrom on them give
// EOPNOTSUPP) — UDP is not implemented.

import type { Kernel } from '../kernel.ts';
import { BLOCK, type SysResult } from '../file.ts';
import { SocketFile } from '../socket-file.ts';
import { Wake, type Thread } from '../proc.ts';
import { sendSignal } from '../signal.ts';
import { TcpSock } from './tcp.ts';
import type { NetStack } from './stack.ts';
import { EAGAIN, EINVAL, ENOTCONN, EPIPE, ERESTARTSYS, EOPNOTSUPP } from '../uapi/errno.ts';
import { encodeSockaddrIn } from '../uapi/structs.ts';
import { SIGPIPE } from '../uapi/signal.ts';
import {
  O_RDWR, O_NONBLOCK, SOCK_STREAM, AF_INET, SHUT_RD, SHUT_WR, SHUT_RDWR, MSG_DONTWAIT, MSG_PEEK, MSG_NOSIGNAL, MSG_WAITALL,
  EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDHUP,
} from '../uapi/flags.ts';

export class InetSocket extends SocketFile {
  sk: TcpSock;
  bound = false;
  laddr = 0;
  lport = 0;
  reuseAddr = false;
  keepAlive = false;
  /** A non-blocking connect is in flight and its outcome not yet reported by connect(2). */
  connectPending = false;

  constructor(readonly net: NetStack, readonly type: number, readonly protocol: number, flags: number) {
    super(O_RDWR | (flags & O_NONBLOCK));
    this.sk = new TcpSock(net);
    this.sk.owner = this;
  }

  get stream(): boolean { return this.type === SOCK_STREAM; }
  get nonblocking(): boolean { return (this.flags & O_NONBLOCK) !== 0; }

  /** A socket made by accept around a connection the listener queued. */
  static accepted(net: NetStack, sk: TcpSock, flags: number): InetSocket {
    const f = new InetSocket(net, SOCK_STREAM, 6, flags);
    f.sk = sk; sk.owner = f;
    f.bound = true; f.laddr = sk.laddr; f.lport = sk.lport;
    return f;
  }

  override poll(): number {
    if (!this.stream) return EPOLLOUT | 0x100;
    return this.sk.pollMask();
  }


  /** tcp_recvmsg. */
  override recvmsg(k: Kernel, t: Thread, len: number, flags: number): Uint8Array | SysResult {
    if (!this.stream) return -EOPNOTSUPP;
    const sk = this.sk;
    if (sk.state === 'LISTEN') return -ENOTCONN;
    const waitall = (flags & MSG_WAITALL) !== 0 && (flags & MSG_PEEK) === 0;
    const have = sk.rcvQ.length;
    if (have > 0 && (!waitall || have >= len || sk.peerFin || sk.err !== 0)) return sk.recv(len, (flags & MSG_PEEK) !== 0);
    if (have === 0) {
      if (sk.peerFin) return new Uint8Array(0);
      if (sk.err !== 0) { const e = sk.err; sk.err = 0; return -e; }
      if (sk.shutRd) return new Uint8Array(0);
      if (sk.state === 'CLOSED') return -ENOTCONN;
    }
    if (this.nonblocking || (flags & MSG_DONTWAIT) !== 0) return have > 0 ? sk.recv(len) : -EAGAIN;
    if (t.wake === Wake.Signal) return have > 0 ? sk.recv(len) : -ERESTARTSYS;
    k.waitOn(t, this.pollWait, false, EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP);
    return k.sleep(t, 'sk_wait_data');
  }

  /** tcp_sendmsg: queue what fits, block (or EAGAIN) for the rest; EPIPE raises SIGPIPE unless MSG_NOSIGNAL. */
  override sendmsg(k: Kernel, t: Thread, data: Uint8Array, flags: number): SysResult {
    if (!this.stream) return -EOPNOTSUPP;
    const sk = this.sk;
    let done = typeof t.sysScratch === 'number' ? t.sysScratch : 0;
    for (;;) {
      if (sk.err !== 0 || sk.shutWr) {
        if (done > 0) return done;
        let e = EPIPE;
        if (sk.err !== 0) { e = sk.err; sk.err = 0; }
        if (e === EPIPE && (flags & MSG_NOSIGNAL) === 0) sendSignal(k, t.proc, SIGPIPE, t);
        return -e;
      }
      if (!sk.connected) {
        if (sk.state !== 'SYN_SENT') return -ENOTCONN;
      } else {
        done += sk.send(done === 0 ? data : data.subarray(done));
        if (done === data.length) return done;
      }
      sk.nospace = true; // wait_for_space: SOCK_NOSPACE, so the ACK that frees space wakes us
      if (this.nonblocking || (flags & MSG_DONTWAIT) !== 0) return done > 0 ? done : -EAGAIN;
      if (t.wake === Wake.Signal) return done > 0 ? done : -ERESTARTSYS;
      t.sysScratch = done;
      k.waitOn(t, this.pollWait, false, EPOLLOUT | EPOLLERR | EPOLLHUP);
      return k.sleep(t, 'sk_stream_wait_memory');
    }
  }

  /** inet_shutdown. */
  override shutdown(k: Kernel, _t: Thread, how: number): SysResult {
    const sk = this.sk;
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) return -EINVAL;
    if (sk.state === 'LISTEN' && how !== SHUT_WR) { sk.close(); this.notify(k, EPOLLIN | EPOLLHUP); return 0; }
    if (sk.state === 'CLOSED' || sk.state === 'LISTEN' || sk.state === 'SYN_SENT') return -ENOTCONN;
    sk.shutdown(how !== SHUT_WR, how !== SHUT_RD);
    this.notify(k, this.poll());
    return 0;
  }

  /** The address recvfrom reports: the peer's sockaddr_in. */
  override msgName(): Uint8Array { return encodeSockaddrIn({ family: AF_INET, port: this.sk.rport, addr: this.sk.raddr }); }

  override release(k: Kernel): void {
    if (this.bound) {
      const set = this.net.bound.get(this.lport);
      if (set !== undefined) { set.delete(this); if (set.size === 0) this.net.bound.delete(this.lport); }
    }
    if (this.stream) this.sk.close();
    void k; void BLOCK;
  }
}
