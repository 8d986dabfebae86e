// Benchmark: gomachine against native Go on the same workloads, whole process, start to exit.
// Run with `npm run bench:compare` (options below). The Go programs in bench/native/ are built
// with `go` when it is on the PATH (Debian: `apt-get install golang-go`); without it the native
// column says "skipped" and only gomachine's figures are printed.
//
// Each row runs its pairs interleaved — native, gomachine, native, gomachine, … — so that a
// burst of load on a shared host falls on both sides, and reports medians of wall time and of
// CPU time (user + system, from bash's `time`): on a busy host CPU time is the steadier figure.
// Neither side's compile is timed: native runs what `go build` made, gomachine runs a Go source
// after one untimed small run has left it in gomachine's build cache.
//
//   npm run bench:compare -- [--pairs N] [--rows 1,2,...] [--scale F]
//     --pairs  interleaved pairs per row (default 3)
//     --rows   which rows, by number (default all)
//     --scale  divide the size of rows 1-3, 8 and 9 by F (a quick look; the table's rows are F = 1;
//              the scenario rows keep their size)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

const ROOT = path.resolve(import.meta.dirname, '..');

/** One table row: a Go program run natively, and the same workload on gomachine. */
interface Row {
  name: string;
  /** bench/native/<program>.go with its arguments (scaled) and environment; null: no native side. */
  native: { program: string; args: (scale: number) => string[]; env: Record<string, string> } | null;
  /** `gomachine` arguments (scaled), and what runs on the gomachine side. */
  gomachine: (scale: number) => string[];
  runs: string;
  /** The goal: a ratio to native, or a wall time; null: a row that shows a cost, with no goal set. */
  goal: { ratio: number } | { ms: number } | null;
}

const n = (count: number, scale: number): string => String(Math.max(1, Math.round(count / scale)));

const ROWS: Row[] = [
  {
    name: 'unbuffered ping-pong, 1 M round trips, GOMAXPROCS=1',
    native: { program: 'pingpong', args: (s) => [n(1e6, s)], env: { GOMAXPROCS: '1' } },
    gomachine: (s) => ['run', 'bench/native/pingpong.go', n(1e6, s), '--env', 'GOMAXPROCS=1'],
    runs: 'the Go source, compiled by gomachine (2 cores)',
    goal: { ratio: 8 },
  },
  {
    name: 'the same, GOMAXPROCS=2',
    native: { program: 'pingpong', args: (s) => [n(1e6, s)], env: { GOMAXPROCS: '2' } },
    gomachine: (s) => ['run', 'bench/native/pingpong.go', n(1e6, s), '--env', 'GOMAXPROCS=2'],
    runs: 'the Go source, compiled by gomachine (2 cores)',
    goal: { ratio: 10 },
  },
  {
    name: '1 M × (go + wg.Done), GOMAXPROCS=2',
    native: { program: 'spawn', args: (s) => [n(1e6, s)], env: { GOMAXPROCS: '2' } },
    gomachine: (s) => ['run', 'bench/native/spawn.go', n(1e6, s), '--env', 'GOMAXPROCS=2'],
    runs: 'the Go source, compiled by gomachine (2 cores)',
    goal: { ratio: 3 },
  },
  {
    name: 'echo 1,000 conns × 10 × 64 B, Go-style server',
    native: { program: 'echo', args: () => ['1000'], env: {} },
    gomachine: () => ['run', 'scenarios/go-echo.yaml'],
    runs: 'scenario go-echo (built-in app go-echo, 4 cores, clients from the scenario)',
    goal: { ratio: 4 },
  },
  {
    name: 'echo 10,000 conns × 10, Go-style server',
    native: { program: 'echo', args: () => ['10000'], env: {} },
    gomachine: () => ['run', 'bench/native/go-echo-10k.yaml'],
    runs: 'bench/native/go-echo-10k.yaml (built-in app go-echo, 4 cores)',
    goal: { ratio: 5 },
  },
  {
    name: '1 GB in 1 KiB objects, 10 MB live, GOGC=100',
    native: { program: 'gc', args: () => [], env: { GOGC: '100' } },
    gomachine: () => ['run', 'scenarios/go-gc-pressure.yaml', '--variant', 'gogc-100'],
    runs: 'scenario go-gc-pressure, variant gogc-100 (built-in app go-gc-pressure, 2 cores)',
    goal: { ratio: 5 },
  },
  {
    name: 'a trivial scenario (c-hello), start to exit',
    native: null,
    gomachine: () => ['run', 'scenarios/c-hello.yaml'],
    runs: 'scenario c-hello',
    goal: { ms: 400 },
  },
  {
    name: '1 M goroutines parked at once on one channel, then woken',
    native: { program: 'parked', args: (s) => [n(1e6, s)], env: {} },
    gomachine: (s) => ['run', 'bench/native/parked.go', n(1e6, s)],
    runs: 'the Go source, compiled by gomachine (2 cores)',
    goal: { ratio: 2.1 },
  },
  {
    name: '1 M calls of a method that locks a mutex and defers its Unlock',
    native: { program: 'defer', args: (s) => [n(1e6, s)], env: {} },
    gomachine: (s) => ['run', 'bench/native/defer.go', n(1e6, s)],
    runs: 'the Go source, compiled by gomachine (2 cores)',
    goal: null,
  },
];

/** rssKiB: the process's peak resident set, from GNU time (null where /usr/bin/time is missing). */
interface Sample { wallMs: number; cpuMs: number; rssKiB: number | null }

