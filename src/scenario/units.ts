// Units in scenario files: durations ("100ms", "2s", "250us", or ns as a
// number), sizes ("4KiB", "1GiB", or bytes) and frequencies ("3GHz" or Hz).

const DURATION: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, min: 60e9 };
const SIZE: Record<string, number> = { b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3, t: 1e12, tb: 1e12, tib: 1024 ** 4 };
const FREQ: Record<string, number> = { hz: 1, khz: 1e3, mhz: 1e6, ghz: 1e9 };

function parseWith(table: Record<string, number>, v: string | number, what: string): number {
  if (typeof v === 'number') return v;
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([a-zA-Zµ]*)\s*$/.exec(v);
  if (!m) throw new Error(`not a ${what}: "${v}"`);
  const unit = (m[2] ?? '').toLowerCase();
  const mult = unit === '' ? 1 : table[unit];
  if (mult === undefined) throw new Error(`unknown unit "${m[2]}" in ${what} "${v}" (use ${Object.keys(table).join(', ')})`);
  return Number(m[1]) * mult;
}

export const parseDurationNs = (v: string | number): number => parseWith(DURATION, v, 'duration');
export const parseSizeBytes = (v: string | number): number => parseWith(SIZE, v, 'size');
export const parseHz = (v: string | number): number => parseWith(FREQ, v, 'frequency');

export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${Math.round(ns)} ns`;
}

export function formatBytes(b: number): string {
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(1)} GiB`;
  if (b >= 1024 ** 2) return `${(b / 1024 ** 2).toFixed(1)} MiB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${b} B`;
}
