// Pipes (Linux's fs/pipe.c): a 64 KiB byte buffer with a read end and a write
// end, each its own open file description. Readers block while it is empty and
// writers exist; writers block while it is full and readers exist; writes of at
// most PIPE_BUF bytes are atomic. Writing with no reader left raises SIGPIPE and
// fails with EPIPE. Every change of readiness notifies the other end's pollWait
// (pipe_read → EPOLLOUT on the writer, pipe_write → EPOLLIN on the reader), which
// is also where blocked readers and writers sleep.

import type { Kernel } from './kernel.ts';
import { Wake, type Thread } from './proc.ts';
import { File, type SysResult } from './file.ts';
import { defineSyscall } from './syscall.ts';
import { sendSignal } from './signal.ts';
import { COSTS } from '../machine/costs.ts';
import * as E from './uapi/errno.ts';
import { O_RDONLY, O_WRONLY, O_NONBLOCK, O_CLOEXEC, EPOLLIN, EPOLLOUT, EPOLLRDNORM, EPOLLWRNORM, EPOLLHUP, EPOLLERR } from './uapi/flags.ts';
import { SIGPIPE } from './uapi/signal.ts';

/** Default pipe capacity: 16 pages (PIPE_DEF_BUFFERS). */
export const PIPE_SIZE = 65536;
/** Writes up to this size are atomic (POSIX PIPE_BUF on Linux). */
export const PIPE_BUF = 4096;

/** A fixed-capacity FIFO of bytes. */
export class ByteRing {
  private readonly buf: Uint8Array;
  private head = 0;
  len = 0;
  constructor(readonly capacity: number) { this.buf = new Uint8Array(capacity); }
  get free(): number { return this.capacity - this.len; }
  /** Append as much of `data` as fits; returns how many bytes went in. */
  put(data: Uint8Array): number {
    const n = Math.min(data.length, this.free);
    let tail = (this.head + this.len) % this.capacity;
    const first = Math.min(n, this.capacity - tail);
    this.buf.set(data.subarray(0, first), tail);
    if (n > first) this.buf.set(data.subarray(first, n), 0);
    this.len += n; tail = 0;
    return n;
  }
  /** Copy out up to `max` bytes; `consume` removes them (false = MSG_PEEK). */
  take(max: number, consume = true): Uint8Array {
    const n = Math.min(max, this.len);
    const out = new Uint8Array(n);
    const first = Math.min(n, this.capacity - this.head);
    out.set(this.buf.subarray(this.head, this.head + first), 0);
    if (n > first) out.set(this.buf.subarray(0, n - first), first);
    if (consume) { this.head = (this.head + n) % this.capacity; this.len -= n; }
    return out;
  }
}

/** The pipe itself: its buffer and how many ends of each kind are open. */
export class PipeInode {
  readonly ring: ByteRing;
  readers = 1;
  writers = 1;
  rd!: PipeReadFile;
  wr!: PipeWriteFile;
  constructor(capacity = PIPE_SIZE) { this.ring = new ByteRing(capacity); }
}

/** A pipe of `capacity` bytes and its two ends, not yet in any file table. */
export function newPipe(flags: number, capacity = PIPE_SIZE): PipeInode {
  const inode = new PipeInode(capacity);
  const nb = flags & O_NONBLOCK;
  inode.rd = new PipeReadFile(O_RDONLY | nb, inode);
  inode.wr = new PipeWriteFile(O_WRONLY | nb, inode);
  return inode;
}

export class PipeReadFile extends File {
  readonly kind = 'pipe';
  constructor(flags: number, readonly pipe: PipeInode) { super(flags); }

  override read(k: Kernel, t: Thread, len: number): Uint8Array | SysResult {
    const p = this.pipe;
    k.core.chargeKernel(COSTS.pipeOp.cycles);
    if (p.ring.len > 0) {
      const data = p.ring.take(len);
      p.wr.notify(k, EPOLLOUT | EPOLLWRNORM);
      return data;
    }
    if (p.writers === 0) return new Uint8Array(0); // EOF
    if ((this.flags & O_NONBLOCK) !== 0) return -E.EAGAIN;
    if (t.wake === Wake.Signal) return -E.ERESTARTSYS;
    k.waitOn(t, this.pollWait, false, EPOLLIN | EPOLLHUP);
    return k.sleep(t, 'pipe_read');
  }

