// The driver: every variant of a scenario run side by side in lockstep, one
// Session per machine, advanced one frame at a time. It runs wherever the
// simulation runs — in the dashboard's worker thread (worker.ts), or in-process
// in tests — and knows nothing of the screen: it turns wall time and the user's
// actions into models, decides when a run is over (by the scenario's own rule:
// its processes exited, its clients are done, its time limit), and then builds
// the end-of-run summary (the report, or for a comparison the table `compare`
// prints).
//
// Machines in compare mode stay at the same simulated time (framesInStep): the
// one furthest behind runs next, never more than IN_STEP_NS past the others. A replay (resuming from a past moment) rebuilds every machine from
// its scenario and seed and runs it, paused, to that moment: the run is
// deterministic, so it passes the same states again.

import type { Simulation } from '../scenario/runner.ts';
import type { DashModel } from './state.ts';
import { Session, framesInStep } from './session.ts';
import { GoroutineAccounts, type GAcct } from './gacct.ts';
import { exportFile, exportRun, type ExportKind } from './export.ts';
import { signalName } from '../kernel/uapi/signal.ts';

/** What the user asks of the simulation (keys the screen forwards). */
export type DriverAction = 'pause' | 'resume' | 'step-event' | 'step-tick' | 'step-ms' | 'faster' | 'slower';

/** The Goroutines table the screen wants: which process, sorted how, filtered by what. */
export interface TableQuery {
  pid: number | null; sort: GoSortKey; desc: boolean; filter: string; limit: number;
  /** The Resources pane is on screen: each frame's runtime snapshots carry the runtimes' objects (and no goroutine table is made). */
  objects?: boolean;
}
export type GoSortKey = 'goid' | 'state' | 'busy' | 'scheduled' | 'idle' | 'polls' | 'wait';
export interface GoTable { pid: number; total: number; rows: GAcct[]; now: number }

/** The summary at the end of a run: text lines (a report or a comparison table). */
export interface Summary { title: string; lines: string[] }

/** One frame's output: a model per machine, the goroutine table if asked for, the summary once all are done. */
export interface DriverFrame { models: DashModel[]; table: GoTable | null; summary: Summary | null }

/** A signal sent from the console (`k`) into machine `slot`'s run at `at` cycles: every build of that machine sends it again. */
interface ConsoleInput { slot: number; at: number; pid: number; tid: number | null; sig: number }

/** Schedule a console signal on a machine. */
function send(sim: Simulation, x: ConsoleInput): void {
  sim.signal(x.at, { process: x.pid, ...(x.tid !== null ? { thread: x.tid } : {}) }, x.sig);
}

interface Slot { sim: Simulation; session: Session; accts: GoroutineAccounts; unsub: () => void; last: DashModel | null; derived: DashModel | null }

export interface DriverOptions {
  /** Build the machines afresh (same scenarios, same seed): at start and for a replay. */
  build: () => Simulation[];
  speed?: number;
  paused?: boolean;
  /** Wall clock, ms (replaceable in tests). */
  wallMs?: () => number;
  /** A key is waiting (session.ts): end the frame after the slice in progress. */
  interrupted?: () => boolean;
}

export class Driver {
  private slots: Slot[] = [];
  private summary: Summary | null = null;
  private summaryWanted = true;
  query: TableQuery | null = null;
  private tableAt = -Infinity;
  private table: GoTable | null = null;
  /** The query the table answers (a new query object from the screen is a new question). */
  private tableQuery: TableQuery | null = null;
  /** A replay in progress: the cycles each machine runs to. */
  private replay: number[] | null = null;
  private replayEvents: (number | null)[] = [];
  /** The signals sent from the console so far: part of the run, like its scenario (a replay or an export sends them again). */
  private inputs: ConsoleInput[] = [];

  constructor(private readonly opts: DriverOptions) { this.boot(opts.paused ?? false, opts.speed); }

  private boot(paused: boolean, speed: number | undefined): void {
    for (const s of this.slots) { s.unsub(); s.session.dispose(); }
    this.slots = this.opts.build().map((sim) => {
      const accts = new GoroutineAccounts(sim.machine.config.clockHz);
      const unsub = sim.machine.probe.subscribe((ev) => accts.onEvent(ev));
      const session = new Session({
        title: sim.scenario.name, machine: sim.machine, limitCycles: sim.limitCycles, paused,
        ...(speed !== undefined ? { speed } : {}), ...(this.opts.wallMs !== undefined ? { wallMs: this.opts.wallMs } : {}),
        ...(this.opts.interrupted !== undefined ? { interrupted: this.opts.interrupted } : {}),
      });
      return { sim, session, accts, unsub, last: null, derived: null };
    });
    this.slots.forEach((s, i) => this.resend(s.sim, i, Infinity));
    this.summary = null;
  }

