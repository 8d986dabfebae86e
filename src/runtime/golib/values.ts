// The values of compiled Go programs (user mode, beside the runtime): type
// descriptors, interface boxes, slices, maps, strings as byte strings, pointers
// into fields and elements, integer arithmetic with Go's wrap-around, and the
// run-time errors Go panics with ("index out of range [5] with length 3",
// "assignment to entry in nil map", "integer divide by zero", nil dereference).

import { GoPanic, GoFatal } from '../runtime2.ts';
import { compute } from '../../machine/instr.ts';
import { RT_COSTS } from '../costs.ts';
import { callers } from './traceback.ts';
import { getg } from '../proc.ts';
import { cheaprandn } from '../rand.ts';
import { GC_MARKING, gcState, shade, _GCmark } from '../mgc.ts';
import type { Runtime } from '../proc.ts';

/**
 * The library's write barrier (heap.ts's wb, for the stores made here): while the process
 * marks, the references overwritten or removed are greyed; the stored ones too.
 */
function wbv(...vs: unknown[]): void {
  const rt = getg().rt as Runtime;
  if (gcState(rt).phase !== _GCmark) return;
  for (const v of vs) greyVal(rt, v);
}
function greyVal(rt: Runtime, v: unknown): void {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return;
  const a = (v as { $a?: number }).$a;
  if (a !== undefined) shade(rt, a);
  else if (v instanceof Slice) greyVal(rt, v.a);
  else if (v instanceof Iface) greyVal(rt, v.v);
  else if (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype) for (const k in v) greyVal(rt, (v as Record<string, unknown>)[k]);
}

// --- type descriptors and interfaces ----------------------------------------------------------

/** A type at run time (Go's runtime._type, trimmed): kind, the %T string, parts, methods. */
export interface TypeDesc {
  kind: string; str: string; name: string | null;
  elem?: TypeDesc; key?: TypeDesc; len?: number; dir?: string;
  fields?: { name: string; type: TypeDesc; embedded: boolean; exported: boolean }[];
  methods?: Record<string, (recv: unknown, ...a: unknown[]) => Generator<any, unknown, any>>;
}

export function newType(kind: string, str: string, name: string | null): TypeDesc { return { kind, str, name }; }

/** An interface value: a dynamic type and a value (a nil interface is null). */
export class Iface {
  constructor(readonly t: TypeDesc, readonly v: unknown) {}
  /** printpanicval: the panic value as Go prints it (errors by their Error method). */
  Error(): string { return panicString(this); }
  toString(): string { return panicString(this); }
}

let panicFormatter: (v: Iface) => string = (v) => String(v.v);
export function setPanicFormatter(f: (v: Iface) => string): void { panicFormatter = f; }
function panicString(v: Iface): string { return panicFormatter(v); }

export function box(t: TypeDesc, v: unknown): Iface { return new Iface(t, v); }

export function sameType(a: TypeDesc, b: TypeDesc): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.str !== b.str) return false;
  return true;
}

/** x.(T) for a concrete T: the dynamic type is T. For an interface T: it has T's methods. */
export function typeIs(x: Iface | null, t: TypeDesc): boolean {
  if (x === null) return false;
  if (t.kind === 'interface') return implementsDesc(x.t, t);
  return sameType(x.t, t);
}

function implementsDesc(t: TypeDesc, iface: TypeDesc): boolean {
  const want = (iface as TypeDesc & { imethods?: string[] }).imethods ?? [];
  return want.every((m) => t.methods !== undefined && m in t.methods);
}

// --- run-time errors ---------------------------------------------------------------------------

export const runtimeErrorType: TypeDesc = { kind: 'struct', str: 'runtime.boundsError', name: 'boundsError' };
/** A runtime.Error value: prints as "runtime error: ..." (or as it is, for plain errors such as send on closed channel). */
export class RuntimeErr {
  /** signal: the line Go prints under the panic when a fault caused it. */
  constructor(readonly msg: string, readonly plain = false, readonly signal = '') {}
  Error(): string { return this.plain ? this.msg : `runtime error: ${this.msg}`; }
}
runtimeErrorType.methods = { *Error(r: unknown) { return (r as RuntimeErr).Error(); } };

