import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseScenario, ScenarioError } from '../../src/scenario/loader.ts';
import { ROOT } from '../helpers.ts';

async function problems(yaml: string): Promise<string[]> {
  try { await parseScenario(yaml, 'bad.yaml'); } catch (e) { if (e instanceof ScenarioError) return e.problems; throw e; }
  return [];
}

describe('scenario validation', () => {
  it('names the field and why for 0 cores', async () => {
    expect(await problems('machine: {cores: 0}\nprocesses: [{program: hello}]')).toEqual(['machine.cores: must be at least 1']);
  });
  it('names an unknown program and lists the built-in ones', async () => {
    const p = await problems('processes: [{program: helo}]');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^processes\[0\]\.program: unknown program "helo" \(built-in programs: .*hello/);
  });
  it('machine.os chooses the kernel: linux by default, darwin or windows on request, and names what is wrong', async () => {
    expect((await parseScenario('processes: [{program: hello}]', 'ok.yaml')).spec.machine.os).toBe('linux');
    expect((await parseScenario('machine: {os: darwin}\nprocesses: [{program: echo-kqueue}]', 'ok.yaml')).spec.machine.os).toBe('darwin');
    expect(await problems('machine: {os: beos}\nprocesses: [{program: hello}]')).toEqual(['machine.os: must be linux, darwin or windows']);
    expect((await parseScenario('machine: {os: windows}\nprocesses: [{program: echo-iocp}]', 'ok.yaml')).spec.machine.os).toBe('windows');
    expect(await problems('machine: {os: windows}\nprocesses: [{program: echo-kqueue}]')).toEqual([
      'processes[0].program: echo-kqueue is a program for darwin, and this machine boots windows (set machine.os, or pick the windows build of the program)',
    ]);
  });
  it('a program built for another kernel does not load: the error names it and the machine\'s os', async () => {
    expect(await problems('machine: {os: darwin}\nprocesses: [{program: echo-epoll}]')).toEqual([
      'processes[0].program: echo-epoll is a program for linux, and this machine boots darwin (set machine.os, or pick the darwin build of the program)',
    ]);
    expect(await problems('processes: [{program: echo-kqueue}]')).toEqual([
      'processes[0].program: echo-kqueue is a program for darwin, and this machine boots linux (set machine.os, or pick the linux build of the program)',
    ]);
  });
  it('rejects a typo\'d key instead of ignoring it', async () => {
    expect(await problems('machine: {corse: 2}\nprocesses: [{program: hello}]')).toEqual(['machine: unknown key "corse"']);
  });
  it('rejects a bad unit', async () => {
    expect(await problems('run: {timeLimit: 3 parsecs}\nprocesses: [{program: hello}]')).toEqual(['run.timeLimit: unknown unit "parsecs" in duration "3 parsecs" (use ns, us, µs, ms, s, m, min)']);
  });
  it('accepts units for time, size and frequency', async () => {
    const s = await parseScenario('machine: {clock: 2.5GHz, memory: 512MiB, timerJitter: 10us}\nrun: {timeLimit: 250ms}\nprocesses: [{program: hello}]', 'ok.yaml');
    expect(s.spec.machine).toMatchObject({ clock: 2.5e9, memory: 512 * 1024 ** 2, timerJitter: 10_000 });
    expect(s.spec.run.timeLimit).toBe(250e6);
  });

  it('makes `gomachine run` exit with status 2 and name the field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gm-'));
    const f = path.join(dir, 'bad.yaml');
    writeFileSync(f, 'machine:\n  cores: 0\nprocesses:\n  - program: hello\n');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/gomachine.mjs'), 'run', f], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('machine.cores: must be at least 1');
  });
});
