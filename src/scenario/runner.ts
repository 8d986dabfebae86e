// Running a scenario: build the machine and boot the kernel, start the
// processes (at their start times), run until every process has exited or the
// time limit, and build the report from the probe bus and the published
// snapshots. The runner observes; it changes nothing but through the machine's
// controls (run until, pause).

import { Machine } from '../machine/machine.ts';
import { personalityFor } from '../kernel/personalities.ts';
import { Kernel, type KernelSnapshot } from '../kernel/kernel.ts';
import { scheduleConsoleKill } from '../kernel/console-kill.ts';
import { shellStatus, WIFSIGNALED, WTERMSIG, signalName } from '../kernel/uapi/index.ts';
import { selectVariant, type Scenario } from './loader.ts';
import { BUILTIN_PROGRAMS } from '../apps/index.ts';
import type { Report, ProcessReport } from './report.ts';
import { GO_EVENTS, type RuntimeSnapshot } from '../runtime/snapshot.ts';
import type { RaceEntry, RaceView } from './report.ts';
import { Nic, nicsOf } from '../machine/nic.ts';
import { Wire } from '../machine/wire.ts';
import type { FaultRule } from '../machine/netem.ts';
import type { ScenarioSpec } from './schema.ts';
import { netInit, netSnapshot } from '../kernel/net/index.ts';
import { LoadClients } from './load.ts';
import { LintEngine, LintThresholds, type Lint } from './lint.ts';

export interface RunOptions {
  /** Override the scenario's seed. */
  seed?: number;
  /** Console output as it happens. */
  onConsole?: (pid: number, name: string, stream: number, text: string) => void;
  /** Called about once a second of wall time with the simulated time reached. */
  onProgress?: (simNs: number, limitNs: number) => void;
  /** Turn the lints on (with these thresholds over the scenario's `lint:` section), or off (false) whatever the scenario says. */
  lint?: Partial<LintThresholds> | boolean;
  /** Each lint as it is found. */
  onLint?: (l: Lint) => void;
}

/** How much simulated time one step of the runner covers before it looks around. */
const SLICE_NS = 10e6;

export class Simulation {
  readonly machine: Machine;
  readonly kernel: Kernel;
  /** The wire outside the machine and the load clients on it (scenarios with a network). */
  readonly wire: Wire | null = null;
  readonly load: LoadClients | null = null;
  readonly seed: number;
  readonly limitCycles: number;
  private pending: number;
  private allExited = false;
  /** Races the race-enabled processes reported (the data_race probe events), and those processes' pids. */
  private readonly races: { pid: number; race: RaceEntry }[] = [];
  private readonly racePids = new Set<number>();
  /** The races found so far as observers of the bus see them (the dashboard): a new array whenever one is found. */
  private racesPublished: RaceView[] | null = null;
  stoppedBy: Report['stoppedBy'] | null = null;
  wallMs = 0;

  readonly scenario: Scenario;
  /** The lints, when they are on (the scenario's `lint:` section, or RunOptions.lint). */
  readonly lints: LintEngine | null = null;

