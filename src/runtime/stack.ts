// Goroutine stacks (Go's runtime/stack.go): every goroutine starts on a 2 KiB
// stack from the runtime's stack pool; a Go function's prologue compares the
// stack pointer minus its frame size with the guard (stackLo + stackGuard) and,
// when the frame does not fit, morestack → newstack allocates a stack twice as
// big (doubled again until the frame fits), copies the used part (the G is
// _Gcopystack meanwhile; the copy is charged per KiB) and frees the old one.
// Past maxstacksize (1,000,000,000 bytes on 64-bit) the goroutine dies with
// "runtime: goroutine stack exceeds 1000000000-byte limit" / "fatal error: stack
// overflow". The collector shrinks (halves) stacks that use less than a quarter.
//
// Stacks of 2, 4, 8 and 16 KiB (the four orders of stackpool) are carved from
// 32 KiB spans of runtime memory and kept on free lists per order; bigger stacks
// get their own mmap and are munmapped when freed (Go takes them from heap
// spans). Stack memory is touched as frames are pushed, so RSS follows the
// stack actually used.
//
// Recursion is written as a loop of prologues — enter(frame) ... leave(frame) —
// or as one chain of `depth` calls (callChain), because JavaScript cannot nest
// tens of thousands of generators: the stack pointer, the faults and the cycles
// are those of the real calls.

import { compute, computeInPlace, touch, usdt } from '../machine/instr.ts';
import { G, GoFatal, NOTHING, _Grunning, _Grunnable, _Gwaiting, _Gpreempted, _Gcopystack, fixedStack, stackGuard, stackPreempt } from './runtime2.ts';
import type { Gen } from './runtime2.ts';
import { RT_COSTS } from './costs.ts';
import { getg, morestackc, casgstatus, type Runtime } from './proc.ts';


/** stack.go: the orders of stackpool (2, 4, 8, 16 KiB) and the span they are carved from. */
const numStackOrders = 4;
const stackSpanSize = 32 * 1024;
/** runtime.main: maxstacksize on 64-bit (decimal "because they look nicer"). */
export const defaultMaxStack = 1_000_000_000;

/** A stack growth or shrink: a = goid, b = new size; s = 'grow' | 'shrink'. */
export const STACK_EVENT = 'go_stack';

export class StackState {
  readonly pool: number[][] = Array.from({ length: numStackOrders }, () => []);
  maxstacksize = defaultMaxStack;
  /** Bytes of stacks handed to goroutines (MemStats.StackInuse). */
  inuse = 0;
  /** Bytes the stack allocator holds from the OS (MemStats.StackSys). */
  sys = 0;
  growths = 0;
  shrinks = 0;
  bytesCopied = 0;
  /** The largest stack any goroutine reached. */
  maxSize = 0;
}

export function stackState(rt: object): StackState {
  const r = rt as Runtime;
  return r.stacks ?? (r.stacks = new StackState());
}

function order(n: number): number { return Math.log2(n / fixedStack); }

/** stackalloc: n is a power of two ≥ 2 KiB. */
export function* stackalloc(rt: Runtime, n: number): Gen<number> {
  const st = stackState(rt);
  st.inuse += n;
  if (n > st.maxSize) st.maxSize = n;
  const o = order(n);
  if (o < numStackOrders) {
    const list = st.pool[o]!;
    if (list.length === 0) {
      // stackpoolalloc: a new span, cut into stacks of this order.
      const base = yield* rt.alloc(stackSpanSize, stackSpanSize);
      st.sys += stackSpanSize;
      for (let a = base + stackSpanSize - n; a >= base; a -= n) list.push(a);
    }
    return list.pop()!;
  }
  const r: number = yield* rt.os.mmap(n);
  if (r < 0) throw new GoFatal('runtime: out of memory: cannot allocate stack\nfatal error: out of memory');
  st.sys += n;
  return r;
}

/** stackfree: small stacks back to their pool, big ones to the OS. */
export function* stackfree(rt: Runtime, lo: number, n: number): Gen<void> {
  const st = stackState(rt);
  st.inuse -= n;
  const o = order(n);
  if (o < numStackOrders) { st.pool[o]!.push(lo); return; }
  yield* rt.os.munmap(lo, n);
  st.sys -= n;
}

/** malg's stack for a new G (newproc1). */
export function* stackNewG(rt: Runtime, gp: G): Gen<void> {
  gp.stackLo = yield* stackalloc(rt, fixedStack);
  gp.stackHi = gp.stackLo + fixedStack;
  gp.sp = gp.stackHi - 64;
}

