// The kernel: what the machine calls on a trap, an interrupt, a page fault or
// the end of a program, and the glue between processes, the scheduler, signals
// and the syscall table.
//
// Control flow, as in Linux: every entry from the machine (trap, interrupt)
// ends in exitToUser(), which reschedules if asked to, resumes a blocked syscall
// whose thread was woken, and delivers pending signals before the core goes back
// to user code. A blocking syscall puts its thread to sleep and returns BLOCK;
// when the thread is woken and scheduled again the same handler runs again with
// `t.wake` saying why (the wait_event loop of Linux, without a kernel stack).

import type { Machine, Kernel as MachineKernel } from '../machine/machine.ts';
import type { Core } from '../machine/core.ts';
import type { MachineEvent } from '../machine/event-queue.ts';
import { COSTS } from '../machine/costs.ts';
import { AddressSpace, STACK_TOP, STACK_SIZE, TEXT_START, TEXT_SIZE, DATA_START, DATA_SIZE } from './mm.ts';
import { REALTIME_EPOCH_NS } from './time.ts';
import { CONSOLE_SLICE_BYTES } from './console-buffer.ts';
import { ConsoleFile, FdTable, BLOCK, fileCount, releaseWatches, type File, type SysResult } from './file.ts';
import { Process, Thread, Wake, type SyscallStat } from './proc.ts';
import { RunQueue, defaultTunables, type SchedTunables, schedule, placeNew, selectTaskRq, enqueueWoken, schedulerTick, accountSwitchOut } from './sched.ts';
import { Waiter, type WaitQueue } from './waitqueue.ts';
import { KEEP_RET, type SyscallHandler } from './syscall.ts';
import './modules.ts';
import { deliverSignal, hasDeliverableSignal, isRestartCode, sendSignal, killedStatus } from './signal.ts';
import { futexWakeAddr } from './futex.ts';
import { ENOSYS } from './uapi/errno.ts';
import { SIGABRT, SIGSEGV, SIGCHLD, SIGKILL, SIGILL, signalName } from './uapi/signal.ts';
import { MAP_PRIVATE, MAP_ANONYMOUS, MAP_GROWSDOWN, MAP_FIXED, PROT_READ, PROT_WRITE, PROT_EXEC, O_RDONLY, O_WRONLY, W_EXITCODE, shellStatus } from './uapi/flags.ts';
import type { Executable } from './uapi/image.ts';
import type { Personality } from './personality.ts';
import { LINUX } from './linux/personality.ts';

/**
 * kernel.oops_limit: after this many oopses the kernel panics (Linux 6.2's default),
 * so a bug that recurs on every tick cannot spin the machine forever.
 */
export const OOPS_LIMIT = 10_000;

/**
 * Every oops any kernel in this host process has had, with the JavaScript stack (which
 * the kernel log leaves out: it is not part of the simulated machine and differs between
 * hosts). The test suite fails a test that leaves one here unclaimed (takeOopses).
 */
const oopsRecords: string[] = [];
export function takeOopses(): string[] { return oopsRecords.splice(0); }

export interface KernelOptions {
  /** RLIMIT_NOFILE soft limit. */
  nofile?: number;
  /** What user mode sees: Linux's system-call interface (default) or another personality's. */
  personality?: Personality;
}

export class Kernel implements MachineKernel {
  readonly rq: RunQueue[];
  readonly tun: SchedTunables;
  readonly procs = new Map<number, Process>();
  readonly threads = new Map<number, Thread>();
  /** The core the kernel is executing on now (set at every entry from the machine). */
  core: Core;
  /** True while the kernel runs on behalf of a core (false when driven from outside, e.g. spawn at boot). */
  private entered = false;
  private nextPid = 100;
  readonly klog: string[] = [];
  readonly futexQueues = new Map<number, WaitQueue>();
  readonly init: Process;
  unknownSyscalls = 0;
  /** Kernel bugs survived (a JavaScript exception at kernel entry): any is a failure to investigate. */
  oopses = 0;
  contextSwitches = 0;
  /** When the last process exit happened (cycles). */
  lastExitCycles = 0;
  private readonly table: readonly (SyscallHandler | undefined)[];
  readonly personality: Personality;
  private readonly returnToUser: Personality['returnToUser'];
  private readonly decodeTrap: Personality['decodeTrap'];
  private readonly failed: ((r: number) => boolean) | null;
  readonly nofile: number;
  /** The executables execve can load, by path (the root filesystem's /bin). */
  readonly programs = new Map<string, Executable>();

  constructor(readonly m: Machine, opts: KernelOptions = {}) {
    this.rq = m.cores.map((c) => new RunQueue(c.id));
    this.tun = defaultTunables(m.cores.length, m.cyclesPerNs);
    this.core = m.cores[0]!;
    this.nofile = opts.nofile ?? (opts.personality ?? LINUX).nofile ?? 1024;
    this.personality = opts.personality ?? LINUX;
    this.table = this.personality.table;
    this.returnToUser = this.personality.returnToUser;
    this.decodeTrap = this.personality.decodeTrap;
    this.failed = this.personality.failed ?? null;
    const initExe: Executable = { name: 'init', load: () => ({ start: noProgram, threadStart: noProgram, signalEntry: noProgram }) };
    this.init = new Process(1, 'init', initExe, new AddressSpace(m.mem), new FdTable(this.nofile), null, [], {});
    this.procs.set(1, this.init);
    m.attach(this);
    m.startTimers();
    m.probe.publish('kernel', () => this.snapshot());
    // How observers name the numbers in 'syscall' events: this personality's table.
    m.probe.publish('syscall-names', () => this.personality.syscallName);
  }

