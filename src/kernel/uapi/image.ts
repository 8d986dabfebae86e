// The executable format: what `execve` loads. A program image is the user-space
// side of a process — its code and the data only it can see — and the kernel
// holds it only to ask it for entry points, as Linux holds an ELF file for its
// entry address. Every process gets a fresh image (`load()`), so two processes
// running the same program share nothing.

import type { Program } from '../../machine/instr.ts';

export interface ExecInfo {
  pid: number;
  /** The kernel the loader runs on (its personality): what a program built for several picks its system half by. */
  os: 'linux' | 'darwin' | 'windows';
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  /** Top of the main thread's stack (the initial stack pointer). */
  stackTop: number;
  /** The vDSO's data page: the TSC frequency, to turn cycles into time without a trap. */
  clockHz: number;
  /** The vDSO's data page: CLOCK_REALTIME at boot, in ns. */
  realtimeEpochNs: number;
  /** The executable's writable data segment (static data, string literals). */
  dataStart: number;
  dataSize: number;
  /** The auxiliary vector's AT_RANDOM: 16 random bytes from the kernel (four 32-bit words), what Go seeds its generator from. */
  atRandom: readonly number[];
}

export interface ProgramImage {
  /** The main thread's entry point (`_start`). */
  start(info: ExecInfo): Program;
  /**
   * Where a thread made by `clone` starts; `sp` is the child stack the parent passed.
   * NT starts a thread it made (NtCreateThreadEx) at RtlUserThreadStart with the
   * start routine and its argument in registers: `start` carries them.
   */
  threadStart(sp: number, start?: { routine: number; arg: number }): Program;
  /**
   * The signal trampoline: run handler `handler` (an address the process registered
   * with rt_sigaction) for `signo`, then trap `rt_sigreturn`. `ucontext` is the user
   * address of the saved context when SA_SIGINFO was set, else 0.
   */
  signalEntry(signo: number, handler: number, ucontext: number, fsbase: number): Program;
}

export interface Executable {
  /** The program's name, as `comm` shows it. */
  readonly name: string;
  /**
   * The kernels it is built for (ELF for linux, Mach-O for darwin); absent = linux
   * only. A Go program lists every GOOS its runtime supports, as if built once per
   * GOOS; a C program lists the one whose system library it links against.
   */
  readonly oses?: readonly ('linux' | 'darwin' | 'windows')[];
  load(): ProgramImage;
  /** The same program built with the race detector (go build -race, cc -fsanitize=thread); absent when it cannot be. */
  withRace?: () => Executable;
  /**
   * Its line table, when it has one (a program built from the user's source): where
   * in the source an exception its code threw was thrown, as file:line:column.
   */
  whereThrown?(err: unknown): string | null;
}

/**
 * The saved user context a signal handler sees through `ucontext` (SA_SIGINFO), in
 * user memory. gomachine's machine has no instruction pointer; the interrupted
 * instruction's state is the compute it was in the middle of, so `uc_rip` holds
 * the cycles left of it. A handler may change it: a user-level scheduler that
 * preempts asynchronously takes the rest of the computation with what it parks.
 */
export const ucontext = { size: 40, uc_rip: 0, uc_rsp: 8, uc_rax: 16, uc_sigmask: 24, uc_flags: 32 } as const;
