// The user-space ABI of gomachine's windows personality (NT): system-service
// numbers, NTSTATUS and the Win32/Winsock errors, handles, the structures of
// overlapped I/O and completion ports, AFD's requests. Code that runs on windows
// — the kernel32/ws2_32-like layer (src/win32) and what links against it —
// imports this, never the Linux or darwin uapi.

export * from './syscalls.ts';
export * from './ntstatus.ts';
export * from './flags.ts';
export type { Executable, ExecInfo, ProgramImage } from '../image.ts';
