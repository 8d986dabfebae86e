import { describe, expect, it } from 'vitest';
import { runFile, runYaml } from '../helpers.ts';

function withoutHost(r: object): string {
  const { host: _host, ...rest } = r as { host: unknown };
  return JSON.stringify(rest);
}

describe('determinism', () => {
  it('gives byte-identical reports (host aside) and the same trace hash for the same scenario and seed', async () => {
    const a = await runFile('scenarios/c-spin.yaml');
    const b = await runFile('scenarios/c-spin.yaml');
    expect(a.traceHash).toBe(b.traceHash);
    expect(withoutHost(a)).toBe(withoutHost(b));
  });

  it('is deterministic for a Go-style process under the collector too (stops of the world, mark workers, GOMAXPROCS=2)', async () => {
    const yaml = `
name: det-gc
seed: 7
machine: { cores: 2 }
processes:
  - program: go-gc-pressure
    args: [20000000, 4000000, 1024]
    env: { GODEBUG: gctrace=1 }
run: { timeLimit: 2s }
`;
    const a = await runYaml(yaml); const b = await runYaml(yaml);
    expect(a.processes[0]!.runtime!.gc!.cycles).toBeGreaterThan(3);
    expect(a.traceHash).toBe(b.traceHash);
    expect(withoutHost(a)).toBe(withoutHost(b));
  });

  it('is deterministic on the windows kernel: go-echo under a client load, through one completion port, run twice', async () => {
    const yaml = `
name: det-windows
seed: 3
machine: { cores: 2, os: windows }
processes:
  - program: go-echo
    args: [8080]
network:
  nics: [{ addr: 10.0.0.1 }]
clients: { connections: 50, arrival: all, requests: 4, bytes: 64, think: 2ms, protocol: echo, target: { port: 8080 }, startAt: 1ms }
run: { until: clients, timeLimit: 10s }
`;
    const a = await runYaml(yaml); const b = await runYaml(yaml);
    expect(a.clients!.completed).toBe(200);
    expect(a.traceHash).toBe(b.traceHash);
    expect(withoutHost(a)).toBe(withoutHost(b));
  });

  it('changes the trace with the seed (timer jitter is drawn from it)', async () => {
    const a = await runFile('scenarios/c-spin.yaml', { seed: 1 });
    const b = await runFile('scenarios/c-spin.yaml', { seed: 2 });
    expect(a.traceHash).not.toBe(b.traceHash);
    expect(a.seed).toBe(1);
    expect(b.seed).toBe(2);
  });
});
