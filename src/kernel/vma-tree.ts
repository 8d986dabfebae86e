// The VMAs of an address space, ordered by address: Linux's VMA rbtree with
// rb_subtree_gap (mm/mmap.c, 3.8 to 6.0), here an AVL tree.
//
// A process with many threads has many mappings (two per thread stack: the
// stack and its guard page), up to vm.max_map_count = 65530. A sorted array
// costs O(n) per insert and removal at that size; this tree costs O(log n) for
// find_vma, insert and erase, and keeps the VMAs on a doubly linked list in
// address order too (vm_prev / vm_next) so walking a range costs O(1) a step.
//
// Every node records the gap below its VMA (its start minus the end of the VMA
// before it) and the largest such gap in its subtree, as Linux's rb_subtree_gap
// does: get_unmapped_area then finds the highest hole of a given size below a
// limit in O(log n) (unmapped_area_topdown) instead of walking every VMA. Linux
// 6.1 replaced the rbtree with the maple tree, which keeps the same gaps in its
// nodes; the search it answers is the same. The hole below the lowest VMA is not
// recorded (its floor moves with brk): the caller checks it.
//
// The tree owns the VMAs' places, not their contents: a caller may change prot,
// flags or name in place, but a start never changes while the VMA is in the
// tree, and an end only through setEnd (which keeps the gap above it right).

import type { Vma } from './mm.ts';

export class VmaNode {
  left: VmaNode | null = null;
  right: VmaNode | null = null;
  /** The neighbours in address order (vm_prev / vm_next). */
  prev: VmaNode | null = null;
  next: VmaNode | null = null;
  height = 1;
  /** vma.start - prev.vma.end; 0 for the lowest VMA. */
  gap = 0;
  /** The largest gap in this subtree (rb_subtree_gap). */
  subtreeGap = 0;
  constructor(readonly vma: Vma) {}
}

export class VmaTree {
  private root: VmaNode | null = null;
  /** The lowest VMA (mm->mmap). */
  first: VmaNode | null = null;
  /** How many VMAs (mm->map_count). */
  count = 0;
  /** The root-to-node path of the last refresh, kept to avoid an allocation per call. */
  private readonly path: VmaNode[] = [];

  /** vma_lookup: the VMA containing `addr`, if any. */
  lookup(addr: number): VmaNode | null {
    const n = this.lastStartingAtOrBelow(addr);
    return n !== null && addr < n.vma.end ? n : null;
  }

  /** find_vma: the first VMA ending above `addr` (it may start above `addr` too). */
  findVma(addr: number): VmaNode | null {
    const n = this.lastStartingAtOrBelow(addr);
    if (n === null) return this.first;
    return addr < n.vma.end ? n : n.next;
  }

  lastStartingAtOrBelow(addr: number): VmaNode | null {
    let t = this.root; let best: VmaNode | null = null;
    while (t !== null) {
      if (t.vma.start <= addr) { best = t; t = t.right; } else t = t.left;
    }
    return best;
  }

  lastStartingBelow(addr: number): VmaNode | null {
    let t = this.root; let best: VmaNode | null = null;
    while (t !== null) {
      if (t.vma.start < addr) { best = t; t = t.right; } else t = t.left;
    }
    return best;
  }

  /** Link `vma` in (vma_link). It must not overlap any VMA in the tree. */
  insert(vma: Vma): VmaNode {
    if (!(vma.start < vma.end)) throw new Error(`assertion: empty VMA [${vma.start}, ${vma.end})`);
    const prev = this.lastStartingBelow(vma.end);
    const next = prev === null ? this.first : prev.next;
    if (prev !== null && prev.vma.end > vma.start) throw new Error(`assertion: VMA [${vma.start}, ${vma.end}) overlaps [${prev.vma.start}, ${prev.vma.end})`);
    const n = new VmaNode(vma);
    n.prev = prev; n.next = next;
    if (prev === null) this.first = n; else prev.next = n;
    if (next !== null) next.prev = n;
    n.gap = prev === null ? 0 : vma.start - prev.vma.end;
    n.subtreeGap = n.gap;
    this.root = insertAt(this.root, n);
    this.count++;
    if (next !== null) this.setGap(next, vma.end, false);
    return n;
  }

  /** Unlink `n` (vma_unlink); the VMA above it inherits the hole. */
  remove(n: VmaNode): void {
    const { prev, next } = n;
    this.root = removeAt(this.root, n.vma.start, n);
    if (prev === null) this.first = next; else prev.next = next;
    if (next !== null) next.prev = prev;
    n.prev = n.next = n.left = n.right = null;
    this.count--;
    if (next !== null) this.setGap(next, prev === null ? 0 : prev.vma.end, prev === null);
  }

  /** Move the end of `n`'s VMA (a split or brk); the gap above it follows (vma_gap_update). */
  setEnd(n: VmaNode, end: number): void {
    if (!(n.vma.start < end)) throw new Error(`assertion: VMA at ${n.vma.start} would end at ${end}`);
    if (n.next !== null && end > n.next.vma.start) throw new Error(`assertion: VMA at ${n.vma.start} would end at ${end}, over the VMA at ${n.next.vma.start}`);
    n.vma.end = end;
    if (n.next !== null) this.setGap(n.next, end, false);
  }

  /** Drop every VMA. */
  clear(): void { this.root = null; this.first = null; this.count = 0; }

  /**
   * unmapped_area_topdown's search: of the VMAs starting below `limit`, the
   * highest whose gap below is at least `len`, or null. O(log n): a subtree
   * whose largest gap is too small is never entered.
   */
  highestGapBelow(limit: number, len: number): VmaNode | null {
    return gapSearch(this.root, limit, len);
  }

