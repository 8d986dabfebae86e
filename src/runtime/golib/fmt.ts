// package fmt for compiled programs: values are formatted from their run-time
// type descriptors as Go's fmt does it (print.go's printValue/handleMethods):
// %v of a struct is {1 2}, %+v {X:1 Y:2}, %#v main.P{X:1, Y:2}, pointers to
// structs &{…}, maps sorted by key, nil slices [], errors and Stringers by their
// methods, floats with %g's shortest form, %q with Go's quoting, widths, flags
// and precision, and Go's error strings for bad verbs (%!d(string=hi)).

import { Iface, Slice, GoMap, decodeRune, encodeRune, type TypeDesc, type I64 } from './values.ts';

export type MethodRunner = (fn: (recv: unknown) => Generator<any, unknown, any>, recv: unknown) => unknown;
let runMethod: MethodRunner = () => '';
export function setMethodRunner(f: MethodRunner): void { runMethod = f; }

function callString(x: Iface, name: 'Error' | 'String'): string | null {
  const m = x.t.methods?.[name];
  if (m === undefined) return null;
  if (x.t.kind === 'pointer' && x.v === null && name !== 'Error') { /* Go calls it and recovers the nil dereference */ }
  try { return runMethod(m, x.v) as string; } catch (e) {
    if (x.v === null) return '<nil>';
    throw e;
  }
}

/** Go's %g of a float64 (strconv.FormatFloat(f, 'g', -1, 64)): shortest repr, exponent when < 1e-4 or ≥ 1e21. */
export function formatG(f: number, prec = -1, bits = 64): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  if (prec >= 0) {
    const p = prec === 0 ? 1 : prec;
    const e = Math.floor(Math.log10(Math.abs(Number(f.toPrecision(p)))));
    if (e < -4 || e >= p) return fixExp(Number(f).toExponential(p - 1).replace(/\.?0+e/, 'e'));
    return String(Number(f.toPrecision(p)));
  }
  // strconv's shortest %g: the exponent form when exp < -4 or exp >= 6 (eprec is 6 for the
  // shortest representation): 123456 but 1e+06, 1.234567e+06
  const v = bits === 32 ? Math.fround(f) : f;
  const e = v.toExponential();
  const exp = Number(e.slice(e.indexOf('e') + 1));
  if (exp < -4 || exp >= 6) return fixExp(e);
  return String(v).includes('e') ? fixExp(e) : String(v);
}
function fixExp(s: string): string { return s.replace(/e([+-])(\d)$/, 'e$10$2'); }

/** strconv.Quote over a byte string. */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length;) {
    const [r, n] = decodeRune(s, i);
    if (r === 0xfffd && n === 1 && s.charCodeAt(i) !== 0xef) { out += `\\x${s.charCodeAt(i).toString(16).padStart(2, '0')}`; i++; continue; }
    i += n;
    out += quoteRune(r, '"');
  }
  return out + '"';
}
function quoteRune(r: number, q: string): string {
  switch (r) {
    case 7: return '\\a'; case 8: return '\\b'; case 12: return '\\f'; case 10: return '\\n'; case 13: return '\\r'; case 9: return '\\t'; case 11: return '\\v';
    case 92: return '\\\\';
  }
  if (String.fromCharCode(r) === q) return `\\${q}`;
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, '0')}`;
  if (r >= 0x80 && r < 0xa0) return `\\u${r.toString(16).padStart(4, '0')}`;
  return encodeRune(r);
}
export function quoteRuneLit(r: number): string { return `'${quoteRune(r, "'")}'`; }

interface Flags { plus: boolean; sharp: boolean; minus: boolean; zero: boolean; space: boolean; width: number; prec: number }
const noFlags: Flags = { plus: false, sharp: false, minus: false, zero: false, space: false, width: -1, prec: -1 };

function isUnsignedKind(k: string): boolean { return k.startsWith('uint'); }
function isNumKind(k: string): boolean { return /^(u?int(8|16|32|64)?|uintptr|float(32|64))$/.test(k); }

