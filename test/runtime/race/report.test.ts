// What a race-enabled run gives besides stderr: halt_on_error, the JSON report's
// races, the trace's instant event, compare's row and go-race.yaml's variants, and
// that a build without -race generates no hook at all.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { loadScenario, parseScenario, selectVariant } from '../../../src/scenario/loader.ts';
import { Simulation, runScenario } from '../../../src/scenario/runner.ts';
import { Report } from '../../../src/scenario/report.ts';
import { compare, runVariants } from '../../../src/scenario/compare.ts';
import { recordTrace } from '../../../src/scenario/trace.ts';
import { compileGo } from '../../../src/lang/go/compile.ts';

const ROOT = path.join(import.meta.dirname, '../../..');
const NOLOCK = path.join(ROOT, 'scenarios/go-race/nolock.go');

async function nolock(env: Record<string, string> = {}) {
  const yaml = `processes:\n  - program: ./nolock.go\n    race: true\n    env: ${JSON.stringify(env)}\n`;
  return parseScenario(yaml, path.join(path.dirname(NOLOCK), 'x.yaml'));
}

describe('race detector: reports, halt_on_error, trace, compare', () => {
  it('lists the race in the JSON report: the goroutines and both file:lines (nolock.go:18, counter++)', async () => {
    const p = Report.parse(runScenario(await nolock())).processes[0]!;
    expect(p.exitStatus).toBe(66);
    expect(p.races).toHaveLength(1);
    const r = p.races![0]!;
    expect(r.at).toBe(`${NOLOCK}:18`);
    expect(r.previous).toBe(`${NOLOCK}:18`);
    expect(r.goroutine).not.toBe(r.previousGoroutine);
    expect(p.stderr).toMatch(/^==================\nWARNING: DATA RACE\nRead at 0x00c0000[0-9a-f]{5} by goroutine \d+:\n {2}main\.main\.func1\(\)\n {6}\S+nolock\.go:18\n\nPrevious write at 0x00c0000[0-9a-f]{5} by goroutine \d+:\n {2}main\.main\.func1\(\)\n {6}\S+nolock\.go:18\n\nGoroutine \d+ \(running\) created at:\n {2}main\.main\(\)\n {6}\S+nolock\.go:15\n\nGoroutine \d+ \(finished\) created at:\n {2}main\.main\(\)\n {6}\S+nolock\.go:15\n==================\nFound 1 data race\(s\)\n$/);
  });

  it('GORACE=halt_on_error=1 exits 66 after the first report, before main prints (as real Go: no "Found" line)', async () => {
    const p = Report.parse(runScenario(await nolock({ GORACE: 'halt_on_error=1' }))).processes[0]!;
    expect(p.exitStatus).toBe(66);
    expect(p.stdout).toBe('');
    expect(p.stderr.match(/WARNING: DATA RACE/g)).toHaveLength(1);
    expect(p.stderr).not.toContain('Found');
  });

  it('puts an instant event "data race" in the trace, on the goroutine that found it', async () => {
    const sim = new Simulation(await nolock());
    const t = recordTrace(sim.machine, () => sim.runToEnd());
    const ev = t.traceEvents.filter((e) => e.name === 'data race');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.ph).toBe('i');
    expect(ev[0]!.args).toMatchObject({ at: `${NOLOCK}:18`, previous: `${NOLOCK}:18` });
  });

  it('go-race.yaml: compare shows 1 race without a lock and none with a Mutex, a channel or atomics; each variant meets its expect', async () => {
    const s = await loadScenario(path.join(ROOT, 'scenarios/go-race.yaml'));
    const runs = runVariants(s);
    const c = compare(runs);
    expect(c.columns).toEqual(['nolock', 'mutex', 'channel', 'atomic']);
    expect(c.metrics.find((m) => m.name === 'data races found')!.values).toEqual([1, 0, 0, 0]);
    for (const r of runs) {
      const p = r.report.processes[0]!;
      expect(p.stdout, r.name).toBe('counter: 1000\n');
      expect(p.exitStatus, r.name).toBe(r.name === 'nolock' ? 66 : 0);
    }
    expect(selectVariant(s, 'mutex').spec.processes[0]!.race).toBe(true);
  }, 60_000);

  it('a build without -race calls no hook: the generated code has no $rg, $.rr, $.rw, $.rfe', () => {
    const text = readFileSync(NOLOCK, 'utf8');
    const plain = compileGo('nolock', [{ name: 'nolock.go', text }]).js;
    expect(plain).not.toMatch(/\$rg|\$\.r[rw]\(|\$\.rfe|racelib/);
    const race = compileGo('nolock', [{ name: 'nolock.go', text }], '', true).js;
    expect(race).toMatch(/\$\.rfe\(/);
  });
});