  /** All VMAs in address order (for reports and tests). */
  toArray(): Vma[] {
    const out: Vma[] = [];
    for (let n = this.first; n !== null; n = n.next) out.push(n.vma);
    return out;
  }

  /** Check every invariant (tests; O(n)). */
  check(): void {
    let count = 0; let prev: VmaNode | null = null;
    for (let n = this.first; n !== null; prev = n, n = n.next) {
      count++;
      if (n.prev !== prev) throw new Error('assertion: VMA list links disagree');
      if (!(n.vma.start < n.vma.end)) throw new Error('assertion: empty VMA');
      if (prev !== null && prev.vma.end > n.vma.start) throw new Error('assertion: VMAs overlap or are out of order');
      if (n.gap !== (prev === null ? 0 : n.vma.start - prev.vma.end)) throw new Error(`assertion: stale gap below the VMA at ${n.vma.start}`);
    }
    if (count !== this.count) throw new Error(`assertion: ${count} VMAs listed, ${this.count} counted`);
    const inTree: VmaNode[] = [];
    checkSubtree(this.root, inTree);
    if (inTree.length !== count) throw new Error(`assertion: ${inTree.length} VMAs in the tree, ${count} listed`);
    let n = this.first;
    for (const t of inTree) { if (t !== n) throw new Error('assertion: tree order differs from the list'); n = n.next; }
  }

  private setGap(n: VmaNode, prevEnd: number, lowest: boolean): void {
    const gap = lowest ? 0 : n.vma.start - prevEnd;
    if (gap === n.gap) return;
    n.gap = gap;
    this.refresh(n);
  }

  /** Recompute subtreeGap from `n` up to the root, along the path that finds it. */
  private refresh(n: VmaNode): void {
    const path = this.path; path.length = 0;
    const key = n.vma.start;
    let t = this.root;
    while (t !== n) {
      if (t === null) throw new Error(`assertion: VMA at ${key} is not in the tree`);
      path.push(t);
      t = key < t.vma.start ? t.left : t.right;
    }
    update(n);
    for (let i = path.length - 1; i >= 0; i--) update(path[i]!);
  }
}

function height(t: VmaNode | null): number { return t === null ? 0 : t.height; }

function update(t: VmaNode): void {
  const l = t.left; const r = t.right;
  t.height = 1 + Math.max(height(l), height(r));
  let g = t.gap;
  if (l !== null && l.subtreeGap > g) g = l.subtreeGap;
  if (r !== null && r.subtreeGap > g) g = r.subtreeGap;
  t.subtreeGap = g;
}

function rotateRight(t: VmaNode): VmaNode {
  const l = t.left!;
  t.left = l.right; l.right = t;
  update(t); update(l);
  return l;
}

function rotateLeft(t: VmaNode): VmaNode {
  const r = t.right!;
  t.right = r.left; r.left = t;
  update(t); update(r);
  return r;
}

/** Restore the AVL balance at `t` (children differ in height by at most one). */
function balance(t: VmaNode): VmaNode {
  update(t);
  const bf = height(t.left) - height(t.right);
  if (bf > 1) {
    if (height(t.left!.left) < height(t.left!.right)) t.left = rotateLeft(t.left!);
    return rotateRight(t);
  }
  if (bf < -1) {
    if (height(t.right!.right) < height(t.right!.left)) t.right = rotateRight(t.right!);
    return rotateLeft(t);
  }
  return t;
}

function insertAt(t: VmaNode | null, n: VmaNode): VmaNode {
  if (t === null) return n;
  if (n.vma.start < t.vma.start) t.left = insertAt(t.left, n); else t.right = insertAt(t.right, n);
  return balance(t);
}

function removeAt(t: VmaNode | null, key: number, n: VmaNode): VmaNode | null {
  if (t === null) throw new Error(`assertion: VMA at ${key} is not in the tree`);
  if (t !== n) {
    if (key < t.vma.start) t.left = removeAt(t.left, key, n); else t.right = removeAt(t.right, key, n);
    return balance(t);
  }
  if (t.left === null) return t.right;
  if (t.right === null) return t.left;
  let m = t.right; while (m.left !== null) m = m.left;
  m.right = removeMin(t.right);
  m.left = t.left;
  return balance(m);
}

function removeMin(t: VmaNode): VmaNode | null {
  if (t.left === null) return t.right;
  t.left = removeMin(t.left);
  return balance(t);
}

function gapSearch(t: VmaNode | null, limit: number, len: number): VmaNode | null {
  if (t === null || t.subtreeGap < len) return null;
  if (t.vma.start >= limit) return gapSearch(t.left, limit, len);
  const r = gapSearch(t.right, limit, len);
  if (r !== null) return r;
  if (t.gap >= len) return t;
  return gapSearch(t.left, limit, len);
}

function checkSubtree(t: VmaNode | null, out: VmaNode[]): void {
  if (t === null) return;
  checkSubtree(t.left, out);
  out.push(t);
  checkSubtree(t.right, out);
  const hl = height(t.left); const hr = height(t.right);
  if (t.height !== 1 + Math.max(hl, hr) || Math.abs(hl - hr) > 1) throw new Error(`assertion: AVL heights wrong at the VMA at ${t.vma.start}`);
  const g = Math.max(t.gap, t.left?.subtreeGap ?? 0, t.right?.subtreeGap ?? 0);
  if (t.subtreeGap !== g) throw new Error(`assertion: stale subtree gap at the VMA at ${t.vma.start}`);
}
