// Reading a program's sources: one file, or a directory of files of one package
// (every *.go, or *.c, file in it except tests), as the toolchains take them.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from './cache.ts';

/** The language a path is written in, by its extension (or its directory's files). */
export function sourceLanguage(p: string): 'go' | 'c' | null {
  if (/\.go$/.test(p)) return 'go';
  if (/\.c$/.test(p)) return 'c';
  try {
    if (statSync(p).isDirectory()) {
      const names = readdirSync(p);
      if (names.some((n) => n.endsWith('.go'))) return 'go';
      if (names.some((n) => n.endsWith('.c'))) return 'c';
    }
  } catch { /* not there: not a source */ }
  return null;
}

/** A program reference that names C source files. */
export function isCSource(ref: string): boolean {
  const words = ref.trim().split(/\s+/);
  return words.length > 0 && words.every((w) => w.endsWith('.c'));
}

/**
 * The files of a program. Names are relative to the directory the user named (or
 * the file's own directory), which is how go build prints them: ./main.go.
 */
export function readSources(p: string, ext: string): SourceFile[] {
  const st = statSync(p);
  if (!st.isDirectory()) return [{ name: path.basename(p), text: readFileSync(p, 'utf8') }];
  const names = readdirSync(p).filter((n) => n.endsWith(ext) && !n.endsWith(`_test${ext}`)).sort();
  if (names.length === 0) throw new Error(`no ${ext} files in ${p}`);
  return names.map((n) => ({ name: n, text: readFileSync(path.join(p, n), 'utf8') }));
}
