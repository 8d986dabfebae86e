// internal/poll.FD and os.File over the netpoller: a pollable fd is non-blocking and
// registered with epoll once; Read and Write loop on the syscall (through
// entersyscall/exitsyscall, as syscall.Read does) and park in "IO wait" on
// EAGAIN until netpoll reports the fd ready. os.Pipe makes such a pair.

import { load, store, loadInPlace, loadInstr, storeInPlace, storeInstr } from '../machine/instr.ts';
import type { G, Gen } from './runtime2.ts';
import { getg, acquirem, releasem, gopark, syscallBlocking, entersyscall, exitsyscall, injectglist, type Runtime } from './proc.ts';
import { PollDesc, netpollinit, netpollopen, netpollclose, netpollblock, netpollcheckerr, netpollunblockAll, pollErrClosing, pollErrTimeout, pollNoError } from './netpoll.ts';
import type { OverlappedIO } from './os.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const CHUNK = 1536; // what fits the goroutine-stack buffer

/** An error value as Go's *PathError / syscall.Errno print. */
export class OpError {
  /** `temporary`: the errno is one syscall.Errno.Temporary() calls so (EINTR, EMFILE, ENFILE, ECONNRESET, ECONNABORTED, EAGAIN, ETIMEDOUT). */
  constructor(readonly op: string, readonly path: string, readonly err: string, readonly temporary = false) {}
  Error(): string { return `${this.op} ${this.path}: ${this.err}`; }
  /** net.Error's Temporary(): worth retrying (servers back off and accept again). */
  Temporary(): boolean { return this.temporary; }
  toString(): string { return this.Error(); }
}

export function pollErrString(code: number): string {
  return code === pollErrClosing ? 'use of closed file' : code === pollErrTimeout ? 'i/o timeout' : 'not pollable';
}

/** poll_runtime_pollWait: park until pd is ready for mode, or return the error code. */
function* pollWait(rt: Runtime, pd: PollDesc, mode: 'r' | 'w'): Gen<number> {
  let err = netpollcheckerr(pd, mode);
  if (err !== pollNoError) return err;
  while (!(yield* netpollblock(rt.np, pd, mode, gopark))) {
    err = netpollcheckerr(pd, mode);
    if (err !== pollNoError) return err;
  }
  return pollNoError;
}

/** runtime_pollWait for the current goroutine. */
export function pollWaitFor(pd: PollDesc, mode: 'r' | 'w'): Gen<number> { return pollWait(getg().rt as Runtime, pd, mode); }

/** The size of one operation (an OVERLAPPED, the pollDesc's id, the mode): rop at pd.ops, wop after it. */
const OP_SIZE = 64;
const OP_PD = 32;
const OP_MODE = 40;

/** runtime_pollWaitCanceled: wait for the completion of an operation that was cancelled, whatever the pd's state. */
function* pollWaitCanceled(rt: Runtime, pd: PollDesc, mode: 'r' | 'w'): Gen<void> {
  while (!(yield* netpollblock(rt.np, pd, mode, gopark, true))) { /* woken by a deadline or close: the packet is still to come */ }
}

/** A result of execIO that is the pollDesc's error (closing, timeout) rather than the system's. */
const POLL_ERR = 1 << 24;

/** internal/poll.FD. */
export class FD {
  pd: PollDesc | null = null;
  closed = false;
  /** windows: calls that succeed at once queue no completion packet (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS took). */
  skipSyncNotif = false;
  constructor(readonly sysfd: number, readonly name: string) {}

  /** Init: make the fd pollable (netpollGenericInit, then netpollopen). */
  *init(): Gen<void> {
    const rt = getg().rt as Runtime;
    const mp = acquirem();
    if ((yield* netpollinit(rt.np, mp.scratch)) === false) { releasem(mp); return; }
    const pd = rt.np.alloc(this.sysfd);
    if (rt.os.overlapped !== null && pd.ops === 0) {
      // rop and wop: pollOperation {OVERLAPPED, pd, mode}, in memory the kernel writes completions to.
      pd.ops = yield* rt.alloc(2 * OP_SIZE, 16);
      const b = new Uint8Array(2 * OP_SIZE); const dv = new DataView(b.buffer);
      dv.setBigUint64(OP_PD, BigInt(pd.id), true); b[OP_MODE] = 0x72; // 'r'
      dv.setBigUint64(OP_SIZE + OP_PD, BigInt(pd.id), true); b[OP_SIZE + OP_MODE] = 0x77; // 'w'
      yield* store(pd.ops, b);
    }
    const r = yield* netpollopen(rt.np, pd, mp.scratch);
    releasem(mp);
    if (r < 0) { rt.np.release(pd); return; }
    this.skipSyncNotif = r === 1;
    this.pd = pd;
  }

