// Address spaces (Linux's mm_struct): VMAs, a page table, brk and mmap.
//
// Pages are mapped on first touch: mmap only records a VMA; the page fault
// handler finds the VMA, takes a zeroed frame and maps it. RSS is the number of
// mapped pages; VSZ the total size of the VMAs. The kernel copies to and from
// user memory through the same walk (copy_to_user / copy_from_user), faulting
// pages in where a VMA allows it and returning EFAULT where none does.
//
// Layout (x86-64-like): program text at 0x400000, the heap (brk) from 16 MiB up,
// mmap regions allocated downward below the main thread's stack.
//
// The VMAs live in an augmented balanced tree (vma-tree.ts), so a process with
// tens of thousands of mappings (thread stacks and their guard pages, up to
// vm.max_map_count) pays O(log n) per mmap, munmap, mprotect and fault.

import type { PageTable } from '../machine/core.ts';
import type { PhysicalMemory } from '../machine/memory.ts';
import { PROT_READ, PROT_WRITE, PROT_EXEC, MAP_FIXED, MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, MAP_GROWSDOWN, MAP_FIXED_NOREPLACE, MAP_NORESERVE } from './uapi/flags.ts';
import { EINVAL, ENOMEM, EEXIST, EFAULT, EPERM } from './uapi/errno.ts';
import { VmaTree, type VmaNode } from './vma-tree.ts';

export const TEXT_START = 0x400000;
export const TEXT_SIZE = 0x100000;
export const DATA_START = 0x600000;
export const DATA_SIZE = 0x100000;
export const BRK_START = 0x1000000;
export const STACK_TOP = 0x7fff_ffff_f000;
export const STACK_SIZE = 8 * 1024 * 1024;
export const MMAP_TOP = STACK_TOP - STACK_SIZE - 0x10_0000_0000; // a gap below the stack, as mmap_base leaves
export const TASK_SIZE = 0x7fff_ffff_f000;
const REGION_PAGES = 512;

/**
 * A page-table page: the entries of one 2 MiB region (what x86-64's last level holds, 512 of
 * them), pfn * 2 + writable bit, -1 where no page is mapped; and how many are mapped, so that a
 * page with none left is freed (free_pte_range). A lookup is an index, as the MMU's walk is.
 */
class PtePage {
  readonly e = new Int32Array(REGION_PAGES).fill(-1);
  n = 0;
}
/** The most one read or write moves (Linux's MAX_RW_COUNT: INT_MAX rounded down to a page, 2 GiB - 4 KiB). */
export const MAX_RW_COUNT = 0x7fff_f000;
/** vm.mmap_min_addr: no MAP_FIXED mapping below it, so that a NULL dereference always faults. */
export const MMAP_MIN_ADDR = 65536;
/** vm.max_map_count: Linux's default limit on VMAs per process (what caps thread stacks near 32k). */
export const MAX_MAP_COUNT = 65530;

export interface Vma { start: number; end: number; prot: number; flags: number; name: string }

export type FaultResult = 'ok' | 'maperr' | 'accerr' | 'oom';

export class AddressSpace implements PageTable {
  /** Sorted, non-overlapping (mm->mm_rb and the vm_next list). */
  private readonly vmas = new VmaTree();
  /**
   * The page table, for the MMU's lookups: the page-table page of each 2 MiB region with
   * pages mapped (the upper levels, as a map of region numbers: keys stay small integers,
   * which a page number high in a 47-bit address space is not). Unmapping a range visits the
   * pages of the regions that have any mapped, as zap_pte_range does.
   */
  private regions = new Map<number, PtePage>();
  /** The region translate looked up last: the MMU's lookups mostly stay in one. */
  private lastRegion = NaN;
  private lastPtes: PtePage | undefined;
  private rss = 0;
  readonly pageSize: number;
  brkStart = BRK_START;
  brk = BRK_START;
  private mmapCursor = MMAP_TOP;
  vsz = 0;
  vszPeak = 0;
  rssPeak = 0;
  faults = 0;

  constructor(private readonly mem: PhysicalMemory) { this.pageSize = mem.frameSize; }

  get rssPages(): number { return this.rss; }
  get rssBytes(): number { return this.rss * this.pageSize; }

  /**
   * Bumped by every change to an entry a core's TLB may hold — a page unmapped, a protection
   * changed, the address space torn down — as x86 Linux bumps mm->context.tlb_gen for a flush
   * (src/machine/tlb.ts). Mapping a page that was absent needs no flush: misses are not cached.
   */
  tlbGen = 0;

