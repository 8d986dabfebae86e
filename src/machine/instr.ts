// Machine instructions: what a thread's program yields to the core that runs it.
//
// A program is a generator. Each `yield` hands one instruction to the core; the
// value the core sends back (a trap's return value, a load's bytes, an atomic's
// old value) is the result of that `yield`. The instruction set is deliberately
// tiny: `compute` burns cycles in user mode, `trap` enters the kernel, and the
// memory instructions go through the MMU, so touching an unmapped page faults.
//
// Hot-path rule: the helpers below return one shared record per opcode. The core
// consumes an instruction before it resumes any generator, so reuse is safe and
// the simulator allocates nothing per instruction.

export type Program = Generator<Instr, unknown, any>;

export interface ComputeInstr { op: 'compute'; cycles: number }
export interface TrapInstr { op: 'trap'; nr: number; a0: number; a1: number; a2: number; a3: number; a4: number; a5: number }
/**
 * Load `len` bytes at `addr`; resumes with them. With `into` (a buffer of at least `len` bytes), the
 * bytes are put at its start and it is what the load resumes with: no buffer made per load, for a
 * caller that reads them before its thread's next instruction (the runtime's own loads: M.loadBuf).
 */
export interface LoadInstr { op: 'load'; addr: number; len: number; into?: Uint8Array | null }
export interface StoreInstr { op: 'store'; addr: number; data: Uint8Array }
/** Touch `len` bytes from `addr` (read or write) without moving data: how stack frames and zeroing show up in RSS. */
export interface TouchInstr { op: 'touch'; addr: number; len: number; write: boolean }
export type AtomicKind = 'load' | 'store' | 'xchg' | 'cas' | 'add';
/** A 32-bit atomic on user memory (LOCK CMPXCHG and friends). Resumes with the old value. */
export interface AtomicInstr { op: 'atomic'; kind: AtomicKind; addr: number; a: number; b: number }
/** Set the stack-pointer register (what a function prologue does); signal frames are pushed below it. */
export interface SetSpInstr { op: 'setsp'; sp: number }
/** Read the core's time-stamp counter (cycles since boot): the vDSO's clock source, no trap. */
export interface RdtscInstr { op: 'rdtsc' }
/**
 * Read a register a trap may have set besides the return value: `a` = REG_CF, the
 * carry flag (how XNU's callers tell a failed call from a value), REG_RDX, the
 * second return register, or REG_RSP, the stack pointer (where an NT stub puts the
 * arguments past the fourth, for the kernel to read).
 */
export interface RdregInstr { op: 'rdreg'; a: number }
export const REG_CF = 0;
export const REG_RDX = 1;
export const REG_RSP = 2;
/**
 * A user-level static probe (USDT): a no-op in the program that tracers see. The
 * user-mode code marks its own events with these (a task created, parked, a phase begun) and
 * may offer a read-only `snapshot` of its state, as a debugger would read it.
 */
export interface UsdtInstr { op: 'usdt'; kind: string; a: number; b: number; s: string; snapshot: ((query?: string) => unknown) | null }
/**
 * Not an instruction of its own: what a thread yields right after a system call it made in
 * place (trapInPlace) when it cannot go on at once — the call blocked, or the batch ended at
 * it. The machine resumes the thread with the call's result, as it would after the trap; it
 * executes nothing and counts nothing. Yielded at any other time it is an invalid opcode.
 */
export interface SysretInstr { op: 'sysret' }

export type Instr = ComputeInstr | TrapInstr | LoadInstr | StoreInstr | TouchInstr | AtomicInstr | SetSpInstr | RdtscInstr | RdregInstr | UsdtInstr | SysretInstr;

const NO_DATA = new Uint8Array(0);

/**
 * Every instruction record has every field of every opcode, in one order, so that all
 * records share one hidden class: the core reads `op` (and the operands) at call sites
 * that see every opcode, and with one class per opcode those reads go megamorphic (a
 * lookup in V8's stub cache per instruction). The unused fields are never read.
 */
