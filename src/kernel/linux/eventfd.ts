// eventfd (Linux's fs/eventfd.c): a 64-bit counter as a file. write(2) adds to
// it (blocking, or EAGAIN, while the sum would pass 2^64-2); read(2) returns it
// and resets it to 0 — or, with EFD_SEMAPHORE, returns 1 and decrements.
// Every write notifies EPOLLIN even when the counter was already non-zero
// (eventfd_write's wake_up_locked_poll), which is what lets an edge-triggered
// epoll item fire again on each new write (rule (g) of the conformance notes).

import type { Kernel } from '../kernel.ts';
import { Wake, type Thread } from '../proc.ts';
import { File, type SysResult } from '../file.ts';
import { defineSyscall } from '../syscall.ts';
import * as E from '../uapi/errno.ts';
import { O_RDWR, EFD_CLOEXEC, EFD_NONBLOCK, EFD_SEMAPHORE, O_NONBLOCK, EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLRDNORM, EPOLLWRNORM } from '../uapi/flags.ts';

const ULLONG_MAX = 0xffff_ffff_ffff_ffffn;

export class EventFile extends File {
  readonly kind = 'eventfd';
  constructor(flags: number, public count: bigint, readonly semaphore: boolean) { super(flags); }

  override read(k: Kernel, t: Thread, len: number): Uint8Array | SysResult {
    if (len < 8) return -E.EINVAL;
    if (this.count === 0n) {
      if ((this.flags & O_NONBLOCK) !== 0) return -E.EAGAIN;
      if (t.wake === Wake.Signal) return -E.ERESTARTSYS;
      k.waitOn(t, this.pollWait, false, EPOLLIN);
      return k.sleep(t, 'eventfd_read');
    }
    const v = this.semaphore ? 1n : this.count;
    this.count -= v;
    this.notify(k, EPOLLOUT | EPOLLWRNORM);
    const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, v, true);
    return b;
  }

  override write(k: Kernel, t: Thread, data: Uint8Array): SysResult {
    if (data.length < 8) return -E.EINVAL;
    const v = new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0, true);
    if (v === ULLONG_MAX) return -E.EINVAL;
    if (ULLONG_MAX - this.count > v) {
      this.count += v;
      this.notify(k, EPOLLIN | EPOLLRDNORM); // on every write, not only 0 → non-zero
      return 8;
    }
    if ((this.flags & O_NONBLOCK) !== 0) return -E.EAGAIN;
    if (t.wake === Wake.Signal) return -E.ERESTARTSYS;
    k.waitOn(t, this.pollWait, false, EPOLLOUT);
    return k.sleep(t, 'eventfd_write');
  }

  override poll(): number {
    let m = 0;
    if (this.count > 0n) m |= EPOLLIN | EPOLLRDNORM;
    if (this.count === ULLONG_MAX) m |= EPOLLERR;
    if (ULLONG_MAX - 1n > this.count) m |= EPOLLOUT | EPOLLWRNORM;
    return m;
  }
}

function doEventfd(k: Kernel, t: Thread, initval: number, flags: number): SysResult {
  if ((flags & ~(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE)) !== 0) return -E.EINVAL;
  const f = new EventFile(O_RDWR | (flags & EFD_NONBLOCK), BigInt(initval >>> 0), (flags & EFD_SEMAPHORE) !== 0);
  const fd = t.proc.fds.install(f, (flags & EFD_CLOEXEC) !== 0);
  if (fd < 0) k.fput(f); // EMFILE: the new file's only reference goes
  return fd;
}

defineSyscall('eventfd', (k, t, initval) => doEventfd(k, t, initval, 0));
defineSyscall('eventfd2', (k, t, initval, flags) => doEventfd(k, t, initval, flags));
