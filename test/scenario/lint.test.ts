// The lints: each one's trigger scenario finds exactly it (id, where, figures), the
// shipped scenarios it should not fire on stay clean, and watching a run changes
// nothing of it (trace hash, report).

import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { loadScenario, selectVariant, variantNames } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import { checkExpectations } from '../../src/scenario/expect.ts';
import { parseLintSet, LintThresholds, type Lint } from '../../src/scenario/lint-spec.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scenario = (name: string) => loadScenario(path.join(ROOT, 'scenarios', `${name}.yaml`));

/** Run with the lints (the scenario's thresholds), for at most `capNs` of simulated time. */
async function lints(name: string, capNs = Infinity, variant?: string): Promise<{ lints: Lint[]; sim: Simulation }> {
  const sim = new Simulation(selectVariant(await scenario(name), variant), { lint: {} });
  while (!sim.advance(10e6) && sim.simNs < capNs);
  return { lints: sim.report().lints!, sim };
}

/** A lint as the tests pin it: the file by its base name (the path is the machine's). */
const pin = (l: Lint) => ({ id: l.id, process: l.process, where: { ...l.where, ...(l.where.file ? { file: path.basename(l.where.file) } : {}) }, figures: l.figures });

describe('each lint has a scenario that triggers it', () => {
  it('goroutine-leak: the three losers of "first answer wins", grouped by the line they block on', async () => {
    const { lints: ls } = await lints('lint-goroutine-leak');
    expect(ls.map(pin)).toEqual([
      { id: 'goroutine-leak', process: 'leak', where: { goroutine: 6, fn: 'main.query', file: 'leak.go', line: 9 }, figures: { goroutines: 3, threshold: 1 } },
    ]);
    expect(ls[0]!.message).toMatch(/^3 goroutines still blocked \(chan send\) at main\.query \(.*leak\.go:9\) when the process exited \(threshold 1 goroutine\)/);
  });

  it('goroutine-leak by a count that only grows: a goroutine per request blocked at one send, named while the server still runs', async () => {
    const { lints: ls } = await lints('lint-goroutine-growth', 60e6);
    expect(ls.map(pin)).toEqual([
      { id: 'goroutine-leak', process: 'leakgrow', where: { goroutine: 6, fn: 'main.logRequest', file: 'leakgrow.go', line: 12 }, figures: { goroutines: 30, threshold: 20 } },
    ]);
    expect(ls[0]!.message).toMatch(/^30 goroutines blocked \(chan send\) at main\.logRequest \(.*leakgrow\.go:12\), a count that only grew \(threshold 20 goroutines\)$/);
  });

  it('partial-deadlock on channels: two goroutines each waiting to receive on a channel only the other uses, while main runs', async () => {
    const { lints: ls } = await lints('lint-chan-deadlock');
    expect(ls.map((l) => l.id)).toEqual(['partial-deadlock', 'goroutine-leak', 'goroutine-leak']);
    expect(pin(ls[0]!)).toEqual({ id: 'partial-deadlock', process: 'chandeadlock', where: { goroutine: 6, fn: 'main.pair', file: 'chandeadlock.go', line: 21 },
      figures: { goroutines: 2, blockedNs: 148993325, thresholdNs: 100e6 } });
    // (channel numbers are the process's count of channels made, which other runs in this file share)
    expect(ls[0]!.detail!.replace(/\(\/[^)]*\//g, '(').replace(/channel #\d+/g, 'channel #N')).toBe([
      '┌─▶ goroutine 6 [chan receive] at main.pair (chandeadlock.go:21) waits (chan receive) on channel #N, which only goroutine 7 could send on',
      '│   goroutine 7 [chan receive] at main.peer (chandeadlock.go:13) waits (chan receive) on channel #N, which only goroutine 6 could send on',
      '└── goroutine 7 waits for goroutine 6: the cycle closes',
    ].join('\n'));
  });

  it('busy-loop of a C thread: a pthread spinning on a flag with no syscall while main sleeps', async () => {
    const { lints: ls } = await lints('lint-busy-loop-c');
    expect(ls.map(pin)).toEqual([{ id: 'busy-loop', process: 'spin', where: { thread: 101, fn: 'spin' }, figures: { cpuNs: 4999233.333333334, thresholdNs: 2e6 } }]);
    expect(ls[0]!.message).toBe('thread 101 of spin burned 4.999 ms of CPU without a syscall (threshold 2.000 ms): spinning instead of sleeping in futex, poll or read');
  });

  it('partial-deadlock: two mutexes taken in opposite orders while main still runs, the cycle drawn', async () => {
    const { lints: ls } = await lints('lint-partial-deadlock');
    expect(ls.map((l) => l.id)).toEqual(['partial-deadlock', 'goroutine-leak', 'goroutine-leak']);
    const d = ls[0]!;
    expect(pin(d)).toEqual({ id: 'partial-deadlock', process: 'deadlock', where: { goroutine: 6, fn: 'main.transfer', file: 'deadlock.go', line: 16 },
      figures: { goroutines: 2, blockedNs: 148012042, thresholdNs: 100e6 } });
    expect(d.detail!.replace(/\(\/[^)]*\//g, '(')).toBe([
      '┌─▶ goroutine 6 [sync.Mutex.Lock] at main.transfer (deadlock.go:16) waits for mutex #1, held by goroutine 7 (locked at main.report (deadlock.go:22))',
      '│   goroutine 7 [sync.Mutex.Lock] at main.report (deadlock.go:24) waits for mutex #2, held by goroutine 6 (locked at main.transfer (deadlock.go:14))',
      '└── goroutine 7 waits for goroutine 6: the cycle closes',
    ].join('\n'));
  });

  it('lock-contention: four workers doing all their work inside one mutex', async () => {
    const { lints: ls } = await lints('lint-lock-contention');
    expect(ls.map(pin)).toEqual([{ id: 'lock-contention', process: 'contention', where: { object: 'mutex #1', fn: 'main.work', file: 'contention.go', line: 16 },
      figures: { sharePercent: 63, waitNs: 11746727, waits: 184, waiters: 4, thresholdPercent: 50 } }]);
  });

  it('starvation: one P, no async preemption, main computing while its goroutine waits', async () => {
    const { lints: ls } = await lints('lint-starvation');
    expect(ls.map(pin)).toEqual([{ id: 'starvation', process: 'starvation', where: { goroutine: 6, fn: 'main.hello', file: 'starvation.go', line: 15 }, figures: { waitedNs: 5001305, thresholdNs: 2e6 } }]);
    expect(ls[0]!.message).toMatch(/was runnable 5\.001 ms \(created at main\.main \(\S*starvation\.go:15\)\) before it got P0 .*ran instead: goroutine 1 main\.main 5\.001 ms$/);
  });

  it('busy-loop: a goroutine spinning on an atomic flag', async () => {
    const { lints: ls } = await lints('lint-busy-loop');
    expect(ls.map(pin)).toEqual([{ id: 'busy-loop', process: 'busyloop', where: { goroutine: 6, fn: 'main.waiter', file: 'busyloop.go', line: 21 }, figures: { cpuNs: 11002788, thresholdNs: 5e6 } }]);
  });

  it('thread-explosion: the C thread-per-connection server at 1,000 connections', async () => {
    const { lints: ls } = await lints('lint-thread-explosion', 60e6);
    // 60 ms in, 538 of the 1,000 connections have their thread (the figures follow the count up).
    expect(ls.map(pin)).toEqual([{ id: 'thread-explosion', process: 'echo-threads', where: { thread: 891 }, figures: { threads: 538, cores: 2, limitThreads: 16 } }]);
  });

  it('blocking-syscall and thread-explosion of Ms: goroutines blocked in nanosleep', async () => {
    const { lints: ls } = await lints('lint-blocking-syscall');
    expect(ls.map(pin)).toEqual([
      { id: 'blocking-syscall', process: 'blocking-syscall', where: { goroutine: 13, thread: 109, fn: 'main.sleeper', file: 'blocking-syscall.ts', line: 9, object: 'nanosleep' }, figures: { handoffs: 8, threshold: 5 } },
      { id: 'thread-explosion', process: 'blocking-syscall', where: { thread: 110 }, figures: { threads: 11, cores: 2, limitThreads: 8, msInSyscalls: 8 } },
    ]);
  });

  it('gc-thrash: cycles back to back under a GOMEMLIMIT just above the live heap, and the GC CPU share', async () => {
    const { lints: ls } = await lints('lint-gc-thrash');
    expect(ls.map((l) => l.id)).toEqual(['gc-thrash', 'gc-thrash']);
    expect(ls[0]!.figures).toEqual({ cyclesInARow: 270, liveBytes: 4067328, goalBytes: 4179968, memlimitBytes: 5 * 2 ** 20, threshold: 5 });
    expect(ls[1]!.figures).toEqual({ gcCpuPercent: 49.4, windowNs: 6001275, cycles: 91, thresholdPercent: 25 });
  });

  it('timer-leak: time.After in a select in a loop', async () => {
    const { lints: ls } = await lints('lint-timer-leak');
    expect(ls.map(pin)).toEqual([{ id: 'timer-leak', process: 'timerleak', where: { fn: 'main.main', file: 'timerleak.go', line: 22 },
      figures: { leaked: 201, created: 201, stopped: 0, received: 0, threshold: 100 } }]);
  });

  it('accept-overflow: SYNs dropped by a listener with a backlog of 8, named', async () => {
    const { lints: ls } = await lints('lint-accept-overflow');
    expect(ls.map(pin)).toEqual([{ id: 'accept-overflow', process: 'echo-epoll', where: { object: '0.0.0.0:8080' }, figures: { drops: 495, backlog: 8, threshold: 1 } }]);
  });
});