  translate(vpn: number, write: boolean): number {
    const e = this.pte(vpn);
    if (e < 0 || (write && (e & 1) === 0)) return -1;
    return e >>> 1;
  }

  pte(vpn: number): number {
    const r = Math.floor(vpn / REGION_PAGES);
    let ptes = this.lastPtes;
    if (r !== this.lastRegion) {
      ptes = this.regions.get(r);
      if (ptes === undefined) return -1;
      this.lastRegion = r; this.lastPtes = ptes;
    }
    return ptes!.e[vpn - r * REGION_PAGES]!;
  }

  /** The VMA containing `addr` (vma_lookup). */
  findVma(addr: number): Vma | undefined {
    const n = this.vmas.lookup(addr);
    return n === null ? undefined : n.vma;
  }

  /** How many VMAs there are (mm->map_count). */
  get mapCount(): number { return this.vmas.count; }

  /** The VMAs in address order (a copy of the list, for reports and tests). */
  vmaList(): Vma[] { return this.vmas.toArray().map((v) => ({ ...v })); }

  private overlaps(start: number, end: number): boolean {
    const n = this.vmas.findVma(start);
    return n !== null && n.vma.start < end;
  }

  private link(vma: Vma): VmaNode { return this.vmas.insert(vma); }

  private unlink(n: VmaNode): void { this.vmas.remove(n); }

  private insertVma(vma: Vma): void {
    this.link(vma);
    this.vsz += vma.end - vma.start;
    if (this.vsz > this.vszPeak) this.vszPeak = this.vsz;
  }

  private alignUp(n: number): number { return Math.ceil(n / this.pageSize) * this.pageSize; }

