import { describe, expect, it } from 'vitest';
import { VmaTree, type VmaNode } from '../../src/kernel/vma-tree.ts';
import { AddressSpace, MAX_MAP_COUNT, MMAP_TOP, STACK_SIZE, type Vma } from '../../src/kernel/mm.ts';
import { PhysicalMemory } from '../../src/machine/memory.ts';
import { RngStream } from '../../src/machine/rng.ts';
import { EEXIST, EINVAL, ENOMEM } from '../../src/kernel/uapi/errno.ts';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_PRIVATE, MAP_STACK, PROT_NONE, PROT_READ, PROT_WRITE } from '../../src/kernel/uapi/flags.ts';

const PAGE = 4096;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;

/** The VMAs as a plain sorted array, searched by linear walks: what the tree must agree with. */
class SortedVmas {
  v: Vma[] = [];
  /** How many VMAs start below `addr`. */
  indexAbove(addr: number): number {
    let lo = 0; let hi = this.v.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.v[mid]!.start < addr) lo = mid + 1; else hi = mid; }
    return lo;
  }
  insert(vma: Vma): void { this.v.splice(this.indexAbove(vma.start), 0, vma); }
  remove(vma: Vma): void { this.v.splice(this.indexAbove(vma.start), 1); }
  lookup(addr: number): Vma | undefined { const m = this.v[this.indexAbove(addr + 1) - 1]; return m !== undefined && addr < m.end ? m : undefined; }
  findVma(addr: number): Vma | undefined { const i = this.indexAbove(addr + 1); const m = this.v[i - 1]; return m !== undefined && addr < m.end ? m : this.v[i]; }
  highestGapBelow(limit: number, len: number): Vma | undefined {
    for (let i = this.indexAbove(limit) - 1; i >= 1; i--) if (this.v[i]!.start - this.v[i - 1]!.end >= len) return this.v[i];
    return undefined;
  }
}

function sameList(tree: VmaTree, ref: SortedVmas): boolean {
  const got = tree.toArray();
  return got.length === ref.v.length && got.every((v, i) => v === ref.v[i]);
}

describe('the VMA tree', () => {
  it('agrees with a sorted array through 70,000 random inserts, removals and end moves (up to 19,000 VMAs)', () => {
    const rng = new RngStream(7);
    const tree = new VmaTree(); const ref = new SortedVmas();
    const nodes = new Map<Vma, VmaNode>();
    const SLOTS = 200_000; // one VMA per 16-page slot at most, so they never overlap
    const used = new Set<number>();
    let inserts = 0; let removes = 0; let moves = 0; let peak = 0;
    for (let op = 0; op < 70_000; op++) {
      const r = rng.intn(10);
      if (r < 6 && tree.count < MAX_MAP_COUNT) {
        const slot = rng.intn(SLOTS);
        if (used.has(slot)) continue;
        used.add(slot);
        const start = slot * 16 * PAGE + rng.intn(8) * PAGE;
        const vma: Vma = { start, end: start + (1 + rng.intn(8)) * PAGE, prot: PROT_READ, flags: ANON, name: 'anon' };
        nodes.set(vma, tree.insert(vma)); ref.insert(vma); inserts++;
      } else if (r < 9 && ref.v.length > 0) {
        const vma = ref.v[rng.intn(ref.v.length)]!;
        tree.remove(nodes.get(vma)!); ref.remove(vma); nodes.delete(vma);
        used.delete(Math.floor(vma.start / (16 * PAGE))); removes++;
      } else if (ref.v.length > 0) {
        const vma = ref.v[rng.intn(ref.v.length)]!;
        const slotEnd = (Math.floor(vma.start / (16 * PAGE)) + 1) * 16 * PAGE;
        tree.setEnd(nodes.get(vma)!, vma.start + PAGE * (1 + rng.intn((slotEnd - vma.start) / PAGE))); moves++;
      }
      peak = Math.max(peak, tree.count);
      if (op % 10_000 === 0) { tree.check(); expect(sameList(tree, ref)).toBe(true); }
      if (op % 500 === 0) {
        for (let q = 0; q < 20; q++) {
          const addr = rng.intn(SLOTS * 16) * PAGE + rng.intn(PAGE);
          expect(tree.lookup(addr)?.vma).toBe(ref.lookup(addr));
          expect(tree.findVma(addr)?.vma).toBe(ref.findVma(addr));
          const len = (1 + rng.intn(40)) * PAGE;
          expect(tree.highestGapBelow(addr, len)?.vma).toBe(ref.highestGapBelow(addr, len));
        }
      }
    }
    tree.check();
    expect(sameList(tree, ref)).toBe(true);
    expect([inserts, removes, moves, peak, tree.count]).toEqual([40_046, 21_060, 6_868, 18_986, 18_986]);
  });
});

