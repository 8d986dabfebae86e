// The windows personality's system-service table (NT's KiServiceTable): the Nt*
// services onto the shared kernel core. A service returns an NTSTATUS; results
// go back through pointers the caller passed (a new handle, a count, an I/O
// status block), never in %rax. Arguments 1-4 arrive in registers; the trap's
// fifth value is the caller's %rsp and arguments 5 on are read from
// rsp+0x28 (STACK_ARGS_OFFSET), as KiSystemCall64 copies them.
//
// What NT does not have is not here: no signals (a thread is preempted by
// suspending it and editing its context: NtSuspendThread, NtGetContextThread,
// NtSetContextThread, NtResumeThread), no fork, no epoll/kqueue — readiness is
// not asked about; I/O completes, to an event or a completion port.

import type { Kernel } from '../kernel.ts';
import { Wake, type Thread } from '../proc.ts';
import { BLOCK, type SysResult, type File } from '../file.ts';
import { coreSyscall, type SyscallHandler } from '../syscall.ts';
import { COSTS } from '../../machine/costs.ts';
import { InetSocket } from '../net/socket.ts';
import { REALTIME_EPOCH_NS } from '../time.ts';
import { MAP_PRIVATE, MAP_ANONYMOUS, MAP_NORESERVE, PROT_NONE, PROT_READ, PROT_WRITE, MADV_DONTNEED } from '../uapi/flags.ts';
import { SYS, STACK_ARGS_OFFSET } from '../uapi/windows/syscalls.ts';
import * as S from '../uapi/windows/ntstatus.ts';
import * as W from '../uapi/windows/flags.ts';
import { EventObject, ThreadObject, Waitable, objectOf, insertHandle, threadOf, isCurrentProcess, handleIndex } from './object.ts';
import { IoCompletion, type Packet } from './iocp.ts';
import { npfsCreate, npfsOpen, npfsStatus, NpfsEnd } from './npfs.ts';
import { afdCreate, afdIoctl, afdCancel, afdCleanup, ioState, statusOfErrno } from './afd.ts';

export const WINDOWS_SYSCALLS: (SyscallHandler | undefined)[] = [];
function define(name: keyof typeof SYS, h: SyscallHandler): void { WINDOWS_SYSCALLS[SYS[name]] = h; }

// --- argument and result plumbing ----------------------------------------------------------------

/** Argument `i` (0-based, ≥ 4) of the service in progress: from the caller's stack. */
function stackArg(t: Thread, rsp: number, i: number): number {
  const b = t.proc.mm.copyIn(rsp + STACK_ARGS_OFFSET + (i - 4) * 8, 8);
  return typeof b === 'number' ? NaN : Number(new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true));
}
function stackArgs(t: Thread, rsp: number, from: number, n: number): number[] | null {
  const b = t.proc.mm.copyIn(rsp + STACK_ARGS_OFFSET + (from - 4) * 8, 8 * n);
  if (typeof b === 'number') return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Number(dv.getBigInt64(8 * i, true)));
  return out;
}
const out8 = new Uint8Array(8);
const out8v = new DataView(out8.buffer);
/** *p = v (a 64-bit out parameter); false on a bad pointer. */
function put64(t: Thread, p: number, v: number): boolean {
  out8v.setBigInt64(0, BigInt(Math.trunc(v)), true);
  return t.proc.mm.copyOut(p, out8) >= 0;
}
function put32(t: Thread, p: number, v: number): boolean {
  out8v.setUint32(0, v >>> 0, true);
  return t.proc.mm.copyOut(p, out8.subarray(0, 4)) >= 0;
}
function get64(t: Thread, p: number): number | null {
  const b = t.proc.mm.copyIn(p, 8);
  return typeof b === 'number' ? null : Number(new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true));
}

/**
 * A PLARGE_INTEGER timeout in 100 ns units as an absolute deadline in cycles: NULL
 * waits forever (-1), a negative value is relative, a positive one is system time
 * (100 ns since 1601); 0 polls. null when the pointer is bad.
 */
function deadlineOf(k: Kernel, t: Thread, p: number): number | null {
  if (p === 0) return -1;
  const v = get64(t, p);
  if (v === null) return null;
  if (v <= 0) return k.now() + k.nsToCycles(-v * 100);
  const unixNs = v * 100 - 11_644_473_600e9;
  return k.nsToCycles(Math.max(0, unixNs - REALTIME_EPOCH_NS));
}

const coreExitGroup = coreSyscall('exit_group');
const coreExit = coreSyscall('exit');
const coreWrite = coreSyscall('write');
const coreRead = coreSyscall('read');
const coreMmap = coreSyscall('mmap');
const coreMunmap = coreSyscall('munmap');
const coreMprotect = coreSyscall('mprotect');
const coreMadvise = coreSyscall('madvise');
const coreYield = coreSyscall('sched_yield');

// --- handles and objects ----------------------------------------------------------------------

/** NtClose: drop a handle; the last handle to a socket cancels its pending I/O. */
define('NtClose', (k, t, h) => {
  const i = handleIndex(h);
  const f = i < 0 ? null : t.proc.fds.get(i);
  if (f === null) return S.STATUS_INVALID_HANDLE;
  if (f.refs === 1) afdCleanup(k, f);
  t.proc.fds.remove(i);
  k.fput(f);
  return S.STATUS_SUCCESS;
});

