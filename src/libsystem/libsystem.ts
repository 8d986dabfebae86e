// The libSystem-like layer: what a program on the darwin personality links
// against (libsystem_kernel's syscall stubs, libsystem_pthread, libsystem_c's
// stdio), and what the Go-style runtime calls on darwin instead of trapping
// itself, as Go has done on macOS since 1.12.
//
// A stub traps with the UNIX class in %rax's top byte (0x2000000 | nr); XNU says
// the call failed by setting the carry flag, with the BSD errno in %rax, so every
// stub reads the flags after the trap (jb cerror) and turns a failure into -1 and
// errno. `raw` gives Go's convention instead: the value, or a negative errno.
//
// A program is a generator `main(c, argv)` over its thread's handle `c`, as with
// the Linux C library; every buffer the kernel sees is a real address.

import { trap, compute, load, store, atomic, rdreg, REG_CF, REG_RDX, RDTSC, type Instr, type Program } from '../machine/instr.ts';
import {
  SYS, unixTrap, strerror, ENOMEM, EINTR, ETIMEDOUT, AF_INET, sockaddr_in, kevent_s, PROT_READ, PROT_WRITE, MAP_PRIVATE, MAP_ANON,
  PTHREAD_START_CUSTOM, UL_COMPARE_AND_WAIT, ULF_WAKE_ALL, SIG_SETMASK,
  type Executable, type ExecInfo, type ProgramImage,
} from '../kernel/uapi/darwin/index.ts';
import { format } from '../libc/format.ts';
import { mutexLock, mutexUnlock, condWait, condSignal, condBroadcast } from './pthread.ts';

export type SGen<T> = Generator<Instr, T, any>;
export type SMain = (c: LibSystem, argv: readonly string[]) => SGen<number | void>;
export type SThreadFn = (c: LibSystem, arg: number) => SGen<number | void>;

const THREAD_STACK_SIZE = 512 * 1024; // libpthread's default for secondary threads
const SCRATCH_SIZE = 4096;
const enc = new TextEncoder();

/** One kevent, as user code builds and reads them. */
export interface Kevent { ident: number; filter: number; flags: number; fflags: number; data: number; udata: number }

/** XNU's trap convention: the value, or (carry set) a BSD errno, as one number: >= 0, or -errno. */
export function* rawSyscall(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): SGen<number> {
  const r = yield* trap(unixTrap(nr), a0, a1, a2, a3, a4, a5);
  const cf: number = yield rdreg(REG_CF);
  return cf !== 0 ? -r : r;
}

/** The process-wide part of the library: static data and the threads it started. */
export class SProcess {
  info!: ExecInfo;
  private cursor = 0;
  readonly pendingStarts = new Map<number, { fn: SThreadFn; arg: number; pthread: number }>();
  constructor(readonly main: SMain) {}
  staticAlloc(size: number, align = 16): number {
    const a = Math.ceil((this.info.dataStart + this.cursor) / align) * align;
    this.cursor = a + size - this.info.dataStart;
    if (this.cursor > this.info.dataSize) throw new Error('data segment exhausted');
    return a;
  }
}

/** A thread's handle to libSystem. */
export class LibSystem {
  errno = 0;
  private kevBuf = 0;
  private kevBufLen = 0;
  constructor(readonly proc: SProcess, readonly scratch: number, readonly pthread: number) {}

  get argv(): readonly string[] { return this.proc.info.argv; }

  /** A libsystem_kernel stub: -1 and errno when the carry flag says the call failed. */
  *sys(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): SGen<number> {
    const r = yield* rawSyscall(nr, a0, a1, a2, a3, a4, a5);
    if (r < 0) { this.errno = -r; return -1; }
    return r;
  }

  *peek(addr: number, len: number): SGen<Uint8Array> { return yield* load(addr, len); }
  *poke(addr: number, data: Uint8Array): SGen<void> { yield* store(addr, data); }

