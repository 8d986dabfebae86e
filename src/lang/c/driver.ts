// The C compiler driver: what `cc a.c b.c` does, for the emulated machine.
// Each file is a translation unit — preprocessed (with the project's own
// headers in ./include), parsed and typechecked on its own — then the units
// are linked: a function or global declared in one and defined in another is
// the same object, and what no unit defines must be a C library function. The
// back end turns the linked program into a module of generator functions, and
// the result is an Executable like the built-in C apps.
//
// Builds are cached by the SHA-256 of the sources (and the compiler's own
// files), so running the same program again does not compile it again.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Preprocessor } from './preprocess.ts';
import { Parser } from './parse.ts';
import { CodeGen, type Generated } from './codegen.ts';
import { CError, Diagnostics, formatDiagnostic, type Diagnostic, type SourceFile } from './diagnostics.ts';
import type { Program, Obj } from './ir.ts';
import { R, L, cSourceProgram, type CModule } from '../../libc/crt.ts';
import { libcNames, initLibData, VARIADIC } from '../../libc/cabi.ts';
import type { Executable } from '../../kernel/uapi/image.ts';
import { contentHash, CompileCache } from '../cache.ts';

/** Part of every cache key: a build by another version of this compiler is not reused. */
const COMPILER_VERSION = 'gomachine-cc 1';

export const INCLUDE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'include');

export interface BuildResult {
  /** The program, or null when the build failed. */
  exe: Executable | null;
  /** Every diagnostic, in order (warnings, and the error that stopped the build). */
  diagnostics: Diagnostic[];
  /** The diagnostics as cc prints them. */
  text: string;
  generated: Generated | null;
  /** Built before: the result came from the cache. */
  cached: boolean;
}

type Factory = (r: typeof R, l: typeof L) => CModule;
/** Builds that succeeded, by content hash (the Go front end's cache; a failed build is not kept). */
const cache = new CompileCache<{ generated: Generated; warnings: Diagnostic[]; factory: Factory }>();

/** Compile and link C sources into an executable named `name`. */
export function buildC(sources: SourceFile[], name: string, race = false): BuildResult {
  const key = contentHash('c', COMPILER_VERSION, sources) + (race ? ':tsan' : '');
  const misses = cache.misses;
  const diags = new Diagnostics();
  let hit;
  try {
    hit = cache.get(key, () => {
      const generated = compile(sources, diags, race);
      // V8 compiles the generated module once; a cached build only instantiates it.
      return { generated, warnings: diags.list, factory: new Function('R', 'L', generated.source) as Factory };
    });
  } catch (e) {
    if (!(e instanceof CError)) throw e;
    const all = [...diags.list, e.diag];
    return { exe: null, diagnostics: all, text: all.map(formatDiagnostic).join('\n'), generated: null, cached: false };
  }
  const cached = cache.misses === misses;
  const { generated, warnings, factory } = hit;
  const mod = factory(R, L);
  // cc -fsanitize=thread: the same sources built with the race detector
  const rebuild = race ? undefined : () => buildC(sources, name, true).exe!;
  return { exe: cSourceProgram(name, mod, generated.dataSize, initLibData, race, rebuild), diagnostics: warnings, text: warnings.map(formatDiagnostic).join('\n'), generated, cached };
}

/** Read .c files from disk and build them; the program is named after the first file. */
export function buildCFiles(files: string[]): BuildResult {
  const sources = files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  return buildC(sources, path.basename(files[0]!).replace(/\.c$/, ''));
}

function compile(sources: SourceFile[], diags: Diagnostics, race: boolean): Generated {
  const units: Program[] = [];
  for (const src of sources) {
    const pp = new Preprocessor({ readFile: (f) => (existsSync(f) ? readFileSync(f, 'utf8') : undefined), includeDirs: [INCLUDE_DIR] });
    const toks = pp.run(src);
    units.push(new Parser(toks, diags).parse());
  }
  const prog = link(units);
  return new CodeGen(prog, libcNames(), VARIADIC, race).generate();
}

/** Resolve each unit's external references against the others' definitions (as ld does). */
function link(units: Program[]): Program {
  const funcs = new Map<string, Obj>(); const globals = new Map<string, Obj>();
  for (const u of units) {
    for (const f of u.funcs) {
      if (f.obj.isStatic) continue;
      const prev = funcs.get(f.obj.name);
      if (prev !== undefined && prev !== f.obj) throw CError.at(f.obj.loc, `multiple definition of '${f.obj.name}'`);
      funcs.set(f.obj.name, f.obj);
    }
    for (const g of u.globals) {
      if (g.isStatic || g.isExtern) continue;
      const prev = globals.get(g.name);
      if (prev !== undefined && prev.init !== null && g.init !== null) throw CError.at(g.loc, `multiple definition of '${g.name}'`);
      if (prev === undefined || (prev.init === null && g.init !== null)) globals.set(g.name, g);
    }
  }
  const out: Program = { globals: [], funcs: [], strings: [], externs: new Set() };
  const seen = new Set<Obj>();
  for (const u of units) {
    for (const g of u.globals) {
      const def = !g.isStatic ? globals.get(g.name) : undefined;
      if (def !== undefined && def !== g) { alias(g, def); continue; }
      if (g.isExtern && def === undefined) continue; // resolved against the C library, or an error at its first use
      if (!seen.has(g)) { seen.add(g); out.globals.push(g); }
    }
    out.funcs.push(...u.funcs);
    out.strings.push(...u.strings);
  }
  // Calls to functions declared here and defined in another unit.
  for (const u of units) {
    for (const f of u.funcs) visitObjs(f, (o) => {
      if (o.kind === 'func' && o.def === null && !o.isStatic) { const d = funcs.get(o.name); if (d !== undefined) { o.def = d.def; o.id = d.id; } }
    });
  }
  return out;
}

/** Make `g` (a declaration in one unit) the same object as `def` (the definition in another). */
function alias(g: Obj, def: Obj): void { g.id = def.id; g.isExtern = false; g.ty = def.ty; }

/** Every object a function's code refers to. */
function visitObjs(f: { body: unknown }, fn: (o: Obj) => void): void {
  const seen = new Set<unknown>();
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if ((x as { k?: string }).k === 'var') fn((x as { obj: Obj }).obj);
    if ((x as { k?: string }).k === 'call' && (x as { direct: Obj | null }).direct !== null) fn((x as { direct: Obj }).direct);
    for (const v of Object.values(x)) if (typeof v === 'object' && v !== null && !('kind' in (v as object) && 'size' in (v as object))) walk(v);
  };
  walk(f.body);
}
