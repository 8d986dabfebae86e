import { describe, it, expect } from 'vitest';
import { loadScenario } from '../../src/scenario/loader.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { Report } from '../../src/scenario/report.ts';

const NO_FAILURES = { refused: 0, reset: 0, timeout: 0, wrongReply: 0 };

describe('network scenarios', () => {
  it('c-hello-server: the external client gets Hello, and the report has client and network sections', async () => {
    const r = Report.parse(runScenario(await loadScenario('scenarios/c-hello-server.yaml')));
    expect(r.stoppedBy).toBe('clients');
    expect(r.clients!.completed).toBe(1);
    expect(r.clients!.failed).toEqual(NO_FAILURES);
    expect(r.network!.nics[0]!.rxPackets).toBeGreaterThan(0);
    expect(r.network!.nics[0]!.irqs).toBeGreaterThan(0);
    expect(r.network!.acceptQueueDrops).toBe(0);
    const p = r.processes[0]!;
    expect(p.exitStatus).toBe(0);
    expect(Object.keys(p.syscalls)).toEqual(['accept', 'bind', 'close', 'exit_group', 'listen', 'read', 'socket', 'write']);
  });

  it('c-echo-epoll: 1,000 connections x 10 requests verified on one thread, epoll_wait calls bounded', async () => {
    const r = Report.parse(runScenario(await loadScenario('scenarios/c-echo-epoll.yaml')));
    expect(r.clients!.completed).toBe(10_000);
    expect(r.clients!.failed).toEqual(NO_FAILURES);
    const p = r.processes[0]!;
    expect(p.threads.peak).toBe(1);
    expect(p.syscalls['sendto']!.calls).toBe(10_000);
    expect(p.syscalls['read']!.calls).toBeGreaterThanOrEqual(10_000);
    expect(p.syscalls['read']!.calls).toBeLessThanOrEqual(11_000);
    expect(p.syscalls['epoll_wait']!.calls).toBeLessThanOrEqual(12_000);
  }, 60_000);

  it('c-echo-threads: 1,000 connections x 10 requests verified, one thread per connection (1,001 at the peak)', async () => {
    const r = Report.parse(runScenario(await loadScenario('scenarios/c-echo-threads.yaml')));
    expect(r.clients!.completed).toBe(10_000);
    expect(r.clients!.failed).toEqual(NO_FAILURES);
    const p = r.processes[0]!;
    expect(p.threads.peak).toBeGreaterThanOrEqual(1001);
    expect(p.syscalls['write']!.calls).toBe(10_000);
    expect(p.syscalls['read']!.calls).toBeGreaterThanOrEqual(10_000);
    expect(p.syscalls['read']!.calls).toBeLessThanOrEqual(11_000);
  }, 60_000);

  it('gives the same trace hash and client figures for the same seed', async () => {
    const s = await loadScenario('scenarios/c-http-epoll.yaml');
    const a = runScenario(s); const b = runScenario(s);
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.clients).toEqual(b.clients);
    expect(a.network).toEqual(b.network);
  }, 60_000);

  it('c-http-epoll: every GET / gets 200 and the body', async () => {
    const r = Report.parse(runScenario(await loadScenario('scenarios/c-http-epoll.yaml')));
    expect(r.clients!.completed).toBe(2000);
    expect(r.clients!.failed).toEqual(NO_FAILURES);
  }, 60_000);

  it('the wire can be tapped into a pcap: the handshake, "hi", "Hello" and the FINs', async () => {
    const { Simulation } = await import('../../src/scenario/runner.ts');
    const { PcapWriter } = await import('../../src/scenario/pcap.ts');
    const sim = new Simulation(await loadScenario('scenarios/c-hello-server.yaml'));
    const w = new PcapWriter();
    const flags: number[] = [];
    sim.wire!.tap((f, t) => { w.add(f, sim.machine.cyclesToNs(t)); flags.push((f as unknown as { flags: number }).flags); });
    sim.runToEnd();
    expect(flags.slice(0, 3)).toEqual([0x02, 0x12, 0x10]); // SYN, SYN-ACK, ACK
    expect(flags.filter((x) => (x & 0x01) !== 0).length).toBe(2); // a FIN each way
    expect(w.frames).toBe(flags.length);
  });

  it('names a bad address or bandwidth in the network section', async () => {
    const { ScenarioSpec, describeIssues } = await import('../../src/scenario/schema.ts');
    const res = ScenarioSpec.safeParse({ processes: [{ program: 'echo-epoll' }], network: { nics: [{ addr: '10.0.0', bandwidth: 'fast' }] } });
    expect(res.success).toBe(false);
    const msgs = describeIssues(res.error!);
    expect(msgs).toContain('network.nics[0].addr: not an IPv4 address: "10.0.0"');
    expect(msgs).toContain('network.nics[0].bandwidth: not a bandwidth: "fast" (use e.g. 10Gbit, 100Mbit)');
  });

  it('rejects clients without a network, naming the field', async () => {
    const { ScenarioSpec, describeIssues } = await import('../../src/scenario/schema.ts');
    const res = ScenarioSpec.safeParse({ processes: [{ program: 'echo-epoll' }], clients: { connections: 1, protocol: 'echo', target: { port: 80 } } });
    expect(res.success).toBe(false);
    expect(describeIssues(res.error!)).toContain('clients: clients need a network (machine NICs on a wire)');
  });
});

