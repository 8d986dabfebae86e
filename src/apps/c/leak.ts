// leak (C): the same allocations as gc-pressure, but nothing is ever freed — the
// bug a garbage collector cannot have. RSS grows with every page touched until
// the allocation total is reached (or memory runs out and the kernel's OOM
// killer ends the process).
// Usage: leak [total-bytes=1GB] [object-bytes=1024].
import { cProgram } from '../../libc/libc.ts';

export default cProgram('leak', function* main(c, argv) {
  const total = Number(argv[1] ?? 1e9);
  const size = Number(argv[2] ?? 1024);
  const n = Math.floor(total / size);
  const stamp = new Uint8Array(8);
  for (let i = 0; i < n; i++) {
    const p = yield* c.malloc(size);
    if (p === 0) { yield* c.printf('malloc failed after %d objects\n', i); return 1; }
    yield* c.poke(p, stamp);
    yield* c.spin(200);
    if ((i + 1) % 200_000 === 0) yield* c.printf('%d MB allocated, none freed\n', Math.round(((i + 1) * size) / 1e6));
  }
  yield* c.printf('leaked %d objects (%d MB)\n', n, Math.round((n * size) / 1e6));
  return 0;
});
