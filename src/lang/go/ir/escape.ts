// escape: which values live in the heap, and each function's stack map (Go's
// cmd/compile/internal/escape, conservatively). gomachine proves nothing stays on the
// stack: every allocation site below goes to the heap, through the runtime's mallocgc, with
// its size class and its pointer words —
//   new(T); &T{…}; a variable whose address is taken (&x, or a method with a pointer
//   receiver called on it), from its declaration; slice and map literals; make of a slice,
//   map or channel; the new backing array of an append that grows; a closure that captures
//   variables (its funcval: the code pointer and one word per captured variable).
// Not counted (made by the library, or in registers and frames in Go too): strings (their
// bytes from concatenation and conversions), interface boxing of non-pointer values
// (convT), []byte/[]rune conversions, map buckets (a map is its 48-byte hmap), and what
// library functions allocate internally.
//
// The stack map: for each function, the locals that may hold a reference to a heap object
// (a pointer, slice, map, channel, func, interface, or an aggregate holding one, or any
// variable whose address is taken). The back end hoists them to the function's top (so that
// one function of the frame can return their current values to the collector) — all but
// the variables a closure captures inside a loop, which need a binding per iteration (Go
// 1.22) and are found through the closures that capture them. Liveness is the whole call:
// a local keeps what it refers to until its function returns (Go's stack maps are precise
// per safe point). Values held only in an expression's intermediate results (an argument
// evaluated while a later argument's call runs) are not roots: an object allocated before a
// cycle starts and reachable only that way while the whole cycle runs may be freed while
// still in use (the program's value is unaffected; its slot is reused).

import type * as I from './ir.ts';
import { underlying, sizeof, type Type } from './types.ts';

/** Bytes of t up to the end of its last pointer word (Go's ptrdata); 0 for a type without pointers. */
export function ptrdata(t: Type): number {
  const u = underlying(t);
  switch (u.k) {
    case 'basic': return u.kind === 'string' || u.kind === 'untyped string' ? 8 : u.kind === 'untyped nil' || u.kind === 'unsafe.Pointer' ? 8 : 0;
    case 'pointer': case 'map': case 'chan': case 'func': case 'slice': return 8;
    case 'interface': return 16;
    case 'array': { const e = ptrdata(u.elem); return e === 0 || u.len === 0 ? 0 : (u.len - 1) * sizeof(u.elem) + e; }
    case 'struct': {
      let off = 0; let last = 0;
      for (const f of u.fields) {
        const s = sizeof(f.type); const a = Math.min(8, Math.max(1, s >= 8 ? 8 : s));
        off = Math.ceil(off / a) * a;
        const p = ptrdata(f.type);
        if (p > 0) last = off + p;
        off += s;
      }
      return last;
    }
    default: return 8;
  }
}

/** Pointer words of an object of type t (the leading words the collector scans). */
export function ptrWords(t: Type): number { return Math.ceil(ptrdata(t) / 8); }

/** A value of t may refer to a heap object (strings aside: their bytes are not in the heap here). */
export function refs(t: Type): boolean {
  const u = underlying(t);
  switch (u.k) {
    case 'basic': return u.kind === 'untyped nil';
    case 'array': return u.len > 0 && refs(u.elem);
    case 'struct': return u.fields.some((f) => refs(f.type));
    case 'tuple': return u.types.some(refs);
    default: return true;
  }
}

/** One function's stack map. */
export interface FrameMap {
  /** Locals declared in blocks that the back end declares at the function's top instead. */
  hoisted: Set<number>;
  /** What the frame's stack map returns: parameters, results, hoisted locals, temporaries, captured variables. */
  roots: I.Var[];
  /** For a closure: the variables of enclosing functions it captures (its funcval's context words). */
  captures: I.Var[];
  /**
   * Every root is a parameter that no statement of the function (or of a closure in it) assigns:
   * the values the stack map returns never change after the prologue, so it can be the values
   * themselves rather than a function reading the variables (no closure, no context per call).
   */
  fixed: boolean;
}

const isVar = (x: object): x is I.Var => 'id' in x && 'addrTaken' in x && 'global' in x;
const SKIP = new Set(['t', 'type', 'sig', 'targ', 'types', 'pos', 'ot']);

/** escape analysis of a whole program: the stack map of every function and closure. */
export function escape(prog: I.Program): Map<I.Func, FrameMap> {
  const out = new Map<I.Func, FrameMap>();
  for (const f of prog.funcs) analyse(f, out);
  return out;
}

