// The race detector on Go source, tested the way Go's own is: one program per
// behaviour (test/runtime/race/NAME.go), racy or race-free, each run with
// `race: true` at GOMAXPROCS 1, 2 and 4 under three seeds. What real Go's -race
// found for the same program is recorded by record.sh (NAME.err, NAME.exit = 66):
// a racy program must be reported at the same pair of source lines (the innermost
// main.* frame of each access; Go puts runtime.mapassign above the map's) and exit
// with Go's status (66; os.Exit(3) keeps 3) in every run; a race-free one must report nothing and exit 0.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario } from '../../../src/scenario/loader.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { Report } from '../../../src/scenario/report.ts';

const DIR = import.meta.dirname;
const programs = readdirSync(DIR).filter((f) => f.endsWith('.go')).sort();

async function run(file: string, procs: number, seed: number) {
  const yaml = `seed: ${seed}\nprocesses:\n  - program: ./${file}\n    race: true\n    env: { GOMAXPROCS: ${procs} }\nrun: { timeLimit: 60s }\n`;
  const s = await parseScenario(yaml, path.join(DIR, 'race.yaml'));
  return Report.parse(runScenario(s)).processes[0]!;
}

/** The pairs of lines real Go reported: the first main.* frame under each access header. */
function goPairs(err: string): string[] {
  const pairs: string[] = [];
  for (const block of err.split('==================\nWARNING: DATA RACE\n').slice(1)) {
    const lines: number[] = [];
    for (const section of block.split('\n\n').slice(0, 2)) {
      const m = /main\.[^\n]*\(\)\n\s+\S+?:(\d+)/.exec(section);
      if (m !== null) lines.push(Number(m[1]));
    }
    pairs.push(lines.sort((a, b) => a - b).join(','));
  }
  return pairs;
}

const line = (at: string): number => Number(at.slice(at.lastIndexOf(':') + 1));

describe('race detector: Go programs at GOMAXPROCS 1, 2, 4 and seeds 1, 2, 3, against real go -race', () => {
  for (const f of programs) {
    const n = f.replace(/\.go$/, '');
    const racy = existsSync(path.join(DIR, `${n}.exit`));
    it(`${f}: ${racy ? `races at lines ${goPairs(readFileSync(path.join(DIR, `${n}.err`), 'utf8')).join(' ')}` : 'no race'}`, async () => {
      const want = racy ? goPairs(readFileSync(path.join(DIR, `${n}.err`), 'utf8')) : [];
      for (const procs of [1, 2, 4]) {
        for (const seed of [1, 2, 3]) {
          const p = await run(f, procs, seed);
          const where = `${f} GOMAXPROCS=${procs} seed=${seed}`;
          const got = p.races!.map((r) => [line(r.at), line(r.previous)].sort((a, b) => a - b).join(','));
          if (!racy) {
            expect(got, where).toEqual([]);
            expect(p.exitStatus, where).toBe(0);
            expect(p.stderr, where).toBe('');
            continue;
          }
          const goErr = readFileSync(path.join(DIR, `${n}.err`), 'utf8');
          expect(p.exitStatus, where).toBe(Number(readFileSync(path.join(DIR, `${n}.exit`), 'utf8').trim()));
          for (const pair of want) expect(got, where).toContain(pair);
          expect(p.stderr, where).toContain('WARNING: DATA RACE');
          // "Found N data race(s)" where Go prints it (not after os.Exit with a non-zero status)
          if (goErr.includes('Found')) expect(p.stderr, where).toMatch(new RegExp(`Found ${got.length} data race\\(s\\)\\n$`));
          else expect(p.stderr, where).not.toContain('Found');
        }
      }
    }, 60_000);
  }
});

describe('race detector: no false positives on the Go corpus (test/lang/go/corpus)', () => {
  const CORPUS = path.join(DIR, '../../lang/go/corpus');
  for (const f of readdirSync(CORPUS).filter((x) => x.endsWith('.go')).sort()) {
    const n = f.replace(/\.go$/, '');
    it(`${f}: no race, and the same output as without the detector`, async () => {
      const yaml = `processes:\n  - program: ./${f}\n    race: true\nrun: { timeLimit: 60s }\n`;
      const p = Report.parse(runScenario(await parseScenario(yaml, path.join(CORPUS, 'race.yaml')))).processes[0]!;
      expect(p.races).toEqual([]);
      expect(p.stdout).toBe(readFileSync(path.join(CORPUS, `${n}.out`), 'utf8'));
      const exitFile = path.join(CORPUS, `${n}.exit`);
      expect(p.exitStatus).toBe(existsSync(exitFile) ? Number(readFileSync(exitFile, 'utf8').trim()) : 0);
    }, 60_000);
  }
});
