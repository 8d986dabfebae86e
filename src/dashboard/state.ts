// The dashboard's model: everything the screen shows, built only from the probe
// bus — the events the layers emit and the snapshots they publish ('machine',
// 'kernel', 'runtime:<pid>', 'net') — never by looking inside a layer.
//
// The model is an immutable value updated once per frame with immer: the events
// that arrived since the last frame are applied in one batch, then the published
// snapshots (which are authoritative for "what is true now"), so a pane whose
// slice did not change keeps the same object and is not redrawn (React.memo).
// Events carry history (who ran where, when a thread slept and on what, how long
// it waited); snapshots carry current state and counts. Memory is bounded: every
// list is a ring with a cap (CAPS), and goroutine histories are kept for a
// bounded set of recently active goroutines.

import { isDraft, original, produce, setAutoFreeze } from 'immer';
import type { ProbeEvent } from '../machine/probe.ts';
import type { MachineSnapshot } from '../machine/machine.ts';
import type { KernelSnapshot } from '../kernel/kernel.ts';
import type { RuntimeSnapshot } from '../runtime/snapshot.ts';
import { GO_EVENTS } from '../runtime/snapshot.ts';
import type { GAcct } from './gacct.ts';
import type { GoHists } from './hist.ts';
import type { Lint } from '../scenario/lint-spec.ts';
import type { RaceView } from '../scenario/report.ts';

// Freezing deep snapshots every frame costs more than it protects here: the
// model is only ever changed through produce().
setAutoFreeze(false);

export const CAPS = {
  utilHistory: 64,
  threadHistory: 48,
  goHistory: 48,
  goTracked: 512,
  deadThreadsKept: 64,
  consoleLines: 200,
  klogLines: 100,
  eventsPerFrame: 20_000,
  syscallNamesShown: 12,
} as const;

/**
 * The network a scenario publishes as the 'net' snapshot (the Network pane's
 * contract; absent when the scenario has no network).
 */
/** Segments sent again, by cause (timeout, fast retransmit, SYN). */
export interface RetransView { rto: number; fast: number; syn: number }

export interface NetSnapshot {
  nics: {
    name: string; rxPackets: number; txPackets: number; rxBytes: number; txBytes: number; drops: number;
    /** The qdisc: packets waiting now and packets dropped because it was full; retransmissions out of this NIC. */
    qdiscBacklog?: number; qdiscDrops?: number; retransmits?: RetransView;
    /** What the scenario's wire faults did on this NIC's link (absent without faults). */
    faults?: { lost: number; corrupted: number; duplicated: number; reordered: number; delayed: number; downDrops: number };
  }[];
  /** The machine's TCP segments sent again, and the load clients'. */
  retransmits?: RetransView;
  clientRetransmits?: RetransView;
  /** Established connections. */
  connections: number;
  /** SYNs dropped because a listener's accept queue was full. */
  acceptQueueDrops?: number;
  resetsSent?: number;
  /** Request latency measured by the scenario's clients, if any. */
  latency?: {
    p50Ns: number; p99Ns: number; samples: number;
    /** Every reply so far, by power-of-two bucket: histNs[b] replies took [2^b, 2^(b+1)) ns. */
    histNs?: number[];
  };
}

export interface HistEntry { t: number; state: string; detail: string }
export interface ConsoleLine { t: number; stream: number; text: string }

export interface CoreView {
  id: number; pid: number; tid: number; mode: 'user' | 'kernel' | 'idle';
  /** Busy fraction (0..1) per sample, oldest first. */
  util: number[];
  userPct: number; kernelPct: number; irqPerSec: number;
}

export interface ThreadView {
  tid: number; pid: number; state: string; cpu: number; wchan: string; syscall: string;
  /** Times it was switched in. */
  switches: number;
  /** When it entered its current state (cycles). */
  since: number;
  history: HistEntry[];
  /** What woke it last (absent until it was woken). */
  wokenBy?: WakeSource;
}

