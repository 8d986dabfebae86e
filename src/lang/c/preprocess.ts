// Stage 2: the preprocessor (translation phase 4). It runs over the token list of
// a file and produces the tokens the parser sees: directives are obeyed and
// removed, `#include` splices in another file's tokens, and macros are expanded.
//
// Expansion follows the C standard's model (as Prosser's algorithm and chibicc
// implement it): every token carries a hide set, the names of the macros whose
// expansion produced it, and a macro is never expanded inside its own result —
// so `#define foo foo` terminates and `#define f(x) x f` expands once. Arguments
// of a function-like macro are fully expanded before substitution, except where
// they are operands of `#` (stringized as written) or `##` (pasted as written).
//
// `#if` expressions are evaluated in intmax_t (64 bits), after `defined` is
// resolved and macros are expanded; identifiers left over are 0, as the standard
// says.

import path from 'node:path';
import { tokenize, decodeString, type Token } from './tokenize.ts';
import { CError, type SourceFile } from './diagnostics.ts';

interface Macro {
  name: string;
  params: string[] | null;  // null: object-like
  variadic: boolean;
  /** The name the variable arguments go by: __VA_ARGS__, or GNU's `name...`. */
  vaName?: string;
  body: Token[];
  builtin?: (use: Token) => Token;
}

/** What the preprocessor needs from its surroundings: files, by path. */
export interface PPHost {
  /** The text of the file at `file`, or undefined if there is none. */
  readFile(file: string): string | undefined;
  /** Directories searched for <header> (and for "header" after the includer's own directory). */
  includeDirs: string[];
}

/** A token stream with a stack in front of it for tokens pushed back (macro results, included files). */
class Stream {
  private readonly pending: Token[] = [];
  private i = 0;
  constructor(private readonly toks: Token[]) {}
  next(): Token {
    if (this.pending.length > 0) return this.pending.pop()!;
    const t = this.toks[this.i]!;
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  peek(): Token { return this.pending.length > 0 ? this.pending[this.pending.length - 1]! : this.toks[this.i]!; }
  unshift(list: readonly Token[]): void { for (let k = list.length - 1; k >= 0; k--) this.pending.push(list[k]!); }
}

interface Cond { taken: boolean; sawElse: boolean; tok: Token }

const PREDEFINED: Record<string, string> = {
  __STDC__: '1', __STDC_VERSION__: '201112L', __STDC_HOSTED__: '1',
  __x86_64__: '1', __x86_64: '1', __amd64__: '1', __linux__: '1', __linux: '1', __unix__: '1', __unix: '1', __ELF__: '1',
  __LP64__: '1', _LP64: '1', __CHAR_BIT__: '8', __SIZEOF_INT__: '4', __SIZEOF_LONG__: '8', __SIZEOF_LONG_LONG__: '8',
  __SIZEOF_SHORT__: '2', __SIZEOF_POINTER__: '8', __SIZEOF_FLOAT__: '4', __SIZEOF_DOUBLE__: '8', __SIZEOF_SIZE_T__: '8',
  __INT_MAX__: '2147483647', __LONG_MAX__: '9223372036854775807L', __SCHAR_MAX__: '127', __SHRT_MAX__: '32767',
  __ORDER_LITTLE_ENDIAN__: '1234', __ORDER_BIG_ENDIAN__: '4321', __BYTE_ORDER__: '1234',
  __gomachine__: '1',
};

export class Preprocessor {
  private readonly macros = new Map<string, Macro>();
  private readonly once = new Set<string>();
  private depth = 0;

