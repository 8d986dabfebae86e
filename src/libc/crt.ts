// The C runtime of compiled C programs (what crt1.o, libgcc and the dynamic
// loader are to a gcc binary): the program's entry (`_start`: lay out static
// data, build argc/argv on the stack, call main, exit with its value), the
// thread and signal entry points, the call driver, and the small helpers the
// generated code uses for what x86-64 does in one instruction (64-bit
// arithmetic with wrap-around, loads and stores of each width, division that
// traps on zero).
//
// The call driver: a compiled function does not call another with `yield*`
// (JavaScript would nest one generator per C frame and stop at a few thousand)
// but yields a CALL record holding the callee's generator; drive() keeps the
// frames in an array, as the machine keeps return addresses on the stack, so
// recursion is limited by the C stack alone — and running off it faults.

import { compute, trap, load, loadInstr, storeInstr, touchInstr, atomicInstr, setspInstr, usdtInstr, type Instr, type Program, type AtomicKind } from '../machine/instr.ts';
import { GO_EVENTS } from '../runtime/snapshot.ts';
import { SYS, SIGFPE, SIG_SETMASK } from '../kernel/uapi/index.ts';
import type { Executable, ExecInfo, ProgramImage } from '../kernel/uapi/image.ts';
import { CProcess, LibC, type CGen, type ThreadFn } from './libc.ts';
import { RaceCtx, parseGorace, acquire, release, type RaceFn } from '../runtime/race.ts';

/** What a compiled C function is: a generator function over the thread's library handle. */
export type CFunction = (c: LibC, ...args: any[]) => Generator<Instr, any, any>;

/** The generated module: main, the static-data initialiser, and every function. */
export interface CModule { main: CFunction | null; init: CFunction; fns: CFunction[]; data: string[] }

/** Lays out the library data a program refers to (stdio's streams) before main. */
export type InitLibData = (c: LibC, names: readonly string[]) => Generator<Instr, void, any>;

const SCRATCH_SIZE = 4096;
const TCB_SIGMASK = 8;

// --- the call driver ----------------------------------------------------------------------------

/** The CALL pseudo-instruction: never reaches the machine; drive() pushes its generator. */
interface CallRecord { op: 'call'; gen: Generator<Instr, any, any> | null }
const CALL: CallRecord = { op: 'call', gen: null };

/** A C-level exit of a thread (pthread_exit) or a fault raised by the runtime (division by zero). */
export class ThreadExit { constructor(readonly value: number) {} }
export class CSignal { constructor(readonly signo: number) {} }

/** Run a compiled function to completion, executing its calls on an explicit stack of frames. */
export function* drive(first: Generator<Instr, any, any>): Generator<Instr, any, any> {
  const stack: Generator<Instr, any, any>[] = [first];
  let v: unknown;
  for (;;) {
    const top = stack[stack.length - 1]!;
    let r: IteratorResult<Instr, any>;
    try { r = top.next(v); } catch (e) {
      if (e instanceof CSignal) { yield* raiseFault(e.signo); continue; }
      throw e;
    }
    if (r.done === true) {
      stack.pop();
      if (stack.length === 0) return r.value;
      v = r.value;
      continue;
    }
    const ins = r.value as Instr | CallRecord;
    if (ins === CALL) { stack.push(CALL.gen!); CALL.gen = null; v = undefined; continue; }
    v = yield ins as Instr;
  }
}

/** A hardware exception the machine has no instruction for (#DE): the kernel's signal, sent as tgkill. */
function* raiseFault(signo: number): Generator<Instr, never, any> {
  const pid = yield* trap(SYS.getpid); const tid = yield* trap(SYS.gettid);
  yield* trap(SYS.tgkill, pid, tid, signo);
  for (;;) yield* trap(SYS.exit_group, 128 + signo);
}

// --- values ---------------------------------------------------------------------------------

const MAX_SAFE = 9007199254740991;
const f64 = new Float64Array(1); const f64b = new Uint8Array(f64.buffer);
const f32 = new Float32Array(1); const f32b = new Uint8Array(f32.buffer);
const B1 = new Uint8Array(1); const B2 = new Uint8Array(2); const B4 = new Uint8Array(4); const B8 = new Uint8Array(8);
const dv8 = new DataView(B8.buffer);
const ZEROS = new Uint8Array(1 << 16);

