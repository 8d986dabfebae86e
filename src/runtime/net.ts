// package net over the netpoller (Go's net/fd_unix.go, net/sock_posix.go,
// net/tcpsock_posix.go): every socket is made non-blocking and close-on-exec (by
// the OS half, os.ts) and registered with the poller; Accept, Read, Write and the connect of
// Dial retry after parking in "IO wait" when the kernel says EAGAIN/EINPROGRESS.
// Deadlines are pollDesc timers that wake the parked G with "i/o timeout".

import { Timer, type G, type M, type P, type Gen } from './runtime2.ts';
import { getg, acquirem, releasem, syscallBlocking, ready, type Runtime } from './proc.ts';
import type { OS } from './os.ts';
import { FD, OpError, pollWaitFor, pollErrString } from './fd.ts';
import { netpolldeadline, pollNoError } from './netpoll.ts';
import { modtimer, deltimer } from './time.ts';
const dec = new TextDecoder();
const enc = new TextEncoder();

/** The errnos syscall.Errno.Temporary() is true for (and Timeout(): EAGAIN, ETIMEDOUT). */
const TEMPORARY = new Set(['EINTR', 'EMFILE', 'ENFILE', 'ECONNRESET', 'ECONNABORTED', 'EAGAIN', 'EWOULDBLOCK', 'ETIMEDOUT']);