/**
 * What woke a thread, as the event stream shows it: a NIC's receive interrupt (its hard IRQ, then
 * the NET_RX softirq's NAPI poll that delivered the frames: the wake-ups come just before the
 * pass's napi_poll event on that core), a timer interrupt (a sleep or a wait's timeout expired:
 * the hrtimer), a signal, or another thread's system call on that core (a futex wake, a write).
 */
export interface WakeSource {
  /** When (cycles), on which core it was handled, and the wait it ended (how long, on what). */
  t: number; cpu: number; waitedCycles: number; wchan: string;
  by: 'nic' | 'timer' | 'signal' | 'thread';
  /** nic: the NIC and how many frames that NAPI pass took. */
  nic?: string; frames?: number;
  /** thread: the thread running on that core (0 when not known). */
  waker?: number;
}

export interface SyscallRate { name: string; perSec: number; total: number }
/** A syscall's total time since the process started: calls and cycles spent in it (blocked time included). */
export interface SyscallTime { name: string; calls: number; cycles: number }

/** What a process holds, from the kernel's snapshot (ps/lsof's columns). */
export interface ProcResources {
  rssPeakBytes: number; vszBytes: number;
  threads: number; threadsPeak: number;
  fds: number;
  /** Open fds (NT: handles) by kind of file: socket, epoll, pipe, console, ... */
  fdKinds: Record<string, number>;
}

export interface ProcView {
  pid: number; name: string; state: string; exitStatus: number | null;
  tids: number[];
  console: ConsoleLine[];
  /** The unfinished last line of output. */
  partial: string;
  syscalls: SyscallRate[];
  nvcsw: number; nivcsw: number; utimeCycles: number; stimeCycles: number; rssBytes: number;
  /** The resources it holds (absent until the kernel's first snapshot lists it). */
  res?: ProcResources;
  /** Time in syscalls by name, most first (at most CAPS.syscallNamesShown; refreshed with the rates). */
  syscallTime?: SyscallTime[];
}

export interface GoView {
  pid: number;
  snap: RuntimeSnapshot;
  /** State changes of recently active goroutines, by goid. */
  history: Record<number, HistEntry[]>;
  /** goids in `history`, oldest first (for eviction). */
  tracked: number[];
}

export interface KernelView {
  /** The personality user mode sees (linux, darwin): the Kernel pane names it, and its calls go by its names. */
  os: string;
  contextSwitches: number; csPerSec: number; unknownSyscalls: number;
  runQueues: { cpu: number; curr: number; queued: number }[];
  klog: string[];
}

export interface DashModel {
  title: string;
  clockHz: number;
  /** Simulated time, cycles. */
  now: number;
  paused: boolean;
  /** A step (event, tick, millisecond) is still on its way. */
  stepping: boolean;
  /** Why the run is over, or null while it goes on. */
  finished: string | null;
  /** Target simulated ns per wall second (Infinity = as fast as it goes). */
  speed: number;
  /** Measured simulated ns per wall second. */
  actualSpeed: number;
  cores: CoreView[];
  threads: Record<number, ThreadView>;
  procs: Record<number, ProcView>;
  kernel: KernelView;
  runtimes: Record<number, GoView>;
  net: NetSnapshot | null;
  events: number;
  /** How many were emitted before the cycle of the last one: ← by event replays the run to there. */
  eventsBeforeLastCycle?: number;
  /** Events not turned into history because a frame's batch was full. */
  dropped: number;
  /** Time accounting of the goroutines the runtime lists, by pid then goid (gacct.ts). */
  gacct?: Record<number, Record<number, GAcct>>;
  /** The Go runtimes' distributions: scheduler latency, stop-the-world pauses, time by state (hist.ts). */
  hists?: GoHists;
  /** What the lints found so far, in the order found (absent while they are off). */
  lints?: Lint[];
  /** The data races race-enabled processes reported so far, in the order found (absent while none). */
  races?: RaceView[];
}

export function emptyModel(title: string, clockHz = 3e9, cores = 1): DashModel {
  return {
    title, clockHz, now: 0, paused: false, stepping: false, finished: null, speed: 10e6, actualSpeed: 0,
    cores: Array.from({ length: cores }, (_, id) => ({ id, pid: 0, tid: 0, mode: 'idle' as const, util: [], userPct: 0, kernelPct: 0, irqPerSec: 0 })),
    threads: {}, procs: {}, runtimes: {}, net: null, events: 0, dropped: 0,
    kernel: { os: 'linux', contextSwitches: 0, csPerSec: 0, unknownSyscalls: 0, runQueues: [], klog: [] },
  };
}

