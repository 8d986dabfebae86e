// The heap and the collector: nothing reachable is ever freed, garbage is freed by
// the next cycle, GOGC paces the cycles, stacks shrink, gctrace prints Go's line.
// gc-pressure runs scaled down (50 MB allocated, 4 MB live) to keep the tests to seconds.
import { describe, expect, it } from 'vitest';
import { runGo } from './memhelpers.ts';
import gcPressure from '../../src/apps/go/gc-pressure.ts';
import {
  goProgram, go, fmt, runtime, time, callChain, WaitGroup, newObject, newGlobals, storePtr, loadPtr, storeU64, loadU64, locals, type Gen,
} from '../../src/runtime/index.ts';

const pressure = (gogc: string, extra: Record<string, string> = {}) =>
  runGo(gcPressure, ['go-gc-pressure', '50000000', '4000000', '1024'], { GOGC: gogc, ...extra }, { limitNs: 10e9 });

describe('the collector', () => {
  it('gc-pressure at GOGC=100 keeps every live object and the heap under twice the live set', () => {
    const { snap, rs } = pressure('100');
    expect(snap.exitStatus).toBe(0);
    expect(snap.stdout).toMatch(/^allocated 50 MB in 48829 objects, 3906 live objects checked, 0 bad\n/);
    expect(rs.gc.cycles).toBe(13);
    // Near twice the live set: objects allocated while marking are black (floating garbage until the next cycle).
    expect(rs.gc.heapPeakBytes!).toBeLessThanOrEqual(2.2 * 4_000_000);
    expect(rs.gc.heapMarkedBytes!).toBeGreaterThanOrEqual(3906 * 1024);
  });

  it('GOGC=50 runs about twice as many cycles as GOGC=100; GOGC=off runs none and the heap holds everything', () => {
    const c100 = pressure('100').rs.gc.cycles;
    const r50 = pressure('50');
    expect(r50.snap.stdout).toContain(' 0 bad\n');
    expect(r50.rs.gc.cycles / c100).toBeGreaterThan(1.7);
    expect(r50.rs.gc.cycles / c100).toBeLessThan(2.5);
    const off = pressure('off');
    expect(off.snap.stdout).toContain(' 0 bad\n');
    expect(off.rs.gc.cycles).toBe(0);
    expect(off.rs.gc.heapPeakBytes!).toBeGreaterThanOrEqual(48829 * 1024);
    expect(off.snap.rssPeakBytes).toBeGreaterThan(50_000_000);
  });

  it('GODEBUG=gctrace=1 prints one line per cycle in Go\'s format', () => {
    const { snap, rs } = pressure('100', { GODEBUG: 'gctrace=1' });
    const lines = snap.stderr.trim().split('\n');
    expect(lines.length).toBe(rs.gc.cycles);
    for (const [i, l] of lines.entries()) {
      expect(l).toMatch(new RegExp(`^gc ${i + 1} @\\d+\\.\\d{3}s \\d+%: [\\d.]+\\+[\\d.]+\\+[\\d.]+ ms clock, [\\d.]+\\+[\\d.]+/[\\d.]+/[\\d.]+\\+[\\d.]+ ms cpu, \\d+->\\d+->\\d+ MB, \\d+ MB goal, \\d+ MB stacks, \\d+ MB globals, 2 P$`));
    }
  });

  it('linked structures mutated by two goroutines across many cycles never lose a reachable node', () => {
    // A list of NODES nodes from a global; each node: next, payload pointer, id, checksum.
    // Both goroutines keep replacing payloads and splicing fresh nodes in, while garbage piles up.
    const NODES = 500;
    const exe = goProgram('lists', function* main() {
      const g = yield* newGlobals(2);
      for (let l = 0; l < 2; l++) {
        const L = locals(1);
        for (let i = 0; i < NODES; i++) {
          const n = yield* newObject(64, 2);
          yield* storeU64(n, 2, i); yield* storeU64(n, 3, i * 7 + 1);
          yield* storePtr(n, 0, L.get(0));
          L.set(0, n);
        }
        yield* storePtr(g, l, L.get(0));
        L.free();
      }
      const wg = new WaitGroup();
      yield* wg.Add(2);
      for (let l = 0; l < 2; l++) yield* go(mutator, g, l, wg);
      yield* wg.Wait();
      let bad = 0; let count = 0;
      for (let l = 0; l < 2; l++) {
        for (let n = yield* loadPtr(g, l); n !== 0; n = yield* loadPtr(n, 0)) {
          count++;
          if ((yield* loadU64(n, 3)) !== (yield* loadU64(n, 2)) * 7 + 1) bad++;
          const p = yield* loadPtr(n, 1);
          if (p !== 0 && (yield* loadU64(p, 0)) !== (yield* loadU64(p, 1)) + 12345) bad++;
        }
      }
      const m = yield* runtime.ReadMemStats();
      yield* fmt.Println('nodes', count, 'bad', bad, 'gc', m.NumGC > 20);
    });
    function* mutator(g: number, l: number, wg: WaitGroup): Gen<void> {
      const L = locals(2);
      for (let r = 0; r < 4000; r++) {
        // Walk to node r % NODES and give it a new payload (the old one becomes garbage).
        let n = yield* loadPtr(g, l);
        for (let k = 0; k < r % 37; k++) n = yield* loadPtr(n, 0);
        L.set(0, n);
        const p = yield* newObject(256, 0);
        yield* storeU64(p, 0, r + 12345); yield* storeU64(p, 1, r);
        yield* storePtr(L.get(0), 1, p);
        // Unlink the node after n and put a fresh one with the same id in its place.
        const old = yield* loadPtr(L.get(0), 0);
        if (old !== 0) {
          L.set(1, old);
          const f = yield* newObject(64, 2);
          yield* storeU64(f, 2, yield* loadU64(L.get(1), 2)); yield* storeU64(f, 3, yield* loadU64(L.get(1), 3));
          yield* storePtr(f, 0, yield* loadPtr(L.get(1), 0));
          yield* storePtr(f, 1, yield* loadPtr(L.get(1), 1));
          yield* storePtr(L.get(0), 0, f);
        }
        for (let k = 0; k < 40; k++) yield* newObject(1024, 0); // garbage
      }
      L.free();
      yield* wg.Done();
    }
    const { snap, rs } = runGo(exe, ['lists'], {}, { limitNs: 20e9 });
    expect(snap.stderr).toBe('');
    expect(snap.stdout).toBe(`nodes ${2 * NODES} bad 0 gc true\n`);
    expect(rs.gc.cycles).toBeGreaterThan(20);
  }, 30_000);

  it('an object that becomes unreachable is freed by the next cycle', () => {
    const exe = goProgram('unreach', function* main() {
      const g = yield* newGlobals(1);
      const o = yield* newObject(100_000, 0); // a large object: its own span
      yield* storePtr(g, 0, o);
      yield* runtime.GC();
      const a = yield* runtime.ReadMemStats();
      yield* storePtr(g, 0, 0);
      yield* runtime.GC();
      const b = yield* runtime.ReadMemStats();
      yield* fmt.Println(a.HeapAlloc - b.HeapAlloc, b.Frees - a.Frees, b.NumGC, b.NumForcedGC);
    });
    const { snap } = runGo(exe, ['unreach']);
    expect(snap.stdout).toBe(`${13 * 8192} 1 2 2\n`);
  });

  it('the collector halves a stack that uses less than a quarter of it, once per cycle, never below 2 KiB', () => {
    const exe = goProgram('shrink', function* main() {
      const wg = new WaitGroup(); const ready = new WaitGroup();
      yield* wg.Add(1); yield* ready.Add(1);
      yield* go(function* deep(): Gen<void> {
        yield* callChain(200, 256, function* () { /* 50 KiB deep: the stack grows to 64 KiB */ });
        yield* ready.Done();
        yield* time.Sleep(time.Second); // parked at the top of its stack
        yield* wg.Done();
      });
      yield* ready.Wait();
      for (let i = 0; i < 7; i++) yield* runtime.GC();
      yield* wg.Wait();
    });
    const { rs } = runGo(exe, ['shrink']);
    expect(rs.stacks!.growths).toBe(5);  // 2 → 64 KiB
    expect(rs.stacks!.shrinks).toBe(5);  // 64 → 2 KiB, one halving per cycle
  });

  it('sysmon readies forcegchelper when the last cycle ended more than 2 minutes ago (gctrace prints GC forced)', () => {
    const exe = goProgram('forcegc', function* main() {
      yield* newObject(64, 0);
      yield* runtime.GC();
      yield* time.Sleep(200 * time.Second);
      const m = yield* runtime.ReadMemStats();
      // NumForcedGC counts only runtime.GC calls, as in Go.
      yield* fmt.Println('NumGC', m.NumGC, 'NumForcedGC', m.NumForcedGC, 'LastGC after 120 s', m.LastGC > 120e9);
    });
    const { snap } = runGo(exe, ['forcegc'], { GODEBUG: 'gctrace=1' }, { limitNs: 210e9 });
    expect(snap.stdout).toBe('NumGC 2 NumForcedGC 1 LastGC after 120 s true\n');
    const lines = snap.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^gc 1 @0\.000s .* \(forced\)$/);
    expect(lines[1]).toBe('GC forced');
    // sysmon sleeps at most 60 s when every P is idle, so it notices between 120 and 180 s.
    expect(lines[2]).toMatch(/^gc 2 @1[2-7]\d\.\d{3}s .* 2 P$/);
  });

  it('a program that never ran a cycle is not forced to (gcTrigger: lastgc != 0)', () => {
    const exe = goProgram('noforce', function* main() {
      yield* newObject(64, 0);
      yield* time.Sleep(200 * time.Second);
      yield* fmt.Println('NumGC', (yield* runtime.ReadMemStats()).NumGC);
    });
    expect(runGo(exe, ['noforce'], {}, { limitNs: 210e9 }).snap.stdout).toBe('NumGC 0\n');
  });
});