  // --- files, stdio ---
  *read(fd: number, buf: number, n: number): SGen<number> { return yield* this.sys(SYS.read, fd, buf, n); }
  *write(fd: number, buf: number | string, n?: number): SGen<number> {
    if (typeof buf === 'string') {
      const b = enc.encode(buf); yield* store(this.scratch, b);
      return yield* this.sys(SYS.write, fd, this.scratch, b.length);
    }
    return yield* this.sys(SYS.write, fd, buf, n ?? 0);
  }
  *close(fd: number): SGen<number> { return yield* this.sys(SYS.close, fd); }
  *dup(fd: number): SGen<number> { return yield* this.sys(SYS.dup, fd); }
  *dup2(a: number, b: number): SGen<number> { return yield* this.sys(SYS.dup2, a, b); }
  *fcntl(fd: number, cmd: number, arg = 0): SGen<number> { return yield* this.sys(SYS.fcntl, fd, cmd, arg); }
  *printf(fmt: string, ...args: unknown[]): SGen<number> { return yield* this.write(1, format(fmt, args)); }
  *perror(s: string): SGen<void> { yield* this.write(2, `${s}: ${strerror(this.errno)}\n`); }
  /** pipe(): the kernel returns the read end in %rax and the write end in %rdx. */
  *pipe(): SGen<[number, number] | -1> {
    const r = yield* this.sys(SYS.pipe);
    if (r < 0) return -1;
    const w: number = yield rdreg(REG_RDX);
    return [r, w];
  }

  // --- memory ---
  *mmap(addr: number, len: number, prot: number, flags: number, fd = -1, off = 0): SGen<number> {
    return yield* this.sys(SYS.mmap, addr, len, prot, flags, fd, off);
  }
  *munmap(addr: number, len: number): SGen<number> { return yield* this.sys(SYS.munmap, addr, len); }

  // --- processes, time ---
  *getpid(): SGen<number> { return yield* this.sys(SYS.getpid); }
  *exit(status: number): SGen<never> { for (;;) yield* trap(unixTrap(SYS.exit), status); }
  /** nanosleep, as libSystem builds it on __semwait_signal: ETIMEDOUT is the sleep completing. */
  *nanosleep(ns: number): SGen<number> {
    const r = yield* rawSyscall(SYS.__semwait_signal, 0, 0, 1, 1, Math.floor(ns / 1e9), Math.floor(ns % 1e9));
    if (r === -ETIMEDOUT || r >= 0) return 0;
    this.errno = -r; return -1;
  }
  *usleep(us: number): SGen<number> { return yield* this.nanosleep(us * 1000); }
  /** mach_absolute_time through the commpage: the TSC, no trap. */
  *mach_absolute_time(): SGen<number> { const c: number = yield RDTSC; return c; }
  *spin(cycles: number): SGen<void> { yield compute(cycles); }

