// A dashboard session: one machine, observed through its probe bus and driven
// only through its public controls (run until, pause).
//
// The simulation never blocks the screen: each frame runs the machine in short
// slices of simulated time until the frame's share of simulated time (the
// speed) is reached or the frame's wall-time budget is spent, then folds the
// events of that frame and the published snapshots into the model. Stepping
// (one event, one timer tick, one millisecond) pauses and runs to exactly there,
// a frame's budget at a time.

import type { Machine, MachineSnapshot } from '../machine/machine.ts';
import type { ProbeEvent } from '../machine/probe.ts';
import type { KernelSnapshot } from '../kernel/kernel.ts';
import type { RuntimeObjects, RuntimeSnapshot } from '../runtime/snapshot.ts';
import { syscallName } from '../kernel/uapi/syscalls.ts';
import { CAPS, emptyModel, newWindow, updateModel, type DashModel, type NetSnapshot, type Snapshots, type Window } from './state.ts';
import type { Lint } from '../scenario/lint-spec.ts';
import type { RaceView } from '../scenario/report.ts';

/** Speeds, in simulated ns per wall second. */
export const SPEEDS = [1e3, 10e3, 100e3, 1e6, 10e6, 100e6, 1e9, Infinity] as const;

export interface SessionOptions {
  title: string;
  machine: Machine;
  /** Stop the run at this simulated time (cycles). */
  limitCycles?: number;
  /** Initial speed, simulated ns per wall second. */
  speed?: number;
  paused?: boolean;
  /** Wall-clock source (ms), replaceable in tests. */
  wallMs?: () => number;
  /**
   * True when the user pressed a key since the simulation last looked (the screen's thread sets a
   * shared flag: protocol.ts): a frame then ends after the slice in progress, however much of its
   * budget is left, so the key is answered without waiting for the frame.
   */
  interrupted?: () => boolean;
}

/** How often (wall ms) utilisation and rates are sampled. */
const SAMPLE_WALL_MS = 250;
/** The simulated time one machine.run call covers at most inside a frame. */
const SLICE_NS = 20_000;

export class Session {
  model: DashModel;
  readonly machine: Machine;
  private readonly limit: number;
  private batch: ProbeEvent[] = [];
  private events = 0;
  private lastEventAt = -1;
  /** Events before the cycle of the last one (one machine step can emit several at one cycle: a syscall that sleeps also switches). */
  private eventsBeforeLastCycle = 0;
  private dropped = 0;
  private readonly window: Window = newWindow();
  private lastSampleWall = -Infinity;
  private readonly wall: () => number;
  private readonly interrupted: () => boolean;
  private allExited = false;
  private speedIdx: number;
  private finished: string | null = null;
  /** Machine time and event count at the last refresh: nothing new, nothing to redraw. */
  private seenNow = -1;
  private seenEvents = -1;
  private readonly unsubscribe: () => void;
  private syscallName: ((nr: number) => string) | undefined;
  /** Read the runtimes' objects with their snapshots (the Resources pane is on screen): built by the runtime only when asked. */
  wantObjects = false;

  constructor(opts: SessionOptions) {
    this.machine = opts.machine;
    this.limit = opts.limitCycles ?? Infinity;
    this.wall = opts.wallMs ?? (() => performance.now());
    this.interrupted = opts.interrupted ?? (() => false);
    const speed = opts.speed ?? 10e6;
    this.speedIdx = Math.max(0, SPEEDS.findIndex((s) => s >= speed));
    this.model = { ...emptyModel(opts.title, opts.machine.config.clockHz, opts.machine.cores.length), speed: SPEEDS[this.speedIdx]!, paused: opts.paused ?? false };
    this.unsubscribe = this.machine.probe.subscribe((ev) => this.onEvent(ev));
    this.refresh(true);
  }

  dispose(): void { this.unsubscribe(); }

  private onEvent(ev: ProbeEvent): void {
    if (ev.t !== this.lastEventAt) { this.eventsBeforeLastCycle = this.events; this.lastEventAt = ev.t; }
    this.events++;
    if (ev.kind === 'syscall') {
      this.syscallName ??= this.machine.probe.read<(nr: number) => string>('syscall-names') ?? syscallName; // the kernel personality's names
      const name = this.syscallName(ev.a);
      let m = this.window.syscalls.get(ev.pid);
      if (m === undefined) { m = new Map(); this.window.syscalls.set(ev.pid, m); }
      m.set(name, (m.get(name) ?? 0) + 1);
    } else if (ev.kind === 'all_exited') this.allExited = true;
    if (this.batch.length < CAPS.eventsPerFrame) this.batch.push(ev);
    else this.dropped++;
  }

