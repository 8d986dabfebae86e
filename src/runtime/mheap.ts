// The page heap (Go's runtime/mheap.go, mcentral.go, mcache.go). The heap lives in
// 64 MiB arenas reserved with mmap(MAP_NORESERVE): nothing is resident until a
// page is written, so RSS grows with the pages actually used. Memory is handed out
// in spans of 8 KiB pages; a span of a small size class is cut into equal objects
// with an allocation bitmap and a mark bitmap (mspan.allocBits / gcmarkBits) and,
// for the collector, the number of leading pointer words of each object (Go keeps
// this in the heap bitmap or the malloc header). Each P has an mcache with one
// span per size class; mcentral keeps, per class, the swept spans with free
// objects and the spans not yet swept this cycle; mheap keeps free page runs and
// returns memory the heap no longer needs with madvise(MADV_DONTNEED).
//
// The span of an address is found as Go finds it: the arena's spans array (heapArena.spans,
// one entry per page of the 64 MiB arena), the arena found by its index (mheap_.arenas) —
// a map with one entry per arena, never one per page, so a heap of any size the machine can
// back fits (a map keyed by page would hit JavaScript's 2^24-entry limit at 128 GiB).
// Simplifications, said plainly: free page runs are kept by length and split, but
// not coalesced with their neighbours.

import type { OS } from './os.ts';
import { GoFatal, returning } from './runtime2.ts';
import type { Gen, P } from './runtime2.ts';


export const pageShift = 13;
export const pageSize = 1 << pageShift;
export const heapArenaBytes = 64 << 20;
export const maxSmallSize = 32768;
/** The most spans a heap may have in use (a JavaScript Set's limit, 2^24, less one). */
export const MAX_SPANS = 2 ** 24 - 1;
/** Pages per arena (pagesPerArena). */
const PAGES_PER_ARENA = heapArenaBytes / pageSize;

/** sizeclasses.go: class_to_size for the 68 classes up to 32 KiB. */
export const classToSize = [0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768];
/** class_to_allocnpages: the fewest pages whose tail waste is at most 1/8 (mksizeclasses.go's rule). */
export const classToPages = classToSize.map((s) => {
  if (s === 0) return 0;
  let n = 1;
  while ((n * pageSize) % s > (n * pageSize) / 8) n++;
  return n;
});
const sizeToClass8 = new Uint8Array(1024 / 8 + 1);
{
  let c = 1;
  for (let i = 0; i <= 1024 / 8; i++) { while (classToSize[c]! < i * 8) c++; sizeToClass8[i] = c; }
}
export function sizeToClass(size: number): number {
  if (size <= 1024) return sizeToClass8[(size + 7) >> 3]!;
  let lo = 33, hi = classToSize.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (classToSize[mid]! >= size) hi = mid; else lo = mid + 1; }
  return lo;
}

export const mSpanFree = 0;
export const mSpanInUse = 1;

export class MSpan {
  state = mSpanFree;
  sizeclass = 0;
  elemsize = 0;
  nelems = 0;
  allocCount = 0;
  freeindex = 0;
  allocBits: Uint8Array = EMPTY;
  gcmarkBits: Uint8Array = EMPTY;
  /** Leading pointer words of each object (0 = noscan). */
  nptr: Uint32Array = EMPTY32;
  /**
   * The program's view of each object, for a compiled Go program's objects (a JavaScript
   * value whose address is this slot): the collector scans it through its values, not its
   * words. null while the span holds none.
   */
  objs: (object | undefined)[] | null = null;
  /** False from mark termination until this span is swept. */
  swept = true;
  inCache = false;
  /** Its memory must be zeroed before reuse (false for fresh or released pages). */
  needzero = false;
  /** Its pages were returned with madvise. */
  scavenged = false;
  constructor(public base: number, public npages: number) {}
}
const EMPTY = new Uint8Array(0);
const EMPTY32 = new Uint32Array(0);

