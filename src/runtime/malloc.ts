// Allocation (Go's runtime/malloc.go) and the typed-object layer Go-style programs
// use. mallocgc(size, nptr): objects up to 32 KiB are rounded up to their size
// class and taken from the P's mcache span (nextFreeFast over the allocation
// bitmap); an exhausted span is swapped for one from mcentral (sweeping unswept
// spans lazily, as mcentral.cacheSpan does) or a new one from the page heap.
// Larger objects get their own span. While the collector marks, new objects are
// allocated black and the allocating goroutine pays a mark assist in proportion
// to what it allocates. Reused memory is zeroed (needzero), fresh pages are not.
//
// The object layer: newObject(size, pointerSlots) returns an address in the
// process's memory whose first `pointerSlots` 8-byte words are pointers (what the
// collector scans); storePtr/loadPtr/storeU64/loadU64 are real stores and loads
// (storePtr through the write barrier). Roots: newGlobals(n) (a global block of n
// pointer words, scanned by the collector) and locals(n) (pointer-typed locals of
// the current frame, in the goroutine's stack map; free() them on return). A
// pointer held only in a JavaScript variable is like a pointer hidden in a
// uintptr: it keeps nothing alive across an allocation or a blocking call.

import { compute, computeInPlace, storeInPlace, storeWordInPlace, loadWordInPlace, storeInstr, loadInstr } from '../machine/instr.ts';
import type { Gen, G } from './runtime2.ts';
import { NOTHING, returning, returnedOr, loadBufOf, stackPreempt, u32le } from './runtime2.ts';
import { RT_COSTS } from './costs.ts';
import { getg, acquirem, releasem, morestackc, type Runtime } from './proc.ts';
import { MHeap, MSpan, MCentral, classToSize, classToPages, sizeToClass, maxSmallSize, pageSize, mSpanInUse } from './mheap.ts';
import { gcState, gcAssistAlloc, gcTrigger, shade, _GCoff, _GCmark } from './mgc.ts';


export function heapOf(rt: object): MHeap {
  const r = rt as Runtime;
  return r.heap ?? (r.heap = new MHeap(r.os));
}

const ZERO = new Uint8Array(64 * 1024);

function nextFree(s: MSpan): number {
  const bits = s.allocBits;
  for (let i = s.freeindex; i < s.nelems; i++) if (bits[i] === 0) { s.freeindex = i + 1; return i; }
  s.freeindex = s.nelems;
  return -1;
}

/**
 * mcache.refill: give the cached span back, take one with a free object from mcentral or the
 * heap. A plain function while its steps retire in place (instr.ts): it returns the span as a
 * finished run (`returning`), or a generator for the rest from the first step that must yield.
 */
function refill(rt: Runtime, h: MHeap, cache: (MSpan | null)[], cls: number): Gen<MSpan> {
  const old = cache[cls];
  if (old) { old.inCache = false; if (old.allocCount < old.nelems && old.swept) h.central[cls]!.partial.push(old); }
  if (!computeInPlace(RT_COSTS.goMcacheRefill)) return refillCharging(rt, h, cache, cls);
  const c = h.central[cls]!;
  let s = partialSpan(c, cls);
  // mcentral.cacheSpan: sweep unswept spans of this class until one has room.
  while (s === undefined && c.unswept.length > 0) {
    const u = c.unswept.pop()!;
    if (u.swept || u.state !== mSpanInUse || u.sizeclass !== cls) continue; // stale: freed and reused since
    const sweeping = sweepSpan(rt, h, u);
    if (sweeping !== NOTHING) return refillSweeping(rt, h, cache, cls, u, sweeping);
    if (hasRoom(u)) s = u;
  }
  if (s === undefined) {
    const alloc = h.allocSpan(classToPages[cls]!);
    const got = returnedOr(alloc, null);
    if (got === null) return refillAllocating(cache, cls, alloc);
    s = got;
    initSpan(s, cls);
  }
  return returning(cacheSpan(cache, cls, s));
}

/** refill from its charge on, yielded. */
function* refillCharging(rt: Runtime, h: MHeap, cache: (MSpan | null)[], cls: number): Gen<MSpan> {
  yield compute(RT_COSTS.goMcacheRefill);
  return yield* refillFrom(rt, h, cache, cls, partialSpan(h.central[cls]!, cls));
}

