// many-goroutines (Go): the goroutine version of many-threads. It starts N
// goroutines (default 100,000), each recursing `depth` frames of 48 bytes
// (default 300, about 14 KiB) and then blocking on a channel; main closes the
// channel and waits for all of them with a WaitGroup. Each stack starts at 2 KiB
// and doubles as the recursion needs it (2 → 4 → 8 → 16 KiB), so stack memory is
// about N × 16 KiB — against the 8 MiB mapping per thread, and the map-count
// limit, of the C version.
// Usage: many-goroutines [goroutines=100000] [depth=300].
import { goProgram, go, make, callChain, fmt, os, sync, chans, type Chan, type Gen } from '../../runtime/index.ts';

const FRAME = 48;

type WG = InstanceType<typeof sync.WaitGroup>;

/** The innermost frame: says it is ready, then blocks until main closes the channel. */
function* parked(ready: WG, release: Chan<number>): Gen<void> {
  yield* ready.Done();
  yield* chans.recv(release);
}

function* worker(depth: number, release: Chan<number>, ready: WG, done: WG): Gen<void> {
  // an arrow to a generator declared once: a generator function made per goroutine would cost
  // each one a map and a prototype of V8's besides its frames (~340 bytes)
  yield* callChain(depth, FRAME, () => parked(ready, release));
  yield* done.Done();
}

export default goProgram('many-goroutines', function* main() {
  const n = Number(os.Args()[1] ?? 100_000);
  const depth = Number(os.Args()[2] ?? 300);
  const release = make<number>();
  const ready = new sync.WaitGroup();
  const done = new sync.WaitGroup();
  yield* ready.Add(n);
  yield* done.Add(n);
  for (let i = 0; i < n; i++) yield* go(worker, depth, release, ready, done);
  yield* ready.Wait();
  yield* fmt.Printf('%d goroutines blocked, %d frames deep\n', n, depth);
  yield* chans.close(release);
  yield* done.Wait();
  yield* fmt.Printf('all %d goroutines done\n', n);
});