function canon(b: bigint): number | bigint { return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b; }
const big = (x: number | bigint): bigint => (typeof x === 'bigint' ? x : BigInt(x));
function wrap64(b: bigint, u: number): number | bigint { return canon(u ? BigInt.asUintN(64, b) : BigInt.asIntN(64, b)); }

/** The runtime object the generated code calls `R`. */
export const R = {
  /** The base of the program's static data (set at _start). */
  D: 0,

  // instructions
  cp: compute,
  ld: loadInstr,
  st: storeInstr,
  tch: touchInstr,
  sp: setspInstr,
  at: (kind: AtomicKind, addr: number, a: number, b: number): Instr => atomicInstr(kind, addr, a, b),
  call(gen: Generator<Instr, any, any>): Instr { CALL.gen = gen; return CALL as unknown as Instr; },

  // -fsanitize=thread: the calls TSan's instrumentation makes (__tsan_func_entry/exit, __tsan_readN/writeN, atomics)
  *rfe(c: LibC, fn: RaceFn): Generator<Instr, void, any> {
    const th = c.race!;
    if (th.ctx.pending !== '') yield* raceFlush(c);
    th.ctx.funcenter(th, fn);
  },
  rfx(c: LibC): void { c.race!.ctx.funcexit(c.race!); },
  rld(c: LibC, addr: number, n: number): Instr { const th = c.race!; th.ctx.access(th, addr, n, false); return loadInstr(addr, n); },
  rst(c: LibC, addr: number, b: Uint8Array): Instr { const th = c.race!; th.ctx.access(th, addr, b.length, true); return storeInstr(addr, b); },
  rat(c: LibC, kind: AtomicKind, addr: number, a: number, b: number): Instr {
    const th = c.race!;
    const clock = th.ctx.syncAt(addr);
    // C11 atomics (seq_cst): loads acquire, stores release, read-modify-writes both
    if (kind !== 'store') acquire(th, clock);
    th.ctx.access(th, addr, 4, kind !== 'load', true);
    if (kind !== 'load') release(th, clock);
    return atomicInstr(kind, addr, a, b);
  },

  // decoding loads (little-endian)
  du8: (b: Uint8Array): number => b[0]!,
  di8: (b: Uint8Array): number => (b[0]! << 24) >> 24,
  du16: (b: Uint8Array): number => b[0]! | (b[1]! << 8),
  di16: (b: Uint8Array): number => ((b[0]! | (b[1]! << 8)) << 16) >> 16,
  di32: (b: Uint8Array): number => b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24),
  du32: (b: Uint8Array): number => (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0,
  di64(b: Uint8Array): number | bigint {
    const lo = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
    const hi = b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24);
    if (hi >= -0x200000 && hi < 0x200000) return hi * 4294967296 + lo;
    return (BigInt(hi) << 32n) | BigInt(lo);
  },
  du64(b: Uint8Array): number | bigint {
    const lo = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
    const hi = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
    if (hi < 0x200000) return hi * 4294967296 + lo;
    return (BigInt(hi) << 32n) | BigInt(lo);
  },
  /** Cut n bytes from the thread's stack, 16-byte aligned as the ABI keeps %rsp: the new stack pointer (a VLA's address). */
  alloca(c: LibC, n: number | bigint): number { c.sp = Math.floor((c.sp - Number(n)) / 16) * 16; return c.sp; },
  /** A bit-field's value: `width` bits at `pos` of a storage unit's value, sign-extended if `signed`. */
  bfx(u: number | bigint, pos: number, width: number, signed: boolean): number | bigint {
    if (typeof u === 'number' && u >= 0 && u < 4294967296 && pos + width <= 32) {
      const x = u >>> pos;
      if (width === 32) return signed ? x | 0 : x >>> 0;
      return signed ? (x << (32 - width)) >> (32 - width) : x & ((1 << width) - 1);
    }
    const x = (big(u) >> BigInt(pos)) & ((1n << BigInt(width)) - 1n);
    return canon(signed ? BigInt.asIntN(width, x) : x);
  },
  /** A storage unit's value with `v`'s low `width` bits put at `pos`. */
  bfi(u: number | bigint, pos: number, width: number, v: number | bigint): number | bigint {
    if (typeof u === 'number' && typeof v === 'number' && u >= 0 && u < 4294967296 && pos + width <= 32) {
      const m = (width === 32 ? 0xffffffff : ((1 << width) - 1) << pos) >>> 0;
      return ((u & ~m) | ((v << pos) & m)) >>> 0;
    }
    const m = ((1n << BigInt(width)) - 1n) << BigInt(pos);
    return canon((big(u) & ~m) | ((BigInt.asUintN(64, big(v)) << BigInt(pos)) & m));
  },
  /** A pointer: the address as a number (user addresses are below 2^47). */
  dptr(b: Uint8Array): number {
    const lo = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
    const hi = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
    return hi * 4294967296 + lo;
  },
  df32(b: Uint8Array): number { f32b.set(b.subarray(0, 4)); return f32[0]!; },
  df64(b: Uint8Array): number { f64b.set(b.subarray(0, 8)); return f64[0]!; },

  // encoding stores: shared buffers, consumed by the machine before the program resumes
  e8(v: number): Uint8Array { B1[0] = v; return B1; },
  e16(v: number): Uint8Array { B2[0] = v; B2[1] = v >> 8; return B2; },
  e32(v: number): Uint8Array { B4[0] = v; B4[1] = v >> 8; B4[2] = v >> 16; B4[3] = v >> 24; return B4; },
  e64(v: number | bigint): Uint8Array {
    if (typeof v === 'number' && v >= 0 && v <= MAX_SAFE) {
      const lo = v >>> 0; const hi = Math.floor(v / 4294967296);
      B8[0] = lo; B8[1] = lo >> 8; B8[2] = lo >> 16; B8[3] = lo >> 24;
      B8[4] = hi; B8[5] = hi >> 8; B8[6] = hi >> 16; B8[7] = hi >> 24;
      return B8;
    }
    dv8.setBigUint64(0, BigInt.asUintN(64, big(v)), true);
    return B8;
  },
  ef32(v: number): Uint8Array { f32[0] = v; B4.set(f32b); return B4; },
  ef64(v: number): Uint8Array { f64[0] = v; B8.set(f64b); return B8; },
  bytes(a: number[]): Uint8Array { return Uint8Array.from(a); },
  zeros(n: number): Uint8Array { return n <= ZEROS.length ? ZEROS.subarray(0, n) : new Uint8Array(n); },

  // conversions
  lo32(x: number | bigint): number { return typeof x === 'number' ? x | 0 : Number(BigInt.asIntN(32, x)); },
  u64(x: number | bigint): number | bigint { return typeof x === 'number' && x >= 0 ? x : canon(BigInt.asUintN(64, big(x))); },
  i64(x: number | bigint): number | bigint { return typeof x === 'number' && x <= MAX_SAFE ? x : canon(BigInt.asIntN(64, big(x))); },
  toPtr(x: number | bigint): number { return typeof x === 'number' && x >= 0 ? x : Number(BigInt.asUintN(64, big(x))); },
  /** float → integer, truncating; out of range gives x86's "integer indefinite" (the sign bit alone). */
  f2i(x: number, size: number, u: number): number | bigint {
    const t = Math.trunc(x);
    if (!Number.isFinite(t)) return size === 8 ? (u ? canon(1n << 63n) : canon(-(1n << 63n))) : size === 4 ? (u ? 0 : -2147483648) : 0;
    if (size === 8) return wrap64(BigInt(t), u);
    if (size === 4) return u ? (t >= 0 && t <= 0xffffffff ? t : Number(BigInt.asUintN(32, BigInt(t)))) : (t >= -2147483648 && t <= 2147483647 ? t : -2147483648);
    const v = t | 0;
    return size === 2 ? (u ? v & 0xffff : (v << 16) >> 16) : (u ? v & 0xff : (v << 24) >> 24);
  },
  padd(p: number, off: number | bigint): number { return typeof off === 'number' ? p + off : p + Number(BigInt.asIntN(64, off)); },

  // 32-bit division: #DE on zero (and INT_MIN / -1) is SIGFPE
  div32(a: number, b: number): number { if (b === 0 || (a === -2147483648 && b === -1)) throw new CSignal(SIGFPE); return (a / b) | 0; },
  rem32(a: number, b: number): number { if (b === 0 || (a === -2147483648 && b === -1)) throw new CSignal(SIGFPE); return (a % b) | 0; },
  udiv32(a: number, b: number): number { if (b === 0) throw new CSignal(SIGFPE); return Math.floor(a / b) >>> 0; },
  urem32(a: number, b: number): number { if (b === 0) throw new CSignal(SIGFPE); return (a % b) >>> 0; },

  // 64-bit arithmetic: numbers while safe, BigInt beyond; u = 1 for unsigned
  add64(a: number | bigint, b: number | bigint, u: number): number | bigint {
    if (typeof a === 'number' && typeof b === 'number') { const r = a + b; if (r >= (u ? 0 : -MAX_SAFE) && r <= MAX_SAFE) return r; }
    return wrap64(big(a) + big(b), u);
  },
  sub64(a: number | bigint, b: number | bigint, u: number): number | bigint {
    if (typeof a === 'number' && typeof b === 'number') { const r = a - b; if (r >= (u ? 0 : -MAX_SAFE) && r <= MAX_SAFE) return r; }
    return wrap64(big(a) - big(b), u);
  },
  mul64(a: number | bigint, b: number | bigint, u: number): number | bigint {
    if (typeof a === 'number' && typeof b === 'number') { const r = a * b; if (r >= (u ? 0 : -MAX_SAFE) && r <= MAX_SAFE) return r; }
    return wrap64(big(a) * big(b), u);
  },
  div64(a: number | bigint, b: number | bigint, u: number): number | bigint {
    if (b === 0) throw new CSignal(SIGFPE);
    if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) + 0;
    return wrap64(big(a) / big(b), u);
  },
  rem64(a: number | bigint, b: number | bigint, u: number): number | bigint {
    if (b === 0) throw new CSignal(SIGFPE);
    if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
    return wrap64(big(a) % big(b), u);
  },
  shl64(a: number | bigint, b: number | bigint, u: number): number | bigint { return wrap64(big(a) << (big(b) & 63n), u); },
  shr64(a: number | bigint, b: number | bigint, u: number): number | bigint { return wrap64(big(a) >> (big(b) & 63n), u); },
  and64(a: number | bigint, b: number | bigint, u: number): number | bigint {
    if (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 && a <= 0x7fffffff && b <= 0x7fffffff) return a & b;
    return wrap64(big(a) & big(b), u);
  },
  or64(a: number | bigint, b: number | bigint, u: number): number | bigint {
    if (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 && a <= 0x7fffffff && b <= 0x7fffffff) return a | b;
    return wrap64(big(a) | big(b), u);
  },
  xor64(a: number | bigint, b: number | bigint, u: number): number | bigint {
    if (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 && a <= 0x7fffffff && b <= 0x7fffffff) return a ^ b;
    return wrap64(big(a) ^ big(b), u);
  },
  neg64(a: number | bigint, u: number): number | bigint { return typeof a === 'number' && !u ? -a + 0 : wrap64(-big(a), u); },
  not64(a: number | bigint, u: number): number | bigint { return wrap64(~big(a), u); },

  // memory blocks
  *copy(dst: number, src: number, n: number): Generator<Instr, void, any> {
    if (n === 0) return;
    const b = (yield loadInstr(src, n)) as Uint8Array;
    yield storeInstr(dst, b);
  },
  /** Spill a variadic call's extra arguments into the callee's frame, 8 bytes each (what va_arg reads). */
  *spillVa(at: number, kinds: string | readonly (string | number)[], vals: (number | bigint)[]): Generator<Instr, void, any> {
    if (vals.length === 0) return;
    if (typeof kinds !== 'string') { yield* spillVaStructs(at, kinds, vals); return; }
    const b = new Uint8Array(8 * vals.length); const dv = new DataView(b.buffer);
    vals.forEach((v, i) => {
      if (kinds[i] === 'd') dv.setFloat64(8 * i, Number(v), true);
      else dv.setBigUint64(8 * i, BigInt.asUintN(64, big(v)), true);
    });
    yield storeInstr(at, b);
  },

  // atomics beyond the machine's add/xchg/cas: a CAS loop, as lock-free code does
  *atomicRmw(p: number, op: string, v: number): Generator<Instr, number, any> {
    for (;;) {
      const old = (yield atomicInstr('load', p)) as number;
      const nv = op === 'and' ? old & v : op === 'or' ? old | v : old ^ v;
      if (((yield atomicInstr('cas', p, old, nv)) as number) === old) return old;
    }
  },
  /**
   * An atomic operation on a 1-, 2- or 8-byte object (`u`: unsigned or a pointer). The machine's
   * atomic instructions are 32-bit, so these run under one of 64 spinlocks picked by the address,
   * as GCC's libatomic does for the sizes a target's instructions do not cover: every atomic on the
   * object is one critical section, and its store is one 8-byte store (a plain load never sees half).
   * `fetchNew`: return the new value (__atomic_add_fetch) instead of the old. For cas, `v` is the
   * desired value and `expectedPtr` where the expected one is (and where the old one goes on failure).
   */
  *atomicLocked(c: LibC, op: string, p: number, size: 1 | 2 | 8, u: number, v: number | bigint, expectedPtr: number, fetchNew: number): Generator<Instr, number | bigint, any> {
    const lock = atomicLock(c, p);
    while (((yield atomicInstr('cas', lock, 0, 1)) as number) !== 0) yield compute(ATOMIC_SPIN_PAUSE);
    const bits = BigInt(size * 8);
    const wrap = (x: bigint): number | bigint => canon(u ? BigInt.asUintN(Number(bits), x) : BigInt.asIntN(Number(bits), x));
    const dec = (b: Uint8Array): bigint => { let x = 0n; for (let i = size - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!); return x; };
    const enc = (x: number | bigint): Uint8Array => { const b = new Uint8Array(size); let y = BigInt.asUintN(Number(bits), big(x)); for (let i = 0; i < size; i++) { b[i] = Number(y & 255n); y >>= 8n; } return b; };
    const old = wrap(dec((yield loadInstr(p, size)) as Uint8Array));
    const o = big(old); const x = big(v);
    let nv: number | bigint | null = null;
    let ret: number | bigint = old;
    switch (op) {
      case 'load': break;
      case 'store': nv = wrap(x); ret = 0; break;
      case 'xchg': nv = wrap(x); break;
      case 'add': nv = wrap(o + x); break;
      case 'sub': nv = wrap(o - x); break;
      case 'and': nv = wrap(o & x); break;
      case 'or': nv = wrap(o | x); break;
      case 'xor': nv = wrap(o ^ x); break;
      case 'cas': {
        const want = wrap(dec((yield loadInstr(expectedPtr, size)) as Uint8Array));
        if (big(want) === o) { nv = wrap(x); ret = 1; } else { yield storeInstr(expectedPtr, enc(old)); ret = 0; }
        break;
      }
      default: throw new Error(`assertion: atomic operation ${op}`);
    }
    if (nv !== null) yield storeInstr(p, enc(nv));
    yield atomicInstr('store', lock, 0);
    return fetchNew && nv !== null ? nv : ret;
  },
  /** atomic_compare_exchange_strong(obj, expected, desired) on 4 bytes. */
  *cas(p: number, expectedPtr: number, desired: number): Generator<Instr, number, any> {
    const want = (yield atomicInstr('load', expectedPtr)) as number;
    const old = (yield atomicInstr('cas', p, want, desired)) as number;
    if (old === want) return 1;
    yield atomicInstr('store', expectedPtr, old);
    return 0;
  },

  // functions as addresses
  fnAddr(c: LibC, f: CFunction): number { return c.proc.fnToAddr(f); },
  fnAt(c: LibC, addr: number): CFunction {
    const f = c.proc.addrToFn<CFunction>(addr);
    return f ?? badCall(addr);
  },
  libAddr(c: LibC, name: string): number { return c.proc.fnToAddr(libFunction(name)); },
  libData(c: LibC, name: string): number { return libDataAddr(c, name); },
};

