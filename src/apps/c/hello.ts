// hello: prints a line and exits 0.
import { cProgram } from '../../libc/libc.ts';

export default cProgram('hello', function* main(c) {
  yield* c.printf('Hello, world!\n');
  return 0;
});