  constructor(scenarioOrAll: Scenario, opts: RunOptions = {}) {
    // A scenario with variants runs as one of them (the first unless one was selected).
    const scenario = scenarioOrAll.variant === undefined && scenarioOrAll.spec.variants.length > 0 ? selectVariant(scenarioOrAll, undefined) : scenarioOrAll;
    this.scenario = scenario;
    const spec = scenario.spec;
    this.seed = opts.seed ?? spec.seed;
    const ms = spec.machine;
    this.machine = new Machine({
      cores: ms.cores, clockHz: ms.clock, timerHz: ms.timerHz, timerJitterNs: ms.timerJitter,
      memoryBytes: ms.memory, frameSize: ms.frameSize, seed: this.seed,
    });
    if (spec.network !== undefined) {
      const wire = new Wire(this.machine);
      const nics: Nic[] = [];
      for (const n of spec.network.nics) {
        const nic = new Nic(this.machine, { addr: n.addr, rxRing: n.rxRing, txRing: n.txRing, rxUsecs: n.rxUsecs, rxFrames: n.rxFrames,
          ...(n.name !== undefined ? { name: n.name } : {}), ...(n.irqCpu !== undefined ? { irqCpu: n.irqCpu } : {}) });
        wire.connect(nic, { latencyNs: n.latency, bandwidthBps: n.bandwidth });
        nics.push(nic);
      }
      injectFaults(wire, nics, spec.network.faults);
      this.wire = wire;
    }
    this.kernel = new Kernel(this.machine, { personality: personalityFor(ms.os) });
    this.kernel.installPrograms(BUILTIN_PROGRAMS);
    if (this.wire !== null) netInit(this.kernel);
    const cl = spec.clients;
    if (cl !== undefined && this.wire !== null) {
      this.load = new LoadClients(this.machine, this.wire, {
        target: { addr: cl.target.addr ?? spec.network!.nics[0]!.addr, port: cl.target.port },
        connections: cl.connections, requests: cl.requests, bytes: cl.bytes, thinkNs: cl.think, protocol: cl.protocol,
        timeoutNs: cl.timeout, startNs: cl.startAt, hosts: cl.hosts, httpPath: cl.httpPath,
        arrival: cl.arrival === 'ramp' ? { mode: 'ramp', overNs: cl.rampOver } : cl.arrival === 'rate' ? { mode: 'rate', perSec: cl.rate! } : { mode: 'all' },
        ...(cl.payload !== undefined ? { payload: cl.payload } : {}), ...(cl.httpBody !== undefined ? { httpBody: cl.httpBody } : {}),
        ...(cl.slowloris !== undefined ? { slowloris: { connections: cl.slowloris.connections, send: cl.slowloris.send, startNs: cl.slowloris.startAt } } : {}),
      });
      // `until: clients`: the run ends at the event where the last connection finishes.
      if (spec.run.until === 'clients') this.load.onDone = () => this.machine.pause();
      this.load.start();
    }
    if (this.wire !== null) {
      // The Network pane's snapshot: the stack's counters, and the clients' latency over their last 1,024 replies.
      // The latency histogram (every reply so far, power-of-two buckets of ns) is binned as it is read: only the replies since the last read.
      const load = this.load;
      const hist: number[] = []; let binned = 0;
      this.machine.probe.publish('net', () => {
        const all = load === null ? [] : load.latencies;
        for (; binned < all.length; binned++) {
          const b = Math.floor(Math.log2(Math.max(1, all[binned]!))); // bucket b: [2^b, 2^(b+1)) ns, as the dashboard's hist.ts
          while (hist.length <= b) hist.push(0);
          hist[b]!++;
        }
        const lat = all.slice(-1024).sort((a, b) => a - b);
        const q = (p: number): number => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? 0;
        return { ...this.netSnapshotWithFaults(this.wire!), ...(load !== null ? { clientRetransmits: load.retransmitsNow() } : {}),
          ...(lat.length > 0 ? { latency: { p50Ns: q(50), p99Ns: q(99), samples: all.length, histNs: hist.slice() } } : {}) };
      });
    }
    this.limitCycles = this.machine.nsToCycles(spec.run.timeLimit);
    const lintOn = opts.lint === undefined ? spec.lint !== undefined : opts.lint !== false;
    if (lintOn) {
      const fromSpec = spec.lint === undefined || spec.lint === true ? {} : spec.lint;
      const fromOpts = typeof opts.lint === 'object' ? opts.lint : {};
      this.lints = new LintEngine(this.machine, this.kernel, { ...LintThresholds.parse({}), ...fromSpec, ...fromOpts }, opts.onLint ?? null);
    }
    this.machine.probe.publish('races', () => (this.racesPublished ??= this.races.map((x) => ({ pid: x.pid, ...x.race }))));
    this.machine.probe.subscribe((ev) => {
      if (ev.kind === 'all_exited') {
        this.allExited = true;
        // The run ends the moment the last process exits.
        if (this.pending === 0 && spec.run.until === 'exit') this.machine.pause();
      }
      else if (ev.kind === GO_EVENTS.race) {
        const [at = '', previous = ''] = ev.s.split(' ');
        this.races.push({ pid: ev.pid, race: { atNs: this.machine.cyclesToNs(ev.t), goroutine: ev.a, previousGoroutine: ev.b, at, previous } });
        this.racesPublished = null;
      }
      else if (ev.kind === 'console' && opts.onConsole) opts.onConsole(ev.pid, this.kernel.procs.get(ev.pid)?.name ?? '?', ev.a, ev.s);
    }, ['all_exited', GO_EVENTS.race, 'console']);
    this.pending = spec.processes.length;
    spec.processes.forEach((p, i) => {
      const exe = scenario.programs[i]!;
      const argv = [p.name ?? exe.name, ...p.args];
      const start = (): void => {
        const proc = this.kernel.spawn(exe, argv, p.env);
        if (p.race) this.racePids.add(proc.pid);
        const name = p.name ?? exe.name;
        if (!this.started.has(name)) this.started.set(name, proc.pid);
        this.pending--;
      };
      if (p.startAt <= 0) start();
      else this.machine.at(this.machine.nsToCycles(p.startAt), 0, 'external', start);
    });
    for (const x of spec.signals) this.signal(this.machine.nsToCycles(x.at), { process: x.process, ...(x.thread !== undefined ? { thread: x.thread } : {}) }, x.signal);
  }

