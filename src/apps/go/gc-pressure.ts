// gc-pressure (Go): allocate `total` bytes (default 1 GB) in objects of `size`
// bytes (default 1 KiB) while keeping about `live` bytes (default 10 MB) of them
// reachable: a global points at a ring of pointers, and each new object replaces
// the oldest one in the ring, which becomes garbage. Each object carries its
// sequence number and a checksum of it; at the end every live object is checked.
// The collector's pacing is what GOGC (100, 50, off) and GOMEMLIMIT change:
// GODEBUG=gctrace=1 prints a line per cycle. Compare the C version (malloc/free).
// Usage: gc-pressure [total=1000000000] [live=10000000] [size=1024].
import { goProgram, panic, fmt, os, runtime, newObject, newGlobals, storePtr, loadPtr, storeU64, loadU64, type Gen } from '../../runtime/index.ts';

/** The checksum an object stores next to its sequence number. */
export function checksum(seq: number): number { return ((Math.imul(seq ^ 0x5bd1e995, 0x9e3779b1) ^ 0xa5a5a5a5) >>> 0); }

export default goProgram('go-gc-pressure', function* main(): Gen<number> {
  const total = Number(os.Args()[1] ?? 1e9);
  const live = Number(os.Args()[2] ?? 1e7);
  const size = Number(os.Args()[3] ?? 1024);
  const n = Math.max(1, Math.floor(live / size));
  const count = Math.floor(total / size);
  const globals = yield* newGlobals(1); // var ring []*obj
  const ring = yield* newObject(n * 8, n);
  yield* storePtr(globals, 0, ring);
  for (let i = 0; i < count; i++) {
    const o = yield* newObject(size, 1); // type obj struct { next *obj; seq, sum uint64; pad [...]byte }
    yield* storeU64(o, 1, i);
    yield* storeU64(o, 2, checksum(i));
    yield* storePtr(ring, i % n, o);
  }
  let bad = 0;
  for (let k = 0; k < n && k < count; k++) {
    const o = yield* loadPtr(ring, k);
    const seq = yield* loadU64(o, 1);
    if (seq % n !== k || seq < count - n || (yield* loadU64(o, 2)) !== checksum(seq)) bad++;
  }
  const m = yield* runtime.ReadMemStats();
  yield* fmt.Printf('allocated %d MB in %d objects, %d live objects checked, %d bad\n', Math.floor(m.TotalAlloc / 1e6), m.Mallocs, Math.min(n, count), bad);
  yield* fmt.Printf('NumGC %d, HeapAlloc %d MB, HeapSys %d MB, HeapReleased %d MB, PauseTotal %d us\n',
    m.NumGC, Math.floor(m.HeapAlloc / 1e6), Math.floor(m.HeapSys / 1e6), Math.floor(m.HeapReleased / 1e6), Math.floor(m.PauseTotalNs / 1e3));
  if (bad > 0) panic(`${bad} live objects corrupted or freed`);
  return bad;
});
