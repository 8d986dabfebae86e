// A run ends when its stop condition becomes true: `until: clients` at the event
// where the last client connection finishes, `until: exit` when the last process
// exits — not at the next 10 ms boundary of whoever drives the run (these runs
// used to report 120, 130, 40 and 10 ms).
import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';

describe('a run ends at its stop condition', () => {
  it.each([
    ['scenarios/c-echo-epoll.yaml', 118_001_929.66666667],
    ['scenarios/c-echo-threads.yaml', 120_699_892],
    ['scenarios/c-http-epoll.yaml', 31_208_411.333333332],
    ['scenarios/c-hello-server.yaml', 1_214_242.6666666667],
    ['scenarios/go-http.yaml', 31_278_816.333333332],
  ])('%s (until: clients) stops at the event where the last connection finishes: %d ns', async (file, ns) => {
    const r = await runFile(file);
    expect(r.stoppedBy).toBe('clients');
    expect(r.clients!.connectionsDone).toBe(r.clients!.connections);
    expect(r.simTimeNs).toBe(ns);
  }, 60_000);

  it.each([
    ['scenarios/c-spin.yaml', 1_012_032_448.3333334],
    ['scenarios/c-threads.yaml', 3_102_909],
  ])('%s (until: exit) stops when the last process exits: %d ns', async (file, ns) => {
    const r = await runFile(file);
    expect(r.stoppedBy).toBe('exit');
    expect(r.simTimeNs).toBe(Math.max(...r.processes.map((p) => p.exitNs ?? Infinity)));
    expect(r.simTimeNs).toBe(ns);
  }, 60_000);
});
