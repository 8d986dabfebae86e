// The runtime's face to the kernel (Go's os_linux.go, sys_linux_amd64.s,
// lock_futex.go): raw syscalls, notes on futex words, threads made with clone,
// signal set-up. The runtime never goes through libc: every call is a trap with
// Linux's numbers, and every buffer is runtime-owned memory.

import { trap, trapInstr, trapInPlace, atomicInstr, load, store, RDTSC } from '../machine/instr.ts';
import {
  SYS, FUTEX_WAIT_PRIVATE, FUTEX_WAKE_PRIVATE, SIG_SETMASK, SIG_UNBLOCK, SA_SIGINFO, SA_ONSTACK, SA_RESTART, SA_RESTORER,
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_SYSVSEM, CLONE_THREAD, CLONE_SETTLS,
  EAGAIN, EINTR, EINPROGRESS, ECONNABORTED, SIGURG, ARCH_SET_FS, O_CLOEXEC, O_NONBLOCK, MAP_PRIVATE, MAP_ANONYMOUS, MAP_NORESERVE,
  PROT_READ, PROT_WRITE, MADV_DONTNEED, SOMAXCONN, AF_INET, SOCK_STREAM, SOCK_NONBLOCK, SOCK_CLOEXEC, SOL_SOCKET, SO_REUSEADDR, SO_ERROR,
  errnoName, strerror,
} from '../kernel/uapi/index.ts';
import type { Gen } from './runtime2.ts';
import type { OS, Accepted, Blocking } from './os.ts';
import { epollNetpoller } from './netpoll_epoll.ts';
import { SIGTAB_LINUX } from './sigtab.ts';

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
  return yield trapInstr(SYS.futex, addr, FUTEX_WAIT_PRIVATE, val, ts);
}

export function* futexwakeup(addr: number, n: number): Gen<number> {
  return yield trapInstr(SYS.futex, addr, FUTEX_WAKE_PRIVATE, n);
}

// --- notes (lock_futex.go): a one-shot wakeup on a futex word --------------------------
// An idle M sleeps and is woken on its note tens of thousands of times a second under a
// ping-pong (wakep finds it nothing to steal): the notes yield their atomics and traps as
// records, one generator level each, not through atomic()/trap() wrappers.

export function* noteclear(addr: number): Gen<void> { yield atomicInstr('store', addr, 0); }

export function* notewakeup(addr: number): Gen<void> {
  const old: number = yield atomicInstr('xchg', addr, 1);
  if (old !== 0) return; // already woken
  yield trapInstr(SYS.futex, addr, FUTEX_WAKE_PRIVATE, 1);
}

/** notesleep: wait until the note is woken, then clear it. */
export function* notesleep(addr: number, _buf: number): Gen<void> {
  for (;;) {
    const v: number = yield atomicInstr('load', addr);
    if (v !== 0) break;
    yield trapInstr(SYS.futex, addr, FUTEX_WAIT_PRIVATE, 0, 0); // futexsleep(addr, 0, -1): no timeout
  }
  yield atomicInstr('store', addr, 0); // noteclear
}

