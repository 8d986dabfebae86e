// The machine: cores, a clock in cycles, a deterministic discrete-event loop.
//
// The loop: the core furthest behind in time runs next (ties by core id); an
// event (a timer tick, a kernel hrtimer, an IPI, a device) runs when nothing is
// behind it. A core runs a batch of instructions while its clock stays below
// the next event and within `skew` cycles of the next core — conservative
// lookahead — so the common case is a tight loop over one core's generator with
// no heap operations. A compute instruction that crosses the limit is split and
// resumed later, which is how interrupts cut long computations. Inside a batch, the
// instructions that cannot affect another core (compute, rdtsc, a probe) are retired by
// the running thread where it issues them, through its window onto the batch, as long as
// they end strictly inside it, and so are loads and stores that need no fault and system
// calls while the core is not past the sync limit (inplace.ts): the loop sees the rest.
//
// Where a caller stops the loop is a view onto the run, never an input to it: a
// batch's limits come from the machine's state alone, and a call that stops
// inside a batch (its stop time, its step count, a pause requested by an
// observer) leaves the batch suspended, with its limits, for the next call to
// finish as if it had never been interrupted. So a run to the end, a run in
// slices of any length and a run stepped one instruction at a time execute the
// same instructions in the same order at the same simulated times.
//
// The machine knows nothing of processes or threads: it calls the kernel on a
// trap, an interrupt, a page fault, or when a program ends, and the kernel sets
// what each core runs next.

import { Core, type Context } from './core.ts';
import { EventQueue, type EventKind, type MachineEvent } from './event-queue.ts';
import { PhysicalMemory } from './memory.ts';
import { InterruptController } from './irq.ts';
import { ProbeBus } from './probe.ts';
import { Rng } from './rng.ts';
import { COSTS } from './costs.ts';
import { copyInstr, copyInstrInto, setThreadCore, SYSRET, type Instr } from './instr.ts';
import { BatchWindow, computeCycles, SPLIT_BYTES } from './inplace.ts';

export interface MachineConfig {
  cores: number;
  clockHz: number;
  timerHz: number;
  /** Maximum random delay added to each timer tick, in ns (0 = none). */
  timerJitterNs: number;
  memoryBytes: number;
  frameSize: number;
  seed: number;
  /** How far (in ns) a core may run ahead of the next busy core in one batch. */
  skewNs?: number;
}

