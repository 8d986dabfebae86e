// The race detector (Go's runtime/race.go over ThreadSanitizer's tsan_rtl): a
// happens-before detector for one process, switched on per process (`-race`).
//
// Every goroutine (every thread of a C program) is a RaceThread with a vector
// clock: vc[t] is the latest event of thread t this thread has seen, vc[tid] its
// own epoch. Synchronisation moves clocks: a release joins the releaser's clock
// into the sync object's, an acquire joins the object's into the acquirer's, and
// a release bumps the releaser's own epoch so what it does next is not covered.
// Memory has shadow state per 8-byte word: the last few accesses (TSan keeps 4
// cells), each with its thread, epoch, the bytes it touched, read or write, and
// where it happened. An access that overlaps a cell of another thread, where one
// of the two writes and the cell's epoch is not covered by the accessor's clock,
// is a data race.
//
// Stacks are kept as TSan keeps its traces, cheaply: racefuncenter/racefuncexit
// move a goroutine along a trie of (function, call line) nodes, interned per
// process, and each statement sets the goroutine's current line; an access
// stores the node and the line in one number, so a report can print the stack of
// an access long gone without any allocation on the hot path.
//
// Reports follow Go's text (WARNING: DATA RACE, the two accesses, where each
// goroutine was created), once per pair of source locations; at exit
// "Found N data race(s)" and status 66. C programs get ThreadSanitizer's own
// wording (data race … by thread T1).

/** A function as a frame prints it: its Go (or C) name and its file. */
export interface RaceFn { readonly name: string; readonly file: string }

/** One frame in the interned stack trie: the function, and the line its caller called it from. */
export class StackNode {
  readonly children = new Map<number, StackNode>();
  constructor(readonly id: number, readonly fn: RaceFn | null, readonly fnId: number, readonly callLine: number, readonly parent: StackNode | null) {}
}

/** A stack: node id × 2^20 + the innermost frame's line (lines below 2^20). */
const LINE_SPAN = 1048576;

export type RaceFlavor = 'go' | 'c';

/** A goroutine, or a C thread, as the detector sees it. */
export class RaceThread {
  vc: number[];
  node: StackNode;
  /** The current line of the innermost frame (set by each statement). */
  l = 0;
  readonly lines: number[] = [];
  /** Where it was created (a stack), −1 for the main goroutine/thread. */
  created = -1;
  finished = false;
  /** Accesses the runtime makes on this thread's behalf (TSan's ignore_reads_and_writes): > 0 while they are not the program's. */
  ignore = 0;
  constructor(readonly ctx: RaceCtx, readonly tid: number, public id: number) {
    this.vc = new Array<number>(tid + 1).fill(0);
    this.vc[tid] = 1;
    this.node = ctx.root;
  }
  stack(): number { return this.node.id * LINE_SPAN + this.l; }
}

/** A sync object's clock. */
export type SyncClock = number[];

/** Shadow cells of one word: [tid, epoch, flags, stack] × CELLS; tid −1 is empty. */
const CELLS = 4;
const F_WRITE = 0x100;
const F_ATOMIC = 0x200;
const MASK = 0xff;

export interface RaceAccess { write: boolean; addr: number; size: number; tid: number; threadId: number; stack: number; atomic: boolean }
export interface RaceReport { cur: RaceAccess; prev: RaceAccess; text: string; atNs: number }

/** pid: the process's, for TSan's header "data race (pid=N)". */
export interface RaceOptions { flavor: RaceFlavor; haltOnError: boolean; pid?: number }

/** GORACE="halt_on_error=1 …": the options Go's race runtime reads at start. */
export function parseGorace(v: string | undefined): { haltOnError: boolean } {
  let halt = false;
  for (const kv of (v ?? '').split(/\s+/)) {
    const [k, val] = kv.split('=');
    if (k === 'halt_on_error') halt = val === '1' || val === 'true';
  }
  return { haltOnError: halt };
}