/**
 * An address space's VMAs as mm.ts kept them in a sorted array, with the free-area
 * search as a walk down the gaps: the model the tree-backed AddressSpace must match
 * call for call (addresses, errors, splits, VSZ).
 */
class ArrayAddressSpace {
  vmas: Vma[] = [];
  brk = 0x1000000; brkStart = 0x1000000; cursor = MMAP_TOP; vsz = 0;
  private endAfter(addr: number): number {
    let lo = 0; let hi = this.vmas.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.vmas[mid]!.end <= addr) lo = mid + 1; else hi = mid; }
    return lo;
  }
  private startsBelow(addr: number): number {
    let lo = 0; let hi = this.vmas.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.vmas[mid]!.start < addr) lo = mid + 1; else hi = mid; }
    return lo;
  }
  private overlaps(s: number, e: number): boolean { const m = this.vmas[this.endAfter(s)]; return m !== undefined && m.start < e; }
  private insert(v: Vma): void { this.vmas.splice(this.endAfter(v.start), 0, v); this.vsz += v.end - v.start; }
  private align(n: number): number { return Math.ceil(n / PAGE) * PAGE; }
  find(addr: number): Vma | undefined { const m = this.vmas[this.endAfter(addr)]; return m !== undefined && m.start <= addr ? m : undefined; }
  mmap(addr: number, len: number, prot: number, flags: number): number {
    if (len <= 0) return -EINVAL;
    len = this.align(len);
    let start: number;
    if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) !== 0) {
      if (addr % PAGE !== 0) return -EINVAL;
      start = addr;
      if (this.overlaps(start, start + len)) { if ((flags & MAP_FIXED_NOREPLACE) !== 0) return -EEXIST; this.munmap(start, len); }
    } else {
      if (this.vmas.length >= MAX_MAP_COUNT) return -ENOMEM;
      start = -1;
      let end = this.cursor;
      for (let pass = 0; pass < 2 && start < 0; pass++, end = MMAP_TOP) {
        let j = this.startsBelow(end) - 1;
        for (; j >= -1; j--) {
          const v = this.vmas[j];
          const low = v === undefined ? this.brk + 0x1000_0000 : v.end;
          if (end - len >= low) { start = end - len; this.cursor = start; break; }
          if (v !== undefined) end = Math.min(end, v.start);
        }
      }
      if (start < 0) return -ENOMEM;
    }
    this.insert({ start, end: start + len, prot, flags, name: 'anon' });
    return start;
  }
  private carve(addr: number, end: number): [number, number] {
    let lo = this.endAfter(addr);
    const v = this.vmas[lo];
    if (v !== undefined && v.start < addr) { this.vmas.splice(lo + 1, 0, { ...v, start: addr }); v.end = addr; lo++; }
    let hi = lo;
    while (hi < this.vmas.length && this.vmas[hi]!.start < end) {
      const w = this.vmas[hi]!;
      if (w.end > end) { this.vmas.splice(hi + 1, 0, { ...w, start: end }); w.end = end; }
      hi++;
    }
    return [lo, hi];
  }
  munmap(addr: number, len: number): number {
    if (addr % PAGE !== 0 || len <= 0) return -EINVAL;
    const end = addr + this.align(len);
    const [lo, hi] = this.carve(addr, end);
    for (let i = lo; i < hi; i++) this.vsz -= this.vmas[i]!.end - this.vmas[i]!.start;
    this.vmas.splice(lo, hi - lo);
    if (end > this.cursor) this.cursor = Math.min(MMAP_TOP, Math.max(this.cursor, end));
    return 0;
  }
  mprotect(addr: number, len: number, prot: number): number {
    if (addr % PAGE !== 0) return -EINVAL;
    const end = addr + this.align(len);
    for (let a = addr; a < end;) { const v = this.find(a); if (v === undefined) return -ENOMEM; a = v.end; }
    const [lo, hi] = this.carve(addr, end);
    for (let i = lo; i < hi; i++) this.vmas[i]!.prot = prot;
    return 0;
  }
  setBrk(newBrk: number): number {
    if (newBrk === 0 || newBrk < this.brkStart) return this.brk;
    const oldEnd = this.align(this.brk); const newEnd = this.align(newBrk);
    const heap = this.vmas[this.endAfter(this.brkStart)]?.name === 'heap' ? this.vmas[this.endAfter(this.brkStart)] : undefined; // nothing cuts the heap here
    if (newEnd > oldEnd) {
      if (this.overlaps(oldEnd, newEnd)) return this.brk;
      if (heap !== undefined) { heap.end = newEnd; this.vsz += newEnd - oldEnd; }
      else this.insert({ start: this.brkStart, end: newEnd, prot: PROT_READ | PROT_WRITE, flags: ANON, name: 'heap' });
    } else if (newEnd < oldEnd && heap !== undefined) {
      this.vsz -= oldEnd - newEnd; heap.end = newEnd;
      if (heap.end === heap.start) this.vmas = this.vmas.filter((v) => v !== heap);
    }
    this.brk = newBrk;
    return this.brk;
  }
}