/** Everything published on the bus at one instant. */
export interface Snapshots {
  machine?: MachineSnapshot;
  kernel?: KernelSnapshot;
  runtimes: Record<number, RuntimeSnapshot>;
  net?: NetSnapshot;
  lints?: Lint[];
  races?: RaceView[];
}

function pushCapped<T>(a: T[], x: T, cap: number): void {
  a.push(x);
  if (a.length > cap) a.splice(0, a.length - cap);
}

const WAKE_REASONS = ['none', 'event', 'timeout', 'signal'];

export function fmtDuration(cycles: number, clockHz: number): string {
  const ns = cycles / clockHz * 1e9;
  if (ns < 1e3) return `${ns.toFixed(0)}ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)}µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(2)}ms`;
  return `${(ns / 1e9).toFixed(3)}s`;
}

// --- events -----------------------------------------------------------------------

function thread(m: DashModel, pid: number, tid: number, t: number): ThreadView | undefined {
  if (tid === 0) return undefined;
  let th = m.threads[tid];
  if (th === undefined) {
    th = { tid, pid, state: 'runnable', cpu: 0, wchan: '', syscall: '', switches: 0, since: t, history: [] };
    m.threads[tid] = th;
    const p = m.procs[pid];
    if (p !== undefined && !p.tids.includes(tid)) p.tids.push(tid);
  }
  return th;
}

function setState(m: DashModel, th: ThreadView, t: number, state: string, detail: string): void {
  th.state = state; th.since = t;
  pushCapped(th.history, { t, state, detail }, CAPS.threadHistory);
  void m;
}

function proc(m: DashModel, pid: number, name: string): ProcView {
  let p = m.procs[pid];
  if (p === undefined) {
    p = { pid, name, state: 'alive', exitStatus: null, tids: [], console: [], partial: '', syscalls: [], nvcsw: 0, nivcsw: 0, utimeCycles: 0, stimeCycles: 0, rssBytes: 0 };
    m.procs[pid] = p;
  }
  return p;
}

function consoleText(p: ProcView, t: number, stream: number, text: string): void {
  const parts = (p.partial + text).split('\n');
  p.partial = parts.pop()!;
  for (const line of parts) pushCapped(p.console, { t, stream, text: line }, CAPS.consoleLines);
  if (p.partial.length > 400) { pushCapped(p.console, { t, stream, text: p.partial }, CAPS.consoleLines); p.partial = ''; }
}

/** An empty runtime view, until the process publishes its first snapshot. */
export function emptyRuntime(pid: number): RuntimeSnapshot {
  return {
    pid, goVersion: 'go', gomaxprocs: 0, ps: [], ms: [], globrunq: 0, goroutines: { live: 0, byStatus: {}, byWaitReason: {} }, gs: [], netpollWaiters: 0,
    gc: { phase: 'off', heapLiveBytes: 0, heapGoalBytes: 0, cycles: 0 },
    stats: { goroutinesCreated: 0, goroutinesPeak: 0, msCreated: 0, msPeak: 0, preemptCooperative: 0, preemptAsync: 0, handoffs: 0, steals: 0, netpollParks: 0 },
  };
}

/** The runtime view of a Go-style process: its events may come before its first snapshot. */
function goView(m: DashModel, pid: number): GoView {
  let g = m.runtimes[pid];
  if (g === undefined) { g = { pid, snap: emptyRuntime(pid), history: {}, tracked: [] }; m.runtimes[pid] = g; }
  return g;
}

function goHistory(g: GoView, goid: number, e: HistEntry): void {
  let h = g.history[goid];
  if (h === undefined) {
    h = []; g.history[goid] = h; g.tracked.push(goid);
    if (g.tracked.length > CAPS.goTracked) { const old = g.tracked.shift()!; delete g.history[old]; }
  }
  pushCapped(h, e, CAPS.goHistory);
}