/** The detector of one process. */
export class RaceCtx {
  readonly root = new StackNode(0, null, -1, 0, null);
  readonly nodes: StackNode[] = [this.root];
  readonly threads: RaceThread[] = [];
  private readonly shadow = new Map<number, number[]>();
  private readonly objSync = new WeakMap<object, SyncClock>();
  private readonly addrSync = new Map<number, SyncClock>();
  private readonly objAddr = new WeakMap<object, number>();
  /** Go's heap arena starts at 0xc000000000; synthetic addresses of JavaScript-heap objects come from there. */
  private nextHeap = 0xc000010000;
  /** Package-level variables: a data segment, as the linker lays them out. */
  private nextData = 0x5d0000;
  private readonly fnIds = new Map<RaceFn, number>();
  private readonly seenPairs = new Set<string>();
  readonly reports: RaceReport[] = [];
  /** Report text not yet written to stderr. */
  pending = '';
  /** Reports whose trace event is out. */
  flushed = 0;
  /** halt_on_error: a race was reported; the process exits with 66 at the next safe point. */
  halted = false;
  /** Simulated time of the current access (for the trace's instant event); set by the host of the detector. */
  now: () => number = () => 0;
  onReport: ((r: RaceReport) => void) | null = null;

  constructor(readonly opts: RaceOptions) {}

  newThread(id: number, parent: RaceThread | null): RaceThread {
    const t = new RaceThread(this, this.threads.length, id);
    this.threads.push(t);
    if (parent !== null) {
      // the go statement (pthread_create) happens before the new thread's first step
      join(t.vc, parent.vc);
      t.vc[t.tid] = 1;
      t.created = parent.stack();
      parent.vc[parent.tid]!++;
    }
    return t;
  }

  // --- stacks ----------------------------------------------------------------------------------

  funcenter(th: RaceThread, fn: RaceFn): void {
    let id = this.fnIds.get(fn);
    if (id === undefined) { id = this.fnIds.size; this.fnIds.set(fn, id); }
    const key = id * LINE_SPAN + th.l;
    const cur = th.node;
    let n = cur.children.get(key);
    if (n === undefined) {
      n = new StackNode(this.nodes.length, fn, id, th.l, cur);
      this.nodes.push(n);
      cur.children.set(key, n);
    }
    th.lines.push(th.l);
    th.node = n;
  }

  funcexit(th: RaceThread): void {
    if (th.node.parent === null) return;
    th.node = th.node.parent;
    th.l = th.lines.pop() ?? 0;
  }

  /**
   * The stack of frames `frames` (innermost first; each a function and the line it is at),
   * interned in the trie as racefuncenter would have built it: what a program whose
   * functions mark no entries (a TypeScript program) gets from its JavaScript stack.
   */
  stackOf(frames: readonly { fn: RaceFn; line: number }[]): number {
    let n = this.root;
    for (let i = frames.length - 1; i >= 0; i--) {
      const fn = frames[i]!.fn;
      let id = this.fnIds.get(fn);
      if (id === undefined) { id = this.fnIds.size; this.fnIds.set(fn, id); }
      const callLine = frames[i + 1]?.line ?? 0;
      const key = id * LINE_SPAN + callLine;
      let c = n.children.get(key);
      if (c === undefined) {
        c = new StackNode(this.nodes.length, fn, id, callLine, n);
        this.nodes.push(c);
        n.children.set(key, c);
      }
      n = c;
    }
    return n.id * LINE_SPAN + (frames[0]?.line ?? 0);
  }

  // --- addresses -------------------------------------------------------------------------------

  /** The synthetic address of a JavaScript-heap object: given on first use, 16-byte aligned, in allocation order. */
  addrOf(o: object, size = 8): number {
    let a = this.objAddr.get(o);
    if (a === undefined) {
      a = this.nextHeap;
      this.nextHeap += Math.max(16, (size + 15) & ~15);
      this.objAddr.set(o, a);
    }
    return a;
  }

  /** racemalloc: a fresh heap object's words have no history (the memory's last owner is not a racer of its next). */
  resetRange(addr: number, size: number): void {
    for (let w = Math.floor(addr / 8), end = Math.ceil((addr + size) / 8); w < end; w++) this.shadow.delete(w);
  }

  /** A package-level variable's address in the data segment. */
  dataAddr(size: number): number {
    const a = this.nextData;
    this.nextData += Math.max(8, (size + 7) & ~7);
    return a;
  }

  // --- synchronisation -------------------------------------------------------------------------

  syncOf(o: object): SyncClock {
    let s = this.objSync.get(o);
    if (s === undefined) { s = []; this.objSync.set(o, s); }
    return s;
  }

  syncAt(addr: number): SyncClock {
    let s = this.addrSync.get(addr);
    if (s === undefined) { s = []; this.addrSync.set(addr, s); }
    return s;
  }

  // --- memory accesses ----------------------------------------------------------------------------

