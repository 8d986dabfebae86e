// The C-style library: what a C program links against. Syscall wrappers that
// behave like glibc's (return -1 and set errno), pthreads made of clone and
// futex, malloc over brk and mmap, stdio over write, signal handlers through a
// trampoline that ends in rt_sigreturn, and clock_gettime through the vDSO.
//
// A C program is a generator function `main(c, argv)`; `c` is its thread's
// handle to the library. Every call that enters the kernel is a trap; every
// buffer the kernel reads or fills is a real address in the process's memory.

import { acquire, release, type RaceCtx, type RaceThread, type SyncClock } from '../runtime/race.ts';
import { trap, compute, load, store, touch, atomic, setsp, RDTSC, type Instr, type Program } from '../machine/instr.ts';
import {
  SYS, EINTR, EAGAIN, ETIMEDOUT, EINVAL, ENOMEM, ERESTARTSYS, strerror,
  MAP_PRIVATE, MAP_ANONYMOUS, MAP_STACK, PROT_READ, PROT_WRITE, PROT_NONE,
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, CLONE_SYSVSEM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID,
  CLONE_VFORK, SIGCHLD, FUTEX_WAIT, FUTEX_WAKE, FUTEX_PRIVATE_FLAG, CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
  SA_RESTART, SA_RESTORER, SA_SIGINFO, SIG_BLOCK, SIG_SETMASK,
} from '../kernel/uapi/index.ts';
import type { Executable, ExecInfo, ProgramImage } from '../kernel/uapi/image.ts';
import { AF_INET, encodeSockaddrIn, decodeSockaddrIn, type SockaddrIn } from '../kernel/uapi/index.ts';
import { epoll_event, pollfd, encodeEpollEvent, decodeEpollEvents, encodePollfds, decodePollfds, type EpollEvent } from '../kernel/uapi/structs.ts';
import { format } from './format.ts';
import { Arena, M_MMAP_THRESHOLD, M_TOP_PAD, M_TRIM_THRESHOLD, CHUNK_HEADER } from './malloc.ts';

export type CGen<T> = Generator<Instr, T, any>;
export type CMain = (c: LibC, argv: readonly string[]) => CGen<number | void>;
export type ThreadFn = (c: LibC, arg: number) => CGen<number | void>;
export type SigHandler = (c: LibC, signo: number, ucontext: number) => CGen<void>;

export const NULL = 0;
export const SIG_DFL_FN = 0;
export const SIG_IGN_FN = 1;

const THREAD_STACK_SIZE = 8 * 1024 * 1024; // glibc's default: RLIMIT_STACK
const GUARD_SIZE = 4096;
const TCB_SIZE = 2304;                      // sizeof(struct pthread), at the top of the thread's stack
const TCB_SIGMASK = 8;                      // where struct pthread keeps the creator's signal mask
const SCRATCH_SIZE = 4096;                  // per-thread staging buffer for stdio
const CODE_BASE = 0x401000;                 // "addresses" of functions registered with the library
const CALL_CYCLES = 5;                      // call + prologue + epilogue + ret of a small C function

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A thread created by pthread_create, as the library tracks it. */
interface PThread {
  id: number; tcb: number; stack: number; stackLen: number; result: number; detached: boolean;
  /** -fsanitize=thread: the new thread's detector state, and the clock its end releases to pthread_join. */
  race: RaceThread | null; raceExit: SyncClock;
}

/** The library's process-wide state: the data only this process can see. */
export class CProcess {
  info!: ExecInfo;
  readonly arena = new Arena();
  private dataCursor = 0;
  private readonly literals = new Map<string, number>();
  private readonly fns: unknown[] = [];
  private readonly fnAddr = new Map<unknown, number>();
  readonly threadsByTls = new Map<number, LibC>();
  readonly pendingStarts = new Map<number, { fn: ThreadFn; arg: number; th: PThread }>();
  /** posix_spawn children, by the stack they start on: what they exec. */
  readonly pendingSpawns = new Map<number, { path: number; argv: number; envp: number }>();
  readonly pthreads = new Map<number, PThread>();
  private nextPthread = 1;
  heapInit = false;
  /** Built with -fsanitize=thread: the race detector of this process. */
  race: RaceCtx | null = null;

  constructor(readonly main: CMain) {}

  /** Static data: a bump allocator over the executable's data segment. */
  staticAlloc(size: number, align = 16): number {
    const a = Math.ceil((this.info.dataStart + this.dataCursor) / align) * align;
    this.dataCursor = a + size - this.info.dataStart;
    if (this.dataCursor > this.info.dataSize) throw new Error('data segment exhausted');
    return a;
  }

  literalAddr(s: string): number | undefined { return this.literals.get(s); }
  setLiteral(s: string, addr: number): void { this.literals.set(s, addr); }

  /** The address a function gets when the program takes a pointer to it. */
  fnToAddr(fn: unknown): number {
    let a = this.fnAddr.get(fn);
    if (a === undefined) { a = CODE_BASE + 16 * this.fns.length; this.fns.push(fn); this.fnAddr.set(fn, a); }
    return a;
  }
  addrToFn<T>(addr: number): T | undefined { return this.fns[(addr - CODE_BASE) / 16] as T | undefined; }

  newPthread(tcb: number, stack: number, stackLen: number): PThread {
    const th: PThread = { id: this.nextPthread++, tcb, stack, stackLen, result: 0, detached: false, race: null, raceExit: [] };
    this.pthreads.set(th.id, th);
    return th;
  }
}