/** %v of v (an Iface or null), with depth to stop runaway recursion. */
export function formatV(x: Iface | null, f: Flags = noFlags, top = true, depth = 0): string {
  if (x === null) return '<nil>';
  if (depth > 20) return '...';
  if (!f.sharp) {
    const e = callString(x, 'Error'); if (e !== null) return e;
    const s = callString(x, 'String'); if (s !== null) return s;
  }
  return formatValue(x.t, x.v, f, top, depth);
}

function formatValue(t: TypeDesc, v: unknown, f: Flags, top: boolean, depth: number): string {
  const sharp = f.sharp;
  switch (t.kind) {
    case 'bool': return String(v);
    case 'string': return sharp ? quote(v as string) : v as string;
    case 'float64': case 'float32': return formatG(v as number, -1, t.kind === 'float32' ? 32 : 64);
    case 'pointer':
      if (v === null) return sharp ? `(${t.str})(nil)` : '<nil>';
      if (top && depth === 0 && (t.elem!.kind === 'struct' || t.elem!.kind === 'array' || t.elem!.kind === 'slice' || t.elem!.kind === 'map')) return `&${formatNested(t.elem!, v, f, depth + 1)}`;
      return `0xc${(0x000010000 + objectAddr(v)).toString(16).padStart(9, '0')}`;
    case 'struct': case 'array': case 'slice': case 'map': return formatNested(t, v, f, depth);
    case 'chan': case 'func': case 'unsafe.Pointer':
      if (v === null) return sharp && t.kind !== 'func' ? `(${t.str})(nil)` : t.kind === 'func' ? (sharp ? `(${t.str})(nil)` : '<nil>') : '<nil>';
      return `0xc${(0x000020000 + objectAddr(v)).toString(16).padStart(9, '0')}`;
    case 'interface': return formatV(v as Iface | null, f, false, depth + 1);
    default:
      // %#v of an unsigned integer is hexadecimal (fmt's fmt0x64 with sharp), named or not
      if (isNumKind(t.kind)) return sharp && isUnsignedKind(t.kind) ? `0x${(v as I64).toString(16)}` : String(v);
      return String(v);
  }
}

function elemString(t: TypeDesc, v: unknown, f: Flags, depth: number): string {
  if (t.kind === 'interface') return v === null ? (f.sharp ? 'interface {}(nil)' : '<nil>') : formatV(v as Iface, f, false, depth + 1);
  const x = new Iface(t, v);
  if (!f.sharp) {
    const e = callString(x, 'Error'); if (e !== null) return e;
    const s = callString(x, 'String'); if (s !== null) return s;
  }
  if (f.sharp && t.kind === 'string') return quote(v as string);
  if (t.kind === 'pointer' && v !== null && depth > 0) return `0xc${(0x000010000 + objectAddr(v)).toString(16).padStart(9, '0')}`;
  return formatValue(t, v, f, false, depth + 1);
}

function formatNested(t: TypeDesc, v: unknown, f: Flags, depth: number): string {
  switch (t.kind) {
    case 'struct': {
      const o = v as Record<string, unknown>;
      const parts = t.fields!.map((fl) => {
        const s = elemString(fl.type, o[fl.name], f, depth);
        return f.sharp ? `${fl.name}:${s}` : f.plus ? `${fl.name}:${s}` : s;
      });
      return f.sharp ? `${t.str}{${parts.join(', ')}}` : `{${parts.join(' ')}}`;
    }
    case 'array': {
      const parts = Array.from(v as ArrayLike<unknown>, (x) => elemString(t.elem!, x, f, depth)); // a [N]byte is a Uint8Array
      return f.sharp ? `${t.str}{${parts.join(', ')}}` : `[${parts.join(' ')}]`;
    }
    case 'slice': {
      const s = v as Slice | null;
      if (s === null && f.sharp) return `${t.str}(nil)`;
      const parts: string[] = [];
      for (let i = 0; s !== null && i < s.len; i++) parts.push(elemString(t.elem!, s.a[s.off + i], f, depth));
      return f.sharp ? `${t.str}{${parts.join(', ')}}` : `[${parts.join(' ')}]`;
    }
    case 'map': {
      const m = v as GoMap | null;
      if (m === null && f.sharp) return `${t.str}(nil)`;
      const entries = m === null ? [] : [...m.m.values()];
      entries.sort((a, b) => compareKeys(t.key!, a[0], b[0]));
      const parts = entries.map(([k, x]) => `${elemString(t.key!, k, f, depth)}:${elemString(t.elem!, x, f, depth)}`);
      return f.sharp ? `${t.str}{${parts.join(', ')}}` : `map[${parts.join(' ')}]`;
    }
  }
  return '';
}

