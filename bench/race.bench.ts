// Benchmark: what the race detector costs. Run with `npx tsx bench/race.bench.ts`
// (N=... round trips, default 1,000,000). Each workload without and with the
// detector (the program's race build, as `race: true` makes it), on the machine of
// runtime.bench.ts: go-worker-pool (the built-in program on its scenario's 4 cores,
// GOMAXPROCS 4), the unbuffered ping-pong of runtime.bench.ts (N round trips,
// GOMAXPROCS 2), and the same ping-pong compiled from Go source (every access
// instrumented). Reported: wall time, the Node heap's growth over the run at its
// peak, and the ratios. Results are recorded by hand in bench/RESULTS.md under
// "Race detector".
import v8 from 'node:v8';
import { pingPongProgram } from './ping-pong.ts';
import { runToExit } from './run-to-exit.ts';
import { BUILTIN_PROGRAMS } from '../src/apps/index.ts';
import { compileGo, goExecutable } from '../src/lang/go/compile.ts';
import type { Executable } from '../src/kernel/uapi/image.ts';

const N = Number(process.env.N ?? 1_000_000);

const pingPong = pingPongProgram(N);

const GO_PING_PONG = `package main

import "fmt"

func main() {
	ping := make(chan int)
	pong := make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	v := 0
	for i := 0; i < ${N}; i++ {
		ping <- v
		v = <-pong
	}
	fmt.Println("round trips", v)
}
`;
const goPingPong = goExecutable(compileGo('go-ping-pong', [{ name: 'main.go', text: GO_PING_PONG }]), () => compileGo('go-ping-pong', [{ name: 'main.go', text: GO_PING_PONG }], '', true));

interface Result { wallMs: number; heapMiB: number; out: string; instructions: number }

function run(exe: Executable, cores: number, env: Record<string, string>): Result {
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = v8.getHeapStatistics().used_heap_size;
  const { machine: m, kernel: k, pid: ppid, wallMs, heapPeakBytes: heapPeak } = runToExit(exe, exe.name, cores, env);
  const snap = k.snapshot().procs.find((q) => q.pid === ppid)!;
  return { wallMs, heapMiB: (heapPeak - heap0) / 2 ** 20, out: `${snap.stdout.trim().split("\n").pop()} (exit ${snap.exitStatus})`, instructions: m.instructions };
}

function pair(name: string, exe: Executable, cores: number, env: Record<string, string>): void {
  const off = run(exe, cores, env);
  const on = run(exe.withRace!(), cores, env);
  console.log(`${name}: ${off.out} / ${on.out}`);
  console.log(`  wall ${off.wallMs.toFixed(0)} ms → ${on.wallMs.toFixed(0)} ms (${(on.wallMs / off.wallMs).toFixed(2)}×); ` +
    `heap growth ${off.heapMiB.toFixed(1)} MiB → ${on.heapMiB.toFixed(1)} MiB (${(on.heapMiB / Math.max(off.heapMiB, 0.1)).toFixed(2)}×); ` +
    `instructions ${off.instructions} → ${on.instructions}`);
}

console.log(`race bench, N = ${N}, node ${process.version}`);
pair('go-worker-pool', BUILTIN_PROGRAMS['worker-pool']!, 4, { GOMAXPROCS: '4' });
pair('ping-pong (TypeScript)', pingPong, 2, { GOMAXPROCS: '2' });
pair('ping-pong (Go source)', goPingPong, 2, { GOMAXPROCS: '2' });