/** The per-thread handle a C program calls the library through. */
export class LibC {
  errno = 0;
  /** Where this thread's errno lives in memory, for compiled C that reads it (0: nowhere). */
  errnoAddr = 0;
  /** This thread's stack pointer, as the compiled code keeps it: moved by call(). */
  sp: number;
  /** Per-thread scratch memory for stdio and small structs. */
  readonly scratch: number;
  private scratchReady = false;
  /** -fsanitize=thread: this thread as the race detector sees it. */
  race: RaceThread | null = null;

  constructor(readonly proc: CProcess, readonly tls: number, scratch: number, readonly self: number, sp: number) {
    this.scratch = scratch;
    this.sp = sp;
  }

  // --- function calls and the stack ----------------------------------------------------------

  /**
   * Call `body` in a new stack frame of `frame` bytes: the prologue moves the stack
   * pointer down and writes the return address there, so the stack's pages become
   * resident as the calls go deeper — and a call past the end of the stack (the guard
   * page of a thread, the bottom of the main stack) faults with SIGSEGV, as in C.
   */
  *call<T>(frame: number, body: () => CGen<T>): CGen<T> {
    const sp = this.sp - Math.max(16, Math.ceil(frame / 16) * 16);
    yield compute(CALL_CYCLES);
    yield* touch(sp, 8, true);
    this.sp = sp;
    try { return yield* body(); } finally { this.sp = sp + Math.max(16, Math.ceil(frame / 16) * 16); }
  }

  /**
   * A function prologue on its own: push a frame of `frame` bytes (what call() does
   * before running its body). With leave(), for recursion deeper than JavaScript can
   * nest generators — thousands of calls written as a loop of prologues.
   */
  *enter(frame: number): CGen<void> {
    const sp = this.sp - Math.max(16, Math.ceil(frame / 16) * 16);
    yield compute(CALL_CYCLES);
    yield* setsp(sp);
    yield* touch(sp, 8, true);
    this.sp = sp;
  }

  /** The matching epilogue: pop a frame of `frame` bytes. */
  leave(frame: number): void { this.sp += Math.max(16, Math.ceil(frame / 16) * 16); }

  /**
   * A chain of `depth` nested calls of `frame` bytes each, then `body` at the bottom:
   * the same stack pages touched and the same cycles charged as `depth` calls to
   * call(), in one step (for programs that recurse by the thousand).
   */
  *callChain<T>(depth: number, frame: number, body: () => CGen<T>): CGen<T> {
    const size = Math.max(16, Math.ceil(frame / 16) * 16) * depth;
    const sp = this.sp - size;
    yield compute(CALL_CYCLES * depth);
    yield* touch(sp, size, true);
    const saved = this.sp;
    this.sp = sp;
    try { return yield* body(); } finally { this.sp = saved; }
  }

  get argv(): readonly string[] { return this.proc.info.argv; }
  get env(): Readonly<Record<string, string>> { return this.proc.info.env; }
  getenv(name: string): string | undefined { return this.proc.info.env[name]; }

  // --- raw syscalls ---------------------------------------------------------------------

  /** syscall(2): the raw return value, -errno on failure. */
  *syscall(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): CGen<number> {
    return yield* trap(nr, a0, a1, a2, a3, a4, a5);
  }

  /** A glibc-style wrapper: -1 and errno on failure. */
  *sys(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): CGen<number> {
    const r = yield* trap(nr, a0, a1, a2, a3, a4, a5);
    if (r < 0 && r > -4096) { yield* this.setErrno(-r); return -1; }
    return r;
  }

  /** Set errno, in memory too when the program reads it there (glibc's errno is a thread-local int). */
  *setErrno(e: number): CGen<void> {
    this.errno = e;
    if (this.errnoAddr !== 0) yield* atomic('store', this.errnoAddr, e);
  }

  // --- memory access ----------------------------------------------------------------------

  *peek(addr: number, len: number): CGen<Uint8Array> { return yield* load(addr, len); }
  *poke(addr: number, data: Uint8Array): CGen<void> { yield* store(addr, data); }
  *peekString(addr: number, len: number): CGen<string> { return dec.decode(yield* load(addr, len)); }
  *pokeString(addr: number, s: string): CGen<number> { const b = enc.encode(s); yield* store(addr, b); return b.length; }
  *loadU32(addr: number): CGen<number> { return yield* atomic('load', addr); }
  *storeU32(addr: number, v: number): CGen<void> { yield* atomic('store', addr, v); }
  *memset(addr: number, len: number): CGen<void> { yield* touch(addr, len, true); }

  /** A string literal's address in the data segment ("Hello" in C). */
  *lit(s: string): CGen<number> {
    let a = this.proc.literalAddr(s);
    if (a === undefined) {
      const b = enc.encode(s + '\0');
      a = this.proc.staticAlloc(b.length, 1);
      yield* store(a, b);
      this.proc.setLiteral(s, a);
    }
    return a;
  }

  /** Pass a buffer that is either an address or a string literal. */
  private *buf(b: number | string): CGen<number> { return typeof b === 'number' ? b : yield* this.lit(b); }

  // --- files and I/O ---------------------------------------------------------------------

