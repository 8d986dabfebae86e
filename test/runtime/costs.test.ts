// The runtime's cycle costs are the machine's cost table's go* entries, number for number.
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../src/machine/costs.ts';
import { RT_COSTS } from '../../src/runtime/costs.ts';

describe('runtime costs', () => {
  it('match the go* entries of the one cost table', () => {
    for (const [name, cycles] of Object.entries(RT_COSTS)) {
      expect((COSTS as Record<string, { cycles: number }>)[name]?.cycles, name).toBe(cycles);
    }
  });
});