  constructor(private readonly host: PPHost) {
    const predef: SourceFile = { name: '<built-in>', text: '' };
    for (const [k, v] of Object.entries(PREDEFINED)) this.define(k, null, false, tokenize({ name: predef.name, text: v }).slice(0, -1));
    const builtin = (name: string, f: (use: Token) => Token): void => { this.macros.set(name, { name, params: null, variadic: false, body: [], builtin: f }); };
    const root = (t: Token): Token => { let r = t; while (r.origin !== null) r = r.origin; return r; };
    builtin('__LINE__', (t) => ({ ...t, kind: 'num', text: String(root(t).line), origin: t }));
    builtin('__FILE__', (t) => ({ ...t, kind: 'str', text: JSON.stringify(root(t).file.name), origin: t }));
    builtin('__DATE__', (t) => ({ ...t, kind: 'str', text: '"Jan  1 1970"', origin: t }));
    builtin('__TIME__', (t) => ({ ...t, kind: 'str', text: '"00:00:00"', origin: t }));
  }

  private define(name: string, params: string[] | null, variadic: boolean, body: Token[]): void {
    this.macros.set(name, { name, params, variadic, body });
  }

  /** Preprocess a file given by path and text; returns the tokens for the parser (ending in eof). */
  run(file: SourceFile): Token[] {
    const out: Token[] = [];
    const s = new Stream(tokenize(file));
    const conds: Cond[] = [];
    for (;;) {
      const t = s.next();
      if (t.kind === 'eof') {
        if (conds.length > 0) throw CError.at(conds[conds.length - 1]!.tok, 'unterminated #if');
        out.push(t);
        return out;
      }
      if (t.kind === 'punct' && t.text === '#' && t.bol && t.origin === null) { this.directive(s, t, conds); continue; }
      if (this.expand(t, s)) continue;
      out.push(t);
    }
  }

  // --- directives -------------------------------------------------------------------

  /** The rest of the directive's line. */
  private line(s: Stream): Token[] {
    const out: Token[] = [];
    while (!s.peek().bol && s.peek().kind !== 'eof') out.push(s.next());
    return out;
  }

  private directive(s: Stream, hash: Token, conds: Cond[]): void {
    const name = s.peek();
    if (name.bol || name.kind === 'eof') return; // the null directive
    s.next();
    const rest = this.line(s);
    switch (name.text) {
      case 'include': this.include(s, name, rest); return;
      case 'define': this.defineDirective(name, rest); return;
      case 'undef': if (rest[0]?.kind !== 'ident') throw CError.at(name, 'macro names must be identifiers'); this.macros.delete(rest[0].text); return;
      case 'if': { const v = this.evalIf(name, rest); conds.push({ taken: v, sawElse: false, tok: hash }); if (!v) this.skip(s, conds); return; }
      case 'ifdef': case 'ifndef': {
        if (rest[0]?.kind !== 'ident') throw CError.at(name, `no macro name given in #${name.text} directive`);
        const v = this.macros.has(rest[0].text) === (name.text === 'ifdef');
        conds.push({ taken: v, sawElse: false, tok: hash });
        if (!v) this.skip(s, conds);
        return;
      }
      case 'elif': case 'else': {
        const c = conds[conds.length - 1];
        if (c === undefined) throw CError.at(name, `#${name.text} without #if`);
        if (c.sawElse) throw CError.at(name, `#${name.text} after #else`);
        if (name.text === 'else') c.sawElse = true;
        // We were in a taken group: everything up to #endif is skipped.
        this.skip(s, conds, true);
        return;
      }
      case 'endif': if (conds.pop() === undefined) throw CError.at(name, '#endif without #if'); return;
      case 'error': throw CError.at(name, `#error ${rest.map((t) => (t.space ? ' ' : '') + t.text).join('').trim()}`);
      case 'warning': case 'pragma': case 'line': case 'ident': return;
      default:
        if (name.kind === 'num') return; // a GNU line marker
        throw CError.at(name, `invalid preprocessing directive #${name.text}`);
    }
  }

