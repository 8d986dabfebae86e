import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';

describe('a segfaulting process dies alone', () => {
  it('exits 139 with SIGSEGV while its sibling finishes normally, and its frames are freed', async () => {
    const r = await runFile('scenarios/c-segv.yaml');
    const [segv, sibling] = r.processes;
    expect(segv!.exitStatus).toBe(139);
    expect(segv!.signal).toBe('SIGSEGV');
    expect(segv!.stdout).toBe('about to dereference NULL\n');
    expect(sibling!.exitStatus).toBe(0);
    expect(sibling!.stdout).toContain('all 4 workers joined');
    expect(r.kernel.log.some((l) => /segv\[100\]: segfault at 0 .* error 6 in segv/.test(l))).toBe(true);
    expect(r.memory.framesInUse).toBe(0);
    expect(r.memory.framesPeak).toBeGreaterThan(0);
  });
});
