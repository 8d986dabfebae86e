import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario, selectVariant, ScenarioError } from '../../src/scenario/loader.ts';
import { compare, renderComparison, runVariants, renderSweep, sweepCsv, parseSet, sparkline } from '../../src/scenario/compare.ts';
import { sweep } from '../../src/scenario/sweep.ts';
import { ROOT } from '../helpers.ts';

describe('compare', () => {
  it('runs each variant on an identical machine with the same seed and lines the figures up', async () => {
    const s = await loadScenario(path.join(ROOT, 'scenarios/spin-compare.yaml'));
    const c = compare(runVariants(s));
    expect(c.columns).toEqual(['threads-2', 'threads-8']);
    const row = (n: string) => c.metrics.find((m) => m.name === n)!.values;
    expect(row('threads peak')).toEqual([3, 9]);
    expect(row('clone')).toEqual([2, 8]);
    expect(row('context switches')[1]!).toBeGreaterThan(10 * row('context switches')[0]!);
    expect(row('throughput')).toEqual([null, null]); // no clients in this scenario
    const md = renderComparison(c, 'markdown');
    expect(md).toContain('|  | threads-2 | threads-8 |');
    expect(md).toContain('| threads peak | 3 | 9 |');
    expect(md).not.toContain('throughput');
  });

  it('names a variant that does not exist', async () => {
    const s = await loadScenario(path.join(ROOT, 'scenarios/spin-compare.yaml'));
    expect(() => selectVariant(s, 'threads-3')).toThrow(ScenarioError);
  });
});

describe('sweep', () => {
  it('runs one scenario per combination and writes CSV with a trace hash per row', async () => {
    const axes = [parseSet('cores=1,2'), parseSet('seed=1,2')];
    const rows = await sweep(path.join(ROOT, 'scenarios/c-threads.yaml'), axes, { jobs: 1 });
    expect(rows.map((r) => r.settings)).toEqual([{ cores: '1', seed: '1' }, { cores: '1', seed: '2' }, { cores: '2', seed: '1' }, { cores: '2', seed: '2' }]);
    expect(rows.map((r) => r.report.machine.cores)).toEqual([1, 1, 2, 2]);
    const csv = sweepCsv(rows, axes).trim().split('\n');
    expect(csv).toHaveLength(5);
    // No clients, so no throughput or p99 columns (rather than empty ones).
    expect(csv[0]).toBe('cores,seed,CPU_busy_pct,threads_count,ctx_switches_count,syscalls_count,sim_time_ms,trace_hash');
    expect(csv.slice(1).every((l) => l.split(',').length === 8 && !l.includes(',,'))).toBe(true);
    expect(renderSweep(rows, axes)).toContain('across the rows:');
    expect(renderSweep(rows, axes)).toMatch(/threads +████ {2}5 \.\. 5\n/);
  });

  it('draws sparklines from zero, so that a 3% difference looks like one', () => {
    expect(sparkline([86, 89])).toBe('██');
    expect(sparkline([40, 89])).toBe('▄█');
    expect(sparkline([1, 2, 3, 8])).toBe('▂▃▄█');
    expect(sparkline([5, 5, 5])).toBe('███');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([null, 1, 2])).toBe(' ▅█');
    expect(sparkline([-2, 0, 2])).toBe('▁▅█');
  });

  it('names the metrics of a comparison without padding; the syscalls are a group', async () => {
    const s = await loadScenario(path.join(ROOT, 'scenarios/spin-compare.yaml'));
    const c = compare(runVariants(s));
    expect(c.metrics.every((m) => m.name === m.name.trim())).toBe(true);
    expect(c.metrics.find((m) => m.name === 'clone')!.group).toBe('syscalls');
    expect(renderComparison(c, 'markdown')).toContain('|   clone (calls) | 2 | 8 |');
  });
});
