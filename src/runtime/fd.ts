// internal/poll.FD and os.File over the netpoller: a pollable fd is non-blocking and
// registered with epoll once; Read and Write loop on the syscall (through
// entersyscall/exitsyscall, as syscall.Read does) and park in "IO wait" on
// EAGAIN until netpoll reports the fd ready. os.Pipe makes such a pair.

import * as __instr from '../machine/instr.ts';
import type { G, Gen } from './runtime2.ts';
import { getg, acquirem, releasem, gopark, syscallBlocking, injectglist, type Runtime } from './proc.ts';
import { PollDesc, netpollinit, netpollopen, netpollclose, netpollblock, netpollcheckerr, netpollunblockAll, pollErrClosing, pollErrTimeout, pollNoError } from './netpoll.ts';
// Imported bindings read once: module-namespace getters cost on the hot path.
const { load, store } = __instr;

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

/** internal/poll.FD. */
export class FD {
  pd: PollDesc | null = null;
  closed = false;
  constructor(readonly sysfd: number, readonly name: string) {}

  /** Init: make the fd pollable (netpollGenericInit, then netpollopen). */
  *init(): Gen<void> {
    const rt = getg().rt as Runtime;
    const mp = acquirem();
    if ((yield* netpollinit(rt.np, mp.scratch)) === false) { releasem(mp); return; }
    const pd = rt.np.alloc(this.sysfd);
    const r = yield* netpollopen(rt.np, pd, mp.scratch);
    releasem(mp);
    if (r < 0) { rt.np.release(pd); return; }
    this.pd = pd;
  }

  /** Read up to n bytes: EAGAIN parks in IO wait. Returns the bytes (empty at EOF) or an error. */
  *Read(n: number): Gen<Uint8Array | OpError> {
    const rt = getg().rt as Runtime;
    for (;;) {
      if (this.closed) return new OpError('read', this.name, 'file already closed');
      const buf = getg().stackLo + 256;
      const r = yield* syscallBlocking(rt.os.read(this.sysfd, buf, Math.min(n, CHUNK)));
      if (r >= 0) return r === 0 ? new Uint8Array(0) : (yield* load(buf, r)).slice();
      if (r === -rt.os.E.EINTR) continue;
      if (r === -rt.os.E.EAGAIN && this.pd !== null) {
        const e = yield* pollWait(rt, this.pd, 'r');
        if (e !== pollNoError) return new OpError('read', this.name, pollErrString(e));
        continue;
      }
      return new OpError('read', this.name, rt.os.strerror(-r).toLowerCase());
    }
  }

  /** Write all of data: EAGAIN parks in IO wait until the fd is writable again. */
  *Write(data: Uint8Array): Gen<number | OpError> {
    const rt = getg().rt as Runtime;
    let done = 0;
    while (done < data.length) {
      if (this.closed) return new OpError('write', this.name, 'file already closed');
      const n = Math.min(CHUNK, data.length - done);
      const buf = getg().stackLo + 256;
      yield* store(buf, data.subarray(done, done + n));
      const r = yield* syscallBlocking(rt.os.write(this.sysfd, buf, n));
      if (r >= 0) { done += r; continue; }
      if (r === -rt.os.E.EINTR) continue;
      if (r === -rt.os.E.EAGAIN && this.pd !== null) {
        const e = yield* pollWait(rt, this.pd, 'w');
        if (e !== pollNoError) return new OpError('write', this.name, pollErrString(e));
        continue;
      }
      return new OpError('write', this.name, rt.os.strerror(-r).toLowerCase());
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

/** os.Pipe: pipe2(O_CLOEXEC|O_NONBLOCK) on linux, pipe + fcntl on darwin; both ends pollable. */
export function* Pipe(): Gen<[File, File] | OpError> {
  const gp = getg(); const rt = gp.rt as Runtime;
  const r = yield* rt.os.pipe(gp.stackLo + 128, true);
  if (typeof r === 'number') return new OpError('pipe', '', rt.os.strerror(-r).toLowerCase());
  const rf = new FD(r[0], '|0'); const wf = new FD(r[1], '|1');
  yield* rf.init(); yield* wf.init();
  return [new File(rf), new File(wf)];
}
