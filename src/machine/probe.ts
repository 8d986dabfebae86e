// The probe bus: how the layers are observed without being touched.
//
// Like Linux tracepoints, every layer (machine, kernel, runtime) emits small
// structured events here, and publishes read-only snapshot sources (counters).
// The scenario runner, the dashboard and the CLI subscribe and read; they never
// reach into a layer. Every event also feeds the trace hash, so two runs of the
// same scenario and seed can be compared bit for bit by one number.
//
// Emission is fixed-arity and allocation-free unless someone is subscribed. The hash
// takes numbers only: the kind as the small integer it was interned to, and the text as
// a 32-bit hash of its characters, computed once per distinct string (the status and
// wait-reason labels a scheduler emits millions of times are a handful of strings).

export interface ProbeEvent {
  kind: string;
  /** Simulated time in cycles. */
  t: number;
  cpu: number;
  pid: number;
  tid: number;
  a: number;
  b: number;
  s: string;
}

/** A probe family's is-enabled count (see ProbeBus.semaphore). */
export interface ProbeSemaphore { count: number }

export type ProbeListener = (ev: ProbeEvent) => void;

/** How many distinct texts keep their hash: every label and kind, not every line of console output. */
const TEXTS_CACHED = 4096;

/** FNV-1a over the UTF-16 code units of `s`, as an int32 (a hash's fast path), never 0 (0 is the empty text). */
function hashText(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h === 0 ? 1 : h;
}

/** One number's halves into each of the hash's two 32-bit states. */
function mix1(h: number, lo: number, hi: number): number { return Math.imul(Math.imul(h ^ lo, M1A) ^ hi, M1B); }
function mix2(h: number, lo: number, hi: number): number { return Math.imul(Math.imul(h ^ lo, M2A) ^ hi, M2B); }
const M1A = 2654435761; const M1B = 2246822507;
const M2A = 1597334677; const M2B = 3266489909;

// The same mixing, one multiplication shorter, for a number that fits in an int32 (its high
// half `hi` is 0 or -1; almost everything emitted): multiplication mod 2^32 is associative, so
// with hi = 0, imul(imul(x, A) ^ 0, B) = imul(x, A·B); with hi = -1, imul(imul(x, A) ^ -1, B) =
// imul(-x·A - 1, B) = imul(x, -A·B) - B. Both as imul(x, P) + C, P and C chosen by hi off the
// chain of dependent multiplications that bounds an event's cost: (P ^ hi) - hi negates P when
// hi = -1, hi & C keeps C then. The values are the two-multiplication ones, bit for bit.
const P1 = Math.imul(M1A, M1B); const C1 = -(M1B | 0) | 0;
const P2 = Math.imul(M2A, M2B); const C2 = -(M2B | 0) | 0;

/** A subscriber, and the kinds it asked for (null: every event). */
interface Subscription { fn: ProbeListener; kinds: ReadonlySet<string> | null }

export class ProbeBus {
  private subscriptions: Subscription[] = [];
  private kindIds = new Map<string, number>();
  /**
   * By kind id: the listeners an event of that kind goes to, in the order they subscribed, or
   * null when none wants it — then an event is hashed and counted, and no event object is made.
   */
  private listenersByKind: (ProbeListener[] | null)[] = [null];
  /**
   * The kinds of the last two events and their ids: runs of one kind, and two kinds taking turns
   * (a scheduler's status changes and wake-ups), skip the map.
   */
  private lastKind: string | null = null;
  private lastKindId = 0;
  private prevKind: string | null = null;
  private prevKindId = 0;
  /** Each distinct text's hash, up to TEXTS_CACHED of them (one that is not kept is hashed again: the same value). */
  private readonly textHashes = new Map<string, number>();
  /**
   * The last four texts and their hashes, checked before the map: a scheduler's events take turns
   * among a few labels, each the same string object every time, so a hit is one comparison.
   */
  private text0 = ''; private text1 = ''; private text2 = ''; private text3 = '';
  private hash0 = 0; private hash1 = 0; private hash2 = 0; private hash3 = 0;
  private textNext = 0;
  private sources = new Map<string, (query?: string) => unknown>();
  private semaphores = new Map<string, ProbeSemaphore>();
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;
  /** Number of events emitted. */
  count = 0;

