// Compile errors as Go prints them: each test/lang/go/errors/NAME.go is a program with
// mistakes, and NAME.err what `go build` printed for it (recorded by record.sh with the
// Go in RECORDED_WITH). gomachine's front end must print the same lines — positions,
// messages, the indented "have/want" and "other declaration" lines, Go's order — except
// where newer Go changed the words and gomachine speaks as the newer Go does; those
// rewrites are listed here, each with the release that made it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileGo } from '../../../src/lang/go/compile.ts';
import { CompileError } from '../../../src/lang/diagnostics.ts';

const DIR = path.join(import.meta.dirname, 'errors');
const programs = readdirSync(DIR).filter((f) => f.endsWith('.go')).sort();

/** go1.19's words → the words of the Go that gomachine follows. */
const NEWER_GO: readonly [RegExp, string, string][] = [
  [/: (\w+) declared but not used$/gm, ': declared and not used: $1', 'Go 1.20'],
  [/: imported and not used: ("[^"]+")$/gm, ': $1 imported and not used', 'Go 1.20'],
  [/\) for (len|cap|close|delete|make|new|append|copy|panic|print|println)$/gm, ') for built-in $1', 'Go 1.20'],
  [/ as type (\S+) in ([^:\n]+):\n\t(.+) \((\w+) method has pointer receiver\)$/gm, ' as $1 value in $2: $3 (method $4 has pointer receiver)', 'Go 1.20'],
  [/ as type (\S+) in ([^:\n]+):\n\t(.+) \(missing (\w+) method\)$/gm, ' as $1 value in $2: $3 (missing method $4)', 'Go 1.20'],
  [/: unknown field '(\w+)' in struct literal/gm, ': unknown field $1 in struct literal', 'Go 1.20'],
  [/: too (few|many) values in (\w+)\{…\}$/gm, ': too $1 values in struct literal of type $2', 'Go 1.20'],
  [/: cannot assign to (\S+) \((?:variable of type|value of type|untyped \w+ constant|constant)[^)]*\)$/gm, ': cannot assign to $1 (neither addressable nor a map index expression)', 'Go 1.20'],
  // an integer constant converted to an integer type it does not fit (go.dev/issue/63563)
  [/: cannot convert (-?\d+) \(untyped int constant\) to type (\S+)$/gm, ': constant $1 overflows $2', 'Go 1.22'],
  [/: cannot convert \S+ \(untyped int constant (-?\d+)\) to type (\S+)$/gm, ': constant $1 overflows $2', 'Go 1.22'],
  [/: cannot convert .+ \(constant (-?\d+) of type [^)]+\) to type (\S+)$/gm, ': constant $1 overflows $2', 'Go 1.22'],
];

function expected(recorded: string): string {
  let s = recorded.trimEnd();
  for (const [re, to] of NEWER_GO) s = s.replace(re, to);
  return s;
}

function diagnostics(file: string): string {
  try {
    compileGo('main', [{ name: file, text: readFileSync(path.join(DIR, file), 'utf8') }]);
  } catch (e) {
    if (e instanceof CompileError) return e.message;
    throw e;
  }
  return '(compiled without errors)';
}

describe('compile errors: what go build prints', () => {
  for (const f of programs) {
    it(f, () => {
      expect(diagnostics(f)).toBe(expected(readFileSync(path.join(DIR, f.replace(/\.go$/, '.err')), 'utf8')));
    });
  }
});

describe('gomachine run of a program that does not compile', () => {
  it('prints go run\'s heading and the errors, runs nothing and exits 2 as go run does', () => {
    const r = spawnSync(process.execPath, [path.join(DIR, '../../../../bin/gomachine.mjs'), 'run', 'undefined.go'], { cwd: DIR, encoding: 'utf8' });
    expect(r.stderr).toBe(`# command-line-arguments\n${readFileSync(path.join(DIR, 'undefined.err'), 'utf8')}`);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  }, 60_000);
});
