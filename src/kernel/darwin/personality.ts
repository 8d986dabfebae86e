// The darwin personality (the BSD side of XNU): BSD numbers in the UNIX class of
// the trap (0x2000000 | nr), results through the carry flag — clear with the
// value in %rax, set with a BSD errno in %rax — 4.4BSD signal numbers, BSD's
// sockaddr with its length byte, and kqueue as the event API.

import type { Context } from '../../machine/core.ts';
import type { Personality } from '../personality.ts';
import { isRestartCode } from '../signal.ts';
import { DARWIN_SYSCALLS, errnoOut, sigOut } from './syscalls.ts';
import { syscallName, SYSCALL_CLASS_SHIFT, SYSCALL_CLASS_UNIX } from '../uapi/darwin/syscalls.ts';

/**
 * unix_syscall64's return: a failure leaves the positive errno in %rax and sets CF
 * (libSystem's wrappers then branch to cerror); success clears CF. Restart codes
 * never get here: the kernel has turned them into a restart or EINTR already.
 */
function returnToUser(ctx: Context): void {
  const r = ctx.ret;
  if (typeof r !== 'number') return;
  if (r < 0 && r > -4096) {
    if (isRestartCode(r)) throw new Error('assertion: a restart code reached user mode');
    ctx.ret = errnoOut(-r);
    ctx.cf = 1;
  } else {
    ctx.cf = 0;
  }
}

/** The class in the top byte of %rax: only the UNIX class (BSD calls) is served; Mach traps are not. */
export function decodeTrap(nr: number): number {
  return (nr >>> SYSCALL_CLASS_SHIFT) === SYSCALL_CLASS_UNIX ? nr & 0xffffff : -1;
}

export const DARWIN: Personality = {
  os: 'darwin',
  table: DARWIN_SYSCALLS,
  syscallName: (nr: number) => syscallName(nr),
  returnToUser,
  sockaddrLenByte: true,
  writeSpaceNeedsNospace: false,
  sigOut,
  decodeTrap,
};
