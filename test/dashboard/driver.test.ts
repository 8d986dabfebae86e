// The dashboard's simulation side: variants in lockstep, the scenario's own end
// and the end-of-run summary, a replay to a past moment that passes the same
// states again, the model carried across threads as deltas, the history and its
// scrubber, and the goroutine accounting.
import { describe, expect, it } from 'vitest';
import { parseScenario, selectVariant } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import { Driver, setSummarizer, sortTable } from '../../src/dashboard/driver.ts';
import { summarize } from '../../src/dashboard/summary.ts';
import { applyDelta, diffModel } from '../../src/dashboard/delta.ts';
import { History } from '../../src/dashboard/history.ts';
import { GoroutineAccounts } from '../../src/dashboard/gacct.ts';
import { echoScenarioYaml, fixtureModel, runtimeSnapshot } from './fixture.ts';
import type { DashModel } from '../../src/dashboard/state.ts';

const ECHO = echoScenarioYaml('tiny-echo', 7, ['go', 'c-epoll']);

async function driver(paused = false): Promise<Driver> {
  const s = await parseScenario(ECHO, 'tiny-echo.yaml');
  setSummarizer(summarize);
  let wall = 0;
  return new Driver({ build: () => ['go', 'c-epoll'].map((v) => new Simulation(selectVariant(s, v))), speed: Infinity, paused, wallMs: () => (wall += 0.01) });
}

