// Diagnostics as cc prints them: `file:line:col: error: message`, then the source
// line with its number in a gutter and a caret under the column (gcc 12's layout).
// Errors stop the build (CError is thrown at the first one, as a front end that
// cannot recover); warnings are collected and printed with the build's result.

import type { SourceFile } from '../cache.ts';
export type { SourceFile };

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic { severity: Severity; file: SourceFile; line: number; col: number; message: string }

/** Where a diagnostic points: anything with a file, a line and a column (a token). */
export interface Loc { file: SourceFile; line: number; col: number }

/** A compile error: the build stops here. */
export class CError extends Error {
  readonly diag: Diagnostic;
  constructor(file: SourceFile, line: number, col: number, message: string) {
    super(message);
    this.diag = { severity: 'error', file, line, col, message };
  }
  static at(loc: Loc, message: string): CError { return new CError(loc.file, loc.line, loc.col, message); }
}

/** One diagnostic in cc's format, with its source line and caret. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file.name}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
  const src = d.file.text.split('\n')[d.line - 1];
  if (src === undefined) return head;
  const text = src.replace(/\r$/, '');
  const gutter = String(d.line).padStart(5);
  const caretPad = text.slice(0, Math.max(0, d.col - 1)).replace(/[^\t]/g, ' ');
  return `${head}\n${gutter} | ${text}\n${' '.repeat(gutter.length)} | ${caretPad}^`;
}

/** The warnings a build produced (errors are thrown). */
export class Diagnostics {
  readonly list: Diagnostic[] = [];
  warn(loc: Loc, message: string): void { this.list.push({ severity: 'warning', file: loc.file, line: loc.line, col: loc.col, message }); }
  note(loc: Loc, message: string): void { this.list.push({ severity: 'note', file: loc.file, line: loc.line, col: loc.col, message }); }
  get warnings(): Diagnostic[] { return this.list.filter((d) => d.severity === 'warning'); }
}
