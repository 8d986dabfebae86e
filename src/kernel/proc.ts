// Processes and threads (Linux's task_struct, split into the thread and the
// thread group it belongs to). A thread is what the scheduler runs: it owns a
// machine context (registers, the program being executed) and the state of the
// syscall it is in. A process is a thread group sharing an address space, a
// file table and signal handlers.

import { ConsoleBuffer } from './console-buffer.ts';
import { Context } from '../machine/core.ts';
import type { MachineEvent } from '../machine/event-queue.ts';
import type { AddressSpace } from './mm.ts';
import type { FdTable, File } from './file.ts';
import type { Waiter } from './waitqueue.ts';
import { WaitQueue } from './waitqueue.ts';
import type { Executable, ProgramImage } from './uapi/image.ts';

export type ThreadState = 'running' | 'runnable' | 'sleeping' | 'dead';

/** Why a sleeping thread was woken: how a blocking syscall learns its outcome on re-entry. */
export enum Wake { None = 0, Event = 1, Timeout = 2, Signal = 3 }

export interface SigAction { handler: number; flags: number; mask: bigint }

export interface SyscallStat { calls: number; errors: number; cycles: number }

/** A saved user context while a signal handler runs (the kernel's copy of the sigframe). */
export interface SigFrame { pending: number; held: Context['held']; ret: unknown; mask: bigint; ucontext: number; restartNr: number; args: number[] }

export class Thread {
  readonly ctx: Context;
  state: ThreadState = 'runnable';
  /** The core it last ran on. */
  cpu = 0;
  // --- scheduler (CFS) ---
  vruntime = 0;
  sumExec = 0;
  prevSumExec = 0;
  execStart = 0;
  enqueueSeq = 0;
  rqPos = -1;
  onRq = -1;
  // --- accounting ---
  utime = 0;
  stime = 0;
  userMark = 0;
  kernelMark = 0;
  nvcsw = 0;
  nivcsw = 0;
  /** When it last became runnable (for wait-time accounting), cycles. */
  runnableSince = 0;
  // --- the syscall in progress ---
  inSyscall = false;
  sysNr = 0;
  a0 = 0; a1 = 0; a2 = 0; a3 = 0; a4 = 0; a5 = 0;
  sysEntry = 0;
  wake: Wake = Wake.None;
  /** Absolute deadline of the current wait (cycles), -1 for none. Set on the first pass. */
  deadline = -1;
  /** Scratch the current syscall keeps across sleeps. */
  sysScratch: unknown = undefined;
  /**
   * Open files the current syscall holds a reference to (Linux's fdget, and the
   * entries of poll's table), put when the call ends. Kept across its sleeps, so
   * another thread's close() of the fd frees only the number.
   */
  readonly heldFiles: (File | null)[] = [];
  /**
   * How many of heldFiles the call holds (the first heldCount slots). A count, not the array's
   * length: an array emptied by `length = 0` gives its storage back, and the next call's fdget
   * would allocate it again — one allocation per system call.
   */
  heldCount = 0;
  /** The fd fdget looked up for the current syscall (-1: none). */
  heldFd = -1;
  /** Set by rt_sigreturn when the interrupted syscall is to be restarted. */
  restartAfterReturn: { nr: number; args: number[] } | null = null;
  /** A finished call's result is in ctx.ret in the core's form, not yet put in the personality's registers. */
  retPending = false;
  /** Where it sleeps (Linux's wchan), for people looking: 'futex', 'nanosleep', 'read', 'epoll_wait', ... */
  wchan = '';
  waiters: Waiter[] = [];
  timer: MachineEvent | null = null;
  /** Sleeps that a signal may not interrupt (TASK_UNINTERRUPTIBLE). */
  uninterruptible = false;
  // --- signals ---
  sigmask = 0n;
  sigpending = 0n;
  sigframes: SigFrame[] = [];
  /** The mask to restore on return to user mode after a call that installed a temporary one (Linux's saved_sigmask). */
  savedSigmask: bigint | null = null;
  altstackSp = 0;
  altstackSize = 0;
  /** A fatal signal or exit_group is tearing the thread down. */
  dying = false;
  // --- suspension (NT's SuspendThread): while the count is above 0 the thread does not return to user mode ---
  suspendCount = 0;
  /** Threads waiting for this one to stop in its suspension (NtGetContextThread). */
  readonly stopped = new WaitQueue();
  // --- clone ---
  clearChildTid = 0;
  exitCode = 0;

  constructor(readonly tid: number, readonly proc: Process, program: Context['frames'][number] | null) {
    this.ctx = new Context(proc.mm, this);
    this.ctx.pid = proc.pid; this.ctx.tid = tid;
    if (program !== null) this.ctx.frames.push(program);
  }

  get name(): string { return `${this.proc.name}[${this.tid}]`; }
}

export class Process {
  readonly threads = new Set<Thread>();
  readonly children = new Set<Process>();
  readonly childExit = new WaitQueue();
  readonly sigactions: SigAction[] = Array.from({ length: 65 }, () => ({ handler: 0, flags: 0, mask: 0n }));
  /** Process-directed pending signals (shared_pending). */
  sharedPending = 0n;
  image: ProgramImage;
  state: 'alive' | 'zombie' | 'reaped' = 'alive';
  /** The wait status (as wait4 reports it), set at exit. */
  wstatus = 0;
  exitTime = 0;
  startTime = 0;
  exiting = false;
  // --- accounting ---
  threadsCreated = 1;
  threadsPeak = 1;
  utime = 0;
  stime = 0;
  nvcsw = 0;
  nivcsw = 0;
  readonly syscalls = new Map<string, SyscallStat>();
  /** The entries of `syscalls` by syscall number (Linux x86-64 numbers are below 512), filled as they are made. */
  readonly syscallStatsByNr: (SyscallStat | null)[] = new Array<SyscallStat | null>(512).fill(null);
  unknownSyscalls = 0;
  /** The console's tail per stream (1 and 2): what the report and the dashboard show. */
  readonly out = new ConsoleBuffer();
  readonly err = new ConsoleBuffer();
  get stdout(): string { return this.out.text; }
  get stderr(): string { return this.err.text; }
  /** A vfork parent sleeps here until this process execs or exits. */
  readonly vforkDone = new WaitQueue();
  /** The address space is borrowed from the vfork parent until execve. */
  mmBorrowed = false;

  constructor(
    readonly pid: number,
    public name: string,
    public exe: Executable,
    public mm: AddressSpace,
    public fds: FdTable,
    public parent: Process | null,
    public argv: readonly string[],
    public env: Readonly<Record<string, string>>,
    image?: ProgramImage,
  ) {
    this.image = image ?? exe.load();
  }

  get liveThreads(): number { return this.threads.size; }
}
