// The dashboard's simulation thread. The machines run here, never on the thread
// that draws the screen and reads the keyboard, so a key is answered at once
// however long a slice of simulation takes, and the screen never freezes.
//
// Protocol (protocol.ts): the screen sends `init` (which scenario, which
// variants, seed, speed), then actions, table queries, replays and `quit`; this
// thread answers with boot progress, then a frame whenever something changed —
// each machine's model as a delta against the last one sent (delta.ts), at
// most one frame in flight until the screen acknowledges it.

import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario, selectVariant, raceScenario, type Scenario } from '../scenario/loader.ts';
import { Simulation } from '../scenario/runner.ts';
import { Driver, setSummarizer } from './driver.ts';
import { summarize } from './summary.ts';
import { diffModel } from './delta.ts';
import type { DashModel } from './state.ts';
import type { FromSim, SimInit, ToSim } from './protocol.ts';
import { FRAME_MS, FRAME_BUDGET_MS } from './protocol.ts';

const port = parentPort!;
const post = (m: FromSim): void => port.postMessage(m);

async function main(init: SimInit): Promise<void> {
  const files = new Map<string, Scenario>();
  for (const r of init.runs) {
    if (files.has(r.file)) continue;
    post({ type: 'boot', text: `loading ${r.file}` });
    const s = await loadScenario(r.file);
    files.set(r.file, init.race === true ? raceScenario(s) : s);
  }
  const first = files.get(init.runs[0]!.file)!;
  const seed = init.seed ?? first.spec.seed;
  const build = (): Simulation[] => init.runs.map((r) => new Simulation(selectVariant(files.get(r.file)!, r.variant ?? undefined), { seed, ...(init.lint === true ? { lint: {} } : {}) }));
  setSummarizer(summarize);
  const n = init.runs.length;
  post({ type: 'boot', text: `booting ${n} machine${n === 1 ? '' : 's'} (${first.name}, seed ${seed})` });
  // The waking interrupt (protocol.ts): the screen's thread counts its messages here; a frame ends early while some are unread.
  const wake = init.wake !== undefined ? new Int32Array(init.wake) : null;
  let read = 0;
  const interrupted = (): boolean => wake !== null && Atomics.load(wake, 0) !== read;
  const driver = new Driver({ build, ...(init.speed !== undefined ? { speed: init.speed } : {}), paused: init.paused === true, interrupted });
  post({ type: 'ready', titles: driver.simulations.map((s) => s.scenario.name), scenario: first.name, seed });

  let sent: (DashModel | null)[] = driver.sessions.map(() => null);
  let lastTable: unknown = null; let lastSummary: unknown = null;
  let inFlight = false; let stopped = false;
  let last = performance.now();
  let gen = 0;

  const send = (f: ReturnType<Driver['frame']>): void => {
    if (inFlight) return;
    const changed = f.models.some((m, i) => m !== sent[i]) || f.table !== lastTable || f.summary !== lastSummary;
    if (!changed) return;
    const deltas = f.models.map((m, i) => (m === sent[i] ? null : diffModel(sent[i] ?? null, m)));
    post({ type: 'frame', gen, deltas, table: f.table !== lastTable ? f.table : undefined, summary: f.summary !== lastSummary ? f.summary : undefined, replaying: driver.replaying });
    sent = f.models.slice(); lastTable = f.table; lastSummary = f.summary;
    inFlight = true;
  };

  const tick = (): void => {
    if (stopped) return;
    const start = performance.now();
    const dt = Math.min(200, start - last); last = start;
    send(driver.frame(dt, FRAME_BUDGET_MS));
    setTimeout(tick, Math.max(1, FRAME_MS - (performance.now() - start)));
  };

  port.on('message', (m: ToSim) => {
    if (m.type !== 'ack') read++;
    switch (m.type) {
      case 'ack': inFlight = false; break;
      case 'act': send(driver.act(m.action)); break;
      case 'query': driver.query = m.query; break;
      case 'replay':
        gen++;
        sent = driver.sessions.map(() => null); lastTable = null; lastSummary = null; inFlight = false;
        send(driver.replayTo(m.cycles, m.speed, m.events));
        break;
      case 'signal': post({ type: 'notice', text: driver.signal(m.machine, m.pid, m.tid, m.sig) }); break;
      case 'export': void driver.exportSoFar(m.what, m.machine, m.until, process.cwd()).then((text) => post({ type: 'notice', text })); break;
      case 'quit': stopped = true; driver.dispose(); port.close(); break;
    }
  });
  tick();
}

main(workerData as SimInit).catch((e: unknown) => {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
});
