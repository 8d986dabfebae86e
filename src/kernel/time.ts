// Time: clocks and sleeping (Linux's kernel/time). The machine's clock is the
// only clock: CLOCK_MONOTONIC counts from boot; CLOCK_REALTIME adds a fixed
// epoch offset so that wall-clock values look like wall-clock values without
// ever reading the host's clock.

import type { Kernel } from './kernel.ts';
import { Wake, type Thread } from './proc.ts';
import type { SysResult } from './file.ts';
import { EINVAL, EFAULT, EINTR } from './uapi/errno.ts';
import { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID } from './uapi/flags.ts';
import { encodeTimespec } from './uapi/structs.ts';

/** 2026-01-01T00:00:00Z: what CLOCK_REALTIME reads at boot. Fixed, so runs are reproducible. */
export const REALTIME_EPOCH_NS = 1_767_225_600 * 1e9;
const TIMER_ABSTIME = 1;

/** Read a user timespec as ns; a negative errno if unreadable (EFAULT) or invalid (EINVAL). */
export function readTimespecAt(t: Thread, addr: number): number {
  const b = t.proc.mm.copyIn(addr, 16);
  if (typeof b === 'number') return -EFAULT;
  const dv = new DataView(b.buffer);
  const sec = Number(dv.getBigInt64(0, true)); const nsec = Number(dv.getBigInt64(8, true));
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -EINVAL;
  return sec * 1e9 + nsec;
}

function clockNs(k: Kernel, t: Thread, clock: number): number {
  const now = k.cyclesToNs(k.now());
  switch (clock) {
    case CLOCK_REALTIME: return REALTIME_EPOCH_NS + now;
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_BOOTTIME: return now;
    case CLOCK_PROCESS_CPUTIME_ID: {
      let c = t.proc.utime + t.proc.stime; // the exited threads' share (thread_group_cputime)
      for (const x of t.proc.threads) c += k.taskSchedRuntime(x);
      return k.cyclesToNs(c);
    }
    case CLOCK_THREAD_CPUTIME_ID: return k.cyclesToNs(k.taskSchedRuntime(t));
    default: return -1;
  }
}

export function sys_clock_gettime(k: Kernel, t: Thread, clock: number, tp: number): SysResult {
  const ns = clockNs(k, t, clock);
  if (ns < 0) return -EINVAL;
  return t.proc.mm.copyOut(tp, encodeTimespec(Math.floor(ns))) < 0 ? -EFAULT : 0;
}

function sleepCommon(k: Kernel, t: Thread, clock: number, flags: number, req: number, rem: number, name: string): SysResult {
  if (t.wake === Wake.Timeout) return 0;
  if (t.wake === Wake.Signal) {
    if (rem !== 0 && (flags & TIMER_ABSTIME) === 0) {
      const left = Math.max(0, k.cyclesToNs(t.deadline - k.now()));
      t.proc.mm.copyOut(rem, encodeTimespec(Math.floor(left)));
    }
    return -EINTR; // nanosleep is never restarted after a handler, whatever SA_RESTART says (signal(7))
  }
  if (t.deadline >= 0) return k.sleep(t, name, t.deadline); // spurious wake-up: sleep on
  const ns = readTimespecAt(t, req);
  if (ns < 0) return ns;
  if (clockNs(k, t, clock) < 0 || clock === CLOCK_THREAD_CPUTIME_ID) return -EINVAL;
  let deadline: number;
  if ((flags & TIMER_ABSTIME) !== 0) {
    const nowClock = clockNs(k, t, clock);
    deadline = k.now() + k.nsToCycles(Math.max(0, ns - nowClock));
  } else deadline = k.now() + k.nsToCycles(ns);
  return k.sleep(t, name, deadline);
}

export function sys_nanosleep(k: Kernel, t: Thread, req: number, rem: number): SysResult {
  return sleepCommon(k, t, CLOCK_MONOTONIC, 0, req, rem, 'nanosleep');
}

export function sys_clock_nanosleep(k: Kernel, t: Thread, clock: number, flags: number, req: number, rem: number): SysResult {
  const r = sleepCommon(k, t, clock, flags, req, rem, 'nanosleep');
  return typeof r === 'number' && r < 0 ? r : r; // clock_nanosleep returns the error number itself; libc negates
}

export function sys_gettimeofday(k: Kernel, t: Thread, tv: number): SysResult {
  if (tv === 0) return 0;
  const ns = REALTIME_EPOCH_NS + k.cyclesToNs(k.now());
  const b = new Uint8Array(16); const dv = new DataView(b.buffer);
  dv.setBigInt64(0, BigInt(Math.floor(ns / 1e9)), true);
  dv.setBigInt64(8, BigInt(Math.floor((ns % 1e9) / 1000)), true);
  return t.proc.mm.copyOut(tv, b) < 0 ? -EFAULT : 0;
}
