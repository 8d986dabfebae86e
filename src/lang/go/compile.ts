// The Go driver: sources → parse → typecheck → generate → an Executable the
// kernel can load, like a built-in app. Compiled programs are cached by content
// hash; a program with errors throws CompileError with every diagnostic, and
// nothing runs.

import path from 'node:path';
import { statSync } from 'node:fs';
import { parseFile } from './frontend/parse.ts';
import { Checker } from './frontend/check.ts';
import { generate } from './backend/gen.ts';
import { STDLIB } from './stdlib/stdlib.ts';
import { CompileError, type Diagnostic } from '../diagnostics.ts';
import { BuildCache, CompileCache, contentHash, type SourceFile } from '../cache.ts';
import { readSources } from '../source.ts';
import type * as A from './frontend/ast.ts';
import type { Executable } from '../../kernel/uapi/image.ts';
import { goProgram, GOOSES } from '../../runtime/proc.ts';
import { $ } from '../../runtime/golib/index.ts';
import { registerLineMap } from '../../runtime/golib/traceback.ts';

export const COMPILER_VERSION = 'gomachine-go-8';

type Factory = (dollar: typeof $) => () => Generator<any, unknown, any>;

export interface Compiled { name: string; js: string; factory: Factory; race: boolean }

const cache = new CompileCache<Compiled | Diagnostic[]>();
const onDisk = new BuildCache('go');

/** What a compile leaves on disk: the generated JavaScript and what its line map is made from. */
interface Built { js: string; files: string[]; names: [string, string][] }

function stdFiles(p: string): A.File[] | null {
  const text = STDLIB[p];
  if (text === undefined) return null;
  const r = parseFile(`$GOROOT/src/${p}/${p.split('/').pop()}.go`, text);
  if (r.errors.length > 0) throw new Error(`assertion: stdlib ${p} does not parse: ${r.errors.map((e) => e.msg).join('; ')}`);
  return [r.file];
}

/** Compile a package main from its files (race: instrumented for the race detector, go build -race); throws CompileError. */
export function compileGo(name: string, files: readonly SourceFile[], dir = '', race = false): Compiled {
  const key = contentHash('go', COMPILER_VERSION, files);
  const url = `gomachine-go/${key.slice(0, 16)}${race ? '-race' : ''}.js`;
  const r = cache.get(`${key}:${dir}:${race ? 'race' : ''}`, () => {
    const diskKey = contentHash('go-out', COMPILER_VERSION, [{ name: `${dir}\0${race}`, text: key }]);
    const saved = onDisk.get(diskKey);
    if (saved !== undefined) return load(name, url, JSON.parse(saved) as Built, race);
    const out = build(name, files, dir, race);
    if (Array.isArray(out)) return out;
    onDisk.put(diskKey, JSON.stringify(out));
    return load(name, url, out, race);
  });
  if (Array.isArray(r)) throw new CompileError(r, '# command-line-arguments'); // what go run prints for files named on its command line
  return r;
}

function build(name: string, files: readonly SourceFile[], dir: string, race: boolean): Built | Diagnostic[] {
  const errors: Diagnostic[] = [];
  const asts: A.File[] = [];
  for (const f of files) {
    const r = parseFile(f.name, f.text);
    errors.push(...r.errors);
    asts.push(r.file);
  }
  if (errors.length > 0) return errors;
  const pkgs = new Set(asts.map((a) => a.pkg));
  if (pkgs.size > 1) return [{ pos: asts[1]!.pkgPos, msg: `found packages ${[...pkgs].join(' and ')} in one directory` }];
  if (asts[0]!.pkg !== 'main') return [{ pos: asts[0]!.pkgPos, msg: `package ${asts[0]!.pkg} is not a main package` }];
  const ck = new Checker(stdFiles);
  try {
    ck.checkPackage(asts, 'main', false);
  } catch (e) {
    // A checker bug must not hide the program's own errors, nor crash without a position.
    if (ck.errors.length > 0) return ck.errors;
    return [{ pos: asts[0]!.pkgPos, msg: `internal compiler error: ${(e as Error).message}` }];
  }
  if (ck.errors.length > 0) return ck.errors;
  const where = (f: string): string => (f.startsWith('$GOROOT') || dir === '' ? f : path.join(dir, f));
  const g = generate({ funcs: ck.funcs, globals: ck.globals, init: ck.initStmts, initFuncs: ck.initFuncs, types: [...ck.boxedTypes], files: files.map((f) => f.name) }, { race, file: where });
  return { js: g.js, files: g.files.map(where), names: [...g.names] };
}

/** The program from the compiler's output, fresh or from disk: its line map registered, its code made a function. */
function load(name: string, url: string, b: Built, race: boolean): Compiled {
  const js = `${b.js}\n//# sourceURL=${url}`;
  registerLineMap(url, lineMap(js, b.files, new Map(b.names)));
  let factory: Factory;
  try {
    factory = new Function('$', js) as Factory;
  } catch (e) {
    throw new Error(`internal compiler error: generated code does not parse: ${(e as Error).message}\n${js}`);
  }
  return { name, js, factory, race };
}

/** The Go position of each generated line: the last statement marker at or before it. */
function lineMap(js: string, files: string[], names: Map<string, string>) {
  const lines = js.split('\n');
  const file = new Int32Array(lines.length).fill(-1);
  const line = new Int32Array(lines.length);
  let cf = -1, cl = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    // a statement's own marker is the first on its line
    const m = /\/\*@(\d+):(\d+)\*\//.exec(l);
    if (m !== null) { cf = Number(m[1]); cl = Number(m[2]); }
    file[i] = cf; line[i] = cl;
  }
  return { file, line, files, names };
}

/** An executable of a compiled program: each load gets its own package variables. */
export function goExecutable(c: Compiled, rebuild?: () => Compiled): Executable {
  return {
    name: c.name,
    oses: GOOSES, // built for every GOOS the runtime has, as a Go-style program is
    load() { return goProgram(c.name, c.factory($), c.race).load(); },
    withRace: c.race || rebuild === undefined ? undefined : () => goExecutable(rebuild()),
  };
}

/** Compile a main.go or a directory holding package main. */
export function compileGoPath(p: string): Executable {
  const files = readSources(p, '.go');
  const name = path.basename(p).replace(/\.go$/, '');
  const dir = statSync(p).isDirectory() ? path.resolve(p) : path.dirname(path.resolve(p));
  return goExecutable(compileGo(name, files, dir), () => compileGo(name, files, dir, true));
}
