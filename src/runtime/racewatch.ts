// The race detector for programs written against the instruction helpers (a
// TypeScript program on this runtime): what gc's -race does at compile time — a
// call before each load and store of the program's code — done by the helpers'
// watch (memWatch in machine/instr.ts), which the M sets only while it steps a
// goroutine of a race-enabled process.
//
// Not every load or store yielded on a goroutine is the program's: the runtime
// works on the goroutine's behalf (a write(2) buffer on its stack, the M's scratch
// page, a mark assist scanning the heap, mallocgc zeroing, the write barrier's
// read). Those are not instrumented in Go either: the goroutine's own stack and its
// M's private memory are skipped here, and the runtime brackets its heap work with
// RaceThread.ignore (TSan's ThreadIgnoreBegin/End).
//
// Such a program calls no racefuncenter, so its frames come from where they are:
// the JavaScript stack of the access, whose generator frames are the program's
// calls (innermost first). Reading it is dear (a captured stack per access), paid
// only by a race-enabled TypeScript program's own loads and stores; stacks are
// interned by their text, so each distinct stack is parsed once. The program's
// frames are those of its own modules: a user's program registered by the loader
// with its line table (registerProgramModule), or a built-in program's source.

import { memWatch } from '../machine/instr.ts';
import type { G } from './runtime2.ts';
import type { RaceCtx, RaceFn, RaceThread } from './race.ts';

let watched: G | null = null;

/** The M steps gp (a goroutine with race state): its loads and stores are watched until raceWatchEnd. */
export function raceWatchBegin(gp: G): void { watched = gp; memWatch.fn = onAccess; }
export function raceWatchEnd(): void { watched = null; memWatch.fn = null; }

function onAccess(addr: number, len: number, write: boolean): void {
  const gp = watched;
  const th = gp?.race ?? null;
  if (gp === null || th === null || th.ignore > 0 || len === 0) return;
  if (addr >= gp.stackLo && addr < gp.stackHi) return; // its own stack: the runtime's buffers, locals no one else sees
  const mp = gp.m;
  if (mp !== null && addr >= mp.tls && addr < mp.g0stack) return; // the M's struct and scratch page
  th.ctx.access(th, addr, len, write, false, programStack(th.ctx));
}

/** Where a goroutine of a TypeScript program was created: its creator's program frames. */
export function raceCreatedAt(parent: RaceThread): number | null {
  return parent.node === parent.ctx.root ? programStack(parent.ctx) : null;
}

// --- frames from the JavaScript stack ------------------------------------------------------------

const FRAME = /^\s*at (?:async )?(?:(.+?) \()?(?:file:\/\/)?([^()]+):(\d+):(\d+)\)?$/;
/** A built-in program's own source, run from the sources (as the lints' callSite reads it). */
const APP_SOURCE = /\/(?:src\/apps|examples)\//;

/** A position of a built module back in the program's source (its line table). */
export type SourcePos = (line: number, col: number) => { file: string; line: number } | null;
const modules = new Map<string, SourcePos>();

/**
 * The loader of a user's program registers each module it built (the file that runs) with
 * its line table, as the Go front end registers its line maps for tracebacks: those are the
 * frames a report shows, at the user's file:line.
 */
export function registerProgramModule(builtFile: string, pos: SourcePos): void { modules.set(builtFile, pos); }

const interned = new WeakMap<RaceCtx, Map<string, number>>();
const fns = new WeakMap<RaceCtx, Map<string, RaceFn>>();

/** The stack of the program's frames now, interned in ctx's trie. */
function programStack(ctx: RaceCtx): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const text = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  let byText = interned.get(ctx);
  if (byText === undefined) { byText = new Map(); interned.set(ctx, byText); }
  let id = byText.get(text);
  if (id === undefined) { id = ctx.stackOf(programFrames(ctx, text)); byText.set(text, id); }
  return id;
}

/** The program's frames of a JavaScript stack, innermost first, named as Go names them (main.worker). */
function programFrames(ctx: RaceCtx, text: string): { fn: RaceFn; line: number }[] {
  let byName = fns.get(ctx);
  if (byName === undefined) { byName = new Map(); fns.set(ctx, byName); }
  const out: { fn: RaceFn; line: number }[] = [];
  for (const l of text.split('\n')) {
    const m = FRAME.exec(l);
    if (m === null) continue;
    const pos = modules.get(m[2]!);
    const at = pos !== undefined ? pos(Number(m[3]), Number(m[4])) : APP_SOURCE.test(m[2]!) ? { file: m[2]!, line: Number(m[3]) } : null;
    if (at === null) continue;
    const js = m[1] ?? '';
    const base = js.slice(js.lastIndexOf('.') + 1).replace(/ \[as \w+\]$/, '');
    const name = `main.${base === '' || base === '<anonymous>' ? 'func' : base}`;
    const key = `${name}\0${at.file}`;
    let fn = byName.get(key);
    if (fn === undefined) { fn = { name, file: at.file }; byName.set(key, fn); }
    out.push({ fn, line: at.line });
  }
  return out;
}