/** NtDuplicateObject(srcProcess, srcHandle, dstProcess, *dstHandle, access, attributes, options): within this process. */
define('NtDuplicateObject', (k, t, sp, sh, dp, dhp, rsp) => {
  if (!isCurrentProcess(sp) || !isCurrentProcess(dp)) return S.STATUS_NOT_SUPPORTED; // handles into other processes are not modelled
  const options = stackArg(t, rsp, 6);
  let obj: File | null;
  if (sh === W.NtCurrentThread || sh === (W.NtCurrentThread >>> 0)) obj = new ThreadObject(t);
  else { obj = objectOf(t, sh); if (obj === null) return S.STATUS_INVALID_HANDLE; obj.refs++; }
  const h = insertHandle(t, obj);
  if (h < 0) { k.fput(obj); return S.STATUS_INSUFFICIENT_RESOURCES; }
  if (dhp !== 0 && !put64(t, dhp, h)) return S.STATUS_ACCESS_VIOLATION;
  if ((options & W.DUPLICATE_CLOSE_SOURCE) !== 0 && handleIndex(sh) >= 0) { const f = t.proc.fds.remove(handleIndex(sh)); if (f !== null) k.fput(f); }
  return S.STATUS_SUCCESS;
});

// --- events and waiting --------------------------------------------------------------------------

/** NtCreateEvent(*EventHandle, access, objattr, EventType, InitialState). */
define('NtCreateEvent', (k, t, hp, _access, _oa, type, rsp) => {
  const initial = stackArg(t, rsp, 4);
  if (type !== W.NotificationEvent && type !== W.SynchronizationEvent) return S.STATUS_INVALID_PARAMETER;
  return createHandle(k, t, hp, new EventObject(type === W.NotificationEvent, initial !== 0), COSTS.syscallWork.cycles);
});
function eventOf(t: Thread, h: number): EventObject | number { return referenceByHandle(t, h, EventObject); }
/** NtSetEvent(h, *PreviousState). */
define('NtSetEvent', (k, t, h, prevp) => {
  const ev = eventOf(t, h); if (typeof ev === 'number') return ev;
  const prev = ev.set(k);
  if (prevp !== 0) put32(t, prevp, prev ? 1 : 0);
  return S.STATUS_SUCCESS;
});
define('NtClearEvent', (_k, t, h) => {
  const ev = eventOf(t, h); if (typeof ev === 'number') return ev;
  ev.state = false;
  return S.STATUS_SUCCESS;
});

/**
 * KeWaitForMultipleObjects(WaitAny) over `objs`: the index of the first signalled
 * one (its wait satisfied), STATUS_TIMEOUT, or BLOCK after queueing on each.
 */
function waitAny(k: Kernel, t: Thread, objs: Waitable[], timeoutp: number, wchan: string): SysResult {
  for (let i = 0; i < objs.length; i++) {
    const o = objs[i]!;
    if (o.signalled()) { o.satisfy(); return S.STATUS_WAIT_0 + i; }
  }
  if (t.wake === Wake.Timeout) return S.STATUS_TIMEOUT;
  const deadline = t.deadline >= 0 || t.wake !== Wake.None ? t.deadline : deadlineOf(k, t, timeoutp);
  if (deadline === null) return S.STATUS_ACCESS_VIOLATION;
  if (deadline >= 0 && deadline <= k.now()) return S.STATUS_TIMEOUT;
  for (const o of objs) k.waitOn(t, o.waiters, true);
  return k.sleep(t, wchan, deadline, false);
}

function waitableOf(t: Thread, h: number): Waitable | number {
  if (h === W.NtCurrentThread || h === (W.NtCurrentThread >>> 0)) return S.STATUS_INVALID_HANDLE;
  return referenceByHandle(t, h, Waitable);
}

/** ObReferenceObjectByHandle with an object type: the object, or the status NT gives for a bad handle or the wrong type. */
function referenceByHandle<O extends File>(t: Thread, h: number, type: abstract new (...args: never[]) => O): O | number {
  const o = objectOf(t, h);
  if (o === null) return S.STATUS_INVALID_HANDLE;
  return o instanceof type ? o : S.STATUS_OBJECT_TYPE_MISMATCH;
}

/** A new object's handle in the caller's table, written to *hp; `cycles` of kernel work charged once it has one. */
function createHandle(k: Kernel, t: Thread, hp: number, obj: File, cycles: number): number {
  const h = insertHandle(t, obj);
  if (h < 0) { k.fput(obj); return S.STATUS_INSUFFICIENT_RESOURCES; }
  if (cycles > 0) k.core.chargeKernel(cycles);
  return put64(t, hp, h) ? S.STATUS_SUCCESS : S.STATUS_ACCESS_VIOLATION;
}

/**
 * NtWaitForSingleObject(h, Alertable, *Timeout). A wait on the current process never
 * ends (the process is signalled only when it has exited): it is a sleep for the timeout.
 */
define('NtWaitForSingleObject', (k, t, h, _alertable, timeoutp) => {
  if (isCurrentProcess(h)) return delay(k, t, timeoutp, 'WaitForSingleObject');
  const o = waitableOf(t, h); if (typeof o === 'number') return o;
  return waitAny(k, t, [o], timeoutp, 'WaitForSingleObject');
});

/** NtWaitForMultipleObjects(Count, Handles[], WaitType, Alertable, *Timeout): WaitAny only. */
define('NtWaitForMultipleObjects', (k, t, count, arr, type, _alertable, rsp) => {
  if (count < 1 || count > W.MAXIMUM_WAIT_OBJECTS) return S.STATUS_INVALID_PARAMETER;
  if (type !== W.WaitAnyObject) return S.STATUS_NOT_SUPPORTED; // WaitAll is not modelled
  const b = t.proc.mm.copyIn(arr, 8 * count);
  if (typeof b === 'number') return S.STATUS_ACCESS_VIOLATION;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const objs: Waitable[] = [];
  for (let i = 0; i < count; i++) {
    const o = waitableOf(t, Number(dv.getBigInt64(8 * i, true)));
    if (typeof o === 'number') return o;
    objs.push(o);
  }
  return waitAny(k, t, objs, stackArg(t, rsp, 4), 'WaitForMultipleObjects');
});

