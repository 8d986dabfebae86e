// The darwin personality's sysent table: BSD numbers (XNU's syscalls.master) onto
// the shared kernel core. Most calls are the core's own with their arguments
// translated from BSD's values (O_NONBLOCK 0x4, MAP_ANON 0x1000, SOL_SOCKET
// 0xffff, the 4.4BSD signal numbers); the result goes back through the
// personality (personality.ts), which turns a failure into carry flag + BSD errno.
// What darwin has and Linux does not is here or beside it: kqueue/kevent
// (kqueue.ts), bsdthread_create, __ulock_wait/__ulock_wake, psynch (psynch.ts), __semwait_signal,
// sysctl. epoll, eventfd, futex, clone and the other Linux-only calls are not in
// this table: a darwin program that traps with their numbers gets ENOSYS.

import type { Kernel } from '../kernel.ts';
import { Wake, type Thread } from '../proc.ts';
import { BLOCK, type SysResult } from '../file.ts';
import { coreSyscall, KEEP_RET, type SyscallHandler } from '../syscall.ts';
import { sigbit } from '../signal.ts';
import { futexKey, futexWakeAddr } from '../futex.ts';
import { WaitQueue } from '../waitqueue.ts';
import { makePipe } from '../pipe.ts';
import { COSTS } from '../../machine/costs.ts';
import * as LE from '../uapi/errno.ts';
import * as L from '../uapi/flags.ts';
import * as LS from '../uapi/signal.ts';
import { SYS, syscallName } from '../uapi/darwin/syscalls.ts';
import * as D from '../uapi/darwin/flags.ts';
import { sysKqueue, sysKevent, knoteFdclose } from './kqueue.ts';
import { psynchCvwait, psynchCvsignal, psynchCvbroad, psynchCvclrprepost } from './psynch.ts';

export const DARWIN_SYSCALLS: (SyscallHandler | undefined)[] = [];

function define(name: keyof typeof SYS, h: SyscallHandler): void { DARWIN_SYSCALLS[SYS[name]] = h; }
/** The core's handler for a Linux call of the same meaning. */
const core = coreSyscall;

// --- signal numbers: BSD ↔ the core's (Linux's) --------------------------------------------

const LINUX_BY_NAME = new Map<string, number>(Object.entries(LS).filter(([n, v]) => /^SIG[A-Z0-9]+$/.test(n) && typeof v === 'number' && n !== 'SIGIOT' && n !== 'SIGPOLL' && n !== 'SIGRTMIN' && n !== 'SIGRTMAX') as [string, number][]);
const SIG_IN: number[] = [0]; // BSD → core
const SIG_OUT: number[] = [0]; // core → BSD
for (let b = 1; b < D.NSIG; b++) {
  const l = LINUX_BY_NAME.get(D.SIGNAL_NAMES[b]!);
  // SIGEMT and SIGINFO have no Linux counterpart: they map nowhere and cannot be sent.
  SIG_IN[b] = l ?? 0;
  if (l !== undefined) SIG_OUT[l] = b;
}
export function sigIn(sig: number): number { return Number.isInteger(sig) && sig >= 0 && sig < D.NSIG ? SIG_IN[sig]! : -1; }
export function sigOut(sig: number): number { return SIG_OUT[sig] ?? sig; }

/** A 32-bit BSD sigset_t as the core's 64-bit mask. */
function maskIn(m: number): bigint {
  let out = 0n;
  for (let b = 1; b < D.NSIG; b++) if ((m & (1 << (b - 1))) !== 0 && SIG_IN[b]! > 0) out |= sigbit(SIG_IN[b]!);
  return out;
}
function maskOut(m: bigint): number {
  let out = 0;
  for (let b = 1; b < D.NSIG; b++) if (SIG_IN[b]! > 0 && (m & sigbit(SIG_IN[b]!)) !== 0n) out |= 1 << (b - 1);
  return out >>> 0;
}

