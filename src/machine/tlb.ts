// The TLB: each core's cache of the translations its MMU walked the page table for last.
//
// A real core keeps recent virtual-page → frame translations (with their permission bits) in
// a small set-associative cache, so that most loads and stores never walk the page table;
// here it is direct-mapped, TLB_ENTRIES entries indexed by the low bits of the page number.
// Only present translations are cached (a miss is not remembered), so mapping a new page —
// a page fault — needs no flush, as on x86.
//
// What does need one is a change to an entry that may be cached: munmap, madvise(DONTNEED),
// mprotect, the teardown of an address space. Linux has the CPU that changes a page table
// flush its own TLB and send the others an IPI (a shootdown); x86 counts these flushes per mm
// (mm->context.tlb_gen) and each CPU remembers the generation its TLB is flushed up to. The
// same here: the page table bumps `tlbGen` on every such change, and a core whose TLB was
// filled at an older generation — or for another address space, as loading CR3 without PCIDs
// flushes — empties it before its next lookup. So a stale translation is never used, and the
// TLB changes nothing a run does: it only saves the walk (test/machine/tlb.test.ts).

import type { PageTable } from './core.ts';

/**
 * Entries per core, a power of two: an x86 core's first-level data TLB holds 64 and its
 * second level 1,536–2,048; one direct-mapped level of 2,048 stands for both.
 */
export const TLB_ENTRIES = 2048;

export class Tlb {
  /** The virtual page each entry translates, and the flush it was filled after: an entry of an older flush is empty. */
  private readonly vpns = new Float64Array(TLB_ENTRIES);
  private readonly filled = new Uint32Array(TLB_ENTRIES);
  /** Flushes so far, counting from 1 (0: no entry was ever filled). A flush is this count moved on, not a pass over the entries. */
  private epoch = 1;
  /** The frame of each entry, and whether it may be written (the page-table entry, split: no arithmetic on a lookup). */
  private readonly pfns = new Float64Array(TLB_ENTRIES);
  private readonly writable = new Uint8Array(TLB_ENTRIES);
  /** The address space the entries belong to, and its tlbGen when they were filled. */
  private pt: PageTable | null = null;
  private gen = -1;
  /** Lookups answered without a walk, walks, and flushes (for tests and profiles; they change nothing). */
  hits = 0;
  misses = 0;
  flushes = 0;

  /** The frame backing `vpn` in `pt`, or -1 if it is absent (or not writable for a write): what pt.translate answers. */
  translate(pt: PageTable, vpn: number, write: boolean): number {
    if (pt !== this.pt || pt.tlbGen !== this.gen) this.flush(pt);
    const i = vpn & (TLB_ENTRIES - 1); // the low bits of vpn (ToInt32 keeps them exactly)
    if (this.vpns[i] === vpn && this.filled[i] === this.epoch) {
      this.hits++;
      return write && this.writable[i] === 0 ? -1 : this.pfns[i]!;
    }
    const e = pt.pte(vpn);
    this.misses++;
    if (e < 0) return -1;
    const pfn = Math.floor(e / 2); const w = e - pfn * 2;
    this.vpns[i] = vpn; this.filled[i] = this.epoch; this.pfns[i] = pfn; this.writable[i] = w;
    return write && w === 0 ? -1 : pfn;
  }

  /** Empty the TLB and tag it for `pt` at its current generation. */
  private flush(pt: PageTable): void {
    if (++this.epoch === 2 ** 32) { this.filled.fill(0); this.epoch = 1; }
    this.pt = pt; this.gen = pt.tlbGen;
    this.flushes++;
  }
}