/** Events a thread makes on its core (an interrupt handler makes none of them). */
const THREAD_CONTEXT = new Set(['sched_switch', 'syscall', 'sched_sleep', 'page_fault']);

/** Apply one event to a draft model. */
export function applyEvent(m: DashModel, ev: ProbeEvent): void {
  const clk = m.clockHz;
  switch (ev.kind) {
    case 'sched_switch': {
      const core = m.cores[ev.cpu];
      if (core !== undefined) { core.pid = ev.a; core.tid = ev.b; }
      const prev = m.threads[ev.tid];
      if (prev !== undefined && prev.state === 'running') setState(m, prev, ev.t, 'runnable', `preempted on cpu${ev.cpu}`);
      const next = thread(m, ev.a, ev.b, ev.t);
      if (next !== undefined) {
        const waited = next.state === 'runnable' ? `, runnable for ${fmtDuration(ev.t - next.since, clk)}` : '';
        next.cpu = ev.cpu; next.switches++;
        setState(m, next, ev.t, 'running', `on cpu${ev.cpu}${waited}`);
      }
      break;
    }
    case 'sched_sleep': {
      const th = thread(m, ev.pid, ev.tid, ev.t);
      if (th !== undefined) { th.wchan = ev.s; setState(m, th, ev.t, 'sleeping', `blocked on ${ev.s}`); }
      break;
    }
    case 'sched_wakeup': {
      const th = thread(m, ev.pid, ev.tid, ev.t);
      if (th !== undefined) {
        const waited = th.state === 'sleeping' ? ` after ${fmtDuration(ev.t - th.since, clk)} on ${th.wchan}` : '';
        const reason = WAKE_REASONS[ev.b];
        const w: WakeSource = { t: ev.t, cpu: ev.cpu, waitedCycles: th.state === 'sleeping' ? ev.t - th.since : 0, wchan: th.wchan, by: reason === 'timeout' ? 'timer' : reason === 'signal' ? 'signal' : 'thread' };
        if (w.by === 'thread') w.waker = m.cores[ev.cpu]?.tid ?? 0;
        th.wokenBy = w;
        th.wchan = '';
        setState(m, th, ev.t, 'runnable', `woken (${WAKE_REASONS[ev.b] ?? ev.b})${waited}, to cpu${ev.a}`);
      }
      break;
    }
    case 'sched_migrate': {
      const th = m.threads[ev.tid];
      if (th !== undefined) pushCapped(th.history, { t: ev.t, state: th.state, detail: `migrated cpu${ev.a} → cpu${ev.b}` }, CAPS.threadHistory);
      break;
    }
    case 'proc_exec': {
      const p = proc(m, ev.pid, ev.s);
      const th = thread(m, ev.pid, ev.tid, ev.t)!;
      if (!p.tids.includes(ev.tid)) p.tids.push(ev.tid);
      setState(m, th, ev.t, 'runnable', `exec ${ev.s}`);
      break;
    }
    case 'thread_new': {
      const th = thread(m, ev.pid, ev.tid, ev.t);
      if (th !== undefined) setState(m, th, ev.t, 'runnable', `created by ${ev.a}`);
      break;
    }
    case 'thread_exit': {
      const th = m.threads[ev.tid];
      if (th !== undefined) { th.syscall = ''; th.wchan = ''; setState(m, th, ev.t, 'dead', `exit(${ev.a})`); }
      break;
    }
    case 'proc_exit': {
      const p = m.procs[ev.pid];
      if (p !== undefined) p.state = 'exited';
      break;
    }
    case 'signal': case 'signal_deliver': {
      const th = m.threads[ev.tid];
      if (th !== undefined) pushCapped(th.history, { t: ev.t, state: th.state, detail: ev.kind === 'signal' ? `signal ${ev.s}` : `handler for signal ${ev.a}` }, CAPS.threadHistory);
      break;
    }
    case 'console': {
      const p = m.procs[ev.pid];
      if (p !== undefined) consoleText(p, ev.t, ev.a, ev.s);
      break;
    }
    case 'klog': pushCapped(m.kernel.klog, ev.s, CAPS.klogLines); break;
    case GO_EVENTS.goCreate: {
      goHistory(goView(m, ev.pid), ev.a, { t: ev.t, state: '_Grunnable', detail: `created by g${ev.b} (${ev.s})` });
      break;
    }
    case GO_EVENTS.goStatus: {
      const i = ev.s.indexOf(':');
      const st = i < 0 ? ev.s : ev.s.slice(0, i);
      const why = i < 0 ? '' : ev.s.slice(i + 1);
      const where = `${ev.b >= 0 ? `P${ev.b} ` : ''}thread ${ev.tid}`;
      goHistory(goView(m, ev.pid), ev.a, { t: ev.t, state: st, detail: why !== '' ? `${why} (${where})` : where });
      break;
    }
    case GO_EVENTS.goUnblock: {
      goHistory(goView(m, ev.pid), ev.a, { t: ev.t, state: '_Grunnable', detail: `readied by g${ev.b}` });
      break;
    }
    default: break;
  }
}