  // --- sockets ---
  *socket(domain: number, type: number, protocol = 0): SGen<number> { return yield* this.sys(SYS.socket, domain, type, protocol); }
  private *sockaddr(addr: number, port: number): SGen<number> {
    const b = new Uint8Array(sockaddr_in.size); const dv = new DataView(b.buffer);
    b[sockaddr_in.sin_len] = sockaddr_in.size; b[sockaddr_in.sin_family] = AF_INET;
    dv.setUint16(sockaddr_in.sin_port, port, false); dv.setUint32(sockaddr_in.sin_addr, addr >>> 0, false);
    const a = this.scratch + 512; yield* store(a, b); return a;
  }
  *bind(fd: number, sa: { addr: number; port: number }): SGen<number> { return yield* this.sys(SYS.bind, fd, yield* this.sockaddr(sa.addr, sa.port), sockaddr_in.size); }
  *connect(fd: number, sa: { addr: number; port: number }): SGen<number> { return yield* this.sys(SYS.connect, fd, yield* this.sockaddr(sa.addr, sa.port), sockaddr_in.size); }
  *listen(fd: number, backlog: number): SGen<number> { return yield* this.sys(SYS.listen, fd, backlog); }
  *accept(fd: number): SGen<number> { return yield* this.sys(SYS.accept, fd, 0, 0); }
  *shutdown(fd: number, how: number): SGen<number> { return yield* this.sys(SYS.shutdown, fd, how); }
  *setsockopt(fd: number, level: number, name: number, value: number): SGen<number> {
    const a = this.scratch + 512; const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, value, true);
    yield* store(a, b);
    return yield* this.sys(SYS.setsockopt, fd, level, name, a, 4);
  }
  *getsockopt(fd: number, level: number, name: number): SGen<number> {
    const a = this.scratch + 512; const lp = a + 8;
    yield* store(lp, new Uint8Array([4, 0, 0, 0]));
    const r = yield* this.sys(SYS.getsockopt, fd, level, name, a, lp);
    if (r < 0) return -1;
    const b = yield* load(a, 4); return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
  }
  *socketpair(domain: number, type: number, protocol = 0): SGen<[number, number] | -1> {
    const a = this.scratch + 512;
    const r = yield* this.sys(SYS.socketpair, domain, type, protocol, a);
    if (r < 0) return -1;
    const b = yield* load(a, 8); const dv = new DataView(b.buffer, b.byteOffset, 8);
    return [dv.getInt32(0, true), dv.getInt32(4, true)];
  }

  // --- kqueue ---
  *kqueue(): SGen<number> { return yield* this.sys(SYS.kqueue); }
  /**
   * kevent(kq, changes, nevents, timeout): the changes are applied and up to `nevents`
   * events collected in one call; timeoutNs null waits forever, 0 polls. Returns the
   * events (EV_ERROR entries for failed changes among them), or -1 and errno.
   */
  *kevent(kq: number, changes: readonly Kevent[], nevents: number, timeoutNs: number | null): SGen<Kevent[] | -1> {
    const need = (changes.length + nevents) * kevent_s.size;
    if (need > this.kevBufLen) {
      // The arrays live in memory of the caller's (a C program's stack or heap): here, an mmap'd buffer that only grows.
      const len = Math.ceil(need / 65536) * 65536;
      const a = yield* this.mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON);
      if (a < 0) return -1;
      if (this.kevBufLen > 0) yield* this.munmap(this.kevBuf, this.kevBufLen);
      this.kevBuf = a; this.kevBufLen = len;
    }
    const ch = this.kevBuf;
    const evs = ch + changes.length * kevent_s.size;
    if (changes.length > 0) yield* store(ch, encodeKevents(changes));
    let ts = 0;
    if (timeoutNs !== null) {
      ts = this.scratch + 960;
      const b = new Uint8Array(16); const dv = new DataView(b.buffer);
      dv.setBigInt64(0, BigInt(Math.floor(timeoutNs / 1e9)), true); dv.setBigInt64(8, BigInt(timeoutNs % 1e9), true);
      yield* store(ts, b);
    }
    const n = yield* this.sys(SYS.kevent, kq, ch, changes.length, evs, nevents, ts);
    if (n < 0) return -1;
    return n === 0 ? [] : decodeKevents(yield* load(evs, n * kevent_s.size), n);
  }

  // --- threads ---
  /** pthread_create: a stack from mmap, then bsdthread_create with the caller's stack and pthread_t. */
  *pthread_create(fn: SThreadFn, arg = 0): SGen<number> {
    const mem = yield* this.mmap(0, THREAD_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON);
    if (mem < 0) return -(this.errno === ENOMEM ? 35 /* EAGAIN */ : this.errno);
    const pthread = mem + THREAD_STACK_SIZE - SCRATCH_SIZE; // struct _pthread at the top of its stack
    const sp = pthread - 64;
    this.proc.pendingStarts.set(sp, { fn, arg, pthread });
    const r = yield* this.sys(SYS.bsdthread_create, 0, arg, sp, pthread, PTHREAD_START_CUSTOM);
    if (r < 0) { this.proc.pendingStarts.delete(sp); return -this.errno; }
    return pthread;
  }
  // A mutex is 4 bytes and a cond pthread_cond_s.size, zeroed (PTHREAD_*_INITIALIZER); pthread.ts has the layouts.
  *pthread_mutex_lock(m: number): SGen<number> { return yield* mutexLock(m); }
  *pthread_mutex_unlock(m: number): SGen<number> { return yield* mutexUnlock(m); }
  /** pthread_cond_wait: 0 (woken); the error number otherwise, as pthread functions return it. */
  *pthread_cond_wait(cv: number, m: number): SGen<number> { return yield* condWait(cv, m, -1, this.scratch); }
  /** pthread_cond_timedwait_relative_np: 0, or ETIMEDOUT when `ns` passed with no signal. */
  *pthread_cond_timedwait_relative_np(cv: number, m: number, ns: number): SGen<number> { return yield* condWait(cv, m, ns, this.scratch); }
  *pthread_cond_signal(cv: number): SGen<number> { return yield* condSignal(cv); }
  *pthread_cond_broadcast(cv: number): SGen<number> { return yield* condBroadcast(cv); }
  /** os_unfair_lock-style wait and wake on a 32-bit word. */
  *ulockWait(addr: number, value: number, timeoutUs = 0): SGen<number> { return yield* this.sys(SYS.__ulock_wait, UL_COMPARE_AND_WAIT, addr, value, timeoutUs); }
  *ulockWake(addr: number, all = false): SGen<number> { return yield* this.sys(SYS.__ulock_wake, UL_COMPARE_AND_WAIT | (all ? ULF_WAKE_ALL : 0), addr, 0); }
  *loadU32(addr: number): SGen<number> { return yield* atomic('load', addr); }
  *storeU32(addr: number, v: number): SGen<void> { yield* atomic('store', addr, v); }
  get EINTR(): number { return EINTR; }
}

