// The runtime's face to the kernel (Go's os_linux.go, sys_linux_amd64.s,
// lock_futex.go): raw syscalls, notes on futex words, threads made with clone,
// signal set-up. The runtime never goes through libc: every call is a trap with
// Linux's numbers, and every buffer is runtime-owned memory.

import * as __instr from '../machine/instr.ts';
// Imported bindings read once: module-namespace getters cost on the hot path.
const { trap, atomic, store, RDTSC } = __instr;
import {
  SYS, FUTEX_WAIT_PRIVATE, FUTEX_WAKE_PRIVATE, SIG_SETMASK, SA_SIGINFO, SA_ONSTACK, SA_RESTART, SA_RESTORER,
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_SYSVSEM, CLONE_THREAD, CLONE_SETTLS,
} from '../kernel/uapi/index.ts';
import type { Gen } from './runtime2.ts';

/** os_linux.go cloneFlags (+ CLONE_SETTLS, as strace shows for pure-Go binaries). */
export const cloneFlags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_SYSVSEM | CLONE_THREAD | CLONE_SETTLS;

const tsBuf = new Uint8Array(16);
const tsView = new DataView(tsBuf.buffer);
export function timespecBytes(ns: number): Uint8Array {
  if (ns < 0) ns = 0;
  tsView.setBigInt64(0, BigInt(Math.floor(ns / 1e9)), true);
  tsView.setBigInt64(8, BigInt(Math.floor(ns % 1e9)), true);
  return tsBuf;
}

/** nanotime through the vDSO: the TSC scaled by the clock the vDSO page gives. */
export function* nanotime(cyclesPerNs: number): Gen<number> {
  const c: number = yield RDTSC; // rdtsc without a generator of its own
  return Math.floor(c / cyclesPerNs);
}

/** usleep: nanosleep(2) with a timespec in `buf`. */
export function* usleep(us: number, buf: number): Gen<void> {
  yield* store(buf, timespecBytes(us * 1000));
  yield* trap(SYS.nanosleep, buf, 0);
}

/** futexsleep(addr, val, ns): FUTEX_WAIT_PRIVATE, relative timeout when ns >= 0. */
export function* futexsleep(addr: number, val: number, ns: number, buf: number): Gen<number> {
  let ts = 0;
  if (ns >= 0) { yield* store(buf, timespecBytes(ns)); ts = buf; }
  return yield* trap(SYS.futex, addr, FUTEX_WAIT_PRIVATE, val, ts);
}

export function* futexwakeup(addr: number, n: number): Gen<number> {
  return yield* trap(SYS.futex, addr, FUTEX_WAKE_PRIVATE, n);
}

// --- notes (lock_futex.go): a one-shot wakeup on a futex word --------------------------

export function* noteclear(addr: number): Gen<void> { yield* atomic('store', addr, 0); }

export function* notewakeup(addr: number): Gen<void> {
  const old: number = yield* atomic('xchg', addr, 1);
  if (old !== 0) return; // already woken
  yield* futexwakeup(addr, 1);
}

/** notesleep: wait until the note is woken, then clear it. */
export function* notesleep(addr: number, buf: number): Gen<void> {
  for (;;) {
    const v: number = yield* atomic('load', addr);
    if (v !== 0) break;
    yield* futexsleep(addr, 0, -1, buf);
  }
  yield* noteclear(addr);
}

/** notetsleep: wait at most `ns`; true if woken (the note is cleared), false on timeout. */
export function* notetsleep(addr: number, ns: number, buf: number, cyclesPerNs: number): Gen<boolean> {
  const deadline = (yield* nanotime(cyclesPerNs)) + ns;
  for (;;) {
    const v: number = yield* atomic('load', addr);
    if (v !== 0) { yield* noteclear(addr); return true; }
    const now = yield* nanotime(cyclesPerNs);
    if (now >= deadline) return false;
    yield* futexsleep(addr, 0, deadline - now, buf);
  }
}

const sigsetBuf = new Uint8Array(8);
/** rt_sigprocmask(SIG_SETMASK, set) with the set staged at `buf`; the old mask lands at buf+8. */
export function* sigprocmask(set: bigint, buf: number): Gen<void> {
  new DataView(sigsetBuf.buffer).setBigUint64(0, BigInt.asUintN(64, set), true);
  yield* store(buf, sigsetBuf);
  yield* trap(SYS.rt_sigprocmask, SIG_SETMASK, buf, buf + 8, 8);
}

/** setsig: rt_sigaction(sig, {handler, SA_SIGINFO|SA_ONSTACK|SA_RESTART|SA_RESTORER, mask all}). */
export function* setsig(sig: number, handler: number, buf: number): Gen<number> {
  const b = new Uint8Array(32); const dv = new DataView(b.buffer);
  dv.setBigUint64(0, BigInt(handler), true);
  dv.setBigUint64(8, BigInt((SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_RESTORER) >>> 0), true);
  dv.setBigUint64(24, 0xffff_ffff_ffff_ffffn, true);
  yield* store(buf, b);
  return yield* trap(SYS.rt_sigaction, sig, buf, 0, 8);
}

/** signalstack: sigaltstack({sp, 0, size}). */
export function* signalstack(sp: number, size: number, buf: number): Gen<number> {
  const b = new Uint8Array(24); const dv = new DataView(b.buffer);
  dv.setBigUint64(0, BigInt(sp), true); dv.setInt32(8, 0, true); dv.setBigUint64(16, BigInt(size), true);
  yield* store(buf, b);
  return yield* trap(SYS.sigaltstack, buf, 0);
}

/** write(2) of bytes staged at `buf` (the caller stores them first). Loops on short writes. */
export function* writeAll(fd: number, buf: number, n: number): Gen<number> {
  let done = 0;
  while (done < n) {
    const r: number = yield* trap(SYS.write, fd, buf + done, n - done);
    if (r < 0) return r;
    done += r;
  }
  return done;
}