interface InstrRecord {
  op: Instr['op']; cycles: number; nr: number; a0: number; a1: number; a2: number; a3: number; a4: number; a5: number;
  addr: number; len: number; into: Uint8Array | null; data: Uint8Array; write: boolean; kind: string; a: number; b: number; s: string;
  snapshot: ((query?: string) => unknown) | null; sp: number;
  /** A reused record's own buffers for the stores copied into it, by length (copyInstrInto). */
  owned: Map<number, Uint8Array> | null;
}
function record<T extends Instr>(op: T['op']): T {
  const r: InstrRecord = {
    op, cycles: 0, nr: 0, a0: 0, a1: 0, a2: 0, a3: 0, a4: 0, a5: 0,
    addr: 0, len: 0, into: null, data: NO_DATA, write: false, kind: '', a: 0, b: 0, s: '', snapshot: null, sp: 0, owned: null,
  };
  return r as unknown as T;
}

/** A copy of an instruction record, for one that must outlive the next use of its helper (the same hidden class). */
export function copyInstr(ins: Instr): Instr { return copyInstrInto(ins, null); }

/**
 * copyInstr into `into`, a record made by an earlier copy that nothing uses any more (a context's
 * held instruction, executed), or a new record if it is null: the machine holds an instruction back
 * once per cross-core step, and a new record (and a new copy of a word's bytes) each time was garbage.
 */
export function copyInstrInto(ins: Instr, into: Instr | null): Instr {
  const from = ins as unknown as InstrRecord;
  let c: InstrRecord;
  if (into === null) c = record<Instr>(from.op) as unknown as InstrRecord;
  else { c = into as unknown as InstrRecord; c.op = from.op; }
  switch (from.op) {
    case 'compute': c.cycles = from.cycles; break;
    case 'trap': c.nr = from.nr; c.a0 = from.a0; c.a1 = from.a1; c.a2 = from.a2; c.a3 = from.a3; c.a4 = from.a4; c.a5 = from.a5; break;
    case 'load': c.addr = from.addr; c.len = from.len; c.into = from.into ?? null; break;
    case 'store': c.addr = from.addr; c.data = into === null ? from.data.slice() : ownedCopy(c, from.data); break;
    case 'touch': c.addr = from.addr; c.len = from.len; c.write = from.write; break;
    case 'atomic': c.kind = from.kind; c.addr = from.addr; c.a = from.a; c.b = from.b; break;
    case 'setsp': c.sp = from.sp; break;
    case 'rdtsc': break;
    case 'rdreg': c.a = from.a; break;
    case 'usdt': c.kind = from.kind; c.a = from.a; c.b = from.b; c.s = from.s; c.snapshot = from.snapshot; break;
    case 'sysret': break;
  }
  return c as unknown as Instr;
}

/** Stores copied into a reused record keep a buffer per length up to this (a word, a zeroed object); longer ones are copied anew. */
const OWNED_MAX = 4096;
/** Up to this many bytes are copied one by one (TypedArray's set is a call into the engine's C++). */
const SMALL_COPY = 64;

/** `data` copied into a buffer the reused record `c` owns (one per length: a word's, a small object's). */
function ownedCopy(c: InstrRecord, data: Uint8Array): Uint8Array {
  const len = data.length;
  if (len > OWNED_MAX) return data.slice();
  const owned = c.owned ??= new Map();
  let b = owned.get(len);
  if (b === undefined) { b = new Uint8Array(len); owned.set(len, b); }
  if (len <= SMALL_COPY) for (let i = 0; i < len; i++) b[i] = data[i]!;
  else b.set(data);
  return b;
}

const COMPUTE = record<ComputeInstr>('compute');
const TRAP = record<TrapInstr>('trap');
const LOAD = record<LoadInstr>('load');
const STORE = record<StoreInstr>('store');
const TOUCH = record<TouchInstr>('touch');
const ATOMIC = record<AtomicInstr>('atomic');
const SETSP = record<SetSpInstr>('setsp');
/** The rdtsc instruction itself, for callers that yield it directly (`const cycles = yield RDTSC`). */
export const RDTSC = record<RdtscInstr>('rdtsc');
const RDREG = record<RdregInstr>('rdreg');
const USDT = record<UsdtInstr>('usdt');
/** The one sysret record (trapInPlace). */
export const SYSRET = record<SysretInstr>('sysret');

/** Burn `cycles` cycles in user mode. Long computes are split by interrupts and resumed. */
export function compute(cycles: number): ComputeInstr {
  COMPUTE.cycles = cycles;
  return COMPUTE;
}

export function trapInstr(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): TrapInstr {
  TRAP.nr = nr; TRAP.a0 = a0; TRAP.a1 = a1; TRAP.a2 = a2; TRAP.a3 = a3; TRAP.a4 = a4; TRAP.a5 = a5;
  return TRAP;
}

