// psynch: the kernel half of libpthread's condition variables on XNU (the pthread
// kext's kern_synch.c): __psynch_cvwait, __psynch_cvsignal, __psynch_cvbroad and
// __psynch_cvclrprepost.
//
// User space does the counting. A waiter adds PTHRW_INC to the cond's L word
// before it drops the mutex and traps; a signaller that finds L = S (nobody waits)
// returns without a call — a signal with no waiter is not remembered — and
// otherwise adds PTHRW_INC to S (a broadcast sets S to L) and traps. The kernel
// keeps, per cond (a ksyn wait queue, found by the word's physical address as
// futexes are), the threads sleeping in cvwait, and a prepost count: signals for
// waiters that user space has counted but that have not reached the kernel yet.
// The next waiter to arrive takes a prepost and returns at once, so the wake-up
// that raced with its trap is not lost. A waiter whose timed wait expires is
// removed from the queue and gets ETIMEDOUT; if a signal had counted it by then,
// user space drops the prepost that signal left with cvclrprepost.
//
// Registers hold 53 bits here, so the 64-bit S:L word of cvlsgen travels split:
// L in cvlsgen, S in the next argument (cvugen / cvudgen). cvwait's timeout — the
// seventh and eighth arguments, sec and nsec, relative — comes from the user
// stack above the return address, as unix_syscall64 copies arguments past six.

import type { Kernel } from '../kernel.ts';
import { Wake, type Thread } from '../proc.ts';
import type { SysResult } from '../file.ts';
import { futexKey } from '../futex.ts';
import { WaitQueue } from '../waitqueue.ts';
import { COSTS } from '../../machine/costs.ts';
import * as LE from '../uapi/errno.ts';
import { PTHRW_INC } from '../uapi/darwin/flags.ts';

/** ksyn_wait_queue: the threads in cvwait on one cond, and signals waiting for their waiter. */
interface Ksyn { readonly q: WaitQueue; preposts: number }

const KSYNS = new WeakMap<Kernel, Map<number, Ksyn>>();

function ksynFind(k: Kernel, t: Thread, cv: number, create: boolean): Ksyn | null {
  const key = futexKey(t.proc, cv);
  if (key < 0) return null;
  let m = KSYNS.get(k);
  if (m === undefined) { m = new Map(); KSYNS.set(k, m); }
  let w = m.get(key);
  if (w === undefined && create) { w = { q: new WaitQueue(), preposts: 0 }; m.set(key, w); }
  return w ?? null;
}

/** ksyn_wqrelease: a queue with no sleeper and no prepost is freed. */
function ksynRelease(k: Kernel, t: Thread, cv: number, w: Ksyn): void {
  if (w.q.length === 0 && w.preposts === 0) KSYNS.get(k)?.delete(futexKey(t.proc, cv));
}

/** Waiters in steps of PTHRW_INC between two 32-bit sequence words (they wrap). */
function seqDiff(l: number, s: number): number { return (((l >>> 0) - (s >>> 0)) >>> 0) / PTHRW_INC | 0; }

/** The two 64-bit words past the sixth argument: from rsp + 8 (above the return address). */
function stackArgs2(t: Thread): [number, number] | null {
  const b = t.proc.mm.copyIn(t.ctx.sp + 8, 16);
  if (typeof b === 'number') return null;
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  return [Number(dv.getBigInt64(0, true)), dv.getUint32(8, true)];
}

interface CvwaitScratch { cv: number }

/**
 * __psynch_cvwait(cv, cvlsgen, cvugen, mutex, mugen, flags, sec, nsec): sleep on the
 * cond until signalled, or for sec.nsec when not both 0 (ETIMEDOUT). A prepost is
 * taken at once. EINVAL when the sequences say nobody waits (L = S) or the address
 * is bad; EINTR on a signal (libpthread returns 0: a spurious wake-up).
 */
export function psynchCvwait(k: Kernel, t: Thread, cv: number, lseq: number, sseq: number): SysResult {
  const s = t.sysScratch as CvwaitScratch | undefined;
  if (s !== undefined) {
    if (t.wake === Wake.Event) return 0;
    if (t.wake === Wake.Timeout) return -LE.ETIMEDOUT;
    return -LE.EINTR;
  }
  if (cv === 0 || cv % 4 !== 0) return -LE.EINVAL;
  if (seqDiff(lseq, sseq) <= 0) return -LE.EINVAL; // a wait user space did not count
  const to = stackArgs2(t);
  if (to === null) return -LE.EFAULT;
  const [sec, nsec] = to;
  if (sec < 0 || nsec >= 1e9) return -LE.EINVAL;
  const w = ksynFind(k, t, cv, true);
  if (w === null) return -LE.EFAULT;
  k.core.chargeKernel(COSTS.futexWait.cycles);
  if (w.preposts > 0) { w.preposts--; ksynRelease(k, t, cv, w); return 0; }
  t.sysScratch = { cv } satisfies CvwaitScratch;
  k.waitOn(t, w.q, true);
  const deadline = sec === 0 && nsec === 0 ? -1 : k.now() + k.nsToCycles(sec * 1e9 + nsec);
  return k.sleep(t, 'psynch_cvwait', deadline);
}

/** Wake up to `n` sleepers; what is left over waits as preposts for waiters still on their way in. */
function cvwake(k: Kernel, t: Thread, cv: number, n: number): SysResult {
  if (cv === 0 || cv % 4 !== 0) return -LE.EINVAL;
  if (n <= 0) return 0;
  const w = ksynFind(k, t, cv, true);
  if (w === null) return -LE.EFAULT;
  k.core.chargeKernel(COSTS.futexWake.cycles);
  const woken = w.q.wake((x) => k.wakeUp(x, Wake.Event), 0, n);
  w.preposts += n - woken;
  ksynRelease(k, t, cv, w);
  return 0;
}

/** __psynch_cvsignal(cv, cvlsgen, cvugen, thread_port, mutex, mugen): one waiter (user space has counted it in S). */
export function psynchCvsignal(k: Kernel, t: Thread, cv: number): SysResult { return cvwake(k, t, cv, 1); }

/** __psynch_cvbroad(cv, cvlsgen, cvudgen, flags, mutex, mugen): every waiter counted between the old S (cvudgen) and L. */
export function psynchCvbroad(k: Kernel, t: Thread, cv: number, lseq: number, oldS: number): SysResult { return cvwake(k, t, cv, seqDiff(lseq, oldS)); }

/** __psynch_cvclrprepost(cv, cvgen, cvugen, cvsgen, prepocnt, preposeq, flags): drop preposts left for waiters that timed out. */
export function psynchCvclrprepost(k: Kernel, t: Thread, cv: number, prepocnt: number): SysResult {
  if (cv === 0 || cv % 4 !== 0) return -LE.EINVAL;
  const w = ksynFind(k, t, cv, false);
  if (w === null) return 0;
  w.preposts = Math.max(0, w.preposts - Math.max(1, prepocnt));
  ksynRelease(k, t, cv, w);
  return 0;
}
