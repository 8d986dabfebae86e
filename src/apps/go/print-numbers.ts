// print-numbers: the goroutine example from the seeds — a goroutine prints 1..5 with
// 500 ms sleeps while main prints a line and sleeps 3 s (main returning ends them all).
import { goProgram, go, fmt, time, type Gen } from '../../runtime/index.ts';

function* printNumbers(): Gen<void> {
  for (let i = 1; i <= 5; i++) {
    yield* fmt.Println(i);
    yield* time.Sleep(500 * time.Millisecond);
  }
}

export default goProgram('print-numbers', function* main() {
  yield* go(printNumbers);
  yield* fmt.Println('main 함수 실행 중');
  yield* time.Sleep(3 * time.Second);
});