function delay(k: Kernel, t: Thread, intervalp: number, wchan: string): SysResult {
  if (t.wake === Wake.Timeout) return S.STATUS_SUCCESS;
  const deadline = t.wake !== Wake.None ? t.deadline : deadlineOf(k, t, intervalp);
  if (deadline === null) return S.STATUS_ACCESS_VIOLATION;
  if (deadline >= 0 && deadline <= k.now()) { k.core.chargeKernel(COSTS.syscallWork.cycles); return S.STATUS_SUCCESS; }
  return k.sleep(t, wchan, deadline, false);
}
/** NtDelayExecution(Alertable, *DelayInterval): what Sleep and SleepEx call. */
define('NtDelayExecution', (k, t, _alertable, intervalp) => delay(k, t, intervalp, 'DelayExecution'));
define('NtYieldExecution', (k, t) => { coreYield(k, t, 0, 0, 0, 0, 0, 0); return S.STATUS_SUCCESS; });

/** Per-thread alerts (NtWaitForAlertByThreadId / NtAlertThreadByThreadId: what SRW locks and WaitOnAddress park with). */
const alerted = new WeakSet<Thread>();
define('NtWaitForAlertByThreadId', (k, t, _address, timeoutp) => {
  if (alerted.has(t)) { alerted.delete(t); return S.STATUS_ALERTED; }
  if (t.wake === Wake.Timeout) return S.STATUS_TIMEOUT;
  const deadline = t.wake !== Wake.None ? t.deadline : deadlineOf(k, t, timeoutp);
  if (deadline === null) return S.STATUS_ACCESS_VIOLATION;
  return k.sleep(t, 'WaitForAlertByThreadId', deadline, false);
});
define('NtAlertThreadByThreadId', (k, t, tid) => {
  const x = k.threads.get(tid);
  if (x === undefined || x.proc !== t.proc) return S.STATUS_INVALID_PARAMETER;
  if (x.state === 'sleeping' && x.wchan === 'WaitForAlertByThreadId') k.wakeUp(x, Wake.Event); else alerted.add(x);
  if (x.state !== 'sleeping') alerted.add(x);
  return S.STATUS_SUCCESS;
});

// --- time ------------------------------------------------------------------------------------------

/** The performance counter runs at 10 MHz on current Windows (QueryPerformanceFrequency). */
export const QPC_FREQUENCY = 10_000_000;
/** NtQueryPerformanceCounter(*Counter, *Frequency). */
define('NtQueryPerformanceCounter', (k, t, cp, fp) => {
  k.core.chargeKernel(COSTS.syscallWork.cycles);
  if (!put64(t, cp, Math.floor(k.cyclesToNs(k.now()) / 100))) return S.STATUS_ACCESS_VIOLATION;
  if (fp !== 0 && !put64(t, fp, QPC_FREQUENCY)) return S.STATUS_ACCESS_VIOLATION;
  return S.STATUS_SUCCESS;
});
/** NtQuerySystemTime(*SystemTime): 100 ns units since 1601-01-01. */
define('NtQuerySystemTime', (k, t, p) => put64(t, p, Math.floor((REALTIME_EPOCH_NS + k.cyclesToNs(k.now())) / 100) + 116_444_736_000_000_000) ? S.STATUS_SUCCESS : S.STATUS_ACCESS_VIOLATION);

// --- processes and threads -----------------------------------------------------------------------

define('NtTerminateProcess', (k, t, h, status) => {
  if (h !== 0 && !isCurrentProcess(h)) return S.STATUS_NOT_SUPPORTED; // other processes are not modelled
  return coreExitGroup(k, t, status & 0xff, 0, 0, 0, 0, 0);
});
define('NtTerminateThread', (k, t, h, status) => {
  const x = h === 0 ? t : threadOf(t, h);
  if (x === null) return S.STATUS_INVALID_HANDLE;
  if (x !== t) return S.STATUS_NOT_SUPPORTED; // terminating another thread is not modelled
  return coreExit(k, t, status & 0xff, 0, 0, 0, 0, 0);
});

/** Stacks NtCreateThreadEx reserves (PspAllocateUserStack): MaximumStackSize, else the image's 1 MiB default. */
const DEFAULT_STACK_RESERVE = 1 << 20;

/**
 * NtCreateThreadEx(*ThreadHandle, access, objattr, ProcessHandle, StartRoutine,
 * Argument, CreateFlags, ZeroBits, StackSize, MaximumStackSize, AttributeList): a
 * thread of this process with a stack the kernel reserves, starting at
 * RtlUserThreadStart(StartRoutine, Argument); suspended if asked.
 */
define('NtCreateThreadEx', (k, t, hp, _access, _oa, ph, rsp) => {
  if (!isCurrentProcess(ph)) return S.STATUS_NOT_SUPPORTED; // threads in other processes are not modelled
  const a = stackArgs(t, rsp, 4, 7);
  if (a === null) return S.STATUS_ACCESS_VIOLATION;
  const [routine, arg, flags, , , maxStack] = a as [number, number, number, number, number, number, number];
  const reserve = Math.max(maxStack || DEFAULT_STACK_RESERVE, 64 * 1024);
  const stack = coreMmap(k, t, 0, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) as number;
  if (stack < 0) return S.STATUS_NO_MEMORY;
  k.core.chargeKernel(COSTS.clone.cycles);
  const nt = k.newThread(t.proc, stack + reserve, t.tid, 0, { routine, arg });
  if ((flags & W.THREAD_CREATE_FLAGS_CREATE_SUSPENDED) !== 0) nt.suspendCount = 1;
  return createHandle(k, t, hp, new ThreadObject(nt), 0);
});

