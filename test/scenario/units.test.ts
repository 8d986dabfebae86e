import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/scenario/loader.ts';
import { groupThousands } from '../../src/scenario/units.ts';

async function problems(yaml: string): Promise<string[]> {
  try { await parseScenario(yaml, 'bad.yaml'); } catch (e) { if (e instanceof ScenarioError) return e.problems; throw e; }
  return [];
}

describe('a unit-bearing value without its unit', () => {
  it('is an error naming the field for a duration, whether a number or a string', async () => {
    expect(await problems('run: {timeLimit: 5}\nprocesses: [{program: hello}]')).toEqual(['run.timeLimit: 5 has no unit; write 5s, 5ms, 5us or 5ns']);
    expect(await problems('run: {timeLimit: "5"}\nprocesses: [{program: hello}]')).toEqual(['run.timeLimit: 5 has no unit; write 5s, 5ms, 5us or 5ns']);
    expect(await problems('processes: [{program: hello, startAt: 100}]')).toEqual(['processes[0].startAt: 100 has no unit; write 100s, 100ms, 100us or 100ns']);
  });
  it('is an error for a frequency and a bandwidth', async () => {
    expect(await problems('machine: {clock: 3}\nprocesses: [{program: hello}]')).toEqual(['machine.clock: 3 has no unit; write 3GHz, 3MHz, 3kHz or 3Hz']);
    expect(await problems('network: {nics: [{bandwidth: 10}]}\nprocesses: [{program: hello}]')).toEqual(['network.nics[0].bandwidth: 10 has no unit; write 10Gbit, 10Mbit or 10bit']);
  });
  it('accepts zero without a unit, and a size as a plain number of bytes', async () => {
    const s = await parseScenario('machine: {timerJitter: 0, memory: 67108864}\nprocesses: [{program: hello, startAt: 0}]', 'ok.yaml');
    expect(s.spec.machine.timerJitter).toBe(0);
    expect(s.spec.machine.memory).toBe(64 * 1024 ** 2);
    expect(s.spec.processes[0]!.startAt).toBe(0);
  });
});

describe('groupThousands', () => {
  it("groups an integer's digits by three as toLocaleString('en-US') does", () => {
    for (const n of [0, 7, 999, 1000, -1000, 28232, 100000, 1234567, -987654321, 2 ** 53 - 1, 2 ** 60, 1e20]) {
      expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
    }
    expect(groupThousands(1048576)).toBe('1,048,576');
  });
  it('leaves a fraction and an exponent form as String prints them', () => {
    expect(groupThousands(1234.5)).toBe('1234.5');
    expect(groupThousands(1e21)).toBe('1e+21');
  });
});