// --- snapshots ----------------------------------------------------------------------

/** Counters gathered between samples (outside the model: they change on every event). */
export interface Window {
  /** Syscall counts since the last sample, by pid then name. */
  syscalls: Map<number, Map<string, number>>;
  /** The last few samples, oldest first: rates are measured across all of them, so they do not flicker. */
  samples: Sample[];
}

interface Sample {
  t: number;
  cores: MachineSnapshot['cores'];
  contextSwitches: number;
  syscalls: Map<number, Map<string, number>>;
}

/** How many samples a rate spans. */
const RATE_SAMPLES = 8;

export function newWindow(): Window { return { syscalls: new Map(), samples: [] }; }

/** Apply published snapshots; when `sample` is set, close the rate window (utilisation, per-second rates). */
/** The value as it was before this update (reading it creates no immer drafts). */
function base<T extends object>(x: T): T { return isDraft(x) ? (original(x) as T) : x; }

/**
 * Apply published snapshots; when `sample` is set, close the rate window (utilisation, per-second rates).
 * `touched`: the threads this update's events changed (the others are compared without drafting them:
 * with thousands of threads, a proxy per thread per frame is most of the frame).
 */
export function applySnapshots(m: DashModel, s: Snapshots, w: Window, sample: boolean, touched?: ReadonlySet<number>): void {
  const ms = s.machine;
  if (ms !== undefined) {
    m.now = ms.now; m.clockHz = ms.clockHz;
    while (m.cores.length < ms.cores.length) m.cores.push({ id: m.cores.length, pid: 0, tid: 0, mode: 'idle', util: [], userPct: 0, kernelPct: 0, irqPerSec: 0 });
    for (const c of ms.cores) m.cores[c.id]!.mode = c.mode;
  }
  const ks = s.kernel;
  if (ks !== undefined) {
    m.kernel.os = ks.os;
    m.kernel.contextSwitches = ks.contextSwitches;
    m.kernel.unknownSyscalls = ks.unknownSyscalls;
    if (!sameRq(m.kernel.runQueues, ks.runQueues)) m.kernel.runQueues = ks.runQueues;
    for (const rq of ks.runQueues) {
      const core = m.cores[rq.cpu];
      if (core === undefined) continue;
      core.tid = rq.curr;
      core.pid = rq.curr === 0 ? 0 : (m.threads[rq.curr]?.pid ?? core.pid);
    }
    const live = new Set<number>();
    for (const ps of ks.procs) {
      const p = proc(m, ps.pid, ps.name);
      p.state = ps.state; p.exitStatus = ps.exitStatus;
      p.nvcsw = ps.nvcsw; p.nivcsw = ps.nivcsw; p.utimeCycles = ps.utimeCycles; p.stimeCycles = ps.stimeCycles; p.rssBytes = ps.rssBytes;
      const res = resources(ps);
      if (p.res === undefined || !sameResources(base(p.res), res)) p.res = res;
      const before = base(m.threads);
      for (const ts of ps.threads) {
        live.add(ts.tid);
        const b = before[ts.tid];
        if (b !== undefined && touched !== undefined && !touched.has(ts.tid)
          && b.state === ts.state && b.cpu === ts.cpu && b.wchan === ts.wchan && b.syscall === ts.syscall) continue;
        const th = thread(m, ps.pid, ts.tid, m.now)!;
        if (th.state !== ts.state) { th.state = ts.state; }
        th.cpu = ts.cpu; th.wchan = ts.wchan; th.syscall = ts.syscall;
      }
      if (sample) { p.syscalls = syscallRates(ps.syscalls, ps.pid, w, m.now, m.clockHz); p.syscallTime = syscallTimes(ps.syscalls); }
    }
    pruneThreads(m, live, touched);
  }
  for (const [pidStr, rs] of Object.entries(s.runtimes)) {
    const pid = Number(pidStr);
    // A published snapshot is a fresh read-only value: frozen, immer takes it as it is instead of walking it.
    Object.freeze(rs);
    const g = m.runtimes[pid];
    if (g === undefined) m.runtimes[pid] = { pid, snap: rs, history: {}, tracked: [] };
    else g.snap = rs;
  }
  if (s.net !== undefined) m.net = Object.freeze(s.net);
  if (s.lints !== undefined && s.lints !== base(m).lints) m.lints = s.lints;
  if (s.races !== undefined && s.races !== base(m).races) m.races = s.races;
  if (sample && ms !== undefined) closeWindow(m, ms, w);
}

