// The built-in Go-style apps whose Go original exists, as Go source compiled by
// src/lang/go (examples/go/echo.go, examples/go/http.go): the same load against the
// compiled program and the hand-written one gives a report of the same shape —
// every request answered, one write per request, the netpoller's calls and the
// thread count of the same order.
import { describe, expect, it } from 'vitest';
import { runYaml } from '../../helpers.ts';
import type { Report } from '../../../src/scenario/report.ts';

/** go-echo's load, scaled to 200 connections × 10 requests, against `program`. */
function echoLoad(program: string): string {
  return `seed: 1
machine: { cores: 4 }
processes: [{ program: ${program}, args: [8080] }]
network: { nics: [{ addr: 10.0.0.1, rxRing: 1024, rxUsecs: 0, rxFrames: 1, latency: 50us, bandwidth: 10Gbit }] }
clients: { connections: 200, arrival: all, requests: 10, bytes: 64, think: 10ms, protocol: echo, timeout: 30s, target: { port: 8080 }, startAt: 1ms }
run: { until: clients, timeLimit: 20s }
`;
}
const calls = (r: Report, name: string): number => r.processes[0]!.syscalls[name]?.calls ?? 0;

describe('built-in apps as Go source', () => {
  it('examples/go/echo.go answers go-echo\'s load as the built-in go-echo does', async () => {
    const src = await runYaml(echoLoad('../examples/go/echo.go'));
    const ts = await runYaml(echoLoad('go-echo'));
    for (const r of [src, ts]) {
      expect(r.clients!.completed).toBe(2000);
      expect(r.clients!.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
      expect(calls(r, 'write')).toBe(2000); // one write per echo
      expect(calls(r, 'accept4')).toBeGreaterThanOrEqual(200);
    }
    const perReq = (r: Report, n: string): number => calls(r, n) / 2000;
    expect(Math.abs(perReq(src, 'epoll_wait') - perReq(ts, 'epoll_wait'))).toBeLessThan(0.15);
    expect(Math.abs(perReq(src, 'read') - perReq(ts, 'read'))).toBeLessThan(0.15);
    expect(Math.abs(src.processes[0]!.threads.peak - ts.processes[0]!.threads.peak)).toBeLessThanOrEqual(1);
  });

  it('examples/go/http.go (net/http) answers go-http\'s load as the built-in go-http does: one read to EAGAIN and one write per request', async () => {
    const load = (program: string) => `seed: 1
machine: { cores: 2 }
processes: [{ program: ${program}, args: [8080] }]
network: { nics: [{ addr: 10.0.0.1, latency: 50us, bandwidth: 10Gbit }] }
clients: { connections: 200, arrival: ramp, rampOver: 20ms, requests: 10, think: 1ms, protocol: http, httpPath: /, httpBody: "Hello from gomachine\\n", timeout: 10s, target: { port: 8080 }, startAt: 1ms }
run: { until: clients, timeLimit: 60s }
`;
    const src = await runYaml(load('../examples/go/http.go'));
    const ts = await runYaml(load('go-http'));
    for (const r of [src, ts]) {
      expect(r.clients!.completed).toBe(2000);
      expect(r.clients!.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
      expect(calls(r, 'write')).toBe(2000); // the whole reply in one write: net/http's 4 KiB connection buffer
    }
    const perReq = (r: Report, n: string): number => calls(r, n) / 2000;
    expect(Math.abs(perReq(src, 'read') - perReq(ts, 'read'))).toBeLessThan(0.05);
    expect(Math.abs(perReq(src, 'epoll_wait') - perReq(ts, 'epoll_wait'))).toBeLessThan(0.15);
    expect(src.processes[0]!.threads.peak).toBe(ts.processes[0]!.threads.peak);
  });
});
