// The hostile-syscall fuzzer's harness: run randcall (src/apps/c/randcall.ts)
// beside well-behaved processes on a machine of its own and check, after the
// run, what must hold however hostile the calls were:
//
//   - no oops (no JavaScript exception reached the kernel's entry);
//   - the neighbours printed and exited exactly as in a run without randcall;
//   - every return was in -4095..-1 or a valid result (an integer ≥ 0);
//   - frames in use are back to what the run without randcall leaves;
//   - no kernel object outlives every process: open files, threads, futex
//     queues, VMAs and resident pages;
//   - the same seed twice gives one trace hash.
//
// randcall may die of what it does (a signal it sent itself, a stack it unmapped)
// or block for good (accept on a socket nobody connects to): the harness, like a
// watchdog, kills a run that makes no progress for STALL_NS of simulated time and
// starts it again past the step it was in. Everything is driven by the seed, so a
// failing seed is a repro; shrink() cuts its step list down to a few calls.

import { Machine } from '../machine/machine.ts';
import { Kernel, takeOopses } from '../kernel/kernel.ts';
import { fileCount } from '../kernel/file.ts';
import { cProgram } from '../libc/libc.ts';
import { SYS } from '../kernel/uapi/syscalls.ts';
import { W_EXITCODE } from '../kernel/uapi/flags.ts';
import { SIGKILL, SIGALRM } from '../kernel/uapi/signal.ts';
import { sendSignal } from '../kernel/signal.ts';
import { compute } from '../machine/instr.ts';
import { genRandcall, randcallProgram, formatStep, type Step } from '../apps/c/randcall.ts';
import type { Process } from '../kernel/proc.ts';

/** A run that makes no progress for this long (simulated) is killed and started again past its step. */
const STALL_NS = 2e6;
const SLICE_NS = 1e6;
const MMAP_NR = SYS.mmap;

export interface FuzzResult {
  seed: number;
  calls: number;
  /** How many times randcall was started (1 + the restarts after a death or a stall). */
  starts: number;
  violations: string[];
  traceHash: string;
}

/** The neighbours: a pipe ping-pong with a futex and memory churn, and a compute-and-print loop. */
const neighbours = [
  cProgram('neighbour-pipe', function* (c) {
    const fds = yield* c.pipe();
    if (fds === -1) return 1;
    const buf = yield* c.malloc(256);
    let sum = 0;
    for (let i = 0; i < 40; i++) {
      const m = yield* c.mmap(0, 16 * 4096, 3, 0x22);
      yield* c.memset(m, 16 * 4096);
      yield* c.munmap(m, 16 * 4096);
      yield* c.write(fds[1], `msg ${i}`, 6 + String(i).length - 1);
      const n = yield* c.read(fds[0], buf, 256);
      sum += n;
      yield* c.futexWake(buf, 1);
      yield compute(200_000);
    }
    yield* c.printf('pipe neighbour moved %d bytes\n', sum);
    return 0;
  }),
  cProgram('neighbour-cpu', function* (c) {
    for (let i = 0; i < 10; i++) { yield compute(1_000_000); yield* c.printf('cpu neighbour %d\n', i); }
    return 3;
  }),
];

interface Observed { outs: string[]; statuses: (number | null)[]; framesInUse: number; traceHash: string }

function newMachine(seed: number): { m: Machine; k: Kernel } {
  const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 256 << 20, frameSize: 4096, seed });
  return { m, k: new Kernel(m) };
}

/**
 * Send `sig` to `procs` as kill(2) from another process would: in the kernel, on a core
 * (an event on core 0, so the kernel runs with a core as on every other entry).
 */
function signal(m: Machine, k: Kernel, procs: Process[], sig: number): void {
  m.at(m.now, 0, 'timer', () => {
    for (const p of procs) {
      if (p.state !== 'alive') continue;
      if (sig === SIGKILL) k.killProcess(p, W_EXITCODE(0, SIGKILL)); else sendSignal(k, p, sig, null);
    }
  });
}

