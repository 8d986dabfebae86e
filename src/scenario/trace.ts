// Chrome Trace Event export (the JSON format Perfetto and chrome://tracing open),
// built incrementally by a probe-bus subscriber while the machine runs.
//
// Tracks, as in `perf sched timehist` and `go tool trace`:
//  - "machine": one track per core (which thread ran), and beside it one for the
//    syscalls that core executed without blocking (kernel time on that core);
//    counters for each core's run-queue length.
//  - each process: one track per thread (running on cpu N, runnable, blocked and
//    on what) and one for the syscalls it was in (a blocking syscall spans the
//    time the thread slept);
//  - each Go-style process (from the runtime's USDT events, GO_EVENTS): one
//    track per P (the goroutines it ran), one per M (running, spinning, idle,
//    in a syscall), one per goroutine (running, runnable,
//    waiting and why, in a syscall), one for GC phases; counters for the heap
//    against its goal, goroutines alive, and the run queues (global and per P).
//  - flow arrows from a wake-up to the run it caused: sched_wakeup → the
//    sched_switch that ran the thread; go_unblock → the goroutine's next run.
// Units: ts and dur in microseconds of simulated time. On one track slices never
// overlap: a slice ends where the next begins, and an event that arrives out of
// order (cores run a few µs apart) is clamped to the end of the previous slice.

import type { Machine } from '../machine/machine.ts';
import type { ProbeEvent } from '../machine/probe.ts';
import type { KernelSnapshot } from '../kernel/kernel.ts';
import type { RuntimeSnapshot } from '../runtime/snapshot.ts';
import { GO_EVENTS } from '../runtime/snapshot.ts';
import { syscallName } from '../kernel/uapi/syscalls.ts';
import { closeSync, openSync, writeSync } from 'node:fs';

export interface TraceEvent {
  name: string;
  ph: 'X' | 'C' | 's' | 'f' | 'i' | 'M';
  /** Microseconds. */
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  id?: number;
  bp?: 'e';
  s?: 'g' | 'p' | 't';
  args?: Record<string, unknown>;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ns' | 'ms';
  otherData: Record<string, unknown>;
}

/** The Chrome pid of the machine's own tracks. */
export const MACHINE_PID = 0;
/** Track id offsets inside a process. */
export const TRACK = { coreSyscalls: 1000, threadSyscalls: 1_000_000, p: 2_000_000, m: 2_500_000, stw: 2_999_998, gc: 2_999_999, g: 3_000_000 } as const;

class Track {
  private open: { name: string; ts: number; cat: string; args: Record<string, unknown> | undefined } | null = null;
  /** End of the last slice: nothing on this track may start before it. */
  lastEnd = 0;
  constructor(readonly pid: number, readonly tid: number, private readonly out: TraceEvent[]) {}

  get current(): string | null { return this.open?.name ?? null; }

  /** Start a slice at `ts` (closing the open one there). Returns the slice's actual start. */
  begin(name: string, ts: number, cat: string, args?: Record<string, unknown>): number {
    const t = this.close(ts);
    this.open = { name, ts: t, cat, args };
    return t;
  }

  /** Close the open slice at `ts` (clamped so it never ends before it began). Returns the end. */
  close(ts: number): number {
    const t = Math.max(ts, this.lastEnd);
    const o = this.open;
    if (o !== null) {
      const ev: TraceEvent = { name: o.name, ph: 'X', ts: o.ts, dur: t - o.ts, pid: this.pid, tid: this.tid, cat: o.cat };
      if (o.args !== undefined) ev.args = o.args;
      this.out.push(ev);
      this.open = null;
    }
    this.lastEnd = t;
    return t;
  }

  /** A complete slice [ts, end) — closes nothing; clamped after the previous. */
  slice(name: string, ts: number, end: number, cat: string, args?: Record<string, unknown>): void {
    if (this.open !== null) this.close(ts);
    const t = Math.max(ts, this.lastEnd);
    const e = Math.max(t, end);
    const ev: TraceEvent = { name, ph: 'X', ts: t, dur: e - t, pid: this.pid, tid: this.tid, cat };
    if (args !== undefined) ev.args = args;
    this.out.push(ev);
    this.lastEnd = e;
  }
}

