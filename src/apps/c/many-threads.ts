// many-threads (C): the thread version of many-goroutines. It starts N threads
// (default 100,000), each recursing a few hundred frames deep and then blocking
// on a futex until main says go. Every thread has a fixed 8 MiB stack mapped
// (VSZ) of which only the pages touched are resident (RSS). Linux stops it well
// before 100,000: each stack is two mappings (the guard page and the stack), and
// vm.max_map_count (65530) runs out near 32,700 threads — pthread_create then
// fails with EAGAIN, which the program reports before releasing the others.
// Usage: many-threads [threads=100000] [depth=300].
import { cProgram, type LibC } from '../../libc/libc.ts';

const FRAME = 128;
let release = 0; // the futex word main wakes everyone with (static data)

function* worker(c: LibC) {
  const depth = Number(c.argv[2] ?? 300);
  yield* c.callChain(depth, FRAME, function* () {
    while ((yield* c.loadU32(release)) === 0) yield* c.futexWait(release, 0);
  });
  return 0;
}

export default cProgram('many-threads', function* main(c, argv) {
  const n = Number(argv[1] ?? 100_000);
  release = c.pthread_mutex_new();
  const ids: number[] = [];
  let err = 0;
  for (let i = 0; i < n; i++) {
    const id = yield* c.pthread_create(worker, i);
    if (id < 0) { err = -id; break; }
    ids.push(id);
  }
  if (err !== 0) yield* c.printf('pthread_create failed after %d threads: %s\n', ids.length, err === 11 ? 'Resource temporarily unavailable' : `error ${err}`);
  else yield* c.printf('created %d threads\n', ids.length);
  yield* c.storeU32(release, 1);
  yield* c.futexWake(release, 0x7fffffff);
  for (const id of ids) yield* c.pthread_join(id);
  yield* c.printf('joined %d threads\n', ids.length);
  return err === 0 ? 0 : 1;
});
