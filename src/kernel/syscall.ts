// The syscall table, indexed by Linux x86-64 number. Entered only by the trap
// instruction (kernel.ts: trap → runSyscall). Each handler gets the calling
// thread and the six argument registers, and returns a value or a negative
// errno — or BLOCK after putting the thread to sleep, in which case it runs
// again when the thread is woken. Unknown numbers get -ENOSYS and are counted.
//
// This file holds the process, memory and signal calls; files, time and futexes
// have their own modules and are wired in here.

import type { Kernel } from './kernel.ts';
import { Wake, type Thread } from './proc.ts';
import { BLOCK, fdget, type SysResult } from './file.ts';
import { COSTS } from '../machine/costs.ts';
import { SYS } from './uapi/syscalls.ts';
import * as E from './uapi/errno.ts';
import {
  CLONE_VM, CLONE_VFORK, CLONE_SIGHAND, CLONE_THREAD, CLONE_SETTLS, ARCH_SET_FS, ARCH_GET_FS, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID,
  MAP_ANONYMOUS, MADV_DONTNEED, MADV_FREE, WNOHANG, W_EXITCODE, RLIMIT_NOFILE, RLIMIT_STACK,
  F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD, F_DUPFD_CLOEXEC, FD_CLOEXEC, O_NONBLOCK, O_APPEND, O_CLOEXEC,
} from './uapi/flags.ts';
import { SIGKILL, SIGSTOP, SIG_IGN, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, SS_DISABLE, SS_ONSTACK, MINSIGSTKSZ, SIGSEGV } from './uapi/signal.ts';
import { sendSignal, sigreturn, sigbit } from './signal.ts';
import { sys_futex } from './futex.ts';
import { sys_nanosleep, sys_clock_nanosleep, sys_clock_gettime, sys_gettimeofday } from './time.ts';
import { STACK_SIZE, MAX_RW_COUNT } from './mm.ts';

/** Returned by a handler that has set the thread's return register itself (rt_sigreturn). */
export const KEEP_RET = Symbol('KEEP_RET');

export type SyscallHandler = (k: Kernel, t: Thread, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number) => SysResult | typeof KEEP_RET;

export const SYSCALLS: (SyscallHandler | undefined)[] = [];

/**
 * The core's handler for a Linux call, found when first called (the core's modules
 * register their calls as they load, in any order with a personality's table): how
 * another personality's calls reach the shared kernel.
 */
export function coreSyscall(name: keyof typeof SYS): SyscallHandler {
  let h: SyscallHandler | undefined;
  return (k, t, a0, a1, a2, a3, a4, a5) => {
    if (h === undefined) {
      h = SYSCALLS[SYS[name]];
      if (h === undefined) throw new Error(`assertion: the kernel core has no ${name}`);
    }
    return h(k, t, a0, a1, a2, a3, a4, a5);
  };
}

/** Register a handler under its Linux name. Other kernel modules (net, epoll) add theirs the same way. */
export function defineSyscall(name: keyof typeof SYS, h: SyscallHandler): void {
  SYSCALLS[SYS[name]] = h;
}

// --- files ---------------------------------------------------------------------------

// read and write hold their file across a sleep (fdget): a close() by another thread
// meanwhile frees the fd number, not the file the call is using.
defineSyscall('read', (k, t, fd, buf, count) => {
  const f = fdget(t, fd);
  if (f === null || !f.readable) return -E.EBADF;
  if (count < 0) return -E.EINVAL;
  if (count === 0) return 0;
  if (count > MAX_RW_COUNT) count = MAX_RW_COUNT; // rw_verify_area
  if (!t.proc.mm.accessOk(buf, count, true)) return -E.EFAULT;
  const r = f.read(k, t, count);
  if (typeof r === 'number' || r === BLOCK) return r;
  k.core.chargeKernel(Math.ceil(r.length * COSTS.copyPerByte.cycles));
  return t.proc.mm.copyOut(buf, r) < 0 ? -E.EFAULT : r.length;
});

