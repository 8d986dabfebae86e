// Programs of the user's own: loaded from any directory, checked before they run
// (syntax, types, a runtime call without yield*), and a JavaScript exception or a
// loop that never yields reported at the program's own file:line.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseScenario, ScenarioError } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import { LIMIT_MS } from '../../src/scenario/userprog/guard.ts';
import { commandExit } from '../../src/cli-exit.ts';
import { ROOT } from '../helpers.ts';

/** A directory outside the repository, with no package.json, holding these files. */
function outside(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gm-user-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function problems(dir: string, program: string): Promise<string[]> {
  try { await parseScenario(`processes: [{program: ./${program}}]`, path.join(dir, 's.yaml')); } catch (e) { if (e instanceof ScenarioError) return e.problems; throw e; }
  return [];
}

async function run(dir: string, program: string) {
  const sim = new Simulation(await parseScenario(`processes: [{program: ./${program}}]\nrun: {timeLimit: 1s}`, path.join(dir, 's.yaml')));
  sim.runToEnd();
  return sim.report();
}

describe('a program of the user\'s own', () => {
  it('loads from a directory outside the repository without a package.json, importing gomachine/runtime and a module of its own', async () => {
    const dir = outside({
      'app.ts': `import { goProgram, fmt } from 'gomachine/runtime';
import { greeting } from './greet.ts';
export default goProgram('app', function* main() {
  yield* fmt.Println(greeting('outside'));
});
`,
      'greet.ts': 'export const greeting = (w: string): string => `hello from ${w}`;\n',
    });
    const r = await run(dir, 'app.ts');
    expect(r.processes[0]).toMatchObject({ name: 'app', exitStatus: 0, stdout: 'hello from outside\n' });
  });

  it("refuses an import of gomachine's internal modules, naming the public ones, as Go refuses an internal package", async () => {
    const dir = outside({
      'app.ts': `import { goProgram } from 'gomachine/runtime';
import { makechan } from '${ROOT}/src/runtime/chan.ts';
export default goProgram('app', function* main() { makechan; });
`,
    });
    expect(await problems(dir, 'app.ts')).toEqual([
      `processes[0].program: ${dir}/app.ts: import of ${ROOT}/src/runtime/chan.ts: use of gomachine's internal module src/runtime/chan.ts not allowed; ` +
      'a program imports gomachine/runtime (src/runtime/index.ts), gomachine/libc (src/libc/libc.ts), gomachine/uapi (src/kernel/uapi/index.ts), gomachine/instr (src/machine/instr.ts)',
    ]);
  });

  it('imports a public module by its path in src/ as well as by its name', async () => {
    const dir = outside({
      'app.ts': `import { goProgram, fmt } from '${ROOT}/src/runtime/index.ts';
export default goProgram('app', function* main() { yield* fmt.Println('by path'); });
`,
    });
    expect((await run(dir, 'app.ts')).processes[0]).toMatchObject({ exitStatus: 0, stdout: 'by path\n' });
  });

  it('shows a syntax error as the compiler does: file, line, column and the code around it', async () => {
    const dir = outside({ 'syn.ts': `import { goProgram, fmt } from 'gomachine/runtime';
export default goProgram('syn', function* main() {
  yield* fmt.Println('x'
});
` });
    expect(await problems(dir, 'syn.ts')).toEqual([`processes[0].program: an error in the program
${dir}/syn.ts:4:1: error: ',' expected. (TS1005)
3 |   yield* fmt.Println('x'
4 | });
  | ^`]);
  });

  it('shows a type error with its place', async () => {
    const dir = outside({ 'ty.ts': `import { goProgram, fmt } from 'gomachine/runtime';
export default goProgram('ty', function* main() {
  const n: number = 'five';
  yield* fmt.Println(n);
});
` });
    expect(await problems(dir, 'ty.ts')).toEqual([`processes[0].program: an error in the program
${dir}/ty.ts:3:9: error: Type 'string' is not assignable to type 'number'. (TS2322)
2 | export default goProgram('ty', function* main() {
3 |   const n: number = 'five';
  |         ^`]);
  });

  it('reports fmt.Println(...) and mu.Lock() without yield* instead of silently skipping them', async () => {
    const dir = outside({ 'ny.ts': `import { goProgram, fmt, Mutex, type Gen } from 'gomachine/runtime';
function* helper(mu: Mutex): Gen<void> {
  mu.Lock();
  yield* mu.Unlock();
}
export default goProgram('ny', function* main() {
  fmt.Println('lost');
  yield* helper(new Mutex());
});
` });
    const p = await problems(dir, 'ny.ts');
    expect(p).toHaveLength(1);
    expect(p[0]!.split('\n').filter((l) => l.startsWith(dir))).toEqual([
      `${dir}/ny.ts:3:3: error: mu.Lock() makes a generator and drops it, so the call never runs: write yield* mu.Lock() (gomachine)`,
      `${dir}/ny.ts:7:3: error: fmt.Println('lost') makes a generator and drops it, so the call never runs: write yield* fmt.Println('lost') (gomachine)`,
    ]);
  });

  it('ends a process whose code throws with SIGABRT (134), the exception and its file:line on stderr and in the kernel log', async () => {
    const dir = outside({ 'boom.ts': `import { goProgram, go, fmt, time, type Gen } from 'gomachine/runtime';
function* worker(o: { x?: { y: number } }): Gen<void> {
  yield* time.Sleep(time.Millisecond);
  yield* fmt.Println(o.x!.y);
}
export default goProgram('boom', function* main() {
  yield* go(worker, {});
  yield* time.Sleep(10 * time.Millisecond);
});
` });
    const r = await run(dir, 'boom.ts');
    const p = r.processes[0]!;
    expect(p).toMatchObject({ exitStatus: 134, signal: 'SIGABRT' });
    expect(p.stderr).toBe(`uncaught TypeError: Cannot read properties of undefined (reading 'y') at ${dir}/boom.ts:4:27 (thread 100)\n`);
    expect(r.kernel.log.some((l) => l.endsWith(`boom[100]: thread 100: uncaught TypeError: Cannot read properties of undefined (reading 'y') at ${dir}/boom.ts:4:27: a bug in the program, killed by SIGABRT`))).toBe(true);
  });

  it('stops a run whose program loops without yielding, within seconds, naming the process, the thread, the loop and yield*', async () => {
    const dir = outside({ 'spin.ts': `import { cProgram } from 'gomachine/libc';
export default cProgram('spin', function* main(c) {
  yield* c.printf('start\\n');
  let n = 0;
  while (n >= 0) {
    n = (n + 1) % 1000;
  }
  return 0;
});
` });
    // The program is checked and built before the clock starts: that takes seconds of CPU, more
    // on a loaded host, and is not what the guard bounds. The guard bounds the run: it stops the
    // loop once it has spun LIMIT_MS of wall time.
    const scenario = await parseScenario('processes: [{program: ./spin.ts}]\nrun: {timeLimit: 1s}', path.join(dir, 's.yaml'));
    const t0 = performance.now();
    let stopped: unknown = null;
    try { new Simulation(scenario).runToEnd(); } catch (e) { stopped = e; }
    const wallMs = performance.now() - t0;
    expect(stopped).toBeInstanceOf(Error);
    expect(LIMIT_MS).toBe(2000); // the guard's default
    // The figure is the wall time the loop spun, as the guard measured it: at least the limit,
    // and more by as much as the host kept the thread off its core past it.
    const spunS = Number(/^machine halted: spin\[100\] thread 100: spun (\d+\.\d) s /.exec((stopped as Error).message)?.[1]);
    expect(spunS).toBeGreaterThanOrEqual(LIMIT_MS / 1000);
    expect(spunS).toBeLessThanOrEqual(wallMs / 1000 + 0.05);
    expect((stopped as Error).message).toBe(
      `machine halted: spin[100] thread 100: spun ${spunS.toFixed(1)} s of wall time in JavaScript without yielding an instruction, in the loop at ${dir}/spin.ts:5:3; a loop that stands for work must yield it: \`yield* ...\` a runtime or C library call (yield* c.spin(cycles), yield* time.Sleep(d)) or \`yield compute(cycles)\``);
    expect(wallMs).toBeLessThan(LIMIT_MS + 8_000);
    expect(commandExit(stopped)?.status).toBe(1); // gomachine: the run stopped
  }, 60_000);
});
