// The report's processes[].runtime.gc and .stacks sections for a Go-style process.
import { describe, expect, it } from 'vitest';
import { runYaml } from '../helpers.ts';
import { renderReport } from '../../src/scenario/report-text.ts';

describe('memory in the report', () => {
  it('gc-pressure (scaled to 20 MB allocated, 4 MB live) reports cycles, pauses, heap peak, live bytes and stacks', async () => {
    const r = await runYaml(`
name: mem-report
seed: 1
machine: { cores: 2 }
processes:
  - program: go-gc-pressure
    args: [20000000, 4000000, 1024]
run: { timeLimit: 2s }
`);
    const rt = r.processes[0]!.runtime!;
    expect(r.processes[0]!.exitStatus).toBe(0);
    expect(rt.gc!.cycles).toBeGreaterThanOrEqual(4);
    expect(rt.gc!.pauseTotalNs).toBeGreaterThan(0);
    expect(rt.gc!.pauseMaxNs).toBeLessThanOrEqual(rt.gc!.pauseTotalNs);
    // Near twice the live set: objects allocated while marking are black, so a cycle keeps a little floating garbage.
    expect(rt.gc!.heapPeakBytes).toBeLessThanOrEqual(2.2 * 4_000_000);
    expect(rt.gc!.liveBytes).toBeGreaterThanOrEqual(3906 * 1024);
    expect(rt.stacks!.bytesInUse % 2048).toBe(0);
    expect(rt.stacks!.growths).toBe(0);
    // Each cycle stops the world twice; the goal, allocation rate and CPU fraction have their units.
    expect(rt.stw!.count).toBe(2 * rt.gc!.cycles);
    expect(rt.stw!.totalNs).toBe(rt.gc!.pauseTotalNs);
    expect(rt.gc!.heapGoalBytes).toBeGreaterThan(rt.gc!.liveBytes);
    expect(rt.gc!.allocBytesPerSec).toBeGreaterThan(1e9);   // 20 MB in a few ms of simulated time
    expect(rt.gc!.cpuFraction).toBeGreaterThan(0);
    expect(rt.gc!.cpuFraction).toBeLessThan(0.5);
    expect(rt.gc!.workers.fractional).toBeGreaterThan(0);    // 2 Ps: 25% is half a P, so no dedicated worker
    expect(rt.gc!.workers.dedicated).toBe(0);
    const text = renderReport(r);
    expect(text).toContain('STW pauses (total/max)');
    expect(text).toMatch(/│ 100 │ \d+ +│ [\d.]+ µs\/[\d.]+ µs +│ [\d.]+ MiB +│/);
  });
});