/** panic(v) from compiled code: the panic carries the goroutine's Go frames for the traceback. */
export function throwPanic(v: unknown): never {
  const p = new GoPanic(v);
  const tb = callers();
  if (tb !== '') p.traceback = tb;
  throw p;
}

export function rtpanic(msg: string): never { throwPanic(new Iface(runtimeErrorType, new RuntimeErr(msg))); }

/**
 * A nil dereference. In Go the load faults (SIGSEGV at a small address) and the
 * signal handler turns the fault into this panic (sigpanic); here the check is made
 * before the access, and the panic prints the same two lines.
 */
export function nilchk<T>(p: T | null): T {
  if (p === null || p === undefined) throwPanic(new Iface(runtimeErrorType, new RuntimeErr('invalid memory address or nil pointer dereference', false, '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]')));
  return p as T;
}

// --- integers ------------------------------------------------------------------------------------
//
// A 64-bit integer (int, int64, uint, uint64, uintptr) has one canonical form: a JavaScript
// number when it is a safe integer (|x| ≤ 2^53−1), a bigint otherwise. Because the form is
// unique, === and Map keys compare values, and < and <= already order a number against a
// bigint. Each operation below takes the number path when both operands are numbers and
// the exact result is a safe integer (the common case, no allocation), and otherwise
// computes in bigint, wraps to 64 bits as Go does (two's complement) and normalises.
// An unsigned value is never negative. Types of 32 bits and fewer stay numbers, wrapped
// by the code generator with shifts and masks.

/** A value of a 64-bit integer type. */
export type I64 = number | bigint;

const MAXS = Number.MAX_SAFE_INTEGER;
const MAXSB = BigInt(MAXS);
const big = (x: I64): bigint => (typeof x === 'bigint' ? x : BigInt(x));
/** A bigint within 64 bits in canonical form. */
export function norm64(r: bigint): I64 { return norm(r); }
function norm(r: bigint): I64 { return r >= -MAXSB && r <= MAXSB ? Number(r) : r; }
function wrapS(r: bigint): I64 { return norm(BigInt.asIntN(64, r)); }
function wrapU(r: bigint): I64 { return norm(BigInt.asUintN(64, r)); }

/** The int64 of an integer value of any integer type (the conversion int64(x)). */
export function i64(x: I64): I64 {
  if (typeof x === 'number') return x;
  return wrapS(x);
}
/** The uint64 of an integer value of any integer type (the conversion uint64(x)). */
export function u64(x: I64): I64 {
  if (typeof x === 'number') return x >= 0 ? x : wrapU(BigInt(x));
  return wrapU(x);
}
/** The low 32 bits of a 64-bit value as a number, for a conversion to a narrower type (which wraps it further). */
export function lo32(x: I64): number { return typeof x === 'number' ? x : Number(BigInt.asIntN(32, x)); }
/** float64(x) of a 64-bit integer: the nearest float64, ties to even, as Number(bigint) rounds. */
export function tof(x: I64): number { return typeof x === 'number' ? x : Number(x); }

/**
 * int64(f) / uint64(f) of a float64: truncated toward zero. Out of range the result is
 * implementation-specific in Go; gomachine gives amd64's (CVTTSD2SQ yields 0x8000000000000000;
 * uint64 of f ≥ 2^63 converts f − 2^63 and sets the top bit).
 */
export function f2i64(f: number): I64 {
  const t = Math.trunc(f);
  if (t >= -MAXS && t <= MAXS) return t + 0;
  if (t >= -9223372036854775808 && t < 9223372036854775808) return BigInt(t);
  return -(2n ** 63n);
}
export function f2u64(f: number): I64 {
  if (f < 9223372036854775808) return u64(f2i64(f));
  return u64(big(f2i64(f - 9223372036854775808)) ^ -(2n ** 63n));
}

