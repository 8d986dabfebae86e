// gc-pressure (C): the allocation pattern of the Go gc-pressure program, done by
// hand with malloc and free. It allocates 1 GB in total in 1 KiB objects while
// keeping about 10 MB of them live (a ring of 10,240 slots: each new object
// replaces the oldest, which is freed), stamping each object, and at the end
// checks that every live object still holds its stamp. Freed chunks are reused,
// so the heap stays near the live set.
// Usage: gc-pressure [total-bytes=1GB] [live-bytes=10MB] [object-bytes=1024].
import { cProgram } from '../../libc/libc.ts';

export default cProgram('gc-pressure', function* main(c, argv) {
  const total = Number(argv[1] ?? 1e9);
  const live = Number(argv[2] ?? 10e6);
  const size = Number(argv[3] ?? 1024);
  const slots = Math.max(1, Math.floor(live / size));
  const ring = new Array<number>(slots).fill(0); // an array of pointers (the program's own data)
  const stamp = new Uint8Array(8); const dv = new DataView(stamp.buffer);
  const n = Math.floor(total / size);
  for (let i = 0; i < n; i++) {
    const s = i % slots;
    if (ring[s] !== 0) yield* c.free(ring[s]!);
    const p = yield* c.malloc(size);
    if (p === 0) { yield* c.printf('malloc failed after %d objects\n', i); return 1; }
    dv.setFloat64(0, i, true);
    yield* c.poke(p, stamp);                    // write the object's first 8 bytes
    yield* c.spin(200);                         // and fill the rest (~1 KiB memset)
    ring[s] = p;
  }
  let bad = 0;
  for (let s = 0; s < slots; s++) {
    const want = n - 1 - ((n - 1 - s) % slots);
    const got = new DataView((yield* c.peek(ring[s]!, 8)).buffer).getFloat64(0, true);
    if (got !== want) bad++;
  }
  yield* c.printf('allocated %d objects (%d MB) with %d live (%d MB); live data %s\n', n, Math.round((n * size) / 1e6), slots, Math.round((slots * size) / 1e6), bad === 0 ? 'intact' : `CORRUPT in ${bad} objects`);
  return bad === 0 ? 0 : 1;
});
