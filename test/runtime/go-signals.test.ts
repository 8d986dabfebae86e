// Go's signal handling (src/runtime/sigtab.ts): initsig asks about and takes the signals
// go1.19 does, and a signal sent from outside does what it does in real Go — recorded with
// go1.19 on Linux: test/runtime/signals/sleeper.go is alive after `kill -USR1` and `kill
// -USR2`, dies of `kill -TERM` (status 143), and answers `kill -QUIT` with every goroutine
// (sleeper.quit.err) and status 2.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../src/scenario/loader.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { ROOT } from '../helpers.ts';

const DIR = path.join(ROOT, 'test/runtime/signals');
const run = async (signals: string, os = 'linux') => runScenario(await parseScenario(`
machine: { os: ${os} }
processes: [{ program: ./sleeper.go, name: sleeper }]
signals:
${signals}
run: { timeLimit: 2s }
`, path.join(DIR, 'test.yaml')));

describe("Go's runtime and signals from outside", () => {
  it('initsig: 58 rt_sigaction calls asking, 56 installing Go\'s handler — 114, as strace counts for a go1.19 program on linux', async () => {
    const r = await run('  - { at: 50ms, process: sleeper, signal: SIGKILL }');
    const p = r.processes[0]!;
    expect(p.syscalls['rt_sigaction']!.calls).toBe(114);
    expect(p.signal).toBe('SIGKILL');
  });

  it('SIGUSR1 and SIGUSR2 are ignored; SIGTERM kills (143), by dieFromSignal\'s raise of it to the default action', async () => {
    const r = await run(['  - { at: 20ms, process: sleeper, signal: SIGUSR1 }', '  - { at: 30ms, process: sleeper, signal: SIGUSR2 }', '  - { at: 40ms, process: sleeper, signal: SIGTERM }'].join('\n'));
    const p = r.processes[0]!;
    expect(p.stdout).toBe('got 1\n');
    expect([p.signal, p.exitStatus]).toEqual(['SIGTERM', 143]);
    expect(p.exitNs).toBeGreaterThan(40e6);
    expect(p.exitNs).toBeLessThan(40.1e6);
    // dieFromSignal then the forward to SIG_DFL: the syscalls go1.19 makes after the signal.
    expect(p.syscalls['tgkill']!.calls).toBe(2);
    expect(p.syscalls['rt_sigaction']!.calls).toBe(115);
  });

  it('SIGINT and SIGHUP kill too, on darwin as on linux (statuses 130 and 129)', async () => {
    for (const os of ['linux', 'darwin']) {
      const a = (await run('  - { at: 20ms, process: sleeper, signal: SIGINT }', os)).processes[0]!;
      expect([a.signal, a.exitStatus], os).toEqual(['SIGINT', 130]);
      const b = (await run('  - { at: 20ms, process: sleeper, signal: SIGHUP }', os)).processes[0]!;
      expect([b.signal, b.exitStatus], os).toEqual(['SIGHUP', 129]);
    }
  });

  it('SIGQUIT: the signal, then every goroutine with its state (the runtime\'s too), exit status 2 — as go1.19 prints it', async () => {
    const p = (await run('  - { at: 20ms, process: sleeper, signal: SIGQUIT }')).processes[0]!;
    expect(p.exitStatus).toBe(2);
    expect(p.signal).toBeNull();
    const real = readFileSync(path.join(DIR, 'sleeper.quit.err'), 'utf8');
    // What both print: the first line, the goroutines of the program with their states, main's frames.
    expect(p.stderr.split('\n')[0]).toBe(real.split('\n')[0]);
    const mine = (s: string): string[] => s.split('\n').filter((l) => /^goroutine [1-9]\d* \[/.test(l)).map((l) => l.replace(/^goroutine \d+/, 'goroutine'));
    expect(mine(p.stderr)).toEqual(mine(real));
    expect(p.stderr).toContain('goroutine 1 [sleep]:\nmain.main()\n');
    expect(p.stderr).toMatch(/goroutine \d+ \[chan receive\]:\nmain\.worker\(\.\.\.\)\n\t.*sleeper\.go:12\n/);
  });
});
