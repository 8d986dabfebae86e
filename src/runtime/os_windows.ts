// The runtime's face to windows (Go's os_windows.go, netpoll_windows.go and
// internal/poll/fd_windows.go): the runtime calls kernel32 and ws2_32 (Go's
// stdcall through asmstdcall), which reach NT's system services. What differs
// from the Unix kernels, as in Go:
// - threads come from CreateThread; minit duplicates the thread's handle, and
//   the M's id is GetCurrentThreadId;
// - an M sleeps in semasleep on an auto-reset event per note (CreateEvent,
//   WaitForSingleObject with a millisecond timeout, SetEvent to wake it);
//   usleep is Sleep's NtDelayExecution;
// - there are no signals: preemptM suspends the thread (SuspendThread),
//   reads its context (GetThreadContext, which waits until it has stopped),
//   and if it is at an async safe point moves it to asyncPreempt
//   (SetThreadContext), then resumes it;
// - memory is VirtualAlloc'd reserved and committed; a span given back is
//   MEM_RESET; a region is freed whole (MEM_RELEASE);
// - the network is completion-based: a Read issues an overlapped WSARecv and,
//   unless it completed at once, parks until its packet is dequeued (no EAGAIN,
//   no readiness calls); Accept is AcceptEx, Dial is ConnectEx on a socket
//   bound to the wildcard address; Go sets no SO_REUSEADDR on a listener here
//   (Windows' SO_REUSEADDR would let another socket steal the port).

import { atomic, load, store, RDTSC } from '../machine/instr.ts';
import {
  WSAEWOULDBLOCK, WSAEINTR, WSAEINPROGRESS, WSAECONNABORTED, WSAECONNRESET, WSAEOPNOTSUPP, WSA_IO_PENDING, ERROR_OPERATION_ABORTED, ERROR_NETNAME_DELETED,
  ERROR_BROKEN_PIPE, WAIT_TIMEOUT, INFINITE, AF_INET, SOCK_STREAM, IPPROTO_TCP, SOMAXCONN, MEM_COMMIT, MEM_RESERVE, MEM_RELEASE, PAGE_READWRITE,
  SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, SO_UPDATE_CONNECT_CONTEXT, errorText,
} from '../kernel/uapi/windows/index.ts';
import * as W32 from '../win32/win32.ts';
import type { OS, OverlappedIO } from './os.ts';
import { windowsNetpoller } from './netpoll_windows.ts';
import { GoFatal, type Gen } from './runtime2.ts';

/** The start routine newosproc gives CreateThread (tstart_stdcall). */
const TSTART_STDCALL = 0x401200;

const ERRNO_NAMES: Readonly<Record<number, string>> = {
  10004: 'WSAEINTR', 10009: 'WSAEBADF', 10013: 'WSAEACCES', 10014: 'WSAEFAULT', 10022: 'WSAEINVAL', 10024: 'WSAEMFILE', 10035: 'WSAEWOULDBLOCK',
  10036: 'WSAEINPROGRESS', 10037: 'WSAEALREADY', 10038: 'WSAENOTSOCK', 10045: 'WSAEOPNOTSUPP', 10047: 'WSAEAFNOSUPPORT', 10048: 'WSAEADDRINUSE',
  10049: 'WSAEADDRNOTAVAIL', 10051: 'WSAENETUNREACH', 10053: 'WSAECONNABORTED', 10054: 'WSAECONNRESET', 10055: 'WSAENOBUFS', 10056: 'WSAEISCONN',
  10057: 'WSAENOTCONN', 10058: 'WSAESHUTDOWN', 10060: 'WSAETIMEDOUT', 10061: 'WSAECONNREFUSED', 10065: 'WSAEHOSTUNREACH',
  6: 'ERROR_INVALID_HANDLE', 64: 'ERROR_NETNAME_DELETED', 87: 'ERROR_INVALID_PARAMETER', 995: 'ERROR_OPERATION_ABORTED', 997: 'ERROR_IO_PENDING',
};

const u32 = new Uint8Array(4);
const u32v = new DataView(u32.buffer);

// --- notes: lock_sema.go's semasleep/semawakeup on an auto-reset event per note ---------------
// The note's word is at addr; the event's handle sits beside it, at addr + 4, made the first
// time the note is cleared (semacreate).

