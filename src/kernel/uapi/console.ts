// What the operator's console can send the machine's processes (src/kernel/console-kill.ts):
// its signals, by name and by the kernel core's number (Linux's). The dashboard's menu and the
// scenario's `signals:` read this list.

import { SIGHUP, SIGINT, SIGQUIT, SIGKILL, SIGUSR1, SIGUSR2, SIGTERM } from './signal.ts';

/** The signals the console offers, in htop's order of usefulness: their names and the core's numbers. */
export const CONSOLE_SIGNALS: readonly { name: string; sig: number }[] = [
  { name: 'SIGTERM', sig: SIGTERM }, { name: 'SIGINT', sig: SIGINT }, { name: 'SIGHUP', sig: SIGHUP }, { name: 'SIGQUIT', sig: SIGQUIT },
  { name: 'SIGKILL', sig: SIGKILL }, { name: 'SIGUSR1', sig: SIGUSR1 }, { name: 'SIGUSR2', sig: SIGUSR2 },
];

/** A signal's core number from its name (`SIGTERM`, `TERM`) or number; null if the console does not offer it. */
export function consoleSignal(nameOrNumber: string | number): number | null {
  if (typeof nameOrNumber === 'number') return CONSOLE_SIGNALS.some((s) => s.sig === nameOrNumber) ? nameOrNumber : null;
  const n = nameOrNumber.trim().toUpperCase();
  const full = n.startsWith('SIG') ? n : `SIG${n}`;
  return CONSOLE_SIGNALS.find((s) => s.name === full)?.sig ?? null;
}

