import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';

function withoutHost(r: object): string {
  const { host: _host, ...rest } = r as { host: unknown };
  return JSON.stringify(rest);
}

describe('determinism', () => {
  it('gives byte-identical reports (host aside) and the same trace hash for the same scenario and seed', async () => {
    const a = await runFile('scenarios/c-spin.yaml');
    const b = await runFile('scenarios/c-spin.yaml');
    expect(a.traceHash).toBe(b.traceHash);
    expect(withoutHost(a)).toBe(withoutHost(b));
  });

  it('changes the trace with the seed (timer jitter is drawn from it)', async () => {
    const a = await runFile('scenarios/c-spin.yaml', { seed: 1 });
    const b = await runFile('scenarios/c-spin.yaml', { seed: 2 });
    expect(a.traceHash).not.toBe(b.traceHash);
    expect(a.seed).toBe(1);
    expect(b.seed).toBe(2);
  });
});
