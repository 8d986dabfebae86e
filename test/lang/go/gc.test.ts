// The heap of compiled Go programs: what escapes is allocated by the runtime's mallocgc
// and collected from the program's own roots. gc_linked.go builds and mutates a list, a
// tree, a map and a channel of pointers across many cycles under GODEBUG=gccheckmark=1 (at
// each mark termination, a second mark of everything the program can reach must find every
// object already marked and in its own slot); gc_alloc.go's cycles, under
// GODEBUG=gctrace=1, are started and counted by its own allocations. Outputs are real Go's
// (gc/*.out, recorded with the Go in gc/RECORDED_WITH: `go build`, then GOMAXPROCS=2 ./prog).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario } from '../../../src/scenario/loader.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { Report } from '../../../src/scenario/report.ts';

const DIR = path.join(import.meta.dirname, 'gc');

async function run(file: string, godebug: string) {
  const yaml = `processes:\n  - program: ./${file}\n    env: { GODEBUG: "${godebug}" }\nrun: { timeLimit: 60s }\n`;
  const s = await parseScenario(yaml, path.join(DIR, 'gc.yaml'));
  return Report.parse(runScenario(s)).processes[0]!;
}

describe('compiled Go programs allocate in the runtime heap and are collected from their roots', () => {
  it('gc_linked.go: a list, a tree, a map and a channel of pointers mutated over 26 cycles — every cycle passes gccheckmark, output is real Go\'s', async () => {
    const p = await run('gc_linked.go', 'gccheckmark=1');
    expect(p.stderr).toBe('');
    expect(p.exitStatus).toBe(0);
    expect(p.stdout).toBe(readFileSync(path.join(DIR, 'gc_linked.out'), 'utf8'));
    const gc = p.runtime!.gc!;
    expect(gc.cycles).toBe(26);
    // about 1 MiB live (200 list nodes of 4 KiB, the tree) out of 80+ MB allocated: the rest was reclaimed
    expect(gc.liveBytes).toBeLessThan(2 << 20);
    expect(gc.heapPeakBytes).toBeLessThan(8 << 20);
  });

  it('gc_alloc.go: 40,000 objects of 1 KiB, 100 live — GODEBUG=gctrace=1 prints one line per cycle they start (11, then runtime.GC\'s forced one)', async () => {
    const p = await run('gc_alloc.go', 'gctrace=1');
    expect(p.exitStatus).toBe(0);
    expect(p.stdout).toBe(readFileSync(path.join(DIR, 'gc_alloc.out'), 'utf8'));
    const lines = p.stderr.split('\n').filter((l) => l.startsWith('gc '));
    // real Go 1.19 on a 2-core host printed 9 to 12 lines over six runs (its pacing follows wall-clock timing)
    expect(lines.length).toBe(12);
    expect(p.runtime!.gc!.cycles).toBe(12);
    lines.forEach((l, i) => expect(l.startsWith(`gc ${i + 1} @`)).toBe(true));
    expect(lines[11]!.endsWith('(forced)')).toBe(true);
    // each cycle the allocations start: 3 MB of heap when it starts (the 4 MB goal's trigger), under 1 MB marked live
    for (const l of lines.slice(0, 11)) {
      const m = /, (\d+)->(\d+)->(\d+) MB, 4 MB goal,/.exec(l);
      expect(m, l).not.toBeNull();
      expect(Number(m![1])).toBe(3);
      expect(Number(m![3])).toBe(0);
    }
  });
});
