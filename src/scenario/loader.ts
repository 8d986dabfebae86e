// Loading a scenario: read the YAML, validate it, and resolve each process's
// program — a built-in app by name, or the default export of a module of the
// user's own (a path relative to the scenario file).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ScenarioSpec, describeIssues } from './schema.ts';
import { mergeExpect } from './expect.ts';
import { BUILTIN_PROGRAMS } from '../apps/index.ts';
import type { Executable } from '../kernel/uapi/image.ts';
import { isCSource, sourceLanguage } from '../lang/source.ts';
import { CompileError } from '../lang/diagnostics.ts';

/** A scenario that cannot be used; the CLI prints it and exits 2. */
export class ScenarioError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: invalid scenario\n${problems.map((p) => `  ${p.replace(/\n/g, '\n    ')}`).join('\n')}`);
  }
}

export interface Scenario {
  file: string;
  name: string;
  spec: ScenarioSpec;
  /** The programs of spec.processes, resolved. */
  programs: Executable[];
  /** The variant this is, if it is one. */
  variant?: string;
  /** The variants' programs, resolved, by variant name. */
  variantPrograms: Map<string, Executable[]>;
}

/** The names of a scenario's variants (empty when it has none). */
export function variantNames(s: Scenario): string[] { return s.spec.variants.map((v) => v.name); }

/** The scenario as one of its variants: the variant's processes (after the common ones). */
export function selectVariant(s: Scenario, name: string | undefined): Scenario {
  if (s.spec.variants.length === 0) {
    if (name !== undefined) throw new ScenarioError(s.file, [`variants: the scenario has none, so there is no variant "${name}"`]);
    return s;
  }
  const v = name === undefined ? s.spec.variants[0]! : s.spec.variants.find((x) => x.name === name);
  if (v === undefined) throw new ScenarioError(s.file, [`variants: no variant "${name}" (have: ${variantNames(s).join(', ')})`]);
  return {
    ...s, name: `${s.name}/${v.name}`, variant: v.name,
    spec: { ...s.spec, machine: { ...s.spec.machine, os: v.os ?? s.spec.machine.os }, processes: [...s.spec.processes, ...v.processes], expect: mergeExpect(s.spec.expect, v.expect) },
    programs: [...s.programs, ...s.variantPrograms.get(v.name)!],
  };
}

// The compilers are loaded on first use: a scenario of built-in programs starts without them.
const langC = (): Promise<typeof import('../lang/c/program.ts')> => import('../lang/c/program.ts');
const langGo = (): Promise<typeof import('../lang/go/compile.ts')> => import('../lang/go/compile.ts');

function isExecutable(x: unknown): x is Executable {
  return typeof x === 'object' && x !== null && typeof (x as Executable).name === 'string' && typeof (x as Executable).load === 'function';
}

export async function resolveProgram(ref: string, baseDir: string): Promise<Executable | string> {
  const builtin = BUILTIN_PROGRAMS[ref];
  if (builtin !== undefined) return builtin;
  if (isCSource(ref)) return (await langC()).resolveCProgram(ref, baseDir); // C source: compiled here
  if (!/[/\\.]/.test(ref)) {
    return `unknown program "${ref}" (built-in programs: ${Object.keys(BUILTIN_PROGRAMS).sort().join(', ')}; or give a module path such as ./my-app.ts)`;
  }
  const file = path.resolve(baseDir, ref);
  // Go source (a .go file, or a directory of package main): compiled by src/lang/go.
  if (sourceLanguage(file) === 'go') {
    const { compileGoPath } = await langGo();
    try { return compileGoPath(file); } catch (e) {
      if (e instanceof CompileError) return `cannot compile ${ref}:\n${e.message}`;
      return `cannot read ${file}: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  // Loaded on first use: checking a program loads TypeScript's compiler, 0.2 s that a run of built-in programs does not need.
  if (/\.[cm]?ts$/.test(file)) return (await import('./userprog/load.ts')).loadUserProgram(file);
  let mod: Record<string, unknown>;
  try { mod = await import(pathToFileURL(file).href) as Record<string, unknown>; } catch (e) {
    return `cannot load program module ${file}: ${(e as Error).message.split('\n')[0]}`;
  }
  const exe = mod.default;
  if (!isExecutable(exe)) return `module ${file} does not export a program as its default export (use cProgram(...) or goProgram(...))`;
  return exe;
}