/** A call through a pointer that is not a function: the jump faults (SIGSEGV at the target). */
function badCall(addr: number): CFunction {
  return function* () { yield touchInstr(addr === 0 ? 0 : 0, 1, false); yield touchInstr(0, 1, false); return 0; };
}

// --- the library, as the generated code sees it ---------------------------------------------------

/** The C library's functions by name, each `*(c, ...args)`; installed by cabi.ts. */
export const L: Record<string, (c: LibC, ...args: any[]) => Generator<Instr, any, any>> = {};
/** Data the library exports (stdout, stderr, stdin, environ ...): an address in the process's memory. */
export const LDATA: Record<string, (c: LibC) => number> = {};

const libFns = new Map<string, CFunction>();
function libFunction(name: string): CFunction {
  let f = libFns.get(name);
  if (f === undefined) {
    const impl = L[name]!;
    f = function* (c: LibC, ...args: any[]) { return yield* impl(c, ...args); };
    libFns.set(name, f);
  }
  return f;
}
function libDataAddr(c: LibC, name: string): number {
  const f = LDATA[name];
  if (f === undefined) throw new Error(`undefined reference to '${name}'`);
  return f(c);
}

// --- per-process runtime state ------------------------------------------------------------------

/** What the runtime keeps per process: atexit handlers and stdio's buffers (see cabi.ts). */
export interface CrtState {
  atexit: number[];
  stdout: string;
  files: Map<number, { fd: number; buf: string; mode: 'line' | 'full' | 'none'; eof: boolean; err: boolean; rbuf: string }>;
  data: Map<string, number>;
}
const states = new WeakMap<CProcess, CrtState>();
export function crtState(c: LibC): CrtState {
  let s = states.get(c.proc);
  if (s === undefined) { s = { atexit: [], stdout: '', files: new Map(), data: new Map() }; states.set(c.proc, s); }
  return s;
}

