// The Win32-like layer: ntdll's system-service stubs, and over them the parts of
// kernel32 (threads, events, waits, memory, completion ports), ws2_32/mswsock
// (sockets as AFD requests: WSARecv, WSASend, AcceptEx, ConnectEx) that a
// program on the windows personality links against, and that the Go-style
// runtime calls on windows (Go calls kernel32 and ws2_32 through stdcall, never
// the system services directly).
//
// A stub loads the service number and traps with the first four arguments in
// registers; the rest it writes above the return-address slot and home space of
// a frame it opens below the stack pointer (rsp+0x28 on), and passes that frame,
// as NT's x64 convention has the caller do. The kernel answers with an NTSTATUS;
// kernel32 turns a failure into FALSE/NULL and a thread's last error
// (RtlNtStatusToDosError), ws2_32 into SOCKET_ERROR and a Winsock error.
//
// `raw` functions use Go's convention instead: a value (≥ 0), or minus the Win32
// or Winsock error. Every buffer the kernel sees is a real user address; callers
// pass a scratch area of theirs (≥ 256 bytes) for the structures a call builds.

import { trap, load, store, compute, rdreg, REG_RSP, RDTSC, type Instr, type Program } from '../machine/instr.ts';
import {
  SYS, STACK_ARGS_OFFSET, NT_SUCCESS, RtlNtStatusToDosError, NtStatusToSocketError, errorText,
  STATUS_SUCCESS, STATUS_PENDING, STATUS_TIMEOUT, ERROR_IO_PENDING, WAIT_TIMEOUT, WSA_IO_PENDING, WSA_IO_INCOMPLETE,
  INFINITE, WAIT_FAILED, NtCurrentProcess, NtCurrentThread, INVALID_HANDLE_VALUE, IO_COMPLETION_ALL_ACCESS, EVENT_ALL_ACCESS, THREAD_ALL_ACCESS,
  NotificationEvent, SynchronizationEvent, WaitAnyObject, DUPLICATE_SAME_ACCESS, MEM_COMMIT, MEM_RESERVE, MEM_RELEASE, PAGE_READWRITE,
  FileCompletionInformation, FileIoCompletionNotificationInformation, OVERLAPPED, OVERLAPPED_ENTRY, FILE_COMPLETION_INFORMATION,
  ThreadBasicInformation, THREAD_BASIC_INFORMATION, SystemBasicInformation, SYSTEM_BASIC_INFORMATION, CONTEXT, CONTEXT_CONTROL,
  AF_INET, sockaddr_in, WSABUF, AFD_DEVICE_NAME, AFD_OPEN_PACKET, AFD_RECV_INFO, AFD_SUPER_ACCEPT_INFO, AFD_INFO, AFD_INFO_REUSEADDR, AFD_INFO_SO_ERROR,
  IOCTL_AFD_BIND, IOCTL_AFD_START_LISTEN, IOCTL_AFD_RECV, IOCTL_AFD_SEND, IOCTL_AFD_SUPER_ACCEPT, IOCTL_AFD_SUPER_CONNECT, IOCTL_AFD_SET_CONTEXT,
  IOCTL_AFD_SET_INFO, IOCTL_AFD_GET_INFO, IOCTL_AFD_DISCONNECT, AFD_DISCONNECT_SEND, AFD_DISCONNECT_RECV, SD_RECEIVE, SD_SEND,
  SOL_SOCKET, SO_REUSEADDR, SO_UPDATE_ACCEPT_CONTEXT, SO_UPDATE_CONNECT_CONTEXT, SO_ERROR, STD_HANDLES,
  GENERIC_READ, FILE_WRITE_ATTRIBUTES, SYNCHRONIZE, FILE_GENERIC_WRITE, FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_CREATE,
  FILE_SYNCHRONOUS_IO_NONALERT, FILE_NON_DIRECTORY_FILE, FILE_PIPE_BYTE_STREAM_TYPE, FILE_PIPE_BYTE_STREAM_MODE, FILE_PIPE_QUEUE_OPERATION,
  type Executable, type ExecInfo, type ProgramImage,
} from '../kernel/uapi/windows/index.ts';
import { format } from '../libc/format.ts';

export type WGen<T> = Generator<Instr, T, any>;

/** Below the stack pointer: the frame a stub opens for the service's stack arguments. */
const FRAME = 0x200;
const argBuf = new Uint8Array(8 * 12); // up to 16 arguments: 12 beyond the four in registers
const argView = new DataView(argBuf.buffer);

/** An ntdll stub: NtXxx(args...) → NTSTATUS (unsigned). */
export function* nt(nr: number, ...args: number[]): WGen<number> {
  let frame = 0;
  if (args.length > 4) {
    const sp: number = yield rdreg(REG_RSP);
    frame = sp - FRAME;
    const n = args.length - 4;
    for (let i = 0; i < n; i++) argView.setBigInt64(8 * i, BigInt(Math.trunc(args[4 + i]!)), true);
    yield* store(frame + STACK_ARGS_OFFSET, argBuf.subarray(0, 8 * n));
  }
  const r = yield* trap(nr, args[0] ?? 0, args[1] ?? 0, args[2] ?? 0, args[3] ?? 0, frame, 0);
  return r >>> 0;
}

/**
 * Scratch for a call's structures on the caller's own stack, below the frame a stub
 * opens (0x400 bytes): for callers that keep no buffer of their own.
 */
export function* stackScratch(): WGen<number> {
  const sp: number = yield rdreg(REG_RSP);
  return sp - FRAME - 0x400;
}

