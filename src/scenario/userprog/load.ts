// Loading a program of the user's own (`program: ./my-app.ts` in a scenario):
// find its modules, check them (check.ts), build each with the loop guards and
// its imports pointed at what they mean (instrument.ts), import the entry, and
// hand back its Executable with a line table, so that a crash can be reported at
// the program's own file:line (as a debugger reads .debug_line from an ELF).
//
// The built modules go to a directory of gomachine's under the system's temporary
// directory, named after a hash of the sources: the user's directory is left as
// it was, and needs no package.json — whether it is inside the repository or not,
// the program's imports of gomachine (a relative path into src/, or
// `gomachine/runtime`, `gomachine/libc`, `gomachine/uapi`, `gomachine/instr`)
// resolve to the same modules the simulator itself runs on.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { Executable } from '../../kernel/uapi/image.ts';
import { checkProgram, compilerOptions, formatProblem, GOMACHINE_IMPORTS } from './check.ts';
import { buildModule, importsOf } from './instrument.ts';
import { resetGuard } from './guard.ts';
import { moduleUrl } from '../built.ts';
import { registerProgramModule } from '../../runtime/racewatch.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SRC = path.join(ROOT, 'src') + path.sep;
const GUARD_URL = moduleUrl(path.join(ROOT, 'src/scenario/userprog/guard.ts'));
const CACHE = path.join(tmpdir(), `gomachine-${process.getuid?.() ?? 'user'}`, 'programs');

interface UserModule { file: string; source: string; out: string; deps: Map<string, string> }

/** The modules of gomachine a program may import: those it is given names for (check.ts). */
const PUBLIC = new Map(Object.entries(GOMACHINE_IMPORTS).map(([name, file]) => [path.join(ROOT, file), name]));

/**
 * A program imports gomachine through its public modules only, as Go refuses a package's import
 * of another tree's internal packages: the built command holds the other modules inside its own
 * files, where no program can reach the copy the simulator runs on.
 */
function internalImport(file: string, spec: string, to: string): string {
  const names = [...PUBLIC].map(([f, name]) => `${name} (${path.relative(ROOT, f)})`).join(', ');
  return `${file}: import of ${spec}: use of gomachine's internal module ${path.relative(ROOT, to)} not allowed; a program imports ${names}`;
}

/** The user's modules from `entry` on: every import that resolves to a file outside gomachine's src/. */
function discover(entry: string): UserModule[] | string {
  const opts = compilerOptions(ROOT);
  const mods = new Map<string, UserModule>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (mods.has(file)) continue;
    let source: string;
    try { source = readFileSync(file, 'utf8'); } catch (e) { return `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`; }
    const m: UserModule = { file, source, out: '', deps: new Map() };
    mods.set(file, m);
    const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
    for (const spec of importsOf(sf)) {
      const r = ts.resolveModuleName(spec, file, opts, ts.sys).resolvedModule;
      if (r === undefined || r.isExternalLibraryImport === true) continue; // node:, npm packages: as Node resolves them
      const to = path.resolve(r.resolvedFileName);
      if (to.startsWith(SRC) && !PUBLIC.has(to)) return internalImport(file, spec, to);
      m.deps.set(spec, to);
      if (!to.startsWith(SRC)) queue.push(to);
    }
  }
  return [...mods.values()];
}

/** A built module's line table: its positions back to the user's source. */
const lineTables = new Map<string, { file: string; map: SourceMap }>();

/** Where in the user's source an exception was thrown: the first stack frame in a user module, as file:line:column. */
export function whereThrown(err: unknown): string | null {
  const stack = err instanceof Error ? err.stack ?? '' : '';
  for (const m of stack.matchAll(/((?:file:\/\/)?\/[^\s():]+\.mjs):(\d+):(\d+)/g)) {
    const p = m[1]!.startsWith('file:') ? fileURLToPath(m[1]!) : m[1]!;
    const t = lineTables.get(p);
    if (t === undefined) continue;
    const e = t.map.findEntry(Number(m[2]) - 1, Number(m[3]) - 1) as { originalLine?: number; originalColumn?: number };
    if (e.originalLine !== undefined) return `${t.file}:${e.originalLine + 1}:${(e.originalColumn ?? 0) + 1}`;
  }
  return null;
}

/** Load the program in `file` (absolute). Returns its Executable, or the problems that stop it, as text. */
export async function loadUserProgram(file: string): Promise<Executable | string> {
  const mods = discover(file);
  if (typeof mods === 'string') return mods;
  const problems = checkProgram(mods.map((m) => m.file), ROOT);
  if (problems.length > 0) return `${problems.length === 1 ? 'an error' : `${problems.length} errors`} in the program\n${problems.map(formatProblem).join('\n')}`;
  // One directory per set of sources: a changed file is a new module URL, never a stale cached one.
  const hash = createHash('sha256');
  for (const m of mods) hash.update(m.file).update('\0').update(m.source).update('\0');
  const dir = path.join(CACHE, hash.digest('hex').slice(0, 16));
  mkdirSync(dir, { recursive: true });
  mods.forEach((m, i) => { m.out = path.join(dir, `${i}-${path.basename(m.file).replace(/\.[cm]?[jt]sx?$/, '')}.mjs`); });
  const outOf = new Map(mods.map((m) => [m.file, m.out]));
  for (const m of mods) {
    const built = buildModule(m.file, m.source, GUARD_URL, (spec) => {
      const to = m.deps.get(spec);
      if (to === undefined) return undefined;
      const out = outOf.get(to);
      return out !== undefined ? pathToFileURL(out).href : moduleUrl(to);
    });
    writeFileSync(m.out, built.code);
    const map = new SourceMap(JSON.parse(built.map) as ConstructorParameters<typeof SourceMap>[0]);
    lineTables.set(m.out, { file: m.file, map });
    registerProgramModule(m.out, (line, col) => {
      const e = map.findEntry(line - 1, col - 1) as { originalLine?: number };
      return e.originalLine !== undefined ? { file: m.file, line: e.originalLine + 1 } : null;
    });
  }
  let mod: Record<string, unknown>;
  try { mod = await import(pathToFileURL(mods[0]!.out).href) as Record<string, unknown>; } catch (e) {
    const where = whereThrown(e);
    return `loading ${file} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}${where !== null ? ` at ${where}` : ''}`;
  }
  const exe = mod.default as Executable | undefined;
  if (typeof exe !== 'object' || exe === null || typeof exe.name !== 'string' || typeof exe.load !== 'function') {
    return `${file} does not export a program as its default export (use cProgram(...) or goProgram(...))`;
  }
  const wrap = (e: Executable): Executable => ({
    name: e.name,
    load: () => { resetGuard(); return e.load(); },
    whereThrown,
    ...(e.withRace !== undefined ? { withRace: () => wrap(e.withRace!()) } : {}),
  });
  return wrap(exe);
}
