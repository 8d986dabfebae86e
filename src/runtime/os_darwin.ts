// The runtime's face to darwin (Go's os_darwin.go, sys_darwin.go, lock_sema.go):
// since Go 1.12 the runtime on macOS makes no raw system calls — every call goes
// through libSystem (libcCall → the symbol's trampoline), and libSystem traps
// with BSD numbers and reports a failure with the carry flag. Here that is
// `rawSyscall` of the libSystem-like layer: the value, or a negative BSD errno.
//
// What differs from linux, as in Go:
// - threads come from pthread_create (bsdthread_create underneath), with the M's
//   TLS block as the pthread_t; a thread's id is thread_selfid;
// - an M sleeps in semasleep (lock_sema.go) — libSystem's pthread mutex and
//   condition variable: __psynch_cvwait to sleep, __psynch_cvsignal to wake it,
//   __ulock_wait/__ulock_wake only when the mutex is contended;
// - usleep is libSystem's, built on __semwait_signal; nanotime is
//   mach_absolute_time through the commpage (the TSC, no trap);
// - signals are BSD's: SIGURG is 16, sigaction takes a __sigaction with the
//   trampoline, masks are 32 bits; preemptM is pthread_kill (__pthread_kill);
// - sockets: accept has no flags, so the runtime sets close-on-exec and
//   O_NONBLOCK with fcntl, and a sockaddr starts with its length byte;
// - the CPU count is sysctl hw.ncpu.

import { atomic, load, store, rdreg, REG_RDX, RDTSC } from '../machine/instr.ts';
import {
  SYS, EAGAIN, EINTR, EINPROGRESS, ECONNABORTED, ETIMEDOUT, SIGURG, SIG_SETMASK, SIG_UNBLOCK, SA_SIGINFO, SA_ONSTACK, SA_RESTART,
  F_GETFL, F_SETFL, F_SETFD, FD_CLOEXEC, O_NONBLOCK, PROT_READ, PROT_WRITE, MAP_PRIVATE, MAP_ANON, MAP_NORESERVE, MADV_DONTNEED,
  AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, SO_ERROR, sockaddr_in, __sigaction, stack_t, PTHREAD_START_CUSTOM,
  pthread_cond_s, CTL_HW, HW_NCPU, CTL_KERN, KERN_IPC, KIPC_SOMAXCONN, UC_FLAVOR, errnoName, strerror,
} from '../kernel/uapi/darwin/index.ts';
import { rawSyscall } from '../libsystem/libsystem.ts';
import { mutexLock, mutexUnlock, condWait, condSignal } from '../libsystem/pthread.ts';
import type { OS, Accepted, Blocking } from './os.ts';
import { SIGTAB_DARWIN } from './sigtab.ts';
import { kqueueNetpoller } from './netpoll_kqueue.ts';
import type { Gen } from './runtime2.ts';

const u32le = (v: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); return b; };

/** struct sockaddr_in as BSD lays it out: sin_len, then a one-byte family. */
function sockaddrIn(addr: number, port: number): Uint8Array {
  const b = new Uint8Array(sockaddr_in.size); const dv = new DataView(b.buffer);
  b[sockaddr_in.sin_len] = sockaddr_in.size; b[sockaddr_in.sin_family] = AF_INET;
  dv.setUint16(sockaddr_in.sin_port, port, false); dv.setUint32(sockaddr_in.sin_addr, addr >>> 0, false);
  return b;
}

/** fcntl(F_SETFD, FD_CLOEXEC) and, if asked, O_NONBLOCK: what Go does after pipe and accept on darwin. */
function* setCloexecNonblock(fd: number, nonblock: boolean): Gen<number> {
  const r = yield* rawSyscall(SYS.fcntl, fd, F_SETFD, FD_CLOEXEC);
  if (r < 0 || !nonblock) return r;
  const fl = yield* rawSyscall(SYS.fcntl, fd, F_GETFL, 0);
  if (fl < 0) return fl;
  return yield* rawSyscall(SYS.fcntl, fd, F_SETFL, fl | O_NONBLOCK);
}