function flagsBits(x: number, pairs: readonly (readonly [number, number])[]): number {
  let out = 0;
  for (const [from, to] of pairs) if ((x & from) !== 0) out |= to;
  return out;
}
const SA_PAIRS = [[D.SA_ONSTACK, LS.SA_ONSTACK], [D.SA_RESTART, LS.SA_RESTART], [D.SA_RESETHAND, LS.SA_RESETHAND], [D.SA_NODEFER, LS.SA_NODEFER], [D.SA_SIGINFO, LS.SA_SIGINFO]] as const;
const SA_PAIRS_OUT = SA_PAIRS.map(([a, b]) => [b, a] as const);
const OFL_PAIRS = [[D.O_NONBLOCK, L.O_NONBLOCK], [D.O_APPEND, L.O_APPEND]] as const;
const OFL_PAIRS_OUT = OFL_PAIRS.map(([a, b]) => [b, a] as const);
const MAP_PAIRS = [[D.MAP_SHARED, L.MAP_SHARED], [D.MAP_PRIVATE, L.MAP_PRIVATE], [D.MAP_FIXED, L.MAP_FIXED], [D.MAP_NORESERVE, L.MAP_NORESERVE], [D.MAP_ANON, L.MAP_ANONYMOUS]] as const;
const MSG_PAIRS = [[D.MSG_PEEK, L.MSG_PEEK], [D.MSG_WAITALL, L.MSG_WAITALL], [D.MSG_DONTWAIT, L.MSG_DONTWAIT]] as const;

function u32(b: Uint8Array, off: number): number { return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off, true); }

// --- processes and threads --------------------------------------------------------------------

define('exit', core('exit_group'));
for (const n of ['getpid', 'getppid', 'getuid', 'geteuid', 'getgid', 'getegid', 'wait4', 'gettimeofday'] as const) define(n, core(n));
define('thread_selfid', (k, t) => { k.core.chargeKernel(COSTS.syscallWork.cycles); return t.tid; });

/**
 * bsdthread_create(func, func_arg, stack, pthread, flags): a new thread of this task.
 * libpthread passes the stack it allocated (PTHREAD_START_CUSTOM) and its pthread_t,
 * which becomes the thread's TSD base; the thread starts at the image's thread entry
 * (the _pthread_start that bsdthread_register named). Returns the pthread_t.
 */
define('bsdthread_create', (k, t, _func, _arg, stack, pthread, flags) => {
  if ((flags & D.PTHREAD_START_CUSTOM) === 0) return -LE.EINVAL; // a kernel-allocated stack is not modelled
  k.core.chargeKernel(COSTS.clone.cycles);
  k.newThread(t.proc, stack, t.tid, pthread);
  return pthread;
});
/** bsdthread_register: the task's thread entry points; the image carries them here. */
define('bsdthread_register', () => 0);
/** bsdthread_terminate(stackaddr, freesize, port, sem): the calling thread ends. */
define('bsdthread_terminate', (k, t) => core('exit')(k, t, 0, 0, 0, 0, 0, 0));

// --- files ----------------------------------------------------------------------------------

define('read', core('read'));
define('write', core('write'));
define('close', (k, t, fd) => {
  if (t.proc.fds.get(fd) !== null) knoteFdclose(t.proc, fd);
  return core('close')(k, t, fd, 0, 0, 0, 0, 0);
});
define('dup', core('dup'));
define('dup2', (k, t, oldfd, newfd) => {
  if (oldfd !== newfd && t.proc.fds.get(oldfd) !== null && t.proc.fds.get(newfd) !== null) knoteFdclose(t.proc, newfd);
  return core('dup2')(k, t, oldfd, newfd, 0, 0, 0, 0);
});
/** pipe(): both fds come back in registers, the read end in %rax and the write end in %rdx. */
define('pipe', (k, t) => {
  const fds = makePipe(k, t, 0);
  if (typeof fds === 'number') return fds;
  t.ctx.rdx = fds[1];
  return fds[0];
});
define('fcntl', (k, t, fd, cmd, arg) => {
  switch (cmd) {
    case D.F_GETFL: {
      const r = core('fcntl')(k, t, fd, L.F_GETFL, 0, 0, 0, 0);
      return typeof r === 'number' && r >= 0 ? (r & L.O_ACCMODE) | flagsBits(r, OFL_PAIRS_OUT) : r;
    }
    case D.F_SETFL: return core('fcntl')(k, t, fd, L.F_SETFL, flagsBits(arg, OFL_PAIRS), 0, 0, 0);
    case D.F_GETFD: case D.F_SETFD: case D.F_DUPFD: return core('fcntl')(k, t, fd, cmd, arg, 0, 0, 0);
    case D.F_DUPFD_CLOEXEC: return core('fcntl')(k, t, fd, L.F_DUPFD_CLOEXEC, arg, 0, 0, 0);
    default: return t.proc.fds.get(fd) === null ? -LE.EBADF : -LE.EINVAL;
  }
});