const b8 = new Uint8Array(8);
const b8v = new DataView(b8.buffer);
function* put64(addr: number, v: number): WGen<void> { b8v.setBigInt64(0, BigInt(Math.trunc(v)), true); yield* store(addr, b8); }
function* get64(addr: number): WGen<number> { const b: Uint8Array = yield* load(addr, 8); return Number(new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true)); }
function* get32(addr: number): WGen<number> { const b: Uint8Array = yield* load(addr, 4); return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true); }
/** A Win32 failure from an NTSTATUS, as -error. */
const dos = (s: number): number => -RtlNtStatusToDosError(s);
const wsa = (s: number): number => -NtStatusToSocketError(s);
/** The LARGE_INTEGER timeout for a millisecond count at `p`: NULL for INFINITE. */
function* msTimeout(ms: number, p: number): WGen<number> {
  if (ms === INFINITE || ms < 0) return 0;
  yield* put64(p, -ms * 10_000);
  return p;
}

// --- kernel32: handles, events, waits, threads, memory -------------------------------------------------

export function* CloseHandle(h: number): WGen<number> { const s = yield* nt(SYS.NtClose, h); return NT_SUCCESS(s) ? 1 : dos(s); }

/** CreateEvent(NULL, manualReset, initialState, NULL): a handle. */
export function* CreateEvent(manualReset: boolean, initialState: boolean, scratch: number): WGen<number> {
  const s = yield* nt(SYS.NtCreateEvent, scratch, EVENT_ALL_ACCESS, 0, manualReset ? NotificationEvent : SynchronizationEvent, initialState ? 1 : 0);
  return NT_SUCCESS(s) ? yield* get64(scratch) : dos(s);
}
export function* SetEvent(h: number): WGen<number> { const s = yield* nt(SYS.NtSetEvent, h, 0); return NT_SUCCESS(s) ? 1 : dos(s); }

/** WaitForSingleObject(h, ms): WAIT_OBJECT_0, WAIT_TIMEOUT, or WAIT_FAILED (then -error). */
export function* WaitForSingleObject(h: number, ms: number, scratch: number): WGen<number> {
  const s = yield* nt(SYS.NtWaitForSingleObject, h, 0, yield* msTimeout(ms, scratch));
  if (s === STATUS_TIMEOUT) return WAIT_TIMEOUT;
  return NT_SUCCESS(s) ? s : dos(s);
}
/** WaitForMultipleObjects(n, handles, FALSE, ms): WAIT_OBJECT_0 + i, WAIT_TIMEOUT, or -error. */
export function* WaitForMultipleObjects(handles: readonly number[], ms: number, scratch: number): WGen<number> {
  const b = new Uint8Array(8 * handles.length); const dv = new DataView(b.buffer);
  handles.forEach((h, i) => dv.setBigInt64(8 * i, BigInt(h), true));
  yield* store(scratch + 16, b);
  const s = yield* nt(SYS.NtWaitForMultipleObjects, handles.length, scratch + 16, WaitAnyObject, 0, yield* msTimeout(ms, scratch));
  if (s === STATUS_TIMEOUT) return WAIT_TIMEOUT;
  return NT_SUCCESS(s) ? s : dos(s);
}
/** Sleep(ms) → NtDelayExecution with a relative interval (100 ns units). */
export function* SleepEx100ns(units: number, scratch: number): WGen<void> {
  yield* put64(scratch, -Math.max(0, Math.floor(units)));
  yield* nt(SYS.NtDelayExecution, 0, scratch);
}

/** CreateThread(NULL, 0, routine, arg, 0, NULL): a thread handle, or -error. */
export function* CreateThread(routine: number, arg: number, scratch: number): WGen<number> {
  const s = yield* nt(SYS.NtCreateThreadEx, scratch, THREAD_ALL_ACCESS, 0, NtCurrentProcess, routine, arg, 0, 0, 0, 0, 0);
  return NT_SUCCESS(s) ? yield* get64(scratch) : dos(s);
}
/** DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), ...): a real handle to the calling thread. */
export function* DuplicateCurrentThread(scratch: number): WGen<number> {
  const s = yield* nt(SYS.NtDuplicateObject, NtCurrentProcess, NtCurrentThread, NtCurrentProcess, scratch, 0, 0, DUPLICATE_SAME_ACCESS);
  return NT_SUCCESS(s) ? yield* get64(scratch) : dos(s);
}
/** The ClientId of the calling thread: what GetCurrentThreadId and GetCurrentProcessId read (from the TEB on Windows). */
export function* ClientId(scratch: number): WGen<{ pid: number; tid: number }> {
  yield* nt(SYS.NtQueryInformationThread, NtCurrentThread, ThreadBasicInformation, scratch, THREAD_BASIC_INFORMATION.size, 0);
  return { pid: yield* get64(scratch + THREAD_BASIC_INFORMATION.UniqueProcess), tid: yield* get64(scratch + THREAD_BASIC_INFORMATION.UniqueThread) };
}
export function* SuspendThread(h: number, scratch: number): WGen<number> { const s = yield* nt(SYS.NtSuspendThread, h, scratch); return NT_SUCCESS(s) ? yield* get32(scratch) : dos(s); }
export function* ResumeThread(h: number, scratch: number): WGen<number> { const s = yield* nt(SYS.NtResumeThread, h, scratch); return NT_SUCCESS(s) ? yield* get32(scratch) : dos(s); }
/** GetThreadContext(h, ctx) with CONTEXT_CONTROL: Rip (the cycles left of the thread's compute); -error on failure. */
export function* GetThreadContextRip(h: number, ctx: number): WGen<number> {
  const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, CONTEXT_CONTROL, true);
  yield* store(ctx + CONTEXT.ContextFlags, b);
  const s = yield* nt(SYS.NtGetContextThread, h, ctx);
  if (!NT_SUCCESS(s)) return dos(s);
  const r: Uint8Array = yield* load(ctx + CONTEXT.Rip, 8);
  return new DataView(r.buffer, r.byteOffset, 8).getFloat64(0, true);
}
export function* SetThreadContextRip(h: number, ctx: number, rip: number): WGen<number> {
  const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, rip, true);
  yield* store(ctx + CONTEXT.Rip, b);
  const s = yield* nt(SYS.NtSetContextThread, h, ctx);
  return NT_SUCCESS(s) ? 1 : dos(s);
}
export function* ExitProcess(code: number): WGen<never> { for (;;) yield* nt(SYS.NtTerminateProcess, NtCurrentProcess, code); }

