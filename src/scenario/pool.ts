// Runs independent jobs (jobs.ts) on worker threads, `jobs` at a time, and gives the reports
// back in the jobs' order — whatever order they finish in — so that the output of a sweep or a
// comparison is the serial run's, byte for byte. With jobs = 1 they run here, one after another.
//
// node:worker_threads is enough: a job is a whole simulation (seconds of CPU), so the pool
// needs no task batching, cancellation or thread recycling — a queue and a free list; a
// failed job fails the whole set, as it does when run serially.

import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { runJob, type RunJob } from './jobs.ts';
import { startWorker } from './built.ts';
import type { Report } from './report.ts';

export type JobAnswer = { id: number; report: Report } | { id: number; error: string };

/** --jobs when not given: one per core. */
export const defaultJobs = (): number => availableParallelism();

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-worker.ts');

export async function runJobs(list: RunJob[], jobs: number, onDone?: (i: number, done: number, n: number) => void): Promise<Report[]> {
  const out: Report[] = new Array(list.length);
  let done = 0;
  if (jobs <= 1 || list.length <= 1) {
    for (let i = 0; i < list.length; i++) { out[i] = await runJob(list[i]!); onDone?.(i, ++done, list.length); }
    return out;
  }
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      const feed = (w: Worker): void => {
        if (next < list.length) { const id = next++; w.postMessage({ id, job: list[id]! }); }
      };
      for (let k = 0; k < Math.min(jobs, list.length); k++) {
        const w = startWorker(WORKER, undefined);
        workers.push(w);
        w.on('error', reject);
        w.on('message', (a: JobAnswer) => {
          if ('error' in a) { reject(new Error(a.error)); return; }
          out[a.id] = a.report;
          onDone?.(a.id, ++done, list.length);
          if (done === list.length) resolve(); else feed(w);
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
