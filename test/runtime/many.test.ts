// A hundred thousand goroutines blocked on one channel all finish when it is closed.
import { describe, expect, it } from 'vitest';
import { runProgram } from '../helpers.ts';
import { goProgram, go, make, fmt, runtime, WaitGroup, type Chan, type Gen } from '../../src/runtime/index.ts';

function* waiter(ch: Chan<number>, wg: WaitGroup): Gen<void> {
  yield* ch.recv();
  yield* wg.Done();
}

describe('many goroutines', () => {
  it('100,000 goroutines parked on one channel all finish when it is closed', () => {
    const N = 100_000;
    const exe = goProgram('many', function* main() {
      const ch = make<number>();
      const wg = new WaitGroup();
      yield* wg.Add(N);
      for (let i = 0; i < N; i++) yield* go(waiter, ch, wg);
      while (runtime.NumGoroutine() < N + 1) yield* runtime.Gosched();
      yield* fmt.Println('before close:', runtime.NumGoroutine());
      yield* ch.close();
      yield* wg.Wait();
      while (runtime.NumGoroutine() > 1) yield* runtime.Gosched();
      yield* fmt.Println('after close:', runtime.NumGoroutine());
    });
    const t0 = performance.now();
    const { snap, m } = runProgram(exe, ['many'], { limitNs: 10e9 });
    const wall = performance.now() - t0;
    expect(snap.stdout).toBe(`before close: ${N + 1}\nafter close: 1\n`);
    expect(snap.syscalls.exit_group!.calls).toBe(1);
    expect(snap.exitStatus).toBe(0);
    expect(wall).toBeLessThan(30_000);
    void m;
  }, 60_000);

  // exit_group while another M is about to futex-sleep on a core behind in time: the dying
  // thread must not sleep (Kernel.sleep checks `dying`, as Linux's fatal_signal_pending does).
  it('the process exits with status 0 after exit_group even when another M was about to futex-sleep', () => {
    const exe = goProgram('many-exit', function* main() {
      const ch = make<number>(); const wg = new WaitGroup();
      yield* wg.Add(100_000);
      for (let i = 0; i < 100_000; i++) yield* go(waiter, ch, wg);
      yield* ch.close();
      yield* wg.Wait();
    });
    expect(runProgram(exe, ['many-exit'], { limitNs: 10e9 }).snap.exitStatus).toBe(0);
  });
});
