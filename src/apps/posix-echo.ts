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
