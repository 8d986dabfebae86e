// Benchmark: the Go-style runtime under load. Run with `npx tsx bench/runtime.bench.ts`
// (N=... to scale). Three workloads on a 2-core machine:
//   spawn+join: N goroutines (default 1,000,000), each wg.Done(); main wg.Wait()s;
//   ping-pong:  N round trips (default 1,000,000) over two unbuffered channels, GOMAXPROCS 1 and 2.
// Reported: simulated time, wall and CPU time (user + system: the steadier figure on a busy host),
// instructions (and how many reached the machine's loop, the rest being retired in place),
// instructions per wall second, Node heap peak.
// Results are recorded by hand in bench/RESULTS.md under "Runtime".
import { goProgram, go, WaitGroup, fmt, type Gen } from '../src/runtime/index.ts';
import { pingPongProgram } from './ping-pong.ts';
import { runToExit } from './run-to-exit.ts';

const N = Number(process.env.N ?? 1_000_000);
/** ONLY=spawn-join or ONLY=ping-pong runs one workload. */
const ONLY = process.env.ONLY ?? '';

function* done(wg: WaitGroup): Gen<void> { yield* wg.Done(); }

const spawnJoin = goProgram('spawn-join', function* main() {
  const wg = new WaitGroup();
  yield* wg.Add(N);
  for (let i = 0; i < N; i++) yield* go(done, wg);
  yield* wg.Wait();
  yield* fmt.Println('joined', N);
});

const pingPong = pingPongProgram(N);

function run(name: string, exe: ReturnType<typeof goProgram>, env: Record<string, string>): void {
  if (ONLY !== '' && ONLY !== name) return;
  const { machine: m, kernel: k, pid, wallMs: wall, cpuMs: cpu, heapPeakBytes: heapPeak } = runToExit(exe, name, 2, env);
  const snap = k.snapshot().procs.find((q) => q.pid === pid)!;
  const sim = m.cyclesToNs(m.now);
  if (snap.exitStatus !== 0) console.log(k.klog.join("\n"));
  console.log(`${name} ${JSON.stringify(env)}: ${snap.stdout.trim()} | exit ${snap.exitStatus} | simulated ${(sim / 1e6).toFixed(1)} ms ` +
    `(${(sim / N).toFixed(0)} ns per op) | wall ${(wall / 1000).toFixed(2)} s, cpu ${(cpu / 1000).toFixed(2)} s | ${(m.instructions / 1e6).toFixed(2)} M instructions ` +
    `(${m.loopInstructions.toLocaleString('en')} reached the machine's loop), ` +
    `${(m.instructions / (wall / 1000) / 1e6).toFixed(2)} M/s | Node heap peak ${(heapPeak / 2 ** 20).toFixed(0)} MiB | threads ${snap.threadsPeak}`);
}

console.log(`runtime bench, N = ${N}, node ${process.version}`);
run('spawn-join', spawnJoin, { GOMAXPROCS: '2' });
run('ping-pong', pingPong, { GOMAXPROCS: '1' });
run('ping-pong', pingPong, { GOMAXPROCS: '2' });
