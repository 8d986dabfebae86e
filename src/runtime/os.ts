// The runtime's face to the operating system, one implementation per GOOS (Go's
// os_linux.go/os_darwin.go, sys_*.go, lock_futex.go/lock_sema.go and
// netpoll_epoll.go/netpoll_kqueue.go). Go picks them with build tags when the
// binary is built; a program here is built for every GOOS it lists and picks the
// implementation at start from the kernel the loader says it runs on
// (ExecInfo.os), before any other call. Everything else in the runtime calls the
// OS only through this interface: the results are the system's own — a value, or
// a negative errno in that system's numbering (EAGAIN is 11 on linux, 35 on
// darwin), compared against `E`.

import type { Instr } from '../machine/instr.ts';
import type { G } from './runtime2.ts';
import type { GoSig } from './sigtab.ts';

type Gen<T> = Generator<Instr, T, any>;

/** The errno values the shared runtime code tests for, in this system's numbering. */
export interface Errnos { EAGAIN: number; EINTR: number; EINPROGRESS: number; ECONNABORTED: number }

/** The pollable-fd side of the network poller (netpoll_epoll.go, netpoll_kqueue.go). */
export interface Netpoller {
  /** netpollinit: make the poller and its wake-up; false if this kernel has none. */
  init(buf: number): Gen<{ pfd: number; wakefd: number } | null>;
  /** netpollopen: register fd for both directions once, with `id` (the pollDesc's) as the user data. */
  open(pfd: number, fd: number, id: number, buf: number): Gen<number>;
  /** netpollclose: deregister (kqueue: nothing to do, the close drops the knotes). */
  close(pfd: number, fd: number, buf: number): Gen<number>;
  /** netpollBreak's system call: wake the M blocked in `wait`. */
  wakeup(pfd: number, wakefd: number, buf: number): Gen<void>;
  /**
   * One wait: up to EVENTS_MAX events, -1 forever, 0 poll, else ns. Calls `ready(id, r, w, err)` per event; `drain` when the wake-up fired.
   * `procs` is GOMAXPROCS (windows asks for max(8, 64/GOMAXPROCS) packets).
   */
  wait(pfd: number, wakefd: number, delayNs: number, buf: number, drainWakeup: boolean, ready: (id: number, r: boolean, w: boolean, err: boolean) => void, procs: number): Gen<number>;
}

/**
 * Completion-based I/O (windows: internal/poll's execIO over overlapped calls). Each
 * call takes the OVERLAPPED of the pollDesc's operation for its direction; results
 * are the bytes (≥ 0) when it completed at once, -IO_PENDING when it will complete
 * to the port (netpoll readies the pollDesc), or minus the system's error.
 */
export interface OverlappedIO {
  readonly IO_PENDING: number;
  /** ERROR_OPERATION_ABORTED: what a cancelled operation reports. */
  readonly ABORTED: number;
  /** The errors AcceptEx retries on (the peer reset before the accept completed). */
  readonly acceptRetry: readonly number[];
  /** WSARecv of one buffer. */
  recv(h: number, buf: number, n: number, ov: number, scratch: number): Gen<number>;
  /** WSASend of one buffer. */
  send(h: number, buf: number, n: number, ov: number, scratch: number): Gen<number>;
  /** AcceptEx(listen, accept, out, 0, ...): 0 if it completed at once. */
  acceptEx(lh: number, ah: number, out: number, ov: number, scratch: number): Gen<number>;
  /** After AcceptEx: SO_UPDATE_ACCEPT_CONTEXT, and the peer's address from the output buffer. */
  accepted(ah: number, lh: number, out: number, scratch: number): Gen<{ addr: number; port: number }>;
  /** ConnectEx on a socket bound to the wildcard address: 0 if it connected at once; then SO_UPDATE_CONNECT_CONTEXT. */
  connectEx(h: number, addr: number, port: number, ov: number, scratch: number): Gen<number>;
  connected(h: number, scratch: number): Gen<void>;
  /** WSAGetOverlappedResult: the bytes, or -error (read from the OVERLAPPED). */
  result(ov: number): Gen<number>;
  /** CancelIoEx(h, ov). */
  cancel(h: number, ov: number, scratch: number): Gen<void>;
}

/** What preemptM needs on a system that preempts by suspending the thread (windows). */
export interface SuspendPreempt {
  /** The M's thread handle (minit's DuplicateHandle). */
  thread: number;
  /** With the thread stopped: given its context's Rip (the cycles left of its compute), the Rip to resume at. */
  atSafePoint(rip: number): number;
  /** The M's scratch area for the CONTEXT and the call's structures. */
  scratch: number;
}

/** entersyscall/exitsyscall around one call (proc.ts's syscallBlocking). */
export type Blocking = <T>(call: Gen<T>) => Gen<T>;

/** An accepted connection: its fd and the peer's address. */
export interface Accepted { fd: number; addr: number; port: number }

export interface OS {
  readonly GOOS: 'linux' | 'darwin' | 'windows';
  readonly E: Errnos;
  /** The signal the runtime preempts with (SIGURG), in this system's numbering. */
  readonly SIGURG: number;
  errnoName(e: number): string;
  strerror(e: number): string;

