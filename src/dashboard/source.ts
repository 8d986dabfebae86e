// Where the screen's models come from. In the dashboard, from the simulation
// thread (WorkerSource: a worker_thread running worker.ts); in tests, from a
// Driver in the same thread (LocalSource). Both deliver whole models, rebuilt
// from deltas so that unchanged parts keep their identity.

import type { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../scenario/built.ts';
import type { DashModel } from './state.ts';
import { applyDelta, diffModel } from './delta.ts';
import type { Driver, DriverAction, DriverFrame, GoTable, Summary, TableQuery } from './driver.ts';
import { FRAME_BUDGET_MS, FRAME_MS, type FromSim, type SimInit, type ToSim } from './protocol.ts';
import type { ExportKind } from './export.ts';

export interface SourceListener {
  boot(text: string): void;
  ready(titles: string[]): void;
  frame(models: DashModel[], table: GoTable | null | undefined, summary: Summary | null | undefined, replaying: boolean): void;
  error(message: string): void;
  /** A line for the user: what an export wrote. */
  notice(text: string): void;
}

export interface Source {
  listen(l: SourceListener): void;
  act(a: DriverAction): void;
  query(q: TableQuery | null): void;
  /** Rebuild the machines and run them, paused, to these times (cycles, one per machine). */
  /** Rebuild and run to `cycles` (then, per machine, on to `events` events when given), paused. */
  replay(cycles: number[], speed: number, events?: (number | null)[]): void;
  /** Write the trace or pcap of machine `machine`'s run up to `until` cycles (the answer comes as a notice). */
  export(what: ExportKind, machine: number, until: number): void;
  /** Send `sig` from the console to process `pid` (or its thread `tid`) of machine `machine` (the answer comes as a notice). */
  signal(machine: number, pid: number, tid: number | null, sig: number): void;
  close(): Promise<void>;
}

/** The simulation in a worker thread. */
export class WorkerSource implements Source {
  private readonly worker: Worker;
  private models: (DashModel | null)[] = [];
  private gen = 0;
  private l: SourceListener | null = null;
  private early: FromSim[] = [];

  private readonly wake = new Int32Array(new SharedArrayBuffer(4));

  constructor(init: SimInit) {
    this.worker = startWorker(fileURLToPath(new URL('./worker.ts', import.meta.url)), { ...init, wake: this.wake.buffer });
    this.worker.on('message', (m: FromSim) => this.onMessage(m));
    this.worker.on('error', (e) => this.l?.error(e.message));
  }

  listen(l: SourceListener): void { this.l = l; for (const m of this.early.splice(0)) this.onMessage(m); }

  private onMessage(m: FromSim): void {
    const l = this.l;
    if (l === null) { this.early.push(m); return; }
    switch (m.type) {
      case 'boot': l.boot(m.text); break;
      case 'ready': this.models = m.titles.map(() => null); l.ready(m.titles); break;
      case 'error': l.error(m.message); break;
      case 'notice': l.notice(m.text); break;
      case 'frame': {
        if (m.gen !== this.gen) return; // from before a replay
        this.models = m.deltas.map((d, i) => (d === null ? this.models[i]! : applyDelta(this.models[i] ?? null, d)));
        this.send({ type: 'ack' });
        l.frame(this.models as DashModel[], m.table, m.summary, m.replaying);
        break;
      }
    }
  }

  private send(m: ToSim): void {
    if (m.type !== 'ack') Atomics.add(this.wake, 0, 1); // the waking interrupt: a frame in progress ends at its next slice
    this.worker.postMessage(m);
  }
  act(action: DriverAction): void { this.send({ type: 'act', action }); }
  query(query: TableQuery | null): void { this.send({ type: 'query', query }); }
  export(what: ExportKind, machine: number, until: number): void { this.send({ type: 'export', what, machine, until }); }
  signal(machine: number, pid: number, tid: number | null, sig: number): void { this.send({ type: 'signal', machine, pid, tid, sig }); }
  replay(cycles: number[], speed: number, events?: (number | null)[]): void {
    this.gen++; this.models = this.models.map(() => null);
    this.send({ type: 'replay', cycles, speed, ...(events !== undefined ? { events } : {}) });
  }
  async close(): Promise<void> {
    this.send({ type: 'quit' });
    const t = setTimeout(() => { void this.worker.terminate(); }, 500);
    await new Promise<void>((r) => this.worker.once('exit', () => r()));
    clearTimeout(t);
  }
}

/** The simulation in this thread, a frame at a time on a timer (for tests and benchmarks). */
export class LocalSource implements Source {
  private l: SourceListener | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sent: (DashModel | null)[];
  private screen: (DashModel | null)[];
  private last = performance.now();

  constructor(readonly driver: Driver, private readonly auto = true, private readonly exportDir = process.cwd()) { this.sent = driver.sessions.map(() => null); this.screen = this.sent.slice(); }

  listen(l: SourceListener): void {
    this.l = l;
    l.ready(this.driver.simulations.map((s) => s.scenario.name));
    this.emit(this.driver.frame(0, 0));
    if (this.auto) this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      const now = performance.now(); const dt = Math.min(200, now - this.last); this.last = now;
      this.emit(this.driver.frame(dt, FRAME_BUDGET_MS));
      this.schedule();
    }, FRAME_MS);
  }

  /** Deliver a frame as the worker would: through a delta, so identities behave the same. */
  emit(f: DriverFrame): void {
    const models = f.models.map((m, i) => (m === this.sent[i] ? this.screen[i]! : applyDelta(this.screen[i] ?? null, diffModel(this.sent[i] ?? null, m))));
    this.sent = f.models.slice(); this.screen = models;
    this.l?.frame(models, f.table, f.summary, this.driver.replaying);
  }

  act(a: DriverAction): void { this.emit(this.driver.act(a)); }
  query(q: TableQuery | null): void { this.driver.query = q; }
  export(what: ExportKind, machine: number, until: number): void { void this.driver.exportSoFar(what, machine, until, this.exportDir).then((t) => this.l?.notice(t)); }
  signal(machine: number, pid: number, tid: number | null, sig: number): void { this.l?.notice(this.driver.signal(machine, pid, tid, sig)); }
  replay(cycles: number[], speed: number, events?: (number | null)[]): void { this.sent = this.sent.map(() => null); this.screen = this.sent.slice(); this.emit(this.driver.replayTo(cycles, speed, events)); }
  async close(): Promise<void> { if (this.timer !== null) clearTimeout(this.timer); this.driver.dispose(); }
}
