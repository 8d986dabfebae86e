// How the `gomachine` command ends on an error it knows: what it prints on stderr and the
// status it exits with. Exit statuses mean what they say: 2 for a mistake in what the user
// gave (a bad scenario, a bad --set, a bad argument) and for a Go program that does not compile
// (go build's 2), 1 for a C program that does not compile (cc's 1) and for a run that stopped
// (the machine halted). An error not named here is a bug: the command lets Node print it.
//
// The command tells a job's error apart by its class or its message alone, whichever thread
// ran the job (src/scenario/job-error.ts brings a worker thread's error back as the same class).

import { InvalidArgumentError } from 'commander';
import { ScenarioError } from './scenario/loader.ts';
import { CompileError } from './lang/diagnostics.ts';

/** What the command prints and exits with for the error `e`; null: not an error it knows. */
export function commandExit(e: unknown): { stderr: string; status: number } | null {
  if (e instanceof ScenarioError) return { stderr: `gomachine: ${e.message}\n`, status: 2 };
  // Compile errors as the toolchain prints them: go build and go run exit 2 when the program does not compile, cc 1.
  if (e instanceof CompileError) return { stderr: `${e.heading !== null ? `${e.heading}\n` : ''}${e.message}\n`, status: e.exitStatus };
  if (e instanceof InvalidArgumentError || (e instanceof Error && e.message.startsWith('--set'))) return { stderr: `gomachine: ${e.message}\n`, status: 2 };
  // The machine halted: a program spun in JavaScript without yielding (the run cannot go on). Not met: 1.
  if (e instanceof Error && e.message.startsWith('machine halted: ')) return { stderr: `gomachine: the run stopped: ${e.message.slice('machine halted: '.length)}\n`, status: 1 };
  return null;
}