  /**
   * Skip a group whose condition was false: up to the #elif/#else that is taken or
   * the matching #endif. With `all`, skip to #endif (a group was already taken).
   */
  private skip(s: Stream, conds: Cond[], all = false): void {
    let depth = 0;
    for (;;) {
      const t = s.next();
      if (t.kind === 'eof') throw CError.at(conds[conds.length - 1]!.tok, 'unterminated #if');
      if (!(t.kind === 'punct' && t.text === '#' && t.bol)) continue;
      const d = s.peek();
      if (d.bol) continue;
      if (d.text === 'if' || d.text === 'ifdef' || d.text === 'ifndef') { depth++; this.line(s); continue; }
      if (d.text === 'endif') {
        if (depth > 0) { depth--; this.line(s); continue; }
        s.next(); this.line(s); conds.pop(); return;
      }
      if (depth > 0) continue;
      const c = conds[conds.length - 1]!;
      if (d.text === 'else') {
        if (c.sawElse) throw CError.at(d, '#else after #else');
        s.next(); this.line(s); c.sawElse = true;
        if (!all) { c.taken = true; return; }
        continue;
      }
      if (d.text === 'elif') {
        s.next(); const expr = this.line(s);
        if (!all && this.evalIf(d, expr)) { c.taken = true; return; }
      }
    }
  }

  private include(s: Stream, at: Token, rest: Token[]): void {
    let toks = rest;
    if (toks[0]?.kind === 'ident') toks = this.expandList(toks);
    let name: string; let quoted: boolean;
    if (toks[0]?.kind === 'str') { name = toks[0].text.slice(1, -1); quoted = true; }
    else if (toks[0]?.text === '<') {
      const end = toks.findIndex((t) => t.text === '>');
      if (end < 0) throw CError.at(at, 'missing terminating > character');
      name = toks.slice(1, end).map((t, i) => (i > 0 && t.space ? ' ' : '') + t.text).join('');
      quoted = false;
    } else throw CError.at(at, '#include expects "FILENAME" or <FILENAME>');
    const dirs = [...(quoted ? [path.dirname(at.file.name)] : []), ...this.host.includeDirs];
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (this.once.has(file)) return;
      const text = this.host.readFile(file);
      if (text === undefined) continue;
      if (++this.depth > 200) throw CError.at(at, '#include nested depth 200 exceeds maximum');
      const toks2 = tokenize({ name: dir === path.dirname(at.file.name) && quoted ? file : name.startsWith('/') ? file : file, text });
      if (/^\s*#\s*pragma\s+once/m.test(text)) this.once.add(file);
      toks2.pop(); // eof
      s.unshift(toks2);
      this.depth--;
      return;
    }
    throw CError.at(rest[0] ?? at, `${name}: No such file or directory`);
  }

  private defineDirective(at: Token, rest: Token[]): void {
    const n = rest[0];
    if (n === undefined || n.kind !== 'ident') throw CError.at(at, 'macro names must be identifiers');
    const body = rest.slice(1);
    // Function-like: a '(' immediately after the name, with no space.
    if (body[0]?.text === '(' && !body[0].space) {
      const params: string[] = []; let variadic = false; let i = 1; let vaName = '__VA_ARGS__';
      if (body[i]?.text !== ')') {
        for (;;) {
          const p = body[i];
          if (p === undefined) throw CError.at(n, 'missing \')\' in macro parameter list');
          if (p.text === '...') { variadic = true; i++; break; }
          if (p.kind !== 'ident') throw CError.at(p, `expected parameter name, found "${p.text}"`);
          params.push(p.text); i++;
          if (body[i]?.text === '...') { variadic = true; params.pop(); vaName = p.text; i++; break; }
          if (body[i]?.text === ',') { i++; continue; }
          break;
        }
      }
      if (body[i]?.text !== ')') throw CError.at(body[i] ?? n, 'missing \')\' in macro parameter list');
      this.define(n.text, params, variadic, body.slice(i + 1));
      this.macros.get(n.text)!.vaName = vaName;
      return;
    }
    this.define(n.text, null, false, body);
  }

