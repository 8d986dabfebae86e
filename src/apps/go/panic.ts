// panic: a deferred recover catches one panic; a second, unrecovered panic in another
// goroutine kills the process with "panic: boom", the goroutine, and exit status 2.
import { goProgram, go, func, defer, panic, recover, fmt, time, type Gen } from '../../runtime/index.ts';

function* safeDivide(a: number, b: number): Gen<number | undefined> {
  return yield* func(function* () {
    defer(function* () {
      const r = recover();
      if (r !== null) yield* fmt.Println('recovered:', r);
    });
    if (b === 0) panic('integer divide by zero');
    return a / b;
  });
}

function* boom(): Gen<void> {
  yield* func(function* () {
    defer(function* () { yield* fmt.Println('deferred in boom runs first'); });
    panic('boom');
  });
}

export default goProgram('panic', function* main() {
  yield* safeDivide(1, 0);
  yield* fmt.Println('main continues after recover');
  yield* go(boom);
  yield* time.Sleep(time.Second);
  yield* fmt.Println('unreachable');
});