function* noteEvent(addr: number): Gen<number> {
  const b: Uint8Array = yield* load(addr + 4, 4);
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
}
function* noteclear(addr: number): Gen<void> {
  yield* atomic('store', addr, 0);
  if ((yield* noteEvent(addr)) !== 0) return;
  const ev = yield* W32.CreateEvent(false, false, yield* W32.stackScratch());
  if (ev < 0) throw new GoFatal(`runtime: createevent failed; errno=${-ev}`);
  u32v.setUint32(0, ev, true);
  yield* store(addr + 4, u32);
}
/** semawakeup: SetEvent. */
function* notewakeup(addr: number): Gen<void> {
  const old: number = yield* atomic('xchg', addr, 1);
  if (old !== 0) return;
  const r = yield* W32.SetEvent(yield* noteEvent(addr));
  if (r < 0) throw new GoFatal(`runtime: setevent failed; errno=${-r}`);
}
/** semasleep(-1): WaitForSingleObject(event, INFINITE) until the word is set. */
function* notesleep(addr: number, buf: number): Gen<void> {
  const ev = yield* noteEvent(addr);
  for (;;) {
    const v: number = yield* atomic('load', addr);
    if (v !== 0) break;
    const r = yield* W32.WaitForSingleObject(ev, INFINITE, buf);
    if (r < 0) throw new GoFatal(`runtime: waitforsingleobject wait_failed; errno=${-r}`);
  }
  yield* atomic('store', addr, 0);
}
/** semasleep(ns): the timeout in whole milliseconds, at least 1 (timediv(ns, 1000000)). */
function* notetsleep(addr: number, ns: number, buf: number, cyclesPerNs: number): Gen<boolean> {
  const now = function* (): Gen<number> { const c: number = yield RDTSC; return Math.floor(c / cyclesPerNs); };
  const ev = yield* noteEvent(addr);
  const deadline = (yield* now()) + ns;
  for (;;) {
    const v: number = yield* atomic('load', addr);
    if (v !== 0) { yield* atomic('store', addr, 0); return true; }
    const left = deadline - (yield* now());
    if (left <= 0) return false;
    const r = yield* W32.WaitForSingleObject(ev, Math.max(1, Math.floor(left / 1e6)), buf);
    if (r < 0) throw new GoFatal(`runtime: waitforsingleobject wait_failed; errno=${-r}`);
    if (r === WAIT_TIMEOUT) { const w: number = yield* atomic('load', addr); if (w === 0) return false; }
  }
}

const overlapped: OverlappedIO = {
  IO_PENDING: WSA_IO_PENDING,
  ABORTED: ERROR_OPERATION_ABORTED,
  acceptRetry: [ERROR_NETNAME_DELETED, WSAECONNRESET],
  recv: (h, buf, n, ov, scratch) => W32.WSARecv(h, buf, n, ov, scratch),
  send: (h, buf, n, ov, scratch) => W32.WSASend(h, buf, n, ov, scratch),
  acceptEx: (lh, ah, out, ov, scratch) => W32.AcceptEx(lh, ah, out, ov, scratch),
  *accepted(ah, lh, out, scratch) {
    yield* W32.setsockopt(ah, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, lh, scratch);
    return yield* W32.GetAcceptExRemote(out);
  },
  *connectEx(h, addr, port, ov, scratch) {
    const r = yield* W32.bind(h, 0, 0, scratch); // ConnectEx needs a bound socket: Go binds to the wildcard address
    if (r < 0) return r;
    return yield* W32.ConnectEx(h, addr, port, ov, scratch);
  },
  *connected(h, scratch) { yield* W32.setsockopt(h, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, 0, scratch); },
  result: (ov) => W32.WSAGetOverlappedResult(ov),
  *cancel(h, ov, scratch) { yield* W32.CancelIoEx(h, ov, scratch); }, // ERROR_NOT_FOUND (it completed meanwhile) is fine
};