/** A G starting a new function: its first frame at the top of the stack (newproc1). */
export function stackStart(gp: G): void { gp.sp = gp.stackHi - 64; gp.locals = null; }

/** gfput: a dead G keeps only a starting-size stack; a grown one is freed and replaced. */
export function stackOnGoexit(rt: Runtime, gp: G): Gen<void> {
  gp.locals = null;
  const n = gp.stackHi - gp.stackLo;
  if (n === fixedStack) return NOTHING; // kept as it is: no generator (most goroutines never grow)
  return stackReplace(rt, gp, n);
}

/** A grown stack freed and a fixed-size one made for the dead G. */
function* stackReplace(rt: Runtime, gp: G, n: number): Gen<void> {
  yield* stackfree(rt, gp.stackLo, n);
  yield* stackNewG(rt, gp);
}

/**
 * copystack: move the used part of gp's stack to a new stack of newsize bytes. The switch
 * to the new stack happens in one step after the allocation (which may yield), and only if
 * `stillOk` agrees then: a stopped goroutine being shrunk by the collector may have been
 * readied and run meanwhile. Returns whether it moved.
 */
function* copystack(rt: Runtime, gp: G, newsize: number, stillOk: (oldLo: number) => boolean): Gen<boolean> {
  const st = stackState(rt);
  const oldLo = gp.stackLo; const oldSize = gp.stackHi - oldLo;
  const lo = yield* stackalloc(rt, newsize);
  if (!stillOk(oldLo)) { yield* stackfree(rt, lo, newsize); return false; }
  const used = gp.stackHi - gp.sp;
  const hi = lo + newsize;
  gp.stackLo = lo; gp.stackHi = hi; gp.sp = hi - used;
  // memmove of the used part: the new pages are written, the cycles are the copy's.
  const copyCycles = Math.ceil(used / 1024) * RT_COSTS.goStackCopyKiB;
  if (!computeInPlace(copyCycles)) yield compute(copyCycles);
  yield* touch(hi - used, used, true);
  st.bytesCopied += used;
  yield* stackfree(rt, oldLo, oldSize);
  return true;
}

/** newstack: double the stack until `frame` more bytes fit below sp (plus the guard). */
export function* newstack(gp: G, frame: number): Gen<void> {
  const rt = gp.rt as Runtime;
  const st = stackState(rt);
  const oldsize = gp.stackHi - gp.stackLo;
  const used = gp.stackHi - gp.sp;
  let newsize = oldsize * 2;
  while (newsize - used < frame + stackGuard) newsize *= 2;
  if (newsize > st.maxstacksize) {
    const hex = (n: number) => `0x${n.toString(16)}`;
    throw new GoFatal(`runtime: goroutine stack exceeds ${st.maxstacksize}-byte limit\n` +
      `runtime: sp=${hex(gp.sp)} stack=[${hex(gp.stackLo)}, ${hex(gp.stackHi)}]\nfatal error: stack overflow`);
  }
  const pid = gp.m?.p?.id ?? -1;
  yield casgstatus(rt, gp, _Grunning, _Gcopystack, pid);
  yield* copystack(rt, gp, newsize, always);
  yield casgstatus(rt, gp, _Gcopystack, _Grunning, pid);
  st.growths++;
  yield* usdt(STACK_EVENT, gp.goid, newsize, 'grow');
  if (gp.stackguard0 !== stackPreempt) gp.stackguard0 = gp.stackLo + stackGuard;
}

function always(): boolean { return true; }

/** isShrinkStackSafe here: stopped (not running, in a syscall or mid-copy), and using less than a quarter. */
function shrinkable(gp: G): boolean {
  const s = gp.atomicstatus;
  if (s !== _Gwaiting && s !== _Grunnable && s !== _Gpreempted) return false;
  const oldsize = gp.stackHi - gp.stackLo;
  if (oldsize / 2 < fixedStack) return false;
  return gp.stackHi - gp.sp + stackGuard < oldsize / 4; // stack.go: used = hi − sp + stackLimit
}

/** shrinkstack (called by the collector on a stopped G): halve a stack using less than a quarter. */
export function* shrinkstack(rt: Runtime, gp: G): Gen<boolean> {
  if (!shrinkable(gp)) return false;
  const newsize = (gp.stackHi - gp.stackLo) / 2;
  if (!(yield* copystack(rt, gp, newsize, (oldLo) => gp.stackLo === oldLo && gp.stackHi - oldLo === newsize * 2 && shrinkable(gp)))) return false;
  stackState(rt).shrinks++;
  yield* usdt(STACK_EVENT, gp.goid, newsize, 'shrink');
  return true;
}

