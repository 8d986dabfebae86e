// runDashboard: the live terminal dashboard on one machine, or two side by side
// (compare mode: same seed and workload, e.g. a C-style app on one and a
// Go-style one on the other). It takes the whole terminal (the alternate
// screen) and gives it back as it was on quit (q, Ctrl-C) or SIGTERM.
//
// The machines are driven only through their public controls (run until,
// pause) and observed only through their probe buses.

import { render } from 'ink';
import type { Machine } from '../machine/machine.ts';
import { App } from './app.tsx';
import { Session } from './session.ts';

export { Session, SPEEDS, framesInStep } from './session.ts';
export { Screen, App, handleKey, initialUi, type UiState } from './app.tsx';

/** A machine to show: built by hand, or a scenario's Simulation (src/scenario/runner.ts). */
export interface DashboardTarget {
  title: string;
  machine: Machine;
  /** Stop at this simulated time (cycles). */
  limitCycles?: number;
}

/** The shape of a scenario Simulation that the dashboard needs. */
export interface SimulationLike { scenario: { name: string }; machine: Machine; limitCycles: number }

export interface DashboardOptions {
  target: DashboardTarget | SimulationLike;
  /** A second machine, shown side by side. */
  compare?: DashboardTarget | SimulationLike;
  /** Initial speed, simulated ns per wall second (default 10 ms/s). */
  speed?: number;
  /** Start paused. */
  paused?: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

function toTarget(t: DashboardTarget | SimulationLike): DashboardTarget {
  if ('scenario' in t) return { title: t.scenario.name, machine: t.machine, limitCycles: t.limitCycles };
  return t;
}

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
const ALT_SCREEN_OFF = '\x1b[?1049l';
const CURSOR_SHOW = '\x1b[?25h';

/** Run the dashboard until the user quits. Needs a terminal on stdin and stdout. */
export async function runDashboard(opts: DashboardOptions): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (!stdin.isTTY || !stdout.isTTY) throw new Error('the dashboard needs an interactive terminal (stdin and stdout must be a TTY); use `gomachine run` for a report');
  const targets = [opts.target, ...(opts.compare !== undefined ? [opts.compare] : [])].map(toTarget);
  const sessions = targets.map((t) => new Session({
    title: t.title, machine: t.machine,
    ...(t.limitCycles !== undefined ? { limitCycles: t.limitCycles } : {}),
    ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
    ...(opts.paused !== undefined ? { paused: opts.paused } : {}),
  }));
  stdout.write(ALT_SCREEN_ON);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(ALT_SCREEN_OFF + CURSOR_SHOW);
  };
  const instance = render(<App sessions={sessions} />, { stdin, stdout, exitOnCtrlC: false, patchConsole: false, maxFps: 30 });
  const onSignal = (): void => { instance.unmount(); };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    for (const s of sessions) s.dispose();
    instance.cleanup();
    restore();
  }
}