/** NtQueryInformationThread(h, ThreadBasicInformation, buf, len, *retlen): ClientId {pid, tid}. */
define('NtQueryInformationThread', (k, t, h, cls, buf, len, rsp) => {
  const x = threadOf(t, h);
  if (x === null) return S.STATUS_INVALID_HANDLE;
  if (cls !== W.ThreadBasicInformation) return S.STATUS_INVALID_INFO_CLASS;
  if (len < W.THREAD_BASIC_INFORMATION.size) return S.STATUS_INFO_LENGTH_MISMATCH;
  const b = new Uint8Array(W.THREAD_BASIC_INFORMATION.size); const dv = new DataView(b.buffer);
  dv.setInt32(W.THREAD_BASIC_INFORMATION.ExitStatus, x.state === 'dead' ? x.exitCode : S.STATUS_PENDING, true);
  dv.setBigUint64(W.THREAD_BASIC_INFORMATION.UniqueProcess, BigInt(x.proc.pid), true);
  dv.setBigUint64(W.THREAD_BASIC_INFORMATION.UniqueThread, BigInt(x.tid), true);
  dv.setBigUint64(W.THREAD_BASIC_INFORMATION.AffinityMask, BigInt((1 << k.m.cores.length) - 1), true);
  k.core.chargeKernel(COSTS.syscallWork.cycles);
  if (t.proc.mm.copyOut(buf, b) < 0) return S.STATUS_ACCESS_VIOLATION;
  const retp = stackArg(t, rsp, 4);
  if (retp !== 0 && !Number.isNaN(retp)) put32(t, retp, b.length);
  return S.STATUS_SUCCESS;
});

/** The most a thread can be suspended (MAXIMUM_SUSPEND_COUNT). */
const MAXIMUM_SUSPEND_COUNT = 127;

/** NtSuspendThread(h, *PreviousSuspendCount): the thread stops before it next runs user code. */
define('NtSuspendThread', (k, t, h, prevp) => {
  const x = threadOf(t, h);
  if (x === null) return S.STATUS_INVALID_HANDLE;
  if (x.state === 'dead' || x.dying) return S.STATUS_THREAD_IS_TERMINATING;
  if (x.suspendCount >= MAXIMUM_SUSPEND_COUNT) return S.STATUS_SUSPEND_COUNT_EXCEEDED;
  const prev = x.suspendCount++;
  // The suspend APC: a thread running on another core is interrupted now.
  if (prev === 0 && x.state === 'running' && x !== t) k.kick(x.cpu);
  k.core.chargeKernel(COSTS.syscallWork.cycles);
  if (prevp !== 0 && !put32(t, prevp, prev)) return S.STATUS_ACCESS_VIOLATION;
  return S.STATUS_SUCCESS;
});

/** NtResumeThread(h, *PreviousSuspendCount): at 0 the thread runs again. */
define('NtResumeThread', (k, t, h, prevp) => {
  const x = threadOf(t, h);
  if (x === null) return S.STATUS_INVALID_HANDLE;
  const prev = x.suspendCount;
  if (prev > 0) {
    x.suspendCount--;
    if (x.suspendCount === 0 && x.state === 'sleeping' && x.wchan === 'suspended') k.wakeUp(x, Wake.Event);
  }
  k.core.chargeKernel(COSTS.syscallWork.cycles);
  if (prevp !== 0 && !put32(t, prevp, prev)) return S.STATUS_ACCESS_VIOLATION;
  return S.STATUS_SUCCESS;
});

/** The thread's user context is saved and will not change: it is not running (stopped, or inside the kernel). */
function contextStable(x: Thread, t: Thread): boolean { return x === t || x.state !== 'running'; }

/**
 * NtGetContextThread(h, *CONTEXT): the user registers of a suspended (or waiting)
 * thread. It waits until a suspended thread has really stopped, as Go's preemptM
 * relies on ("GetThreadContext blocks until the thread is suspended").
 */
define('NtGetContextThread', (k, t, h, cp) => {
  const x = threadOf(t, h);
  if (x === null) return S.STATUS_INVALID_HANDLE;
  if (x.state === 'dead') return S.STATUS_THREAD_IS_TERMINATING;
  if (!contextStable(x, t)) {
    if (x.suspendCount === 0) return S.STATUS_UNSUCCESSFUL; // a running thread's context is not a snapshot
    k.waitOn(t, x.stopped, false);
    return k.sleep(t, 'GetContextThread', -1, false);
  }
  const fb = t.proc.mm.copyIn(cp + W.CONTEXT.ContextFlags, 4);
  if (typeof fb === 'number') return S.STATUS_ACCESS_VIOLATION;
  const b = new Uint8Array(8); const dv = new DataView(b.buffer);
  dv.setFloat64(0, x.ctx.pending, true);
  if (t.proc.mm.copyOut(cp + W.CONTEXT.Rip, b) < 0) return S.STATUS_ACCESS_VIOLATION;
  dv.setBigUint64(0, BigInt(x.ctx.sp), true);
  t.proc.mm.copyOut(cp + W.CONTEXT.Rsp, b);
  k.core.chargeKernel(COSTS.syscallWork.cycles);
  return S.STATUS_SUCCESS;
});