export function add64(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') { const r = a + b; if (r >= -MAXS && r <= MAXS) return r; }
  return wrapS(big(a) + big(b));
}
export function addu64(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') { const r = a + b; if (r <= MAXS) return r; }
  return wrapU(big(a) + big(b));
}
export function sub64(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') { const r = a - b; if (r >= -MAXS && r <= MAXS) return r; }
  return wrapS(big(a) - big(b));
}
export function subu64(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') { const r = a - b; if (r >= 0 && r <= MAXS) return r; }
  return wrapU(big(a) - big(b));
}
export function mul64(a: I64, b: I64): I64 {
  // a rounded product within the safe range is the exact one (a larger exact product rounds to ≥ 2^53)
  if (typeof a === 'number' && typeof b === 'number') { const r = a * b; if (r >= -MAXS && r <= MAXS) return r + 0; }
  return wrapS(big(a) * big(b));
}
export function mulu64(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') { const r = a * b; if (r <= MAXS) return r; }
  return wrapU(big(a) * big(b));
}
/** x / y truncated (both operands of one 64-bit type); MinInt64 / −1 wraps to MinInt64 as on amd64's Go. */
export function div64(a: I64, b: I64, uns: boolean): I64 {
  if (b === 0) rtpanic('integer divide by zero');
  // |a|, |b| < 2^53: the rounded quotient truncates to the exact one
  if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) + 0;
  const r = big(a) / big(b);
  return uns ? wrapU(r) : wrapS(r);
}
export function mod64(a: I64, b: I64): I64 {
  if (b === 0) rtpanic('integer divide by zero');
  if (typeof a === 'number' && typeof b === 'number') return a % b + 0;
  return norm(big(a) % big(b));
}
/** & | ^ &^ of two 64-bit values. */
export function bit64(op: string, a: I64, b: I64, uns: boolean): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    // both in int32 (signed) or both in uint32 (unsigned): the 32-bit operation is the 64-bit one
    if (!uns && a >= -2147483648 && a <= 2147483647 && b >= -2147483648 && b <= 2147483647) {
      switch (op) { case '&': return a & b; case '|': return a | b; case '^': return a ^ b; default: return a & ~b; }
    }
    if (uns && a <= 4294967295 && b <= 4294967295) {
      switch (op) { case '&': return (a & b) >>> 0; case '|': return (a | b) >>> 0; case '^': return (a ^ b) >>> 0; default: return (a & ~b) >>> 0; }
    }
  }
  const x = big(a), y = big(b);
  let r: bigint;
  switch (op) { case '&': r = x & y; break; case '|': r = x | y; break; case '^': r = x ^ y; break; default: r = x & ~y; }
  return uns ? wrapU(r) : wrapS(r);
}
/** x << n and x >> n of a 64-bit x (n of any integer type, checked not negative as Go does at run time). */
export function shl64(a: I64, n: I64, uns: boolean): I64 {
  if (n < 0) rtpanic('negative shift amount');
  if (n >= 64) return 0;
  const s = Number(n);
  if (typeof a === 'number') { const r = a * 2 ** s; if (r >= -MAXS && r <= MAXS) return r; }
  const r = big(a) << BigInt(s);
  return uns ? wrapU(r) : wrapS(r);
}
export function shr64(a: I64, n: I64): I64 {
  if (n < 0) rtpanic('negative shift amount');
  if (typeof a === 'number') return n >= 64 ? (a < 0 ? -1 : 0) : Math.floor(a / 2 ** Number(n));
  // a bigint of an unsigned type is positive, so the arithmetic shift is the logical one
  return n >= 64 ? (a < 0n ? -1 : 0) : norm(a >> BigInt(n));
}
/** x / y and x % y of types narrower than 64 bits (numbers; the caller wraps the quotient). */
export function idiv(a: number, b: number): number {
  if (b === 0) rtpanic('integer divide by zero');
  return Math.trunc(a / b);
}
export function imod(a: number, b: number): number {
  if (b === 0) rtpanic('integer divide by zero');
  return a % b;
}
/** x << n and x >> n of types narrower than 64 bits: n may be of a 64-bit type (a bigint is ≥ bits). */
export function shl(a: number, n: I64, bits: number, uns: boolean): number {
  if (n < 0) rtpanic('negative shift amount');
  if (n >= bits) return 0;
  const r = BigInt(a) << BigInt(n);
  return Number(uns ? BigInt.asUintN(bits, r) : BigInt.asIntN(bits, r));
}
export function shr(a: number, n: I64, bits: number, uns: boolean): number {
  if (n < 0) rtpanic('negative shift amount');
  if (n >= bits) return a < 0 && !uns ? -1 : 0;
  return Math.floor(a / 2 ** Number(n));
}