/** What the machine calls into. Implemented by the kernel. */
export interface Kernel {
  trap(core: Core, nr: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void;
  interrupt(core: Core, ev: MachineEvent): void;
  /** Resolve a fault at `addr`; false if it could not be (the kernel has dealt with the thread). */
  pageFault(core: Core, addr: number, write: boolean): boolean;
  /** The bottom program of the current context returned. */
  programEnd(core: Core, value: unknown): void;
  /** A program threw: a bug in user code, treated as a crash of its process. */
  programCrash(core: Core, err: unknown): void;
  /**
   * The instruction the current thread yielded cannot be executed: SIGILL for a
   * malformed one, SIGSEGV for an access no address could satisfy.
   */
  badInstruction(core: Core, sig: 'SIGILL' | 'SIGSEGV', why: string): void;
  /**
   * A JavaScript exception escaped the kernel (a kernel bug): in process context
   * ('process') the current process dies and the machine runs on; in an interrupt
   * ('irq') the interrupt is dropped. Never throws.
   */
  oops(core: Core, err: unknown, context: 'process' | 'irq'): void;
}

export interface CoreSnapshot {
  id: number; clock: number; mode: 'user' | 'kernel' | 'idle';
  userCycles: number; kernelCycles: number; irqCycles: number; idleCycles: number; interrupts: number;
}
/** The 'machine' snapshot on the probe bus. */
export interface MachineSnapshot {
  now: number; clockHz: number; timerHz: number; instructions: number; halted: string | null; cores: CoreSnapshot[];
}

/** The longest load or store a single instruction may name (the kernel's MAX_RW_COUNT, 2 GiB - 4 KiB). */
const MAX_ACCESS_BYTES = 0x7fff_f000;
const ATOMIC_KINDS: ReadonlySet<string> = new Set(['load', 'store', 'xchg', 'cas', 'add']);

/**
 * Why an instruction's operands cannot be decoded ('' if they can): the machine's
 * #UD, which the kernel turns into SIGILL for the thread's process.
 */
function invalidOperands(ins: Instr): string {
  switch (ins.op) {
    case 'load':
      return Number.isSafeInteger(ins.len) && ins.len >= 0 && ins.len <= MAX_ACCESS_BYTES ? '' : `load of length ${String(ins.len)}`;
    case 'store':
      return ins.data instanceof Uint8Array && ins.data.length <= MAX_ACCESS_BYTES ? '' : 'store of something that is not bytes';
    case 'touch':
      return Number.isSafeInteger(ins.len) && ins.len >= 0 ? '' : `touch of length ${String(ins.len)}`;
    case 'atomic':
      return ATOMIC_KINDS.has(ins.kind) ? '' : `atomic of kind ${String(ins.kind)}`;
    case 'setsp': case 'usdt': case 'trap': case 'compute': case 'rdtsc': case 'rdreg':
      return '';
    case 'sysret':
      return 'sysret with no system call made in place';
    default:
      return `unknown opcode ${String((ins as { op: unknown }).op)}`;
  }
}

/**
 * What resuming a thread gave, kept unexecuted when an observer paused the machine at a probe
 * the thread retired in place (inplace.ts): the next call to run starts the batch again from it.
 */
interface Kept { ctx: Context; r: IteratorResult<unknown, unknown> | null; err: unknown }

/** Keep a thread's result past the use of its instruction record by another thread (a copy of the record). */
function keepResult(ctx: Context, r: IteratorResult<unknown, unknown>): Kept {
  const v = r.value;
  if (r.done === true || typeof v !== 'object' || v === null || invalidOperands(v as Instr) !== '') return { ctx, r, err: undefined };
  return { ctx, r: { done: false, value: copyInstr(v as Instr) }, err: undefined };
}

/** The rest of a long touch cut at the end of a batch. */
function heldTouch(addr: number, len: number, write: boolean): Instr {
  return copyInstr({ op: 'touch', addr, len, write });
}

/** Instructions whose effects other cores can see: they execute in time order across cores. */
function touchesShared(op: Instr['op']): boolean {
  return op === 'trap' || op === 'atomic' || op === 'store' || op === 'load' || op === 'touch';
}

/** 2^63: registers hold signed 64-bit integers. */
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

/**
 * A value as a 64-bit register holds it: an integer in [-2^63, 2^63). What is not one
 * converts as x86's cvttsd2si does: fractions truncate toward zero, and NaN and the
 * infinities become the "integer indefinite" 0x8000000000000000. Finite values past
 * the range wrap two's-complement (2^64 - 1 written as a double is 2^64, which is 0).
 */
export function toRegister(x: number): number {
  if (x === Math.trunc(x) && x >= -TWO63 && x < TWO63) return x === 0 ? 0 : x; // the common case; -0 is 0
  return registerSlow(x);
}

function registerSlow(x: unknown): number {
  if (typeof x === 'bigint') return toRegister(Number(BigInt.asIntN(64, x)));
  if (typeof x !== 'number') return typeof x === 'boolean' ? (x ? 1 : 0) : -TWO63;
  if (!Number.isFinite(x)) return -TWO63;
  let v = Math.trunc(x) % TWO64; // exact for doubles: both are integers below 2^1024
  if (v >= TWO63) v -= TWO64; else if (v < -TWO63) v += TWO64;
  return v === 0 ? 0 : v;
}

/** The vDSO clock read (rdtsc), read once: it is charged in the innermost loop. */
const VDSO_CLOCK = COSTS.vdsoClock.cycles;

export type RunResult = 'time' | 'idle' | 'halted' | 'paused' | 'steps';

export class Machine {
  readonly cores: Core[];
  readonly events = new EventQueue();
  readonly probe = new ProbeBus();
  readonly rng: Rng;
  readonly mem: PhysicalMemory;
  readonly irq: InterruptController;
  readonly cyclesPerNs: number;
  readonly tickPeriod: number;
  private readonly jitter: number;
  private readonly skew: number;
  private kernel: Kernel | null = null;
  /** Busy cores, a min-heap by (clock, id). */
  private busy: Core[] = [];
  /** The running thread's handle on its core's batch: compute, rdtsc and probes retired where they are issued. */
  private readonly window: BatchWindow;
  /** Instructions the loop fetched from threads (the others were retired in place). */
  private fetched = 0;
  /** A thread's next instruction, kept unexecuted by a pause at a probe retired in place. */
  private kept: Kept | null = null;
  halted: string | null = null;
  private pauseRequested = false;
  /** The simulated time reached by the last run, in cycles. */
  now = 0;
  /** Where the running batch ends by the machine's state: the next event, or the next core plus skew. */
  private batchEnd = Infinity;
  /** The running batch may not go past this time: batchEnd, or the caller's stop time if sooner. */
  private batchLimit = Infinity;
  /** A batch cut short by the caller (stop time, step count, pause): its next call finishes it first. */
  private suspended: Core | null = null;
  /** Shared-state instructions of the running batch wait beyond this time (the next core, or the next event). */
  private syncLimit = Infinity;