/** notetsleep: wait at most `ns`; true if woken (the note is cleared), false on timeout. */
export function* notetsleep(addr: number, ns: number, buf: number, cyclesPerNs: number): Gen<boolean> {
  const deadline = (yield* nanotime(cyclesPerNs)) + ns;
  for (;;) {
    const v: number = yield atomicInstr('load', addr);
    if (v !== 0) { yield atomicInstr('store', addr, 0); return true; }
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

// --- the OS interface (os.ts) for linux -----------------------------------------------------

const u32le = (v: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); return b; };

/** struct sockaddr_in as Linux lays it out: a 16-bit family first. */
function sockaddrIn(addr: number, port: number): Uint8Array {
  const b = new Uint8Array(16); const dv = new DataView(b.buffer);
  dv.setUint16(0, AF_INET, true); dv.setUint16(2, port, false); dv.setUint32(4, addr >>> 0, false);
  return b;
}

export const linuxOS: OS = {
  GOOS: 'linux',
  E: { EAGAIN, EINTR, EINPROGRESS, ECONNABORTED },
  SIGURG,
  errnoName, strerror,
  read: (fd, buf, n) => trap(SYS.read, fd, buf, n),
  write: (fd, buf, n) => trap(SYS.write, fd, buf, n),
  readInPlace: (fd, buf, n) => trapInPlace(SYS.read, fd, buf, n),
  writeInPlace: (fd, buf, n) => trapInPlace(SYS.write, fd, buf, n),
  close: (fd) => trap(SYS.close, fd),
  pipesPollable: true,
  *pipe(buf, nonblock) {
    const r = yield* trap(SYS.pipe2, buf, O_CLOEXEC | (nonblock ? O_NONBLOCK : 0));
    if (r < 0) return r;
    const b: Uint8Array = yield* load(buf, 8);
    const dv = new DataView(b.buffer, b.byteOffset, 8);
    return [dv.getInt32(0, true), dv.getInt32(4, true)];
  },
  mmap: (len, reserveOnly = true) => trap(SYS.mmap, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | (reserveOnly ? MAP_NORESERVE : 0), -1, 0),
  munmap: (addr, len) => trap(SYS.munmap, addr, len),
  madviseDontneed: (addr, len) => trap(SYS.madvise, addr, len, MADV_DONTNEED),
  getpid: () => trap(SYS.getpid),
  *exit(code) { for (;;) yield* trap(SYS.exit_group, code); },
  newosproc: (sp, tls) => trap(SYS.clone, cloneFlags, sp, 0, 0, tls),
  gettid: () => trap(SYS.gettid),
  *settls(tls) { yield* trap(SYS.arch_prctl, ARCH_SET_FS, tls); },
  /** getproccount: the affinity mask's bits (sched_getaffinity). */
  *getproccount(buf) {
    const r: number = yield* trap(SYS.sched_getaffinity, 0, 8, buf);
    if (r <= 0) return 1;
    const b: Uint8Array = yield* load(buf, 8);
    let mask = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
    let n = 0;
    while (mask !== 0n) { if ((mask & 1n) !== 0n) n++; mask >>= 1n; }
    return n;
  },
  usleep,
  *nanosleep(ns, buf) { yield* store(buf, timespecBytes(ns)); return yield* trap(SYS.nanosleep, buf, 0); },
  noteclear, notewakeup, notesleep, notetsleep,
  sigblockAll: (buf) => sigprocmask(~0n, buf),
  *sigrestore(buf) { yield* trap(SYS.rt_sigprocmask, SIG_SETMASK, buf + 8, 0, 8); },
  sigunblockAll: (buf) => sigprocmask(0n, buf),
  sigtab: SIGTAB_LINUX,
  /** getsig: rt_sigaction(sig, NULL, &old). */
  getsig: (sig, buf) => trap(SYS.rt_sigaction, sig, 0, buf, 8),
  setsig,
  /** unblockSig: rt_sigprocmask(SIG_UNBLOCK, {sig}). */
  *sigunblock(sig, buf) {
    new DataView(sigsetBuf.buffer).setBigUint64(0, 1n << BigInt(sig - 1), true);
    yield* store(buf, sigsetBuf);
    yield* trap(SYS.rt_sigprocmask, SIG_UNBLOCK, buf, 0, 8);
  },
  /** raise: tgkill(getpid(), gettid(), sig), as Go's raise does it. */
  *raise(sig) { const pid = yield* trap(SYS.getpid); const tid = yield* trap(SYS.gettid); yield* trap(SYS.tgkill, pid, tid, sig); },
  signalstack,
  preemptM: (pid, tid) => trap(SYS.tgkill, pid, tid, SIGURG),
  *sigreturn() { for (;;) yield* trap(SYS.rt_sigreturn); },
  socket: () => trap(SYS.socket, AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0),
  *setReuseAddr(fd, buf) { yield* store(buf, u32le(1)); return yield* trap(SYS.setsockopt, fd, SOL_SOCKET, SO_REUSEADDR, buf, 4); },
  *bind(fd, addr, port, buf) { yield* store(buf, sockaddrIn(addr, port)); return yield* trap(SYS.bind, fd, buf, 16); },
  listen: (fd, backlog) => trap(SYS.listen, fd, backlog),
  /** There is no /proc here to read: the kernel's default, SOMAXCONN (net.core.somaxconn = 4096). */
  *somaxconn() { return SOMAXCONN; },
  *accept(fd, buf, blocking: Blocking): Gen<Accepted | number> {
    const sa = buf; const salen = buf + 32;
    yield* store(salen, u32le(16));
    const r: number = yield* blocking(trap(SYS.accept4, fd, sa, salen, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (r < 0) return r;
    const b: Uint8Array = yield* load(sa, 16); const dv = new DataView(b.buffer, b.byteOffset, 16);
    return { fd: r, addr: dv.getUint32(4, false), port: dv.getUint16(2, false) };
  },
  *connect(fd, addr, port, buf, blocking) { yield* store(buf, sockaddrIn(addr, port)); return yield* blocking(trap(SYS.connect, fd, buf, 16)); },
  *soError(fd, buf) {
    yield* store(buf + 8, u32le(4));
    const r: number = yield* trap(SYS.getsockopt, fd, SOL_SOCKET, SO_ERROR, buf, buf + 8);
    if (r < 0) return -r;
    const b: Uint8Array = yield* load(buf, 4);
    return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
  },
  netpoller: epollNetpoller,
  overlapped: null,
  *threadHandle() { return 0; },
};