// --- slices ---------------------------------------------------------------------------------------

/** A slice: a window [off, off+len) of a backing array with room up to off+cap. nil is null. */
export class Slice<T = unknown> {
  constructor(public a: T[], public off: number, public len: number, public cap: number) {}
}

export function mkslice<T>(a: T[]): Slice<T> { return new Slice(a, 0, a.length, a.length); }
export function slen(s: Slice | null): number { return s === null ? 0 : s.len; }
export function scap(s: Slice | null): number { return s === null ? 0 : s.cap; }

/** Go's goPanicIndex: a negative index is printed without the length. */
function indexPanic(i: I64, n: number): never { rtpanic(i < 0 ? `index out of range [${i}]` : `index out of range [${i}] with length ${n}`); }
export function sidx(s: Slice | null, i: I64): number {
  const n = s === null ? 0 : s.len;
  if (i < 0 || i >= n) indexPanic(i, n);
  return s!.off + (i as number);
}
export function sget<T>(s: Slice<T> | null, i: number): T {
  if (s === null || i < 0 || i >= s.len) indexPanic(i, s === null ? 0 : s.len);
  return s.a[s.off + i]!;
}
export function aidx(i: number, n: number): number { if (i < 0 || i >= n) indexPanic(i, n); return i; }
export function aget<T>(a: T[], i: number): T { if (i < 0 || i >= a.length) indexPanic(i, a.length); return a[i]!; }

/** The largest make gomachine tries (Go's maxAlloc is 2^48 bytes on amd64; a JavaScript array holds < 2^32). */
const MAX_MAKE = 2 ** 32 - 1;
export function makeslice<T>(len: I64, cap: I64, zero: () => T): Slice<T> {
  if (len < 0 || len > MAX_MAKE) rtpanic('makeslice: len out of range');
  if (cap < len || cap > MAX_MAKE) rtpanic('makeslice: cap out of range');
  return makesliceN(len as number, cap as number, zero);
}
function makesliceN<T>(len: number, cap: number, zero: () => T): Slice<T> {
  const a = new Array<T>(cap);
  for (let i = 0; i < cap; i++) a[i] = zero();
  return new Slice(a, 0, len, cap);
}

/** Go's growslice: double below 256 elements, then grow by (n + 3·256)/4 until it fits. */
function grow(old: number, need: number): number {
  let c = old;
  const dbl = c + c;
  if (need > dbl) return need;
  if (old < 256) return dbl;
  while (c < need) c += (c + 3 * 256) >> 2;
  return c;
}