defineSyscall('write', (k, t, fd, buf, count) => {
  const f = fdget(t, fd);
  if (f === null || !f.writable) return -E.EBADF;
  if (count < 0) return -E.EINVAL;
  if (count === 0) return 0;
  if (count > MAX_RW_COUNT) count = MAX_RW_COUNT; // rw_verify_area
  const data = t.proc.mm.copyIn(buf, count);
  if (typeof data === 'number') return -E.EFAULT;
  k.core.chargeKernel(Math.ceil(count * COSTS.copyPerByte.cycles));
  return f.write(k, t, data);
});

defineSyscall('close', (k, t, fd) => {
  const f = t.proc.fds.remove(fd);
  if (f === null) return -E.EBADF;
  k.fput(f);
  return 0;
});

function dupTo(k: Kernel, t: Thread, oldfd: number, newfd: number, cloexec: boolean): SysResult {
  const f = t.proc.fds.get(oldfd);
  if (f === null) return -E.EBADF;
  f.refs++;
  const r = newfd < 0 ? t.proc.fds.install(f, cloexec) : t.proc.fds.installAt(k, newfd, f, cloexec);
  if (r < 0) f.refs--;
  return r;
}

defineSyscall('dup', (k, t, oldfd) => dupTo(k, t, oldfd, -1, false));
defineSyscall('dup2', (k, t, oldfd, newfd) => {
  if (t.proc.fds.get(oldfd) === null || newfd < 0) return -E.EBADF;
  if (oldfd === newfd) return newfd;
  return dupTo(k, t, oldfd, newfd, false);
});
defineSyscall('dup3', (k, t, oldfd, newfd, flags) => {
  if ((flags & ~O_CLOEXEC) !== 0 || oldfd === newfd) return -E.EINVAL;
  if (t.proc.fds.get(oldfd) === null || newfd < 0) return -E.EBADF;
  return dupTo(k, t, oldfd, newfd, (flags & O_CLOEXEC) !== 0);
});

defineSyscall('fcntl', (k, t, fd, cmd, arg) => {
  const fds = t.proc.fds; const f = fds.get(fd);
  if (f === null) return -E.EBADF;
  switch (cmd) {
    case F_GETFD: return fds.isCloexec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD: fds.setCloexec(fd, (arg & FD_CLOEXEC) !== 0); return 0;
    case F_GETFL: return f.flags;
    case F_SETFL: f.flags = (f.flags & ~(O_NONBLOCK | O_APPEND)) | (arg & (O_NONBLOCK | O_APPEND)); return 0;
    case F_DUPFD: case F_DUPFD_CLOEXEC: {
      f.refs++;
      const r = fds.install(f, cmd === F_DUPFD_CLOEXEC, arg);
      if (r < 0) f.refs--;
      return r;
    }
    default: void k; return -E.EINVAL;
  }
});

// --- memory --------------------------------------------------------------------------

defineSyscall('mmap', (k, t, addr, len, prot, flags, fd) => {
  if ((flags & MAP_ANONYMOUS) === 0) return fd < 0 ? -E.EBADF : -E.ENODEV;
  k.core.chargeKernel(COSTS.mmap.cycles);
  return t.proc.mm.mmap(addr, len, prot, flags);
});
defineSyscall('munmap', (k, t, addr, len) => {
  const mm = t.proc.mm; const before = mm.rssPages;
  const r = mm.munmap(addr, len);
  k.core.chargeKernel(COSTS.mmap.cycles + (before - mm.rssPages) * COSTS.munmapPerPage.cycles);
  return r;
});
defineSyscall('mprotect', (k, t, addr, len, prot) => { k.core.chargeKernel(COSTS.mmap.cycles); return t.proc.mm.mprotect(addr, len, prot); });
defineSyscall('brk', (k, t, addr) => { k.core.chargeKernel(COSTS.mmap.cycles); return t.proc.mm.setBrk(addr); });
defineSyscall('madvise', (k, t, addr, len, advice) => {
  const mm = t.proc.mm;
  if (addr % mm.pageSize !== 0) return -E.EINVAL;
  if (advice === MADV_DONTNEED || advice === MADV_FREE) {
    const before = mm.rssPages;
    mm.dontneed(addr, len);
    k.core.chargeKernel(COSTS.mmap.cycles + (before - mm.rssPages) * COSTS.munmapPerPage.cycles);
  }
  return 0;
});

