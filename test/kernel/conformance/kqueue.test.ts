// kqueue conformance on the darwin personality: the behaviours FreeBSD's kqueue
// regression tests (tests/sys/kqueue/libkqueue: main, read, user, timer) check,
// re-implemented as programs over the libSystem-like layer. Each test runs on the
// emulated machine (traps, the carry flag, BSD errno) and asserts the exact
// kevents returned. As in FreeBSD's harness, "no events" is a zero-timeout
// kevent returning 0; READ tests use an AF_UNIX SOCK_STREAM socketpair.

import { describe, it, expect } from 'vitest';
import { Machine } from '../../../src/machine/machine.ts';
import { Kernel } from '../../../src/kernel/kernel.ts';
import { DARWIN } from '../../../src/kernel/darwin/personality.ts';
import { darwinProgram, EV_SET, type LibSystem, type SGen, type Kevent } from '../../../src/libsystem/libsystem.ts';
import {
  AF_UNIX, SOCK_STREAM, EVFILT_READ, EVFILT_WRITE, EVFILT_TIMER, EVFILT_USER, EV_ADD, EV_DELETE, EV_ENABLE, EV_DISABLE,
  EV_ONESHOT, EV_CLEAR, EV_DISPATCH, EV_RECEIPT, EV_EOF, EV_ERROR, NOTE_TRIGGER, NOTE_FFOR, NOTE_FFCOPY, NOTE_USECONDS, NOTE_ABSOLUTE,
  EBADF, ENOENT, EINVAL, ENOSYS, errnoName, unixTrap,
} from '../../../src/kernel/uapi/darwin/index.ts';
import { rawSyscall } from '../../../src/libsystem/libsystem.ts';

type Rec = (v: unknown) => void;

/** Run one darwin program to completion; returns what it recorded, and its exit status. */
function run(body: (c: LibSystem, rec: Rec) => SGen<void>, cores = 2): unknown[] {
  const got: unknown[] = [];
  const m = new Machine({ cores, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m, { personality: DARWIN });
  m.probe.subscribe((e) => { if (e.kind === 'all_exited') m.halt('all exited'); });
  k.spawn(darwinProgram('kq', function* (c) { yield* body(c, (v) => { got.push(v); }); return 0; }), ['kq'], {});
  m.run(m.nsToCycles(30e9));
  const p = k.snapshot().procs[0]!;
  expect(p.exitStatus, p.stderr + k.klog.join('\n')).toBe(0);
  return got;
}

/** kevent with changes only, nothing to collect: 0 or -1/errno. */
function* change(c: LibSystem, kq: number, ...evs: Kevent[]): SGen<number | string> {
  const r = yield* c.kevent(kq, evs, 0, 0);
  return r === -1 ? errnoName(c.errno) : r.length;
}
/** Collect without waiting. */
function* poll(c: LibSystem, kq: number, n = 4): SGen<Kevent[] | string> {
  const r = yield* c.kevent(kq, [], n, 0);
  return r === -1 ? errnoName(c.errno) : r;
}
const ev = (ident: number, filter: number, flags: number, fflags: number, data: number, udata = 0): Kevent => ({ ident, filter, flags, fflags, data, udata });

function* pair(c: LibSystem): SGen<[number, number]> {
  const sv = yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0);
  if (sv === -1) throw new Error('socketpair failed');
  return sv;
}

describe('kqueue: the queue itself (main.c)', () => {
  it('kqueue() returns an fd, a fresh kqueue has no events, and close(kq) succeeds (1, 2)', () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      rec(kq >= 3);
      rec(yield* poll(c, kq));
      rec(yield* c.close(kq));
    })).toEqual([true, [], 0]);
  });

  it('kevent on an fd that is not a kqueue fails with EBADF, through the carry flag', () => {
    expect(run(function* (c, rec) {
      const r = yield* c.kevent(1, [], 1, 0);
      rec(r === -1 ? errnoName(c.errno) : r);
      rec(yield* rawSyscall(363, 999, 0, 0, 0, 0, 0)); // the raw value: -EBADF in BSD's numbering
    })).toEqual(['EBADF', -EBADF]);
  });

  it('Linux-only calls are not in the darwin table: epoll_create1 (291 as a BSD number) gets ENOSYS (78)', () => {
    expect(run(function* (_c, rec) {
      rec(yield* rawSyscall(291, 0));
      rec(ENOSYS);
    })).toEqual([-78, 78]);
  });
});

