// Stage 1 of the C compiler: turn a source file's text into tokens. Each token
// knows where it came from (file, line, column) so that every later stage can
// report `file:line:col` with the source line under it; and whether it begins a
// line (the preprocessor's directives start with `#` at the beginning of a line)
// or follows white space (what `#` stringizing preserves as one space).
//
// Like a real C front end, the phases of translation 1-3 happen here: line
// splices (backslash-newline) are removed, comments become white space, and the
// text is split into preprocessing tokens. Numbers stay as pp-numbers until the
// parser converts them (a pp-number such as `1.5e+3f` is one token).

import { CError, type SourceFile } from './diagnostics.ts';

export type TokenKind = 'ident' | 'num' | 'str' | 'char' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  file: SourceFile;
  line: number;
  col: number;
  /** First token on its (logical) line. */
  bol: boolean;
  /** White space before it. */
  space: boolean;
  /** Macros that must not expand this token again (the C standard's "hide set"). */
  hide: ReadonlySet<string> | null;
  /** For a token that came from a macro: where the macro was used, for diagnostics. */
  origin: Token | null;
}

// Longest first, so that `>>=` wins over `>>` and `>`.
const PUNCTS = [
  '<<=', '>>=', '...', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##',
  '[', ']', '(', ')', '{', '}', '.', '&', '*', '+', '-', '~', '!', '/', '%', '<', '>', '^', '|',
  '?', ':', ';', '=', ',', '#',
];

function isIdentStart(c: string): boolean { return /[A-Za-z_$]/.test(c) || c.charCodeAt(0) >= 0x80; }
function isIdentChar(c: string): boolean { return /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80; }

/** Tokenize a whole file. The last token is always `eof`. */
export function tokenize(file: SourceFile): Token[] {
  const src = file.text;
  const out: Token[] = [];
  let i = 0; let line = 1; let lineStart = 0;
  let bol = true; let space = false;
  const tok = (kind: TokenKind, start: number, end: number, l: number, c: number): void => {
    out.push({ kind, text: src.slice(start, end).replace(/\\\r?\n/g, ''), file, line: l, col: c, bol, space, hide: null, origin: null });
    bol = false; space = false;
  };
  // Skip a backslash-newline at i (a line splice), keeping the line count right.
  const splice = (): boolean => {
    if (src[i] === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3; line++; lineStart = i; return true;
    }
    return false;
  };
  while (i < src.length) {
    if (splice()) continue;
    const c = src[i]!;
    if (c === '\n') { i++; line++; lineStart = i; bol = true; space = false; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') { i++; space = true; continue; }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') { if (!splice()) i++; }
      space = true; continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const l = line; const col = i - lineStart + 1;
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new CError(file, l, col, 'unterminated comment');
      for (let j = i; j < end; j++) if (src[j] === '\n') { line++; lineStart = j + 1; }
      i = end + 2; space = true; continue;
    }
    const l = line; const col = i - lineStart + 1; const start = i;
    // Numbers: a pp-number is a digit (or . digit) followed by identifier characters,
    // dots, and exponent signs.
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      i++;
      for (;;) {
        const d = src[i] ?? '';
        if ((d === '+' || d === '-') && /[eEpP]/.test(src[i - 1]!)) { i++; continue; }
        if (/[A-Za-z0-9_.]/.test(d)) { i++; continue; }
        break;
      }
      tok('num', start, i, l, col); continue;
    }
    // Identifiers; an encoding prefix (u8, u, U, L) right before a quote starts a literal.
    if (isIdentStart(c)) {
      i++;
      while (i < src.length && isIdentChar(src[i]!)) i++;
      const word = src.slice(start, i);
      if (!((word === 'u8' || word === 'u' || word === 'U' || word === 'L') && (src[i] === '"' || src[i] === "'"))) { tok('ident', start, i, l, col); continue; }
    }
    // String and character literals.
    if (src[i] === '"' || src[i] === "'") {
      const q = src[i]!;
      i++;
      while (i < src.length && src[i] !== q) {
        if (src[i] === '\n') throw new CError(file, l, col, `missing terminating ${q} character`);
        if (src[i] === '\\') i++;
        i++;
      }
      if (i >= src.length) throw new CError(file, l, col, `missing terminating ${q} character`);
      i++;
      tok(q === '"' ? 'str' : 'char', start, i, l, col); continue;
    }
    const p = PUNCTS.find((x) => src.startsWith(x, i));
    if (p === undefined) throw new CError(file, l, col, `stray '${c}' in program`);
    i += p.length;
    tok('punct', start, i, l, col);
  }
  out.push({ kind: 'eof', text: '', file, line, col: i - lineStart + 1, bol: true, space: false, hide: null, origin: null });
  return out;
}

/** The bytes of a string literal's body (escape sequences decoded), without the NUL. */
export function decodeString(t: Token): number[] {
  const m = /^(u8|u|U|L)?(["'])([\s\S]*)\2$/.exec(t.text);
  if (m === null) throw new CError(t.file, t.line, t.col, `malformed literal ${t.text}`);
  const body = m[3]!;
  const out: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') { const cp = body.codePointAt(i)!; if (cp > 0x7f) { const b = enc.encode(String.fromCodePoint(cp)); out.push(...b); if (cp > 0xffff) i++; } else out.push(cp); continue; }
    const e = body[++i]!;
    switch (e) {
      case 'n': out.push(10); break;
      case 't': out.push(9); break;
      case 'r': out.push(13); break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        let v = 0; let k = 0;
        while (k < 3 && /[0-7]/.test(body[i] ?? '')) { v = v * 8 + Number(body[i]); i++; k++; }
        i--; out.push(v & 0xff); break;
      }
      case 'x': {
        let v = 0; i++;
        while (/[0-9a-fA-F]/.test(body[i] ?? '')) { v = v * 16 + parseInt(body[i]!, 16); i++; }
        i--; out.push(v & 0xff); break;
      }
      case 'a': out.push(7); break;
      case 'b': out.push(8); break;
      case 'f': out.push(12); break;
      case 'v': out.push(11); break;
      case 'e': out.push(27); break;
      default: out.push(e.charCodeAt(0)); break; // \\ \' \" \?
    }
  }
  return out;
}
