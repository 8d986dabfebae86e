// The Chrome trace exporter against the Trace Event format's rules, on a real run
// (C threads and spinners) and on a synthetic stream of Go runtime events.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { BUILTIN_PROGRAMS } from '../../src/apps/index.ts';
import { GO_EVENTS } from '../../src/runtime/snapshot.ts';
import { MACHINE_PID, TRACK, TraceRecorder, writeTraceFile, type TraceEvent, type TraceFile } from '../../src/scenario/trace.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function machine(cores = 2): { m: Machine; k: Kernel } {
  const m = new Machine({ cores, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  return { m, k: new Kernel(m) };
}

/** The rules every trace must keep; returns the problems found. */
function violations(file: TraceFile): string[] {
  const bad: string[] = [];
  const slices = new Map<string, TraceEvent[]>();
  const flows = new Map<number, { s: number; f: number }>();
  for (const e of file.traceEvents) {
    if (typeof e.name !== 'string' || e.name === '') bad.push(`no name: ${JSON.stringify(e)}`);
    if (typeof e.ph !== 'string') bad.push(`no ph: ${JSON.stringify(e)}`);
    if (typeof e.ts !== 'number' || !Number.isFinite(e.ts) || e.ts < 0) bad.push(`bad ts: ${JSON.stringify(e)}`);
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid)) bad.push(`bad pid/tid: ${JSON.stringify(e)}`);
    if (e.ph === 'X') {
      if (typeof e.dur !== 'number' || !(e.dur >= 0)) bad.push(`bad dur: ${JSON.stringify(e)}`);
      const key = `${e.pid}/${e.tid}`;
      (slices.get(key) ?? slices.set(key, []).get(key)!).push(e);
    }
    if (e.ph === 's' || e.ph === 'f') {
      const f = flows.get(e.id!) ?? { s: 0, f: 0 };
      f[e.ph]++;
      flows.set(e.id!, f);
      if (e.ph === 'f' && e.bp !== 'e') bad.push(`flow end not bound to its enclosing slice: ${JSON.stringify(e)}`);
    }
    if (e.ph === 'C' && (e.args === undefined || Object.values(e.args).some((v) => typeof v !== 'number'))) bad.push(`counter without numeric args: ${JSON.stringify(e)}`);
  }
  for (const [key, list] of slices) {
    list.sort((a, b) => a.ts - b.ts);
    for (let i = 1; i < list.length; i++) {
      const p = list[i - 1]!; const c = list[i]!;
      if (c.ts < p.ts + p.dur! - 1e-6) bad.push(`overlap on ${key}: ${p.name}@${p.ts}+${p.dur} and ${c.name}@${c.ts}`);
    }
  }
  for (const [id, f] of flows) if (f.s !== 1 || f.f !== 1) bad.push(`flow ${id} has ${f.s} starts and ${f.f} ends`);
  return bad;
}

