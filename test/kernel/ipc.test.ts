// Pipes, eventfd, AF_UNIX socketpair and poll(2)/ppoll(2), as C-style programs
// on the machine: blocking across threads, capacities, EOF, and poll's revents.

import { describe, it, expect } from 'vitest';
import { runC } from './conformance/harness.ts';
import type { LibC, CGen } from '../../src/libc/libc.ts';
import {
  POLLIN, POLLOUT, POLLHUP, POLLNVAL, POLLERR, AF_UNIX, SOCK_STREAM, EFD_SEMAPHORE, EFD_NONBLOCK, MSG_PEEK, CLOCK_MONOTONIC, errnoName,
} from '../../src/kernel/uapi/index.ts';

type Rec = (v: unknown) => void;
function run(name: string, body: (c: LibC, rec: Rec) => CGen<number | void>): unknown[] {
  const got: unknown[] = [];
  const r = runC(name, function* (c) { return yield* body(c, (v) => { got.push(v); }); });
  expect(r.status).toBe(0);
  return got;
}

describe('pipes', () => {
  it('a blocked reader wakes when another thread writes, and reads EOF after the last writer closes', () => {
    expect(run('pipe-block', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const buf = yield* c.malloc(64);
      const th = yield* c.pthread_create(function* (cc: LibC) { yield* cc.usleep(5000); yield* cc.write(w, 'hello', 5); yield* cc.close(w); return 0; });
      const t0 = yield* c.clockGettime(CLOCK_MONOTONIC);
      rec(yield* c.read(r, buf, 64));
      rec((yield* c.clockGettime(CLOCK_MONOTONIC)) - t0 >= 5e6);
      rec(yield* c.peekString(buf, 5));
      rec(yield* c.read(r, buf, 64));
      yield* c.pthread_join(th);
    })).toEqual([5, true, 'hello', 0]);
  });

  it('a blocking write larger than the 64 KiB pipe completes as the reader drains it', () => {
    expect(run('pipe-big', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const N = 200_000;
      const src = yield* c.malloc(N); yield* c.memset(src, N);
      const th = yield* c.pthread_create(function* (cc: LibC) {
        const buf = yield* cc.malloc(8192); let total = 0;
        for (;;) { const n = yield* cc.read(r, buf, 8192); if (n <= 0) break; total += n; }
        rec(total);
        return 0;
      });
      rec(yield* c.write(w, src, N));
      yield* c.close(w);
      yield* c.pthread_join(th);
    })).toEqual([200_000, 200_000]);
  });
});

describe('eventfd', () => {
  it('returns the whole counter, or 1 at a time with EFD_SEMAPHORE, then EAGAIN when non-blocking', () => {
    expect(run('eventfd', function* (c, rec) {
      const a = yield* c.eventfd(3, EFD_NONBLOCK);
      yield* c.eventfd_write(a, 4);
      rec(yield* c.eventfd_read(a));
      rec(yield* c.eventfd_read(a));
      rec(errnoName(c.errno));
      const s = yield* c.eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
      rec(yield* c.eventfd_read(s));
      rec(yield* c.eventfd_read(s));
      rec(yield* c.eventfd_read(s));
    })).toEqual([7n, -1n, 'EAGAIN', 1n, 1n, -1n]);
  });
});

describe('AF_UNIX socketpair', () => {
  it('a byte written is readable by the peer before write returns; MSG_PEEK leaves it queued', () => {
    expect(run('unix', function* (c, rec) {
      const [a, b] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      const buf = yield* c.malloc(16);
      yield* c.write(a, 'w', 1);
      rec((yield* c.poll([{ fd: b, events: POLLIN }], 0)).n);
      rec(yield* c.recv(b, buf, 16, MSG_PEEK));
      rec(yield* c.recv(b, buf, 16, 0));
      rec(yield* c.peekString(buf, 1));
    })).toEqual([1, 1, 1, 'w']);
  });
});

describe('poll and ppoll', () => {
  it('reports POLLIN, POLLOUT, POLLHUP, POLLERR and POLLNVAL per descriptor', () => {
    expect(run('poll', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      yield* c.write(w, 'x', 1);
      const p1 = yield* c.poll([{ fd: r, events: POLLIN }, { fd: w, events: POLLOUT }, { fd: 99, events: POLLIN }, { fd: -1, events: POLLIN }], 0);
      rec(p1.n); rec(p1.revents);
      yield* c.close(w);
      const [r2, w2] = (yield* c.pipe()) as [number, number];
      yield* c.close(r2);
      const p2 = yield* c.poll([{ fd: r, events: POLLIN }, { fd: w2, events: POLLOUT }], 0);
      rec(p2.revents);
    })).toEqual([3, [POLLIN, POLLOUT, POLLNVAL, 0], [POLLIN | POLLHUP, POLLOUT | POLLERR]]);
  });

  it('ppoll times out after its timespec and a blocked poll wakes on a write', () => {
    expect(run('ppoll', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const t0 = yield* c.clockGettime(CLOCK_MONOTONIC);
      rec((yield* c.ppoll([{ fd: r, events: POLLIN }], 3e6, null)).n);
      rec((yield* c.clockGettime(CLOCK_MONOTONIC)) - t0 >= 3e6);
      const th = yield* c.pthread_create(function* (cc: LibC) { yield* cc.usleep(2000); yield* cc.write(w, 'x', 1); return 0; });
      rec((yield* c.poll([{ fd: r, events: POLLIN }], -1)).n);
      yield* c.pthread_join(th);
    })).toEqual([0, true, 1]);
  });
});

describe('poll with one file behind several fds', () => {
  it('a poller of a dup\'d pair and a second poller of the same pipe both wake on one write', () => {
    expect(run('poll-dup', function* (c, rec) {
      const [r, w] = (yield* c.pipe()) as [number, number];
      const d = yield* c.dup(r);
      const ids: number[] = [];
      ids.push(yield* c.pthread_create(function* (cc: LibC) { rec((yield* cc.poll([{ fd: r, events: POLLIN }], 500)).n); return 0; }));
      ids.push(yield* c.pthread_create(function* (cc: LibC) { rec((yield* cc.poll([{ fd: r, events: POLLIN }, { fd: d, events: POLLIN }], 500)).n); return 0; }));
      ids.push(yield* c.pthread_create(function* (cc: LibC) { rec((yield* cc.poll([{ fd: r, events: POLLIN }], 500)).n); return 0; }));
      yield* c.usleep(10_000);
      const t0 = yield* c.clockGettime(CLOCK_MONOTONIC);
      yield* c.write(w, 'x', 1);
      for (const id of ids) yield* c.pthread_join(id);
      rec((yield* c.clockGettime(CLOCK_MONOTONIC)) - t0 < 100e6 ? 'all woke at once' : 'one timed out');
    }).sort()).toEqual([1, 1, 2, 'all woke at once'].sort());
  });
});
