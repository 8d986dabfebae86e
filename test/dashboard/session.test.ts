// The dashboard's model, fed from a real machine's probe bus and driven only
// through run-until and pause.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { BUILTIN_PROGRAMS } from '../../src/apps/index.ts';
import { Session } from '../../src/dashboard/session.ts';
import { CAPS, applyEvent, emptyModel, newWindow, updateModel } from '../../src/dashboard/state.ts';
import type { KernelSnapshot } from '../../src/kernel/kernel.ts';

function session(paused = true, prog: 'threads' | 'spin' = 'threads'): { m: Machine; s: Session } {
  const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m);
  k.spawn(BUILTIN_PROGRAMS[prog]!, prog === 'spin' ? ['spin', '3', '50'] : ['threads'], {});
  return { m, s: new Session({ title: 't', machine: m, paused }) };
}

describe('dashboard session', () => {
  it('steps exactly a millisecond and a timer tick of simulated time', () => {
    const { m, s } = session(true, 'spin');
    s.stepMillisecond(Infinity);
    expect(m.now).toBe(3_000_000);
    expect(s.model.now).toBe(3_000_000);
    s.stepTick(Infinity);
    expect(s.model.now).toBe(3_000_000 + 12_000_000);
    expect(s.stepping).toBe(false);
  });

  it('the waking interrupt: a key waiting ends the frame after the slice in progress, whatever budget is left', () => {
    const slice = 60_000; // SLICE_NS (20 µs) of simulated time at 3 GHz, in cycles
    const run = (keyAfterSlices: number): { now: number } => {
      const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
      new Kernel(m).spawn(BUILTIN_PROGRAMS.spin!, ['spin', '3', '50'], {});
      let slices = 0;
      const s = new Session({ title: 't', machine: m, paused: false, speed: Infinity, wallMs: () => 0, interrupted: () => ++slices > keyAfterSlices });
      s.frame(33, Infinity); // an endless budget and a clock that stands still: only the interrupt ends the frame
      return { now: m.now };
    };
    expect(run(3).now).toBe(4 * slice); // three slices, then the one during which the key came
    expect(run(7).now).toBe(8 * slice);
  });

  it('steps one event at a time', () => {
    const { s } = session();
    let before = s.model.events;
    for (let i = 0; i < 5; i++) {
      s.stepEvent(Infinity);
      expect(s.model.events - before).toBeGreaterThanOrEqual(1);
      expect(s.model.events - before).toBeLessThanOrEqual(3);
      before = s.model.events;
    }
  });

  it('builds threads, their histories, console lines and syscall counts from the bus', () => {
    const { s } = session(false);
    for (let i = 0; i < 20 && s.model.finished === null; i++) s.frame(100);
    const m = s.model;
    expect(m.finished).toBe('all processes exited');
    const p = Object.values(m.procs)[0]!;
    expect(p.name).toBe('threads');
    expect(p.state).toBe('reaped'); // its parent is init
    expect(p.console.map((l) => l.text)).toContain('all 4 workers joined');
    expect(p.console.filter((l) => /^worker \d: line \d$/.test(l.text)).length).toBe(12);
    expect(Object.values(m.threads).every((t) => t.state === 'dead' && t.syscall === '' && t.wchan === '')).toBe(true);
    const main = m.threads[p.pid]!;
    expect(main.history.some((h) => h.state === 'sleeping' && h.detail === 'blocked on futex')).toBe(true);
    expect(main.history.some((h) => h.state === 'runnable' && /^woken \(event\) after [\d.]+µs on futex, to cpu\d$/.test(h.detail))).toBe(true);
    expect(p.syscalls.find((x) => x.name === 'write')?.total).toBe(13);
    expect(m.kernel.contextSwitches).toBeGreaterThan(0);
  });

  it('records goroutine state changes from the runtime events, even before its first snapshot', () => {
    const m = emptyModel('x');
    applyEvent(m, { kind: 'go_create', t: 3000, cpu: 0, pid: 7, tid: 7, a: 2, b: 1, s: 'main.worker' });
    applyEvent(m, { kind: 'go_status', t: 6000, cpu: 0, pid: 7, tid: 8, a: 2, b: 1, s: '_Grunning' });
    applyEvent(m, { kind: 'go_status', t: 9000, cpu: 0, pid: 7, tid: 8, a: 2, b: 1, s: '_Gwaiting:chan receive' });
    applyEvent(m, { kind: 'go_unblock', t: 12000, cpu: 1, pid: 7, tid: 9, a: 2, b: 1, s: '' });
    expect(m.runtimes[7]!.history[2]).toEqual([
      { t: 3000, state: '_Grunnable', detail: 'created by g1 (main.worker)' },
      { t: 6000, state: '_Grunning', detail: 'P1 thread 8' },
      { t: 9000, state: '_Gwaiting', detail: 'chan receive (P1 thread 8)' },
      { t: 12000, state: '_Grunnable', detail: 'readied by g1' },
    ]);
  });

  it('keeps the most recently dead threads, up to a cap, and marks the ones the kernel no longer lists', () => {
    let m = emptyModel('x');
    const spawn = Array.from({ length: 100 }, (_, i) => ({ kind: 'thread_new', t: 1000 + i, cpu: 0, pid: 1, tid: 10 + i, a: 1, b: 0, s: '' }));
    const proc = (tids: number[]): KernelSnapshot => ({
      procs: [{ pid: 1, name: 'p', state: 'alive', wstatus: 0, exitStatus: null, stdout: '', stderr: '', threadsCreated: 100, threadsPeak: 100,
        threads: tids.map((tid) => ({ tid, state: 'sleeping', cpu: 0, wchan: 'futex', syscall: 'futex' })), utimeCycles: 0, stimeCycles: 0, nvcsw: 0, nivcsw: 0,
        rssBytes: 0, rssPeakBytes: 0, vszBytes: 0, vszPeakBytes: 0, syscalls: {}, unknownSyscalls: 0, fds: 3, argv: ['p'], startCycles: 0, exitCycles: null }],
      klog: [], contextSwitches: 0, unknownSyscalls: 0, runQueues: [],
    } as unknown as KernelSnapshot);
    const w = newWindow();
    m = updateModel(m, spawn, { runtimes: {}, kernel: proc(spawn.map((e) => e.tid)) }, w, false);
    expect(Object.values(m.threads).map((t) => t.state)).toEqual(Array(100).fill('sleeping'));
    const kept = m.threads[50]!;
    m = updateModel(m, [], { runtimes: {}, kernel: proc([50]) }, w, false);
    expect(m.threads[50]).toBe(kept); // unchanged: the same object, nothing redrawn
    expect(Object.keys(m.threads).length).toBe(CAPS.deadThreadsKept + 1);
    expect(Object.values(m.threads).filter((t) => t.state === 'dead').map((t) => t.tid)).toEqual(Array.from({ length: CAPS.deadThreadsKept + 1 }, (_, i) => 109 - CAPS.deadThreadsKept + i).filter((t) => t !== 50));
  });

  it('keeps memory bounded: histories and console lines are rings', () => {
    const m = emptyModel('x');
    m.procs[1] = { pid: 1, name: 'p', state: 'alive', exitStatus: null, tids: [], console: [], partial: '', syscalls: [], nvcsw: 0, nivcsw: 0, utimeCycles: 0, stimeCycles: 0, rssBytes: 0 };
    for (let i = 0; i < 1000; i++) {
      applyEvent(m, { kind: 'sched_sleep', t: i, cpu: 0, pid: 1, tid: 1, a: 0, b: 0, s: 'futex' });
      applyEvent(m, { kind: 'console', t: i, cpu: 0, pid: 1, tid: 1, a: 1, b: 2, s: `${i}\n` });
    }
    expect(m.threads[1]!.history.length).toBe(CAPS.threadHistory);
    expect(m.procs[1]!.console.length).toBe(CAPS.consoleLines);
    expect(m.procs[1]!.console.at(-1)!.text).toBe('999');
  });
});

