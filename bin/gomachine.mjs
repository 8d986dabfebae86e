#!/usr/bin/env node
// The `gomachine` command: loads the TypeScript sources through tsx and runs the CLI.
//
// `gomachine dash` on a terminal draws its first frame here, before any of the
// sources are loaded (that takes a second or more), so the screen is never blank:
// the dashboard replaces it with its own as soon as it is up. If the command
// fails before that, the terminal is given back as it was.
import { register } from 'tsx/esm/api';

const args = process.argv.slice(2);
if (args[0] === 'dash' && process.stdin.isTTY && process.stdout.isTTY && !args.includes('-h') && !args.includes('--help')) {
  const cols = process.stdout.columns || 80;
  const head = ' ◌ booting │ t=0.000000s │ speed 10ms/s │ gomachine'.slice(0, cols).padEnd(cols);
  process.stdout.write(`\x1b[?1049h\x1b[H\x1b[2J\x1b[7m${head}\x1b[0m\r\n  loading the scenario and the dashboard…`);
  globalThis.gomachineBootScreen = { restore: () => process.stdout.write('\x1b[?1049l\x1b[?25h') };
}

register();
await import('../src/cli.ts');