  // --- time ---------------------------------------------------------------------

  /** Now, in cycles, on the core the kernel is running on. */
  now(): number { return this.entered ? this.core.clock : this.m.now; }
  nsToCycles(ns: number): number { return this.m.nsToCycles(ns); }
  cyclesToNs(c: number): number { return this.m.cyclesToNs(c); }

  log(msg: string): void {
    const ns = this.cyclesToNs(this.now());
    const line = `[${(ns / 1e9).toFixed(6).padStart(12)}] ${msg}`;
    this.klog.push(line);
    this.m.probe.emit('klog', this.now(), this.core.id, 0, 0, 0, 0, line);
  }

  // --- processes --------------------------------------------------------------------

  /** Whether `exe` is built for this kernel's personality (the loader's format check: ELF, Mach-O). */
  canRun(exe: Executable): boolean { return (exe.oses ?? ['linux']).includes(this.personality.os); }

  /** Install executables under /bin (and their bare names) for execve. */
  installPrograms(programs: Readonly<Record<string, Executable>>): void {
    for (const [name, exe] of Object.entries(programs)) this.programs.set(`/bin/${name}`, exe);
  }

  /**
   * clone without CLONE_THREAD, as posix_spawn uses it (CLONE_VM|CLONE_VFORK): a new
   * process that borrows the parent's address space and runs the parent's code on a
   * stack of its own until it calls execve; the parent sleeps until then.
   */
  vforkChild(parent: Thread, sp: number): Process {
    const pp = parent.proc;
    const pid = this.nextPid++;
    const fds = new FdTable(pp.fds.limit);
    // dup_fd: the child gets every fd the parent has, even above a lowered RLIMIT_NOFILE.
    for (const [fd, f] of pp.fds.entries()) { f.refs++; fds.copyAt(fd, f, pp.fds.isCloexec(fd)); }
    const p = new Process(pid, pp.name, pp.exe, pp.mm, fds, pp, pp.argv, pp.env, pp.image);
    p.mmBorrowed = true;
    pp.mm.users++; // the parent may die first (SIGKILL ends a vfork wait): the child's reference keeps the memory
    pp.sigactions.forEach((a, i) => { p.sigactions[i] = { ...a }; });
    p.startTime = this.now();
    pp.children.add(p);
    this.procs.set(pid, p);
    const t = new Thread(pid, p, pp.image.threadStart(sp));
    t.ctx.sp = sp; t.ctx.fsbase = parent.ctx.fsbase; t.sigmask = parent.sigmask; t.cpu = parent.cpu;
    p.threads.add(t);
    this.threads.set(pid, t);
    this.m.probe.emit('proc_fork', this.now(), this.core.id, pid, pid, pp.pid);
    placeNew(this, t);
    return p;
  }

  /** execve: replace the process image with `exe`. The calling thread becomes the only one. */
  exec(t: Thread, exe: Executable, argv: readonly string[], env: Readonly<Record<string, string>>): void {
    const p = t.proc;
    for (const other of [...p.threads]) if (other !== t) { other.dying = true; this.exitThread(other, 0); }
    if (p.mmBorrowed) { p.mmBorrowed = false; this.wakeVforkParent(p); }
    p.mm.mmput();
    const mm = new AddressSpace(this.m.mem);
    this.mapImage(mm);
    p.mm = mm; p.exe = exe; p.name = exe.name; p.argv = argv; p.env = env;
    p.image = exe.load();
    for (const [fd] of [...p.fds.entries()]) if (p.fds.isCloexec(fd)) { const f = p.fds.remove(fd); if (f) this.fput(f); }
    for (const a of p.sigactions) if (a.handler > 1) { a.handler = 0; a.flags = 0; a.mask = 0n; }
    const ctx = t.ctx;
    ctx.pageTable = mm; ctx.frames.length = 0; ctx.pending = 0; ctx.held = null; ctx.ret = undefined;
    ctx.sp = STACK_TOP; ctx.fsbase = 0;
    t.sigframes.length = 0; t.altstackSize = 0; t.altstackSp = 0; t.clearChildTid = 0;
    ctx.frames.push(p.image.start({
      pid: p.pid, os: this.personality.os, argv, env, stackTop: STACK_TOP, clockHz: this.m.config.clockHz, realtimeEpochNs: REALTIME_EPOCH_NS,
      dataStart: DATA_START, dataSize: DATA_SIZE, atRandom: this.atRandom(),
    }));
    this.m.probe.emit('proc_exec', this.now(), this.core.id, p.pid, t.tid, 0, 0, exe.name);
  }

  private wakeVforkParent(p: Process): void {
    p.vforkDone.wake((x) => this.wakeUp(x, Wake.Event), 0, Infinity);
  }

  /** execve's mappings: text, data, and the main thread's stack. */
  private mapImage(mm: AddressSpace): void {
    mm.mmap(TEXT_START, TEXT_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 'text');
    mm.mmap(DATA_START, DATA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 'data');
    mm.mmap(STACK_TOP - STACK_SIZE, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, 'stack');
  }

