// No false positives: correctly synchronised concurrent programs in the style of Go by
// Example (clean/NAME.go: mutexes, atomic counters, a worker pool, WaitGroup, rate
// limiting with tickers, stateful goroutines, closing channels, timers, select with
// timeouts, sync.Once, context cancellation, RWMutex, and a timer's start or Reset as
// the edge to its receiver), each race-free under real `go run -race` (go1.19, its
// stdout recorded in NAME.out), run with the detector at GOMAXPROCS 1, 2 and 4: no
// report, exit status 0 and Go's output.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario } from '../../../src/scenario/loader.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { Report } from '../../../src/scenario/report.ts';

const DIR = path.join(import.meta.dirname, 'clean');

describe('race detector: no report on race-free programs (Go by Example style)', () => {
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.go')).sort()) {
    it(`${f}: no race at GOMAXPROCS 1, 2, 4; stdout as real Go's`, async () => {
      const want = readFileSync(path.join(DIR, f.replace(/\.go$/, '.out')), 'utf8');
      for (const procs of [1, 2, 4]) {
        const yaml = `seed: ${procs}\nprocesses:\n  - program: ./${f}\n    race: true\n    env: { GOMAXPROCS: ${procs} }\nrun: { timeLimit: 10s }\n`;
        const p = Report.parse(runScenario(await parseScenario(yaml, path.join(DIR, 'clean.yaml')))).processes[0]!;
        const where = `GOMAXPROCS=${procs}`;
        expect(p.stderr, where).toBe('');
        expect(p.races, where).toEqual([]);
        expect(p.exitStatus, where).toBe(0);
        expect(p.stdout, where).toBe(want);
      }
    }, 60_000);
  }
});