  *read(fd: number, buf: number, n: number): CGen<number> { return yield* this.sys(SYS.read, fd, buf, n); }
  *write(fd: number, buf: number | string, n?: number): CGen<number> {
    const a = yield* this.buf(buf);
    return yield* this.sys(SYS.write, fd, a, n ?? (typeof buf === 'string' ? enc.encode(buf).length : 0));
  }
  *close(fd: number): CGen<number> { return yield* this.sys(SYS.close, fd); }
  /** open(2): a path such as "/etc/hostname" or "/dev/null"; returns an fd or -1. */
  *open(path: string, flags = 0): CGen<number> { return yield* this.sys(SYS.openat, -100 /* AT_FDCWD */, yield* this.lit(path), flags, 0); }
  *lseek(fd: number, off: number, whence: number): CGen<number> { return yield* this.sys(SYS.lseek, fd, off, whence); }
  *dup(fd: number): CGen<number> { return yield* this.sys(SYS.dup, fd); }
  *dup2(a: number, b: number): CGen<number> { return yield* this.sys(SYS.dup2, a, b); }
  *fcntl(fd: number, cmd: number, arg = 0): CGen<number> { return yield* this.sys(SYS.fcntl, fd, cmd, arg); }

  /** stdio on a terminal is line-buffered: each line is one write(2). */
  *printf(fmt: string, ...args: unknown[]): CGen<number> { return yield* this.fputs(1, format(fmt, args)); }
  *fprintf(fd: 1 | 2, fmt: string, ...args: unknown[]): CGen<number> { return yield* this.fputs(fd, format(fmt, args)); }
  *puts(s: string): CGen<number> { return yield* this.fputs(1, s + '\n'); }
  *perror(s: string): CGen<void> { yield* this.fputs(2, `${s}: ${strerror(this.errno)}\n`); }

  private *fputs(fd: number, text: string): CGen<number> {
    yield compute(100 + 2 * text.length); // formatting
    const bytes = enc.encode(text);
    let off = 0;
    while (off < bytes.length) {
      // Line buffering: flush at each newline (or when the buffer is full).
      let end = bytes.indexOf(10, off);
      end = end < 0 ? bytes.length : end + 1;
      end = Math.min(end, off + SCRATCH_SIZE);
      const chunk = bytes.subarray(off, end);
      yield* store(this.scratch, chunk);
      this.scratchReady = true;
      let done = 0;
      while (done < chunk.length) {
        const r = yield* this.sys(SYS.write, fd, this.scratch + done, chunk.length - done);
        if (r < 0) { if (this.errno === EINTR) continue; return -1; }
        done += r;
      }
      off = end;
    }
    return bytes.length;
  }

  // --- memory management --------------------------------------------------------------------

  *mmap(addr: number, len: number, prot: number, flags: number, fd = -1, off = 0): CGen<number> {
    return yield* this.sys(SYS.mmap, addr, len, prot, flags, fd, off);
  }
  *munmap(addr: number, len: number): CGen<number> { return yield* this.sys(SYS.munmap, addr, len); }
  *mprotect(addr: number, len: number, prot: number): CGen<number> { return yield* this.sys(SYS.mprotect, addr, len, prot); }
  *brk(addr: number): CGen<number> { return yield* this.syscall(SYS.brk, addr); }
  *sbrk(inc: number): CGen<number> {
    const a = this.proc.arena;
    if (!this.proc.heapInit) { const cur = yield* this.brk(0); a.heapStart = a.top = a.heapEnd = cur; this.proc.heapInit = true; }
    const old = a.heapEnd;
    const r = yield* this.brk(old + inc);
    if (r !== old + inc) { this.errno = ENOMEM; return -1; }
    a.heapEnd = r;
    return old;
  }

  *malloc(n: number): CGen<number> {
    if (n < 0) { this.errno = ENOMEM; return 0; }
    const a = this.proc.arena;
    yield compute(60); // ~20 ns: a glibc fast-path malloc
    const size = Arena.chunkSize(n);
    if (size >= M_MMAP_THRESHOLD) {
      const len = Math.ceil((size + 4096) / 4096) * 4096;
      const m = yield* this.mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
      if (m < 0) { this.errno = ENOMEM; return 0; }
      yield* touch(m, CHUNK_HEADER, true);
      a.mmapped.set(m + CHUNK_HEADER, len);
      this.account(len);
      return m + CHUNK_HEADER;
    }
    let c = a.takeFree(size);
    if (c === null) {
      if (!this.proc.heapInit) { const cur = yield* this.brk(0); a.heapStart = a.top = a.heapEnd = cur; this.proc.heapInit = true; }
      const short = a.topShortfall(size);
      if (short > 0 && (yield* this.sbrk(Math.ceil((short + M_TOP_PAD) / 4096) * 4096)) < 0) return 0;
      c = a.carveTop(size);
    }
    yield* touch(c.addr, CHUNK_HEADER, true); // the chunk header
    this.account(c.size);
    return c.addr + CHUNK_HEADER;
  }

  *calloc(n: number, size: number): CGen<number> {
    const p = yield* this.malloc(n * size);
    if (p !== 0) yield* touch(p, n * size, true);
    return p;
  }

  *free(p: number): CGen<void> {
    if (p === 0) return;
    const a = this.proc.arena;
    yield compute(45);
    const len = a.mmapped.get(p);
    if (len !== undefined) {
      a.mmapped.delete(p); this.account(-len);
      yield* this.munmap(p - CHUNK_HEADER, len);
      return;
    }
    const c = a.release(p - CHUNK_HEADER);
    if (c === null) throw new Error(`free(): invalid pointer 0x${p.toString(16)}`);
    this.account(-c.size);
    yield* touch(p - CHUNK_HEADER, CHUNK_HEADER, true);
    // Trim the top of the heap back to the kernel past M_TRIM_THRESHOLD.
    const slack = a.heapEnd - a.top;
    if (slack > M_TRIM_THRESHOLD + M_TOP_PAD) {
      const give = Math.floor((slack - M_TOP_PAD) / 4096) * 4096;
      const r = yield* this.brk(a.heapEnd - give);
      if (r === a.heapEnd - give) a.heapEnd = r;
    }
  }