  /** Read everything published on the bus. */
  snapshots(): Snapshots {
    const probe = this.machine.probe;
    const kernel = probe.read<KernelSnapshot>('kernel');
    const runtimes: Record<number, RuntimeSnapshot> = {};
    for (const p of kernel?.procs ?? []) {
      if (p.state !== 'alive' && this.model.runtimes[p.pid] !== undefined) continue; // keep the last view of a dead runtime
      const rs = probe.read<RuntimeSnapshot>(`runtime:${p.pid}`);
      if (rs === undefined) continue;
      const objects = this.wantObjects && p.state === 'alive' ? probe.read<RuntimeObjects>(`runtime:${p.pid}`, 'objects') : undefined;
      runtimes[p.pid] = objects !== undefined ? { ...rs, objects } : rs;
    }
    const s: Snapshots = { runtimes };
    const machine = probe.read<MachineSnapshot>('machine');
    if (machine !== undefined) s.machine = machine;
    if (kernel !== undefined) s.kernel = kernel;
    const net = probe.read<NetSnapshot>('net');
    if (net !== undefined) s.net = net;
    const lints = probe.read<Lint[]>('lints');
    if (lints !== undefined) s.lints = lints;
    const races = probe.read<RaceView[]>('races');
    if (races !== undefined && races.length > 0) s.races = races;
    return s;
  }

  /** Fold the events since the last refresh and the current snapshots into the model. */
  refresh(sample = false): DashModel {
    this.seenNow = this.machine.now; this.seenEvents = this.events;
    const now = this.wall();
    const doSample = sample || now - this.lastSampleWall >= SAMPLE_WALL_MS || (this.finished !== null && this.model.finished === null);
    if (doSample) this.lastSampleWall = now;
    const batch = this.batch; this.batch = [];
    const events = this.events; const dropped = this.dropped; const finished = this.finished; const stepping = this.pendingStep !== null;
    const before = this.eventsBeforeLastCycle;
    this.model = updateModel(this.model, batch, this.snapshots(), this.window, doSample, (d) => {
      d.events = events; d.eventsBeforeLastCycle = before; d.dropped = dropped; d.finished = finished; d.stepping = stepping;
    });
    return this.model;
  }

  private setModel(f: (d: DashModel) => void): void {
    const d = { ...this.model }; f(d); this.model = d;
  }

  /** Run the machine to `until` (cycles) in slices, for at most `budgetMs` of wall time. False if its scenario paused it. */
  private runTo(until: number, budgetMs: number, maxSteps = Infinity): boolean {
    const m = this.machine;
    const t0 = this.wall();
    const slice = m.nsToCycles(SLICE_NS);
    const target = Math.min(until, this.limit);
    let paused = false;
    while (this.finished === null && m.now < target) {
      const r = m.run(Math.min(target, m.now + slice), maxSteps);
      if (r === 'halted') { this.finished = `halted: ${m.halted}`; break; }
      if (r === 'idle') { this.finished = this.allExited ? 'all processes exited' : 'idle'; break; }
      if (r === 'paused') { paused = true; break; }
      if (r === 'steps') break;
      if (this.wall() - t0 >= budgetMs || this.interrupted()) break;
    }
    if (this.finished === null && m.now >= this.limit) this.finished = 'time limit';
    return !paused;
  }

  /** Simulated time reached, ns. */
  get simNs(): number { return this.machine.cyclesToNs(this.machine.now); }

  /** Running: not paused, not stepping, not finished. */
  get running(): boolean { return !this.model.paused && this.pendingStep === null && this.finished === null; }

  /** The simulated time (ns) this frame's wall time is worth at the session's speed, from `fromNs`. */
  goalNs(fromNs: number, wallDtMs: number): number {
    const speed = this.model.speed;
    return speed === Infinity ? Infinity : fromNs + Math.max(1 / this.machine.cyclesPerNs, speed * wallDtMs / 1000);
  }

  /**
   * Run toward simulated time `ns` for at most `budgetMs` of wall time (compare mode drives this).
   * False when the scenario paused the machine (its stop condition came true): its frame is over.
   */
  runToward(ns: number, budgetMs: number): boolean {
    const target = ns === Infinity ? Infinity : this.machine.nsToCycles(ns);
    return target > this.machine.now ? this.runTo(target, budgetMs) : true;
  }