function sameVmas(a: Vma[], b: Vma[]): boolean {
  return a.length === b.length && a.every((v, i) => {
    const w = b[i]!;
    return v.start === w.start && v.end === w.end && v.prot === w.prot && v.flags === w.flags && v.name === w.name;
  });
}

/**
 * The start of a random VMA other than brk's: brk grows or shrinks the lowest
 * heap VMA, which assumes nothing has cut the heap (mm.ts asserts it).
 */
function someStart(ref: ArrayAddressSpace, rng: RngStream): number | undefined {
  if (ref.vmas.length === 0) return undefined;
  const v = ref.vmas[rng.intn(ref.vmas.length)]!;
  return v.name === 'heap' ? undefined : v.start;
}

describe('address spaces with many VMAs', () => {
  it('place, split and unmap VMAs exactly as a walk over a sorted array does, through 70,000 random calls', () => {
    const rng = new RngStream(11);
    const mm = new AddressSpace(new PhysicalMemory(1 << 30, PAGE)); const ref = new ArrayAddressSpace();
    // A 64 MiB window just below MMAP_TOP, so fixed maps, unmaps and protections keep hitting each other.
    const WINDOW = 16_384;
    const base = MMAP_TOP - WINDOW * PAGE;
    const counts = { mmap: 0, fixed: 0, munmap: 0, mprotect: 0, brk: 0, fault: 0, ENOMEM: 0, EEXIST: 0 };
    let peak = 0;
    for (let op = 0; op < 70_000; op++) {
      const r = rng.intn(100);
      const addr = base + rng.intn(WINDOW) * PAGE;
      const len = (1 + rng.intn(16)) * PAGE - (rng.intn(4) === 0 ? 100 : 0);
      const prot = [PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE][rng.intn(3)]!;
      let got: number | string; let want: number | string;
      if (r < 30) {
        counts.mmap++; got = mm.mmap(0, len, prot, ANON); want = ref.mmap(0, len, prot, ANON);
      } else if (r < 35) {
        counts.fixed++;
        const flags = ANON | (rng.intn(2) === 0 ? MAP_FIXED : MAP_FIXED_NOREPLACE);
        got = mm.mmap(addr, len, prot, flags); want = ref.mmap(addr, len, prot, flags);
      } else if (r < 60) {
        counts.munmap++;
        const a = rng.intn(2) === 0 ? someStart(ref, rng) ?? addr : addr;
        got = mm.munmap(a, len); want = ref.munmap(a, len);
      } else if (r < 85) {
        counts.mprotect++;
        const a = rng.intn(2) === 0 ? someStart(ref, rng) ?? addr : addr;
        got = mm.mprotect(a, len, prot); want = ref.mprotect(a, len, prot);
      } else if (r < 90) {
        counts.brk++;
        const b = ref.brkStart + rng.intn(2048) * 1000;
        got = mm.setBrk(b); want = ref.setBrk(b);
      } else {
        counts.fault++;
        const a = addr + rng.intn(PAGE); const write = rng.intn(2) === 0;
        got = mm.fault(a, write);
        const v = ref.find(a);
        want = v === undefined ? 'maperr' : (write ? (v.prot & PROT_WRITE) === 0 : (v.prot & (PROT_READ | PROT_WRITE)) === 0) ? 'accerr' : 'ok';
      }
      if (got !== want) expect({ op, got }).toEqual({ op, got: want });
      if (got === -ENOMEM) counts.ENOMEM++; // mprotect of a range with a hole in it
      if (got === -EEXIST) counts.EEXIST++; // MAP_FIXED_NOREPLACE over a mapping
      peak = Math.max(peak, mm.mapCount);
      if (op % 100 === 0 || op === 69_999) {
        expect(mm.mapCount).toBe(ref.vmas.length);
        expect(mm.vsz).toBe(ref.vsz);
        if (op % 5000 === 0 || op === 69_999) expect(sameVmas(mm.vmaList(), ref.vmas)).toBe(true);
      }
    }
    expect(counts).toEqual({ mmap: 20_852, fixed: 3_545, munmap: 17_644, mprotect: 17_361, brk: 3_513, fault: 7_085, ENOMEM: 6_399, EEXIST: 1_632 });
    expect([peak, mm.mapCount, mm.vsz]).toEqual([9_286, 9_286, 219_041_792]);
  });

  it('falls back to the hole below the lowest VMA, down to 256 MiB above the break, then fails with ENOMEM', () => {
    const mm = new AddressSpace(new PhysicalMemory(1 << 30, PAGE)); const ref = new ArrayAddressSpace();
    const GiB = 2 ** 30; const MiB = 2 ** 20;
    const calls: [number, number, number][] = [
      [2 * GiB, MMAP_TOP - 2 * GiB, ANON | MAP_FIXED], // everything from 2 GiB to the top of the mmap area
      [0, GiB, ANON],                                    // only fits below it
      [0, GiB, ANON],                                    // 1 GiB is left below, but the floor is brk + 256 MiB
      [0, 512 * MiB, ANON],                              // fits right below the cursor
      [0, 240 * MiB, ANON],                              // the rest, down to the floor: 16 MiB + 256 MiB
      [0, PAGE, ANON],                                   // nothing left
    ];
    const got = calls.map(([a, len, flags]) => mm.mmap(a, len, PROT_READ, flags));
    expect(got).toEqual(calls.map(([a, len, flags]) => ref.mmap(a, len, PROT_READ, flags)));
    expect(got).toEqual([2 * GiB, GiB, -ENOMEM, 512 * MiB, 272 * MiB, -ENOMEM]);
  });

  it('runs out of vm.max_map_count after 32,764 thread stacks with guard pages, as pthread_create does', () => {
    const mm = new AddressSpace(new PhysicalMemory(1 << 30, PAGE));
    mm.mmap(0x400000, 0x100000, PROT_READ, ANON | MAP_FIXED, 'text');
    mm.mmap(0x600000, 0x100000, PROT_READ | PROT_WRITE, ANON | MAP_FIXED, 'data');
    const stacks: number[] = [];
    for (;;) {
      const a = mm.mmap(0, STACK_SIZE + PAGE, PROT_READ | PROT_WRITE, ANON | MAP_STACK);
      if (a < 0) { expect(a).toBe(-ENOMEM); break; }
      expect(mm.mprotect(a, PAGE, PROT_NONE)).toBe(0);
      stacks.push(a);
    }
    expect(stacks.length).toBe(32_764);
    expect(mm.mapCount).toBe(2 + 2 * 32_764);
    // Top down, each right below the one before.
    expect(stacks[0]).toBe(MMAP_TOP - (STACK_SIZE + PAGE));
    expect(stacks[32_763]).toBe(MMAP_TOP - 32_764 * (STACK_SIZE + PAGE));
    expect(mm.vsz).toBe(0x200000 + 32_764 * (STACK_SIZE + PAGE));
    // Unmapping a stack from the middle gives back both its mappings, and the next stack takes its place.
    expect(mm.munmap(stacks[1000]!, STACK_SIZE + PAGE)).toBe(0);
    expect(mm.mapCount).toBe(2 + 2 * 32_763);
    expect(mm.mmap(0, STACK_SIZE + PAGE, PROT_READ | PROT_WRITE, ANON | MAP_STACK)).toBe(stacks[1000]);
    for (const a of stacks) expect(mm.munmap(a, STACK_SIZE + PAGE)).toBe(0);
    expect(mm.mapCount).toBe(2);
    expect(mm.vsz).toBe(0x200000);
  });
});
