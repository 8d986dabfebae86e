// Benchmark: the Go-style runtime's memory. (1) Allocation throughput: gc-pressure
// allocating 100 MB in 1 KiB objects with 10 MB live (GOGC=100), objects per wall
// second and per simulated second. (2) A full GC of a 100 MB heap: 100,000 live
// 1 KiB objects in a ring from a global, then runtime.GC(): the wall time of the
// cycle and its simulated duration. Run with `npx tsx bench/memory.ts`; results are
// recorded by hand in bench/RESULTS.md under "Memory".
import { Machine } from '../src/machine/machine.ts';
import { Kernel } from '../src/kernel/kernel.ts';
import gcPressure from '../src/apps/go/gc-pressure.ts';
import type { Executable } from '../src/kernel/uapi/image.ts';
import type { RuntimeSnapshot } from '../src/runtime/snapshot.ts';
import { goProgram, fmt, runtime, newGlobals, newObject, storePtr, type Gen } from '../src/runtime/index.ts';

function run(exe: Executable, argv: string[], env: Record<string, string>) {
  const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 2 ** 32, frameSize: 4096, seed: 1 });
  const k = new Kernel(m);
  const p = k.spawn(exe, argv, env);
  const t0 = performance.now();
  m.run(m.nsToCycles(120e9));
  const wall = performance.now() - t0;
  const snap = k.snapshot().procs.find((q) => q.pid === p.pid)!;
  return { wall, snap, rs: m.probe.read<RuntimeSnapshot>(`runtime:${p.pid}`)!, simNs: ((snap.exitCycles ?? 0) - snap.startCycles) / 3 };
}

const a = run(gcPressure, ['go-gc-pressure', '100000000', '10000000', '1024'], { GOGC: '100' });
const objs = 97_656;
console.log(`allocation: ${objs} objects of 1 KiB (100 MB, 10 MB live, GOGC=100): wall ${a.wall.toFixed(0)} ms → ${(objs / a.wall * 1000 / 1e3).toFixed(1)} k objects / wall s; ` +
  `simulated ${(a.simNs / 1e6).toFixed(1)} ms → ${(objs / a.simNs * 1e3).toFixed(2)} M objects / simulated s; ${a.rs.gc.cycles} cycles`);

const N = 100_000;
let gcNs = 0;
const full = goProgram('full-gc', function* main(): Gen<void> {
  const g = yield* newGlobals(1);
  const ring = yield* newObject(N * 8, N);
  yield* storePtr(g, 0, ring);
  for (let i = 0; i < N; i++) yield* storePtr(ring, i, yield* newObject(1024, 1));
  const t0 = performance.now();
  const m0 = yield* runtime.ReadMemStats();
  yield* runtime.GC();
  const m1 = yield* runtime.ReadMemStats();
  gcNs = performance.now() - t0;
  yield* fmt.Println(`heap ${Math.round(m1.HeapAlloc / 1e6)} MB, ${m1.NumGC - m0.NumGC} cycle, pause total ${m1.PauseTotalNs - m0.PauseTotalNs} ns`);
});
const b = run(full, ['full-gc'], { GOGC: 'off', GODEBUG: 'gctrace=1' });
console.log(`full GC of a ${Math.round(b.rs.gc.heapMarkedBytes! / 1e6)} MB heap (${N} objects): wall ${gcNs.toFixed(0)} ms; ${b.snap.stdout.trim()}; simulated ${((b.simNs) / 1e6).toFixed(1)} ms in all`);
console.log(`  ${b.snap.stderr.trim()}`);
