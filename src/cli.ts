// The `gomachine` command.
//
//   gomachine run <scenario> [--json] [--seed N] [--lint]   run a scenario, print its output and report (and lints)
//   gomachine dash [scenario]                      the live dashboard (a report when not on a terminal)
//   gomachine compare <scenario> [--json|--markdown]  the scenario's variants side by side
//   gomachine sweep <scenario> --set k=v1,v2 ...   one run per combination; table, sparklines, CSV
//   gomachine trace <scenario> -o trace.json       a Chrome trace of the run (Perfetto)
//   gomachine list                                 built-in programs and shipped scenarios

import { Command, InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, selectVariant, variantNames, sourceScenario, raceScenario, type Scenario } from './scenario/loader.ts';
import { sourceLanguage } from './lang/source.ts';
import { compare, renderComparison, runVariants, parseSet, renderSweep, sweepCsv, type SweepAxis } from './scenario/compare.ts';
import { runJobs, defaultJobs } from './scenario/pool.ts';
import { sweep } from './scenario/sweep.ts';
import type { RunJob } from './scenario/jobs.ts';
import { Simulation } from './scenario/runner.ts';
import { runBridge } from './scenario/bridge.ts';
import { PcapWriter } from './scenario/pcap.ts';
import { Report, type BridgeReport } from './scenario/report.ts';
import { renderReport, lintsSummary } from './scenario/report-text.ts';
import { renderLint } from './scenario/lint.ts';
import { parseLintSet, type Lint, type LintThresholds } from './scenario/lint-spec.ts';
import { formatNs } from './scenario/units.ts';
import { checkExpectations, renderExpectations } from './scenario/expect.ts';
import { BUILTIN_PROGRAMS } from './apps/index.ts';
import { recordTrace, writeTraceFile } from './scenario/trace.ts';
import { leaveBootScreen } from './dashboard/boot-screen.ts';
import { commandExit } from './cli-exit.ts';
import { renderHtml, runWithSeries } from './scenario/html.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SCENARIO = path.join(ROOT, 'scenarios', 'echo-compare.yaml');

function seedOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('the seed must be a whole number ≥ 0');
  return n;
}

/**
 * A scenario named on the command line: a file, or the name of a shipped scenario
 * (`go-panic` for scenarios/go-panic.yaml), so that the names `list` prints work from any directory.
 */
function scenarioFile(arg: string): string {
  if (existsSync(arg) || /[/\\]/.test(arg)) return arg;
  const shipped = path.join(ROOT, 'scenarios', arg.endsWith('.yaml') ? arg : `${arg}.yaml`);
  return existsSync(shipped) ? shipped : arg;
}

/**
 * Output that a closed pipe ends quietly (`gomachine list | head -1`), as Unix tools
 * end: no stack trace, exit status 141 (128 + SIGPIPE) as a shell reports a tool
 * killed by SIGPIPE. Node ignores SIGPIPE, so the EPIPE of a write is the signal; a
 * write to a pipe is synchronous on Linux and destroys the stream at once, so the
 * check before each write also stops a long run at its next line of output.
 */
const SIGPIPE_STATUS = 141;
for (const s of [process.stdout, process.stderr]) {
  s.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(SIGPIPE_STATUS); throw e; });
}
function write(stream: NodeJS.WriteStream, text: string): void {
  if (stream.destroyed) process.exit(SIGPIPE_STATUS);
  stream.write(text);
}

function jobsOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('--jobs wants a whole number ≥ 1');
  return n;
}

function envOption(v: string, prev: Record<string, string> = {}): Record<string, string> {
  const i = v.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError(`--env wants KEY=VALUE, got "${v}"`);
  return { ...prev, [v.slice(0, i)]: v.slice(i + 1) };
}

