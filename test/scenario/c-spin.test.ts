import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { Report } from '../../src/scenario/report.ts';
import { loadScenario, selectVariant } from '../../src/scenario/loader.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { ROOT, runFile } from '../helpers.ts';

function cpuShares(stdout: string): number[] {
  return [...stdout.matchAll(/spinner \d+: cpu ([0-9.]+) ms of (\d+) ms/g)].map((m) => (100 * Number(m[1])) / Number(m[2]));
}

describe('c-spin: 8 spinning threads on 2 cores for 1 simulated second', () => {
  for (const seed of [42, 1234]) {
    it(`gives each thread 25% of a core within ±3 points and leaves the cores under 2% idle (seed ${seed})`, async () => {
      const r = await runFile('scenarios/c-spin.yaml', { seed });
      const p = r.processes[0]!;
      expect(p.exitStatus).toBe(0);
      const shares = cpuShares(p.stdout);
      expect(shares).toHaveLength(8);
      for (const s of shares) { expect(s).toBeGreaterThanOrEqual(22); expect(s).toBeLessThanOrEqual(28); }
      for (const c of r.cores) {
        const total = c.userNs + c.kernelNs + c.irqNs + c.idleNs;
        expect(c.idleNs / total).toBeLessThan(0.02);
        expect(c.interrupts).toBeGreaterThanOrEqual(250); // HZ=250 for ~1 s
      }
      expect(p.threads).toEqual({ created: 9, peak: 9 });
      expect(p.contextSwitches.involuntary).toBeGreaterThan(100); // time slices, cut at the tick
    });
  }
});

describe('CLOCK_THREAD_CPUTIME_ID counts the slice a thread is running now (task_sched_runtime)', () => {
  it('two spinners with a core each for 200 ms read 200.0 ms of CPU, not the 0 a clock that waits for a switch-out would give', async () => {
    const s = selectVariant(await loadScenario(path.join(ROOT, 'scenarios/spin-compare.yaml')), 'threads-2');
    const r = Report.parse(runScenario(s));
    const p = r.processes[0]!;
    expect(p.exitStatus).toBe(0);
    expect([...p.stdout.matchAll(/cpu ([0-9.]+) ms of 200 ms/g)].map((m) => m[1])).toEqual(['200.0', '200.0']);
  });
});