  constructor(readonly config: MachineConfig) {
    if (!(config.cores >= 1 && config.cores <= 64)) throw new Error(`cores must be 1..64, got ${config.cores}`);
    this.cores = Array.from({ length: config.cores }, (_, i) => new Core(i));
    this.rng = new Rng(config.seed);
    this.mem = new PhysicalMemory(config.memoryBytes, config.frameSize);
    this.irq = new InterruptController(this);
    this.cyclesPerNs = config.clockHz / 1e9;
    this.tickPeriod = Math.round(config.clockHz / config.timerHz);
    this.jitter = Math.round(config.timerJitterNs * this.cyclesPerNs);
    this.skew = Math.max(1, Math.round((config.skewNs ?? 5000) * this.cyclesPerNs));
    this.window = new BatchWindow(this.probe, VDSO_CLOCK, new Core(-1), this.mem, (core, nr, a0, a1, a2, a3, a4, a5) => this.trap(core, nr, a0, a1, a2, a3, a4, a5));
    this.probe.publish('machine', () => this.snapshot());
  }

  /** Instructions executed: those that reached the loop and those retired in place. */
  get instructions(): number { return this.fetched + this.window.retired; }
  /** Instructions that reached the machine's loop (a measure of the generator traffic). */
  get loopInstructions(): number { return this.fetched; }

  /** What observers see of the hardware: per-core clocks, modes and where the cycles went. */
  snapshot(): MachineSnapshot {
    return {
      now: this.now, clockHz: this.config.clockHz, timerHz: this.config.timerHz, instructions: this.instructions, halted: this.halted,
      cores: this.cores.map((c) => ({
        id: c.id, clock: c.clock, mode: c.mode, userCycles: c.userCycles, kernelCycles: c.kernelCycles,
        irqCycles: c.irqCycles, idleCycles: c.idleCycles, interrupts: c.interrupts,
      })),
    };
  }

  attach(kernel: Kernel): void { this.kernel = kernel; }

  nsToCycles(ns: number): number { return Math.round(ns * this.cyclesPerNs); }
  cyclesToNs(cycles: number): number { return cycles / this.cyclesPerNs; }

  /** Schedule an event at `time` (cycles) for core `cpu`; `fn` gets it, with `arg` in it. */
  at(time: number, cpu: number, kind: EventKind, fn: ((ev: MachineEvent) => void) | null, arg: unknown = null): MachineEvent {
    return this.events.push(this.limitBatch(time), cpu, kind, fn, arg);
  }

  /**
   * Schedule an operator's input (a signal from the console) at `time`: after every event the run
   * schedules for the same cycle, so that scheduling it live or when the run is built again gives
   * the same run (event-queue.ts).
   */
  atLast(time: number, cpu: number, kind: EventKind, fn: ((ev: MachineEvent) => void) | null): MachineEvent {
    return this.events.pushLast(this.limitBatch(time), cpu, kind, fn);
  }

  /** A new event at `time` ends the running batch there; the time rounded to a cycle. */
  private limitBatch(time: number): number {
    const t = Math.round(time);
    // An event scheduled during a batch ends the batch at its time: no core may run past it.
    if (t < this.batchEnd) this.batchEnd = t;
    if (t < this.batchLimit) this.batchLimit = t;
    if (t < this.syncLimit) this.syncLimit = t;
    this.window.lower(t);
    return t;
  }

  halt(reason: string): void { this.halted = reason; }
  pause(): void { this.pauseRequested = true; this.window.pause(); }

