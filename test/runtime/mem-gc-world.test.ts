// The collector with the world around it: stop-the-world pauses that wait for running
// goroutines to be preempted, mark workers on 25% of the Ps, the roots that are not
// stacks or globals (channel buffers, blocked senders, timers), GOMEMLIMIT, and
// runtime.GOMAXPROCS(n), which stops the world to resize.
import { describe, expect, it } from 'vitest';
import { runGo } from './memhelpers.ts';
import gcPressure from '../../src/apps/go/gc-pressure.ts';
import {
  goProgram, go, fmt, runtime, time, call, makePtrChan, make, WaitGroup, newObject, newGlobals, storePtr, loadPtr, loadU64, storeU64, locals, type Gen,
} from '../../src/runtime/index.ts';
import { compute } from '../../src/machine/instr.ts';

/** A goroutine that computes in 20 µs slices between function calls (prologues: cooperative preemption points). */
function* busy(stop: { v: boolean }): Gen<void> {
  const slice = function* (): Gen<void> { yield compute(60_000); };
  while (!stop.v) yield* call(slice);
}

describe('stop-the-world and the mark workers', () => {
  it('each cycle stops the world twice; the pause waits for busy goroutines to reach a safe point', () => {
    const exe = goProgram('stw', function* main() {
      const stop = { v: false };
      for (let i = 0; i < 3; i++) yield* go(busy, stop);
      yield* time.Sleep(time.Millisecond);
      for (let i = 0; i < 5; i++) yield* runtime.GC();
      stop.v = true;
    });
    const { snap, rs } = runGo(exe, ['stw'], { GOMAXPROCS: '4' }, { cores: 4 });
    expect(snap.exitStatus).toBe(0);
    expect(rs.gc.cycles).toBe(5);
    expect(rs.stw).toEqual({ count: 10, totalNs: rs.gc.pauseTotalNs });
    // Three Ps run goroutines that reach a prologue every 20 µs: a stop takes microseconds, not 0.
    expect(rs.gc.pauseMaxNs!).toBeGreaterThan(1_000);
    expect(rs.gc.pauseMaxNs!).toBeLessThan(40_000);
  });

  it('with async preemption off, a loop without calls holds the world until it ends (Go before 1.14)', () => {
    const exe = goProgram('tightloop', function* main() {
      yield* go(function* spin(): Gen<void> { yield compute(15_000_000); }); // 5 ms, no calls
      yield* time.Sleep(time.Millisecond);
      yield* runtime.GC();
    });
    const off = runGo(exe, ['tightloop'], { GOMAXPROCS: '2', GODEBUG: 'asyncpreemptoff=1' }).rs;
    expect(off.gc.pauseMaxNs!).toBeGreaterThan(3_900_000); // until the 5 ms computation, started 1 ms earlier, ends
    const on = runGo(exe, ['tightloop'], { GOMAXPROCS: '2' }).rs;
    expect(on.gc.pauseMaxNs!).toBeLessThan(50_000); // SIGURG: preempted at once
  });

  it('GOMAXPROCS=4 marks with one dedicated worker; GOMAXPROCS=2 with a fractional one (25% of the Ps)', () => {
    const args = ['go-gc-pressure', '20000000', '4000000', '1024'];
    const p4 = runGo(gcPressure, args, { GOMAXPROCS: '4' }, { cores: 4 }).rs.gc;
    expect(p4.cycles).toBeGreaterThan(0);
    expect(p4.workers!.dedicated).toBeGreaterThanOrEqual(p4.cycles); // a worker that runs out of grey objects parks and is picked again
    expect(p4.workers!.fractional).toBe(0);
    const p2run = runGo(gcPressure, args, { GOMAXPROCS: '2' });
    const p2 = p2run.rs.gc;
    expect(p2.workers!.dedicated).toBe(0);
    expect(p2.workers!.fractional).toBeGreaterThan(0);
    // An assist that finds the last grey objects taken by a worker parks ("GC assist wait") until the credit comes.
    expect(p2.assistWaits).toBe(3);
    expect(p2run.snap.stdout).toContain(' 0 bad\n');
  });

  it('runtime.GOMAXPROCS(n) stops the world, resizes, and the goroutines carry on', () => {
    const exe = goProgram('resize', function* main() {
      const a = yield* runtime.GOMAXPROCS(4);
      const wg = new WaitGroup(); const stop = { v: false };
      for (let i = 0; i < 6; i++) { yield* wg.Add(1); yield* go(function* w(): Gen<void> { yield* busy(stop); yield* wg.Done(); }); }
      yield* time.Sleep(time.Millisecond);
      const b = yield* runtime.GOMAXPROCS(1);
      yield* time.Sleep(time.Millisecond);
      const c = yield* runtime.GOMAXPROCS(3);
      stop.v = true;
      yield* wg.Wait();
      yield* fmt.Println(a, b, c, yield* runtime.GOMAXPROCS(0));
    });
    const { snap, rs } = runGo(exe, ['resize'], { GOMAXPROCS: '2' }, { cores: 4 });
    expect(snap.stdout).toBe('2 4 1 3\n');
    expect(rs.gomaxprocs).toBe(3);
    expect(rs.ps.map((p) => p.id)).toEqual([0, 1, 2]);
    expect(rs.stw!.count).toBe(3);
  });
});

