// Diagnostics of a source-language front end, shared by the Go and C compilers.
// A position is file:line:col with a 1-based line and a 1-based column counted in
// bytes (as gc and gcc count them), and a diagnostic prints as the Go toolchain
// prints it: `./main.go:7:2: undefined: foo`. Go stops after ten errors with
// "too many errors"; a compile with any error runs nothing.

export interface Pos { readonly file: string; readonly line: number; readonly col: number }

export interface Diagnostic { readonly pos: Pos; readonly msg: string }

/** How a file is named in a message: relative to the directory the user compiled, with ./ as go build does. */
export function displayName(file: string): string {
  return file.startsWith('/') || file.startsWith('./') || file.startsWith('../') ? file : `./${file}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${displayName(d.pos.file)}:${d.pos.line}:${d.pos.col}: ${d.msg}`;
}

/** The compiler's error list. Sorted by position, as gc reports them; ten at most, then "too many errors". */
export class CompileError extends Error {
  /** `heading`: the line a build tool prints before the messages (`# command-line-arguments` for go run of files). */
  constructor(readonly diagnostics: readonly Diagnostic[], readonly heading: string | null = null) {
    super(renderDiagnostics(diagnostics));
    this.name = 'CompileError';
  }
}

export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...ds].sort((a, b) => (a.pos.file < b.pos.file ? -1 : a.pos.file > b.pos.file ? 1 : a.pos.line - b.pos.line || a.pos.col - b.pos.col))) {
    // gc drops a message identical to the one before it (position included); two
    // different errors on one line are both reported (two bad arguments of one call).
    const key = formatDiagnostic(d);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

export function renderDiagnostics(ds: readonly Diagnostic[], max = 10): string {
  const sorted = sortDiagnostics(ds);
  const lines = sorted.slice(0, max).map(formatDiagnostic);
  if (sorted.length > max) lines.push(`${displayName(sorted[max]!.pos.file)}:${sorted[max]!.pos.line}:${sorted[max]!.pos.col}: too many errors`);
  return lines.join('\n');
}

/** Line and byte column of a UTF-16 offset in a text, computed from a table of line starts. */
export class LineTable {
  private readonly starts: number[] = [0];
  constructor(readonly file: string, private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  pos(offset: number): Pos {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1; }
    const start = this.starts[lo]!;
    const col = Buffer.byteLength(this.text.slice(start, offset), 'utf8') + 1;
    return { file: this.file, line: lo + 1, col };
  }
}