  /** Start the local timers. Called once by the kernel at boot. */
  startTimers(): void {
    for (const core of this.cores) this.armTick(core, 0);
  }

  private armTick(core: Core, after: number): void {
    const k = Math.floor(after / this.tickPeriod) + 1;
    let t = k * this.tickPeriod;
    if (this.jitter > 0) t += this.rng.stream('timer').intn(this.jitter + 1);
    core.tick = this.at(t, core.id, 'tick', null);
  }

  /**
   * Run until simulated time `stopAt` (cycles), the machine halts, goes idle with
   * nothing scheduled, is paused, or `maxSteps` loop steps were taken (a step is an
   * event, or a batch of at most one instruction). None of these changes the run.
   */
  run(stopAt: number, maxSteps = Infinity): RunResult {
    if (this.kernel === null) throw new Error('no kernel attached');
    this.pauseRequested = false;
    const events = this.events; const busy = this.busy;
    const maxInstr = maxSteps === Infinity ? Infinity : 1;
    let steps = 0;
    while (this.halted === null) {
      if (this.pauseRequested) return 'paused';
      if (maxSteps !== Infinity && steps++ >= maxSteps) return 'steps';
      const held = this.suspended;
      if (held !== null) { // finish the batch an earlier call stopped inside
        if (held.clock >= stopAt) { this.now = stopAt; return 'time'; }
        this.resumeOrRunBatch(held, stopAt, maxInstr);
        continue;
      }
      const ev = events.peek();
      const evT = ev === undefined ? Infinity : ev.time;
      const coreT = busy.length > 0 ? busy[0]!.clock : Infinity;
      if (evT <= coreT) {
        if (evT === Infinity) { // nothing scheduled and no core busy
          for (const c of this.cores) if (c.clock > this.now) this.now = c.clock;
          return 'idle';
        }
        if (evT >= stopAt) { this.now = stopAt; return 'time'; }
        events.pop();
        this.now = evT;
        this.dispatch(ev!);
      } else {
        if (coreT >= stopAt) { this.now = stopAt; return 'time'; }
        const c = busy[0]!;
        this.now = coreT;
        const second = this.secondBusyClock();
        const ahead = second + this.skew;
        this.batchEnd = evT < ahead ? evT : ahead;
        this.syncLimit = second < evT ? second : evT;
        this.resumeOrRunBatch(c, stopAt, maxInstr);
      }
    }
    return 'halted';
  }

  /** Run core `c`'s batch (new or suspended) up to `stopAt`; suspend it if it stops short of its end. */
  private resumeOrRunBatch(c: Core, stopAt: number, maxInstr: number): void {
    const end = this.batchEnd;
    this.batchLimit = end < stopAt ? end : stopAt;
    this.runCore(c, maxInstr);
    const ctx = c.ctx;
    // Cut short by the caller: the core has work, holds no instruction back, and is short of the batch's end.
    if (ctx !== null && ctx.held === null && c.clock < this.batchEnd) {
      this.suspended = c;
      if (c.clock > this.now) this.now = c.clock;
      return;
    }
    this.suspended = null;
    this.batchEnd = Infinity; this.batchLimit = Infinity; this.syncLimit = Infinity;
    // Only this core moved (the kernel reaches other cores by events): it is still at the top of the heap.
    if (c.heapPos !== 0) throw new Error(`assertion: core ${c.id} left the top of the busy heap during its batch`);
    if (ctx !== null) this.siftDown(0); else this.heapRemove(c);
  }

  private dispatch(ev: MachineEvent): void {
    if (ev.kind === 'external') { ev.fn!(ev); return; } // the world outside the machine uses no core
    const core = this.cores[ev.cpu]!;
    const wasIdle = core.ctx === null;
    if (wasIdle) core.wakeAt(ev.time);
    if (ev.kind === 'tick') {
      if (wasIdle) { core.tick = null; return; } // tickless idle: the tick stops until the core has work
      core.interrupts++;
      this.armTick(core, ev.time);
    } else {
      core.interrupts++;
    }
    const before = core.mode;
    core.chargeIrq(COSTS.irqEntry.cycles);
    try {
      this.kernel!.interrupt(core, ev);
    } catch (err) {
      this.kernel!.oops(core, err, 'irq');
    }
    if (core.ctx === null) core.mode = 'idle';
    else if (before === 'idle') core.mode = 'kernel';
    this.sync(core);
  }