/** How many 8-byte slots a variadic function's frame keeps for its variable arguments (see codegen.ts). */
export const VA_SLOTS = 64;

/** Spill variable arguments among which are structs (a number in `kinds`: the size; the value is its address): their bytes, in 8-byte slots. */
function* spillVaStructs(at: number, kinds: readonly (string | number)[], vals: (number | bigint)[]): Generator<Instr, void, any> {
  let slots = 0;
  for (const k of kinds) slots += typeof k === 'number' ? Math.ceil(k / 8) : 1;
  if (slots > VA_SLOTS) throw new Error(`variable arguments of ${slots * 8} bytes: this compiler's variadic frames hold ${VA_SLOTS * 8}`);
  const b = new Uint8Array(8 * slots); const dv = new DataView(b.buffer);
  let off = 0;
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i]!; const v = vals[i]!;
    if (typeof k === 'number') { b.set((yield loadInstr(Number(v), k)) as Uint8Array, off); off += Math.ceil(k / 8) * 8; continue; }
    if (k === 'd') dv.setFloat64(off, Number(v), true); else dv.setBigUint64(off, BigInt.asUintN(64, big(v)), true);
    off += 8;
  }
  yield storeInstr(at, b);
}

/** Cycles a thread waits between tries of a held atomic lock (the PAUSE instruction: ~40 cycles on Skylake). */
const ATOMIC_SPIN_PAUSE = 40;

