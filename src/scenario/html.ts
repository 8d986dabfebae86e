// `--html out.html`: one self-contained page (no network needed to open it) with
// the report's tables and charts — the clients' latency CDF per variant,
// syscalls per request as grouped bars, threads and RSS, a per-core timeline of
// user / kernel / idle time, and the GC's stop-the-world pauses. The charts are
// drawn by Chart.js, whose UMD build is read from node_modules and inlined in
// the page; the data is inlined as JSON.
//
// The series are gathered while the run goes (recordSeries): a machine sample
// every slice of simulated time (the runner's own slicing), the clients'
// latencies and the runtime's STW events from the probe bus. Observing changes
// nothing in the run (the trace hash is the same with and without).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { MachineSnapshot } from '../machine/machine.ts';
import type { Simulation } from './runner.ts';
import type { Report } from './report.ts';
import type { Comparison } from './compare.ts';
import { formatValue } from './compare.ts';
import { renderReport } from './report-text.ts';
import { GO_EVENTS } from '../runtime/snapshot.ts';

/** What a run leaves for the page besides its report. */
export interface RunSeries {
  name: string;
  /** Per-core busy shares per time bucket: start (ms) and user/kernel/idle fractions by core. */
  timeline: { t0Ms: number; t1Ms: number; cores: { user: number; kernel: number; idle: number }[] }[];
  /** Up to 512 latency points of the clients' CDF: [latency µs, fraction ≤]. */
  latencyCdf: [number, number][];
  /** Stop-the-world pauses: [simulated ms when it ended, pause µs]. */
  stwPauses: [number, number][];
}

interface CoreSample { t: number; user: number; kernel: number }

/** Watch a simulation as it runs; call `finish` after the run for its series. */
export function recordSeries(sim: Simulation, name: string): { sample(): void; finish(): RunSeries } {
  const m = sim.machine;
  const samples: CoreSample[][] = [];
  const stw: [number, number][] = [];
  const unsub = m.probe.subscribe((ev) => {
    if (ev.kind === GO_EVENTS.stw && ev.b === 1) stw.push([m.cyclesToNs(ev.t) / 1e6, ev.a / 1e3]);
  });
  const sample = (): void => {
    const snap = m.probe.read<MachineSnapshot>('machine');
    if (snap === undefined) return;
    samples.push(snap.cores.map((c) => ({ t: snap.now, user: c.userCycles, kernel: c.kernelCycles + c.irqCycles })));
  };
  sample();
  return {
    sample,
    finish(): RunSeries {
      sample();
      unsub();
      const lat = sim.load === null ? [] : [...sim.load.latencies].sort((a, b) => a - b);
      const step = Math.max(1, Math.ceil(lat.length / 512));
      const cdf: [number, number][] = [];
      for (let i = 0; i < lat.length; i += step) cdf.push([lat[i]! / 1e3, (i + 1) / lat.length]);
      if (lat.length > 0) cdf.push([lat[lat.length - 1]! / 1e3, 1]);
      return { name, timeline: buckets(samples, (c) => m.cyclesToNs(c) / 1e6), latencyCdf: cdf, stwPauses: stw };
    },
  };
}

/** At most 60 buckets over the run, each the busy shares of every core across it. */
function buckets(samples: CoreSample[][], ms: (cycles: number) => number): RunSeries['timeline'] {
  if (samples.length < 2) return [];
  const n = Math.min(60, samples.length - 1);
  const out: RunSeries['timeline'] = [];
  for (let b = 0; b < n; b++) {
    const a = samples[Math.floor(b * (samples.length - 1) / n)]!;
    const z = samples[Math.floor((b + 1) * (samples.length - 1) / n)]!;
    const dt = z[0]!.t - a[0]!.t;
    if (dt <= 0) continue;
    out.push({
      t0Ms: ms(a[0]!.t), t1Ms: ms(z[0]!.t),
      cores: z.map((c, i) => {
        const user = Math.min(1, Math.max(0, (c.user - a[i]!.user) / dt));
        const kernel = Math.min(1 - user, Math.max(0, (c.kernel - a[i]!.kernel) / dt));
        return { user, kernel, idle: Math.max(0, 1 - user - kernel) };
      }),
    });
  }
  return out;
}