describe('what the network loses, the report says', () => {
  it('an 8-descriptor rx ring drops; every retransmission is counted by cause in the JSON, the text report and compare', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { renderReport } = await import('../../src/scenario/report-text.ts');
    const { compare } = await import('../../src/scenario/compare.ts');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gm-loss-')), 'lossy-echo.yaml');
    writeFileSync(file, `name: lossy-echo
processes:
  - program: echo-epoll
    args: [8080]
network:
  nics: [{ addr: 10.0.0.1, rxRing: 8, rxUsecs: 50, rxFrames: 32 }]
clients: { connections: 40, requests: 3, bytes: 64, protocol: echo, target: { port: 8080 }, startAt: 1ms, timeout: 60s }
run: { until: clients, timeLimit: 60s }
`);
    const r = Report.parse(runScenario(await loadScenario(file)));
    expect(r.clients!.completed).toBe(120);
    const c = r.clients!; const n = r.network!;
    const eth0 = n.nics[0]!;
    expect(eth0.rxDrops).toBeGreaterThan(0);
    expect(c.retransmits).toBe(c.retransmitsByCause.rto + c.retransmitsByCause.fast + c.retransmitsByCause.syn);
    expect(c.retransmits).toBeGreaterThan(0);
    expect(c.retransConnections.length).toBeGreaterThan(0);
    const total = n.retransmits.rto + n.retransmits.fast + n.retransmits.syn;
    expect(eth0.retransmits).toEqual(n.retransmits); // one NIC, no loopback traffic
    const text = renderReport(r);
    const cr = c.retransmitsByCause;
    expect(text).toContain(`clients' retransmits ${c.retransmits} segments (timeout ${cr.rto}, fast retransmit ${cr.fast}, SYN ${cr.syn})`);
    expect(text).toContain(`machine's retransmits ${total} segments (timeout ${n.retransmits.rto}, fast retransmit ${n.retransmits.fast}, SYN ${n.retransmits.syn})`);
    expect(text).toContain(`p99.9 `);
    const cmp = compare([{ name: 'lossy', report: r }]);
    const row = (name: string): number | null => cmp.metrics.find((m) => m.name === name)!.values[0]!;
    expect(row('retransmits (machine + clients)')).toBe(total + c.retransmits);
    expect(row('drops (rx, tx, qdisc, accept queue)')).toBe(eth0.rxDrops + eth0.txDrops + eth0.qdiscDrops + n.acceptQueueDrops);
    expect(row('latency max')).toBe(c.latencyNs.max / 1e3);
    expect(row('latency p99.9')).toBe(c.latencyNs.p999 / 1e3);
    expect(cmp.metrics.slice(0, 5).map((m) => m.name)).toEqual(['throughput', 'latency p50', 'latency p99', 'latency p99.9', 'latency max']);
  }, 60_000);
});
