import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario, selectVariant, ScenarioError } from '../../src/scenario/loader.ts';
import { compare, renderComparison, runVariants, sweep, renderSweep, sweepCsv, parseSet, sparkline } from '../../src/scenario/compare.ts';
import { ROOT } from '../helpers.ts';

describe('compare', () => {
  it('runs each variant on an identical machine with the same seed and lines the figures up', async () => {
    const s = await loadScenario(path.join(ROOT, 'scenarios/spin-compare.yaml'));
    const c = compare(runVariants(s));
    expect(c.columns).toEqual(['threads-2', 'threads-8']);
    const row = (n: string) => c.metrics.find((m) => m.name.trim() === n)!.values;
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
    const s = await loadScenario(path.join(ROOT, 'scenarios/c-threads.yaml'));
    const axes = [parseSet('cores=1,2'), parseSet('seed=1,2')];
    const rows = sweep(s, axes);
    expect(rows.map((r) => r.settings)).toEqual([{ cores: '1', seed: '1' }, { cores: '1', seed: '2' }, { cores: '2', seed: '1' }, { cores: '2', seed: '2' }]);
    expect(rows.map((r) => r.report.machine.cores)).toEqual([1, 1, 2, 2]);
    const csv = sweepCsv(rows, axes).trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]).toMatch(/^cores,seed,throughput_req_per_s,/);
    expect(renderSweep(rows, axes)).toContain('across the rows:');
  });

  it('draws sparklines, flat when the values do not differ', () => {
    expect(sparkline([1, 2, 3, 8])).toBe('▁▂▃█');
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([null, 1, 2])).toBe(' ▁█');
  });
});