export function append<T>(s: Slice<T> | null, ...xs: T[]): Slice<T> { return appendArr(s, xs); }
export function appendSlice<T>(s: Slice<T> | null, t: Slice<T> | null): Slice<T> | null {
  if (t === null || t.len === 0) return s;
  return appendArr(s, t.a.slice(t.off, t.off + t.len));
}
function appendArr<T>(s: Slice<T> | null, xs: T[]): Slice<T> {
  const len = s === null ? 0 : s.len;
  const cap = s === null ? 0 : s.cap;
  const need = len + xs.length;
  if (s !== null && need <= cap) {
    if (GC_MARKING.n > 0) for (let i = 0; i < xs.length; i++) wbv(s.a[s.off + len + i], xs[i]);
    for (let i = 0; i < xs.length; i++) s.a[s.off + len + i] = xs[i]!;
    return new Slice(s.a, s.off, need, cap);
  }
  const nc = grow(cap, need);
  const a = new Array<T>(nc);
  for (let i = 0; i < len; i++) a[i] = s!.a[s!.off + i]!;
  for (let i = 0; i < xs.length; i++) a[len + i] = xs[i]!;
  const z = a.length > 0 && (typeof xs[0] === 'number' || typeof xs[0] === 'bigint') ? 0 : (xs[0] === undefined ? undefined : defaultFill(xs[0]));
  for (let i = need; i < nc; i++) a[i] = z as T;
  return new Slice(a, 0, need, nc);
}
function defaultFill(x: unknown): unknown { return typeof x === 'string' ? '' : typeof x === 'boolean' ? false : null; }

export function copy<T>(dst: Slice<T> | null, src: Slice<T> | null): number {
  if (dst === null || src === null) return 0;
  const n = Math.min(dst.len, src.len);
  if (GC_MARKING.n > 0) for (let i = 0; i < n; i++) wbv(dst.a[dst.off + i], src.a[src.off + i]);
  if (dst.a === src.a && dst.off > src.off) { for (let i = n - 1; i >= 0; i--) dst.a[dst.off + i] = src.a[src.off + i]!; }
  else for (let i = 0; i < n; i++) dst.a[dst.off + i] = src.a[src.off + i]!;
  return n;
}

/** The bounds of s[lo:hi:max] checked as Go's panicSlice* do (of a string or an array Go says "length"). */
function sliceBounds(lo: I64 | undefined, hi: I64 | undefined, max: I64 | undefined, len: number, cap: number, word = 'capacity'): [number, number, number] {
  const l = lo ?? 0; const h = hi ?? len; const m = max ?? cap;
  if (max !== undefined && (m < 0 || m > cap)) rtpanic(`slice bounds out of range [::${m}] with ${word} ${cap}`);
  if (h < 0 || h > m) rtpanic(hi !== undefined && max === undefined ? `slice bounds out of range [:${h}] with ${word} ${cap}` : `slice bounds out of range [:${h}:${m}]`);
  if (l < 0 || l > h) rtpanic(`slice bounds out of range [${l}:${h}]`);
  return [l as number, h as number, m as number];
}
export function sslice<T>(s: Slice<T> | null, lo?: I64, hi?: I64, max?: I64): Slice<T> | null {
  if (s === null) { sliceBounds(lo, hi, max, 0, 0); return null; }
  const [l, h, m] = sliceBounds(lo, hi, max, s.len, s.cap);
  return new Slice(s.a, s.off + l, h - l, m - l);
}
export function aslice<T>(a: T[], lo?: I64, hi?: I64, max?: I64): Slice<T> {
  const [l, h, m] = sliceBounds(lo, hi, max, a.length, a.length, 'length');
  return new Slice(a, l, h - l, m - l);
}
export function sclear<T>(s: Slice<T> | null, z: T): void { if (s !== null && GC_MARKING.n > 0) for (let i = 0; i < s.len; i++) wbv(s.a[s.off + i]); if (s !== null) for (let i = 0; i < s.len; i++) s.a[s.off + i] = z; }
export function sparse<T>(n: number, zero: () => T, items: [number, T][]): T[] {
  const a = new Array<T>(n);
  for (let i = 0; i < n; i++) a[i] = zero();
  for (const [i, v] of items) a[i] = v;
  return a;
}
/** A [N]byte literal with its elements at the given indices, the rest zero (gen.ts: arrays of bytes are Uint8Arrays). */
export function sparseBytes(n: number, items: [number, number][]): Uint8Array {
  const a = new Uint8Array(n);
  for (const [i, v] of items) a[i] = v;
  return a;
}
export function arrayOf<T>(n: number, zero: () => T): T[] { const a = new Array<T>(n); for (let i = 0; i < n; i++) a[i] = zero(); return a; }
export function sliceToArray<T>(s: Slice<T> | null, n: number): T[] {
  if (slen(s) < n) rtpanic(`cannot convert slice with length ${slen(s)} to array or pointer to array with length ${n}`);
  return s === null ? [] : s.a.slice(s.off, s.off + n);
}
export function sliceToArrayPtr<T>(s: Slice<T> | null, n: number): T[] | null {
  if (s === null) return null;
  return sliceToArray(s, n);
}

