// Sweeps and comparisons on worker threads: the same table, CSV and JSON as one after another
// in one thread, the rows in the combinations' order whatever order the runs end in.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseSet, renderSweep, sweepCsv } from '../../src/scenario/compare.ts';
import { sweep } from '../../src/scenario/sweep.ts';
import { runJobs, type Runner } from '../../src/scenario/pool.ts';
import { ScenarioError } from '../../src/scenario/loader.ts';
import { ROOT } from '../helpers.ts';

const BIN = path.join(ROOT, 'bin/gomachine.mjs');
const withoutHost = (r: object): string => { const { host: _h, ...rest } = r as { host: unknown }; return JSON.stringify(rest); };

describe('runs on worker threads', () => {
  it('sweep --jobs 3: the rows, table and CSV of --jobs 1', async () => {
    const file = path.join(ROOT, 'scenarios/c-threads.yaml');
    const axes = [parseSet('cores=2,1'), parseSet('seed=3,1,2')];
    const serial = await sweep(file, axes, { jobs: 1 });
    const order: string[] = [];
    const parallel = await sweep(file, axes, { jobs: 3, onRun: (s) => order.push(`${s.cores}/${s.seed}`) });
    expect(order.sort()).toEqual(['1/1', '1/2', '1/3', '2/1', '2/2', '2/3']);
    expect(parallel.map((r) => r.settings)).toEqual(serial.map((r) => r.settings));
    expect(parallel.map((r) => withoutHost(r.report))).toEqual(serial.map((r) => withoutHost(r.report)));
    expect(renderSweep(parallel, axes)).toBe(renderSweep(serial, axes));
    expect(sweepCsv(parallel, axes)).toBe(sweepCsv(serial, axes));
  }, 120_000);

  it('--jobs 2: this thread is one runner and one worker thread the other, each taking the next job', async () => {
    const file = path.join(ROOT, 'scenarios/c-threads.yaml');
    const list = [1, 2, 3, 4, 5, 6].map((seed) => ({ file, settings: { cores: '1' }, seed }));
    const runners: Runner[] = [];
    const reports = await runJobs(list, 2, (_i, _done, _n, runner) => runners.push(runner));
    expect(reports.map((r) => r.seed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(runners).toHaveLength(6);
    expect(runners).toContain('here'); // this thread takes the first job before the worker has started
    expect(new Set(runners.filter((r) => r !== 'here')).size).toBeLessThanOrEqual(1);
  }, 120_000);

  it('a job that fails on a worker thread fails the set, and no runner starts another', async () => {
    const file = path.join(ROOT, 'scenarios/c-threads.yaml');
    const good = { file, settings: { cores: '1' } };
    const missing = path.join(ROOT, 'scenarios/no-such-scenario.yaml');
    const list = [good, good, { file: missing, settings: {} }, good, good, good];
    // Whichever runner took it, the error is the loader's, as it is with --jobs 1 (job-errors.test.ts).
    const e: unknown = await runJobs(list, 3).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ScenarioError);
    expect((e as ScenarioError).message).toBe(`${missing}: invalid scenario\n  cannot read the file: ENOENT`);
  }, 120_000);

  it('the built command: compare --jobs 2 prints what --jobs 1 prints; a bad --jobs is named', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    const one = run('compare', '--json', 'scenarios/spin-compare.yaml', '--jobs', '1');
    const two = run('compare', '--json', 'scenarios/spin-compare.yaml', '--jobs', '2');
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).columns).toEqual(['threads-2', 'threads-8']);
    const bad = run('sweep', 'scenarios/c-threads.yaml', '--set', 'cores=1', '--jobs', '0');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--jobs wants a whole number ≥ 1');
  }, 120_000);
});
