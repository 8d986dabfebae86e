// select, timers, sync and the scheduler's counters, each pinned by a small Go-style program.
import { describe, expect, it } from 'vitest';
import { runProgram } from '../helpers.ts';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import {
  goProgram, go, make, fmt, time, select, recv, send, func, defer, recover, runtime, os,
  Mutex, RWMutex, WaitGroup, Once, type Gen, type Chan,
} from '../../src/runtime/index.ts';
import type { RuntimeSnapshot } from '../../src/runtime/snapshot.ts';

function run(main: () => Gen<unknown>, env: Record<string, string> = {}, cores = 2, limitNs = 5e9) {
  const m = new Machine({ cores, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m);
  const p = k.spawn(goProgram('t', main), ['t'], env);
  m.run(m.nsToCycles(limitNs));
  const snap = k.snapshot().procs.find((q) => q.pid === p.pid)!;
  return { snap, rt: m.probe.read<RuntimeSnapshot>(`runtime:${p.pid}`)!, m };
}

describe('select', () => {
  it('takes the ready case, falls to default when none is, and blocks until one is', () => {
    const { snap } = run(function* () {
      const a = make<number>(1); const b = make<string>();
      yield* a.send(1);
      yield* select([recv(a, function* (v) { yield* fmt.Println('a', v); }), recv(b)]);
      const r = yield* select([recv(a), recv(b)], true);
      yield* fmt.Println('default index', r.index);
      yield* go(function* () { yield* time.Sleep(time.Millisecond); yield* b.send('hi'); });
      const r2 = yield* select([recv(a), recv(b)]);
      yield* fmt.Println('got', r2.index, r2.value, r2.ok);
      yield* a.close();
      const r3 = yield* select([recv(a)]);
      yield* fmt.Println('closed', r3.value, r3.ok);
    });
    expect(snap.stdout).toBe('a 1\ndefault index -1\ngot 1 hi true\nclosed 0 false\n');
    expect(snap.exitStatus).toBe(0);
  });

  it('chooses uniformly among ready cases (pollorder), and a nil channel case never fires', () => {
    const { snap } = run(function* () {
      const a = make<number>(1000); const b = make<number>(1000);
      const nil: Chan<number> | null = null;
      for (let i = 0; i < 1000; i++) { yield* a.send(i); yield* b.send(i); }
      let na = 0; let nb = 0;
      for (let i = 0; i < 1000; i++) {
        const r = yield* select([recv(a), recv(b), recv(nil), send(nil, 1)]);
        if (r.index === 0) na++; else nb++;
      }
      yield* fmt.Println(na + nb, na > 400 && nb > 400);
    });
    expect(snap.stdout).toBe('1000 true\n');
  });

  it('an empty select blocks forever: deadlock with goroutine 1 [select (no cases)]', () => {
    const { snap } = run(function* () { yield* select([]); });
    expect(snap.stderr).toBe('fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [select (no cases)]:\nmain.main()\n\t?:0\n');
    expect(snap.exitStatus).toBe(2);
  });
});

describe('timers', () => {
  it('time.After fires after its duration; a stopped Timer never fires; Tick ticks', () => {
    const { snap } = run(function* () {
      const t0 = yield* time.Now();
      const c = yield* time.After(30 * time.Millisecond);
      const when = yield* c.recv();
      yield* fmt.Println('after', Math.round((when - t0) / 1e6));
      const t = yield* time.NewTimer(10 * time.Millisecond);
      yield* fmt.Println('stopped', yield* t.Stop());
      const r = yield* select([recv(t.C), recv(yield* time.After(50 * time.Millisecond))]);
      yield* fmt.Println('winner', r.index);
      const tick = yield* time.Tick(20 * time.Millisecond);
      const t1 = yield* time.Now();
      for (let i = 0; i < 3; i++) yield* tick.recv();
      yield* fmt.Println('ticks', Math.round(((yield* time.Now()) - t1) / 1e6));
    });
    expect(snap.stdout).toBe('after 30\nstopped true\nwinner 1\nticks 60\n');
  });

  it('timer channels are synchronous as in Go 1.23 (no stale value after Stop or Reset); asynctimerchan=1 gives the old ones', () => {
    const prog = function* () {
      const t = yield* time.NewTimer(time.Millisecond);
      yield* time.Sleep(2 * time.Millisecond);          // it fired; nobody received
      const stopped = yield* t.Stop();
      const r = yield* select([recv(t.C)], true);
      const u = yield* time.NewTimer(time.Millisecond);
      yield* time.Sleep(2 * time.Millisecond);
      yield* u.Reset(10 * time.Millisecond);
      const t0 = yield* time.Now();
      yield* u.C.recv();
      yield* fmt.Println('cap', t.C.cap(), 'stop', stopped, 'stale', r.index === 0, 'reset waits', Math.round(((yield* time.Now()) - t0) / 1e6));
    };
    expect(run(prog).snap.stdout).toBe('cap 0 stop true stale false reset waits 10\n');
    expect(run(prog, { GODEBUG: 'asynctimerchan=1' }).snap.stdout).toBe('cap 1 stop false stale true reset waits 0\n');
  });
});

describe('sync', () => {
  it('Mutex keeps a counter exact under 4 goroutines on 2 Ps; RWMutex and Once behave', () => {
    const { snap } = run(function* () {
      const mu = new Mutex(); const rw = new RWMutex(); const once = new Once(); const wg = new WaitGroup();
      let n = 0;
      for (let g = 0; g < 4; g++) {
        yield* wg.Add(1);
        yield* go(function* () {
          for (let i = 0; i < 1000; i++) {
            yield* mu.Lock(); const v = n; yield* time.Sleep(0); n = v + 1; yield* mu.Unlock();
          }
          yield* rw.RLock(); yield* rw.RUnlock();
          yield* once.Do(function* () { yield* fmt.Println('once'); });
          yield* wg.Done();
        });
      }
      yield* wg.Wait();
      yield* rw.Lock(); yield* rw.Unlock();
      yield* fmt.Println('n =', n);
    });
    expect(snap.stdout).toBe('once\nn = 4000\n');
  });

  it('a negative WaitGroup counter panics with Go\'s message (recoverable)', () => {
    const { snap } = run(function* () {
      const wg = new WaitGroup();
      yield* func(function* () {
        defer(function* () { yield* fmt.Println('recovered:', recover()); });
        yield* wg.Done();
      });
    });
    expect(snap.stdout).toBe('recovered: sync: negative WaitGroup counter\n');
    expect(snap.exitStatus).toBe(0);
  });
});

describe('scheduler', () => {
  it('GOMAXPROCS defaults to the affinity mask and follows the env; os.Getenv reads the environment', () => {
    const prog = function* () { yield* fmt.Println(yield* runtime.GOMAXPROCS(), runtime.NumCPU(), os.Getenv('X')); };
    expect(run(prog, { X: 'y' }, 4).snap.stdout).toBe('4 4 y\n');
    expect(run(prog, { GOMAXPROCS: '3' }, 2).snap.stdout).toBe('3 2 \n');
  });

  it('go then Gosched on GOMAXPROCS=1 runs the new goroutine next (runnext)', () => {
    const { snap } = run(function* () {
      // One reschedule first: with no runtime goroutines (bgsweep, forcegc, ...) started before
      // main, schedtick is still 0 here and the %61 fairness check would pick the global queue.
      yield* runtime.Gosched();
      yield* go(function* () { yield* fmt.Println('child'); });
      yield* runtime.Gosched();
      yield* fmt.Println('main');
    }, { GOMAXPROCS: '1' });
    expect(snap.stdout).toBe('child\nmain\n');
  });

  it('spinning Ms steal: 8 CPU-bound goroutines on 4 Ps finish in about a quarter of the serial time', () => {
    const { snap, rt } = run(function* () {
      const wg = new WaitGroup();
      const t0 = yield* time.Now();
      for (let i = 0; i < 8; i++) {
        yield* wg.Add(1);
        yield* go(function* () { for (let j = 0; j < 10; j++) yield { op: 'compute', cycles: 3_000_000 } as never; yield* wg.Done(); });
      }
      yield* wg.Wait();
      yield* fmt.Println(Math.round(((yield* time.Now()) - t0) / 1e6));
    }, {}, 4);
    const ms = Number(snap.stdout.trim());
    expect(ms).toBeGreaterThanOrEqual(20);
    expect(ms).toBeLessThan(40);
    expect(rt.stats.steals).toBeGreaterThan(0);
    expect(rt.gomaxprocs).toBe(4);
  });

  it('schedtrace with scheddetail prints the header and P/M/G lines', () => {
    const { snap } = run(function* () { yield* time.Sleep(25 * time.Millisecond); }, { GODEBUG: 'schedtrace=10,scheddetail=1' });
    expect(snap.stderr).toMatch(/^SCHED 0ms: gomaxprocs=2 idleprocs=\d threads=\d+ spinningthreads=\d needspinning=\d idlethreads=\d+ runqueue=0 gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false\n  P0: status=\d schedtick=\d+ syscalltick=\d+ m=-?\d+ runqsize=0 gfreecnt=0 timerslen=\d\n  P1: /);
    expect(snap.stderr).toContain('  G1: status=4(sleep) m=-1 lockedm=-1\n');
    expect(snap.stderr).toMatch(/\nSCHED 1\dms: /); // the next sysmon tick at least 10 ms later
  });
});
void runProgram;
