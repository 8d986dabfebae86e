// The machine's event queue: a binary min-heap ordered by (time, sequence).
// The sequence number makes equal-time events leave in the order they were
// scheduled, which keeps the simulation deterministic. Cancelled events stay in
// the heap and are skipped when they surface (lazy deletion, as Linux's timer
// wheel does not search either).
//
// Cancelled events are also swept out in one pass whenever the heap has doubled
// since the last sweep (amortised O(1) per push): with a thousand connections
// re-arming their TCP timers, nine events in ten in the heap were cancelled ones,
// each of which would otherwise be sifted in and out again.
//
// The keys of the heap slots are kept beside it in two Float64Arrays, so a sift
// compares numbers in flat memory instead of loading two events (and their boxed
// times) per comparison: with a thousand sockets' timers queued, the comparisons
// were most of the queue's cost. (time, seq) is a total order, so the order of
// the events that leave is the same however the heap is laid out.
//
// An operator's input (a signal sent from the console) is decided outside the run
// and may be scheduled live, in the middle of it, or afresh when the run is built
// again to replay it. Its sequence numbers come from a second range above every
// ordinary one (pushLast), so it leaves after everything the run itself scheduled
// for the same cycle, wherever it was scheduled from: the replay is the same run.

export interface MachineEvent {
  time: number;        // cycles
  seq: number;
  cpu: number;         // the core whose interrupt this is
  kind: EventKind;
  fn: ((ev: MachineEvent) => void) | null;
  cancelled: boolean;
  /** What `fn` acts on (a frame on the wire), so that one function made once serves every event of its kind: no closure per event. */
  arg: unknown;
}

/**
 * tick: a core's local timer. timer: a kernel hrtimer. ipi: a request from another core.
 * device: a device interrupt (NIC). external: the world outside the machine, which uses no core.
 */
export type EventKind = 'tick' | 'timer' | 'ipi' | 'device' | 'external';

/** Where the sequence numbers of pushLast begin: above any the run can reach (2^52, exact in a double). */
const LAST_SEQ = 2 ** 52;

/** Sweeps start once the heap holds this many events. */
const SWEEP_MIN = 1024;

export class EventQueue {
  private heap: MachineEvent[] = [];
  /** keyTime[i], keySeq[i]: the (time, seq) of heap[i]. */
  private keyTime = new Float64Array(64);
  private keySeq = new Float64Array(64);
  private nextSeq = 0;
  private nextLastSeq = LAST_SEQ;
  /** The heap size at which cancelled events are swept out next. */
  private sweepAt = SWEEP_MIN;

  get size(): number { return this.heap.length; }

  push(time: number, cpu: number, kind: EventKind, fn: ((ev: MachineEvent) => void) | null, arg: unknown = null): MachineEvent {
    return this.insert(time, this.nextSeq++, cpu, kind, fn, arg);
  }

  /** An input from outside the run: it leaves after every event push() schedules for the same time (see the top). */
  pushLast(time: number, cpu: number, kind: EventKind, fn: ((ev: MachineEvent) => void) | null): MachineEvent {
    return this.insert(time, this.nextLastSeq++, cpu, kind, fn, null);
  }

  private insert(time: number, seq: number, cpu: number, kind: EventKind, fn: ((ev: MachineEvent) => void) | null, arg: unknown): MachineEvent {
    const ev: MachineEvent = { time, seq, cpu, kind, fn, cancelled: false, arg };
    const h = this.heap;
    if (h.length >= this.sweepAt) this.sweep();
    let i = h.length;
    h.push(ev);
    if (i === this.keyTime.length) this.grow();
    const kt = this.keyTime; const ks = this.keySeq;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = kt[p]!; const ps = ks[p]!;
      if (!(time < pt || (time === pt && seq < ps))) break;
      h[i] = h[p]!; kt[i] = pt; ks[i] = ps; i = p;
    }
    h[i] = ev; kt[i] = time; ks[i] = seq;
    return ev;
  }

  /** Earliest live event, dropping cancelled ones on the way. */
  peek(): MachineEvent | undefined {
    const h = this.heap;
    while (h.length > 0 && h[0]!.cancelled) this.pop();
    return h[0];
  }

  peekTime(): number {
    const e = this.peek();
    return e === undefined ? Infinity : e.time;
  }

  pop(): MachineEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      // `last` sat at slot n: put it at the root and sift it down.
      this.keyTime[0] = this.keyTime[n]!; this.keySeq[0] = this.keySeq[n]!; h[0] = last;
      this.siftDown(0, n);
    }
    return top;
  }

  /** Drop the cancelled events and rebuild the heap (Floyd's heapify): the live events keep their order. */
  private sweep(): void {
    const h = this.heap; const kt = this.keyTime; const ks = this.keySeq;
    let n = 0;
    for (let i = 0; i < h.length; i++) {
      const ev = h[i]!;
      if (ev.cancelled) continue;
      h[n] = ev; kt[n] = kt[i]!; ks[n] = ks[i]!; n++;
    }
    h.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, n);
    this.sweepAt = Math.max(SWEEP_MIN, 2 * n);
  }

  /** Move the event at slot i down to its place in the first n slots. */
  private siftDown(i: number, n: number): void {
    const h = this.heap; const kt = this.keyTime; const ks = this.keySeq;
    const ev = h[i]!; const et = kt[i]!; const es = ks[i]!;
    for (;;) {
      const l = 2 * i + 1; const r = l + 1;
      let m = i; let mt = et; let ms = es;
      if (l < n) { const t = kt[l]!; const s = ks[l]!; if (t < mt || (t === mt && s < ms)) { m = l; mt = t; ms = s; } }
      if (r < n) { const t = kt[r]!; const s = ks[r]!; if (t < mt || (t === mt && s < ms)) { m = r; mt = t; ms = s; } }
      if (m === i) break;
      h[i] = h[m]!; kt[i] = mt; ks[i] = ms; i = m;
    }
    h[i] = ev; kt[i] = et; ks[i] = es;
  }

  /** Double the key arrays (the heap array grows by itself). */
  private grow(): void {
    const n = this.keyTime.length * 2;
    const kt = new Float64Array(n); kt.set(this.keyTime); this.keyTime = kt;
    const ks = new Float64Array(n); ks.set(this.keySeq); this.keySeq = ks;
  }
}
