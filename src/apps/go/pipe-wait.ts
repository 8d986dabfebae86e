// pipe-wait: four goroutines read from four pipes (non-blocking, registered with epoll);
// each read gets EAGAIN and parks in "IO wait" on its pollDesc, and no thread blocks in
// read(2). main writes to one pipe every 10 ms; netpoll (an M in epoll_wait, or sysmon)
// finds the fd ready and the reader runs again. Threads stay at GOMAXPROCS + sysmon + few.
import { goProgram, go, fmt, time, os, WaitGroup, type Gen } from '../../runtime/index.ts';
import type { File } from '../../runtime/fd.ts';

function* reader(id: number, f: File, wg: WaitGroup): Gen<void> {
  const s = yield* f.ReadString(64);
  yield* fmt.Printf('reader %d got %q\n', id, s);
  yield* wg.Done();
}

export default goProgram('pipe-wait', function* main() {
  const wg = new WaitGroup();
  const writers: File[] = [];
  for (let i = 0; i < 4; i++) {
    const p = yield* os.Pipe();
    if (!Array.isArray(p)) { yield* fmt.Println(p); return; }
    writers.push(p[1]);
    yield* wg.Add(1);
    yield* go(reader, i, p[0], wg);
  }
  for (let i = 3; i >= 0; i--) {
    yield* time.Sleep(10 * time.Millisecond);
    yield* writers[i]!.WriteString(`hello ${i}`);
  }
  yield* wg.Wait();
  yield* fmt.Println('all readers done');
});
