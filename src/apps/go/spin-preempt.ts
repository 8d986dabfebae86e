// spin-preempt: with GOMAXPROCS=1 a goroutine spins in a loop without function calls;
// main sleeps 100 ms and prints. Only asynchronous preemption (sysmon → tgkill SIGURG →
// the handler takes the rest of the computation with the G) lets main run again, at
// ≈100–120 ms. With GODEBUG=asyncpreemptoff=1 main never prints.
import { goProgram, go, fmt, time, type Gen } from '../../runtime/index.ts';
import { compute } from '../../machine/instr.ts';

function* spin(): Gen<void> {
  for (;;) yield compute(3_000_000_000); // a tight loop: no prologue, no safe point but the signal
}

export default goProgram('spin-preempt', function* main() {
  yield* go(spin);
  const t0 = yield* time.Now();
  yield* time.Sleep(100 * time.Millisecond);
  const dt = (yield* time.Since(t0)) / 1e6;
  yield* fmt.Printf('main woke after %.1f ms\n', dt);
});