/** refill from a sweep of `u` that had to yield: the sweep finished, then the rest as refill does it. */
function* refillSweeping(rt: Runtime, h: MHeap, cache: (MSpan | null)[], cls: number, u: MSpan, sweeping: Gen<void>): Gen<MSpan> {
  yield* sweeping;
  return yield* refillFrom(rt, h, cache, cls, hasRoom(u) ? u : undefined);
}

/** refill from a span allocation that had to yield. */
function* refillAllocating(cache: (MSpan | null)[], cls: number, alloc: Gen<MSpan>): Gen<MSpan> {
  const s = yield* alloc;
  initSpan(s, cls);
  return cacheSpan(cache, cls, s);
}

/** refill's sweeping and allocation as a generator, `s` the span found so far (if any). */
function* refillFrom(rt: Runtime, h: MHeap, cache: (MSpan | null)[], cls: number, s: MSpan | undefined): Gen<MSpan> {
  const c = h.central[cls]!;
  while (s === undefined && c.unswept.length > 0) {
    const u = c.unswept.pop()!;
    if (u.swept || u.state !== mSpanInUse || u.sizeclass !== cls) continue; // stale: freed and reused since
    yield* sweepSpan(rt, h, u);
    if (hasRoom(u)) s = u;
  }
  if (s === undefined) {
    s = yield* h.allocSpan(classToPages[cls]!);
    initSpan(s, cls);
  }
  return cacheSpan(cache, cls, s);
}

/** A swept span of class `cls` with a free object from mcentral's partial list, if one is there. */
function partialSpan(c: MCentral, cls: number): MSpan | undefined {
  let s: MSpan | undefined;
  while ((s = c.partial.pop()) !== undefined) if (s.state === mSpanInUse && s.sizeclass === cls && s.allocCount < s.nelems && s.swept && !s.inCache) break;
  return s;
}

/** A span just swept still in use, with room, and not in another P's cache. */
function hasRoom(u: MSpan): boolean { return u.state === mSpanInUse && u.allocCount < u.nelems && !u.inCache; }

function cacheSpan(cache: (MSpan | null)[], cls: number, s: MSpan): MSpan {
  s.freeindex = 0;
  s.inCache = true;
  cache[cls] = s;
  return s;
}

function initSpan(s: MSpan, cls: number): void {
  const size = cls === 0 ? s.npages * pageSize : classToSize[cls]!;
  s.sizeclass = cls; s.elemsize = size;
  s.nelems = cls === 0 ? 1 : Math.floor((s.npages * pageSize) / size);
  // A span freed and used again for as many objects keeps its bitmaps (cleared): a span of 1 KiB
  // objects holds 8, and making three arrays per eight objects was a fair share of the host's GC.
  if (s.allocBits.length === s.nelems && s.gcmarkBits.length === s.nelems && s.nptr.length === s.nelems) {
    clearBits(s.allocBits); clearBits(s.gcmarkBits); clearBits(s.nptr);
  } else {
    s.allocBits = new Uint8Array(s.nelems); s.gcmarkBits = new Uint8Array(s.nelems); s.nptr = new Uint32Array(s.nelems);
  }
  s.allocCount = 0; s.freeindex = 0; s.swept = true; s.objs = null;
}

/**
 * A span's bitmap zeroed. A loop for the short ones most spans have: TypedArray's fill is a call
 * into the engine's C++ that costs more than clearing a few dozen elements.
 */
function clearBits(b: Uint8Array | Uint32Array): void {
  if (b.length > 64) { b.fill(0); return; }
  for (let i = 0; i < b.length; i++) b[i] = 0;
}

/**
 * mspan.sweep: objects allocated but not marked are freed; an empty span goes back to the heap.
 * A plain function when its charge retires in place (NOTHING), else a generator for the rest.
 */
export function sweepSpan(rt: Runtime, h: MHeap, s: MSpan): Gen<void> {
  if (s.swept) return NOTHING;
  s.swept = true;
  if (!computeInPlace(RT_COSTS.goGcSweepSpan)) return sweepSpanCharging(h, s);
  sweepSpanBody(h, s);
  return NOTHING;
}

function* sweepSpanCharging(h: MHeap, s: MSpan): Gen<void> {
  yield compute(RT_COSTS.goGcSweepSpan);
  sweepSpanBody(h, s);
}