describe('kqueue: EVFILT_READ on a socket (read.c)', () => {
  it('EV_ADD succeeds; after a 1-byte write one level event with data=1 and the udata; none after reading it (3, 5)', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      rec(yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD, 0, 0, 0x1234)));
      rec(yield* poll(c, kq));
      yield* c.write(b, '.');
      rec(yield* poll(c, kq));
      rec(yield* poll(c, kq)); // level: still there while unread
      yield* c.read(a, c.scratch + 2048, 1);
      rec(yield* poll(c, kq));
    })).toEqual([0, [], [ev(3, EVFILT_READ, 0, 0, 1, 0x1234)], [ev(3, EVFILT_READ, 0, 0, 1, 0x1234)], []]);
  });

  it('EV_DELETE: a write to the peer afterwards produces no event (4)', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD));
      rec(yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_DELETE)));
      yield* c.write(b, '.');
      rec(yield* poll(c, kq));
    })).toEqual([0, []]);
  });

  it('EV_ADD|EV_DISABLE with data already there gives nothing; EV_ENABLE delivers it at once (6)', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* c.write(b, '.');
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD | EV_DISABLE));
      rec(yield* poll(c, kq));
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ENABLE));
      rec(yield* poll(c, kq));
    })).toEqual([[], [ev(3, EVFILT_READ, 0, 0, 1)]]);
  });

  it('EV_ONESHOT: one event, then none, and a following EV_DELETE fails with ENOENT (7)', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD | EV_ONESHOT));
      yield* c.write(b, '.');
      rec(yield* poll(c, kq));
      rec(yield* poll(c, kq));
      rec(yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_DELETE)));
    })).toEqual([[ev(3, EVFILT_READ, EV_ONESHOT, 0, 1)], [], 'ENOENT']);
  });

  it('EV_CLEAR: two 1-byte writes give one event with data=2; reading one byte brings no new event (8)', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD | EV_CLEAR));
      yield* c.write(b, '.'); yield* c.write(b, '.');
      rec(yield* poll(c, kq));
      yield* c.read(a, c.scratch + 2048, 1);
      rec(yield* poll(c, kq));
      yield* c.write(b, '.'); // new activity: a new event, with what is there now
      rec(yield* poll(c, kq));
    })).toEqual([[ev(3, EVFILT_READ, EV_CLEAR, 0, 2)], [], [ev(3, EVFILT_READ, EV_CLEAR, 0, 2)]]);
  });

  it('EV_DISPATCH: one event, then none though data remains; EV_DELETE then succeeds; EV_ENABLE re-arms (9)', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD | EV_DISPATCH));
      yield* c.write(b, '.');
      rec(yield* poll(c, kq));
      rec(yield* poll(c, kq));
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ENABLE));
      rec(yield* poll(c, kq));
      rec(yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_DELETE)));
    })).toEqual([[ev(3, EVFILT_READ, EV_DISPATCH, 0, 1)], [], [ev(3, EVFILT_READ, EV_DISPATCH, 0, 1)], 0]);
  });

  it('EOF: closing the peer gives an event with EV_EOF set, data 0, fflags 0 (10)', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD));
      yield* c.close(b);
      rec(yield* poll(c, kq));
    })).toEqual([[ev(3, EVFILT_READ, EV_EOF, 0, 0)]]);
  });

  it('EVFILT_WRITE reports the room to write in data', () => {
    const got = run(function* (c, rec) {
      const [a] = yield* pair(c); const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(a, EVFILT_WRITE, EV_ADD | EV_CLEAR));
      rec(yield* poll(c, kq));
    });
    expect(got).toEqual([[ev(3, EVFILT_WRITE, EV_CLEAR, 0, 212992)]]);
  });

  it('closing an fd drops its knotes: a new fd with the same number has none (knote_fdclose)', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD));
      yield* c.close(a);
      const [a2, b2] = yield* pair(c); // a2 takes a's number
      rec(a2 === a);
      yield* c.write(b2, '.');
      rec(yield* poll(c, kq));
      rec(yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_DELETE)));
      void b;
    })).toEqual([true, [], 'ENOENT']);
  });

  it('a closed dup does not drop the knotes of the fd that stays open', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      const d = yield* c.dup(a);
      yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD));
      yield* c.close(d);
      yield* c.write(b, '.');
      rec(yield* poll(c, kq));
    })).toEqual([[ev(3, EVFILT_READ, 0, 0, 1)]]);
  });
});