/** VirtualAlloc(NULL, size, type, protect): the base, or -error. */
export function* VirtualAlloc(size: number, type: number, protect: number, scratch: number): WGen<number> {
  yield* put64(scratch, 0); yield* put64(scratch + 8, size);
  const s = yield* nt(SYS.NtAllocateVirtualMemory, NtCurrentProcess, scratch, 0, scratch + 8, type, protect);
  return NT_SUCCESS(s) ? yield* get64(scratch) : dos(s);
}
/** VirtualFree(addr, size, type). */
export function* VirtualFree(addr: number, size: number, type: number, scratch: number): WGen<number> {
  yield* put64(scratch, addr); yield* put64(scratch + 8, size);
  const s = yield* nt(SYS.NtFreeVirtualMemory, NtCurrentProcess, scratch, scratch + 8, type);
  return NT_SUCCESS(s) ? 1 : dos(s);
}
/** MEM_RESET: the contents of these committed pages are no longer needed. */
export function* VirtualReset(addr: number, size: number, scratch: number): WGen<number> {
  yield* put64(scratch, addr); yield* put64(scratch + 8, size);
  const s = yield* nt(SYS.NtAllocateVirtualMemory, NtCurrentProcess, scratch, 0, scratch + 8, 0x80000, PAGE_READWRITE);
  return NT_SUCCESS(s) ? 1 : dos(s);
}
export function* GetNumberOfProcessors(scratch: number): WGen<number> {
  const s = yield* nt(SYS.NtQuerySystemInformation, SystemBasicInformation, scratch, SYSTEM_BASIC_INFORMATION.size, 0);
  if (!NT_SUCCESS(s)) return 1;
  const b: Uint8Array = yield* load(scratch + SYSTEM_BASIC_INFORMATION.NumberOfProcessors, 1);
  return b[0]!;
}
/** WriteFile(h, buf, n, &written, NULL): bytes written or -error. */
export function* WriteFile(h: number, buf: number, n: number, scratch: number): WGen<number> {
  const s = yield* nt(SYS.NtWriteFile, h, 0, 0, 0, scratch, buf, n, 0, 0);
  return NT_SUCCESS(s) ? yield* get64(scratch + 8) : dos(s);
}
/** ReadFile(h, buf, n, &read, NULL) on a synchronous handle: bytes read or -error (ERROR_BROKEN_PIPE when a pipe's writer is gone). */
export function* ReadFile(h: number, buf: number, n: number, scratch: number): WGen<number> {
  const s = yield* nt(SYS.NtReadFile, h, 0, 0, 0, scratch, buf, n, 0, 0);
  return NT_SUCCESS(s) ? yield* get64(scratch + 8) : dos(s);
}

/** A UNICODE_STRING at `us` naming `name`, its UTF-16 text stored at `text`. */
function* unicodeString(us: number, text: number, name: string): WGen<void> {
  const u16 = new Uint8Array(name.length * 2);
  for (let i = 0; i < name.length; i++) { u16[2 * i] = name.charCodeAt(i) & 0xff; u16[2 * i + 1] = name.charCodeAt(i) >> 8; }
  yield* store(text, u16);
  const u = new Uint8Array(16); const udv = new DataView(u.buffer);
  udv.setUint16(0, u16.length, true); udv.setUint16(2, u16.length, true); udv.setBigUint64(8, BigInt(text), true);
  yield* store(us, u);
}

/** The buffer CreatePipe asks for when its caller passes 0: one page. */
const PIPE_DEFAULT_SIZE = 4096;

/**
 * CreatePipe(&read, &write, NULL, size): an anonymous pipe, which on NT is a named pipe
 * with a name no one else uses — \Device\NamedPipe\Win32Pipes.<pid>.<n> — made by
 * NtCreateNamedPipeFile (the read end: the server, byte stream, one instance) and
 * opened for writing by NtOpenFile. Both handles are synchronous: a ReadFile on an
 * empty pipe blocks its thread. kernel32 takes <n> from a counter in its data and the
 * pid from the TEB; this layer has neither, so it asks the kernel for the pid and
 * takes <n> from the time-stamp counter, just as unique within the process.
 * [read, write] handles, or -error.
 */
