// Faults on the wire (network.faults, src/machine/netem.ts): TCP delivers every request through
// them, the figures show the retransmissions they cost, the report counts what was injected,
// and the same seed gives the same run.
import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { Report } from '../../src/scenario/report.ts';
import { renderReport } from '../../src/scenario/report-text.ts';
import { ScenarioSpec, describeIssues } from '../../src/scenario/schema.ts';

const NO_FAILURES = { refused: 0, reset: 0, timeout: 0, wrongReply: 0 };

/** A small load against a shipped server, with `faults` (YAML flow list) on the wire. */
function yaml(program: string, protocol: 'echo' | 'http', faults: string, connections = 20, requests = 10): string {
  return `name: faults
processes: [{ program: ${program}, args: [8080] }]
machine: { cores: 2 }
network:
  nics: [{ addr: 10.0.0.1, latency: 50us }]
  faults: ${faults}
clients: { connections: ${connections}, requests: ${requests}, bytes: 200, think: 1ms, protocol: ${protocol}, ${protocol === 'http' ? 'httpBody: "Hello from gomachine\\n", ' : ''}target: { port: 8080 }, startAt: 1ms, timeout: 60s }
run: { until: clients, timeLimit: 60s }
`;
}

async function run(text: string, seed?: number): Promise<Report> {
  return Report.parse(runScenario(await parseScenario(text, 'faults.yaml'), seed === undefined ? {} : { seed }));
}

describe('TCP delivers every request through faults on the wire', () => {
  const cases: [string, string, (f: NonNullable<Report['network']>['nics'][number]['faults'] & object) => void][] = [
    ['1% loss', '[{ loss: 1% }]', (f) => expect(f.lost).toBeGreaterThan(0)],
    ['10% loss', '[{ loss: 0.1 }]', (f) => expect(f.lost).toBeGreaterThan(20)],
    ['5% duplication', '[{ duplicate: 5% }]', (f) => expect(f.duplicated).toBeGreaterThan(10)],
    ['5% reordering (held 2 ms)', '[{ reorder: 5%, reorderDelay: 2ms }]', (f) => expect(f.reordered).toBeGreaterThan(10)],
    ['5% corruption', '[{ corrupt: 5% }]', (f) => expect(f.corrupted).toBeGreaterThan(10)],
    ['a 1 s link outage', '[{ down: true, from: 5ms, for: 1s }]', (f) => expect(f.downDrops).toBeGreaterThan(0)],
    ['200 µs of jitter', '[{ jitter: 200us }]', (f) => expect(f.delayed).toBeGreaterThan(100)],
  ];
  for (const [what, faults, injected] of cases) {
    it(`echo-epoll: all 200 echo requests verified under ${what}`, async () => {
      const r = await run(yaml('echo-epoll', 'echo', faults));
      expect(r.clients!.completed).toBe(200);
      expect(r.clients!.failed).toEqual(NO_FAILURES);
      expect(r.kernel.oopses).toBe(0);
      injected(r.network!.nics[0]!.faults!);
      // A held-back frame shows in the latency: one request waited the 2 ms at least.
      if (/reorder/.test(what)) expect(r.clients!.latencyNs.max).toBeGreaterThan(2e6);
      if (!/dup|jitter|reorder/.test(what)) {
        // What was dropped or held back was sent again, and the figures say so.
        expect(r.clients!.retransmits + r.network!.retransmits.rto + r.network!.retransmits.fast + r.network!.retransmits.syn).toBeGreaterThan(0);
      }
    }, 60_000);
  }

  it('go-http: all 200 HTTP requests verified under 10% loss, with retransmissions on both sides', async () => {
    const r = await run(yaml('go-http', 'http', '[{ loss: 10% }]'));
    expect(r.clients!.completed).toBe(200);
    expect(r.clients!.failed).toEqual(NO_FAILURES);
    expect(r.clients!.retransmits).toBeGreaterThan(0);
    const n = r.network!.retransmits;
    expect(n.rto + n.fast + n.syn).toBeGreaterThan(0);
  }, 60_000);

  it('http-epoll: all 200 HTTP requests verified under 5% duplication, 5% reordering, 1% loss and a 1 s outage together', async () => {
    const r = await run(yaml('http-epoll', 'http', '[{ duplicate: 5%, reorder: 5%, loss: 1% }, { down: true, from: 5ms, for: 1s }]'));
    expect(r.clients!.completed).toBe(200);
    expect(r.clients!.failed).toEqual(NO_FAILURES);
  }, 60_000);

  it('a partition from one client host for 500 ms: every request still completes, the other host never loses a frame', async () => {
    const text = yaml('echo-epoll', 'echo', '[{ down: true, hosts: [10.0.0.100], from: 2ms, for: 500ms }]').replace('startAt: 1ms', 'startAt: 1ms, hosts: 2');
    const r = await run(text);
    expect(r.clients!.completed).toBe(200);
    expect(r.clients!.failed).toEqual(NO_FAILURES);
    const f = r.network!.nics[0]!.faults!;
    expect(f.downDrops).toBeGreaterThan(0);
    expect(f.lost + f.corrupted + f.duplicated + f.reordered).toBe(0);
    // Only 10.0.0.100's connections waited for the partition to heal.
    expect(r.clients!.retransConnections.every((c) => c.local.startsWith('10.0.0.100:'))).toBe(true);
    expect(r.clients!.latencyNs.max).toBeGreaterThan(400e6);
  }, 60_000);

  it('faults in one direction only touch that direction; a window outside the run touches nothing', async () => {
    const out = await run(yaml('echo-epoll', 'echo', '[{ direction: out, loss: 10% }]'));
    expect(out.clients!.completed).toBe(200);
    expect(out.network!.nics[0]!.faults!.lost).toBeGreaterThan(0);
    const late = await run(yaml('echo-epoll', 'echo', '[{ loss: 50%, from: 50s }]'));
    expect(late.network!.nics[0]!.faults).toEqual({ lost: 0, corrupted: 0, duplicated: 0, reordered: 0, delayed: 0, downDrops: 0 });
    expect(late.clients!.retransmits).toBe(0);
  }, 60_000);
});

