// The running thread's window onto its core's batch: compute, rdtsc, probes and plain
// memory accesses retired where the thread issues them (instr.ts, "Retiring in place").
//
// The machine's loop runs a core's batch: it resumes the thread's program for one
// instruction, executes it, and resumes it again while the core's clock is below the batch's
// limit (the next event, the next core plus the skew, or the caller's stop time). For a
// compute, an rdtsc or a probe, what the loop does is local to the core: charge the cycles,
// return the clock, emit the event at the core's clock; and then, as the batch still has
// room, it resumes the same thread at once. The window does the same where the instruction
// is issued, in the same order at the same simulated time, on one condition: the instruction
// ends strictly inside the batch. One that would reach the limit is refused and yielded, and
// the loop ends the batch there as it always did — so where a batch or a caller's slice ends
// never depends on which way an instruction went.
//
// The window is shut (its limit -Infinity: everything is refused) between batches, while the
// loop steps one instruction at a time (each instruction must reach the loop to count as a
// step), and from the moment the machine is paused. A pause that an observer asks for at a
// probe fired here must stop the run right after that probe, as the loop would: the window
// notes it (`stopped`), and the loop keeps the thread's next instruction, unexecuted, for the
// next call to run. So does an exception thrown by an observer there: the loop raises it at
// that point, where the kernel turns it into an oops of the process, as for any instruction.
//
// A system call (trap) is shared state, so the window makes one only where the loop would
// execute it at once — the core not past the sync limit — and through the same entry, the
// kernel's trap. What the loop does next is to resume the same program at once, unless the
// call blocked or switched the core to another thread, pushed a signal frame or replaced the
// program (exec), the batch ended at it or the machine was paused by an observer there: in
// those cases the window leaves the result in the context, and the thread yields SYSRET, which
// the loop takes as "the trap just executed" (it executes and counts nothing for it), so the
// thread resumes with the result exactly when it would have. An exception out of the kernel
// is raised by the loop at that point, as for a probe's observer.

import type { Core } from './core.ts';
import type { ProbeBus } from './probe.ts';
import { SYSRET, TRAP_REFUSED, type ThreadCore } from './instr.ts';
import type { Context } from './core.ts';
import type { PhysicalMemory } from './memory.ts';
import { COSTS } from './costs.ts';

/** The longest access the loop charges at once, as one instruction (longer ones are charged page by page: machine.ts). */
export const SPLIT_BYTES = 1 << 20;

/** The cycles a compute of `c` charges: at least one, whole cycles (what the loop charges). */
export function computeCycles(c: number): number { return c >= 1 ? Math.ceil(c) : 1; }

/** What access() charges for 8 bytes. */
const WORD_CYCLES = COSTS.memAccess.cycles + Math.ceil(8 * COSTS.copyPerByte.cycles);

