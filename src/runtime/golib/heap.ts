// The heap of compiled Go programs: what escape analysis (src/lang/go/ir/escape.ts) sends to
// the heap is allocated by the runtime's mallocgc with its size and its pointer words, and
// the JavaScript value stays the program's view of it: the object is recorded in its span
// and carries its address as `$a`. The collector finds these objects from the program's
// roots — each goroutine's compiled frames (a function per frame that returns the locals
// that may hold references), the package-level variables, channel buffers and blocked
// senders — and scans an object through its values (scanObj). An object the collector
// does not reach is freed by the sweep: its slot is reused, its address given to the next
// object of its size class. The program's values never depend on the collector; its
// memory figures (MemStats, gctrace, the heap the dashboard shows) do.
//
// The write barrier (Go's hybrid barrier: shade the old and the new reference) is wb(),
// which compiled code calls only while some process marks (GC_MARKING.n > 0); the library's
// own stores (append, copy, maps, channels) call it the same way.

import type { Runtime } from '../proc.ts';
import { getg } from '../proc.ts';
import { mallocgc, heapOf } from '../malloc.ts';
import { _Gdead, NO_FRAME, frameRoots, smallStack, type FrameRoots } from '../runtime2.ts';
import { gcState, shade, setJsScanner, GC_MARKING, _GCmark } from '../mgc.ts';
import { Chan } from '../chan.ts';
import { Slice, GoMap, Iface, FieldRef, ElemRef } from './values.ts';
import { memWatch } from '../../machine/instr.ts';

type G<T = unknown> = Generator<any, T, any>;
type Heap = { $a?: number };
/** A compiled closure: its captured variables' current values (the closure's context words). */
type Closure = { $c?: () => unknown[] } & Heap;

/** Deeper than this, a chain of values that are not heap objects is cut (interior pointers into interior pointers). */
const MAX_DEPTH = 64;

/** A value that refers to heap objects: grey the object it is, or scan through it if it is none. */
function scanVal(rt: Runtime, v: unknown, depth = 0): number {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return 0;
  const a = (v as Heap).$a;
  if (a !== undefined) { shade(rt, a); return 1; }
  if (depth >= MAX_DEPTH) return 0;
  return eachRef(v as object, (x) => scanVal(rt, x, depth + 1));
}

/**
 * The references held in `o` (a heap object's view, or a value inside a frame or another
 * value), each given to `f`; returns the words read. One level: f goes deeper if it wants.
 */
function eachRef(o: object, f: (v: unknown) => number): number {
  let n = 0;
  if (Array.isArray(o)) {
    // A Go array or backing array holds one type: numbers, strings or booleans in its first
    // element mean no element refers to anything (a pointer is an object or null).
    const t = o.length === 0 ? 'undefined' : typeof o[0];
    if (t === 'number' || t === 'string' || t === 'boolean') return 0;
    for (let i = 0; i < o.length; i++) n += f(o[i]);
    return n + o.length;
  }
  if (typeof o === 'function') { const c = (o as Closure).$c; if (c !== undefined) for (const v of c()) n += 1 + f(v); return n; }
  if (Object.getPrototypeOf(o) === Object.prototype) {
    // a struct, or a cell ({ v }) of a variable whose address is taken
    for (const k in o) if (k !== '$a') n += 1 + f((o as Record<string, unknown>)[k]);
    return n;
  }
  if (o instanceof Slice) return 1 + f(o.a);
  if (o instanceof Iface) return 2 + f(o.v);
  if (o instanceof GoMap) { for (const e of o.m.values()) n += 2 + f(e[0]) + f(e[1]); return n; }
  if (o instanceof Chan) {
    for (let k = 0, x = o.recvx; k < o.qcount; k++, x = (x + 1) % o.dataqsiz) n += 1 + f(o.buf[x]);
    return n;
  }
  if (o instanceof FieldRef) return 1 + f(o.o);
  if (o instanceof ElemRef) return 1 + f(o.a);
  // the library's native objects (a sync.Mutex's state, a timer) hold no program references
  return 0;
}

setJsScanner({
  scanVal: (rt, v) => scanVal(rt, v),
  scanObj: (rt, o) => eachRef(o, (x) => scanVal(rt, x, 1)),
  checkmark,
});

/**
 * GODEBUG=gccheckmark=1, at mark termination with the world stopped: a second mark, of
 * everything the program can reach from its roots, in which every heap object must already
 * be marked and must be the object its slot records. Returns what is wrong, or null.
 */
function checkmark(rt: Runtime): string | null {
  const h = heapOf(rt); const gc = gcState(rt);
  const seen = new Set<object>();
  let bad: string | null = null;
  const visit = (v: unknown): number => {
    if (bad !== null || v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v as object)) return 0;
    seen.add(v as object);
    const a = (v as Heap).$a;
    if (a !== undefined) {
      const s = h.spanOf(a);
      const i = s === undefined ? -1 : Math.floor((a - s.base) / s.elemsize);
      if (s === undefined || s.objs === null || s.objs[i] !== v) { bad = `runtime: checkmarks found an object whose slot holds another: obj=0x${a.toString(16)}`; return 0; }
      if (s.gcmarkBits[i] === 0) { bad = `runtime: checkmarks found unexpected unmarked object obj=0x${a.toString(16)}`; return 0; }
    }
    return eachRef(v as object, visit);
  };
  for (const g of gc.jsGlobals) for (const v of g()) visit(v);
  for (const gp of rt.allgs) {
    if (gp.atomicstatus === _Gdead || gp.gframe0 === null) continue;
    for (const v of frameRoots(gp.gframe0)) visit(v);
    if (gp.gframes !== null) for (const f of gp.gframes) for (const v of frameRoots(f)) visit(v);
    for (let d = gp.deferFrame; d !== null; d = d.parent) for (const fn of d.fns) visit(fn);
  }
  return bad;
}