describe('stragglers are visible', () => {
  it('a link that goes down for good: the run stops at its time limit with the requests unfinished, none completed', async () => {
    const text = yaml('echo-epoll', 'echo', '[{ down: true, from: 500us }]', 10, 3).replace('until: clients, timeLimit: 60s', 'until: time, timeLimit: 1500ms');
    const r = await run(text);
    expect(r.stoppedBy).toBe('time-limit');
    expect(r.clients!.completed).toBe(0);
    expect(r.clients!.failed).toEqual(NO_FAILURES);
    expect(r.clients!.unfinished).toBe(30);
    expect(r.clients!.synRetransmits).toBeGreaterThan(0);
    expect(renderReport(r)).toContain('clients: 0 requests completed, 0 failed (refused 0, reset 0, timeout 0, wrong reply 0), 30 unfinished at the end on 10 connections');
  }, 60_000);
});

describe('faults are seeded', () => {
  it('the same seed gives the same trace and the same fault counts; another seed draws other faults', async () => {
    const text = yaml('echo-epoll', 'echo', '[{ loss: 5%, duplicate: 2%, reorder: 2%, jitter: 50us }]', 10, 5);
    const a = await run(text); const b = await run(text); const c = await run(text, 7);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.network!.nics[0]!.faults).toEqual(a.network!.nics[0]!.faults);
    expect(b.clients).toEqual(a.clients);
    expect(c.traceHash).not.toBe(a.traceHash);
    expect(c.clients!.completed).toBe(50);
  }, 60_000);

  it('a scenario without faults reports no fault counters at all', async () => {
    const r = await run(yaml('echo-epoll', 'echo', '[]', 5, 2));
    expect(r.network!.nics[0]!.faults).toBeUndefined();
    expect(renderReport(r)).not.toContain('wire faults');
  }, 60_000);
});

describe('the report shows the faults', () => {
  it('the text report has a line per NIC with faults', async () => {
    const r = await run(yaml('echo-epoll', 'echo', '[{ loss: 10%, duplicate: 5% }]', 10, 5));
    const f = r.network!.nics[0]!.faults!;
    expect(renderReport(r)).toContain(`wire faults on eth0's link: ${f.lost} frames lost, ${f.corrupted} corrupted (dropped by checksum), ${f.downDrops} dropped while down, ${f.duplicated} duplicated, ${f.reordered} reordered, ${f.delayed} delayed by jitter`);
  }, 60_000);
});

describe('network.faults is checked field by field', () => {
  const base = { processes: [{ program: 'echo-epoll' }], network: { nics: [{ addr: '10.0.0.1' }] } };
  const issues = (faults: unknown[]): string[] => {
    const res = ScenarioSpec.safeParse({ ...base, network: { ...base.network, faults } });
    return res.success ? [] : describeIssues(res.error);
  };
  it('accepts fractions and percentages, and fills in the defaults', () => {
    const s = ScenarioSpec.parse({ ...base, network: { ...base.network, faults: [{ loss: '1%', duplicate: 0.05, nic: 'eth0' }] } });
    expect(s.network!.faults[0]).toEqual({ nic: 'eth0', direction: 'both', from: 0, hosts: [], down: false, loss: 0.01, corrupt: 0, duplicate: 0.05, reorder: 0, reorderDelay: 1e6, jitter: 0 });
  });
  it('names the field and the bound', () => {
    expect(issues([{ loss: 1.5 }])).toEqual(['network.faults[0].loss: must be a fraction 0–1 or a percentage 0%–100% (e.g. 0.05 or "5%"), got 1.5']);
    expect(issues([{ duplicate: '120%' }])).toEqual(['network.faults[0].duplicate: must be a fraction 0–1 or a percentage 0%–100% (e.g. 0.05 or "5%"), got "120%"']);
    expect(issues([{ reorder: 'often' }])).toEqual(['network.faults[0].reorder: must be a fraction 0–1 or a percentage 0%–100% (e.g. 0.05 or "5%"), got "often"']);
    expect(issues([{ loss: 0.1, nic: 'eth3' }])).toEqual(['network.faults[0].nic: no NIC named "eth3" (the NICs: eth0)']);
    expect(issues([{ loss: 0.1, direction: 'up' }])).toEqual(['network.faults[0].direction: must be in, out or both']);
    expect(issues([{ down: true, for: 0 }])).toEqual(['network.faults[0].for: must be positive']);
    expect(issues([{ jitter: 5 }])).toEqual(['network.faults[0].jitter: 5 has no unit; write 5s, 5ms, 5us or 5ns']);
    expect(issues([{ lossy: 0.1 }])).toEqual(['network.faults[0]: unknown key "lossy"', 'network.faults[0]: a fault needs at least one of down, loss, corrupt, duplicate, reorder, jitter']);
    expect(issues([{ nic: 'eth0' }])).toEqual(['network.faults[0]: a fault needs at least one of down, loss, corrupt, duplicate, reorder, jitter']);
    expect(issues([{ down: true, hosts: ['10.0.0.300'] }])).toEqual(['network.faults[0].hosts[0]: not an IPv4 address: "10.0.0.300"']);
  });
});
