// blocking-syscall: eight goroutines each make a long blocking syscall (nanosleep 50 ms
// through syscall.Syscall, so entersyscall/exitsyscall surround it) while others keep
// computing. sysmon retakes the Ps of Ms stuck in the kernel (handoffp) and the runtime
// starts new threads to keep GOMAXPROCS Ps running: Ms grow beyond GOMAXPROCS.
import { goProgram, go, fmt, syscall, runtime, WaitGroup, type Gen } from '../../runtime/index.ts';
import { compute } from '../../machine/instr.ts';

function* sleeper(id: number, wg: WaitGroup): Gen<void> {
  yield* syscall.Nanosleep(50_000_000);
  yield* fmt.Printf('sleeper %d back from the kernel\n', id);
  yield* wg.Done();
}

function* cruncher(id: number, wg: WaitGroup): Gen<void> {
  for (let i = 0; i < 20; i++) yield compute(3_000_000); // 20 × 1 ms of work
  yield* fmt.Printf('cruncher %d done\n', id);
  yield* wg.Done();
}

export default goProgram('blocking-syscall', function* main() {
  const wg = new WaitGroup();
  yield* wg.Add(12);
  for (let i = 0; i < 8; i++) yield* go(sleeper, i, wg);
  for (let i = 0; i < 4; i++) yield* go(cruncher, i, wg);
  yield* wg.Wait();
  yield* fmt.Println('all done; goroutines:', runtime.NumGoroutine());
});
