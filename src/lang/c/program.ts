// C source as a program of a scenario or of `gomachine run`: a reference such as
// `./server.c` (or several files of one program, `./main.c ./util.c`) is compiled
// and linked into an Executable. A failed build is a CompileError whose message
// is cc's output (file:line:col, the line, a caret), which the CLI prints before
// exiting 1; warnings are printed on stderr when the program is compiled, as cc
// prints them while it builds.

import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { buildC } from './driver.ts';
import { CompileError } from '../diagnostics.ts';
import type { Executable } from '../../kernel/uapi/image.ts';

/** A build that failed: its message is what cc printed. */
export class CCompileError extends CompileError {
  /** cc (gcc) exits 1 when a file does not compile. */
  override readonly exitStatus: number = 1;
  constructor(text: string) {
    super([]);
    this.message = text;
  }
}

export { isCSource } from '../source.ts';

/** `gomachine run a.c b.c x y`: the .c files that lead the arguments belong to the program. */
export function cSourceFiles(first: string, args: readonly string[]): { files: string[]; args: string[] } {
  const k = args.findIndex((a) => !a.endsWith('.c'));
  const more = k < 0 ? [...args] : args.slice(0, k);
  return { files: [first, ...more], args: k < 0 ? [] : args.slice(k) };
}

/** Compile C files (paths as the user gave them); throws CCompileError when the build fails. */
export function compileCFiles(files: readonly string[]): Executable {
  for (const f of files) if (!existsSync(f)) throw new CCompileError(`cc: error: ${f}: No such file or directory`);
  const cwd = process.cwd();
  // Diagnostics name files as the user would give them to cc: relative to the current directory.
  const sources = files.map((f) => {
    const abs = path.resolve(f);
    return { name: abs.startsWith(cwd + path.sep) ? path.relative(cwd, abs) : abs, text: readFileSync(abs, 'utf8') };
  });
  const b = buildC(sources, path.basename(files[0]!).replace(/\.c$/, ''));
  if (b.exe === null) throw new CCompileError(b.text);
  if (b.text !== '' && !b.cached) process.stderr.write(b.text + '\n');
  return b.exe;
}

/** A scenario's `program: ./a.c [./b.c]`, relative to the scenario's directory; cc's output when the build fails. */
export function resolveCProgram(ref: string, baseDir: string): Executable | string {
  try { return compileCFiles(ref.trim().split(/\s+/).map((f) => path.resolve(baseDir, f))); } catch (e) {
    if (e instanceof CCompileError) return e.message;
    throw e;
  }
}