export function* CreatePipe(size: number, scratch: number): WGen<[number, number] | number> {
  const { pid } = yield* ClientId(scratch);
  const n: number = yield RDTSC;
  const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
  const name = `\\Device\\NamedPipe\\Win32Pipes.${hex8(pid)}.${hex8(n)}`;
  const us = scratch + 32; const text = scratch + 64; const hp = scratch; const iosb = scratch + 8;
  yield* unicodeString(us, text, name);
  const quota = size === 0 ? PIPE_DEFAULT_SIZE : size;
  let s = yield* nt(SYS.NtCreateNamedPipeFile, hp, GENERIC_READ | FILE_WRITE_ATTRIBUTES | SYNCHRONIZE, us, iosb,
    FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE, FILE_SYNCHRONOUS_IO_NONALERT, FILE_PIPE_BYTE_STREAM_TYPE,
    FILE_PIPE_BYTE_STREAM_MODE, FILE_PIPE_QUEUE_OPERATION, 1, quota, quota, 0);
  if (!NT_SUCCESS(s)) return dos(s);
  const rd = yield* get64(hp);
  s = yield* nt(SYS.NtOpenFile, hp, FILE_GENERIC_WRITE, us, iosb, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
  if (!NT_SUCCESS(s)) { yield* nt(SYS.NtClose, rd); return dos(s); }
  return [rd, yield* get64(hp)];
}

/** GetStdHandle for fds 0-2 (Go's write1 maps fd 1 and 2 to the standard handles). */
export function stdHandle(fd: number): number { return fd >= 0 && fd <= 2 ? STD_HANDLES[fd]! : fd; }

// --- kernel32: completion ports --------------------------------------------------------------------------

/**
 * CreateIoCompletionPort(file, existing, key, concurrency): a new port when file is
 * INVALID_HANDLE_VALUE; otherwise associates `file` with `existing` (or a new port) and key.
 */
export function* CreateIoCompletionPort(file: number, existing: number, key: number, concurrency: number, scratch: number): WGen<number> {
  let port = existing;
  if (port === 0) {
    const s = yield* nt(SYS.NtCreateIoCompletion, scratch, IO_COMPLETION_ALL_ACCESS, 0, concurrency >>> 0);
    if (!NT_SUCCESS(s)) return dos(s);
    port = yield* get64(scratch);
  }
  if (file === INVALID_HANDLE_VALUE) return port;
  yield* put64(scratch + 16 + FILE_COMPLETION_INFORMATION.Port, port);
  yield* put64(scratch + 16 + FILE_COMPLETION_INFORMATION.Key, key);
  const s = yield* nt(SYS.NtSetInformationFile, file, scratch, scratch + 16, FILE_COMPLETION_INFORMATION.size, FileCompletionInformation);
  return NT_SUCCESS(s) ? port : dos(s);
}
/** SetFileCompletionNotificationModes(h, flags). */
export function* SetFileCompletionNotificationModes(h: number, flags: number, scratch: number): WGen<number> {
  const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, flags, true);
  yield* store(scratch + 16, b);
  const s = yield* nt(SYS.NtSetInformationFile, h, scratch, scratch + 16, 4, FileIoCompletionNotificationInformation);
  return NT_SUCCESS(s) ? 1 : dos(s);
}
/** PostQueuedCompletionStatus(port, bytes, key, overlapped). */
export function* PostQueuedCompletionStatus(port: number, bytes: number, key: number, ov: number): WGen<number> {
  const s = yield* nt(SYS.NtSetIoCompletion, port, key, ov, STATUS_SUCCESS, bytes);
  return NT_SUCCESS(s) ? 1 : dos(s);
}
/**
 * GetQueuedCompletionStatusEx(port, entries, count, &removed, ms, alertable): the
 * number of OVERLAPPED_ENTRYs filled, or -WAIT_TIMEOUT / -error.
 */
export function* GetQueuedCompletionStatusEx(port: number, entries: number, count: number, ms: number, scratch: number): WGen<number> {
  const s = yield* nt(SYS.NtRemoveIoCompletionEx, port, entries, count, scratch + 8, yield* msTimeout(ms, scratch), 0);
  if (s === STATUS_TIMEOUT) return -WAIT_TIMEOUT;
  if (!NT_SUCCESS(s)) return dos(s);
  return yield* get32(scratch + 8);
}
/** One OVERLAPPED_ENTRY as user code reads it. */
export interface OverlappedEntry { key: number; overlapped: number; status: number; bytes: number }
export function decodeEntries(b: Uint8Array, n: number): OverlappedEntry[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength); const out: OverlappedEntry[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * OVERLAPPED_ENTRY.size;
    out.push({
      key: Number(dv.getBigUint64(o + OVERLAPPED_ENTRY.lpCompletionKey, true)), overlapped: Number(dv.getBigUint64(o + OVERLAPPED_ENTRY.lpOverlapped, true)),
      status: Number(dv.getBigUint64(o + OVERLAPPED_ENTRY.Internal, true)), bytes: Number(dv.getBigUint64(o + OVERLAPPED_ENTRY.dwNumberOfBytesTransferred, true)),
    });
  }
  return out;
}
/** CancelIoEx(h, overlapped | 0). */
export function* CancelIoEx(h: number, ov: number, scratch: number): WGen<number> {
  const s = yield* nt(SYS.NtCancelIoFileEx, h, ov, scratch);
  return NT_SUCCESS(s) ? 1 : dos(s);
}
/** GetOverlappedResult(h, ov, &bytes, FALSE): the bytes, or -error (-ERROR_IO_INCOMPLETE while pending). Reads the OVERLAPPED only. */
export function* GetOverlappedResult(ov: number): WGen<number> {
  const b: Uint8Array = yield* load(ov, 16); const dv = new DataView(b.buffer, b.byteOffset, 16);
  const status = Number(dv.getBigUint64(OVERLAPPED.Internal, true)) >>> 0;
  if (status === STATUS_PENDING) return -996;
  return NT_SUCCESS(status) ? Number(dv.getBigUint64(OVERLAPPED.InternalHigh, true)) : dos(status);
}

// --- ws2_32 / mswsock: sockets over AFD ------------------------------------------------------------------

const enc = new TextEncoder();

/** WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED): NtCreateFile on \Device\Afd\Endpoint. */
export function* WSASocket(af: number, type: number, protocol: number, scratch: number): WGen<number> {
  const us = scratch + 32; const name = scratch + 64; const ea = scratch + 160;
  yield* unicodeString(us, name, AFD_DEVICE_NAME);
  const e = new Uint8Array(AFD_OPEN_PACKET.size); const edv = new DataView(e.buffer);
  edv.setInt32(AFD_OPEN_PACKET.family, af, true); edv.setInt32(AFD_OPEN_PACKET.type, type, true); edv.setInt32(AFD_OPEN_PACKET.protocol, protocol, true);
  yield* store(ea, e);
  const s = yield* nt(SYS.NtCreateFile, scratch, 0xc0100000, us, scratch + 8, 0, 0, 3, 3, 0, ea, AFD_OPEN_PACKET.size);
  return NT_SUCCESS(s) ? yield* get64(scratch) : wsa(s);
}