  /** A plain (or atomic) access of `size` bytes at addr by th, at stack `stack` (its current one by default). */
  access(th: RaceThread, addr: number, size: number, write: boolean, atomic = false, stack = th.stack()): void {
    let a = addr;
    let left = size;
    while (left > 0) {
      const off = a & 7;
      const n = Math.min(left, 8 - off);
      this.accessWord(th, Math.floor(a / 8), ((1 << n) - 1) << off, write, atomic, addr, size, stack);
      a += n; left -= n;
    }
  }

  private accessWord(th: RaceThread, word: number, mask: number, write: boolean, atomic: boolean, addr: number, size: number, stack: number): void {
    let sh = this.shadow.get(word);
    if (sh === undefined) {
      sh = [-1, 0, 0, 0, -1, 0, 0, 0, -1, 0, 0, 0, -1, 0, 0, 0];
      this.shadow.set(word, sh);
    }
    const vc = th.vc;
    const me = th.tid;
    let free = -1;
    let same = -1;
    for (let i = 0; i < CELLS * 4; i += 4) {
      const t = sh[i]!;
      if (t < 0) { if (free < 0) free = i; continue; }
      const f = sh[i + 2]!;
      if ((f & mask) === 0) continue;
      if (t === me) { if ((f & MASK) === mask) same = i; continue; }
      const hb = sh[i + 1]! <= (vc[t] ?? 0);
      if (hb) {
        // a cell the current access follows may be replaced by it, if the current one is as strong
        if (free < 0 && (write || (f & F_WRITE) === 0)) free = i;
        continue;
      }
      if (!write && (f & F_WRITE) === 0) continue;
      if (atomic && (f & F_ATOMIC) !== 0) continue;
      this.report(th, stack, addr, size, write, atomic, t, sh[i + 3]!, (f & F_WRITE) !== 0, (f & F_ATOMIC) !== 0);
    }
    let slot = same;
    if (slot >= 0 && (sh[slot + 2]! & F_WRITE) !== 0 && !write) return; // the same thread's write is the stronger record
    if (slot < 0) slot = free;
    if (slot < 0) slot = ((word + vc[me]!) & (CELLS - 1)) * 4; // all four cells hold concurrent accesses: evict one
    sh[slot] = me;
    sh[slot + 1] = vc[me]!;
    sh[slot + 2] = mask | (write ? F_WRITE : 0) | (atomic ? F_ATOMIC : 0);
    sh[slot + 3] = stack;
  }

  // --- reports ---------------------------------------------------------------------------------

  private report(th: RaceThread, curStack: number, addr: number, size: number, write: boolean, atomic: boolean, ptid: number, pstack: number, pwrite: boolean, patomic: boolean): void {
    if (this.halted) return;
    const a = this.where(curStack); const b = this.where(pstack);
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (this.seenPairs.has(key)) return;
    this.seenPairs.add(key);
    const prev = this.threads[ptid]!;
    const cur: RaceAccess = { write, addr, size, tid: th.tid, threadId: th.id, stack: curStack, atomic };
    const pa: RaceAccess = { write: pwrite, addr, size, tid: ptid, threadId: prev.id, stack: pstack, atomic: patomic };
    const text = this.opts.flavor === 'go' ? this.goText(cur, pa, th, prev) : this.cText(cur, pa, th, prev);
    const r: RaceReport = { cur, prev: pa, text, atNs: this.now() };
    this.reports.push(r);
    this.pending += text;
    if (this.opts.haltOnError) this.halted = true;
    this.onReport?.(r);
  }

  /** The innermost frame of a stack as file:line (what deduplication compares). */
  where(stack: number): string {
    const n = this.nodes[Math.floor(stack / LINE_SPAN)]!;
    return `${n.fn?.file ?? '?'}:${stack % LINE_SPAN}`;
  }

  /** The frames of a stack, innermost first. */
  frames(stack: number): { fn: string; file: string; line: number }[] {
    const out: { fn: string; file: string; line: number }[] = [];
    let n: StackNode | null = this.nodes[Math.floor(stack / LINE_SPAN)]!;
    let line = stack % LINE_SPAN;
    while (n !== null && n.fn !== null) {
      out.push({ fn: n.fn.name, file: n.fn.file, line });
      line = n.callLine;
      n = n.parent;
    }
    return out;
  }

