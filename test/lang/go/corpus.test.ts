// The Go corpus: each test/lang/go/corpus/NAME.go is compiled from source and run
// on the machine; its stdout must be what real Go printed (NAME.out, recorded by
// record.sh with the Go in RECORDED_WITH, or written by hand from the spec for
// features newer than that Go — the program's first line says so). A program that
// panics must print Go's panic line (the first line of NAME.err) and exit with
// Go's status (NAME.exit); goroutine traces hold addresses and are not compared.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario } from '../../../src/scenario/loader.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { Report } from '../../../src/scenario/report.ts';

const DIR = path.join(import.meta.dirname, 'corpus');
const programs = readdirSync(DIR).filter((f) => f.endsWith('.go')).sort();

async function run(file: string) {
  const yaml = `processes:\n  - program: ./${file}\nrun: { timeLimit: 60s }\n`;
  const s = await parseScenario(yaml, path.join(DIR, 'corpus.yaml'));
  return Report.parse(runScenario(s)).processes[0]!;
}

describe('Go corpus: output identical to real Go', () => {
  for (const f of programs) {
    const n = f.replace(/\.go$/, '');
    it(`${f}`, async () => {
      const p = await run(f);
      const want = readFileSync(path.join(DIR, `${n}.out`), 'utf8');
      const errFile = path.join(DIR, `${n}.err`);
      const exitFile = path.join(DIR, `${n}.exit`);
      expect(p.stdout).toBe(want);
      const wantExit = existsSync(exitFile) ? Number(readFileSync(exitFile, 'utf8').trim()) : 0;
      expect(p.exitStatus).toBe(wantExit);
      if (existsSync(errFile)) {
        // the panic (or fatal error) and the signal line, program counters aside
        const head = (s: string): string => s.split('\n\n')[0]!.replace(/pc=0x[0-9a-f]+/, 'pc=0x?');
        expect(head(p.stderr)).toBe(head(readFileSync(errFile, 'utf8')));
      } else expect(p.stderr).toBe('');
    });
  }
});