  /**
   * execIO (internal/poll/fd_windows.go): issue the overlapped call with the mode's
   * operation; unless it completed at once with no packet to come, park until netpoll
   * dequeues its completion, and read the result from the OVERLAPPED. A wait cut by a
   * deadline or close cancels the call (CancelIoEx) and waits for its packet. The bytes,
   * -(POLL_ERR + the pd's error), or minus the system's error.
   */
  *execIO(mode: 'r' | 'w', submit: (ovl: OverlappedIO, ov: number, scratch: number) => Gen<number>): Gen<number> {
    const rt = getg().rt as Runtime; const ovl = rt.os.overlapped!; const pd = this.pd!;
    const e0 = netpollcheckerr(pd, mode);
    if (e0 !== pollNoError) return -(POLL_ERR + e0);
    const ov = mode === 'r' ? pd.ops : pd.ops + OP_SIZE;
    const scratch = getg().stackLo + 16;
    const r = yield* syscallBlocking(submit(ovl, ov, scratch));
    if (r >= 0 && this.skipSyncNotif) return r;
    if (r < 0 && r !== -ovl.IO_PENDING) return r;
    const e = yield* pollWait(rt, pd, mode);
    if (e !== pollNoError) {
      yield* ovl.cancel(this.sysfd, ov, getg().stackLo + 16);
      yield* pollWaitCanceled(rt, pd, mode);
      const rr = yield* ovl.result(ov);
      return rr === -ovl.ABORTED ? -(POLL_ERR + e) : rr;
    }
    return yield* ovl.result(ov);
  }

  /** An execIO result as an error, or null. */
  ioError(op: string, r: number, path = this.name): OpError | null {
    if (r >= 0) return null;
    if (-r >= POLL_ERR) return new OpError(op, path, pollErrString(-r - POLL_ERR));
    return new OpError(op, path, ((getg().rt as Runtime).os.strerror(-r)).toLowerCase());
  }

  /**
   * Read up to n bytes: EAGAIN parks in IO wait (windows: an overlapped WSARecv). Returns the
   * bytes (empty at EOF) or an error named `op` on `path` (net.Conn's "read tcp a->b:"
   * is given here rather than by a generator of its own wrapping this one).
   */
  Read(n: number, op = 'read', path = this.name): Gen<Uint8Array | OpError> {
    const rt = getg().rt as Runtime;
    return rt.os.overlapped !== null && this.pd !== null ? this.readOverlapped(n, op, path) : this.read(rt, n, op, path);
  }

  /** Read on windows: an overlapped WSARecv (a generator of its own: the common one stays small). */
  private *readOverlapped(n: number, op: string, path: string): Gen<Uint8Array | OpError> {
    if (this.closed) return new OpError(op, path, 'file already closed');
    const buf = getg().stackLo + 256; const len = Math.min(n, CHUNK);
    const r = yield* this.execIO('r', (o, ov, scratch) => o.recv(this.sysfd, buf, len, ov, scratch));
    const err = this.ioError(op, r, path);
    if (err !== null) return err;
    return r === 0 ? new Uint8Array(0) : (yield* load(buf, r)).slice(); // 0 bytes on a stream: EOF
  }

  /** Read on a non-blocking fd: read(2), parking in IO wait on EAGAIN. */
  private *read(rt: Runtime, n: number, op: string, path: string): Gen<Uint8Array | OpError> {
    for (;;) {
      if (this.closed) return new OpError(op, path, 'file already closed');
      const buf = getg().stackLo + 256;
      // syscall.Read's wrapping, written out: one generator less between the trap and the program.
      yield* entersyscall();
      const rip = rt.os.readInPlace;
      const t = rip !== null ? rip(this.sysfd, buf, Math.min(n, CHUNK)) : null;
      const r: number = typeof t === 'number' ? t : t !== null ? yield t : yield* rt.os.read(this.sysfd, buf, Math.min(n, CHUNK));
      yield* exitsyscall();
      if (r > 0) { // the bytes as the caller's own slice, loaded straight into it where the load retires in place
        const out = new Uint8Array(r);
        if (!loadInPlace(buf, out)) out.set(yield loadInstr(buf, r));
        return out;
      }
      if (r === 0) return new Uint8Array(0);
      if (r === -rt.os.E.EINTR) continue;
      if (r === -rt.os.E.EAGAIN && this.pd !== null) {
        const e = yield* pollWait(rt, this.pd, 'r');
        if (e !== pollNoError) return new OpError(op, path, pollErrString(e));
        continue;
      }
      return new OpError(op, path, rt.os.strerror(-r).toLowerCase());
    }
  }

