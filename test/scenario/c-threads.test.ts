import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';

describe('c-threads', () => {
  it('prints every worker\'s 3 lines, exits 0, peaks at 5 threads, calls clone 4 times', async () => {
    const r = await runFile('scenarios/c-threads.yaml');
    const p = r.processes[0]!;
    expect(p.exitStatus).toBe(0);
    for (let w = 1; w <= 4; w++) for (let l = 0; l < 3; l++) expect(p.stdout).toContain(`worker ${w}: line ${l}\n`);
    expect(p.stdout.trimEnd().split('\n')).toHaveLength(13);
    expect(p.stdout.endsWith('all 4 workers joined\n')).toBe(true);
    expect(p.threads).toEqual({ created: 5, peak: 5 });
    expect(p.syscalls.clone!.calls).toBe(4);
    expect(p.syscalls.exit!.calls).toBe(4);
    expect(p.syscalls.exit_group!.calls).toBe(1);
    // Each printf of a line is one write(2): line-buffered stdio on a terminal.
    expect(p.syscalls.write!.calls).toBe(13);
    expect(r.stoppedBy).toBe('exit');
  });

  it('keeps each worker\'s lines in order', async () => {
    const r = await runFile('scenarios/c-threads.yaml', { seed: 7 });
    const lines = r.processes[0]!.stdout.split('\n');
    for (let w = 1; w <= 4; w++) {
      const idx = [0, 1, 2].map((l) => lines.indexOf(`worker ${w}: line ${l}`));
      expect(idx.every((i) => i >= 0)).toBe(true);
      expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    }
  });
});
