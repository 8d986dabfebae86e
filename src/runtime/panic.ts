// defer, panic and recover (Go's runtime/panic.go). A Go function that defers
// is written `yield* func(function* () { defer(...); ... })` (compiled Go: deferpush,
// then deferpanic or deferreturn around its body): the frame keeps its deferred
// calls and runs them LIFO when the body returns or panics. A
// panic travels up the generator stack as a JS exception; recover() is non-nil
// only directly inside a deferred call while panicking, and then the frame
// returns normally. An unrecovered panic reaches the M, which prints
// `panic: <value>` and the goroutine and exits 2 (proc.go fatalpanic).

import { GoPanic, GoExit, NOTHING } from './runtime2.ts';
import type { DeferFrame, Gen, Panic } from './runtime2.ts';
import { getg } from './proc.ts';

/**
 * A Go function body with a defer frame. Returns what the body returns (or undefined if
 * recovered). Compiled Go does the same inline (deferpush, then deferpanic or deferreturn), so
 * that a call of a function that defers makes no generator function of its own.
 */
export function* func<R>(body: () => Gen<R>): Gen<R | undefined> {
  const frame = deferpush();
  let result: R | undefined;
  try {
    result = yield* body();
  } catch (e) {
    yield* deferpanic(frame, e);
    return undefined;
  }
  yield* deferreturn(frame);
  return result;
}

/** The frame of a function that defers, entered: the goroutine's innermost (deferproc's _defer chain). */
export function deferpush(): DeferFrame {
  const gp = getg();
  const frame: DeferFrame = { fns: [], parent: gp.deferFrame };
  gp.deferFrame = frame;
  return frame;
}

/**
 * The body of `frame`'s function threw e. A panic or Goexit runs the deferred calls (gopanic);
 * this returns if one of them recovered, and otherwise e goes on up. Anything else (not a Go
 * panic) leaves the frame and goes on up at once.
 */
export function* deferpanic(frame: DeferFrame, e: unknown): Gen<void> {
  if (!(e instanceof GoPanic) && !(e instanceof GoExit)) { getg().deferFrame = frame.parent; throw e; }
  const g2 = getg();
  const p: Panic = { value: e instanceof GoPanic ? e.value : null, recovered: false, link: g2._panic, goexit: e instanceof GoExit };
  g2._panic = p;
  yield* runDefers(frame);
  const g3 = getg();
  g3.deferFrame = frame.parent;
  if (p.recovered) { g3._panic = p.link; return; }
  throw e;
}

/** The body of `frame`'s function returned: its deferred calls run, last first (deferreturn). */
export function deferreturn(frame: DeferFrame): Gen<void> {
  if (frame.fns.length === 0) { getg().deferFrame = frame.parent; return NOTHING; }
  return deferreturnRun(frame);
}
function* deferreturnRun(frame: DeferFrame): Gen<void> {
  yield* runDefers(frame);
  getg().deferFrame = frame.parent;
}

function* runDefers(frame: DeferFrame): Gen<void> {
  while (frame.fns.length > 0) {
    const fn = frame.fns.pop()!;
    const gp = getg();
    gp.deferDepth++;
    const saved = gp.deferFrame;
    try {
      yield* fn();
    } finally {
      const g2 = getg();
      g2.deferDepth--;
      g2.deferFrame = saved;
    }
  }
}

/** defer fn() in the innermost func frame. */
export function defer(fn: () => Gen<unknown>): void {
  const gp = getg();
  if (gp.deferFrame === null) throw new Error('defer outside of a func(...) frame');
  gp.deferFrame.fns.push(fn);
}

/** panic(v) */
export function panic(v: unknown): never {
  throw new GoPanic(v === null || v === undefined ? new PanicNilError() : v);
}

/** recover(): the panic value directly inside a deferred call while panicking, else null. */
export function recover(): unknown {
  const gp = getg();
  const p = gp._panic;
  if (p === null || p.recovered || p.goexit || gp.deferDepth === 0) return null;
  p.recovered = true;
  return p.value;
}

/** runtime.Goexit: run the G's deferred calls and end it. */
export function Goexit(): never { throw new GoExit(); }

/** Go 1.21+: panic(nil) panics with *runtime.PanicNilError. */
export class PanicNilError {
  Error(): string { return 'panic called with nil argument (use GODEBUG=panicnil=1 to override)'; }
  toString(): string { return this.Error(); }
}

/** printpanicval: how `panic: <value>` shows a value. */
export function printpanicval(v: unknown): string {
  if (v !== null && typeof v === 'object' && typeof (v as { Error?: unknown }).Error === 'function') {
    const s = (v as { Error(): string }).Error();
    return v instanceof PanicNilError ? s : s;
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toExponential(6).replace(/e([+-])(\d)$/, 'e$10$2');
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Error) return v.message;
  return String(v);
}
