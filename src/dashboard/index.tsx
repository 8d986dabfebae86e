// runDashboard: the live terminal dashboard on every variant of a scenario (or
// one, or two chosen ones). It takes the whole terminal (the alternate screen)
// and gives it back as it was on quit (q, Ctrl-C) or SIGTERM.
//
// The machines run in a worker thread (worker.ts, through WorkerSource); this
// thread only draws and reads keys, so a key is answered at once and the screen
// never freezes. The machines are driven only through their public controls
// (run until, pause) and observed only through their probe buses.

import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { render } from 'ink';
import { App } from './app.tsx';
import { WorkerSource, type Source } from './source.ts';
import type { SimInit } from './protocol.ts';
import { adoptBootScreen, bootFrameAtMs } from './boot-screen.ts';

export { Session, SPEEDS, framesInStep } from './session.ts';
export { Screen, App, handleKey, initialUi, type UiState } from './app.tsx';

export interface DashboardOptions {
  /** The scenario and variants to run in the simulation thread... */
  init?: SimInit;
  /** ...or a source of models made by the caller (tests). */
  source?: Source;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

export const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H\x1b[2J';
export const ALT_SCREEN_OFF = '\x1b[?1049l';
const CURSOR_SHOW = '\x1b[?25h';

/**
 * How responsive the screen's thread was, for the terminal tests (GOMACHINE_DASH_STATS=file
 * writes it as JSON on quit): the event loop's delay (how late a timer fires: a busy or
 * starved thread shows here) and, per key, the wall time until the screen drawn after it.
 */
class ResponsivenessStats {
  readonly keys: number[] = [];
  /** Milliseconds since the process started: the boot frame written, the dashboard's first frame drawn, the first frame with the machines. */
  readonly firstFrames: { bootMs: number | null; dashboardMs: number | null; machinesMs: number | null } = { bootMs: null, dashboardMs: null, machinesMs: null };
  private readonly loop = monitorEventLoopDelay({ resolution: 5 });
  constructor() { this.loop.enable(); }
  write(file: string): void {
    this.loop.disable();
    const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
    writeFileSync(file, JSON.stringify({
      eventLoopDelayMs: { p50: ms(this.loop.percentile(50)), p99: ms(this.loop.percentile(99)), max: ms(this.loop.max) },
      keyAnsweredMs: this.keys.map((x) => Math.round(x * 100) / 100),
      firstFrameMs: this.firstFrames,
    }));
  }
}

/** Run the dashboard until the user quits. Needs a terminal on stdin and stdout. */
export async function runDashboard(opts: DashboardOptions): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (!stdin.isTTY || !stdout.isTTY) throw new Error('the dashboard needs an interactive terminal (stdin and stdout must be a TTY); use `gomachine run` for a report');
  if (opts.source === undefined && opts.init === undefined) throw new Error('runDashboard: give a scenario (init) or a source');
  const source = opts.source ?? new WorkerSource(opts.init!);
  const stats = process.env.GOMACHINE_DASH_STATS !== undefined ? new ResponsivenessStats() : null;
  if (stats !== null) stats.firstFrames.bootMs = bootFrameAtMs();
  adoptBootScreen();
  stdout.write(ALT_SCREEN_ON);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(ALT_SCREEN_OFF + CURSOR_SHOW);
  };
  const hooks = stats === null ? {} : {
    onKeyAnswered: (ms: number) => stats.keys.push(ms),
    onFirstModels: () => { stats.firstFrames.machinesMs = performance.now(); },
  };
  const instance = render(<App source={source} {...hooks} />, { stdin, stdout, exitOnCtrlC: false, patchConsole: false, maxFps: 30 });
  if (stats !== null) stats.firstFrames.dashboardMs = performance.now(); // Ink draws the first frame as it renders
  const onSignal = (): void => { instance.unmount(); };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    instance.cleanup();
    restore();
    await source.close();
    if (stats !== null) stats.write(process.env.GOMACHINE_DASH_STATS!);
  }
}
