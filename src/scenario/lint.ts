// The lints: concurrency mistakes a race detector does not catch, found by
// watching a run from outside, as `go vet` and the execution tracer's users do
// by hand. They read only what the layers publish: the probe bus's events
// (the runtime's goroutine/P/GC events, the kernel's sched_switch, syscall and
// thread events), the runtime's 'lint' query (who holds which mutex, who uses
// which channel, where goroutines parked, timer sites — kept while the
// 'runtime' probes' semaphore says someone watches: src/runtime/lintprobe.ts),
// and the kernel's counters (a listener's ListenOverflows). Attaching them
// changes no instruction of the run: the trace hash is the same with and
// without them.
//
// State is read every `poll` of simulated time, at the first probe event past
// the mark (so where a run is paused never changes what is found), when a
// process exits, and at the end.

import type { Machine } from '../machine/machine.ts';
import type { ProbeEvent, ProbeSemaphore } from '../machine/probe.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { RuntimeLintState, RuntimeSnapshot, LintFrame, LintGoroutine } from '../runtime/snapshot.ts';
import type { NetSnapshot } from '../kernel/net/index.ts';
import { LintThresholds, type Lint, type LintId, type LintWhere } from './lint-spec.ts';
import { formatNs } from './units.ts';

export { LintThresholds, type Lint, type LintId };

/** Per Go process: what the events told about its goroutines and Ps. */
interface GoProc {
  pid: number;
  /** goid → start function (go_create), and when it was made (ns). */
  fn: Map<number, string>;
  born: Map<number, number>;
  died: Map<number, number>;
  /** goid → since when it is runnable, and since when it is blocked (ns). */
  runnableSince: Map<number, number>;
  blockedSince: Map<number, number>;
  /** P → the goroutine running on it and since when. */
  onP: Map<number, { goid: number; since: number }>;
  /** Recent running intervals (goid, from, to), for "what ran instead". */
  ran: { goid: number; from: number; to: number }[];
  /** goid → CPU time (ns) since its last blocking operation, and its syncOps when last read. */
  busyNs: Map<number, number>;
  syncOps: Map<number, number>;
  /** P → its last status and M (go_proc), for sysmon's handoffs. */
  pStatus: Map<number, { s: string; m: number }>;
  handoffs: Map<string, { n: number; goid: number }>;
  /** GC: samples of (time, GC CPU ns) for the windowed fraction; cycles in a row near GOMEMLIMIT. */
  gcSamples: { t: number; cpuNs: number }[];
  nearLimitRun: number;
  memlimit: number | null | undefined;
  /** Blocked goroutines by site: the last count, and whether it ever went down. */
  sites: Map<string, { n: number; fell: boolean }>;
  exited: boolean;
}

/** Per thread of a process that is not a Go program: CPU time since its last syscall. */
interface ThreadBusy { pid: number; since: number; cpuNs: number; running: boolean }

const NS = (m: Machine, c: number): number => m.cyclesToNs(c);
const site = (f: LintFrame | null | undefined): string => (f ? `${f.fn} (${f.file}:${f.line})` : '');
const siteKey = (reason: string, f: LintFrame | null): string => `${reason}|${f ? `${f.fn} ${f.file}:${f.line}` : ''}`;
const whereOf = (f: LintFrame | null | undefined): LintWhere => (f ? { fn: f.fn, file: f.file, line: f.line } : {});
const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
/** Waits a goroutine can only leave when another goroutine acts. */
const SYNC_WAITS = /^(chan receive|chan send|select|sync\.|semacquire)/;

export class LintEngine {
  readonly lints: Lint[] = [];
  private readonly seen = new Set<string>();
  private readonly goProcs = new Map<number, GoProc>();
  private readonly threads = new Map<number, ThreadBusy>();
  /** Core → the thread on it (pid, tid). */
  private readonly onCore = new Map<number, { pid: number; tid: number }>();
  private readonly threadCount = new Map<number, number>();
  private readonly threadPeak = new Map<number, number>();
  /** A Go program's thread → its last syscall's name. */
  private readonly lastSyscall = new Map<number, string>();
  private nextPoll = 0;
  private readonly pollCycles: number;
  private readonly sem: ProbeSemaphore;
  private readonly unsubscribe: () => void;