  /** The first process the scenario started under each name (its `name`, else its program's): console signals find them so. */
  private readonly started = new Map<string, number>();

  /**
   * Send `sig` from the operator's console at `at` cycles (src/kernel/console-kill.ts): to a process
   * by pid or by the scenario's name for it, or to one of its threads. The dashboard's `k` and a
   * scenario's `signals:` both come here; scheduled before the run or during it, the run is the same.
   */
  signal(at: number, target: { process: string | number; thread?: number }, sig: number): void {
    const { process, thread } = target;
    const label = thread !== undefined ? `thread ${thread}` : typeof process === 'number' ? String(process) : `(${process})`;
    scheduleConsoleKill(this.kernel, at, { pid: () => (typeof process === 'number' ? process : this.started.get(process)), label, ...(thread !== undefined ? { tid: thread } : {}) }, sig);
  }

  get simNs(): number { return this.machine.cyclesToNs(this.machine.now); }
  get finished(): boolean { return this.stoppedBy !== null; }

  /** Run up to `ns` more simulated time (or to the end). Returns true when the run is over. */
  advance(ns: number): boolean {
    if (this.finished) return true;
    const t0 = performance.now();
    const until = Math.min(this.machine.now + this.machine.nsToCycles(ns), this.limitCycles);
    const r = this.machine.run(until);
    this.wallMs += performance.now() - t0;
    if (r === 'halted') throw new Error(`machine halted: ${this.machine.halted}`);
    if (r === 'paused') this.machine.now = Math.max(this.machine.now, this.kernel.lastExitCycles);
    const exited = this.allExited && this.pending === 0;
    if (this.scenario.spec.run.until === 'clients' && this.load !== null && this.load.done) this.stoppedBy = 'clients';
    else if (exited && this.scenario.spec.run.until === 'exit') this.stoppedBy = 'exit';
    else if (this.machine.now >= this.limitCycles) this.stoppedBy = 'time-limit';
    else if (r === 'idle' && this.pending === 0) this.stoppedBy = exited ? 'exit' : 'idle';
    return this.finished;
  }

  /** Run to the end, reporting progress on the way. */
  runToEnd(opts: RunOptions = {}): void {
    let lastProgress = performance.now();
    const started = lastProgress;
    while (!this.advance(SLICE_NS)) {
      const now = performance.now();
      if (opts.onProgress && now - lastProgress >= 1000 && now - started >= 2000) {
        opts.onProgress(this.simNs, this.scenario.spec.run.timeLimit);
        lastProgress = now;
      }
    }
  }

