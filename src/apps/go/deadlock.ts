// deadlock: main receives from a channel nobody sends on; checkdead finds every goroutine
// asleep and the runtime dies with "fatal error: all goroutines are asleep - deadlock!" (exit 2).
import { goProgram, make, fmt } from '../../runtime/index.ts';

export default goProgram('deadlock', function* main() {
  const ch = make<number>();
  yield* fmt.Println('waiting for a value that never comes');
  const v = yield* ch.recv();
  yield* fmt.Println('unreachable', v);
});
