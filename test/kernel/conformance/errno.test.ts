// errno conformance, part B of the conformance reference (cases 1–15, 17, 19–21
// and 30; the TCP cases belong with the network stack). Each test runs a C-style
// program on the machine and records what each call returned: a count, or the
// errno name when it failed. Expected values are the man pages'.

import { describe, it, expect } from 'vitest';
import { runC } from './harness.ts';
import { atomic } from '../../../src/machine/instr.ts';
import type { LibC, CGen } from '../../../src/libc/libc.ts';
import { timespec } from '../../../src/libc/libc.ts';
import {
  SYS, errnoName, EPOLLIN, EPOLLONESHOT, EPOLLEXCLUSIVE, EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLL_CTL_DEL, EPOLL_CLOEXEC,
  O_NONBLOCK, O_CLOEXEC, POLLIN, AF_UNIX, SOCK_STREAM, SOCK_NONBLOCK, MSG_DONTWAIT, MSG_NOSIGNAL, SHUT_WR,
  SIGUSR1, SIGPIPE, SA_RESTART, FUTEX_WAIT, FUTEX_WAKE, FUTEX_PRIVATE_FLAG, CLOCK_MONOTONIC, EAGAIN,
} from '../../../src/kernel/uapi/index.ts';

/** A call's outcome as the tests record it: the value, or the errno's name after -1. */
function out(c: LibC, r: number): number | string { return r === -1 ? errnoName(c.errno) : r; }

function run(name: string, body: (c: LibC, rec: (v: number | string) => void) => CGen<number | void>, cores = 4): (number | string)[] {
  const got: (number | string)[] = [];
  const r = runC(name, function* (c) { return yield* body(c, (v) => { got.push(v); }); }, { cores });
  expect(r.status).toBe(0);
  return got;
}

function* noop(): CGen<void> { /* an empty handler */ }