/** The hybrid write barrier: while this process marks, shade the reference overwritten and the one stored. */
export function wb(old: unknown, nw: unknown): void {
  const rt = getg().rt as Runtime;
  if (gcState(rt).phase !== _GCmark) return;
  scanVal(rt, old); scanVal(rt, nw);
}
export { GC_MARKING };

/**
 * A new heap object: `o` (the program's view, already holding its initial values) gets the
 * next free slot of `size` bytes, `nptr` of them pointer words. While the collector marks,
 * the object is black (mallocgc) and what it was initialised with is shaded.
 */
export function* newobj<T extends object>(o: T, size: number, nptr: number): G<T> {
  if ((o as Heap).$a !== undefined) throw new Error('assertion: newobj of an object already in the heap');
  yield* mallocgc(size, nptr, o);
  if (GC_MARKING.n > 0) { const rt = getg().rt as Runtime; if (gcState(rt).phase === _GCmark) eachRef(o, (x) => scanVal(rt, x, 1)); }
  return o;
}

/** The backing array of a slice just made or grown (its array not yet in the heap): cap × esize bytes. */
export function* newarray<T>(s: Slice<T> | null, esize: number, eptr: number): G<Slice<T> | null> {
  if (s === null || (s.a as Heap).$a !== undefined || s.cap === 0) return s;
  const nptr = eptr === 0 ? 0 : (s.cap - 1) * (esize / 8) + eptr;
  yield* newobj(s.a, Math.max(1, s.cap * esize), Math.floor(nptr));
  return s;
}

/** A closure with captured variables: a funcval of the code pointer and one word per variable. */
export function* newclosure<F extends Function>(f: F, ctx: () => unknown[], n: number): G<F> {
  (f as unknown as Closure).$c = ctx;
  return yield* newobj(f, 8 + 8 * n, 1 + n);
}

/** hmap (48 bytes, its bucket pointers), or hchan (96 bytes) with its buffer. */
export function* newmap(m: GoMap): G<GoMap> { return yield* newobj(m, 48, 6); }
export function* newchan(c: Chan<unknown>, esize: number, eptr: boolean): G<Chan<unknown>> {
  return yield* newobj(c, 96 + c.dataqsiz * esize, eptr ? 12 + Math.ceil(c.dataqsiz * esize / 8) : 12);
}

/** A compiled function's frame enters the goroutine's stack map: returns the depth to cut back to on return. */
export function pushFrame(locals: FrameRoots): number {
  const gp = getg();
  if (gp.gframe0 === null || gp.gframe0 === NO_FRAME) { gp.gframe0 = locals; return 0; }
  const f = gp.gframes;
  if (f === null) { gp.gframes = smallStack(locals); return 1; }
  f.push(locals);
  return f.length;
}
/** The frame returns (or unwinds): it and any frame above it leave the stack map. */
export function popFrame(depth: number): void {
  const gp = getg();
  if (depth === 0) gp.gframe0 = NO_FRAME;
  const f = gp.gframes;
  if (f !== null) while (f.length > (depth === 0 ? 0 : depth - 1)) f.pop(); // mostly the one frame: a pop, not the length setter's runtime call
}

/** The program's package-level variables that may hold references: a root of every cycle. */
export function globalRoots(vars: () => unknown[]): void { gcState(getg().rt as object).jsGlobals.push(vars); }

// --- the program's loads and stores, observable -------------------------------------------------

/**
 * A read (ld) or write (st) of `size` bytes at offset `off` of heap object o, reported to
 * whoever watches the goroutine's memory accesses (memWatch: the address, the size, read
 * or write), as the machine reports a TypeScript program's loads and stores. Compiled code
 * calls these only when a watch is set (`$.W.fn !== null`: one field test otherwise); an
 * object that is not in the heap (a struct in a frame) is no memory access. Returns o.
 */
export function ld<T>(o: T, off: number, size: number): T {
  const a = (o as Heap | null)?.$a;
  if (a !== undefined && memWatch.fn !== null) memWatch.fn(a + off, size, false);
  return o;
}
export function st<T>(o: T, off: number, size: number): T {
  const a = (o as Heap | null)?.$a;
  if (a !== undefined && memWatch.fn !== null) memWatch.fn(a + off, size, true);
  return o;
}
/** Element i (absolute) of a backing array of esize-byte elements. */
export function lde<T>(a: T[], i: number, esize: number, write: boolean): void {
  const h = (a as Heap).$a;
  if (h !== undefined && memWatch.fn !== null && i >= 0 && i < a.length) memWatch.fn(h + i * esize, Math.min(esize, 8), write);
}
export { memWatch };
