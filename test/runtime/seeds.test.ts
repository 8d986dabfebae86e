// The seed programs (/work/shared/seeds) print exactly what Go prints, at Go's times.
import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';

describe('Go seed programs', () => {
  it('sum prints "sum: 7" and exits 0', async () => {
    const r = await runFile('scenarios/go-sum.yaml');
    const p = r.processes[0]!;
    expect(p.stdout).toBe('sum: 7\n');
    expect(p.stderr).toBe('');
    expect(p.exitStatus).toBe(0);
    expect(p.syscalls.exit_group!.calls).toBe(1);
    expect(p.runtime!.goroutines.created).toBe(2);
  });

  it('print-numbers prints main\'s line, then 1..5 every 500 ms, and exits when main returns at 3 s', async () => {
    const r = await runFile('scenarios/go-print-numbers.yaml');
    const p = r.processes[0]!;
    // main's line and the goroutine's first line race (as in Go: the new M steals the
    // goroutine from runnext while main is in write(2)); the rest comes 500 ms apart.
    const lines = p.stdout.split('\n');
    expect(lines.slice(0, 2).sort()).toEqual(['1', 'main 함수 실행 중']);
    expect(lines.slice(2)).toEqual(['2', '3', '4', '5', '']);
    expect(p.exitStatus).toBe(0);
    expect(p.exitNs! / 1e6).toBeGreaterThanOrEqual(3000);
    expect(p.exitNs! / 1e6).toBeLessThan(3002);
  });

  it('workers print "Worker N: i" three times each, in 500 ms rounds, and exit at 2 s', async () => {
    const r = await runFile('scenarios/go-workers.yaml');
    const p = r.processes[0]!;
    const lines = p.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    for (let round = 0; round < 3; round++) {
      expect(lines.slice(round * 3, round * 3 + 3).sort()).toEqual([1, 2, 3].map((w) => `Worker ${w}: ${round}`));
    }
    expect(p.exitStatus).toBe(0);
    expect(p.exitNs! / 1e6).toBeGreaterThanOrEqual(2000);
    expect(p.exitNs! / 1e6).toBeLessThan(2002);
  });

  it('worker-pool spreads 40 jobs over 4 workers on 4 Ps', async () => {
    const r = await runFile('scenarios/go-worker-pool.yaml');
    const p = r.processes[0]!;
    expect(p.exitStatus).toBe(0);
    expect(p.stdout).toContain('40 results, sum of squares = 22140\n');
    const counts = [...p.stdout.matchAll(/no more jobs \((\d+) done\)/g)].map((m) => Number(m[1]));
    expect(counts).toHaveLength(4);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    for (const c of counts) expect(c).toBeGreaterThan(0);
    expect(p.runtime!.gomaxprocs).toBe(4);
  });
});
