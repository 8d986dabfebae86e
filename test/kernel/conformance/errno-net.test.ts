// Socket errno cases of the conformance table (epoll-conformance.md part B:
// 16, 18, 22–29), each a C-style program on the emulated machine that records
// what its calls returned.
import { describe, it, expect } from 'vitest';
import { cProgram, LibC, SIG_IGN_FN } from '../../../src/libc/libc.ts';
import {
  AF_INET, AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_CLOEXEC, IPPROTO_UDP, INADDR_ANY, INADDR_LOOPBACK,
  SOL_SOCKET, SO_REUSEADDR, SO_ERROR, SIGPIPE, errnoName, EPOLLIN, EPOLLOUT, EPOLLERR, EPOLL_CTL_ADD,
} from '../../../src/kernel/uapi/index.ts';
import { bootNet, runUntil, type NetRig } from '../net/harness.ts';
import { ExternalTcpHost } from '../../../src/scenario/load.ts';
import { TcpSock } from '../../../src/kernel/net/tcp.ts';
import { epollOf } from '../../../src/apps/c/epoll-api.ts';

const haveEpoll = typeof (LibC.prototype as unknown as Record<string, unknown>)['epoll_wait'] === 'function';
const withEpoll = haveEpoll ? it : it.skip; // needs epoll from the io branch

type Rec = (v: unknown) => void;
const LO = { addr: INADDR_LOOPBACK, port: 0 };

/** Run `body` as a program; returns what it recorded and the process's exit status. */
function run(body: (c: LibC, rec: Rec) => Generator<any, unknown, any>, rig: NetRig = bootNet()): { out: unknown[]; status: number | null } {
  const out: unknown[] = [];
  const p = rig.k.spawn(cProgram('conf', function* main(c) { yield* body(c, (v) => out.push(v)); return 0; }), ['conf'], {});
  runUntil(rig, () => p.state !== 'alive', 30e9);
  const snap = rig.k.snapshot().procs.find((x) => x.pid === p.pid)!;
  return { out, status: snap.exitStatus };
}

/** The result of a call as the test records it: the value, or the errno's name. */
function r(c: LibC, v: number): number | string { return v < 0 ? errnoName(c.errno) : v; }

/** A listening socket on the loopback; returns [fd, port]. */
function* listener(c: LibC, flags = 0): Generator<any, [number, number], any> {
  const fd = yield* c.socket(AF_INET, SOCK_STREAM | flags, 0);
  yield* c.bind(fd, { addr: INADDR_ANY, port: 0 });
  yield* c.listen(fd, 16);
  const sa = yield* c.getsockname(fd);
  return [fd, sa!.port];
}

/** A connected pair over the loopback: [client, server side]. */
function* pair(c: LibC): Generator<any, [number, number, number], any> {
  const [l, port] = yield* listener(c);
  const a = yield* c.socket(AF_INET, SOCK_STREAM, 0);
  yield* c.connect(a, { addr: INADDR_LOOPBACK, port });
  const b = yield* c.accept(l, 0, 0);
  return [a, b, l];
}

const settle = (c: LibC) => c.usleep(200); // let the loopback's softirq deliver what is in flight