// --- memory ---------------------------------------------------------------------------------

define('mmap', (k, t, addr, len, prot, flags, fd, off) => {
  if ((flags & ~(D.MAP_SHARED | D.MAP_PRIVATE | D.MAP_FIXED | D.MAP_NORESERVE | D.MAP_ANON)) !== 0) return -LE.EINVAL;
  return core('mmap')(k, t, addr, len, prot, flagsBits(flags, MAP_PAIRS), (flags & D.MAP_ANON) !== 0 ? -1 : fd, off);
});
define('munmap', core('munmap'));
define('mprotect', core('mprotect'));
define('madvise', (k, t, addr, len, advice) => core('madvise')(k, t, addr, len, advice === D.MADV_FREE ? L.MADV_FREE : advice, 0, 0, 0));

// --- sockets --------------------------------------------------------------------------------

/** Sockets with SO_NOSIGPIPE set: a send on them never raises SIGPIPE. */
const noSigpipe = new WeakSet<object>();

define('socket', (k, t, domain, type, protocol) => {
  if ((type & ~0xf) !== 0) return -LE.EPROTOTYPE; // BSD has no SOCK_NONBLOCK/SOCK_CLOEXEC type bits
  return core('socket')(k, t, domain, type, protocol, 0, 0, 0);
});
for (const n of ['bind', 'connect', 'listen', 'getsockname', 'getpeername', 'socketpair'] as const) define(n, core(n));
define('shutdown', core('shutdown'));
/** accept: the new socket inherits the listener's O_NONBLOCK, as on BSD (Linux's does not). */
define('accept', (k, t, fd, addr, lenp) => {
  const f = t.proc.fds.get(fd);
  const nb = f !== null && (f.flags & L.O_NONBLOCK) !== 0 ? L.SOCK_NONBLOCK : 0;
  return core('accept4')(k, t, fd, addr, lenp, nb, 0, 0);
});
define('sendto', (k, t, fd, buf, len, flags, addr, alen) => {
  const f = t.proc.fds.get(fd);
  const extra = f !== null && noSigpipe.has(f) ? L.MSG_NOSIGNAL : 0;
  return core('sendto')(k, t, fd, buf, len, flagsBits(flags, MSG_PAIRS) | extra, addr, alen);
});
define('recvfrom', (k, t, fd, buf, len, flags, addr, alenp) => {
  const r = core('recvfrom')(k, t, fd, buf, len, flagsBits(flags, MSG_PAIRS), addr, alenp);
  if (typeof r === 'number' && r >= 0 && addr !== 0) {
    // The core wrote a Linux sockaddr; BSD's starts with its length and a one-byte family.
    const b = t.proc.mm.copyIn(addr, 2);
    if (typeof b !== 'number' && b[0] !== 0) t.proc.mm.copyOut(addr, new Uint8Array([16, b[0]!]));
  }
  return r;
});

