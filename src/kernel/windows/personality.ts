// The windows personality (NT): system services by NT's names and numbers, an
// NTSTATUS in %rax, handles instead of fds, no signals, and I/O completion ports
// as the event API. The services return NTSTATUS themselves; a core errno
// never reaches user mode here.

import type { Personality } from '../personality.ts';
import { WINDOWS_SYSCALLS } from './syscalls.ts';
import { syscallName } from '../uapi/windows/syscalls.ts';
import { NT_SUCCESS, STATUS_INVALID_SYSTEM_SERVICE } from '../uapi/windows/ntstatus.ts';
import { ENOSYS } from '../uapi/errno.ts';
import { statusOfErrno } from './afd.ts';
import type { Context } from '../../machine/core.ts';

/** A core errno that reached the exit path (an unknown service's ENOSYS) as the NTSTATUS NT returns. */
function returnToUser(ctx: Context): void {
  const r = ctx.ret;
  if (typeof r === 'number' && r < 0 && r > -4096) ctx.ret = r === -ENOSYS ? STATUS_INVALID_SYSTEM_SERVICE : statusOfErrno(-r);
}

export const WINDOWS: Personality = {
  os: 'windows',
  table: WINDOWS_SYSCALLS,
  syscallName,
  returnToUser,
  sockaddrLenByte: false,
  writeSpaceNeedsNospace: false,
  decodeTrap: null,
  nofile: 1 << 24,
  failed: (r) => r < 0 || !NT_SUCCESS(r),
  sigOut(sig: number): number { return sig; },
};
