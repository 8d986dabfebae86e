// What a program compiled with -race calls (part of its `$`), as gc's -race
// inserts calls to runtime.raceread/racewrite/racefuncenter/racefuncexit: every
// access to memory another goroutine may share (package-level variables, the
// cells of escaped or captured variables, struct fields, array and slice
// elements, maps as a whole — mapaccess reads the map, mapassign writes it), and
// each function's entry and exit for the stacks of reports. Values live in the
// JavaScript heap, so each object gets a synthetic address from the detector the
// first time it is touched (race.ts addrOf), in Go's 0xc000… arena.
//
// The library's synchronisation gets its happens-before edges here too, as Go's
// sync and sync/atomic packages call race.Acquire/Release: the race build of a
// program links these wrappers instead of the plain natives (racelib).

import { compute } from '../../machine/instr.ts';
import type { Chan } from '../chan.ts';
import { getg, raceflush, type Runtime } from '../proc.ts';
import { acquire, release, type RaceThread, type RaceFn, type RaceCtx } from '../race.ts';
import { NATIVES } from './natives.ts';
import { FieldRef, ElemRef, rtpanic, sget, append, type Slice, type GoMap } from './values.ts';

type G = Generator<any, any, any>;
type Fn = (...a: any[]) => any;

/** The address a pointer (a cell, &s.f, &a[i]) points at. */
function refAddr(ctx: RaceCtx, p: object): number {
  if (p instanceof FieldRef) return ctx.addrOf(p.o, 64) + Math.max(0, Object.keys(p.o).indexOf(p.f)) * 8;
  if (p instanceof ElemRef) return ctx.addrOf(p.a, p.a.length * 8) + p.i * 8;
  return ctx.addrOf(p);
}

function me(): RaceThread | null { return getg().race; }

export const RACE = {
  /** racefuncenter: the goroutine enters fn (called at its current line). */
  rfe(fn: RaceFn): RaceThread {
    const th = getg().race;
    if (th === null) throw new Error('assertion: race-instrumented code on a goroutine without race state');
    th.ctx.funcenter(th, fn);
    return th;
  },
  rfx(th: RaceThread): void { th.ctx.funcexit(th); },
  /** A statement's cycles, after writing out any report found since the last statement. */
  *rc(th: RaceThread, n: number): G {
    if (th.ctx.pending !== '') yield* raceflush(getg().rt as Runtime);
    yield compute(n);
  },
  /** A package-level variable at its data-segment address. */
  rrd(th: RaceThread, addr: number, size: number): void { th.ctx.access(th, addr, size, false); },
  rwd(th: RaceThread, addr: number, size: number): void { th.ctx.access(th, addr, size, true); },
  /** A field (or a cell's value) at offset off of object o; returns o. */
  rr<T extends object>(th: RaceThread, o: T, off: number, size: number): T { if (o !== null) th.ctx.access(th, th.ctx.addrOf(o, 64) + off, size, false); return o; },
  rw<T extends object>(th: RaceThread, o: T, off: number, size: number): T { if (o !== null) th.ctx.access(th, th.ctx.addrOf(o, 64) + off, size, true); return o; },
  /** Element i of a backing array (absolute index); returns the array. */
  rre<T>(th: RaceThread, a: T[], i: number, esz: number, write: boolean): T[] {
    if (i >= 0 && i < a.length) th.ctx.access(th, th.ctx.addrOf(a, a.length * esz) + i * esz, Math.min(esz, 8), write);
    return a;
  },
  /** s[i] read (bounds-checked as sget). */
  sgetr<T>(th: RaceThread, s: Slice<T> | null, i: number, esz: number): T {
    if (s !== null && i >= 0 && i < s.len) th.ctx.access(th, th.ctx.addrOf(s.a, s.a.length * esz) + (s.off + i) * esz, Math.min(esz, 8), false);
    return sget(s, i);
  },
  /** a[i] read of an array. */
  agetr<T>(th: RaceThread, a: T[], i: number, esz: number): T {
    if (i < 0 || i >= a.length) rtpanic(`index out of range [${i}] with length ${a.length}`);
    th.ctx.access(th, th.ctx.addrOf(a, a.length * esz) + i * esz, Math.min(esz, 8), false);
    return a[i]!;
  },
  /** mapaccess: a read of the map. */
  rm(th: RaceThread, m: GoMap | null): GoMap | null { if (m !== null) th.ctx.access(th, th.ctx.addrOf(m, 48), 8, false); return m; },
  /** mapassign, mapdelete, clear: a write of the map. */
  wm(th: RaceThread, m: GoMap | null): GoMap | null { if (m !== null) th.ctx.access(th, th.ctx.addrOf(m, 48), 8, true); return m; },
  /** *p for a non-aggregate pointee; returns p. */
  rrp<T extends object>(th: RaceThread, p: T, size: number): T { if (p !== null) th.ctx.access(th, refAddr(th.ctx, p), size, false); return p; },
  rwp<T extends object>(th: RaceThread, p: T, size: number): T { if (p !== null) th.ctx.access(th, refAddr(th.ctx, p), size, true); return p; },
  /** append(s, xs...) and its writes of the new elements into the result's backing array. */
  appendr<T>(th: RaceThread, esz: number, old: Slice<T> | null, ...xs: T[]): Slice<T> {
    const r = append(old, ...xs);
    const from = old === null ? 0 : old.len;
    const base = th.ctx.addrOf(r.a, r.a.length * esz);
    for (let i = from; i < r.len; i++) th.ctx.access(th, base + (r.off + i) * esz, Math.min(esz, 8), true);
    return r;
  },
  /**
   * gc's closure around a go/defer call with arguments or a receiver: a frame named as gc
   * names it (main.main.func2) at the line of the call, above the called function's.
   * The generator keeps the callee's name (the goroutine's start function).
   */
  racewrap(w: RaceFn, line: number, fn: Fn): Fn {
    const wrapper = function* goWrapper(...a: unknown[]): G {
      const th = RACE.rfe(w);
      th.l = line;
      try { return yield* fn(...a); } finally { th.ctx.funcexit(th); }
    };
    Object.defineProperty(wrapper, 'name', { value: fn.name });
    return wrapper;
  },
  /** make(chan T, n) of a zero-size T: its slots share one address, so one sync object. */
  racechan0<T>(c: Chan<T>): Chan<T> { c.raceOneSlot = true; return c; },
  /** The native a race build links for `key`: sync and sync/atomic with their happens-before edges. */
  racelib(key: string): unknown { return RACE_NATIVES[key] ?? NATIVES[key]; },
};

