// The span of an address is found through the arena's spans array (one map entry per
// 64 MiB arena, not per page), across arena boundaries and for spans larger than an arena.
import { describe, it, expect } from 'vitest';
import { MHeap, pageSize, heapArenaBytes, type MSpan } from '../../src/runtime/mheap.ts';
import type { OS } from '../../src/runtime/os.ts';

/** An OS half whose mmap hands out addresses from `base` up, with no system calls. */
function fakeOs(base: number): OS {
  let next = base;
  return { *mmap(len: number) { const r = next; next += len; return r; } } as unknown as OS;
}

function run<T>(g: Generator<unknown, T, unknown>): T {
  for (let r = g.next(); ; r = g.next()) if (r.done === true) return r.value;
}

describe('the heap finds the span of an address through its arena', () => {
  it('spans across a 64 MiB boundary and one larger than three arenas: every page finds its span, none after it is freed', () => {
    // Heap memory starting 3 pages before a 64 MiB boundary: the first arena's spans straddle it.
    const h = new MHeap(fakeOs(5 * heapArenaBytes - 3 * pageSize));
    const small: MSpan[] = [];
    for (let i = 0; i < 4; i++) small.push(run(h.allocSpan(2)));
    const big = run(h.allocSpan(3 * (heapArenaBytes / pageSize) + 5)); // 192 MiB + 5 pages: a mapping of its own
    for (const s of [...small, big]) {
      for (const off of [0, pageSize - 1, (s.npages - 1) * pageSize, s.npages * pageSize - 8]) expect(h.spanOf(s.base + off)).toBe(s);
    }
    // The second span straddles the boundary: its first page in arena 4, its second in arena 5.
    expect(Math.floor(small[1]!.base / heapArenaBytes)).toBe(4);
    expect(Math.floor((small[1]!.base + pageSize) / heapArenaBytes)).toBe(5);
    expect(h.spanOf(big.base + big.npages * pageSize)).toBeUndefined(); // one past the end
    h.freeSpan(big);
    expect(h.spanOf(big.base)).toBeUndefined();
    expect(h.spanOf(big.base + 2 * heapArenaBytes)).toBeUndefined();
    expect(h.spanOf(small[3]!.base)).toBe(small[3]);
  });
});
