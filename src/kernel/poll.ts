// poll(2) and ppoll(2) (Linux's fs/select.c, do_sys_poll). Each pass asks every
// file for its readiness (f_op->poll); if nothing is ready and there is time
// left, the thread hooks a waiter on each file's pollWait — where the file's
// notify() will find it — and sleeps; when woken it runs the pass again. This is
// the one place that looks at every fd, and it looks only at the fds it was
// given, as Linux does. An epoll fd is readable while it has ready items, with
// epoll's own consumption rules (EpollFile.poll).
//
// As in Linux, the waits are queued on the first pass that sleeps, one entry per
// file (poll_initwait / __pollwait), and each entry holds a reference to its
// file until the call returns (poll_freewait): a file whose fd another thread
// closes meanwhile stays open, its wake-ups still end the sleep, and the next
// pass, which looks the fds up again, reports the closed fd as POLLNVAL.
//
// A signal ends the wait: -ERESTARTNOHAND without a timeout (the call restarts if
// no handler runs, else the caller sees EINTR), -EINTR with one. ppoll installs a
// temporary signal mask for the duration, kept until the handler of a signal that
// interrupted it has run (saved_sigmask).

import type { Kernel } from './kernel.ts';
import { Wake, type Thread } from './proc.ts';
import { BLOCK, type File, type SysResult } from './file.ts';
import { defineSyscall } from './syscall.ts';
import { sigbit } from './signal.ts';
import { readTimespecAt } from './time.ts';
import { COSTS } from '../machine/costs.ts';
import * as E from './uapi/errno.ts';
import { POLLNVAL, POLLERR, POLLHUP } from './uapi/flags.ts';
import { pollfd } from './uapi/structs.ts';
import { SIGKILL, SIGSTOP } from './uapi/signal.ts';

/** set_user_sigmask: install the mask at `uaddr` for the call's duration. 0 or a negative errno. */
export function installTempSigmask(t: Thread, uaddr: number, sigsetsize: number): number {
  if (uaddr === 0) return 0;
  if (sigsetsize !== 8) return -E.EINVAL;
  const b = t.proc.mm.copyIn(uaddr, 8);
  if (typeof b === 'number') return -E.EFAULT;
  const set = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  if (t.savedSigmask === null) t.savedSigmask = t.sigmask;
  t.sigmask = set & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
  return 0;
}

/** restore_saved_sigmask_unless(interrupted): an interrupted call keeps the mask until signal delivery. */
export function finishTempSigmask(t: Thread, r: SysResult): void {
  if (r === BLOCK || t.savedSigmask === null) return;
  if (r === -E.EINTR || r === -E.ERESTARTNOHAND) return;
  t.sigmask = t.savedSigmask; t.savedSigmask = null;
}

interface PollScratch {
  infinite: boolean;
  zero: boolean;
  /** The poll table: each file waited on, with the union of the events asked of it; null until the first sleep. */
  table: Map<File, number> | null;
}

function doPoll(k: Kernel, t: Thread, ufds: number, nfds: number, timeoutNs: number | null): SysResult {
  let s = t.sysScratch as PollScratch | undefined;
  const mm = t.proc.mm;
  if (s === undefined) {
    if (nfds < 0 || nfds > t.proc.fds.limit) return -E.EINVAL; // Linux's nfds limit: RLIMIT_NOFILE
    s = { infinite: timeoutNs === null, zero: timeoutNs === 0, table: null };
    t.sysScratch = s;
    if (timeoutNs !== null && timeoutNs > 0) t.deadline = k.now() + k.nsToCycles(timeoutNs);
  }
  const b = nfds === 0 ? new Uint8Array(0) : mm.copyIn(ufds, nfds * pollfd.size);
  if (typeof b === 'number') return -E.EFAULT;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let count = 0;
  for (let i = 0; i < nfds; i++) {
    const off = i * pollfd.size;
    const fd = dv.getInt32(off + pollfd.fd, true);
    const want = (dv.getUint16(off + pollfd.events, true) | POLLERR | POLLHUP) & 0xffff;
    let rev = 0;
    if (fd >= 0) {
      k.core.chargeKernel(COSTS.pollPerFd.cycles);
      const f = t.proc.fds.get(fd);
      rev = f === null ? POLLNVAL : f.poll() & want;
    }
    dv.setUint16(off + pollfd.revents, rev, true);
    if (rev !== 0) count++;
  }
  const done = count > 0 || s.zero || (t.deadline >= 0 && (t.wake === Wake.Timeout || k.now() >= t.deadline));
  if (done) return nfds === 0 || mm.copyOut(ufds, b) === 0 ? count : -E.EFAULT;
  if (t.wake === Wake.Signal) return s.infinite ? -E.ERESTARTNOHAND : -E.EINTR;
  if (s.table === null) s.table = pollTable(t, dv, nfds);
  // A wake-up takes all of a thread's waiters off their queues; the entries go back on
  // the same files for the next sleep (in Linux they stay queued for the whole call).
  for (const [f, key] of s.table) k.waitOn(t, f.pollWait, false, key & 0xffff);
  return k.sleep(t, 'do_poll', t.deadline);
}

/**
 * The first sleep's poll table: one entry per file, with the union of the keys asked
 * for it (a wake-up takes all of a thread's waiters off their queues, which must never
 * include the next one being walked). Each entry holds a reference to its file until
 * the call ends (__pollwait's get_file; poll_freewait puts them with the call's others).
 */
function pollTable(t: Thread, dv: DataView, nfds: number): Map<File, number> {
  const table = new Map<File, number>();
  for (let i = 0; i < nfds; i++) {
    const off = i * pollfd.size;
    const fd = dv.getInt32(off + pollfd.fd, true);
    if (fd < 0) continue;
    const f = t.proc.fds.get(fd);
    if (f === null) throw new Error('assertion: poll found a closed fd in the pass that found nothing ready');
    table.set(f, (table.get(f) ?? 0) | dv.getUint16(off + pollfd.events, true) | POLLERR | POLLHUP);
  }
  if (t.heldCount !== 0) throw new Error('assertion: poll holds files from before its first sleep');
  for (const f of table.keys()) { f.refs++; t.heldFiles[t.heldCount++] = f; }
  return table;
}

defineSyscall('poll', (k, t, ufds, nfds, timeout) => doPoll(k, t, ufds, nfds, (timeout | 0) < 0 ? null : (timeout | 0) * 1e6));

defineSyscall('ppoll', (k, t, ufds, nfds, tsp, sigmask, sigsetsize) => {
  let ns: number | null = null;
  if (t.sysScratch === undefined) {
    if (tsp !== 0) {
      const v = readTimespecAt(t, tsp);
      if (v < 0) return v;
      ns = v;
    }
    const e = installTempSigmask(t, sigmask, sigsetsize);
    if (e < 0) return e;
  }
  const r = doPoll(k, t, ufds, nfds, ns);
  finishTempSigmask(t, r);
  return r;
});
