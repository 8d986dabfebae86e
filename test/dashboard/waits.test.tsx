// Where a compiled program's goroutines wait, on the dashboard: the runtime's snapshot
// carries each waiting goroutine's statement (function, file:line) as the back end
// noted it, and the Runtime pane's goroutine list and a goroutine's detail show it.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { DetailView, RuntimePane } from '../../src/dashboard/panes.tsx';
import { parseScenario } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import type { RuntimeSnapshot } from '../../src/runtime/snapshot.ts';
import type { KernelSnapshot } from '../../src/kernel/kernel.ts';
import { fixtureModel } from './fixture.ts';

function frame(tree: ReactElement): string[] {
  const r = render(tree);
  const out = r.lastFrame() ?? '';
  r.unmount();
  return out.split('\n');
}

async function parked(): Promise<RuntimeSnapshot> {
  const s = await parseScenario('processes:\n  - program: ./programs/waits.go\nrun: { timeLimit: 2s }\n', path.join(import.meta.dirname, 'waits.yaml'));
  const sim = new Simulation(s);
  sim.advance(1e6);
  const pid = sim.machine.probe.read<KernelSnapshot>('kernel')!.procs.find((p) => p.name === 'waits')!.pid;
  return sim.machine.probe.read<RuntimeSnapshot>(`runtime:${pid}`)!;
}

describe('where compiled goroutines wait', () => {
  it('the runtime snapshot names each waiting goroutine\'s statement', async () => {
    const snap = await parked();
    const at = snap.gs.filter((g) => g.at !== undefined).map((g) => `${g.waitReason} ${g.at}`).sort();
    expect(at).toEqual(['chan receive main.worker waits.go:6', 'chan receive main.worker waits.go:6', 'sleep main.main waits.go:15']);
  });

  it('the Runtime pane lists it beside the start function, and the detail says it', async () => {
    const snap = await parked();
    const m = fixtureModel();
    m.runtimes = { 200: { pid: 200, snap, history: {}, tracked: [] } };
    const lines = frame(<RuntimePane go={m.runtimes[200]} sel={{ pid: null, row: 0, filter: '' }} now={0} clockHz={3e9} acct={undefined} width={140} height={16} focused />);
    expect(lines.some((l) => l.includes('START / WAITS AT'))).toBe(true);
    expect(lines.some((l) => /waiting +chan receive .*main\.worker @ main\.worker waits\.go:6/.test(l))).toBe(true);
    const worker = snap.gs.find((g) => g.at === 'main.worker waits.go:6')!;
    const detail = frame(<DetailView model={m} target={{ kind: 'goroutine', pid: 200, id: worker.goid }} width={160} height={12} />);
    expect(detail.join('\n')).toContain('waits at main.worker waits.go:6');
  });
});
