// Independent runs — a sweep's combinations, a comparison's variants — as jobs that name
// everything a run depends on (the scenario file, the variant, the --set values, the seed),
// so that any thread or process can run one and give the same report: the serial path and the
// worker threads (pool.ts) both run a job with runJob, here.

import { loadScenario, selectVariant, type Scenario } from './loader.ts';
import { applySetting } from './compare.ts';
import { runScenario } from './runner.ts';
import type { Report } from './report.ts';

export interface RunJob {
  /** The scenario file (or source program), as loadScenario takes it. */
  file: string;
  /** Which variant; undefined: the scenario as selectVariant gives it without a name. */
  variant?: string;
  /** --set values, applied in this order. */
  settings: Record<string, string>;
  /** Overrides the scenario's seed. */
  seed?: number;
}

/** Scenarios loaded in this thread, by file: a worker given many jobs of one file loads (and compiles) it once. */
const loaded = new Map<string, Promise<Scenario>>();

export async function runJob(job: RunJob): Promise<Report> {
  let s = loaded.get(job.file);
  if (s === undefined) { s = loadScenario(job.file); loaded.set(job.file, s); }
  let sc = selectVariant(await s, job.variant);
  for (const [k, v] of Object.entries(job.settings)) sc = applySetting(sc, k, v);
  return runScenario(sc, job.seed !== undefined ? { seed: job.seed } : {});
}
