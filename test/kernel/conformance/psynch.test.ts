// psynch conformance on the darwin personality: libpthread's condition variables
// over __psynch_cvwait / __psynch_cvsignal / __psynch_cvbroad, as programs over the
// libSystem-like layer on the emulated machine. Each test names the behaviour and
// asserts exact results, including which calls reached the kernel.

import { describe, it, expect } from 'vitest';
import { Machine } from '../../../src/machine/machine.ts';
import { Kernel } from '../../../src/kernel/kernel.ts';
import { DARWIN } from '../../../src/kernel/darwin/personality.ts';
import { darwinProgram, rawSyscall, type LibSystem, type SGen } from '../../../src/libsystem/libsystem.ts';
import { psynchCvwait } from '../../../src/libsystem/pthread.ts';
import { SYS, ETIMEDOUT, EINVAL, PTHRW_INC, pthread_cond_s, PROT_READ, PROT_WRITE, MAP_PRIVATE, MAP_ANON } from '../../../src/kernel/uapi/darwin/index.ts';

type Rec = (v: unknown) => void;
interface Ran { got: unknown[]; syscalls: Record<string, { calls: number; errors: number }> }

function run(body: (c: LibSystem, rec: Rec) => SGen<void>, cores = 2): Ran {
  const got: unknown[] = [];
  const m = new Machine({ cores, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m, { personality: DARWIN });
  m.probe.subscribe((e) => { if (e.kind === 'all_exited') m.halt('all exited'); });
  k.spawn(darwinProgram('psynch', function* (c) { yield* body(c, (v) => { got.push(v); }); return 0; }), ['psynch'], {});
  m.run(m.nsToCycles(30e9));
  const p = k.snapshot().procs[0]!;
  expect(p.exitStatus, p.stderr + k.klog.join('\n')).toBe(0);
  return { got, syscalls: p.syscalls };
}

/** A zeroed page: a mutex at 0, a cond at 16, a counter at 64 (PTHREAD_*_INITIALIZER are zeros). */
function* objects(c: LibSystem): SGen<{ m: number; cv: number; woke: number }> {
  const p = yield* c.mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON);
  return { m: p, cv: p + 16, woke: p + 64 };
}

/** `n` threads that each wait once on cv under m, then count themselves in `woke`. */
function* waiters(c: LibSystem, n: number, cv: number, m: number, woke: number): SGen<void> {
  for (let i = 0; i < n; i++) {
    yield* c.pthread_create(function* (t) {
      yield* t.pthread_mutex_lock(m);
      yield* t.pthread_cond_wait(cv, m);
      yield* t.storeU32(woke, (yield* t.loadU32(woke)) + 1);
      yield* t.pthread_mutex_unlock(m);
    });
  }
  yield* c.usleep(2000); // all of them in psynch_cvwait
}