  // --- #if ----------------------------------------------------------------------------

  private evalIf(at: Token, line: Token[]): boolean {
    // `defined X` and `defined(X)` are resolved before expansion.
    const pre: Token[] = [];
    for (let i = 0; i < line.length; i++) {
      const t = line[i]!;
      if (t.kind === 'ident' && t.text === 'defined') {
        let name = line[i + 1];
        if (name?.text === '(') { name = line[i + 2]; if (line[i + 3]?.text !== ')') throw CError.at(t, 'missing \')\' after "defined"'); i += 3; } else i += 1;
        if (name === undefined || name.kind !== 'ident') throw CError.at(t, 'operator "defined" requires an identifier');
        pre.push({ ...t, kind: 'num', text: this.macros.has(name.text) ? '1' : '0' });
        continue;
      }
      pre.push(t);
    }
    const toks = this.expandList(pre).map((t) => (t.kind === 'ident' ? { ...t, kind: 'num' as const, text: t.text === 'true' ? '1' : '0' } : t));
    if (toks.length === 0) throw CError.at(at, '#if with no expression');
    return new IfExpr(toks, at).eval() !== 0n;
  }

  // --- macro expansion ------------------------------------------------------------------

  /** Fully expand a list of tokens on its own (a macro argument, an #if line). */
  private expandList(list: Token[]): Token[] {
    const eof: Token = { ...(list[list.length - 1] ?? PLACEHOLDER), kind: 'eof', text: '' };
    const s = new Stream([...list, eof]);
    const out: Token[] = [];
    for (;;) {
      const t = s.next();
      if (t.kind === 'eof') return out;
      if (this.expand(t, s)) continue;
      out.push(t);
    }
  }

  /** If `t` names a macro that applies here, push its expansion back onto `s` and return true. */
  private expand(t: Token, s: Stream): boolean {
    if (t.kind !== 'ident') return false;
    const m = this.macros.get(t.text);
    if (m === undefined || (t.hide !== null && t.hide.has(t.text))) return false;
    if (m.builtin !== undefined) { s.unshift([{ ...m.builtin(t), bol: false }]); return true; }
    if (m.params === null) {
      const hide = addHide(t.hide, m.name);
      s.unshift(m.body.map((b, i) => ({ ...b, hide: b.hide === null ? hide : union(b.hide, hide), origin: t, bol: false, space: i === 0 ? t.space : b.space })));
      return true;
    }
    // A function-like macro name not followed by '(' is not an invocation.
    if (s.peek().text !== '(') return false;
    s.next();
    const { args, rparen } = this.readArgs(s, t, m);
    const hide = addHide(intersect(t.hide, rparen.hide), m.name);
    const body = this.substitute(m, args, t);
    s.unshift(body.map((b, i) => ({ ...b, hide: b.hide === null ? hide : union(b.hide, hide), origin: t, bol: false, space: i === 0 ? t.space : b.space })));
    return true;
  }

  private readArgs(s: Stream, name: Token, m: Macro): { args: Token[][]; rparen: Token } {
    const args: Token[][] = [[]];
    let depth = 0;
    for (;;) {
      const t = s.next();
      if (t.kind === 'eof') throw CError.at(name, `unterminated argument list invoking macro "${m.name}"`);
      if (t.text === '(' && t.kind === 'punct') depth++;
      else if (t.text === ')' && t.kind === 'punct') {
        if (depth === 0) {
          const n = m.params!.length;
          if (args.length === 1 && args[0]!.length === 0 && n === 0 && !m.variadic) args.pop();
          if (m.variadic) { while (args.length < n + 1) args.push([]); if (args.length > n + 1) { const va = args.splice(n); args.push(va.flatMap((a, i) => (i === 0 ? a : [COMMA, ...a]))); } }
          else if (args.length !== n) throw CError.at(name, `macro "${m.name}" ${args.length > n ? 'passed' : 'requires'} ${n === 0 || args.length > n ? args.length : n} arguments, but ${args.length > n ? 'takes just' : 'only'} ${args.length > n ? n : args.length}${args.length > n ? '' : ' given'}`);
          return { args, rparen: t };
        }
        depth--;
      } else if (t.text === ',' && t.kind === 'punct' && depth === 0 && !(m.variadic && args.length > m.params!.length)) { args.push([]); continue; }
      args[args.length - 1]!.push(t);
    }
  }