export class MCentral {
  /** Swept spans with a free object. */
  readonly partial: MSpan[] = [];
  /** Spans not yet swept this cycle. */
  readonly unswept: MSpan[] = [];
}

export class MHeap {
  /** The system calls that reserve and release the heap's memory (the runtime's GOOS half). */
  constructor(readonly os: OS) {}
  readonly central: MCentral[] = classToSize.map(() => new MCentral());
  readonly allspans = new Set<MSpan>();
  /** Large-object spans not yet swept this cycle. */
  readonly unsweptLarge: MSpan[] = [];
  /** heapArena.spans by arena index: the span of each page of the arena (undefined where none is in use). */
  private readonly arenas = new Map<number, (MSpan | undefined)[]>();
  private readonly free = new Map<number, MSpan[]>();
  private arenaNext = 0;
  private arenaEnd = 0;
  // statistics (MemStats)
  heapSys = 0;
  heapReleased = 0;
  heapInuse = 0;
  /** Bytes in allocated objects (live or not yet swept). */
  heapAlloc = 0;
  heapPeak = 0;
  totalAlloc = 0;
  mallocs = 0;
  frees = 0;
  freeBytes = 0;
  /** Free pages kept resident (what the scavenger may release). */
  freeResident = 0;

  mcache(pp: P): (MSpan | null)[] {
    let c = pp.mcache;
    if (c === null) { c = new Array<MSpan | null>(classToSize.length).fill(null); pp.mcache = c; }
    return c;
  }

  /** The arena spanOf found last: the collector's and the barrier's lookups mostly stay in one. */
  private lastArena = NaN;
  private lastSpans: (MSpan | undefined)[] | undefined;

  spanOf(addr: number): MSpan | undefined {
    const ai = Math.floor(addr / heapArenaBytes);
    let a = this.lastSpans;
    if (ai !== this.lastArena) {
      a = this.arenas.get(ai);
      if (a === undefined) return undefined;
      this.lastArena = ai; this.lastSpans = a;
    }
    return a![Math.floor((addr - ai * heapArenaBytes) / pageSize)];
  }

  /** setSpans: pages [base, base + npages) belong to `s` (or to none, undefined). */
  private setSpans(base: number, npages: number, s: MSpan | undefined): void {
    const p0 = Math.floor(base / pageSize);
    for (let i = 0; i < npages;) {
      const ai = Math.floor((p0 + i) / PAGES_PER_ARENA);
      let a = this.arenas.get(ai);
      if (a === undefined) { if (s === undefined) { i += PAGES_PER_ARENA - ((p0 + i) % PAGES_PER_ARENA); continue; } a = new Array<MSpan | undefined>(PAGES_PER_ARENA).fill(undefined); this.arenas.set(ai, a); }
      for (let j = (p0 + i) % PAGES_PER_ARENA; j < PAGES_PER_ARENA && i < npages; j++, i++) a[j] = s;
    }
  }

  /**
   * mheap.alloc: a span of npages from a free run (split if longer) or fresh arena pages. A plain
   * function (the span as a finished run, `returning`) unless a new arena must be mapped.
   */
  allocSpan(npages: number): Gen<MSpan> {
    // allspans is a JavaScript Set, which holds at most 2^24 entries: 16.7 M spans, 128 GiB of
    // one-page spans. The simulator's bound on a heap, met as Go meets the end of its memory.
    if (this.allspans.size >= MAX_SPANS) throw new GoFatal('runtime: out of memory');
    let s: MSpan | undefined;
    const exact = this.free.get(npages);
    if (exact !== undefined && exact.length > 0) s = exact.pop()!;
    else {
      for (const [n, list] of this.free) {
        if (n > npages && list.length > 0) {
          const big = list.pop()!;
          this.unmapPages(big);
          const rest = new MSpan(big.base + npages * pageSize, n - npages);
          rest.needzero = big.needzero; rest.scavenged = big.scavenged;
          this.freeResident -= big.scavenged ? 0 : n * pageSize;
          this.putFree(rest);
          s = new MSpan(big.base, npages); s.needzero = big.needzero; s.scavenged = big.scavenged;
          this.freeResident += big.scavenged ? 0 : npages * pageSize;
          break;
        }
      }
    }
    if (s === undefined) {
      if (this.arenaNext + npages * pageSize > this.arenaEnd) return this.allocSpanGrowing(npages);
      return returning(this.inUse(this.freshSpan(npages)));
    }
    this.unmapPages(s);
    if (!s.scavenged) this.freeResident -= npages * pageSize;
    return returning(this.inUse(s));
  }

