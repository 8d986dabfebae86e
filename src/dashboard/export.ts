// `e` and `w` on the dashboard: the trace (Chrome Trace Event JSON, as
// `gomachine trace` writes it) or a pcap (as `--pcap` writes it) of the run so
// far. Recording either costs memory and time on every event, so the live run
// records neither; instead the machine is built again from its scenario and
// seed and run, with the recorder attached from its first cycle, to the moment
// the screen shows — the run is deterministic, so it passes exactly the same
// events (the trace hash says so: the file's otherData.traceHash is the live
// machine's).

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Simulation } from '../scenario/runner.ts';
import { TraceRecorder, writeTraceFile } from '../scenario/trace.ts';
import { PcapWriter } from '../scenario/pcap.ts';
import { fmtClock, fmtCount } from './format.ts';

export type ExportKind = 'trace' | 'pcap';

/** Where an export of `scenario` at `cycles` goes: the working directory, named after the run and the moment. */
export function exportFile(dir: string, scenario: string, cycles: number, clockHz: number, what: ExportKind): string {
  const name = `${scenario.replace(/[^A-Za-z0-9._-]+/g, '-')}-t${fmtClock(cycles, clockHz)}`;
  return path.join(dir, `${name}.${what === 'trace' ? 'trace.json' : 'pcap'}`);
}

/** Wall time (ms) the export runs before it lets the thread's other work in (frames, keys). */
const CHUNK_MS = 20;
/** Simulated ns one machine.run call covers at most. */
const SLICE_NS = 20_000;

/**
 * Run `sim` (freshly built) to `until` cycles, as the live run went there, in chunks of wall
 * time between which the live machines go on and keys are answered: an export of a long run
 * takes seconds, and the screen must not stop for it.
 */
async function runTo(sim: Simulation, until: number): Promise<void> {
  const m = sim.machine;
  const slice = m.nsToCycles(SLICE_NS);
  let t0 = performance.now();
  while (m.now < until) {
    const before = m.now;
    const r = m.run(Math.min(until, m.now + slice));
    if (r === 'halted' || r === 'idle') break;
    if (r === 'paused' && m.now === before) break; // the scenario's own stop, and nothing more to run
    if (performance.now() - t0 >= CHUNK_MS) { await new Promise((res) => setImmediate(res)); t0 = performance.now(); }
  }
}

/**
 * Write the trace or pcap of `sim` (a fresh build of the machine on screen) up to `until`
 * cycles into `file`. Returns what the screen says about it; `liveHash`, the live machine's
 * trace hash when `until` is where it is now, is checked against the rebuilt run's.
 */
export async function exportRun(sim: Simulation, until: number, what: ExportKind, file: string, liveHash: string | null): Promise<string> {
  const m = sim.machine;
  const at = fmtClock(until, m.config.clockHz);
  if (what === 'pcap') {
    if (sim.wire === null) return `no pcap: ${sim.scenario.name} has no network (no NICs, so no frames)`;
    const w = new PcapWriter();
    sim.wire.tap((f, t) => w.add(f, m.cyclesToNs(t)));
    await runTo(sim, until);
    writeFileSync(file, w.bytes());
    return `${check(sim, liveHash)}wrote ${file}: ${fmtCount(w.frames)} frames up to t=${at}`;
  }
  const rec = new TraceRecorder(m);
  await runTo(sim, until);
  const trace = rec.finish();
  writeTraceFile(file, trace);
  return `${check(sim, liveHash)}wrote ${file}: ${fmtCount(trace.traceEvents.length)} trace events up to t=${at}`;
}

function check(sim: Simulation, liveHash: string | null): string {
  return liveHash === null || sim.machine.probe.traceHash() === liveHash ? '' : 'the run did not repeat itself (trace hashes differ): ';
}
