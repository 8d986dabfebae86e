// A job that fails on a worker thread of the pool fails as it does in the command's own thread:
// the same error class, message and fields, so `gomachine sweep/compare --jobs 2` prints the
// same lines and exits with the same status as with --jobs 1.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runJobs, WORKER, type JobAnswer, type PoolWorkerData } from '../../src/scenario/pool.ts';
import { jobError } from '../../src/scenario/job-error.ts';
import { startWorker } from '../../src/scenario/built.ts';
import type { RunJob } from '../../src/scenario/jobs.ts';
import { ScenarioError } from '../../src/scenario/loader.ts';
import { CompileError } from '../../src/lang/diagnostics.ts';
import { CCompileError } from '../../src/lang/c/program.ts';
import { commandExit } from '../../src/cli-exit.ts';
import { ROOT } from '../helpers.ts';

const BIN = path.join(ROOT, 'bin/gomachine.mjs');

/** A directory holding these files. */
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gm-jobs-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** What the job throws when this thread runs it (runJobs with --jobs 1). */
async function failsHere(job: RunJob): Promise<Error> {
  try { await runJobs([job], 1); } catch (e) { return e as Error; }
  throw new Error('the job did not fail');
}

/** What the job throws when a worker thread of the pool runs it, as the pool gives it back here. */
async function failsOnWorker(job: RunJob): Promise<Error> {
  const w = startWorker(WORKER, { list: [job], next: new SharedArrayBuffer(4) } satisfies PoolWorkerData);
  try {
    const a = await new Promise<JobAnswer>((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
    if (!('failure' in a)) throw new Error('the job did not fail');
    return await jobError(a.failure);
  } finally {
    await w.terminate();
  }
}

/** Both, checked to be the same error: class, message, the fields the command prints, and the command's exit. */
async function sameOnEitherThread(job: RunJob) {
  const here = await failsHere(job);
  const there = await failsOnWorker(job);
  expect(there.constructor).toBe(here.constructor);
  expect(there.message).toBe(here.message);
  expect({ ...there }).toEqual({ ...here });
  expect(commandExit(there)).toEqual(commandExit(here));
  return { here, there, exit: commandExit(there) };
}

describe('a job that fails on a worker thread', () => {
  it('a bad scenario: a ScenarioError with its file and problems; the command prints them and exits 2', async () => {
    const dir = dirWith({ 's.yaml': 'processes: [{program: no-such-program}]\nsignals: [{at: 1ms, process: nobody, signal: SIGTERM}]\n' });
    const file = path.join(dir, 's.yaml');
    const { there, exit } = await sameOnEitherThread({ file, settings: {} });
    expect(there).toBeInstanceOf(ScenarioError);
    const problems = (there as ScenarioError).problems;
    expect((there as ScenarioError).file).toBe(file);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^processes\[0\]\.program: unknown program "no-such-program" \(built-in programs: /);
    expect(problems[1]).toBe('signals[0].process: no process named "nobody" (the processes: )');
    expect(exit).toEqual({ stderr: `gomachine: ${file}: invalid scenario\n  ${problems[0]}\n  ${problems[1]}\n`, status: 2 });
  }, 60_000);

  it('a Go program that does not compile: a CompileError with its diagnostics and go run\'s heading; exit 2', async () => {
    const dir = dirWith({ 'bad.go': 'package main\n\nfunc main() {\n\tnope()\n}\n' });
    const { there, exit } = await sameOnEitherThread({ file: path.join(dir, 'bad.go'), settings: {} });
    expect(there).toBeInstanceOf(CompileError);
    expect((there as CompileError).diagnostics).toEqual([{ pos: { file: 'bad.go', line: 4, col: 2 }, msg: 'undefined: nope' }]);
    expect(exit).toEqual({ stderr: '# command-line-arguments\n./bad.go:4:2: undefined: nope\n', status: 2 });
  }, 60_000);

  it('a C program that does not compile: cc\'s CCompileError with its output; exit 1', async () => {
    const dir = dirWith({ 'bad.c': 'int main(void) {\n    return nope;\n}\n' });
    const { there, exit } = await sameOnEitherThread({ file: path.join(dir, 'bad.c'), settings: {} });
    expect(there).toBeInstanceOf(CCompileError);
    expect(exit).toEqual({ stderr: `${dir}/bad.c:2:12: error: 'nope' undeclared (first use in this function)\n    2 |     return nope;\n      |            ^\n`, status: 1 });
  }, 60_000);

  it('a bad --set value: a plain Error with its message and the stack it had on the worker thread; exit 2', async () => {
    const { there, exit } = await sameOnEitherThread({ file: path.join(ROOT, 'scenarios/c-threads.yaml'), settings: { cores: '0' } });
    expect(there.constructor).toBe(Error);
    expect(exit).toEqual({ stderr: 'gomachine: --set cores: must be 1..64, got "0"\n', status: 2 });
    expect(there.stack).toMatch(/^Error: --set cores: must be 1\.\.64, got "0"\n {4}at applySetting .*\n[^]*run-worker\.ts/);
  }, 60_000);

  it('the built command: a run that stops prints the same and exits 1 with --jobs 2 as with --jobs 1', () => {
    const dir = dirWith({
      'spin.ts': `import { cProgram } from 'gomachine/libc';
export default cProgram('spin', function* main(c) {
  yield* c.printf('start\\n');
  let n = 0;
  while (c.getenv('SPIN') === '1' && n >= 0) {
    n = (n + 1) % 1000;
  }
  return 0;
});
`,
      's.yaml': 'processes: [{program: ./spin.ts}]\nrun: {timeLimit: 1s}\n',
    });
    // The loop guard's limit made short, so that the run that spins stops in a fraction of a second.
    const sweep = (jobs: string) => spawnSync(process.execPath, [BIN, 'sweep', 's.yaml', '--set', 'SPIN=0,1', '--jobs', jobs],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, GOMACHINE_SPIN_LIMIT_MS: '200' } });
    // How long the loop spun past the limit is the host's: the figure is left out of the comparison.
    const text = (stderr: string): string => stderr.replace(/spun \d+\.\d s/, 'spun N s');
    const one = sweep('1');
    const two = sweep('2');
    expect(one.status).toBe(1);
    expect(text(one.stderr)).toBe('gomachine: run 1/2 (SPIN=0) done\n' +
      `gomachine: the run stopped: spin[100] thread 100: spun N s of wall time in JavaScript without yielding an instruction, in the loop at ${dir}/spin.ts:5:3; ` +
      'a loop that stands for work must yield it: `yield* ...` a runtime or C library call (yield* c.spin(cycles), yield* time.Sleep(d)) or `yield compute(cycles)`\n');
    expect(two.status).toBe(one.status);
    expect(text(two.stderr)).toBe(text(one.stderr));
    expect(two.stdout).toBe(one.stdout);
  }, 120_000);
});