// --- processes and threads ----------------------------------------------------------

defineSyscall('getpid', (k, t) => { k.core.chargeKernel(COSTS.syscallWork.cycles); return t.proc.pid; });
defineSyscall('gettid', (k, t) => { k.core.chargeKernel(COSTS.syscallWork.cycles); return t.tid; });
defineSyscall('getppid', (_k, t) => t.proc.parent?.pid ?? 0);
for (const n of ['getuid', 'geteuid', 'getgid', 'getegid'] as const) defineSyscall(n, () => 0);
defineSyscall('set_tid_address', (_k, t, tidptr) => { t.clearChildTid = tidptr; return t.tid; });
defineSyscall('arch_prctl', (_k, t, code, addr) => {
  if (code === ARCH_SET_FS) { t.ctx.fsbase = addr; return 0; }
  if (code === ARCH_GET_FS) {
    const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(t.ctx.fsbase), true);
    return t.proc.mm.copyOut(addr, b) < 0 ? -E.EFAULT : 0;
  }
  return -E.EINVAL;
});

defineSyscall('sched_yield', (k, t) => {
  const rq = k.rq[k.core.id]!; const left = rq.leftmost();
  if (left !== undefined) t.vruntime = Math.max(t.vruntime, left.vruntime + 1);
  rq.needResched = true;
  return 0;
});

defineSyscall('sched_getaffinity', (k, t, pid, len, mask) => {
  if (pid !== 0 && !k.threads.has(pid)) return -E.ESRCH;
  if (len < 8 || len % 8 !== 0) return -E.EINVAL;
  const n = k.m.cores.length;
  const b = new Uint8Array(8); const dv = new DataView(b.buffer);
  dv.setBigUint64(0, n >= 64 ? 0xffff_ffff_ffff_ffffn : (1n << BigInt(n)) - 1n, true);
  return t.proc.mm.copyOut(mask, b) < 0 ? -E.EFAULT : 8;
});

const MAX_THREADS = 1_000_000; // kernel.threads-max on a large machine

defineSyscall('clone', (k, t, flags, stack, ptid, ctid, tls) => {
  // copy_process: no new task while a fatal signal is pending — a group being torn down (its
  // kill handled on another core while this thread still ran here) must not gain a member.
  if (t.dying || t.proc.exiting) { t.dying = true; return -E.ERESTARTNOINTR; }
  if ((flags & CLONE_THREAD) === 0) {
    // A new process. Its program is a generator that cannot be copied, so the new process
    // must share the parent's memory until it execs: posix_spawn's CLONE_VM|CLONE_VFORK.
    if ((flags & CLONE_VM) === 0 || (flags & CLONE_VFORK) === 0) {
      k.log(`${t.proc.name}[${t.proc.pid}]: fork (clone without CLONE_VM|CLONE_VFORK) is not supported; use posix_spawn`);
      return -E.ENOSYS;
    }
    if (t.wake === Wake.Event || t.wake === Wake.Signal) return (t.sysScratch as number | undefined) ?? -E.EINTR;
    k.core.chargeKernel(COSTS.clone.cycles);
    const child = k.vforkChild(t, stack);
    t.sysScratch = child.pid;
    if (child.mmBorrowed) { k.waitOn(t, child.vforkDone); return k.sleep(t, 'vfork', -1, false); }
    return child.pid;
  }
  if ((flags & CLONE_SIGHAND) === 0 || (flags & CLONE_VM) === 0) return -E.EINVAL;
  if (k.threads.size >= MAX_THREADS) return -E.EAGAIN;
  k.core.chargeKernel(COSTS.clone.cycles);
  const child = k.newThread(t.proc, stack, t.tid, (flags & CLONE_SETTLS) !== 0 ? tls : t.ctx.fsbase);
  const tidBytes = new Uint8Array(4); new DataView(tidBytes.buffer).setUint32(0, child.tid, true);
  if ((flags & CLONE_PARENT_SETTID) !== 0) t.proc.mm.copyOut(ptid, tidBytes);
  if ((flags & CLONE_CHILD_SETTID) !== 0) t.proc.mm.copyOut(ctid, tidBytes);
  if ((flags & CLONE_CHILD_CLEARTID) !== 0) child.clearChildTid = ctid;
  return child.tid;
});