describe('epoll errno cases', () => {
  it('epoll_create with size <= 0 and epoll_create1 with unknown flags fail with EINVAL (1)', () => {
    expect(run('e1', function* (c, rec) {
      rec(out(c, yield* c.epoll_create(0)));
      rec(out(c, yield* c.epoll_create(-1)));
      rec(out(c, yield* c.epoll_create1(O_NONBLOCK)));
      rec(out(c, yield* c.epoll_create1(1)));
      rec((yield* c.epoll_create1(EPOLL_CLOEXEC)) >= 3 ? 'ok' : 'bad');
    })).toEqual(['EINVAL', 'EINVAL', 'EINVAL', 'EINVAL', 'ok']);
  });

  it('epoll_ctl ADD of an fd already in the interest list fails with EEXIST (2)', () => {
    expect(run('e2', function* (c, rec) {
      const [r] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN)));
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN)));
    })).toEqual([0, 'EEXIST']);
  });

  it('epoll_ctl MOD or DEL of an fd not in the interest list fails with ENOENT (3)', () => {
    expect(run('e3', function* (c, rec) {
      const [r] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN)));
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_DEL, r)));
    })).toEqual(['ENOENT', 'ENOENT']);
  });

  it('epoll_ctl with fd == epfd, a non-epoll epfd, or an unknown op fails with EINVAL (4)', () => {
    expect(run('e4', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN)));
      rec(out(c, yield* c.epoll_ctl(w, EPOLL_CTL_ADD, r, EPOLLIN)));
      rec(out(c, yield* c.epoll_ctl(ep, 99, r, EPOLLIN)));
    })).toEqual(['EINVAL', 'EINVAL', 'EINVAL']);
  });

  it('epoll_ctl ADD of a regular file or directory fails with EPERM (5)', () => {
    expect(run('e5', function* (c, rec) {
      const ep = yield* c.epoll_create1(0);
      const file = yield* c.open('/etc/hostname');
      const dir = yield* c.open('/', 0o200000 /* O_DIRECTORY */);
      const dev = yield* c.open('/dev/null');
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, file, EPOLLIN)));
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, dir, EPOLLIN)));
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, dev, EPOLLIN))); // a character device can be polled
    })).toEqual(['EPERM', 'EPERM', 0]);
  });

  it('epoll_ctl ADD that would form a cycle or nest more than 5 deep fails with ELOOP (6)', () => {
    expect(run('e6', function* (c, rec) {
      const e0 = yield* c.epoll_create1(0); const e1 = yield* c.epoll_create1(0);
      rec(out(c, yield* c.epoll_ctl(e0, EPOLL_CTL_ADD, e1, EPOLLIN)));
      rec(out(c, yield* c.epoll_ctl(e1, EPOLL_CTL_ADD, e0, EPOLLIN))); // e0 → e1 → e0
      // A chain e[0] → e[1] → ... : five epoll-in-epoll links are allowed, the sixth is not.
      const e: number[] = [];
      for (let i = 0; i < 7; i++) e.push(yield* c.epoll_create1(0));
      for (let i = 0; i < 6; i++) rec(out(c, yield* c.epoll_ctl(e[i]!, EPOLL_CTL_ADD, e[i + 1]!, EPOLLIN)));
    })).toEqual([0, 'ELOOP', 0, 0, 0, 0, 0, 'ELOOP']);
  });

  it('epoll_ctl with an epfd or fd that is not open fails with EBADF (7)', () => {
    expect(run('e7', function* (c, rec) {
      const ep = yield* c.epoll_create1(0);
      rec(out(c, yield* c.epoll_ctl(77, EPOLL_CTL_ADD, 0, EPOLLIN)));
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, 78, EPOLLIN)));
    })).toEqual(['EBADF', 'EBADF']);
  });

  it('EPOLLEXCLUSIVE with MOD, on an epoll target, or with EPOLLONESHOT fails with EINVAL (8)', () => {
    expect(run('e8', function* (c, rec) {
      const [r] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0); const inner = yield* c.epoll_create1(0);
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN | EPOLLEXCLUSIVE)));
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN | EPOLLEXCLUSIVE)));
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN))); // MOD of an exclusive item
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, inner, EPOLLIN | EPOLLEXCLUSIVE)));
      const [r2] = (yield* c.pipe()) as [number, number];
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r2, EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT)));
    })).toEqual([0, 'EINVAL', 'EINVAL', 'EINVAL', 'EINVAL']);
  });

  it('epoll_wait with maxevents <= 0 or a non-epoll epfd fails with EINVAL, with a closed epfd EBADF (9)', () => {
    expect(run('e9', function* (c, rec) {
      const ep = yield* c.epoll_create1(0);
      const [r] = (yield* c.pipe()) as [number, number];
      const n = (x: unknown[] | -1): number | string => (x === -1 ? errnoName(c.errno) : x.length);
      rec(n(yield* c.epoll_wait(ep, 0, 0)));
      rec(n(yield* c.epoll_wait(ep, -1, 0)));
      rec(n(yield* c.epoll_wait(r, 1, 0)));
      rec(n(yield* c.epoll_wait(90, 1, 0)));
    })).toEqual(['EINVAL', 'EINVAL', 'EINVAL', 'EBADF']);
  });

  it('a blocked epoll_wait or poll returns EINTR when a handler runs, never restarted even with SA_RESTART (10)', () => {
    expect(run('e10', function* (c, rec) {
      yield* c.signal(SIGUSR1, noop); // glibc signal(): SA_RESTART
      const [r] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN);
      const tidAddr = c.proc.staticAlloc(8, 8);
      const th = yield* c.pthread_create(function* (cc: LibC) {
        yield* atomic('store', tidAddr, yield* cc.gettid());
        const a = yield* cc.epoll_wait(ep, 1, -1);
        rec(a === -1 ? errnoName(cc.errno) : a.length);
        yield* atomic('store', tidAddr + 4, 1);
        const p = yield* cc.poll([{ fd: r, events: POLLIN }], -1);
        rec(p.n === -1 ? errnoName(cc.errno) : p.n);
        return 0;
      });
      yield* c.usleep(10_000);
      yield* c.sys(SYS.tgkill, c.proc.info.pid, yield* atomic('load', tidAddr), SIGUSR1);
      while ((yield* atomic('load', tidAddr + 4)) === 0) yield* c.usleep(1000);
      yield* c.usleep(10_000);
      yield* c.sys(SYS.tgkill, c.proc.info.pid, yield* atomic('load', tidAddr), SIGUSR1);
      yield* c.pthread_join(th);
    })).toEqual(['EINTR', 'EINTR']);
  });

  it('epoll_wait: timeout 0 returns at once, a timeout never expires early, -1 waits for the event (11)', () => {
    expect(run('e11', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN);
      let t0 = yield* c.clockGettime(CLOCK_MONOTONIC);
      let a = yield* c.epoll_wait(ep, 1, 0);
      rec(a === -1 ? -1 : a.length);
      rec((yield* c.clockGettime(CLOCK_MONOTONIC)) - t0 < 100_000 ? 'prompt' : 'slow');
      t0 = yield* c.clockGettime(CLOCK_MONOTONIC);
      a = yield* c.epoll_wait(ep, 1, 50);
      rec(a === -1 ? -1 : a.length);
      rec((yield* c.clockGettime(CLOCK_MONOTONIC)) - t0 >= 50e6 ? 'not early' : 'early');
      const th = yield* c.pthread_create(function* (cc: LibC) { yield* cc.usleep(20_000); yield* cc.write(w, 'x', 1); return 0; });
      t0 = yield* c.clockGettime(CLOCK_MONOTONIC);
      a = yield* c.epoll_wait(ep, 1, -1);
      rec(a === -1 ? -1 : a.length);
      rec((yield* c.clockGettime(CLOCK_MONOTONIC)) - t0 >= 20e6 ? 'waited' : 'did not wait');
      yield* c.pthread_join(th);
    })).toEqual([0, 'prompt', 0, 'not early', 1, 'waited']);
  });

  it('close removes an fd from epoll only when every fd of its open file description is closed (12)', () => {
    expect(run('e12', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1234); // level-triggered: reported while readable
      yield* c.write(w, 'x', 1);
      const d = yield* c.dup(r);
      yield* c.close(r);
      const a = yield* c.epoll_wait(ep, 4, 0);
      rec(a === -1 ? -1 : a.length);
      rec(a === -1 || a.length === 0 ? -1 : a[0]!.data); // the data of the closed fd's registration
      rec(out(c, yield* c.epoll_ctl(ep, EPOLL_CTL_DEL, d))); // the item is keyed by (file, old fd)
      const a2 = yield* c.epoll_wait(ep, 4, 0);
      rec(a2 === -1 ? -1 : a2.length); // still there, still readable
      yield* c.close(d); // the last fd of the description: the item goes
      const b = yield* c.epoll_wait(ep, 4, 0);
      rec(b === -1 ? -1 : b.length);
      // dup3 onto a watched fd number closes the old description's last fd: its item goes too.
      const [r2, w2] = (yield* c.pipe()) as [number, number];
      const [r3] = (yield* c.pipe()) as [number, number];
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r2, EPOLLIN);
      yield* c.write(w2, 'z', 1);
      yield* c.dup3(r3, r2, O_CLOEXEC);
      const e = yield* c.epoll_wait(ep, 4, 0);
      rec(e === -1 ? -1 : e.length);
    })).toEqual([1, 1234, 'ENOENT', 1, 0, 0]);
  });
});