  private account(d: number): void {
    const a = this.proc.arena; a.inUse += d; if (a.inUse > a.peakInUse) a.peakInUse = a.inUse;
  }

  // --- processes ------------------------------------------------------------------------

  *getpid(): CGen<number> { return yield* this.sys(SYS.getpid); }
  *gettid(): CGen<number> { return yield* this.sys(SYS.gettid); }

  /** exit(3): flush and exit_group. Does not return. */
  *exit(status: number): CGen<never> {
    for (;;) yield* trap(SYS.exit_group, status);
  }

  /**
   * posix_spawn: start `path` (e.g. "/bin/hello") as a new process with `argv` and `env`,
   * as glibc does it — clone(CLONE_VM|CLONE_VFORK) onto a small stack of its own, and the
   * child calls execve at once (exit 127 if that fails). Returns the child's pid, or
   * -errno.
   */
  *posix_spawn(path: string, argv: readonly string[], env: Readonly<Record<string, string>> = {}): CGen<number> {
    const strs = [path, ...argv, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
    const bytes = strs.map((x) => enc.encode(x + '\0'));
    const vecLen = 8 * (argv.length + 1 + Object.keys(env).length + 1);
    const total = vecLen + bytes.reduce((n, b) => n + b.length, 0);
    const block = yield* this.malloc(total);
    if (block === 0) return -ENOMEM;
    const vec = new Uint8Array(vecLen); const dv = new DataView(vec.buffer);
    let at = block + vecLen; const addrs: number[] = [];
    for (const b of bytes) { yield* store(at, b); addrs.push(at); at += b.length; }
    const argvAddrs = addrs.slice(1, 1 + argv.length); const envAddrs = addrs.slice(1 + argv.length);
    argvAddrs.forEach((a, i) => dv.setBigUint64(8 * i, BigInt(a), true));
    envAddrs.forEach((a, i) => dv.setBigUint64(8 * (argv.length + 1 + i), BigInt(a), true));
    yield* store(block, vec);
    const stackLen = 32 * 1024;
    const stack = yield* this.mmap(0, stackLen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK);
    if (stack < 0) { yield* this.free(block); return -this.errno; }
    const sp = stack + stackLen - 64;
    this.proc.pendingSpawns.set(sp, { path: addrs[0]!, argv: block, envp: block + 8 * (argv.length + 1) });
    const pid = yield* trap(SYS.clone, CLONE_VM | CLONE_VFORK | SIGCHLD, sp, 0, 0, 0);
    this.proc.pendingSpawns.delete(sp);
    yield* this.munmap(stack, stackLen);
    yield* this.free(block);
    return pid;
  }

  /** waitpid: wait for a child to end. Returns [pid, wait status], or [-1, 0] with errno. */
  *waitpid(pid: number, options = 0): CGen<[number, number]> {
    const st = yield* this.scratchAddr();
    for (;;) {
      const r = yield* this.sys(SYS.wait4, pid, st, options, 0);
      if (r < 0 && this.errno === EINTR) continue;
      if (r <= 0) return [r, 0];
      return [r, yield* atomic('load', st)];
    }
  }

  // --- time ------------------------------------------------------------------------------

  /** clock_gettime through the vDSO for the clocks it serves (no trap), the syscall for the rest. Returns ns. */
  *clockGettime(clock: number): CGen<number> {
    if (clock === CLOCK_MONOTONIC || clock === CLOCK_MONOTONIC_RAW || clock === CLOCK_BOOTTIME || clock === CLOCK_REALTIME) {
      const cycles = (yield RDTSC) as number; // the vDSO reads the TSC in place: no call, no trap
      const ns = Math.floor(cycles / (this.proc.info.clockHz / 1e9));
      return clock === CLOCK_REALTIME ? this.proc.info.realtimeEpochNs + ns : ns;
    }
    const tp = yield* this.scratchAddr();
    const r = yield* this.sys(SYS.clock_gettime, clock, tp);
    if (r < 0) return -1;
    const b = yield* load(tp, 16); const dv = new DataView(b.buffer);
    return Number(dv.getBigInt64(0, true)) * 1e9 + Number(dv.getBigInt64(8, true));
  }

  /** nanosleep for `ns`; returns 0, or -1 with EINTR. */
  *nanosleep(ns: number): CGen<number> {
    const ts = yield* this.scratchAddr();
    yield* store(ts, timespec(ns));
    return yield* this.sys(SYS.nanosleep, ts, 0);
  }
  *usleep(us: number): CGen<number> { return yield* this.nanosleep(us * 1000); }
  *sleep(s: number): CGen<number> { return yield* this.nanosleep(s * 1e9); }

  /** Burn `cycles` of CPU in user mode (a loop that does arithmetic). */
  *spin(cycles: number): CGen<void> { yield compute(cycles); }

  private *scratchAddr(): CGen<number> { return this.scratch + SCRATCH_SIZE - 64; }

  // --- futexes and pthreads -----------------------------------------------------------------

  *futexWait(addr: number, val: number, timeoutNs = -1): CGen<number> {
    let ts = 0;
    if (timeoutNs >= 0) { ts = yield* this.scratchAddr(); yield* store(ts, timespec(timeoutNs)); }
    return yield* this.sys(SYS.futex, addr, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, val, ts);
  }
  *futexWake(addr: number, n: number): CGen<number> { return yield* this.sys(SYS.futex, addr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n); }

  /**
   * pthread_create: an 8 MiB stack with a guard page, struct pthread at its top, then
   * clone. Returns the new thread's id (> 0), or the error pthread_create would return,
   * negated (-EAGAIN when no more threads or stacks can be had).
   */
  *pthread_create(fn: ThreadFn, arg = 0): CGen<number> {
    const len = THREAD_STACK_SIZE + GUARD_SIZE;
    const mem = yield* this.mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK);
    if (mem < 0) return -(this.errno === ENOMEM ? EAGAIN : this.errno); // EAGAIN, as pthread_create reports it
    if ((yield* this.mprotect(mem, GUARD_SIZE, PROT_NONE)) < 0) { yield* this.munmap(mem, len); return -EAGAIN; }
    const tcb = mem + len - TCB_SIZE;
    const sp = tcb - SCRATCH_SIZE - 64;
    const th = this.proc.newPthread(tcb, mem, len);
    // pthread_create happens before the new thread's start routine
    if (this.race !== null) th.race = this.race.ctx.newThread(th.id, this.race);
    this.proc.pendingStarts.set(sp, { fn, arg, th });
    // glibc blocks all signals around clone so the child starts with a clean slate.
    // glibc blocks all signals around clone so the child starts with none delivered; the
    // caller's mask is saved in struct pthread (tcb + 8) and the child restores it first thing.
    const set = yield* this.scratchAddr();
    yield* store(set, u64(~0n));
    yield* trap(SYS.rt_sigprocmask, SIG_BLOCK, set, tcb + TCB_SIGMASK, 8);
    const flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    const tid = yield* trap(SYS.clone, flags, sp, tcb, tcb, tcb);
    yield* trap(SYS.rt_sigprocmask, SIG_SETMASK, tcb + TCB_SIGMASK, 0, 8);
    if (tid < 0) {
      this.proc.pendingStarts.delete(sp); this.proc.pthreads.delete(th.id);
      yield* this.munmap(mem, len);
      return tid;
    }
    return th.id;
  }