const SO_NAMES: ReadonlyMap<number, number> = new Map([
  [D.SO_REUSEADDR, L.SO_REUSEADDR], [D.SO_KEEPALIVE, L.SO_KEEPALIVE], [D.SO_SNDBUF, L.SO_SNDBUF], [D.SO_RCVBUF, L.SO_RCVBUF],
  [D.SO_ERROR, L.SO_ERROR], [D.SO_TYPE, L.SO_TYPE],
]);

define('setsockopt', (k, t, fd, level, name, ptr, len) => {
  if (level !== D.SOL_SOCKET) return core('setsockopt')(k, t, fd, level, name, ptr, len, 0);
  if (name === D.SO_NOSIGPIPE) {
    const f = t.proc.fds.get(fd);
    if (f === null) return -LE.EBADF;
    const b = t.proc.mm.copyIn(ptr, 4);
    if (typeof b === 'number') return -LE.EFAULT;
    if (u32(b, 0) !== 0) noSigpipe.add(f); else noSigpipe.delete(f);
    return 0;
  }
  const ln = SO_NAMES.get(name);
  if (ln === undefined) return t.proc.fds.get(fd) === null ? -LE.EBADF : -LE.ENOPROTOOPT;
  return core('setsockopt')(k, t, fd, L.SOL_SOCKET, ln, ptr, len, 0);
});

define('getsockopt', (k, t, fd, level, name, ptr, lenp) => {
  if (level !== D.SOL_SOCKET) return core('getsockopt')(k, t, fd, level, name, ptr, lenp, 0);
  const ln = SO_NAMES.get(name);
  if (ln === undefined) return t.proc.fds.get(fd) === null ? -LE.EBADF : -LE.ENOPROTOOPT;
  const r = core('getsockopt')(k, t, fd, L.SOL_SOCKET, ln, ptr, lenp, 0);
  if (r === 0 && name === D.SO_ERROR) {
    // so_error is an errno: in BSD's numbering.
    const b = t.proc.mm.copyIn(ptr, 4);
    if (typeof b !== 'number') {
      const out = new Uint8Array(4); new DataView(out.buffer).setInt32(0, errnoOut(u32(b, 0)), true);
      t.proc.mm.copyOut(ptr, out);
    }
  }
  return r;
});

// --- signals ---------------------------------------------------------------------------------

define('kill', (k, t, pid, sig) => {
  const s = sig === 0 ? 0 : sigIn(sig);
  if (s < 0 || (sig !== 0 && s === 0)) return -LE.EINVAL;
  return core('kill')(k, t, pid, s, 0, 0, 0, 0);
});
/** __pthread_kill(port, sig): a thread of this task, named by its port (here: its thread id). */
define('__pthread_kill', (k, t, port, sig) => {
  const s = sig === 0 ? 0 : sigIn(sig);
  if (s < 0 || (sig !== 0 && s === 0)) return -LE.EINVAL;
  return core('tgkill')(k, t, t.proc.pid, port, s, 0, 0, 0);
});

/** sigaction(sig, struct __sigaction *act, struct sigaction *oact). */
define('sigaction', (_k, t, sig, act, oact) => {
  const s = sigIn(sig);
  if (s <= 0 || ((s === LS.SIGKILL || s === LS.SIGSTOP) && act !== 0)) return -LE.EINVAL;
  const p = t.proc; const cur = p.sigactions[s]!;
  if (oact !== 0) {
    const b = new Uint8Array(D.sigaction_out.size); const dv = new DataView(b.buffer);
    dv.setBigUint64(D.sigaction_out.sa_handler, BigInt(cur.handler), true);
    dv.setUint32(D.sigaction_out.sa_mask, maskOut(cur.mask), true);
    dv.setInt32(D.sigaction_out.sa_flags, flagsBits(cur.flags, SA_PAIRS_OUT), true);
    if (p.mm.copyOut(oact, b) < 0) return -LE.EFAULT;
  }
  if (act !== 0) {
    const b = p.mm.copyIn(act, D.__sigaction.size);
    if (typeof b === 'number') return -LE.EFAULT;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    cur.handler = Number(dv.getBigUint64(D.__sigaction.sa_handler, true));
    cur.flags = flagsBits(dv.getInt32(D.__sigaction.sa_flags, true), SA_PAIRS);
    cur.mask = maskIn(dv.getUint32(D.__sigaction.sa_mask, true)) & ~(sigbit(LS.SIGKILL) | sigbit(LS.SIGSTOP));
    if (cur.handler === D.SIG_IGN) {
      p.sharedPending &= ~sigbit(s);
      for (const x of p.threads) x.sigpending &= ~sigbit(s);
    }
  }
  return 0;
});

