// The runtime's plain fast paths: sync.Mutex Lock/Unlock and WaitGroup Add/Done return a
// finished run (NOTHING), with no generator of their own, when they neither block nor wake
// anyone, and fall back to a generator where they must park or wake a waiter — with the same
// outcome either way (mutual exclusion, Wait released by the last Done). A go statement's
// newproc returns its G as a finished run when it reuses a dead G and its instructions (the
// first frame's touch among them) retire in place.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { goProgram, go, Mutex, WaitGroup, runtime, fmt, type Gen } from '../../src/runtime/index.ts';
import { NOTHING, returnedOr, type G } from '../../src/runtime/runtime2.ts';
import { newproc } from '../../src/runtime/proc.ts';

function run(main: () => Gen<void>, gomaxprocs: number): { stdout: string; hash: string } {
  const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m);
  m.probe.subscribe((e) => { if (e.kind === 'all_exited') m.halt('all exited'); });
  const p = k.spawn(goProgram('fastpaths', main), ['fastpaths'], { GOMAXPROCS: String(gomaxprocs) });
  m.run(m.nsToCycles(5e9));
  const snap = k.snapshot().procs.find((q) => q.pid === p.pid)!;
  expect(snap.exitStatus).toBe(0);
  return { stdout: snap.stdout, hash: m.probe.traceHash() };
}

describe('plain fast paths of package sync', () => {
  it('an uncontended Lock/Unlock and an Add/Done that wake nobody make no generator', () => {
    const plain: boolean[] = [];
    const { stdout } = run(function* main() {
      const mu = new Mutex(); const wg = new WaitGroup();
      for (let i = 0; i < 100; i++) {
        const lock = mu.Lock(); plain.push(lock === NOTHING); yield* lock;
        const unlock = mu.Unlock(); plain.push(unlock === NOTHING); yield* unlock;
        const add = wg.Add(1); plain.push(add === NOTHING); yield* add;
        const done = wg.Done(); plain.push(done === NOTHING); yield* done;
      }
      yield* wg.Wait();
      yield* fmt.Println('ok');
    }, 1);
    expect(stdout).toBe('ok\n');
    // All but the few that met the edge of the core's batch (their charge is yielded to the loop).
    expect(plain.length).toBe(400);
    expect(plain.filter((x) => x).length).toBeGreaterThan(390);
  });

  it('a contended Lock parks and an Unlock with a waiter wakes it: the counter is exact and the run repeats', () => {
    const prog = function* main(): Gen<void> {
      const mu = new Mutex(); const wg = new WaitGroup();
      let counter = 0; let waitedOnce = false;
      function* worker(): Gen<void> {
        for (let i = 0; i < 200; i++) {
          const lock = mu.Lock();
          if (lock !== NOTHING) waitedOnce = true;
          yield* lock;
          const v = counter;
          yield* runtime.Gosched(); // hold the lock across a reschedule: the others must wait for it
          counter = v + 1;
          yield* mu.Unlock();
        }
        yield* wg.Done();
      }
      yield* wg.Add(4);
      for (let i = 0; i < 4; i++) yield* go(worker);
      yield* wg.Wait();
      yield* fmt.Println(counter, waitedOnce);
    };
    const a = run(prog, 2);
    expect(a.stdout).toBe('800 true\n');
    expect(run(prog, 2)).toEqual(a);
  });
});

describe('goroutine 1 without nested frames', () => {
  it('main.main runs as runtime.main\'s tail call: no runtime.main frame under it, and the program still exits after it returns', () => {
    let stack = '';
    const { stdout } = run(function* main() {
      stack = new Error().stack ?? '';
      yield* fmt.Println('main returns');
    }, 1);
    expect(stdout).toBe('main returns\n');
    // main's frame, then the M's schedule loop stepping it: nothing between them
    expect(stack).toMatch(/at Runtime\.main [^\n]*\n\s+at main\.next \(<anonymous>\)\n\s+at schedule /);
    expect(stack).not.toMatch(/runtimeMain/);
  });
});

describe('a go statement without a generator', () => {
  it('newproc reusing a dead G makes no generator, and one that must make a G still starts it', () => {
    const plain: boolean[] = [];
    const goids: number[] = [];
    const { stdout } = run(function* main() {
      const wg = new WaitGroup();
      let ran = 0;
      function* worker(): Gen<void> { ran++; yield* wg.Done(); }
      for (let i = 0; i < 100; i++) {
        yield* wg.Add(1);
        const r = newproc(worker, []);
        const gp = returnedOr(r, null as G | null);
        plain.push(gp !== null);
        goids.push((gp === null ? yield* r : gp).goid);
        yield* runtime.Gosched(); // the worker runs and dies: its G is on the free list for the next go
      }
      yield* wg.Wait();
      yield* fmt.Println(ran);
    }, 1);
    expect(stdout).toBe('100\n');
    // after main and the runtime's own goroutines (forcegc, bgsweep, bgscavenge, the finalizer
    // goroutine: 2–5), the workers are 6..105 in order, whichever way each was made
    expect(goids).toEqual(Array.from({ length: 100 }, (_, i) => i + 6));
    // the first made a G (malg: a new stack, a generator); all but those at a batch's edge after it are plain
    expect(plain[0]).toBe(false);
    expect(plain.filter((x) => x).length).toBeGreaterThan(90);
  });
});