/** Run the simulation to its end, sampling the series every slice (the runner's own slicing). */
export function runWithSeries(sim: Simulation, name: string, onProgress?: (simNs: number, limitNs: number) => void): RunSeries {
  const rec = recordSeries(sim, name);
  const limitNs = sim.scenario.spec.run.timeLimit;
  // The runner's own slice (10 ms of simulated time), so the run stops where `run` stops it.
  const slice = 10e6;
  let last = performance.now();
  while (!sim.advance(slice)) {
    rec.sample();
    const now = performance.now();
    if (onProgress !== undefined && now - last >= 1000) { onProgress(sim.simNs, limitNs); last = now; }
  }
  return rec.finish();
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td${i > 0 ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** The page's data: what the charts draw. */
export interface PageData {
  title: string;
  runs: { name: string; series: RunSeries; report: Report }[];
  comparison: Comparison | null;
}

function chartData(d: PageData): unknown {
  const syscallNames = new Map<string, number>();
  for (const r of d.runs) for (const p of r.report.processes) for (const [k, v] of Object.entries(p.syscalls)) syscallNames.set(k, (syscallNames.get(k) ?? 0) + v.calls);
  const top = [...syscallNames.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k]) => k);
  const perReq = (r: Report, name: string): number => {
    const calls = r.processes.reduce((s, p) => s + (p.syscalls[name]?.calls ?? 0), 0);
    const q = r.clients?.completed ?? 0;
    return q > 0 ? calls / q : calls;
  };
  return {
    runs: d.runs.map((r) => ({
      name: r.name,
      cdf: r.series.latencyCdf, stw: r.series.stwPauses, timeline: r.series.timeline,
      threads: r.report.processes.reduce((s, p) => s + p.threads.peak, 0),
      rssMiB: r.report.processes.reduce((s, p) => s + p.memory.rssPeakBytes, 0) / (1 << 20),
      syscalls: top.map((n) => perReq(r.report, n)),
    })),
    syscallNames: top,
    perRequest: d.runs.every((r) => (r.report.clients?.completed ?? 0) > 0),
  };
}

/** The client script: one chart per canvas, all from the inlined data. */
const DRAW = String.raw`
const errors = [];
window.addEventListener('error', (e) => { errors.push(String(e.message)); document.body.dataset.errors = errors.join(' | '); });
const consoleError = console.error;
console.error = (...a) => { errors.push(a.map(String).join(' ')); document.body.dataset.errors = errors.join(' | '); consoleError(...a); };
const D = JSON.parse(document.getElementById('data').textContent);
const C = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const axis = (x, y, more) => Object.assign({ responsive: false, animation: false, plugins: { legend: { position: 'bottom' } },
  scales: { x: { title: { display: true, text: x } }, y: { title: { display: true, text: y } } } }, more || {});
function chart(id, cfg) {
  const el = document.getElementById(id);
  if (!el) return;
  try { el.chart = new Chart(el, cfg); el.dataset.rendered = '1'; } catch (e) { errors.push(id + ': ' + e.message); document.body.dataset.errors = errors.join(' | '); }
}
chart('latency-cdf', { type: 'line', data: { datasets: D.runs.map((r, i) => ({ label: r.name, data: r.cdf.map(([x, y]) => ({ x, y })), borderColor: C[i % C.length], pointRadius: 0, stepped: true })) },
  options: axis('request latency (µs)', 'fraction of requests ≤', { scales: { x: { type: 'logarithmic', title: { display: true, text: 'request latency (µs, log scale)' } }, y: { min: 0, max: 1, title: { display: true, text: 'fraction of requests ≤' } } } }) });
chart('syscalls', { type: 'bar', data: { labels: D.syscallNames, datasets: D.runs.map((r, i) => ({ label: r.name, data: r.syscalls, backgroundColor: C[i % C.length] })) },
  options: axis('system call', D.perRequest ? 'calls per request' : 'calls') });
chart('threads-rss', { type: 'bar', data: { labels: D.runs.map((r) => r.name), datasets: [
  { label: 'threads (peak)', data: D.runs.map((r) => r.threads), backgroundColor: C[0], yAxisID: 'y' },
  { label: 'RSS peak (MiB)', data: D.runs.map((r) => r.rssMiB), backgroundColor: C[1], yAxisID: 'y1' }] },
  options: axis('variant', 'threads', { scales: { x: { title: { display: true, text: 'variant' } }, y: { title: { display: true, text: 'threads (peak)' }, position: 'left' }, y1: { title: { display: true, text: 'RSS peak (MiB)' }, position: 'right', grid: { drawOnChartArea: false } } } }) });
D.runs.forEach((r, k) => {
  const cores = r.timeline.length > 0 ? r.timeline[0].cores.length : 0;
  const ds = [];
  for (let c = 0; c < cores; c++) for (const [part, color] of [['user', '#2ca02c'], ['kernel', '#d62728'], ['idle', '#dddddd']])
    ds.push({ label: 'cpu' + c + ' ' + part, stack: 'cpu' + c, data: r.timeline.map((b) => b.cores[c][part] * 100), backgroundColor: color });
  chart('timeline-' + k, { type: 'bar', data: { labels: r.timeline.map((b) => b.t0Ms.toFixed(1)), datasets: ds },
    options: axis('simulated time (ms), a group of bars per core', 'share of the interval (%)', { plugins: { legend: { display: false } }, scales: { x: { stacked: true, title: { display: true, text: 'simulated time (ms); one bar per core: user (green), kernel (red), idle (grey)' } }, y: { stacked: true, max: 100, title: { display: true, text: 'share of the interval (%)' } } } }) });
});
chart('gc-pauses', { type: 'scatter', data: { datasets: D.runs.map((r, i) => ({ label: r.name, data: r.stw.map(([x, y]) => ({ x, y })), backgroundColor: C[i % C.length] })) },
  options: axis('simulated time (ms)', 'stop-the-world pause (µs)') });
document.body.dataset.charts = String(document.querySelectorAll('canvas[data-rendered="1"]').length);
`;