  /** Write all of data: EAGAIN parks in IO wait until the fd is writable again. Errors are named `op` on `path`, as Read's. */
  Write(data: Uint8Array, op = 'write', path = this.name): Gen<number | OpError> {
    const rt = getg().rt as Runtime;
    return rt.os.overlapped !== null && this.pd !== null ? this.writeOverlapped(data, op, path) : this.write(rt, data, op, path);
  }

  /** Write on windows: overlapped WSASends. */
  private *writeOverlapped(data: Uint8Array, op: string, path: string): Gen<number | OpError> {
    let done = 0;
    while (done < data.length) {
      if (this.closed) return new OpError(op, path, 'file already closed');
      const n = Math.min(CHUNK, data.length - done);
      const buf = getg().stackLo + 256;
      yield* store(buf, data.subarray(done, done + n));
      const r = yield* this.execIO('w', (o, ov, scratch) => o.send(this.sysfd, buf, n, ov, scratch));
      const err = this.ioError(op, r, path);
      if (err !== null) return err;
      done += r;
    }
    return done;
  }

  /** Write on a non-blocking fd: write(2) until all is taken, parking in IO wait on EAGAIN. */
  private *write(rt: Runtime, data: Uint8Array, op: string, path: string): Gen<number | OpError> {
    let done = 0;
    while (done < data.length) {
      if (this.closed) return new OpError(op, path, 'file already closed');
      const n = Math.min(CHUNK, data.length - done);
      const buf = getg().stackLo + 256;
      // data itself when it is one chunk: a view of a small slice (a Read's, 64 bytes or less, kept
      // inside V8's heap) would first move its bytes out of the heap, about a microsecond.
      const chunk = n === data.length ? data : data.subarray(done, done + n);
      if (!storeInPlace(buf, chunk)) yield storeInstr(buf, chunk);
      yield* entersyscall();
      const wip = rt.os.writeInPlace;
      const t = wip !== null ? wip(this.sysfd, buf, n) : null;
      const r: number = typeof t === 'number' ? t : t !== null ? yield t : yield* rt.os.write(this.sysfd, buf, n);
      yield* exitsyscall();
      if (r >= 0) { done += r; continue; }
      if (r === -rt.os.E.EINTR) continue;
      if (r === -rt.os.E.EAGAIN && this.pd !== null) {
        const e = yield* pollWait(rt, this.pd, 'w');
        if (e !== pollNoError) return new OpError(op, path, pollErrString(e));
        continue;
      }
      return new OpError(op, path, rt.os.strerror(-r).toLowerCase());
    }
    return done;
  }

  /** Close: wake the Gs parked on it (they see "use of closed file"), deregister, close(2). */
  *Close(): Gen<OpError | null> {
    if (this.closed) return new OpError('close', this.name, 'file already closed');
    this.closed = true;
    const gp = getg(); const rt = gp.rt as Runtime;
    if (this.pd !== null) {
      const mp = acquirem();
      this.pd.closing = true;
      const list: G[] = [];
      netpollunblockAll(rt.np, this.pd, list);
      yield* netpollclose(rt.np, this.pd, mp.scratch);
      yield* injectglist(rt, mp, list);
      releasem(mp);
    }
    const r = yield* rt.os.close(this.sysfd);
    return r < 0 ? new OpError('close', this.name, rt.os.strerror(-r).toLowerCase()) : null;
  }
}

/** os.File. */
export class File {
  constructor(readonly pfd: FD) {}
  get Fd(): number { return this.pfd.sysfd; }
  Read(n: number): Gen<Uint8Array | OpError> { return this.pfd.Read(n); }
  *ReadString(n: number): Gen<string | OpError> { const r = yield* this.pfd.Read(n); return r instanceof OpError ? r : dec.decode(r); }
  Write(data: Uint8Array): Gen<number | OpError> { return this.pfd.Write(data); }
  WriteString(s: string): Gen<number | OpError> { return this.pfd.Write(enc.encode(s)); }
  Close(): Gen<OpError | null> { return this.pfd.Close(); }
}

/**
 * os.Pipe: pipe2(O_CLOEXEC|O_NONBLOCK) on linux, pipe + fcntl on darwin, both ends
 * pollable; CreatePipe on windows, whose handles Go does not poll (reads block a thread).
 */
export function* Pipe(): Gen<[File, File] | OpError> {
  const gp = getg(); const rt = gp.rt as Runtime;
  const r = yield* rt.os.pipe(gp.stackLo + 128, rt.os.pipesPollable);
  if (typeof r === 'number') return new OpError('pipe', '', rt.os.strerror(-r).toLowerCase());
  const rf = new FD(r[0], '|0'); const wf = new FD(r[1], '|1');
  if (rt.os.pipesPollable) { yield* rf.init(); yield* wf.init(); }
  return [new File(rf), new File(wf)];
}