defineSyscall('exit', (k, t, code) => {
  if (t.proc.threads.size === 1) k.killProcess(t.proc, W_EXITCODE(code & 0xff, 0));
  else k.exitThread(t, code);
  return BLOCK;
});

defineSyscall('exit_group', (k, t, code) => {
  k.killProcess(t.proc, W_EXITCODE(code & 0xff, 0));
  return BLOCK;
});

defineSyscall('wait4', (k, t, pid, wstatus, options) => {
  const p = t.proc;
  if (t.wake === Wake.Signal) return -E.ERESTARTSYS;
  const matches = [...p.children].filter((c) => pid === -1 || c.pid === pid);
  if (matches.length === 0) return -E.ECHILD;
  const z = matches.find((c) => c.state === 'zombie');
  if (z !== undefined) {
    if (wstatus !== 0) {
      const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, z.wstatus, true);
      if (p.mm.copyOut(wstatus, b) < 0) return -E.EFAULT;
    }
    z.state = 'reaped';
    p.children.delete(z);
    return z.pid;
  }
  if ((options & WNOHANG) !== 0) return 0;
  k.waitOn(t, p.childExit);
  return k.sleep(t, 'wait4');
});

// --- signals ---------------------------------------------------------------------------

function validSig(sig: number): boolean { return Number.isInteger(sig) && sig >= 1 && sig <= 64; }

defineSyscall('kill', (k, t, pid, sig) => {
  if (sig !== 0 && !validSig(sig)) return -E.EINVAL;
  const targets = pid > 0 ? [k.procs.get(pid)].filter((p) => p !== undefined && p.state === 'alive')
    : pid === -1 ? [...k.procs.values()].filter((p) => p !== k.init && p !== t.proc && p.state === 'alive')
      : [t.proc];
  if (targets.length === 0) return -E.ESRCH;
  if (sig !== 0) for (const p of targets) sendSignal(k, p!, sig, null);
  return 0;
});

defineSyscall('tgkill', (k, _t, tgid, tid, sig) => {
  if (sig !== 0 && !validSig(sig)) return -E.EINVAL;
  if (tgid <= 0 || tid <= 0) return -E.EINVAL;
  const target = k.threads.get(tid);
  if (target === undefined || target.proc.pid !== tgid || target.state === 'dead') return -E.ESRCH;
  if (sig !== 0) sendSignal(k, target.proc, sig, target);
  return 0;
});

defineSyscall('tkill', (k, _t, tid, sig) => {
  if (sig !== 0 && !validSig(sig)) return -E.EINVAL;
  if (tid <= 0) return -E.EINVAL;
  const target = k.threads.get(tid);
  if (target === undefined || target.state === 'dead') return -E.ESRCH;
  if (sig !== 0) sendSignal(k, target.proc, sig, target);
  return 0;
});

defineSyscall('rt_sigaction', (_k, t, sig, act, oact, sigsetsize) => {
  if (sigsetsize !== 8) return -E.EINVAL;
  if (!validSig(sig) || ((sig === SIGKILL || sig === SIGSTOP) && act !== 0)) return -E.EINVAL;
  const p = t.proc; const cur = p.sigactions[sig]!;
  if (oact !== 0) {
    const b = new Uint8Array(32); const dv = new DataView(b.buffer);
    dv.setBigUint64(0, BigInt(cur.handler), true); dv.setBigUint64(8, BigInt(cur.flags >>> 0), true);
    dv.setBigUint64(24, cur.mask, true);
    if (p.mm.copyOut(oact, b) < 0) return -E.EFAULT;
  }
  if (act !== 0) {
    const b = p.mm.copyIn(act, 32);
    if (typeof b === 'number') return -E.EFAULT;
    const dv = new DataView(b.buffer);
    cur.handler = Number(dv.getBigUint64(0, true));
    cur.flags = Number(dv.getBigUint64(8, true) & 0xffff_ffffn) | 0;
    cur.mask = dv.getBigUint64(24, true) & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
    if (cur.handler === SIG_IGN) { // setting SIG_IGN discards what is pending
      p.sharedPending &= ~sigbit(sig);
      for (const x of p.threads) x.sigpending &= ~sigbit(sig);
    }
  }
  return 0;
});

