// The machine's event queue: a binary min-heap ordered by (time, sequence).
// The sequence number makes equal-time events leave in the order they were
// scheduled, which keeps the simulation deterministic. Cancelled events stay in
// the heap and are skipped when they surface (lazy deletion, as Linux's timer
// wheel does not search either).

export interface MachineEvent {
  time: number;        // cycles
  seq: number;
  cpu: number;         // the core whose interrupt this is
  kind: EventKind;
  fn: ((ev: MachineEvent) => void) | null;
  cancelled: boolean;
}

/**
 * tick: a core's local timer. timer: a kernel hrtimer. ipi: a request from another core.
 * device: a device interrupt (NIC). external: the world outside the machine, which uses no core.
 */
export type EventKind = 'tick' | 'timer' | 'ipi' | 'device' | 'external';

export class EventQueue {
  private heap: MachineEvent[] = [];
  private nextSeq = 0;

  get size(): number { return this.heap.length; }

  push(time: number, cpu: number, kind: EventKind, fn: ((ev: MachineEvent) => void) | null): MachineEvent {
    const ev: MachineEvent = { time, seq: this.nextSeq++, cpu, kind, fn, cancelled: false };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(ev, h[p]!)) break;
      h[i] = h[p]!; i = p;
    }
    h[i] = ev;
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
    if (h.length > 0) {
      let i = 0; const n = h.length;
      for (;;) {
        const l = 2 * i + 1; const r = l + 1;
        let m = i; let mv = last;
        if (l < n && before(h[l]!, mv)) { m = l; mv = h[l]!; }
        if (r < n && before(h[r]!, mv)) { m = r; mv = h[r]!; }
        if (m === i) break;
        h[i] = h[m]!; i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: MachineEvent, b: MachineEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
