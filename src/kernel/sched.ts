// The scheduler: per-core run queues with a fair time-slice policy, modelled on
// Linux's CFS (kernel/sched/fair.c as of 6.5, before EEVDF).
//
// Each runnable thread has a virtual runtime (all threads have nice 0, so it is
// simply the CPU time it has had). A core runs the thread with the smallest
// vruntime; the timer tick preempts the current one when it has used its slice
// (sched_latency / nr_running, at least min_granularity) or someone is owed more
// than a slice. Wake-ups go to an idle core if there is one (select_idle_sibling),
// and may preempt the current thread (check_preempt_wakeup). A core that goes
// idle pulls work from the busiest core (newidle balance); busy cores balance at
// the tick, and kick an idle core when they have more than they can run.

import type { Thread } from './proc.ts';

export interface SchedTunables {
  latency: number;        // sysctl_sched_latency, cycles
  minGranularity: number; // sysctl_sched_min_granularity, cycles
  wakeupGranularity: number;
}

/** Linux's defaults scaled by 1 + log2(min(ncpus, 8)) (SCHED_TUNABLESCALING_LOG). */
export function defaultTunables(ncpus: number, cyclesPerNs: number): SchedTunables {
  const factor = 1 + Math.floor(Math.log2(Math.min(ncpus, 8)));
  return {
    latency: 6e6 * factor * cyclesPerNs,
    minGranularity: 0.75e6 * factor * cyclesPerNs,
    wakeupGranularity: 1e6 * factor * cyclesPerNs,
  };
}

/** One core's run queue: the runnable threads in a min-heap by (vruntime, enqueue order), plus the current one. */
export class RunQueue {
  private heap: Thread[] = [];
  curr: Thread | null = null;
  minVruntime = 0;
  needResched = false;
  /** A reschedule IPI is on its way to this core. */
  ipiPending = false;
  private seq = 0;
  nrSwitches = 0;
  constructor(readonly cpu: number) {}

  /** Runnable threads including the current one (rq->nr_running). */
  get nrRunning(): number { return this.heap.length + (this.curr !== null && this.curr.state === 'running' ? 1 : 0); }
  get queued(): number { return this.heap.length; }
  leftmost(): Thread | undefined { return this.heap[0]; }

  enqueue(t: Thread): void {
    if (t.onRq !== -1) throw new Error(`assertion: ${t.name} is already on run queue ${t.onRq}`);
    if (t.state !== 'runnable') throw new Error(`assertion: enqueue of ${t.name} in state ${t.state}`);
    t.onRq = this.cpu; t.enqueueSeq = this.seq++;
    const h = this.heap; h.push(t); this.up(h.length - 1);
  }

  dequeue(t: Thread): void {
    if (t.onRq !== this.cpu) throw new Error(`assertion: ${t.name} is not on run queue ${this.cpu}`);
    const h = this.heap; const i = t.rqPos; const last = h.pop()!;
    if (i < h.length) { h[i] = last; last.rqPos = i; this.up(i); this.down(last.rqPos); }
    t.onRq = -1; t.rqPos = -1;
  }

  pop(): Thread | undefined {
    const t = this.heap[0];
    if (t !== undefined) this.dequeue(t);
    return t;
  }

  /**
   * A runnable thread (not current) to move to another core: the last leaf of the
   * heap, which is among the most-run (largest vruntime) and so loses least by
   * moving. O(1), where Linux bounds its walk at sched_nr_migrate.
   */
  migrationCandidate(): Thread | undefined {
    return this.heap[this.heap.length - 1];
  }

  updateMinVruntime(): void {
    let v = this.curr !== null && this.curr.state === 'running' ? this.curr.vruntime : Infinity;
    const l = this.heap[0];
    if (l !== undefined) v = Math.min(v, l.vruntime);
    if (v !== Infinity && v > this.minVruntime) this.minVruntime = v;
  }

  *threads(): Generator<Thread> { yield* this.heap; }

  private less(a: Thread, b: Thread): boolean {
    return a.vruntime < b.vruntime || (a.vruntime === b.vruntime && a.enqueueSeq < b.enqueueSeq);
  }
  private up(i: number): void {
    const h = this.heap; const t = h[i]!;
    while (i > 0) { const p = (i - 1) >> 1; if (!this.less(t, h[p]!)) break; h[i] = h[p]!; h[i]!.rqPos = i; i = p; }
    h[i] = t; t.rqPos = i;
  }
  private down(i: number): void {
    const h = this.heap; const n = h.length; if (i < 0 || i >= n) return; const t = h[i]!;
    for (;;) {
      const l = 2 * i + 1; const r = l + 1; let m = i; let mv = t;
      if (l < n && this.less(h[l]!, mv)) { m = l; mv = h[l]!; }
      if (r < n && this.less(h[r]!, mv)) { m = r; mv = h[r]!; }
      if (m === i) break;
      h[i] = h[m]!; h[i]!.rqPos = i; i = m;
    }
    h[i] = t; t.rqPos = i;
  }
}

/** sched_slice: this thread's share of the latency period. */
export function schedSlice(tun: SchedTunables, nr: number): number {
  const nrLatency = Math.floor(tun.latency / tun.minGranularity);
  const period = nr > nrLatency ? nr * tun.minGranularity : tun.latency;
  return period / Math.max(1, nr);
}