describe('kqueue: one kevent call, changes and events (kqueue(2))', () => {
  it('changes are applied first and the events returned by the same call', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* c.write(b, '..');
      rec(yield* c.kevent(kq, [EV_SET(a, EVFILT_READ, EV_ADD, 0, 0, 7), EV_SET(a, EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, 0, 8)], 4, 0));
    })).toEqual([[ev(3, EVFILT_READ, 0, 0, 2, 7), ev(3, EVFILT_WRITE, EV_CLEAR, 0, 212992, 8)]]);
  });

  it('a bad change becomes an EV_ERROR entry with the errno in data, and no events are collected', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* c.write(b, '.');
      rec(yield* c.kevent(kq, [EV_SET(a, EVFILT_READ, EV_ADD), EV_SET(99, EVFILT_READ, EV_ADD, 0, 0, 5), EV_SET(a, EVFILT_WRITE, EV_DELETE), EV_SET(a, 42, EV_ADD)], 8, 0));
      rec(yield* poll(c, kq)); // the good change was applied
    })).toEqual([
      [ev(99, EVFILT_READ, EV_ERROR, 0, EBADF, 5), ev(3, EVFILT_WRITE, EV_ERROR, 0, ENOENT), ev(3, 42, EV_ERROR, 0, EINVAL)],
      [ev(3, EVFILT_READ, 0, 0, 1)],
    ]);
  });

  it('with no room for events a bad change fails the call with its errno; earlier changes stay applied', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      rec(yield* change(c, kq, EV_SET(a, EVFILT_READ, EV_ADD), EV_SET(99, EVFILT_READ, EV_ADD), EV_SET(a, EVFILT_WRITE, EV_ADD)));
      yield* c.write(b, '.');
      rec(yield* poll(c, kq));
    })).toEqual(['EBADF', [ev(3, EVFILT_READ, 0, 0, 1)]]);
  });

  it('EV_RECEIPT returns an EV_ERROR entry with data 0 for a change that succeeded', () => {
    expect(run(function* (c, rec) {
      const [a] = yield* pair(c); const kq = yield* c.kqueue();
      rec(yield* c.kevent(kq, [EV_SET(a, EVFILT_READ, EV_ADD | EV_RECEIPT)], 2, 0));
    })).toEqual([[ev(3, EVFILT_READ, EV_ERROR, 0, 0)]]);
  });

  it('a blocking kevent sleeps until another thread makes the socket readable', () => {
    expect(run(function* (c, rec) {
      const [a, b] = yield* pair(c); const kq = yield* c.kqueue();
      yield* c.pthread_create(function* (t) { yield* t.usleep(2000); yield* t.write(b, 'xyz'); });
      rec(yield* c.kevent(kq, [EV_SET(a, EVFILT_READ, EV_ADD)], 1, null));
    })).toEqual([[ev(3, EVFILT_READ, 0, 0, 3)]]);
  });
});

describe('kqueue: EVFILT_USER (user.c)', () => {
  it('EV_ADD then EV_DELETE, no events either time (11)', () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      rec(yield* change(c, kq, EV_SET(1, EVFILT_USER, EV_ADD)));
      rec(yield* poll(c, kq));
      rec(yield* change(c, kq, EV_SET(1, EVFILT_USER, EV_DELETE)));
      rec(yield* poll(c, kq));
    })).toEqual([0, [], 0, []]);
  });

  it('EV_ADD|EV_CLEAR, then NOTE_TRIGGER: one event, flags EV_CLEAR, fflags without the control bits; then none (12)', () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(1, EVFILT_USER, EV_ADD | EV_CLEAR, NOTE_FFCOPY | 0x5));
      yield* change(c, kq, EV_SET(1, EVFILT_USER, 0, NOTE_TRIGGER | NOTE_FFOR | 0x2));
      rec(yield* poll(c, kq));
      rec(yield* poll(c, kq));
    })).toEqual([[ev(1, EVFILT_USER, EV_CLEAR, 0x7, 0)], []]);
  });

  it('EV_DISABLE then trigger: nothing; EV_ENABLE then trigger: the event (13)', () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(1, EVFILT_USER, EV_ADD | EV_CLEAR));
      yield* change(c, kq, EV_SET(1, EVFILT_USER, EV_DISABLE));
      yield* change(c, kq, EV_SET(1, EVFILT_USER, 0, NOTE_TRIGGER));
      rec(yield* poll(c, kq));
      yield* change(c, kq, EV_SET(1, EVFILT_USER, EV_ENABLE));
      yield* change(c, kq, EV_SET(1, EVFILT_USER, 0, NOTE_TRIGGER));
      rec(yield* poll(c, kq));
    })).toEqual([[], [ev(1, EVFILT_USER, EV_CLEAR, 0, 0)]]);
  });

  it('EV_ONESHOT: a trigger gives one event with flags EV_ONESHOT; then none (14)', () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(1, EVFILT_USER, EV_ADD | EV_ONESHOT));
      yield* change(c, kq, EV_SET(1, EVFILT_USER, 0, NOTE_TRIGGER));
      rec(yield* poll(c, kq));
      rec(yield* poll(c, kq));
    })).toEqual([[ev(1, EVFILT_USER, EV_ONESHOT, 0, 0)], []]);
  });

  it("Go's netpollBreak: EV_ENABLE|NOTE_TRIGGER wakes a kevent blocked in another thread; EV_DISABLE drains it", () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(0xee1eb9f4, EVFILT_USER, EV_ADD));
      yield* c.pthread_create(function* (t) { yield* t.usleep(1000); yield* change(t, kq, EV_SET(0xee1eb9f4, EVFILT_USER, EV_ENABLE, NOTE_TRIGGER)); });
      rec(yield* c.kevent(kq, [], 4, null));
      yield* change(c, kq, EV_SET(0xee1eb9f4, EVFILT_USER, EV_DISABLE));
      rec(yield* poll(c, kq));
    })).toEqual([[ev(0xee1eb9f4, EVFILT_USER, 0, 0, 0)], []]);
  });
});