// --- sync and sync/atomic: the edges of the Go memory model -----------------------------------------

const native = (k: string): Fn => NATIVES[k] as Fn;

const RACE_NATIVES: Record<string, Fn> = {
  // sync's Mutex, RWMutex, WaitGroup and Once have their edges in the runtime (sema.ts), for TypeScript programs too.
  // time.AfterFunc: starting the timer happens before f runs (Go's addtimer racerelease / raceacquirectx).
  *'time.AfterFunc'(d: number, f: () => G): G {
    const th = me();
    const clock: number[] = [];
    if (th !== null) release(th, clock);
    return yield* native('time.AfterFunc')(d, function* afterFuncRace(): G { const t = me(); if (t !== null) acquire(t, clock); yield* f(); });
  },
  // Once: the f that ran happens before every Do returns.
  *'sync.Once.Do'(o: object, f: () => G): G {
    const th = me();
    yield* native('sync.Once.Do')(o, function* onceBody(): G { try { yield* f(); } finally { const t = me(); if (t !== null) release(t, t.ctx.syncOf(o)); } });
    if (th !== null) acquire(th, th.ctx.syncOf(o));
  },
};

// sync/atomic: every operation is an atomic access of its word; loads acquire, stores
// release, read-modify-writes both (what the race runtime's __tsan_go_atomic* do).
for (const key of Object.keys(NATIVES)) {
  if (!key.startsWith('sync/atomic.')) continue;
  const op = key.slice(key.lastIndexOf('.') + 1);
  const load = op.startsWith('Load');
  const store = op.startsWith('Store');
  const orig = native(key);
  if (orig.constructor.name !== 'GeneratorFunction') continue;
  RACE_NATIVES[key] = function* atomicRace(p: object, ...a: unknown[]): G {
    const th = me();
    if (th === null || p === null) return yield* orig(p, ...a);
    const addr = refAddr(th.ctx, p);
    const clock = th.ctx.syncAt(addr);
    if (!store) acquire(th, clock);
    th.ctx.access(th, addr, 8, !load, true);
    const r = yield* orig(p, ...a);
    if (!load) release(th, clock);
    return r;
  };
}