  /** pthread_join: wait for the kernel to clear the child's tid (CLONE_CHILD_CLEARTID), then free its stack. */
  *pthread_join(id: number): CGen<number> {
    const th = this.proc.pthreads.get(id);
    if (th === undefined) return -EINVAL;
    for (;;) {
      const tid = yield* atomic('load', th.tcb);
      if (tid === 0) break;
      const r = yield* trap(SYS.futex, th.tcb, FUTEX_WAIT, tid, 0);
      if (r < 0 && r !== -EAGAIN && r !== -EINTR && r !== -ERESTARTSYS) return r;
    }
    this.proc.pthreads.delete(id);
    if (this.race !== null) acquire(this.race, th.raceExit);
    yield* this.munmap(th.stack, th.stackLen);
    return th.result;
  }

  pthread_self(): number { return this.self; }

  /** pthread_kill: tgkill to the thread. */
  *pthread_kill(id: number, sig: number): CGen<number> {
    const th = this.proc.pthreads.get(id);
    if (th === undefined) return -EINVAL;
    const tid = yield* atomic('load', th.tcb);
    const pid = this.proc.info.pid;
    const r = yield* trap(SYS.tgkill, pid, tid === 0 ? -1 : tid, sig);
    return r < 0 ? -r : 0;
  }

  /** A mutex word in static memory (PTHREAD_MUTEX_INITIALIZER). */
  pthread_mutex_new(): number { return this.proc.staticAlloc(4, 4); }

  /** Lock: the uncontended path is one CAS, no syscall ("Futexes Are Tricky", mutex2). */
  *pthread_mutex_lock(m: number): CGen<number> {
    let c = yield* atomic('cas', m, 0, 1);
    if (c === 0) return this.raceLocked(m);
    if (c !== 2) c = yield* atomic('xchg', m, 2);
    while (c !== 0) {
      yield* trap(SYS.futex, m, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 2, 0);
      c = yield* atomic('xchg', m, 2);
    }
    return this.raceLocked(m);
  }

  /** -fsanitize=thread: an unlock of m happens before this lock of it. */
  private raceLocked(m: number): 0 {
    if (this.race !== null) acquire(this.race, this.race.ctx.syncAt(m));
    return 0;
  }

  *pthread_mutex_trylock(m: number): CGen<number> {
    return (yield* atomic('cas', m, 0, 1)) === 0 ? this.raceLocked(m) : 16; // EBUSY
  }

  *pthread_mutex_unlock(m: number): CGen<number> {
    if (this.race !== null) release(this.race, this.race.ctx.syncAt(m));
    const old = yield* atomic('add', m, -1);
    if (old !== 1) {
      yield* atomic('store', m, 0);
      yield* trap(SYS.futex, m, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1);
    }
    return 0;
  }

  // --- signals ------------------------------------------------------------------------------

  /** sigaction(2) with a handler function (or SIG_DFL_FN / SIG_IGN_FN). */
  *sigaction(sig: number, handler: SigHandler | 0 | 1, flags = 0, mask = 0n): CGen<number> {
    const addr = typeof handler === 'number' ? handler : this.proc.fnToAddr(handler);
    const act = yield* this.scratchAddr();
    const b = new Uint8Array(32); const dv = new DataView(b.buffer);
    dv.setBigUint64(0, BigInt(addr), true);
    dv.setBigUint64(8, BigInt((flags | SA_RESTORER) >>> 0), true);
    dv.setBigUint64(24, mask, true);
    yield* store(act, b);
    return yield* this.sys(SYS.rt_sigaction, sig, act, 0, 8);
  }

  /** signal(3): glibc gives BSD semantics, i.e. SA_RESTART. */
  *signal(sig: number, handler: SigHandler | 0 | 1): CGen<number> { return yield* this.sigaction(sig, handler, SA_RESTART); }