/** sigprocmask / __pthread_sigmask(how, const sigset_t *set, sigset_t *oset): a 32-bit set, BSD's how. */
function sigmaskCall(t: Thread, how: number, set: number, oset: number): SysResult {
  const old = t.sigmask;
  if (set !== 0) {
    const b = t.proc.mm.copyIn(set, 4);
    if (typeof b === 'number') return -LE.EFAULT;
    const m = maskIn(u32(b, 0));
    switch (how) {
      case D.SIG_BLOCK: t.sigmask |= m; break;
      case D.SIG_UNBLOCK: t.sigmask &= ~m; break;
      case D.SIG_SETMASK: t.sigmask = m; break;
      default: return -LE.EINVAL;
    }
    t.sigmask &= ~(sigbit(LS.SIGKILL) | sigbit(LS.SIGSTOP));
  }
  if (oset !== 0) {
    const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, maskOut(old), true);
    if (t.proc.mm.copyOut(oset, b) < 0) return -LE.EFAULT;
  }
  return 0;
}
define('sigprocmask', (_k, t, how, set, oset) => sigmaskCall(t, how, set, oset));
define('__pthread_sigmask', (_k, t, how, set, oset) => sigmaskCall(t, how, set, oset));

/** sigaltstack with darwin's stack_t (size before flags). */
define('sigaltstack', (_k, t, ss, oss) => {
  const mm = t.proc.mm;
  if (oss !== 0) {
    const b = new Uint8Array(D.stack_t.size); const dv = new DataView(b.buffer);
    dv.setBigUint64(D.stack_t.ss_sp, BigInt(t.altstackSp), true);
    dv.setBigUint64(D.stack_t.ss_size, BigInt(t.altstackSize), true);
    dv.setInt32(D.stack_t.ss_flags, t.altstackSize === 0 ? D.SS_DISABLE : (t.ctx.frames.length > 1 ? D.SS_ONSTACK : 0), true);
    if (mm.copyOut(oss, b) < 0) return -LE.EFAULT;
  }
  if (ss !== 0) {
    const b = mm.copyIn(ss, D.stack_t.size);
    if (typeof b === 'number') return -LE.EFAULT;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const sp = Number(dv.getBigUint64(D.stack_t.ss_sp, true)); const size = Number(dv.getBigUint64(D.stack_t.ss_size, true));
    const flags = dv.getInt32(D.stack_t.ss_flags, true);
    if (flags === D.SS_DISABLE) { t.altstackSp = 0; t.altstackSize = 0; return 0; }
    if (flags !== 0) return -LE.EINVAL;
    if (size < D.MINSIGSTKSZ) return -LE.ENOMEM;
    t.altstackSp = sp; t.altstackSize = size;
  }
  return 0;
});

/** sigreturn(uctx, infostyle): back from a handler to the context the kernel saved. */
define('sigreturn', (k, t) => core('rt_sigreturn')(k, t, 0, 0, 0, 0, 0, 0));

// --- time and blocking ---------------------------------------------------------------------------

/**
 * __semwait_signal(cond, mutex, timeout, relative, tv_sec, tv_nsec): what libSystem's
 * nanosleep is built on. With no semaphores it is a timed sleep that ends with
 * ETIMEDOUT (the sleep completed) or EINTR (a signal).
 */