/** GNU time (Debian: apt-get install time), for the peak RSS; bash's `time` gives the times either way. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
/** Where GNU time writes the peak RSS of the run it wraps (made only when GNU time is there). */
const RSS_FILE = GNU_TIME === null ? null : path.join(mkdtempSync(path.join(os.tmpdir(), 'gomachine-rss-')), 'rss');

/** Runs a command under bash's `time` (and GNU time for its peak RSS); its wall and CPU time. Throws if it fails. */
function timed(cmd: string[], env: Record<string, string>): Sample {
  const quoted = cmd.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const rss = RSS_FILE === null ? '' : `${GNU_TIME} -o '${RSS_FILE}' -f '%M' `;
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; time ${rss}${quoted} >/dev/null 2>&1`], {
    cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8',
  });
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || m === null) throw new Error(`${cmd.join(' ')} failed (status ${r.status}): ${r.stderr}`);
  const rssKiB = RSS_FILE === null ? null : Number(readFileSync(RSS_FILE, 'utf8').trim().split('\n').pop());
  return { wallMs: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, rssKiB };
}

/** Builds bench/native/*.go into a temporary directory; null when `go` is not on the PATH. */
function buildNative(): string | null {
  if (spawnSync('go', ['version'], { encoding: 'utf8' }).status !== 0) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gomachine-native-'));
  for (const p of new Set(ROWS.flatMap((r) => (r.native === null ? [] : [r.native.program])))) {
    const b = spawnSync('go', ['build', '-o', path.join(dir, p), path.join('bench', 'native', `${p}.go`)], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`go build bench/native/${p}.go: ${b.stderr}`);
  }
  return dir;
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const mib = (kib: number): string => `${Math.round(kib / 1024).toLocaleString('en-US')} MiB`;
const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;
const positive = (what: string) => (v: string): number => {
  const x = Number(v);
  if (!(x > 0)) throw new InvalidArgumentError(`${what} must be a number > 0`);
  return x;
};

const opts = new Command('bench:compare')
  .option('--pairs <n>', 'interleaved pairs per row', positive('--pairs'), 3)
  .option('--rows <list>', 'rows to run, by number (1-based), comma-separated')
  .option('--scale <f>', 'divide the size of rows 1-3, 8 and 9 by f', positive('--scale'), 1)
  .parse().opts<{ pairs: number; rows?: string; scale: number }>();
const picked = opts.rows === undefined ? ROWS.map((_, i) => i) : opts.rows.split(',').map((s) => {
  const i = Number(s) - 1;
  if (!Number.isInteger(i) || ROWS[i] === undefined) throw new InvalidArgumentError(`--rows: no row ${s} (1 to ${ROWS.length})`);
  return i;
});

const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || 'unknown';
const load = (): string => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`bench:compare ${new Date().toISOString().slice(0, 16)}Z, commit ${git}, node ${process.version}, ${os.cpus().length} cores, load average ${load()}`);
console.log(`${opts.pairs} interleaved pairs per row, medians; scale 1/${opts.scale}`);
const bin = buildNative();
if (bin === null) console.log('native skipped: `go` is not on the PATH (Debian: apt-get install golang-go)');

if (GNU_TIME === null) console.log('peak RSS skipped: no /usr/bin/time (Debian: apt-get install time)');

console.log('\n| # | workload | native Go wall (cpu) | gomachine wall (cpu) | ratio wall (cpu) | goal | peak RSS native / gomachine | gomachine runs |');
console.log('|---|---|---|---|---|---|---|---|');
for (const i of picked) {
  const row = ROWS[i]!;
  const nat: Sample[] = []; const gm: Sample[] = [];
  // A Go source is compiled once before the timing, as the native side's `go build` is: a small
  // run fills gomachine's build cache (what `go run` does with $GOCACHE), and the timed runs find it.
  if (row.runs.startsWith('the Go source')) timed(['node', 'bin/gomachine.mjs', ...row.gomachine(1e6)], {});
  for (let p = 0; p < opts.pairs; p++) {
    if (bin !== null && row.native !== null) nat.push(timed([path.join(bin, row.native.program), ...row.native.args(opts.scale)], row.native.env));
    gm.push(timed(['node', 'bin/gomachine.mjs', ...row.gomachine(opts.scale)], {}));
  }
  const g = { wall: median(gm.map((s) => s.wallMs)), cpu: median(gm.map((s) => s.cpuMs)) };
  const nativeCell = row.native === null ? '—' : nat.length === 0 ? 'skipped' : `${ms(median(nat.map((s) => s.wallMs)))} (${ms(median(nat.map((s) => s.cpuMs)))})`;
  const ratio = nat.length === 0 ? '—'
    : `${(g.wall / median(nat.map((s) => s.wallMs))).toFixed(1)}× (${(g.cpu / median(nat.map((s) => s.cpuMs))).toFixed(1)}×)`;
  const goal = row.goal === null ? '—' : 'ratio' in row.goal ? `≤ ${row.goal.ratio}×` : `≤ ${ms(row.goal.ms)}`;
  const rss = (xs: Sample[]): string => (xs.length === 0 || xs[0]!.rssKiB === null ? '—' : mib(Math.max(...xs.map((x) => x.rssKiB!))));
  console.log(`| ${i + 1} | ${row.name} | ${nativeCell} | ${ms(g.wall)} (${ms(g.cpu)}) | ${ratio} | ${goal} | ${rss(nat)} / ${rss(gm)} | ${row.runs} |`);
}
console.log(`\nload average at the end: ${load()}`);
