import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';

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
