// The printf family's formatting, as glibc does it: conversions d i u o x X c s
// p n f F e E g G a A and %%, flags - + space # 0, width and precision (also as
// `*`), and length modifiers hh h l ll q j z t L. Arguments come from a source
// that yields them by kind — the values a compiled call passed, or the 8-byte
// slots a va_list points at — and strings are read from the process's memory.
//
// Floating point is converted exactly (a double is m·2^e; its decimal expansion
// is computed with BigInt) and rounded to nearest with ties to even, which is
// what glibc prints: printf("%.0f", 2.5) is "2", printf("%.2f", 1.005) is "1.00".
// Output is a byte string (one char per byte), as C's strings are bytes.

import { loadInstr, type Instr } from '../machine/instr.ts';

type Gen<T> = Generator<Instr, T, any>;

/** Where the arguments come from: by the kind the conversion wants. */
export interface ArgSource {
  int(): Gen<number | bigint>;
  dbl(): Gen<number>;
}

/** An ArgSource over the values a compiled call passed (numbers, BigInts for large 64-bit values). */
export function valuesSource(vals: readonly (number | bigint)[]): ArgSource {
  let i = 0;
  return {
    *int() { return vals[i++] ?? 0; },
    *dbl() { const v = vals[i++] ?? 0; return typeof v === 'bigint' ? Number(v) : v; },
  };
}

/** Read a NUL-terminated string at `addr` as a byte string, page by page (it faults where C's would). */
export function* readCString(addr: number, max = Infinity): Gen<string> {
  let s = '';
  let a = addr;
  while (s.length < max) {
    const room = Math.min(256, 4096 - (a % 4096), max - s.length);
    const b = (yield loadInstr(a, room)) as Uint8Array;
    const z = b.indexOf(0);
    const end = z < 0 ? b.length : z;
    for (let k = 0; k < end; k++) s += String.fromCharCode(b[k]!);
    if (z >= 0) break;
    a += room;
  }
  return s;
}

/** Format `fmt` (a byte string) with arguments from `args`; `nWrite` stores a %n count. */
export function* cformat(fmt: string, args: ArgSource, nWrite?: (addr: number, n: number) => Gen<void>): Gen<string> {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch !== '%') { out += ch; continue; }
    i++;
    if (fmt[i] === '%') { out += '%'; continue; }
    let flags = '';
    while (i < fmt.length && '-+ #0\''.includes(fmt[i]!)) flags += fmt[i++];
    let width = -1;
    if (fmt[i] === '*') { width = Number(yield* args.int()) | 0; i++; if (width < 0) { flags += '-'; width = -width; } }
    else { let w = ''; while (fmt[i]! >= '0' && fmt[i]! <= '9') w += fmt[i++]; if (w !== '') width = Number(w); }
    let prec = -1;
    if (fmt[i] === '.') {
      i++;
      if (fmt[i] === '*') { prec = Number(yield* args.int()) | 0; i++; if (prec < 0) prec = -1; }
      else { let p = ''; while (fmt[i]! >= '0' && fmt[i]! <= '9') p += fmt[i++]; prec = p === '' ? 0 : Number(p); }
    }
    let len = '';
    while (i < fmt.length && 'hlLqjzt'.includes(fmt[i]!)) len += fmt[i++];
    const conv = fmt[i];
    if (conv === undefined) { out += '%' + flags; break; }
    let s: string; let numeric = false; let signed = false;
    switch (conv) {
      case 'd': case 'i': {
        const v = intOf(yield* args.int(), len, true);
        s = digits(v < 0n ? -v : v, 10, prec);
        s = (v < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
        numeric = true; signed = true;
        break;
      }
      case 'u': case 'o': case 'x': case 'X': {
        const v = intOf(yield* args.int(), len, false);
        const base = conv === 'u' ? 10 : conv === 'o' ? 8 : 16;
        s = digits(v, base, prec);
        if (flags.includes('#')) { if (conv === 'o' && !s.startsWith('0')) s = '0' + s; else if ((conv === 'x' || conv === 'X') && v !== 0n) s = '0x' + s; }
        if (conv === 'X') s = s.toUpperCase();
        numeric = true;
        break;
      }
      case 'c': s = String.fromCharCode(Number(intOf(yield* args.int(), 'hh', false))); break;
      case 's': {
        const p = Number(yield* args.int());
        if (p === 0) s = prec >= 0 && prec < 6 ? '' : '(null)';
        else s = yield* readCString(p, prec >= 0 ? prec : Infinity);
        break;
      }
      case 'p': {
        const p = BigInt.asUintN(64, BigInt(yield* args.int()));
        s = p === 0n ? '(nil)' : '0x' + p.toString(16);
        if (p !== 0n && (flags.includes('+') || flags.includes(' '))) s = (flags.includes('+') ? '+' : ' ') + s;
        break;
      }
      case 'n': {
        const p = Number(yield* args.int());
        if (nWrite !== undefined) yield* nWrite(p, out.length);
        continue;
      }
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
        const v = yield* args.dbl();
        s = formatDouble(v, conv, prec, flags);
        numeric = Number.isFinite(v); signed = true;
        break;
      }
      default:
        // An unknown conversion is printed as written, as glibc does.
        s = '%' + flags + (width >= 0 ? String(width) : '') + (prec >= 0 ? '.' + prec : '') + len + conv;
        break;
    }
    if (width > s.length) {
      if (flags.includes('-')) s = s.padEnd(width);
      else if (flags.includes('0') && numeric && !(prec >= 0 && 'diuoxX'.includes(conv))) {
        let pre = '';
        if (signed && /^[+\- ]/.test(s)) { pre = s[0]!; s = s.slice(1); }
        if (/^0[xX]/.test(s)) { pre += s.slice(0, 2); s = s.slice(2); }
        s = pre + s.padStart(width - pre.length, '0');
      } else s = s.padStart(width);
    }
    out += s;
  }
  return out;
}