export async function parseScenario(text: string, file: string): Promise<Scenario> {
  let raw: unknown;
  try { raw = parseYaml(text, { prettyErrors: true }); } catch (e) {
    const msg = e instanceof YAMLParseError ? e.message.split('\n')[0]! : String(e);
    throw new ScenarioError(file, [`YAML: ${msg}`]);
  }
  if (raw === null || typeof raw !== 'object') throw new ScenarioError(file, ['(top level): must be a mapping with at least a `processes` list']);
  const parsed = ScenarioSpec.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(file, describeIssues(parsed.error));
  const spec = parsed.data;
  const problems: string[] = [];
  const programs: Executable[] = [];
  const dir = path.dirname(path.resolve(file));
  const osProblem = (exe: Executable, os: string): string | null => {
    const oses = exe.oses ?? ['linux'];
    return oses.includes(os as never) ? null : `${exe.name} is a program for ${oses.join('/')}, and this machine boots ${os} (set machine.os, or pick the ${os} build of the program)`;
  };
  for (const [i, p] of spec.processes.entries()) {
    const r0 = await resolveProgram(p.program, dir);
    if (typeof r0 === 'string') { problems.push(`processes[${i}].program: ${r0}`); continue; }
    const r = p.race ? raceBuild(r0) : r0;
    if (typeof r === 'string') { problems.push(`processes[${i}].race: ${r}`); continue; }
    programs.push(r);
    for (const os of spec.variants.length > 0 ? spec.variants.map((v) => v.os ?? spec.machine.os) : [spec.machine.os]) {
      const bad = osProblem(r, os);
      if (bad !== null) { problems.push(`processes[${i}].program: ${bad}`); break; }
    }
  }
  const variantPrograms = new Map<string, Executable[]>();
  for (const [vi, v] of spec.variants.entries()) {
    const list: Executable[] = [];
    for (const [i, p] of v.processes.entries()) {
      const r0 = await resolveProgram(p.program, dir);
      if (typeof r0 === 'string') { problems.push(`variants[${vi}].processes[${i}].program: ${r0}`); continue; }
      const r = p.race ? raceBuild(r0) : r0;
      if (typeof r === 'string') { problems.push(`variants[${vi}].processes[${i}].race: ${r}`); continue; }
      list.push(r);
      const bad = osProblem(r, v.os ?? spec.machine.os);
      if (bad !== null) problems.push(`variants[${vi}].processes[${i}].program: ${bad}`);
    }
    variantPrograms.set(v.name, list);
  }
  // A console signal names a process by the name the scenario gives it (its `name`, else its program's).
  const names = new Set([...spec.processes.map((p, i) => p.name ?? programs[i]?.name),
    ...spec.variants.flatMap((v) => v.processes.map((p, i) => p.name ?? variantPrograms.get(v.name)?.[i]?.name))].filter((n) => n !== undefined));
  spec.signals.forEach((x, i) => {
    if (typeof x.process === 'string' && !names.has(x.process)) problems.push(`signals[${i}].process: no process named "${x.process}" (the processes: ${[...names].join(', ')})`);
  });
  if (problems.length > 0) throw new ScenarioError(file, problems);
  return { file, name: spec.name ?? path.basename(file).replace(/\.ya?ml$/, ''), spec, programs, variantPrograms };
}

/** The program built with the race detector, or why it cannot be. */
function raceBuild(exe: Executable): Executable | string {
  if (exe.withRace === undefined) return `${exe.name} cannot be built with the race detector (Go programs, Go and C source, and TypeScript programs on the Go-style runtime or the C library can)`;
  return exe.withRace();
}

/**
 * `--race` on a scenario: every process built with the race detector, as `go run -race`
 * builds the whole program. A process whose program has no race build is an error.
 */
export function raceScenario(s: Scenario): Scenario {
  const problems: string[] = [];
  const build = (list: readonly Executable[], where: string): Executable[] => list.map((e, i) => {
    const r = raceBuild(e);
    if (typeof r === 'string') { problems.push(`${where}[${i}].race: ${r}`); return e; }
    return r;
  });
  const programs = build(s.programs, 'processes');
  const variantPrograms = new Map([...s.variantPrograms].map(([k, v]) => [k, build(v, `variants.${k}.processes`)]));
  if (problems.length > 0) throw new ScenarioError(s.file, problems);
  const raced = <T extends { race: boolean }>(ps: T[]): T[] => ps.map((p) => ({ ...p, race: true }));
  return {
    ...s, programs, variantPrograms,
    spec: { ...s.spec, processes: raced(s.spec.processes), variants: s.spec.variants.map((v) => ({ ...v, processes: raced(v.processes) })) },
  };
}

/** How `gomachine run main.go` runs a source program: its own scenario on a default machine. */
export interface SourceRunOptions { args?: string[]; cores?: number; env?: Record<string, string>; seed?: number; race?: boolean }

/**
 * A scenario for one source program (a .go file or a directory of package main):
 * a default machine (2 cores unless --cores), the program with its arguments and
 * environment, run until it exits. Compile errors throw CompileError, printed as
 * the toolchain prints them.
 */
export async function sourceScenario(file: string, o: SourceRunOptions = {}): Promise<Scenario> {
  // C: the .c files that lead the arguments are more files of the program (cc a.c b.c).
  const lang = sourceLanguage(file);
  const c = lang === 'c' ? (await langC()).cSourceFiles(file, o.args ?? []) : null;
  const exe = c !== null ? (await langC()).compileCFiles(c.files) : (await langGo()).compileGoPath(file);
  const spec = ScenarioSpec.parse({
    seed: o.seed ?? 1,
    machine: { cores: o.cores ?? 2 },
    processes: [{ program: c !== null ? c.files.join(' ') : file, args: c !== null ? c.args : o.args ?? [], env: o.env ?? {}, name: exe.name }],
    run: { until: 'exit', timeLimit: '10min' },
  });
  const s: Scenario = { file, name: exe.name, spec, programs: [exe], variantPrograms: new Map() };
  return o.race === true ? raceScenario(s) : s;
}

export async function loadScenario(file: string): Promise<Scenario> {
  // `gomachine dash main.go` (or server.c) and friends: a source program runs on a default machine.
  if (sourceLanguage(file) !== null) return sourceScenario(file);
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch (e) {
    throw new ScenarioError(file, [`cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  return parseScenario(text, file);
}