const PAGE = 4096;

/**
 * A Go function's prologue on its own: the stack-bound check (the same one the
 * cooperative preemption trips), morestack if `frame` bytes do not fit, then the
 * frame pushed (return address written). Pair with leave(frame).
 */
export function enter(frame: number): Gen<void> {
  // A plain function on the fast path, as chansend is (chan.ts): the charge retired in place, no
  // preemption asked, the frame fits and stays on the page: done, no generator made (every call
  // of a compiled function runs this prologue). Otherwise the rest from where it stopped.
  const gp = getg();
  if (!computeInPlace(RT_COSTS.goPrologue)) return enterFrom(ENTER_CHARGE, gp, frame);
  if (gp.stackguard0 === stackPreempt || gp.sp - frame < gp.stackLo + stackGuard) return enterFrom(ENTER_CHECKS, gp, frame);
  const old = gp.sp;
  gp.sp = old - frame;
  if (Math.floor(old / PAGE) !== Math.floor(gp.sp / PAGE)) return touch(gp.sp, 8, true);
  return NOTHING;
}

/** Where enter's plain run stopped: its charge, or the preemption and stack checks after it. */
const ENTER_CHARGE = 0;
const ENTER_CHECKS = 1;

/** The rest of enter from `from`, its instructions yielded. */
function* enterFrom(from: number, gp: G, frame: number): Gen<void> {
  if (from === ENTER_CHARGE) yield compute(RT_COSTS.goPrologue);
  if (gp.stackguard0 === stackPreempt) yield* morestackc();
  if (gp.sp - frame < gp.stackLo + stackGuard) yield* newstack(gp, frame);
  const old = gp.sp;
  gp.sp = old - frame;
  if (Math.floor(old / PAGE) !== Math.floor(gp.sp / PAGE)) yield* touch(gp.sp, 8, true);
}

/** The epilogue: pop a frame of `frame` bytes. */
export function leave(frame: number): void {
  const gp = getg();
  gp.sp += frame;
  if (gp.sp > gp.stackHi) throw new Error('assertion: leave: stack pointer above the stack');
}

/** Call fn through a prologue with a frame of `size` bytes (callFrame(size, fn, ...args)). */
export function* callFrame<A extends unknown[], R>(size: number, fn: (...a: A) => Gen<R>, ...args: A): Gen<R> {
  yield* enter(size);
  try { return yield* fn(...args); } finally { leave(size); }
}

/**
 * `depth` nested calls of `frame` bytes each, then body at the bottom: the same
 * prologues (growth by doubling as each one trips the guard), cycles and touched
 * pages as depth calls to callFrame, in a few steps.
 */
export function* callChain<R>(depth: number, frame: number, body: () => Gen<R>): Gen<R> {
  const gp = getg();
  const usedBase = gp.stackHi - gp.sp;
  const total = depth * frame;
  if (!computeInPlace(RT_COSTS.goPrologue * depth)) yield compute(RT_COSTS.goPrologue * depth);
  if (gp.stackguard0 === stackPreempt) yield* morestackc();
  // Each growth happens at the call that no longer fits: the frames that fit are pushed first.
  while (gp.stackHi - gp.stackLo - stackGuard < usedBase + total) {
    const used = gp.stackHi - gp.sp;
    const fits = Math.floor((gp.stackHi - gp.stackLo - stackGuard - used) / frame);
    gp.sp -= Math.max(0, Math.min(fits, (usedBase + total - used) / frame)) * frame;
    yield* newstack(gp, frame);
  }
  gp.sp = gp.stackHi - usedBase - total;
  yield* touch(gp.sp, total, true);
  try { return yield* body(); } finally { gp.sp = gp.stackHi - usedBase; }
}

/** runtime/debug.SetMaxStack: the per-goroutine limit; returns the previous one. */
export function SetMaxStack(n: number): number {
  const st = stackState(getg().rt as object);
  const old = st.maxstacksize;
  st.maxstacksize = n;
  return old;
}

/** The snapshot's stacks section. */
export function stackSnapshot(rt: object): { growths: number; shrinks: number; bytesInUse: number; maxBytes: number; bytesCopied: number } {
  const st = stackState(rt);
  return { growths: st.growths, shrinks: st.shrinks, bytesInUse: st.inuse, maxBytes: st.maxSize, bytesCopied: st.bytesCopied };
}
