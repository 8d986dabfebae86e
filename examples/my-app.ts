// A C-style program of your own: write(2) from a malloc'd buffer, and a thread.
// Run it with: node bin/gomachine.mjs run examples/my-app.yaml
import { cProgram } from '../src/libc/libc.ts';

export default cProgram('my-app', function* main(c, argv) {
  const buf = yield* c.malloc(64);
  const n = yield* c.pokeString(buf, `hello from ${argv[0]}\n`);
  yield* c.write(1, buf, n);                 // write(2): a trap, the kernel copies from buf
  const id = yield* c.pthread_create(function* (c2, arg) {
    yield* c2.printf('thread %d\n', arg);    // printf: format, then one write(2) per line
    return 0;
  }, 7);
  yield* c.pthread_join(id);                 // futex on the child's tid
  yield* c.free(buf);
  return 0;                                  // exit_group(0)
});