  /** mmap(2) for anonymous memory. Returns the address or a negative errno. */
  mmap(addr: number, len: number, prot: number, flags: number, name = 'anon'): number {
    if (!Number.isInteger(len) || len <= 0) return -EINVAL;
    if (len > TASK_SIZE) return -ENOMEM;
    if ((flags & (MAP_PRIVATE | MAP_SHARED)) === 0) return -EINVAL;
    if ((flags & MAP_ANONYMOUS) === 0) return -EINVAL; // no files to map in gomachine
    len = this.alignUp(len);
    let start: number;
    if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) !== 0) {
      if (!Number.isSafeInteger(addr) || addr < 0 || addr % this.pageSize !== 0) return -EINVAL;
      if (addr < MMAP_MIN_ADDR) return -EPERM; // security_mmap_addr
      start = addr;
      if (start + len > TASK_SIZE) return -ENOMEM;
      if (this.overlaps(start, start + len)) {
        if ((flags & MAP_FIXED_NOREPLACE) !== 0) return -EEXIST;
        this.munmap(start, len);
      }
    } else {
      if (this.vmas.count >= MAX_MAP_COUNT) return -ENOMEM;
      if (this.overcommits(len, prot, flags)) return -ENOMEM;
      start = this.findFree(len);
      if (start < 0) return -ENOMEM;
    }
    this.insertVma({ start, end: start + len, prot, flags, name: (flags & MAP_GROWSDOWN) !== 0 ? 'stack' : name });
    return start;
  }

  /**
   * vm.overcommit_memory = 0 (the heuristic): a private writable mapping is committed
   * memory, and one larger than all of RAM (there is no swap) is refused at once.
   * MAP_NORESERVE mappings are not counted (as mode 0 leaves them); their pages can
   * still run out when touched, and then the OOM killer chooses.
   */
  private overcommits(len: number, prot: number, flags: number): boolean {
    if ((flags & MAP_NORESERVE) !== 0 || (flags & MAP_SHARED) !== 0 || (prot & PROT_WRITE) === 0) return false;
    return len > this.mem.totalFrames * this.mem.frameSize;
  }

  /**
   * Top-down first fit below the mmap cursor, then anywhere below MMAP_TOP (the
   * cursor is the free_area_cache Linux kept before 3.8).
   */
  private findFree(len: number): number {
    let end = this.mmapCursor;
    for (let pass = 0; pass < 2; pass++) {
      const candidate = this.unmappedAreaTopdown(end, len);
      if (candidate >= 0) { this.mmapCursor = candidate; return candidate; }
      end = MMAP_TOP;
    }
    return -1;
  }

  /**
   * The highest `len` bytes free below `limit`: the hole between the last VMA
   * starting below `limit` and `limit`, else the highest hole below that which is
   * large enough (one tree search), else the hole below the lowest VMA, whose
   * floor is 256 MiB above the break. -1 if none.
   */
  private unmappedAreaTopdown(limit: number, len: number): number {
    const floor = this.brk + 0x1000_0000;
    const top = this.vmas.lastStartingBelow(limit);
    if (top === null) return limit - len >= floor ? limit - len : -1;
    if (limit - len >= top.vma.end) return limit - len;
    const above = this.vmas.highestGapBelow(limit, len);
    if (above !== null) return above.vma.start - len;
    const lowest = this.vmas.first!.vma.start;
    return lowest - len >= floor ? lowest - len : -1;
  }

  /** split_vma: cut `n`'s VMA at `addr` (inside it); returns the upper part. */
  private split(n: VmaNode, addr: number): VmaNode {
    const upper = { ...n.vma, start: addr };
    this.vmas.setEnd(n, addr);
    return this.link(upper);
  }

  /**
   * Split the VMAs so that `addr` and `end` fall on VMA boundaries, and return the
   * first VMA inside [addr, end) (the rest follow on the list), or null. O(log n + k).
   */
  private carve(addr: number, end: number): VmaNode | null {
    let first = this.vmas.findVma(addr);
    if (first !== null && first.vma.start < addr) first = this.split(first, addr);
    for (let w = first; w !== null && w.vma.start < end; w = w.next) {
      if (w.vma.end > end) this.split(w, end);
    }
    return first;
  }

  munmap(addr: number, len: number): number {
    if (!Number.isSafeInteger(addr) || !Number.isSafeInteger(len)) return -EINVAL;
    if (addr % this.pageSize !== 0 || len <= 0 || addr < 0 || addr > TASK_SIZE || len > TASK_SIZE - addr) return -EINVAL;
    const end = addr + this.alignUp(len);
    for (let w = this.carve(addr, end); w !== null && w.vma.start < end;) {
      const v = w.vma; const next = w.next;
      this.unmapPages(v.start, v.end);
      this.vsz -= v.end - v.start;
      this.unlink(w);
      w = next;
    }
    if (end > this.mmapCursor) this.mmapCursor = Math.min(MMAP_TOP, Math.max(this.mmapCursor, end));
    return 0;
  }

  /** madvise(MADV_DONTNEED): drop the pages, keep the mapping (they read as zero again). */
  dontneed(addr: number, len: number): void { this.unmapPages(addr, addr + this.alignUp(len)); }

  mprotect(addr: number, len: number, prot: number): number {
    if (!Number.isSafeInteger(addr) || !Number.isSafeInteger(len) || addr % this.pageSize !== 0 || len < 0) return -EINVAL;
    if (len === 0) return 0;
    if (addr < 0 || addr + len > TASK_SIZE) return -ENOMEM;
    const end = addr + this.alignUp(len);
    for (let a = addr; a < end;) {
      const v = this.findVma(a);
      if (v === undefined) return -ENOMEM;
      a = v.end;
    }
    for (let w = this.carve(addr, end); w !== null && w.vma.start < end; w = w.next) w.vma.prot = prot;
    if ((prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) === 0) { this.unmapPages(addr, end); return 0; }
    const first = addr / this.pageSize; const last = end / this.pageSize;
    const w = (prot & PROT_WRITE) !== 0 ? 1 : 0;
    this.tlbGen++; // flush_tlb_range: the cores' TLBs may hold the old permissions
    for (const r of this.regionsIn(first, last)) {
      const e = this.regions.get(r)!.e; const base = r * REGION_PAGES;
      for (let slot = Math.max(first - base, 0), end = Math.min(last - base, REGION_PAGES); slot < end; slot++) {
        if (e[slot]! >= 0) e[slot] = (e[slot]! >>> 1) * 2 + w;
      }
    }
    return 0;
  }

  /**
   * brk(2): returns the new break (or the old one if the request is refused), as
   * Linux does. Like Linux it works on mm->brk and whatever VMAs are there now —
   * the program may have unmapped, remapped or mprotected parts of its heap:
   * shrinking unmaps [new, old) whatever lies there; growing fails if anything is
   * mapped in [old, new), and else extends the VMA that ends at the old break if it
   * is an ordinary read-write heap VMA (do_brk_flags), or maps a new one.
   */
  setBrk(newBrk: number): number {
    if (!Number.isSafeInteger(newBrk) || newBrk < this.brkStart || newBrk > TASK_SIZE) return this.brk;
    const oldEnd = this.alignUp(this.brk); const newEnd = this.alignUp(newBrk);
    if (newEnd < oldEnd) {
      this.munmap(newEnd, oldEnd - newEnd);
    } else if (newEnd > oldEnd) {
      if (this.overlaps(oldEnd, newEnd)) return this.brk;
      const prev = oldEnd > this.brkStart ? this.vmas.lookup(oldEnd - 1) : null;
      if (prev !== null && prev.vma.end === oldEnd && prev.vma.name === 'heap' && prev.vma.prot === (PROT_READ | PROT_WRITE)) {
        this.vmas.setEnd(prev, newEnd);
        this.vsz += newEnd - oldEnd; if (this.vsz > this.vszPeak) this.vszPeak = this.vsz;
      } else {
        this.insertVma({ start: oldEnd, end: newEnd, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS, name: 'heap' });
      }
    }
    this.brk = newBrk;
    return this.brk;
  }

  /** handle_mm_fault: map the page holding `addr` if a VMA allows the access. */
  fault(addr: number, write: boolean): FaultResult {
    const v = this.findVma(addr);
    if (v === undefined) return 'maperr';
    if (write ? (v.prot & PROT_WRITE) === 0 : (v.prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) === 0) return 'accerr';
    const vpn = Math.floor(addr / this.pageSize);
    const r = Math.floor(vpn / REGION_PAGES); const slot = vpn - r * REGION_PAGES;
    let ptes = this.regions.get(r);
    if (ptes !== undefined && ptes.e[slot]! >= 0) return 'ok';
    const pfn = this.mem.alloc();
    if (pfn < 0) return 'oom';
    if (pfn >= 2 ** 30) throw new Error(`assertion: frame ${pfn} does not fit a page-table entry`);
    if (ptes === undefined) { ptes = new PtePage(); this.regions.set(r, ptes); }
    ptes.e[slot] = pfn * 2 + ((v.prot & PROT_WRITE) !== 0 ? 1 : 0);
    ptes.n++;
    this.rss++;
    this.faults++;
    if (this.rss > this.rssPeak) this.rssPeak = this.rss;
    return 'ok';
  }

  /**
   * The regions with pages mapped that overlap pages [first, last), in address
   * order: a walk over the range, or over the regions present when they are fewer
   * (an unmap of terabytes skips the empty upper levels, as a page table walk does).
   */
  private regionsIn(first: number, last: number): number[] {
    const lo = Math.floor(first / REGION_PAGES); const hi = Math.ceil(last / REGION_PAGES);
    const out: number[] = [];
    if (hi - lo <= this.regions.size) {
      for (let r = lo; r < hi; r++) if (this.regions.has(r)) out.push(r);
    } else {
      for (const r of this.regions.keys()) if (r >= lo && r < hi) out.push(r);
      out.sort((a, b) => a - b);
    }
    return out;
  }

  private unmapPages(start: number, end: number): void {
    const first = Math.floor(start / this.pageSize); const last = Math.ceil(end / this.pageSize);
    this.tlbGen++; // flush_tlb_range (a shootdown): no core may use a translation to a frame freed here
    for (const r of this.regionsIn(first, last)) {
      const ptes = this.regions.get(r)!; const e = ptes.e; const base = r * REGION_PAGES;
      for (let slot = Math.max(first - base, 0), end = Math.min(last - base, REGION_PAGES); slot < end && ptes.n > 0; slot++) {
        if (e[slot]! < 0) continue;
        this.mem.release(e[slot]! >>> 1);
        e[slot] = -1; ptes.n--;
        this.rss--;
      }
      if (ptes.n === 0) {
        this.regions.delete(r);
        if (r === this.lastRegion) { this.lastRegion = NaN; this.lastPtes = undefined; }
      }
    }
  }

  /** mm_users: the processes using this address space (a vfork child borrows its parent's until execve). */
  users = 1;

  /** mmput: drop a user; the last one frees every frame, whichever process it is. */
  mmput(): void {
    if (this.users <= 0) throw new Error('assertion: mmput of an address space with no users');
    if (--this.users === 0) this.release();
  }

  /** Free every frame: the last user is gone. */
  release(): void {
    for (const ptes of this.regions.values()) for (const e of ptes.e) if (e >= 0) this.mem.release(e >>> 1);
    this.regions.clear(); this.lastRegion = NaN; this.lastPtes = undefined; this.rss = 0;
    this.tlbGen++;
    this.vmas.clear(); this.vsz = 0;
  }

  /** access_ok plus VMA permissions: may the kernel copy `len` bytes at `addr`? */
  accessOk(addr: number, len: number, write: boolean): boolean {
    if (!Number.isFinite(addr) || addr < 0 || addr + len > TASK_SIZE) return false;
    let a = addr; const end = addr + len;
    while (a < end) {
      const v = this.findVma(a);
      if (v === undefined) return false;
      if (write ? (v.prot & PROT_WRITE) === 0 : (v.prot & (PROT_READ | PROT_WRITE)) === 0) return false;
      a = v.end;
    }
    return true;
  }

  /** Walk [addr, addr+len) for the kernel, faulting pages in. Calls `fn` per page chunk. */
  private walk(addr: number, len: number, write: boolean, fn: (pfn: number, off: number, done: number, chunk: number) => void): number {
    if (addr < 0 || addr + len > TASK_SIZE || !Number.isFinite(addr)) return -EFAULT;
    let done = 0;
    while (done < len) {
      const va = addr + done; const vpn = Math.floor(va / this.pageSize);
      let pfn = this.translate(vpn, write);
      if (pfn < 0) {
        const r = this.fault(va, write);
        if (r === 'oom') return -ENOMEM;
        if (r !== 'ok') return -EFAULT;
        pfn = this.translate(vpn, write);
      }
      const off = va - vpn * this.pageSize; const chunk = Math.min(len - done, this.pageSize - off);
      fn(pfn, off, done, chunk);
      done += chunk;
    }
    return 0;
  }

  /** copy_from_user: the bytes, or a negative errno (EFAULT). */
  copyIn(addr: number, len: number): Uint8Array | number {
    if (!Number.isSafeInteger(len) || len < 0) return -EFAULT;
    if (!this.accessOk(addr, len, false)) return -EFAULT; // before allocating: the length is the caller's
    const out = new Uint8Array(len);
    const pfn = this.residentPage(addr, len, false);
    if (pfn >= 0) { this.mem.read(pfn, addr % this.pageSize, out, 0, len); return out; }
    const r = this.walk(addr, len, false, (pfn, off, done, chunk) => this.mem.read(pfn, off, out, done, chunk));
    return r < 0 ? r : out;
  }

  /** copy_to_user: 0 or a negative errno (EFAULT). */
  copyOut(addr: number, data: Uint8Array): number {
    const len = data.length;
    const pfn = this.residentPage(addr, len, true);
    if (pfn >= 0) { this.mem.write(pfn, addr % this.pageSize, data, 0, len); return 0; }
    return this.walk(addr, len, true, (pfn, off, done, chunk) => this.mem.write(pfn, off, data, done, chunk));
  }

  /**
   * The frame of [addr, addr+len) when the range lies in one page that is present (and writable
   * for `write`), else -1: the common copy (a socket's 64 bytes, a timespec) with no page walk,
   * what walk would do for it; everything else goes through walk, which faults pages in.
   */
  private residentPage(addr: number, len: number, write: boolean): number {
    if (!(Number.isSafeInteger(addr) && addr >= 0 && len > 0 && addr + len <= TASK_SIZE)) return -1;
    const ps = this.pageSize;
    const vpn = Math.floor(addr / ps);
    if (addr - vpn * ps + len > ps) return -1;
    return this.translate(vpn, write);
  }

  readU32(addr: number): number {
    if (addr % 4 !== 0) return -EINVAL;
    // An aligned word never crosses a page: a resident, readable one is read in place,
    // with no buffer or page-walk callback (a futex wait reads its word on every call).
    if (addr >= 0 && addr + 4 <= TASK_SIZE && this.accessOk(addr, 4, false)) {
      const vpn = Math.floor(addr / this.pageSize);
      const pfn = this.translate(vpn, false);
      if (pfn >= 0) return this.mem.readU32(pfn, addr - vpn * this.pageSize);
    }
    const b = this.copyIn(addr, 4);
    if (typeof b === 'number') return b;
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }
}