/** NtSetContextThread(h, *CONTEXT): Rip of a stopped thread (the compute it resumes with). */
define('NtSetContextThread', (k, t, h, cp) => {
  const x = threadOf(t, h);
  if (x === null) return S.STATUS_INVALID_HANDLE;
  if (x.state === 'dead') return S.STATUS_THREAD_IS_TERMINATING;
  if (!contextStable(x, t) || x === t) return S.STATUS_UNSUCCESSFUL;
  const b = t.proc.mm.copyIn(cp + W.CONTEXT.Rip, 8);
  if (typeof b === 'number') return S.STATUS_ACCESS_VIOLATION;
  x.ctx.pending = Math.max(0, Math.floor(new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true)));
  k.core.chargeKernel(COSTS.syscallWork.cycles);
  return S.STATUS_SUCCESS;
});

/** NtQuerySystemInformation(SystemBasicInformation, buf, len, *retlen): page size and processor count. */
define('NtQuerySystemInformation', (k, t, cls, buf, len, retp) => {
  if (cls !== W.SystemBasicInformation) return S.STATUS_INVALID_INFO_CLASS;
  if (len < W.SYSTEM_BASIC_INFORMATION.size) return S.STATUS_INFO_LENGTH_MISMATCH;
  const b = new Uint8Array(W.SYSTEM_BASIC_INFORMATION.size); const dv = new DataView(b.buffer);
  dv.setUint32(W.SYSTEM_BASIC_INFORMATION.PageSize, t.proc.mm.pageSize, true);
  dv.setUint8(W.SYSTEM_BASIC_INFORMATION.NumberOfProcessors, k.m.cores.length);
  if (t.proc.mm.copyOut(buf, b) < 0) return S.STATUS_ACCESS_VIOLATION;
  if (retp !== 0) put32(t, retp, b.length);
  return S.STATUS_SUCCESS;
});

// --- memory ----------------------------------------------------------------------------------------

/** Reserved regions by base, per process: MEM_RELEASE frees a whole region, as NT does. */
const regions = new WeakMap<object, Map<number, number>>();
function regionsOf(t: Thread): Map<number, number> {
  let m = regions.get(t.proc.mm);
  if (m === undefined) { m = new Map(); regions.set(t.proc.mm, m); }
  return m;
}
function protOf(protect: number): number { return protect === W.PAGE_NOACCESS ? PROT_NONE : protect === W.PAGE_READONLY ? PROT_READ : PROT_READ | PROT_WRITE; }

/**
 * NtAllocateVirtualMemory(ProcessHandle, *BaseAddress, ZeroBits, *RegionSize, AllocationType, Protect).
 * MEM_RESERVE takes address space (inaccessible until committed); MEM_COMMIT makes pages
 * usable — demand-zero, charged to the commit limit, not yet resident; MEM_RESET discards
 * the contents of committed pages, which stay committed.
 */
define('NtAllocateVirtualMemory', (k, t, ph, basep, _zero, sizep, rsp) => {
  if (!isCurrentProcess(ph)) return S.STATUS_NOT_SUPPORTED;
  const a = stackArgs(t, rsp, 4, 2);
  if (a === null) return S.STATUS_ACCESS_VIOLATION;
  const [type, protect] = a as [number, number];
  const base = get64(t, basep); const size = get64(t, sizep);
  if (base === null || size === null) return S.STATUS_ACCESS_VIOLATION;
  const page = t.proc.mm.pageSize;
  if (size <= 0) return S.STATUS_INVALID_PARAMETER;
  const len = Math.ceil(size / page) * page;
  if (type === 0x80000 /* MEM_RESET */) {
    coreMadvise(k, t, Math.floor(base / page) * page, len, MADV_DONTNEED, 0, 0, 0);
    return S.STATUS_SUCCESS;
  }
  if ((type & (W.MEM_RESERVE | W.MEM_COMMIT)) === 0 || (type & ~(W.MEM_RESERVE | W.MEM_COMMIT)) !== 0) return S.STATUS_INVALID_PARAMETER;
  if (base === 0 || (type & W.MEM_RESERVE) !== 0) {
    if (base !== 0) return S.STATUS_CONFLICTING_ADDRESSES; // reserving at a chosen address is not modelled
    const commit = (type & W.MEM_COMMIT) !== 0;
    const r = coreMmap(k, t, 0, len, commit ? protOf(protect) : PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | (commit ? 0 : MAP_NORESERVE), -1, 0) as number;
    if (r < 0) return S.STATUS_NO_MEMORY;
    regionsOf(t).set(r, len);
    return put64(t, basep, r) && put64(t, sizep, len) ? S.STATUS_SUCCESS : S.STATUS_ACCESS_VIOLATION;
  }
  // MEM_COMMIT of part of a reserved region.
  const lo = Math.floor(base / page) * page;
  const r = coreMprotect(k, t, lo, len, protOf(protect), 0, 0, 0) as number;
  if (r < 0) return S.STATUS_CONFLICTING_ADDRESSES;
  return put64(t, basep, lo) && put64(t, sizep, len) ? S.STATUS_SUCCESS : S.STATUS_ACCESS_VIOLATION;
});

