// The cost of a statement of compiled source, shared by the Go and C back ends.
// A compiled program charges simulated cycles as the machine code gc or gcc would
// execute: a simple statement (an assignment, a comparison and branch, an
// increment) is a handful of instructions, retired at about one per cycle on a
// modern out-of-order core (Agner Fog's instruction tables give 1 cycle latency
// for register ALU operations and 4–5 for an L1 load; a typical statement mixes a
// load or two with ALU work at an IPC around 2). Calls, allocation, channel
// operations and syscalls carry the runtime's and the kernel's own costs on top.

/** Cycles of one simple statement (≈ 4–6 instructions at IPC ≈ 2). */
export const STMT_CYCLES = 3;
/** Cycles of one loop iteration's back edge (increment, compare, branch). */
export const LOOP_CYCLES = 2;
/** Cycles of one operation on a map (hash, probe of a bucket): Go's mapaccess1 on a small key is ≈ 20 ns. */
export const MAP_OP_CYCLES = 60;
/** Cycles per byte of a copy (memmove at ≈ 16 bytes per cycle, rounded up per 8 bytes). */
export const COPY_CYCLES_PER_8_BYTES = 1;
/** Cycles of formatting one operand in fmt (the reflection walk: ≈ 50–100 ns per operand). */
export const FMT_OPERAND_CYCLES = 200;

/**
 * Cycles of the machine operations an expression compiles to, by their typical latency on a modern
 * x86-64 core (Agner Fog's instruction tables): the C back end charges a statement the sum over its
 * expression (src/lang/c/cost.ts). Loads and stores are not here: they are the machine's own memory
 * instructions, charged by it.
 */
export const OP_CYCLES = {
  alu: 1,      // add, sub, and, or, xor, shift, compare, move
  mul: 3,      // imul r64
  div: 26,     // idiv r32 (~26 cycles on Skylake)
  fpu: 4,      // addsd / mulsd
  fdiv: 15,    // divsd
  call: 5,     // call + push rbp + mov + leave + ret
  branch: 1,
} as const;