  /**
   * Call `fn` with every event, or with the events of the given kinds only (what a run's own
   * bookkeeping watches: the last exit, races, console output, among millions of scheduler
   * events). Returns the function that unsubscribes it.
   */
  subscribe(fn: ProbeListener, kinds?: readonly string[]): () => void {
    const sub: Subscription = { fn, kinds: kinds === undefined ? null : new Set(kinds) };
    this.subscriptions = [...this.subscriptions, sub];
    this.routeKinds();
    return () => { this.subscriptions = this.subscriptions.filter((x) => x !== sub); this.routeKinds(); };
  }

  get observed(): boolean { return this.subscriptions.length > 0; }

  /** The listeners of events of `kind`, or null. */
  private listenersOf(kind: string): ProbeListener[] | null {
    const ls = this.subscriptions.filter((x) => x.kinds === null || x.kinds.has(kind)).map((x) => x.fn);
    return ls.length === 0 ? null : ls;
  }

  /** listenersByKind again for every kind seen so far (a subscription came or went). */
  private routeKinds(): void {
    const by: (ProbeListener[] | null)[] = [null];
    for (const [kind, id] of this.kindIds) by[id] = this.listenersOf(kind);
    this.listenersByKind = by;
  }

  emit(kind: string, t: number, cpu: number, pid: number, tid: number, a = 0, b = 0, s = ''): void {
    let id: number | undefined;
    if (kind === this.lastKind) id = this.lastKindId;
    else {
      if (kind === this.prevKind) id = this.prevKindId;
      else {
        id = this.kindIds.get(kind);
        if (id === undefined) { id = this.kindIds.size + 1; this.kindIds.set(kind, id); this.listenersByKind[id] = this.listenersOf(kind); }
      }
      this.prevKind = this.lastKind; this.prevKindId = this.lastKindId;
      this.lastKind = kind; this.lastKindId = id;
    }
    // Each number goes in as its low and high 32-bit halves (an int32, most of what is emitted,
    // has a high half of 0 or -1, mixed with one multiplication per state as above; the division
    // is for larger values, times). Written out number by number, the state in locals: through an
    // array, the numbers' round trip as doubles cost as much again as the mixing.
    const th = s === '' ? 0 : this.textHash(s);
    let h1 = this.h1; let h2 = this.h2; let lo = 0; let hi = 0;
    lo = id | 0; if (lo === id) { hi = lo >> 31; h1 = (Math.imul(h1 ^ lo, (P1 ^ hi) - hi) + (hi & C1)) | 0; h2 = (Math.imul(h2 ^ lo, (P2 ^ hi) - hi) + (hi & C2)) | 0; }
    else { hi = Math.floor(id / 4294967296) | 0; h1 = mix1(h1, lo, hi); h2 = mix2(h2, lo, hi); }
    lo = t | 0; if (lo === t) { hi = lo >> 31; h1 = (Math.imul(h1 ^ lo, (P1 ^ hi) - hi) + (hi & C1)) | 0; h2 = (Math.imul(h2 ^ lo, (P2 ^ hi) - hi) + (hi & C2)) | 0; }
    else { hi = Math.floor(t / 4294967296) | 0; h1 = mix1(h1, lo, hi); h2 = mix2(h2, lo, hi); }
    lo = cpu | 0; if (lo === cpu) { hi = lo >> 31; h1 = (Math.imul(h1 ^ lo, (P1 ^ hi) - hi) + (hi & C1)) | 0; h2 = (Math.imul(h2 ^ lo, (P2 ^ hi) - hi) + (hi & C2)) | 0; }
    else { hi = Math.floor(cpu / 4294967296) | 0; h1 = mix1(h1, lo, hi); h2 = mix2(h2, lo, hi); }
    lo = pid | 0; if (lo === pid) { hi = lo >> 31; h1 = (Math.imul(h1 ^ lo, (P1 ^ hi) - hi) + (hi & C1)) | 0; h2 = (Math.imul(h2 ^ lo, (P2 ^ hi) - hi) + (hi & C2)) | 0; }
    else { hi = Math.floor(pid / 4294967296) | 0; h1 = mix1(h1, lo, hi); h2 = mix2(h2, lo, hi); }
    lo = tid | 0; if (lo === tid) { hi = lo >> 31; h1 = (Math.imul(h1 ^ lo, (P1 ^ hi) - hi) + (hi & C1)) | 0; h2 = (Math.imul(h2 ^ lo, (P2 ^ hi) - hi) + (hi & C2)) | 0; }
    else { hi = Math.floor(tid / 4294967296) | 0; h1 = mix1(h1, lo, hi); h2 = mix2(h2, lo, hi); }
    lo = a | 0; if (lo === a) { hi = lo >> 31; h1 = (Math.imul(h1 ^ lo, (P1 ^ hi) - hi) + (hi & C1)) | 0; h2 = (Math.imul(h2 ^ lo, (P2 ^ hi) - hi) + (hi & C2)) | 0; }
    else { hi = Math.floor(a / 4294967296) | 0; h1 = mix1(h1, lo, hi); h2 = mix2(h2, lo, hi); }
    lo = b | 0; if (lo === b) { hi = lo >> 31; h1 = (Math.imul(h1 ^ lo, (P1 ^ hi) - hi) + (hi & C1)) | 0; h2 = (Math.imul(h2 ^ lo, (P2 ^ hi) - hi) + (hi & C2)) | 0; }
    else { hi = Math.floor(b / 4294967296) | 0; h1 = mix1(h1, lo, hi); h2 = mix2(h2, lo, hi); }
    lo = th | 0; if (lo === th) { hi = lo >> 31; h1 = (Math.imul(h1 ^ lo, (P1 ^ hi) - hi) + (hi & C1)) | 0; h2 = (Math.imul(h2 ^ lo, (P2 ^ hi) - hi) + (hi & C2)) | 0; }
    else { hi = Math.floor(th / 4294967296) | 0; h1 = mix1(h1, lo, hi); h2 = mix2(h2, lo, hi); }
    this.h1 = h1; this.h2 = h2;
    this.count++;
    const ls = this.listenersByKind[id];
    if (ls === null || ls === undefined) return;
    const ev: ProbeEvent = { kind, t, cpu, pid, tid, a, b, s };
    for (let i = 0; i < ls.length; i++) ls[i]!(ev);
  }

