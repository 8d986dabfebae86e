// What a compiled Go program's code calls (the `$` it is given): the runtime's
// goroutines, channels, select, defer/panic/recover and stack prologues, the
// values of golib/values.ts, and the standard library natives. Generated code
// imports nothing else, as the built-in apps import only src/runtime.

import { compute, computeInPlace, offCore } from '../../machine/instr.ts';
import { newproc, getg, tailcall } from '../proc.ts';
import { makechan, chansend1, chanrecv, closechan, recvOK, type Chan } from '../chan.ts';
import { select as rtselect, recv as selRecv, send as selSend, type SelectCase } from '../select.ts';
import { func, deferpush, deferpanic, deferreturn, defer as rtdefer, recover } from '../panic.ts';
import { enter, leave } from '../stack.ts';
import { smallStack } from '../runtime2.ts';
import * as V from './values.ts';
import { NATIVES, nativeGlobal, newError } from './natives.ts';
import { sprint, formatV, setMethodRunner } from './fmt.ts';
import { writeFd } from '../fmt.ts';
import { RACE } from './race.ts';
import type { Frame } from './traceback.ts';
import * as H from './heap.ts';

type G<T = unknown> = Generator<any, T, any>;
type GenFn = (...a: any[]) => G;

/**
 * Run a method generator to completion outside the scheduler (fmt calling String/Error): computes
 * are charged nowhere, so none may be retired in place on the core either.
 */
function runSync(fn: (recv: unknown) => G, recv: unknown): unknown {
  return offCore(() => {
    const g = fn(recv);
    let r = g.next();
    while (!r.done) {
      if ((r.value as { op: string }).op !== 'compute') throw new Error('a String or Error method blocked while fmt was formatting');
      r = g.next();
    }
    return r.value;
  });
}
setMethodRunner(runSync);
V.setPanicFormatter((v) => {
  if (v.v instanceof V.RuntimeErr) return v.v.signal === '' ? v.v.Error() : `${v.v.Error()}\n${v.v.signal}`;
  if (v.t.methods?.Error !== undefined) return String(runSync(v.t.methods.Error, v.v));
  if (v.t.kind === 'string') return v.t.name !== null && v.t.str.includes('.') && !v.t.str.startsWith('string') ? `${v.t.str}(${JSON.stringify(v.v)})` : String(v.v);
  if (v.t.methods?.String !== undefined) return String(runSync(v.t.methods.String, v.v));
  if (/^(u?int|float)/.test(v.t.kind)) return v.t.str.includes('.') ? `${v.t.str}(${formatV(v)})` : formatV(v);
  return `(${v.t.str}) ${formatV(v)}`;
});

/** A received value is shaded while the collector marks (the channel's slot it leaves). */
function shadeReceived(v: unknown): void { if (H.GC_MARKING.n > 0) H.wb(null, v); }

// The generators behind the func values made at run time (asGen, bind, ibind, imethodexpr):
// each value is an arrow calling one of these, declared once, so that making a value makes no
// generator function (V8 gives each one it creates a map and a prototype, and renaming one put
// it in dictionary mode), and calling it runs nothing until the goroutine steps the generator,
// as with the generator functions they replace.
function* runPlain(f: (...a: any[]) => unknown, a: unknown[]): G { return f(...a); }
function* runBound(fn: GenFn, recv: unknown, a: unknown[]): G { return yield* fn(recv, ...a); }
function* runDelegate(f: GenFn, a: unknown[]): G { return yield* f(...a); }
function* runIMethod(r: V.Iface | null, name: string, a: unknown[]): G { return yield* $.icall(r, name)(...a); }