function sweepSpanBody(h: MHeap, s: MSpan): void {
  const a = s.allocBits; const mk = s.gcmarkBits;
  let n = 0; let freed = 0;
  for (let i = 0; i < s.nelems; i++) {
    if (mk[i] !== 0) n++;
    else if (a[i] !== 0) { freed++; s.nptr[i] = 0; if (s.objs !== null) s.objs[i] = undefined; }
  }
  clearBits(a);
  s.allocBits = mk; s.gcmarkBits = a;
  s.allocCount = n; s.freeindex = 0;
  if (freed > 0) { h.frees += freed; h.freeBytes += freed * s.elemsize; h.heapAlloc -= freed * s.elemsize; s.needzero = true; }
  if (n === 0 && !s.inCache) { h.freeSpan(s); return; }
  if (s.sizeclass !== 0 && n < s.nelems && !s.inCache) h.central[s.sizeclass]!.partial.push(s);
}

/**
 * mallocgc: an object of `size` bytes whose first nptr words are pointers. `obj`, for a
 * compiled Go program's object: the JavaScript value that is the program's view of it,
 * recorded in the span (the collector scans it through its values) and given the address
 * as `$a`, both before anything can start a cycle.
 *
 * The common case — no preemption asked, no assist owed, a free slot in the P's cached span,
 * its instructions retired in place (instr.ts) — runs as a plain function and makes no
 * generator (it returns `returning(addr)`); at the first step that must yield, the rest of
 * the allocation continues in a generator from that step, so both ways do the same thing.
 */
export function mallocgc(size: number, nptr: number, obj?: object): Gen<number> {
  const th = getg().race;
  return th === null ? mallocgc1(size, nptr, obj) : mallocgcRace(th, size, nptr, obj);
}

/**
 * A race-enabled process: the allocator's own loads and stores (a mark assist, zeroing) are
 * not the program's, and the new object starts with no history (racemalloc).
 */
function* mallocgcRace(th: NonNullable<G['race']>, size: number, nptr: number, obj: object | undefined): Gen<number> {
  th.ignore++;
  let addr: number;
  try { addr = yield* mallocgc1(size, nptr, obj); } finally { th.ignore--; }
  th.ctx.resetRange(addr, size);
  return addr;
}

function mallocgc1(size: number, nptr: number, obj: object | undefined): Gen<number> {
  const gp = getg(); const rt = gp.rt as Runtime;
  if (gp.stackguard0 === stackPreempt) return mallocgcPreempted(rt, size, nptr, obj); // mallocgc's prologue: a preemption point
  return mallocgcBody(rt, size, nptr, obj);
}

function* mallocgcPreempted(rt: Runtime, size: number, nptr: number, obj: object | undefined): Gen<number> {
  yield* morestackc();
  return yield* mallocgcBody(rt, size, nptr, obj);
}

/** mallocgc after its prologue: the assist, then the object. */
function mallocgcBody(rt: Runtime, size: number, nptr: number, obj: object | undefined): Gen<number> {
  const h = heapOf(rt); const gc = gcState(rt);
  if (nptr * 8 > size) throw new Error('assertion: mallocgc: more pointer words than the object holds');
  if (gc.phase === _GCmark) {
    const assist = gcAssistAlloc(rt, size);
    if (assist !== NOTHING) return allocAfter(assist, rt, h, gc, size, nptr, obj);
  }
  return allocObject(rt, h, gc, size, nptr, obj);
}

/** The object itself, the assist paid: a slot of the P's cached span, or a span of its own if it is large. */
function allocObject(rt: Runtime, h: MHeap, gc: ReturnType<typeof gcState>, size: number, nptr: number, obj: object | undefined): Gen<number> {
  if (size > maxSmallSize) return allocSlow(rt, h, gc, size, nptr, obj);
  const mp = acquirem();
  const cls = sizeToClass(Math.max(size, 1));
  const cache = h.mcache(mp.p!);
  if (!computeInPlace(RT_COSTS.goMallocSmall)) return allocSmall(rt, h, gc, mp, cache, cls, nptr, obj);
  let cs = cache[cls];
  let idx = cs ? nextFree(cs) : -1;
  if (idx < 0) { // the cached span is full: refill, in place while it can be
    const refilling = refill(rt, h, cache, cls);
    cs = returnedOr(refilling, null);
    if (cs === null) return allocRefilling(rt, h, gc, mp, nptr, obj, refilling);
    idx = nextFree(cs);
  }
  releasem(mp);
  return place(rt, h, gc, cs!, idx, nptr, obj);
}

/** A small object after a refill that had to yield. */
function* allocRefilling(rt: Runtime, h: MHeap, gc: ReturnType<typeof gcState>, mp: ReturnType<typeof acquirem>,
  nptr: number, obj: object | undefined, refilling: Gen<MSpan>): Gen<number> {
  const cs = yield* refilling;
  const idx = nextFree(cs);
  releasem(mp);
  return yield* place(rt, h, gc, cs, idx, nptr, obj);
}