/** NtFreeVirtualMemory(ProcessHandle, *BaseAddress, *RegionSize, FreeType): MEM_RELEASE (size 0, the whole region) or MEM_DECOMMIT. */
define('NtFreeVirtualMemory', (k, t, ph, basep, sizep, type) => {
  if (!isCurrentProcess(ph)) return S.STATUS_NOT_SUPPORTED;
  const base = get64(t, basep); const size = get64(t, sizep);
  if (base === null || size === null) return S.STATUS_ACCESS_VIOLATION;
  if (type === W.MEM_RELEASE) {
    const regs = regionsOf(t); const len = regs.get(base);
    if (size !== 0) return S.STATUS_INVALID_PARAMETER;
    if (len === undefined) return S.STATUS_INVALID_PARAMETER; // STATUS_FREE_VM_NOT_AT_BASE: not the base of a region
    regs.delete(base);
    coreMunmap(k, t, base, len, 0, 0, 0, 0);
    put64(t, sizep, len);
    return S.STATUS_SUCCESS;
  }
  if (type === W.MEM_DECOMMIT) {
    const page = t.proc.mm.pageSize; const lo = Math.floor(base / page) * page;
    const len = Math.ceil(size / page) * page;
    coreMadvise(k, t, lo, len, MADV_DONTNEED, 0, 0, 0);
    coreMprotect(k, t, lo, len, PROT_NONE, 0, 0, 0);
    return S.STATUS_SUCCESS;
  }
  return S.STATUS_INVALID_PARAMETER;
});

// --- files: the console and AFD ------------------------------------------------------------------------

/** Writes the IO_STATUS_BLOCK of a request that completed at once. */
function iosbDone(t: Thread, iosb: number, status: number, info: number): void {
  if (iosb === 0) return;
  put64(t, iosb, status >>> 0); put64(t, iosb + 8, info);
}

/**
 * The name an OBJECT_ATTRIBUTES gives: its UNICODE_STRING (Length at +0, Buffer at
 * +8, UTF-16), which ObjectAttributes points to directly here (the RootDirectory
 * and Attributes fields are not modelled). The name, or a status.
 */
function objectName(t: Thread, oa: number): string | number {
  const us = t.proc.mm.copyIn(oa, 16);
  if (typeof us === 'number') return S.STATUS_ACCESS_VIOLATION;
  const udv = new DataView(us.buffer, us.byteOffset, 16);
  const nlen = udv.getUint16(0, true); const nbuf = Number(udv.getBigUint64(8, true));
  const nb = t.proc.mm.copyIn(nbuf, nlen);
  if (typeof nb === 'number') return S.STATUS_ACCESS_VIOLATION;
  return new TextDecoder('utf-16le').decode(nb);
}

/** A new handle to *hp and the IOSB's FILE_OPENED / FILE_CREATED; or the failure. */
function opened(t: Thread, r: { handle: number } | number, hp: number, iosb: number, info: number): number {
  if (typeof r === 'number') return r;
  iosbDone(t, iosb, S.STATUS_SUCCESS, info);
  return put64(t, hp, r.handle) ? S.STATUS_SUCCESS : S.STATUS_ACCESS_VIOLATION;
}
const FILE_CREATED = 2;
const FILE_OPENED = 1;

/**
 * NtCreateFile(*FileHandle, access, ObjectAttributes, *IoStatusBlock, AllocationSize,
 * FileAttributes, ShareAccess, CreateDisposition, CreateOptions, EaBuffer, EaLength):
 * an AFD socket endpoint (\Device\Afd\Endpoint, its parameters in the EA buffer), or
 * the client end of a named pipe (\Device\NamedPipe\...).
 */
define('NtCreateFile', (k, t, hp, access, oa, iosb, rsp) => {
  const a = stackArgs(t, rsp, 4, 7);
  if (a === null) return S.STATUS_ACCESS_VIOLATION;
  const disposition = a[3]!; const options = a[4]!; const ea = a[5]!; const eaLen = a[6]!;
  const name = objectName(t, oa);
  if (typeof name === 'number') return name;
  if (name.startsWith(W.NAMED_PIPE_DEVICE)) {
    if (disposition !== W.FILE_OPEN) return S.STATUS_NOT_SUPPORTED; // a pipe is made with NtCreateNamedPipeFile
    return opened(t, npfsOpen(k, t, name, access >>> 0, options), hp, iosb, FILE_OPENED);
  }
  if (name !== W.AFD_DEVICE_NAME) return S.STATUS_OBJECT_NAME_NOT_FOUND;
  return opened(t, afdCreate(k, t, ea, eaLen), hp, iosb, FILE_OPENED);
});

/** NtOpenFile(*FileHandle, access, ObjectAttributes, *IoStatusBlock, ShareAccess, OpenOptions): here, a named pipe's client end. */
define('NtOpenFile', (k, t, hp, access, oa, iosb, rsp) => {
  const a = stackArgs(t, rsp, 4, 2);
  if (a === null) return S.STATUS_ACCESS_VIOLATION;
  const name = objectName(t, oa);
  if (typeof name === 'number') return name;
  if (!name.startsWith(W.NAMED_PIPE_DEVICE)) return S.STATUS_OBJECT_NAME_NOT_FOUND;
  return opened(t, npfsOpen(k, t, name, access >>> 0, a[1]!), hp, iosb, FILE_OPENED);
});

/**
 * NtCreateNamedPipeFile(*FileHandle, access, ObjectAttributes, *IoStatusBlock,
 * ShareAccess, CreateDisposition, CreateOptions, NamedPipeType, ReadMode,
 * CompletionMode, MaximumInstances, InboundQuota, OutboundQuota, *DefaultTimeout):
 * a pipe's server end (npfs.ts).
 */
define('NtCreateNamedPipeFile', (k, t, hp, access, oa, iosb, rsp) => {
  const a = stackArgs(t, rsp, 4, 10);
  if (a === null) return S.STATUS_ACCESS_VIOLATION;
  const name = objectName(t, oa);
  if (typeof name === 'number') return name;
  const [share, disposition, options, pipeType, readMode, , maxInstances, inboundQuota, outboundQuota] = a as number[];
  const r = npfsCreate(k, t, name, {
    access: access >>> 0, share: share!, disposition: disposition!, options: options!, pipeType: pipeType!, readMode: readMode!,
    maxInstances: maxInstances!, inboundQuota: inboundQuota!, outboundQuota: outboundQuota!,
  });
  return opened(t, r, hp, iosb, FILE_CREATED);
});