async function runCommand(file: string, args: string[], opts: { json?: boolean; seed?: number; variant?: string; bridge?: string; bridgeTo?: number; pcap?: string; cores?: number; env?: Record<string, string>; html?: string; race?: boolean; lint?: boolean; lintSet?: Partial<LintThresholds> }): Promise<void> {
  // A Go or C source file (or package directory) runs on a default machine; anything else is a scenario.
  const isSource = sourceLanguage(file) !== null;
  if (!isSource && (args.length > 0 || opts.cores !== undefined || opts.env !== undefined)) throw new InvalidArgumentError('program arguments, --cores and --env are for a source program (main.go); a scenario sets them itself');
  const scenario = isSource
    ? await sourceScenario(file, { args, race: opts.race === true, ...(opts.cores !== undefined ? { cores: opts.cores } : {}), ...(opts.env !== undefined ? { env: opts.env } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) })
    : selectVariant(await raced(loadScenario(scenarioFile(file)), opts.race), opts.variant);
  // --lint (or a threshold) turns the lints on over the scenario's `lint:` section; each is printed as it is found.
  const lint = opts.lint === true || opts.lintSet !== undefined ? (opts.lintSet ?? {}) : undefined;
  const sim = new Simulation(scenario, {
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(lint !== undefined ? { lint } : {}),
    ...(opts.json ? {} : { onLint: (l: Lint) => write(process.stderr, `gomachine: lint: ${renderLint(l)}\n`) }),
    onConsole: opts.json ? undefined : (pid, name, stream, text) => {
      write(stream === 2 ? process.stderr : process.stdout, text.replace(/^(?=.)/gm, `[${name} ${pid}] `));
    },
  });
  const pcap = opts.pcap !== undefined ? attachPcap(sim, opts.pcap) : null;
  let bridged: BridgeReport | undefined;
  if (opts.bridge !== undefined) {
    // Real connections carried into the machine, simulated time paced to the wall clock, until Ctrl-C.
    bridged = await runBridge(sim, opts.bridge, opts.bridgeTo ?? scenario.spec.clients?.target.port ?? 8080, (l) => process.stderr.write(l + '\n'));
  } else if (opts.html !== undefined) {
    const series = runWithSeries(sim, scenario.variant ?? scenario.name, progress);
    writeFileSync(opts.html, renderHtml({ title: scenario.name, runs: [{ name: series.name, series, report: Report.parse(sim.report()) }], comparison: null }));
    process.stderr.write(`gomachine: wrote ${opts.html}\n`);
  } else {
    sim.runToEnd({ onProgress: progress });
  }
  pcap?.();
  const report = Report.parse({ ...sim.report(), ...(bridged !== undefined ? { bridge: bridged } : {}) });
  const expect = checkExpectations(scenario.spec.expect, report, scenario.spec.run.until === 'exit');
  if (opts.json) write(process.stdout, JSON.stringify({ ...report, expect }, null, 2) + '\n');
  else write(process.stdout, '\n' + renderReport(report) + '\n' + renderExpectations(expect) + '\n');
  // Lints do not change the exit status: it stays the program's (or the expectations'); `expect: lints:` makes them count.
  if (report.lints !== undefined && !opts.json) write(process.stderr, `gomachine: ${lintsSummary(report.lints)}\n`);
  if (expect.unmet.length > 0) {
    write(process.stderr, `gomachine: ${scenario.name}: ${expect.unmet.length} of ${expect.checked} expectations not met\n${expect.unmet.map((u) => `  ${u}\n`).join('')}`);
    process.exitCode = 1;
  }
}

/** --race: the scenario with every process built with the race detector. */
async function raced(s: Promise<Scenario>, race: boolean | undefined): Promise<Scenario> { return race === true ? raceScenario(await s) : s; }

function progress(simNs: number, limitNs: number): void {
  process.stderr.write(`gomachine: simulated ${formatNs(simNs)} of at most ${formatNs(limitNs)}...\n`);
}

/** Record every frame on the wire; returns the function that writes the file. */
function attachPcap(sim: Simulation, file: string): () => void {
  if (sim.wire === null) throw new InvalidArgumentError(`--pcap: ${sim.scenario.name} has no network (no NICs, so no frames)`);
  const w = new PcapWriter();
  sim.wire.tap((f, at) => w.add(f, sim.machine.cyclesToNs(at)));
  return () => { writeFileSync(file, w.bytes()); process.stderr.write(`gomachine: wrote ${w.frames} frames to ${file}\n`); };
}

