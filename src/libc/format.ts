// printf-style formatting: %d %i %u %x %X %o %c %s %f %e %g %p %%, with flags
// (-, 0, +, space, #), width and precision (including *), and length modifiers
// (h, hh, l, ll, z, j, t, L), which are accepted and ignored since every value
// here is a JS number or string.

export function format(fmt: string, args: readonly unknown[]): string {
  let out = ''; let ai = 0;
  const next = (): unknown => args[ai++];
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch !== '%') { out += ch; continue; }
    i++;
    if (fmt[i] === '%') { out += '%'; continue; }
    let flags = '';
    while (i < fmt.length && '-0+ #'.includes(fmt[i]!)) flags += fmt[i++];
    let width = -1;
    if (fmt[i] === '*') { width = Number(next()); i++; } else { let w = ''; while (/[0-9]/.test(fmt[i] ?? '')) w += fmt[i++]; if (w) width = Number(w); }
    let prec = -1;
    if (fmt[i] === '.') {
      i++;
      if (fmt[i] === '*') { prec = Number(next()); i++; } else { let p = ''; while (/[0-9]/.test(fmt[i] ?? '')) p += fmt[i++]; prec = p ? Number(p) : 0; }
    }
    while (i < fmt.length && 'hlLqjzt'.includes(fmt[i]!)) i++;
    const conv = fmt[i];
    let s: string;
    const v = next();
    switch (conv) {
      case 'd': case 'i': { const n = Math.trunc(Number(v)); s = Math.abs(n).toString(); if (prec >= 0) s = s.padStart(prec, '0'); s = sign(n < 0, flags) + s; break; }
      case 'u': { const n = Math.trunc(Number(v)); s = (n < 0 ? n + 2 ** 64 : n).toString(); if (prec >= 0) s = s.padStart(prec, '0'); break; }
      case 'x': case 'X': case 'o': {
        const n = Math.trunc(Number(v)); const base = conv === 'o' ? 8 : 16;
        s = (n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n)).toString(base);
        if (prec >= 0) s = s.padStart(prec, '0');
        if (flags.includes('#') && n !== 0) s = (conv === 'o' ? '0' : '0x') + s;
        if (conv === 'X') s = s.toUpperCase();
        break;
      }
      case 'p': s = '0x' + Number(v).toString(16); break;
      case 'c': s = typeof v === 'string' ? v.charAt(0) : String.fromCharCode(Number(v)); break;
      case 's': s = String(v); if (prec >= 0) s = s.slice(0, prec); break;
      case 'f': case 'F': { const n = Number(v); s = sign(n < 0, flags) + Math.abs(n).toFixed(prec < 0 ? 6 : prec); break; }
      case 'e': case 'E': { const n = Number(v); s = sign(n < 0, flags) + expo(Math.abs(n), prec < 0 ? 6 : prec); if (conv === 'E') s = s.toUpperCase(); break; }
      case 'g': case 'G': { const n = Number(v); s = sign(n < 0, flags) + Number(Math.abs(n).toPrecision(prec < 0 ? 6 : Math.max(prec, 1))).toString(); break; }
      default: s = '%' + (conv ?? ''); ai--; break;
    }
    if (width > s.length) {
      if (flags.includes('-')) s = s.padEnd(width);
      else if (flags.includes('0') && 'diuxXofeEgG'.includes(conv ?? '') && prec < 0) {
        const signCh = /^[+\- ]/.test(s) ? s[0]! : '';
        s = signCh + s.slice(signCh.length).padStart(width - signCh.length, '0');
      } else s = s.padStart(width);
    }
    out += s;
  }
  return out;
}

function sign(neg: boolean, flags: string): string { return neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : ''; }

function expo(n: number, prec: number): string {
  const [m, e] = n.toExponential(prec).split('e') as [string, string];
  const ev = Number(e);
  return `${m}e${ev < 0 ? '-' : '+'}${Math.abs(ev).toString().padStart(2, '0')}`;
}
