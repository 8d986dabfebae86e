// A worker thread of pool.ts: runs the jobs it is sent, one at a time, and answers each with
// its report or its error.

import { parentPort } from 'node:worker_threads';
import { runJob, type RunJob } from './jobs.ts';
import type { JobAnswer } from './pool.ts';

const port = parentPort!;
port.on('message', (m: { id: number; job: RunJob }) => {
  runJob(m.job).then(
    (report) => port.postMessage({ id: m.id, report } satisfies JobAnswer),
    (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies JobAnswer),
  );
});
