// C-style building blocks for the epoll wakeup conformance programs: the
// topologies (epoll fds watching socketpairs or other epolls), the waiter
// bodies (W1, W2, W1p, ...), the emitters (E1, E2) with kill_timeout, and a
// shared counter in the program's memory updated with atomic instructions.
// Everything goes through traps; nothing here touches the kernel.

import { atomic } from '../../../src/machine/instr.ts';
import type { LibC, CGen } from '../../../src/libc/libc.ts';
import { SYS, AF_UNIX, SOCK_STREAM, EPOLLIN, EPOLLET, EPOLL_CTL_ADD, POLLIN, SIGUSR1 } from '../../../src/kernel/uapi/index.ts';

export type Mode = 'LT' | 'ET';
export const modeBits = (m: Mode): number => (m === 'ET' ? (EPOLLIN | EPOLLET) >>> 0 : EPOLLIN);

/** The fds of one topology: e0 outer, e1/e2 inner (nested cases), s0..s3 the two socket pairs. */
export interface Topo { e0: number; e1: number; e2: number; s: number[] }

export function* sp(c: LibC): CGen<[number, number]> {
  const r = yield* c.socketpair(AF_UNIX, SOCK_STREAM, 0);
  if (r === -1) throw new Error(`socketpair failed: errno ${c.errno}`);
  return r;
}

function* ctl(c: LibC, ep: number, fd: number, ev: number): CGen<void> {
  if ((yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, fd, ev)) !== 0) throw new Error(`epoll_ctl ADD failed: errno ${c.errno}`);
}

/** e0 → s0 (and s2 when `pairs` is 2), watched with `mode`. */
export function* flat(c: LibC, pairs: 1 | 2, mode: Mode): CGen<Topo> {
  const s = [...(yield* sp(c))];
  if (pairs === 2) s.push(...(yield* sp(c)));
  const e0 = yield* c.epoll_create(1);
  yield* ctl(c, e0, s[0]!, modeBits(mode));
  if (pairs === 2) yield* ctl(c, e0, s[2]!, modeBits(mode));
  return { e0, e1: -1, e2: -1, s };
}

/** e1 → s0 with `inner`, e0 → e1 with `outer`. */
export function* nested(c: LibC, inner: Mode, outer: Mode): CGen<Topo> {
  const s = [...(yield* sp(c))];
  const e0 = yield* c.epoll_create(1);
  const e1 = yield* c.epoll_create(1);
  yield* ctl(c, e1, s[0]!, modeBits(inner));
  yield* ctl(c, e0, e1, modeBits(outer));
  return { e0, e1, e2: -1, s };
}

/** e1 → s0 LT, e2 → s2 LT, e0 → e1, e2 with `outer`. */
export function* twoInner(c: LibC, outer: Mode): CGen<Topo> {
  const s = [...(yield* sp(c)), ...(yield* sp(c))];
  const e0 = yield* c.epoll_create(1);
  const e1 = yield* c.epoll_create(1);
  const e2 = yield* c.epoll_create(1);
  yield* ctl(c, e1, s[0]!, EPOLLIN);
  yield* ctl(c, e2, s[2]!, EPOLLIN);
  yield* ctl(c, e0, e1, modeBits(outer));
  yield* ctl(c, e0, e2, modeBits(outer));
  return { e0, e1, e2, s };
}

/** epoll_wait's return count (-1 on error). */
export function* ew(c: LibC, ep: number, max: number, timeout: number): CGen<number> {
  const r = yield* c.epoll_wait(ep, max, timeout);
  return r === -1 ? -1 : r.length;
}

/** poll({ep, POLLIN}, 1, timeout)'s return. */
export function* pollEp(c: LibC, ep: number, timeout: number): CGen<number> {
  return (yield* c.poll([{ fd: ep, events: POLLIN }], timeout)).n;
}

/** The selftests' shared state in the program's data segment. */
export class Shared {
  constructor(readonly addr: number) {}
  static alloc(c: LibC, words: number): Shared { return new Shared(c.proc.staticAlloc(4 * words, 8)); }
  at(i: number): number { return this.addr + 4 * i; }
  *get(c: LibC, i: number): CGen<number> { return yield* atomic('load', this.at(i)); }
  *set(c: LibC, i: number, v: number): CGen<void> { yield* atomic('store', this.at(i), v); }
  *add(c: LibC, i: number, v: number): CGen<number> { return yield* atomic('add', this.at(i), v); }
}

// Slots of the threaded cases' shared block.
export const CNT = 0, TID0 = 1, TID1 = 2, EDONE = 3, ETID = 4;

/** What a thread does with an epoll fd: epoll_wait(-1), or poll(-1) then epoll_wait(0). */
export interface Action { on: 'e0' | 'e1'; poll: boolean; max: number; add: number }

export function* act(c: LibC, topo: Topo, a: Action, sh: Shared): CGen<void> {
  const ep = a.on === 'e0' ? topo.e0 : topo.e1;
  if (a.poll) {
    if ((yield* pollEp(c, ep, -1)) > 0 && (yield* ew(c, ep, a.max, 0)) > 0) yield* sh.add(c, CNT, a.add);
  } else if ((yield* ew(c, ep, a.max, -1)) > 0) yield* sh.add(c, CNT, a.add);
}

export function* tgkill(c: LibC, tid: number, sig: number): CGen<number> {
  return yield* c.sys(SYS.tgkill, c.proc.info.pid, tid, sig);
}

function* emptyHandler(): CGen<void> { /* the selftests' signal_handler */ }

/**
 * The threaded cases: t1 runs `waiter`, the emitter (E1, or E2 with `two`) sleeps
 * 100 ms, writes "w" to s1 (and s3), then kill_timeout: 1 s later SIGUSR1 to t0
 * and t1. t0 runs `main`. Returns the final count.
 */
export function* threaded(c: LibC, topo: Topo, main: Action, waiter: Action, two: boolean): CGen<number> {
  yield* c.signal(SIGUSR1, emptyHandler);
  const sh = Shared.alloc(c, 5);
  yield* sh.set(c, TID0, yield* c.gettid());
  const t1 = yield* c.pthread_create(function* (cc: LibC) {
    yield* sh.set(cc, TID1, yield* cc.gettid());
    yield* act(cc, topo, waiter, sh);
    return 0;
  });
  const e = yield* c.pthread_create(function* (cc: LibC) {
    yield* sh.set(cc, ETID, yield* cc.gettid());
    yield* cc.usleep(100_000);
    yield* cc.write(topo.s[1]!, 'w', 1);
    if (two) yield* cc.write(topo.s[3]!, 'w', 1);
    // kill_timeout
    yield* cc.usleep(1_000_000);
    yield* tgkill(cc, yield* sh.get(cc, TID0), SIGUSR1);
    yield* tgkill(cc, yield* sh.get(cc, TID1), SIGUSR1);
    yield* sh.set(cc, EDONE, 1);
    return 0;
  });
  if (t1 < 0 || e < 0) throw new Error('pthread_create failed');
  yield* act(c, topo, main, sh);
  yield* c.pthread_join(t1);
  const cnt = yield* sh.get(c, CNT);
  // pthread_tryjoin_np(emitter): still running → SIGUSR1 it, then join.
  if ((yield* sh.get(c, EDONE)) === 0) yield* tgkill(c, yield* sh.get(c, ETID), SIGUSR1);
  yield* c.pthread_join(e);
  return cnt;
}