describe('dashboard driver', () => {
  it('runs the variants in lockstep, ends each by the scenario\'s rule (clients done), then summarizes as compare does', async () => {
    const d = await driver();
    let f = d.frame(33, 50);
    for (let i = 0; i < 2000 && f.summary === null; i++) {
      f = d.frame(33, 50);
      const running = f.models.filter((m) => m.finished === null);
      if (running.length === 2) expect(Math.abs(running[0]!.now - running[1]!.now)).toBeLessThanOrEqual(d.simulations[0]!.machine.nsToCycles(20_000) * 2);
    }
    expect(f.models.map((m) => m.finished)).toEqual(['clients done', 'clients done']);
    expect(d.simulations.map((s) => s.stoppedBy)).toEqual(['clients', 'clients']);
    expect(f.summary!.title).toBe('comparison of go, c-epoll (as gomachine compare prints it)');
    expect(f.summary!.lines[0]).toBe('tiny-echo (seed 7): each variant on an identical machine with the same seed');
    expect(f.summary!.lines.some((l) => /requests failed/.test(l))).toBe(true);
    d.dispose();
  });

  it('a replay to a past moment passes the same states: same time, same trace hash, same threads and console', async () => {
    const d = await driver(true);
    const T = d.simulations[0]!.machine.nsToCycles(1.5e6);
    let f = d.replayTo([T, T], Infinity); // from the start, paused, to 1.5 ms: the clients are at it
    while (d.replaying) f = d.frame(33, 1000);
    expect(f.models.map((m) => m.finished)).toEqual([null, null]);
    const first = { hash: d.simulations.map((s) => s.machine.probe.traceHash()), models: f.models };
    for (let i = 0; i < 5; i++) d.act('step-ms');
    for (let i = 0; i < 50; i++) f = d.frame(33, 1000);
    expect(f.models[0]!.now).toBeGreaterThan(T);
    f = d.replayTo([T, T], Infinity);
    while (d.replaying) f = d.frame(33, 1000);
    expect(d.simulations.map((s) => s.machine.probe.traceHash())).toEqual(first.hash);
    f.models.forEach((m, i) => {
      const a = first.models[i]!;
      expect(m.now).toBe(T);
      expect(m.events).toBe(a.events);
      expect(m.threads).toEqual(a.threads);
      expect(m.procs).toEqual(a.procs);
    });
    d.dispose();
  });

  it("k's signal is part of the run: a replay past it sends it again at the same cycle (same trace), resuming from before it forgets it", async () => {
    const d = await driver(true);
    const T = d.simulations[0]!.machine.nsToCycles(1e6);
    d.replayTo([T, T], Infinity);
    while (d.replaying) d.frame(33, 1000);
    const server = [...d.simulations[0]!.kernel.procs.values()].find((p) => p.name === 'go-echo')!;
    expect(d.signal(0, server.pid, null, 15)).toBe(`SIGTERM → go-echo[${server.pid}] at t=1.000000 ms, from the console (a replay or an export sends it again)`);
    for (let i = 0; i < 3; i++) d.act('step-ms');
    while (d.sessions.some((x) => x.stepping)) d.frame(33, 1000);
    const live = d.simulations[0]!;
    expect(live.kernel.procs.get(server.pid)!.state).not.toBe('alive');
    expect(live.report().processes.find((p) => p.pid === server.pid)!.signal).toBe('SIGTERM');
    const at = live.machine.now;
    const hash = live.machine.probe.traceHash();
    d.replayTo([at, at], Infinity);
    while (d.replaying) d.frame(33, 1000);
    expect(d.simulations[0]!.machine.probe.traceHash()).toBe(hash);
    // Resume from before the signal: a new future, in which the server lives on.
    d.replayTo([T - 1, T - 1], Infinity);
    while (d.replaying) d.frame(33, 1000);
    for (let i = 0; i < 3; i++) d.act('step-ms');
    while (d.sessions.some((x) => x.stepping)) d.frame(33, 1000);
    expect(d.simulations[0]!.kernel.procs.get(server.pid)!.state).toBe('alive');
    expect(d.signal(0, 9999, null, 15)).toMatch(/^SIGTERM → \?\[9999\] at t=/);
    d.dispose();
    // A windows machine has no signals: k says so and sends nothing.
    const w = await parseScenario('machine: { os: windows }\nprocesses: [{ program: go-echo, args: [8080] }]\nrun: { timeLimit: 1s }\n', 'w.yaml');
    const dw = new Driver({ build: () => [new Simulation(w)], speed: Infinity, paused: true });
    dw.frame(33, 50);
    expect(dw.signal(0, 100, null, 15)).toBe('windows has no signals (a console would end a process with TerminateProcess, which gomachine does not model)');
    dw.dispose();
  });

  it('lists the goroutines\' time accounting and sorts the table on the simulation side', async () => {
    const d = await driver();
    d.query = { pid: null, sort: 'polls', desc: true, filter: '', limit: 5 };
    let f = d.frame(33, 50);
    for (let i = 0; i < 200 && (f.table === null || f.table.total < 5); i++) f = d.frame(33, 50);
    const t = f.table!;
    expect(t.rows.length).toBe(5);
    for (let i = 1; i < t.rows.length; i++) expect(t.rows[i - 1]!.polls).toBeGreaterThanOrEqual(t.rows[i]!.polls);
    const acct = f.models[0]!.gacct![t.pid]!;
    expect(Object.keys(acct).length).toBeGreaterThan(0);
    d.dispose();
  });

  it('sorts the table again only for a new moment or a new question: paused, the same table stands however long', async () => {
    const s = await parseScenario(ECHO, 'tiny-echo.yaml');
    let wall = 0;
    const d = new Driver({ build: () => [new Simulation(selectVariant(s, 'go'))], speed: 10e6, wallMs: () => (wall += 0.01) });
    const q = { pid: null, sort: 'polls' as const, desc: true, filter: '', limit: 5 };
    d.query = q;
    let f = d.frame(33, 50);
    for (let i = 0; i < 200 && (f.table === null || f.table.total < 5); i++) f = d.frame(33, 50);
    d.act('pause');
    const t = d.frame(33, 50).table!;
    wall += 5000; // seconds pass
    for (let i = 0; i < 5; i++) { wall += 300; expect(d.frame(33, 50).table).toBe(t); }
    d.query = { ...q };
    const asked = d.frame(33, 50).table!;
    expect(asked).not.toBe(t);
    expect(asked).toEqual(t);
    expect(d.sessions[0]!.finishedBy).toBeNull();
    d.act('step-ms');
    wall += 300;
    expect(d.frame(33, 50).table!.now).toBeGreaterThan(t.now);
    d.dispose();
  });
});

describe('the model across threads (deltas)', () => {
  it('rebuilds the model exactly, and keeps the identity of what did not change', () => {
    const a = fixtureModel(100);
    const screenA = applyDelta(null, diffModel(null, a));
    expect(screenA).toEqual(a);
    const b: DashModel = { ...a, now: a.now + 1, threads: { ...a.threads, 101: { ...a.threads[101]!, state: 'sleeping' } }, runtimes: { ...a.runtimes } };
    delete b.threads[100];
    const d = diffModel(a, b);
    expect(Object.keys(d.set)).toEqual(['now']);
    expect(Object.keys(d.records.threads!.put)).toEqual(['101']);
    expect(d.records.threads!.del).toEqual([100]);
    const screenB = applyDelta(screenA, d);
    expect(screenB).toEqual(b);
    expect(screenB.threads[102]).toBe(screenA.threads[102]);
    expect(screenB.procs).toBe(screenA.procs);
    expect(screenB.runtimes[200]).toBe(screenA.runtimes[200]);
  });
});

