// malloc and free, organised as glibc's ptmalloc is at the level that shows in
// numbers: small requests are carved from the heap that brk grows (in steps of
// at least M_TOP_PAD), freed chunks are reused (exact-size bins for small
// sizes, best fit above) and coalesced with free neighbours, free memory at the
// top is given back with brk past M_TRIM_THRESHOLD, and requests of
// M_MMAP_THRESHOLD or more get their own mmap. Chunks are laid out as glibc's:
// the user pointer is 16 bytes into the chunk, the chunk size is the request plus
// 8 bytes (SIZE_SZ) rounded up to 16, at least 32 (the next chunk's prev_size
// field overlaps the tail of this one). malloc and free write the header, so the
// pages they touch become resident.
//
// The bookkeeping lives in this object (the allocator's own view of its arena);
// the chunk headers it writes are real stores into the process's memory.

/** Offset of the user pointer in a chunk (prev_size + size fields). */
export const CHUNK_HEADER = 16;
/** SIZE_SZ: the per-chunk overhead that counts against the request. */
const SIZE_SZ = 8;
export const MALLOC_ALIGN = 16;
export const M_MMAP_THRESHOLD = 128 * 1024;
export const M_TOP_PAD = 128 * 1024;
export const M_TRIM_THRESHOLD = 128 * 1024;
const SMALL_BINS = 64; // exact bins for chunk sizes 32..1024 step 16

export interface Chunk { addr: number; size: number; free: boolean; prev: Chunk | null; next: Chunk | null }

/** The arena's decisions; the caller performs the syscalls and stores they ask for. */
export class Arena {
  heapStart = 0;
  top = 0;        // first byte of the top chunk (unallocated tail of the heap)
  heapEnd = 0;    // the current break
  private byAddr = new Map<number, Chunk>();
  private last: Chunk | null = null; // chunk just below top
  private small: Chunk[][] = Array.from({ length: SMALL_BINS }, () => []);
  private large: Chunk[] = []; // sorted by size
  readonly mmapped = new Map<number, number>(); // user addr → mapping length
  inUse = 0;
  peakInUse = 0;

  static chunkSize(n: number): number { return Math.max(32, Math.ceil((n + SIZE_SZ) / MALLOC_ALIGN) * MALLOC_ALIGN); }

  private binIndex(size: number): number { return size <= 1024 ? (size >> 4) - 2 : -1; }

  private unbin(c: Chunk): void {
    const bi = this.binIndex(c.size);
    const list = bi >= 0 ? this.small[bi]! : this.large;
    const i = list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
  }

  private bin(c: Chunk): void {
    const bi = this.binIndex(c.size);
    if (bi >= 0) { this.small[bi]!.push(c); return; }
    let lo = 0; let hi = this.large.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (this.large[m]!.size < c.size) lo = m + 1; else hi = m; }
    this.large.splice(lo, 0, c);
  }

  /** A free chunk of at least `size`, taken out of its bin (split if much larger), or null. */
  takeFree(size: number): Chunk | null {
    const bi = this.binIndex(size);
    let c: Chunk | undefined;
    if (bi >= 0 && this.small[bi]!.length > 0) c = this.small[bi]!.pop();
    if (c === undefined) {
      let lo = 0; let hi = this.large.length;
      while (lo < hi) { const m = (lo + hi) >> 1; if (this.large[m]!.size < size) lo = m + 1; else hi = m; }
      if (lo < this.large.length) { c = this.large[lo]; this.large.splice(lo, 1); }
      else if (bi >= 0) {
        // A larger small chunk, split below. (A large request never takes a small chunk: they are all smaller.)
        for (let b = bi + 1; b < SMALL_BINS && c === undefined; b++) if (this.small[b]!.length > 0) c = this.small[b]!.pop();
      }
    }
    if (c === undefined) return null;
    c.free = false;
    if (c.size - size >= 32) this.split(c, size);
    return c;
  }

  private split(c: Chunk, size: number): void {
    const rest: Chunk = { addr: c.addr + size, size: c.size - size, free: true, prev: c, next: c.next };
    if (c.next) c.next.prev = rest; else this.last = rest;
    c.next = rest; c.size = size;
    this.byAddr.set(rest.addr, rest);
    this.bin(rest);
  }

  /** Carve `size` from the top chunk; the caller must have grown the heap enough. */
  carveTop(size: number): Chunk {
    const c: Chunk = { addr: this.top, size, free: false, prev: this.last, next: null };
    if (this.last) this.last.next = c;
    this.last = c;
    this.byAddr.set(c.addr, c);
    this.top += size;
    return c;
  }

  /** Bytes the break must grow by before `size` can be carved from the top. */
  topShortfall(size: number): number { return Math.max(0, this.top + size - this.heapEnd); }

  /** Free a heap chunk, coalescing with free neighbours (or into the top). */
  release(addr: number): Chunk | null {
    const c = this.byAddr.get(addr);
    if (c === undefined || c.free) return null;
    c.free = true;
    let m = c;
    if (m.prev && m.prev.free) { const p = m.prev; this.unbin(p); this.absorb(p, m); m = p; }
    if (m.next && m.next.free) { const n = m.next; this.unbin(n); this.absorb(m, n); }
    if (m.next === null) { // merge into top
      this.top = m.addr; this.last = m.prev; if (m.prev) m.prev.next = null;
      this.byAddr.delete(m.addr);
    } else this.bin(m);
    return c;
  }

  private absorb(a: Chunk, b: Chunk): void {
    a.size += b.size; a.next = b.next;
    if (b.next) b.next.prev = a; else this.last = a;
    this.byAddr.delete(b.addr);
  }

  sizeOf(addr: number): number { return this.byAddr.get(addr)?.size ?? 0; }

  /** What free() would find at chunk `addr`: a chunk in use, one already free, or no chunk (an invalid pointer). */
  chunkState(addr: number): 'inuse' | 'free' | 'none' {
    const c = this.byAddr.get(addr);
    if (c !== undefined) return c.free ? 'free' : 'inuse';
    // A chunk merged into the top or into a free neighbour is free memory of the heap.
    return addr >= this.heapStart && addr < this.heapEnd && addr % 16 === 0 ? 'free' : 'none';
  }
}