/** Kill what is left and let it go. */
function killAll(m: Machine, k: Kernel): void {
  signal(m, k, [...k.procs.values()].filter((p) => p !== k.init && p.state === 'alive'), SIGKILL);
  m.run(m.now + m.nsToCycles(50e6));
}

/** Run until the neighbours are done (or `limitNs`), then end everything. */
function finish(m: Machine, k: Kernel, ns: Process[], limitNs: number): void {
  const stop = m.now + m.nsToCycles(limitNs);
  while (m.now < stop && ns.some((p) => p.state === 'alive') && m.halted === null) {
    if (m.run(Math.min(stop, m.now + m.nsToCycles(SLICE_NS))) === 'idle') break;
  }
  killAll(m, k);
}

function observe(m: Machine, k: Kernel, ns: Process[]): Observed {
  const snap = k.snapshot();
  const byPid = new Map(snap.procs.map((p) => [p.pid, p]));
  return {
    outs: ns.map((p) => byPid.get(p.pid)?.stdout ?? ''),
    statuses: ns.map((p) => byPid.get(p.pid)?.exitStatus ?? null),
    framesInUse: m.mem.inUse,
    traceHash: m.probe.traceHash(),
  };
}

const baselines = new Map<number, Observed>();
/** The neighbours alone, with this seed. */
function baseline(seed: number): Observed {
  let b = baselines.get(seed);
  if (b === undefined) {
    const { m, k } = newMachine(seed);
    const ns = neighbours.map((exe) => k.spawn(exe, [exe.name], {}));
    finish(m, k, ns, 2e9);
    b = observe(m, k, ns);
    baselines.set(seed, b);
  }
  return b;
}

/** One run of `steps` beside the neighbours: what was observed and what broke. */
function runOnce(seed: number, steps: readonly Step[]): { obs: Observed; violations: string[]; starts: number } {
  const violations: string[] = [];
  const filesBefore = fileCount.live;
  const { m, k } = newMachine(seed);
  const exe = randcallProgram('randcall', seed, steps);
  let current: Process | null = null;
  let step = -1; let progressAt = 0; let starts = 0;
  const fuzzPids = new Set<number>();
  m.probe.subscribe((ev) => {
    if (ev.kind === 'randcall_step' && current !== null && ev.pid === current.pid) { step = ev.a; progressAt = ev.t; return; }
    if (ev.kind !== 'syscall' || !fuzzPids.has(ev.pid)) return;
    const r = ev.b;
    const ok = Number.isInteger(r) && r >= -4095 && (ev.a !== MMAP_NR || r < 0 || r % 4096 === 0);
    if (!ok && violations.length < 10) violations.push(`return value ${r} from syscall ${ev.a} (pid ${ev.pid})`);
  });
  const ns = neighbours.map((e) => k.spawn(e, [e.name], {}));
  const startAt = (first: number): void => {
    current = k.spawn(exe, ['randcall', String(first)], {});
    fuzzPids.add(current.pid);
    progressAt = m.now; starts++;
  };
  startAt(0);
  const limit = m.now + m.nsToCycles(1e9 + steps.length * 2e6);
  let nudged = -2; // the step at which the watchdog last sent SIGALRM
  while (m.halted === null && m.now < limit) {
    const idle = m.run(m.now + m.nsToCycles(SLICE_NS)) === 'idle';
    for (const p of k.procs.values()) if (p.parent !== null && fuzzPids.has(p.parent.pid)) fuzzPids.add(p.pid);
    const cur = current as Process | null;
    if (cur === null) break;
    if (cur.state === 'alive' && (idle || m.now - progressAt > m.nsToCycles(STALL_NS))) {
      // The watchdog: a SIGALRM ends a call blocked for good; if that does not help, SIGKILL.
      if (nudged !== step) { nudged = step; signal(m, k, [cur], SIGALRM); } else signal(m, k, [cur], SIGKILL);
      progressAt = m.now;
      m.run(m.now + m.nsToCycles(SLICE_NS));
    }
    if (cur.state !== 'alive') {
      const next = step + 1;
      if (next >= steps.length) { current = null; break; }
      startAt(next);
    }
  }
  if (current !== null && (current as Process).state === 'alive') violations.push(`randcall still running at the time limit (step ${step} of ${steps.length})`);
  finish(m, k, ns, 2e9);
  const obs = observe(m, k, ns);
  if (k.oopses > 0) violations.push(...takeOopses().map((o) => o.split('\n')[0]!));
  if (m.halted !== null) violations.push(`machine halted: ${m.halted}`);
  if (k.threads.size !== 0) violations.push(`${k.threads.size} threads left after every process exited`);
  if (k.futexQueues.size !== 0) violations.push(`${k.futexQueues.size} futex queues left`);
  if (fileCount.live !== filesBefore) violations.push(`${fileCount.live - filesBefore} open files left after every process exited`);
  for (const p of k.procs.values()) {
    if (p === k.init) continue;
    if (p.state === 'alive') violations.push(`process ${p.pid} (${p.name}) still alive after SIGKILL`);
    if (p.mm.mapCount !== 0 || p.mm.rssPages !== 0) violations.push(`process ${p.pid} left ${p.mm.mapCount} VMAs and ${p.mm.rssPages} resident pages`);
  }
  return { obs, violations, starts };
}