  *sigprocmask(how: number, set: bigint): CGen<bigint> {
    const a = yield* this.scratchAddr();
    yield* store(a, u64(set));
    const r = yield* this.sys(SYS.rt_sigprocmask, how, a, a + 8, 8);
    if (r < 0) return -1n;
    const old = yield* load(a + 8, 8);
    return new DataView(old.buffer).getBigUint64(0, true);
  }

  *kill(pid: number, sig: number): CGen<number> { return yield* this.sys(SYS.kill, pid, sig); }
  *raise(sig: number): CGen<number> {
    const pid = yield* this.sys(SYS.getpid); const tid = yield* this.sys(SYS.gettid);
    return yield* this.sys(SYS.tgkill, pid, tid, sig);
  }

  // --- sockets ---------------------------------------------------------------------------
  // Addresses are struct sockaddr_in written to (and read from) this thread's scratch
  // memory; socklen_t and int options sit next to them, as a C caller's locals would.

  *socket(domain: number, type: number, protocol = 0): CGen<number> { return yield* this.sys(SYS.socket, domain, type, protocol); }

  /** Write `sa` as a struct sockaddr_in; returns its address. */
  private *sockaddr(sa: { addr: number; port: number; family?: number }): CGen<number> {
    const p = yield* this.scratchAddr();
    yield* store(p, encodeSockaddrIn({ family: sa.family ?? AF_INET, port: sa.port, addr: sa.addr }));
    return p;
  }
  *bind(fd: number, sa: { addr: number; port: number; family?: number }): CGen<number> {
    const p = yield* this.sockaddr(sa);
    return yield* this.sys(SYS.bind, fd, p, 16);
  }
  *connect(fd: number, sa: { addr: number; port: number; family?: number }): CGen<number> {
    const p = yield* this.sockaddr(sa);
    return yield* this.sys(SYS.connect, fd, p, 16);
  }
  *listen(fd: number, backlog: number): CGen<number> { return yield* this.sys(SYS.listen, fd, backlog); }
  /** accept(fd, addr, addrlen): addr/addrlen are user pointers (NULL for none). */
  *accept(fd: number, addr = 0, addrlen = 0): CGen<number> { return yield* this.sys(SYS.accept, fd, addr, addrlen); }
  *accept4(fd: number, addr = 0, addrlen = 0, flags = 0): CGen<number> { return yield* this.sys(SYS.accept4, fd, addr, addrlen, flags); }
  *shutdown(fd: number, how: number): CGen<number> { return yield* this.sys(SYS.shutdown, fd, how); }
  /** setsockopt with an int option value. */
  *setsockopt(fd: number, level: number, name: number, value: number): CGen<number> {
    const p = (yield* this.scratchAddr()) + 20;
    const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, value, true);
    yield* store(p, b);
    return yield* this.sys(SYS.setsockopt, fd, level, name, p, 4);
  }
  /** getsockopt of an int option: the value, or -1 with errno. */
  *getsockopt(fd: number, level: number, name: number): CGen<number> {
    const p = (yield* this.scratchAddr()) + 20;
    const b = new Uint8Array(8); new DataView(b.buffer).setInt32(4, 4, true);
    yield* store(p, b);
    const r = yield* this.sys(SYS.getsockopt, fd, level, name, p, p + 4);
    if (r < 0) return -1;
    return new DataView((yield* load(p, 4)).buffer).getInt32(0, true);
  }
  private *nameCall(nr: number, fd: number): CGen<SockaddrIn | null> {
    const p = yield* this.scratchAddr();
    const len = new Uint8Array(4); new DataView(len.buffer).setInt32(0, 16, true);
    yield* store(p + 16, len);
    if ((yield* this.sys(nr, fd, p, p + 16)) < 0) return null;
    return decodeSockaddrIn(yield* load(p, 16));
  }
  /** getsockname: the bound address, or null with errno. */
  *getsockname(fd: number): CGen<SockaddrIn | null> { return yield* this.nameCall(SYS.getsockname, fd); }
  *getpeername(fd: number): CGen<SockaddrIn | null> { return yield* this.nameCall(SYS.getpeername, fd); }
  *sendto(fd: number, buf: number | string, n: number, flags = 0, dest: { addr: number; port: number } | null = null): CGen<number> {
    const a = yield* this.buf(buf);
    const d = dest === null ? 0 : yield* this.sockaddr(dest);
    return yield* this.sys(SYS.sendto, fd, a, n, flags, d, dest === null ? 0 : 16);
  }
  /** recvfrom: srcAddr/addrlen are user pointers (NULL for none). */
  *recvfrom(fd: number, buf: number, n: number, flags = 0, srcAddr = 0, addrlen = 0): CGen<number> {
    return yield* this.sys(SYS.recvfrom, fd, buf, n, flags, srcAddr, addrlen);
  }
  *send(fd: number, buf: number | string, n: number, flags = 0): CGen<number> { return yield* this.sendto(fd, buf, n, flags); }
  *recv(fd: number, buf: number, n: number, flags = 0): CGen<number> { return yield* this.recvfrom(fd, buf, n, flags); }

  // --- epoll, poll, pipes, eventfd, socketpair ----------------------------------------------

  // The wrappers the C programs, the TCP code and the Go runtime's netpoller call:
  //   epoll_create(size) / epoll_create1(flags)            → epfd | -1
  //   epoll_ctl(epfd, op, fd, events, data = fd)            → 0 | -1   (a packed 12-byte epoll_event in user memory)
  //   epoll_wait(epfd, maxevents, timeoutMs)                → {events, data}[] | -1
  //   epoll_pwait(epfd, maxevents, timeoutMs, sigmask|null) → same; sigmask is a bigint set, null = keep the mask
  //   epoll_pwait2(epfd, maxevents, timeoutNs|null, sigmask|null) → same; null timeout = block
  //   poll(fds: {fd, events}[], timeoutMs)                  → {n, revents[]} (n = -1 on error)
  //   ppoll(fds, timeoutNs|null, sigmask|null)              → {n, revents[]}
  //   pipe() / pipe2(flags)                                 → [r, w] | -1
  //   eventfd(initval, flags)                               → fd | -1
  //   eventfd_read(fd) → bigint | -1n;  eventfd_write(fd, value) → 0 | -1
  //   socketpair(domain, type, protocol)                    → [a, b] | -1
  //   dup3(old, new, flags), send(fd, buf, len, flags), recv(fd, buf, len, flags), shutdown(fd, how) → glibc-style
  //   sigset(...signals) → bigint; sigemptyset() → 0n
  // Buffers for event and pollfd arrays live in a per-thread block from malloc.

  private ioBuf = 0;
  private ioBufSize = 0;

  /** A per-thread user buffer of at least `n` bytes for event and pollfd arrays. */
  private *ioBuffer(n: number): CGen<number> {
    if (this.ioBufSize < n) {
      if (this.ioBuf !== 0) yield* this.free(this.ioBuf);
      const size = Math.max(256, n);
      this.ioBuf = yield* this.malloc(size);
      this.ioBufSize = this.ioBuf === 0 ? 0 : size;
    }
    return this.ioBuf;
  }

  *epoll_create(size: number): CGen<number> { return yield* this.sys(SYS.epoll_create, size); }
  *epoll_create1(flags: number): CGen<number> { return yield* this.sys(SYS.epoll_create1, flags); }

  /** epoll_ctl: `events` and `data` (default: the fd) go into a real struct epoll_event; DEL passes it too, as glibc callers do. */
  *epoll_ctl(epfd: number, op: number, fd: number, events = 0, data: number = fd): CGen<number> {
    const ev = yield* this.scratchAddr();
    yield* store(ev, encodeEpollEvent({ events: events >>> 0, data }));
    return yield* this.sys(SYS.epoll_ctl, epfd, op, fd, ev);
  }

  *epoll_wait(epfd: number, maxevents: number, timeoutMs: number): CGen<EpollEvent[] | -1> {
    return yield* this.epollCall(SYS.epoll_wait, epfd, maxevents, timeoutMs, null);
  }
  *epoll_pwait(epfd: number, maxevents: number, timeoutMs: number, sigmask: bigint | null): CGen<EpollEvent[] | -1> {
    return yield* this.epollCall(SYS.epoll_pwait, epfd, maxevents, timeoutMs, sigmask);
  }
  *epoll_pwait2(epfd: number, maxevents: number, timeoutNs: number | null, sigmask: bigint | null): CGen<EpollEvent[] | -1> {
    return yield* this.epollCall(SYS.epoll_pwait2, epfd, maxevents, timeoutNs, sigmask);
  }

  private *epollCall(nr: number, epfd: number, maxevents: number, timeout: number | null, sigmask: bigint | null): CGen<EpollEvent[] | -1> {
    const room = Math.max(1, Math.min(maxevents, 1 << 16)) * epoll_event.size;
    const buf = yield* this.ioBuffer(room + 32);
    const extra = buf + room; // timespec (pwait2) and sigset
    let tmo = timeout ?? -1;
    if (nr === SYS.epoll_pwait2) {
      if (timeout === null) tmo = 0;
      else { yield* store(extra, timespec(timeout)); tmo = extra; }
    }
    let set = 0;
    if (sigmask !== null) { set = extra + 16; yield* store(set, u64(sigmask)); }
    const n = yield* this.sys(nr, epfd, buf, maxevents, tmo, set, 8);
    if (n < 0) return -1;
    if (n === 0) return [];
    return decodeEpollEvents(yield* load(buf, n * epoll_event.size), n);
  }

  *poll(fds: readonly { fd: number; events: number }[], timeoutMs: number): CGen<{ n: number; revents: number[] }> {
    return yield* this.pollCall(SYS.poll, fds, timeoutMs, null);
  }
  *ppoll(fds: readonly { fd: number; events: number }[], timeoutNs: number | null, sigmask: bigint | null): CGen<{ n: number; revents: number[] }> {
    return yield* this.pollCall(SYS.ppoll, fds, timeoutNs, sigmask);
  }

  private *pollCall(nr: number, fds: readonly { fd: number; events: number }[], timeout: number | null, sigmask: bigint | null): CGen<{ n: number; revents: number[] }> {
    const room = fds.length * pollfd.size;
    const buf = yield* this.ioBuffer(room + 32);
    const extra = buf + room;
    if (fds.length > 0) yield* store(buf, encodePollfds(fds.map((p) => ({ fd: p.fd, events: p.events, revents: 0 }))));
    let a2 = timeout ?? -1; let set = 0;
    if (nr === SYS.ppoll) {
      if (timeout === null) a2 = 0; else { yield* store(extra, timespec(timeout)); a2 = extra; }
      if (sigmask !== null) { set = extra + 16; yield* store(set, u64(sigmask)); }
    }
    const n = yield* this.sys(nr, buf, fds.length, a2, set, 8);
    if (n < 0) return { n: -1, revents: [] };
    const out = fds.length === 0 ? [] : decodePollfds(yield* load(buf, room), fds.length).map((p) => p.revents & 0xffff);
    return { n, revents: out };
  }

  *pipe(): CGen<[number, number] | -1> { return yield* this.pipe2(-1); }
  /** pipe2(flags); pipe() when flags is -1. */
  *pipe2(flags: number): CGen<[number, number] | -1> {
    const a = yield* this.scratchAddr();
    const r = flags === -1 ? yield* this.sys(SYS.pipe, a) : yield* this.sys(SYS.pipe2, a, flags);
    if (r < 0) return -1;
    const b = yield* load(a, 8); const dv = new DataView(b.buffer, b.byteOffset, 8);
    return [dv.getInt32(0, true), dv.getInt32(4, true)];
  }

  /** eventfd(3): the eventfd2 syscall. */
  *eventfd(initval: number, flags: number): CGen<number> { return yield* this.sys(SYS.eventfd2, initval, flags); }
  *eventfd_read(fd: number): CGen<bigint> {
    const a = yield* this.scratchAddr();
    const r = yield* this.sys(SYS.read, fd, a, 8);
    if (r !== 8) return -1n;
    const b = yield* load(a, 8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  }
  *eventfd_write(fd: number, value: bigint | number): CGen<number> {
    const a = yield* this.scratchAddr();
    yield* store(a, u64(BigInt(value)));
    const r = yield* this.sys(SYS.write, fd, a, 8);
    return r === 8 ? 0 : -1;
  }

  *socketpair(domain: number, type: number, protocol: number): CGen<[number, number] | -1> {
    const a = yield* this.scratchAddr();
    const r = yield* this.sys(SYS.socketpair, domain, type, protocol, a);
    if (r < 0) return -1;
    const b = yield* load(a, 8); const dv = new DataView(b.buffer, b.byteOffset, 8);
    return [dv.getInt32(0, true), dv.getInt32(4, true)];
  }

  *dup3(oldfd: number, newfd: number, flags: number): CGen<number> { return yield* this.sys(SYS.dup3, oldfd, newfd, flags); }
  // send, recv and shutdown: in the sockets section.

  /** sigemptyset + sigaddset: a signal set as the kernel reads it. */
  sigset(...sigs: number[]): bigint { let s = 0n; for (const x of sigs) s |= 1n << BigInt(x - 1); return s; }
  sigemptyset(): bigint { return 0n; }

  get ETIMEDOUT(): number { return ETIMEDOUT; }
  get SA_SIGINFO(): number { return SA_SIGINFO; }
  get scratchIsUsed(): boolean { return this.scratchReady; }
}