/** fmt's internal/fmtsort order: numbers and strings ascending, false before true, nil first. */
function compareKeys(t: TypeDesc, a: unknown, b: unknown): number {
  if (t.kind === 'interface') {
    const x = a as Iface | null, y = b as Iface | null;
    if (x === null || y === null) return x === null ? (y === null ? 0 : -1) : 1;
    if (x.t.str !== y.t.str) return x.t.str < y.t.str ? -1 : 1;
    return compareKeys(x.t, x.v, y.v);
  }
  if (t.kind === 'struct') { for (const f of t.fields!) { const c = compareKeys(f.type, (a as Record<string, unknown>)[f.name], (b as Record<string, unknown>)[f.name]); if (c !== 0) return c; } return 0; }
  if (t.kind === 'array') { for (let i = 0; i < (a as unknown[]).length; i++) { const c = compareKeys(t.elem!, (a as unknown[])[i], (b as unknown[])[i]); if (c !== 0) return c; } return 0; }
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  // a 64-bit integer is a number or a bigint (< orders the two forms)
  if (typeof a === 'number' || typeof a === 'bigint' || typeof a === 'string') return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  return 0;
}

const addrs = new WeakMap<object, number>();
let nextAddr = 0;
function objectAddr(o: unknown): number {
  if (typeof o !== 'object' && typeof o !== 'function') return 0;
  let a = addrs.get(o as object);
  if (a === undefined) { a = (++nextAddr) * 0x20; addrs.set(o as object, a); }
  return a;
}

function pad(s: string, f: Flags, numeric = false): string {
  if (f.width < 0) return s;
  const n = runeCount(s);
  if (n >= f.width) return s;
  if (f.minus) return s + ' '.repeat(f.width - n);
  if (f.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    const pre = s.slice(sign!.length).match(/^0[xXbo]/) && f.sharp ? s.slice(sign!.length, sign!.length + 2) : '';
    return sign + pre + '0'.repeat(f.width - n) + s.slice(sign!.length + pre.length);
  }
  return ' '.repeat(f.width - n) + s;
}
function runeCount(s: string): number { let n = 0; for (let i = 0; i < s.length;) { i += decodeRune(s, i)[1]; n++; } return n; }

