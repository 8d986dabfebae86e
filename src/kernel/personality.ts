// Kernel personalities: what user mode sees of the one kernel core.
//
// The machine interface, the scheduler, memory management, TCP and the files are
// shared; a personality adds the system-call interface (its numbers and how a
// result comes back), the event API and the numbering of errno values and
// signals. Linux's is the core's own (src/kernel/linux); darwin's is the BSD side
// of XNU (src/kernel/darwin); windows' is NT's system services over handles,
// with completion ports as the event API (src/kernel/windows). The kernel core keeps Linux's internal numbering;
// a personality translates at the boundary, in both directions, as Linux's old
// exec domains did for iBCS binaries.

import type { Context } from '../machine/core.ts';
import type { SyscallHandler } from './syscall.ts';

export type OsName = 'linux' | 'darwin' | 'windows';

export interface Personality {
  readonly os: OsName;
  /** The system-call table, indexed by this personality's numbers. */
  readonly table: readonly (SyscallHandler | undefined)[];
  /** A call's name by its number here (strace's view). */
  syscallName(nr: number): string;
  /**
   * Null when user mode sees results in the core's form (Linux: %rax = value or
   * negative errno). Otherwise called once per finished call, as the thread goes
   * back to user mode (after any restart or signal frame has been decided on the
   * core's value): put the result where this ABI returns it. XNU: %rax = the BSD
   * errno with the carry flag set, or the value with the carry flag clear.
   */
  readonly returnToUser: ((ctx: Context) => void) | null;
  /** struct sockaddr begins with a length byte and a one-byte family (4.3BSD-Reno on), not a 16-bit family. */
  readonly sockaddrLenByte: boolean;
  /**
   * An ACK that frees a TCP socket's send space wakes its writers (and epoll) only when one was
   * told the socket was full — Linux's SOCK_NOSPACE (tcp_check_space); BSD's sowwakeup, which
   * fires the socket's knotes, and NT's AFD wake on every such ACK.
   */
  readonly writeSpaceNeedsNospace: boolean;
  /** The table index of a trap number (XNU: strip the class from the top byte; -1 = no such call); null = the number itself. */
  readonly decodeTrap: ((nr: number) => number) | null;
  /** Whether a result counts as a failed call in the statistics (absent: a negative errno, the core's form). NT: a status with the error bit set. */
  readonly failed?: (r: number) => boolean;
  /** The per-process limit on open files (absent: RLIMIT_NOFILE's 1024). NT: handles, 2^24 per process. */
  readonly nofile?: number;
  /** A signal's number as this personality's user code knows it (the core numbers signals as Linux). */
  sigOut(sig: number): number;
}
