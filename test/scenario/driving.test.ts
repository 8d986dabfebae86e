// A run is a function of its scenario and seed alone: however it is driven — to
// the end in one call, in 10 ms slices (as `run`), in 20 µs slices (as the
// dashboard's frames), in slices of random lengths, stepped by event, timer tick
// and millisecond as the dashboard steps, paused and resumed — it gives the same
// trace hash and the same report (its `host` section, the wall time, aside).
//
// And a run is pinned: each scenario's trace hash and report (host aside) must stay what
// test/scenario/pinned-runs.json records, so that a change made for speed alone is seen to
// change nothing the machine does. A change that means to change a run regenerates the file
// with GOMACHINE_UPDATE_PINS=1 and says so in its commit.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, selectVariant, variantNames, type Scenario } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import { Session } from '../../src/dashboard/session.ts';
import { ROOT } from '../helpers.ts';

/**
 * Every driving runs the same scenario to the same stop: its own end, or this much
 * simulated time, whichever comes first (so that the four drivings of all shipped
 * scenarios stay a CI-sized test; the scenarios that run longer are covered up to here).
 */
const CAP_NS = 20e6;

function capped(s: Scenario): Scenario {
  const spec = structuredClone(s.spec);
  spec.run.timeLimit = Math.min(spec.run.timeLimit, CAP_NS);
  return { ...s, spec };
}

/** The report as JSON, without the host's wall-time figures. */
function fingerprint(sim: Simulation): string {
  const { host: _host, ...rest } = sim.report();
  return JSON.stringify(rest);
}

/** Slice lengths from a small seeded LCG, 1 ns to 3 ms. */
function randomSlices(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return 1 + (x % 3_000_000); };
}

function drive(s: Scenario, slice: () => number): string {
  const sim = new Simulation(s);
  while (!sim.advance(slice())) { /* the next slice */ }
  return fingerprint(sim);
}

/**
 * A compiled program's file:lines name the checkout it was loaded from (Go prints absolute
 * paths), and printing them costs simulated time per byte (a race report on stderr): so the
 * scenarios are loaded through a link whose path has the same length in every checkout, and
 * the report is pinned with that path replaced. Where the run names it at all, its trace may
 * carry it too (a data race's event), so only the report is pinned for such a run.
 */
const PINNED_ROOT = path.join(mkdtempSync('/tmp/gm-'), 'r');
symlinkSync(ROOT, PINNED_ROOT);
const PATH_DEPENDENT = 'names the checkout path';

const files = readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();
const cases: { name: string; scenario: () => Promise<Scenario> }[] = [];
for (const f of files) {
  const load = (): Promise<Scenario> => loadScenario(path.join(PINNED_ROOT, 'scenarios', f));
  const names = variantNames(await load());
  if (names.length === 0) cases.push({ name: f, scenario: async () => capped(await load()) });
  for (const v of names) cases.push({ name: `${f} variant ${v}`, scenario: async () => capped(selectVariant(await load(), v)) });
}

const PINS_FILE = path.join(ROOT, 'test', 'scenario', 'pinned-runs.json');
type Pin = { traceHash: string; report: string };
const pins = JSON.parse(readFileSync(PINS_FILE, 'utf8')) as Record<string, Pin>;
const updating = process.env.GOMACHINE_UPDATE_PINS === '1';
const seen: Record<string, Pin> = {};

function pin(name: string, fingerprintJson: string): void {
  let rootFree = fingerprintJson.split(PINNED_ROOT).join('<root>');
  const dependent = rootFree !== fingerprintJson;
  if (dependent) { const { traceHash: _, ...rest } = JSON.parse(rootFree) as { traceHash: string }; rootFree = JSON.stringify(rest); }
  const got: Pin = {
    traceHash: dependent ? PATH_DEPENDENT : (JSON.parse(fingerprintJson) as { traceHash: string }).traceHash,
    report: createHash('sha256').update(rootFree).digest('hex').slice(0, 16),
  };
  seen[name] = got;
  if (!updating) expect(got, `${name}: the run differs from test/scenario/pinned-runs.json`).toEqual(pins[name]);
}

afterAll(() => {
  rmSync(path.dirname(PINNED_ROOT), { recursive: true, force: true });
  // Merged into the pins there are, so that a run of some cases (vitest -t) updates just those.
  if (updating) writeFileSync(PINS_FILE, JSON.stringify(Object.fromEntries(Object.entries({ ...pins, ...seen }).sort()), null, 1) + '\n');
});

describe('a run does not depend on how it is driven', () => {
  it('covers every shipped scenario and variant', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(cases.length).toBeGreaterThan(files.length);
  });

  it.each(cases)('$name: whole, 10 ms slices, 20 µs slices and random slices give one trace and one report', async ({ name, scenario }) => {
    const s = await scenario();
    const whole = drive(s, () => Infinity);
    pin(name, whole);
    expect(drive(s, () => 10e6)).toBe(whole);
    expect(drive(s, () => 20e3)).toBe(whole);
    expect(drive(s, randomSlices(s.name.length * 7919))).toBe(whole);
  }, 120_000);
});

describe('the dashboard\'s controls leave the run as it is', () => {
  // What the dashboard does: step events, timer ticks and milliseconds, run frames, pause and
  // resume; then the rest of the run as `run` does it. The trace and report are an uninterrupted run's.
  it.each(['go-echo.yaml', 'go-gc-pressure.yaml', 'c-spin.yaml', 'c-echo-epoll.yaml', 'go-workers.yaml'])('%s: stepped, framed, paused, resumed', async (f) => {
    const s = capped(selectVariant(await loadScenario(path.join(ROOT, 'scenarios', f)), undefined));
    const whole = drive(s, () => Infinity);
    const sim = new Simulation(s);
    let wall = 0;
    const ses = new Session({ title: f, machine: sim.machine, limitCycles: sim.limitCycles, paused: true, wallMs: () => wall });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 40; i++) ses.stepEvent(Infinity);
      for (let i = 0; i < 3; i++) ses.stepTick(Infinity);
      ses.stepMillisecond(Infinity);
      ses.togglePause(); // run a few frames at 100 µs of simulated time per wall ms
      for (let i = 0; i < 5; i++) { wall += 7; ses.frame(7, Infinity); }
      ses.togglePause();
    }
    expect(sim.machine.now).toBeGreaterThan(0);
    ses.dispose();
    while (!sim.advance(10e6)) { /* as `run` */ }
    expect(fingerprint(sim)).toBe(whole);
  }, 120_000);
});
