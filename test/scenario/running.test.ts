import { describe, expect, it } from 'vitest';
import { runYaml } from '../helpers.ts';

describe('a run that hits its time limit', () => {
  it('reports processes still running with exit status null and the CPU they have had so far', async () => {
    const r = await runYaml('machine: {cores: 1}\nprocesses: [{program: spin, args: [1, 5000]}]\nrun: {timeLimit: 100ms}');
    expect(r.stoppedBy).toBe('time-limit');
    expect(r.simTimeNs).toBe(100e6);
    const p = r.processes[0]!;
    expect(p.exitStatus).toBeNull();
    expect(p.cpu.userNs).toBeGreaterThan(95e6);
    expect(p.cpu.userNs + p.cpu.kernelNs).toBeLessThanOrEqual(100e6);
  });
});