// --- pointers to non-aggregate locations ------------------------------------------------------------

export class FieldRef { constructor(readonly o: Record<string, unknown>, readonly f: string) {} get v(): unknown { return this.o[this.f]; } set v(x: unknown) { this.o[this.f] = x; } }
export class ElemRef { constructor(readonly a: unknown[], readonly i: number) {} get v(): unknown { return this.a[this.i]; } set v(x: unknown) { this.a[this.i] = x; } }
export function fieldRef(o: Record<string, unknown>, f: string): FieldRef { return new FieldRef(o, f); }
export function sliceRef(s: Slice | null, i: number): ElemRef { return new ElemRef(s!.a, sidx(s, i)); }
export function arrayRef(a: unknown[], i: number): ElemRef { return new ElemRef(a, aidx(i, a.length)); }

/** *p = v for a struct or array: copy into the pointee. */
export function assignInto<T>(dst: T, src: T): void {
  if (GC_MARKING.n > 0) { wbv(...Object.values(dst as object)); wbv(src); }
  const a = (dst as { $a?: number }).$a; // the pointee keeps its own address
  if (Array.isArray(dst) || dst instanceof Uint8Array) { const s = src as unknown as unknown[]; for (let i = 0; i < s.length; i++) (dst as unknown[])[i] = s[i]; }
  else Object.assign(dst as object, src);
  if ((dst as { $a?: number }).$a !== a) (dst as { $a?: number }).$a = a;
}

// --- strings (byte strings: one char per byte) ---------------------------------------------------------

export function strAt(s: string, i: I64): number { if (i < 0 || i >= s.length) indexPanic(i, s.length); return s.charCodeAt(i as number); }
export function strslice(s: string, lo?: I64, hi?: I64): string {
  const [l, h] = sliceBounds(lo, hi, undefined, s.length, s.length, 'length');
  return s.slice(l, h);
}

/** utf8.DecodeRuneInString: [rune, width]; invalid → [0xFFFD, 1]. */
export function decodeRune(s: string, i: number): [number, number] {
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return [b0, 1];
  const n = b0 >= 0xf0 && b0 < 0xf5 ? 4 : b0 >= 0xe0 && b0 < 0xf0 ? 3 : b0 >= 0xc2 && b0 < 0xe0 ? 2 : 0;
  if (n === 0 || i + n > s.length) return [0xfffd, 1];
  let r = b0 & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const b = s.charCodeAt(i + k);
    if ((b & 0xc0) !== 0x80) return [0xfffd, 1];
    r = (r << 6) | (b & 0x3f);
  }
  if ((n === 3 && (r < 0x800 || (r >= 0xd800 && r <= 0xdfff))) || (n === 4 && (r < 0x10000 || r > 0x10ffff))) return [0xfffd, 1];
  return [r, n];
}

