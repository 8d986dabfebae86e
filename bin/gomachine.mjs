#!/usr/bin/env node
// The `gomachine` command: runs the CLI built from the TypeScript sources into JavaScript
// (scripts/build.mjs; built again first when the sources changed since), so that a run does
// not compile TypeScript as it starts. GOMACHINE_FROM_SOURCE=1 runs the sources through tsx.
//
// `gomachine dash` on a terminal draws its first frame here, before any of the
// sources are loaded (that takes a second or more), so the screen is never blank:
// the dashboard replaces it with its own as soon as it is up. If the command
// fails before that, the terminal is given back as it was.

import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
if (args[0] === 'dash' && process.stdin.isTTY && process.stdout.isTTY && !args.includes('-h') && !args.includes('--help')) {
  const cols = process.stdout.columns || 80;
  const head = ' ◌ booting │ t=0.000000s │ speed 10ms/s │ gomachine'.slice(0, cols).padEnd(cols);
  process.stdout.write(`\x1b[?1049h\x1b[H\x1b[2J\x1b[7m${head}\x1b[0m\r\n  loading the scenario and the dashboard…`);
  // drawnAtMs: when this first frame was written, in ms since the process started (GOMACHINE_DASH_STATS reports it).
  globalThis.gomachineBootScreen = { restore: () => process.stdout.write('\x1b[?1049l\x1b[?25h'), drawnAtMs: performance.now() };
}

if (process.env.GOMACHINE_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
} else {
  const { ensureBuilt } = await import('../scripts/build.mjs');
  await import(pathToFileURL(path.join(await ensureBuilt(), 'cli.js')).href);
}
