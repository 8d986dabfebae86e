import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario } from '../../src/scenario/loader.ts';
import { compare, runVariants, renderComparison } from '../../src/scenario/compare.ts';
import { ROOT } from '../helpers.ts';

describe('echo-compare: the seed documents\' comparison, measured', () => {
  it('shows a thread per connection for C, a handful for Go, and the runtime\'s own syscalls only in Go', async () => {
    const s = await loadScenario(path.join(ROOT, 'scenarios/echo-compare.yaml'));
    const runs = runVariants(s);
    const [go, cThreads, cEpoll] = runs.map((r) => r.report);
    for (const r of [go!, cThreads!, cEpoll!]) {
      expect(r.clients!.completed).toBe(10_000);
      expect(Object.values(r.clients!.failed).every((n) => n === 0)).toBe(true);
    }
    const threads = (r: typeof go) => r!.processes[0]!.threads.peak;
    const calls = (r: typeof go, name: string) => r!.processes[0]!.syscalls[name]?.calls ?? 0;
    expect(threads(cThreads)).toBeGreaterThanOrEqual(1001);
    expect(threads(cEpoll)).toBe(1);
    expect(threads(go)).toBeLessThanOrEqual(go!.processes[0]!.runtime!.gomaxprocs + 5);
    // The Go runtime's own calls: the netpoller, parking Ms, sysmon's sleeps, starting Ms.
    for (const name of ['epoll_wait', 'futex', 'nanosleep', 'clone']) expect(calls(go, name)).toBeGreaterThan(0);
    for (const name of ['futex', 'nanosleep', 'clone']) expect(calls(cEpoll, name)).toBe(0);
    for (const name of ['epoll_wait', 'nanosleep']) expect(calls(cThreads, name)).toBe(0);
    const text = renderComparison(compare(runs), 'text');
    expect(text).toMatch(/threads peak\s+│\s+\d+ │\s+1,001 │\s+1 │/);
  });
});