/** syscall.Errno's Error(): Go's own strings for the common ones, the C library's otherwise. */
function errnoString(os: OS, e: number): string {
  const s: Record<string, string> = { ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset by peer', EPIPE: 'broken pipe', EADDRINUSE: 'address already in use', ETIMEDOUT: 'connection timed out', EHOSTUNREACH: 'no route to host' };
  return s[os.errnoName(e)] ?? os.strerror(e).toLowerCase();
}


function parseAddr(address: string): { addr: number; port: number; host: string } | null {
  const i = address.lastIndexOf(':');
  if (i < 0) return null;
  const host = address.slice(0, i); const port = Number(address.slice(i + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) return null;
  if (host === '' || host === '0.0.0.0') return { addr: 0, port, host };
  const h = host === 'localhost' ? '127.0.0.1' : host;
  const parts = h.split('.').map(Number);
  if (parts.length !== 4 || parts.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return null;
  return { addr: ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0, port, host };
}


/** net.Conn (a *TCPConn). */
export class Conn {
  private rtimer: Timer | null = null;
  private wtimer: Timer | null = null;
  /** What its errors name (net.OpError's Source->Addr), as in "read tcp 10.0.0.1:8080->10.0.0.100:32768: i/o timeout". */
  private readonly opPath: string;
  constructor(readonly fd: FD, readonly laddr: string, readonly raddr: string) { this.opPath = `${laddr}->${raddr}:`; }
  RemoteAddr(): string { return this.raddr; }
  LocalAddr(): string { return this.laddr; }
  /** Read up to n bytes: empty at EOF (Go's io.EOF), or an error (the netFD's, named as net.OpError names it). */
  Read(n: number): Gen<Uint8Array | OpError> { return this.fd.Read(n, 'read tcp', this.opPath); }
  *ReadString(n: number): Gen<string | OpError> {
    const r = yield* this.Read(n); return r instanceof OpError ? r : dec.decode(r);
  }
  Write(data: Uint8Array | string): Gen<number | OpError> {
    return this.fd.Write(typeof data === 'string' ? enc.encode(data) : data, 'write tcp', this.opPath);
  }
  Close(): Gen<OpError | null> { return this.fd.Close(); }
  /** SetReadDeadline(now + d): d ≤ 0 clears it. */
  SetReadDeadline(d: number): Gen<void> { return this.setDeadline(d, 'r'); }
  SetWriteDeadline(d: number): Gen<void> { return this.setDeadline(d, 'w'); }
  *SetDeadline(d: number): Gen<void> { yield* this.setDeadline(d, 'r'); yield* this.setDeadline(d, 'w'); }

  private *setDeadline(d: number, mode: 'r' | 'w'): Gen<void> {
    const pd = this.fd.pd;
    if (pd === null) return;
    const rt = getg().rt as Runtime;
    let t = mode === 'r' ? this.rtimer : this.wtimer;
    if (t !== null) deltimer(t);
    if (d <= 0) { if (mode === 'r') pd.rd = 0; else pd.wd = 0; return; }
    const when = (yield* rt.nanotime()) + d;
    if (mode === 'r') pd.rd = when; else pd.wd = when;
    if (t === null) {
      t = new Timer();
      t.f = function* netpollDeadline(_t: Timer, mp: M, _pp: P): Gen<void> {
        const list: G[] = [];
        netpolldeadline(rt.np, pd, mode, list);
        for (const g of list) yield* ready(rt, mp, mp.p!, g, 0);
      };
      if (mode === 'r') this.rtimer = t; else this.wtimer = t;
    }
    const mp = acquirem();
    yield* modtimer(rt, mp, t, when, 0);
    releasem(mp);
  }
}

/** net.Listener (a *TCPListener). */
export class Listener {
  constructor(readonly fd: FD, readonly addr: string) {}
  Addr(): string { return this.addr; }
  /**
   * Accept: accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC, parking in IO wait while the queue
   * is empty; on windows a new socket and AcceptEx, parking until its completion.
   */
  *Accept(): Gen<Conn | OpError> {
    const pd = this.fd.pd;
    if ((getg().rt as Runtime).os.overlapped !== null && pd !== null) return yield* this.acceptEx();
    for (;;) {
      const gp = getg(); const os = (gp.rt as Runtime).os;
      const r = yield* os.accept(this.fd.sysfd, gp.stackLo + 128, syscallBlocking);
      if (typeof r !== 'number') {
        const a = r.addr;
        const raddr = `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}:${r.port}`;
        const fd = new FD(r.fd, raddr);
        yield* fd.init();
        return new Conn(fd, this.addr, raddr);
      }
      if (r === -os.E.EINTR || r === -os.E.ECONNABORTED) continue;
      if (r === -os.E.EAGAIN && pd !== null) {
        const e = yield* pollWaitFor(pd, 'r');
        if (e !== pollNoError) return new OpError('accept tcp', `${this.addr}:`, pollErrString(e));
        continue;
      }
      // As Go words it: "accept tcp [::]:8080: accept4: too many open files".
      return new OpError('accept tcp', this.addr, `${os.GOOS === 'darwin' ? 'accept' : 'accept4'}: ${errnoString(os, -r)}`, TEMPORARY.has(os.errnoName(-r)));
    }
  }
  Close(): Gen<OpError | null> { return this.fd.Close(); }

  /** net/fd_windows.go's accept: sysSocket, AcceptEx through execIO, SO_UPDATE_ACCEPT_CONTEXT; retried on a connection reset before it was accepted. */
  private *acceptEx(): Gen<Conn | OpError> {
    for (;;) {
      const os = (getg().rt as Runtime).os; const ovl = os.overlapped!;
      const s = yield* os.socket();
      if (s < 0) return new OpError('accept tcp', `${this.addr}:`, `socket: ${errnoString(os, -s)}`);
      const out = getg().stackLo + 128;
      const r = yield* this.fd.execIO('r', (o, ov, scratch) => o.acceptEx(this.fd.sysfd, s, out, ov, scratch));
      if (r < 0) {
        yield* os.close(s);
        if (ovl.acceptRetry.includes(-r)) continue;
        const e = this.fd.ioError('acceptex', r)!;
        return new OpError('accept tcp', `${this.addr}:`, e.err);
      }
      const a = yield* ovl.accepted(s, this.fd.sysfd, out, getg().stackLo + 16);
      const raddr = `${a.addr >>> 24}.${(a.addr >>> 16) & 255}.${(a.addr >>> 8) & 255}.${a.addr & 255}:${a.port}`;
      const fd = new FD(s, raddr);
      yield* fd.init();
      return new Conn(fd, this.addr, raddr);
    }
  }
}

/** net.Listen("tcp", ":8080"): socket, SO_REUSEADDR, bind, listen(somaxconn), register with the poller. */
export function* Listen(network: string, address: string): Gen<Listener | OpError> {
  const a = parseAddr(address);
  if (network !== 'tcp' && network !== 'tcp4') return new OpError('listen', network, 'unknown network');
  if (a === null) return new OpError('listen tcp', address + ':', 'missing port in address');
  const gp = getg(); const os = (gp.rt as Runtime).os; const buf = gp.stackLo + 128;
  const s = yield* os.socket();
  if (s < 0) return new OpError('listen tcp', address + ':', `socket: ${errnoString(os, -s)}`);
  yield* os.setReuseAddr(s, buf);
  let r = yield* os.bind(s, a.addr, a.port, buf);
  if (r >= 0) r = yield* os.listen(s, yield* os.somaxconn(buf));
  if (r < 0) { yield* os.close(s); return new OpError('listen tcp', address + ':', `bind: ${errnoString(os, -r)}`); }
  const fd = new FD(s, address);
  yield* fd.init();
  return new Listener(fd, a.host === '' ? `[::]:${a.port}` : address);
}

/** net.Dial("tcp", "10.0.0.1:8080"): a non-blocking connect, waiting for writability, then SO_ERROR. */
export function* Dial(network: string, address: string): Gen<Conn | OpError> {
  const a = parseAddr(address);
  if (network !== 'tcp' && network !== 'tcp4') return new OpError('dial', network, 'unknown network');
  if (a === null) return new OpError('dial tcp', address + ':', 'missing port in address');
  const os = (getg().rt as Runtime).os;
  const s = yield* os.socket();
  if (s < 0) return new OpError('dial tcp', address + ':', `socket: ${errnoString(os, -s)}`);
  const fd = new FD(s, address);
  yield* fd.init();
  if (os.overlapped !== null && fd.pd !== null) {
    // windows: bind to the wildcard address, ConnectEx through execIO, SO_UPDATE_CONNECT_CONTEXT.
    const dst = a.addr === 0 ? 0x7f000001 : a.addr;
    const r = yield* fd.execIO('w', (o, ov, scratch) => o.connectEx(s, dst, a.port, ov, scratch));
    if (r < 0) { yield* fd.Close(); return new OpError('dial tcp', address + ':', `connectex: ${fd.ioError('connectex', r)!.err}`); }
    yield* os.overlapped.connected(s, getg().stackLo + 16);
    return new Conn(fd, '', address);
  }
  let r = yield* os.connect(s, a.addr === 0 ? 0x7f000001 : a.addr, a.port, getg().stackLo + 128, syscallBlocking);
  if (r === -os.E.EINPROGRESS || r === -os.E.EINTR) {
    if (fd.pd === null) return new OpError('dial tcp', address + ':', 'not pollable');
    const e = yield* pollWaitFor(fd.pd, 'w');
    if (e !== pollNoError) { yield* fd.Close(); return new OpError('dial tcp', address + ':', pollErrString(e)); }
    r = -(yield* os.soError(s, getg().stackLo + 128));
  }
  if (r < 0) { yield* fd.Close(); return new OpError('dial tcp', address + ':', `connect: ${errnoString(os, -r)}`); }
  return new Conn(fd, '', address);
}

export const net = { Listen, Dial };