describe('Chrome trace export', () => {
  it('keeps the Trace Event rules on a run of C threads and spinners, in microseconds', () => {
    const { m, k } = machine(2);
    const rec = new TraceRecorder(m);
    k.spawn(BUILTIN_PROGRAMS.threads!, ['threads'], {});
    k.spawn(BUILTIN_PROGRAMS.spin!, ['spin', '3', '20'], {});
    m.run(m.nsToCycles(50e6));
    const file = rec.finish();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'gomachine-trace-')), 'trace.json');
    writeTraceFile(out, file);
    const back = JSON.parse(readFileSync(out, 'utf8')) as TraceFile;
    expect(back).toEqual(JSON.parse(JSON.stringify(file)));
    expect(violations(back)).toEqual([]);
    const ev = back.traceEvents;
    const maxEnd = Math.max(...ev.map((e) => e.ts + (e.dur ?? 0)));
    expect(maxEnd).toBeGreaterThan(19_000); // the spinners run 20 ms of simulated time
    expect(maxEnd).toBeLessThanOrEqual(m.cyclesToNs(m.now) / 1e3 + 1e-6);
    // Cores show which thread ran; threads show blocking on futex (pthread_join); syscalls are slices.
    expect(ev.some((e) => e.ph === 'X' && e.pid === MACHINE_PID && e.tid < TRACK.coreSyscalls && /^spin\[\d+\]$/.test(e.name))).toBe(true);
    expect(ev.some((e) => e.ph === 'X' && e.name === 'blocked: futex')).toBe(true);
    expect(ev.some((e) => e.ph === 'X' && e.name === 'clock_gettime' && e.tid >= TRACK.threadSyscalls)).toBe(true);
    expect(ev.some((e) => e.ph === 'X' && e.name.startsWith('running cpu'))).toBe(true);
    expect(ev.some((e) => e.ph === 'C' && e.name === 'run queue' && e.pid === MACHINE_PID)).toBe(true);
    expect(ev.filter((e) => e.ph === 's' && e.name === 'wakeup').length).toBeGreaterThan(0);
    expect(ev.some((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name: string }).name === 'cpu0')).toBe(true);
  });

  it('draws goroutines, Ps, GC phases, stop-the-world pauses and unblock flows from the runtime events', () => {
    const { m, k } = machine(1);
    const rec = new TraceRecorder(m);
    k.spawn(BUILTIN_PROGRAMS.hello!, ['hello'], {});
    const bus = m.probe; const pid = 100; const us = (x: number): number => m.nsToCycles(x * 1e3);
    bus.emit(GO_EVENTS.goCreate, us(1), 0, pid, pid, 1, 0, 'main.main');
    bus.emit(GO_EVENTS.mStatus, us(1), 0, pid, pid, 0, 0, 'running');
    bus.emit(GO_EVENTS.mStatus, us(6), 0, pid, pid, 0, 0, 'spinning');
    bus.emit(GO_EVENTS.mStatus, us(8), 0, pid, pid, 0, 0, 'idle');
    bus.emit(GO_EVENTS.goStatus, us(2), 0, pid, pid, 1, 0, '_Grunning');
    bus.emit(GO_EVENTS.goCreate, us(3), 0, pid, pid, 2, 1, 'main.worker');
    bus.emit(GO_EVENTS.goStatus, us(4), 0, pid, pid, 1, 0, '_Gwaiting:chan receive');
    bus.emit(GO_EVENTS.goStatus, us(5), 0, pid, pid, 2, 0, '_Grunning');
    bus.emit(GO_EVENTS.stw, us(5.5), 0, pid, pid, 2, 0, 'GC sweep termination');
    bus.emit(GO_EVENTS.gcPhase, us(6), 0, pid, pid, 4 << 20, 8 << 20, 'mark');
    bus.emit(GO_EVENTS.stw, us(6.5), 0, pid, pid, 1000, 1, '');
    bus.emit(GO_EVENTS.goUnblock, us(7), 0, pid, pid, 1, 2, '');
    bus.emit(GO_EVENTS.goStatus, us(7), 0, pid, pid, 1, -1, '_Grunnable');
    bus.emit(GO_EVENTS.goStatus, us(8), 0, pid, pid, 2, 0, '_Gdead');
    bus.emit(GO_EVENTS.gcPhase, us(9), 0, pid, pid, 3 << 20, 8 << 20, 'off');
    bus.emit(GO_EVENTS.goStatus, us(10), 0, pid, pid, 1, 0, '_Grunning');
    m.run(m.nsToCycles(20e3));
    const file = rec.finish();
    expect(violations(file)).toEqual([]);
    const g1 = file.traceEvents.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === TRACK.g + 1).map((e) => [e.name, e.ts, e.dur]);
    expect(g1.slice(0, 4)).toEqual([['runnable', 1, 1], ['running P0', 2, 2], ['waiting: chan receive', 4, 3], ['runnable', 7, 3]]);
    const p0 = file.traceEvents.filter((e) => e.ph === 'X' && e.tid === TRACK.p).map((e) => [e.name, e.ts, e.dur]);
    expect(p0.slice(0, 2)).toEqual([['g1', 2, 2], ['g2', 5, 3]]);
    expect(file.traceEvents.filter((e) => e.tid === TRACK.gc && e.ph === 'X').map((e) => [e.name, e.ts, e.dur])).toEqual([['GC mark', 6, 3]]);
    expect(file.traceEvents.filter((e) => e.tid === TRACK.stw && e.ph === 'X').map((e) => [e.name, e.ts, e.dur])).toEqual([['STW: GC sweep termination', 5.5, 1]]);
    expect(file.traceEvents.filter((e) => e.tid === TRACK.m && e.ph === 'X').map((e) => [e.name, e.ts, e.dur])).toEqual([['running', 1, 5], ['spinning', 6, 2], ['idle', 8, 12]]);
    const flow = file.traceEvents.filter((e) => e.cat === 'flow' && e.name === 'unblock');
    expect(flow.map((e) => [e.ph, e.tid, e.ts])).toEqual([['s', TRACK.g + 2, 7], ['f', TRACK.g + 1, 10]]);
  });
});
