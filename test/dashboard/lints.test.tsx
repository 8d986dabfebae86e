// The lints on the dashboard: the warnings strip, each lint in its goroutine's or
// thread's detail, and '!' on the timeline scrubber where one was found.
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { DetailView } from '../../src/dashboard/panes.tsx';
import { warningsStrip } from '../../src/dashboard/app.tsx';
import { History } from '../../src/dashboard/history.ts';
import type { DashModel } from '../../src/dashboard/state.ts';
import type { Lint } from '../../src/scenario/lint-spec.ts';
import { fixtureModel } from './fixture.ts';

function frame(tree: ReactElement): string[] {
  const r = render(tree);
  const out = r.lastFrame() ?? '';
  r.unmount();
  return out.split('\n');
}

const leak: Lint = {
  id: 'goroutine-leak', pid: 200, process: 'gosrv', atNs: 1_000_000, where: { goroutine: 5, fn: 'main.handler', file: '/app/main.go', line: 12 },
  message: '3 goroutines still blocked (chan send) at main.handler (/app/main.go:12) when the process exited (threshold 1 goroutine): nothing will ever wake them',
  figures: { goroutines: 3, threshold: 1 },
};
const spin: Lint = {
  id: 'busy-loop', pid: 100, process: 'spin', atNs: 2_000_000, where: { thread: 102, fn: 'spin' },
  message: 'thread 102 of spin burned 1.000 s of CPU without a syscall (threshold 1.000 s): spinning instead of sleeping in futex, poll or read',
  figures: { cpuNs: 1e9, thresholdNs: 1e9 },
};

describe('lints on the dashboard', () => {
  it('the warnings strip: how many by id, and the latest; nothing while there are none', () => {
    const m = fixtureModel();
    expect(warningsStrip([m])).toBe('');
    expect(warningsStrip([{ ...m, lints: [leak, spin] }])).toBe(
      ' ⚠ 2 lints (goroutine-leak 1, busy-loop 1) │ latest: busy-loop [spin 100 · thread 102 spin] thread 102 of spin burned 1.000 s of CPU without a syscall (threshold 1.000 s): spinning instead of sleeping in futex, poll or read');
  });

  it('a goroutine\'s and a thread\'s detail list their own lints', () => {
    const m: DashModel = { ...fixtureModel(), lints: [leak, spin] };
    const g = frame(<DetailView model={m} target={{ kind: 'goroutine', pid: 200, id: 5 }} width={200} height={12} />);
    expect(g.some((l) => l.startsWith('⚠ goroutine-leak at 1ms: 3 goroutines still blocked (chan send) at main.handler (/app/main.go:12)'))).toBe(true);
    expect(g.some((l) => l.includes('busy-loop'))).toBe(false);
    const t = frame(<DetailView model={m} target={{ kind: 'thread', pid: 100, id: 102 }} width={200} height={12} />);
    expect(t.some((l) => l.startsWith('⚠ busy-loop at 2ms: thread 102 of spin burned 1.000 s of CPU'))).toBe(true);
  });

  it('the scrubber marks where a lint was found', () => {
    const h = new History();
    const base = fixtureModel(10);
    for (let i = 0; i <= 10; i++) h.push([{ ...base, now: i * 3e6, lints: i >= 4 ? [leak] : [] }]);
    for (let i = 11; i <= 20; i++) h.push([{ ...base, now: i * 3e6, lints: i >= 15 ? [leak, spin] : [leak] }]);
    expect(h.scrubber(21, 20)).toBe('────!──────────!────●');
  });
});
