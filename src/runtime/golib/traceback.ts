// Tracebacks of compiled programs: which Go function and line each frame of a
// panicking goroutine is at, as Go prints them under `goroutine 1 [running]:`
// (main.get(...) / <tab>./main.go:6). The compiler registers, for each program's
// generated code (named by a sourceURL), the Go line of every generated line and
// the Go name of every generated function; a panic raised by compiled code reads
// the JavaScript stack of the moment (the generators of the goroutine's calls are
// on it, innermost first) and maps it back.

export interface LineMap {
  /** Go file of each generated line (index into files), or -1. */
  file: Int32Array;
  /** Go line of each generated line, or 0. */
  line: Int32Array;
  files: string[];
  /** A function's name as frames show it (its Go name without "main.") → its Go name (main.get, main.(*T).M). */
  names: Map<string, string>;
}

const maps = new Map<string, LineMap>();

export function registerLineMap(url: string, m: LineMap): void { maps.set(url, m); }

const FRAME = /at (?:(.+?) \()?(gomachine-go\/[\w.-]+\.js):(\d+):\d+\)?$/;

/**
 * The Go frames of the JavaScript stack `stack`, innermost first, as runtime.Stack prints them.
 * A frame without a Go name (a function the compiler made, such as the program's start) is
 * not printed; its line stands for the next named frame's.
 */
export function goFrames(stack: string): string {
  let out = '';
  let inner: { f: number; ln: number } | null = null;
  for (const l of stack.split('\n')) {
    const m = FRAME.exec(l.trim());
    if (m === null) continue;
    const map = maps.get(m[2]!);
    if (map === undefined) continue;
    const jsLine = Number(m[3]) - 3; // new Function's two header lines, and 1-based
    const here = { f: map.file[jsLine] ?? -1, ln: map.line[jsLine] ?? 0 };
    // V8 names a frame by the function's name (its Go name without "main."), maybe after a receiver's class
    const js = m[1] ?? '';
    const name = map.names.get(js) ?? map.names.get(js.slice(js.indexOf('.') + 1));
    if (name === undefined) { inner ??= here; continue; }
    const at = inner ?? here;
    inner = null;
    out += `${name}${name === 'main.main' ? '()' : '(...)'}\n\t${at.f >= 0 ? map.files[at.f] : '?'}:${at.ln}\n`;
  }
  return out;
}

/** The current goroutine's Go frames. */
export function callers(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return goFrames(stack);
}

/** A program frame: its function, file and line. */
/** noargs: the function takes no arguments (Go prints it as f(), others as f(...)). */
export interface Frame { fn: string; file: string; line: number; noargs?: boolean }

/** A built-in program's own frame (TypeScript under src/apps or examples): "at fn (…/src/apps/go/x.ts:42:7)". */
const APP_FRAME = /at (?:async )?(.+?) \((?:file:\/\/)?[^()]*?\/((?:src\/apps|examples)\/[^():]+):(\d+):\d+\)/;

/**
 * The innermost frame of the JavaScript stack `stack` that is the program's own: a
 * compiled Go function (with its Go file and line), else a built-in program's
 * function (its TypeScript file and line). null when neither is on the stack.
 */
export function topFrame(stack: string): Frame | null {
  // A Go function's body may run in a closure the compiler made (a loop body, a deferred call's frame):
  // its line is the innermost one, and the function is the first named frame outside it.
  let inner: { file: string; line: number } | null = null;
  for (const l of stack.split('\n')) {
    const m = FRAME.exec(l);
    if (m !== null) {
      const map = maps.get(m[2]!);
      if (map === undefined) continue;
      const jsLine = Number(m[3]) - 3;
      const f = map.file[jsLine] ?? -1;
      const here = f >= 0 && (map.line[jsLine] ?? 0) > 0 ? { file: map.files[f]!, line: map.line[jsLine]! } : null;
      const js = m[1] ?? '';
      const name = map.names.get(js) ?? map.names.get(js.slice(js.indexOf('.') + 1));
      if (name === undefined) { inner ??= here; continue; }
      const at = inner ?? here;
      return { fn: name, file: at?.file ?? '?', line: at?.line ?? 0 };
    }
    const a = APP_FRAME.exec(l);
    if (a !== null) {
      // V8 names a method "Class.method": the function is the last name
      const fn = a[1]!;
      return { fn: `main.${fn.slice(fn.lastIndexOf('.') + 1)}`, file: a[2]!, line: Number(a[3]) };
    }
  }
  return null;
}
