// NT system services of gomachine's windows personality, by number. On x86-64
// ntdll's stub loads the number into %eax, moves %rcx to %r10 and executes
// `syscall`; the first four arguments are in registers (r10, rdx, r8, r9), the
// rest on the caller's stack from rsp+0x28, where KiSystemCall64 copies them
// from. Here the trap carries the four register arguments and, as its fifth,
// the caller's %rsp: the kernel reads argument 5 onwards from rsp+0x28.
//
// NT's numbers are not an ABI — they move between builds, and only ntdll's
// exports are stable. The low ones below are those of Windows 10/11 (unchanged
// there since Windows 8.1); the services added later, whose numbers differ
// from build to build, are numbered after them in this table.

export const SYS = {
  NtWaitForSingleObject: 0x04,
  NtReadFile: 0x06,
  NtDeviceIoControlFile: 0x07,
  NtWriteFile: 0x08,
  NtRemoveIoCompletion: 0x09,
  NtSetEvent: 0x0e,
  NtClose: 0x0f,
  NtAllocateVirtualMemory: 0x18,
  NtFreeVirtualMemory: 0x1e,
  NtQueryInformationThread: 0x25,
  NtSetInformationFile: 0x27,
  NtTerminateProcess: 0x2c,
  NtQueryPerformanceCounter: 0x31,
  NtOpenFile: 0x33,
  NtDelayExecution: 0x34,
  NtQuerySystemInformation: 0x36,
  NtDuplicateObject: 0x3c,
  NtClearEvent: 0x3e,
  NtYieldExecution: 0x46,
  NtCreateEvent: 0x48,
  NtResumeThread: 0x52,
  NtTerminateThread: 0x53,
  NtCreateFile: 0x55,
  NtQuerySystemTime: 0x5a,
  NtWaitForMultipleObjects: 0x5b,
  // --- numbered by this table (their numbers move between builds) ---
  NtCreateIoCompletion: 0x60,
  NtSetIoCompletion: 0x61,
  NtRemoveIoCompletionEx: 0x62,
  NtCreateThreadEx: 0x63,
  NtSuspendThread: 0x64,
  NtGetContextThread: 0x65,
  NtSetContextThread: 0x66,
  NtCancelIoFileEx: 0x67,
  NtWaitForAlertByThreadId: 0x68,
  NtAlertThreadByThreadId: 0x69,
  NtQueryInformationProcess: 0x6a,
  NtCreateNamedPipeFile: 0x6b,
} as const;

export type SyscallName = keyof typeof SYS;

const NAMES: string[] = [];
for (const [name, nr] of Object.entries(SYS)) NAMES[nr] = name;

/** A service's name by its number (`NtService_N` for one this table does not have). */
export function syscallName(nr: number): string { return NAMES[nr] ?? `NtService_${nr}`; }

/** Where argument 5 (index 4) and on sit, relative to the caller's %rsp (the home space of four registers, and the return address, come first). */
export const STACK_ARGS_OFFSET = 0x28;
