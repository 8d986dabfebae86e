// The connection loop of the thread-per-connection echo server, written once
// against what POSIX gives every C library (read, write, close, perror, errno),
// as a C source file compiles unchanged against glibc or libSystem: the library,
// its syscalls and its errno values are the system's, the code is the same.

import type { Instr } from '../machine/instr.ts';

type Call<T> = Generator<Instr, T, any>;

/** What the loop needs of a C library's per-thread handle. */
export interface PosixThread {
  errno: number;
  readonly scratch: number;
  read(fd: number, buf: number, n: number): Call<number>;
  write(fd: number, buf: number, n: number): Call<number>;
  close(fd: number): Call<number>;
  perror(s: string): Call<void>;
}

const BUFSZ = 2048;

/**
 * The accept loop's answer to running out of a resource (EMFILE at RLIMIT_NOFILE, ENFILE,
 * ENOBUFS, ENOMEM: `resourceErrnos`, in the system's numbering): sleep 5 ms, doubling on each
 * further failure up to 1 s, as Go's net/http does, instead of failing again at once in a
 * loop — and log the first failure of an episode only (up to the next successful accept).
 */
export class AcceptBackoff {
  private delayNs = 0;
  constructor(private readonly resourceErrnos: readonly number[]) {}

  /** accept failed with `c.errno`: true (after backing off) if it was for want of a resource. */
  *failed(c: PosixThread & { nanosleep(ns: number): Call<number> }, call: string): Call<boolean> {
    if (!this.resourceErrnos.includes(c.errno)) return false;
    if (this.delayNs === 0) yield* c.perror(`${call} (retrying with a backoff of 5 ms to 1 s)`);
    this.delayNs = this.delayNs === 0 ? 5e6 : Math.min(2 * this.delayNs, 1e9);
    yield* c.nanosleep(this.delayNs);
    return true;
  }

  /** A connection was accepted: the episode is over. */
  accepted(): void { this.delayNs = 0; }
}

/** Read and write back until the peer closes (or resets); then close. EINTR is the library's. */
export function* echoConnection(c: PosixThread, fd: number, EINTR: number): Call<number> {
  const buf = c.scratch - BUFSZ - 256; // char buf[2048] on this thread's stack
  for (;;) {
    const n = yield* c.read(fd, buf, BUFSZ);
    if (n < 0) { if (c.errno === EINTR) continue; yield* c.perror('read'); break; }
    if (n === 0) break;
    let off = 0;
    while (off < n) {
      const w = yield* c.write(fd, buf + off, n - off);
      if (w < 0) { if (c.errno === EINTR) continue; yield* c.perror('write'); break; }
      off += w;
    }
    if (off < n) break;
  }
  yield* c.close(fd);
  return 0;
}
