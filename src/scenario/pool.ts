// Runs independent jobs (jobs.ts) `jobs` at a time and gives the reports back in the jobs'
// order — whatever order they finish in — so that the output of a sweep or a comparison is the
// serial run's, byte for byte. With jobs = 1 they run here, one after another.
//
// With jobs = N, this thread is one of the N runners and N − 1 worker threads are the others:
// each runner takes the next job from a counter in shared memory (Atomics.add), so no runner
// waits on another to be handed work, and no thread sits idle while the others simulate. A
// worker thread is a whole V8 isolate that loads the modules and compiles its hot code again
// (~1.5 s of CPU on go-echo) — work the serial run does once — so the pool makes one less of
// them than it has runners.
//
// node:worker_threads is enough: a job is a whole simulation (seconds of CPU), so the pool
// needs no task batching, cancellation or thread recycling; a failed job fails the whole set,
// as it does when run serially: the counter is pushed past the end, so no runner starts another.
// A job that fails on a worker thread fails with the error it would have thrown here: same class,
// message and fields (job-error.ts), so the command prints it and exits as it does with --jobs 1.

import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { runJob, type RunJob } from './jobs.ts';
import { jobError, type JobFailure } from './job-error.ts';
import { startWorker } from './built.ts';
import type { Report } from './report.ts';

/** What a worker thread of the pool answers: a job's report or failure, or that it took the last job it will take. */
export type JobAnswer = { id: number; report: Report } | { id: number; failure: JobFailure } | { end: true };

/** What a worker thread of the pool is started with: the jobs, and the shared counter of the next one to take. */
export interface PoolWorkerData { list: RunJob[]; next: SharedArrayBuffer }

/** Which runner ran a job: this thread, or the worker thread with this threadId. */
export type Runner = 'here' | number;

/** --jobs when not given: one per core. */
export const defaultJobs = (): number => availableParallelism();

/** The module a worker thread of the pool runs. */
export const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-worker.ts');

/**
 * A turn of the event loop: the workers' answers that came while this thread simulated are
 * handled (and their progress printed) before it takes its next job, not all at the end.
 */
const eventsBetweenJobs = (): Promise<void> => new Promise((resolve) => { setImmediate(resolve); });

/** The next job index for a runner to take (past the end: none left). */
export const takeJob = (next: Int32Array): number => Atomics.add(next, 0, 1);

export async function runJobs(
  list: RunJob[], jobs: number,
  onDone?: (i: number, done: number, n: number, runner: Runner) => void,
): Promise<Report[]> {
  const out: Report[] = new Array(list.length);
  let done = 0;
  const finish = (i: number, report: Report, runner: Runner): void => { out[i] = report; onDone?.(i, ++done, list.length, runner); };
  if (jobs <= 1 || list.length <= 1) {
    for (let i = 0; i < list.length; i++) finish(i, await runJob(list[i]!), 'here');
    return out;
  }
  const next = new Int32Array(new SharedArrayBuffer(4));
  const stop = (): void => { Atomics.store(next, 0, list.length); };
  const workers: Worker[] = [];
  for (let k = 0; k < Math.min(jobs, list.length) - 1; k++) workers.push(startWorker(WORKER, { list, next: next.buffer } satisfies PoolWorkerData));
  const others = new Promise<void>((resolve, reject) => {
    let running = workers.length;
    const fail = (e: Error): void => { stop(); reject(e); };
    for (const w of workers) {
      w.on('error', fail);
      w.on('exit', (code) => { if (code !== 0) fail(new Error(`a worker thread of the pool exited with status ${code}`)); });
      w.on('message', (a: JobAnswer) => {
        if ('end' in a) { if (--running === 0) resolve(); }
        else if ('failure' in a) { stop(); void jobError(a.failure).then(fail); }
        else finish(a.id, a.report, w.threadId);
      });
    }
  });
  others.catch(() => {}); // its failure is thrown below, once this thread's own job has ended
  try {
    for (let i = takeJob(next); i < list.length; i = takeJob(next)) {
      finish(i, await runJob(list[i]!), 'here');
      await eventsBetweenJobs();
    }
    await others;
  } catch (e) {
    stop();
    throw e;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