define('__semwait_signal', (k, t, cond, mutex, timeout, relative, sec, nsec) => {
  if (t.wake === Wake.Timeout) return -LE.ETIMEDOUT;
  if (t.wake === Wake.Signal) return -LE.EINTR;
  if (cond !== 0 || mutex !== 0) return -LE.EINVAL; // semaphore_t waits are Mach's, not modelled
  if (timeout === 0) return -LE.EINVAL;
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -LE.EINVAL;
  const ns = sec * 1e9 + nsec;
  const deadline = relative !== 0 ? k.now() + k.nsToCycles(ns) : k.nsToCycles(ns);
  if (deadline <= k.now()) return -LE.ETIMEDOUT;
  return k.sleep(t, 'semwait', deadline);
});

/**
 * __ulock_wait(operation, addr, value, timeout_us): sleep while the 32-bit word at
 * addr holds value (UL_COMPARE_AND_WAIT) — the primitive libSystem's os_unfair_lock
 * and pthread parking use. Returns the number of waiters left, ETIMEDOUT or EINTR.
 * Waiters queue by the word's physical address, as futexes do.
 */
define('__ulock_wait', (k, t, op, addr, value, timeoutUs) => {
  const fail = (e: number): SysResult => -e; // ULF_NO_ERRNO (a negative errno without CF) is not modelled: CF is always set
  if (t.wake === Wake.Event) return ulockRemaining(k, t, addr);
  if (t.wake === Wake.Timeout) return fail(LE.ETIMEDOUT);
  if (t.wake === Wake.Signal) return fail(LE.EINTR);
  const cmd = op & 0xff;
  if (cmd !== D.UL_COMPARE_AND_WAIT && cmd !== D.UL_UNFAIR_LOCK) return fail(LE.EINVAL);
  if (addr === 0 || addr % 4 !== 0) return fail(LE.EINVAL);
  const cur = t.proc.mm.readU32(addr);
  if (cur < 0) return fail(LE.EFAULT);
  if (cur !== (value >>> 0)) return ulockRemaining(k, t, addr);
  const key = futexKey(t.proc, addr);
  let q = k.futexQueues.get(key);
  if (q === undefined) { q = new WaitQueue(); k.futexQueues.set(key, q); }
  k.waitOn(t, q, true);
  k.core.chargeKernel(COSTS.futexWait.cycles);
  return k.sleep(t, 'ulock_wait', timeoutUs > 0 ? k.now() + k.nsToCycles(timeoutUs * 1000) : -1);
});
function ulockRemaining(k: Kernel, t: Thread, addr: number): number {
  const q = k.futexQueues.get(futexKey(t.proc, addr));
  return q === undefined ? 0 : q.length;
}

/** __ulock_wake(operation, addr, wake_value): wake one waiter, or all with ULF_WAKE_ALL; ENOENT if none waited. */
define('__ulock_wake', (k, t, op, addr) => {
  if (addr === 0 || addr % 4 !== 0) return -LE.EINVAL;
  const n = futexWakeAddr(k, t.proc, addr, (op & D.ULF_WAKE_ALL) !== 0 ? Infinity : 1);
  return n > 0 ? 0 : -LE.ENOENT;
});

// psynch: libpthread's condition variables (psynch.ts).
define('psynch_cvwait', (k, t, cv, lseq, sseq) => psynchCvwait(k, t, cv, lseq, sseq));
define('psynch_cvsignal', (k, t, cv) => psynchCvsignal(k, t, cv));
define('psynch_cvbroad', (k, t, cv, lseq, oldS) => psynchCvbroad(k, t, cv, lseq, oldS));
define('psynch_cvclrprepost', (k, t, cv, _cvgen, _cvugen, _cvsgen, prepocnt) => psynchCvclrprepost(k, t, cv, prepocnt));

// --- kqueue ------------------------------------------------------------------------------------

define('kqueue', (k, t) => sysKqueue(k, t));
define('kevent', (k, t, kq, changes, nchanges, events, nevents, timeout) => sysKevent(k, t, kq, changes, nchanges, events, nevents, timeout));

// --- limits and identity -----------------------------------------------------------------------