describe('the shipped scenarios they should not fire on stay clean', () => {
  // Briefly: the first simulated milliseconds of each (CI must stay fast).
  const clean: [string, number, string?][] = [
    ['go-sum', 1e9], ['go-workers', 1e9], ['go-worker-pool', 1e9], ['go-print-numbers', 1e9], ['go-panic', 1e9], ['go-deadlock', 1e9],
    ['go-pipe-wait', 1e9], ['go-hello-server', 1e9], ['go-spin-preempt', 200e6], ['go-echo', 20e6], ['go-http', 20e6],
    ['c-hello-server', 1e9], ['c-threads', 1e9], ['c-launcher', 1e9], ['c-echo-epoll', 20e6], ['go-gc-pressure', 20e6, 'gogc-100'],
  ];
  for (const [name, cap, variant] of clean) {
    it(`${name}${variant ? ` (${variant})` : ''}`, async () => {
      const { lints: ls } = await lints(name, cap, variant);
      expect(ls.map((l) => `${l.id}: ${l.message}`)).toEqual([]);
    });
  }
});

describe('watching changes nothing', () => {
  for (const name of ['lint-partial-deadlock', 'go-worker-pool']) {
    it(`${name}: the same trace hash and report with the lints on and off`, async () => {
      const s = await scenario(name);
      const off = new Simulation(s, { lint: false }); off.runToEnd();
      const on = new Simulation(s, { lint: {} }); on.runToEnd();
      const strip = (r: ReturnType<Simulation['report']>) => { const { host: _h, lints: _l, lintThresholds: _t, ...rest } = r; return rest; };
      expect(on.report().traceHash).toBe(off.report().traceHash);
      expect(strip(on.report())).toEqual(strip(off.report()));
      expect(off.report().lints).toBeUndefined();
    });
  }
});