function* allocAfter(assist: Gen<void>, rt: Runtime, h: MHeap, gc: ReturnType<typeof gcState>, size: number, nptr: number, obj: object | undefined): Gen<number> {
  yield* assist;
  return yield* allocObject(rt, h, gc, size, nptr, obj);
}

/** A small object from the P's cached span, refilled if it is full, its charge yielded. */
function* allocSmall(rt: Runtime, h: MHeap, gc: ReturnType<typeof gcState>, mp: ReturnType<typeof acquirem>, cache: (MSpan | null)[],
  cls: number, nptr: number, obj: object | undefined): Gen<number> {
  yield compute(RT_COSTS.goMallocSmall);
  let cs = cache[cls];
  let idx = cs ? nextFree(cs) : -1;
  if (idx < 0) { cs = yield* refill(rt, h, cache, cls); idx = nextFree(cs); }
  releasem(mp);
  return yield* place(rt, h, gc, cs!, idx, nptr, obj);
}

/** A large object: a span of its own. */
function* allocSlow(rt: Runtime, h: MHeap, gc: ReturnType<typeof gcState>, size: number, nptr: number, obj: object | undefined): Gen<number> {
  const mp = acquirem();
  yield compute(RT_COSTS.goMallocLarge);
  const s = yield* h.allocSpan(Math.ceil(size / pageSize));
  initSpan(s, 0);
  releasem(mp);
  return yield* place(rt, h, gc, s, 0, nptr, obj);
}

/** The object is slot `idx` of `s`: mark it allocated, zero it if the memory is reused, account for it. */
function place(rt: Runtime, h: MHeap, gc: ReturnType<typeof gcState>, s: MSpan, idx: number, nptr: number, obj: object | undefined): Gen<number> {
  s.allocBits[idx] = 1; s.allocCount++; s.nptr[idx] = nptr;
  if (gc.phase !== _GCoff) { s.gcmarkBits[idx] = 1; gc.markedBytes += s.elemsize; } // allocate black
  const addr = s.base + idx * s.elemsize;
  if (obj !== undefined) { (s.objs ??= new Array<object | undefined>(s.nelems))[idx] = obj; (obj as { $a: number }).$a = addr; }
  if (s.needzero) {
    for (let off = 0; off < s.elemsize; off += ZERO.length) {
      const z = zeros(Math.min(ZERO.length, s.elemsize - off));
      if (!storeInPlace(addr + off, z)) return zeroAndAccount(rt, h, gc, s, addr, off);
    }
  }
  return account(rt, h, gc, s, addr);
}

function* zeroAndAccount(rt: Runtime, h: MHeap, gc: ReturnType<typeof gcState>, s: MSpan, addr: number, from: number): Gen<number> {
  for (let off = from; off < s.elemsize; off += ZERO.length) yield storeInstr(addr + off, zeros(Math.min(ZERO.length, s.elemsize - off)));
  return yield* account(rt, h, gc, s, addr);
}

/** The allocation counted; a cycle started if the heap reached its trigger. */
function account(rt: Runtime, h: MHeap, gc: ReturnType<typeof gcState>, s: MSpan, addr: number): Gen<number> {
  h.mallocs++; h.totalAlloc += s.elemsize; h.heapAlloc += s.elemsize;
  gc.heapLive += s.elemsize;
  if (h.heapAlloc > h.heapPeak) h.heapPeak = h.heapAlloc;
  if (gc.phase === _GCoff && gc.heapLive >= gc.trigger) return triggered(rt, addr);
  return returning(addr);
}

function* triggered(rt: Runtime, addr: number): Gen<number> {
  yield* gcTrigger(rt, 'heap');
  shade(rt, addr); // the new object is in the caller's registers: a root of the cycle it started
  return addr;
}

/** Zeros to store, `len` bytes (a view made once per length: a size class's objects all take the same one). */
const zeroViews: (Uint8Array | undefined)[] = []; // by length (at most ZERO.length)
function zeros(len: number): Uint8Array {
  return zeroViews[len] ??= ZERO.subarray(0, len);
}

// --- the typed-object layer --------------------------------------------------------------

const buf8 = new Uint8Array(8);
const dv8 = new DataView(buf8.buffer);
/**
 * The 8 little-endian bytes of v, in one shared buffer: the store instruction that takes it
 * is consumed before the goroutine runs on (and a store held back by the core copies its
 * bytes), so no copy per word is needed.
 */
