// Open-file references held by blocked calls (Linux's fdget/fdput and poll's
// table entries, fs/file.c and fs/select.c; close(2), NOTES): a thread blocked
// in read(2), recv(2) or poll(2) keeps the file it is waiting on alive, so
// another thread's close() of the fd frees only the number. The file's
// release — here a pipe's last reader or a socket going, after which writes
// fail with EPIPE — happens when the blocked call returns. Each runs as a
// C-style program on the machine.

import { describe, it, expect } from 'vitest';
import { runC } from './conformance/harness.ts';
import type { LibC, CGen } from '../../src/libc/libc.ts';
import { POLLIN, POLLNVAL, SIGPIPE, AF_UNIX, SOCK_STREAM, CLOCK_MONOTONIC, errnoName } from '../../src/kernel/uapi/index.ts';

type Rec = (v: unknown) => void;
function run(name: string, body: (c: LibC, rec: Rec) => CGen<number | void>): unknown[] {
  const got: unknown[] = [];
  const r = runC(name, function* (c) { return yield* body(c, (v) => { got.push(v); }); }, { cores: 4 });
  expect(r.status).toBe(0);
  return got;
}

const SIG_IGN = 1;
function out(c: LibC, r: number): number | string { return r === -1 ? errnoName(c.errno) : r; }

describe('a call blocked on a file keeps it open across another thread\'s close', () => {
  it('read: the pipe still has its reader, the write after the close goes through and the blocked read returns it', () => {
    expect(run('read-held', function* (c, rec) {
      yield* c.signal(SIGPIPE, SIG_IGN);
      const [r, w] = (yield* c.pipe()) as [number, number];
      let n = 0; let text = '';
      const th = yield* c.pthread_create(function* (cc: LibC) {
        const buf = yield* cc.malloc(64);
        n = yield* cc.read(r, buf, 64);
        text = n > 0 ? yield* cc.peekString(buf, n) : '';
        return 0;
      });
      yield* c.usleep(10_000);
      rec(out(c, yield* c.close(r)));
      yield* c.usleep(10_000);
      rec(out(c, yield* c.write(w, 'hello', 5)));
      yield* c.pthread_join(th);
      rec(n); rec(text);
      rec(out(c, yield* c.write(w, 'x', 1))); // the read has returned: the last reference went, no reader left
    })).toEqual([0, 5, 5, 'hello', 'EPIPE']);
  });

  it('recv: the socket stays connected, the peer\'s send after the close goes through and the blocked recv returns it', () => {
    expect(run('recv-held', function* (c, rec) {
      yield* c.signal(SIGPIPE, SIG_IGN);
      const [a, b] = (yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0)) as [number, number];
      let n = 0; let text = '';
      const th = yield* c.pthread_create(function* (cc: LibC) {
        const buf = yield* cc.malloc(64);
        n = yield* cc.recv(a, buf, 64);
        text = n > 0 ? yield* cc.peekString(buf, n) : '';
        return 0;
      });
      yield* c.usleep(10_000);
      rec(out(c, yield* c.close(a)));
      yield* c.usleep(10_000);
      rec(out(c, yield* c.send(b, 'hello', 5)));
      yield* c.pthread_join(th);
      rec(n); rec(text);
      rec(out(c, yield* c.send(b, 'x', 1))); // the recv has returned: the last reference went, the peer is closed
    })).toEqual([0, 5, 5, 'hello', 'EPIPE']);
  });

  it('poll: the write after the close wakes the poller, whose next pass finds the fd closed (POLLNVAL)', () => {
    expect(run('poll-held', function* (c, rec) {
      yield* c.signal(SIGPIPE, SIG_IGN);
      const [r, w] = (yield* c.pipe()) as [number, number];
      let res: { n: number; revents: number[] } | null = null; let elapsed = 0;
      const th = yield* c.pthread_create(function* (cc: LibC) {
        const t0 = yield* cc.clockGettime(CLOCK_MONOTONIC);
        res = yield* cc.poll([{ fd: r, events: POLLIN }], 100);
        elapsed = (yield* cc.clockGettime(CLOCK_MONOTONIC)) - t0;
        return 0;
      });
      yield* c.usleep(10_000);
      rec(out(c, yield* c.close(r)));
      yield* c.usleep(10_000);
      rec(out(c, yield* c.write(w, 'hello', 5)));
      yield* c.pthread_join(th);
      rec(res);
      rec(elapsed < 100e6 ? 'woken by the write' : 'timed out');
      rec(out(c, yield* c.write(w, 'x', 1))); // poll has returned and dropped its reference: no reader left
    })).toEqual([0, 5, { n: 1, revents: [POLLNVAL] }, 'woken by the write', 'EPIPE']);
  });
});