function badVerb(verb: string, x: Iface | null): string {
  if (x === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${x.t.str}=${formatV(x, noFlags)})`;
}

function intOf(x: Iface): I64 | null { return isNumKind(x.t.kind) && !x.t.kind.startsWith('float') ? x.v as I64 : null; }

/** An integer's digits in base with its sign (a value of an unsigned type is never negative). */
function fmtInt(n: I64, base: number, f: Flags, upper = false): string {
  const neg = n < 0;
  let digits = (neg ? -n : n).toString(base);
  if (upper) digits = digits.toUpperCase();
  if (f.prec >= 0) digits = digits.padStart(f.prec, '0');
  if (f.sharp) digits = (base === 16 ? (upper ? '0X' : '0x') : base === 8 && digits[0] !== '0' ? '0' : base === 2 ? '0b' : '') + digits;
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + digits, f, true);
}

function fmtFloat(v: number, verb: string, f: Flags): string {
  let s: string;
  if (!Number.isFinite(v)) s = Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  else switch (verb) {
    case 'f': case 'F': s = v.toFixed(f.prec < 0 ? 6 : f.prec); break;
    case 'e': case 'E': s = fixExp(v.toExponential(f.prec < 0 ? 6 : f.prec)); if (verb === 'E') s = s.toUpperCase(); break;
    default: s = formatG(v, f.prec); break;
  }
  if (f.plus && v >= 0 && !s.startsWith('+')) s = '+' + s;
  else if (!f.plus && s === '+Inf') s = f.plus ? '+Inf' : '+Inf';
  if (s === '+Inf' && !f.plus) s = '+Inf';
  return pad(s, f, Number.isFinite(v));
}

export function sprintf(format: string, args: (Iface | null)[]): string {
  let out = ''; let ai = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') { out += c; continue; }
    const f: Flags = { ...noFlags };
    let j = i + 1;
    for (; j < format.length; j++) {
      const ch = format[j];
      if (ch === '+') f.plus = true; else if (ch === '#') f.sharp = true; else if (ch === '-') f.minus = true; else if (ch === '0') f.zero = true; else if (ch === ' ') f.space = true; else break;
    }
    if (format[j] === '*') { const w = args[ai++]; f.width = w ? Number(w.v) : 0; j++; }
    else { let w = ''; while (j < format.length && /[0-9]/.test(format[j]!)) w += format[j++]; if (w !== '') f.width = Number(w); }
    if (format[j] === '.') {
      j++;
      if (format[j] === '*') { const p = args[ai++]; f.prec = p ? Number(p.v) : 0; j++; }
      else { let p = ''; while (j < format.length && /[0-9]/.test(format[j]!)) p += format[j++]; f.prec = p === '' ? 0 : Number(p); }
    }
    if (j >= format.length) { out += '%!(NOVERB)'; break; }
    const verb = format[j]!;
    i = j;
    if (verb === '%') { out += '%'; continue; }
    if (ai >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    out += formatOne(verb, args[ai++]!, f);
  }
  if (ai < args.length) out += `%!(EXTRA ${args.slice(ai).map((a) => (a === null ? '<nil>' : `${a.t.str}=${formatV(a)}`)).join(', ')})`;
  return out;
}

function formatOne(verb: string, x: Iface | null, f: Flags): string {
  switch (verb) {
    case 'v': return pad(f.sharp ? formatSharp(x) : formatV(x, f), f);
    case 'T': return pad(x === null ? '<nil>' : x.t.str, f);
    case 'p': return x === null ? badVerb(verb, x) : pad(`0xc${(0x000010000 + objectAddr(x.v)).toString(16).padStart(9, '0')}`, f);
  }
  if (x === null) return badVerb(verb, x);
  // Go's handleMethods: an error or Stringer is formatted by its string for %v %s %q %x %X
  if (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') {
    const e = callString(x, 'Error') ?? callString(x, 'String');
    if (e !== null) return pad(verb === 'q' ? quote(e) : verb === 'x' || verb === 'X' ? hexOf(e, verb === 'X', f) : f.prec >= 0 ? e.slice(0, f.prec) : e, f);
  }
  const k = x.t.kind;
  const n = intOf(x);
  switch (verb) {
    case 'd': if (n !== null) return fmtInt(n, 10, f); if (k === 'slice' || k === 'array') return listOf(x, verb, f); break;
    case 'b': if (n !== null) return fmtInt(n, 2, f); break;
    case 'o': if (n !== null) return fmtInt(n, 8, f); break;
    case 'x': case 'X':
      if (n !== null) return fmtInt(n, 16, f, verb === 'X');
      if (k === 'string') return pad(hexOf(x.v as string, verb === 'X', f), f);
      if (isBytes(x)) return pad(hexOf(byteString(x), verb === 'X', f), f);
      if (k.startsWith('float')) break;
      break;
    case 'c': if (n !== null) return pad(encodeRune(runeOf(n)), f); break;
    case 'U': if (n !== null) return pad(fmtUnicode(n, f), f); break;
    case 'q':
      if (n !== null) return pad(quoteRuneLit(runeOf(n)), f);
      if (k === 'string') return pad(quote(x.v as string), f);
      if (isBytes(x)) return pad(quote(byteString(x)), f); // a []byte quotes as the string it holds
      if (k === 'slice' || k === 'array') return listOf(x, verb, f);
      break;
    case 's':
      if (k === 'string') return pad(f.prec >= 0 ? (x.v as string).slice(0, f.prec) : x.v as string, f);
      if (isBytes(x)) return pad(byteString(x), f);
      if (k === 'slice' || k === 'array') return listOf(x, verb, f);
      break;
    case 't': if (k === 'bool') return pad(String(x.v), f); break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
      if (k.startsWith('float')) return fmtFloat(x.v as number, verb, f);
      break;
  }
  if ((k === 'struct' || k === 'pointer') && verb !== 'T') {
    if (k === 'struct') {
      const o = x.v as Record<string, unknown>;
      return `{${x.t.fields!.map((fl) => formatOne(verb, fl.type.kind === 'interface' ? o[fl.name] as Iface | null : new Iface(fl.type, o[fl.name]), f)).join(' ')}}`;
    }
  }
  return badVerb(verb, x);
}

/** An integer as a rune: beyond Unicode (or a bigint) it is U+FFFD, as Go's utf8 encoding makes it. */
function runeOf(n: I64): number { return typeof n === 'number' && n >= 0 && n <= 0x10ffff ? n : 0xfffd; }
/** %U: U+ and at least four hex digits of the value as a uint64; %#U adds the quoted rune when printable. */
function fmtUnicode(n: I64, f: Flags): string {
  const u = BigInt.asUintN(64, BigInt(n));
  let s = `U+${u.toString(16).toUpperCase().padStart(f.prec > 4 ? f.prec : 4, '0')}`;
  if (f.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += ` '${encodeRune(Number(u))}'`;
  return s;
}
function isPrint(r: number): boolean { return r >= 0x20 && r !== 0x7f && !(r >= 0x80 && r < 0xa0) && !(r >= 0xd800 && r <= 0xdfff); }

/** A []byte or a [N]byte (what %s, %q and %x print as the string it holds, as fmt's printValue does for both). */
function isBytes(x: Iface): boolean { return (x.t.kind === 'slice' || x.t.kind === 'array') && x.t.elem!.kind === 'uint8'; }
function byteString(x: Iface): string {
  if (x.t.kind === 'array') { const a = x.v as ArrayLike<number>; let str = ''; for (let i = 0; i < a.length; i++) str += String.fromCharCode(a[i]!); return str; }
  const s = x.v as Slice<number> | null;
  let str = '';
  for (let i = 0; s !== null && i < s.len; i++) str += String.fromCharCode(s.a[s.off + i]!);
  return str;
}

function listOf(x: Iface, verb: string, f: Flags): string {
  const parts: string[] = [];
  if (x.t.kind === 'slice') { const s = x.v as Slice | null; for (let i = 0; s !== null && i < s.len; i++) parts.push(formatOne(verb, x.t.elem!.kind === 'interface' ? s.a[s.off + i] as Iface : new Iface(x.t.elem!, s.a[s.off + i]), f)); }
  else for (const e of x.v as unknown[]) parts.push(formatOne(verb, x.t.elem!.kind === 'interface' ? e as Iface : new Iface(x.t.elem!, e), f));
  return `[${parts.join(' ')}]`;
}

function hexOf(s: string, upper: boolean, f: Flags): string {
  let out = '';
  for (let i = 0; i < s.length; i++) { if (f.space && i > 0) out += ' '; out += s.charCodeAt(i).toString(16).padStart(2, '0'); }
  return upper ? out.toUpperCase() : out;
}

function formatSharp(x: Iface | null): string {
  if (x === null) return '<nil>';
  const f: Flags = { ...noFlags, sharp: true };
  const t = x.t;
  if (isNumKind(t.kind)) return t.kind.startsWith('float') ? formatG(x.v as number) : isUnsignedKind(t.kind) ? `0x${(x.v as I64).toString(16)}` : String(x.v);
  if (t.kind === 'string') return quote(x.v as string);
  if (t.kind === 'pointer' && x.v !== null && t.elem!.kind === 'struct') return `&${formatValue(t.elem!, x.v, f, false, 1)}`;
  return formatValue(t, x.v, f, true, 0);
}

/** Sprint: a space between operands when neither is a string. */
export function sprint(args: (Iface | null)[]): string {
  let s = '';
  for (let i = 0; i < args.length; i++) {
    const isStr = (a: Iface | null): boolean => a !== null && a.t.kind === 'string';
    if (i > 0 && !isStr(args[i]!) && !isStr(args[i - 1]!)) s += ' ';
    s += formatV(args[i]!);
  }
  return s;
}
export function sprintln(args: (Iface | null)[]): string { return args.map((a) => formatV(a)).join(' ') + '\n'; }