function sockaddrIn(addr: number, port: number): Uint8Array {
  const b = new Uint8Array(sockaddr_in.size); const dv = new DataView(b.buffer);
  dv.setUint16(sockaddr_in.sin_family, AF_INET, true); dv.setUint16(sockaddr_in.sin_port, port, false); dv.setUint32(sockaddr_in.sin_addr, addr >>> 0, false);
  return b;
}
/** A request that completes at once (bind, listen, options): NtDeviceIoControlFile with the IOSB in scratch. */
function* afdSync(s: number, code: number, inp: number, inLen: number, out: number, outLen: number, scratch: number): WGen<number> {
  const st = yield* nt(SYS.NtDeviceIoControlFile, s, 0, 0, 0, scratch, code, inp, inLen, out, outLen);
  return NT_SUCCESS(st) ? 0 : wsa(st);
}
export function* bind(s: number, addr: number, port: number, scratch: number): WGen<number> {
  yield* store(scratch + 32, sockaddrIn(addr, port));
  return yield* afdSync(s, IOCTL_AFD_BIND, scratch + 32, sockaddr_in.size, 0, 0, scratch);
}
export function* listen(s: number, backlog: number, scratch: number): WGen<number> {
  const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, backlog >>> 0, true);
  yield* store(scratch + 32, b);
  return yield* afdSync(s, IOCTL_AFD_START_LISTEN, scratch + 32, 4, 0, 0, scratch);
}
/** setsockopt(s, SOL_SOCKET, name, &value, len) for the options msafd sends to AFD. */
export function* setsockopt(s: number, level: number, name: number, value: number, scratch: number): WGen<number> {
  if (level !== SOL_SOCKET) return -10042; // WSAENOPROTOOPT
  if (name === SO_UPDATE_ACCEPT_CONTEXT || name === SO_UPDATE_CONNECT_CONTEXT) {
    yield* put64(scratch + 32, value);
    return yield* afdSync(s, IOCTL_AFD_SET_CONTEXT, scratch + 32, 8, 0, 0, scratch);
  }
  if (name !== SO_REUSEADDR) return -10042;
  const b = new Uint8Array(AFD_INFO.size); const dv = new DataView(b.buffer);
  dv.setUint32(AFD_INFO.InformationClass, AFD_INFO_REUSEADDR, true); dv.setUint32(AFD_INFO.Value, value !== 0 ? 1 : 0, true);
  yield* store(scratch + 32, b);
  return yield* afdSync(s, IOCTL_AFD_SET_INFO, scratch + 32, AFD_INFO.size, 0, 0, scratch);
}
/** getsockopt(s, SOL_SOCKET, SO_ERROR): the pending Winsock error (0 if none), or -error. */
export function* soError(s: number, scratch: number): WGen<number> {
  const b = new Uint8Array(AFD_INFO.size); new DataView(b.buffer).setUint32(AFD_INFO.InformationClass, AFD_INFO_SO_ERROR, true);
  yield* store(scratch + 32, b);
  const r = yield* afdSync(s, IOCTL_AFD_GET_INFO, scratch + 32, AFD_INFO.size, scratch + 48, AFD_INFO.size, scratch);
  if (r < 0) return r;
  const st = yield* get32(scratch + 48 + AFD_INFO.Value);
  return NtStatusToSocketError(st);
}
void SO_ERROR;
export function* shutdown(s: number, how: number, scratch: number): WGen<number> {
  const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, how === SD_RECEIVE ? AFD_DISCONNECT_RECV : how === SD_SEND ? AFD_DISCONNECT_SEND : AFD_DISCONNECT_RECV | AFD_DISCONNECT_SEND, true);
  yield* store(scratch + 32, b);
  return yield* afdSync(s, IOCTL_AFD_DISCONNECT, scratch + 32, 4, 0, 0, scratch);
}
export function* closesocket(s: number): WGen<number> { const st = yield* nt(SYS.NtClose, s); return NT_SUCCESS(st) ? 0 : wsa(st); }

/**
 * An overlapped AFD request: Internal = STATUS_PENDING first (kernel32 does), the
 * OVERLAPPED's event (low bit set: no completion packet), the OVERLAPPED as both
 * ApcContext and IO_STATUS_BLOCK. Returns the bytes if it completed at once,
 * -WSA_IO_PENDING, or -error.
 */
function* overlapped(s: number, code: number, inp: number, inLen: number, ov: number): WGen<number> {
  yield* put64(ov + OVERLAPPED.Internal, STATUS_PENDING);
  const hEvent = yield* get64(ov + OVERLAPPED.hEvent);
  const st = yield* nt(SYS.NtDeviceIoControlFile, s, hEvent & ~1, 0, (hEvent & 1) !== 0 ? 0 : ov, ov, code, inp, inLen, 0, 0);
  if (st === STATUS_PENDING) return -WSA_IO_PENDING;
  if (!NT_SUCCESS(st)) return wsa(st);
  return yield* get64(ov + OVERLAPPED.InternalHigh);
}
/** WSARecv/WSASend of one buffer: AFD_RECV_INFO and its WSABUF in scratch. */
function* recvSend(code: number, s: number, buf: number, n: number, ov: number, scratch: number, peek = false): WGen<number> {
  const info = scratch + 32; const wb = scratch + 64;
  const b = new Uint8Array(AFD_RECV_INFO.size + 8 + WSABUF.size); const dv = new DataView(b.buffer);
  dv.setBigUint64(AFD_RECV_INFO.BufferArray, BigInt(wb), true); dv.setUint32(AFD_RECV_INFO.BufferCount, 1, true);
  dv.setUint32(AFD_RECV_INFO.TdiFlags, peek ? 0x80 : 0x20, true);
  dv.setUint32(32 + WSABUF.len, n, true); dv.setBigUint64(32 + WSABUF.buf, BigInt(buf), true);
  yield* store(info, b);
  return yield* overlapped(s, code, info, AFD_RECV_INFO.size, ov);
}
export function WSARecv(s: number, buf: number, n: number, ov: number, scratch: number): WGen<number> { return recvSend(IOCTL_AFD_RECV, s, buf, n, ov, scratch); }
export function WSASend(s: number, buf: number, n: number, ov: number, scratch: number): WGen<number> { return recvSend(IOCTL_AFD_SEND, s, buf, n, ov, scratch); }

