// fmt and os (user-level packages over the runtime): Println/Printf/Sprintf with
// the common verbs, written to fd 1 with one write(2) per call, the bytes stored
// in user memory first (on the goroutine's stack for short lines, as Go's
// buffers would be), the syscall wrapped in entersyscall/exitsyscall as
// syscall.Write is. os.Getenv reads the process environment.

import { compute, computeInPlace, store, load } from '../machine/instr.ts';
import type { Gen } from './runtime2.ts';
import { getg, syscallBlocking, morestackc, type Runtime } from './proc.ts';
import { RT_COSTS } from './costs.ts';
import { Pipe } from './fd.ts';

const enc = new TextEncoder();

/** %v of a value. */
export function formatValue(v: unknown, plus = false): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string': return v;
    case 'number': return Number.isInteger(v) ? String(v) : formatFloatG(v);
    case 'bigint': return v.toString();
    case 'boolean': return String(v);
    case 'function': return `0x${(0x401000).toString(16)}`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, plus)).join(' ')}]`;
  if (v instanceof Map) return `map[${[...v.entries()].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)).map(([k, x]) => `${formatValue(k)}:${formatValue(x)}`).join(' ')}]`;
  const o = v as { Error?: () => string; String?: () => string };
  if (typeof o.Error === 'function') return o.Error();
  if (typeof o.String === 'function') return o.String();
  const entries = Object.entries(v as object);
  return `{${entries.map(([k, x]) => (plus ? `${k}:${formatValue(x, plus)}` : formatValue(x))).join(' ')}}`;
}

function formatFloatG(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN';
  const a = Math.abs(f);
  if (a !== 0 && (a < 1e-4 || a >= 1e21)) return f.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(f);
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (width <= s.length) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) { const neg = s.startsWith('-'); const body = neg ? s.slice(1) : s; return (neg ? '-' : '') + '0'.repeat(width - s.length) + body; }
  return ' '.repeat(width - s.length) + s;
}

/** fmt.Sprintf with %v %+v %d %s %q %f %.Nf %e %g %t %x %X %o %b %c %T %p %% and widths. */
export function Sprintf(format: string, ...args: unknown[]): string {
  let out = ''; let ai = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') { out += ch; continue; }
    let j = i + 1; let left = false; let zero = false; let plus = false; let sharp = false;
    for (; j < format.length; j++) {
      const f = format[j]; if (f === '-') left = true; else if (f === '0') zero = true; else if (f === '+') plus = true; else if (f === '#') sharp = true; else if (f === ' ') { /* space flag */ } else break;
    }
    let width = 0; while (j < format.length && /[0-9]/.test(format[j]!)) width = width * 10 + Number(format[j++]);
    let prec = -1;
    if (format[j] === '.') { j++; prec = 0; while (j < format.length && /[0-9]/.test(format[j]!)) prec = prec * 10 + Number(format[j++]); }
    const verb = format[j]; i = j;
    if (verb === '%') { out += '%'; continue; }
    if (ai >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    const a = args[ai++];
    let s: string;
    switch (verb) {
      case 'v': s = formatValue(a, plus); break;
      case 'd': s = typeof a === 'number' || typeof a === 'bigint' ? (plus && Number(a) >= 0 ? '+' : '') + String(typeof a === 'number' ? Math.trunc(a) : a) : `%!d(${typeof a}=${formatValue(a)})`; break;
      case 's': s = formatValue(a); if (prec >= 0) s = s.slice(0, prec); break;
      case 'q': s = typeof a === 'number' ? `'${String.fromCodePoint(a)}'` : JSON.stringify(formatValue(a)); break;
      case 'f': case 'F': s = Number(a).toFixed(prec < 0 ? 6 : prec); break;
      case 'e': s = Number(a).toExponential(prec < 0 ? 6 : prec).replace(/e([+-])(\d)$/, 'e$10$2'); break;
      case 'g': s = prec < 0 ? formatFloatG(Number(a)) : String(Number(Number(a).toPrecision(prec))); break;
      case 't': s = String(Boolean(a)); break;
      case 'x': s = typeof a === 'string' ? [...enc.encode(a)].map((b) => b.toString(16).padStart(2, '0')).join('') : Number(a).toString(16); if (sharp) s = '0x' + s; break;
      case 'X': s = Number(a).toString(16).toUpperCase(); if (sharp) s = '0X' + s; break;
      case 'o': s = Number(a).toString(8); break;
      case 'b': s = Number(a).toString(2); break;
      case 'c': s = String.fromCodePoint(Number(a)); break;
      case 'T': s = typeof a === 'number' ? (Number.isInteger(a) ? 'int' : 'float64') : typeof a === 'string' ? 'string' : typeof a === 'boolean' ? 'bool' : a === null ? '<nil>' : 'struct'; break;
      case 'p': s = '0xc000010000'; break;
      default: s = `%!${verb}(${formatValue(a)})`;
    }
    out += pad(s, width, left, zero && !left);
  }
  if (ai < args.length) out += `%!(EXTRA ${args.slice(ai).map((a) => `${typeof a === 'number' ? 'int' : 'string'}=${formatValue(a)}`).join(', ')})`;
  return out;
}

/** fmt.Sprintln / Println spacing: operands always separated by a space. */
export function Sprintln(...args: unknown[]): string { return args.map((a) => formatValue(a)).join(' ') + '\n'; }
/** fmt.Sprint: spaces only between operands when neither is a string. */
export function Sprint(...args: unknown[]): string {
  let s = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') s += ' ';
    s += formatValue(args[i]);
  }
  return s;
}

/** os.File.Write on fd: stage the bytes in user memory, then write(2) through syscall.Write. */
export function* writeFd(fd: number, text: string): Gen<number> {
  return yield* writeFdBytes(fd, enc.encode(text));
}

/** write(2) of bytes as they are (a Go string may hold any bytes, not only UTF-8). */
export function* writeFdBytes(fd: number, b: Uint8Array): Gen<number> {
  yield* morestackc();
  const cycles = RT_COSTS.goFmt + b.length;
  if (!computeInPlace(cycles)) yield compute(cycles);
  const gp = getg();
  // The buffer lives on the goroutine's stack (a [1536]byte local), so it moves with the G.
  const buf = gp.stackLo + 256;
  let done = 0;
  while (done < b.length) {
    const n = Math.min(1536, b.length - done);
    yield* store(buf, b.subarray(done, done + n));
    let off = 0;
    while (off < n) {
      const r = yield* syscallBlocking((gp.rt as Runtime).os.write(fd, buf + off, n - off));
      if (r < 0) return r;
      off += r;
    }
    done += n;
  }
  return done;
}

/**
 * read(2) of up to n bytes from fd into a buffer on the goroutine's stack (os.File.Read),
 * blocking in the kernel as Go's os.File.Read does on a terminal or a pipe; the bytes, or -errno.
 */
export function* readFd(fd: number, n: number): Gen<Uint8Array | number> {
  yield* morestackc();
  const gp = getg();
  const buf = gp.stackLo + 256;
  const want = Math.min(1536, n);
  const r = yield* syscallBlocking((gp.rt as Runtime).os.read(fd, buf, want));
  if (r < 0) return r;
  return yield* load(buf, r);
}

/** close(2) of fd (os.File.Close); 0 or -errno. */
export function* closeFd(fd: number): Gen<number> {
  const gp = getg();
  return yield* syscallBlocking((gp.rt as Runtime).os.close(fd));
}

export const fmt = {
  *Println(...args: unknown[]): Gen<number> { return yield* writeFd(1, Sprintln(...args)); },
  *Print(...args: unknown[]): Gen<number> { return yield* writeFd(1, Sprint(...args)); },
  *Printf(format: string, ...args: unknown[]): Gen<number> { return yield* writeFd(1, Sprintf(format, ...args)); },
  *Fprintln(fd: number, ...args: unknown[]): Gen<number> { return yield* writeFd(fd, Sprintln(...args)); },
  *Fprintf(fd: number, format: string, ...args: unknown[]): Gen<number> { return yield* writeFd(fd, Sprintf(format, ...args)); },
  Sprintf,
  Sprint,
  Sprintln,
  Errorf(format: string, ...args: unknown[]): { Error(): string; toString(): string } { const m = Sprintf(format, ...args); return { Error: () => m, toString: () => m }; },
};

export const os = {
  Stdout: 1,
  Stderr: 2,
  Getenv(key: string): string { return (getg().rt as Runtime).info.env[key] ?? ''; },
  LookupEnv(key: string): [string, boolean] { const v = (getg().rt as Runtime).info.env[key]; return [v ?? '', v !== undefined]; },
  Args(): readonly string[] { return (getg().rt as Runtime).info.argv; },
  Pipe,
};