describe('roots beyond stacks and globals', () => {
  /** 200 objects with checksums, then `keep` holds them somewhere, the locals drop them, two cycles run, and they are checked. */
  function rootsProgram(name: string, keep: (objs: number[]) => Gen<() => Gen<number[]>>) {
    return goProgram(name, function* main() {
      const L = locals(200);
      for (let i = 0; i < 200; i++) {
        const o = yield* newObject(512, 0);
        yield* storeU64(o, 0, i); yield* storeU64(o, 1, i * 31 + 7);
        L.set(i, o);
      }
      const objs = Array.from({ length: 200 }, (_, i) => L.get(i));
      const back = yield* keep(objs);
      L.free();
      yield* runtime.GC(); yield* runtime.GC();
      for (let i = 0; i < 300; i++) { const g = yield* newObject(512, 0); yield* storeU64(g, 0, 999_999); yield* storeU64(g, 1, 0); } // reuse freed slots
      const got = yield* back();
      let bad = 0;
      for (const o of got) if ((yield* loadU64(o, 1)) !== (yield* loadU64(o, 0)) * 31 + 7) bad++;
      yield* fmt.Println('got', got.length, 'bad', bad);
    });
  }

  it('a channel of pointers keeps what its buffer holds alive; a channel of integers does not', () => {
    const viaChan = (ptr: boolean) => rootsProgram('chanroot', function* (objs) {
      const c = ptr ? makePtrChan(200) : make<number>(200);
      for (const o of objs) yield* c.send(o);
      return function* () { const r: number[] = []; for (let i = 0; i < 200; i++) r.push(yield* c.recv()); return r; };
    });
    expect(runGo(viaChan(true), ['chanroot']).snap.stdout).toBe('got 200 bad 0\n');
    // Integers are not pointers to the collector: the objects were freed and their memory reused.
    expect(runGo(viaChan(false), ['chanroot']).snap.stdout).toMatch(/^got 200 bad [1-9]\d*\n$/);
  });

  it('a goroutine blocked sending a pointer keeps it alive (its sudog element is on its stack)', () => {
    const exe = rootsProgram('sudogroot', function* (objs) {
      const c = makePtrChan(0);
      for (const o of objs) yield* go(function* sender(p: number): Gen<void> { yield* c.send(p); }, o);
      yield* time.Sleep(time.Millisecond); // every sender blocked in chansend
      return function* () { const r: number[] = []; for (let i = 0; i < 200; i++) r.push(yield* c.recv()); return r; };
    });
    expect(runGo(exe, ['sudogroot']).snap.stdout).toBe('got 200 bad 0\n');
  });

  it('an armed AfterFunc timer keeps the object its function holds alive until it runs', () => {
    const exe = rootsProgram('timerroot', function* (objs) {
      const got: number[] = []; const wg = new WaitGroup();
      yield* wg.Add(objs.length);
      for (const o of objs) yield* time.AfterFunc(5 * time.Millisecond, function* (p: number): Gen<void> { got.push(p); yield* wg.Done(); }, o);
      return function* () { yield* wg.Wait(); return got; };
    });
    expect(runGo(exe, ['timerroot']).snap.stdout).toBe('got 200 bad 0\n');
  });
});

describe('big objects', () => {
  it('an array of 50,000 pointers (391 KiB: four 128 KiB oblets) keeps every object it points to', () => {
    const N = 50_000;
    const exe = goProgram('oblets', function* main() {
      const g = yield* newGlobals(1);
      const arr = yield* newObject(N * 8, N);
      yield* storePtr(g, 0, arr);
      for (let i = 0; i < N; i++) {
        const o = yield* newObject(32, 0);
        yield* storeU64(o, 0, i); yield* storeU64(o, 1, i ^ 0x5a5a);
        yield* storePtr(arr, i, o);
      }
      yield* runtime.GC();
      for (let i = 0; i < 20_000; i++) { const x = yield* newObject(32, 0); yield* storeU64(x, 0, 7); yield* storeU64(x, 1, 7); }
      yield* runtime.GC();
      let bad = 0;
      for (let i = 0; i < N; i++) { const o = yield* loadPtr(arr, i); if ((yield* loadU64(o, 0)) !== i || (yield* loadU64(o, 1)) !== (i ^ 0x5a5a)) bad++; }
      const m = yield* runtime.ReadMemStats();
      yield* fmt.Println('bad', bad, 'objects', m.HeapObjects);
    });
    const { snap } = runGo(exe, ['oblets']);
    expect(snap.stdout).toBe(`bad 0 objects ${N + 1}\n`);
  });
});

describe('GOMEMLIMIT', () => {
  it('with GOGC=off, a 12 MiB limit still runs cycles and keeps the heap under it; without it none run', () => {
    const args = ['go-gc-pressure', '50000000', '4000000', '1024'];
    const limited = runGo(gcPressure, args, { GOGC: 'off', GOMEMLIMIT: '12MiB' });
    expect(limited.snap.stdout).toContain(' 0 bad\n');
    expect(limited.rs.gc.cycles).toBeGreaterThan(3);
    expect(limited.rs.gc.heapPeakBytes!).toBeLessThanOrEqual(12 * 2 ** 20);
    const unlimited = runGo(gcPressure, args, { GOGC: 'off' });
    expect(unlimited.rs.gc.cycles).toBe(0);
  });

  it('the limit caps the goal GOGC would give (the smaller one wins)', () => {
    const args = ['go-gc-pressure', '30000000', '4000000', '1024'];
    const both = runGo(gcPressure, args, { GOGC: '400', GOMEMLIMIT: '10MiB' }).rs.gc;
    const gogcOnly = runGo(gcPressure, args, { GOGC: '400' }).rs.gc;
    expect(both.heapPeakBytes!).toBeLessThanOrEqual(10 * 2 ** 20);
    expect(gogcOnly.heapPeakBytes!).toBeGreaterThan(15 * 2 ** 20);
    expect(both.cycles).toBeGreaterThan(gogcOnly.cycles);
  });
});