describe('history', () => {
  const HZ = 3e9; const ms = HZ / 1000; const tick = HZ / 250;
  const at = (now: number, gc: number, stw: number): DashModel[] => {
    const m = fixtureModel(10);
    m.now = now;
    m.runtimes = { 200: { ...m.runtimes[200]!, snap: { ...runtimeSnapshot(200, 10), gc: { ...runtimeSnapshot(200, 10).gc, cycles: gc }, stw: { count: stw, totalNs: 0 } } } };
    return [m];
  };

  it('steps by recorded moment, by tick and by millisecond, and marks GC cycles and stop-the-world pauses', () => {
    const h = new History();
    for (let i = 0; i <= 20; i++) h.push(at(i * ms, i >= 10 ? 1 : 0, i >= 10 ? 2 : i >= 5 ? 1 : 0));
    expect(h.length).toBe(21);
    expect(h.step(20, -1, 'event', tick, ms)).toBe(19);
    expect(h.step(20, -1, 'tick', tick, ms)).toBe(16);
    expect(h.step(20, -1, 'ms', tick, ms)).toBe(19);
    expect(h.step(16, 1, 'tick', tick, ms)).toBe(20);
    expect(h.step(0, -1, 'ms', tick, ms)).toBe(0);
    expect(h.scrubber(21, 20)).toBe('─────S────G─────────●');
    expect(h.scrubber(21, 0)).toBe('●────S────G──────────');
  });

  it('keeps the same models (not copies) and records nothing when nothing changed', () => {
    const h = new History();
    const ms1 = at(ms, 0, 0);
    h.push(ms1); h.push(ms1);
    expect(h.length).toBe(1);
    expect(h.moments[0]!.models[0]).toBe(ms1[0]);
  });

  it('stays bounded: past its cap the older half is thinned to every other moment', () => {
    const h = new History(100);
    for (let i = 0; i < 101; i++) h.push(at(i * ms, 0, 0));
    expect(h.length).toBe(76);
    expect(h.moments.slice(0, 3).map((x) => x.now / ms)).toEqual([0, 2, 4]);
    expect(h.last!.now / ms).toBe(100);
  });

  it('going back in simulated time (a replay) drops the moments after it', () => {
    const h = new History();
    for (let i = 0; i < 10; i++) h.push(at(i * ms, 0, 0));
    h.push(at(4.5 * ms, 0, 0));
    expect(h.moments.map((x) => x.now / ms)).toEqual([0, 1, 2, 3, 4, 4.5]);
  });
});

describe('goroutine accounting', () => {
  it('adds up busy, scheduled and idle time and counts polls, from the runtime\'s events', () => {
    const a = new GoroutineAccounts();
    const ev = (kind: string, t: number, goid: number, s: string, b = 0) => a.onEvent({ kind, t, cpu: 0, pid: 9, tid: 10, a: goid, b, s });
    ev('go_create', 100, 5, 'main.worker', 1);
    ev('go_status', 150, 5, '_Grunning', 0);
    ev('go_status', 400, 5, '_Gwaiting:chan receive', 0);
    ev('go_unblock', 1000, 5, '', 1);
    ev('go_status', 1100, 5, '_Grunning', 1);
    const r = a.rows(9, [5], 1200)[5]!;
    expect(r).toEqual({ goid: 5, state: '_Grunning', since: 1100, busy: 350, scheduled: 150, idle: 600, polls: 2, waitReason: '', where: 'P1 thread 10', startFn: 'main.worker' });
    ev('go_status', 1300, 5, '_Gdead', 1);
    expect(a.rows(9, [5], 1400)).toEqual({});
    const t = sortTable([r, { ...r, goid: 6, busy: 10 }], 9, { pid: null, sort: 'busy', desc: false, filter: '', limit: 10 }, 0);
    expect(t.rows.map((x) => x.goid)).toEqual([6, 5]);
    expect(sortTable([r, { ...r, goid: 6, startFn: 'main.other' }], 9, { pid: null, sort: 'goid', desc: false, filter: 'other', limit: 10 }, 0).rows.map((x) => x.goid)).toEqual([6]);
  });
});