  /** Close a frame driven from outside: the speed actually reached, then the model. */
  endFrame(wallDtMs: number, beforeCycles: number): DashModel {
    const m = this.machine;
    if (m.now !== beforeCycles) {
      const inst = wallDtMs > 0 ? m.cyclesToNs(m.now - beforeCycles) / (wallDtMs / 1000) : 0;
      this.setModel((d) => { d.actualSpeed = d.actualSpeed === 0 ? inst : d.actualSpeed * 0.8 + inst * 0.2; });
    }
    if (m.now === this.seenNow && this.events === this.seenEvents && (this.model.finished !== null || this.finished === null)) return this.model;
    return this.refresh();
  }

  /**
   * One frame: advance by `wallDtMs` worth of simulated time (if running), then
   * refresh. (Machines side by side take their frames together: framesInStep.)
   */
  frame(wallDtMs: number, budgetMs = 12): DashModel {
    if (this.pendingStep !== null) this.advanceStep(budgetMs);
    else if (!this.model.paused && this.finished === null) {
      const m = this.machine;
      const before = m.now;
      const speed = this.model.speed;
      const span = speed === Infinity ? Infinity : m.nsToCycles(speed * wallDtMs / 1000);
      const target = m.now + Math.max(1, span);
      if (target > m.now) this.runTo(target, budgetMs);
      const simNs = m.cyclesToNs(m.now - before);
      const inst = wallDtMs > 0 ? simNs / (wallDtMs / 1000) : 0;
      this.setModel((d) => { d.actualSpeed = d.actualSpeed === 0 ? inst : d.actualSpeed * 0.8 + inst * 0.2; });
    }
    // Paused, or finished, and nothing happened: keep the model (and the screen) as it is.
    if (this.machine.now === this.seenNow && this.events === this.seenEvents && (this.model.finished !== null || this.finished === null)) return this.model;
    return this.refresh();
  }

  togglePause(): DashModel { this.pendingStep = null; this.setModel((d) => { d.paused = !d.paused; }); return this.model; }
  pause(): DashModel { this.setModel((d) => { d.paused = true; }); return this.model; }

  /** A step in progress: it runs a frame's budget at a time, so a long step never freezes the screen. */
  private pendingStep: { kind: 'time'; until: number } | { kind: 'event'; start: number; until: number } | { kind: 'count'; from: number; target: number } | null = null;

  /** True while a step is still running toward its end. */
  get stepping(): boolean { return this.pendingStep !== null; }

  private advanceStep(budgetMs: number): void {
    const st = this.pendingStep;
    if (st === null) return;
    const m = this.machine;
    if (st.kind === 'time') {
      this.runTo(st.until, budgetMs);
      if (m.now >= st.until || this.finished !== null) this.pendingStep = null;
      return;
    }
    if (st.kind === 'count') {
      // By time to a moment known to hold fewer events, then one machine step at a time to the count.
      if (m.now < st.from) { this.runTo(st.from, budgetMs); if (m.now < st.from && this.finished === null) return; }
      const t0 = this.wall();
      for (let i = 0; this.events < st.target && this.finished === null; i++) {
        const was = this.events;
        const r = m.run(this.limit, 1);
        // One step emitted the target event and more after it (a syscall's entry, then the switch it made): the
        // boundary before that step is the nearest one below; a second replay goes there (Driver).
        if (this.events > st.target) { this.overshot = was; break; }
        if (r === 'halted') this.finished = `halted: ${m.halted}`;
        else if (r === 'idle') this.finished = this.allExited ? 'all processes exited' : 'idle';
        else if (r === 'time') { this.finished = 'time limit'; break; }
        if (i % 256 === 255 && (this.wall() - t0 > budgetMs || this.interrupted())) return;
      }
      this.pendingStep = null;
      return;
    }
    // One machine step at a time (an instruction batch of one, or one timer/device event), so it stops
    // right after the step that emitted an event — which may emit a few (a syscall that sleeps also switches).
    const t0 = this.wall();
    for (let i = 0; this.events === st.start && this.finished === null; i++) {
      const r = m.run(st.until, 1);
      if (r === 'halted') this.finished = `halted: ${m.halted}`;
      else if (r === 'idle') this.finished = this.allExited ? 'all processes exited' : 'idle';
      else if (r === 'time') { if (m.now >= this.limit) this.finished = 'time limit'; break; }
      if (i % 256 === 255 && (this.wall() - t0 > budgetMs || this.interrupted())) return;
    }
    this.pendingStep = null;
  }