describe('socket errno cases', () => {
  it('read: ECONNRESET after a RST in ESTABLISHED, the pending error is EPIPE in CLOSE_WAIT, ECONNREFUSED from SYN_SENT (16)', () => {
    const { out } = run(function* (c, rec) {
      const buf = c.scratch - 4096;
      // ESTABLISHED: the peer closes with unread data, which sends RST.
      let [a, b] = yield* pair(c);
      yield* c.write(a, 'x', 1); yield* settle(c);
      yield* c.close(b); yield* settle(c);
      rec(r(c, yield* c.read(a, buf, 16)));
      rec(r(c, yield* c.read(a, buf, 16))); // the error is reported once; then EOF
      // CLOSE_WAIT: the peer closed (FIN), our data makes it answer RST.
      [a, b] = yield* pair(c);
      yield* c.close(b); yield* settle(c);
      rec(r(c, yield* c.write(a, 'x', 1))); yield* settle(c);
      rec(yield* c.getsockopt(a, SOL_SOCKET, SO_ERROR));
      // SYN_SENT: nobody listens; the RST answers the SYN.
      const s = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      rec(r(c, yield* c.connect(s, { addr: INADDR_LOOPBACK, port: 1 })));
    });
    expect(out).toEqual(['ECONNRESET', 0, 1, 32 /* EPIPE */, 'ECONNREFUSED']);
  });

  it('write: in CLOSE_WAIT the first write succeeds and the next fails with EPIPE and SIGPIPE (18)', () => {
    const { out } = run(function* (c, rec) {
      yield* c.signal(SIGPIPE, SIG_IGN_FN);
      const [a, b] = yield* pair(c);
      yield* c.close(b); yield* settle(c);
      rec(r(c, yield* c.write(a, 'one', 3))); yield* settle(c);
      rec(r(c, yield* c.write(a, 'two', 3)));
      rec(r(c, yield* c.write(a, 'three', 5)));
    });
    expect(out).toEqual([3, 'EPIPE', 'EPIPE']);
    const killed = run(function* (c, rec) {
      const [a, b] = yield* pair(c);
      yield* c.close(b); yield* settle(c);
      rec(r(c, yield* c.write(a, 'one', 3))); yield* settle(c);
      rec(r(c, yield* c.write(a, 'two', 3)));
    });
    expect(killed.out).toEqual([3]);
    expect(killed.status).toBe(128 + SIGPIPE);
  });

  it('socket: EAFNOSUPPORT for an unknown domain, EINVAL for an unknown type or bad flags, EPROTONOSUPPORT for a wrong protocol (22)', () => {
    const { out } = run(function* (c, rec) {
      rec(r(c, yield* c.socket(12345, SOCK_STREAM, 0)));
      rec(r(c, yield* c.socket(AF_INET, 99, 0)));
      rec(r(c, yield* c.socket(AF_INET, SOCK_STREAM | 0x100000, 0)));
      rec(r(c, yield* c.socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)));
      rec((yield* c.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) >= 3);
    });
    expect(out).toEqual(['EAFNOSUPPORT', 'EINVAL', 'EINVAL', 'EPROTONOSUPPORT', true]);
  });

  it('bind: EADDRINUSE when another socket holds the port (23)', () => {
    const { out } = run(function* (c, rec) {
      const a = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      rec(r(c, yield* c.bind(a, { addr: INADDR_ANY, port: 9000 })));
      const b = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      rec(r(c, yield* c.bind(b, { addr: INADDR_ANY, port: 9000 })));
      rec(r(c, yield* c.bind(b, { addr: INADDR_LOOPBACK, port: 9000 })));
      yield* c.close(a);
      rec(r(c, yield* c.bind(b, { addr: INADDR_ANY, port: 9000 })));
    });
    expect(out).toEqual([0, 'EADDRINUSE', 'EADDRINUSE', 0]);
  });

  it('bind: EINVAL on a socket that is already bound, ENOTSOCK on a non-socket fd (24)', () => {
    const { out } = run(function* (c, rec) {
      const a = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      rec(r(c, yield* c.bind(a, { addr: INADDR_ANY, port: 9001 })));
      rec(r(c, yield* c.bind(a, { addr: INADDR_ANY, port: 9002 })));
      rec(r(c, yield* c.bind(1, { addr: INADDR_ANY, port: 9003 })));
      rec(r(c, yield* c.bind(77, { addr: INADDR_ANY, port: 9003 })));
    });
    expect(out).toEqual([0, 'EINVAL', 'ENOTSOCK', 'EBADF']);
  });

  it('listen: EADDRINUSE while another socket listens on the port, EOPNOTSUPP on SOCK_DGRAM (25)', () => {
    const { out } = run(function* (c, rec) {
      const a = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      const b = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      yield* c.setsockopt(a, SOL_SOCKET, SO_REUSEADDR, 1);
      yield* c.setsockopt(b, SOL_SOCKET, SO_REUSEADDR, 1);
      rec(r(c, yield* c.bind(a, { addr: INADDR_ANY, port: 9100 })));
      rec(r(c, yield* c.bind(b, { addr: INADDR_ANY, port: 9100 })));
      rec(r(c, yield* c.listen(a, 5)));
      rec(r(c, yield* c.listen(b, 5)));
      const d = yield* c.socket(AF_INET, SOCK_DGRAM, 0);
      rec(r(c, yield* c.listen(d, 5)));
    });
    expect(out).toEqual([0, 0, 0, 'EADDRINUSE', 'EOPNOTSUPP']);
  });

  it('accept4: EAGAIN on a non-blocking listener with an empty queue, then a connection once one is queued (26)', () => {
    const { out } = run(function* (c, rec) {
      const [l, port] = yield* listener(c, SOCK_NONBLOCK);
      rec(r(c, yield* c.accept4(l, 0, 0, SOCK_NONBLOCK)));
      const a = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      yield* c.connect(a, { addr: INADDR_LOOPBACK, port });
      rec((yield* c.accept4(l, 0, 0, SOCK_NONBLOCK)) > a);
      rec(r(c, yield* c.accept4(l, 0, 0, 0)));
    });
    expect(out).toEqual(['EAGAIN', true, 'EAGAIN']);
  });

  withEpoll('accept4: the listener turns EPOLLIN when a connection is queued (26)', () => {
    const { out } = run(function* (c0, rec) {
      const c = epollOf(c0);
      const [l, port] = yield* listener(c, SOCK_NONBLOCK);
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, l, EPOLLIN, l);
      rec((yield* c.epoll_wait(ep, 4, 0)));
      const a = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      yield* c.connect(a, { addr: INADDR_LOOPBACK, port });
      rec((yield* c.epoll_wait(ep, 4, 100)));
    });
    expect(out).toEqual([[], [{ events: EPOLLIN, data: 3 }]]);
  });

  it('accept: EINVAL when not listening or with bad flags, ENOTSOCK on a non-socket, EOPNOTSUPP on a datagram socket (27)', () => {
    const { out } = run(function* (c, rec) {
      const s = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      rec(r(c, yield* c.accept(s, 0, 0)));
      const [l] = yield* listener(c, SOCK_NONBLOCK);
      rec(r(c, yield* c.accept4(l, 0, 0, 0x4000_0000)));
      rec(r(c, yield* c.accept(1, 0, 0)));
      const d = yield* c.socket(AF_INET, SOCK_DGRAM, 0);
      rec(r(c, yield* c.accept(d, 0, 0)));
    });
    expect(out).toEqual(['EINVAL', 'EINVAL', 'ENOTSOCK', 'EOPNOTSUPP']);
  });

  it('connect: ECONNREFUSED with no listener; non-blocking gives EINPROGRESS, then SO_ERROR reads ECONNREFUSED (28)', () => {
    const { out } = run(function* (c, rec) {
      const a = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      rec(r(c, yield* c.connect(a, { addr: INADDR_LOOPBACK, port: 7 })));
      const b = yield* c.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      rec(r(c, yield* c.connect(b, { addr: INADDR_LOOPBACK, port: 7 })));
      yield* settle(c);
      rec(errnoName(yield* c.getsockopt(b, SOL_SOCKET, SO_ERROR)));
      rec(yield* c.getsockopt(b, SOL_SOCKET, SO_ERROR));
    });
    expect(out).toEqual(['ECONNREFUSED', 'EINPROGRESS', 'ECONNREFUSED', 0]);
  });

  withEpoll('connect: a refused non-blocking connect shows EPOLLOUT|EPOLLERR (28)', () => {
    const { out } = run(function* (c0, rec) {
      const c = epollOf(c0);
      const b = yield* c.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      rec(r(c, yield* c.connect(b, { addr: INADDR_LOOPBACK, port: 7 })));
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, b, EPOLLOUT, b);
      const evs = yield* c.epoll_wait(ep, 4, 100);
      rec(evs === -1 ? -1 : evs.map((e) => e.events & (EPOLLOUT | EPOLLERR)));
    });
    expect(out).toEqual(['EINPROGRESS', [EPOLLOUT | EPOLLERR]]);
  });

  it('connect: EINPROGRESS for a connect that cannot finish at once, EALREADY meanwhile, EISCONN once connected (29)', () => {
    const rig = bootNet({ latencyNs: 500_000 });
    const far = new ExternalTcpHost(rig.m, rig.wire, 0x0a000063);
    const ls = new TcpSock(far); ls.laddr = far.addr; ls.lport = 80; ls.listen(8); far.table.listen(ls);
    const { out } = run(function* (c, rec) {
      const s = yield* c.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      const to = { addr: far.addr, port: 80 };
      rec(r(c, yield* c.connect(s, to)));
      rec(r(c, yield* c.connect(s, to)));
      yield* c.usleep(5000);
      rec(yield* c.getsockopt(s, SOL_SOCKET, SO_ERROR));
      rec(r(c, yield* c.connect(s, to)));
      rec(r(c, yield* c.connect(s, to)));
      const peer = yield* c.getpeername(s);
      rec(peer === null ? null : [peer.addr, peer.port]);
    }, rig);
    expect(out).toEqual(['EINPROGRESS', 'EALREADY', 0, 0, 'EISCONN', [0x0a000063, 80]]);
  });

  it('socket: EAFNOSUPPORT for AF_UNIX through socket(2) (socketpair is the AF_UNIX way here)', () => {
    const { out } = run(function* (c, rec) { rec(r(c, yield* c.socket(AF_UNIX, SOCK_STREAM, 0))); });
    expect(out).toEqual(['EAFNOSUPPORT']);
  });
});
void LO;