/** The lock of an object's address among the process's 64 (libatomic hashes addresses the same way, by cache line). */
function atomicLock(c: LibC, p: number): number {
  const st = crtState(c);
  let base = st.data.get('atomic-locks');
  if (base === undefined) { base = c.proc.staticAlloc(64 * 4, 64); st.data.set('atomic-locks', base); }
  return base + 4 * (Math.floor(p / 64) % 64);
}

// --- the executable ---------------------------------------------------------------------------

/** Make an executable from a compiled C module (what the linker's output is). */
export function cSourceProgram(name: string, mod: CModule, dataSize: number, initData: InitLibData, race = false, rebuild?: () => Executable): Executable {
  return {
    name,
    withRace: rebuild,
    load(): ProgramImage {
      const proc = new CProcess(function* () { return 0; });
      return {
        start(info: ExecInfo): Program {
          proc.info = info;
          const scratch = info.stackTop - 4 * SCRATCH_SIZE;
          const c = new LibC(proc, 0, scratch, 0, scratch - 64);
          c.errnoAddr = scratch - 16;
          if (race) {
            // TSAN_OPTIONS="halt_on_error=1" as the race runtime reads it at start
            proc.race = new RaceCtx({ flavor: 'c', pid: info.pid, ...parseGorace(info.env.TSAN_OPTIONS) });
            c.race = proc.race.newThread(info.pid, null);
          }
          proc.threadsByTls.set(0, c);
          return start(c, mod, dataSize, initData);
        },
        threadStart(sp: number): Program {
          const start = proc.pendingStarts.get(sp);
          if (start === undefined) return badStart(sp);
          proc.pendingStarts.delete(sp);
          const c = new LibC(proc, start.th.tcb, sp + 64, start.th.id, sp);
          c.errnoAddr = sp + 48;
          c.race = start.th.race;
          proc.threadsByTls.set(start.th.tcb, c);
          return runThread(c, start.fn, start.arg, start.th);
        },
        signalEntry(signo: number, handler: number, uctx: number, fsbase: number): Program {
          const c = proc.threadsByTls.get(fsbase) ?? proc.threadsByTls.get(0)!;
          return runHandler(c, proc.addrToFn<CFunction>(handler), signo, uctx);
        },
      };
    },
  };
}

