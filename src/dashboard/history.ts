// The dashboard's history: every screen-worth of state the run passed, as the
// immutable models themselves. A model is never changed after it is made (immer
// on the simulation's side, deltas applied by copying on the screen's side), so
// keeping one per frame costs only what changed in that frame: everything else
// is shared with its neighbours. Showing a past moment is showing its models —
// exactly what was on screen when the run passed it.
//
// The history is bounded: past `cap` moments, the older half is thinned to every
// other moment, so a long run keeps its whole span at a coarser grain and its
// recent past frame by frame.
//
// Markers for the timeline scrubber come from the models: a GC cycle began where
// a runtime's cycle count went up, a stop-the-world pause where its STW count did.

import type { DashModel } from './state.ts';
import type { GoTable } from './driver.ts';

export interface Moment {
  models: DashModel[];
  /** Simulated time of the first machine (cycles); machines in compare mode are in step. */
  now: number;
  /** Totals over every runtime of every machine, for the markers. */
  gcCycles: number;
  stwCount: number;
  /** Lints found so far over every machine. */
  lintCount: number;
  /** The Goroutines table as it was shown (it is computed apart from the models). */
  table: GoTable | null;
}

export type StepUnit = 'event' | 'tick' | 'ms';
export const STEP_UNITS: readonly StepUnit[] = ['event', 'tick', 'ms'];

function counts(models: DashModel[]): { gc: number; stw: number; lints: number } {
  let gc = 0; let stw = 0; let lints = 0;
  for (const m of models) {
    for (const g of Object.values(m.runtimes)) { gc += g.snap.gc.cycles; stw += g.snap.stw?.count ?? 0; }
    lints += m.lints?.length ?? 0;
  }
  return { gc, stw, lints };
}

export class History {
  readonly moments: Moment[] = [];
  /**
   * 1,024 moments: on echo-compare (three machines, one with a thread per connection) a moment
   * costs ~200 KiB beyond what it shares (bench/history.bench.ts), so a whole run's history stays
   * near 200 MiB however long it is.
   */
  constructor(readonly cap = 1024) {}

  get length(): number { return this.moments.length; }
  get last(): Moment | undefined { return this.moments[this.moments.length - 1]; }

  /** Record the models on screen now (nothing when they are the same objects as the last moment's). */
  push(models: DashModel[], table: GoTable | null = null): void {
    const last = this.last;
    if (last !== undefined && last.table === table && last.models.length === models.length && last.models.every((m, i) => m === models[i])) return;
    const c = counts(models);
    const now = models[0]?.now ?? 0;
    if (last !== undefined && now < last.now) this.truncateAfter(this.indexAtOrBefore(now)); // a replay went back
    this.moments.push({ models, now, gcCycles: c.gc, stwCount: c.stw, lintCount: c.lints, table });
    if (this.moments.length > this.cap) this.thin();
  }

  /** Drop every other moment of the older half. */
  private thin(): void {
    const half = this.moments.length >> 1;
    const kept: Moment[] = [];
    for (let i = 0; i < half; i++) if (i % 2 === 0) kept.push(this.moments[i]!);
    this.moments.splice(0, half, ...kept);
  }

  /** Forget everything after moment `i` (resuming from it makes a new future). */
  truncateAfter(i: number): void { this.moments.length = Math.max(0, Math.min(this.moments.length, i + 1)); }

  /** The last moment at or before `cycles` (0 when none is). */
  indexAtOrBefore(cycles: number): number {
    let lo = 0; let hi = this.moments.length - 1; let ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.moments[mid]!.now <= cycles) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }

  /** The moment one step before or after `i`: by event, the neighbouring recorded moment; by tick or ms, that much simulated time away. */
  step(i: number, dir: -1 | 1, unit: StepUnit, tickCycles: number, msCycles: number): number {
    const n = this.moments.length;
    if (n === 0) return 0;
    if (unit === 'event') return Math.max(0, Math.min(n - 1, i + dir));
    const cur = this.moments[Math.min(i, n - 1)]!.now;
    const span = unit === 'tick' ? tickCycles : msCycles;
    if (dir < 0) return Math.min(i, this.indexAtOrBefore(cur - span));
    const j = this.indexAtOrBefore(cur + span);
    return j > i ? j : Math.min(n - 1, i + 1);
  }

  /**
   * The scrubber: `width` columns over the recorded span, '─' for time, 'G' where a GC cycle
   * began, 'S' where the world was stopped without a new GC cycle, '!' where a lint was found
   * (over either), '●' at moment `cursor`.
   */
  scrubber(width: number, cursor: number): string {
    const n = this.moments.length;
    if (width <= 0) return '';
    const cells = Array<string>(width).fill('─');
    if (n === 0) return cells.join('');
    const t0 = this.moments[0]!.now; const t1 = this.last!.now;
    const colOf = (t: number): number => (t1 <= t0 ? width - 1 : Math.min(width - 1, Math.floor((t - t0) / (t1 - t0) * (width - 1))));
    for (let i = 1; i < n; i++) {
      const a = this.moments[i - 1]!; const b = this.moments[i]!;
      const c = colOf(b.now);
      if (b.lintCount > a.lintCount) cells[c] = '!';
      else if (cells[c] === '!') continue;
      else if (b.gcCycles > a.gcCycles) cells[c] = 'G';
      else if (b.stwCount > a.stwCount && cells[c] !== 'G') cells[c] = 'S';
    }
    cells[colOf(this.moments[Math.min(cursor, n - 1)]!.now)] = '●';
    return cells.join('');
  }
}
