// deep-recursion (Go): a function that calls itself with a 1 KiB frame
// (var buf [1000]byte) and never stops. The goroutine's stack starts at 2 KiB
// and doubles each time the prologue finds the next frame does not fit
// (morestack → newstack → copystack); after the 512 MiB stack is full the next
// size (1 GiB) exceeds maxstacksize and the runtime kills the process:
// "runtime: goroutine stack exceeds 1000000000-byte limit", "fatal error: stack
// overflow", exit status 2. Compare the C version, which dies of SIGSEGV at 8 MiB.
//
// The calls are written as a loop of prologues (enter): JavaScript cannot nest a
// million generators. Usage: deep-recursion [frame=1024] [maxstack bytes].
import { goProgram, enter, fmt, os, debug } from '../../runtime/index.ts';

export default goProgram('go-deep-recursion', function* main() {
  const frame = Number(os.Args()[1] ?? 1024);
  if (os.Args()[2] !== undefined) debug.SetMaxStack(Number(os.Args()[2]));
  for (let depth = 1; ; depth++) {
    yield* enter(frame); // func recurse(depth int) { var buf [1000]byte; ...; recurse(depth + 1) }
    if ((depth & (depth - 1)) === 0 && depth >= 1024) yield* fmt.Printf('depth %d, stack %d KiB\n', depth, (depth * frame) >> 10);
  }
});
