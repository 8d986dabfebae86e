// The runtime's cycle costs have one home, src/runtime/costs.ts, each with the figure it comes
// from; the machine's table (src/machine/costs.ts) holds no runtime costs, for the machine does
// not know goroutines exist.
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../src/machine/costs.ts';
import { RT_COSTS, RUNTIME_COSTS } from '../../src/runtime/costs.ts';

describe('runtime costs', () => {
  it('are whole cycle counts with a source each, and RT_COSTS is their cycles', () => {
    expect(Object.keys(RUNTIME_COSTS).length).toBeGreaterThanOrEqual(25);
    for (const [name, cost] of Object.entries(RUNTIME_COSTS)) {
      expect(Number.isInteger(cost.cycles) && cost.cycles > 0, name).toBe(true);
      expect(cost.source.length, name).toBeGreaterThan(20);
      expect((RT_COSTS as Record<string, number>)[name], name).toBe(cost.cycles);
    }
    expect(RT_COSTS).toMatchObject({ goNewproc: 1200, goSchedule: 300, goPark: 150, goReady: 90, goChanOp: 48, goMutex: 9 });
  });

  it('are not in the machine\'s table', () => {
    expect(Object.keys(COSTS).filter((k) => /^go[A-Z]/.test(k))).toEqual([]);
  });
});
