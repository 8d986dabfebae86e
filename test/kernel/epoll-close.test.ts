// Closing fds that epoll is using, as Linux does it (fs/eventpoll.c, fs/file.c):
// - epoll_wait holds the epoll file it waits on (fdget), so another thread's
//   close(epfd) only frees the fd number: the wait goes on over the same
//   interest and ready lists, and returns events or times out as it would have;
//   the file (and its items) goes when the waiter returns (fdput).
// - An item leaves the interest list only when the last reference to the
//   watched open file description goes (eventpoll_release), not when one of
//   several fds to it is closed (epoll(7), Q6).
// Each runs as a C-style program on the machine.

import { describe, it, expect } from 'vitest';
import { runC } from './conformance/harness.ts';
import type { LibC, CGen } from '../../src/libc/libc.ts';
import { EPOLLIN, EPOLL_CTL_ADD, EPOLL_CTL_DEL, CLOCK_MONOTONIC, errnoName } from '../../src/kernel/uapi/index.ts';

type Rec = (v: unknown) => void;
function run(name: string, body: (c: LibC, rec: Rec) => CGen<number | void>): unknown[] {
  const got: unknown[] = [];
  const r = runC(name, function* (c) { return yield* body(c, (v) => { got.push(v); }); }, { cores: 4 });
  expect(r.status).toBe(0);
  return got;
}

/** What epoll_wait gave: the errno's name, or [count, events of the first, data of the first]. */
function* waitResult(c: LibC, ep: number, timeoutMs: number): CGen<unknown> {
  const a = yield* c.epoll_wait(ep, 4, timeoutMs);
  if (a === -1) return errnoName(c.errno);
  return a.length === 0 ? [0] : [a.length, a[0]!.events, a[0]!.data];
}

describe('closing an epoll fd while another thread waits on it', () => {
  it('the waiter keeps waiting on the open file and returns the event that arrives after the close; the fd is gone (EBADF)', () => {
    expect(run('close-epfd-event', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1234);
      let got: unknown = null; let elapsed = 0;
      const th = yield* c.pthread_create(function* (cc: LibC) {
        const t0 = yield* cc.clockGettime(CLOCK_MONOTONIC);
        got = yield* waitResult(cc, ep, 100);
        elapsed = (yield* cc.clockGettime(CLOCK_MONOTONIC)) - t0;
        return 0;
      });
      yield* c.usleep(10_000);
      rec(yield* c.close(ep));
      yield* c.usleep(10_000);
      rec(yield* c.write(w, 'x', 1));
      yield* c.pthread_join(th);
      rec(got);
      rec(elapsed < 100e6 ? 'woken by the write' : 'timed out');
      rec(yield* waitResult(c, ep, 0));
    })).toEqual([0, 1, [1, EPOLLIN, 1234], 'woken by the write', 'EBADF']);
  });

  it('with nothing written the waiter returns 0 at its 100 ms timeout; the fd is gone (EBADF)', () => {
    expect(run('close-epfd-timeout', function* (c, rec) {
      const [r] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1234);
      let got: unknown = null; let elapsed = 0;
      const th = yield* c.pthread_create(function* (cc: LibC) {
        const t0 = yield* cc.clockGettime(CLOCK_MONOTONIC);
        got = yield* waitResult(cc, ep, 100);
        elapsed = (yield* cc.clockGettime(CLOCK_MONOTONIC)) - t0;
        return 0;
      });
      yield* c.usleep(10_000);
      rec(yield* c.close(ep));
      yield* c.pthread_join(th);
      rec(got);
      rec(elapsed >= 100e6 ? 'timed out' : 'returned early');
      rec(yield* waitResult(c, ep, 0));
    })).toEqual([0, [0], 'timed out', 'EBADF']);
  });

  it('the wait is on the open file, not the fd number: a new file that takes the number does not disturb it', () => {
    expect(run('close-epfd-reuse', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1234);
      let got: unknown = null;
      const th = yield* c.pthread_create(function* (cc: LibC) { got = yield* waitResult(cc, ep, 100); return 0; });
      yield* c.usleep(10_000);
      yield* c.close(ep);
      const ep2 = yield* c.epoll_create1(0); // the lowest free fd: the number ep had
      rec(ep2 === ep ? 'same number' : 'other number');
      yield* c.write(w, 'x', 1);
      yield* c.pthread_join(th);
      rec(got);
      rec(yield* waitResult(c, ep2, 0)); // the new epoll watches nothing
    })).toEqual(['same number', [1, EPOLLIN, 1234], [0]]);
  });

  it('the instance goes when the waiter returns: an outer epoll that watched it stops reporting it', () => {
    expect(run('close-epfd-nested', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const outer = yield* c.epoll_create1(0);
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1234);
      yield* c.epoll_ctl(outer, EPOLL_CTL_ADD, ep, EPOLLIN, 99); // level-triggered on the inner instance
      let got: unknown = null;
      const th = yield* c.pthread_create(function* (cc: LibC) { got = yield* waitResult(cc, ep, 100); return 0; });
      yield* c.usleep(10_000);
      yield* c.close(ep);
      yield* c.usleep(10_000);
      yield* c.write(w, 'x', 1); // never read: the inner instance stays ready while it exists
      yield* c.pthread_join(th);
      rec(got);
      rec(yield* waitResult(c, outer, 0));
    })).toEqual([[1, EPOLLIN, 1234], [0]]);
  });
});

describe('closing a watched fd that has a dup', () => {
  it('keeps the item (reported under the closed fd\'s registration) until the last fd of the file is closed', () => {
    expect(run('close-watched-dup', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1234); // level-triggered: reported while readable
      const d = yield* c.dup(r);
      rec(yield* c.close(r));
      yield* c.write(w, 'x', 1);
      rec(yield* waitResult(c, ep, 0));
      // The item is keyed by (file, fd): the dup is not it, and the closed fd is no fd at all.
      rec((yield* c.epoll_ctl(ep, EPOLL_CTL_DEL, d)) === -1 ? errnoName(c.errno) : 0);
      rec((yield* c.epoll_ctl(ep, EPOLL_CTL_DEL, r)) === -1 ? errnoName(c.errno) : 0);
      rec(yield* waitResult(c, ep, 0)); // still registered, still readable
      rec(yield* c.close(d)); // the last fd: the item goes, though the byte is still unread
      rec(yield* waitResult(c, ep, 0));
    })).toEqual([0, [1, EPOLLIN, 1234], 'ENOENT', 'EBADF', [1, EPOLLIN, 1234], 0, [0]]);
  });

  it('a waiter blocked in epoll_wait gets the event of a file whose watched fd was closed while a dup remains', () => {
    expect(run('close-watched-dup-blocked', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1234);
      const d = yield* c.dup(r);
      let got: unknown = null;
      const th = yield* c.pthread_create(function* (cc: LibC) { got = yield* waitResult(cc, ep, 100); return 0; });
      yield* c.usleep(10_000);
      yield* c.close(r);
      yield* c.usleep(10_000);
      yield* c.write(w, 'x', 1);
      yield* c.pthread_join(th);
      rec(got);
      yield* c.close(d);
    })).toEqual([[1, EPOLLIN, 1234]]);
  });
});
