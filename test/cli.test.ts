// The gomachine command as a script or a person in a shell uses it: writing into
// a pipe that closes early, the version, the list, a scenario named from any directory.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers.ts';

const BIN = path.join(ROOT, 'bin/gomachine.mjs');

/** Run gomachine with its stdout into a pipe whose reader goes away after `keep` bytes (0: at once, like `| true`). */
function intoClosedPipe(args: string[], keep: number): Promise<{ status: number | null; signal: string | null; stderr: string; got: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let got = ''; let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    if (keep === 0) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => { got += d.toString(); if (got.length >= keep) child.stdout.destroy(); });
    child.on('close', (status, signal) => resolve({ status, signal, stderr, got }));
  });
}

describe('writing to a closed pipe', () => {
  it('ends `list | head -1` and `run ... | head` quietly, with status 141 as a tool killed by SIGPIPE', async () => {
    const [list, run] = await Promise.all([
      intoClosedPipe(['list'], 0),
      // go-print-numbers prints as it runs, then the report: the reader leaves after the first line.
      intoClosedPipe(['run', path.join(ROOT, 'scenarios/go-print-numbers.yaml')], 1),
    ]);
    expect(list).toMatchObject({ status: 141, signal: null, stderr: '' });
    expect(run.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(run.status).toBe(141);
    expect(run.got.split('\n')[0]).toBe('[print-numbers 100] main 함수 실행 중');
  }, 120_000);
});

describe('the command line', () => {
  it('prints its version, lists scenarios with their descriptions, and runs a shipped scenario by name from any directory', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'gm-cwd-'));
    const [version, list, run] = await Promise.all([['--version'], ['list'], ['run', '--json', 'c-hello']].map((args) => gomachine(args, cwd)));
    expect(version!.stdout).toBe('0.1.0\n');
    expect(list!.status).toBe(0);
    expect(list!.stdout).toContain('\n  go-panic               A deferred recover catches "integer divide by zero"; then an unrecovered panic("boom") in a …\n');
    expect(list!.stdout).toContain('\n  sum                    go-sum\n');
    expect(run!.status).toBe(0);
    expect(JSON.parse(run!.stdout).processes[0].stdout).toBe('Hello, world!\n');
  }, 120_000);
});

function gomachine(args: string[], cwd: string): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    c.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    c.on('close', (status) => resolve({ status, stdout }));
  });
}