const program = new Command();
program.name('gomachine')
  .description('An emulated multi-core machine with a small kernel and a Go-style runtime in user mode.')
  .version((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version, '-V, --version', 'print gomachine\'s version')
  .showHelpAfterError();

program.command('run')
  .description('run a scenario file, or a Go program (main.go, or a directory of package main), or a C program (server.c [more.c ...]); prints the programs\' output as it happens, then a report')
  .argument('<scenario>', 'a scenario file (YAML), e.g. scenarios/c-threads.yaml, or a Go source file or package directory, or C source (server.c)')
  .argument('[args...]', 'arguments of the Go program (os.Args[1:]); for C: more .c files of the program, then its arguments')
  .option('--cores <n>', 'for a Go program: cores of the machine (default 2)', (v) => {
    const n = Number(v); if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('cores are 1..64'); return n;
  })
  .option('--env <K=V>', 'for a Go program: an environment variable (repeatable), e.g. --env GOMAXPROCS=1', envOption)
  .option('--json', 'print the report as JSON (and not the programs\' output)')
  .option('--race', 'build every program with the race detector (like go run -race): data races are reported on stderr and in the report, exit status 66')
  .option('--seed <n>', 'override the scenario\'s seed', seedOption)
  .option('--variant <name>', 'for a scenario with variants: which one to run (default: the first)')
  .option('--pcap <file>', 'write every frame the NICs send and receive to a pcap file (tshark, Wireshark)')
  .option('--html <file>', 'also write one self-contained HTML page with the report and its charts')
  .option('--lint', 'turn the lints on: concurrency mistakes (goroutine leaks, partial deadlocks, lock contention, ...) printed as found and listed in the report; they do not change the exit status')
  .option('--lint-set <key=value>', 'a lint threshold (repeatable; turns the lints on), e.g. --lint-set busyLoop=200ms --lint-set threadsPerCore=4', (v: string, prev: Partial<LintThresholds> = {}) => {
    try { return { ...prev, ...parseLintSet(v) }; } catch (e) { throw new InvalidArgumentError((e as Error).message); }
  })
  .option('--bridge <host:port>', 'carry real TCP connections on this host port (loopback unless a host is given) into the machine, in real time, until Ctrl-C')
  .option('--bridge-to <port>', 'the port inside the machine bridged connections go to (default: the clients\' target port, else 8080)', (v) => {
    const n = Number(v); if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('a port is 1..65535'); return n;
  })
  .action(runCommand);

program.command('compare')
  .description('run each of the scenario\'s variants on an identical machine with the same seed, and print them side by side')
  .argument('<scenario>', 'a scenario file with variants, e.g. scenarios/echo-compare.yaml')
  .option('--seed <n>', 'override the scenario\'s seed', seedOption)
  .option('--json', 'print the comparison as JSON')
  .option('--markdown', 'print the comparison as a Markdown table')
  .option('--html <file>', 'also write one self-contained HTML page with the comparison, its charts and each variant\'s report')
  .option('--jobs <n>', 'variants run at once, each on a worker thread (default: one per core)', jobsOption)
  .action(async (file: string, opts: { seed?: number; json?: boolean; markdown?: boolean; html?: string; jobs?: number }) => {
    const scenario = await loadScenario(scenarioFile(file));
    const names = variantNames(scenario);
    const seed = opts.seed !== undefined ? { seed: opts.seed } : {};
    let runs: { name: string; report: Report }[];
    if (opts.html !== undefined) {
      const withSeries = (names.length === 0 ? [null] : names).map((n) => {
        const sim = new Simulation(selectVariant(scenario, n ?? undefined), seed);
        const series = runWithSeries(sim, n ?? scenario.name, progress);
        return { name: series.name, series, report: Report.parse(sim.report()) };
      });
      runs = withSeries;
      writeFileSync(opts.html, renderHtml({ title: `${scenario.name}: ${withSeries.map((r) => r.name).join(' vs ')}`, runs: withSeries, comparison: compare(runs) }));
      process.stderr.write(`gomachine: wrote ${opts.html}\n`);
    } else {
      const list: RunJob[] = (names.length === 0 ? [undefined] : names).map((n) => ({ file: path.resolve(scenarioFile(file)), ...(n !== undefined ? { variant: n } : {}), settings: {}, ...seed }));
      const reports = await runJobs(list, opts.jobs ?? defaultJobs(), (i, done, n) => {
        process.stderr.write(`gomachine: run ${done}/${n} (${list[i]!.variant ?? scenario.name}) done\n`);
      });
      runs = list.map((j, i) => ({ name: j.variant ?? scenario.name, report: reports[i]! }));
    }
    if (names.length < 2) process.stderr.write(`gomachine: ${file} has ${names.length === 0 ? 'no variants' : 'one variant'}; the comparison has one column\n`);
    const c = compare(runs);
    if (opts.json) process.stdout.write(JSON.stringify(c, null, 2) + '\n');
    else process.stdout.write(renderComparison(c, opts.markdown ? 'markdown' : 'text') + '\n');
  });

program.command('sweep')
  .description('one run per combination of settings: a table with sparklines, optionally CSV')
  .argument('<scenario>', 'a scenario file')
  .option('--set <key=v1,v2,...>', 'a machine setting (cores, clock, timerHz, memory), seed, or an environment variable such as GOMAXPROCS; repeatable', (v: string, prev: SweepAxis[]) => {
    try { return [...prev, parseSet(v)]; } catch (e) { throw new InvalidArgumentError((e as Error).message); }
  }, [] as SweepAxis[])
  .option('--variant <name>', 'for a scenario with variants: which one to sweep (default: the first)')
  .option('--csv <file>', 'also write the rows as CSV to this file')
  .option('--jobs <n>', 'combinations run at once, each on a worker thread (default: one per core)', jobsOption)
  .action(async (file: string, opts: { set: SweepAxis[]; variant?: string; csv?: string; jobs?: number }) => {
    if (opts.set.length === 0) throw new InvalidArgumentError('give at least one --set, e.g. --set cores=1,2,4,8');
    const rows = await sweep(path.resolve(scenarioFile(file)), opts.set, {
      ...(opts.variant !== undefined ? { variant: opts.variant } : {}),
      jobs: opts.jobs ?? defaultJobs(),
      onRun: (settings, done, n) => process.stderr.write(`gomachine: run ${done}/${n} (${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(' ')}) done\n`),
    });
    process.stdout.write(renderSweep(rows, opts.set) + '\n');
    if (opts.csv) { writeFileSync(opts.csv, sweepCsv(rows, opts.set)); process.stderr.write(`gomachine: wrote ${opts.csv}\n`); }
  });

program.command('dash')
  .description('the live dashboard on a scenario (default: the shipped default scenario); a scenario with variants shows all of them (side by side as far as they fit, `v` for the others); prints the report when not on a terminal')
  .argument('[scenario]', 'a scenario file', DEFAULT_SCENARIO)
  .option('--seed <n>', 'override the scenario\'s seed', seedOption)
  .option('--variant <name>', 'for a scenario with variants: show only this one')
  .option('--compare <variant-or-scenario>', 'show only --variant (default: the first) and beside it another variant of the scenario, or another scenario file, on the same seed')
  .option('--paused', 'start paused')
  .option('--race', 'build every program with the race detector (like go run -race)')
  .option('--lint', 'turn the lints on: a warnings strip, each in its goroutine\'s or thread\'s detail, and marked on the timeline')
  .action(async (file: string, opts: { seed?: number; variant?: string; compare?: string; paused?: boolean; race?: boolean; lint?: boolean }) => {
    // The interactive dashboard needs a terminal on both ends; elsewhere, the report —
    // for a scenario with variants, each variant's report and then the comparison.
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      const loaded = await loadScenario(scenarioFile(file));
      const names = opts.variant === undefined ? variantNames(loaded) : [];
      if (names.length < 2) { await runCommand(file, [], opts); return; }
      process.stderr.write(`gomachine: not a terminal, so no dashboard: the report of each variant of ${loaded.name} (${names.join(', ')}), then the comparison\n`);
      for (const v of names) await runCommand(file, [], { ...opts, variant: v });
      const runs = runVariants(opts.race === true ? raceScenario(loaded) : loaded, opts.seed !== undefined ? { seed: opts.seed } : {});
      process.stdout.write('\n' + renderComparison(compare(runs), 'text') + '\n');
      return;
    }
    process.env.NODE_ENV ??= 'production'; // React's production build: it is chosen when React is first imported
    // Ink draws only a final frame when it believes it runs under CI (it reads CI when first
    // imported); on a terminal that someone is looking at, the dashboard must draw live.
    delete process.env.CI; delete process.env.CONTINUOUS_INTEGRATION;
    // Check the scenario's name and variants here, so that a mistake is an error on the
    // ordinary screen; the simulation thread loads it again to run it.
    file = scenarioFile(file);
    const loaded = await loadScenario(file);
    const variants = variantNames(loaded);
    if (opts.variant !== undefined) selectVariant(loaded, opts.variant);
    const here = path.resolve(file);
    const own = (v: string | undefined): { file: string; variant: string | null } => ({ file: here, variant: v ?? null });
    let runs = variants.length > 0 && opts.variant === undefined && opts.compare === undefined ? variants.map(own) : [own(opts.variant)];
    if (opts.compare !== undefined) {
      if (variants.includes(opts.compare)) runs = [own(opts.variant), own(opts.compare)];
      else { const other = scenarioFile(opts.compare); await loadScenario(other); runs = [own(opts.variant), { file: path.resolve(other), variant: null }]; }
    }
    const { runDashboard } = await import('./dashboard/index.tsx');
    await runDashboard({ init: {
      runs,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.paused === true ? { paused: true } : {}), ...(opts.race === true ? { race: true } : {}),
      ...(opts.lint === true ? { lint: true } : {}),
    } });
  });