/** Fuzz one seed with `calls` calls and check every invariant, including determinism (the seed run twice). */
export function fuzzSeed(seed: number, calls: number, opts: { determinism?: boolean } = {}): FuzzResult {
  return fuzzSteps(seed, genRandcall(seed, calls), opts);
}

export function fuzzSteps(seed: number, steps: readonly Step[], opts: { determinism?: boolean } = {}): FuzzResult {
  const base = baseline(seed);
  const { obs, violations, starts } = runOnce(seed, steps);
  obs.outs.forEach((out, i) => {
    if (out !== base.outs[i]) violations.push(`neighbour ${i} printed ${JSON.stringify(out.slice(0, 80))}, alone ${JSON.stringify(base.outs[i]!.slice(0, 80))}`);
    if (obs.statuses[i] !== base.statuses[i]) violations.push(`neighbour ${i} exited ${obs.statuses[i]}, alone ${base.statuses[i]}`);
  });
  if (obs.framesInUse !== base.framesInUse) violations.push(`${obs.framesInUse} frames in use at the end, ${base.framesInUse} without randcall`);
  if (opts.determinism !== false) {
    const again = runOnce(seed, steps);
    if (again.obs.traceHash !== obs.traceHash) violations.push(`trace hash ${obs.traceHash} then ${again.obs.traceHash} for the same seed`);
  }
  return { seed, calls: steps.length, starts, violations, traceHash: obs.traceHash };
}

/**
 * A short list of steps that still breaks an invariant (ddmin over the steps): the
 * repro to print for a failing seed. Determinism is left out while shrinking (a
 * failure of it is reported as found).
 */
export function shrink(seed: number, steps: readonly Step[], budget = 200): Step[] {
  const fails = (s: readonly Step[]): boolean => fuzzSteps(seed, s, { determinism: false }).violations.length > 0;
  let cur = [...steps]; let n = 2; let tries = 0;
  while (cur.length >= 2 && tries < budget) {
    const chunk = Math.ceil(cur.length / n); let cut = false;
    for (let i = 0; i < cur.length && tries < budget; i += chunk) {
      const cand = [...cur.slice(0, i), ...cur.slice(i + chunk)];
      tries++;
      if (cand.length > 0 && fails(cand)) { cur = cand; n = Math.max(n - 1, 2); cut = true; break; }
    }
    if (!cut) { if (n >= cur.length) break; n = Math.min(cur.length, n * 2); }
  }
  return cur;
}

export { formatStep, genRandcall };