  /** The kernel's network counters, with what the wire's faults did to each NIC's frames. */
  private networkReport(wire: Wire): NonNullable<Report['network']> {
    const { nics, acceptQueueDrops, loopbackPackets, retransmits, retransConnections } = this.netSnapshotWithFaults(wire);
    return { nics, acceptQueueDrops, loopbackPackets, retransmits, retransConnections };
  }

  /** netSnapshot, each NIC carrying its link's fault counters when the scenario injects faults. */
  private netSnapshotWithFaults(wire: Wire): ReturnType<typeof netSnapshot> {
    const snap = netSnapshot(this.kernel);
    const byName = new Map(nicsOf(this.machine).map((n) => [n.name, n]));
    return { ...snap, nics: snap.nics.map((n) => { const f = wire.faultStats(byName.get(n.name)!); return f === null ? n : { ...n, faults: { ...f } }; }) };
  }

  report(): Report {
    const m = this.machine;
    const snap = this.kernel.snapshot();
    const end = m.now;
    const ns = (c: number): number => m.cyclesToNs(c);
    const cores = m.cores.map((c) => {
      const tailIdle = c.ctx === null && c.clock < end ? end - c.clock : 0;
      return { id: c.id, userNs: ns(c.userCycles), kernelNs: ns(c.kernelCycles), irqNs: ns(c.irqCycles), idleNs: ns(c.idleCycles + tailIdle), interrupts: c.interrupts };
    });
    const simTimeNs = ns(end);
    return {
      scenario: this.scenario.name,
      seed: this.seed,
      simTimeNs,
      traceHash: m.probe.traceHash(),
      instructions: m.instructions,
      stoppedBy: this.stoppedBy ?? 'time-limit',
      machine: { cores: m.cores.length, clockHz: m.config.clockHz, timerHz: m.config.timerHz, memoryBytes: m.config.memoryBytes, frameSize: m.config.frameSize },
      cores,
      contextSwitches: snap.contextSwitches,
      processes: snap.procs.map((p) => {
        const r = withRuntime(processReport(p, ns), m.probe.read<RuntimeSnapshot>(`runtime:${p.pid}`), simTimeNs);
        return this.racePids.has(p.pid) ? { ...r, races: this.races.filter((x) => x.pid === p.pid).map((x) => x.race) } : r;
      }),
      memory: { framesInUse: m.mem.inUse, framesPeak: m.mem.peakInUse, framesTotal: m.mem.totalFrames },
      kernel: { log: snap.klog, unknownSyscalls: snap.unknownSyscalls, oopses: snap.oopses },
      ...(this.load !== null ? { clients: this.load.result() } : {}),
      ...(this.lints !== null ? { lints: this.lints.finish().map((l) => ({ ...l })), lintThresholds: { ...this.lints.t } } : {}),
      ...(this.wire !== null ? { network: this.networkReport(this.wire) } : {}),
      host: {
        wallMs: this.wallMs,
        instructionsPerSec: this.wallMs > 0 ? m.instructions / (this.wallMs / 1000) : 0,
        simToWallRatio: this.wallMs > 0 ? simTimeNs / 1e6 / this.wallMs : 0,
      },
    };
  }
}

/** The scenario's wire faults, as rules on each link they name (every link when they name none). */
function injectFaults(wire: Wire, nics: readonly Nic[], faults: NonNullable<ScenarioSpec['network']>['faults']): void {
  if (faults.length === 0) return;
  for (const nic of nics) {
    const rules: FaultRule[] = faults.filter((f) => f.nic === undefined || f.nic === nic.name).map((f) => ({
      direction: f.direction, fromNs: f.from, untilNs: f.for === undefined ? Infinity : f.from + f.for, hosts: f.hosts, down: f.down,
      loss: f.loss, corrupt: f.corrupt, duplicate: f.duplicate, reorder: f.reorder, reorderDelayNs: f.reorderDelay, jitterNs: f.jitter,
    }));
    wire.setFaults(nic, rules);
  }
}

/**
 * Syscall names in code-unit order: the order localeCompare gives for every syscall name of the
 * three kernels (test/scenario/report-order.test.ts), without loading ICU's collator, which
 * costs ~20 ms of every command's start.
 */