/** The address slot AcceptEx needs for each of the local and the remote address. */
export const ACCEPT_ADDR_LEN = sockaddr_in.size + 16;
/** AcceptEx(listen, accept, out, 0, ACCEPT_ADDR_LEN, ACCEPT_ADDR_LEN, &bytes, ov): 0 if it completed at once, -WSA_IO_PENDING, or -error. */
export function* AcceptEx(ls: number, as: number, out: number, ov: number, scratch: number): WGen<number> {
  const b = new Uint8Array(AFD_SUPER_ACCEPT_INFO.size); const dv = new DataView(b.buffer);
  dv.setBigUint64(AFD_SUPER_ACCEPT_INFO.AcceptHandle, BigInt(as), true); dv.setUint32(AFD_SUPER_ACCEPT_INFO.ReceiveLength, 0, true);
  dv.setUint32(AFD_SUPER_ACCEPT_INFO.LocalAddressLength, ACCEPT_ADDR_LEN, true); dv.setUint32(AFD_SUPER_ACCEPT_INFO.RemoteAddressLength, ACCEPT_ADDR_LEN, true);
  dv.setBigUint64(AFD_SUPER_ACCEPT_INFO.OutputBuffer, BigInt(out), true);
  yield* store(scratch + 32, b);
  const r = yield* overlapped(ls, IOCTL_AFD_SUPER_ACCEPT, scratch + 32, AFD_SUPER_ACCEPT_INFO.size, ov);
  return r >= 0 ? 0 : r;
}
/** GetAcceptExSockaddrs: the remote address AcceptEx wrote. */
export function* GetAcceptExRemote(out: number): WGen<{ addr: number; port: number }> {
  const b: Uint8Array = yield* load(out + ACCEPT_ADDR_LEN, sockaddr_in.size); const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { addr: dv.getUint32(sockaddr_in.sin_addr, false), port: dv.getUint16(sockaddr_in.sin_port, false) };
}
/** ConnectEx(s, addr, NULL, 0, NULL, ov) on a bound socket: 0 if connected at once, -WSA_IO_PENDING, or -error. */
export function* ConnectEx(s: number, addr: number, port: number, ov: number, scratch: number): WGen<number> {
  yield* store(scratch + 32, sockaddrIn(addr, port));
  const r = yield* overlapped(s, IOCTL_AFD_SUPER_CONNECT, scratch + 32, sockaddr_in.size, ov);
  return r >= 0 ? 0 : r;
}
/** WSAGetOverlappedResult(s, ov, &bytes, FALSE, &flags): the bytes, or -Winsock error (WSA_IO_INCOMPLETE while pending). */
export function* WSAGetOverlappedResult(ov: number): WGen<number> {
  const b: Uint8Array = yield* load(ov, 16); const dv = new DataView(b.buffer, b.byteOffset, 16);
  const status = Number(dv.getBigUint64(OVERLAPPED.Internal, true)) >>> 0;
  if (status === STATUS_PENDING) return -WSA_IO_INCOMPLETE;
  return NT_SUCCESS(status) ? Number(dv.getBigUint64(OVERLAPPED.InternalHigh, true)) : wsa(status);
}

// --- a C program on windows ----------------------------------------------------------------------------------

export type WMain = (c: Win32, argv: readonly string[]) => WGen<number | void>;
export type WThreadFn = (c: Win32, arg: number) => WGen<number | void>;
const SCRATCH_SIZE = 4096;

/** The process-wide part of the library: static data and the threads it started. */
export class WProcess {
  info!: ExecInfo;
  private cursor = 0;
  readonly pendingStarts = new Map<number, { fn: WThreadFn; arg: number; scratch: number }>();
  private nextStart = 1;
  constructor(readonly main: WMain) {}
  staticAlloc(size: number, align = 16): number {
    const a = Math.ceil((this.info.dataStart + this.cursor) / align) * align;
    this.cursor = a + size - this.info.dataStart;
    if (this.cursor > this.info.dataSize) throw new Error('data segment exhausted');
    return a;
  }
  startId(): number { return this.nextStart++; }
}

/**
 * A thread's handle to kernel32 and ws2_32 with C's conventions: BOOL/handle results,
 * FALSE/NULL/SOCKET_ERROR on failure and the error in GetLastError / WSAGetLastError.
 */
export class Win32 {
  lastError = 0;
  constructor(readonly proc: WProcess, readonly scratch: number) {}
  get argv(): readonly string[] { return this.proc.info.argv; }
  private ok(r: number): number { if (r < 0) { this.lastError = -r; return -1; } return r; }
  GetLastError(): number { return this.lastError; }
  WSAGetLastError(): number { return this.lastError; }