  /** Keep a core's place in the busy heap in step with whether it has a context. */
  sync(core: Core): void {
    if (core.ctx !== null) {
      if (core.heapPos < 0) {
        this.heapInsert(core);
        if (core.tick === null) this.armTick(core, core.clock);
      } else this.heapFix(core.heapPos);
    } else if (core.heapPos >= 0) {
      this.heapRemove(core);
    }
  }

  /**
   * Run `core`'s batch. Kernel entry is where containment lives: a JavaScript
   * exception from the kernel or from executing an instruction is an oops of the
   * current process, never an exception out of run().
   */
  private runCore(core: Core, maxInstr: number): void {
    // The thread may retire instructions in place up to the batch's limit; not while stepping.
    this.window.open(core, maxInstr === Infinity ? this.batchLimit : -Infinity, maxInstr === Infinity ? this.syncLimit : -Infinity);
    setThreadCore(this.window);
    try {
      this.runBatch(core, maxInstr);
    } catch (err) {
      this.window.shut();
      this.kernel!.oops(core, err, 'process');
    }
    this.window.shut();
    if (core.ctx === null) core.mode = 'idle';
  }

  private runBatch(core: Core, maxInstr: number): void {
    const kernel = this.kernel!;
    const win = this.window;
    let ctx: Context | null = core.ctx;
    let n = 0;
    while (ctx !== null) {
      const limit = this.batchLimit;
      if (core.clock >= limit) break;
      if (ctx.pending > 0) {
        const room = limit - core.clock;
        core.mode = 'user';
        if (ctx.pending <= room) { core.chargeUser(ctx.pending); ctx.pending = 0; continue; }
        core.chargeUser(room); ctx.pending -= room;
        break;
      }
      let ins: Instr;
      if (ctx.held !== null) {
        if (core.clock > this.syncLimit) break;
        ins = ctx.held; ctx.held = null;
      } else {
        if (n++ >= maxInstr) break;
        let r: IteratorResult<unknown, unknown>;
        core.mode = 'user';
        const kept = this.kept;
        if (kept !== null) {
          if (kept.ctx !== ctx) throw new Error(`assertion: core ${core.id} resumed a batch that another thread's instruction was kept for`);
          this.kept = null;
          if (kept.r === null) { kernel.programCrash(core, kept.err); ctx = core.ctx; continue; }
          r = kept.r;
        } else {
          const frames = ctx.frames;
          const gen = frames[frames.length - 1]!;
          // Taken before the resumption: a call the thread makes in place leaves its result here.
          const ret = ctx.ret; ctx.ret = undefined;
          try {
            r = gen.next(ret);
          } catch (err) {
            win.trapped = null;
            if (win.stopped) { this.keep(win, { ctx, r: null, err }); break; }
            kernel.programCrash(core, err);
            ctx = core.ctx;
            continue;
          }
          // An observer paused the machine at a probe retired in place: stop here, as the loop would have after the probe.
          if (win.stopped) { win.trapped = null; this.keep(win, keepResult(ctx, r)); break; }
          // A call made in place that the thread could not go on from: the trap has executed.
          if (r.value === SYSRET && win.trapped === ctx && r.done !== true) {
            win.trapped = null;
            ctx = core.ctx;
            if (this.pauseRequested) break;
            continue;
          }
          win.trapped = null;
        }
        this.fetched++;
        if (r.done === true) {
          kernel.programEnd(core, r.value);
          ctx = core.ctx;
          continue;
        }
        ins = r.value as Instr;
        if (typeof ins !== 'object' || ins === null) {
          kernel.badInstruction(core, 'SIGILL', `yielded ${ins === null ? 'null' : typeof ins} as an instruction`);
          ctx = core.ctx;
          continue;
        }
        const op = ins.op;
        // The two instructions of tight loops, handled here without a call. A compute is
        // charged at once as far as the batch allows (what the pending branch above would
        // do on the next turn of the loop: nothing can move the limit in between).
        if (op === 'compute') {
          const cycles = computeCycles(ins.cycles);
          const room = this.batchLimit - core.clock;
          if (cycles <= room) { core.chargeUser(cycles); continue; }
          core.chargeUser(room); ctx.pending = cycles - room;
          break;
        }
        if (op === 'rdtsc') { core.chargeUser(VDSO_CLOCK); ctx.ret = core.clock; continue; }
        if (op === 'rdreg') { core.chargeUser(1); ctx.ret = ins.a === 0 ? ctx.cf : ins.a === 1 ? ctx.rdx : ctx.sp; continue; }
        const bad = op === 'trap' ? '' : invalidOperands(ins);
        if (bad !== '') {
          kernel.badInstruction(core, 'SIGILL', bad);
          ctx = core.ctx;
          continue;
        }
        if (core.clock > this.syncLimit && touchesShared(op)) { ctx.held = ctx.holdRecord = copyInstrInto(ins, ctx.holdRecord); break; }
      }
      this.execute(core, ctx, ins);
      ctx = core.ctx;
      // An observer asked to stop at what this instruction did (a process exited, a breakpoint).
      if (this.pauseRequested) break;
    }
  }