const RLIMIT_NOFILE_BSD = 8;
define('getrlimit', (k, t, res, p) => core('getrlimit')(k, t, res === RLIMIT_NOFILE_BSD ? L.RLIMIT_NOFILE : res === L.RLIMIT_NOFILE ? 99 : res, p, 0, 0, 0, 0));
define('setrlimit', (k, t, res, p) => core('setrlimit')(k, t, res === RLIMIT_NOFILE_BSD ? L.RLIMIT_NOFILE : res === L.RLIMIT_NOFILE ? 99 : res, p, 0, 0, 0, 0));

/** sysctl(name, namelen, oldp, oldlenp, newp, newlen): the read-only nodes a runtime asks for. */
define('sysctl', (k, t, name, namelen, oldp, oldlenp, newp) => {
  if (namelen < 2 || namelen > 12) return -LE.EINVAL;
  const nb = t.proc.mm.copyIn(name, 4 * namelen);
  if (typeof nb === 'number') return -LE.EFAULT;
  const mib = [u32(nb, 0), u32(nb, 4), namelen > 2 ? u32(nb, 8) : -1];
  if (newp !== 0) return -LE.EPERM;
  let val: Uint8Array;
  if (mib[0] === D.CTL_HW && mib[1] === D.HW_NCPU) val = int32(k.m.cores.length);
  else if (mib[0] === D.CTL_HW && mib[1] === D.HW_PAGESIZE) val = int32(t.proc.mm.pageSize);
  else if (mib[0] === D.CTL_KERN && mib[1] === D.KERN_OSTYPE) val = new TextEncoder().encode('Darwin\0');
  else if (mib[0] === D.CTL_KERN && mib[1] === D.KERN_OSRELEASE) val = new TextEncoder().encode('23.6.0\0');
  else if (mib[0] === D.CTL_KERN && mib[1] === D.KERN_IPC && mib[2] === D.KIPC_SOMAXCONN) val = int32(L.SOMAXCONN); // the shared socket layer's limit
  else return -LE.ENOENT;
  const lb = t.proc.mm.copyIn(oldlenp, 8);
  if (typeof lb === 'number') return -LE.EFAULT;
  const room = Number(new DataView(lb.buffer, lb.byteOffset, 8).getBigUint64(0, true));
  if (oldp !== 0) {
    if (room < val.length) return -LE.ENOMEM;
    if (t.proc.mm.copyOut(oldp, val) < 0) return -LE.EFAULT;
  }
  const out = new Uint8Array(8); new DataView(out.buffer).setBigUint64(0, BigInt(val.length), true);
  return t.proc.mm.copyOut(oldlenp, out) < 0 ? -LE.EFAULT : 0;
});
function int32(v: number): Uint8Array { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, v, true); return b; }

// --- errno: the core's (Linux's) numbers → BSD's ------------------------------------------------

import { ERRNO_NAMES as LINUX_ERRNO_NAMES } from '../uapi/errno.ts';
import { ERRNO_NAMES as BSD_ERRNO_NAMES, EOPNOTSUPP as BSD_EOPNOTSUPP, EINVAL as BSD_EINVAL } from '../uapi/darwin/errno.ts';
const BSD_BY_NAME = new Map(Object.entries(BSD_ERRNO_NAMES).map(([v, n]) => [n, Number(v)]));
const ERRNO_OUT: number[] = [];
for (const [v, n] of Object.entries(LINUX_ERRNO_NAMES)) { const b = BSD_BY_NAME.get(n); if (b !== undefined) ERRNO_OUT[Number(v)] = b; }
ERRNO_OUT[LE.EOPNOTSUPP] = BSD_EOPNOTSUPP; // Linux's ENOTSUP and EOPNOTSUPP are one number; sockets mean the latter
/** A positive core errno in BSD's numbering (EINVAL for the few Linux-only ones, e.g. EBADFD). */
export function errnoOut(e: number): number { return ERRNO_OUT[e] ?? (e === 0 ? 0 : BSD_EINVAL); }

export { syscallName, BLOCK, KEEP_RET };