  *peek(addr: number, len: number): WGen<Uint8Array> { return yield* load(addr, len); }
  *poke(addr: number, data: Uint8Array): WGen<void> { yield* store(addr, data); }
  *spin(cycles: number): WGen<void> { yield compute(cycles); }
  *QueryPerformanceCounter(): WGen<number> { const c: number = yield RDTSC; return c; }

  /** printf to stdout: WriteFile on the standard output handle. */
  *printf(fmt: string, ...args: unknown[]): WGen<number> { return yield* this.writeStd(1, format(fmt, args)); }
  *writeStd(fd: 1 | 2, s: string): WGen<number> {
    const b = enc.encode(s); const buf = this.scratch + 1024;
    yield* store(buf, b);
    return this.ok(yield* WriteFile(stdHandle(fd), buf, b.length, this.scratch));
  }
  *perror(s: string): WGen<void> { yield* this.writeStd(2, `${s}: ${errorText(this.lastError)} (${this.lastError})\n`); }

  *CloseHandle(h: number): WGen<number> { return this.ok(yield* CloseHandle(h)); }
  /** CreatePipe(&read, &write, NULL, size): [read, write], or -1. */
  *CreatePipe(size = 0): WGen<[number, number] | -1> {
    const r = yield* CreatePipe(size, this.scratch);
    return typeof r === 'number' ? (this.ok(r), -1) : r;
  }
  /** ReadFile(h, buf, n, &read, NULL) on a synchronous handle: the bytes read, or -1. */
  *ReadFile(h: number, buf: number, n: number): WGen<number> { return this.ok(yield* ReadFile(h, buf, n, this.scratch)); }
  /** WriteFile(h, buf, n, &written, NULL) on a synchronous handle: the bytes written, or -1. */
  *WriteFile(h: number, buf: number, n: number): WGen<number> { return this.ok(yield* WriteFile(h, buf, n, this.scratch)); }
  *CreateEvent(manual: boolean, initial: boolean): WGen<number> { return this.ok(yield* CreateEvent(manual, initial, this.scratch)); }
  *SetEvent(h: number): WGen<number> { return this.ok(yield* SetEvent(h)); }
  *WaitForSingleObject(h: number, ms: number): WGen<number> { const r = yield* WaitForSingleObject(h, ms, this.scratch); if (r < 0) { this.lastError = -r; return WAIT_FAILED; } return r; }
  *WaitForMultipleObjects(hs: readonly number[], ms: number): WGen<number> { const r = yield* WaitForMultipleObjects(hs, ms, this.scratch); if (r < 0) { this.lastError = -r; return WAIT_FAILED; } return r; }
  *Sleep(ms: number): WGen<void> { yield* SleepEx100ns(ms * 10_000, this.scratch); }
  *VirtualAlloc(size: number): WGen<number> { return this.ok(yield* VirtualAlloc(size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, this.scratch)); }
  *VirtualFree(addr: number): WGen<number> { return this.ok(yield* VirtualFree(addr, 0, MEM_RELEASE, this.scratch)); }
  *GetCurrentThreadId(): WGen<number> { return (yield* ClientId(this.scratch)).tid; }
  *ExitProcess(code: number): WGen<never> { return yield* ExitProcess(code); }

  /** CreateThread(NULL, 0, fn, arg, 0, NULL): the thread's handle, or -1. */
  *CreateThread(fn: WThreadFn, arg = 0): WGen<number> {
    const mem = yield* VirtualAlloc(SCRATCH_SIZE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, this.scratch);
    if (mem < 0) return this.ok(mem);
    const id = this.proc.startId();
    this.proc.pendingStarts.set(id, { fn, arg, scratch: mem });
    const r = yield* CreateThread(THREAD_START_ROUTINE, id, this.scratch);
    if (r < 0) this.proc.pendingStarts.delete(id);
    return this.ok(r);
  }

  *CreateIoCompletionPort(file: number, existing: number, key: number, concurrency: number): WGen<number> {
    const r = yield* CreateIoCompletionPort(file, existing, key, concurrency, this.scratch);
    if (r < 0) { this.lastError = -r; return 0; }
    return r;
  }
  *SetFileCompletionNotificationModes(h: number, flags: number): WGen<number> { return this.ok(yield* SetFileCompletionNotificationModes(h, flags, this.scratch)); }
  *PostQueuedCompletionStatus(port: number, bytes: number, key: number, ov: number): WGen<number> { return this.ok(yield* PostQueuedCompletionStatus(port, bytes, key, ov)); }
  /** GetQueuedCompletionStatusEx into `entries` (an array of OVERLAPPED_ENTRY in memory): the entries, or -1 (WAIT_TIMEOUT as the last error on a timeout). */
  *GetQueuedCompletionStatusEx(port: number, entries: number, count: number, ms: number): WGen<OverlappedEntry[] | -1> {
    const n = yield* GetQueuedCompletionStatusEx(port, entries, count, ms, this.scratch);
    if (n < 0) { this.lastError = -n; return -1; }
    return decodeEntries(yield* load(entries, n * OVERLAPPED_ENTRY.size), n);
  }
  *CancelIoEx(h: number, ov: number): WGen<number> { return this.ok(yield* CancelIoEx(h, ov, this.scratch)); }