export const windowsOS: OS = {
  GOOS: 'windows',
  E: { EAGAIN: WSAEWOULDBLOCK, EINTR: WSAEINTR, EINPROGRESS: WSAEINPROGRESS, ECONNABORTED: WSAECONNABORTED },
  SIGURG: 0, // there are no signals
  errnoName: (e) => ERRNO_NAMES[e] ?? `Errno(${e})`,
  strerror: (e) => errorText(e).replace(/\.$/, ''),
  /** ReadFile on a synchronous handle; a pipe whose writer is gone is EOF, as internal/poll's Read on windows makes ERROR_BROKEN_PIPE. */
  *read(fd, buf, n) {
    const r = yield* W32.ReadFile(W32.stdHandle(fd), buf, n, yield* W32.stackScratch());
    return r === -ERROR_BROKEN_PIPE ? 0 : r;
  },
  /** write1: fds 1 and 2 are the standard output and error handles. */
  readInPlace: null,
  writeInPlace: null,
  *write(fd, buf, n) { return yield* W32.WriteFile(W32.stdHandle(fd), buf, n, yield* W32.stackScratch()); },
  close: (h) => W32.CloseHandle(h),
  /** syscall.Pipe: CreatePipe(&p[0], &p[1], nil, 0) — two synchronous handles of a named pipe. */
  *pipe() { return yield* W32.CreatePipe(0, yield* W32.stackScratch()); },
  pipesPollable: false,
  *mmap(len) { return yield* W32.VirtualAlloc(len, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, yield* W32.stackScratch()); },
  /** sysFree: VirtualFree(v, 0, MEM_RELEASE) — the whole region the reservation made. */
  *munmap(addr) { return yield* W32.VirtualFree(addr, 0, MEM_RELEASE, yield* W32.stackScratch()); },
  *madviseDontneed(addr, len) { return yield* W32.VirtualReset(addr, len, yield* W32.stackScratch()); },
  *getpid() { return (yield* W32.ClientId(yield* W32.stackScratch())).pid; },
  exit: (code) => W32.ExitProcess(code),
  /** newosproc: CreateThread(nil, 0, tstart_stdcall, mp, 0, nil), then CloseHandle. The M's g0 stack top names it. */
  *newosproc(sp) {
    const s = yield* W32.stackScratch();
    const h = yield* W32.CreateThread(TSTART_STDCALL, sp, s);
    if (h < 0) return h;
    yield* W32.CloseHandle(h);
    return 0;
  },
  *gettid() { return (yield* W32.ClientId(yield* W32.stackScratch())).tid; },
  *settls() { /* the TEB is the system's */ },
  getproccount: (buf) => W32.GetNumberOfProcessors(buf),
  *usleep(us, buf) { yield* W32.SleepEx100ns(us * 10, buf); },
  *nanosleep(ns, buf) { yield* W32.SleepEx100ns(ns / 100, buf); return 0; },
  noteclear,
  notewakeup,
  notesleep,
  notetsleep,
  *sigblockAll() { /* no signals */ },
  *sigrestore() { /* no signals */ },
  *sigunblockAll() { /* no signals */ },
  sigtab: [], // there are no signals: initsig asks about none
  *getsig() { return 0; },
  *setsig() { return 0; },
  *sigunblock() { /* no signals */ },
  *raise() { /* no signals */ },
  *signalstack() { return 0; },
  /**
   * preemptM: SuspendThread, GetThreadContext (it returns once the thread has stopped),
   * asyncPreempt at an async safe point (SetThreadContext), ResumeThread.
   */
  *preemptM(_pid, _tid, sp) {
    const s = sp.scratch;
    const prev = yield* W32.SuspendThread(sp.thread, s);
    if (prev < 0) return prev; // the thread is gone
    const ctx = s + 256;
    const rip = yield* W32.GetThreadContextRip(sp.thread, ctx);
    if (rip < 0) throw new GoFatal(`runtime: GetThreadContext failed; errno=${-rip}`);
    const nrip = sp.atSafePoint(rip);
    if (nrip !== rip) yield* W32.SetThreadContextRip(sp.thread, ctx, nrip);
    yield* W32.ResumeThread(sp.thread, s);
    return 0;
  },
  threadHandle: (buf) => W32.DuplicateCurrentThread(buf),
  *sigreturn() { throw new GoFatal('runtime: sigreturn on windows'); },
  /** WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nil, 0, WSA_FLAG_OVERLAPPED|WSA_FLAG_NO_HANDLE_INHERIT). */
  *socket() { return yield* W32.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, yield* W32.stackScratch()); },
  *setReuseAddr() { return 0; },
  bind: (fd, addr, port, buf) => W32.bind(fd, addr, port, buf),
  *listen(fd, backlog) { return yield* W32.listen(fd, backlog, yield* W32.stackScratch()); },
  /** listenerBacklog: syscall.SOMAXCONN, which Windows reads as "as many as it allows". */
  *somaxconn() { return SOMAXCONN; },
  *accept() { return -WSAEOPNOTSUPP; }, // windows accepts with AcceptEx (overlapped)
  *connect() { return -WSAEOPNOTSUPP; }, // and connects with ConnectEx
  soError: (fd, buf) => W32.soError(fd, buf),
  netpoller: windowsNetpoller,
  overlapped,
};

