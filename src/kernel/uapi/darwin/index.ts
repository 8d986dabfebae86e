// The user-space ABI of gomachine's darwin personality (the BSD side of XNU):
// BSD syscall numbers, 4.4BSD errno values and signals, kqueue, ulock. Code that
// runs on darwin — the libSystem-like layer and what links against it — imports
// this, never the Linux uapi.

export * from './syscalls.ts';
export * from './errno.ts';
export * from './flags.ts';
export type { Executable, ExecInfo, ProgramImage } from '../image.ts';