interface ThreadInfo { pid: number; tid: number; cpu: number; runningSince: number; wchan: string; dead: boolean }
interface PendingFlow { id: number; ts: number; pid: number; tid: number }

const WAKE_REASONS = ['none', 'event', 'timeout', 'signal'];

export interface TraceOptions {
  /** Sample run-queue and runtime counters at most this often (simulated ns). */
  counterPeriodNs?: number;
}

/** A probe-bus subscriber that builds a Chrome trace of everything the machine does. */
export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private readonly tracks = new Map<string, Track>();
  private readonly threads = new Map<number, ThreadInfo>();
  private readonly procNames = new Map<number, string>();
  private readonly goProcs = new Set<number>();
  private readonly pendingWake = new Map<number, PendingFlow>();
  private readonly pendingUnblock = new Map<string, PendingFlow>();
  /** goroutine key `${pid}:${goid}` → the P track it runs on. */
  private readonly gOnP = new Map<string, Track>();
  private readonly gNames = new Map<string, string>();
  private readonly live = new Map<number, number>();
  private nextFlow = 1;
  private lastCounter = -Infinity;
  private readonly counterPeriod: number;
  private readonly usPerCycle: number;
  private maxTs = 0;
  private readonly unsubscribe: () => void;

  /** Names of syscall numbers, from the kernel's personality (Linux's until a kernel says otherwise). */
  private syscallName: ((nr: number) => string) | undefined;
  constructor(private readonly machine: Machine, opts: TraceOptions = {}) {
    this.usPerCycle = 1e6 / machine.config.clockHz;
    this.counterPeriod = machine.nsToCycles(opts.counterPeriodNs ?? 100_000);
    this.unsubscribe = machine.probe.subscribe((ev) => this.onEvent(ev));
    for (const c of machine.cores) this.track(MACHINE_PID, c.id);
    // Whatever already exists (processes spawned before recording began), from the kernel's snapshot.
    const k = machine.probe.read<KernelSnapshot>('kernel');
    const t0 = this.us(machine.now);
    for (const p of k?.procs ?? []) {
      this.procNames.set(p.pid, p.name);
      for (const t of p.threads) {
        const th = this.thread(p.pid, t.tid);
        th.wchan = t.wchan;
        this.track(p.pid, t.tid).begin(t.state === 'sleeping' ? `blocked: ${t.wchan}` : 'runnable', t0, 'sched');
      }
    }
  }

  private us(cycles: number): number { return cycles * this.usPerCycle; }

  private track(pid: number, tid: number): Track {
    const key = `${pid}/${tid}`;
    let t = this.tracks.get(key);
    if (t === undefined) { t = new Track(pid, tid, this.events); this.tracks.set(key, t); }
    return t;
  }

  private thread(pid: number, tid: number): ThreadInfo {
    let th = this.threads.get(tid);
    if (th === undefined) { th = { pid, tid, cpu: -1, runningSince: -1, wchan: '', dead: false }; this.threads.set(tid, th); }
    return th;
  }

  private onEvent(ev: ProbeEvent): void {
    const ts = this.us(ev.t);
    if (ts > this.maxTs) this.maxTs = ts;
    switch (ev.kind) {
      case 'sched_switch': this.onSwitch(ev, ts); break;
      case 'sched_sleep': {
        const th = this.thread(ev.pid, ev.tid);
        th.wchan = ev.s;
        // The switch that follows ends the running slice; the blocked slice starts then.
        break;
      }
      case 'sched_wakeup': {
        const th = this.thread(ev.pid, ev.tid);
        const tr = this.track(ev.pid, ev.tid);
        tr.begin('runnable', ts, 'sched', { woken: WAKE_REASONS[ev.b] ?? ev.b, target_cpu: ev.a });
        th.wchan = '';
        this.pendingWake.set(ev.tid, { id: this.nextFlow++, ts, pid: MACHINE_PID, tid: ev.cpu });
        break;
      }
      case 'syscall': this.onSyscall(ev, ts); break;
      case 'proc_exec':
        this.procNames.set(ev.pid, ev.s);
        this.thread(ev.pid, ev.tid);
        this.track(ev.pid, ev.tid).begin('runnable', ts, 'sched', { exec: ev.s });
        break;
      case 'thread_new':
        this.thread(ev.pid, ev.tid);
        this.track(ev.pid, ev.tid).begin('runnable', ts, 'sched', { parent: ev.a });
        break;
      case 'thread_exit': {
        this.thread(ev.pid, ev.tid).dead = true;
        this.track(ev.pid, ev.tid).close(ts);
        this.pendingWake.delete(ev.tid);
        break;
      }
      case 'signal': case 'signal_deliver': case 'page_fault': case 'proc_exit':
        this.events.push({ name: ev.kind === 'signal' ? `signal ${ev.s}` : ev.kind === 'signal_deliver' ? `deliver signal ${ev.a}` : ev.kind === 'page_fault' ? 'page fault' : `exit ${ev.s}`, ph: 'i', s: 't', ts, pid: ev.pid, tid: ev.tid, cat: ev.kind, args: ev.kind === 'page_fault' ? { addr: ev.a, write: ev.b } : { a: ev.a, b: ev.b } });
        break;
      case GO_EVENTS.goCreate: this.goCreate(ev, ts); break;
      case GO_EVENTS.goStatus: this.goStatus(ev, ts); break;
      case GO_EVENTS.goUnblock: {
        this.goProcs.add(ev.pid);
        this.pendingUnblock.set(`${ev.pid}:${ev.a}`, { id: this.nextFlow++, ts, pid: ev.pid, tid: TRACK.g + ev.b });
        break;
      }
      case GO_EVENTS.race: {
        // the race detector's report: an instant on the goroutine (thread) whose access found it
        const [at = '', previous = ''] = ev.s.split(' ');
        this.events.push({ name: 'data race', ph: 'i', s: 'p', ts, pid: ev.pid, tid: this.goProcs.has(ev.pid) ? TRACK.g + ev.a : ev.tid, cat: 'race', args: { goroutine: ev.a, previousGoroutine: ev.b, at, previous } });
        break;
      }
      case GO_EVENTS.gcPhase: {
        this.goProcs.add(ev.pid);
        const tr = this.track(ev.pid, TRACK.gc);
        if (ev.s === 'off') tr.close(ts); else tr.begin(`GC ${ev.s}`, ts, 'gc', { heapLive: ev.a, heapGoal: ev.b });
        this.events.push({ name: 'heap', ph: 'C', ts, pid: ev.pid, tid: 0, args: { live: ev.a, goal: ev.b } });
        break;
      }
      case GO_EVENTS.stw: {
        this.goProcs.add(ev.pid);
        const tr = this.track(ev.pid, TRACK.stw);
        if (ev.b === 1) tr.close(ts); else tr.begin(`STW: ${ev.s}`, ts, 'gc', { procs: ev.a });
        break;
      }
      case GO_EVENTS.mStatus: {
        this.goProcs.add(ev.pid);
        this.track(ev.pid, TRACK.m + ev.a).begin(ev.s, ts, 'm', { tid: ev.tid });
        break;
      }
      case GO_EVENTS.procStatus: {
        this.goProcs.add(ev.pid);
        if (ev.s !== '_Prunning') this.track(ev.pid, TRACK.p + ev.a).close(ts);
        break;
      }
      default: break;
    }
    if (ev.t - this.lastCounter >= this.counterPeriod) { this.lastCounter = ev.t; this.counters(ts); }
  }

  private onSwitch(ev: ProbeEvent, ts: number): void {
    const core = this.track(MACHINE_PID, ev.cpu);
    if (ev.tid !== 0) {
      const prev = this.thread(ev.pid, ev.tid);
      const tr = this.track(ev.pid, ev.tid);
      if (prev.dead) { /* its track ended at thread_exit */ }
      else if (prev.wchan !== '') tr.begin(`blocked: ${prev.wchan}`, ts, 'sched', { wchan: prev.wchan });
      else tr.begin('runnable', ts, 'sched', { preempted: true });
      prev.runningSince = -1;
    }
    if (ev.b === 0) { core.close(ts); return; }
    const next = this.thread(ev.a, ev.b);
    next.cpu = ev.cpu;
    const name = `${this.procNames.get(ev.a) ?? '?'}[${ev.b}]`;
    const start = core.begin(name, ts, 'cpu', { pid: ev.a, tid: ev.b });
    next.runningSince = start;
    this.track(ev.a, ev.b).begin(`running cpu${ev.cpu}`, ts, 'sched', { cpu: ev.cpu });
    const w = this.pendingWake.get(ev.b);
    if (w !== undefined) {
      this.pendingWake.delete(ev.b);
      this.flow('wakeup', w, { pid: MACHINE_PID, tid: ev.cpu, ts: start });
    }
  }

  private flow(name: string, from: PendingFlow, to: { pid: number; tid: number; ts: number }): void {
    const ts = Math.min(from.ts, to.ts);
    this.events.push({ name, cat: 'flow', ph: 's', id: from.id, ts, pid: from.pid, tid: from.tid });
    this.events.push({ name, cat: 'flow', ph: 'f', bp: 'e', id: from.id, ts: to.ts, pid: to.pid, tid: to.tid });
  }

  private onSyscall(ev: ProbeEvent, ts: number): void {
    const end = this.us(this.machine.cores[ev.cpu]!.clock); // emitted at exit, on the core that finished it
    this.syscallName ??= this.machine.probe.read<(nr: number) => string>('syscall-names') ?? syscallName;
    const name = this.syscallName(ev.a);
    const args = { ret: ev.b };
    this.track(ev.pid, TRACK.threadSyscalls + ev.tid).slice(name, ts, end, 'syscall', args);
    const th = this.threads.get(ev.tid);
    // Kernel time on the core: only a call that ran start to end there without sleeping.
    if (th !== undefined && th.cpu === ev.cpu && th.runningSince >= 0 && th.runningSince <= ts) {
      this.track(MACHINE_PID, TRACK.coreSyscalls + ev.cpu).slice(name, ts, end, 'syscall', { ...args, tid: ev.tid });
    }
  }

  private goCreate(ev: ProbeEvent, ts: number): void {
    this.goProcs.add(ev.pid);
    const key = `${ev.pid}:${ev.a}`;
    this.gNames.set(key, ev.s);
    this.track(ev.pid, TRACK.g + ev.a).begin('runnable', ts, 'goroutine', { createdBy: ev.b, fn: ev.s });
    this.live.set(ev.pid, (this.live.get(ev.pid) ?? 0) + 1);
  }

  private goStatus(ev: ProbeEvent, ts: number): void {
    this.goProcs.add(ev.pid);
    const key = `${ev.pid}:${ev.a}`;
    const i = ev.s.indexOf(':');
    const status = i < 0 ? ev.s : ev.s.slice(0, i);
    const reason = i < 0 ? '' : ev.s.slice(i + 1);
    const g = this.track(ev.pid, TRACK.g + ev.a);
    const onP = this.gOnP.get(key);
    if (onP !== undefined && onP.current === `g${ev.a}`) onP.close(ts);
    this.gOnP.delete(key);
    switch (status) {
      case '_Grunning': {
        const start = g.begin(`running P${ev.b}`, ts, 'goroutine', { p: ev.b, m_tid: ev.tid });
        if (ev.b >= 0) {
          const p = this.track(ev.pid, TRACK.p + ev.b);
          p.begin(`g${ev.a}`, ts, 'proc', { fn: this.gNames.get(key) ?? '' });
          this.gOnP.set(key, p);
        }
        const u = this.pendingUnblock.get(key);
        if (u !== undefined) { this.pendingUnblock.delete(key); this.flow('unblock', u, { pid: ev.pid, tid: TRACK.g + ev.a, ts: start }); }
        break;
      }
      case '_Gdead':
        g.close(ts);
        this.pendingUnblock.delete(key);
        this.live.set(ev.pid, Math.max(0, (this.live.get(ev.pid) ?? 1) - 1));
        break;
      case '_Gwaiting': g.begin(`waiting: ${reason !== '' ? reason : '?'}`, ts, 'goroutine', { reason }); break;
      case '_Gsyscall': g.begin('syscall', ts, 'goroutine', { m_tid: ev.tid }); break;
      case '_Grunnable': g.begin('runnable', ts, 'goroutine', reason !== '' ? { reason } : undefined); break;
      default: g.begin(status.replace(/^_G/, ''), ts, 'goroutine'); break;
    }
  }

  /** Counters sampled from the published snapshots. */
  private counters(ts: number): void {
    const k = this.machine.probe.read<KernelSnapshot>('kernel');
    if (k !== undefined) {
      const args: Record<string, number> = {};
      for (const rq of k.runQueues) args[`cpu${rq.cpu}`] = rq.queued;
      this.events.push({ name: 'run queue', ph: 'C', ts, pid: MACHINE_PID, tid: 0, args });
    }
    for (const pid of this.goProcs) {
      const rs = this.machine.probe.read<RuntimeSnapshot>(`runtime:${pid}`);
      if (rs === undefined) {
        this.events.push({ name: 'goroutines', ph: 'C', ts, pid, tid: 0, args: { live: this.live.get(pid) ?? 0 } });
        continue;
      }
      const rq: Record<string, number> = { global: rs.globrunq };
      for (const p of rs.ps) rq[`P${p.id}`] = p.runq + (p.runnext > 0 ? 1 : 0);
      this.events.push({ name: 'run queue', ph: 'C', ts, pid, tid: 0, args: rq });
      this.events.push({ name: 'goroutines', ph: 'C', ts, pid, tid: 0, args: { live: rs.goroutines.live } });
      this.events.push({ name: 'heap', ph: 'C', ts, pid, tid: 0, args: { live: rs.gc.heapLiveBytes, goal: rs.gc.heapGoalBytes } });
    }
  }

  /** Stop recording, close every open slice, and return the trace. */
  finish(): TraceFile {
    this.unsubscribe();
    const end = Math.max(this.maxTs, this.us(this.machine.now));
    for (const t of this.tracks.values()) t.close(Math.max(end, t.lastEnd));
    const meta: TraceEvent[] = [];
    const name = (pid: number, tid: number, n: string): void => { meta.push({ name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name: n } }); };
    meta.push({ name: 'process_name', ph: 'M', ts: 0, pid: MACHINE_PID, tid: 0, args: { name: 'machine' } });
    for (const t of this.tracks.values()) {
      const { pid, tid } = t;
      if (pid === MACHINE_PID) name(pid, tid, tid >= TRACK.coreSyscalls ? `cpu${tid - TRACK.coreSyscalls} syscalls` : `cpu${tid}`);
      else if (tid >= TRACK.g) name(pid, tid, `g${tid - TRACK.g} ${this.gNames.get(`${pid}:${tid - TRACK.g}`) ?? ''}`.trim());
      else if (tid === TRACK.gc) name(pid, tid, 'GC');
      else if (tid === TRACK.stw) name(pid, tid, 'STW');
      else if (tid >= TRACK.m) name(pid, tid, `M${tid - TRACK.m}`);
      else if (tid >= TRACK.p) name(pid, tid, `P${tid - TRACK.p}`);
      else if (tid >= TRACK.threadSyscalls) name(pid, tid, `${tid - TRACK.threadSyscalls} syscalls`);
      else name(pid, tid, `${this.procNames.get(pid) ?? '?'} ${tid}`);
      meta.push({ name: 'thread_sort_index', ph: 'M', ts: 0, pid, tid, args: { sort_index: tid } });
    }
    for (const [pid, n] of this.procNames) meta.push({ name: 'process_name', ph: 'M', ts: 0, pid, tid: 0, args: { name: `${n} (pid ${pid})` } });
    return {
      traceEvents: [...meta, ...this.events],
      displayTimeUnit: 'ns',
      otherData: { clockHz: this.machine.config.clockHz, cores: this.machine.cores.length, traceHash: this.machine.probe.traceHash() },
    };
  }
}

/** Write a trace of a whole run: record from now until `run` returns. */
export function recordTrace(machine: Machine, run: () => void, opts: TraceOptions = {}): TraceFile {
  const rec = new TraceRecorder(machine, opts);
  try { run(); } finally { /* a failed run still yields the trace so far */ }
  return rec.finish();
}

/** Write a trace as JSON in pieces: a long run's trace is larger than one string may be. */
export function writeTraceFile(file: string, trace: TraceFile): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, '{"traceEvents":[\n');
    const ev = trace.traceEvents;
    const CHUNK = 10_000;
    for (let i = 0; i < ev.length; i += CHUNK) {
      const part = ev.slice(i, i + CHUNK).map((e) => JSON.stringify(e)).join(',\n');
      writeSync(fd, (i > 0 ? ',\n' : '') + part);
    }
    writeSync(fd, `\n],"displayTimeUnit":${JSON.stringify(trace.displayTimeUnit)},"otherData":${JSON.stringify(trace.otherData)}}\n`);
  } finally { closeSync(fd); }
}