let chartJs: string | null = null;
function chartLibrary(): string {
  if (chartJs === null) {
    const req = createRequire(import.meta.url);
    // The package exports only its modules; its browser build sits beside them.
    chartJs = readFileSync(path.join(path.dirname(req.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  }
  return chartJs;
}

/** The whole page. */
export function renderHtml(d: PageData): string {
  const sections: string[] = [];
  if (d.comparison !== null) {
    const c = d.comparison;
    const rows = c.metrics.filter((m) => m.values.some((v) => v !== null))
      .map((m) => [`${m.name.trim()}${m.unit === 'count' || m.unit === 'bytes' || m.unit === '%' ? '' : ` (${m.unit})`}`, ...m.values.map((v) => formatValue(v, m.unit))]);
    sections.push(`<h2>Comparison</h2><p>${esc(c.scenario)} (seed ${c.seed}): each variant on an identical machine with the same seed.</p>${table(['', ...c.columns], rows)}`);
  }
  const hasClients = d.runs.some((r) => r.series.latencyCdf.length > 0);
  const hasGc = d.runs.some((r) => r.series.stwPauses.length > 0);
  sections.push('<h2>Charts</h2>');
  if (hasClients) sections.push('<h3>Request latency (CDF)</h3><canvas id="latency-cdf" width="900" height="360"></canvas>');
  sections.push(`<h3>System calls${d.runs.every((r) => (r.report.clients?.completed ?? 0) > 0) ? ' per request' : ''}</h3><canvas id="syscalls" width="900" height="360"></canvas>`);
  sections.push('<h3>Threads and RSS</h3><canvas id="threads-rss" width="900" height="300"></canvas>');
  d.runs.forEach((r, k) => sections.push(`<h3>Per-core time: ${esc(r.name)}</h3><canvas id="timeline-${k}" width="900" height="300"></canvas>`));
  if (hasGc) sections.push('<h3>GC stop-the-world pauses</h3><canvas id="gc-pauses" width="900" height="300"></canvas>');
  sections.push('<h2>Reports</h2>');
  for (const r of d.runs) sections.push(`<h3>${esc(r.name)}</h3><pre>${esc(renderReport(r.report))}</pre>`);
  const data = JSON.stringify(chartData(d)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(d.title)} — gomachine</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:2px 8px}td.n{text-align:right;font-variant-numeric:tabular-nums}pre{font-size:12px;overflow-x:auto}</style>
</head><body>
<h1>${esc(d.title)}</h1>
${sections.join('\n')}
<script id="data" type="application/json">${data}</script>
<script>${chartLibrary()}</script>
<script>${DRAW}</script>
</body></html>
`;
}
