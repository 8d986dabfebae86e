// The command as it ships: JavaScript built from the sources (scripts/build.mjs), one built
// module per source module. A program of the user's own, loaded by the built command, must run
// on the very modules the simulator runs on — the runtime whose scheduler steps it, the guard
// whose clock the loader resets — not on a second copy loaded from the TypeScript.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers.ts';
import { GOMACHINE_IMPORTS } from '../src/scenario/userprog/check.ts';

const BIN = path.join(ROOT, 'bin/gomachine.mjs');

describe('the built command', () => {
  it('builds the command, its workers and every public module into dist/<key>/', async () => {
    const { ensureBuilt, sourceState } = await import('../scripts/build.mjs');
    const dir = await ensureBuilt();
    expect(dir).toBe(path.join(ROOT, 'dist', sourceState().key));
    const publicModules = Object.values(GOMACHINE_IMPORTS).map((f) => f.replace(/^src\//, '').replace(/\.ts$/, '.js'));
    for (const f of ['cli.js', 'scenario/userprog/guard.js', 'dashboard/worker.js', 'scenario/run-worker.js', ...publicModules]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
  }, 120_000);

  it('is a few shared chunks, not one file per source file: a trivial run loads ~20 files instead of 162', async () => {
    const { ensureBuilt } = await import('../scripts/build.mjs');
    const files = readdirSync(await ensureBuilt(), { recursive: true }).filter((f) => String(f).endsWith('.js'));
    expect(files.length).toBeLessThan(60);
  }, 120_000);

  it('runs a user program from outside the repository on its own runtime: output, and an exception at the program\'s file:line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gm-built-'));
    writeFileSync(path.join(dir, 'app.ts'), `import { goProgram, go, make, fmt, time, type Chan, type Gen } from 'gomachine/runtime';
function* worker(ch: Chan<number>, o: { x?: { y: number } }): Gen<void> {
  yield* ch.send(42);
  yield* time.Sleep(time.Millisecond);
  yield* fmt.Println(o.x!.y);
}
export default goProgram('app', function* main() {
  const ch = make<number>();
  yield* go(worker, ch, {});
  yield* fmt.Println('got', yield* ch.recv());
  yield* time.Sleep(10 * time.Millisecond);
});
`);
    writeFileSync(path.join(dir, 's.yaml'), 'processes: [{program: ./app.ts}]\nrun: {timeLimit: 1s}\n');
    const r = spawnSync(process.execPath, [BIN, 'run', '--json', path.join(dir, 's.yaml')], { encoding: 'utf8', env: { ...process.env, GOMACHINE_FROM_SOURCE: '' } });
    const p = (JSON.parse(r.stdout) as { processes: { exitStatus: number; stdout: string; stderr: string }[] }).processes[0]!;
    expect(p.stdout).toBe('got 42\n');
    expect(p.exitStatus).toBe(134);
    expect(p.stderr).toBe(`uncaught TypeError: Cannot read properties of undefined (reading 'y') at ${dir}/app.ts:5:27 (thread 100)\n`);
  }, 120_000);

  it('keeps a compiled Go program between commands, as go run keeps $GOCACHE: the second run prints the same and compiles nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gm-built-go-'));
    writeFileSync(path.join(dir, 'main.go'), `package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("cached", ${process.pid})\n}\n`);
    const run = () => spawnSync(process.execPath, [BIN, 'run', '--json', path.join(dir, 'main.go')], { encoding: 'utf8', env: { ...process.env, GOMACHINE_FROM_SOURCE: '' } });
    const { ensureBuilt } = await import('../scripts/build.mjs');
    const cache = path.join(tmpdir(), `gomachine-${process.getuid?.() ?? 'user'}`, 'go-build', path.basename(await ensureBuilt()));
    const before = existsSync(cache) ? readdirSync(cache).length : 0;
    const first = run();
    expect(readdirSync(cache).length).toBe(before + 1);
    const second = run();
    expect(readdirSync(cache).length).toBe(before + 1);
    const out = (r: typeof first) => (JSON.parse(r.stdout) as { processes: { stdout: string }[] }).processes[0]!.stdout;
    expect(out(first)).toBe(`cached ${process.pid}\n`);
    expect(out(second)).toBe(out(first));
  }, 120_000);
});