describe('psynch: pthread condition variables on darwin', () => {
  it('pthread_cond_signal wakes exactly one of three waiters, through one __psynch_cvsignal', () => {
    const r = run(function* (c, rec) {
      const { m, cv, woke } = yield* objects(c);
      yield* waiters(c, 3, cv, m, woke);
      rec(yield* c.loadU32(woke));
      yield* c.pthread_mutex_lock(m); rec(yield* c.pthread_cond_signal(cv)); yield* c.pthread_mutex_unlock(m);
      yield* c.usleep(2000);
      rec(yield* c.loadU32(woke));
      yield* c.pthread_cond_broadcast(cv); // let the other two go before exit
      yield* c.usleep(2000);
    });
    expect(r.got).toEqual([0, 0, 1]);
    expect(r.syscalls.psynch_cvsignal).toMatchObject({ calls: 1, errors: 0 });
    expect(r.syscalls.psynch_cvwait).toMatchObject({ calls: 3, errors: 0 });
  });

  it('pthread_cond_broadcast wakes all three waiters with one __psynch_cvbroad', () => {
    const r = run(function* (c, rec) {
      const { m, cv, woke } = yield* objects(c);
      yield* waiters(c, 3, cv, m, woke);
      rec(yield* c.pthread_cond_broadcast(cv));
      yield* c.usleep(2000);
      rec(yield* c.loadU32(woke));
      // L and S agree again: nobody waits.
      rec([(yield* c.loadU32(cv + pthread_cond_s.lseq)) === (yield* c.loadU32(cv + pthread_cond_s.sseq))]);
    });
    expect(r.got).toEqual([0, 3, [true]]);
    expect(r.syscalls.psynch_cvbroad).toMatchObject({ calls: 1, errors: 0 });
  });

  it('pthread_cond_timedwait_relative_np with no signal returns ETIMEDOUT after the time, holding the mutex again', () => {
    const r = run(function* (c, rec) {
      const { m, cv } = yield* objects(c);
      yield* c.pthread_mutex_lock(m);
      const t0 = yield* c.mach_absolute_time();
      rec(yield* c.pthread_cond_timedwait_relative_np(cv, m, 5e6));
      const waited = ((yield* c.mach_absolute_time()) - t0) / 3; // ns at 3 GHz
      rec(waited >= 5e6 && waited < 6e6);
      rec(yield* c.loadU32(m)); // held by us
      // Our slot was given back: L = S, a later signal makes no call.
      rec((yield* c.loadU32(cv + pthread_cond_s.lseq)) === (yield* c.loadU32(cv + pthread_cond_s.sseq)));
    });
    expect(r.got).toEqual([ETIMEDOUT, true, 1, true]);
    expect(r.syscalls.psynch_cvwait).toMatchObject({ calls: 1, errors: 1 });
  });

  it('a signal with no waiter is not remembered: it makes no call, and a wait after it times out', () => {
    const r = run(function* (c, rec) {
      const { m, cv } = yield* objects(c);
      rec(yield* c.pthread_cond_signal(cv));
      rec(yield* c.pthread_cond_broadcast(cv));
      yield* c.pthread_mutex_lock(m);
      rec(yield* c.pthread_cond_timedwait_relative_np(cv, m, 1e6));
      yield* c.pthread_mutex_unlock(m);
    });
    expect(r.got).toEqual([0, 0, ETIMEDOUT]);
    expect(r.syscalls.psynch_cvsignal).toBeUndefined();
    expect(r.syscalls.psynch_cvbroad).toBeUndefined();
  });

  it('a signal for a waiter counted in L but not yet in the kernel is kept as a prepost: its __psynch_cvwait returns at once', () => {
    const r = run(function* (c, rec) {
      const { cv } = yield* objects(c);
      yield* c.storeU32(cv + pthread_cond_s.lseq, PTHRW_INC); // the waiter has counted itself...
      yield* c.storeU32(cv + pthread_cond_s.sseq, PTHRW_INC); // ...and the signaller counted it in S
      rec(yield* rawSyscall(SYS.psynch_cvsignal, cv, PTHRW_INC, PTHRW_INC, 0, 0, 0)); // nobody sleeps yet
      const t0 = yield* c.mach_absolute_time();
      rec(yield* psynchCvwait(cv, PTHRW_INC, 0, 0, -1, c.scratch)); // no timeout
      rec((yield* c.mach_absolute_time()) - t0 < 3e6); // well under a millisecond
    });
    expect(r.got).toEqual([0, 0, true]);
  });

  it('__psynch_cvwait with L = S (a wait user space did not count) and on an unaligned address fails with EINVAL', () => {
    const r = run(function* (c, rec) {
      const { cv } = yield* objects(c);
      rec(yield* psynchCvwait(cv, PTHRW_INC, PTHRW_INC, 0, -1, c.scratch));
      rec(yield* psynchCvwait(cv + 1, 2 * PTHRW_INC, PTHRW_INC, 0, -1, c.scratch));
    });
    expect(r.got).toEqual([-EINVAL, -EINVAL]);
  });
});