  /** The text's hash, from the cache or computed (and kept while the cache has room). */
  private textHash(s: string): number {
    if (s === this.text0) return this.hash0;
    if (s === this.text1) return this.hash1;
    if (s === this.text2) return this.hash2;
    if (s === this.text3) return this.hash3;
    let h = this.textHashes.get(s);
    if (h === undefined) {
      h = hashText(s);
      if (this.textHashes.size < TEXTS_CACHED) this.textHashes.set(s, h);
    }
    switch (this.textNext) {
      case 0: this.text0 = s; this.hash0 = h; break;
      case 1: this.text1 = s; this.hash1 = h; break;
      case 2: this.text2 = s; this.hash2 = h; break;
      default: this.text3 = s; this.hash3 = h; break;
    }
    this.textNext = (this.textNext + 1) & 3;
    return h;
  }

  /** A hash of every event emitted so far, as 16 hex digits. */
  traceHash(): string {
    let h1 = this.h1; let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
  }

  /**
   * A layer publishes a read-only snapshot of its counters under a name. A source may
   * answer more than one question (`query`): the runtime's also gives the state the lints read.
   */
  publish(name: string, snapshot: (query?: string) => unknown): void { this.sources.set(name, snapshot); }

  read<T>(name: string, query?: string): T | undefined {
    const f = this.sources.get(name);
    return f === undefined ? undefined : (f(query) as T);
  }

  /**
   * The is-enabled semaphore of a family of probes (USDT semaphores, DTrace is-enabled
   * probes): a tracer attaches by incrementing `count`, and the code that fires them
   * computes costly probe arguments only while it is non-zero. One per name for every
   * process of the machine. Reading it costs no instruction, so a run with an observer
   * attached executes the same instructions, and has the same trace, as one without.
   */
  semaphore(name: string): ProbeSemaphore {
    let s = this.semaphores.get(name);
    if (s === undefined) { s = { count: 0 }; this.semaphores.set(name, s); }
    return s;
  }
}