  /** Schedule on a fresh build of machine `slot` the console's signals sent to it up to `until` cycles. */
  private resend(sim: Simulation, slot: number, until: number): void {
    for (const x of this.inputs) if (x.slot === slot && x.at <= until) send(sim, x);
  }

  /**
   * `k`: send `sig` from the console to process `pid` (or its thread `tid`) of machine `index`, one cycle
   * after the moment it is at. Kept with the run: replays and exports send it again at the same cycle
   * (the machine orders it after everything else of that cycle: console-kill.ts). Returns what the screen says.
   */
  signal(index: number, pid: number, tid: number | null, sig: number): string {
    const slot = this.slots[index];
    if (slot === undefined) return `no machine ${index + 1}`;
    if (this.replay !== null) return 'a replay is running: send the signal when it is done';
    if (slot.session.finishedBy !== null) return 'the run is over: there is no process to signal';
    if (slot.sim.kernel.personality.os === 'windows') return 'windows has no signals (a console would end a process with TerminateProcess, which gomachine does not model)';
    const m = slot.sim.machine;
    const x: ConsoleInput = { slot: index, at: m.now + 1, pid, tid, sig };
    this.inputs.push(x);
    send(slot.sim, x);
    const name = slot.sim.kernel.procs.get(pid)?.name ?? '?';
    return `${signalName(sig)} → ${tid !== null ? `thread ${tid} of ` : ''}${name}[${pid}] at t=${(m.cyclesToNs(x.at) / 1e6).toFixed(6)} ms, from the console (a replay or an export sends it again)`;
  }

  get sessions(): Session[] { return this.slots.map((s) => s.session); }
  get simulations(): Simulation[] { return this.slots.map((s) => s.sim); }
  get replaying(): boolean { return this.replay !== null; }

  /** One frame: advance by `wallDtMs` worth of simulated time (lockstep), within `budgetMs` of wall time. */
  frame(wallDtMs: number, budgetMs: number): DriverFrame {
    const n = this.slots.length;
    this.wantObjects();
    const each = Math.max(2, Math.floor(budgetMs / n));
    if (this.replay !== null) {
      this.slots.forEach((s) => s.session.frame(wallDtMs, each));
      if (this.slots.every((s) => !s.session.stepping)) {
        const below = this.slots.map((s) => s.session.overshot);
        // A machine stepped past its event count: again, to the step boundary just below it (deterministic: the same steps).
        if (below.some((x) => x !== null)) return this.replayTo(this.replay, this.slots[0]!.session.model.speed, below.map((x, i) => x ?? this.replayEvents[i] ?? null));
        this.replay = null;
      }
    } else {
      framesInStep(this.sessions, wallDtMs, each, this.opts.wallMs, this.opts.interrupted);
    }
    for (const s of this.slots) this.checkStop(s);
    return this.output();
  }

  /** The scenario's own end: `until: clients` ends when the clients are done, `until: exit` when every process exited. */
  private checkStop(s: Slot): void {
    if (s.session.finishedBy !== null) {
      if (s.sim.stoppedBy === null) s.sim.stoppedBy = /time limit/.test(s.session.finishedBy) ? 'time-limit' : /exited/.test(s.session.finishedBy) ? 'exit' : 'idle';
      return;
    }
    const until = s.sim.scenario.spec.run.until;
    if (until === 'clients' && s.sim.load !== null && s.sim.load.done) {
      s.sim.stoppedBy = 'clients';
      s.session.finish('clients done');
    }
  }

  private output(): DriverFrame {
    const models = this.slots.map((s) => this.derive(s));
    if (this.summary === null && this.summaryWanted && this.replay === null && this.slots.every((s) => s.session.finishedBy !== null)) this.summary = this.buildSummary();
    return { models, table: this.goTable(models), summary: this.summary };
  }

  /** The session's model with the listed goroutines' accounts (made once per new model). */
  private derive(s: Slot): DashModel {
    const m = s.session.model;
    if (m === s.last && s.derived !== null) return s.derived;
    const acct: Record<number, Record<number, GAcct>> = {};
    for (const [pid, g] of Object.entries(m.runtimes)) acct[Number(pid)] = s.accts.rows(Number(pid), g.snap.gs.map((x) => x.goid), m.now);
    s.last = m; s.derived = { ...m, gacct: acct, hists: s.accts.histograms() };
    return s.derived;
  }

  /** The sorted, filtered goroutine table of the first machine, at most 4 times a (wall) second. */
  private goTable(models: DashModel[]): GoTable | null {
    const q = this.query;
    const m = models[0];
    if (q === null || m === undefined || q.objects === true) return null;
    const wall = (this.opts.wallMs ?? (() => performance.now()))();
    // Sorting 100,000 accounts is the table's cost: never again for the same moment and the same question, at most 4 times a second otherwise.
    if (this.table !== null && this.tableQuery === q && this.table.now === m.now) return this.table;
    if (this.table !== null && this.tableQuery === q && wall - this.tableAt < 250) return this.table;
    this.tableAt = wall; this.tableQuery = q;
    const pids = Object.keys(m.runtimes).map(Number).sort((a, b) => a - b);
    const pid = q.pid !== null && pids.includes(q.pid) ? q.pid : pids[0];
    if (pid === undefined) return (this.table = null);
    this.table = sortTable(this.slots[0]!.accts.all(pid, m.now), pid, q, m.now);
    return this.table;
  }