  private goStack(stack: number): string {
    return this.frames(stack).map((f) => `  ${f.fn}()\n      ${f.file}:${f.line}\n`).join('');
  }

  private goText(cur: RaceAccess, prev: RaceAccess, ct: RaceThread, pt: RaceThread): string {
    const addr = `0x${cur.addr.toString(16).padStart(12, '0')}`;
    const kind = (x: RaceAccess, p: boolean): string => {
      const w = x.atomic ? (x.write ? 'atomic write' : 'atomic read') : x.write ? 'write' : 'read';
      return p ? `Previous ${w}` : w[0]!.toUpperCase() + w.slice(1);
    };
    let s = '==================\nWARNING: DATA RACE\n';
    s += `${kind(cur, false)} at ${addr} by ${goName(ct)}:\n${this.goStack(cur.stack)}\n`;
    s += `${kind(prev, true)} at ${addr} by ${goName(pt)}:\n${this.goStack(prev.stack)}`;
    for (const t of ct === pt ? [ct] : [ct, pt]) {
      if (t.created < 0) continue;
      s += `\nGoroutine ${t.id} (${t.finished ? 'finished' : 'running'}) created at:\n${this.goStack(t.created)}`;
    }
    return `${s}==================\n`;
  }

  private cText(cur: RaceAccess, prev: RaceAccess, ct: RaceThread, pt: RaceThread): string {
    const addr = `0x${cur.addr.toString(16).padStart(12, '0')}`;
    const stack = (st: number): string => this.frames(st).map((f, i) => `    #${i} ${f.fn} ${f.file}:${f.line}\n`).join('');
    const kind = (x: RaceAccess): string => `${x.atomic ? 'Atomic ' : ''}${x.write ? 'Write' : 'Read'}`;
    const who = (t: RaceThread): string => (t.created < 0 ? 'main thread' : `thread T${t.tid}`);
    let s = `==================\nWARNING: ThreadSanitizer: data race${this.opts.pid !== undefined ? ` (pid=${this.opts.pid})` : ''}\n`;
    s += `  ${kind(cur)} of size ${cur.size} at ${addr} by ${who(ct)}:\n${stack(cur.stack)}\n`;
    s += `  Previous ${kind(prev).toLowerCase()} of size ${prev.size} at ${addr} by ${who(pt)}:\n${stack(prev.stack)}`;
    for (const t of ct === pt ? [ct] : [ct, pt]) {
      if (t.created < 0) continue;
      s += `\n  Thread T${t.tid} (tid=${t.id}, ${t.finished ? 'finished' : 'running'}) created by ${t.created >= 0 ? 'main thread' : ''} at:\n${stack(t.created)}`;
    }
    const top = this.frames(cur.stack)[0];
    s += `\nSUMMARY: ThreadSanitizer: data race ${top !== undefined ? `${top.file}:${top.line} in ${top.fn}` : ''}\n`;
    return `${s}==================\n`;
  }

  /** What the process prints at exit when it found races (Go's racefini; TSan's atexit). */
  finiText(): string {
    const n = this.reports.length;
    if (n === 0) return '';
    return this.opts.flavor === 'go' ? `Found ${n} data race(s)\n` : `ThreadSanitizer: reported ${n} warnings\n`;
  }
}

function goName(t: RaceThread): string { return t.created < 0 && t.id === 1 ? 'main goroutine' : `goroutine ${t.id}`; }

/** dst ⊔= src. */
export function join(dst: number[], src: readonly number[]): void {
  while (dst.length < src.length) dst.push(0);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (v > dst[i]!) dst[i] = v;
  }
}

/** acquire: what the sync object saw, th now has seen. */
export function acquire(th: RaceThread, s: SyncClock): void { join(th.vc, s); }

/** release: the sync object has seen all of th; th's next events are new. */
export function release(th: RaceThread, s: SyncClock): void {
  join(s, th.vc);
  th.vc[th.tid]!++;
}

/** release-store: the sync object holds exactly th's clock (a channel slot: the last user only). */
export function releaseStore(th: RaceThread, s: SyncClock): void {
  s.length = th.vc.length;
  for (let i = 0; i < th.vc.length; i++) s[i] = th.vc[i]!;
  th.vc[th.tid]!++;
}

/** racereleaseacquire: acquire then release-store (Go's chan slot handoff). */
export function releaseAcquire(th: RaceThread, s: SyncClock): void {
  join(th.vc, s);
  releaseStore(th, s);
}