/** The argument as the conversion's length modifier reads it. */
function intOf(v: number | bigint, len: string, signed: boolean): bigint {
  const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  const bits = len === 'hh' ? 8 : len === 'h' ? 16 : len === '' ? 32 : 64;
  return signed ? BigInt.asIntN(bits, b) : BigInt.asUintN(bits, b);
}

function digits(v: bigint, base: number, prec: number): string {
  if (prec === 0 && v === 0n) return '';
  const s = v.toString(base);
  return prec > s.length ? s.padStart(prec, '0') : s;
}

// --- floating point -------------------------------------------------------------------------

/** The exact decimal expansion of a finite non-negative double: digits and the position of the point. */
function exactDecimal(x: number): { digits: string; point: number } {
  if (x === 0) return { digits: '0', point: 1 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (expBits === 0) e = -1074; else { mant |= 1n << 52n; e = expBits - 1075; }
  if (e >= 0) { const d = (mant << BigInt(e)).toString(); return { digits: d, point: d.length }; }
  // x = mant / 2^-e = mant * 5^-e / 10^-e
  const d = (mant * 5n ** BigInt(-e)).toString();
  return { digits: d, point: d.length + e };
}

/** Round a digit string to `n` digits (ties to even); returns the digits and whether it carried into a new digit. */
function roundDigits(d: string, n: number): { d: string; carry: boolean } {
  if (n < 0) return { d: '', carry: false };
  if (d.length <= n) return { d: d.padEnd(n, '0'), carry: false };
  const keep = d.slice(0, n); const rest = d.slice(n);
  const first = rest.charCodeAt(0) - 48;
  let up = first > 5 || (first === 5 && /[1-9]/.test(rest.slice(1)));
  if (first === 5 && !up && !/[1-9]/.test(rest.slice(1))) up = n > 0 && (keep.charCodeAt(n - 1) - 48) % 2 === 1;
  if (!up) return { d: keep, carry: false };
  if (n === 0) return { d: '1', carry: true };
  const r = (BigInt(keep) + 1n).toString().padStart(n, '0');
  return r.length > n ? { d: r, carry: true } : { d: r, carry: false };
}

function fixed(x: number, prec: number): string {
  const { digits: d, point } = exactDecimal(x);
  // Digits before the point and `prec` after.
  let intDigits = point; let all = d;
  if (point <= 0) { all = '0'.repeat(1 - point) + d; intDigits = 1; }
  const r = roundDigits(all, intDigits + prec);
  let s = r.d; let ip = intDigits;
  if (r.carry) ip++;
  const head = s.slice(0, ip).replace(/^0+(?=\d)/, '') || '0';
  const tail = s.slice(ip);
  return prec > 0 ? `${head}.${tail}` : head;
}

function expo(x: number, prec: number, upper: boolean): { s: string; exp: number } {
  if (x === 0) return { s: `0${prec > 0 ? '.' + '0'.repeat(prec) : ''}e+00`, exp: 0 };
  const { digits: d0, point } = exactDecimal(x);
  const lead = d0.search(/[1-9]/);
  const d = d0.slice(lead);
  let exp = point - lead - 1;
  const r = roundDigits(d, prec + 1);
  let s = r.d;
  if (r.carry) { exp++; s = s.slice(0, prec + 1); }
  const m = prec > 0 ? `${s[0]}.${s.slice(1)}` : s[0]!;
  const es = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return { s: `${m}${upper ? 'E' : 'e'}${es}`, exp };
}

export function formatDouble(v: number, conv: string, prec0: number, flags: string): string {
  const upper = conv === conv.toUpperCase();
  const neg = v < 0 || Object.is(v, -0);
  const sign = neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  if (Number.isNaN(v)) return (flags.includes('+') ? '-' : '-') + (upper ? 'NAN' : 'nan');
  if (!Number.isFinite(v)) return sign + (upper ? 'INF' : 'inf');
  const x = Math.abs(v);
  const alt = flags.includes('#');
  switch (conv) {
    case 'f': case 'F': { const s = fixed(x, prec0 < 0 ? 6 : prec0); return sign + (alt && !s.includes('.') ? s + '.' : s); }
    case 'e': case 'E': return sign + expo(x, prec0 < 0 ? 6 : prec0, upper).s;
    case 'g': case 'G': {
      const p = prec0 < 0 ? 6 : prec0 === 0 ? 1 : prec0;
      const ex = x === 0 ? 0 : expo(x, p - 1, upper).exp;
      let s: string;
      if (ex < p && ex >= -4) {
        s = fixed(x, p - 1 - ex);
        if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
      } else {
        s = expo(x, p - 1, upper).s;
        if (!alt) s = s.replace(/\.?0+(?=[eE])/, '');
      }
      return sign + s;
    }
    default: { // %a
      if (x === 0) return sign + (upper ? '0X0P+0' : '0x0p+0');
      const buf = new DataView(new ArrayBuffer(8)); buf.setFloat64(0, x);
      const bits = buf.getBigUint64(0);
      const eb = Number((bits >> 52n) & 0x7ffn);
      let mant = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0').replace(/0+$/, '');
      const e = eb === 0 ? -1022 : eb - 1023;
      if (prec0 >= 0) mant = mant.slice(0, prec0).padEnd(prec0, '0');
      const s = `0x${eb === 0 ? 0 : 1}${mant ? '.' + mant : ''}p${e < 0 ? '-' : '+'}${Math.abs(e)}`;
      return sign + (upper ? s.toUpperCase() : s);
    }
  }
}
