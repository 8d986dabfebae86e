// What a run is expected to do, and whether it did: the scenario's `expect:`
// section, checked against the report. `gomachine run` exits 0 when every
// expectation is met and 1 when one is not, naming each, so that a script (and
// CI) can rely on the exit status instead of reading reports.
//
// The rule without an `expect` section — and for every process an `expect`
// section does not name — is a shell's: a process that exited must have exited
// 0. A process still running when the run stopped is fine when the run stopped
// by its own condition (`until: time`, `until: clients`: a server is still
// serving), and is a failure when the run was to end with the processes
// (`until: exit`) and the time limit came first: the run did not finish.

import './zod-config.ts';
import * as z from 'zod';
import type { Report, ProcessReport } from './report.ts';
import { LINT_IDS } from './lint-spec.ts';

/** A regular expression (JavaScript syntax), checked when the scenario is loaded. */
const Pattern = z.string().superRefine((v, ctx) => {
  try { new RegExp(v, 'm'); } catch (e) { ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(e as Error).message}` }); }
});

export const ProcessExpect = z.strictObject({
  /** The exit status as a shell shows it ($?: 128 + the signal for a killed process), or "running" at the end. */
  status: z.union([z.number().int().min(0).max(255), z.literal('running')]).optional(),
  /** The whole of standard output, exactly. */
  stdout: z.string().optional(),
  /** A regular expression standard output must match somewhere (^ and $ match at each line). */
  stdoutMatches: Pattern.optional(),
  stderr: z.string().optional(),
  stderrMatches: Pattern.optional(),
});

export const ExpectSpec = z.strictObject({
  /**
   * By process name (`name:` in `processes`, else the program's name; children a program
   * starts too): one entry for every process of that name, or a list, one entry per
   * process of that name in the order they started.
   */
  processes: z.record(z.string(), z.union([ProcessExpect, z.array(ProcessExpect).min(1)])).default({}),
  /**
   * The lints found, by id, exactly; an id not named must not be found (`lints: {}`: none at all).
   * Needs the lints on (the scenario's `lint:` section).
   */
  lints: z.partialRecord(z.enum(LINT_IDS), z.number().int().nonnegative()).optional(),
  /** For a client workload: requests completed and failed (all reasons together), exactly. */
  clients: z.strictObject({ completed: z.number().int().nonnegative().optional(), failed: z.number().int().nonnegative().optional() }).optional(),
});

export type ExpectSpec = z.infer<typeof ExpectSpec>;
export type ProcessExpect = z.infer<typeof ProcessExpect>;

/** A variant's expectations over the scenario's: a process named in both takes the variant's entry. */
export function mergeExpect(base: ExpectSpec | undefined, over: ExpectSpec | undefined): ExpectSpec | undefined {
  if (base === undefined || over === undefined) return over ?? base;
  return { processes: { ...base.processes, ...over.processes }, ...(over.clients ?? base.clients ? { clients: over.clients ?? base.clients } : {}),
    ...(over.lints ?? base.lints ? { lints: over.lints ?? base.lints } : {}) };
}

export interface ExpectResult {
  /** How many expectations were checked, and the ones not met, each a sentence. */
  checked: number;
  unmet: string[];
}

const quote = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
const statusText = (p: ProcessReport): string => (p.exitStatus === null ? 'still running' : `exit status ${p.exitStatus}${p.signal !== null ? ` (${p.signal})` : ''}`);

/** Check a report against the expectations of the scenario it ran (`untilExit`: the run was to end when the processes did). */
export function checkExpectations(expect: ExpectSpec | undefined, report: Report, untilExit: boolean): ExpectResult {
  const unmet: string[] = [];
  let checked = 0;
  const named = expect?.processes ?? {};
  for (const [name, e] of Object.entries(named)) {
    const ps = report.processes.filter((p) => p.name === name).sort((a, b) => a.startNs - b.startNs || a.pid - b.pid);
    checked++;
    if (ps.length === 0) { unmet.push(`${name}: no process of that name ran (have: ${[...new Set(report.processes.map((p) => p.name))].join(', ')})`); continue; }
    if (!Array.isArray(e)) { for (const p of ps) checkProcess(p, e, unmet); continue; }
    if (ps.length !== e.length) unmet.push(`${name}: ${ps.length} ${ps.length === 1 ? 'process' : 'processes'} of that name ran, expected ${e.length}`);
    ps.slice(0, e.length).forEach((p, i) => checkProcess(p, e[i]!, unmet));
  }
  // Every other process: a shell's rule.
  const timedOut = untilExit && report.stoppedBy === 'time-limit';
  for (const p of report.processes) {
    if (Object.hasOwn(named, p.name)) continue;
    checked++;
    if (p.exitStatus === null ? timedOut : p.exitStatus !== 0) {
      unmet.push(`${p.name}[${p.pid}]: ${statusText(p)}${p.exitStatus === null ? ' at the time limit' : ''}, expected exit status 0`);
    }
  }
  const c = expect?.clients;
  if (c !== undefined) {
    const got = report.clients;
    if (got === undefined) { checked++; unmet.push('clients: the scenario has no client workload'); }
    else {
      const failed = Object.values(got.failed).reduce((a, b) => a + b, 0);
      if (c.completed !== undefined) { checked++; if (got.completed !== c.completed) unmet.push(`clients: ${got.completed} ${got.completed === 1 ? 'request' : 'requests'} completed, expected ${c.completed}`); }
      if (c.failed !== undefined) {
        checked++;
        if (failed !== c.failed) {
          const why = Object.entries(got.failed).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
          unmet.push(`clients: ${failed} ${failed === 1 ? 'request' : 'requests'} failed${why ? ` (${why})` : ''}, expected ${c.failed}`);
        }
      }
    }
  }
  if (expect?.lints !== undefined) {
    checked++;
    if (report.lints === undefined) unmet.push('lints: the lints were not on (add a `lint:` section to the scenario)');
    else {
      const want = expect.lints as Partial<Record<string, number>>;
      for (const id of LINT_IDS) {
        const got = report.lints.filter((l) => l.id === id).length;
        const n = want[id] ?? 0;
        if (got !== n) unmet.push(`lints: ${got} ${id} found, expected ${n}${got > 0 ? ` (${report.lints.filter((l) => l.id === id).map((l) => l.message).join('; ').slice(0, 300)})` : ''}`);
      }
    }
  }
  return { checked, unmet };
}

function checkProcess(p: ProcessReport, e: ProcessExpect, unmet: string[]): void {
  const who = `${p.name}[${p.pid}]`;
  if (e.status !== undefined) {
    const ok = e.status === 'running' ? p.exitStatus === null : p.exitStatus === e.status;
    if (!ok) unmet.push(`${who}: ${statusText(p)}, expected ${e.status === 'running' ? 'it to be still running' : `exit status ${e.status}`}`);
  }
  for (const [stream, text] of [['stdout', p.stdout], ['stderr', p.stderr]] as const) {
    const exact = stream === 'stdout' ? e.stdout : e.stderr;
    const pattern = stream === 'stdout' ? e.stdoutMatches : e.stderrMatches;
    if (exact !== undefined && text !== exact) unmet.push(`${who}: ${stream} was ${quote(text)}, expected ${quote(exact)}`);
    if (pattern !== undefined && !new RegExp(pattern, 'm').test(text)) unmet.push(`${who}: ${stream} does not match /${pattern}/ (it was ${quote(text)})`);
  }
}

/** The result as the last line of a text report. */
export function renderExpectations(r: ExpectResult): string {
  if (r.unmet.length === 0) return `expectations: all ${r.checked} met`;
  return [`expectations: ${r.unmet.length} of ${r.checked} not met`, ...r.unmet.map((u) => `  ${u}`)].join('\n');
}
