// Signals from the operator's console (src/kernel/console-kill.ts): a scenario's `signals:`
// and the dashboard's `k` send them as kill(1) would, at an exact moment of the run.
// test/scenario/signals/graceful.c behaves on gomachine as it does on Linux (recorded with
// gcc 12: `kill -USR1` twice, then `kill -TERM` → "SIGTERM after 2 SIGUSR1", status 0).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseScenario, ScenarioError } from '../../src/scenario/loader.ts';
import { Simulation, runScenario } from '../../src/scenario/runner.ts';
import { ROOT } from '../helpers.ts';

const FILE = path.join(ROOT, 'test/scenario/signals/test.yaml');
const load = (yaml: string) => parseScenario(yaml, FILE);

const GRACEFUL = `
processes:
  - program: ./graceful.c
    name: graceful
run: { timeLimit: 5s }
`;

describe('console signals in a scenario', () => {
  it('a handler runs for each signal: SIGUSR1 to the process and to its thread, then SIGTERM ends the program with status 0 (as on Linux; the README\'s example)', async () => {
    const s = await load(`${GRACEFUL}
signals:
  - { at: 20ms, process: graceful, signal: SIGUSR1 }
  - { at: 30ms, process: 100, thread: 100, signal: 10 }
  - { at: 40ms, process: graceful, signal: TERM }
`);
    const r = runScenario(s);
    const p = r.processes.find((x) => x.name === 'graceful')!;
    expect(p.stdout).toBe('waiting\nSIGTERM after 2 SIGUSR1\n');
    expect(p.exitStatus).toBe(0);
    expect(p.signal).toBeNull();
    expect(p.exitNs).toBeGreaterThan(40e6);
    expect(p.exitNs).toBeLessThan(41e6);
  });

  it("a signal whose default action is to terminate kills the process at once: killed by SIGTERM, the shell's status 143", async () => {
    const s = await load(`
processes:
  - program: spin
    args: [2, 1000]
signals:
  - { at: 100ms, process: spin, signal: 15 }
run: { timeLimit: 3s }
`);
    const r = runScenario(s);
    const p = r.processes.find((x) => x.name === 'spin')!;
    expect(p.signal).toBe('SIGTERM');
    expect(p.exitStatus).toBe(143);
    expect(p.exitNs).toBeGreaterThanOrEqual(100e6);
    expect(p.exitNs).toBeLessThan(100.1e6);
    expect(r.kernel.log.some((l) => /console: SIGTERM to spin\[\d+\]/.test(l))).toBe(true);
  });

  it('a signal to a process that does not exist, or before it started, is logged as kill(1) says it and changes nothing else', async () => {
    const s = await load(`
processes:
  - program: hello
    startAt: 10ms
signals:
  - { at: 1ms, process: hello, signal: SIGKILL }
  - { at: 5ms, process: 999, signal: SIGTERM }
run: { timeLimit: 1s }
`);
    const r = runScenario(s);
    expect(r.processes.find((x) => x.name === 'hello')!.exitStatus).toBe(0);
    expect(r.kernel.log.filter((l) => l.includes('console:'))).toEqual(['[    0.001000] console: kill -KILL (hello): No such process', '[    0.005000] console: kill -TERM 999: No such process']);
  });

  it('the same run whether the signal is in the scenario or sent while the machine runs (the dashboard\'s k)', async () => {
    const s = await load(GRACEFUL);
    const at = (ns: number, sim: Simulation): number => sim.machine.nsToCycles(ns);
    // Scheduled before the run starts.
    const a = new Simulation(s);
    a.signal(at(20e6, a), { process: 'graceful' }, 10);
    a.signal(at(40e6, a), { process: 'graceful' }, 15);
    a.runToEnd();
    // Sent live, each a cycle after the moment the machine was stopped at.
    const b = new Simulation(s);
    b.machine.run(at(20e6, b) - 1);
    b.signal(b.machine.now + 1, { process: 'graceful' }, 10);
    b.machine.run(at(40e6, b) - 1);
    b.signal(b.machine.now + 1, { process: 'graceful' }, 15);
    b.runToEnd();
    expect(b.machine.probe.traceHash()).toBe(a.machine.probe.traceHash());
    expect(b.report().processes[0]!.stdout).toBe('waiting\nSIGTERM after 1 SIGUSR1\n');
  });

  it('bad signals name the field', async () => {
    const problems = async (y: string): Promise<string[]> => { try { await load(y); return []; } catch (e) { return (e as ScenarioError).problems; } };
    expect(await problems(`${GRACEFUL}\nsignals: [{ at: 1ms, process: graceful, signal: SIGSTOP }]`))
      .toEqual(['signals[0].signal: the console sends SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGKILL, SIGUSR1, SIGUSR2; not SIGSTOP']);
    expect(await problems(`${GRACEFUL}\nsignals: [{ at: 1ms, process: server, signal: TERM }]`))
      .toEqual(['signals[0].process: no process named "server" (the processes: graceful)']);
    expect(await problems(`${GRACEFUL}\nsignals: [{ process: graceful, signal: TERM }]`)).toEqual(['signals[0].at: required: a duration with its unit']);
    expect(await problems(`machine: { os: windows }\nprocesses: [{ program: hello }]\nsignals: [{ at: 1ms, process: hello, signal: TERM }]`))
      .toEqual(['signals: windows has no signals (a console would end a process with TerminateProcess, which gomachine does not model)']);
  });
});