function sameRq(a: KernelView['runQueues'], b: KernelView['runQueues']): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.curr !== b[i]!.curr || a[i]!.queued !== b[i]!.queued) return false;
  return true;
}

function pruneThreads(m: DashModel, live: Set<number>, touched: ReadonlySet<number> | undefined): void {
  const before = base(m.threads);
  const dead: number[] = [];
  for (const k of Object.keys(m.threads)) {
    const tid = Number(k);
    if (live.has(tid)) continue;
    dead.push(tid);
    const b = before[tid];
    if (b !== undefined && b.state === 'dead' && touched !== undefined && !touched.has(tid)) continue;
    const th = m.threads[tid]!;
    if (th.state !== 'dead' || th.syscall !== '' || th.wchan !== '') { th.state = 'dead'; th.syscall = ''; th.wchan = ''; }
  }
  if (dead.length <= CAPS.deadThreadsKept) return;
  const since = (tid: number): number => (touched?.has(tid) === false ? before[tid]?.since : undefined) ?? m.threads[tid]!.since;
  dead.sort((a, b) => since(a) - since(b));
  for (const tid of dead.slice(0, dead.length - CAPS.deadThreadsKept)) {
    const pid = (before[tid] ?? m.threads[tid]!).pid;
    delete m.threads[tid];
    const p = m.procs[pid];
    if (p !== undefined) p.tids = p.tids.filter((x) => x !== tid);
  }
}

function resources(ps: KernelSnapshot['procs'][number]): ProcResources {
  return {
    rssPeakBytes: ps.rssPeakBytes, vszBytes: ps.vszBytes, threads: ps.threads.filter((t) => t.state !== 'dead').length, threadsPeak: ps.threadsPeak,
    fds: ps.fds, fdKinds: ps.fdKinds ?? {},
  };
}

function sameResources(a: ProcResources, b: ProcResources): boolean {
  if (a.rssPeakBytes !== b.rssPeakBytes || a.vszBytes !== b.vszBytes || a.threads !== b.threads || a.threadsPeak !== b.threadsPeak || a.fds !== b.fds) return false;
  const ka = Object.keys(a.fdKinds); const kb = Object.keys(b.fdKinds);
  return ka.length === kb.length && ka.every((k) => a.fdKinds[k] === b.fdKinds[k]);
}

function syscallTimes(totals: KernelSnapshot['procs'][number]['syscalls']): SyscallTime[] {
  const out = Object.entries(totals).map(([name, st]) => ({ name, calls: st.calls, cycles: st.cycles }));
  out.sort((a, b) => b.cycles - a.cycles || a.name.localeCompare(b.name));
  return out.slice(0, CAPS.syscallNamesShown);
}