/** A function: its declarations (with whether they are inside a loop), its references, and its closures'. */
function analyse(f: I.Func, out: Map<I.Func, FrameMap>): Set<I.Var> {
  const declared = new Map<number, { v: I.Var; inLoop: boolean }>();
  const used = new Map<number, I.Var>();
  const capturedHere = new Set<number>();
  const declare = (v: I.Var | null | undefined, inLoop: boolean): void => { if (v && !v.global && !declared.has(v.id)) declared.set(v.id, { v, inLoop }); };
  const refsIn = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) { for (const e of x) refsIn(e); return; }
    if (isVar(x)) { if (!x.global) used.set(x.id, x); return; }
    const o = x as Record<string, unknown>;
    if (o.k === 'closure') {
      // the closure's free variables are used here too (and are captured, if declared here)
      for (const v of analyse(o.fn as I.Func, out)) { used.set(v.id, v); capturedHere.add(v.id); }
      return;
    }
    for (const [k, v] of Object.entries(o)) if (!SKIP.has(k)) refsIn(v);
  };
  const stmts = (ss: I.Stmt[] | null | undefined, inLoop: boolean): void => { for (const s of ss ?? []) stmt(s, inLoop); };
  const stmt = (s: I.Stmt | null, inLoop: boolean): void => {
    if (s === null) return;
    switch (s.k) {
      case 'define': for (const v of s.vars) declare(v, inLoop); refsIn(s.values); return;
      case 'assign': for (const v of s.defines ?? []) declare(v, inLoop); refsIn(s.lhs); refsIn(s.values); return;
      case 'block': stmts(s.body, inLoop); return;
      case 'if': stmt(s.init, inLoop); refsIn(s.cond); stmts(s.then, inLoop); stmt(s.else, inLoop); return;
      case 'for': stmt(s.init, true); refsIn(s.cond); stmt(s.post, true); stmts(s.body, true); return;
      case 'range':
        refsIn(s.x);
        for (const t of [s.key, s.value]) { if (t !== null && isVar(t)) declare(t, true); else refsIn(t); }
        stmts(s.body, true); return;
      case 'switch': stmt(s.init, inLoop); refsIn(s.tag); for (const c of s.clauses) { refsIn(c.exprs); stmts(c.body, inLoop); } return;
      case 'typeswitch': stmt(s.init, inLoop); refsIn(s.x); for (const c of s.clauses) { declare(c.bind, inLoop); stmts(c.body, inLoop); } return;
      case 'select':
        for (const c of s.clauses) {
          refsIn(c.ch); refsIn(c.value);
          for (const t of c.lhs) { if (t !== null && isVar(t)) declare(t, inLoop); else refsIn(t); }
          stmts(c.body, inLoop);
        }
        return;
      case 'labeled': stmt(s.stmt, inLoop); return;
      default: refsIn(s);
    }
  };
  const params = [...(f.recv ? [f.recv] : []), ...f.params, ...f.results];
  stmts(f.body, false);
  const own = new Set<number>([...params.map((p) => p.id), ...(f.temps ?? []).map((t) => t.id), ...declared.keys()]);
  const rooted = (v: I.Var): boolean => refs(v.type) || v.addrTaken;
  const hoisted = new Set<number>();
  for (const { v, inLoop } of declared.values()) if (rooted(v) && !(inLoop && capturedHere.has(v.id))) hoisted.add(v.id);
  const free = [...used.values()].filter((v) => !own.has(v.id));
  const roots = [
    ...params.filter(rooted), ...(f.temps ?? []),
    ...[...declared.values()].filter((d) => hoisted.has(d.v.id)).map((d) => d.v),
    ...free.filter(rooted),
  ];
  const paramIds = new Set((f.recv ? [f.recv, ...f.params] : f.params).map((p) => p.id));
  const fixed = roots.every((v) => paramIds.has(v.id)) && !roots.some((v) => assigned(f.body).has(v.id));
  out.set(f, { hoisted, roots, captures: free, fixed });
  return new Set(free);
}

/**
 * The variables that statements in `body` (closures' included) may bind anew: the targets of
 * assignments, op-assignments, definitions, range and select clauses that assign, type-switch
 * bindings. Conservative — a variable named in any of these places counts, whatever its kind.
 */
function assigned(body: I.Stmt[]): Set<number> {
  const out = new Set<number>();
  const target = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    if (isVar(x)) out.add(x.id);
    else if ((x as { k?: string }).k === 'var') out.add((x as { v: I.Var }).v.id);
  };
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) { for (const e of x) walk(e); return; }
    if (isVar(x)) return;
    const o = x as Record<string, unknown>;
    switch (o.k) {
      case 'assign': for (const l of o.lhs as unknown[]) target(l); break;
      case 'opassign': target(o.lhs); break;
      case 'define': for (const v of o.vars as unknown[]) target(v); break;
      case 'range': target(o.key); target(o.value); break;
      case 'select': for (const c of o.clauses as { lhs: unknown[] }[]) for (const l of c.lhs) target(l); break;
      case 'typeswitch': for (const c of o.clauses as { bind: unknown }[]) target(c.bind); break;
    }
    for (const [k, v] of Object.entries(o)) if (!SKIP.has(k)) walk(v);
  };
  walk(body);
  return out;
}
