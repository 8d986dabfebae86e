// Comparison: the same scenario's variants on identical machines with the same
// seed, side by side — throughput and latency, syscalls in total and per
// request, threads, context switches, CPU, interrupts, memory, and for Go-style
// processes goroutines and GC. Also the sweep: one run per combination of
// settings, as a table with sparklines, and CSV.

import Table from 'cli-table3';
import { selectVariant, variantNames, type Scenario } from './loader.ts';
import { byName, runScenario, type RunOptions } from './runner.ts';
import type { Report } from './report.ts';
import { formatBytes, groupThousands, parseDurationNs, parseHz, parseSizeBytes } from './units.ts';

/** One row of a comparison; `group` names the heading it sits under (each syscall under "syscalls"). */
export interface Metric { name: string; unit: string; values: (number | null)[]; group?: string }
export interface Comparison { scenario: string; seed: number; columns: string[]; metrics: Metric[] }

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** The variants' reports (or the scenario alone when it has none). */
export function runVariants(s: Scenario, opts: RunOptions = {}): { name: string; report: Report }[] {
  const names = variantNames(s);
  if (names.length === 0) return [{ name: s.name, report: runScenario(s, opts) }];
  return names.map((n) => ({ name: n, report: runScenario(selectVariant(s, n), opts) }));
}

export function compare(runs: { name: string; report: Report }[], topSyscalls = 14): Comparison {
  const reps = runs.map((r) => r.report);
  const m = (name: string, unit: string, f: (r: Report) => number | null | undefined): Metric => ({ name, unit, values: reps.map((r) => f(r) ?? null) });
  const procs = (r: Report) => r.processes;
  const requests = (r: Report): number | null => r.clients?.completed ?? null;
  const syscallTotals = (r: Report): Map<string, number> => {
    const t = new Map<string, number>();
    for (const p of procs(r)) for (const [k, v] of Object.entries(p.syscalls)) t.set(k, (t.get(k) ?? 0) + v.calls);
    return t;
  };
  const cpu = (r: Report, f: (c: Report['cores'][number]) => number) => {
    const total = sum(r.cores.map((c) => c.userNs + c.kernelNs + c.irqNs + c.idleNs));
    return total > 0 ? (100 * sum(r.cores.map(f))) / total : 0;
  };
  const metrics: Metric[] = [
    m('throughput', 'req/s', (r) => r.clients?.throughputPerSec),
    m('latency p50', 'µs', (r) => (r.clients ? r.clients.latencyNs.p50 / 1e3 : null)),
    m('latency p99', 'µs', (r) => (r.clients ? r.clients.latencyNs.p99 / 1e3 : null)),
    // Beside throughput, what a single straggler would hide in it: the tail, and the losses that make one.
    m('latency p99.9', 'µs', (r) => (r.clients ? r.clients.latencyNs.p999 / 1e3 : null)),
    m('latency max', 'µs', (r) => (r.clients ? r.clients.latencyNs.max / 1e3 : null)),
    m('requests failed', 'count', (r) => (r.clients ? sum(Object.values(r.clients.failed)) : null)),
    m('drops (rx, tx, qdisc, accept queue)', 'count', (r) => (r.network ? sum(r.network.nics.map((n) => n.rxDrops + n.txDrops + n.qdiscDrops)) + r.network.acceptQueueDrops : null)),
    m('retransmits (machine + clients)', 'count', (r) => (r.network ? retransTotal(r.network.retransmits) + (r.clients?.retransmits ?? 0) : null)),
    // Processes built with the race detector: the data races they reported (— where none was race-enabled).
    m('data races found', 'count', (r) => { const rs = procs(r).filter((p) => p.races !== undefined); return rs.length === 0 ? null : sum(rs.map((p) => p.races!.length)); }),
    m('syscalls total', 'count', (r) => sum([...syscallTotals(r).values()])),
    m('syscalls per request', 'count', (r) => { const q = requests(r); return q ? sum([...syscallTotals(r).values()]) / q : null; }),
    // Failed calls: with a readiness API most are EAGAIN (a read before the data came).
    m('syscall errors per request', 'count', (r) => {
      const q = requests(r); if (!q) return null;
      return sum(procs(r).flatMap((p) => Object.values(p.syscalls).map((v) => v.errors))) / q;
    }),
  ];
  // The busiest syscalls across all runs, each in total and per request.
  const names = new Map<string, number>();
  for (const r of reps) for (const [k, v] of syscallTotals(r)) names.set(k, (names.get(k) ?? 0) + v);
  for (const [name] of [...names.entries()].sort((a, b) => b[1] - a[1] || byName(a, b)).slice(0, topSyscalls)) {
    metrics.push({ ...m(name, requests(reps[0]!) ? 'per req' : 'calls', (r) => {
      const n = syscallTotals(r).get(name) ?? 0; const q = requests(r);
      return q ? n / q : n;
    }), group: 'syscalls' });
  }
  metrics.push(
    m('threads peak', 'count', (r) => sum(procs(r).map((p) => p.threads.peak))),
    m('context switches', 'count', (r) => r.contextSwitches),
    m('CPU user', '%', (r) => cpu(r, (c) => c.userNs)),
    m('CPU kernel', '%', (r) => cpu(r, (c) => c.kernelNs + c.irqNs)),
    m('CPU idle', '%', (r) => cpu(r, (c) => c.idleNs)),
    m('interrupts', 'count', (r) => sum(r.cores.map((c) => c.interrupts))),
    m('RSS peak', 'bytes', (r) => sum(procs(r).map((p) => p.memory.rssPeakBytes))),
    m('VSZ peak', 'bytes', (r) => sum(procs(r).map((p) => p.memory.vszPeakBytes))),
    m('goroutines peak', 'count', (r) => goOnly(r, (x) => x.goroutines.peak)),
    m('GC cycles', 'count', (r) => goOnly(r, (x) => x.gc?.cycles ?? 0)),
    m('GC pause total', 'µs', (r) => goOnly(r, (x) => (x.gc?.pauseTotalNs ?? 0) / 1e3)),
    m('GC pause max', 'µs', (r) => goOnly(r, (x) => (x.gc?.pauseMaxNs ?? 0) / 1e3)),
    m('GC CPU', '%', (r) => goOnly(r, (x) => (x.gc?.cpuFraction ?? 0) * 100)),
    m('Go heap peak', 'bytes', (r) => goOnly(r, (x) => x.gc?.heapPeakBytes ?? 0)),
    m('goroutine stack growths', 'count', (r) => goOnly(r, (x) => x.stacks?.growths ?? 0)),
    m('goroutine stacks in use', 'bytes', (r) => goOnly(r, (x) => x.stacks?.bytesInUse ?? 0)),
    m('simulated time', 'ms', (r) => r.simTimeNs / 1e6),
  );
  return { scenario: reps[0]!.scenario.split('/')[0]!, seed: reps[0]!.seed, columns: runs.map((r) => r.name), metrics };
}

