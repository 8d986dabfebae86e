// A worker thread of pool.ts: takes jobs from the pool's shared counter until none are left,
// answering each with its report or what its error is made of (job-error.ts), then says it has ended.

import { parentPort, workerData } from 'node:worker_threads';
import { runJob } from './jobs.ts';
import { takeJob, type JobAnswer, type PoolWorkerData } from './pool.ts';
import { jobFailure } from './job-error.ts';

const port = parentPort!;
const { list, next: shared } = workerData as PoolWorkerData;
const next = new Int32Array(shared);

async function takeJobsUntilNone(): Promise<void> {
  for (let id = takeJob(next); id < list.length; id = takeJob(next)) {
    try {
      port.postMessage({ id, report: await runJob(list[id]!) } satisfies JobAnswer);
    } catch (e) {
      port.postMessage({ id, failure: await jobFailure(e) } satisfies JobAnswer);
      return;
    }
  }
  port.postMessage({ end: true } satisfies JobAnswer);
}

void takeJobsUntilNone();