  /** allocSpan when the arena is used up: a new one mapped (sysAlloc), the span cut from it. */
  private *allocSpanGrowing(npages: number): Gen<MSpan> {
    const bytes = npages * pageSize;
    const len = Math.max(heapArenaBytes, Math.ceil(bytes / heapArenaBytes) * heapArenaBytes);
    // An arena for one object larger than an arena is mapped as sysMap maps it, committed
    // (no MAP_NORESERVE): the kernel refuses what it cannot back, and Go throws.
    const r: number = yield* this.os.mmap(len, len <= heapArenaBytes);
    if (r < 0) throw new GoFatal('runtime: out of memory');
    // A new arena: the rest of the old one (if any) is abandoned as Go abandons a partly used hint.
    // Spans are page-aligned (Go aligns arenas to 64 MiB): the first partial page is skipped.
    this.arenaNext = Math.ceil(r / pageSize) * pageSize; this.arenaEnd = r + len;
    this.heapSys += len; this.heapReleased += len;
    return this.inUse(this.freshSpan(npages));
  }

  /** A span of never-touched arena pages (counted as released until used). */
  private freshSpan(npages: number): MSpan {
    const s = new MSpan(this.arenaNext, npages);
    this.arenaNext += npages * pageSize;
    s.scavenged = true;
    return s;
  }

  /** The span taken into use: its pages counted and mapped to it. */
  private inUse(s: MSpan): MSpan {
    const npages = s.npages;
    if (s.scavenged) { this.heapReleased -= npages * pageSize; s.scavenged = false; }
    s.state = mSpanInUse;
    this.heapInuse += npages * pageSize;
    this.setSpans(s.base, npages, s);
    this.allspans.add(s);
    return s;
  }

  /** mheap.freeSpan: the pages go back to the free runs (resident until scavenged). */
  freeSpan(s: MSpan): void {
    if (s.state !== mSpanInUse) throw new Error('assertion: freeSpan of a span not in use');
    s.state = mSpanFree;
    this.allspans.delete(s);
    this.unmapPages(s);
    this.heapInuse -= s.npages * pageSize;
    this.freeResident += s.npages * pageSize;
    s.needzero = true;
    // The bitmaps stay for initSpan to clear and use again if the span is reused for as many objects
    // (nothing reads a free span's: the collector and the allocator look at spans in use only).
    s.objs = null; s.sizeclass = 0; s.allocCount = 0;
    this.putFree(s);
  }

  /** The background scavenger's work: release free resident pages beyond `retain` bytes of heap. */
  *scavenge(retain: number): Gen<number> {
    let released = 0;
    for (const list of this.free.values()) {
      for (const s of list) {
        if (this.heapInuse + this.freeResident <= retain) return released;
        if (s.scavenged) continue;
        yield* this.os.madviseDontneed(s.base, s.npages * pageSize);
        s.scavenged = true; s.needzero = false;
        this.freeResident -= s.npages * pageSize;
        this.heapReleased += s.npages * pageSize;
        released += s.npages * pageSize;
      }
    }
    return released;
  }

  private putFree(s: MSpan): void {
    let l = this.free.get(s.npages);
    if (l === undefined) { l = []; this.free.set(s.npages, l); }
    l.push(s);
  }
  private unmapPages(s: MSpan): void {
    this.setSpans(s.base, s.npages, undefined);
  }
}
