// How a job's error crosses from a worker thread of the pool (run-worker.ts) to the command's
// thread (pool.ts). postMessage copies an Error as a plain Error: a ScenarioError or a
// CompileError would arrive without its class and fields, so the command would print it as an
// unexpected failure and exit 1, where the same job run in the command's own thread prints the
// problems or the compiler's diagnostics and exits 2 (go) or 1 (cc). So the worker sends what a
// failure is made of, as data, and the command's thread builds the same error again.
//
// The kinds are the errors a job can throw that the command treats by their class (src/cli-exit.ts):
// a bad scenario (loader.ts) and a program that does not compile (src/lang). Everything else —
// "machine halted: ..." (the run stopped), "--set ..." (a bad setting), a bug — is a plain Error,
// which the command tells apart by its message: it crosses as one, with its message and the
// stack it had in the worker.

import { ScenarioError } from './loader.ts';
import { CompileError, type Diagnostic } from '../lang/diagnostics.ts';

/** A failed job, as data that postMessage copies whole. */
export type JobFailure =
  | { kind: 'scenario'; file: string; problems: string[] }
  | { kind: 'compile'; diagnostics: Diagnostic[]; heading: string | null }
  | { kind: 'cc'; text: string }
  | { kind: 'error'; message: string; stack: string | undefined };

/** The C compiler's module, loaded only where a C program was built (as loader.ts loads it). */
const langC = (): Promise<typeof import('../lang/c/program.ts')> => import('../lang/c/program.ts');

/** In the worker: what the job's error is made of. */
export async function jobFailure(e: unknown): Promise<JobFailure> {
  if (e instanceof ScenarioError) return { kind: 'scenario', file: e.file, problems: [...e.problems] };
  if (e instanceof CompileError) {
    // A CompileError's only subclass is cc's, whose module is loaded already if one was thrown.
    if (e.constructor === CompileError) return { kind: 'compile', diagnostics: [...e.diagnostics], heading: e.heading };
    if (e instanceof (await langC()).CCompileError) return { kind: 'cc', text: e.message };
  }
  if (e instanceof Error) return { kind: 'error', message: e.message, stack: e.stack };
  return { kind: 'error', message: String(e), stack: undefined };
}

/** In the command's thread: the error the job threw in the worker, of the same class with the same fields. */
export async function jobError(f: JobFailure): Promise<Error> {
  switch (f.kind) {
    case 'scenario': return new ScenarioError(f.file, f.problems);
    case 'compile': return new CompileError(f.diagnostics, f.heading);
    case 'cc': return new (await langC()).CCompileError(f.text);
    case 'error': {
      const e = new Error(f.message);
      if (f.stack !== undefined) e.stack = f.stack;
      return e;
    }
  }
}