describe('read, write and close errno cases', () => {
  it('read of an fd that is not open, or not open for reading, fails with EBADF (13)', () => {
    expect(run('e13', function* (c, rec) {
      const [, w] = (yield* c.pipe()) as [number, number];
      const buf = yield* c.malloc(16);
      rec(out(c, yield* c.read(55, buf, 1)));
      rec(out(c, yield* c.read(w, buf, 1)));
    })).toEqual(['EBADF', 'EBADF']);
  });

  it('read on an empty O_NONBLOCK pipe or socket fails with EAGAIN (14)', () => {
    expect(run('e14', function* (c, rec) {
      const buf = yield* c.malloc(16);
      const [r] = (yield* c.pipe2(O_NONBLOCK)) as [number, number];
      rec(out(c, yield* c.read(r, buf, 1)));
      const [a] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0)) as [number, number];
      rec(out(c, yield* c.read(a, buf, 1)));
      const [x] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      rec(out(c, yield* c.recv(x, buf, 1, MSG_DONTWAIT)));
      const efd = yield* c.eventfd(0, O_NONBLOCK);
      rec(out(c, yield* c.read(efd, buf, 8)));
      rec(EAGAIN);
    })).toEqual(['EAGAIN', 'EAGAIN', 'EAGAIN', 'EAGAIN', 11]);
  });

  it('read on a stream socket after the peer\'s orderly close returns 0 on every call (15)', () => {
    expect(run('e15', function* (c, rec) {
      const buf = yield* c.malloc(16);
      const [a, b] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      yield* c.write(b, 'hi', 2);
      yield* c.close(b);
      rec(out(c, yield* c.read(a, buf, 16))); // the data sent before the close
      rec(out(c, yield* c.read(a, buf, 16)));
      rec(out(c, yield* c.read(a, buf, 16)));
      const [r, w] = (yield* c.pipe()) as [number, number];
      yield* c.close(w);
      rec(out(c, yield* c.read(r, buf, 16)));
    })).toEqual([2, 0, 0, 0]);
  });

  it('write to a pipe with no reader, or a socket shut for writing, fails with EPIPE and raises SIGPIPE; MSG_NOSIGNAL does not (17)', () => {
    let sigpipes = 0;
    expect(run('e17', function* (c, rec) {
      yield* c.signal(SIGPIPE, function* () { sigpipes++; });
      const [r, w] = (yield* c.pipe()) as [number, number];
      yield* c.close(r);
      rec(out(c, yield* c.write(w, 'x', 1)));
      rec(sigpipes);
      const [a, b] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      yield* c.shutdown(a, SHUT_WR);
      rec(out(c, yield* c.write(a, 'x', 1)));
      rec(sigpipes);
      yield* c.close(a);
      rec(out(c, yield* c.send(b, 'x', 1, MSG_NOSIGNAL))); // the peer has closed
      rec(sigpipes);
      rec(out(c, yield* c.send(b, 'x', 1, 0)));
      rec(sigpipes);
    })).toEqual(['EPIPE', 1, 'EPIPE', 2, 'EPIPE', 2, 'EPIPE', 3]);
    // With the default action, SIGPIPE kills the writer: shell status 128 + 13.
    const killed = runC('e17-default', function* (c) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      yield* c.close(r);
      yield* c.write(w, 'x', 1);
      yield* c.puts('not reached');
      return 0;
    });
    expect(killed.status).toBe(128 + SIGPIPE);
    expect(killed.stdout).toBe('');
  });

  it('write on a full O_NONBLOCK pipe or socket fails with EAGAIN after a short count (19)', () => {
    expect(run('e19', function* (c, rec) {
      const big = 300_000;
      const buf = yield* c.malloc(big);
      yield* c.memset(buf, big);
      const [, w] = (yield* c.pipe2(O_NONBLOCK)) as [number, number];
      rec(out(c, yield* c.write(w, buf, 70_000))); // 64 KiB fit
      rec(out(c, yield* c.write(w, buf, 1)));
      const [a] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0)) as [number, number];
      rec(out(c, yield* c.write(a, buf, big))); // the peer's receive budget
      rec(out(c, yield* c.write(a, buf, 1)));
    })).toEqual([65536, 'EAGAIN', 212992, 'EAGAIN']);
  });

  it('write on an fd not open for writing fails with EBADF (20)', () => {
    expect(run('e20', function* (c, rec) {
      const [r] = (yield* c.pipe()) as [number, number];
      rec(out(c, yield* c.write(r, 'x', 1)));
    })).toEqual(['EBADF']);
  });

  it('close of an fd that is not open, including a double close, fails with EBADF (21)', () => {
    expect(run('e21', function* (c, rec) {
      const efd = yield* c.eventfd(0, 0);
      rec(out(c, yield* c.close(66)));
      rec(out(c, yield* c.close(efd)));
      rec(out(c, yield* c.close(efd)));
    })).toEqual(['EBADF', 0, 'EBADF']);
  });
});