/**
 * NtWriteFile / NtReadFile(h, Event, ApcRoutine, ApcContext, *IoStatusBlock, Buffer,
 * Length, *ByteOffset, *Key) on the console or a pipe: synchronous, as those handles
 * are — the calling thread sleeps until its data is moved.
 */
function rw(write: boolean): SyscallHandler {
  return (k, t, h, _ev, _apcr, _apcc, rsp) => {
    const a = stackArgs(t, rsp, 4, 3);
    if (a === null) return S.STATUS_ACCESS_VIOLATION;
    const [iosb, buf, len] = a as [number, number, number];
    const f = objectOf(t, h);
    if (f === null) return S.STATUS_INVALID_HANDLE;
    if (f instanceof InetSocket || f instanceof Waitable || f instanceof IoCompletion) return S.STATUS_INVALID_DEVICE_REQUEST; // sockets take their I/O through AFD requests here
    if (f instanceof NpfsEnd && !(write ? f.mayWrite : f.mayRead)) return S.STATUS_ACCESS_DENIED;
    const r = (write ? coreWrite : coreRead)(k, t, handleIndex(h), buf, len, 0, 0, 0);
    if (r === BLOCK) return BLOCK;
    if (typeof r !== 'number') return S.STATUS_UNSUCCESSFUL;
    if (f instanceof NpfsEnd) {
      const s = npfsStatus(f, write, r, len);
      if (s !== S.STATUS_SUCCESS) return s;
    }
    if (r < 0) return statusOfErrno(-r);
    iosbDone(t, iosb, S.STATUS_SUCCESS, r);
    return S.STATUS_SUCCESS;
  };
}
define('NtWriteFile', rw(true));
define('NtReadFile', rw(false));

/**
 * NtDeviceIoControlFile(h, Event, ApcRoutine, ApcContext, *IoStatusBlock, IoControlCode,
 * InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength): an AFD request.
 * Completion routines (user APCs) are not modelled: ApcRoutine must be NULL.
 */
define('NtDeviceIoControlFile', (k, t, h, evh, apcRoutine, apcContext, rsp) => {
  const a = stackArgs(t, rsp, 4, 6);
  if (a === null) return S.STATUS_ACCESS_VIOLATION;
  const [iosb, code, inp, inLen, out, outLen] = a as [number, number, number, number, number, number];
  const f = objectOf(t, h);
  if (f === null) return S.STATUS_INVALID_HANDLE;
  if (!(f instanceof InetSocket)) return S.STATUS_INVALID_DEVICE_REQUEST;
  if (apcRoutine !== 0) return S.STATUS_NOT_SUPPORTED;
  let ev: EventObject | null = null;
  if (evh !== 0) { const e = eventOf(t, evh); if (typeof e === 'number') return e; ev = e; }
  return afdIoctl(k, t, h, f, ev, apcContext, iosb, code >>> 0, inp, inLen, out, outLen);
});

/**
 * NtSetInformationFile(h, *IoStatusBlock, info, len, class): FileCompletionInformation
 * associates the file with a port and a key, once; FileReplaceCompletionInformation
 * changes or (Port NULL) removes that; FileIoCompletionNotificationInformation sets the
 * skip modes, which cannot be cleared.
 */
define('NtSetInformationFile', (k, t, h, iosb, info, len, rsp) => {
  const cls = stackArg(t, rsp, 4);
  const f = objectOf(t, h);
  if (f === null) return S.STATUS_INVALID_HANDLE;
  const io = ioState(f);
  switch (cls) {
    case W.FileCompletionInformation: case W.FileReplaceCompletionInformation: {
      if (len < W.FILE_COMPLETION_INFORMATION.size) return S.STATUS_INFO_LENGTH_MISMATCH;
      const ph = get64(t, info + W.FILE_COMPLETION_INFORMATION.Port); const key = get64(t, info + W.FILE_COMPLETION_INFORMATION.Key);
      if (ph === null || key === null) return S.STATUS_ACCESS_VIOLATION;
      if (cls === W.FileReplaceCompletionInformation && ph === 0) { io.port = null; io.key = 0; break; }
      const port = objectOf(t, ph);
      if (!(port instanceof IoCompletion)) return S.STATUS_INVALID_HANDLE;
      if (cls === W.FileCompletionInformation && io.port !== null) return S.STATUS_INVALID_PARAMETER; // a file belongs to one port
      io.port = port; io.key = key;
      break;
    }
    case W.FileIoCompletionNotificationInformation: {
      if (len < 4) return S.STATUS_INFO_LENGTH_MISMATCH;
      const b = t.proc.mm.copyIn(info, 4);
      if (typeof b === 'number') return S.STATUS_ACCESS_VIOLATION;
      const flags = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
      if ((flags & ~(W.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | W.FILE_SKIP_SET_EVENT_ON_HANDLE)) !== 0) return S.STATUS_INVALID_PARAMETER;
      if ((flags & W.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) !== 0) io.skipPort = true;
      if ((flags & W.FILE_SKIP_SET_EVENT_ON_HANDLE) !== 0) io.skipEvent = true;
      break;
    }
    default: return S.STATUS_INVALID_INFO_CLASS;
  }
  k.core.chargeKernel(COSTS.syscallWork.cycles);
  iosbDone(t, iosb, S.STATUS_SUCCESS, 0);
  return S.STATUS_SUCCESS;
});

