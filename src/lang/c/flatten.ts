// Stage 4½: flatten the control flow around labels a jump goes into. The back
// end compiles a function with `goto` as a state machine whose states are the
// labels at the top level of its body (codegen.ts); JavaScript cannot jump
// into a block or a loop. So a statement that holds a label — a `goto` target,
// or a `case` below the top of its switch's body (Duff's device) — is lowered
// here into labels and conditional jumps at the top level, as a compiler's
// lowering to basic blocks does:
//
//   while (c) S        →  Lc: if (!c) goto Le; S; goto Lc; Le:
//   do S while (c)     →  Lb: S; Lc: if (c) goto Lb; Le:
//   for (i; c; s) S    →  i; Lc: if (!c) goto Le; S; Ls: s; goto Lc; Le:
//   if (c) A else B    →  if (!c) goto Lx; A; goto Le; Lx: B; Le:
//   switch (e) S       →  t = e; if (t == v1) goto C1; ...; goto D or Le; S; Le:
//   { ... }            →  its statements
//
// with `break` and `continue` that leave a lowered loop or switch turned into
// jumps to its labels, wherever they are in the statements kept as they were.
// Statements that hold no such label stay structured. Declarations keep their
// place, so jumping past one into its scope leaves the object uninitialised,
// as in C.

import { T } from './type.ts';
import type { Expr, Stmt, FuncDef, Obj } from './ir.ts';
import type { Loc } from './diagnostics.ts';

/** Lower `f`'s body if a label in it is not at its top level, or a case is not at the top level of its switch. */
export function flattenFunction(f: FuncDef): void {
  const top = f.body.k === 'block' ? f.body.body : [f.body];
  if (!top.some(topNeeds)) return;
  const fl = new Flattener(f);
  const out: Stmt[] = [];
  for (const s of top) fl.flat(s, out, { brk: null, cont: null, cases: null });
  f.body = { k: 'block', body: out, loc: f.body.loc };
  f.hasGoto = true;
}

/** Where break and continue go inside a lowered loop or switch (null: to a structured one, or nowhere), and a lowered switch's case labels. */
interface Ctx { brk: string | null; cont: string | null; cases: Map<number, string> | null }

/** Does `s` hold a case of the switch it is in (not of a switch nested in it)? */
function holdsCase(s: Stmt): boolean {
  switch (s.k) {
    case 'case': return true;
    case 'label': return holdsCase(s.body);
    case 'block': return s.body.some(holdsCase);
    case 'if': return holdsCase(s.then) || (s.els !== null && holdsCase(s.els));
    case 'while': case 'do': case 'for': return holdsCase(s.body);
    default: return false;
  }
}

/** A switch with a case below the top of its body (inside a block, a loop, an if). */
function hidesCase(s: Stmt & { k: 'switch' }): boolean {
  const top = s.body.k === 'block' ? s.body.body : [s.body];
  const hidden = (x: Stmt): boolean => (x.k === 'case' || x.k === 'label' ? hidden(x.body) : holdsCase(x));
  return top.some(hidden);
}

/** Must `s` be lowered: does it hold a label, a case of the lowered switch it is in, or a switch hiding a case? */
function mustLower(s: Stmt, inLoweredSwitch: boolean): boolean {
  switch (s.k) {
    case 'label': return true;
    case 'case': return inLoweredSwitch || mustLower(s.body, false);
    case 'block': return s.body.some((x) => mustLower(x, inLoweredSwitch));
    case 'if': return mustLower(s.then, inLoweredSwitch) || (s.els !== null && mustLower(s.els, inLoweredSwitch));
    case 'while': case 'do': case 'for': return mustLower(s.body, inLoweredSwitch);
    case 'switch': return hidesCase(s) || mustLower(s.body, false);
    default: return false;
  }
}

/** A statement at the top of a function body that the state machine cannot take as it is. */
function topNeeds(s: Stmt): boolean { return s.k === 'label' ? topNeeds(s.body) : mustLower(s, false); }

let nextTemp = 1_000_000_000; // past the parser's object ids

class Flattener {
  private n = 0;
  constructor(private readonly f: FuncDef) {}

  private label(what: string): string { return ` ${what}${++this.n}`; } // a space: no C label can be named so
  private at(name: string, loc: Loc): Stmt { return { k: 'label', name, body: { k: 'empty', loc }, loc }; }
  private jump(name: string, loc: Loc): Stmt { return { k: 'goto', label: name, loc }; }
  private jumpIf(c: Expr, name: string, loc: Loc): Stmt { return { k: 'if', c, then: this.jump(name, loc), els: null, loc }; }
  private not(c: Expr): Expr { return { k: 'not', e: c, ty: T.int, loc: c.loc }; }