/** libSystem's usleep/nanosleep: __semwait_signal with no semaphores, a relative timeout; ETIMEDOUT means it slept. */
function* semwaitSleep(ns: number): Gen<number> {
  const r = yield* rawSyscall(SYS.__semwait_signal, 0, 0, 1, 1, Math.floor(ns / 1e9), Math.floor(ns % 1e9));
  return r === -ETIMEDOUT || r >= 0 ? 0 : r;
}

// --- semaphores (os_darwin.go's semasleep/semawakeup: a count under a pthread mutex and cond) ------
//
// A note is the semaphore itself: the count at +0, the mutex word at +4 and the cond at +8
// (NOTE_BYTES in all); libSystem's pthread_mutex parks on __ulock_wait when contended, and
// pthread_cond_wait is __psynch_cvwait (src/libsystem/pthread.ts).

/** Bytes a note takes on darwin: count, mutex, cond. */
export const NOTE_BYTES = 8 + pthread_cond_s.size;
const semaMutex = (addr: number): number => addr + 4;
const semaCond = (addr: number): number => addr + 8;

/** semawakeup: under the mutex, set the count and signal the cond (a call only when someone waits). */
function* notewakeup(addr: number): Gen<void> {
  yield* mutexLock(semaMutex(addr));
  const old: number = yield* atomic('xchg', addr, 1);
  if (old === 0) yield* condSignal(semaCond(addr));
  yield* mutexUnlock(semaMutex(addr));
}

/** semasleep(-1): pthread_cond_wait until the count is set, then take it. */
function* notesleep(addr: number, buf: number): Gen<void> {
  yield* mutexLock(semaMutex(addr));
  while ((yield* atomic('load', addr)) === 0) yield* condWait(semaCond(addr), semaMutex(addr), -1, buf);
  yield* atomic('store', addr, 0);
  yield* mutexUnlock(semaMutex(addr));
}

/** semasleep(ns): pthread_cond_timedwait_relative_np for what is left of ns; true if woken. */
function* notetsleep(addr: number, ns: number, buf: number, cyclesPerNs: number): Gen<boolean> {
  const now = function* (): Gen<number> { const c: number = yield RDTSC; return Math.floor(c / cyclesPerNs); };
  const deadline = (yield* now()) + ns;
  yield* mutexLock(semaMutex(addr));
  for (;;) {
    if ((yield* atomic('load', addr)) !== 0) { yield* atomic('store', addr, 0); yield* mutexUnlock(semaMutex(addr)); return true; }
    const left = deadline - (yield* now());
    if (left <= 0) { yield* mutexUnlock(semaMutex(addr)); return false; }
    yield* condWait(semaCond(addr), semaMutex(addr), left, buf);
  }
}

