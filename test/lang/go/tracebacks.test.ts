// Where each goroutine of a deadlocked compiled program waits, as Go prints it: for
// every goroutine, its state, the program's own innermost function and its
// file:line, and the go statement that created it, compared with what real Go
// printed (corpus/NAME.err). Go's own frames (runtime, sync), argument words,
// +0x offsets, goroutine numbers and the directory of the file differ and are left
// out; go1.19 named a WaitGroup wait [semacquire], Go 1.20 and gomachine
// [sync.WaitGroup.Wait].
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario } from '../../../src/scenario/loader.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { Report } from '../../../src/scenario/report.ts';

const DIR = path.join(import.meta.dirname, 'corpus');

/** Each goroutine as "[state] fn file:line <- creator file:line", sorted (numbers differ). */
function goroutines(stderr: string): string[] {
  const out: string[] = [];
  for (const block of stderr.split('\n\n').slice(1)) {
    const lines = block.split('\n');
    const state = /^goroutine \d+ \[(.+)\]:$/.exec(lines[0]!)?.[1];
    if (state === undefined) continue;
    const frames: { fn: string; at: string }[] = [];
    let created = '';
    for (let i = 1; i + 1 < lines.length; i += 2) {
      const fn = lines[i]!.replace(/\(.*\)$/, '');
      const at = path.basename(lines[i + 1]!.trim().replace(/ \+0x[0-9a-f]+$/, ''));
      if (fn.startsWith('created by ')) { created = ` <- ${at}`; break; }
      if (fn.startsWith('main.')) frames.push({ fn, at });
    }
    out.push(`[${state.replace(/^semacquire$/, 'sync.WaitGroup.Wait')}] ${frames[0]?.fn ?? '?'} ${frames[0]?.at ?? '?'}${created}`);
  }
  return out.sort();
}

describe('deadlock tracebacks of compiled programs', () => {
  it.each(['deadlock', 'deadlock_workers'])('%s.go: each goroutine waits where real Go says it does', async (n) => {
    const s = await parseScenario(`processes:\n  - program: ./${n}.go\nrun: { timeLimit: 10s }\n`, path.join(DIR, 'corpus.yaml'));
    const p = Report.parse(runScenario(s)).processes[0]!;
    expect(p.exitStatus).toBe(2);
    const want = goroutines(readFileSync(path.join(DIR, `${n}.err`), 'utf8'));
    expect(want.length).toBeGreaterThan(0);
    expect(goroutines(p.stderr)).toEqual(want);
  });
});
