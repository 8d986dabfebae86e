// The user-space ABI of the gomachine kernel, modelled on Linux x86-64's include/uapi:
// syscall numbers, errno values, signals, flags and struct layouts.

export * from './syscalls.ts';
export * from './errno.ts';
export * from './signal.ts';
export * from './flags.ts';
export * from './structs.ts';
export * from './image.ts';