  private startStep(step: NonNullable<Session['pendingStep']>, budgetMs: number): DashModel {
    this.pause();
    this.pendingStep = step;
    this.advanceStep(budgetMs);
    return this.refresh(true);
  }

  /** Run until the next probe event (looking at most a simulated second ahead). */
  stepEvent(budgetMs = 12): DashModel {
    const m = this.machine;
    return this.startStep({ kind: 'event', start: this.events, until: Math.min(m.now + m.nsToCycles(1e9), this.limit) }, budgetMs);
  }

  /** Run one timer-tick period of simulated time. */
  stepTick(budgetMs = 12): DashModel {
    return this.startStep({ kind: 'time', until: Math.min(this.machine.now + this.machine.tickPeriod, this.limit) }, budgetMs);
  }

  /** Run one simulated millisecond. */
  stepMillisecond(budgetMs = 12): DashModel {
    return this.startStep({ kind: 'time', until: Math.min(this.machine.now + this.machine.nsToCycles(1e6), this.limit) }, budgetMs);
  }

  /** Run to simulated time `cycles` (a replay to a past moment), a frame's budget at a time, paused. */
  stepTo(cycles: number, budgetMs = 12): DashModel {
    return this.startStep({ kind: 'time', until: Math.min(cycles, this.limit) }, budgetMs);
  }

  /** A count step that could not stop at its target: the events at the last step boundary before it, else null. */
  overshot: number | null = null;

  /** Run to where `target` events have been emitted: by time to `fromCycles` (a moment with fewer), then step by step; paused. */
  stepToEvents(fromCycles: number, target: number, budgetMs = 12): DashModel {
    return this.startStep({ kind: 'count', from: Math.min(fromCycles, this.limit), target }, budgetMs);
  }

  /** The run is over for a reason the scenario decides (e.g. its clients are done). */
  finish(reason: string): DashModel {
    if (this.finished === null) { this.finished = reason; this.pendingStep = null; }
    return this.refresh(true);
  }

  /** Why the run is over, or null. */
  get finishedBy(): string | null { return this.finished; }

  faster(): DashModel { this.speedIdx = Math.min(SPEEDS.length - 1, this.speedIdx + 1); this.setModel((d) => { d.speed = SPEEDS[this.speedIdx]!; }); return this.model; }
  slower(): DashModel { this.speedIdx = Math.max(0, this.speedIdx - 1); this.setModel((d) => { d.speed = SPEEDS[this.speedIdx]!; }); return this.model; }
}

/** Compare mode: how far (simulated ns) one machine may run ahead of the one furthest behind. */
export const IN_STEP_NS = 100_000;

/**
 * One frame of machines side by side (compare mode). The running ones go toward
 * the simulated time this frame is worth, counted from the one furthest behind;
 * the one furthest behind always runs next, never more than IN_STEP_NS past the
 * others. So at any speed, the maximum included, and however differently fast
 * they simulate, the panes show the same moment. Paused, stepping and finished
 * sessions take their frame as they would alone.
 */
export function framesInStep(sessions: readonly Session[], wallDtMs: number, budgetMs: number, wall: () => number = () => performance.now(),
  interrupted: () => boolean = () => false): DashModel[] {
  const live = sessions.filter((s) => s.running);
  if (sessions.length < 2 || live.length < 2) return sessions.map((s) => s.frame(wallDtMs, budgetMs));
  const before = sessions.map((s) => s.machine.now);
  const from = Math.min(...live.map((s) => s.simNs));
  const goal = new Map(live.map((s) => [s, s.goalNs(from, wallDtMs)]));
  const t0 = wall(); const total = budgetMs * sessions.length;
  for (;;) {
    const todo = live.filter((s) => s.running && s.simNs < goal.get(s)!);
    if (todo.length === 0) break;
    let s = todo[0]!;
    for (const x of todo) if (x.simNs < s.simNs) s = x;
    const others = todo.filter((x) => x !== s);
    const lead = others.length === 0 ? Infinity : Math.min(...others.map((x) => x.simNs)) + IN_STEP_NS;
    const was = s.machine.now;
    const on = s.runToward(Math.min(goal.get(s)!, lead), Math.max(0, total - (wall() - t0)));
    if (!on || s.machine.now === was) goal.set(s, -Infinity); // its scenario paused it, or no progress: its frame is over
    if (wall() - t0 >= total || interrupted()) break;
  }
  return sessions.map((s, i) => (live.includes(s) ? s.endFrame(wallDtMs, before[i]!) : s.frame(wallDtMs, budgetMs)));
}