const retransTotal = (c: { rto: number; fast: number; syn: number }): number => c.rto + c.fast + c.syn;

function goOnly(r: Report, f: (x: NonNullable<Report['processes'][number]['runtime']>) => number): number | null {
  const rts = r.processes.map((p) => p.runtime).filter((x) => x !== undefined);
  return rts.length === 0 ? null : sum(rts.map(f));
}

export function formatValue(v: number | null, unit: string): string {
  if (v === null) return '—';
  if (unit === 'bytes') return formatBytes(v);
  if (unit === '%') return `${v.toFixed(1)}%`;
  if (Number.isInteger(v)) return groupThousands(v);
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

export function renderComparison(c: Comparison, format: 'text' | 'markdown'): string {
  const head = ['', ...c.columns];
  // Rows no run has a value for (no clients, no Go process) are left out.
  const rows = c.metrics.filter((m) => m.values.some((v) => v !== null)).map((m) => [`${m.group !== undefined ? '  ' : ''}${m.name}${m.unit === 'count' || m.unit === 'bytes' || m.unit === '%' ? '' : ` (${m.unit})`}`, ...m.values.map((v) => formatValue(v, m.unit))]);
  if (format === 'markdown') {
    return [`**${c.scenario}** (seed ${c.seed})`, '', `| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  }
  const t = new Table({ head, style: { head: [], border: [] }, chars: COMPACT, colAligns: ['left', ...c.columns.map(() => 'right' as const)] });
  for (const r of rows) t.push(r);
  return `${c.scenario} (seed ${c.seed}): each variant on an identical machine with the same seed\n${t.toString()}`;
}

// --- sweep -----------------------------------------------------------------------------------

export interface SweepAxis { key: string; values: string[] }

/** `--set key=v1,v2,...`: a machine setting (cores, clock, timerHz, memory), `seed`, or an environment variable for every process. */
export function parseSet(arg: string): SweepAxis {
  const i = arg.indexOf('=');
  if (i <= 0 || i === arg.length - 1) throw new Error(`--set takes key=value[,value...], got "${arg}"`);
  return { key: arg.slice(0, i), values: arg.slice(i + 1).split(',').map((v) => v.trim()).filter(Boolean) };
}

const MACHINE_KEYS = new Set(['cores', 'clock', 'timerHz', 'timerJitter', 'memory', 'frameSize']);

export function applySetting(s: Scenario, key: string, value: string): Scenario {
  const spec = structuredClone({ ...s.spec, variants: [] }) as Scenario['spec'];
  spec.variants = s.spec.variants;
  if (key === 'seed') spec.seed = Number(value);
  else if (key === 'os') {
    if (value !== 'linux' && value !== 'darwin' && value !== 'windows') throw new Error(`--set os: must be linux, darwin or windows, got "${value}"`);
    spec.machine.os = value;
  } else if (MACHINE_KEYS.has(key)) {
    const num = machineValue(key, value);
    if (key === 'cores' && (!Number.isInteger(num) || num < 1 || num > 64)) throw new Error(`--set cores: must be 1..64, got "${value}"`);
    (spec.machine as unknown as Record<string, number>)[key] = num;
  } else {
    spec.processes = spec.processes.map((p) => ({ ...p, env: { ...p.env, [key]: value } }));
    spec.variants = spec.variants.map((v) => ({ ...v, processes: v.processes.map((p) => ({ ...p, env: { ...p.env, [key]: value } })) }));
  }
  return { ...s, spec };
}

/** A machine setting's value with its unit, as the scenario file takes it (clock=3GHz, memory=1GiB, timerJitter=20us). */
function machineValue(key: string, value: string): number {
  const parse = key === 'clock' ? parseHz : key === 'timerJitter' ? parseDurationNs : key === 'memory' || key === 'frameSize' ? parseSizeBytes : Number;
  let n: number;
  try { n = parse(value); } catch (e) { throw new Error(`--set ${key}: ${(e as Error).message}`); }
  if (!Number.isFinite(n)) throw new Error(`--set ${key}: not a number: "${value}"`);
  return n;
}

export interface SweepRow { settings: Record<string, string>; report: Report }

/** Every combination of the axes' values, the last axis varying fastest: a sweep's runs, in its rows' order. */
export function combinations(axes: SweepAxis[]): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const a of axes) combos = combos.flatMap((c) => a.values.map((v) => ({ ...c, [a.key]: v })));
  return combos;
}

const SPARKS = '▁▂▃▄▅▆▇█';
/**
 * Bars scaled from zero (from the least value only when some are negative), so that
 * 86 against 89 looks like the 3% it is, not like a cliff; renderSweep prints the range beside it.
 */
export function sparkline(values: (number | null)[]): string {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return '';
  const lo = Math.min(0, ...xs); const hi = Math.max(...xs);
  if (hi - lo <= 0) return values.map((v) => (v === null ? ' ' : SPARKS[0]!)).join('');
  return values.map((v) => (v === null ? ' ' : SPARKS[Math.round(((v - lo) / (hi - lo)) * 7)]!)).join('');
}

/** "86.0 .. 89.0 req/s": the least and the greatest value of a column, with its unit. */
function range(values: (number | null)[], unit: string): string {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return '';
  const u = unit === 'count' || unit === 'bytes' || unit === '%' ? '' : ` ${unit}`;
  return `${formatValue(Math.min(...xs), unit)} .. ${formatValue(Math.max(...xs), unit)}${u}`;
}

const SWEEP_COLUMNS: { name: string; unit: string; pick: (r: Report) => number | null }[] = [
  { name: 'throughput', unit: 'req/s', pick: (r) => r.clients?.throughputPerSec ?? null },
  { name: 'p99', unit: 'µs', pick: (r) => (r.clients ? r.clients.latencyNs.p99 / 1e3 : null) },
  { name: 'CPU busy', unit: '%', pick: (r) => { const t = sum(r.cores.map((c) => c.userNs + c.kernelNs + c.irqNs + c.idleNs)); return t ? (100 * (t - sum(r.cores.map((c) => c.idleNs)))) / t : 0; } },
  { name: 'threads', unit: 'count', pick: (r) => sum(r.processes.map((p) => p.threads.peak)) },
  { name: 'ctx switches', unit: 'count', pick: (r) => r.contextSwitches },
  { name: 'syscalls', unit: 'count', pick: (r) => sum(r.processes.flatMap((p) => Object.values(p.syscalls).map((v) => v.calls))) },
  { name: 'sim time', unit: 'ms', pick: (r) => r.simTimeNs / 1e6 },
];

export function renderSweep(rows: SweepRow[], axes: SweepAxis[]): string {
  const cols = SWEEP_COLUMNS.filter((c) => rows.some((r) => c.pick(r.report) !== null));
  const t = new Table({ head: [...axes.map((a) => a.key), ...cols.map((c) => (c.unit === 'count' || c.unit === '%' ? c.name : `${c.name} (${c.unit})`))], style: { head: [], border: [] }, chars: COMPACT });
  for (const r of rows) t.push([...axes.map((a) => r.settings[a.key]!), ...cols.map((c) => formatValue(c.pick(r.report), c.unit))]);
  const sparks = cols.map((c) => {
    const vs = rows.map((r) => c.pick(r.report));
    return `  ${c.name.padEnd(14)} ${sparkline(vs).padEnd(rows.length)}  ${range(vs, c.unit)}`;
  });
  return `${t.toString()}\nacross the rows:\n${sparks.join('\n')}`;
}

/** The rows as CSV; a column no row has a value for (throughput without clients) is left out, not left empty. */
export function sweepCsv(rows: SweepRow[], axes: SweepAxis[]): string {
  const cols = SWEEP_COLUMNS.filter((c) => rows.some((r) => c.pick(r.report) !== null));
  const lines = [[...axes.map((a) => a.key), ...cols.map((c) => `${c.name.replace(/ /g, '_')}_${c.unit === '%' ? 'pct' : c.unit.replace('/', '_per_').replace('µ', 'u')}`), 'trace_hash'].join(',')];
  for (const r of rows) lines.push([...axes.map((a) => r.settings[a.key]!), ...cols.map((c) => c.pick(r.report) ?? ''), r.report.traceHash].join(','));
  return lines.join('\n') + '\n';
}