/** _start: static data, argv on the stack, main, exit(main's value). */
function* start(c: LibC, mod: CModule, dataSize: number, initData: InitLibData): Generator<Instr, void, any> {
  R.D = dataSize > 0 ? c.proc.staticAlloc(dataSize, 16) : c.proc.info.dataStart;
  yield* drive(mod.init(c));
  yield* initData(c, mod.data);
  const argv = c.proc.info.argv;
  // argv strings and the pointer array, on the stack below main's frame (as the kernel lays them out).
  const enc = new TextEncoder();
  const strs = argv.map((a) => enc.encode(a + '\0'));
  let sp = c.sp - strs.reduce((n, s) => n + s.length, 0);
  sp = Math.floor(sp / 16) * 16;
  const addrs: number[] = [];
  let at = sp;
  for (const s of strs) { yield storeInstr(at, s); addrs.push(at); at += s.length; }
  sp -= 8 * (argv.length + 2);
  sp = Math.floor(sp / 16) * 16;
  const vec = new Uint8Array(8 * (argv.length + 2)); const dv = new DataView(vec.buffer);
  addrs.forEach((a, i) => dv.setBigUint64(8 * i, BigInt(a), true));
  yield storeInstr(sp, vec);
  c.sp = sp - 16;
  if (mod.main === null) throw new Error('undefined reference to `main\'');
  const status = yield* drive(mod.main(c, argv.length, sp, sp + 8 * (argv.length + 1)));
  yield* drive(L.exit!(c, typeof status === 'number' ? status : 0));
}

