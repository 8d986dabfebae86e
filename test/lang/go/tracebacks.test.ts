// Goroutine traces of compiled programs, as Go prints them: for every goroutine of a
// deadlock (and for the goroutine of a panic), its state, every frame of the program's own
// functions on its stack, innermost first, each at its file:line, and the go statement that
// created it — compared with what real Go printed (corpus/NAME.err). Go's own frames
// (runtime, sync), argument words, +0x offsets, goroutine numbers and the directory of the
// file differ and are left out; go1.19 named a WaitGroup wait [semacquire], Go 1.20 and
// gomachine [sync.WaitGroup.Wait]; Go 1.21 and gomachine add "in goroutine N" to
// "created by".
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario } from '../../../src/scenario/loader.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { Report } from '../../../src/scenario/report.ts';

const DIR = path.join(import.meta.dirname, 'corpus');

/** Each goroutine as "[state] fn file:line < fn file:line … <- creator file:line", sorted (numbers differ). */
function goroutines(stderr: string): string[] {
  const out: string[] = [];
  for (const block of stderr.split('\n\n').slice(1)) {
    const lines = block.split('\n');
    const state = /^goroutine \d+ \[(.+)\]:$/.exec(lines[0]!)?.[1];
    if (state === undefined) continue;
    const frames: string[] = [];
    let created = '';
    for (let i = 1; i + 1 < lines.length; i += 2) {
      const fn = lines[i]!.replace(/\(.*\)$/, '').replace(/ in goroutine \d+$/, '');
      const at = path.basename(lines[i + 1]!.trim().replace(/ \+0x[0-9a-f]+$/, ''));
      if (fn.startsWith('created by ')) { created = ` <- ${fn.slice('created by '.length)} ${at}`; break; }
      if (fn.startsWith('main.')) frames.push(`${fn} ${at}`);
    }
    out.push(`[${state.replace(/^semacquire$/, 'sync.WaitGroup.Wait')}] ${frames.join(' < ') || '?'}${created}`);
  }
  return out.sort();
}

describe('tracebacks of compiled programs', () => {
  it.each(['deadlock', 'deadlock_workers', 'traceback_deadlock', 'traceback_panic'])('%s.go: each goroutine\'s frames are where real Go says they are', async (n) => {
    const s = await parseScenario(`processes:\n  - program: ./${n}.go\nrun: { timeLimit: 10s }\n`, path.join(DIR, 'corpus.yaml'));
    const p = Report.parse(runScenario(s)).processes[0]!;
    expect(p.exitStatus).toBe(2);
    const want = goroutines(readFileSync(path.join(DIR, `${n}.err`), 'utf8'));
    expect(want.length).toBeGreaterThan(0);
    expect(goroutines(p.stderr)).toEqual(want);
  });

  it('fatal_mapwrites.go: the goroutine that finds the map being written is one of the two writers, at its write, and every other goroutine is printed', async () => {
    const s = await parseScenario('processes:\n  - program: ./fatal_mapwrites.go\nrun: { timeLimit: 10s }\n', path.join(DIR, 'corpus.yaml'));
    const p = Report.parse(runScenario(s)).processes[0]!;
    const gs = goroutines(p.stderr);
    expect(gs[0]).toBe('[chan receive] main.main fatal_mapwrites.go:23');
    expect(gs.length).toBe(3);
    // the thrower first, running at the map assignment, created at line 21 or 22 (real Go: either)
    const thrower = p.stderr.split('\n\n')[1]!;
    expect(thrower).toMatch(/^goroutine \d+ \[running\]:\nmain\.fill\(\.\.\.\)\n\t\S+fatal_mapwrites\.go:12\ncreated by main\.main in goroutine 1\n\t\S+fatal_mapwrites\.go:2[12]\n?$/);
  });
});
