// libsystem_pthread's mutexes and condition variables, as libpthread builds them
// on XNU: a mutex is a 32-bit word parked on with __ulock_wait/__ulock_wake when
// contended (the ulock-based first-fit mutex of macOS 11 on; 0 free, 1 held, 2
// held with waiters), and a condition variable is libpthread's psynch protocol —
// user space counts waits (L) and signals (S) in the cond, and only a call that
// has a waiter to wake traps: __psynch_cvwait, __psynch_cvsignal, __psynch_cvbroad
// (and __psynch_cvclrprepost after a timed-out wait a signal had already counted).
// The kernel half is src/kernel/darwin/psynch.ts. Each function takes the address
// of a scratch buffer the thread owns: cvwait's sec/nsec go on a stack there.
//
// Used by C programs through LibSystem, and by the Go-style runtime's semasleep
// (os_darwin.ts), which is pthread_mutex + pthread_cond as Go's is on macOS.

import { atomic, store, setsp, rdreg, REG_RSP, type Instr } from '../machine/instr.ts';
import { SYS, UL_COMPARE_AND_WAIT, PTHRW_INC, pthread_cond_s, ETIMEDOUT, EINTR } from '../kernel/uapi/darwin/index.ts';
import { rawSyscall } from './libsystem.ts';

type PGen<T> = Generator<Instr, T, any>;

/** pthread_mutex_lock: take the word 0 → 1, else mark it contended (2) and park on it. */
export function* mutexLock(m: number): PGen<number> {
  if ((yield* atomic('cas', m, 0, 1)) === 0) return 0;
  while ((yield* atomic('xchg', m, 2)) !== 0) yield* rawSyscall(SYS.__ulock_wait, UL_COMPARE_AND_WAIT, m, 2, 0);
  return 0;
}

/** pthread_mutex_unlock: release; wake one parked thread if the word said there were some. */
export function* mutexUnlock(m: number): PGen<number> {
  if ((yield* atomic('xchg', m, 0)) === 2) yield* rawSyscall(SYS.__ulock_wake, UL_COMPARE_AND_WAIT, m, 0);
  return 0;
}

const u32 = (v: number): number => v >>> 0;

/**
 * The __psynch_cvwait stub: arguments seven and eight (sec, nsec; both 0 = no timeout) go
 * on a stack in `buf`, above a return-address slot. The value, or a negative errno.
 */
export function* psynchCvwait(cv: number, l: number, s: number, m: number, relNs: number, buf: number): PGen<number> {
  const sp0: number = yield rdreg(REG_RSP);
  const sp = Math.floor((buf + 2048) / 16) * 16; // addresses pass 2^32: no bitwise ops
  const args = new Uint8Array(24); const dv = new DataView(args.buffer);
  if (relNs >= 0) {
    const ns = Math.max(1, Math.ceil(relNs));
    dv.setBigInt64(8, BigInt(Math.floor(ns / 1e9)), true); dv.setUint32(16, ns % 1e9, true);
  }
  yield* store(sp, args);
  yield* setsp(sp);
  const r = yield* rawSyscall(SYS.psynch_cvwait, cv, l, s, m, 0, 0);
  yield* setsp(sp0);
  return r;
}

/**
 * pthread_cond_wait / pthread_cond_timedwait_relative_np (relNs < 0: no timeout):
 * count the wait in L, drop the mutex, __psynch_cvwait, take the mutex again.
 * 0 when woken (or spuriously: EINTR), ETIMEDOUT when the time ran out.
 */
export function* condWait(cv: number, m: number, relNs: number, buf: number): PGen<number> {
  const l = u32((yield* atomic('add', cv + pthread_cond_s.lseq, PTHRW_INC)) + PTHRW_INC);
  const s: number = yield* atomic('load', cv + pthread_cond_s.sseq);
  yield* mutexUnlock(m);
  const r = yield* psynchCvwait(cv, l, s, m, relNs, buf);
  let err = 0;
  if (r === -ETIMEDOUT) {
    err = ETIMEDOUT;
    // _pthread_cond_updateval: give back our slot if no signal counted it; if one did, the
    // kernel holds a prepost for us that nobody will take.
    for (;;) {
      const s2: number = yield* atomic('load', cv + pthread_cond_s.sseq);
      const l2: number = yield* atomic('load', cv + pthread_cond_s.lseq);
      if (u32(s2) === u32(l2)) { yield* rawSyscall(SYS.psynch_cvclrprepost, cv, l2, 0, s2, 1, 0); break; }
      if ((yield* atomic('cas', cv + pthread_cond_s.sseq, s2, u32(s2 + PTHRW_INC))) === s2) break;
    }
  } else if (r < 0 && r !== -EINTR) {
    err = -r;
  }
  yield* mutexLock(m);
  return err;
}

/** pthread_cond_signal: nothing to do when L = S (nobody waits: not remembered); else count one in S and trap. */
export function* condSignal(cv: number): PGen<number> {
  for (;;) {
    const l: number = yield* atomic('load', cv + pthread_cond_s.lseq);
    const s: number = yield* atomic('load', cv + pthread_cond_s.sseq);
    if (u32(l) === u32(s)) return 0;
    const ns = u32(s + PTHRW_INC);
    if ((yield* atomic('cas', cv + pthread_cond_s.sseq, s, ns)) !== s) continue;
    yield* rawSyscall(SYS.psynch_cvsignal, cv, l, ns, 0, 0, 0);
    return 0;
  }
}

/** pthread_cond_broadcast: S catches up with L, and the kernel wakes every waiter counted in between. */
export function* condBroadcast(cv: number): PGen<number> {
  for (;;) {
    const l: number = yield* atomic('load', cv + pthread_cond_s.lseq);
    const s: number = yield* atomic('load', cv + pthread_cond_s.sseq);
    if (u32(l) === u32(s)) return 0;
    if ((yield* atomic('cas', cv + pthread_cond_s.sseq, s, l)) !== s) continue;
    yield* rawSyscall(SYS.psynch_cvbroad, cv, l, s, 0, 0, 0);
    return 0;
  }
}