describe('thresholds and expectations', () => {
  it('defaults, with their units; --lint-set parses a value as the scenario does', () => {
    const d = LintThresholds.parse({});
    expect(d).toMatchObject({ leakAtExit: 1, deadlockAfter: 100e6, contentionShare: 50, starvation: 100e6, busyLoop: 1e9, threadsPerCore: 8, gcCpu: 25, timerLeak: 100, acceptDrops: 1, handoffs: 5 });
    expect(parseLintSet('busyLoop=200ms')).toEqual({ busyLoop: 200e6 });
    expect(parseLintSet('threadsPerCore=4')).toEqual({ threadsPerCore: 4 });
    expect(() => parseLintSet('busyLoop=200')).toThrow(/busyLoop: 200 has no unit/);
    expect(() => parseLintSet('nope=1')).toThrow(/no threshold "nope"/);
  });

  it('expect.lints counts each id exactly, and an id not named must not be found', async () => {
    const s = await scenario('lint-goroutine-leak');
    const sim = new Simulation(s, {}); sim.runToEnd();
    const r = sim.report();
    expect(checkExpectations({ processes: {}, lints: { 'goroutine-leak': 1 } }, r, true).unmet).toEqual([]);
    expect(checkExpectations({ processes: {}, lints: {} }, r, true).unmet[0]).toMatch(/^lints: 1 goroutine-leak found, expected 0 \(3 goroutines still blocked/);
    const { lints: _l, ...off } = r;
    expect(checkExpectations({ processes: {}, lints: {} }, off, true).unmet).toEqual(['lints: the lints were not on (add a `lint:` section to the scenario)']);
  });
});

void variantNames;
