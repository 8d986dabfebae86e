// A TypeScript program on the Go-style runtime that touches memory with the raw
// instruction helpers (store, load) instead of loadU64/storeU64: a writer fills
// bytes of a heap object and a reader reads them back. SYNC=1 hands the object
// over through a channel (race-free); otherwise nothing orders the two (a race).
import { goProgram, go, fmt, os, make, sync, newObject, type Gen } from '../../../src/runtime/index.ts';
import { load, store } from '../../../src/machine/instr.ts';

export default goProgram('ts-raw', function* main(): Gen<void> {
  const synced = os.Getenv('SYNC') === '1';
  const buf = yield* newObject(16);
  const handoff = make<number>(1);
  const wg = new sync.WaitGroup();
  function* writer(): Gen<void> {
    yield* store(buf + 4, new Uint8Array([1, 2, 3, 4]));
    if (synced) yield* handoff.send(1);
    yield* wg.Done();
  }
  function* reader(): Gen<void> {
    if (synced) yield* handoff.recv();
    const b = yield* load(buf + 4, 4);
    yield* fmt.Println('read', b.length, 'bytes');
    yield* wg.Done();
  }
  yield* wg.Add(2);
  yield* go(writer);
  yield* go(reader);
  yield* wg.Wait();
});
