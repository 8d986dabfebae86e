// deep-recursion (C): a function that calls itself with a 256-byte frame
// (char buf[200] and saved registers) and never stops. A C stack does not grow
// past its limit: the main thread's 8 MiB stack ends, the next call touches
// unmapped memory, and the kernel kills the process with SIGSEGV (status 139).
//
// The calls are written as a loop of function prologues (c.enter): each one moves
// the stack pointer down a frame and writes the return address, exactly what the
// recursive call does to the stack — JavaScript cannot nest 30,000 generators.
import { cProgram } from '../../libc/libc.ts';

const FRAME = 256;

export default cProgram('deep-recursion', function* main(c) {
  for (let depth = 1; ; depth++) {
    yield* c.enter(FRAME); // void recurse(int depth) { char buf[200]; ... recurse(depth + 1); }
    if (depth % 4096 === 0) yield* c.printf('depth %d, stack %d KiB\n', depth, (depth * FRAME) >> 10);
  }
});