/**
 * NtCancelIoFileEx(h, *IoRequestToCancel, *IoStatusBlock): cancel this process's pending
 * requests on the file (the one whose IOSB — the OVERLAPPED — is given, or all); each
 * still completes, with STATUS_CANCELLED. STATUS_NOT_FOUND when none was pending.
 */
define('NtCancelIoFileEx', (k, t, h, req, iosb) => {
  const f = objectOf(t, h);
  if (f === null) return S.STATUS_INVALID_HANDLE;
  const n = afdCancel(k, f, t.proc, req);
  if (n === 0) return S.STATUS_NOT_FOUND;
  iosbDone(t, iosb, S.STATUS_SUCCESS, 0);
  return S.STATUS_SUCCESS;
});

// --- completion ports ----------------------------------------------------------------------------------

/** NtCreateIoCompletion(*Handle, access, objattr, NumberOfConcurrentThreads): 0 means one per processor. */
define('NtCreateIoCompletion', (k, t, hp, _access, _oa, concurrency) => {
  return createHandle(k, t, hp, new IoCompletion(concurrency === 0 ? k.m.cores.length : concurrency >>> 0), COSTS.syscallWork.cycles);
});
function portOf(t: Thread, h: number): IoCompletion | number { return referenceByHandle(t, h, IoCompletion); }

/** NtSetIoCompletion(h, KeyContext, ApcContext, Status, Information): PostQueuedCompletionStatus. */
define('NtSetIoCompletion', (k, t, h, key, apc, status, rsp) => {
  const port = portOf(t, h); if (typeof port === 'number') return port;
  const info = stackArg(t, rsp, 4);
  port.queue(k, { key, apc, status: status >>> 0, info: Number.isNaN(info) ? 0 : info });
  return S.STATUS_SUCCESS;
});

/** The port a thread last waited on (a thread is associated with one port at a time). */
const threadPort = new WeakMap<Thread, IoCompletion>();

/**
 * KeRemoveQueueEx for a service: up to `max` packets; STATUS_TIMEOUT, or BLOCK after
 * queueing on the port (at the head of its waiters: the port releases the last to wait).
 */
function removeIoCompletion(k: Kernel, t: Thread, port: IoCompletion, max: number, timeoutp: number): SysResult | Packet[] {
  const prev = threadPort.get(t);
  if (prev !== port) { prev?.forget(t); threadPort.set(t, port); }
  if (t.wake === Wake.None) port.enter(t);
  const got = port.take(t, max);
  if (got.length > 0) { k.core.chargeKernel(COSTS.syscallWork.cycles + got.length * COSTS.epollPerEvent.cycles); return got; }
  if (t.wake === Wake.Timeout) return S.STATUS_TIMEOUT;
  const deadline = t.wake !== Wake.None ? t.deadline : deadlineOf(k, t, timeoutp);
  if (deadline === null) return S.STATUS_ACCESS_VIOLATION;
  if (deadline >= 0 && deadline <= k.now()) return S.STATUS_TIMEOUT;
  k.waitOn(t, port.waiters, false); // a non-exclusive waiter goes to the head of the queue
  return k.sleep(t, 'IoRemoveIoCompletion', deadline, false);
}

/**
 * NtRemoveIoCompletion(h, *KeyContext, *ApcContext, *IoStatusBlock, *Timeout): one
 * packet (GetQueuedCompletionStatus).
 */
define('NtRemoveIoCompletion', (k, t, h, keyp, apcp, iosbp, rsp) => {
  const port = portOf(t, h); if (typeof port === 'number') return port;
  const r = removeIoCompletion(k, t, port, 1, stackArg(t, rsp, 4));
  if (!Array.isArray(r)) return r;
  const p = r[0]!;
  if (!put64(t, keyp, p.key) || !put64(t, apcp, p.apc)) return S.STATUS_ACCESS_VIOLATION;
  iosbDone(t, iosbp, p.status, p.info);
  return S.STATUS_SUCCESS;
});

/**
 * NtRemoveIoCompletionEx(h, *Information[], Count, *NumEntriesRemoved, *Timeout,
 * Alertable): what GetQueuedCompletionStatusEx reaches — up to Count packets at once,
 * as FILE_IO_COMPLETION_INFORMATION entries (kernel32's OVERLAPPED_ENTRY, the same bytes).
 */
define('NtRemoveIoCompletionEx', (k, t, h, entries, count, removedp, rsp) => {
  const port = portOf(t, h); if (typeof port === 'number') return port;
  if (count < 1) return S.STATUS_INVALID_PARAMETER;
  const r = removeIoCompletion(k, t, port, count, stackArg(t, rsp, 4));
  if (!Array.isArray(r)) return r;
  const L = W.FILE_IO_COMPLETION_INFORMATION;
  const b = new Uint8Array(r.length * L.size); const dv = new DataView(b.buffer);
  r.forEach((p, i) => {
    const o = i * L.size;
    dv.setBigUint64(o + L.KeyContext, BigInt.asUintN(64, BigInt(p.key)), true);
    dv.setBigUint64(o + L.ApcContext, BigInt.asUintN(64, BigInt(p.apc)), true);
    dv.setBigUint64(o + L.Status, BigInt(p.status >>> 0), true);
    dv.setBigUint64(o + L.Information, BigInt.asUintN(64, BigInt(p.info)), true);
  });
  if (t.proc.mm.copyOut(entries, b) < 0 || !put32(t, removedp, r.length)) return S.STATUS_ACCESS_VIOLATION;
  return S.STATUS_SUCCESS;
});
