// The race reports held against real `go run -race` (go1.19, RECORDED_WITH): each racy
// program's recorded stderr (NAME.err, record.sh) and gomachine's, both reduced to their
// shape, must be the same text — the headers, the access kinds ("Read at", "Previous
// write at"), every frame's function and line (closures as main.main.func1, gc's
// wrapper of a go statement with arguments as main.main.func2 above the callee),
// "Goroutine N (running|finished) created at:" with the creating frame, the separators
// and "Found N data race(s)" — and the exit status must be the recorded one (66).
// What may differ, and is taken out of both: addresses (gomachine's heap is its own),
// which of the two goroutines' stacks is "Previous" (the access kinds kept) and whether a
// creator goroutine is still running or finished (both the interleaving's),
// goroutine numbers (Go's runtime starts more system goroutines before main's), the
// +0x pc offsets (compiled code has no program counters), the file's directory, and
// runtime frames (runtime.mapassign_fast64, runtime.growslice: gomachine's runtime
// functions are not instrumented, so a report's innermost frame is the program's).
// One report real Go gives is not given: append.go's second, growslice's read of the
// old backing array (KNOWN_MISSING below).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario } from '../../../src/scenario/loader.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { Report } from '../../../src/scenario/report.ts';

const DIRS = [import.meta.dirname, path.join(import.meta.dirname, '../../../scenarios/go-race')];

/** Reports real Go gives that gomachine does not, by program: the runtime frame that made the access. */
const KNOWN_MISSING: Record<string, string[]> = { 'append.go': ['runtime.growslice'] };

/** A report block or tail reduced to its shape. */
function shape(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^ {2}runtime\.\S+\(\)$/.test(l)) { i++; continue; } // a runtime frame and its file line
    out.push(l
      .replace(/ \+0x[0-9a-f]+$/, '')
      .replace(/0x[0-9a-f]{12}/g, '0xADDR')
      .replace(/([Gg]oroutine) \d+/g, '$1 N')
      .replace(/^( {6})\S*?[\w-]+\.go:(\d+)$/, '$1main.go:$2'));
  }
  return canon(out.join('\n').replace(/\((running|finished)\) created at/g, '(running|finished) created at'));
}

/**
 * Which of two goroutines comes first is the interleaving's: the same two statements
 * (two writes, or two read-modify-writes whose second reads first) are reported with the
 * goroutines' stacks and created-at sections in either order, the access kinds staying
 * where they are. A report is taken in one order: the lesser of it and its mirror.
 */
function canon(block: string): string {
  const sec = block.split('\n\n').map((x) => x.replace(/\n+$/, ''));
  block = sec.join('\n\n');
  const m0 = /^(WARNING: DATA RACE\n)?(\w+) (at 0xADDR by [^\n]*:\n)([\s\S]*)$/.exec(sec[0] ?? '');
  const m1 = /^Previous (\w+) (at 0xADDR by [^\n]*:\n)([\s\S]*)$/.exec(sec[1] ?? '');
  if (m0 === null || m1 === null) return block;
  const mirror = [`${m0[1] ?? ''}${m0[2]} ${m1[2]}${m1[3]}`, `Previous ${m1[1]} ${m0[3]}${m0[4]}`, ...(sec.length >= 4 ? [sec[3], sec[2]] : sec.slice(2)), ...sec.slice(4)].join('\n\n');
  return mirror < block ? mirror : block;
}

/** A stderr's report blocks (raw) and what follows the last one. */
function split(err: string): { blocks: string[]; tail: string } {
  const parts = err.split('==================\n');
  const blocks: string[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) blocks.push(parts[i]!);
  return { blocks, tail: parts[parts.length - 1]! };
}

async function run(dir: string, file: string) {
  const yaml = `seed: 1\nprocesses:\n  - program: ./${file}\n    race: true\n    env: { GOMAXPROCS: 2 }\n`;
  return Report.parse(runScenario(await parseScenario(yaml, path.join(dir, 'shape.yaml')))).processes[0]!;
}

describe('race reports have the shape of real go run -race (go1.19) reports', () => {
  for (const dir of DIRS) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.go') && existsSync(path.join(dir, x.replace(/\.go$/, '.err')))).sort()) {
      const n = f.replace(/\.go$/, '');
      it(`${path.basename(dir)}/${f}: the same reports, frames and tail as ${n}.err; exit status ${readFileSync(path.join(dir, `${n}.exit`), 'utf8').trim()}`, async () => {
        const goErr = readFileSync(path.join(dir, `${n}.err`), 'utf8');
        const p = await run(dir, f);
        const want = split(goErr);
        const got = split(p.stderr);
        const missing = KNOWN_MISSING[f] ?? [];
        const expected = want.blocks.filter((b) => !missing.some((fn) => b.includes(`  ${fn}()`))).map(shape).sort();
        expect(got.blocks.map(shape).sort()).toEqual(expected);
        // "Found N data race(s)" counts what was reported
        expect(shape(got.tail)).toBe(shape(want.tail).replace(/Found \d+/, `Found ${got.blocks.length}`));
        expect(p.exitStatus).toBe(Number(readFileSync(path.join(dir, `${n}.exit`), 'utf8').trim()));
      }, 30_000);
    }
  }
});