  flat(s: Stmt, out: Stmt[], ctx: Ctx): void {
    if (!mustLower(s, ctx.cases !== null)) { out.push(this.redirect(s, ctx)); return; }
    const loc = s.loc;
    switch (s.k) {
      case 'block': for (const x of s.body) this.flat(x, out, ctx); return;
      case 'label': out.push(this.at(s.name, loc)); this.flat(s.body, out, ctx); return;
      case 'case': out.push(this.at(ctx.cases!.get(s.label)!, loc)); this.flat(s.body, out, ctx); return;
      case 'if': {
        const end = this.label('endif');
        const other = s.els !== null ? this.label('else') : end;
        out.push(this.jumpIf(this.not(s.c), other, loc));
        this.flat(s.then, out, ctx);
        if (s.els !== null) { out.push(this.jump(end, loc)); out.push(this.at(other, loc)); this.flat(s.els, out, ctx); }
        out.push(this.at(end, loc));
        return;
      }
      case 'while': {
        const test = this.label('while'); const end = this.label('endwhile');
        out.push(this.at(test, loc), this.jumpIf(this.not(s.c), end, loc));
        this.flat(s.body, out, { ...ctx, brk: end, cont: test });
        out.push(this.jump(test, loc), this.at(end, loc));
        return;
      }
      case 'do': {
        const body = this.label('do'); const test = this.label('dotest'); const end = this.label('enddo');
        out.push(this.at(body, loc));
        this.flat(s.body, out, { ...ctx, brk: end, cont: test });
        out.push(this.at(test, loc), this.jumpIf(s.c, body, loc), this.at(end, loc));
        return;
      }
      case 'for': {
        const test = this.label('for'); const step = this.label('forstep'); const end = this.label('endfor');
        if (s.init !== null) out.push(s.init);
        out.push(this.at(test, loc));
        if (s.c !== null) out.push(this.jumpIf(this.not(s.c), end, loc));
        this.flat(s.body, out, { ...ctx, brk: end, cont: step });
        out.push(this.at(step, loc));
        if (s.step !== null) out.push({ k: 'expr', e: s.step, loc });
        out.push(this.jump(test, loc), this.at(end, loc));
        return;
      }
      case 'switch': {
        // The value once, into a register of its own; then a compare and jump per case, as a chain.
        const t: Obj = { name: '(switch)', ty: s.e.ty, id: nextTemp++, kind: 'local', inMemory: false, offset: 0, isStatic: false, isExtern: false, init: null, def: null, loc, param: -1 };
        this.f.locals.push(t);
        const v: Expr = { k: 'var', obj: t, ty: t.ty, loc };
        out.push({ k: 'expr', e: { k: 'assign', l: v, r: s.e, ty: t.ty, loc }, loc });
        const cases = new Map<number, string>();
        for (const c of s.cases) {
          const name = this.label('case');
          cases.set(c.label, name);
          out.push(this.jumpIf({ k: 'binary', op: '==', l: v, r: { k: 'num', v: c.v, ty: t.ty, loc }, ty: T.int, loc }, name, loc));
        }
        const end = this.label('endswitch');
        if (s.dflt !== null) cases.set(s.dflt, this.label('default'));
        out.push(this.jump(s.dflt !== null ? cases.get(s.dflt)! : end, loc));
        this.flat(s.body, out, { brk: end, cont: ctx.cont, cases });
        out.push(this.at(end, loc));
        return;
      }
      default: out.push(this.redirect(s, ctx));
    }
  }

  /** A statement kept structured: its break and continue that leave a lowered loop or switch become jumps. */
  private redirect(s: Stmt, ctx: Ctx): Stmt {
    if (ctx.brk === null && ctx.cont === null) return s;
    const walk = (x: Stmt, brk: string | null, cont: string | null): Stmt => {
      switch (x.k) {
        case 'break': return brk !== null ? this.jump(brk, x.loc) : x;
        case 'continue': return cont !== null ? this.jump(cont, x.loc) : x;
        case 'block': return { ...x, body: x.body.map((y) => walk(y, brk, cont)) };
        case 'if': return { ...x, then: walk(x.then, brk, cont), els: x.els !== null ? walk(x.els, brk, cont) : null };
        case 'label': return { ...x, body: walk(x.body, brk, cont) };
        case 'case': return { ...x, body: walk(x.body, brk, cont) };
        // A structured loop owns its break and continue; a structured switch its break.
        case 'while': case 'do': case 'for': return x;
        case 'switch': return cont !== null ? { ...x, body: walk(x.body, null, cont) } : x;
        default: return x;
      }
    };
    return walk(s, ctx.brk, ctx.cont);
  }
}