  // --- files ---
  read(fd: number, buf: number, n: number): Gen<number>;
  write(fd: number, buf: number, n: number): Gen<number>;
  /**
   * read and write made where they are issued, where each is one bare trap (linux: trapInPlace):
   * the result, or the instruction to yield for it. null where a call is more than its trap
   * (darwin reads the carry flag after it; windows goes through kernel32).
   */
  readonly readInPlace: ((fd: number, buf: number, n: number) => number | Instr) | null;
  readonly writeInPlace: ((fd: number, buf: number, n: number) => number | Instr) | null;
  close(fd: number): Gen<number>;
  /** A pipe with both ends close-on-exec, and non-blocking if asked; the fds or -errno. */
  pipe(buf: number, nonblock: boolean): Gen<[number, number] | number>;
  /**
   * Whether os.Pipe's files go through the netpoller. On linux and darwin they are
   * non-blocking and polled; on windows a pipe is a file Go does not poll (newFile
   * with kind "file"): a Read blocks its thread in ReadFile, and the P is handed off.
   */
  readonly pipesPollable: boolean;

  // --- memory: anonymous, private, read-write; reserved only (MAP_NORESERVE) unless `reserveOnly` is false ---
  mmap(len: number, reserveOnly?: boolean): Gen<number>;
  munmap(addr: number, len: number): Gen<number>;
  madviseDontneed(addr: number, len: number): Gen<number>;

  // --- the process and its threads ---
  getpid(): Gen<number>;
  exit(code: number): Gen<never>;
  /** newosproc: a thread that starts on `sp` with thread pointer `tls`; its id, 0 when the system does not say (the M learns it in minit), or -errno. */
  newosproc(sp: number, tls: number): Gen<number>;
  gettid(): Gen<number>;
  /** settls for the main thread (m0). */
  settls(tls: number): Gen<void>;
  /** getproccount: CPUs this process may use. */
  getproccount(buf: number): Gen<number>;

  // --- sleeping and waking (notes: lock_futex.go on linux, lock_sema.go on darwin) ---
  usleep(us: number, buf: number): Gen<void>;
  /** A blocking sleep as syscall.Nanosleep makes it: 0 or -errno. */
  nanosleep(ns: number, buf: number): Gen<number>;
  noteclear(addr: number): Gen<void>;
  notewakeup(addr: number): Gen<void>;
  notesleep(addr: number, buf: number): Gen<void>;
  /** Sleep at most ns: true if woken (the note is cleared), false on timeout. */
  notetsleep(addr: number, ns: number, buf: number, cyclesPerNs: number): Gen<boolean>;

  // --- signals: the preemption signal ---
  /** Block every signal, keeping the old mask at buf+8 (around thread creation). */
  sigblockAll(buf: number): Gen<void>;
  /** Restore the mask sigblockAll saved at buf+8. */
  sigrestore(buf: number): Gen<void>;
  /** Unblock every signal (minit). */
  sigunblockAll(buf: number): Gen<void>;
  /** initsig's table: the signals the runtime asks about and takes, and what sighandler does with each (sigtab.ts). */
  readonly sigtab: readonly GoSig[];
  /** getsig: the current action of `sig` (sigaction with no new action). */
  getsig(sig: number, buf: number): Gen<number>;
  /** setsig: install `handler` (0: SIG_DFL) for `sig` on the signal stack, restartable, every signal masked while it runs. */
  setsig(sig: number, handler: number, buf: number): Gen<number>;
  /** unblockSig: take `sig` out of the calling thread's mask. */
  sigunblock(sig: number, buf: number): Gen<void>;
  /** raise: `sig` to the calling thread (`tid`: its id). */
  raise(sig: number, tid: number): Gen<void>;
  signalstack(sp: number, size: number, buf: number): Gen<number>;
  /** preemptM: SIGURG to thread `tid` of this process (linux, darwin), or suspend it and edit its context (windows). */
  preemptM(pid: number, tid: number, sp: SuspendPreempt): Gen<number>;
  /** minit's handle to the calling thread, for preemptM (windows: DuplicateHandle of the current thread; 0 elsewhere). */
  threadHandle(buf: number): Gen<number>;
  /** Return from a signal handler to the interrupted context. */
  sigreturn(uctx: number): Gen<never>;

  // --- sockets: IPv4 TCP, non-blocking and close-on-exec ---
  socket(): Gen<number>;
  setReuseAddr(fd: number, buf: number): Gen<number>;
  bind(fd: number, addr: number, port: number, buf: number): Gen<number>;
  listen(fd: number, backlog: number): Gen<number>;
  /** listenerBacklog: the system's somaxconn (Go reads /proc/sys/net/core/somaxconn on linux, sysctl kern.ipc.somaxconn on darwin). */
  somaxconn(buf: number): Gen<number>;
  /**
   * accept, made non-blocking and close-on-exec (accept4 on linux; accept + fcntl on
   * darwin). `blocking` wraps the call that may block (entersyscall/exitsyscall around
   * the trap alone, as syscall.Accept4 wraps it); the structs are set up outside it.
   */
  accept(fd: number, buf: number, blocking: Blocking): Gen<Accepted | number>;
  connect(fd: number, addr: number, port: number, buf: number, blocking: Blocking): Gen<number>;
  /** getsockopt(SO_ERROR): the pending error, positive errno or 0. */
  soError(fd: number, buf: number): Gen<number>;

  readonly netpoller: Netpoller;
  /** Completion-based network I/O (windows), or null where I/O is readiness-based (EAGAIN, then park). */
  readonly overlapped: OverlappedIO | null;
}

/** Used only for types: the Gs a netpoll made ready. */
export type GList = G[];
