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
import type { Kernel } from './kernel.ts';
import type { Core } from '../machine/core.ts';
import { COSTS } from '../machine/costs.ts';

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

// --- the policy: placement, preemption, balancing, the switch --------------------------------


function isIdle(k: Kernel, cpu: number): boolean {
  const rq = k.rq[cpu]!;
  return rq.curr === null && rq.queued === 0;
}

/** select_task_rq_fair, simplified: previous core if idle, else an idle core, else the less loaded of previous and waker. */
export function selectTaskRq(k: Kernel, t: Thread): number {
  const prev = t.cpu; const n = k.rq.length;
  if (isIdle(k, prev)) return prev;
  for (let i = 1; i < n; i++) { const c = (prev + i) % n; if (isIdle(k, c)) return c; }
  const waker = k.core.id;
  return k.rq[waker]!.nrRunning < k.rq[prev]!.nrRunning ? waker : prev;
}

export function enqueueWoken(k: Kernel, t: Thread, cpu: number): void {
  const rq = k.rq[cpu]!;
  // place_entity: a sleeper gets at most half a latency period of credit (GENTLE_FAIR_SLEEPERS).
  t.vruntime = Math.max(t.vruntime, rq.minVruntime - k.tun.latency / 2);
  t.cpu = cpu;
  t.runnableSince = k.now();
  rq.enqueue(t);
  const curr = rq.curr;
  if (curr === null) { k.kick(cpu); return; }
  if (curr.vruntime - t.vruntime > k.tun.wakeupGranularity) k.kick(cpu);
}

/** Fork balancing: a new thread goes to the least loaded core, starting from the parent's. */
export function placeNew(k: Kernel, t: Thread): void {
  const n = k.rq.length; let best = t.cpu; let bestLoad = Infinity;
  for (let i = 0; i < n; i++) {
    const c = (t.cpu + i) % n; const load = k.rq[c]!.nrRunning;
    if (load < bestLoad) { best = c; bestLoad = load; }
  }
  const rq = k.rq[best]!;
  t.vruntime = rq.minVruntime;
  t.cpu = best; t.state = 'runnable'; t.runnableSince = k.now();
  rq.enqueue(t);
  if (rq.curr === null) k.kick(best);
}

/** update_curr: charge the running thread for the time since it last was. */
function updateCurr(core: Core, rq: RunQueue): void {
  const t = rq.curr;
  if (t === null || t.state !== 'running') return;
  const delta = core.clock - t.execStart;
  if (delta <= 0) return;
  t.execStart = core.clock;
  t.sumExec += delta;
  t.vruntime += delta;
  rq.updateMinVruntime();
}

export function schedulerTick(k: Kernel, core: Core): void {
  const rq = k.rq[core.id]!;
  updateCurr(core, rq);
  const curr = rq.curr;
  if (curr !== null && curr.state === 'running' && rq.queued > 0) {
    // check_preempt_tick
    const ideal = schedSlice(k.tun, rq.nrRunning);
    const ran = curr.sumExec - curr.prevSumExec;
    if (ran > ideal) rq.needResched = true;
    else if (ran >= k.tun.minGranularity) {
      const left = rq.leftmost()!;
      if (curr.vruntime - left.vruntime > ideal) rq.needResched = true;
    }
  }
  loadBalance(k, core);
}

/** Periodic balancing at the tick: pull from the busiest core, or kick an idle one to do it. */
function loadBalance(k: Kernel, core: Core): void {
  const here = k.rq[core.id]!;
  let busiest: RunQueue | null = null;
  let idleCpu = -1;
  for (const rq of k.rq) {
    if (rq === here) continue;
    if (idleCpu < 0 && rq.curr === null && rq.queued === 0 && !rq.ipiPending) idleCpu = rq.cpu;
    if (busiest === null || rq.nrRunning > busiest.nrRunning) busiest = rq;
  }
  if (here.queued > 0 && idleCpu >= 0) { k.kick(idleCpu); return; } // nohz idle balance kick
  if (busiest !== null && busiest.queued > 0 && busiest.nrRunning - here.nrRunning >= 2) {
    const t = busiest.migrationCandidate();
    if (t !== undefined) { migrate(k, t, busiest, here); }
  }
}

function migrate(k: Kernel, t: Thread, from: RunQueue, to: RunQueue): void {
  from.dequeue(t);
  t.vruntime = t.vruntime - from.minVruntime + to.minVruntime;
  t.cpu = to.cpu;
  to.enqueue(t);
  k.m.probe.emit('sched_migrate', k.now(), k.core.id, t.proc.pid, t.tid, from.cpu, to.cpu);
}

/** newidle balance: an idle core pulls a waiting thread from the busiest core. */
function idleBalance(k: Kernel, core: Core): Thread | undefined {
  const here = k.rq[core.id]!;
  let busiest: RunQueue | null = null;
  for (const rq of k.rq) if (rq !== here && rq.queued > 0 && (busiest === null || rq.queued > busiest.queued)) busiest = rq;
  if (busiest === null) return undefined;
  const t = busiest.migrationCandidate();
  if (t === undefined) return undefined;
  migrate(k, t, busiest, here);
  here.dequeue(t);
  return t;
}

export function accountSwitchOut(core: Core, t: Thread): void {
  t.utime += core.userCycles - t.userMark;
  t.stime += core.kernelCycles - t.kernelMark;
  t.userMark = core.userCycles; t.kernelMark = core.kernelCycles;
}

/** __schedule: pick the next thread for `core` and switch to it (or to idle). */
export function schedule(k: Kernel, core: Core): void {
  const rq = k.rq[core.id]!;
  const prev = rq.curr;
  rq.needResched = false;
  if (prev !== null) {
    updateCurr(core, rq);
    if (prev.state !== 'dead') accountSwitchOut(core, prev);
    if (prev.state === 'running') { prev.state = 'runnable'; prev.runnableSince = core.clock; rq.enqueue(prev); }
  }
  let next = rq.pop();
  if (next === undefined) next = idleBalance(k, core);
  if (next !== undefined && next === prev) {
    prev.state = 'running';
    prev.prevSumExec = prev.sumExec; prev.execStart = core.clock;
    return;
  }
  if (prev !== null) {
    if (prev.state === 'runnable') prev.nivcsw++; else if (prev.state === 'sleeping') prev.nvcsw++;
  }
  rq.curr = next ?? null;
  if (next === undefined) {
    core.ctx = null;
    k.m.probe.emit('sched_switch', core.clock, core.id, prev?.proc.pid ?? 0, prev?.tid ?? 0, 0, 0);
    return;
  }
  core.chargeKernel(COSTS.contextSwitch.cycles);
  k.contextSwitches++; rq.nrSwitches++;
  next.state = 'running';
  next.cpu = core.id;
  next.prevSumExec = next.sumExec;
  next.execStart = core.clock;
  next.userMark = core.userCycles; next.kernelMark = core.kernelCycles;
  core.ctx = next.ctx;
  k.m.probe.emit('sched_switch', core.clock, core.id, prev?.proc.pid ?? 0, prev?.tid ?? 0, next.proc.pid, next.tid);
}