function* runThread(c: LibC, fn: ThreadFn, arg: number, th: { tcb: number; result: number; raceExit: number[] }): Generator<Instr, void, any> {
  yield* trap(SYS.rt_sigprocmask, SIG_SETMASK, th.tcb + TCB_SIGMASK, 0, 8);
  // TSan's ThreadStart learns the thread's kernel tid (clone's CLONE_PARENT_SETTID put it at tcb) for its reports
  if (c.race !== null) { const b: Uint8Array = yield* load(th.tcb, 4); c.race.id = b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24); }
  let r: unknown;
  try { r = yield* drive(fn(c, arg) as Generator<Instr, any, any>); } catch (e) {
    if (!(e instanceof ThreadExit)) throw e;
    r = e.value;
  }
  th.result = typeof r === 'number' ? r : 0;
  // the thread's end happens before pthread_join returns
  if (c.race !== null) { release(c.race, th.raceExit); c.race.finished = true; }
  c.proc.threadsByTls.delete(th.tcb);
  for (;;) yield* trap(SYS.exit, 0);
}

function* runHandler(c: LibC, fn: CFunction | undefined, signo: number, uctx: number): Generator<Instr, void, any> {
  // The kernel pushed the signal frame below the interrupted stack pointer: the handler's frames go below it.
  const saved = c.sp;
  c.sp -= 1024;
  if (fn !== undefined) yield* drive(fn(c, signo, 0, uctx));
  c.sp = saved;
  for (;;) yield* trap(SYS.rt_sigreturn);
}

function* badStart(sp: number): Generator<Instr, void, unknown> {
  throw new Error(`thread started with an unknown stack 0x${sp.toString(16)}`);
}

export type { CGen };

/** Write out the race reports found since the last time (TSan prints each as it finds it); halt_on_error exits 66. */
export function* raceFlush(c: LibC): Generator<Instr, void, any> {
  const ctx = c.proc.race!;
  const text = ctx.pending;
  ctx.pending = '';
  for (; ctx.flushed < ctx.reports.length; ctx.flushed++) {
    const r = ctx.reports[ctx.flushed]!;
    yield usdtInstr(GO_EVENTS.race, r.cur.threadId, r.prev.threadId, `${ctx.where(r.cur.stack)} ${ctx.where(r.prev.stack)}`);
  }
  if (text !== '') yield* c.fprintf(2, '%s', text);
  if (ctx.halted) for (;;) yield* trap(SYS.exit_group, 66);
}
