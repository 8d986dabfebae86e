// A Go-style program of your own: three goroutines report back over a channel.
// Run it with: node bin/gomachine.mjs run examples/my-go-app.yaml
import { goProgram, go, make, fmt, time, type Chan, type Gen } from '../src/runtime/index.ts';

function* worker(id: number, ch: Chan<string>): Gen<void> {
  yield* time.Sleep(100 * time.Millisecond);        // parks the goroutine ("sleep"); a timer wakes it
  yield* ch.send(`worker ${id} done`);
}

export default goProgram('my-go-app', function* main() {
  const ch = make<string>();                         // unbuffered
  for (let i = 1; i <= 3; i++) yield* go(worker, i, ch);
  for (let i = 0; i < 3; i++) yield* fmt.Println(yield* ch.recv());
});                                                  // main returns: exit_group(0)
