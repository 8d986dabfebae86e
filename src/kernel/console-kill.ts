// Signals from the operator's console: what a person at the machine sends its
// processes — htop's `k`, `kill -TERM 200` typed at a shell outside the run, a
// scenario's `signals:` — without a process of the machine making a system call.
//
// The console is a device: its request arrives as an interrupt on CPU 0, and the
// handler sends the signal as kill(2) (to a process) or tgkill(2) (to one of its
// threads) would, through the same send_signal: a fatal default action takes the
// group down at once, a handler runs when a thread of the target next returns to
// user mode, a thread asleep interruptibly is woken, one running on another core is
// kicked. Signals are numbered as the kernel core numbers them (Linux's); each
// personality's user code sees its own numbers.
//
// The interrupt is scheduled with the machine's atLast: after every event the run
// itself schedules for the same cycle, so a replay that schedules it when the
// machine is built again is the same run as the live one it was typed into.

import type { Kernel } from './kernel.ts';
import type { MachineEvent } from '../machine/event-queue.ts';
import { sendSignal } from './signal.ts';
import { signalName } from './uapi/signal.ts';
import { consoleSignal } from './uapi/console.ts';

/**
 * Whom a console signal goes to: a process (by pid, found when the signal is sent: a name the
 * operator typed resolves to a pid only once that process exists), and optionally one of its threads.
 * `label` is how the operator named it, for the log.
 */
export interface ConsoleTarget { pid: () => number | undefined; tid?: number; label: string }

/** The console's interrupt (CPU 0) at `at` cycles: send `sig` to `target` then. */
export function scheduleConsoleKill(k: Kernel, at: number, target: ConsoleTarget, sig: number): void {
  if (consoleSignal(sig) === null) throw new Error(`assertion: the console does not send signal ${sig}`);
  k.m.atLast(at, 0, 'device', (_ev: MachineEvent) => { consoleKill(k, target, sig); });
}

/** The handler: find the target as kill(1) would and send the signal; a target that is gone is logged as the shell's kill says it. */
export function consoleKill(k: Kernel, target: ConsoleTarget, sig: number): void {
  const pid = target.pid();
  const p = pid === undefined ? undefined : k.procs.get(pid);
  const t = target.tid === undefined ? null : k.threads.get(target.tid);
  const gone = p === undefined || p.state !== 'alive' || p.exiting || p === k.init || (t !== null && (t === undefined || t.proc !== p || t.state === 'dead'));
  if (gone) { k.log(`console: kill -${signalName(sig).slice(3)} ${target.label}: No such process`); return; }
  k.log(`console: ${signalName(sig)} to ${t !== null && t !== undefined ? `thread ${t.tid} of ` : ''}${p.name}[${p.pid}]`);
  sendSignal(k, p, sig, t ?? null);
}
