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

import type { Core } from './core.ts';
import type { ProbeBus } from './probe.ts';
import type { ThreadCore } from './instr.ts';
import type { PhysicalMemory } from './memory.ts';
import { COSTS } from './costs.ts';

/** The longest access the loop charges at once, as one instruction (longer ones are charged page by page: machine.ts). */
export const SPLIT_BYTES = 1 << 20;

/** The cycles a compute of `c` charges: at least one, whole cycles (what the loop charges). */
export function computeCycles(c: number): number { return c >= 1 ? Math.ceil(c) : 1; }

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

  constructor(private readonly probe: ProbeBus, private readonly vdsoClock: number, private readonly idle: Core,
    private readonly mem: PhysicalMemory) {
    this.core = idle;
  }

  /** A batch of `core` starts; `limit` is its end, `sync` its sync limit (-Infinity: retire nothing in place). */
  open(core: Core, limit: number, sync: number): void {
    this.core = core; this.limit = limit; this.sync = sync; this.stopped = false; this.faulted = false; this.fault = undefined;
  }

  shut(): void { this.core = this.idle; this.limit = -Infinity; this.sync = -Infinity; }

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