export function encodeRune(r: number): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  if (r < 0x80) return String.fromCharCode(r);
  if (r < 0x800) return String.fromCharCode(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  if (r < 0x10000) return String.fromCharCode(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  return String.fromCharCode(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}
export function runeString(r: number): string { return encodeRune(r); }
export function stringToBytes(s: string): Slice<number> { const a = new Array<number>(s.length); for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i); return mkslice(a); }
export function bytesToString(b: Slice<number> | null): string {
  if (b === null) return '';
  let s = '';
  for (let i = 0; i < b.len; i++) s += String.fromCharCode(b.a[b.off + i]! & 0xff);
  return s;
}
export function stringToRunes(s: string): Slice<number> { const a: number[] = []; for (let i = 0; i < s.length;) { const [r, n] = decodeRune(s, i); a.push(r); i += n; } return mkslice(a); }
export function runesToString(r: Slice<number> | null): string { let s = ''; for (let i = 0; i < slen(r); i++) s += encodeRune(r!.a[r!.off + i]!); return s; }
/** A byte string as UTF-8 bytes. */
export function bytesOf(s: string): Uint8Array { const b = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); return b; }
export function fromBytes(b: Uint8Array): string { let s = ''; for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!); return s; }
export function strMinMax(which: string, xs: string[]): string { return xs.reduce((a, b) => (which === 'min' ? (b < a ? b : a) : (b > a ? b : a))); }

// --- maps ------------------------------------------------------------------------------------------

/**
 * A map. Keys of basic types are themselves; others (structs, arrays, interfaces) go through a key string.
 * writing is Go's hashWriting flag: set for the whole of a write (which takes simulated time), so
 * that another goroutine reading, writing or iterating the map meanwhile stops the program as Go does.
 */
export class GoMap {
  readonly m = new Map<unknown, [unknown, unknown]>();
  writing = false;
  constructor(readonly keyOf: ((k: unknown) => unknown) | null) {}
  k(key: unknown): unknown { return this.keyOf === null ? key : this.keyOf(key); }
}

/** The map code's throw: a fatal error (no recover), every goroutine printed. */
function mapthrow(msg: string): never {
  const e = new GoFatal(msg, true);
  const tb = callers();
  if (tb !== '') e.traceback = tb;
  throw e;
}

/**
 * A write of m (mapassign, mapdelete, clear): hashWriting is set, the write's cycles run, and it is
 * cleared. Another writer that finds it set throws "concurrent map writes" (a reader "concurrent
 * map read and map write"), so a program that writes a map from two goroutines on two cores dies
 * as Go's does; which write notices is fixed by the seed. The map code is not an async safe point
 * (mp.locks): at GOMAXPROCS=1 no write is ever interrupted by another, as in Go.
 */
function* mapwrite(m: GoMap, write: (m: GoMap) => void): Generator<any, void, any> {
  if (m.writing) mapthrow('concurrent map writes');
  m.writing = true;
  const mp = getg().m!;
  mp.locks++;
  yield compute(RT_COSTS.goMapWrite);
  mp.locks--;
  if (!m.writing) mapthrow('concurrent map writes');
  write(m);
  m.writing = false;
}

export function keyFunc(t: TypeDesc): ((k: unknown) => unknown) | null {
  switch (t.kind) {
    case 'struct': case 'array': case 'interface': return (k) => keyString(t, k);
    default: return null;
  }
}
function keyString(t: TypeDesc, v: unknown): string {
  switch (t.kind) {
    case 'struct': return `{${t.fields!.map((f) => keyString(f.type, (v as Record<string, unknown>)[f.name])).join(',')}}`;
    case 'array': return `[${Array.from(v as ArrayLike<unknown>, (x) => keyString(t.elem!, x)).join(',')}]`; // a [N]byte is a Uint8Array
    case 'interface': { if (v === null) return 'nil'; const b = v as Iface; if (b.t.kind === 'slice' || b.t.kind === 'map' || b.t.kind === 'func') rtpanic(`hash of unhashable type ${b.t.str}`); return `${b.t.str}:${keyString(b.t, b.v)}`; }
    case 'string': return JSON.stringify(v);
    default: return typeof v === 'object' && v !== null ? `@${objectId(v)}` : String(v);
  }
}
const ids = new WeakMap<object, number>();
let nextId = 0;
function objectId(o: object): number { let n = ids.get(o); if (n === undefined) { n = ++nextId; ids.set(o, n); } return n; }