export const darwinOS: OS = {
  GOOS: 'darwin',
  E: { EAGAIN, EINTR, EINPROGRESS, ECONNABORTED },
  SIGURG,
  errnoName, strerror,
  read: (fd, buf, n) => rawSyscall(SYS.read, fd, buf, n),
  write: (fd, buf, n) => rawSyscall(SYS.write, fd, buf, n),
  readInPlace: null,
  writeInPlace: null,
  close: (fd) => rawSyscall(SYS.close, fd),
  pipesPollable: true,
  /** pipe(): both fds in registers; then close-on-exec (and non-blocking) by fcntl, as syscall.Pipe and os.Pipe do. */
  *pipe(_buf, nonblock) {
    const r = yield* rawSyscall(SYS.pipe);
    if (r < 0) return r;
    const w: number = yield rdreg(REG_RDX);
    yield* setCloexecNonblock(r, nonblock);
    yield* setCloexecNonblock(w, nonblock);
    return [r, w];
  },
  mmap: (len, reserveOnly = true) => rawSyscall(SYS.mmap, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | (reserveOnly ? MAP_NORESERVE : 0), -1, 0),
  munmap: (addr, len) => rawSyscall(SYS.munmap, addr, len),
  madviseDontneed: (addr, len) => rawSyscall(SYS.madvise, addr, len, MADV_DONTNEED),
  getpid: () => rawSyscall(SYS.getpid),
  *exit(code) { for (;;) yield* rawSyscall(SYS.exit, code); },
  /** newosproc: pthread_create with the M's stack and its TLS block as the pthread_t. */
  *newosproc(sp, tls) {
    const r = yield* rawSyscall(SYS.bsdthread_create, 0, 0, sp, tls, PTHREAD_START_CUSTOM);
    return r < 0 ? r : 0; // pthread_create returns no thread id: the new M learns its own in minit (thread_selfid)
  },
  gettid: () => rawSyscall(SYS.thread_selfid),
  /** The main thread's TSD is libSystem's own: nothing to set. */
  *settls() { /* dyld set it up before main */ },
  /** getncpu: sysctl {CTL_HW, HW_NCPU}. */
  *getproccount(buf) {
    yield* store(buf, new Uint8Array([CTL_HW, 0, 0, 0, HW_NCPU, 0, 0, 0]));
    yield* store(buf + 16, new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0]));
    const r = yield* rawSyscall(SYS.sysctl, buf, 2, buf + 8, buf + 16, 0, 0);
    if (r < 0) return 1;
    const b: Uint8Array = yield* load(buf + 8, 4);
    return Math.max(1, new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true));
  },
  *usleep(us) { yield* semwaitSleep(us * 1000); },
  *nanosleep(ns) { return yield* semwaitSleep(ns); },
  *noteclear(addr) { yield* atomic('store', addr, 0); },
  notewakeup,
  notesleep,
  notetsleep,
  *sigblockAll(buf) {
    yield* store(buf, u32le(0xffffffff));
    yield* rawSyscall(SYS.__pthread_sigmask, SIG_SETMASK, buf, buf + 8);
  },
  *sigrestore(buf) { yield* rawSyscall(SYS.__pthread_sigmask, SIG_SETMASK, buf + 8, 0); },
  *sigunblockAll(buf) {
    yield* store(buf, u32le(0));
    yield* rawSyscall(SYS.__pthread_sigmask, SIG_SETMASK, buf, 0);
  },
  sigtab: SIGTAB_DARWIN,
  /** getsig: sigaction(sig, NULL, &old). */
  getsig: (sig, buf) => rawSyscall(SYS.sigaction, sig, 0, buf),
  /** unblockSig: pthread_sigmask(SIG_UNBLOCK, {sig}). */
  *sigunblock(sig, buf) {
    yield* store(buf, u32le((1 << (sig - 1)) >>> 0));
    yield* rawSyscall(SYS.__pthread_sigmask, SIG_UNBLOCK, buf, 0);
  },
  /** raise: pthread_kill(pthread_self(), sig); a thread's port is its id here. */
  *raise(sig, tid) { yield* rawSyscall(SYS.__pthread_kill, tid, sig); },
  /** setsig: sigaction with a __sigaction {handler, trampoline, mask all, SA_SIGINFO|SA_ONSTACK|SA_RESTART}. */
  *setsig(sig, handler, buf) {
    const b = new Uint8Array(__sigaction.size); const dv = new DataView(b.buffer);
    dv.setBigUint64(__sigaction.sa_handler, BigInt(handler), true);
    dv.setBigUint64(__sigaction.sa_tramp, BigInt(handler), true);
    dv.setUint32(__sigaction.sa_mask, 0xffffffff, true);
    dv.setInt32(__sigaction.sa_flags, SA_SIGINFO | SA_ONSTACK | SA_RESTART, true);
    yield* store(buf, b);
    return yield* rawSyscall(SYS.sigaction, sig, buf, 0);
  },
  /** signalstack: sigaltstack with darwin's stack_t {sp, size, flags}. */
  *signalstack(sp, size, buf) {
    const b = new Uint8Array(stack_t.size); const dv = new DataView(b.buffer);
    dv.setBigUint64(stack_t.ss_sp, BigInt(sp), true); dv.setBigUint64(stack_t.ss_size, BigInt(size), true); dv.setInt32(stack_t.ss_flags, 0, true);
    yield* store(buf, b);
    return yield* rawSyscall(SYS.sigaltstack, buf, 0);
  },
  /** preemptM: pthread_kill(mp.procid, SIGURG); a thread's port is its id here. */
  preemptM: (_pid, tid) => rawSyscall(SYS.__pthread_kill, tid, SIGURG),
  *sigreturn(uctx) { for (;;) yield* rawSyscall(SYS.sigreturn, uctx, UC_FLAVOR); },
  /** socket + close-on-exec + O_NONBLOCK: darwin has no SOCK_NONBLOCK (net/sock_cloexec.go's fallback). */
  *socket() {
    const s = yield* rawSyscall(SYS.socket, AF_INET, SOCK_STREAM, 0);
    if (s < 0) return s;
    const r = yield* setCloexecNonblock(s, true);
    if (r < 0) { yield* rawSyscall(SYS.close, s); return r; }
    return s;
  },
  *setReuseAddr(fd, buf) { yield* store(buf, u32le(1)); return yield* rawSyscall(SYS.setsockopt, fd, SOL_SOCKET, SO_REUSEADDR, buf, 4); },
  *bind(fd, addr, port, buf) { yield* store(buf, sockaddrIn(addr, port)); return yield* rawSyscall(SYS.bind, fd, buf, sockaddr_in.size); },
  listen: (fd, backlog) => rawSyscall(SYS.listen, fd, backlog),
  /** sysctl kern.ipc.somaxconn. */
  *somaxconn(buf) {
    yield* store(buf, new Uint8Array([CTL_KERN, 0, 0, 0, KERN_IPC, 0, 0, 0, KIPC_SOMAXCONN, 0, 0, 0]));
    yield* store(buf + 24, new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0]));
    const r = yield* rawSyscall(SYS.sysctl, buf, 3, buf + 16, buf + 24, 0, 0);
    if (r < 0) return 128; // the macOS default when it cannot be read
    const b: Uint8Array = yield* load(buf + 16, 4);
    return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
  },
  /** accept, then close-on-exec and O_NONBLOCK by fcntl (the accepted socket inherits O_NONBLOCK on BSD; Go sets it anyway). */
  *accept(fd, buf, blocking: Blocking): Gen<Accepted | number> {
    const sa = buf; const salen = buf + 32;
    yield* store(salen, u32le(sockaddr_in.size));
    const r = yield* blocking(rawSyscall(SYS.accept, fd, sa, salen));
    if (r < 0) return r;
    yield* setCloexecNonblock(r, true);
    const b: Uint8Array = yield* load(sa, sockaddr_in.size); const dv = new DataView(b.buffer, b.byteOffset, sockaddr_in.size);
    return { fd: r, addr: dv.getUint32(sockaddr_in.sin_addr, false), port: dv.getUint16(sockaddr_in.sin_port, false) };
  },
  *connect(fd, addr, port, buf, blocking) { yield* store(buf, sockaddrIn(addr, port)); return yield* blocking(rawSyscall(SYS.connect, fd, buf, sockaddr_in.size)); },
  *soError(fd, buf) {
    yield* store(buf + 8, u32le(4));
    const r = yield* rawSyscall(SYS.getsockopt, fd, SOL_SOCKET, SO_ERROR, buf, buf + 8);
    if (r < 0) return -r;
    const b: Uint8Array = yield* load(buf, 4);
    return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
  },
  netpoller: kqueueNetpoller,
  overlapped: null,
  *threadHandle() { return 0; },
};
