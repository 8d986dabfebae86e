// A TypeScript program on the Go-style runtime: two goroutines add to one word of
// the runtime's heap (loadU64/storeU64). RACE=mutex guards it with a sync.Mutex.
import { goProgram, go, fmt, os, sync, newObject, loadU64, storeU64, type Gen } from '../../../src/runtime/index.ts';

export default goProgram('ts-counter', function* main(): Gen<void> {
  const locked = os.Getenv('LOCK') === '1';
  const counter = yield* newObject(8);
  const mu = new sync.Mutex();
  const wg = new sync.WaitGroup();
  function* worker(): Gen<void> {
    for (let i = 0; i < 10; i++) {
      if (locked) yield* mu.Lock();
      const v = yield* loadU64(counter, 0);
      yield* storeU64(counter, 0, v + 1);
      if (locked) yield* mu.Unlock();
    }
    yield* wg.Done();
  }
  yield* wg.Add(2);
  yield* go(worker);
  yield* go(worker);
  yield* wg.Wait();
  yield* fmt.Println('counter:', yield* loadU64(counter, 0));
});