describe('runDashboard', () => {
  it('needs a terminal: without a TTY it refuses and leaves the streams untouched', async () => {
    const { runDashboard } = await import('../../src/dashboard/index.tsx');
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough(); let written = '';
    out.on('data', (d: Buffer) => { written += d.toString(); });
    await expect(runDashboard({ init: { runs: [{ file: 'scenarios/c-hello.yaml', variant: null }] }, stdin: new PassThrough() as unknown as NodeJS.ReadStream, stdout: out as unknown as NodeJS.WriteStream }))
      .rejects.toThrow('the dashboard needs an interactive terminal');
    expect(written).toBe('');
  });

  it('a long step runs a frame\'s budget at a time, paused, until it arrives', () => {
    const { m, s } = session(true, 'spin');
    s.stepMillisecond(0); // a budget of nothing: one slice, then the frames carry on
    expect(s.stepping).toBe(true);
    expect(m.now).toBeLessThan(3_000_000);
    for (let i = 0; i < 1000 && s.stepping; i++) s.frame(33, 0);
    expect(s.stepping).toBe(false);
    expect(s.model.now).toBe(3_000_000);
    expect(s.model.paused).toBe(true);
    s.frame(33);
    expect(m.now).toBe(3_000_000);
  });

  it('a paused session with nothing new keeps its model, so nothing is redrawn', () => {
    const { s } = session(true, 'spin');
    const a = s.frame(33);
    expect(s.frame(33)).toBe(a);
    s.stepMillisecond(Infinity);
    expect(s.frame(33)).toBe(s.model);
    expect(s.model).not.toBe(a);
  });
});

