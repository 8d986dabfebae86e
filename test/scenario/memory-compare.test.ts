// The memory comparisons: a collected heap against malloc/free and a leak, and
// goroutine stacks against thread stacks, measured on identical machines.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario } from '../../src/scenario/loader.ts';
import { compare, runVariants, renderComparison } from '../../src/scenario/compare.ts';
import type { Scenario } from '../../src/scenario/loader.ts';
import { ROOT } from '../helpers.ts';

/** The scenario with every process's first argument (the amount) replaced, to keep the test short. */
function scaled(s: Scenario, first: number): Scenario {
  const variants = s.spec.variants.map((v) => ({ ...v, processes: v.processes.map((p) => ({ ...p, args: [String(first), ...p.args.slice(1)] })) }));
  return { ...s, spec: { ...s.spec, variants } };
}

describe('memory-compare and stacks-compare', () => {
  it('40 MB with 10 MB live: the collector keeps RSS near twice the live set, malloc/free near it, the leak at everything', async () => {
    const s = scaled(await loadScenario(path.join(ROOT, 'scenarios/memory-compare.yaml')), 40_000_000);
    const runs = runVariants(s);
    const [g100, g50, free, leak] = runs.map((r) => r.report.processes[0]!);
    for (const p of [g100!, g50!, free!, leak!]) expect(p.exitStatus).toBe(0);
    const rss = (p: typeof g100) => p!.memory.rssPeakBytes;
    expect(rss(free)).toBeLessThan(12e6);
    expect(rss(g50)).toBeLessThan(rss(g100));
    expect(rss(g100)).toBeLessThan(2.3 * 10e6);
    expect(rss(leak)).toBeGreaterThan(40e6);
    expect(g50!.runtime!.gc!.cycles / g100!.runtime!.gc!.cycles).toBeGreaterThan(1.7);
    expect(free!.runtime).toBeUndefined();
    const text = renderComparison(compare(runs), 'text');
    expect(text).toMatch(/GC cycles\s+│\s+\d+ │\s+\d+ │\s+— │\s+— │/);
    expect(text).toMatch(/GC pause max \(µs\)\s+│/);
  });

  it('1,000 goroutines against 1,000 threads 300 frames deep: KiB-sized stacks against 8 MiB mappings', async () => {
    const s = scaled(await loadScenario(path.join(ROOT, 'scenarios/stacks-compare.yaml')), 1000);
    const [gor, thr] = runVariants(s).map((r) => r.report.processes[0]!);
    expect(gor!.runtime!.stacks!.growths).toBe(3 * 1000);             // 2 → 4 → 8 → 16 KiB each
    expect(gor!.memory.rssPeakBytes).toBeGreaterThan(1000 * 14 * 1024);     // the frames were touched
    expect(gor!.runtime!.stacks!.bytesInUse).toBeLessThan(1000 * 4096);      // once they exit, dead Gs keep 2 KiB
    expect(thr!.threads.peak).toBe(1001);
    expect(thr!.memory.vszPeakBytes).toBeGreaterThan(1000 * 8 * 2 ** 20);
    expect(gor!.memory.vszPeakBytes).toBeLessThan(thr!.memory.vszPeakBytes / 20);
  });
});
