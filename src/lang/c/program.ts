// C source as a program of a scenario or of `gomachine run`: a reference such as
// `./server.c` (or several files, `./main.c ./util.c`) is compiled and linked
// into an Executable. Errors come back as cc prints them; warnings are printed
// on stderr when the program is compiled, as cc prints them while it builds.

import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { buildC } from './driver.ts';
import type { Executable } from '../../kernel/uapi/image.ts';

/** A program reference that names C source files. */
export function isCSource(ref: string): boolean {
  const words = ref.trim().split(/\s+/);
  return words.length > 0 && words.every((w) => w.endsWith('.c'));
}

/** Compile the files of `ref` (relative to `baseDir`); the diagnostics' text when the build fails. */
export function resolveCProgram(ref: string, baseDir: string): Executable | string {
  const files = ref.trim().split(/\s+/).map((f) => path.resolve(baseDir, f));
  const missing = files.find((f) => !existsSync(f));
  if (missing !== undefined) return `cc: error: ${missing}: No such file or directory`;
  // Diagnostics name files as the user would give them to cc: relative to the current directory.
  const cwd = process.cwd();
  const sources = files.map((f) => ({ name: f.startsWith(cwd + path.sep) ? path.relative(cwd, f) : f, text: readFileSync(f, 'utf8') }));
  const b = buildC(sources, path.basename(files[0]!).replace(/\.c$/, ''));
  if (b.exe === null) return b.text;
  if (b.text !== '' && !b.cached) process.stderr.write(b.text + '\n');
  return b.exe;
}

/** The scenario `gomachine run prog.c [args...]` runs: the program on the default machine, until it exits. */
export function cRunScenarioYaml(files: string[], args: string[]): string {
  return JSON.stringify({
    name: path.basename(files[0]!).replace(/\.c$/, ''),
    processes: [{ program: files.map((f) => path.resolve(f)).join(' '), args }],
    run: { until: 'exit', timeLimit: '60s' },
  });
}
