// A core: a clock, the context it is executing (null when idle), and the
// accounting of where its cycles went. The kernel decides what a core runs; the
// machine only steps it.

import type { Instr, Program } from './instr.ts';
import type { MachineEvent } from './event-queue.ts';
import { Tlb } from './tlb.ts';

/** The MMU's view of an address space: a page-table walk. */
export interface PageTable {
  /** The frame backing virtual page `vpn`, or -1 if not present (or not writable when `write`). */
  translate(vpn: number, write: boolean): number;
  /** The entry of virtual page `vpn`: its frame × 2 + 1 if writable, or -1 if not present. */
  pte(vpn: number): number;
  /** Bumped by every change that may leave a TLB holding a stale entry (unmap, protect): tlb.ts. */
  readonly tlbGen: number;
}

/**
 * A hardware thread context: the register state the kernel saves and restores
 * on a context switch. `frames` is the stack of programs being executed: the
 * thread's program at the bottom, a signal handler above it while one runs.
 */
export class Context {
  frames: Program[] = [];
  /** Cycles left of the compute instruction in progress (the "program counter" inside it). */
  pending = 0;
  /** The value the top program resumes with (a trap's return value). */
  ret: unknown = undefined;
  /**
   * An instruction that touches shared state (trap, atomic, memory), fetched but not yet
   * executed because its core was ahead of another core: it runs when the core is the
   * furthest behind again, so cross-core effects happen in time order. Part of the
   * context, like an instruction pointer sitting on it.
   */
  held: Instr | null = null;
  /** The record `held` is copied into (reused: a hold per cross-core step made one each time); never shared with another context. */
  holdRecord: Instr | null = null;
  /** Stack-pointer register. */
  sp = 0;
  /** The thread-pointer register (x86-64 %fs base): where a thread finds its TLS. */
  fsbase = 0;
  /** The carry flag as a trap left it (XNU reports a failed system call with CF set); read by `rdreg`. */
  cf = 0;
  /** %rdx: a second return value (XNU's pipe returns both fds, rax and rdx); read by `rdreg`. */
  rdx = 0;
  /** Process and thread ids, as the kernel tags the context (for probes; like a PCID). */
  pid = 0;
  tid = 0;
  constructor(public pageTable: PageTable, public readonly owner: object) {}
}

export type CoreMode = 'user' | 'kernel' | 'idle';

export class Core {
  clock = 0;
  ctx: Context | null = null;
  mode: CoreMode = 'idle';
  userCycles = 0;
  kernelCycles = 0;
  irqCycles = 0;
  idleCycles = 0;
  interrupts = 0;
  /** Position in the machine's heap of busy cores, -1 when idle. */
  heapPos = -1;
  tick: MachineEvent | null = null;
  /** The translations this core's MMU walked for last (tlb.ts). */
  readonly tlb = new Tlb();
  constructor(readonly id: number) {}

  chargeKernel(cycles: number): void { this.clock += cycles; this.kernelCycles += cycles; }
  chargeIrq(cycles: number): void { this.clock += cycles; this.irqCycles += cycles; }
  chargeUser(cycles: number): void { this.clock += cycles; this.userCycles += cycles; }

  /** An idle core wakes at `t`: the gap was idle time. */
  wakeAt(t: number): void {
    if (t > this.clock) { this.idleCycles += t - this.clock; this.clock = t; }
  }
}
