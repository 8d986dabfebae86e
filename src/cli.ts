// The `gomachine` command.
//
//   gomachine run <scenario> [--json] [--seed N]   run a scenario, print its output and report
//   gomachine dash [scenario]                      the live dashboard (a report when not on a terminal)
//   gomachine list                                 built-in programs and shipped scenarios

import { Command, InvalidArgumentError } from 'commander';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, ScenarioError } from './scenario/loader.ts';
import { runScenario } from './scenario/runner.ts';
import { Report } from './scenario/report.ts';
import { renderReport } from './scenario/report-text.ts';
import { formatNs } from './scenario/units.ts';
import { BUILTIN_PROGRAMS } from './apps/index.ts';
import { Simulation } from './scenario/runner.ts';
import { recordTrace } from './scenario/trace.ts';
import { writeFileSync } from 'node:fs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SCENARIO = path.join(ROOT, 'scenarios', 'c-spin.yaml');

function seedOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('the seed must be a whole number ≥ 0');
  return n;
}

async function runCommand(file: string, opts: { json?: boolean; seed?: number }): Promise<void> {
  const scenario = await loadScenario(file);
  const report = runScenario(scenario, {
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    onConsole: opts.json ? undefined : (pid, name, stream, text) => {
      (stream === 2 ? process.stderr : process.stdout).write(text.replace(/^(?=.)/gm, `[${name} ${pid}] `));
    },
    onProgress: (simNs, limitNs) => {
      process.stderr.write(`gomachine: simulated ${formatNs(simNs)} of at most ${formatNs(limitNs)}...\n`);
    },
  });
  Report.parse(report);
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else process.stdout.write('\n' + renderReport(report) + '\n');
}

const program = new Command();
program.name('gomachine')
  .description('An emulated multi-core machine with a small kernel and a Go-style runtime in user mode.')
  .showHelpAfterError();

program.command('run')
  .description('run a scenario file; prints the programs\' output as it happens, then a report')
  .argument('<scenario>', 'a scenario file (YAML), e.g. scenarios/c-threads.yaml')
  .option('--json', 'print the report as JSON (and not the programs\' output)')
  .option('--seed <n>', 'override the scenario\'s seed', seedOption)
  .action(runCommand);

program.command('dash')
  .description('the live dashboard on a scenario (default: the shipped default scenario); prints the report when not on a terminal')
  .argument('[scenario]', 'a scenario file', DEFAULT_SCENARIO)
  .option('--seed <n>', 'override the scenario\'s seed', seedOption)
  .option('--compare <scenario>', 'a second scenario, run side by side with the same seed')
  .option('--paused', 'start paused')
  .action(async (file: string, opts: { seed?: number; compare?: string; paused?: boolean }) => {
    // The interactive dashboard needs a terminal on both ends; elsewhere, the report.
    if (!process.stdin.isTTY || !process.stdout.isTTY) { await runCommand(file, opts); return; }
    process.env.NODE_ENV ??= 'production'; // React's production build: it is chosen when React is first imported
    const { runDashboard } = await import('./dashboard/index.tsx');
    const a = await loadScenario(file);
    const seed = opts.seed ?? a.spec.seed;
    const b = opts.compare !== undefined ? await loadScenario(opts.compare) : undefined;
    await runDashboard({
      target: new Simulation(a, { seed }),
      ...(b !== undefined ? { compare: new Simulation(b, { seed }) } : {}),
      ...(opts.paused === true ? { paused: true } : {}),
    });
  });

program.command('trace')
  .description('run a scenario and write a Chrome trace (open it in https://ui.perfetto.dev)')
  .argument('<scenario>', 'a scenario file')
  .option('-o, --output <file>', 'where to write the trace', 'trace.json')
  .option('--seed <n>', 'override the scenario\'s seed', seedOption)
  .action(async (file: string, opts: { output: string; seed?: number }) => {
    const sim = new Simulation(await loadScenario(file), opts.seed !== undefined ? { seed: opts.seed } : {});
    const trace = recordTrace(sim.machine, () => sim.runToEnd());
    writeFileSync(opts.output, JSON.stringify(trace));
    process.stderr.write(`gomachine: ${trace.traceEvents.length} trace events, ${formatNs(sim.simNs)} simulated, written to ${opts.output}\n`);
  });

program.command('list')
  .description('list the built-in programs and the shipped scenarios')
  .action(() => {
    console.log('built-in programs:');
    for (const name of Object.keys(BUILTIN_PROGRAMS).sort()) console.log(`  ${name}`);
    console.log('scenarios:');
    for (const f of readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort()) console.log(`  scenarios/${f}`);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ScenarioError) { process.stderr.write(`gomachine: ${e.message}\n`); process.exit(2); }
  throw e;
}