function enc(v: number): Uint8Array { dv8.setUint32(0, v >>> 0, true); dv8.setUint32(4, Math.floor(v / 4294967296) >>> 0, true); return buf8; }
function dec(b: Uint8Array, off = 0): number { return u32le(b, off) + u32le(b, off + 4) * 4294967296; }

/** new(T): an object of size bytes, its first pointerSlots words pointers; returns its address. */
export function newObject(size: number, pointerSlots = 0): Gen<number> { return mallocgc(size, pointerSlots); }

/**
 * *(o + 8·slot) = p, through the hybrid write barrier while the collector marks (shade old and
 * new). A plain function while its instructions retire in place (instr.ts); the rest of the
 * store continues in a generator from the first one that must be yielded.
 */
export function storePtr(o: number, slot: number, p: number): Gen<void> {
  const gp = getg(); const rt = gp.rt as Runtime;
  const a = o + slot * 8;
  if (gcState(rt).phase === _GCmark) {
    if (gp.race !== null || !computeInPlace(RT_COSTS.goWriteBarrier)) return barrieredStore(gp, rt, a, p, false);
    const old = loadWordInPlace(a);
    if (old < 0) return barrieredStore(gp, rt, a, p, true);
    shade(rt, old); shade(rt, p);
  }
  return storeU64At(a, p);
}

/** The write barrier and the store, yielded; `charged`: the barrier's cycles are paid. */
function* barrieredStore(gp: G, rt: Runtime, a: number, p: number, charged: boolean): Gen<void> {
  if (!charged) yield compute(RT_COSTS.goWriteBarrier);
  // the barrier's read of the old value is the runtime's, not the program's
  if (gp.race !== null) gp.race.ignore++;
  const old = dec(yield loadInstr(a, 8, loadBufOf(gp.m!, 8)));
  if (gp.race !== null) gp.race.ignore--;
  shade(rt, old); shade(rt, p);
  yield storeInstr(a, enc(p));
}

export function loadPtr(o: number, slot: number): Gen<number> { return loadU64(o, slot); }
/** A data word (no barrier): *(uint64)(o + 8·slot) = v (v < 2^53). */
export function storeU64(o: number, slot: number, v: number): Gen<void> { return storeU64At(o + slot * 8, v); }
export function loadU64(o: number, slot: number): Gen<number> {
  const a = o + slot * 8;
  const v = loadWordInPlace(a);
  return v >= 0 ? returning(v) : loadWord(a);
}

function storeU64At(a: number, v: number): Gen<void> { return storeWordInPlace(a, v) ? NOTHING : storeWord(a, v); }
function* storeWord(a: number, v: number): Gen<void> { yield storeInstr(a, enc(v)); }
function* loadWord(a: number): Gen<number> {
  const mp = getg().m;
  return dec(yield loadInstr(a, 8, mp !== null ? loadBufOf(mp, 8) : null));
}
export { dec as decodeU64 };

/** A block of n pointer-typed globals (the data segment's pointer words), a root of every cycle. */
export function* newGlobals(n: number): Gen<number> {
  const rt = getg().rt as Runtime;
  const a = yield* rt.alloc(n * 8, 8);
  gcState(rt).globals.push({ addr: a, n });
  return a;
}

/** Pointer-typed locals of the current frame, in the goroutine's stack map. */
export class Locals {
  constructor(readonly gp: G, readonly base: number, readonly n: number) {}
  get(i: number): number { return this.gp.locals![this.base + i]!; }
  /**
   * A store into the frame. While the collector marks, the pointer is shaded: the value came
   * from a JavaScript variable (a register), which no stack scan sees, so a stack scanned
   * before this store would otherwise miss it.
   */
  set(i: number, p: number): void {
    this.gp.locals![this.base + i] = p;
    const gc = gcState(this.gp.rt as object);
    if (gc.phase === _GCmark) shade(this.gp.rt as Runtime, p);
  }
  /** The function returns: its locals stop being roots. */
  free(): void {
    const l = this.gp.locals!;
    if (l.length !== this.base + this.n) throw new Error('assertion: Locals.free out of order');
    l.length = this.base;
  }
}
export function locals(n: number): Locals {
  const gp = getg();
  if (gp.locals === null) gp.locals = [];
  const base = gp.locals.length;
  for (let i = 0; i < n; i++) gp.locals.push(0);
  return new Locals(gp, base, n);
}
