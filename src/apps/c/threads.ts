// threads: main starts 4 workers with pthread_create; each prints 3 lines; main joins them all.
import { cProgram, type LibC } from '../../libc/libc.ts';

function* worker(c: LibC, id: number) {
  for (let i = 0; i < 3; i++) {
    yield* c.printf('worker %d: line %d\n', id, i);
    yield* c.spin(30_000);   // ~10 µs of work,
    yield* c.usleep(1000);   // then a 1 ms nap (nanosleep) between lines
  }
  return 0;
}

export default cProgram('threads', function* main(c) {
  const ids: number[] = [];
  for (let i = 1; i <= 4; i++) {
    const id = yield* c.pthread_create(worker, i);
    if (id < 0) { yield* c.fprintf(2, 'pthread_create: error %d\n', -id); return 1; }
    ids.push(id);
  }
  for (const id of ids) yield* c.pthread_join(id);
  yield* c.printf('all %d workers joined\n', ids.length);
  return 0;
});