  /**
   * Keep what the thread gave for the next call to run (or raise what an observer threw at the
   * probe: the kernel makes it an oops of the process, as for a probe the loop executes).
   */
  private keep(win: BatchWindow, k: Kept): void {
    if (win.faulted) throw win.fault;
    this.kept = k;
  }

  private execute(core: Core, ctx: Context, ins: Instr): void {
    // compute and rdtsc never get here: runBatch decodes them itself, and they are never held.
    switch (ins.op) {
      case 'compute': case 'rdtsc': case 'rdreg':
        throw new Error(`assertion: ${ins.op} reached execute()`);
      case 'trap':
        this.trap(core, ins.nr, ins.a0, ins.a1, ins.a2, ins.a3, ins.a4, ins.a5);
        break;
      case 'sysret':
        throw new Error('assertion: sysret reached execute()');
      case 'load': {
        const into = ins.into;
        const out = into instanceof Uint8Array && into.length >= ins.len ? into : new Uint8Array(ins.len);
        if (this.access(core, ctx, ins.addr, ins.len, false, out, null)) ctx.ret = out;
        break;
      }
      case 'store':
        this.access(core, ctx, ins.addr, ins.data.length, true, null, ins.data);
        break;
      case 'touch':
        this.access(core, ctx, ins.addr, ins.len, ins.write === true, null, null);
        break;
      case 'atomic':
        this.atomic(core, ctx, ins.kind, ins.addr, ins.a, ins.b);
        break;
      case 'setsp':
        ctx.sp = toRegister(ins.sp);
        core.chargeUser(1);
        break;
      case 'usdt':
        if (ins.snapshot !== null) { this.probe.publish(`${ins.s}:${ctx.pid}`, ins.snapshot); ctx.ret = this.probe.semaphore(ins.s); }
        else this.probe.emit(ins.kind, core.clock, core.id, ctx.pid, ctx.tid, ins.a, ins.b, ins.s);
        break;
    }
  }

