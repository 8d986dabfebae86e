// epoll features beyond the wakeup selftests: EPOLLONESHOT, EPOLLRDHUP/HUP,
// EPOLLEXCLUSIVE, 64-bit data, epoll_pwait's temporary signal mask, and the
// interest list following the open file description. Each runs as a C-style
// program on the machine.

import { describe, it, expect } from 'vitest';
import { runC } from './conformance/harness.ts';
import { Shared } from './conformance/programs.ts';
import type { LibC, CGen } from '../../src/libc/libc.ts';
import {
  SYS, EPOLLIN, EPOLLOUT, EPOLLET, EPOLLONESHOT, EPOLLEXCLUSIVE, EPOLLRDHUP, EPOLLHUP, EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLL_CTL_DEL,
  AF_UNIX, SOCK_STREAM, SHUT_WR, SIGUSR1, SIG_BLOCK, EINTR, EFD_NONBLOCK,
} from '../../src/kernel/uapi/index.ts';

type Rec = (v: unknown) => void;
function run(name: string, body: (c: LibC, rec: Rec) => CGen<number | void>, cores = 4): unknown[] {
  const got: unknown[] = [];
  const r = runC(name, function* (c) { return yield* body(c, (v) => { got.push(v); }); }, { cores });
  expect(r.status).toBe(0);
  return got;
}
const count = (x: unknown[] | -1): number => (x === -1 ? -1 : x.length);

describe('epoll', () => {
  it('EPOLLONESHOT reports once, then nothing until EPOLL_CTL_MOD re-arms it', () => {
    expect(run('oneshot', function* (c, rec) {
      const [a, b] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN | EPOLLONESHOT);
      yield* c.write(b, 'x', 1);
      rec(count(yield* c.epoll_wait(ep, 4, 0)));
      yield* c.write(b, 'y', 1);
      rec(count(yield* c.epoll_wait(ep, 4, 0)));
      yield* c.epoll_ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLONESHOT);
      rec(count(yield* c.epoll_wait(ep, 4, 0)));
      rec(count(yield* c.epoll_wait(ep, 4, 0)));
    })).toEqual([1, 0, 1, 0]);
  });

  it('reports EPOLLRDHUP after the peer shuts its writing half, and EPOLLHUP too once it closes', () => {
    expect(run('rdhup', function* (c, rec) {
      const [a, b] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN | EPOLLRDHUP | EPOLLET);
      rec(count(yield* c.epoll_wait(ep, 4, 0)));
      yield* c.shutdown(b, SHUT_WR);
      const e1 = yield* c.epoll_wait(ep, 4, 0);
      rec(e1 === -1 ? -1 : e1[0]!.events);
      yield* c.close(b);
      const e2 = yield* c.epoll_wait(ep, 4, 0);
      rec(e2 === -1 ? -1 : e2[0]!.events);
    })).toEqual([0, EPOLLIN | EPOLLRDHUP, EPOLLIN | EPOLLRDHUP | EPOLLHUP]);
  });

  it('carries the 64-bit data word through and reports EPOLLOUT for a writable socket', () => {
    expect(run('data64', function* (c, rec) {
      const [a] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, a, EPOLLOUT, 2 ** 40 + 5);
      const e = yield* c.epoll_wait(ep, 4, 0);
      rec(e === -1 ? -1 : [e[0]!.events, e[0]!.data]);
    })).toEqual([[EPOLLOUT, 2 ** 40 + 5]]);
  });

  it('EPOLLEXCLUSIVE: one write wakes the waiter of one exclusive epoll, not of both', () => {
    for (const excl of [true, false]) {
      expect(run(`exclusive-${excl}`, function* (c, rec) {
        const efd = yield* c.eventfd(0, EFD_NONBLOCK);
        const sh = Shared.alloc(c, 1);
        const eps: number[] = [];
        for (let i = 0; i < 2; i++) {
          const ep = yield* c.epoll_create1(0);
          yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, efd, excl ? (EPOLLIN | EPOLLET | EPOLLEXCLUSIVE) >>> 0 : (EPOLLIN | EPOLLET) >>> 0);
          eps.push(ep);
        }
        const ids: number[] = [];
        for (const ep of eps) {
          ids.push(yield* c.pthread_create(function* (cc: LibC) {
            if (count(yield* cc.epoll_wait(ep, 1, 200)) > 0) yield* sh.add(cc, 0, 1);
            return 0;
          }));
        }
        yield* c.usleep(50_000);
        yield* c.eventfd_write(efd, 1);
        for (const id of ids) yield* c.pthread_join(id);
        rec(yield* sh.get(c, 0));
      })).toEqual([excl ? 1 : 2]);
    }
  });

  it('EPOLL_CTL_DEL stops reports, and closing a watched epoll removes it from the outer one', () => {
    expect(run('del', function* (c, rec) {
      const [a, b] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      const ep = yield* c.epoll_create1(0);
      const inner = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN);
      yield* c.epoll_ctl(inner, EPOLL_CTL_ADD, a, EPOLLIN);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, inner, EPOLLIN);
      yield* c.write(b, 'x', 1);
      rec(count(yield* c.epoll_wait(ep, 4, 0)));
      yield* c.epoll_ctl(ep, EPOLL_CTL_DEL, a);
      rec(count(yield* c.epoll_wait(ep, 4, 0)));
      yield* c.close(inner);
      rec(count(yield* c.epoll_wait(ep, 4, 0)));
    })).toEqual([2, 1, 0]);
  });

  it('epoll_pwait: the temporary mask lets a blocked signal in, its handler runs, and the old mask comes back', () => {
    expect(run('pwait-mask', function* (c, rec) {
      let handled = 0;
      yield* c.signal(SIGUSR1, function* () { handled++; });
      const ep = yield* c.epoll_create1(0);
      const tidAddr = c.proc.staticAlloc(4, 4);
      const th = yield* c.pthread_create(function* (cc: LibC) {
        yield* Shared.prototype.set.call(new Shared(tidAddr), cc, 0, yield* cc.gettid());
        yield* cc.sigprocmask(SIG_BLOCK, cc.sigset(SIGUSR1));
        const r = yield* cc.epoll_pwait(ep, 1, -1, cc.sigemptyset());
        rec(r === -1 && cc.errno === EINTR ? 'EINTR' : r);
        rec(handled);
        rec((yield* cc.sigprocmask(SIG_BLOCK, 0n)) === cc.sigset(SIGUSR1) ? 'restored' : 'not restored');
        return 0;
      });
      yield* c.usleep(10_000);
      yield* c.sys(SYS.tgkill, c.proc.info.pid, yield* new Shared(tidAddr).get(c, 0), SIGUSR1);
      yield* c.pthread_join(th);
    })).toEqual(['EINTR', 1, 'restored']);
  });
});

describe('determinism', () => {
  it('the same threaded epoll program with the same seed gives the same trace hash', () => {
    const prog = function* (c: LibC): CGen<number> {
      const [a, b] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN);
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push(yield* c.pthread_create(function* (cc: LibC) { yield* cc.epoll_wait(ep, 1, 50); return 0; }));
      yield* c.usleep(10_000);
      yield* c.write(b, 'w', 1);
      for (const id of ids) yield* c.pthread_join(id);
      return 0;
    };
    const x = runC('det', prog); const y = runC('det', prog);
    expect(x.status).toBe(0);
    expect(x.traceHash).toBe(y.traceHash);
  });
});
