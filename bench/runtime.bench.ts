// Benchmark: the Go-style runtime under load. Run with `npx tsx bench/runtime.bench.ts`
// (N=... to scale). Three workloads on a 2-core machine:
//   spawn+join: N goroutines (default 1,000,000), each wg.Done(); main wg.Wait()s;
//   ping-pong:  N round trips (default 1,000,000) over two unbuffered channels, GOMAXPROCS 1 and 2.
// Reported: simulated time, wall and CPU time (user + system: the steadier figure on a busy host),
// instructions (and how many reached the machine's loop, the rest being retired in place),
// instructions per wall second, Node heap peak.
// Each workload runs twice: the hand-written TypeScript program, then the same program as Go
// source (bench/native/spawn.go, pingpong.go) compiled by gomachine, with the ratio of their CPU
// times (the Go front end's goal: within 1.5×). GO=0 leaves the compiled ones out.
// Results are recorded by hand in bench/RESULTS.md under "Runtime".
import { goProgram, go, WaitGroup, fmt, type Gen } from '../src/runtime/index.ts';
import { pingPongProgram } from './ping-pong.ts';
import { runToExit } from './run-to-exit.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileGo, goExecutable } from '../src/lang/go/compile.ts';

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

const GO = process.env.GO !== '0';
const compiled = (file: string) => goExecutable(compileGo(file.replace(/\.go$/, ''), [{ name: file, text: readFileSync(path.join(import.meta.dirname, 'native', file), 'utf8') }]));

/** Run `exe` (argv: name + args); its CPU time in ms, or null when ONLY leaves it out. */
function run(name: string, exe: ReturnType<typeof goProgram>, env: Record<string, string>, args: string[] = []): number | null {
  if (ONLY !== '' && !name.startsWith(ONLY)) return null;
  const { machine: m, kernel: k, pid, wallMs: wall, cpuMs: cpu, heapPeakBytes: heapPeak } = runToExit(exe, name, 2, env, args);
  const snap = k.snapshot().procs.find((q) => q.pid === pid)!;
  const sim = m.cyclesToNs(m.now);
  if (snap.exitStatus !== 0) console.log(k.klog.join("\n"));
  console.log(`${name} ${JSON.stringify(env)}: ${snap.stdout.trim()} | exit ${snap.exitStatus} | simulated ${(sim / 1e6).toFixed(1)} ms ` +
    `(${(sim / N).toFixed(0)} ns per op) | wall ${(wall / 1000).toFixed(2)} s, cpu ${(cpu / 1000).toFixed(2)} s | ${(m.instructions / 1e6).toFixed(2)} M instructions ` +
    `(${m.loopInstructions.toLocaleString('en')} reached the machine's loop), ` +
    `${(m.instructions / (wall / 1000) / 1e6).toFixed(2)} M/s | Node heap peak ${(heapPeak / 2 ** 20).toFixed(0)} MiB | threads ${snap.threadsPeak}`);
  return cpu;
}

/** The hand-written program, then (GO) the Go source compiled: the two CPU times' ratio. */
function pair(name: string, hand: ReturnType<typeof goProgram>, file: string, env: Record<string, string>): void {
  const a = run(name, hand, env);
  if (!GO || a === null) return;
  const b = run(`${name} (${file} compiled)`, compiled(file), env, [String(N)]);
  if (b !== null) console.log(`  compiled / hand-written CPU: ${(b / a).toFixed(2)}×`);
}

console.log(`runtime bench, N = ${N}, node ${process.version}`);
pair('spawn-join', spawnJoin, 'spawn.go', { GOMAXPROCS: '2' });
pair('ping-pong', pingPong, 'pingpong.go', { GOMAXPROCS: '1' });
pair('ping-pong', pingPong, 'pingpong.go', { GOMAXPROCS: '2' });