  override poll(): number {
    const p = this.pipe;
    let m = 0;
    if (p.ring.len > 0) m |= EPOLLIN | EPOLLRDNORM;
    if (p.writers === 0) m |= EPOLLHUP;
    return m;
  }

  override release(k: Kernel): void {
    const p = this.pipe;
    p.readers--;
    if (p.readers === 0) p.wr.notify(k, EPOLLOUT | EPOLLERR); // blocked writers wake to EPIPE
  }
}

export class PipeWriteFile extends File {
  readonly kind = 'pipe';
  constructor(flags: number, readonly pipe: PipeInode) { super(flags); }

  override write(k: Kernel, t: Thread, data: Uint8Array): SysResult {
    const p = this.pipe;
    k.core.chargeKernel(COSTS.pipeOp.cycles);
    let done = (t.sysScratch as number | undefined) ?? 0;
    if (p.readers === 0) {
      sendSignal(k, t.proc, SIGPIPE, t);
      return done > 0 ? done : -E.EPIPE;
    }
    const left = data.length - done;
    const atomic = data.length <= PIPE_BUF;
    if (!atomic || p.ring.free >= left) {
      const n = p.ring.put(data.subarray(done));
      if (n > 0) { done += n; p.rd.notify(k, EPOLLIN | EPOLLRDNORM); }
    }
    if (done === data.length) return done;
    if ((this.flags & O_NONBLOCK) !== 0) return done > 0 ? done : -E.EAGAIN;
    if (t.wake === Wake.Signal) return done > 0 ? done : -E.ERESTARTSYS;
    t.sysScratch = done;
    k.waitOn(t, this.pollWait, false, EPOLLOUT | EPOLLERR);
    return k.sleep(t, 'pipe_write');
  }

  override poll(): number {
    const p = this.pipe;
    let m = 0;
    if (p.ring.free >= PIPE_BUF) m |= EPOLLOUT | EPOLLWRNORM;
    if (p.readers === 0) m |= EPOLLERR;
    return m;
  }

  override release(k: Kernel): void {
    const p = this.pipe;
    p.writers--;
    if (p.writers === 0) p.rd.notify(k, EPOLLIN | EPOLLHUP); // readers wake to EOF
  }
}

/** do_pipe2: make the pair, install both fds, write them to user memory. */
function doPipe2(k: Kernel, t: Thread, ufds: number, flags: number): SysResult {
  if ((flags & ~(O_NONBLOCK | O_CLOEXEC)) !== 0) return -E.EINVAL; // O_DIRECT (packet mode) is not modelled
  if (!t.proc.mm.accessOk(ufds, 8, true)) return -E.EFAULT;
  const pair = makePipe(k, t, flags);
  if (typeof pair === 'number') return pair;
  const [r, w] = pair;
  const fds = t.proc.fds;
  const inode = (fds.get(r) as PipeReadFile).pipe;
  const b = new Uint8Array(8); const dv = new DataView(b.buffer);
  dv.setInt32(0, r, true); dv.setInt32(4, w, true);
  if (t.proc.mm.copyOut(ufds, b) < 0) {
    fds.remove(r); fds.remove(w); k.fput(inode.rd); k.fput(inode.wr);
    return -E.EFAULT;
  }
  return 0;
}

/** Make a pipe and install both ends: [read fd, write fd], or a negative errno (XNU's pipe returns them in registers). */
export function makePipe(k: Kernel, t: Thread, flags: number): [number, number] | number {
  const inode = newPipe(flags);
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const fds = t.proc.fds;
  const r = fds.install(inode.rd, cloexec);
  if (r < 0) { k.fput(inode.rd); k.fput(inode.wr); return r; }
  const w = fds.install(inode.wr, cloexec);
  if (w < 0) { fds.remove(r); k.fput(inode.rd); k.fput(inode.wr); return w; }
  return [r, w];
}

defineSyscall('pipe', (k, t, ufds) => doPipe2(k, t, ufds, 0));
defineSyscall('pipe2', (k, t, ufds, flags) => doPipe2(k, t, ufds, flags));