  private substitute(m: Macro, args: Token[][], use: Token): Token[] {
    const params = m.variadic ? [...m.params!, m.vaName ?? '__VA_ARGS__'] : m.params!;
    const argOf = (t: Token | undefined): Token[] | undefined => {
      if (t === undefined || t.kind !== 'ident') return undefined;
      const i = params.indexOf(t.text);
      return i < 0 ? undefined : args[i]!;
    };
    const expanded = new Map<number, Token[]>();
    const out: Token[] = [];
    const body = m.body;
    for (let i = 0; i < body.length; i++) {
      const t = body[i]!;
      if (t.text === '#' && t.kind === 'punct') {
        const a = argOf(body[i + 1]);
        if (a === undefined) throw CError.at(t, "'#' is not followed by a macro parameter");
        out.push({ ...t, kind: 'str', text: stringize(a), space: t.space });
        i++; continue;
      }
      if (t.text === '##' && t.kind === 'punct') {
        if (out.length === 0 || i === body.length - 1) throw CError.at(t, "'##' cannot appear at either end of a macro expansion");
        const rhsTok = body[i + 1]!;
        const rhs = argOf(rhsTok) ?? [rhsTok];
        i++;
        // GNU: `, ## __VA_ARGS__` drops the comma when the variable arguments are empty.
        if (rhsTok.text === (m.vaName ?? '__VA_ARGS__') && out[out.length - 1]!.text === ',' && rhs.length === 0) { out.pop(); continue; }
        if (rhs.length === 0) continue;
        const lhs = out.pop()!;
        out.push(paste(lhs, rhs[0]!, use), ...rhs.slice(1));
        continue;
      }
      const a = argOf(t);
      if (a !== undefined) {
        if (body[i + 1]?.text === '##') { // an operand of ## is not expanded
          if (a.length > 0) out.push({ ...a[0]!, space: t.space }, ...a.slice(1));
          else out.push({ ...t, kind: 'punct', text: '', space: t.space }); // placemarker
          continue;
        }
        const pi = params.indexOf(t.text);
        let e = expanded.get(pi);
        if (e === undefined) { e = this.expandList(a); expanded.set(pi, e); }
        if (e.length > 0) out.push({ ...e[0]!, space: t.space }, ...e.slice(1));
        continue;
      }
      out.push(t);
    }
    return out.filter((t) => !(t.kind === 'punct' && t.text === ''));
  }
}

const PLACEHOLDER: Token = { kind: 'eof', text: '', file: { name: '<built-in>', text: '' }, line: 1, col: 1, bol: false, space: false, hide: null, origin: null };
const COMMA: Token = { ...PLACEHOLDER, kind: 'punct', text: ',' };

function addHide(h: ReadonlySet<string> | null, name: string): ReadonlySet<string> { const s = new Set(h ?? []); s.add(name); return s; }
function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> { const s = new Set(a); for (const x of b) s.add(x); return s; }
function intersect(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): ReadonlySet<string> | null {
  if (a === null || b === null) return null;
  const s = new Set<string>(); for (const x of a) if (b.has(x)) s.add(x); return s;
}

/** `#x`: the argument's spelling, white space collapsed to one space, quotes and backslashes escaped in literals. */
function stringize(arg: Token[]): string {
  let s = '';
  arg.forEach((t, i) => { if (i > 0 && t.space) s += ' '; s += t.kind === 'str' || t.kind === 'char' ? t.text.replace(/[\\"]/g, '\\$&') : t.text; });
  return `"${s}"`;
}

/** `a ## b`: one token spelled as the two together; it must be a valid token. */
function paste(a: Token, b: Token, use: Token): Token {
  const text = a.text + b.text;
  const toks = tokenize({ name: a.file.name, text });
  if (toks.length !== 2) throw CError.at(use, `pasting "${a.text}" and "${b.text}" does not give a valid preprocessing token`);
  return { ...a, kind: toks[0]!.kind, text, hide: null };
}

/** The #if expression evaluator: C's operators on intmax_t (uintmax_t where an operand is unsigned). */
class IfExpr {
  private i = 0;
  constructor(private readonly t: Token[], private readonly at: Token) {}
  eval(): bigint {
    const v = this.cond();
    if (this.i < this.t.length) throw CError.at(this.t[this.i]!, `missing binary operator before token "${this.t[this.i]!.text}"`);
    return v;
  }
  private peek(): string { return this.t[this.i]?.text ?? ''; }
  private cond(): bigint {
    const c = this.bin(0);
    if (this.peek() !== '?') return c;
    this.i++;
    const a = this.cond();
    if (this.peek() !== ':') throw CError.at(this.t[this.i] ?? this.at, "expected ':' in #if expression");
    this.i++;
    const b = this.cond();
    return c !== 0n ? a : b;
  }
  private static readonly PREC: Record<string, number> = {
    '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
  };
  private bin(min: number): bigint {
    let l = this.unary();
    for (;;) {
      const op = this.peek(); const p = IfExpr.PREC[op];
      if (p === undefined || p <= min) return l;
      const opTok = this.t[this.i]!;
      this.i++;
      const r = this.bin(p);
      l = BigInt.asIntN(64, this.apply(op, l, r, opTok));
    }
  }
  private apply(op: string, l: bigint, r: bigint, at: Token): bigint {
    switch (op) {
      case '||': return l !== 0n || r !== 0n ? 1n : 0n;
      case '&&': return l !== 0n && r !== 0n ? 1n : 0n;
      case '|': return l | r; case '^': return l ^ r; case '&': return l & r;
      case '==': return l === r ? 1n : 0n; case '!=': return l !== r ? 1n : 0n;
      case '<': return l < r ? 1n : 0n; case '>': return l > r ? 1n : 0n; case '<=': return l <= r ? 1n : 0n; case '>=': return l >= r ? 1n : 0n;
      case '<<': return l << r; case '>>': return l >> r;
      case '+': return l + r; case '-': return l - r; case '*': return l * r;
      case '/': case '%': if (r === 0n) throw CError.at(at, 'division by zero in #if'); return op === '/' ? l / r : l % r;
    }
    throw CError.at(at, `token "${op}" is not valid in preprocessor expressions`);
  }
  private unary(): bigint {
    const t = this.t[this.i];
    if (t === undefined) throw CError.at(this.at, '#if with no expression');
    this.i++;
    switch (t.text) {
      case '!': return this.unary() === 0n ? 1n : 0n;
      case '-': return -this.unary();
      case '+': return this.unary();
      case '~': return ~this.unary();
      case '(': { const v = this.cond(); if (this.peek() !== ')') throw CError.at(t, "missing ')' in expression"); this.i++; return v; }
    }
    if (t.kind === 'num') {
      const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)[uUlL]*$/.exec(t.text);
      if (m === null) throw CError.at(t, `invalid integer constant "${t.text}" in #if`);
      const s = m[1]!;
      return BigInt(/^0[0-7]+$/.test(s) ? '0o' + s.slice(1) : s);
    }
    if (t.kind === 'char') return BigInt(decodeString(t)[0] ?? 0);
    throw CError.at(t, `token "${t.text}" is not valid in preprocessor expressions`);
  }
}
