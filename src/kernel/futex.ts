// Fast user-space mutexes (Linux's kernel/futex). A futex is a 32-bit word in
// user memory; the kernel only keeps queues of sleepers keyed by it. Waiters are
// keyed by the physical address of the word, so a private futex and a shared
// one behave alike.

import type { Kernel } from './kernel.ts';
import { Wake, type Process, type Thread } from './proc.ts';
import type { SysResult } from './file.ts';
import { WaitQueue, type Waiter } from './waitqueue.ts';
import { TASK_SIZE } from './mm.ts';
import { COSTS } from '../machine/costs.ts';
import { EAGAIN, EINVAL, ENOSYS, ETIMEDOUT, ERESTARTSYS, EFAULT } from './uapi/errno.ts';
import { FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, FUTEX_CMD_MASK, FUTEX_CLOCK_REALTIME, FUTEX_BITSET_MATCH_ANY, FUTEX_PRIVATE_FLAG } from './uapi/flags.ts';
import { readTimespecAt } from './time.ts';

/**
 * A futex hash bucket's queue for one key. It leaves the kernel's table when its
 * last waiter goes, however it goes (woken, timed out, signalled, killed): a table
 * of empty queues would grow with every address ever waited on.
 */
class FutexQueue extends WaitQueue {
  constructor(private readonly key: number, private readonly table: Map<number, WaitQueue>) { super(); }
  override remove(w: Waiter): void {
    super.remove(w);
    if (this.head === null && this.table.get(this.key) === this) this.table.delete(this.key);
  }
}

/**
 * get_futex_key's checks: the word must be in the user address range (access_ok), and
 * for a shared futex mapped (the key is the page it lives on); a private futex is keyed
 * by its address alone, so waking one nobody can be waiting on is just 0 woken.
 */
function futexAddrFault(p: Process, uaddr: number, op: number): boolean {
  if (!Number.isSafeInteger(uaddr) || uaddr < 0 || uaddr > TASK_SIZE - 4) return true;
  return (op & FUTEX_PRIVATE_FLAG) === 0 && p.mm.findVma(uaddr) === undefined;
}

/** The wait key of the 32-bit word at `uaddr`: its physical address (-1 if unmapped). */
export function futexKey(p: Process, uaddr: number): number {
  const ps = p.mm.pageSize;
  const vpn = Math.floor(uaddr / ps);
  const pfn = p.mm.translate(vpn, false);
  return pfn < 0 ? -1 : pfn * ps + (uaddr - vpn * ps);
}

/** Wake up to `n` waiters on the futex at `uaddr` with a matching bitset. Returns how many. */
export function futexWakeAddr(k: Kernel, p: Process, uaddr: number, n: number, bitset = FUTEX_BITSET_MATCH_ANY): number {
  const key = futexKey(p, uaddr);
  if (key < 0) return 0;
  const q = k.futexQueues.get(key);
  // No queue, no waiters: futex_wake returns before taking the bucket lock (futex_hb_waiters_pending).
  if (q === undefined || n <= 0) return 0;
  const woken = q.wake(k.wakeOnEvent, bitset | 0 || -1, n);
  k.core.chargeKernel(COSTS.futexWake.cycles * Math.max(1, woken));
  return woken;
}

export function sys_futex(k: Kernel, t: Thread, uaddr: number, op: number, val: number, timeout: number, _uaddr2: number, val3: number): SysResult {
  const cmd = op & FUTEX_CMD_MASK;
  const p = t.proc;
  switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      if (t.wake === Wake.Event) return 0;
      if (t.wake === Wake.Timeout) return -ETIMEDOUT;
      if (t.wake === Wake.Signal) return -ERESTARTSYS;
      if (uaddr % 4 !== 0) return -EINVAL;
      const bitset = cmd === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3 >>> 0;
      if (bitset === 0) return -EINVAL;
      if ((op & FUTEX_CLOCK_REALTIME) !== 0 && cmd === FUTEX_WAIT) return -ENOSYS;
      let deadline = -1;
      if (timeout !== 0) {
        const ns = readTimespecAt(t, timeout);
        if (ns < 0) return ns;
        // FUTEX_WAIT takes a relative timeout; FUTEX_WAIT_BITSET an absolute one on CLOCK_MONOTONIC.
        deadline = cmd === FUTEX_WAIT ? k.now() + k.nsToCycles(ns) : k.nsToCycles(ns);
      }
      const cur = p.mm.readU32(uaddr);
      if (cur < 0) return cur === -EINVAL ? -EINVAL : -EFAULT;
      if (cur !== (val >>> 0)) return -EAGAIN;
      const key = futexKey(p, uaddr);
      let q = k.futexQueues.get(key);
      if (q === undefined) { q = new FutexQueue(key, k.futexQueues); k.futexQueues.set(key, q); }
      k.waitOn(t, q, true, bitset | 0 || -1);
      k.core.chargeKernel(COSTS.futexWait.cycles);
      return k.sleep(t, 'futex', deadline);
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      const bitset = cmd === FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3 >>> 0;
      if (bitset === 0) return -EINVAL;
      if (uaddr % 4 !== 0) return -EINVAL;
      if (futexAddrFault(p, uaddr, op)) return -EFAULT;
      return futexWakeAddr(k, p, uaddr, val, bitset);
    }
    default:
      return -ENOSYS;
  }
}