export function encodeKevents(evs: readonly Kevent[]): Uint8Array {
  const b = new Uint8Array(evs.length * kevent_s.size); const dv = new DataView(b.buffer);
  evs.forEach((e, i) => {
    const o = i * kevent_s.size;
    dv.setBigUint64(o + kevent_s.ident, BigInt(e.ident), true);
    dv.setInt16(o + kevent_s.filter, e.filter, true);
    dv.setUint16(o + kevent_s.flags, e.flags, true);
    dv.setUint32(o + kevent_s.fflags, e.fflags >>> 0, true);
    dv.setBigInt64(o + kevent_s.data, BigInt(e.data), true);
    dv.setBigUint64(o + kevent_s.udata, BigInt(e.udata), true);
  });
  return b;
}

export function decodeKevents(b: Uint8Array, n: number): Kevent[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength); const out: Kevent[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * kevent_s.size;
    out.push({
      ident: Number(dv.getBigUint64(o + kevent_s.ident, true)), filter: dv.getInt16(o + kevent_s.filter, true),
      flags: dv.getUint16(o + kevent_s.flags, true), fflags: dv.getUint32(o + kevent_s.fflags, true),
      data: Number(dv.getBigInt64(o + kevent_s.data, true)), udata: Number(dv.getBigUint64(o + kevent_s.udata, true)),
    });
  }
  return out;
}

/** EV_SET: one change. */
export function EV_SET(ident: number, filter: number, flags: number, fflags = 0, data = 0, udata = 0): Kevent {
  return { ident, filter, flags, fflags, data, udata };
}

/** Make an executable for the darwin personality from `main`. */
export function darwinProgram(name: string, main: SMain): Executable {
  return {
    name,
    oses: ['darwin'],
    load(): ProgramImage {
      const proc = new SProcess(main);
      const byTsd = new Map<number, LibSystem>();
      return {
        start(info: ExecInfo): Program {
          proc.info = info;
          const c = new LibSystem(proc, info.stackTop - 4 * SCRATCH_SIZE, 0);
          byTsd.set(0, c);
          return runMain(c, main, info.argv);
        },
        threadStart(sp: number): Program {
          const s = proc.pendingStarts.get(sp);
          if (s === undefined) throw new Error(`assertion: thread started with an unknown stack 0x${sp.toString(16)}`);
          proc.pendingStarts.delete(sp);
          const c = new LibSystem(proc, s.pthread, s.pthread);
          byTsd.set(s.pthread, c);
          return runThread(c, s.fn, s.arg);
        },
        signalEntry(): Program { return sigreturnOnly(); },
      };
    },
  };
}

function* runMain(c: LibSystem, main: SMain, argv: readonly string[]): Generator<Instr, void, any> {
  const status = yield* main(c, argv);
  yield* c.exit(typeof status === 'number' ? status : 0);
}

/** _pthread_start: run the function, then bsdthread_terminate. */
function* runThread(c: LibSystem, fn: SThreadFn, arg: number): Generator<Instr, void, any> {
  yield* rawSyscall(SYS.__pthread_sigmask, SIG_SETMASK, 0, 0);
  yield* fn(c, arg);
  for (;;) yield* trap(unixTrap(SYS.bsdthread_terminate), 0, 0, 0, 0);
}

/** _sigtramp for a program without handlers of its own: straight back through sigreturn. */
function* sigreturnOnly(): Generator<Instr, void, any> {
  for (;;) yield* trap(unixTrap(SYS.sigreturn), 0, 0);
}
