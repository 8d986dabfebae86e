// worker-pool: 4 workers range over a buffered jobs channel, "compute" each job and send
// the result on a buffered results channel; main feeds 40 jobs, collects 40 results, and a
// WaitGroup closes results once every worker has returned.
import { goProgram, go, make, fmt, WaitGroup, type Chan, type Gen } from '../../runtime/index.ts';
import { compute } from '../../machine/instr.ts';

function* worker(id: number, jobs: Chan<number>, results: Chan<number>, wg: WaitGroup, done: number[]): Gen<void> {
  yield* jobs.range(function* (j) {
    yield compute(3_000_000 * (1 + (j % 3))); // 1–3 ms of work
    done[id - 1]!++;
    yield* results.send(j * j);
  });
  yield* fmt.Printf('worker %d: no more jobs (%d done)\n', id, done[id - 1]);
  yield* wg.Done();
}

export default goProgram('worker-pool', function* main() {
  const jobs = make<number>(100);
  const results = make<number>(100);
  const wg = new WaitGroup();
  const done = [0, 0, 0, 0]; // jobs per worker (state lives in the process, not the module)
  for (let w = 1; w <= 4; w++) { yield* wg.Add(1); yield* go(worker, w, jobs, results, wg, done); }
  for (let j = 1; j <= 40; j++) yield* jobs.send(j);
  yield* jobs.close();
  yield* go(function* closer() { yield* wg.Wait(); yield* results.close(); });
  let sum = 0; let n = 0;
  yield* results.range(function* (r) { sum += r; n++; });
  yield* fmt.Printf('%d results, sum of squares = %d\n', n, sum);
});
