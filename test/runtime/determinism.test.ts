// Same scenario, same seed ⇒ the same trace, goroutine events included; another seed may differ.
import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';

describe('runtime determinism', () => {
  it('go-worker-pool gives the same trace hash and output twice with the same seed', async () => {
    const a = await runFile('scenarios/go-worker-pool.yaml');
    const b = await runFile('scenarios/go-worker-pool.yaml');
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.processes[0]!.stdout).toBe(b.processes[0]!.stdout);
    expect(a.processes[0]!.runtime).toEqual(b.processes[0]!.runtime);
  });
});