describe('futex errno cases', () => {
  it('futex WAIT: EAGAIN on a changed word, ETIMEDOUT, restart under SA_RESTART, EINTR without it, EINVAL, ENOSYS; WAKE counts (30)', () => {
    expect(run('e30', function* (c, rec) {
      const word = c.proc.staticAlloc(16, 8);
      const ts = c.proc.staticAlloc(16, 8);
      const fx = function* (cc: LibC, addr: number, op: number, val: number, t: number): CGen<number | string> {
        return out(cc, yield* cc.sys(SYS.futex, addr, op, val, t));
      };
      yield* atomic('store', word, 1);
      rec(yield* fx(c, word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0)); // *uaddr != val
      yield* c.poke(ts, timespec(5e6));
      rec(yield* fx(c, word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 1, ts)); // times out
      rec(yield* fx(c, word + 1, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 1, 0)); // misaligned
      const bad = new Uint8Array(16); new DataView(bad.buffer).setBigInt64(8, 2_000_000_000n, true);
      yield* c.poke(ts, bad);
      rec(yield* fx(c, word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 1, ts)); // tv_nsec out of range
      rec(yield* fx(c, word, 99, 0, 0)); // unknown op
      rec(yield* fx(c, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0)); // nobody waits
      // A waiter interrupted by a handler: restarted with SA_RESTART (and later woken), EINTR without.
      const tidAddr = word + 8;
      for (const flags of [SA_RESTART, 0]) {
        yield* c.sigaction(SIGUSR1, noop, flags);
        yield* atomic('store', word, 1);
        const th = yield* c.pthread_create(function* (cc: LibC) {
          yield* atomic('store', tidAddr, yield* cc.gettid());
          rec(yield* fx(cc, word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 1, 0));
          return 0;
        });
        yield* c.usleep(10_000);
        yield* c.sys(SYS.tgkill, c.proc.info.pid, yield* atomic('load', tidAddr), SIGUSR1);
        yield* c.usleep(10_000);
        rec(yield* fx(c, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 10, 0)); // 1 if still waiting (restarted)
        yield* c.pthread_join(th);
      }
    })).toEqual(['EAGAIN', 'ETIMEDOUT', 'EINVAL', 'EINVAL', 'ENOSYS', 0, 1, 0, 'EINTR', 0]);
  });
});

void EPOLL_CTL_DEL;