  /** A trap: the kernel's entry, with the registers as the instruction names them (the loop's, or one made in place). */
  private trap(core: Core, nr: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void {
    core.mode = 'kernel';
    this.kernel!.trap(core, toRegister(nr), toRegister(a0), toRegister(a1), toRegister(a2), toRegister(a3), toRegister(a4), toRegister(a5));
  }

  /**
   * A user-mode memory access through the MMU (the core's TLB, then the page table: tlb.ts), page by page, faulting pages in
   * through the kernel. Returns false if a fault could not be resolved (the
   * kernel has then queued a signal and the instruction is abandoned) or if a
   * long touch was cut at the end of the batch (the rest is held, to run next).
   *
   * An access of up to SPLIT_BYTES is charged at once, as one instruction; a
   * longer one (a memset of a terabyte) is charged chunk by chunk as it runs, and
   * a touch is cut where the batch ends, so interrupts split it like a compute.
   */
  private access(core: Core, ctx: Context, addr: number, len: number, write: boolean,
    out: Uint8Array | null, src: Uint8Array | null): boolean {
    const mem = this.mem; const fsize = mem.frameSize;
    const long = len > SPLIT_BYTES;
    core.chargeUser(COSTS.memAccess.cycles + (long ? 0 : Math.ceil(len * COSTS.copyPerByte.cycles)));
    if (!(Number.isSafeInteger(addr) && addr >= 0)) { // no page table entry can map it: a fault at the address
      this.kernel!.pageFault(core, addr >= 0 ? addr : -1, write);
      return false;
    }
    let done = 0;
    do {
      const va = addr + done;
      const vpn = Math.floor(va / fsize);
      let pfn = core.tlb.translate(ctx.pageTable, vpn, write);
      if (pfn < 0) {
        if (!this.kernel!.pageFault(core, va, write)) return false;
        pfn = core.tlb.translate(ctx.pageTable, vpn, write);
        if (pfn < 0) throw new Error(`kernel resolved a fault at 0x${va.toString(16)} but the page is still absent`);
      }
      const off = va - vpn * fsize;
      const chunk = Math.min(len - done, fsize - off);
      if (out !== null) mem.read(pfn, off, out, done, chunk);
      if (src !== null) mem.write(pfn, off, src, done, chunk);
      done += chunk;
      if (long) {
        core.chargeUser(Math.ceil(chunk * COSTS.copyPerByte.cycles));
        if (out === null && src === null && done < len && core.clock >= this.batchEnd) { // the batch's own end, not a caller's stop time
          ctx.held = heldTouch(addr + done, len - done, write);
          return false;
        }
      }
    } while (done < len);
    return true;
  }

  private atomic(core: Core, ctx: Context, kind: string, addr: number, a: number, b: number): void {
    core.chargeUser(COSTS.atomicOp.cycles);
    if (addr % 4 !== 0) { // a split-lock atomic: real hardware allows it, the kernel may not; we fault
      this.kernel!.pageFault(core, -1, true);
      return;
    }
    const fsize = this.mem.frameSize;
    const vpn = Math.floor(addr / fsize);
    const write = kind !== 'load';
    let pfn = core.tlb.translate(ctx.pageTable, vpn, write);
    if (pfn < 0) {
      if (!this.kernel!.pageFault(core, addr, write)) return;
      pfn = core.tlb.translate(ctx.pageTable, vpn, write);
    }
    const off = addr - vpn * fsize;
    const old = this.mem.readU32(pfn, off);
    switch (kind) {
      case 'load': break;
      case 'store': this.mem.writeU32(pfn, off, a >>> 0); break;
      case 'xchg': this.mem.writeU32(pfn, off, a >>> 0); break;
      case 'cas': if (old === (a >>> 0)) this.mem.writeU32(pfn, off, b >>> 0); break;
      case 'add': this.mem.writeU32(pfn, off, (old + a) >>> 0); break;
    }
    ctx.ret = old;
  }

  // --- the heap of busy cores, by (clock, id) -----------------------------------

  private secondBusyClock(): number {
    const h = this.busy;
    if (h.length < 2) return Infinity;
    if (h.length === 2) return h[1]!.clock;
    return Math.min(h[1]!.clock, h[2]!.clock);
  }

  private less(a: Core, b: Core): boolean { return a.clock < b.clock || (a.clock === b.clock && a.id < b.id); }

  private heapInsert(core: Core): void {
    this.busy.push(core);
    core.heapPos = this.busy.length - 1;
    this.siftUp(core.heapPos);
  }

  private heapRemove(core: Core): void {
    const h = this.busy; const i = core.heapPos;
    const last = h.pop()!;
    core.heapPos = -1;
    if (i < h.length) { h[i] = last; last.heapPos = i; this.heapFix(i); }
  }

  private heapFix(i: number): void { if (!this.siftUp(i)) this.siftDown(i); }

  private siftUp(i: number): boolean {
    const h = this.busy; const c = h[i]!; let moved = false;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(c, h[p]!)) break;
      h[i] = h[p]!; h[i]!.heapPos = i; i = p; moved = true;
    }
    h[i] = c; c.heapPos = i;
    return moved;
  }

  private siftDown(i: number): void {
    const h = this.busy; const n = h.length; const c = h[i]!;
    for (;;) {
      const l = 2 * i + 1; const r = l + 1; let m = i; let mv = c;
      if (l < n && this.less(h[l]!, mv)) { m = l; mv = h[l]!; }
      if (r < n && this.less(h[r]!, mv)) { m = r; mv = h[r]!; }
      if (m === i) break;
      h[i] = h[m]!; h[i]!.heapPos = i; i = m;
    }
    h[i] = c; c.heapPos = i;
  }
}