function writeLE(b: Uint8Array, lo: number, hi: number): void {
  for (let i = 0; i < 4; i++) { b[i] = (lo >>> (8 * i)) & 0xff; b[4 + i] = (hi >>> (8 * i)) & 0xff; }
}
function readLE(b: Uint8Array): number {
  return ((b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0) + ((b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0) * 4294967296;
}

export class BatchWindow implements ThreadCore {
  /** The core whose batch runs (a core of no machine while shut, so no call needs a null check). */
  private core: Core;
  /** Instructions here must end before this time (cycles); -Infinity while shut. */
  limit = -Infinity;
  /** Loads and stores here must start at or before this time (the loop's sync limit); -Infinity while shut. */
  sync = -Infinity;
  /** Instructions retired here; the machine's instruction count is the loop's plus these. */
  retired = 0;
  /** An observer paused the machine (or threw) at a probe fired here: the loop stops at the thread's next instruction. */
  stopped = false;
  /** An observer threw at a probe fired here (`fault`, for the loop to raise). */
  faulted = false;
  fault: unknown = undefined;
  private emitting = false;
  /** An unaligned word's bytes, for access(). */
  private readonly wordBytes = new Uint8Array(8);
  /** The context whose thread made a call here and must yield SYSRET next (null: none may). */
  trapped: Context | null = null;

  /** `enter`: the machine's execution of a trap on a core (the kernel's entry, as for a trap the loop executes). */
  constructor(private readonly probe: ProbeBus, private readonly vdsoClock: number, private readonly idle: Core,
    private readonly mem: PhysicalMemory,
    private readonly enter: (core: Core, nr: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number) => void) {
    this.core = idle;
  }

  /** A batch of `core` starts; `limit` is its end, `sync` its sync limit (-Infinity: retire nothing in place). */
  open(core: Core, limit: number, sync: number): void {
    this.core = core; this.limit = limit; this.sync = sync; this.stopped = false; this.faulted = false; this.fault = undefined;
  }

  shut(): void { this.core = this.idle; this.limit = -Infinity; this.sync = -Infinity; this.trapped = null; }

  /** An event was scheduled during the batch: the batch ends at it, and shared state waits for it (Machine.at). */
  lower(t: number): void { if (t < this.limit) this.limit = t; if (t < this.sync) this.sync = t; }

  /** The machine is pausing: nothing more retires here; if a probe fired here asked for it, the loop stops next. */
  pause(): void {
    if (this.emitting) this.stopped = true;
    this.limit = -Infinity; this.sync = -Infinity;
  }

  compute(cycles: number): boolean {
    const n = computeCycles(cycles);
    const core = this.core;
    if (core.clock + n >= this.limit) return false;
    core.chargeUser(n);
    this.retired++;
    return true;
  }

  rdtsc(): number {
    const core = this.core;
    if (core.clock + this.vdsoClock >= this.limit) return -1;
    core.chargeUser(this.vdsoClock);
    this.retired++;
    return core.clock;
  }

  now(): number { return this.core.clock; }

  /**
   * access() of an aligned 8-byte word, its value given or returned as numbers: the same checks in
   * the same order, the same charge, the same bytes — without a buffer of them. A word that is not
   * aligned (or a host that is not little-endian) goes through access() with its bytes.
   */
  storeWord(addr: number, lo: number, hi: number): boolean {
    if (!this.wordAligned(addr)) {
      const b = this.wordBytes; writeLE(b, lo, hi);
      return this.access(addr, 8, true, null, b);
    }
    const pfn = this.wordFrame(addr, true);
    if (pfn < 0) return false;
    this.mem.writeU64(pfn, addr & (this.mem.frameSize - 1), lo, hi);
    return true;
  }

  loadWord(addr: number): number {
    if (!this.wordAligned(addr)) {
      const b = this.wordBytes;
      return this.access(addr, 8, false, b, null) ? readLE(b) : -1;
    }
    const pfn = this.wordFrame(addr, false);
    return pfn < 0 ? -1 : this.mem.readU64(pfn, addr & (this.mem.frameSize - 1));
  }

  /**
   * A valid address of an aligned word, on a host whose frames can be seen as 32-bit words. Bit
   * operations, not `%`: a heap address is above 2^31, where `%` is a floating-point remainder (a
   * call), while `&` keeps a safe integer's low bits exactly.
   */
  private wordAligned(addr: number): boolean {
    return Number.isSafeInteger(addr) && addr >= 0 && (addr & 7) === 0 && this.mem.wordAccess;
  }

  /** An aligned word's access up to its copy, as access() does it: the frame (charged, retired), or -1 (refused, nothing done). */
  private wordFrame(addr: number, write: boolean): number {
    const core = this.core;
    if (core.clock > this.sync) return -1;
    if (core.clock + WORD_CYCLES >= this.limit) return -1;
    const pfn = core.tlb.translate(core.ctx!.pageTable, Math.floor(addr / this.mem.frameSize), write);
    if (pfn < 0) return -1; // a fault: the loop's
    core.chargeUser(WORD_CYCLES);
    this.retired++;
    return pfn;
  }

  access(addr: number, len: number, write: boolean, out: Uint8Array | null, src: Uint8Array | null): boolean {
    const core = this.core;
    if (core.clock > this.sync || len > SPLIT_BYTES || !(Number.isSafeInteger(addr) && addr >= 0)) return false;
    const n = COSTS.memAccess.cycles + Math.ceil(len * COSTS.copyPerByte.cycles);
    if (core.clock + n >= this.limit) return false;
    const pt = core.ctx!.pageTable; const tlb = core.tlb; const mem = this.mem; const fsize = mem.frameSize;
    const first = Math.floor(addr / fsize);
    const off = addr - first * fsize;
    if (off + len <= fsize) { // within one page: the common case, translated once
      const pfn = tlb.translate(pt, first, write);
      if (pfn < 0) return false; // a fault: the loop's
      core.chargeUser(n);
      this.retired++;
      if (out !== null) mem.read(pfn, off, out, 0, len);
      if (src !== null) mem.write(pfn, off, src, 0, len);
      return true;
    }
    const last = Math.floor((addr + len - 1) / fsize);
    for (let vpn = first; vpn <= last; vpn++) if (tlb.translate(pt, vpn, write) < 0) return false;
    core.chargeUser(n);
    this.retired++;
    let done = 0;
    do {
      const va = addr + done;
      const vpn = Math.floor(va / fsize);
      const pfn = tlb.translate(pt, vpn, write);
      const off = va - vpn * fsize;
      const chunk = Math.min(len - done, fsize - off);
      if (out !== null) mem.read(pfn, off, out, done, chunk);
      if (src !== null) mem.write(pfn, off, src, done, chunk);
      done += chunk;
    } while (done < len);
    return true;
  }

  trap(nr: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): unknown {
    const core = this.core;
    if (core.clock > this.sync || core.clock >= this.limit) return TRAP_REFUSED;
    const ctx = core.ctx!;
    const frames = ctx.frames; const depth = frames.length; const top = frames[depth - 1];
    this.retired++;
    this.trapped = ctx;
    try {
      this.enter(core, nr, a0, a1, a2, a3, a4, a5);
    } catch (err) {
      this.faulted = true; this.fault = err; this.stopped = true; this.limit = -Infinity; this.sync = -Infinity;
      return SYSRET;
    }
    // Anything but "the loop resumes this same program now" goes through the loop (SYSRET).
    if (core.ctx !== ctx || ctx.frames !== frames || frames.length !== depth || frames[depth - 1] !== top ||
      core.clock >= this.limit || ctx.pending !== 0 || ctx.held !== null) return SYSRET;
    const r = ctx.ret;
    if (typeof r !== 'number') return SYSRET;
    this.trapped = null;
    ctx.ret = undefined;
    core.mode = 'user';
    return r;
  }

  usdt(kind: string, a: number, b: number, s: string): boolean {
    const core = this.core;
    if (core.clock >= this.limit) return false;
    const ctx = core.ctx!;
    this.retired++;
    this.emitting = true;
    try {
      this.probe.emit(kind, core.clock, core.id, ctx.pid, ctx.tid, a, b, s);
    } catch (err) {
      this.faulted = true; this.fault = err; this.stopped = true; this.limit = -Infinity;
    }
    this.emitting = false;
    return true;
  }
}