describe('kqueue: EVFILT_TIMER (timer.c)', () => {
  it('EV_ADD data=1000 ms succeeds; EV_DELETE succeeds and nothing comes after (15)', () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      rec(yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD, 0, 1000)));
      rec(yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_DELETE)));
      rec(yield* c.kevent(kq, [], 1, 1_500_000_000));
    })).toEqual([0, 0, []]);
  });

  it('the returned event has EV_CLEAR added and data=1 (16); a periodic timer fires again a period later (18)', () => {
    const got = run(function* (c, rec) {
      const kq = yield* c.kqueue();
      const t0 = yield* c.mach_absolute_time();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD, 0, 100));
      rec(yield* c.kevent(kq, [], 1, null));
      const t1 = yield* c.mach_absolute_time();
      rec(yield* c.kevent(kq, [], 1, null));
      const t2 = yield* c.mach_absolute_time();
      rec([Math.round((t1 - t0) / 3e6), Math.round((t2 - t1) / 3e6)]); // ms at 3 GHz
    });
    expect(got).toEqual([[ev(1, EVFILT_TIMER, EV_CLEAR, 0, 1)], [ev(1, EVFILT_TIMER, EV_CLEAR, 0, 1)], [100, 100]]);
  });

  it('EV_ONESHOT 500 ms: one event with data=1, nothing in the next 3 s (17)', () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 500));
      rec(yield* c.kevent(kq, [], 1, null));
      rec(yield* c.kevent(kq, [], 1, 3e9));
    })).toEqual([[ev(1, EVFILT_TIMER, EV_CLEAR | EV_ONESHOT, 0, 1)], []]);
  });

  it('expirations not collected add up in data', () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD, NOTE_USECONDS, 1000));
      yield* c.usleep(3500);
      rec(yield* poll(c, kq));
    })).toEqual([[ev(1, EVFILT_TIMER, EV_CLEAR, 0, 3)]]);
  });

  it('re-adding a timer restarts it with the new period and discards undelivered expirations (23, 25)', () => {
    const got = run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD, 0, 1));
      yield* c.usleep(2500); // two expirations wait
      const t0 = yield* c.mach_absolute_time();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD, 0, 10, 9));
      rec(yield* c.kevent(kq, [], 1, null));
      rec(Math.round(((yield* c.mach_absolute_time()) - t0) / 3e6));
    });
    expect(got).toEqual([[ev(1, EVFILT_TIMER, EV_CLEAR, 0, 1, 9)], 10]);
  });

  it('EV_DISABLE/EV_ENABLE on a oneshot timer: disabled gives nothing; enabled, it fires (28)', () => {
    expect(run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD | EV_ONESHOT | EV_DISABLE, 0, 5));
      rec(yield* c.kevent(kq, [], 1, 20e6));
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ENABLE));
      rec(yield* c.kevent(kq, [], 1, 20e6));
    })).toEqual([[], [ev(1, EVFILT_TIMER, EV_CLEAR | EV_ONESHOT, 0, 1)]]);
  });

  /** The realtime clock in µs (gettimeofday), what NOTE_ABSOLUTE|NOTE_USECONDS deadlines are on. */
  function* nowUs(c: LibSystem): SGen<number> {
    const buf = c.proc.staticAlloc(16);
    yield* rawSyscall(116 /* gettimeofday */, buf, 0);
    const b = yield* c.peek(buf, 16); const dv = new DataView(b.buffer, b.byteOffset, 16);
    return Number(dv.getBigInt64(0, true)) * 1e6 + dv.getInt32(8, true);
  }

  it('NOTE_ABSOLUTE|NOTE_USECONDS one-shot at now + 3 s: not delivered early, then once, with fflags 0 and no EV_CLEAR (19)', () => {
    const got = run(function* (c, rec) {
      const kq = yield* c.kqueue();
      const t0 = yield* c.mach_absolute_time();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_ABSOLUTE | NOTE_USECONDS, (yield* nowUs(c)) + 3_000_000));
      rec(yield* c.kevent(kq, [], 1, 2_900_000_000));
      rec(yield* c.kevent(kq, [], 1, null));
      rec(Math.round(((yield* c.mach_absolute_time()) - t0) / 3e6) >= 3000);
      rec(yield* c.kevent(kq, [], 1, 3e9));
    });
    expect(got).toEqual([[], [ev(1, EVFILT_TIMER, EV_ONESHOT, 0, 1)], true, []]);
  });

  for (const [n, what, data] of [[20, 'the epoch (data = 0)', () => 0], [21, 'a time before boot', (now: number) => now - 10_000_000_000], [22, 'one second in the past', (now: number) => now - 1_000_000]] as const) {
    it(`NOTE_ABSOLUTE at ${what} fires at once with data = 1, not rejected (${n})`, () => {
      expect(run(function* (c, rec) {
        const kq = yield* c.kqueue();
        const d = Math.max(0, data(yield* nowUs(c)));
        rec(yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_ABSOLUTE | NOTE_USECONDS, d)));
        yield* c.usleep(1);
        rec(yield* poll(c, kq));
      })).toEqual([0, [ev(1, EVFILT_TIMER, EV_ONESHOT, 0, 1)]]);
    });
  }

  it('re-adding a timer with the same parameters restarts its countdown from the re-add (24)', () => {
    const got = run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_USECONDS, 1000));
      yield* c.usleep(600);
      const t0 = yield* c.mach_absolute_time();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_USECONDS, 1000));
      rec(yield* c.kevent(kq, [], 1, null));
      rec(((yield* c.mach_absolute_time()) - t0) / 3e3 >= 1000); // µs at 3 GHz
    });
    expect(got).toEqual([[ev(1, EVFILT_TIMER, EV_CLEAR | EV_ONESHOT, 0, 1)], true]);
  });

  it('re-adding a 1 ms one-shot after 500-1499 µs: exactly one event, at least 1 ms after the re-add, never a second (26)', () => {
    const got = run(function* (c, rec) {
      const kq = yield* c.kqueue();
      for (let delay = 500; delay < 1500; delay += 125) {
        yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_USECONDS, 1000));
        yield* c.usleep(delay);
        const t0 = yield* c.mach_absolute_time();
        yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_USECONDS, 1000));
        const e = yield* c.kevent(kq, [], 2, null);
        const us = ((yield* c.mach_absolute_time()) - t0) / 3e3;
        const more = yield* c.kevent(kq, [], 1, 5_000_000);
        rec(e !== -1 && e.length === 1 && e[0]!.data === 1 && us >= 1000 && more !== -1 && more.length === 0);
      }
    });
    expect(got).toEqual(Array(8).fill(true));
  });

  it('re-adding a periodic timer with a 2000 ms period uses the new period (27)', () => {
    const got = run(function* (c, rec) {
      const kq = yield* c.kqueue();
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD, 0, 1000));
      yield* c.kevent(kq, [], 1, null);
      yield* change(c, kq, EV_SET(1, EVFILT_TIMER, EV_ADD, 0, 2000));
      const t0 = yield* c.mach_absolute_time();
      yield* c.kevent(kq, [], 1, null);
      const t1 = yield* c.mach_absolute_time();
      yield* c.kevent(kq, [], 1, null);
      const t2 = yield* c.mach_absolute_time();
      rec([Math.round((t1 - t0) / 3e6), Math.round((t2 - t1) / 3e6)]);
    });
    expect(got).toEqual([[2000, 2000]]);
  });
});

void unixTrap;