export const $ = {
  compute,
  computeInPlace,
  ...V,
  lib: NATIVES,
  nativeGlobal,
  enter, leave,
  /**
   * The prologue of the program's own functions: the stack check, and the caller's current
   * statement pushed on the goroutine's call sites (what a traceback prints for its frame).
   */
  fenter(frame: number): G<void> {
    const gp = getg();
    const n = gp.ncallers++;
    if (n === 0) gp.caller0 = gp.goSite;
    else if (gp.callers === null) gp.callers = smallStack(gp.goSite);
    else gp.callers[n - 1] = gp.goSite;
    return enter(frame);
  },
  /** Its epilogue: the caller's statement is the goroutine's again. */
  fleave(frame: number): void {
    leave(frame);
    const gp = getg();
    const n = --gp.ncallers;
    gp.goSite = n === 0 ? gp.caller0 : gp.callers![n - 1]!;
  },
  // the heap (escape.ts decides what goes there) and the collector's roots
  M: H.GC_MARKING, wb: H.wb, newobj: H.newobj, newarray: H.newarray, newclosure: H.newclosure, newmap: H.newmap, newchan: H.newchan,
  pushFrame: H.pushFrame, popFrame: H.popFrame, globalRoots: H.globalRoots,
  // the program's loads and stores of heap objects, when something watches them
  W: H.memWatch, ld: H.ld, st: H.st,
  sgetw<T>(s: V.Slice<T> | null, i: number, esize: number): T { const v = V.sget(s, i); H.lde(s!.a, s!.off + i, esize, false); return v; },
  agetw<T>(a: T[], i: number, esize: number): T { const v = V.aget(a, i); H.lde(a, i, esize, false); return v; },
  /** Element i of a backing array written (esize > 0) or, for the read of `a[i] op= x`, read (-esize). */
  ste(a: unknown[], i: number, esize: number): void { H.lde(a, i, Math.abs(esize), esize > 0); },
  /** The statement the running goroutine begins, if it may block: where a deadlock or the dashboard says it waits. */
  at(site: Frame | null): void { getg().goSite = site; },
  setName(fn: GenFn, name: string): void { Object.defineProperty(fn, 'name', { value: name }); },
  /** A non-generator function as a generator (natives called through a func value, defer or go), named as it. */
  asGen(f: (...a: any[]) => unknown): GenFn { return { [f.name]: (...a: unknown[]) => runPlain(f, a) }[f.name]!; },
  nilfunc(f: GenFn | null): GenFn { if (f === null) V.rtpanic('invalid memory address or nil pointer dereference'); return f; },
  /** x.M as a value (gc's M-fm wrapper): recv bound, its context recv. */
  bind(fn: GenFn, recv: unknown): GenFn {
    const name = `${fn.name}-fm`;
    const b = { [name]: (...a: unknown[]) => runBound(fn, recv, a) }[name]!;
    (b as { $c?: () => unknown[] }).$c = () => [recv];
    return b;
  },
  icall(r: V.Iface | null, name: string): GenFn {
    if (r === null) V.rtpanic('invalid memory address or nil pointer dereference');
    const m = r.t.methods?.[name];
    if (m === undefined) throw new Error(`assertion: ${r.t.str} has no method ${name}`);
    return (...a: unknown[]) => m(r.v, ...a);
  },
  /** I.M, a method expression of an interface: a function of the interface value and M's arguments. */
  imethodexpr(name: string): GenFn { return (r: V.Iface | null, ...a: unknown[]) => runIMethod(r, name, a); },
  ibind(r: V.Iface | null, name: string): GenFn { const f = $.icall(r, name); return (...a: unknown[]) => runDelegate(f, a); },
  assert(x: V.Iface | null, t: V.TypeDesc, iface: boolean, _zero: unknown, from: string): unknown {
    if (!V.typeIs(x, t)) {
      if (x === null) V.throwPanic(new V.Iface(V.runtimeErrorType, new V.RuntimeErr(`interface conversion: interface is nil, not ${t.str}`, true)));
      V.throwPanic(new V.Iface(V.runtimeErrorType, new V.RuntimeErr(iface ? `interface conversion: ${x.t.str} is not ${t.str}: missing method ${(t as { imethods?: string[] }).imethods?.find((m) => !(m in (x.t.methods ?? {}))) ?? ''}` : `interface conversion: ${from === 'interface {}' ? 'interface {}' : from} is ${x.t.str}, not ${t.str}`, true)));
    }
    return iface ? x : x!.v;
  },
  assert2(x: V.Iface | null, t: V.TypeDesc, iface: boolean, zero: unknown): [unknown, boolean] {
    if (!V.typeIs(x, t)) return [zero, false];
    return [iface ? x : x!.v, true];
  },
  // goroutines and channels: the runtime's own
  go(fn: GenFn, args: readonly unknown[]): G { return newproc(fn, args as unknown[], args); },
  /** The arguments of every go statement that passes none: frozen, as each goroutine keeps it as its first frame's roots. */
  NOARGS: Object.freeze([]) as readonly unknown[],
  /** $start's last act: goroutine 1 goes on in main.main (proc.ts tailcall). */
  tailcall,
  makechan(size: V.I64, zero: unknown): Chan<unknown> {
    // Go's makechan panics with a plainError: a runtime.Error printed without "runtime error: "
    if (size < 0 || size > 1 << 30) V.throwPanic(new V.Iface(V.runtimeErrorType, new V.RuntimeErr('makechan: size out of range', true)));
    return makechan(size as number, zero);
  },
  // A value sent is shaded while the collector marks (it leaves the sender's registers for a
  // buffer or a receiver); one received too (typedmemclr of the slot it leaves).
  chansend(c: Chan<unknown> | null, v: unknown): G { if (H.GC_MARKING.n > 0) H.wb(null, v); return chansend1(c, v); },
  chanrecv1(c: Chan<unknown> | null): G { return chanrecv(c, true, shadeReceived); },
  *chanrecv2(c: Chan<unknown> | null): G<[unknown, boolean]> { const v = yield* chanrecv(c, true); if (H.GC_MARKING.n > 0) H.wb(null, v); return [v, recvOK]; },
  closechan(c: Chan<unknown> | null): G {
    if (c === null) V.throwPanic(new V.Iface(V.runtimeErrorType, new V.RuntimeErr('close of nil channel', true)));
    if (c.closed) V.throwPanic(new V.Iface(V.runtimeErrorType, new V.RuntimeErr('close of closed channel', true)));
    return closechan(c);
  },
  chanlen(c: Chan<unknown> | null): number { return c === null ? 0 : c.qcount; },
  chancap(c: Chan<unknown> | null): number { return c === null ? 0 : c.dataqsiz; },
  selsend(c: Chan<unknown> | null, v: unknown): SelectCase { return selSend(c, v); },
  selrecv(c: Chan<unknown> | null): SelectCase { return selRecv(c); },
  *select(cases: SelectCase[], dflt: boolean): G {
    const r = yield* rtselect(cases, dflt);
    if (H.GC_MARKING.n > 0) { for (const c of cases) H.wb(null, c.v); H.wb(null, (r as { value?: unknown }).value); }
    return r;
  },
  // defer, panic, recover
  func, deferpush, deferpanic, deferreturn,
  defer(fn: GenFn, args: unknown[]): void {
    // the deferred call's function and arguments stay in the frame (a root) until it runs
    const d = (): G => fn(...args);
    (d as { $c?: () => unknown[] }).$c = () => [fn, ...args];
    rtdefer(d);
  },
  gopanic(v: V.Iface | null): never { V.throwPanic(v === null ? null : v); },
  gorecover(): V.Iface | null {
    const r = recover();
    if (r === null || r === undefined) return null;
    if (r instanceof V.Iface) return r;
    if (typeof r === 'string') return newError(r);
    if (typeof (r as { Error?: unknown }).Error === 'function') return new V.Iface(V.runtimeErrorType, new V.RuntimeErr((r as { Error(): string }).Error(), true));
    return newError(String(r));
  },
  *printBuiltin(ln: boolean, args: V.Iface[]): G<void> { yield* writeFd(2, ln ? args.map((a) => formatV(a)).join(' ') + '\n' : sprint(args)); },
  getg,
  // the race build's hooks (gc -race)
  ...RACE,
};
export type Dollar = typeof $;