defineSyscall('rt_sigprocmask', (_k, t, how, set, oset, sigsetsize) => {
  if (sigsetsize !== 8) return -E.EINVAL;
  const mm = t.proc.mm;
  const old = t.sigmask;
  if (set !== 0) {
    const b = mm.copyIn(set, 8);
    if (typeof b === 'number') return -E.EFAULT;
    const s = new DataView(b.buffer).getBigUint64(0, true);
    switch (how) {
      case SIG_BLOCK: t.sigmask |= s; break;
      case SIG_UNBLOCK: t.sigmask &= ~s; break;
      case SIG_SETMASK: t.sigmask = s; break;
      default: return -E.EINVAL;
    }
    t.sigmask &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
  }
  if (oset !== 0) {
    const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, old, true);
    if (mm.copyOut(oset, b) < 0) return -E.EFAULT;
  }
  return 0;
});

defineSyscall('rt_sigreturn', (k, t) => {
  if (!sigreturn(k, t)) {
    k.log(`${t.proc.name}[${t.proc.pid}]: bad frame in rt_sigreturn`);
    t.proc.sigactions[SIGSEGV]!.handler = 0;
    sendSignal(k, t.proc, SIGSEGV, t);
    return 0;
  }
  return KEEP_RET;
});

defineSyscall('sigaltstack', (_k, t, ss, oss) => {
  const mm = t.proc.mm;
  if (oss !== 0) {
    const b = new Uint8Array(24); const dv = new DataView(b.buffer);
    dv.setBigUint64(0, BigInt(t.altstackSp), true);
    dv.setInt32(8, t.altstackSize === 0 ? SS_DISABLE : (t.ctx.frames.length > 1 ? SS_ONSTACK : 0), true);
    dv.setBigUint64(16, BigInt(t.altstackSize), true);
    if (mm.copyOut(oss, b) < 0) return -E.EFAULT;
  }
  if (ss !== 0) {
    const b = mm.copyIn(ss, 24);
    if (typeof b === 'number') return -E.EFAULT;
    const dv = new DataView(b.buffer);
    const sp = Number(dv.getBigUint64(0, true)); const flags = dv.getInt32(8, true); const size = Number(dv.getBigUint64(16, true));
    if (flags === SS_DISABLE) { t.altstackSp = 0; t.altstackSize = 0; return 0; }
    if (flags !== 0) return -E.EINVAL;
    if (size < MINSIGSTKSZ) return -E.ENOMEM;
    t.altstackSp = sp; t.altstackSize = size;
  }
  return 0;
});

// --- time -------------------------------------------------------------------------------

defineSyscall('nanosleep', (k, t, req, rem) => sys_nanosleep(k, t, req, rem));
defineSyscall('clock_nanosleep', (k, t, clock, flags, req, rem) => sys_clock_nanosleep(k, t, clock, flags, req, rem));
defineSyscall('clock_gettime', (k, t, clock, tp) => sys_clock_gettime(k, t, clock, tp));
defineSyscall('gettimeofday', (k, t, tv) => sys_gettimeofday(k, t, tv));
defineSyscall('futex', (k, t, a0, a1, a2, a3, a4, a5) => sys_futex(k, t, a0, a1, a2, a3, a4, a5));

// --- limits and identity ------------------------------------------------------------------

function rlimitFor(k: Kernel, t: Thread, resource: number): [bigint, bigint] {
  if (resource === RLIMIT_NOFILE) return [BigInt(t.proc.fds.limit), BigInt(Math.max(t.proc.fds.limit, 524288))];
  if (resource === RLIMIT_STACK) return [BigInt(STACK_SIZE), 0xffff_ffff_ffff_ffffn];
  void k;
  return [0xffff_ffff_ffff_ffffn, 0xffff_ffff_ffff_ffffn];
}