/**
 * `syscall nr, args...`: enter the kernel. Resumes with the raw return value (negative errno on failure).
 * Made in place where the loop would execute it at once (trapInPlace), so a call that returns
 * at once does not travel up the generators above this one and back.
 */
export function* trap(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): Generator<Instr, number, number> {
  const t = trapInPlace(nr, a0, a1, a2, a3, a4, a5);
  return typeof t === 'number' ? t : yield t;
}

/**
 * A watch on the memory helpers below (loadInstr/storeInstr, load/store), as a compiler's -race instrumentation is a call
 * before each load and store of the program's code: set (by a race-enabled user-mode
 * runtime) only while it runs code it watches, null otherwise, so the helpers
 * cost one field read when nothing watches. The record yielded is unchanged: the
 * watch adds no instruction, so a watched run executes what an unwatched one does.
 */
export const memWatch: { fn: ((addr: number, len: number, write: boolean) => void) | null } = { fn: null };

/**
 * The memory instructions as records, for code that yields them directly (`yield loadInstr(a, 4)`),
 * as compiled C does for every access: one generator level less than `yield* load(...)`.
 */
export function loadInstr(addr: number, len: number, into: Uint8Array | null = null): LoadInstr {
  if (memWatch.fn !== null) memWatch.fn(addr, len, false);
  LOAD.addr = addr; LOAD.len = len; LOAD.into = into;
  return LOAD;
}
export function storeInstr(addr: number, data: Uint8Array): StoreInstr { if (memWatch.fn !== null) memWatch.fn(addr, data.length, true); STORE.addr = addr; STORE.data = data; return STORE; }
export function touchInstr(addr: number, len: number, write: boolean): TouchInstr { TOUCH.addr = addr; TOUCH.len = len; TOUCH.write = write; return TOUCH; }
export function atomicInstr(kind: AtomicKind, addr: number, a = 0, b = 0): AtomicInstr { ATOMIC.kind = kind; ATOMIC.addr = addr; ATOMIC.a = a; ATOMIC.b = b; return ATOMIC; }
export function setspInstr(sp: number): SetSpInstr { SETSP.sp = sp; return SETSP; }

export function* load(addr: number, len: number): Generator<Instr, Uint8Array, Uint8Array> {
  if (memWatch.fn !== null) memWatch.fn(addr, len, false);
  LOAD.addr = addr; LOAD.len = len; LOAD.into = null;
  return yield LOAD;
}

export function* store(addr: number, data: Uint8Array): Generator<Instr, void, unknown> {
  if (memWatch.fn !== null) memWatch.fn(addr, data.length, true);
  STORE.addr = addr; STORE.data = data;
  yield STORE;
}

export function* touch(addr: number, len: number, write: boolean): Generator<Instr, void, unknown> {
  TOUCH.addr = addr; TOUCH.len = len; TOUCH.write = write;
  yield TOUCH;
}

export function* atomic(kind: AtomicKind, addr: number, a = 0, b = 0): Generator<Instr, number, number> {
  ATOMIC.kind = kind; ATOMIC.addr = addr; ATOMIC.a = a; ATOMIC.b = b;
  return yield ATOMIC;
}

export function* setsp(sp: number): Generator<Instr, void, unknown> {
  SETSP.sp = sp;
  yield SETSP;
}

/** `const cf = yield rdreg(REG_CF)`: the register's value, no trap. */
export function rdreg(reg: number): RdregInstr {
  RDREG.a = reg;
  return RDREG;
}

export function* rdtsc(): Generator<Instr, number, number> {
  return yield RDTSC;
}

/** Fire a user-level probe `kind` (seen on the probe bus with this thread's pid and tid). Costs no cycles. */
export function* usdt(kind: string, a = 0, b = 0, s = ''): Generator<Instr, void, unknown> {
  yield usdtInstr(kind, a, b, s);
}

/**
 * The probe instruction itself, for code that fires probes on its hot paths (`yield usdtInstr(...)`,
 * as `yield compute(n)`): one generator level less than `yield* usdt(...)` for the same instruction.
 */
export function usdtInstr(kind: string, a = 0, b = 0, s = ''): UsdtInstr {
  USDT.kind = kind; USDT.a = a; USDT.b = b; USDT.s = s; USDT.snapshot = null;
  return USDT;
}

