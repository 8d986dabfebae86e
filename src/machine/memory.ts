// Physical memory: a pool of page frames (4 KiB by default), handed out lazily.
// A frame's bytes exist only once something is written to it; until then it
// reads as zeros, like a freshly zeroed page. The pool size is the machine's RAM.

/** Frames are also seen as 32-bit words, for whole aligned words (readU64/writeU64): only where the host is little-endian, as the machine is. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Copies up to this many bytes go byte by byte: a subarray view for set() is an allocation per copy. */
const SMALL_COPY = 64;
/** Buffers of released frames kept for reuse (1 MiB of 4 KiB frames; each may keep its slab alive). */
const SPARE_BUFFERS = 256;
/**
 * Fresh frames' bytes are cut from slabs of this many frames: an ArrayBuffer of its own per
 * frame cost ~2 µs to make (a zeroed allocation outside the JS heap, and its bookkeeping).
 */
const SLAB_FRAMES = 16;

export class PhysicalMemory {
  readonly frameSize: number;
  readonly frameShift: number;
  readonly totalFrames: number;
  /** The bytes of each frame handed out so far (dense: one slot per frame number below nextFresh). */
  private data: (Uint8Array | undefined)[] = [];
  /** The same bytes as 32-bit words (for each frame whose bytes exist, on a little-endian host). */
  private data32: (Uint32Array | undefined)[] = [];
  private free: number[] = [];
  /** Byte buffers of released frames, zeroed again when a frame is next written. */
  private spare: Uint8Array[] = [];
  /** The slab fresh frames are cut from, and how many of its frames are cut. */
  private slab: ArrayBuffer | null = null;
  private slabUsed = 0;
  private nextFresh = 0;
  inUse = 0;
  peakInUse = 0;

  constructor(bytes: number, frameSize: number) {
    if (!Number.isInteger(Math.log2(frameSize))) throw new Error(`frame size ${frameSize} is not a power of two`);
    this.frameSize = frameSize;
    this.frameShift = Math.log2(frameSize);
    this.totalFrames = Math.floor(bytes / frameSize);
  }

  /** A zeroed frame number, or -1 when memory is exhausted. */
  alloc(): number {
    let pfn: number;
    if (this.free.length > 0) pfn = this.free.pop()!;
    else if (this.nextFresh < this.totalFrames) { pfn = this.nextFresh++; this.data.push(undefined); this.data32.push(undefined); }
    else return -1;
    this.inUse++;
    if (this.inUse > this.peakInUse) this.peakInUse = this.inUse;
    return pfn;
  }

  release(pfn: number): void {
    const d = this.data[pfn];
    if (d !== undefined && this.spare.length < SPARE_BUFFERS) this.spare.push(d);
    this.data[pfn] = undefined;
    this.data32[pfn] = undefined;
    this.free.push(pfn);
    this.inUse--;
  }

  /** The bytes of a frame being written for the first time since it was handed out: zeros. */
  private materialize(pfn: number): Uint8Array {
    const spare = this.spare.pop();
    const d = spare !== undefined ? spare.fill(0) : this.freshBuffer();
    this.data[pfn] = d;
    if (LITTLE_ENDIAN_HOST) this.data32[pfn] = new Uint32Array(d.buffer, d.byteOffset, d.length >>> 2);
    return d;
  }

  /** A zeroed frame-sized view on the current slab (a new slab when it is used up). */
  private freshBuffer(): Uint8Array {
    if (this.slab === null || this.slabUsed === SLAB_FRAMES) { this.slab = new ArrayBuffer(SLAB_FRAMES * this.frameSize); this.slabUsed = 0; }
    return new Uint8Array(this.slab, this.slabUsed++ * this.frameSize, this.frameSize);
  }

  read(pfn: number, off: number, out: Uint8Array, outOff: number, len: number): void {
    const d = this.data[pfn];
    if (d === undefined) out.fill(0, outOff, outOff + len);
    else if (len <= SMALL_COPY) for (let i = 0; i < len; i++) out[outOff + i] = d[off + i]!;
    else out.set(d.subarray(off, off + len), outOff);
  }

  write(pfn: number, off: number, src: Uint8Array, srcOff: number, len: number): void {
    const d = this.data[pfn] ?? this.materialize(pfn);
    if (len <= SMALL_COPY) for (let i = 0; i < len; i++) d[off + i] = src[srcOff + i]!;
    else if (srcOff === 0 && len === src.length) d.set(src, off); // the whole source: no view to make
    else d.set(src.subarray(srcOff, srcOff + len), off);
  }

  /** Whether readU64/writeU64 may be used (a little-endian host). */
  readonly wordAccess = LITTLE_ENDIAN_HOST;

  /** The 8-byte little-endian word at `off` (a multiple of 8) as lo + hi × 2^32: what read() of its bytes decodes to. */
  readU64(pfn: number, off: number): number {
    const d = this.data32[pfn];
    if (d === undefined) return 0;
    const i = off >>> 2;
    return d[i]! + d[i + 1]! * 4294967296;
  }

  /** write() of the 8 little-endian bytes of lo + hi × 2^32 at `off` (a multiple of 8). */
  writeU64(pfn: number, off: number, lo: number, hi: number): void {
    let d = this.data32[pfn];
    if (d === undefined) { this.materialize(pfn); d = this.data32[pfn]!; }
    const i = off >>> 2;
    d[i] = lo; d[i + 1] = hi;
  }

  readU32(pfn: number, off: number): number {
    const d = this.data[pfn];
    if (d === undefined) return 0;
    return (d[off]! | (d[off + 1]! << 8) | (d[off + 2]! << 16) | (d[off + 3]! << 24)) >>> 0;
  }

  writeU32(pfn: number, off: number, v: number): void {
    const d = this.data[pfn] ?? this.materialize(pfn);
    d[off] = v & 0xff; d[off + 1] = (v >>> 8) & 0xff; d[off + 2] = (v >>> 16) & 0xff; d[off + 3] = (v >>> 24) & 0xff;
  }
}
