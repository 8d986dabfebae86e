// spin: N threads burning CPU until a given time has passed, to show the
// scheduler's time slices and load balancing. Usage: spin [threads=4] [ms=1000].
// Each thread reports the CPU time it got (CLOCK_THREAD_CPUTIME_ID).
import { cProgram, type LibC } from '../../libc/libc.ts';
import { CLOCK_MONOTONIC, CLOCK_THREAD_CPUTIME_ID } from '../../kernel/uapi/index.ts';

const CHUNK = 30_000; // cycles of arithmetic between clock reads (~10 µs at 3 GHz)

function* spinner(c: LibC, id: number) {
  const ms = Number(c.argv[2] ?? 1000);
  const start = yield* c.clockGettime(CLOCK_MONOTONIC);
  const end = start + ms * 1e6;
  while ((yield* c.clockGettime(CLOCK_MONOTONIC)) < end) yield* c.spin(CHUNK);
  const cpu = yield* c.clockGettime(CLOCK_THREAD_CPUTIME_ID);
  yield* c.printf('spinner %d: cpu %.1f ms of %d ms\n', id, cpu / 1e6, ms);
  return 0;
}

export default cProgram('spin', function* main(c, argv) {
  const n = Number(argv[1] ?? 4);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(yield* c.pthread_create(spinner, i));
  for (const id of ids) yield* c.pthread_join(id);
  return 0;
});
