// sum: the channel example from the seeds — a goroutine sends 3+4 on an unbuffered channel.
import { goProgram, go, make, fmt, type Chan, type Gen } from '../../runtime/index.ts';

function* sum(a: number, b: number, ch: Chan<number>): Gen<void> {
  yield* ch.send(a + b);
}

export default goProgram('sum', function* main() {
  const ch = make<number>();
  yield* go(sum, 3, 4, ch);
  const res = yield* ch.recv();
  yield* fmt.Println('sum:', res);
});