function prlimit(k: Kernel, t: Thread, resource: number, newp: number, oldp: number): SysResult {
  if (resource < 0 || resource > 15) return -E.EINVAL;
  const mm = t.proc.mm;
  if (oldp !== 0) {
    const [cur, max] = rlimitFor(k, t, resource);
    const b = new Uint8Array(16); const dv = new DataView(b.buffer);
    dv.setBigUint64(0, cur, true); dv.setBigUint64(8, max, true);
    if (mm.copyOut(oldp, b) < 0) return -E.EFAULT;
  }
  if (newp !== 0) {
    const b = mm.copyIn(newp, 16);
    if (typeof b === 'number') return -E.EFAULT;
    const dv = new DataView(b.buffer);
    const cur = dv.getBigUint64(0, true); const max = dv.getBigUint64(8, true);
    if (cur > max) return -E.EINVAL;
    if (resource === RLIMIT_NOFILE) {
      if (max > 1_048_576n) return -E.EPERM; // fs.nr_open
      t.proc.fds.limit = Number(cur);
    }
  }
  return 0;
}

defineSyscall('prlimit64', (k, t, pid, resource, newp, oldp) => {
  if (pid !== 0 && pid !== t.proc.pid) return -E.EPERM;
  return prlimit(k, t, resource, newp, oldp);
});
defineSyscall('getrlimit', (k, t, resource, oldp) => prlimit(k, t, resource, 0, oldp));
defineSyscall('setrlimit', (k, t, resource, newp) => prlimit(k, t, resource, newp, 0));

defineSyscall('uname', (_k, t, buf) => {
  const fields = ['Linux', 'gomachine', '6.5.0-gomachine', '#1 SMP PREEMPT_DYNAMIC', 'x86_64', '(none)'];
  const b = new Uint8Array(65 * 6);
  fields.forEach((s, i) => b.set(new TextEncoder().encode(s), i * 65));
  return t.proc.mm.copyOut(buf, b) < 0 ? -E.EFAULT : 0;
});

// --- execve ---------------------------------------------------------------------------------

const MAX_ARG_STRLEN = 131072;

function readCString(t: Thread, addr: number): string | number {
  const mm = t.proc.mm; let out = ''; const dec = new TextDecoder();
  for (let off = 0; off < MAX_ARG_STRLEN; off += 256) {
    const b = mm.copyIn(addr + off, 256);
    if (typeof b === 'number') return -E.EFAULT;
    const z = b.indexOf(0);
    if (z >= 0) return out + dec.decode(b.subarray(0, z));
    out += dec.decode(b);
  }
  return -E.E2BIG;
}

function readStringArray(t: Thread, addr: number): string[] | number {
  if (addr === 0) return [];
  const out: string[] = [];
  for (let i = 0; i < 4096; i++) {
    const b = t.proc.mm.copyIn(addr + 8 * i, 8);
    if (typeof b === 'number') return -E.EFAULT;
    const p = Number(new DataView(b.buffer).getBigUint64(0, true));
    if (p === 0) return out;
    const s = readCString(t, p);
    if (typeof s === 'number') return s;
    out.push(s);
  }
  return -E.E2BIG;
}

defineSyscall('execve', (k, t, pathAddr, argvAddr, envpAddr) => {
  const path = readCString(t, pathAddr);
  if (typeof path === 'number') return path;
  const argv = readStringArray(t, argvAddr);
  if (typeof argv === 'number') return argv;
  const envp = readStringArray(t, envpAddr);
  if (typeof envp === 'number') return envp;
  const exe = k.programs.get(path);
  if (exe === undefined) return -E.ENOENT;
  if (!k.canRun(exe)) return -E.ENOEXEC;
  const env: Record<string, string> = {};
  for (const kv of envp) { const i = kv.indexOf('='); if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1); }
  k.core.chargeKernel(COSTS.clone.cycles);
  k.exec(t, exe, argv, env);
  return KEEP_RET;
});
