// Data races on the dashboard: the race-enabled run's reports reach the model through the
// probe bus; the strip counts them and names the latest pair of accesses, a racing
// goroutine is marked ✖ in the Goroutines pane and its detail lists both accesses, and
// the timeline scrubber marks 'R' where one was reported.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { DetailView, GoroutinesPane, type Selection } from '../../src/dashboard/panes.tsx';
import type { GAcct } from '../../src/dashboard/gacct.ts';
import { warningsStrip } from '../../src/dashboard/app.tsx';
import { History } from '../../src/dashboard/history.ts';
import { Session } from '../../src/dashboard/session.ts';
import type { DashModel } from '../../src/dashboard/state.ts';
import type { GoTable } from '../../src/dashboard/driver.ts';
import type { RaceView } from '../../src/scenario/report.ts';
import { loadScenario, selectVariant } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import { ROOT } from '../helpers.ts';
import { fixtureModel } from './fixture.ts';

function frame(tree: ReactElement): string[] {
  const r = render(tree);
  const out = r.lastFrame() ?? '';
  r.unmount();
  return out.split('\n');
}

const race: RaceView = { pid: 200, atNs: 2_000_000, goroutine: 7, previousGoroutine: 6, at: '/app/main.go:18', previous: '/app/main.go:18' };

describe('data races on the dashboard', () => {
  it('the strip counts the races and names the latest pair, before the lints', () => {
    const m = fixtureModel();
    expect(warningsStrip([{ ...m, races: [race] }])).toBe(
      ' ✖ 1 data race │ latest: pid 200 /app/main.go:18 (goroutine 7) vs /app/main.go:18 (goroutine 6)');
  });

  it('a racing goroutine\'s detail lists its access and the other one; a goroutine not in it lists none', () => {
    const m: DashModel = { ...fixtureModel(), races: [race] };
    const now = frame(<DetailView model={m} target={{ kind: 'goroutine', pid: 200, id: 7 }} width={200} height={12} />);
    expect(now).toContain('✖ data race at 2ms: this access at /app/main.go:18, previous by goroutine 6 at /app/main.go:18');
    const prev = frame(<DetailView model={m} target={{ kind: 'goroutine', pid: 200, id: 6 }} width={200} height={12} />);
    expect(prev).toContain('✖ data race at 2ms: this access at /app/main.go:18, later by goroutine 7 at /app/main.go:18');
    const other = frame(<DetailView model={m} target={{ kind: 'goroutine', pid: 200, id: 5 }} width={200} height={12} />);
    expect(other.some((l) => l.includes('data race'))).toBe(false);
  });

  it('the Goroutines pane marks the racing goroutines ✖', () => {
    const row = (goid: number): GAcct => ({ goid, state: '_Gwaiting', since: 0, busy: 0, scheduled: 0, idle: 0, polls: 0, waitReason: '', where: '', startFn: 'main.main.func1' });
    const table: GoTable = { pid: 200, total: 3, rows: [row(5), row(6), row(7)], now: 0 };
    const sel: Selection = { pid: null, row: 0, filter: '' };
    const lines = frame(<GoroutinesPane table={table} hasRuntime sort="goid" desc={false} sel={sel} clockHz={3e9} width={140} height={8} focused={false} races={[race]} />);
    const at = (goid: number): string => lines.find((l) => l.includes(`g${goid}`)) ?? '';
    expect(at(5)).not.toContain('✖');
    expect(at(6)).toContain('g6 ✖');
    expect(at(7)).toContain('g7 ✖');
  });

  it('the scrubber marks R where a race was reported, over a lint or a GC cycle in the same column', () => {
    const h = new History();
    const base = fixtureModel(10);
    for (let i = 0; i <= 10; i++) h.push([{ ...base, now: i * 3e6, races: i >= 6 ? [race] : [] }]);
    expect(h.scrubber(11, 10)).toBe('──────R───●');
  });

  it('a race-enabled run publishes its race to the dashboard model (go-race.yaml, nolock)', async () => {
    const s = await loadScenario(path.join(ROOT, 'scenarios/go-race.yaml'));
    const sim = new Simulation(selectVariant(s, 'nolock'));
    const session = new Session({ title: 'go-race/nolock', machine: sim.machine, paused: true });
    sim.runToEnd();
    const m = session.refresh(true);
    expect(m.races).toHaveLength(1);
    const r = m.races![0]!;
    expect(r.at).toBe(path.join(ROOT, 'scenarios/go-race/nolock.go:18'));
    expect(r.previous).toBe(path.join(ROOT, 'scenarios/go-race/nolock.go:18'));
    expect(r.goroutine).not.toBe(r.previousGoroutine);
    expect(warningsStrip([m])).toMatch(/^ ✖ 1 data race │ latest: pid \d+ \S+nolock\.go:18 \(goroutine \d+\) vs \S+nolock\.go:18 \(goroutine \d+\)$/);
    session.dispose();
  }, 60_000);
});
