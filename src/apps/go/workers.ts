// workers: the runtime example from the seeds — three workers print three lines each with
// 500 ms sleeps; main sleeps 2 s so they can finish.
import { goProgram, go, fmt, time, type Gen } from '../../runtime/index.ts';

function* worker(id: number): Gen<void> {
  for (let i = 0; i < 3; i++) {
    yield* fmt.Printf('Worker %d: %d\n', id, i);
    yield* time.Sleep(time.Millisecond * 500);
  }
}

export default goProgram('workers', function* main() {
  for (let i = 1; i <= 3; i++) yield* go(worker, i);
  yield* time.Sleep(2 * time.Second);
});