program.command('trace')
  .description('run a scenario and write a Chrome trace (open it in https://ui.perfetto.dev)')
  .argument('<scenario>', 'a scenario file')
  .option('-o, --output <file>', 'where to write the trace', 'trace.json')
  .option('--seed <n>', 'override the scenario\'s seed', seedOption)
  .option('--variant <name>', 'for a scenario with variants: which one to trace (default: the first)')
  .option('--pcap <file>', 'also write every frame the NICs send and receive to a pcap file')
  .action(async (file: string, opts: { output: string; seed?: number; variant?: string; pcap?: string }) => {
    const scenario = selectVariant(await loadScenario(scenarioFile(file)), opts.variant);
    const sim = new Simulation(scenario, opts.seed !== undefined ? { seed: opts.seed } : {});
    const pcap = opts.pcap !== undefined ? attachPcap(sim, opts.pcap) : null;
    const trace = recordTrace(sim.machine, () => sim.runToEnd());
    writeTraceFile(opts.output, trace);
    pcap?.();
    process.stderr.write(`gomachine: ${trace.traceEvents.length} trace events, ${formatNs(sim.simNs)} simulated, written to ${opts.output}\n`);
  });

program.command('list')
  .description('list the built-in programs and the shipped scenarios, with what each shows')
  .action(() => {
    // Each scenario by the name `run` takes from any directory, with the first sentence of its description.
    const dir = path.join(ROOT, 'scenarios');
    const scenarios = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => {
      const doc = parseYaml(readFileSync(path.join(dir, f), 'utf8')) as { description?: unknown; processes?: { program?: unknown }[]; variants?: { processes?: { program?: unknown }[] }[] } | null;
      const programs = [...(doc?.processes ?? []), ...(doc?.variants ?? []).flatMap((v) => v.processes ?? [])].map((p) => String(p.program));
      return { name: f.replace(/\.yaml$/, ''), about: firstSentence(typeof doc?.description === 'string' ? doc.description : ''), programs };
    });
    const w = Math.max(...scenarios.map((s) => s.name.length), ...Object.keys(BUILTIN_PROGRAMS).map((n) => n.length)) + 2;
    write(process.stdout, 'built-in programs (and the shipped scenarios that run them):\n');
    for (const name of Object.keys(BUILTIN_PROGRAMS).sort()) {
      const users = scenarios.filter((s) => s.programs.includes(name)).map((s) => s.name);
      write(process.stdout, `  ${name.padEnd(w)}${users.join(', ')}\n`);
    }
    write(process.stdout, `scenarios (gomachine run NAME, or the file in ${path.relative(process.cwd(), dir) || '.'}):\n`);
    for (const s of scenarios) write(process.stdout, `  ${s.name.padEnd(w)}${s.about}\n`);
  });

/** The first sentence of a description, on one line of at most 100 characters. */
function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^.*?[.!?](?=\s|$)/.exec(flat);
  const s = m === null ? flat : m[0];
  return s.length <= 100 ? s : `${s.slice(0, 99).replace(/\s+\S*$/, '')} …`;
}

process.once('exit', leaveBootScreen);
try {
  await program.parseAsync(process.argv);
} catch (e) {
  leaveBootScreen();
  const exit = commandExit(e);
  if (exit === null) throw e;
  process.stderr.write(exit.stderr);
  process.exit(exit.status);
}