export function byName([a]: readonly [string, unknown], [b]: readonly [string, unknown]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function processReport(p: KernelSnapshot['procs'][number], ns: (c: number) => number): ProcessReport {
  const alive = p.state === 'alive';
  return {
    pid: p.pid, name: p.name, argv: p.argv,
    exitStatus: alive ? null : shellStatus(p.wstatus),
    signal: !alive && WIFSIGNALED(p.wstatus) ? signalName(WTERMSIG(p.wstatus)) : null,
    stdout: p.stdout, stderr: p.stderr,
    ...(p.stdoutDroppedBytes + p.stderrDroppedBytes > 0 ? { outputDroppedBytes: { stdout: p.stdoutDroppedBytes, stderr: p.stderrDroppedBytes } } : {}),
    threads: { created: p.threadsCreated, peak: p.threadsPeak },
    syscalls: Object.fromEntries(Object.entries(p.syscalls).sort(byName)
      .map(([k, v]) => [k, { calls: v.calls, errors: v.errors, timeNs: ns(v.cycles) }])),
    contextSwitches: { voluntary: p.nvcsw, involuntary: p.nivcsw },
    cpu: { userNs: ns(p.utimeCycles), kernelNs: ns(p.stimeCycles) },
    memory: { rssPeakBytes: p.rssPeakBytes, vszPeakBytes: p.vszPeakBytes },
    startNs: ns(p.startCycles), exitNs: p.exitCycles === null ? null : ns(p.exitCycles),
  };
}

/** The report's runtime section, from the snapshot a Go-style process published. */
function withRuntime(r: ProcessReport, rs: RuntimeSnapshot | undefined, nowNs: number): ProcessReport {
  if (rs === undefined) return r;
  const st = rs.stats;
  const ranNs = Math.max(0, (r.exitNs ?? nowNs) - (rs.gc.runtimeStartNs ?? r.startNs));
  return {
    ...r,
    runtime: {
      gomaxprocs: rs.gomaxprocs,
      goroutines: { created: st.goroutinesCreated, peak: st.goroutinesPeak },
      ms: { created: st.msCreated, peak: st.msPeak },
      preemptions: { cooperative: st.preemptCooperative, async: st.preemptAsync },
      handoffs: st.handoffs, steals: st.steals, netpollParks: st.netpollParks,
      schedLatencyNs: { p50: rs.schedLatencyNs?.p50 ?? 0, p99: rs.schedLatencyNs?.p99 ?? 0 },
      ...(rs.gc.pauseTotalNs === undefined ? {} : { gc: {
        cycles: rs.gc.cycles, pauseTotalNs: rs.gc.pauseTotalNs, pauseMaxNs: rs.gc.pauseMaxNs ?? 0,
        heapPeakBytes: rs.gc.heapPeakBytes ?? 0, liveBytes: rs.gc.heapMarkedBytes ?? 0,
        heapGoalBytes: rs.gc.heapGoalBytes >= Number.MAX_SAFE_INTEGER ? null : rs.gc.heapGoalBytes,
        allocBytesPerSec: ranNs > 0 ? Math.round((rs.gc.totalAllocBytes ?? 0) / (ranNs / 1e9)) : 0,
        cpuFraction: ranNs > 0 ? (rs.gc.cpuNs ?? 0) / (ranNs * rs.gomaxprocs) : 0,
        workers: rs.gc.workers ?? { dedicated: 0, fractional: 0, idle: 0 },
      } }),
      ...(rs.stw === undefined ? {} : { stw: rs.stw }),
      ...(rs.stacks === undefined ? {} : { stacks: { growths: rs.stacks.growths, bytesInUse: rs.stacks.bytesInUse } }),
    },
  };
}

/** Load-free entry: run a scenario to the end and return its report. */
export function runScenario(scenario: Scenario, opts: RunOptions = {}): Report {
  const sim = new Simulation(scenario, opts);
  sim.runToEnd(opts);
  return sim.report();
}