  constructor(private readonly m: Machine, private readonly k: Kernel, readonly t: LintThresholds,
    private readonly onLint: ((l: Lint) => void) | null = null) {
    this.pollCycles = Math.max(1, m.nsToCycles(t.poll));
    // Attach: the runtimes keep what the lints read while this is non-zero.
    this.sem = m.probe.semaphore('runtime');
    this.sem.count++;
    this.unsubscribe = m.probe.subscribe((ev) => this.event(ev));
    // The findings so far, for observers of the bus (the dashboard): a new array whenever one is found or updated.
    m.probe.publish('lints', () => (this.published ??= this.lints.map((l) => ({ ...l }))));
  }

  private published: Lint[] | null = null;

  detach(): void { this.unsubscribe(); this.sem.count--; }

  /** The last look: every check on the state at the end of the run. */
  finish(): Lint[] {
    const now = this.m.now;
    this.poll(now, true);
    return this.lints;
  }

  // --- events ---------------------------------------------------------------------------

  private event(ev: ProbeEvent): void {
    switch (ev.kind) {
      case 'go_create': this.go(ev.pid).fn.set(ev.a, ev.s); this.go(ev.pid).born.set(ev.a, NS(this.m, ev.t)); break;
      case 'go_status': this.goStatus(ev); break;
      case 'go_proc': this.procStatus(ev); break;
      case 'go_gc': if (ev.s === 'mark') this.gcStart(ev); break;
      case 'sched_switch': this.schedSwitch(ev); break;
      case 'syscall': this.syscall(ev); break;
      case 'thread_new': this.threadsChanged(ev.pid, 1, ev); break;
      case 'thread_exit': this.threadsChanged(ev.pid, -1, ev); break;
      case 'proc_exec': this.threadCount.set(ev.pid, 1); break;
      case 'proc_exit': this.procExit(ev); break;
    }
    if (ev.t >= this.nextPoll) {
      this.nextPoll = ev.t - (ev.t % this.pollCycles) + this.pollCycles;
      this.poll(ev.t, false);
    }
  }

  private go(pid: number): GoProc {
    let g = this.goProcs.get(pid);
    if (g === undefined) {
      g = { pid, fn: new Map(), born: new Map(), died: new Map(), runnableSince: new Map(), blockedSince: new Map(), onP: new Map(), ran: [], busyNs: new Map(), syncOps: new Map(),
        pStatus: new Map(), handoffs: new Map(), gcSamples: [], nearLimitRun: 0, memlimit: undefined,
        sites: new Map(), exited: false };
      this.goProcs.set(pid, g);
    }
    return g;
  }

  private goStatus(ev: ProbeEvent): void {
    const g = this.go(ev.pid); const goid = ev.a; const t = NS(this.m, ev.t);
    const s = ev.s;
    // Leaving a P: close its running interval; the CPU time counts towards a busy loop.
    for (const [p, r] of g.onP) {
      if (r.goid !== goid) continue;
      g.onP.delete(p);
      g.ran.push({ goid, from: r.since, to: t });
      if (g.ran.length > 4096) g.ran.splice(0, 1024);
      g.busyNs.set(goid, (g.busyNs.get(goid) ?? 0) + (t - r.since));
      break;
    }
    if (s === '_Grunnable' || s === '_Gpreempted') { g.blockedSince.delete(goid); if (!g.runnableSince.has(goid)) g.runnableSince.set(goid, t); return; }
    if (s === '_Grunning') {
      const since = g.runnableSince.get(goid);
      g.runnableSince.delete(goid);
      g.onP.set(ev.b, { goid, since: t });
      if (since !== undefined && t - since >= this.t.starvation) this.starved(g, goid, since, t, ev.b);
      return;
    }
    g.runnableSince.delete(goid);
    // A goroutine that blocks or enters a syscall made progress.
    if (s.startsWith('_Gwaiting') || s === '_Gsyscall') g.busyNs.set(goid, 0);
    if (s.startsWith('_Gwaiting')) g.blockedSince.set(goid, t); else g.blockedSince.delete(goid);
    if (s === '_Gdead') { g.busyNs.delete(goid); g.syncOps.delete(goid); g.died.set(goid, t); }
  }

