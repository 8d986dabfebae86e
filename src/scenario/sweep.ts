// A sweep: one run of a scenario per combination of --set values, the runs spread over worker
// threads (pool.ts), the rows in the combinations' order, so the table and CSV are the same
// whether the runs were made one after another or side by side.

import { loadScenario, selectVariant } from './loader.ts';
import { applySetting, combinations, type SweepAxis, type SweepRow } from './compare.ts';
import type { RunJob } from './jobs.ts';
import { runJobs } from './pool.ts';

export interface SweepOptions {
  /** Which variant of a scenario with variants (default: the first). */
  variant?: string;
  /** Runs at once, each on a worker thread; 1: one after another in this thread. */
  jobs: number;
  /** Called as each run ends (in the order they end). */
  onRun?: (settings: Record<string, string>, done: number, n: number) => void;
}

/** Sweeps the scenario in `file` (an absolute path) across the axes. A bad setting throws before any run starts. */
export async function sweep(file: string, axes: SweepAxis[], o: SweepOptions): Promise<SweepRow[]> {
  const scenario = selectVariant(await loadScenario(file), o.variant);
  const combos = combinations(axes);
  for (const c of combos) Object.entries(c).reduce((sc, [k, v]) => applySetting(sc, k, v), scenario);
  const list: RunJob[] = combos.map((settings) => ({ file, ...(o.variant !== undefined ? { variant: o.variant } : {}), settings }));
  const reports = await runJobs(list, o.jobs, (i, done, n) => o.onRun?.(combos[i]!, done, n));
  return combos.map((settings, i) => ({ settings, report: reports[i]! }));
}