  /** AT_RANDOM for a new image: 16 bytes from the machine's seeded generator (Linux: get_random_bytes in create_elf_tables). */
  private atRandom(): number[] {
    const r = this.m.rng.stream('at_random');
    return [r.u32(), r.u32(), r.u32(), r.u32()];
  }

  /** Create a process running `exe` (what fork+execve does), with fds 0-2 on the console. */
  spawn(exe: Executable, argv: readonly string[], env: Readonly<Record<string, string>>, parent: Process = this.init): Process {
    const wasEntered = this.entered;
    this.entered = false; // spawned from outside (the scenario), not on behalf of a core
    try { return this.doSpawn(exe, argv, env, parent); } finally { this.entered = wasEntered; }
  }

  private doSpawn(exe: Executable, argv: readonly string[], env: Readonly<Record<string, string>>, parent: Process): Process {
    if (!this.canRun(exe)) throw new Error(`${exe.name}: exec format error: built for ${(exe.oses ?? ['linux']).join('/')}, and this kernel is ${this.personality.os}`);
    const pid = this.nextPid++;
    const mm = new AddressSpace(this.m.mem);
    const fds = new FdTable(this.nofile);
    fds.install(new ConsoleFile(O_RDONLY, 0));
    fds.install(new ConsoleFile(O_WRONLY, 1));
    fds.install(new ConsoleFile(O_WRONLY, 2));
    const p = new Process(pid, exe.name, exe, mm, fds, parent, argv, env);
    this.mapImage(mm);
    p.startTime = this.now();
    parent.children.add(p);
    this.procs.set(pid, p);
    const program = p.image.start({
      pid, os: this.personality.os, argv, env, stackTop: STACK_TOP, clockHz: this.m.config.clockHz, realtimeEpochNs: REALTIME_EPOCH_NS,
      dataStart: DATA_START, dataSize: DATA_SIZE, atRandom: this.atRandom(),
    });
    const t = new Thread(pid, p, program);
    t.ctx.sp = STACK_TOP;
    p.threads.add(t);
    this.threads.set(pid, t);
    this.m.probe.emit('proc_exec', this.now(), this.core.id, pid, pid, 0, 0, exe.name);
    placeNew(this, t);
    return p;
  }

  /** A new thread in `p` (clone with CLONE_THREAD), starting at the image's thread entry. */
  newThread(p: Process, sp: number, parentTid: number, tls: number, start?: { routine: number; arg: number }): Thread {
    const tid = this.nextPid++;
    const t = new Thread(tid, p, p.image.threadStart(sp, start));
    t.ctx.sp = sp;
    t.ctx.fsbase = tls;
    const parent = this.threads.get(parentTid);
    if (parent !== undefined) { t.sigmask = parent.sigmask; t.cpu = parent.cpu; }
    p.threads.add(t);
    this.threads.set(tid, t);
    p.threadsCreated++;
    if (p.threads.size > p.threadsPeak) p.threadsPeak = p.threads.size;
    this.m.probe.emit('thread_new', this.now(), this.core.id, p.pid, tid, parentTid);
    placeNew(this, t);
    return t;
  }

  /** Exit one thread (exit(2), or the teardown of a dying group). */
  exitThread(t: Thread, code: number): void {
    if (t.state === 'dead') return;
    const p = t.proc;
    this.unsleep(t);
    this.putHeldFiles(t); // a thread killed inside a call drops what the call held
    if (t.onRq !== -1) this.rq[t.onRq]!.dequeue(t);
    const rq = this.rq[this.core.id]!;
    if (rq.curr === t) accountSwitchOut(this.core, t);
    t.state = 'dead';
    t.exitCode = code;
    if (t.stopped.active) t.stopped.wake((x) => this.wakeUp(x, Wake.Event), 0, Infinity); // NT: the thread object is signalled
    t.dying = false;
    this.core.chargeKernel(COSTS.exitThread.cycles);
    p.threads.delete(t);
    this.threads.delete(t.tid);
    p.utime += t.utime; p.stime += t.stime; p.nvcsw += t.nvcsw; p.nivcsw += t.nivcsw;
    this.m.probe.emit('thread_exit', this.now(), this.core.id, p.pid, t.tid, code);
    if (p.threads.size === 0) { this.processExited(p); return; }
    if (t.clearChildTid !== 0) {
      // CLONE_CHILD_CLEARTID: what pthread_join waits on.
      const zero = new Uint8Array(4);
      if (p.mm.copyOut(t.clearChildTid, zero) === 0) futexWakeAddr(this, p, t.clearChildTid, 1);
    }
  }

  /** Tear the whole thread group down with wait status `wstatus` (exit_group, a fatal signal). */
  killProcess(p: Process, wstatus: number): void {
    if (p.exiting || p.state !== 'alive') return;
    p.exiting = true;
    p.wstatus = wstatus;
    for (const t of [...p.threads]) {
      const onCore = t.state === 'running' ? t.cpu : -1;
      if (onCore === this.core.id && this.rq[onCore]!.curr === t) { t.dying = true; continue; }
      if (onCore >= 0) { t.dying = true; this.kick(onCore); continue; }
      this.exitThread(t, 0);
    }
  }