  *WSAStartup(): WGen<number> { return 0; }
  *WSASocket(af: number, type: number, protocol: number): WGen<number> { return this.ok(yield* WSASocket(af, type, protocol, this.scratch)); }
  *bind(s: number, sa: { addr: number; port: number }): WGen<number> { return this.ok(yield* bind(s, sa.addr, sa.port, this.scratch)); }
  *listen(s: number, backlog: number): WGen<number> { return this.ok(yield* listen(s, backlog, this.scratch)); }
  *setsockopt(s: number, level: number, name: number, value: number): WGen<number> { return this.ok(yield* setsockopt(s, level, name, value, this.scratch)); }
  *shutdown(s: number, how: number): WGen<number> { return this.ok(yield* shutdown(s, how, this.scratch)); }
  *closesocket(s: number): WGen<number> { return this.ok(yield* closesocket(s)); }
  /** WSARecv of one buffer: 0 if it completed at once, SOCKET_ERROR (-1) with WSA_IO_PENDING or another error otherwise. */
  *WSARecv(s: number, buf: number, n: number, ov: number): WGen<number> { const r = yield* WSARecv(s, buf, n, ov, this.scratch); return r >= 0 ? 0 : this.ok(r); }
  *WSASend(s: number, buf: number, n: number, ov: number): WGen<number> { const r = yield* WSASend(s, buf, n, ov, this.scratch); return r >= 0 ? 0 : this.ok(r); }
  /** AcceptEx: TRUE (1) if it completed at once, FALSE (0) with the error (ERROR_IO_PENDING while it waits). */
  *AcceptEx(ls: number, as: number, out: number, ov: number): WGen<number> { const r = yield* AcceptEx(ls, as, out, ov, this.scratch); if (r < 0) { this.lastError = -r; return 0; } return 1; }
  *ConnectEx(s: number, sa: { addr: number; port: number }, ov: number): WGen<number> { const r = yield* ConnectEx(s, sa.addr, sa.port, ov, this.scratch); if (r < 0) { this.lastError = -r; return 0; } return 1; }
  *WSAGetOverlappedResult(ov: number): WGen<number> { return this.ok(yield* WSAGetOverlappedResult(ov)); }
  get ERROR_IO_PENDING(): number { return ERROR_IO_PENDING; }

  // --- blocking Winsock calls: what msafd does for them — the AFD request with the thread's
  // event (its low bit set: no completion packet), and NtWaitForSingleObject while it pends ---
  private syncEvent = 0;
  private syncOv = 0;
  private *sync(): WGen<number> {
    if (this.syncEvent === 0) {
      this.syncEvent = yield* CreateEvent(false, false, this.scratch);
      if (this.syncEvent < 0) { const e = this.syncEvent; this.syncEvent = 0; return e; }
      this.syncOv = this.scratch + 2048;
    }
    const b = new Uint8Array(OVERLAPPED.size); new DataView(b.buffer).setBigInt64(OVERLAPPED.hEvent, BigInt(this.syncEvent | 1), true);
    yield* store(this.syncOv, b);
    return this.syncOv;
  }
  private *syncWait(r: number, ov: number): WGen<number> {
    if (r !== -WSA_IO_PENDING) return r;
    yield* WaitForSingleObject(this.syncEvent, INFINITE, this.scratch);
    return yield* WSAGetOverlappedResult(ov);
  }
  /** recv(s, buf, n, 0): blocks until data, EOF (0) or an error (-1). */
  *recv(s: number, buf: number, n: number): WGen<number> {
    const ov = yield* this.sync(); if (ov < 0) return this.ok(ov);
    return this.ok(yield* this.syncWait(yield* WSARecv(s, buf, n, ov, this.scratch), ov));
  }
  /** send(s, buf, n, 0): blocks until all of it is buffered. */
  *send(s: number, buf: number, n: number): WGen<number> {
    const ov = yield* this.sync(); if (ov < 0) return this.ok(ov);
    return this.ok(yield* this.syncWait(yield* WSASend(s, buf, n, ov, this.scratch), ov));
  }
  /** accept(ls, NULL, NULL): a new socket for the next connection, blocking until there is one. */
  *accept(ls: number): WGen<number> {
    const s = yield* WSASocket(AF_INET, 1, 6, this.scratch);
    if (s < 0) return this.ok(s);
    const ov = yield* this.sync(); if (ov < 0) return this.ok(ov);
    const out = this.scratch + 2048 + 64;
    const r = yield* this.syncWait(yield* AcceptEx(ls, s, out, ov, this.scratch), ov);
    if (r < 0) { yield* closesocket(s); return this.ok(r); }
    yield* setsockopt(s, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, ls, this.scratch);
    return s;
  }
}

/** The address a thread made by CreateThread starts at (kernel32's BaseThreadInitThunk over RtlUserThreadStart). */
export const THREAD_START_ROUTINE = 0x401100;

/** Make an executable for the windows personality from `main` (a PE image linked against kernel32 and ws2_32). */
export function win32Program(name: string, main: WMain): Executable {
  return {
    name,
    oses: ['windows'],
    load(): ProgramImage {
      const proc = new WProcess(main);
      return {
        start(info: ExecInfo): Program {
          proc.info = info;
          return runMain(new Win32(proc, info.stackTop - 4 * SCRATCH_SIZE), main, info.argv);
        },
        threadStart(_sp: number, start?: { routine: number; arg: number }): Program {
          const s = start === undefined ? undefined : proc.pendingStarts.get(start.arg);
          if (s === undefined) throw new Error(`assertion: a thread started without a known start routine (${JSON.stringify(start)})`);
          proc.pendingStarts.delete(start!.arg);
          return runThread(new Win32(proc, s.scratch), s.fn, s.arg);
        },
        signalEntry(): Program { throw new Error('assertion: a signal delivered on windows'); },
      };
    },
  };
}

function* runMain(c: Win32, main: WMain, argv: readonly string[]): Generator<Instr, void, any> {
  const status = yield* main(c, argv);
  yield* ExitProcess(typeof status === 'number' ? status : 0);
}

/** The thread's routine, then ExitThread. */
function* runThread(c: Win32, fn: WThreadFn, arg: number): Generator<Instr, void, any> {
  const r = yield* fn(c, arg);
  for (;;) yield* nt(SYS.NtTerminateThread, NtCurrentThread, typeof r === 'number' ? r : 0);
}