function syscallRates(totals: KernelSnapshot['procs'][number]['syscalls'], pid: number, w: Window, now: number, clockHz: number): SyscallRate[] {
  const first = w.samples[0];
  const secs = first === undefined ? 0 : (now - first.t) / clockHz;
  const counts = new Map<string, number>();
  const add = (m: Map<string, number> | undefined): void => { if (m !== undefined) for (const [k, v] of m) counts.set(k, (counts.get(k) ?? 0) + v); };
  for (let i = 1; i < w.samples.length; i++) add(w.samples[i]!.syscalls.get(pid));
  add(w.syscalls.get(pid));
  const out: SyscallRate[] = [];
  for (const [name, st] of Object.entries(totals)) {
    const n = counts.get(name) ?? 0;
    out.push({ name, perSec: secs > 0 ? n / secs : 0, total: st.calls });
  }
  out.sort((a, b) => b.perSec - a.perSec || b.total - a.total || a.name.localeCompare(b.name));
  return out.slice(0, CAPS.syscallNamesShown);
}

function closeWindow(m: DashModel, ms: MachineSnapshot, w: Window): void {
  const last = w.samples[w.samples.length - 1];
  if (last !== undefined && ms.now <= last.t) return;
  const first = w.samples[0];
  for (const c of ms.cores) {
    const core = m.cores[c.id]!;
    if (last !== undefined) {
      const prev = last.cores[c.id];
      const dt = ms.now - last.t;
      const du = c.userCycles - (prev?.userCycles ?? 0);
      const dk = c.kernelCycles + c.irqCycles - (prev?.kernelCycles ?? 0) - (prev?.irqCycles ?? 0);
      // A core's clock can run ahead of the machine's (lookahead); busy time is measured against the window.
      pushCapped(core.util, Math.min(1, Math.max(0, (du + dk) / dt)), CAPS.utilHistory);
      core.userPct = Math.min(100, Math.max(0, du / dt * 100));
      core.kernelPct = Math.min(100, Math.max(0, dk / dt * 100));
    }
    if (first !== undefined) core.irqPerSec = (c.interrupts - (first.cores[c.id]?.interrupts ?? 0)) / ((ms.now - first.t) / ms.clockHz);
  }
  if (first !== undefined) m.kernel.csPerSec = (m.kernel.contextSwitches - first.contextSwitches) / ((ms.now - first.t) / ms.clockHz);
  w.samples.push({ t: ms.now, cores: ms.cores, contextSwitches: m.kernel.contextSwitches, syscalls: w.syscalls });
  if (w.samples.length > RATE_SAMPLES) w.samples.shift();
  w.syscalls = new Map();
}

/** One frame's update: a batch of events, then the snapshots. */
export function updateModel(m: DashModel, events: readonly ProbeEvent[], s: Snapshots, w: Window, sample: boolean,
  extra?: (d: DashModel) => void): DashModel {
  const touched = new Set<number>();
  for (const ev of events) { touched.add(ev.tid); if (ev.kind === 'sched_switch') touched.add(ev.b); }
  return produce(m, (d) => {
    // Wake-ups on a core just before a NAPI poll's event there came from that NIC's receive interrupt.
    let woken: ThreadView[] = [];
    for (const ev of events) {
      applyEvent(d, ev);
      if (ev.kind === 'sched_wakeup') {
        if (woken.length > 0 && woken[0]!.wokenBy!.cpu !== ev.cpu) woken = [];
        const th = d.threads[ev.tid];
        if (th?.wokenBy?.by === 'thread') woken.push(th);
      } else if (ev.kind === 'napi_poll') {
        for (const th of woken) {
          const { t, cpu, waitedCycles, wchan } = th.wokenBy!;
          if (cpu === ev.cpu) th.wokenBy = { t, cpu, waitedCycles, wchan, by: 'nic', nic: ev.s, frames: ev.a };
        }
        woken = [];
      } else if (THREAD_CONTEXT.has(ev.kind) && woken.length > 0 && woken[0]!.wokenBy!.cpu === ev.cpu) woken = []; // a thread runs there again: the handler is over
    }
    applySnapshots(d, s, w, sample, touched);
    if (extra !== undefined) extra(d);
  });
}