  private processExited(p: Process): void {
    if (!p.exiting) { p.exiting = true; p.wstatus = W_EXITCODE(0, 0); }
    for (const [fd] of [...p.fds.entries()]) { const f = p.fds.remove(fd); if (f) this.fput(f); }
    const rss = p.mm.rssBytes;
    if (p.mmBorrowed) { p.mmBorrowed = false; this.wakeVforkParent(p); } // a vfork child that never exec'd
    p.mm.mmput();
    p.state = 'zombie';
    p.exitTime = this.now();
    this.lastExitCycles = Math.max(this.lastExitCycles, p.exitTime);
    this.m.probe.emit('proc_exit', this.now(), this.core.id, p.pid, p.pid, p.wstatus, rss, p.name);
    for (const c of p.children) { c.parent = this.init; this.init.children.add(c); }
    p.children.clear();
    const parent = p.parent ?? this.init;
    if (parent === this.init) { p.state = 'reaped'; }
    else {
      sendSignal(this, parent, SIGCHLD, null);
      parent.childExit.wake((x) => this.wakeUp(x, Wake.Event));
    }
    if ([...this.procs.values()].every((q) => q === this.init || q.state !== 'alive')) {
      this.m.probe.emit('all_exited', this.now(), this.core.id, 0, 0);
    }
  }

  /** Drop a reference to an open file description. */
  fput(f: File): void {
    if (f.refs <= 0) throw new Error(`assertion: fput of a ${f.kind} file with no references`);
    if (--f.refs === 0) {
      if (f.epItems !== null) releaseWatches(f); // the close rule: leave every interest list only now
      fileCount.live--;
      f.release(this);
    }
  }

  /** fdput (and poll_freewait): the syscall `t` was in has ended; drop the files it held. The last put releases. */
  private putHeldFiles(t: Thread): void {
    const n = t.heldCount;
    if (n === 0) return;
    const held = t.heldFiles;
    for (let i = 0; i < n; i++) this.fput(held[i]!);
    for (let i = 0; i < n; i++) held[i] = null;
    t.heldCount = 0;
    t.heldFd = -1;
  }

  // --- console ------------------------------------------------------------------------

  /** A write to the console: kept in the stream's bounded tail and published, slice by slice, to listeners. */
  console(t: Thread, stream: 0 | 1 | 2, data: Uint8Array): void {
    const p = t.proc; const buf = stream === 2 ? p.err : p.out;
    for (let off = 0; off < data.length || off === 0; off += CONSOLE_SLICE_BYTES) {
      const slice = data.length <= CONSOLE_SLICE_BYTES ? data : data.subarray(off, off + CONSOLE_SLICE_BYTES);
      const text = buf.decoder.decode(slice, { stream: true });
      buf.append(text);
      this.m.probe.emit('console', this.now(), this.core.id, p.pid, t.tid, stream, slice.length, text);
      if (data.length <= CONSOLE_SLICE_BYTES) break;
    }
  }

  // --- the machine's entry points -------------------------------------------------

  current(core: Core): Thread {
    const t = this.rq[core.id]!.curr;
    if (t === null) throw new Error(`assertion: core ${core.id} is executing with no current thread`);
    return t;
  }

