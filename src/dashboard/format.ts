// Small text helpers for the dashboard: fixed-width cells, sparklines, bars,
// human units. Everything returns plain strings of a known width, so a row
// never wraps and a pane never grows taller than the space it was given.

const SPARK = ' ▁▂▃▄▅▆▇█';

/** Pad or cut `s` to exactly `w` columns (cut with an ellipsis). */
export function cell(s: string, w: number, right = false): string {
  if (w <= 0) return '';
  if (s.length > w) return w === 1 ? s.slice(0, 1) : s.slice(0, w - 1) + '…';
  return right ? s.padStart(w) : s.padEnd(w);
}

/** A table column: `s` cut to `w - 1` columns and padded, then one space, so neighbours never touch. */
export function col(s: string, w: number): string { return w <= 1 ? ' '.repeat(Math.max(0, w)) : cell(s, w - 1) + ' '; }

/** Cut `s` to at most `w` columns (no padding: trailing spaces cost the terminal and Ink work). */
export function fit(s: string, w: number): string {
  if (w <= 0) return '';
  return s.length > w ? (w === 1 ? s.slice(0, 1) : s.slice(0, w - 1) + '…') : s;
}

/** The last `w` samples (0..1) as a sparkline of exactly `w` columns. */
export function sparkline(samples: readonly number[], w: number): string {
  if (w <= 0) return '';
  const from = Math.max(0, samples.length - w);
  let out = '';
  for (let i = from; i < samples.length; i++) {
    const v = Math.min(1, Math.max(0, samples[i]!));
    out += SPARK[v === 0 ? 0 : Math.max(1, Math.round(v * 8))];
  }
  return out.padStart(w);
}

/** A horizontal bar of `w` columns filled to `frac` (0..1, more shows as full). */
export function bar(frac: number, w: number): string {
  if (w <= 0) return '';
  const f = Math.round(Math.min(1, Math.max(0, frac)) * w);
  return '█'.repeat(f) + '░'.repeat(w - f);
}

export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  const a = Math.abs(n);
  if (a < 1e4 && Number.isInteger(n)) return String(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  if (a >= 100 || Number.isInteger(n)) return n.toFixed(0);
  return n.toFixed(1);
}

export function fmtBytes(b: number): string {
  if (b >= 1 << 30) return `${(b / (1 << 30)).toFixed(1)}GiB`;
  if (b >= 1 << 20) return `${(b / (1 << 20)).toFixed(1)}MiB`;
  if (b >= 1 << 10) return `${(b / (1 << 10)).toFixed(1)}KiB`;
  return `${b}B`;
}

/** Simulated nanoseconds as a short duration. */
export function fmtNs(ns: number): string {
  if (!Number.isFinite(ns)) return 'max';
  if (ns < 1e3) return `${ns.toFixed(0)}ns`;
  if (ns < 1e6) return `${+(ns / 1e3).toFixed(1)}µs`;
  if (ns < 1e9) return `${+(ns / 1e6).toFixed(1)}ms`;
  return `${+(ns / 1e9).toFixed(2)}s`;
}

/** A simulated clock: seconds with microsecond digits. */
export function fmtClock(cycles: number, clockHz: number): string {
  return `${(cycles / clockHz).toFixed(6)}s`;
}