describe('compare mode: machines side by side stay in step by simulated time', () => {
  // The go-gc-pressure variants simulate at different speeds (GOGC=off allocates without collecting);
  // at the maximum speed each frame once let each run its own wall budget, and they drifted apart.
  it.each([100e6, Infinity])('at %d ns per wall second, the two never differ by more than IN_STEP_NS', async (speed) => {
    const { loadScenario, selectVariant } = await import('../../src/scenario/loader.ts');
    const { Simulation } = await import('../../src/scenario/runner.ts');
    const { framesInStep, IN_STEP_NS } = await import('../../src/dashboard/session.ts');
    const path = await import('node:path');
    const { ROOT } = await import('../helpers.ts');
    const loaded = await loadScenario(path.join(ROOT, 'scenarios/go-gc-pressure.yaml'));
    let t = 0; const wall = (): number => (t += 0.05); // a fake wall clock: each reading costs 50 µs
    const sims = ['gogc-100', 'gogc-off'].map((v) => new Simulation(selectVariant(loaded, v)));
    const sessions = sims.map((sim) => new Session({ title: sim.scenario.name, machine: sim.machine, limitCycles: sim.machine.nsToCycles(5e6), speed, wallMs: wall }));
    let maxGap = 0;
    for (let i = 0; i < 400 && sessions.some((s) => s.running); i++) {
      framesInStep(sessions, 33, 4, wall);
      if (sessions.every((s) => s.running)) maxGap = Math.max(maxGap, Math.abs(sessions[0]!.simNs - sessions[1]!.simNs));
    }
    expect(sessions.map((s) => s.model.finished)).toEqual(['time limit', 'time limit']);
    expect(sessions.map((s) => s.simNs)).toEqual([5e6, 5e6]);
    expect(maxGap).toBeLessThanOrEqual(IN_STEP_NS);
    expect(maxGap).toBeGreaterThan(0); // the frame budgets ran out with one machine ahead: they did interleave
    for (const s of sessions) s.dispose();
  }, 60_000);
});