  trap(core: Core, nr: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void {
    this.core = core; this.entered = true;
    const t = this.current(core);
    core.chargeKernel(COSTS.syscallEntry.cycles);
    if (this.decodeTrap !== null) nr = this.decodeTrap(nr);
    if (t.heldCount !== 0) throw new Error(`assertion: ${t.name} enters a syscall still holding files from the last one`);
    t.inSyscall = true; t.sysNr = nr;
    t.a0 = a0; t.a1 = a1; t.a2 = a2; t.a3 = a3; t.a4 = a4; t.a5 = a5;
    t.wake = Wake.None; t.deadline = -1; t.sysScratch = undefined; t.sysEntry = core.clock;
    this.statFor(t.proc, nr).calls++; // counted at entry, as strace -c does (exit_group never returns)
    this.runSyscall(core, t);
    this.exitToUser(core);
  }

  /** Run (or re-run, after a wake-up) the syscall `t` is in. False if it blocked. */
  private runSyscall(core: Core, t: Thread): boolean {
    const h = this.table[t.sysNr];
    let r: SysResult | typeof KEEP_RET;
    if (h === undefined) {
      r = -ENOSYS;
      this.unknownSyscalls++; t.proc.unknownSyscalls++;
    } else {
      try {
        r = h(this, t, t.a0, t.a1, t.a2, t.a3, t.a4, t.a5);
      } catch (err) {
        this.die(core, t, err, false);
        return false; // not finished: exitToUser finds the thread dying and tears it down
      }
    }
    if (r === BLOCK) {
      if (t.state === 'running' && t.wake === Wake.None && !t.dying) throw new Error(`assertion: ${this.personality.syscallName(t.sysNr)} returned BLOCK without sleeping`);
      return false;
    }
    this.finishSyscall(core, t, r);
    return true;
  }

  private finishSyscall(core: Core, t: Thread, r: number | typeof KEEP_RET): void {
    const p = t.proc;
    const st = this.statFor(p, t.sysNr);
    if (typeof r === 'number' && (this.failed !== null ? this.failed(r) : r < 0 && r > -4096)) st.errors++;
    core.chargeKernel(COSTS.syscallExit.cycles);
    st.cycles += core.clock - t.sysEntry;
    this.m.probe.emit('syscall', t.sysEntry, core.id, p.pid, t.tid, t.sysNr, typeof r === 'number' ? r : 0);
    t.inSyscall = false; t.wake = Wake.None; t.sysScratch = undefined; t.wchan = ''; t.deadline = -1;
    this.putHeldFiles(t);
    if (r !== KEEP_RET) t.ctx.ret = r;
    t.retPending = true;
    const restart = t.restartAfterReturn;
    if (restart !== null) {
      t.restartAfterReturn = null;
      t.inSyscall = true; t.sysNr = restart.nr;
      [t.a0, t.a1, t.a2, t.a3, t.a4, t.a5] = restart.args as [number, number, number, number, number, number];
      t.sysEntry = core.clock;
    }
  }

  /** The strace -c counters of `nr` in `p`: by number from the second call on (no name to build and look up twice per syscall). */
  private statFor(p: Process, nr: number): SyscallStat {
    const byNr = p.syscallStatsByNr;
    const cached = nr >= 0 && nr < byNr.length ? byNr[nr] : undefined;
    if (cached !== undefined && cached !== null) return cached;
    const name = this.personality.syscallName(nr);
    let st = p.syscalls.get(name);
    if (st === undefined) { st = { calls: 0, errors: 0, cycles: 0 }; p.syscalls.set(name, st); }
    if (nr >= 0 && nr < byNr.length && Number.isInteger(nr)) byNr[nr] = st;
    return st;
  }

  interrupt(core: Core, ev: MachineEvent): void {
    this.core = core; this.entered = true;
    switch (ev.kind) {
      case 'tick': core.chargeIrq(COSTS.timerTick.cycles); schedulerTick(this, core); break;
      case 'ipi': this.rq[core.id]!.ipiPending = false; this.rq[core.id]!.needResched = true; break;
      case 'timer': case 'device': if (ev.fn !== null) ev.fn(ev); break;
      case 'external': break;
    }
    this.exitToUser(core);
  }

  pageFault(core: Core, addr: number, write: boolean): boolean {
    this.core = core; this.entered = true;
    const t = this.current(core);
    core.chargeKernel(COSTS.pageFault.cycles);
    const r = addr < 0 ? 'maperr' : t.proc.mm.fault(addr, write);
    if (r === 'ok') { this.m.probe.emit('page_fault', core.clock, core.id, t.proc.pid, t.tid, addr, write ? 1 : 0); return true; }
    if (r === 'oom') { this.oomKill(t.proc); this.exitToUser(core); return false; }
    // No VMA (or no permission): SIGSEGV, forced — a blocked or ignored SIGSEGV still kills.
    const p = t.proc;
    const act = p.sigactions[SIGSEGV]!;
    if (act.handler <= 1 || (t.sigmask & (1n << BigInt(SIGSEGV - 1))) !== 0n) {
      this.log(`${p.name}[${p.pid}]: segfault at ${Math.max(addr, 0).toString(16)} ip 0000000000401000 sp ${t.ctx.sp.toString(16).padStart(16, '0')} error ${write ? 6 : 4} in ${p.name}`);
    }
    this.forceSig(t, SIGSEGV);
    this.exitToUser(core);
    return false;
  }

  programEnd(core: Core, value: unknown): void {
    this.core = core; this.entered = true;
    const t = this.current(core);
    if (t.ctx.frames.length > 1) {
      this.log(`${t.proc.name}[${t.proc.pid}]: signal handler returned without rt_sigreturn`);
      t.ctx.frames.length = 1;
      sendSignal(this, t.proc, SIGSEGV, t);
    } else if (t.proc.exiting) {
      t.dying = true; // the group is already being torn down: this thread goes with it
    } else if (t.proc.threads.size === 1) {
      this.killProcess(t.proc, W_EXITCODE(typeof value === 'number' ? value & 0xff : 0, 0));
    } else {
      this.exitThread(t, typeof value === 'number' ? value : 0);
    }
    this.exitToUser(core);
  }

  /**
   * A program's code threw a JavaScript exception: a bug in the program, which the
   * program's language runtime (the JS engine) did not handle. It ends the process
   * as C++'s std::terminate ends one with an uncaught exception: the message on
   * stderr, then abort() — SIGABRT, status 134, "the program gave up on itself" —
   * not SIGSEGV, which would say the memory system stopped a bad access. A loop
   * that spun without yielding (the user-program guard's RunawayLoop) also stops
   * the whole run: the host was stuck, and nothing after it would mean anything.
   */
  programCrash(core: Core, err: unknown): void {
    this.core = core; this.entered = true;
    const t = this.current(core);
    const p = t.proc;
    const what = err instanceof Error ? `${err.name}: ${err.message}` : `a thrown ${typeof err}: ${String(err)}`;
    const where = p.exe.whereThrown?.(err) ?? null;
    const at = where !== null ? ` at ${where}` : '';
    if (err instanceof Error && err.name === 'RunawayLoop') {
      if (this.m.halted === null) this.m.halt(`${p.name}[${p.pid}] thread ${t.tid}: ${err.message}`);
    } else {
      this.console(t, 2, new TextEncoder().encode(`uncaught ${what}${at} (thread ${t.tid})\n`));
    }
    this.log(`${p.name}[${p.pid}]: thread ${t.tid}: uncaught ${what.split('\n')[0]}${at}: a bug in the program, killed by SIGABRT`);
    p.sigactions[SIGABRT]!.handler = 0;
    t.sigmask &= ~(1n << BigInt(SIGABRT - 1));
    if (p.exiting) t.dying = true; // already being torn down: no signal to send, the thread just goes
    else sendSignal(this, p, SIGABRT, t);
    this.exitToUser(core);
  }

  /** A malformed instruction (#UD: SIGILL) or an access no address could satisfy (SIGSEGV). */
  badInstruction(core: Core, sig: 'SIGILL' | 'SIGSEGV', why: string): void {
    this.core = core; this.entered = true;
    const t = this.current(core); const p = t.proc;
    const signo = sig === 'SIGILL' ? SIGILL : SIGSEGV;
    this.log(`traps: ${p.name}[${t.tid}] ${sig === 'SIGILL' ? 'invalid opcode' : 'general protection'}: ${why}`);
    this.forceSig(t, signo);
    this.exitToUser(core);
  }

  /** force_sig: a synchronous fault that a blocked or ignored handler cannot turn away. */
  private forceSig(t: Thread, sig: number): void {
    const act = t.proc.sigactions[sig]!;
    const bit = 1n << BigInt(sig - 1);
    if (act.handler === 1 || (t.sigmask & bit) !== 0n) { act.handler = 0; t.sigmask &= ~bit; }
    sendSignal(this, t.proc, sig, t);
  }

  /**
   * An oops at the machine's entry (kernel.ts catches a syscall's own exception itself,
   * in runSyscall): the exception escaped the kernel from an interrupt ('irq': the event
   * is dropped) or while the current thread was running ('process': it dies).
   */
  oops(core: Core, err: unknown, context: 'process' | 'irq'): void {
    this.core = core; this.entered = true;
    const t = context === 'process' ? this.rq[core.id]!.curr : null;
    if (!this.die(core, t, err, false)) return;
    try {
      this.exitToUser(core);
    } catch (again) {
      this.die(core, t, again, true);
    }
  }

  /**
   * die(): a JavaScript exception escaped kernel code — a kernel bug. An "Oops" line in
   * the kernel log with the exception and the syscall and its arguments; the thread's
   * process is killed with SIGKILL (its files, memory and waits released by the usual exit
   * path) and every other process runs on. False if this is a panic instead (a second oops
   * while handling one, or more than OOPS_LIMIT): the machine halts.
   */
  private die(core: Core, t: Thread | null, err: unknown, nested: boolean): boolean {
    this.oopses++;
    const what = err instanceof Error ? `${err.name}: ${err.message}` : `thrown ${String(err)}`;
    const where = t === null ? 'in interrupt'
      : t.inSyscall ? `in ${this.personality.syscallName(t.sysNr)}(${[t.a0, t.a1, t.a2, t.a3, t.a4, t.a5].map(hex).join(', ')})`
        : 'executing a user instruction';
    const who = t === null ? '' : ` comm: ${t.proc.name} pid: ${t.proc.pid} tid: ${t.tid}`;
    const line = `Oops: ${what} ${where} CPU: ${core.id}${who}`;
    this.log(line);
    oopsRecords.push(`${line}\n${err instanceof Error ? err.stack ?? '' : ''}`);
    if (nested || this.oopses > OOPS_LIMIT) {
      this.log(`Kernel panic - not syncing: ${nested ? 'Fatal exception while handling an oops' : 'Oops limit exceeded'}`);
      this.m.halt(`kernel panic: ${what}`);
      return false;
    }
    if (t !== null && t.state !== 'dead') {
      t.inSyscall = false; t.restartAfterReturn = null; t.wake = Wake.None;
      const p = t.proc;
      if (!p.exiting) this.killProcess(p, killedStatus(SIGKILL));
      for (const x of p.threads) x.dying = true;
    }
    return true;
  }

  private oomKill(victimHint: Process): void {
    let victim = victimHint;
    for (const p of this.procs.values()) if (p.state === 'alive' && p.mm.rssBytes > victim.mm.rssBytes) victim = p;
    this.log(`Out of memory: Killed process ${victim.pid} (${victim.name}) total-vm:${Math.floor(victim.mm.vsz / 1024)}kB, anon-rss:${Math.floor(victim.mm.rssBytes / 1024)}kB`);
    sendSignal(this, victim, SIGKILL, null);
  }

  // --- return to user mode -------------------------------------------------------------

  /**
   * exit_to_user_mode_loop: reschedule if asked, finish a woken thread's syscall,
   * tear down a dying thread, deliver signals — until the core can run user code
   * (or has nothing to run).
   */
  exitToUser(core: Core): void {
    const rq = this.rq[core.id]!;
    for (let guard = 0; guard < 1_000_000; guard++) {
      let t = rq.curr;
      if (t === null || t.state !== 'running' || rq.needResched) {
        this.schedule(core);
        t = rq.curr;
        if (t === null) return;
      }
      // A thread of a group being torn down never returns to user mode (every such thread has SIGKILL pending).
      if (t.dying || t.proc.exiting) { this.exitThread(t, 0); continue; }
      if (t.inSyscall) { if (!this.runSyscall(core, t)) continue; }
      if ((t.sigpending !== 0n || t.proc.sharedPending !== 0n) && hasDeliverableSignal(t)) {
        deliverSignal(this, core, t);
        continue;
      }
      // A call that swapped the signal mask (epoll_pwait, ppoll) restores it now unless a handler took it (restore_saved_sigmask).
      if (t.savedSigmask !== null) { t.sigmask = t.savedSigmask; t.savedSigmask = null; }
      const ret = t.ctx.ret;
      if (typeof ret === 'number' && isRestartCode(ret)) {
        // Interrupted, but no handler ran: restart the syscall transparently.
        t.inSyscall = true; t.wake = Wake.None; t.deadline = -1; t.sysEntry = core.clock; t.ctx.ret = undefined;
        continue;
      }
      // The call's result goes into the personality's registers only now, once restarts are decided.
      if (t.retPending) { t.retPending = false; if (this.returnToUser !== null) this.returnToUser(t.ctx); }
      if (t.suspendCount > 0) { this.parkSuspended(t); continue; }
      return;
    }
    throw new Error(`assertion: exitToUser on core ${core.id} did not settle`);
  }

  // --- sleeping and waking ---------------------------------------------------------

  /** A sleep's deadline passed (the event's arg is the thread): one function for every sleep, no closure per sleep. */
  private readonly sleepTimeout = (ev: MachineEvent): void => {
    const t = ev.arg as Thread;
    t.timer = null;
    this.wakeUp(t, Wake.Timeout);
  };

  /** Queue `t` on `wq` (add_wait_queue); the wait ends at wake-up, timeout or signal. */
  waitOn(t: Thread, wq: WaitQueue, exclusive = false, mask = 0): Waiter {
    const w = new Waiter(t, null, exclusive, mask);
    wq.add(w);
    t.waiters.push(w);
    return w;
  }

  /**
   * Put the current thread to sleep until woken, until `deadline` (absolute cycles,
   * -1 = none), or — if interruptible — until a signal. Returns BLOCK for the handler
   * to return. If a signal is already pending, the thread does not sleep at all.
   */
  sleep(t: Thread, wchan: string, deadline = -1, interruptible = true): typeof BLOCK {
    t.wchan = wchan;
    if (t.deadline < 0) t.deadline = deadline;
    // A thread of a dying group never goes to sleep (Linux: fatal_signal_pending ends the wait at once).
    if (t.dying || (interruptible && hasDeliverableSignal(t))) {
      this.unsleep(t);
      t.wake = Wake.Signal;
      return BLOCK;
    }
    t.state = 'sleeping';
    t.uninterruptible = !interruptible;
    if (deadline >= 0) {
      t.timer = this.m.at(Math.max(deadline, this.now()), this.core.id, 'timer', this.sleepTimeout, t);
      this.core.chargeKernel(COSTS.hrtimerArm.cycles);
    }
    this.m.probe.emit('sched_sleep', this.now(), this.core.id, t.proc.pid, t.tid, 0, 0, wchan);
    return BLOCK;
  }

  /**
   * A suspended thread (NT's SuspendThread) stops on its way back to user mode, its
   * user context saved as at any interrupt; whoever waits for it to have stopped
   * (NtGetContextThread) is woken. ResumeThread wakes it when the count drops to 0.
   */
  private parkSuspended(t: Thread): void {
    t.wchan = 'suspended';
    t.state = 'sleeping';
    t.uninterruptible = true;
    this.m.probe.emit('sched_sleep', this.now(), this.core.id, t.proc.pid, t.tid, 0, 0, 'suspended');
    if (t.stopped.active) t.stopped.wake((x) => this.wakeUp(x, Wake.Event), 0, Infinity);
  }

  /** Undo the bookkeeping of a wait: leave every wait queue, cancel the timeout. */
  private unsleep(t: Thread): void {
    for (const w of t.waiters) w.queue?.remove(w);
    t.waiters.length = 0;
    if (t.timer !== null) { t.timer.cancelled = true; t.timer = null; }
  }

  /** try_to_wake_up. Returns false if the thread was not asleep. */
  wakeUp(t: Thread, why: Wake): boolean {
    if (t.state !== 'sleeping') return false;
    if (why === Wake.Signal && t.uninterruptible) return false;
    this.unsleep(t);
    t.wake = why;
    t.state = 'runnable';
    this.core.chargeKernel(COSTS.wakeup.cycles);
    const target = selectTaskRq(this, t);
    enqueueWoken(this, t, target);
    this.m.probe.emit('sched_wakeup', this.now(), this.core.id, t.proc.pid, t.tid, target, why);
    return true;
  }

  /** wakeUp for an event, made once: a futex wake passes it to its queue on every call. */
  readonly wakeOnEvent = (t: Thread): boolean => this.wakeUp(t, Wake.Event);

  /** Signal a core to look at its run queue (a reschedule IPI), unless it is this one. */
  kick(cpu: number): void {
    const rq = this.rq[cpu]!;
    if (this.entered && cpu === this.core.id) { rq.needResched = true; return; }
    if (rq.ipiPending) return;
    rq.ipiPending = true;
    const now = this.entered ? this.now() : this.m.now;
    this.m.at(now + COSTS.ipi.cycles, cpu, 'ipi', null);
  }

  // --- the scheduler (policy in sched.ts) ------------------------------------------------

  /** __schedule: pick the next thread for `core` and switch to it (or to idle). */
  schedule(core: Core): void { schedule(this, core); }

  // --- observation ------------------------------------------------------------------

  /** User cycles `t` has run since it was switched in, if it is on a core now (0 otherwise). */
  runningUserCycles(t: Thread): number {
    return this.isOnCpu(t) ? this.m.cores[t.cpu]!.userCycles - t.userMark : 0;
  }

  /** Kernel cycles `t` has run since it was switched in, if it is on a core now (0 otherwise). */
  runningKernelCycles(t: Thread): number {
    return this.isOnCpu(t) ? this.m.cores[t.cpu]!.kernelCycles - t.kernelMark : 0;
  }

  /**
   * task_sched_runtime: the CPU time `t` has had, including the slice it is running now.
   * Without the running slice a thread that never gives up its core (a spinner with a
   * core to itself) would read CLOCK_THREAD_CPUTIME_ID as 0.
   */
  taskSchedRuntime(t: Thread): number {
    return t.utime + t.stime + this.runningUserCycles(t) + this.runningKernelCycles(t);
  }

  private isOnCpu(t: Thread): boolean {
    return t.state === 'running' && this.rq[t.cpu]!.curr === t;
  }


  snapshot(): KernelSnapshot {
    const procs: ProcSnapshot[] = [];
    for (const p of this.procs.values()) {
      if (p === this.init) continue;
      let utime = p.utime; let stime = p.stime; let nv = p.nvcsw; let niv = p.nivcsw;
      const threads: ThreadSnapshot[] = [];
      for (const t of p.threads) {
        utime += t.utime + this.runningUserCycles(t); stime += t.stime + this.runningKernelCycles(t); nv += t.nvcsw; niv += t.nivcsw;
        threads.push({ tid: t.tid, state: t.state, cpu: t.cpu, wchan: t.wchan, syscall: t.inSyscall ? this.personality.syscallName(t.sysNr) : '' });
      }
      procs.push({
        pid: p.pid, name: p.name, state: p.state, wstatus: p.wstatus, exitStatus: p.state === 'alive' ? null : shellStatus(p.wstatus),
        stdout: p.stdout, stderr: p.stderr, stdoutDroppedBytes: p.out.droppedBytes, stderrDroppedBytes: p.err.droppedBytes, threadsCreated: p.threadsCreated, threadsPeak: p.threadsPeak, threads,
        utimeCycles: utime, stimeCycles: stime, nvcsw: nv, nivcsw: niv,
        rssBytes: p.mm.rssBytes, rssPeakBytes: p.mm.rssPeak * p.mm.pageSize, vszBytes: p.mm.vsz, vszPeakBytes: p.mm.vszPeak,
        syscalls: Object.fromEntries([...p.syscalls.entries()].map(([k, v]) => [k, { ...v }])),
        unknownSyscalls: p.unknownSyscalls, fds: p.fds.count, fdKinds: fdKinds(p.fds), argv: [...p.argv],
        startCycles: p.startTime, exitCycles: p.state === 'alive' ? null : p.exitTime,
      });
    }
    return {
      os: this.personality.os, procs, klog: [...this.klog], contextSwitches: this.contextSwitches, unknownSyscalls: this.unknownSyscalls,
      oopses: this.oopses,
      runQueues: this.rq.map((rq) => ({ cpu: rq.cpu, curr: rq.curr?.tid ?? 0, queued: rq.queued })),
    };
  }
}

export interface ThreadSnapshot { tid: number; state: string; cpu: number; wchan: string; syscall: string }
export interface ProcSnapshot {
  pid: number; name: string; state: string; wstatus: number; exitStatus: number | null; stdout: string; stderr: string;
  /** UTF-8 bytes of output that fell off the front of the kept tail (CONSOLE_TAIL_CHARS). */
  stdoutDroppedBytes: number; stderrDroppedBytes: number;
  threadsCreated: number; threadsPeak: number; threads: ThreadSnapshot[];
  utimeCycles: number; stimeCycles: number; nvcsw: number; nivcsw: number;
  rssBytes: number; rssPeakBytes: number; vszBytes: number; vszPeakBytes: number;
  syscalls: Record<string, { calls: number; errors: number; cycles: number }>;
  unknownSyscalls: number; fds: number; argv: string[]; startCycles: number; exitCycles: number | null;
  /** Open fds (handles) by the kind of file they refer to (socket, epoll, pipe, console, ...), as lsof's TYPE column counts them. */
  fdKinds?: Record<string, number>;
}

/** How many of a table's fds refer to each kind of file (read only by observers, never on a syscall path). */
function fdKinds(fds: Process['fds']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [, f] of fds.entries()) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}
export interface KernelSnapshot {
  /** The personality user mode sees (linux, darwin). */
  os: string;
  procs: ProcSnapshot[]; klog: string[]; contextSwitches: number; unknownSyscalls: number; oopses: number;
  runQueues: { cpu: number; curr: number; queued: number }[];
}

function* noProgram(): Generator<never, void, unknown> { /* init has no user code */ }

/** A register as the oops line prints it (two's complement, as a 64-bit hex word). */
function hex(v: number): string {
  return '0x' + BigInt.asUintN(64, BigInt(Math.trunc(Number.isFinite(v) ? v : 0))).toString(16);
}
void signalName;
