// Histograms for the dashboard, as HdrHistogram and Go's runtime/metrics keep
// them: counts in power-of-two buckets, bucket b holding values in
// [2^b, 2^(b+1)) ns — one add is one increment, whatever the range — and drawn
// as Unicode bars with the bucket's range on the axis and its count beside it.
//
// The Go runtime's distributions (scheduler latency: runnable until running;
// stop-the-world pauses) are folded here from the runtime's probe events for
// every goroutine of every Go-style process of a machine, on the simulation's
// side (gacct.ts feeds them); request latency comes with the network's snapshot.

import { fmtNs } from './format.ts';

/** Counts by power-of-two bucket of nanoseconds. */
export type Log2Hist = number[];

/** The bucket of `ns`: b with 2^b ≤ ns < 2^(b+1) (0 for anything under 2 ns). */
export function log2Bucket(ns: number): number { return Math.floor(Math.log2(Math.max(1, ns))); }

export function addTo(h: Log2Hist, ns: number): void {
  const b = log2Bucket(ns);
  while (h.length <= b) h.push(0);
  h[b]!++;
}

/** What the Histograms pane shows of a machine's Go runtimes (all of its Go-style processes together). */
export interface GoHists {
  /** Runnable → running, every time a goroutine was switched in. */
  schedNs: Log2Hist;
  /** Stop-the-world pauses. */
  stwNs: Log2Hist;
  /** Goroutine time by state, summed over every goroutine (cycles): running, runnable waiting for a P, parked or in a syscall. */
  stateCycles: { busy: number; scheduled: number; idle: number };
}

export function emptyGoHists(): GoHists { return { schedNs: [], stwNs: [], stateCycles: { busy: 0, scheduled: 0, idle: 0 } }; }

const BAR = '█';
/** Bars longer than this are no easier to compare, and push the counts far from the ranges. */
export const BAR_MAX = 60;
const PART = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `frac` (0..1) of `w` columns in eighths of a column (at least a sliver when frac > 0), padded to `w`. */
export function hbar(frac: number, w: number): string {
  if (w <= 0) return '';
  const eighths = Math.round(Math.min(1, Math.max(0, frac)) * w * 8);
  const full = Math.floor(eighths / 8);
  let s = BAR.repeat(full) + PART[eighths % 8]!;
  if (s === '' && frac > 0) s = '▏';
  return s.padEnd(w);
}

/**
 * A histogram as at most `rows` lines of `width` columns: one line per bucket from the first
 * non-empty one to the last (adjacent buckets merged in pairs, fours, ... until they fit), each
 * "range │bar count". Empty when the histogram is.
 */
export function histLines(h: Log2Hist, rows: number, width: number, unit: string): string[] {
  let lo = h.findIndex((x) => x > 0);
  if (lo < 0 || rows <= 0) return [];
  let hi = h.length - 1;
  while (hi > lo && !(h[hi]! > 0)) hi--;
  let group = 1;
  while (Math.ceil((hi - lo + 1) / group) > rows) group *= 2;
  lo -= lo % group; // groups start on a multiple of their size, so their ranges are powers of two apart
  const bins: { from: number; to: number; n: number }[] = [];
  for (let b = lo; b <= hi; b += group) {
    let n = 0;
    for (let j = b; j < b + group; j++) n += h[j] ?? 0;
    bins.push({ from: 2 ** b, to: 2 ** (b + group), n });
  }
  const max = Math.max(...bins.map((x) => x.n));
  const countW = Math.max(...bins.map((x) => String(x.n).length)) + 1 + unit.length;
  const labelW = Math.max(...bins.map((x) => `${fmtNs(x.from)}–${fmtNs(x.to)}`.length));
  const barW = Math.max(1, Math.min(BAR_MAX, width - labelW - 3 - countW));
  return bins.map((x) => `${`${fmtNs(x.from)}–${fmtNs(x.to)}`.padStart(labelW)} │${hbar(x.n / max, barW)} ${`${x.n} ${unit}`.padStart(countW)}`);
}

/** The total count of a histogram. */
export function histTotal(h: Log2Hist): number { let n = 0; for (const x of h) n += x ?? 0; return n; }