export function timespec(ns: number): Uint8Array {
  const b = new Uint8Array(16); const dv = new DataView(b.buffer);
  dv.setBigInt64(0, BigInt(Math.floor(ns / 1e9)), true);
  dv.setBigInt64(8, BigInt(Math.floor(ns % 1e9)), true);
  return b;
}

function u64(v: bigint): Uint8Array {
  const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return b;
}

/** Make an executable from a C program's `main`. */
export function cProgram(name: string, main: CMain): Executable {
  return {
    name,
    load(): ProgramImage {
      const proc = new CProcess(main);
      return {
        start(info: ExecInfo): Program {
          proc.info = info;
          // The main thread's TLS block and stdio scratch live just below the top of its stack.
          const scratch = info.stackTop - 4 * SCRATCH_SIZE;
          const c = new LibC(proc, 0, scratch, 0, scratch - 64);
          proc.threadsByTls.set(0, c);
          return runMain(c, main, info.argv);
        },
        threadStart(sp: number): Program {
          const spawn = proc.pendingSpawns.get(sp);
          if (spawn !== undefined) return runSpawnChild(spawn.path, spawn.argv, spawn.envp);
          const start = proc.pendingStarts.get(sp);
          if (start === undefined) return badStart(sp);
          proc.pendingStarts.delete(sp);
          const c = new LibC(proc, start.th.tcb, sp + 64, start.th.id, sp);
          proc.threadsByTls.set(start.th.tcb, c);
          return runThread(c, start.fn, start.arg, start.th);
        },
        signalEntry(signo: number, handler: number, uctx: number, fsbase: number): Program {
          const c = proc.threadsByTls.get(fsbase) ?? proc.threadsByTls.get(0)!;
          return runHandler(c, proc.addrToFn<SigHandler>(handler), signo, uctx);
        },
      };
    },
  };
}