/**
 * Offer a read-only snapshot of this process's user-level state under `name` (published as
 * `name:pid`); the snapshot function may answer queries (`snapshot(query)`). Returns the
 * probes' is-enabled semaphore for `name`: non-zero while a tracer is attached.
 */
export function* usdtPublish(name: string, snapshot: (query?: string) => unknown): Generator<Instr, { count: number }, unknown> {
  USDT.kind = 'publish'; USDT.a = 0; USDT.b = 0; USDT.s = name; USDT.snapshot = snapshot;
  return (yield USDT) as { count: number };
}

// --- Retiring in place ---------------------------------------------------------------------
//
// A yielded instruction travels up every generator between the code that issued it and the
// machine's loop (each function of the user-mode code that is running, down to the thread's own loop), and the loop's
// answer travels back down. Three instructions cannot affect another core: `compute` (cycles
// of this core's user time), `rdtsc` (this core's clock) and a probe (an event on the bus at
// this core's clock). While the running thread's core has room for one in its batch, the
// core retires it where it is issued, with exactly the effect the loop would have given it;
// when it has not, the caller yields the instruction as before:
//
//   if (!computeInPlace(n)) yield compute(n);
//   const c = rdtscInPlace(); const cycles = c >= 0 ? c : yield RDTSC;
//   if (!usdtInPlace(kind, a, b, s)) yield usdtInstr(kind, a, b, s);
//
// A load or a store that needs no page fault is retired in place too, while the core has not
// run past the other cores (the loop's sync limit): the caller gives the bytes to store, or a
// buffer of the length to load into, and yields the instruction as before if it is refused:
//
//   if (!storeInPlace(addr, bytes)) yield storeInstr(addr, bytes);
//   if (!loadInPlace(addr, buf)) buf = yield loadInstr(addr, buf.length);
//
// A whole 64-bit word may be given or taken as a number (storeWordInPlace, loadWordInPlace): the
// same access, with no buffer of its bytes to encode and copy.
//
// A system call is made in place too, where the loop would execute it at once; the thread goes
// on with its result, or yields what trapInPlace gives it (the trap, or SYSRET after a call that
// blocked or switched the core), which resumes with the result:
//
//   const t = trapInPlace(nr, a0, a1, a2); const r: number = typeof t === 'number' ? t : yield t;
//
// The machine sets the thread's core for the length of each batch (src/machine/inplace.ts).

/** The core the running thread is on, as the thread sees it: the three instructions it may retire in place. */
export interface ThreadCore {
  /** Charge `cycles` of user time if they end strictly inside the batch; false (nothing done) if not. */
  compute(cycles: number): boolean;
  /** rdtsc: the clock after the read's cost, or -1 (nothing done) if the read would reach the batch's end. */
  rdtsc(): number;
  /** Fire probe `kind` at this core's clock; false (nothing done) if it must go to the loop. */
  usdt(kind: string, a: number, b: number, s: string): boolean;
  /** The core's clock as an observer reads it: no cycles, no instruction, nothing the run can tell. */
  now(): number;
  /**
   * A load (into `out`) or a store (of `src`) of `len` bytes at `addr`, charged and copied as the
   * loop would, if it needs no fault and may run now; false (nothing done) if not.
   */
  access(addr: number, len: number, write: boolean, out: Uint8Array | null, src: Uint8Array | null): boolean;
  /**
   * The system call `nr` made where it is issued, if the loop would execute it now: its result
   * if the thread may go on at once; SYSRET if it was made but the thread must yield SYSRET
   * (whose result is the call's); TRAP_REFUSED (nothing done) if the caller must yield the trap.
   */
  trap(nr: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): unknown;
  /**
   * A little-endian 64-bit word, lo and hi its 32-bit halves, stored at `addr` exactly as
   * access(addr, 8, true, null, its bytes) stores it; false (nothing done) if that is refused.
   */
  storeWord(addr: number, lo: number, hi: number): boolean;
  /** The 64-bit word at `addr` (lo + hi × 2^32) loaded exactly as access(addr, 8, false, …) loads it; -1 (nothing done) if refused. */
  loadWord(addr: number): number;
}

/** What ThreadCore.trap returns when it did not make the call: the caller yields the trap instead. */
export const TRAP_REFUSED: unique symbol = Symbol('TRAP_REFUSED');