  private starved(g: GoProc, goid: number, from: number, to: number, p: number): void {
    const share = new Map<number, number>();
    for (const r of g.ran) {
      const a = Math.max(r.from, from); const b = Math.min(r.to, to);
      if (b > a && r.goid !== goid) share.set(r.goid, (share.get(r.goid) ?? 0) + (b - a));
    }
    for (const r of g.onP.values()) if (r.goid !== goid && r.since < to) share.set(r.goid, (share.get(r.goid) ?? 0) + (to - Math.max(r.since, from)));
    const top = [...share].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3);
    const instead = top.map(([id, ns]) => `goroutine ${id} ${this.fnName(g, id)} ${formatNs(ns)}`).join(', ');
    const waited = to - from;
    // where it waited: the line it last blocked at, else the go statement that made it
    const x = this.lintState(g.pid)?.goroutines.find((y) => y.goid === goid);
    const at = x?.site ?? x?.created ?? null;
    this.report(`starvation|${g.pid}|${goid}`, {
      id: 'starvation', pid: g.pid, atNs: to, where: { goroutine: goid, fn: this.fnName(g, goid), ...(at ? { file: at.file, line: at.line } : {}) },
      message: `goroutine ${goid} (${this.fnName(g, goid)}) was runnable ${formatNs(waited)}${at ? ` (${x?.site ? 'woken at' : 'created at'} ${site(at)})` : ''} before it got P${p} (threshold ${formatNs(this.t.starvation)}); ran instead: ${instead || 'nothing (no P was free)'}`,
      figures: { waitedNs: waited, thresholdNs: this.t.starvation },
    });
  }

  private fnName(g: GoProc, goid: number): string {
    const f = goid === 1 ? 'main' : g.fn.get(goid) ?? '';
    return f === '' ? '?' : f.includes('.') ? f : `main.${f}`;
  }

  private procStatus(ev: ProbeEvent): void {
    const g = this.go(ev.pid); const p = ev.a;
    const prev = g.pStatus.get(p);
    g.pStatus.set(p, { s: ev.s, m: ev.b });
    // retake: a P left in _Psyscall by an M blocked in the kernel goes idle (handoffp) from sysmon's thread.
    if (prev !== undefined && prev.s === '_Psyscall' && ev.s === '_Pidle' && ev.b === -1 && prev.m >= 0) {
      const snap = this.m.probe.read<RuntimeSnapshot>(`runtime:${ev.pid}`);
      const mm = snap?.ms.find((x) => x.id === prev.m);
      if (mm === undefined || mm.state !== 'syscall') return;
      // The call the M is blocked in (as /proc/<tid>/syscall shows it), or the one it just left.
      const th = this.k.threads.get(mm.tid);
      const name = th !== undefined && th.inSyscall ? this.k.personality.syscallName(th.sysNr) : this.lastSyscall.get(mm.tid);
      if (name !== undefined) this.handoff(g, name, mm.curg, mm.tid, NS(this.m, ev.t));
    }
  }

  private syscall(ev: ProbeEvent): void {
    // A thread that makes a syscall is not spinning.
    const th = this.threads.get(ev.tid);
    if (th !== undefined) { th.cpuNs = 0; th.since = Math.max(th.since, NS(this.m, ev.t)); }
    if (this.goProcs.has(ev.pid)) this.lastSyscall.set(ev.tid, this.k.personality.syscallName(ev.a));
  }

  /** sysmon took the P of the M in syscall `name`: count it by the call. */
  private handoff(g: GoProc, name: string, goid: number, tid: number, t: number): void {
    const h = g.handoffs.get(name) ?? { n: 0, goid };
    h.n++; h.goid = goid;
    g.handoffs.set(name, h);
    if (h.n >= this.t.handoffs) {
      // the program's call that entered the syscall
      const at = this.lintState(g.pid)?.goroutines.find((y) => y.goid === goid)?.syscallSite ?? null;
      this.report(`blocking-syscall|${g.pid}|${name}`, {
        id: 'blocking-syscall', pid: g.pid, atNs: t, where: { goroutine: goid, thread: tid, fn: at?.fn ?? this.fnName(g, goid), ...(at ? { file: at.file, line: at.line } : {}), object: name },
        message: `${name} blocked long enough for sysmon to hand its P off ${h.n} times (threshold ${this.t.handoffs} handoffs), last in goroutine ${goid} (${at ? site(at) : this.fnName(g, goid)}): each one costs a thread switch, and another M`,
        figures: { handoffs: h.n, threshold: this.t.handoffs },
      }, true);
    }
  }

  /**
   * A cycle starts: under GOMEMLIMIT, one whose previous cycle left a live heap of ≥ 90% of this
   * cycle's goal frees almost nothing before the next one is due — cycles back to back.
   */
  private gcStart(ev: ProbeEvent): void {
    const g = this.go(ev.pid);
    if (g.memlimit === undefined) g.memlimit = this.lintState(ev.pid)?.memlimitBytes ?? null;
    const limit = g.memlimit;
    if (limit === null) return;
    const live = this.m.probe.read<RuntimeSnapshot>(`runtime:${ev.pid}`)?.gc.heapMarkedBytes ?? 0;
    const goal = ev.b;
    if (goal > 0 && live >= 0.9 * goal) g.nearLimitRun++; else g.nearLimitRun = 0;
    if (g.nearLimitRun >= this.t.gcBackToBack) {
      this.report(`gc-thrash|limit|${g.pid}`, {
        id: 'gc-thrash', pid: g.pid, atNs: NS(this.m, ev.t), where: {},
        message: `${g.nearLimitRun} GC cycles back to back under GOMEMLIMIT=${(limit / 2 ** 20).toFixed(1)} MiB: each began with the live heap (${(live / 2 ** 20).toFixed(2)} MiB) at ≥ 90% of its goal (${(goal / 2 ** 20).toFixed(2)} MiB), so each frees almost nothing (threshold ${this.t.gcBackToBack} cycles): the limit is too small for the live heap`,
        figures: { cyclesInARow: g.nearLimitRun, liveBytes: live, goalBytes: goal, memlimitBytes: limit, threshold: this.t.gcBackToBack },
      }, true);
    }
  }

  private schedSwitch(ev: ProbeEvent): void {
    const t = NS(this.m, ev.t);
    const prev = this.onCore.get(ev.cpu);
    if (prev !== undefined) {
      const th = this.threads.get(prev.tid);
      if (th !== undefined && th.running) { th.cpuNs += t - th.since; th.running = false; th.since = t; }
    }
    if (ev.b === 0) { this.onCore.delete(ev.cpu); return; }
    this.onCore.set(ev.cpu, { pid: ev.a, tid: ev.b });
    let th = this.threads.get(ev.b);
    if (th === undefined) { th = { pid: ev.a, since: t, cpuNs: 0, running: false }; this.threads.set(ev.b, th); }
    th.running = true; th.since = t;
  }

  private threadsChanged(pid: number, d: number, ev: ProbeEvent): void {
    const n = (this.threadCount.get(pid) ?? 1) + d;
    this.threadCount.set(pid, n);
    if (d < 0) { this.threadBusy(ev.tid, NS(this.m, ev.t)); this.threads.delete(ev.tid); return; }
    const limit = this.t.threadsPerCore * this.m.cores.length;
    if (n <= limit) return;
    const g = this.goProcs.get(pid);
    let why = '';
    const figures: Record<string, number> = { threads: n, cores: this.m.cores.length, limitThreads: limit };
    if (g !== undefined) {
      const st = this.lintState(pid);
      const insys = st?.ms.filter((x) => x.inSyscall).length ?? 0;
      figures.msInSyscalls = insys;
      why = `: ${insys} of its Ms are blocked in syscalls, each a thread the runtime started (handoffp) to keep GOMAXPROCS=${st?.gomaxprocs ?? '?'} Ps running`;
    } else why = ': a thread per task (per connection?) instead of a pool or an event loop';
    // Found when it passes the threshold; its figures follow the count up to the peak.
    const peak = Math.max(n, this.threadPeak.get(pid) ?? 0);
    this.threadPeak.set(pid, peak);
    if (n < peak) return;
    this.report(`thread-explosion|${pid}`, {
      id: 'thread-explosion', pid, atNs: NS(this.m, ev.t), where: { thread: ev.tid },
      message: `${n} threads on ${this.m.cores.length} cores (threshold ${this.t.threadsPerCore} threads per core = ${limit})${why}`,
      figures,
    }, true);
  }

  private procExit(ev: ProbeEvent): void {
    const g = this.goProcs.get(ev.pid);
    if (g !== undefined && !g.exited) {
      // A crash (a fatal error exits 2, a signal kills) says what went wrong itself; leaks are for programs that finished.
      const status = ev.a;
      const crashed = (status & 0x7f) !== 0 || ((status >> 8) & 0xff) === 2;
      this.pollGo(g, NS(this.m, ev.t), true, !crashed);
      g.exited = true;
    }
    for (const [tid, th] of this.threads) if (th.pid === ev.pid) { this.threadBusy(tid, NS(this.m, ev.t)); this.threads.delete(tid); }
  }

  // --- polls ----------------------------------------------------------------------------

  private lintState(pid: number): RuntimeLintState | undefined {
    return this.m.probe.read<RuntimeLintState>(`runtime:${pid}`, 'lint');
  }

  private poll(at: number, final: boolean): void {
    const t = NS(this.m, at);
    for (const g of this.goProcs.values()) if (!g.exited) this.pollGo(g, t, final, false);
    this.pollThreads(t);
    this.pollNet(t);
  }

  private pollGo(g: GoProc, t: number, final: boolean, exiting: boolean): void {
    const st = this.lintState(g.pid);
    if (st === undefined) return;
    const byId = new Map<number, LintGoroutine>();
    for (const x of st.goroutines) byId.set(x.goid, x);
    this.busyLoops(g, st, t);
    this.partialDeadlock(g, st, byId, t);
    this.leaks(g, st, t, exiting);
    this.timerLeaks(g, st, t);
    this.contention(g, st, t, final || exiting);
    this.gcCpu(g, t);
  }

  private busyLoops(g: GoProc, st: RuntimeLintState, t: number): void {
    for (const x of st.goroutines) {
      if (x.isSystem) continue;
      const ops = g.syncOps.get(x.goid);
      g.syncOps.set(x.goid, x.syncOps);
      if (ops !== undefined && ops !== x.syncOps) { g.busyNs.set(x.goid, 0); for (const r of g.onP.values()) if (r.goid === x.goid) r.since = t; continue; }
      if (x.status !== '_Grunning' && x.status !== '_Grunnable' && x.status !== '_Gpreempted') continue;
      let busy = g.busyNs.get(x.goid) ?? 0;
      for (const r of g.onP.values()) if (r.goid === x.goid) busy += t - r.since;
      if (busy < this.t.busyLoop) continue;
      const fn = this.fnName(g, x.goid);
      // where: the line it last blocked at, else the go statement that made it (the runtime knows no pc of a spinning goroutine)
      const at = x.site ?? x.created;
      this.report(`busy-loop|g|${g.pid}|${x.goid}`, {
        id: 'busy-loop', pid: g.pid, atNs: t, where: { goroutine: x.goid, fn, ...(at ? { file: at.file, line: at.line } : {}) },
        message: `goroutine ${x.goid} (${fn}) burned ${formatNs(busy)} of CPU with no syscall, channel or lock operation (threshold ${formatNs(this.t.busyLoop)})${x.site ? `; it last blocked at ${site(x.site)}` : x.created ? `; created at ${site(x.created)}` : ''}`,
        figures: { cpuNs: busy, thresholdNs: this.t.busyLoop },
      });
    }
  }

  private pollThreads(t: number): void {
    for (const tid of this.threads.keys()) this.threadBusy(tid, t);
  }

  /** A thread of a program that is not a Go program (whose Ms the goroutine check covers) spinning. */
  private threadBusy(tid: number, t: number): void {
    const th = this.threads.get(tid);
    if (th === undefined) return;
    {
      if (this.goProcs.has(th.pid) || this.m.probe.read(`runtime:${th.pid}`) !== undefined) return;
      const busy = th.cpuNs + (th.running ? t - th.since : 0);
      if (busy < this.t.busyLoop) return;
      const name = this.k.procs.get(th.pid)?.name ?? '?';
      this.report(`busy-loop|t|${th.pid}|${tid}`, {
        id: 'busy-loop', pid: th.pid, atNs: t, where: { thread: tid, fn: name },
        message: `thread ${tid} of ${name} burned ${formatNs(busy)} of CPU without a syscall (threshold ${formatNs(this.t.busyLoop)}): spinning instead of sleeping in futex, poll or read`,
        figures: { cpuNs: busy, thresholdNs: this.t.busyLoop },
      });
    }
  }

  private pollNet(t: number): void {
    // The stack's published counters (a machine without a network has none).
    const net = this.m.probe.read<NetSnapshot>('net');
    if (net === undefined) return;
    for (const l of net.listenOverflows) {
      if (l.drops < this.t.acceptDrops) continue;
      const ip = [l.addr >>> 24, (l.addr >>> 16) & 255, (l.addr >>> 8) & 255, l.addr & 255].join('.');
      const name = `${ip}:${l.port}`;
      const proc = this.k.procs.get(l.pid)?.name ?? '?';
      this.report(`accept-overflow|${name}`, {
        id: 'accept-overflow', pid: l.pid, atNs: t, where: { object: name },
        message: `listener ${name} (${proc}, backlog ${l.backlog}) dropped ${l.drops} SYNs and handshake-completing ACKs because its accept queue was full (threshold ${count(this.t.acceptDrops, 'SYN')}; Linux's ListenOverflows): accept faster, or raise the backlog`,
        figures: { drops: l.drops, backlog: l.backlog, threshold: this.t.acceptDrops },
      }, true);
    }
  }

  /** Goroutines blocked at exit, or whose count at one line only grew, grouped by the line. */
  private leaks(g: GoProc, st: RuntimeLintState, t: number, exiting: boolean): void {
    const groups = new Map<string, { reason: string; site: LintFrame | null; goids: number[] }>();
    for (const x of st.goroutines) {
      if (x.isSystem || x.status !== '_Gwaiting') continue;
      const key = siteKey(x.waitReason, x.site);
      const e = groups.get(key);
      if (e === undefined) groups.set(key, { reason: x.waitReason, site: x.site, goids: [x.goid] }); else e.goids.push(x.goid);
    }
    for (const [key, grp] of groups) {
      const n = grp.goids.length;
      const s = g.sites.get(key);
      if (s === undefined) g.sites.set(key, { n, fell: false });
      else { if (n < s.n) s.fell = true; s.n = n; }
      const atExit = exiting && n >= this.t.leakAtExit;
      const grew = !exiting && SYNC_WAITS.test(grp.reason) && n >= this.t.leakGrowth && !(s?.fell ?? false);
      if (!atExit && !grew) continue;
      const first = Math.min(...grp.goids);
      const fn = grp.site?.fn ?? this.fnName(g, first);
      this.report(`goroutine-leak|${g.pid}|${key}`, {
        id: 'goroutine-leak', pid: g.pid, atNs: t, where: { goroutine: first, ...whereOf(grp.site), fn },
        message: atExit
          ? `${n} goroutine${n > 1 ? 's' : ''} still blocked (${grp.reason}) at ${grp.site ? site(grp.site) : fn} when the process exited (threshold ${count(this.t.leakAtExit, 'goroutine')}): nothing will ever wake ${n > 1 ? 'them' : 'it'}`
          : `${n} goroutines blocked (${grp.reason}) at ${grp.site ? site(grp.site) : fn}, a count that only grew (threshold ${count(this.t.leakGrowth, 'goroutine')})`,
        figures: { goroutines: n, threshold: atExit ? this.t.leakAtExit : this.t.leakGrowth },
      }, true);
    }
    for (const key of g.sites.keys()) if (!groups.has(key)) { const s = g.sites.get(key)!; if (s.n > 0) s.fell = true; s.n = 0; }
  }

  /**
   * Partial deadlock: a set of blocked goroutines each of which only goroutines of the
   * set could wake (a mutex's holder; a channel's other users), that holds a cycle, while
   * other goroutines go on (so Go's checkdead, which needs every M idle, never fires).
   */
  private partialDeadlock(g: GoProc, st: RuntimeLintState, byId: Map<number, LintGoroutine>, t: number): void {
    const wakers = new Map<number, number[]>();
    for (const x of st.goroutines) {
      if (x.isSystem || x.status !== '_Gwaiting' || x.waitsOn === null) continue;
      const w = x.waitsOn;
      if (w.kind === 'mutex') { if (w.holder >= 0 && w.holder !== x.goid) wakers.set(x.goid, [w.holder]); }
      else if (w.users !== null) wakers.set(x.goid, w.users.filter((u) => byId.has(u)));
    }
    // The largest closed set: drop any goroutine a goroutine outside the set could wake.
    const set = new Set(wakers.keys());
    for (let changed = true; changed;) {
      changed = false;
      for (const id of set) if (wakers.get(id)!.some((u) => !set.has(u))) { set.delete(id); changed = true; }
    }
    const others = st.goroutines.some((x) => !x.isSystem && !set.has(x.goid));
    if (set.size >= 2 && others) {
      // Each cycle: walk the first waker from each goroutine until one repeats.
      const done = new Set<number>();
      for (const start of [...set].sort((a, b) => a - b)) {
        if (done.has(start)) continue;
        const path: number[] = []; const at = new Map<number, number>();
        let cur = start;
        while (!at.has(cur) && !done.has(cur)) { at.set(cur, path.length); path.push(cur); cur = wakers.get(cur)!.filter((u) => set.has(u)).sort((a, b) => a - b)[0] ?? -1; if (cur < 0) break; }
        for (const p of path) done.add(p);
        if (cur < 0 || !at.has(cur)) continue;
        const cycle = path.slice(at.get(cur)!);
        if (cycle.length < 2) continue;
        // The cycle closed when its last goroutine blocked (the events say when, even across a quiet spell with no polls).
        const since = Math.max(...cycle.map((id) => g.blockedSince.get(id) ?? t));
        if (t - since >= this.t.deadlockAfter) this.deadlock(g, cycle, byId, t, since);
      }
    }
  }

  private deadlock(g: GoProc, cycle: number[], byId: Map<number, LintGoroutine>, t: number, since: number): void {
    const lines = cycle.map((id, i) => {
      const x = byId.get(id)!; const next = cycle[(i + 1) % cycle.length]!;
      const w = x.waitsOn!;
      const what = w.kind === 'mutex'
        ? `waits for mutex #${w.id}, held by goroutine ${next}${w.holderSite ? ` (locked at ${site(w.holderSite)})` : ''}`
        : `waits (${x.waitReason}) on channel ${w.ids.map((c) => `#${c}`).join(', ')}, which only goroutine${w.users!.length > 1 ? 's' : ''} ${w.users!.join(', ')} could ${x.waitReason === 'chan send' ? 'receive from' : 'send on'}`;
      return `goroutine ${id} [${x.waitReason}] at ${x.site ? site(x.site) : this.fnName(g, id)} ${what}`;
    });
    const drawn = lines.map((l, i) => `${i === 0 ? '┌─▶' : '│  '} ${l}`).join('\n') + `\n└── goroutine ${cycle[cycle.length - 1]} waits for goroutine ${cycle[0]}: the cycle closes`;
    const first = byId.get(cycle[0]!)!;
    this.report(`partial-deadlock|${g.pid}|${[...cycle].sort((a, b) => a - b).join(',')}`, {
      id: 'partial-deadlock', pid: g.pid, atNs: t, where: { goroutine: cycle[0]!, ...whereOf(first.site), ...(first.site ? {} : { fn: this.fnName(g, cycle[0]!) }) },
      message: `goroutines ${cycle.join(' → ')} → ${cycle[0]} wait on each other (for ${formatNs(t - since)} ≥ threshold ${formatNs(this.t.deadlockAfter)}) while other goroutines still run: a deadlock Go's checkdead cannot see`,
      figures: { goroutines: cycle.length, blockedNs: t - since, thresholdNs: this.t.deadlockAfter },
      detail: drawn,
    });
  }

  private timerLeaks(g: GoProc, st: RuntimeLintState, t: number): void {
    for (const ts of st.timers) {
      const leaked = ts.created - ts.stopped - ts.received;
      if (leaked < this.t.timerLeak) continue;
      this.report(`timer-leak|${g.pid}|${ts.site.fn} ${ts.site.file}:${ts.site.line}`, {
        id: 'timer-leak', pid: g.pid, atNs: t, where: whereOf(ts.site),
        message: `${leaked} of ${ts.created} timers made at ${site(ts.site)} were never stopped nor received (threshold ${this.t.timerLeak} timers): time.After in a loop? Make one timer and Reset it, or Stop it`,
        figures: { leaked, created: ts.created, stopped: ts.stopped, received: ts.received, threshold: this.t.timerLeak },
      }, true);
    }
  }

  /** Lock contention: a mutex whose waiters spent more than a share of their lives waiting for it. */
  private contention(g: GoProc, st: RuntimeLintState, t: number, last: boolean): void {
    if (!last) return;
    for (const mu of st.mutexes) {
      if (mu.waitNs < this.t.contentionMinWait) continue;
      let lived = 0;
      for (const [goid] of mu.waiters) lived += (g.died.get(goid) ?? t) - (g.born.get(goid) ?? 0);
      const share = lived > 0 ? mu.waitNs / lived : 0;
      if (share * 100 < this.t.contentionShare) continue;
      const h = mu.holderSites[0];
      this.report(`lock-contention|${g.pid}|${mu.id}`, {
        id: 'lock-contention', pid: g.pid, atNs: t, where: { object: `mutex #${mu.id}`, ...whereOf(h?.site) },
        message: `mutex #${mu.id}: its ${mu.waiters.length} waiters spent ${pct(share)} of their lives waiting for it (${formatNs(mu.waitNs)} in ${mu.waits} waits; threshold ${this.t.contentionShare}%)${h ? `; the holder had locked it at ${site(h.site)} (${h.n} of the waits)` : ''}`,
        figures: { sharePercent: Math.round(share * 1000) / 10, waitNs: mu.waitNs, waits: mu.waits, waiters: mu.waiters.length, thresholdPercent: this.t.contentionShare },
      }, true);
    }
  }

  private gcCpu(g: GoProc, t: number): void {
    const snap = this.m.probe.read<RuntimeSnapshot>(`runtime:${g.pid}`);
    const cpu = snap?.gc.cpuNs;
    if (snap === undefined || cpu === undefined) return;
    g.gcSamples.push({ t, cpuNs: cpu });
    while (g.gcSamples.length > 1 && t - g.gcSamples[1]!.t >= this.t.gcWindow) g.gcSamples.shift();
    const a = g.gcSamples[0]!;
    const span = t - a.t;
    if (span < this.t.gcWindow) return;
    const frac = (cpu - a.cpuNs) / (span * snap.gomaxprocs);
    if (frac * 100 <= this.t.gcCpu) return;
    this.report(`gc-thrash|cpu|${g.pid}`, {
      id: 'gc-thrash', pid: g.pid, atNs: t, where: {},
      message: `the GC took ${pct(frac)} of GOMAXPROCS=${snap.gomaxprocs}'s CPU over ${formatNs(span)} (threshold ${this.t.gcCpu}% over ${formatNs(this.t.gcWindow)}; ${snap.gc.cycles} cycles so far): allocate less, or raise GOGC/GOMEMLIMIT`,
      figures: { gcCpuPercent: Math.round(frac * 1000) / 10, windowNs: span, cycles: snap.gc.cycles, thresholdPercent: this.t.gcCpu },
    });
  }

  // --- findings ---------------------------------------------------------------------------

  /** A finding, once per key; `update`: a later look with other figures replaces it (the count grew). */
  private report(key: string, l: Omit<Lint, 'process'>, update = false): void {
    const lint: Lint = { ...l, process: this.k.procs.get(l.pid)?.name ?? '?' };
    if (this.seen.has(key)) {
      if (!update) return;
      const i = this.lints.findIndex((x) => (x as Lint & { [KEY]?: string })[KEY] === key);
      if (i >= 0) {
        const old = this.lints[i]!;
        if (old.message === lint.message && JSON.stringify(old.figures) === JSON.stringify(lint.figures)) return;
        this.lints[i] = Object.assign(lint, { atNs: old.atNs });
        Object.defineProperty(lint, KEY, { value: key, enumerable: false });
        this.published = null;
      }
      return;
    }
    this.seen.add(key);
    Object.defineProperty(lint, KEY, { value: key, enumerable: false });
    this.lints.push(lint);
    this.published = null;
    this.onLint?.(lint);
  }
}

const KEY = Symbol('lint key');

/** One lint as a line (and its drawing) for the text report and `run --lint`. */
export function renderLint(l: Lint): string {
  const w = l.where;
  const loc = [w.goroutine !== undefined ? `goroutine ${w.goroutine}` : '', w.thread !== undefined ? `thread ${w.thread}` : '',
    w.fn ?? '', w.file !== undefined ? `${w.file}:${w.line ?? 0}` : '', w.object ?? ''].filter((s) => s !== '').join(' ');
  return `${l.id} [${l.process} ${l.pid}${loc ? ` · ${loc}` : ''}] ${l.message}${l.detail ? `\n${l.detail.replace(/^/gm, '    ')}` : ''}`;
}