export function makemap(keyT: TypeDesc): GoMap { return new GoMap(keyFunc(keyT)); }
export function makemapLit(keyT: TypeDesc, items: [unknown, unknown][]): GoMap {
  const m = makemap(keyT);
  for (const [k, v] of items) m.m.set(m.k(k), [k, v]);
  return m;
}
export function mapaccess<V>(m: GoMap | null, k: unknown, zero: V): V {
  if (m === null) return zero;
  if (m.writing) mapthrow('concurrent map read and map write');
  const e = m.m.get(m.k(k));
  return e === undefined ? zero : e[1] as V;
}
export function mapaccess2<V>(m: GoMap | null, k: unknown, zero: V): [V, boolean] {
  if (m === null) return [zero, false];
  if (m.writing) mapthrow('concurrent map read and map write');
  const e = m.m.get(m.k(k));
  return e === undefined ? [zero, false] : [e[1] as V, true];
}
export function mapassign(m: GoMap | null, k: unknown, v: unknown): Generator<any, void, any> {
  if (m === null) throwPanic(new Iface(runtimeErrorType, new RuntimeErr('assignment to entry in nil map', true)));
  return mapwrite(m, (h) => {
    const key = h.k(k);
    const e = h.m.get(key);
    if (GC_MARKING.n > 0) wbv(e?.[1], k, v);
    if (e !== undefined) e[1] = v; else h.m.set(key, [k, v]);
  });
}
export function* mapdelete(m: GoMap | null, k: unknown): Generator<any, void, any> {
  if (m === null || m.m.size === 0) return;
  yield* mapwrite(m, (h) => {
    const key = h.k(k);
    if (GC_MARKING.n > 0) { const e = h.m.get(key); if (e !== undefined) wbv(e[0], e[1]); }
    h.m.delete(key);
  });
}
export function* mapclear(m: GoMap | null): Generator<any, void, any> {
  if (m === null || m.m.size === 0) return;
  yield* mapwrite(m, (h) => {
    if (GC_MARKING.n > 0) for (const e of h.m.values()) wbv(e[0], e[1]);
    h.m.clear();
  });
}
export function maplen(m: GoMap | null): number { return m === null ? 0 : m.m.size; }

/**
 * for k, v := range m: Go starts at a random bucket and offset, so the order differs
 * from run to run (mapiterinit draws from the M's generator); here the entries start at a
 * random position drawn from the M's wyrand (rand.ts) and wrap around. Entries deleted during the
 * iteration are not produced; entries added may or may not be, as the spec allows.
 */
export function* mapiter(m: GoMap | null): Generator<[unknown, unknown]> {
  if (m === null || m.m.size === 0) return;
  const keys = [...m.m.keys()];
  const start = cheaprandn(getg().m!, keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[(start + i) % keys.length];
    if (m.writing) mapthrow('concurrent map iteration and map write');
    const e = m.m.get(key);
    if (e !== undefined) yield e;
  }
}

// --- equality --------------------------------------------------------------------------------------

export function deepEq(t: TypeDesc, a: unknown, b: unknown): boolean {
  switch (t.kind) {
    case 'struct': return t.fields!.every((f) => f.name === '_' || deepEq(f.type, (a as Record<string, unknown>)[f.name], (b as Record<string, unknown>)[f.name]));
    case 'array': return (a as unknown[]).every((x, i) => deepEq(t.elem!, x, (b as unknown[])[i]));
    case 'interface': return ifaceEq(a as Iface | null, b as Iface | null);
    default: return a === b;
  }
}
export function ifaceEq(a: Iface | null, b: Iface | null): boolean {
  if (a === null || b === null) return a === b;
  if (!sameType(a.t, b.t)) return false;
  if (a.t.kind === 'slice' || a.t.kind === 'map' || a.t.kind === 'func') rtpanic(`comparing uncomparable type ${a.t.str}`);
  return deepEq(a.t, a.v, b.v);
}