/** Where no batch runs (a program stepped outside a machine, or between batches): nothing retires in place. */
const NO_CORE: ThreadCore = {
  compute: () => false, rdtsc: () => -1, usdt: () => false, now: () => -1, access: () => false, trap: () => TRAP_REFUSED,
  storeWord: () => false, loadWord: () => -1,
};
let threadCore: ThreadCore = NO_CORE;

/** Set by the machine when a core's batch starts: the running thread's core. Not for user code. */
export function setThreadCore(tc: ThreadCore | null): void { threadCore = tc ?? NO_CORE; }

/**
 * Run `fn` with nothing retired in place: for code that steps a program outside any core, whose
 * instructions it inspects or drops rather than executes (fmt running a String method to completion).
 */
export function offCore<T>(fn: () => T): T {
  const saved = threadCore;
  threadCore = NO_CORE;
  try { return fn(); } finally { threadCore = saved; }
}

/** compute(cycles) retired where it is issued: false if the caller must yield it. */
export function computeInPlace(cycles: number): boolean { return threadCore.compute(cycles); }
/** rdtsc retired where it is issued: the clock, or -1 if the caller must yield RDTSC. */
export function rdtscInPlace(): number { return threadCore.rdtsc(); }
/**
 * For observers only (what the lints and the dashboard's views record while they watch): the running
 * core's clock in cycles, read without an instruction or a cycle, so a watched run is the unwatched one;
 * -1 outside a batch. Never for anything the program or the runtime decides with.
 */
export function observeClock(): number { return threadCore.now(); }
/**
 * A store retired where it is issued (what storeInstr(addr, data) would do): false if the caller
 * must yield it. Never while a watch is set: the watch sees the instruction the caller yields.
 */
export function storeInPlace(addr: number, data: Uint8Array): boolean {
  return memWatch.fn === null && threadCore.access(addr, data.length, true, null, data);
}
/**
 * storeInPlace of the 8 little-endian bytes of `v` (0 ≤ v < 2^64, an integer): the word written
 * without a buffer of its bytes. False if the caller must yield the store.
 */
export function storeWordInPlace(addr: number, v: number): boolean {
  return memWatch.fn === null && threadCore.storeWord(addr, v >>> 0, Math.floor(v / 4294967296) >>> 0);
}
/** loadInPlace of an 8-byte little-endian word, decoded (lo + hi × 2^32): -1 if the caller must yield the load. */
export function loadWordInPlace(addr: number): number {
  return memWatch.fn === null ? threadCore.loadWord(addr) : -1;
}
/** A load of `len` bytes into `out` retired where it is issued (loadInstr(addr, len)): false if the caller must yield it. */
export function loadInPlace(addr: number, out: Uint8Array, len = out.length): boolean {
  return memWatch.fn === null && threadCore.access(addr, len, false, out, null);
}
/**
 * A touch retired where it is issued (what touchInstr(addr, len, write) would do: the access
 * charged, its page needing no fault): false if the caller must yield it. A touch is no load or
 * store of the program's, so a watch does not see it either way.
 */
export function touchInPlace(addr: number, len: number, write: boolean): boolean {
  return threadCore.access(addr, len, write, null, null);
}
/**
 * A system call made where it is issued, as the loop would make it for `yield trapInstr(...)`:
 * its result (a number) when the thread goes on at once, else the instruction to yield — the trap
 * itself when it must go to the loop, or SYSRET when the call was made but the thread must give
 * the core back first (it blocked, was signalled, or the batch ended); either resumes with the
 * call's result:
 *
 *   const t = trapInPlace(nr, a0, a1, a2); const r: number = typeof t === 'number' ? t : yield t;
 *
 * A call that cannot block the caller and whose result is a number is the whole use of it: the
 * instructions that issue it stay one generator level, with no trip through the ones above.
 */
export function trapInPlace(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): number | Instr {
  const r = threadCore.trap(nr, a0, a1, a2, a3, a4, a5);
  if (typeof r === 'number') return r;
  if (r === TRAP_REFUSED) return trapInstr(nr, a0, a1, a2, a3, a4, a5);
  return SYSRET;
}
/** A probe retired where it is issued: false if the caller must yield usdtInstr(kind, a, b, s). */
export function usdtInPlace(kind: string, a = 0, b = 0, s = ''): boolean { return threadCore.usdt(kind, a, b, s); }
