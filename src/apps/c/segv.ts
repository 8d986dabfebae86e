// segv: prints, then writes to an unmapped address (a NULL pointer dereference).
// The kernel delivers SIGSEGV; with no handler the process dies with status 139.
import { cProgram } from '../../libc/libc.ts';

export default cProgram('segv', function* main(c) {
  yield* c.printf('about to dereference NULL\n');
  yield* c.poke(0, new Uint8Array([1, 0, 0, 0])); // *(int *)0 = 1;
  yield* c.printf('unreachable\n');
  return 0;
});