  /** The sessions read the runtimes' objects while the Resources pane asks for them. */
  private wantObjects(): void { for (const s of this.slots) s.session.wantObjects = this.query?.objects === true; }

  act(action: DriverAction): DriverFrame {
    this.wantObjects();
    for (const s of this.slots) {
      const x = s.session;
      switch (action) {
        case 'pause': x.togglePause(); break;
        case 'resume': if (x.model.paused) x.togglePause(); break;
        case 'step-event': x.stepEvent(); break;
        case 'step-tick': x.stepTick(); break;
        case 'step-ms': x.stepMillisecond(); break;
        case 'faster': x.faster(); break;
        case 'slower': x.slower(); break;
      }
    }
    return this.output();
  }

  /**
   * Start again from the beginning and run, paused, to each machine's `cycles`: the past moment the user
   * resumes from. With `events[i]`, machine i runs on from there to where that many events were emitted.
   */
  replayTo(cycles: number[], speed: number, events: (number | null)[] = []): DriverFrame {
    // Resuming from a past moment starts a new future: the signals sent after it are not sent again.
    // (A step back by events keeps them: it goes back within the last frame, and may step forward over them.)
    if (events.every((e) => e === null || e === undefined)) this.inputs = this.inputs.filter((x) => x.at <= (cycles[x.slot] ?? Infinity));
    this.boot(true, speed);
    this.wantObjects();
    this.replay = cycles; this.replayEvents = events;
    this.slots.forEach((s, i) => { const n = events[i]; if (n !== null && n !== undefined) s.session.stepToEvents(cycles[i] ?? 0, n, 0); else s.session.stepTo(cycles[i] ?? 0, 0); });
    return this.output();
  }

  /**
   * `e` / `w`: write the trace or pcap of machine `index`'s run up to `until` cycles (the moment on
   * screen) into `dir` (a fresh build run to that moment: export.ts). Returns what the screen says about it.
   */
  async exportSoFar(what: ExportKind, index: number, until: number, dir: string): Promise<string> {
    const slot = this.slots[index];
    if (slot === undefined) return `no machine ${index + 1}`;
    const m = slot.sim.machine;
    const sim = this.opts.build()[index]!;
    const to = Math.min(until, m.now); // a past moment on screen, or live
    this.resend(sim, index, to);
    const file = exportFile(dir, slot.sim.scenario.name, to, m.config.clockHz, what);
    try {
      return await exportRun(sim, to, what, file, to === m.now ? m.probe.traceHash() : null);
    } catch (e) {
      return `could not write ${file}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  private buildSummary(): Summary {
    // The scenario modules are loaded only here (and in the worker that already has them).
    return summarize(this.slots.map((s) => s.sim));
  }

  dispose(): void { for (const s of this.slots) { s.unsub(); s.session.dispose(); } }
}

// The summary needs the report and comparison code; they are imported lazily so that the
// driver module stays light for tests that never finish a run.
let summarize: (sims: Simulation[]) => Summary = () => ({ title: 'summary', lines: ['(the report code is not loaded)'] });
export function setSummarizer(f: (sims: Simulation[]) => Summary): void { summarize = f; }

const STATE_ORDER: Record<string, number> = { _Grunning: 0, _Grunnable: 1, _Gsyscall: 2, _Gwaiting: 3, _Gpreempted: 4 };

/** Sort and filter the whole set of goroutine accounts (the table shows the first `limit`). */
export function sortTable(all: GAcct[], pid: number, q: TableQuery, now: number): GoTable {
  const f = q.filter.toLowerCase();
  const rows = f === '' ? all : all.filter((a) => `g${a.goid} ${a.state} ${a.waitReason} ${a.startFn} ${a.where}`.toLowerCase().includes(f));
  const key = (a: GAcct): number | string => {
    switch (q.sort) {
      case 'goid': return a.goid;
      case 'state': return STATE_ORDER[a.state] ?? 9;
      case 'busy': return a.busy;
      case 'scheduled': return a.scheduled;
      case 'idle': return a.idle;
      case 'polls': return a.polls;
      case 'wait': return a.waitReason;
    }
  };
  const dir = q.desc ? -1 : 1;
  rows.sort((x, y) => { const a = key(x); const b = key(y); return (a < b ? -1 : a > b ? 1 : x.goid - y.goid) * dir; });
  return { pid, total: rows.length, rows: rows.slice(0, q.limit), now };
}
