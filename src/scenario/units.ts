// Units in scenario files: durations ("100ms", "2s", "250us"), sizes ("4KiB",
// "1GiB", or a plain number of bytes) and frequencies ("3GHz"). A duration or a
// frequency without its unit is an error, not a guess: `timeLimit: 5` could mean
// 5 s as well as 5 ns, and reading it as either silently changes the run. Zero
// needs no unit. Bytes are the one unit a plain number means, as in sysctl and dd.

import './zod-config.ts';
import * as z from 'zod';

const DURATION: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, min: 60e9 };
const SIZE: Record<string, number> = { b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3, t: 1e12, tb: 1e12, tib: 1024 ** 4 };
const FREQ: Record<string, number> = { hz: 1, khz: 1e3, mhz: 1e6, ghz: 1e9 };

/** Units to suggest when a value has none; absent: a plain number is in the base unit. */
type UnitHint = readonly string[] | null;

function parseWith(table: Record<string, number>, v: string | number, what: string, hint: UnitHint): number {
  if (typeof v === 'number') return noUnit(v, hint);
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([a-zA-Zµ]*)\s*$/.exec(v);
  if (!m) throw new Error(`not a ${what}: "${v}"`);
  const unit = (m[2] ?? '').toLowerCase();
  if (unit === '') return noUnit(Number(m[1]), hint);
  const mult = table[unit];
  if (mult === undefined) throw new Error(`unknown unit "${m[2]}" in ${what} "${v}" (use ${Object.keys(table).join(', ')})`);
  return Number(m[1]) * mult;
}

function noUnit(n: number, hint: UnitHint): number {
  if (hint === null || n === 0) return n;
  const last = hint[hint.length - 1]!;
  throw new Error(`${n} has no unit; write ${hint.slice(0, -1).map((u) => `${n}${u}`).join(', ')} or ${n}${last}`);
}

export const parseDurationNs = (v: string | number): number => parseWith(DURATION, v, 'duration', ['s', 'ms', 'us', 'ns']);
export const parseSizeBytes = (v: string | number): number => parseWith(SIZE, v, 'size', null);
export const parseHz = (v: string | number): number => parseWith(FREQ, v, 'frequency', ['GHz', 'MHz', 'kHz', 'Hz']);

export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${Math.round(ns)} ns`;
}

/**
 * An integer with its thousands grouped by commas, as toLocaleString('en-US') prints it,
 * without the ICU locale data that call loads on its first use (~30 ms of a command's start).
 */
export function groupThousands(n: number): string {
  const digits = String(Math.abs(n));
  if (!Number.isInteger(n) || Math.abs(n) >= 1e21 || digits.length <= 3) return String(n); // 1e21 and up print as exponents
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

export function formatBytes(b: number): string {
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(1)} GiB`;
  if (b >= 1024 ** 2) return `${(b / 1024 ** 2).toFixed(1)} MiB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${b} B`;
}

/** A field with a unit, parsed by `parse` (zod at the edge: the error names the field). */
const unit = (parse: (v: string | number) => number, what: string) =>
  z.union([z.number(), z.string()], { error: (iss) => (iss.input === undefined ? `required: ${what} with its unit` : undefined) }).transform((v, ctx) => {
    try { return parse(v); } catch (e) { ctx.addIssue({ code: 'custom', message: (e as Error).message }); return z.NEVER; }
  }).pipe(z.number().nonnegative(`${what} must not be negative`));

export const Duration = unit(parseDurationNs, 'a duration');
export const Size = unit(parseSizeBytes, 'a size');
export const Frequency = unit(parseHz, 'a frequency');
