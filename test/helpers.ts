// Test helpers: run a scenario given as YAML text or a file, get the report.
import path from 'node:path';
import { parseScenario, loadScenario } from '../src/scenario/loader.ts';
import { runScenario, type RunOptions } from '../src/scenario/runner.ts';
import { Report } from '../src/scenario/report.ts';
import type { Executable } from '../src/kernel/uapi/image.ts';
import { Machine } from '../src/machine/machine.ts';
import { Kernel } from '../src/kernel/kernel.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');

export async function runYaml(yaml: string, opts: RunOptions = {}): Promise<Report> {
  const s = await parseScenario(yaml, path.join(ROOT, 'scenarios', 'test.yaml'));
  return Report.parse(runScenario(s, opts));
}

export async function runFile(rel: string, opts: RunOptions = {}): Promise<Report> {
  return Report.parse(runScenario(await loadScenario(path.join(ROOT, rel)), opts));
}

/** A machine with one program on it, run until everything exits or `limitNs` passes. */
export function runProgram(exe: Executable, argv: string[] = [exe.name], opts: { cores?: number; limitNs?: number; seed?: number } = {}) {
  const m = new Machine({ cores: opts.cores ?? 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: opts.seed ?? 1 });
  const k = new Kernel(m);
  const p = k.spawn(exe, argv, {});
  m.run(m.nsToCycles(opts.limitNs ?? 5e9));
  const snap = k.snapshot().procs.find((q) => q.pid === p.pid)!;
  return { m, k, p, snap };
}