function* runMain(c: LibC, main: CMain, argv: readonly string[]): Generator<Instr, void, any> {
  const status = yield* main(c, argv);
  yield* c.exit(typeof status === 'number' ? status : 0);
}

function* runThread(c: LibC, fn: ThreadFn, arg: number, th: PThread): Generator<Instr, void, any> {
  yield* trap(SYS.rt_sigprocmask, SIG_SETMASK, th.tcb + TCB_SIGMASK, 0, 8); // start_thread: the creator's mask
  const r = yield* fn(c, arg);
  th.result = typeof r === 'number' ? r : 0;
  c.proc.threadsByTls.delete(th.tcb);
  for (;;) yield* trap(SYS.exit, 0);
}

/** The posix_spawn child, on the parent's memory: exec, or exit 127 as the shell reports "not found". */
function* runSpawnChild(path: number, argv: number, envp: number): Generator<Instr, void, any> {
  yield* trap(SYS.execve, path, argv, envp);
  for (;;) yield* trap(SYS.exit_group, 127);
}

function* runHandler(c: LibC, fn: SigHandler | undefined, signo: number, uctx: number): Generator<Instr, void, any> {
  if (fn !== undefined) yield* fn(c, signo, uctx);
  for (;;) yield* trap(SYS.rt_sigreturn);
}

function* badStart(sp: number): Generator<Instr, void, unknown> {
  throw new Error(`thread started with an unknown stack 0x${sp.toString(16)}`);
}
