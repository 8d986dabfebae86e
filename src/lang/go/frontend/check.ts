// typecheck: the syntax trees of a package → the checked intermediate form (ir.ts),
// with Go's errors in gc's words: `undefined: foo`, `declared and not used: x`,
// `"os" imported and not used`, `cannot use x (variable of type int) as string
// value in assignment`, untyped constants that overflow their type, missing
// returns, interfaces not implemented. The standard library's packages are Go
// declarations (stdlib.ts) checked by this same code; their bodies are native.
//
// The shape follows go/types: collect the package-level objects, resolve the
// types, check constants and variables, then every function body with a scope
// chain. Expressions come back as operands (a mode, a type, a constant value or
// the IR); assignment converts untyped constants to their target type and boxes
// concrete values into interfaces, so the back end sees only explicit operations.

import type { Diagnostic, Pos } from '../../diagnostics.ts';
import { displayName } from '../../diagnostics.ts';
import type * as A from './ast.ts';
import { startPos } from './ast.ts';
import type * as I from '../ir/ir.ts';
import {
  T, basic, newNamed, errorType, emptyInterface, underlying, isUntyped, isInteger, isUnsigned, isFloat, isNumeric, isString, isBoolean,
  isInterface, defaultType, identical, typeString, typeText, lookupFieldOrMethod, missingMethod, assignable, comparable, sizeof,
  type Type, type Named, type Signature, type Interface, type StructT, type MethodInfo,
} from '../ir/types.ts';
import { representable, binaryConst, unaryConst, constString, toNumber } from './constant.ts';
import { runeValue, unquote } from './parse.ts';
import { STDLIB } from '../stdlib/stdlib.ts';

// --- objects and scopes ----------------------------------------------------------------------

export type Obj =
  | { k: 'var'; v: I.Var }
  | { k: 'const'; t: Type; val: I.Const; pos: Pos }
  | { k: 'type'; t: Type }
  | { k: 'func'; name: string; goName: string; sig: Signature; native: boolean; pkg: string }
  | { k: 'pkg'; pkg: Package; used: boolean; pos: Pos; path: string }
  | { k: 'builtin'; name: string }
  | { k: 'nil' };

export class Scope {
  readonly objs = new Map<string, Obj>();
  /** Where each name of this block was declared, for "other declaration of" lines. */
  readonly declPos = new Map<string, Pos>();
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): Obj | null {
    for (let s: Scope | null = this; s !== null; s = s.parent) { const o = s.objs.get(name); if (o !== undefined) return o; }
    return null;
  }
}

export interface Package { name: string; path: string; scope: Scope; native: boolean }

const universe = new Scope(null);
for (const [n, t] of Object.entries({
  bool: T.bool, int: T.int, int8: T.int8, int16: T.int16, int32: T.int32, int64: T.int64, uint: T.uint, uint8: T.uint8, uint16: T.uint16,
  uint32: T.uint32, uint64: T.uint64, uintptr: T.uintptr, float32: T.float32, float64: T.float64, complex128: T.complex128, string: T.string,
  byte: T.byte, rune: T.rune, error: errorType, any: emptyInterface,
})) universe.objs.set(n, { k: 'type', t });
universe.objs.set('true', { k: 'const', t: T.untypedBool, val: { k: 'bool', v: true }, pos: { file: '', line: 0, col: 0 } });
universe.objs.set('false', { k: 'const', t: T.untypedBool, val: { k: 'bool', v: false }, pos: { file: '', line: 0, col: 0 } });
universe.objs.set('iota', { k: 'const', t: T.untypedInt, val: { k: 'int', v: 0n }, pos: { file: '', line: 0, col: 0 } });
universe.objs.set('nil', { k: 'nil' });
for (const b of ['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']) {
  universe.objs.set(b, { k: 'builtin', name: b });
}

/** An expression's result as the checker passes it around. */
interface Operand {
  mode: 'value' | 'var' | 'mapindex' | 'const' | 'type' | 'novalue' | 'builtin' | 'pkg' | 'commaok';
  t: Type;
  c?: I.Const;
  x?: I.Expr;
  name?: string;
  pos: Pos;
  /** The expression the operand was checked from, as messages quote it. */
  src?: A.Expr;
}

/** The source-level view of a function body being checked. */
/** A statement a `break` (all three) or `continue` (loops) may leave, innermost last. */
interface Breakable { kind: 'loop' | 'switch' | 'select'; label: string | null }

interface FuncCtx { fn: I.Func; sig: Signature; locals: I.Var[]; closureDepth: number; labels: Set<string>; nfunclit: number; root: FuncCtx | null; enclosing: Breakable[]; usedLabels: Set<string>; wraps: { line: number; set: (w: I.GoWrap) => void }[] }

export interface StdlibSource { path: string; text: string }

export class Checker {
  readonly errors: Diagnostic[] = [];
  readonly funcs: I.Func[] = [];
  readonly globals: I.Var[] = [];
  readonly initStmts: I.Stmt[] = [];
  readonly initFuncs: string[] = [];
  readonly boxedTypes = new Set<Type>();
  private nextVarId = 0;
  private ctx: FuncCtx | null = null;
  private pkg!: Package;
  private fileScope!: Scope;
  private iota: bigint | null = null;
  readonly packages = new Map<string, Package>();

  constructor(private readonly loadStd: (path: string) => A.File[] | null) {}

  /**
   * Report an error, except a follow-on one: as types2 does, once an error is reported a
   * message that names an "invalid type" or "invalid operand" other than at its start is
   * about an operand whose type an earlier error left invalid, and adds nothing.
   */
  err(pos: Pos, msg: string): void {
    if (this.errors.length > 0 && (msg.indexOf('invalid operand') > 0 || msg.indexOf('invalid type') > 0)) return;
    this.errors.push({ pos, msg });
  }

  newVar(name: string, type: Type, pos: Pos, global = false): I.Var {
    return { id: ++this.nextVarId, name, type, pos, global, addrTaken: false, used: false };
  }

  // --- packages ------------------------------------------------------------------------------

  importPackage(path: string): Package | null {
    const have = this.packages.get(path);
    if (have !== undefined) return have;
    const files = this.loadStd(path);
    if (files === null) return null;
    const saved = { pkg: this.pkg, fileScope: this.fileScope, ctx: this.ctx };
    const p = this.checkPackage(files, path, true);
    this.pkg = saved.pkg; this.fileScope = saved.fileScope; this.ctx = saved.ctx;
    return p;
  }

  checkPackage(files: A.File[], path: string, native: boolean): Package {
    const pkg: Package = { name: files[0]?.pkg ?? path, path, scope: new Scope(universe), native };
    this.packages.set(path, pkg);
    this.pkg = pkg;
    const fileScopes = new Map<A.File, Scope>();
    // imports, per file
    for (const f of files) {
      const fs = new Scope(pkg.scope);
      fileScopes.set(f, fs);
      for (const imp of f.imports) {
        const p = this.importPackage(imp.path);
        this.pkg = pkg;
        if (p === null) { this.err(imp.pos, `package ${imp.path} is not in std (gomachine supports: ${STD_NAMES.join(', ')})`); continue; }
        const name = imp.name ?? p.name;
        if (name === '_' ) continue;
        if (name === '.') { this.err(imp.pos, 'dot imports are not supported yet'); continue; }
        fs.objs.set(name, { k: 'pkg', pkg: p, used: false, pos: imp.pos, path: imp.path });
      }
    }
    // collect package-level objects
    const typeDecls: { spec: A.TypeSpec; named: Named | null; file: A.File }[] = [];
    const valueDecls: { kind: 'var' | 'const'; spec: A.ValueSpec; file: A.File }[] = [];
    const funcDecls: { d: A.FuncDecl; file: A.File }[] = [];
    for (const f of files) {
      for (const d of f.decls) {
        if (d.k === 'func') { funcDecls.push({ d, file: f }); continue; }
        if (d.k === 'type') for (const s of d.specs) {
          if (s.generic) { this.err(s.pos, 'generic types are not supported yet'); continue; }
          if (this.declared(pkg.scope, s.name, s.pos)) continue;
          const named = s.alias ? null : newNamed(s.name, pkg.name, null);
          typeDecls.push({ spec: s, named, file: f });
          if (named !== null) pkg.scope.objs.set(s.name, { k: 'type', t: named });
        }
        if (d.k === 'var' || d.k === 'const') for (const s of d.specs) valueDecls.push({ kind: d.k, spec: s, file: f });
      }
    }
    // resolve type declarations (aliases after the named types they may refer to)
    for (const td of typeDecls) {
      this.fileScope = fileScopes.get(td.file)!;
      if (td.named !== null) td.named.underlying = underlying(this.typeExpr(td.spec.type, this.fileScope));
      else pkg.scope.objs.set(td.spec.name, { k: 'type', t: this.typeExpr(td.spec.type, this.fileScope) });
    }
    // function and method signatures
    for (const { d, file } of funcDecls) {
      this.fileScope = fileScopes.get(file)!;
      if (d.generic) { this.err(d.namePos, 'generic functions are not supported yet'); continue; }
      const sig = this.signature(d.type, this.fileScope);
      if (d.recv === null) {
        if (d.name === 'init') { if (sig.params.length || sig.results.length) this.err(d.namePos, 'func init must have no arguments and no return values'); continue; }
        if (d.name === 'main' && pkg.name === 'main' && (sig.params.length || sig.results.length)) this.err(d.namePos, 'func main must have no arguments and no return values');
        if (d.name === '_') continue;
        if (this.declared(pkg.scope, d.name, d.namePos)) continue;
        const jsName = native ? (d.body === null ? `${path}.${d.name}` : `F_${jsPath(path)}_${d.name}`) : `F_${d.name}`;
        pkg.scope.objs.set(d.name, { k: 'func', name: jsName, goName: `${pkg.name}.${d.name}`, sig, native: d.body === null, pkg: path });
        if (d.body === null && !native) this.err(d.namePos, `missing function body`);
      } else {
        let rt = this.typeExpr(d.recv.type, this.fileScope);
        const ptr = rt.k === 'pointer';
        if (rt.k === 'pointer') rt = rt.elem;
        if (rt.k !== 'named' || rt.pkg !== pkg.name) { this.err(d.recv.pos, `cannot define new methods on non-local type ${typeText(rt)}`); continue; }
        if (rt.methods.has(d.name)) { this.err(d.namePos, `method ${rt.name}.${d.name} already declared`); continue; }
        const u = rt.underlying;
        if (u !== null && u.k === 'struct' && u.fields.some((f) => f.name === d.name)) { this.err(d.namePos, `field and method with the same name ${d.name}`); continue; }
        const impl = !native ? `M_${rt.name}_${d.name}` : d.body === null ? `${path}.${rt.name}.${d.name}` : `M_${jsPath(path)}_${rt.name}_${d.name}`;
        rt.methods.set(d.name, { name: d.name, ptrRecv: ptr, sig, impl, native: native && d.body === null });
      }
    }
    // constants and variables, in source order (Go orders by dependency; a use before its declaration is checked lazily)
    for (const vd of valueDecls) {
      this.fileScope = fileScopes.get(vd.file)!;
      if (vd.kind === 'const') this.constSpec(vd.spec, pkg.scope, this.fileScope);
      else this.globalVarSpec(vd.spec, pkg.scope, this.fileScope);
    }
    // bodies
    for (const { d, file } of funcDecls) {
      this.fileScope = fileScopes.get(file)!;
      if (d.generic || d.body === null) continue;
      this.funcBody(d);
    }
    for (const [, fs] of fileScopes) {
      for (const [name, o] of fs.objs) if (o.k === 'pkg' && !o.used && !native) this.err(o.pos, `"${o.path}" imported and not used${name !== o.pkg.name ? ` as ${name}` : ''}`);
    }
    if (!native && pkg.name === 'main' && pkg.scope.objs.get('main')?.k !== 'func') this.err(files[0]!.pkgPos, 'function main is undeclared in the main package');
    return pkg;
  }

  declared(scope: Scope, name: string, pos: Pos): boolean {
    if (name === '_') return false;
    if (scope.objs.has(name)) {
      const other = scope.declPos.get(name);
      this.err(pos, `${name} redeclared in this block${other === undefined ? '' : `\n\t${displayName(other.file)}:${other.line}:${other.col}: other declaration of ${name}`}`);
      return true;
    }
    scope.declPos.set(name, pos);
    return false;
  }

  // --- types -----------------------------------------------------------------------------------

  typeExpr(e: A.Expr, scope: Scope): Type {
    switch (e.k) {
      case 'ident': {
        const o = scope.lookup(e.name);
        if (o !== null && o.k === 'type' && o.t === T.complex128 || o === null && e.name === 'complex64') { this.err(e.pos, 'complex numbers are not supported yet'); return T.invalid; }
        if (o === null) { this.err(e.pos, `undefined: ${e.name}`); return T.invalid; }
        if (o.k !== 'type') { this.err(e.pos, `${e.name} is not a type`); return T.invalid; }
        return o.t;
      }
      case 'selector': {
        if (e.x.k === 'ident') {
          const o = scope.lookup(e.x.name);
          if (o !== null && o.k === 'pkg') {
            o.used = true;
            const m = o.pkg.scope.objs.get(e.sel);
            if (m === undefined || m.k !== 'type') { this.err(e.selPos, `undefined: ${e.x.name}.${e.sel}`); return T.invalid; }
            return m.t;
          }
        }
        this.err(e.pos, `${exprString(e)} is not a type`); return T.invalid;
      }
      case 'paren': return this.typeExpr(e.x, scope);
      case 'star': return { k: 'pointer', elem: this.typeExpr(e.x, scope) };
      case 'arraytype': {
        const elem = this.typeExpr(e.elem, scope);
        if (e.len === null) return { k: 'slice', elem };
        if (e.len === 'ellipsis') { this.err(e.pos, 'invalid use of [...] array (outside a composite literal)'); return { k: 'slice', elem }; }
        const n = this.constExpr(e.len, scope);
        if (n === null || n.k !== 'int') { this.err(e.len.pos, `array length ${exprString(e.len)} must be constant`); return { k: 'array', len: 0, elem }; }
        return { k: 'array', len: Number(n.v), elem };
      }
      case 'maptype': {
        const key = this.typeExpr(e.key, scope);
        if (!comparable(key)) this.err(e.key.pos, `invalid map key type ${typeText(key)}`);
        return { k: 'map', key, elem: this.typeExpr(e.value, scope) };
      }
      case 'chantype': return { k: 'chan', dir: e.dir, elem: this.typeExpr(e.elem, scope) };
      case 'functype': return this.signature(e, scope);
      case 'structtype': {
        const fields: StructT['fields'] = [];
        const seen = new Set<string>();
        for (const f of e.fields) {
          const t = this.typeExpr(f.type, scope);
          if (f.names.length === 0) {
            const base = t.k === 'pointer' ? t.elem : t;
            const name = base.k === 'named' ? base.name : typeString(base, false);
            if (seen.has(name)) this.err(f.pos, `${name} redeclared`);
            seen.add(name);
            fields.push({ name, type: t, embedded: true, exported: /^[A-Z]/.test(name) });
          } else for (const n of f.names) {
            if (n.name !== '_' && seen.has(n.name)) this.err(n.pos, `${n.name} redeclared`);
            seen.add(n.name);
            fields.push({ name: n.name, type: t, embedded: false, exported: /^[A-Z]/.test(n.name) });
          }
        }
        return { k: 'struct', fields };
      }
      case 'interfacetype': {
        const methods = new Map<string, Signature>();
        const embeds: Type[] = [];
        for (const m of e.methods) methods.set(m.name, this.signature(m.type, scope));
        for (const em of e.embeds) {
          if (em.k === 'generic') { this.err(em.pos, 'type constraints are not supported yet'); continue; }
          const t = this.typeExpr(em, scope);
          const u = underlying(t);
          if (u.k !== 'interface') { this.err(em.pos, `cannot use ${typeText(t)} as interface (type constraints are not supported yet)`); continue; }
          embeds.push(t);
          for (const [n, s] of u.methods) methods.set(n, s);
        }
        return { k: 'interface', methods, embeds, complete: true } as Interface;
      }
      case 'generic': this.err(e.pos, `generics are not supported yet (${e.what})`); return T.invalid;
      default: this.err(e.pos, `${exprString(e)} is not a type`); return T.invalid;
    }
  }

  signature(f: A.FuncTypeExpr, scope: Scope): Signature {
    const params: Type[] = []; const results: Type[] = [];
    for (const p of f.params) { const t = this.typeExpr(p.type, scope); for (let i = 0; i < Math.max(1, p.names.length); i++) params.push(t); }
    for (const p of f.results) { const t = this.typeExpr(p.type, scope); for (let i = 0; i < Math.max(1, p.names.length); i++) results.push(t); }
    return { k: 'func', params, results, variadic: f.variadic };
  }

  // --- constants and package-level variables ------------------------------------------------------

  private lastConst: { type: A.Expr | null; values: A.Expr[] } | null = null;

  /** A constant spec: evaluated in `evalScope` (a file's scope sees its imports), declared in `scope`. */
  constSpec(s: A.ValueSpec, scope: Scope, evalScope: Scope = scope): void {
    if (s.iota === 0 || s.values.length > 0) this.lastConst = { type: s.type, values: s.values };
    const src = s.values.length > 0 ? { type: s.type, values: s.values } : this.lastConst;
    if (src === null || src.values.length === 0) { this.err(s.pos, 'missing init expr for const declaration'); return; }
    const saved = this.iota; this.iota = BigInt(s.iota);
    const t = src.type !== null ? this.typeExpr(src.type, evalScope) : null;
    for (const [i, n] of s.names.entries()) {
      const ve = src.values[i];
      if (ve === undefined) { this.err(n.pos, 'missing init expr for const declaration'); continue; }
      const op = this.expr(ve, evalScope);
      if (op.mode !== 'const') { this.err(ve.pos, `${exprString(ve)} (${this.describe(op)}) is not constant`); continue; }
      let ct = op.t; let cv = op.c!;
      if (t !== null) {
        const r = this.convertConst(op, t, 'constant declaration');
        if (r === null) continue;
        ct = t; cv = r;
      }
      if (n.name === '_') continue;
      if (!this.declared(scope, n.name, n.pos)) scope.objs.set(n.name, { k: 'const', t: ct, val: cv, pos: n.pos });
    }
    if (s.values.length > 0 && s.values.length > s.names.length) this.err(s.values[s.names.length]!.pos, 'extra init expr');
    this.iota = saved;
  }

  constExpr(e: A.Expr, scope: Scope): I.Const | null {
    const op = this.expr(e, scope);
    return op.mode === 'const' ? op.c! : null;
  }

  /** The literals of package-level initializers so far (gc's globClosgen). */
  private globClosgen = 0;

  globalVarSpec(s: A.ValueSpec, scope: Scope, evalScope: Scope): void {
    const saved = this.ctx;
    // initializers run in main's init: give them a function context of their own
    const initFn: I.Func = { name: '$init', goName: 'main.init', params: [], variadic: false, results: [], namedResults: false, recv: null, body: [], hasDefer: false, frameSize: 0, pos: s.pos };
    this.ctx = { fn: initFn, sig: { k: 'func', params: [], results: [], variadic: false }, locals: [], closureDepth: 0, labels: new Set(), nfunclit: 0, root: null, enclosing: [], usedLabels: new Set(), wraps: [] };
    const t = s.type !== null ? this.typeExpr(s.type, evalScope) : null;
    const vars: (I.Var | null)[] = [];
    const values = this.initValues(s.names.map((n) => n.pos), s.values, t, evalScope, s.pos, 'variable declaration');
    for (const [i, n] of s.names.entries()) {
      const vt = t ?? values.types[i] ?? T.int;
      if (n.name === '_') { vars.push(null); continue; }
      const v = this.newVar(n.name, vt, n.pos, true);
      v.used = true;
      if (this.pkg.native && s.values.length === 0) v.native = `${this.pkg.path}.${n.name}`;
      this.globals.push(v);
      vars.push(v);
      if (!this.declared(scope, n.name, n.pos)) scope.objs.set(n.name, { k: 'var', v }); else v.used = true;
    }
    if (values.exprs.length > 0) this.initStmts.push({ k: 'define', pos: s.pos, vars, values: values.exprs });
    this.ctx = saved;
  }

  /** types2's assignError: at the first value; a lone call is named by its function (`but two returns 2 values`). */
  assignMismatch(rhs: readonly A.Expr[], nvars: number, nvals: number): void {
    const measure = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
    let r0 = rhs[0]!;
    while (r0.k === 'paren') r0 = r0.x;
    const vars = measure(nvars, 'variable'), vals = measure(nvals, 'value');
    if (rhs.length === 1 && r0.k === 'call') this.err(startPos(rhs[0]!), `assignment mismatch: ${vars} but ${exprString(r0.fn)} returns ${vals}`);
    else this.err(startPos(rhs[0]!), `assignment mismatch: ${vars} but ${vals}`);
  }

  /** The values of `var a, b T = x, y` / `a, b := f()`: converted to T (or their default types). */
  initValues(_names: Pos[], values: A.Expr[], t: Type | null, scope: Scope, pos: Pos, context: string): { exprs: I.Expr[]; types: Type[] } {
    const n = _names.length;
    if (values.length === 0) return { exprs: [], types: [] };
    if (values.length === 1 && n > 1) {
      const op = this.expr(values[0]!, scope, true);
      if (op.mode === 'commaok' && n === 2) {
        const x = op.x!;
        return { exprs: [x], types: [t ?? defaultType((x.t as { k: 'tuple'; types: Type[] }).types[0]!), T.bool] };
      }
      if (op.t.k === 'tuple') {
        if (op.t.types.length !== n) { this.assignMismatch(values, n, op.t.types.length); return { exprs: [], types: [] }; }
        return { exprs: [op.x!], types: op.t.types.map((x) => t ?? x) };
      }
      // an operand an earlier error left invalid: no follow-on mismatch (as types2)
      if (op.t !== T.invalid) this.assignMismatch(values, n, 1);
      return { exprs: [], types: [] };
    }
    if (values.length !== n) { this.assignMismatch(values, n, values.length); return { exprs: [], types: [] }; }
    const exprs: I.Expr[] = []; const types: Type[] = [];
    for (const v of values) {
      const raw = this.expr(v, scope);
      if (n === 1 && raw.t.k === 'tuple' && raw.mode !== 'novalue') { this.assignMismatch(values, 1, raw.t.types.length); return { exprs: [], types: [] }; }
      const op = this.single(raw, v);
      if (op.mode === 'novalue') { this.err(v.pos, `${exprString(v)} (no value) used as value`); exprs.push(zeroExpr(T.int, v.pos)); types.push(T.int); continue; }
      if (t === null && op.t.k === 'basic' && op.t.kind === 'untyped nil') { this.err(v.pos, `use of untyped nil in ${context}`); }
      const target = t ?? defaultType(op.t);
      exprs.push(this.assign(op, target, context));
      types.push(target);
    }
    return { exprs, types };
  }

  // --- functions --------------------------------------------------------------------------------

  funcBody(d: A.FuncDecl): void {
    const scope = new Scope(this.fileScope);
    let recv: I.Var | null = null;
    let name: string; let goName: string;
    let sig: Signature;
    if (d.recv !== null) {
      let rt = this.typeExpr(d.recv.type, this.fileScope);
      const ptr = rt.k === 'pointer';
      const base = (ptr ? (rt as { elem: Type }).elem : rt) as Named;
      if (base.k !== 'named') return;
      const m = base.methods.get(d.name);
      if (m === undefined) return;
      sig = m.sig;
      name = m.impl;
      goName = ptr ? `${this.pkg.name}.(*${base.name}).${d.name}` : `${this.pkg.name}.${base.name}.${d.name}`;
      const rn = d.recv.names[0];
      recv = this.newVar(rn?.name ?? '_', rt, rn?.pos ?? d.recv.pos);
      recv.used = true;
      if (rn !== undefined && rn.name !== '_') scope.objs.set(rn.name, { k: 'var', v: recv });
      rt = base;
    } else {
      if (d.name === 'init') { name = `F_init_${this.initFuncs.length}`; goName = 'main.init'; sig = { k: 'func', params: [], results: [], variadic: false }; this.initFuncs.push(name); } else {
        const o = this.pkg.scope.objs.get(d.name);
        if (o === undefined || o.k !== 'func') return;
        sig = o.sig; name = o.name; goName = o.goName;
      }
    }
    const fn = this.funcCommon(d.type, d.body!, scope, sig, name, goName, d.pos);
    fn.recv = recv;
    this.funcs.push(fn);
  }

  funcCommon(ft: A.FuncTypeExpr, body: A.Block, scope: Scope, sig: Signature, name: string, goName: string, pos: Pos): I.Func {
    const fn: I.Func = { name, goName, params: [], variadic: ft.variadic, results: [], namedResults: false, recv: null, body: [], hasDefer: false, frameSize: 0, pos };
    const saved = this.ctx;
    const ctx: FuncCtx = { fn, sig, locals: [], closureDepth: saved === null ? 0 : saved.closureDepth + 1, labels: new Set(), nfunclit: 0, root: saved === null ? null : (saved.root ?? saved), enclosing: [], usedLabels: new Set(), wraps: [] };
    this.ctx = ctx;
    let pi = 0;
    for (const p of ft.params) {
      const names = p.names.length === 0 ? [{ name: '_', pos: p.pos }] : p.names;
      for (const n of names) {
        const v = this.newVar(n.name, sig.params[pi++]!, n.pos);
        v.used = true;
        fn.params.push(v);
        if (n.name !== '_') scope.objs.set(n.name, { k: 'var', v });
      }
    }
    let ri = 0;
    for (const r of ft.results) {
      const names = r.names.length === 0 ? [{ name: '', pos: r.pos }] : r.names;
      if (r.names.length > 0) fn.namedResults = true;
      for (const n of names) {
        const v = this.newVar(n.name || `r${ri}`, sig.results[ri++]!, n.pos);
        v.used = true;
        fn.results.push(v);
        if (n.name !== '' && n.name !== '_') scope.objs.set(n.name, { k: 'var', v });
      }
    }
    this.collectLabels(body.stmts, ctx.labels);
    const savedBlocks = this.gotoBlocks;
    this.gotoBlocks = [];
    fn.body = this.stmts(body.stmts, new Scope(scope));
    this.gotoBlocks = savedBlocks;
    if (sig.results.length > 0 && !terminates(body)) this.err(body.rbrace, 'missing return');
    for (const v of ctx.locals) if (!v.used && v.name !== '_' && v.name !== '$tuple') this.err(v.pos, `declared and not used: ${v.name}`);
    this.unusedLabels(body.stmts, ctx.usedLabels);
    fn.temps = ctx.locals.filter((v) => v.name === '$tuple');
    fn.frameSize = 16 + [...fn.params, ...fn.results, ...ctx.locals].reduce((a, v) => a + Math.min(sizeof(v.type), 1 << 16), 0);
    // the go/defer wrappers of a declared function, numbered after all its literals, in statement order
    ctx.wraps.forEach((w, k) => w.set({ name: `${goName}.${ctx.root === null ? 'func' : ''}${ctx.nfunclit + k + 1}`, line: w.line }));
    this.ctx = saved;
    return fn;
  }

  /** `label L defined and not used`, as gc. */
  unusedLabels(ss: A.Stmt[], used: Set<string>): void {
    for (const s of ss) {
      if (s.k === 'labeled') { if (s.label !== '_' && !used.has(s.label)) this.err(s.pos, `label ${s.label} defined and not used`); this.unusedLabels([s.stmt], used); }
      else if (s.k === 'block') this.unusedLabels(s.stmts, used);
      else if (s.k === 'if') { this.unusedLabels(s.then.stmts, used); if (s.else) this.unusedLabels([s.else], used); }
      else if (s.k === 'for' || s.k === 'range') this.unusedLabels(s.body.stmts, used);
      else if (s.k === 'switch' || s.k === 'typeswitch' || s.k === 'select') for (const c of s.clauses) this.unusedLabels(c.body, used);
    }
  }

  /** Every label of a function body (labels have function scope). */
  collectLabels(ss: A.Stmt[], into: Set<string>): void {
    for (const s of ss) {
      if (s.k === 'labeled') { into.add(s.label); this.collectLabels([s.stmt], into); }
      else if (s.k === 'block') this.collectLabels(s.stmts, into);
      else if (s.k === 'if') { this.collectLabels(s.then.stmts, into); if (s.else) this.collectLabels([s.else], into); }
      else if (s.k === 'for' || s.k === 'range') this.collectLabels(s.body.stmts, into);
      else if (s.k === 'switch' || s.k === 'typeswitch' || s.k === 'select') for (const c of s.clauses) this.collectLabels(c.body, into);
    }
  }

  // --- statements --------------------------------------------------------------------------------

  stmts(ss: A.Stmt[], scope: Scope): I.Stmt[] {
    const out: I.Stmt[] = [];
    // the blocks around a statement, for goto: which labels it may reach
    const blocks = this.gotoBlocks;
    const b = { ss, i: 0 };
    blocks.push(b);
    for (; b.i < ss.length; b.i++) { const r = this.stmt(ss[b.i]!, scope, null); if (r !== null) out.push(r); }
    blocks.pop();
    return out;
  }

  /** The statement lists being checked in the current function, outermost first, each at its statement. */
  private gotoBlocks: { ss: A.Stmt[]; i: number }[] = [];

  /**
   * goto L: L must label a statement of a block around the goto (gc: "jumps into block"), and
   * a jump forward must not skip a variable declaration of that block ("jumps over variable
   * declaration").
   */
  checkGoto(s: Extract<A.Stmt, { k: 'branch' }>): boolean {
    for (let k = this.gotoBlocks.length - 1; k >= 0; k--) {
      const b = this.gotoBlocks[k]!;
      const j = b.ss.findIndex((x) => x.k === 'labeled' && x.label === s.label);
      if (j < 0) continue;
      for (let m = b.i + 1; m < j; m++) {
        const d = b.ss[m]!;
        const first = d.k === 'define' ? d.lhs[0] : d.k === 'decl' && d.decl.k === 'var' ? d.decl.specs[0]?.names[0] : undefined;
        if (first !== undefined) {
          const name = 'name' in first ? first.name : '_';
          // (gc places a short variable declaration at its :=)
          const at = d.k === 'define' ? d.opPos : 'pos' in first ? first.pos : d.pos;
          this.err(s.labelPos ?? s.pos, `goto ${s.label} jumps over declaration of ${name} at ${displayName(at.file)}:${at.line}:${at.col}`);
          return false;
        }
      }
      return true;
    }
    // the outermost block around the label that is not around the goto
    const lists = new Set(this.gotoBlocks.map((b) => b.ss));
    const into = labelBlocks(this.gotoBlocks[0]?.ss ?? [], s.label!, [])?.find((b) => !lists.has(b.ss));
    const at = into === undefined ? '' : ` starting at ${displayName(into.pos.file)}:${into.pos.line}:${into.pos.col}`;
    this.err(s.labelPos ?? s.pos, `goto ${s.label} jumps into block${at}`);
    return false;
  }

  stmt(s: A.Stmt, scope: Scope, label: string | null): I.Stmt | null {
    const kind = s.k === 'for' || s.k === 'range' ? 'loop' : s.k === 'switch' || s.k === 'typeswitch' ? 'switch' : s.k === 'select' ? 'select' : null;
    if (kind === null) return this.stmtInner(s, scope, label);
    const enclosing = this.ctx!.enclosing;
    enclosing.push({ kind, label });
    try { return this.stmtInner(s, scope, label); } finally { enclosing.pop(); }
  }

  /** A break or continue must leave a statement that encloses it (types2's labels.go words). */
  checkBranch(s: Extract<A.Stmt, { k: 'branch' }>): boolean {
    const enclosing = this.ctx!.enclosing;
    if (s.label !== null) this.ctx!.usedLabels.add(s.label);
    if (s.tok === 'break' || s.tok === 'continue') {
      const ok = (b: Breakable): boolean => s.tok === 'break' || b.kind === 'loop';
      if (s.label === null) {
        if (!enclosing.some(ok)) { this.err(s.pos, s.tok === 'break' ? 'break is not in a loop, switch, or select' : 'continue is not in a loop'); return false; }
      } else if (this.ctx!.labels.has(s.label) && !enclosing.some((b) => b.label === s.label && ok(b))) {
        this.err(s.labelPos ?? s.pos, `invalid ${s.tok} label ${s.label}`); return false;
      }
    }
    return true;
  }

  private stmtInner(s: A.Stmt, scope: Scope, label: string | null): I.Stmt | null {
    const pos = s.pos;
    switch (s.k) {
      case 'empty': return null;
      case 'expr': {
        const op = this.expr(s.x, scope);
        const x = s.x.k === 'paren' ? s.x.x : s.x;
        if (x.k !== 'call' && !(x.k === 'unary' && x.op === '<-')) { this.err(s.pos, `${exprString(s.x)} (${this.describe(op)}) is not used`); return null; }
        if (op.mode === 'type') { this.err(s.pos, `${exprString(s.x)} (type) is not an expression`); return null; }
        if (op.mode === 'builtin' || (x.k === 'call' && op.x === undefined && op.mode === 'const')) { this.err(s.pos, `${exprString(s.x)} (${this.describe(op)}) is not used`); return null; }
        if (op.x !== undefined && op.x.k === 'builtin' && ['len', 'cap', 'append', 'make', 'new', 'min', 'max', 'complex', 'real', 'imag'].includes(op.x.name)) {
          this.err(s.pos, `${exprString(s.x)} (value of type ${typeText(op.t)}) is not used`); return null;
        }
        if (op.x === undefined) return null;
        // a call's frame is at the line of its '(' (gc's position of a call): `}()` ending a literal
        return { k: 'expr', pos: x.k === 'call' && x.lparen !== undefined && x.fn.k === 'funclit' ? x.lparen : pos, x: op.x };
      }
      case 'send': {
        const ch = this.value(s.ch, scope);
        const u = underlying(ch.t);
        if (u.k !== 'chan') { this.err(s.pos, `invalid operation: cannot send to non-channel ${exprString(s.ch)} (${this.describe(ch)})`); return null; }
        if (u.dir === 'recv') { this.err(s.pos, `invalid operation: cannot send to receive-only channel ${exprString(s.ch)} (${this.describe(ch)})`); return null; }
        const v = this.assign(this.value(s.value, scope), u.elem, 'send');
        return { k: 'send', pos, ch: ch.x!, value: v };
      }
      case 'incdec': {
        const x = this.lvalue(s.x, scope);
        if (x === null) return null;
        if (x.k === 'var') x.v.used = true; // x++ reads x: gc counts it as a use
        if (!isNumeric(x.t)) { this.err(s.pos, `invalid operation: ${exprString(s.x)}${s.inc ? '++' : '--'} (non-numeric type ${typeText(x.t)})`); return null; }
        return { k: 'opassign', pos, lhs: x, op: s.inc ? '+' : '-', value: { k: 'const', t: x.t, pos, v: isFloat(x.t) ? { k: 'float', v: 1 } : { k: 'int', v: 1n } } };
      }
      case 'assign': return this.assignStmt(s, scope);
      case 'define': return this.defineStmt(s.lhs, s.rhs, scope, pos, s.opPos);
      case 'decl': return this.declStmt(s.decl, scope);
      case 'go': case 'defer': {
        const call = s.call.k === 'paren' ? s.call.x : s.call;
        if (call.k !== 'call') { this.err(s.pos, `expression in ${s.k} must be function call`); return null; }
        const op = this.expr(call, scope);
        if (op.x === undefined) return null;
        if (op.x.k === 'builtin' && ['len', 'cap', 'append', 'make', 'new'].includes(op.x.name)) { this.err(s.pos, `${s.k} discards result of ${exprString(call)}`); return null; }
        if (s.k === 'defer') this.ctx!.fn.hasDefer = true;
        const st: I.Stmt & { k: 'go' | 'defer' } = { k: s.k, pos, call: op.x };
        // gc wraps a call with arguments or a receiver in a closure of the function (named once its literals are counted)
        const c = op.x;
        const wrapped = (c.k === 'callfunc' || c.k === 'call' || c.k === 'calllib' || c.k === 'builtin') ? c.args.length > 0 : c.k === 'callmethod' || c.k === 'calliface';
        if (wrapped && this.ctx!.root === null) this.ctx!.wraps.push({ line: call.lparen?.line ?? pos.line, set: (w) => { st.wrap = w; } });
        return st;
      }
      case 'return': return this.returnStmt(s, scope);
      case 'branch':
        if (s.tok === 'fallthrough') { this.err(s.pos, 'fallthrough statement out of place'); return null; }
        if (s.label !== null && !this.ctx!.labels.has(s.label)) { this.err(s.labelPos ?? s.pos, `label ${s.label} not defined`); return null; }
        if (s.tok === 'goto') { this.ctx!.usedLabels.add(s.label!); return this.checkGoto(s) ? { k: 'branch', pos, tok: 'goto', label: s.label } : null; }
        if (!this.checkBranch(s)) return null;
        return { k: 'branch', pos, tok: s.tok, label: s.label };
      case 'block': return { k: 'block', pos, body: this.stmts(s.stmts, new Scope(scope)) };
      case 'if': {
        const sc = new Scope(scope);
        const init = s.init ? this.stmt(s.init, sc, null) : null;
        const c = this.value(s.cond, sc);
        const boolCond = isBoolean(c.t) || c.t === T.invalid;
        if (!boolCond) this.err(startPos(s.cond), `non-boolean condition in if statement`);
        const then = this.stmts(s.then.stmts, new Scope(sc));
        const els = s.else ? this.stmt(s.else, sc, null) : null;
        return { k: 'if', pos, init, cond: boolCond ? this.assign(c, T.bool, 'condition') : zeroExpr(T.bool, pos), then, else: els };
      }
      case 'for': {
        const sc = new Scope(scope);
        const init = s.init ? this.stmt(s.init, sc, null) : null;
        const loopVars = init !== null && init.k === 'define' ? init.vars.filter((v): v is I.Var => v !== null) : [];
        let cond: I.Expr | null = null;
        if (s.cond) { const c = this.value(s.cond, sc); if (!isBoolean(c.t) && c.t !== T.invalid) { this.err(startPos(s.cond), 'non-boolean condition in for statement'); cond = zeroExpr(T.bool, pos); } else cond = this.assign(c, T.bool, 'condition'); }
        const post = s.post ? this.stmt(s.post, sc, null) : null;
        if (post !== null && post.k === 'define') this.err(s.post!.pos, 'cannot declare in post statement of for loop');
        const body = this.stmts(s.body.stmts, new Scope(sc));
        return { k: 'for', pos, label, init, cond, post, body, loopVars };
      }
      case 'range': return this.rangeStmt(s, scope, label);
      case 'switch': return this.switchStmt(s, scope, label);
      case 'typeswitch': return this.typeSwitch(s, scope, label);
      case 'select': return this.selectStmt(s, scope, label);
      case 'labeled': {
        const inner = this.stmt(s.stmt, scope, s.label);
        return { k: 'labeled', pos, label: s.label, stmt: inner ?? { k: 'block', pos, body: [] } };
      }
    }
  }

  assignStmt(s: Extract<A.Stmt, { k: 'assign' }>, scope: Scope): I.Stmt | null {
    if (s.op !== '=') {
      const x = this.lvalue(s.lhs[0]!, scope);
      const y = this.value(s.rhs[0]!, scope);
      if (x === null) return null;
      if (x.k === 'var') x.v.used = true; // x += y reads x
      const op = s.op.slice(0, -1);
      const xo: Operand = { mode: 'value', t: x.t, x, pos: s.pos };
      const r = this.binary(op, xo, y, s.pos, s.lhs[0]!, s.rhs[0]!);
      if (r.x === undefined) return null;
      const value = r.x.k === 'binary' ? r.x.y : this.assign(y, x.t, 'assignment');
      return { k: 'opassign', pos: s.pos, lhs: x, op, value };
    }
    const lhs: (I.Expr | null)[] = s.lhs.map((l) => (l.k === 'ident' && l.name === '_' ? null : this.lvalue(l, scope)));
    if (s.rhs.length === 1 && s.lhs.length > 1) {
      const op = this.expr(s.rhs[0]!, scope, true);
      const types = op.mode === 'commaok' ? [(op.x!.t as { types: Type[] }).types[0]!, T.bool] : op.t.k === 'tuple' ? op.t.types : [];
      if (types.length !== s.lhs.length && op.t === T.invalid) return null;
      if (types.length !== s.lhs.length) { this.assignMismatch(s.rhs, s.lhs.length, op.t.k === 'tuple' ? op.t.types.length : 1); return null; }
      lhs.forEach((l, i) => { if (l !== null && !assignable(types[i]!, l.t)) this.err(s.pos, `cannot use ${typeText(types[i]!)} value as ${typeText(l.t)} value in assignment`); });
      return { k: 'assign', pos: s.pos, lhs, values: [op.x!] };
    }
    if (s.rhs.length !== s.lhs.length) { this.assignMismatch(s.rhs, s.lhs.length, s.rhs.length); return null; }
    const values = s.rhs.map((r, i) => {
      const op = this.value(r, scope);
      const l = lhs[i];
      return l === null || l === undefined ? this.assign(op, defaultType(op.t), 'assignment') : this.assign(op, l.t, 'assignment');
    });
    return { k: 'assign', pos: s.pos, lhs, values };
  }

  defineStmt(lhsE: A.Expr[], rhs: A.Expr[], scope: Scope, pos: Pos, opPos: Pos): I.Stmt | null {
    const names = lhsE.map((l) => (l.k === 'ident' ? l : null));
    if (names.some((n) => n === null)) { this.err(pos, `non-name ${exprString(lhsE.find((l) => l.k !== 'ident')!)} on left side of :=`); return null; }
    const vals = this.initValues(names.map((n) => n!.pos), rhs, null, scope, pos, 'assignment');
    let fresh = 0;
    const vars: (I.Var | null)[] = [];
    const redeclared: (I.Expr | null)[] = [];
    for (const [i, n] of names.entries()) {
      const name = n!.name;
      if (name === '_') { vars.push(null); redeclared.push(null); continue; }
      const existing = scope.objs.get(name);
      const t = vals.types[i] ?? T.int;
      if (existing !== undefined && existing.k === 'var') {
        vars.push(null);
        redeclared.push({ k: 'var', t: existing.v.type, pos: n!.pos, v: existing.v });
        if (!assignable(t, existing.v.type)) this.err(n!.pos, `cannot use ${typeText(t)} value as ${typeText(existing.v.type)} value in assignment`);
        continue;
      }
      fresh++;
      const v = this.newVar(name, t.k === 'basic' && t.kind === 'untyped nil' ? T.int : t, n!.pos);
      this.ctx!.locals.push(v);
      scope.objs.set(name, { k: 'var', v });
      scope.declPos.set(name, n!.pos);
      vars.push(v);
      redeclared.push(null);
    }
    if (fresh === 0) this.err(opPos, 'no new variables on left side of :=');
    if (redeclared.some((r) => r !== null)) {
      // a, err := f() with err already declared: assign to the old one, define the new ones.
      return { k: 'assign', pos, lhs: vars.map((v, i) => redeclared[i] ?? (v === null ? null : { k: 'var', t: v.type, pos, v } as I.Expr)), values: vals.exprs, defines: vars.filter((v): v is I.Var => v !== null) };
    }
    return { k: 'define', pos, vars, values: vals.exprs };
  }

  declStmt(d: A.GenDecl, scope: Scope): I.Stmt | null {
    switch (d.k) {
      case 'const': for (const s of d.specs) this.constSpec(s, scope); return null;
      case 'type':
        for (const s of d.specs) {
          if (s.generic) { this.err(s.pos, 'generic types are not supported yet'); continue; }
          if (this.declared(scope, s.name, s.pos)) continue;
          if (s.alias) { scope.objs.set(s.name, { k: 'type', t: this.typeExpr(s.type, scope) }); continue; }
          const named = newNamed(s.name, this.pkg.name, null);
          scope.objs.set(s.name, { k: 'type', t: named });
          named.underlying = underlying(this.typeExpr(s.type, scope));
        }
        return null;
      case 'import': return null;
      case 'var': {
        const out: I.Stmt[] = [];
        for (const s of d.specs) {
          const t = s.type !== null ? this.typeExpr(s.type, scope) : null;
          const vals = this.initValues(s.names.map((n) => n.pos), s.values, t, scope, s.pos, 'variable declaration');
          const vars: (I.Var | null)[] = [];
          for (const [i, n] of s.names.entries()) {
            if (n.name === '_') { vars.push(null); continue; }
            const v = this.newVar(n.name, t ?? vals.types[i] ?? T.int, n.pos);
            this.ctx!.locals.push(v);
            if (!this.declared(scope, n.name, n.pos)) scope.objs.set(n.name, { k: 'var', v }); else v.used = true;
            vars.push(v);
          }
          out.push({ k: 'define', pos: s.pos, vars, values: vals.exprs });
        }
        return out.length === 1 ? out[0]! : { k: 'block', pos: d.pos, body: out, flat: true };
      }
    }
  }

  returnStmt(s: Extract<A.Stmt, { k: 'return' }>, scope: Scope): I.Stmt | null {
    const ctx = this.ctx!;
    const want = ctx.sig.results;
    if (s.results.length === 0) {
      if (want.length > 0 && !ctx.fn.namedResults) { this.err(s.pos, `not enough return values\n\thave ()\n\twant (${want.map((t) => typeText(t)).join(', ')})`); return null; }
      return { k: 'return', pos: s.pos, values: [] };
    }
    if (s.results.length === 1 && want.length > 1) {
      const op = this.expr(s.results[0]!, scope);
      if (op.t.k === 'tuple' && op.t.types.length === want.length) return { k: 'return', pos: s.pos, values: [op.x!] };
    }
    if (s.results.length !== want.length) {
      const have = s.results.map((r) => typeSummary(this.expr(r, scope).t));
      this.err(s.results[0]!.pos, `${s.results.length > want.length ? 'too many' : 'not enough'} return values\n\thave (${have.join(', ')})\n\twant (${want.map((t) => typeText(t)).join(', ')})`);
      return null;
    }
    return { k: 'return', pos: s.pos, values: s.results.map((r, i) => this.assign(this.value(r, scope), want[i]!, 'return statement')) };
  }

  rangeStmt(s: Extract<A.Stmt, { k: 'range' }>, scope: Scope, label: string | null): I.Stmt | null {
    const sc = new Scope(scope);
    const x = this.value(s.x, scope);
    let u = underlying(x.t);
    let on: Extract<I.Stmt, { k: 'range' }>['on'];
    let kt: Type = T.int; let vt: Type | null = null;
    if (u.k === 'pointer' && underlying(u.elem).k === 'array') { on = 'ptrarray'; u = underlying(u.elem); vt = (u as { elem: Type }).elem; }
    else if (u.k === 'slice') { on = 'slice'; vt = u.elem; }
    else if (u.k === 'array') { on = 'array'; vt = u.elem; }
    else if (isString(u)) { on = 'string'; vt = T.rune; }
    else if (u.k === 'map') { on = 'map'; kt = u.key; vt = u.elem; }
    else if (u.k === 'chan') { on = 'chan'; kt = u.elem; if (u.dir === 'send') this.err(s.x.pos, `invalid operation: range ${exprString(s.x)} receive from send-only channel`); }
    else if (isInteger(u)) { on = 'int'; kt = x.mode === 'const' && isUntyped(x.t) ? T.int : x.t; }
    else if (u.k === 'func') { this.err(s.x.pos, 'range over function iterators is not supported yet'); return null; }
    else { this.err(s.x.pos, `cannot range over ${exprString(s.x)} (${this.describe(x)})`); return null; }
    if (s.value !== null && vt === null) { this.err(s.value.pos, `range over ${exprString(s.x)} permits only one iteration variable`); return null; }
    let key: I.Expr | I.Var | null = null; let value: I.Expr | I.Var | null = null;
    if (s.define) {
      const mk = (e: A.Expr | null, t: Type): I.Var | null => {
        if (e === null || e.k !== 'ident' || e.name === '_') return null;
        const v = this.newVar(e.name, t, e.pos);
        this.ctx!.locals.push(v);
        sc.objs.set(e.name, { k: 'var', v });
        return v;
      };
      key = mk(s.key, kt); value = mk(s.value, vt ?? T.int);
    } else {
      if (s.key !== null && !(s.key.k === 'ident' && s.key.name === '_')) key = this.lvalue(s.key, scope);
      if (s.value !== null && !(s.value.k === 'ident' && s.value.name === '_')) value = this.lvalue(s.value, scope);
    }
    const xe = on === 'int' ? this.assign(x, kt, 'range') : this.ir(x);
    const body = this.stmts(s.body.stmts, new Scope(sc));
    return { k: 'range', pos: s.pos, label, on, x: xe, key, value, define: s.define, body };
  }

  switchStmt(s: Extract<A.Stmt, { k: 'switch' }>, scope: Scope, label: string | null): I.Stmt {
    const sc = new Scope(scope);
    const init = s.init ? this.stmt(s.init, sc, null) : null;
    let tag: I.Expr | null = null; let tagT: Type = T.bool;
    if (s.tag !== null) { const t = this.value(s.tag, sc); tagT = defaultType(t.t); tag = this.assign(t, tagT, 'switch'); }
    const clauses = s.clauses.map((c, ci) => {
      const exprs = c.exprs === null ? null : c.exprs.map((e) => {
        const op = this.value(e, sc);
        if (tag === null) { if (!isBoolean(op.t)) this.err(e.pos, `invalid case ${exprString(e)} in switch (mismatched types ${typeText(op.t)} and bool)`); return this.assign(op, T.bool, 'switch case'); }
        if (!assignable(op.t, tagT) && !assignable(tagT, op.t)) { this.err(e.pos, `invalid case ${exprString(e)} in switch on ${exprString(s.tag!)} (mismatched types ${typeText(op.t)} and ${typeText(tagT)})`); }
        return isInterface(tagT) && !isInterface(op.t) ? this.assign(op, tagT, 'switch case') : this.assign(op, isUntyped(op.t) ? tagT : op.t, 'switch case');
      });
      let body = c.body;
      let fallthrough = false;
      const last = body[body.length - 1];
      if (last !== undefined && last.k === 'branch' && last.tok === 'fallthrough') {
        if (ci === s.clauses.length - 1) this.err(last.pos, 'cannot fallthrough final case in switch');
        fallthrough = true; body = body.slice(0, -1);
      }
      return { exprs, body: this.stmts(body, new Scope(sc)), fallthrough };
    });
    return { k: 'switch', pos: s.pos, label, init, tag, clauses };
  }

  typeSwitch(s: Extract<A.Stmt, { k: 'typeswitch' }>, scope: Scope, label: string | null): I.Stmt | null {
    const sc = new Scope(scope);
    const init = s.init ? this.stmt(s.init, sc, null) : null;
    const x = this.value(s.x, sc);
    if (!isInterface(x.t)) { this.err(s.x.pos, `${exprString(s.x)} (${this.describe(x)}) is not an interface`); return null; }
    const binds: I.Var[] = [];
    const clauses = s.clauses.map((c) => {
      const types = c.exprs === null ? null : c.exprs.map((e) => {
        if (e.k === 'ident' && e.name === 'nil') return null;
        const t = this.typeExpr(e, sc);
        const iu = underlying(x.t) as Interface;
        if (!isInterface(t)) { const why = missingMethod(t, iu); if (why !== '') this.err(e.pos, `impossible type switch case: ${exprString(s.x)} (${this.describe(x)}) cannot have dynamic type ${typeText(t)} ${why}`); }
        this.boxedTypes.add(t);
        return t;
      });
      const cs = new Scope(sc);
      let bind: I.Var | null = null;
      if (s.bind !== null && s.bind.name !== '_') {
        const bt = types !== null && types.length === 1 && types[0] !== null ? types[0]! : x.t;
        bind = this.newVar(s.bind.name, bt, s.bind.pos);
        binds.push(bind);
        cs.objs.set(s.bind.name, { k: 'var', v: bind });
      }
      return { types, bind, body: this.stmts(c.body, cs) };
    });
    if (s.bind !== null && s.bind.name !== '_' && binds.length > 0 && binds.every((b) => !b.used)) this.err(s.bind.pos, `declared and not used: ${s.bind.name}`);
    for (const b of binds) b.used = true;
    return { k: 'typeswitch', pos: s.pos, label, init, x: x.x!, clauses };
  }

  selectStmt(s: Extract<A.Stmt, { k: 'select' }>, scope: Scope, label: string | null): I.Stmt {
    const clauses = s.clauses.map((c) => {
      const cs = new Scope(scope);
      if (c.comm === null) return { kind: 'default' as const, ch: null, value: null, lhs: [], define: false, body: this.stmts(c.body, cs) };
      const comm = c.comm;
      if (comm.k === 'send') {
        const st = this.stmt(comm, cs, null);
        const ss = st as Extract<I.Stmt, { k: 'send' }> | null;
        return { kind: 'send' as const, ch: ss?.ch ?? null, value: ss?.value ?? null, lhs: [], define: false, body: this.stmts(c.body, cs) };
      }
      let rx: A.Expr | null = null; let lhs: (I.Expr | I.Var | null)[] = []; let define = false;
      if (comm.k === 'expr') rx = comm.x;
      else if (comm.k === 'define' || comm.k === 'assign') rx = comm.rhs[0]!;
      const rxe = rx !== null && rx.k === 'paren' ? rx.x : rx;
      if (rxe === null || rxe.k !== 'unary' || rxe.op !== '<-') { this.err(c.pos, 'select case must be receive, send or assign recv'); return { kind: 'default' as const, ch: null, value: null, lhs: [], define: false, body: [] }; }
      const ch = this.value(rxe.x, cs);
      const u = underlying(ch.t);
      if (u.k !== 'chan') { this.err(rxe.pos, `invalid operation: cannot receive from non-channel ${exprString(rxe.x)} (${this.describe(ch)})`); return { kind: 'default' as const, ch: null, value: null, lhs: [], define: false, body: [] }; }
      if (comm.k === 'define') {
        define = true;
        lhs = comm.lhs.map((l, i) => {
          if (l.k !== 'ident' || l.name === '_') return null;
          const v = this.newVar(l.name, i === 0 ? u.elem : T.bool, l.pos);
          this.ctx!.locals.push(v);
          cs.objs.set(l.name, { k: 'var', v });
          return v;
        });
      } else if (comm.k === 'assign') lhs = comm.lhs.map((l) => (l.k === 'ident' && l.name === '_' ? null : this.lvalue(l, cs)));
      return { kind: 'recv' as const, ch: ch.x!, value: null, lhs, define, body: this.stmts(c.body, cs) };
    });
    return { k: 'select', pos: s.pos, label, clauses };
  }

  // --- expressions -------------------------------------------------------------------------------

  /** The operand as a message quotes it: its expression as written. */
  text(op: Operand): string { return op.src !== undefined ? exprString(op.src) : op.name ?? (op.c !== undefined ? constString(op.c) : 'value'); }

  /** What an operand is, as types2 says it: `untyped int constant 1024`, `variable of type int`; a constant's value when its expression does not spell it. */
  describe(op: Operand): string {
    if (op.mode === 'const') {
      const v = constString(op.c!);
      const val = v === this.text(op) ? '' : ` ${v}`;
      return isUntyped(op.t) ? `${op.t.k === 'basic' ? op.t.name : ''} constant${val}` : `constant${val} of type ${typeText(op.t)}`;
    }
    if (op.mode === 'var') return `variable of type ${typeText(op.t)}`;
    if (op.mode === 'type') return 'type';
    if (op.mode === 'novalue') return 'no value';
    if (op.t.k === 'basic' && op.t.kind === 'untyped nil') return 'untyped nil';
    return `value of type ${typeText(op.t)}`;
  }

  /** An expression that must be a single value. */
  value(e: A.Expr, scope: Scope): Operand {
    const op = this.single(this.expr(e, scope), e);
    if (op.mode === 'type') { this.err(e.pos, `${exprString(e)} (type) is not an expression`); return { mode: 'value', t: T.int, x: zeroExpr(T.int, e.pos), pos: e.pos }; }
    if (op.mode === 'novalue') { this.err(e.pos, `${exprString(e)} (no value) used as value`); return { mode: 'value', t: T.int, x: zeroExpr(T.int, e.pos), pos: e.pos }; }
    if (op.mode === 'builtin') { this.err(e.pos, `${exprString(e)} (built-in function ${op.name}) must be called`); return { mode: 'value', t: T.int, x: zeroExpr(T.int, e.pos), pos: e.pos }; }
    if (op.mode === 'pkg') { this.err(e.pos, `use of package ${op.name} without selector`); return { mode: 'value', t: T.int, x: zeroExpr(T.int, e.pos), pos: e.pos }; }
    return op;
  }

  single(op: Operand, e: A.Expr): Operand {
    if (op.mode === 'commaok') { const t = (op.x!.t as { types: Type[] }).types[0]!; return { ...op, mode: 'value', t, x: { ...op.x!, commaOk: false, t } as I.Expr }; }
    if (op.t.k === 'tuple' && op.mode !== 'novalue') { this.err(e.pos, `multiple-value ${exprString(e)} (value of type ${typeText(op.t)}) in single-value context`); return { mode: 'value', t: op.t.types[0] ?? T.int, x: zeroExpr(T.int, e.pos), pos: e.pos }; }
    return op;
  }

  /** Convert an operand for a variable of type t: untyped constants take t, values box into interfaces. */
  assign(op: Operand, t: Type, context: string): I.Expr {
    const pos = op.pos;
    if (op.mode === 'const' && op.c!.k !== 'nil') {
      if (isInterface(t)) {
        const dt = defaultType(op.t);
        const c = representable(op.c!, dt);
        if (typeof c === 'string') { this.err(pos, `cannot use ${this.constText(op)} (${this.describe(op)}) as ${typeText(dt)} value in ${context} (${c})`); return zeroExpr(t, pos); }
        if (!assignable(dt, t)) { this.err(pos, `cannot use ${this.constText(op)} (${this.describe(op)}) as ${typeText(t)} value in ${context}: ${typeText(dt)} does not implement ${typeText(t)} ${missingMethod(dt, underlying(t) as Interface)}`); return zeroExpr(t, pos); }
        this.boxedTypes.add(dt);
        return { k: 'box', t, pos, x: { k: 'const', t: dt, pos, v: c } };
      }
      if (!assignable(op.t, t) && !(isUntyped(op.t) && underlying(t).k === 'basic')) {
        this.err(pos, `cannot use ${this.constText(op)} (${this.describe(op)}) as ${typeText(t)} value in ${context}`);
        return zeroExpr(t, pos);
      }
      const c = this.convertConst(op, t, context);
      return { k: 'const', t, pos, v: c ?? { k: 'int', v: 0n } };
    }
    if (op.t.k === 'basic' && op.t.kind === 'untyped nil') {
      if (!assignable(op.t, t)) { this.err(pos, `cannot use nil as ${typeText(t)} value in ${context}`); return zeroExpr(t, pos); }
      return { k: 'const', t, pos, v: { k: 'nil' } };
    }
    if (op.t.k === 'basic' && op.t.kind === 'untyped bool') {
      // a comparison's result: bool, or the named boolean type it is assigned to
      if (isInterface(t)) { this.boxedTypes.add(T.bool); return { k: 'box', t, pos, x: { ...op.x!, t: T.bool } as I.Expr }; }
      if (!isBoolean(t)) { this.err(pos, `cannot use ${this.text(op)} (untyped bool value) as ${typeText(t)} value in ${context}`); return zeroExpr(t, pos); }
      return { ...op.x!, t } as I.Expr;
    }
    if (!assignable(op.t, t)) {
      let why = '';
      if (isInterface(t) && !isInterface(op.t)) why = `: ${typeText(op.t)} does not implement ${typeText(t)} ${missingMethod(op.t, underlying(t) as Interface)}`;
      this.err(pos, `cannot use ${this.text(op)} (${this.describe(op)}) as ${typeText(t)} value in ${context}${why}`);
      return zeroExpr(t, pos);
    }
    if (isInterface(t) && !isInterface(op.t)) { this.boxedTypes.add(op.t); return { k: 'box', t, pos, x: op.x! }; }
    return op.x!;
  }

  constText(op: Operand): string { return this.text(op); }

  convertConst(op: Operand, t: Type, context: string): I.Const | null {
    const r = representable(op.c!, t);
    if (typeof r === 'string') {
      if (r === 'overflows') this.err(op.pos, `cannot use ${this.constText(op)} (${this.describe(op)}) as ${typeText(t)} value in ${context} (overflows)`);
      else if (r === 'truncated') this.err(op.pos, `cannot use ${this.constText(op)} (${this.describe(op)}) as ${typeText(t)} value in ${context} (truncated)`);
      else this.err(op.pos, `cannot use ${this.constText(op)} (${this.describe(op)}) as ${typeText(t)} value in ${context}`);
      return null;
    }
    return r;
  }

  /** An operand's IR with untyped constants given their default type. */
  ir(op: Operand): I.Expr {
    if (op.mode === 'const') {
      const t = defaultType(op.t);
      if (op.c!.k === 'nil') return { k: 'const', t: op.t, pos: op.pos, v: op.c! };
      const c = representable(op.c!, t);
      if (typeof c === 'string') { this.err(op.pos, `cannot use ${this.constText(op)} (${this.describe(op)}) as ${typeText(t)} value in expression (${c})`); return zeroExpr(t, op.pos); }
      return { k: 'const', t, pos: op.pos, v: c };
    }
    return op.x!;
  }

  lvalue(e: A.Expr, scope: Scope): I.Expr | null {
    if (e.k === 'ident' && e.name === '_') return null;
    if (e.k === 'ident') {
      const o = scope.lookup(e.name);
      if (o !== null && o.k === 'var') { return { k: 'var', t: o.v.type, pos: e.pos, v: o.v }; }
    }
    const op = this.expr(e, scope);
    if (op.mode === 'var' || op.mode === 'mapindex') { if (op.x!.k === 'index' && op.x!.on === 'string') { this.err(e.pos, `cannot assign to ${exprString(e)} (neither addressable nor a map index expression)`); return null; } return op.x!; }
    if (op.mode === 'value' && op.x?.k === 'field' && op.x.x.k === 'index' && op.x.x.on === 'map') { this.err(e.pos, `cannot assign to struct field ${exprString(e)} in map`); return null; }
    if ((op.mode === 'const' || op.mode === 'value') && op.t !== T.invalid) this.err(e.pos, `cannot assign to ${exprString(e)} (neither addressable nor a map index expression)`);
    return null;
  }

  markUsed(v: I.Var): void { v.used = true; }

  expr(e: A.Expr, scope: Scope, commaOk = false): Operand {
    const op = this.exprOperand(e, scope, commaOk);
    return op.src === e ? op : { ...op, src: e, pos: startPos(e) };
  }

  private exprOperand(e: A.Expr, scope: Scope, commaOk: boolean): Operand {
    const pos = e.pos;
    switch (e.k) {
      case 'bad': return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
      case 'ident': return this.ident(e, scope);
      case 'basiclit': {
        switch (e.kind) {
          case 'int': return { mode: 'const', t: T.untypedInt, c: { k: 'int', v: BigInt(e.raw.replace(/_/g, '').replace(/^0([0-7]+)$/, '0o$1')) }, pos, name: e.raw };
          case 'float': return { mode: 'const', t: T.untypedFloat, c: { k: 'float', v: Number(e.raw.replace(/_/g, '')) }, pos, name: e.raw };
          case 'rune': return { mode: 'const', t: T.untypedRune, c: { k: 'int', v: BigInt(runeValue(e.raw)) }, pos, name: e.raw };
          case 'string': return { mode: 'const', t: T.untypedString, c: { k: 'string', v: unquote(e.raw) }, pos, name: e.raw };
          case 'imag': this.err(pos, 'complex numbers are not supported yet'); return { mode: 'const', t: T.untypedFloat, c: { k: 'float', v: 0 }, pos };
        }
        break;
      }
      case 'paren': { const op = this.expr(e.x, scope, commaOk); return op; }
      case 'funclit': {
        const ctx = this.ctx!;
        const sig = this.signature(e.type, scope);
        // gc numbers a function's literals in order, each level its own: main.main.func1, and the
        // literals inside that one main.main.func1.1, main.main.func1.2
        // (package-level initializers' literals are main.glob..func1, … across the package)
        const glob = ctx.fn.name === '$init';
        const n = glob ? ++this.globClosgen : ++ctx.nfunclit;
        const goName = glob ? `main.glob..func${n}` : ctx.root === null ? `${ctx.fn.goName}.func${n}` : `${ctx.fn.goName}.${n}`;
        const fn = this.funcCommon(e.type, e.body, new Scope(scope), sig, `${ctx.fn.name}_${n}`, goName, pos);
        return { mode: 'value', t: sig, x: { k: 'closure', t: sig, pos, fn }, pos };
      }
      case 'composite': return this.composite(e, scope, null);
      case 'selector': return this.selector(e, scope);
      case 'index': return this.index(e, scope, commaOk);
      case 'slice': return this.sliceExpr(e, scope);
      case 'assert': {
        const x = this.value(e.x, scope);
        if (!isInterface(x.t)) { this.err(e.x.pos, `invalid operation: ${exprString(e.x)} (${this.describe(x)}) is not an interface`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
        const t = this.typeExpr(e.type, scope);
        if (!isInterface(t)) { const why = missingMethod(t, underlying(x.t) as Interface); if (why !== '') this.err(e.type.pos, `impossible type assertion: ${exprString(e.x)}.(${exprString(e.type)})\n\t${typeText(t)} does not implement ${typeText(x.t)} ${why}`); }
        this.boxedTypes.add(t);
        if (commaOk) return { mode: 'commaok', t, x: { k: 'assert', t: { k: 'tuple', types: [t, T.bool] }, pos, x: x.x!, commaOk: true }, pos };
        return { mode: 'value', t, x: { k: 'assert', t, pos, x: x.x!, commaOk: false }, pos };
      }
      case 'call': return this.call(e, scope);
      case 'star': {
        const x = this.expr(e.x, scope);
        if (x.mode === 'type') return { mode: 'type', t: { k: 'pointer', elem: x.t }, pos };
        const xv = this.single(x, e.x);
        if (xv.t.k === 'basic' && xv.t.kind === 'untyped nil') { this.err(pos, 'invalid operation: cannot indirect nil'); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
        const u = underlying(xv.t);
        if (u.k !== 'pointer') { this.err(pos, `invalid operation: cannot indirect ${exprString(e.x)} (${this.describe(xv)})`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
        return { mode: 'var', t: u.elem, x: { k: 'deref', t: u.elem, pos, x: xv.x! }, pos };
      }
      case 'unary': return this.unary(e, scope, commaOk);
      case 'binary': {
        const x = this.value(e.x, scope); const y = this.value(e.y, scope);
        return this.binary(e.op, x, y, pos, e.x, e.y);
      }
      case 'generic': this.err(pos, `generics are not supported yet (${e.what})`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
      default: {
        const t = this.typeExpr(e, scope);
        return { mode: 'type', t, pos };
      }
    }
    return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
  }

  ident(e: Extract<A.Expr, { k: 'ident' }>, scope: Scope): Operand {
    const pos = e.pos;
    if (e.name === '_') { this.err(pos, 'cannot use _ as value'); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
    const o = scope.lookup(e.name);
    if (o === null) { this.err(pos, `undefined: ${e.name}`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
    switch (o.k) {
      case 'var': o.v.used = true; return { mode: 'var', t: o.v.type, x: { k: 'var', t: o.v.type, pos, v: o.v }, pos, name: e.name };
      case 'const':
        if (e.name === 'iota' && o === universe.objs.get('iota')) {
          if (this.iota === null) { this.err(pos, 'cannot use iota outside constant declaration'); return { mode: 'const', t: T.untypedInt, c: { k: 'int', v: 0n }, pos }; }
          return { mode: 'const', t: T.untypedInt, c: { k: 'int', v: this.iota }, pos, name: 'iota' };
        }
        return { mode: 'const', t: o.t, c: o.val, pos, name: e.name };
      case 'type': return { mode: 'type', t: o.t, pos };
      case 'func': return { mode: 'value', t: o.sig, x: o.native ? { k: 'libval', t: o.sig, pos, pkg: o.pkg, name: o.name, gen: true } : { k: 'func', t: o.sig, pos, name: o.name, goName: o.goName }, pos, name: e.name };
      case 'pkg': o.used = true; return { mode: 'pkg', t: T.int, pos, name: e.name };
      case 'builtin': return { mode: 'builtin', t: T.int, pos, name: o.name };
      case 'nil': return { mode: 'const', t: T.untypedNil, c: { k: 'nil' }, pos, x: { k: 'const', t: T.untypedNil, pos, v: { k: 'nil' } }, name: 'nil' };
    }
  }

  unary(e: Extract<A.Expr, { k: 'unary' }>, scope: Scope, commaOk: boolean): Operand {
    const pos = e.pos;
    if (e.op === '&') {
      const inner = e.x.k === 'paren' ? e.x.x : e.x;
      if (inner.k === 'composite') {
        const c = this.composite(inner, scope, null);
        const t: Type = { k: 'pointer', elem: c.t };
        return { mode: 'value', t, x: { k: 'addr', t, pos, x: c.x! }, pos };
      }
      const x = this.expr(inner, scope);
      if (x.mode !== 'var') { this.err(pos, `invalid operation: cannot take address of ${exprString(e.x)} (${this.describe(x)})`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
      if (x.x!.k === 'var') x.x!.v.addrTaken = true;
      const t: Type = { k: 'pointer', elem: x.t };
      return { mode: 'value', t, x: { k: 'addr', t, pos, x: x.x! }, pos };
    }
    if (e.op === '<-') {
      const ch = this.value(e.x, scope);
      const u = underlying(ch.t);
      if (u.k !== 'chan') { this.err(startPos(e.x), `invalid operation: cannot receive from non-channel ${exprString(e.x)} (${this.describe(ch)})`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
      if (u.dir === 'send') { this.err(startPos(e.x), `invalid operation: cannot receive from send-only channel ${exprString(e.x)} (${this.describe(ch)})`); }
      if (commaOk) return { mode: 'commaok', t: u.elem, x: { k: 'recv', t: { k: 'tuple', types: [u.elem, T.bool] }, pos, ch: ch.x!, commaOk: true }, pos };
      return { mode: 'value', t: u.elem, x: { k: 'recv', t: u.elem, pos, ch: ch.x!, commaOk: false }, pos };
    }
    const x = this.value(e.x, scope);
    const ok = e.op === '!' ? isBoolean(x.t) : e.op === '^' ? isInteger(x.t) : isNumeric(x.t);
    if (!ok) { this.err(pos, `invalid operation: operator ${e.op} not defined on ${exprString(e.x)} (${this.describe(x)})`); return { mode: 'value', t: x.t, x: zeroExpr(T.int, pos), pos }; }
    if (x.mode === 'const') {
      const c = unaryConst(e.op, x.c!, x.t);
      if (c !== null) {
        if (!isUntyped(x.t)) { const r = representable(c, x.t); if (typeof r === 'string') this.err(pos, overflowText(exprString(e), c, x.t)); }
        return { mode: 'const', t: x.t, c, pos, name: `${e.op}${x.name ?? constString(x.c!)}` };
      }
    }
    return { mode: 'value', t: x.t, x: { k: 'unary', t: x.t, pos, op: e.op, x: this.ir(x) }, pos };
  }

  binary(op: string, x: Operand, y: Operand, pos: Pos, xe: A.Expr, ye: A.Expr): Operand {
    // types2 places a binary operation's errors at its left operand, a divisor's and a shift count's at the right one
    const bad = (msg: string, at: Pos = startPos(xe)): Operand => { this.err(at, msg); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; };
    const text = `${exprString(xe)} ${op} ${exprString(ye)}`;
    if (op === '<<' || op === '>>') {
      if (!isInteger(y.t) && !(y.mode === 'const' && y.c!.k === 'float' && Number.isInteger(y.c!.v))) return bad(`invalid operation: shift count ${exprString(ye)} (${this.describe(y)}) must be integer`, startPos(ye));
      if (y.mode === 'const' && toNumber(y.c!) < 0) return bad(`invalid operation: negative shift count ${exprString(ye)} (${this.describe(y)})`, startPos(ye));
      if (x.mode === 'const' && y.mode === 'const') {
        const xc = x.c!.k === 'float' && Number.isInteger(x.c!.v) ? { k: 'int' as const, v: BigInt(x.c!.v) } : x.c!;
        if (xc.k !== 'int') return bad(`invalid operation: shifted operand ${exprString(xe)} (${this.describe(x)}) must be integer`);
        const c = binaryConst(op, xc, { k: 'int', v: BigInt(toNumber(y.c!)) }, true) as I.Const;
        const t = isUntyped(x.t) ? T.untypedInt : x.t;
        if (!isUntyped(t)) { const r = representable(c, t); if (typeof r === 'string') return bad(overflowText(text, c, t)); }
        return { mode: 'const', t, c, pos };
      }
      const xt = x.mode === 'const' && isUntyped(x.t) ? T.int : x.t;
      if (!isInteger(xt)) return bad(`invalid operation: shifted operand ${exprString(xe)} (${this.describe(x)}) must be integer`);
      const xv = this.assign(x, xt, 'shift');
      const yv = y.mode === 'const' ? this.assign(y, T.uint, 'shift') : y.x!;
      return { mode: 'value', t: xt, x: { k: 'binary', t: xt, pos, op, x: xv, y: yv, ot: xt }, pos };
    }
    if (op === '&&' || op === '||') {
      if (!isBoolean(x.t) || !isBoolean(y.t)) return bad(`invalid operation: operator ${op} not defined on ${exprString(isBoolean(x.t) ? ye : xe)} (${this.describe(isBoolean(x.t) ? y : x)})`);
      if (x.mode === 'const' && y.mode === 'const') return { mode: 'const', t: isUntyped(x.t) ? y.t : x.t, c: binaryConst(op, x.c!, y.c!, false) as I.Const, pos };
      const t = isUntyped(x.t) ? (isUntyped(y.t) ? T.untypedBool : y.t) : x.t;
      const tt = isUntyped(t) ? T.bool : t;
      return { mode: 'value', t, x: { k: 'binary', t, pos, op, x: this.assign(x, tt, 'operation'), y: this.assign(y, tt, 'operation'), ot: tt }, pos };
    }
    // operands must match: an untyped side takes the other's type
    let t: Type;
    // an untyped constant of another kind than the typed side's (a string added to an int) is a
    // mismatch of the two types, as types2's matchTypes says it
    const kindMismatch = (u: Operand, typed: Type): boolean => {
      if (u.mode !== 'const' || isInterface(typed)) return false;
      const k = (u.t as { kind?: string }).kind;
      return k === 'untyped string' ? !isString(typed) : k === 'untyped bool' ? !isBoolean(typed) : k === 'untyped nil' ? false : !isNumeric(typed);
    };
    if ((isUntyped(x.t) && !isUntyped(y.t) && kindMismatch(x, y.t)) || (!isUntyped(x.t) && isUntyped(y.t) && kindMismatch(y, x.t))) {
      return bad(`invalid operation: ${text} (mismatched types ${typeText(x.t)} and ${typeText(y.t)})`);
    }
    // arithmetic on an interface: the untyped side takes its default type, which is not the interface
    if (!['==', '!='].includes(op) && ((isUntyped(x.t) && x.mode === 'const' && isInterface(y.t)) || (isUntyped(y.t) && y.mode === 'const' && isInterface(x.t)))) {
      return bad(`invalid operation: ${text} (mismatched types ${typeText(isUntyped(x.t) ? defaultType(x.t) : x.t)} and ${typeText(isUntyped(y.t) ? defaultType(y.t) : y.t)})`);
    }
    if (isUntyped(x.t) && !isUntyped(y.t)) t = y.t;
    else if (!isUntyped(x.t) && isUntyped(y.t)) t = x.t;
    else if (isUntyped(x.t) && isUntyped(y.t)) t = rankUntyped(x.t, y.t);
    else {
      t = x.t;
      const cmp = ['==', '!='].includes(op);
      if (!identical(x.t, y.t) && !(cmp && (assignable(x.t, y.t) || assignable(y.t, x.t)))) return bad(`invalid operation: ${text} (mismatched types ${typeText(x.t)} and ${typeText(y.t)})`);
      if (cmp && isInterface(y.t) && !isInterface(x.t)) t = y.t;
    }
    const isCmp = ['==', '!=', '<', '<=', '>', '>='].includes(op);
    if ((x.t.k === 'basic' && x.t.kind === 'untyped nil') || (y.t.k === 'basic' && y.t.kind === 'untyped nil')) {
      if (!isCmp || (op !== '==' && op !== '!=')) return bad(`invalid operation: operator ${op} not defined on nil`);
      const other = x.t.k === 'basic' && x.t.kind === 'untyped nil' ? y : x;
      if (other.t.k === 'basic' && other.t.kind === 'untyped nil') return bad(`invalid operation: ${text} (operator ${op} not defined on nil)`);
      if (!assignable(T.untypedNil, other.t)) return bad(`invalid operation: ${text} (mismatched types ${typeText(x.t)} and ${typeText(y.t)})`);
      return { mode: 'value', t: T.untypedBool, x: { k: 'binary', t: T.bool, pos, op, x: this.assign(x, other.t, 'comparison'), y: this.assign(y, other.t, 'comparison'), ot: other.t }, pos };
    }
    if (isCmp) {
      if ((op === '==' || op === '!=') && !comparable(t)) {
        const u = underlying(t);
        return bad(`invalid operation: ${text} (${u.k === 'slice' ? 'slice' : u.k === 'map' ? 'map' : u.k === 'func' ? 'func' : 'struct containing uncomparable field'} can only be compared to nil)`);
      }
      if (!['==', '!='].includes(op) && !(isNumeric(t) || isString(t))) return bad(`invalid operation: ${text} (operator ${op} not defined on ${exprString(xe)} (${this.describe(x)}))`);
    } else {
      const okOp = isString(t) ? op === '+' : isFloat(t) ? ['+', '-', '*', '/'].includes(op) : isInteger(t) ? true : isNumeric(t) ? ['+', '-', '*', '/'].includes(op) : false;
      if (!okOp) return bad(`invalid operation: operator ${op} not defined on ${exprString(xe)} (${this.describe(x)})`);
    }
    if (x.mode === 'const' && y.mode === 'const') {
      const integer = isInteger(t) || (isUntyped(t) && x.c!.k === 'int' && y.c!.k === 'int' && t !== T.untypedFloat);
      const c = binaryConst(op, x.c!, y.c!, integer);
      if (c === 'divzero') return bad('invalid operation: division by zero', startPos(ye));
      if (c !== null) {
        const rt = isCmp ? T.untypedBool : t;
        if (!isCmp && !isUntyped(t)) { const r = representable(c, t); if (typeof r === 'string') return bad(overflowText(text, c, t)); }
        return { mode: 'const', t: rt, c, pos };
      }
    }
    if ((op === '/' || op === '%') && y.mode === 'const' && isInteger(t) && toNumber(y.c!) === 0) return bad('invalid operation: division by zero', startPos(ye));
    const ot = isUntyped(t) ? defaultType(t) : t;
    const xv = this.assign(x, ot, 'operation'); const yv = this.assign(y, ot, 'operation');
    const rt = isCmp ? T.untypedBool : t;
    return { mode: 'value', t: rt, x: { k: 'binary', t: isCmp ? T.bool : ot, pos, op, x: xv, y: yv, ot }, pos };
  }

  selector(e: Extract<A.Expr, { k: 'selector' }>, scope: Scope): Operand {
    const pos = e.pos;
    if (e.x.k === 'ident') {
      const o = scope.lookup(e.x.name);
      if (o !== null && o.k === 'pkg') {
        o.used = true;
        const m = o.pkg.scope.objs.get(e.sel);
        if (m === undefined || !/^[A-Z]/.test(e.sel)) {
          if (m !== undefined) { this.err(e.selPos, `name ${e.sel} not exported by package ${o.pkg.name}`); } else this.err(e.selPos, `undefined: ${e.x.name}.${e.sel}`);
          return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
        }
        switch (m.k) {
          case 'type': return { mode: 'type', t: m.t, pos };
          case 'const': return { mode: 'const', t: m.t, c: m.val, pos, name: `${e.x.name}.${e.sel}` };
          case 'var': return { mode: 'var', t: m.v.type, x: { k: 'var', t: m.v.type, pos, v: m.v }, pos, name: `${e.x.name}.${e.sel}` };
          case 'func': return { mode: 'value', t: m.sig, x: m.native ? { k: 'libval', t: m.sig, pos, pkg: o.pkg.path, name: m.name, gen: true } : { k: 'func', t: m.sig, pos, name: m.name, goName: m.goName }, pos, name: `${e.x.name}.${e.sel}` };
          default: return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
        }
      }
    }
    const x = this.expr(e.x, scope);
    if (x.mode === 'type') {
      // method expression T.M / (*T).M
      // method expression T.M / (*T).M / I.M: a function whose first parameter is the receiver
      const sel = lookupFieldOrMethod(x.t, e.sel);
      const tt = typeText(x.t);
      if (sel === null || sel === 'ambiguous' || sel.kind === 'field') { this.err(e.selPos, `${tt}.${e.sel} undefined (type ${tt} has no method ${e.sel})`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
      if (sel.kind === 'method' && sel.method.ptrRecv && underlying(x.t).k !== 'pointer' && !sel.indirect) {
        this.err(e.selPos, `invalid method expression ${tt}.${e.sel} (needs pointer receiver (*${tt}).${e.sel})`);
        return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
      }
      const msig = sel.kind === 'imethod' ? sel.sig : sel.method.sig;
      const sig: Signature = { k: 'func', params: [x.t, ...msig.params], results: msig.results, variadic: msig.variadic };
      return { mode: 'value', t: sig, x: { k: 'methodexpr', t: sig, pos, recvT: x.t, name: e.sel, iface: sel.kind === 'imethod', valueRecv: sel.kind === 'method' && !sel.method.ptrRecv }, pos };
    }
    const xv = this.single(x, e.x);
    if (xv.mode === 'const' && xv.t.k === 'basic' && xv.t.kind === 'untyped nil') { this.err(pos, `invalid operation: nil.${e.sel}`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
    const sel = lookupFieldOrMethod(xv.t, e.sel);
    if (sel === 'ambiguous') { this.err(e.selPos, `ambiguous selector ${exprString(e)}`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
    if (sel === null) {
      const what = underlying(xv.t).k === 'pointer' && underlying((underlying(xv.t) as { elem: Type }).elem).k === 'pointer' ? '' : '';
      this.err(e.selPos, `${exprString(e)} undefined (type ${typeText(xv.t)} has no field or method ${e.sel}${what})`);
      return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
    }
    let base = this.ir(xv);
    // walk embedded fields
    const walk = sel.kind === 'field' ? sel.path.slice(0, -1) : sel.path;
    let cur = base; let curT = xv.t;
    for (const f of walk) {
      const p = underlying(curT).k === 'pointer';
      const st = underlying(p ? (underlying(curT) as { elem: Type }).elem : curT) as StructT;
      const fld = st.fields.find((x) => x.name === f)!;
      cur = { k: 'field', t: fld.type, pos, x: cur, name: f, ptr: p };
      curT = fld.type;
    }
    base = cur;
    if (sel.kind === 'field') {
      const p = underlying(curT).k === 'pointer';
      const addressable = xv.mode === 'var' || p || walk.some(() => false) || underlying(xv.t).k === 'pointer';
      return { mode: addressable ? 'var' : 'value', t: sel.type, x: { k: 'field', t: sel.type, pos, x: base, name: e.sel, ptr: p }, pos };
    }
    if (sel.kind === 'imethod') {
      return { mode: 'value', t: sel.sig, x: { k: 'methodval', t: sel.sig, pos, recv: base, impl: e.sel, native: false, iface: true, name: e.sel }, pos, name: e.sel };
    }
    const m = sel.method;
    // receiver adjustment: value method on a pointer derefs, pointer method on an addressable value takes its address
    const isPtr = underlying(curT).k === 'pointer';
    let recv = base;
    if (m.ptrRecv && !isPtr) {
      if (xv.mode !== 'var' && walk.length === 0) { this.err(e.selPos, `cannot call pointer method ${e.sel} on ${typeText(xv.t)}`); }
      if (recv.k === 'var') recv.v.addrTaken = true;
      recv = { k: 'addr', t: { k: 'pointer', elem: curT }, pos, x: recv };
    } else if (!m.ptrRecv && isPtr) {
      recv = { k: 'deref', t: sel.recvType, pos, x: recv };
    }
    return { mode: 'value', t: m.sig, x: { k: 'methodval', t: m.sig, pos, recv, impl: m.impl, native: m.native, iface: false, name: e.sel }, pos, name: e.sel };
  }

  index(e: Extract<A.Expr, { k: 'index' }>, scope: Scope, commaOk: boolean): Operand {
    const pos = e.pos;
    const x = this.expr(e.x, scope);
    if (x.mode === 'type') { this.err(pos, 'generics are not supported yet (generic type instantiation)'); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
    const xv = this.single(x, e.x);
    const u = underlying(xv.t);
    if (u.k === 'map') {
      const k = this.assign(this.value(e.index, scope), u.key, 'map index');
      if (commaOk) return { mode: 'commaok', t: u.elem, x: { k: 'index', t: { k: 'tuple', types: [u.elem, T.bool] }, pos, x: xv.x!, i: k, on: 'map', commaOk: true }, pos };
      return { mode: 'mapindex', t: u.elem, x: { k: 'index', t: u.elem, pos, x: xv.x!, i: k, on: 'map', commaOk: false }, pos };
    }
    const i = this.value(e.index, scope);
    if (!isInteger(i.t) && !(i.mode === 'const' && i.c!.k === 'float' && Number.isInteger(i.c!.v))) { this.err(e.index.pos, `invalid argument: index ${exprString(e.index)} (${this.describe(i)}) must be integer`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
    if (i.mode === 'const' && toNumber(i.c!) < 0) { this.err(e.index.pos, `invalid argument: index ${exprString(e.index)} (constant of type int) must not be negative`); }
    const ie = i.mode === 'const' ? this.assign(i, T.int, 'index') : i.x!;
    let on: 'slice' | 'array' | 'ptrarray' | 'string'; let elem: Type; let mode: Operand['mode'] = 'var';
    if (u.k === 'slice') { on = 'slice'; elem = u.elem; }
    else if (u.k === 'array') { on = 'array'; elem = u.elem; mode = xv.mode === 'var' ? 'var' : 'value'; if (i.mode === 'const' && toNumber(i.c!) >= u.len) this.err(e.index.pos, `invalid argument: index ${toNumber(i.c!)} out of bounds [0:${u.len}]`); }
    else if (u.k === 'pointer' && underlying(u.elem).k === 'array') { on = 'ptrarray'; elem = (underlying(u.elem) as { elem: Type }).elem; }
    else if (isString(u)) {
      on = 'string'; elem = T.byte; mode = 'value';
      if (xv.mode === 'const' && i.mode === 'const') return { mode: 'const', t: T.byte, c: { k: 'int', v: BigInt((xv.c as { v: string }).v.charCodeAt(toNumber(i.c!))) }, pos };
    } else { this.err(pos, `invalid operation: cannot index ${exprString(e.x)} (${this.describe(xv)})`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
    return { mode, t: elem, x: { k: 'index', t: elem, pos, x: this.ir(xv), i: ie, on, commaOk: false }, pos };
  }

  sliceExpr(e: Extract<A.Expr, { k: 'slice' }>, scope: Scope): Operand {
    const pos = e.pos;
    const x = this.value(e.x, scope);
    const u = underlying(x.t);
    // Indices of any integer type, as for an index expression (an untyped constant becomes an int).
    const idx = (ie: A.Expr | null): I.Expr | null => {
      if (ie === null) return null;
      const i = this.value(ie, scope);
      if (i.mode === 'const' || !isInteger(i.t)) return this.assign(i, T.int, 'slice index');
      return i.x!;
    };
    let on: 'slice' | 'array' | 'ptrarray' | 'string'; let t: Type;
    if (u.k === 'slice') { on = 'slice'; t = x.t; }
    else if (u.k === 'array') { on = 'array'; t = { k: 'slice', elem: u.elem }; if (x.mode !== 'var') this.err(pos, `invalid operation: ${exprString(e.x)} (slice of unaddressable value)`); if (x.x!.k === 'var') x.x!.v.addrTaken = true; }
    else if (u.k === 'pointer' && underlying(u.elem).k === 'array') { on = 'ptrarray'; t = { k: 'slice', elem: (underlying(u.elem) as { elem: Type }).elem }; }
    else if (isString(u)) { on = 'string'; t = isUntyped(x.t) ? T.string : x.t; if (e.max !== null) this.err(pos, `invalid operation: 3-index slice of string`); }
    else { this.err(pos, `cannot slice ${exprString(e.x)} (${this.describe(x)})`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
    return { mode: 'value', t, x: { k: 'slice', t, pos, x: this.ir(x), lo: idx(e.lo), hi: idx(e.hi), max: idx(e.max), on }, pos };
  }

  composite(e: Extract<A.Expr, { k: 'composite' }>, scope: Scope, hint: Type | null): Operand {
    const pos = e.pos;
    let t: Type;
    if (e.type === null) { if (hint === null) { this.err(pos, 'invalid composite literal type: missing type'); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; } t = hint; }
    else if (e.type.k === 'arraytype' && e.type.len === 'ellipsis') {
      const elem = this.typeExpr(e.type.elem, scope);
      let n = 0; let idx = 0;
      for (const el of e.elts) { if (el.key !== null) { const c = this.constExpr(el.key, scope); if (c?.k === 'int') idx = Number(c.v); } idx++; n = Math.max(n, idx); }
      t = { k: 'array', len: n, elem };
    } else t = this.typeExpr(e.type, scope);
    const u = underlying(t);
    const context = u.k === 'struct' ? 'struct literal' : u.k === 'map' ? 'map literal' : 'array or slice literal';
    const elemValue = (v: A.Expr, et: Type): I.Expr => {
      if (v.k === 'composite' && v.type === null) {
        const inner = underlying(et).k === 'pointer' ? (underlying(et) as { elem: Type }).elem : et;
        const c = this.composite(v, scope, inner);
        return underlying(et).k === 'pointer' ? { k: 'addr', t: et, pos: v.pos, x: c.x! } : c.x!;
      }
      return this.assign(this.value(v, scope), et, context);
    };
    if (u.k === 'struct') {
      const keyed = e.elts.length > 0 && e.elts[0]!.key !== null;
      const fields: { name: string; value: I.Expr }[] = [];
      if (keyed) {
        for (const el of e.elts) {
          if (el.key === null || el.key.k !== 'ident') { this.err(el.value.pos, 'mixture of field:value and value elements in struct literal'); continue; }
          const f = u.fields.find((x) => x.name === (el.key as { name: string }).name);
          if (f === undefined) { this.err(el.key.pos, `unknown field ${el.key.name} in struct literal of type ${typeText(t)}`); continue; }
          if (fields.some((x) => x.name === f.name)) { this.err(el.key.pos, `duplicate field name ${f.name} in struct literal`); continue; }
          fields.push({ name: f.name, value: elemValue(el.value, f.type) });
        }
      } else if (e.elts.length > 0) {
        if (e.elts.length < u.fields.length) this.err(e.rbrace, `too few values in struct literal of type ${typeText(t)}`);
        else if (e.elts.length > u.fields.length) this.err(e.elts[u.fields.length]!.value.pos, `too many values in struct literal of type ${typeText(t)}`);
        e.elts.forEach((el, i) => { const f = u.fields[i]; if (f !== undefined) fields.push({ name: f.name, value: elemValue(el.value, f.type) }); });
      }
      return { mode: 'value', t, x: { k: 'composite', t, pos, fields, elems: [], len: 0 }, pos };
    }
    if (u.k === 'array' || u.k === 'slice') {
      const elems: { key: I.Expr | null; index: number; value: I.Expr }[] = [];
      let idx = 0; let max = 0;
      for (const el of e.elts) {
        if (el.key !== null) { const c = this.constExpr(el.key, scope); if (c === null || c.k !== 'int') this.err(el.key.pos, 'index must be non-negative integer constant'); else idx = Number(c.v); }
        if (u.k === 'array' && idx >= u.len) this.err(startPos(el.value), `index ${idx} is out of bounds (>= ${u.len})`);
        elems.push({ key: null, index: idx, value: elemValue(el.value, u.elem) });
        idx++; max = Math.max(max, idx);
      }
      return { mode: 'value', t, x: { k: 'composite', t, pos, fields: null, elems, len: u.k === 'array' ? u.len : max }, pos };
    }
    if (u.k === 'map') {
      const elems: { key: I.Expr | null; index: number; value: I.Expr }[] = [];
      const seenKeys = new Set<string>();
      for (const el of e.elts) {
        if (el.key === null) { this.err(el.value.pos, 'missing key in map literal'); continue; }
        const kop = el.key.k === 'composite' && el.key.type === null ? null : this.value(el.key, scope);
        if (kop !== null && kop.mode === 'const' && kop.c !== undefined) {
          const k = `${kop.c.k}:${constString(kop.c)}`;
          if (seenKeys.has(k)) this.err(startPos(el.key), `duplicate key ${this.text(kop)} in map literal`);
          seenKeys.add(k);
        }
        const key = kop === null ? this.composite(el.key as Extract<A.Expr, { k: 'composite' }>, scope, u.key).x! : this.assign(kop, u.key, 'map literal');
        elems.push({ key, index: 0, value: elemValue(el.value, u.elem) });
      }
      return { mode: 'value', t, x: { k: 'composite', t, pos, fields: null, elems, len: 0 }, pos };
    }
    this.err(pos, `invalid composite literal type ${typeText(t)}`);
    return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
  }

  // --- calls -----------------------------------------------------------------------------------

  call(e: Extract<A.Expr, { k: 'call' }>, scope: Scope): Operand {
    const pos = e.pos;
    const f = this.expr(e.fn, scope);
    if (f.mode === 'type') return this.conversion(e, f.t, scope);
    if (f.mode === 'builtin') return this.builtin(e, f.name!, scope);
    const fv = this.single(f, e.fn);
    const u = underlying(fv.t);
    if (fv.t === T.invalid) {
      // already reported: check the arguments for their own errors (and uses), then stop
      for (const a of e.args) this.expr(a, scope);
      return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
    }
    if (u.k !== 'func') { this.err(pos, `invalid operation: cannot call non-function ${exprString(e.fn)} (${this.describe(fv)})`); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos }; }
    const sig = u;
    const wrap: { tmp?: I.Var; init?: I.Expr } = {};
    const args = this.args(e, sig, scope, wrap);
    const rt: Type = sig.results.length === 0 ? { k: 'tuple', types: [] } : sig.results.length === 1 ? sig.results[0]! : { k: 'tuple', types: sig.results };
    const mode: Operand['mode'] = sig.results.length === 0 ? 'novalue' : 'value';
    const fx = fv.x!;
    let x: I.Expr;
    if (fx.k === 'func') x = { k: 'callfunc', t: rt, pos, name: fx.name, args, spread: e.ellipsis, sig };
    else if (fx.k === 'libval') x = { k: 'calllib', t: rt, pos, pkg: fx.pkg, name: fx.name, args, spread: e.ellipsis, sig, gen: true, types: [] };
    else if (fx.k === 'methodval' && fx.iface) x = { k: 'calliface', t: rt, pos, recv: fx.recv, name: fx.name, args, spread: e.ellipsis, sig };
    else if (fx.k === 'methodval') x = { k: 'callmethod', t: rt, pos, impl: fx.impl, recv: fx.recv, args, spread: e.ellipsis, sig, native: fx.native };
    else x = { k: 'call', t: rt, pos: e.fn.k === 'funclit' && e.lparen !== undefined ? e.lparen : pos, fn: fx, args, spread: e.ellipsis, sig };
    if (wrap.tmp !== undefined) x = { k: 'withtuple', t: rt, pos, tmp: wrap.tmp, init: wrap.init!, x };
    return { mode, t: rt, x, pos };
  }

  args(e: Extract<A.Expr, { k: 'call' }>, sig: Signature, scope: Scope, wrap: { tmp?: I.Var; init?: I.Expr }): I.Expr[] {
    const params = sig.params;
    // f(g()) with g returning several values: evaluate g() into a temporary, pass its parts
    if (e.args.length === 1 && params.length >= 1) {
      const op = this.expr(e.args[0]!, scope);
      if (op.t.k === 'tuple' && op.mode !== 'novalue') {
        const tmp = this.newVar('$tuple', op.t, op.pos);
        tmp.used = true;
        this.ctx!.locals.push(tmp);
        const parts: Operand[] = op.t.types.map((t, i) => ({ mode: 'value', t, x: { k: 'tupleidx', t, pos: op.pos, tmp, i } as I.Expr, pos: op.pos }));
        const list = this.argList(parts, e, sig);
        wrap.tmp = tmp; wrap.init = op.x!;
        return list;
      }
      return this.argList([op], e, sig);
    }
    const ops = e.args.map((a) => (a.k === 'composite' && a.type === null ? this.expr(a, scope) : this.value(a, scope)));
    return this.argList(ops, e, sig);
  }

  argList(ops: Operand[], e: Extract<A.Expr, { k: 'call' }>, sig: Signature): I.Expr[] {
    const params = sig.params;
    const name = exprString(e.fn);
    const fixed = sig.variadic ? params.length - 1 : params.length;
    const have = `(${ops.map((o) => typeSummary(o.t)).join(', ')})`;
    const want = `(${params.map((p, i) => (sig.variadic && i === params.length - 1 ? `...${typeText((p as { elem: Type }).elem)}` : typeText(p))).join(', ')})`;
    if (e.ellipsis) {
      if (!sig.variadic) { this.err(e.pos, `have (...) in call to non-variadic ${name}`); return []; }
      if (ops.length !== params.length) { this.err(e.rparen, `${ops.length < params.length ? 'not enough' : 'too many'} arguments in call to ${name}\n\thave ${have}\n\twant ${want}`); return []; }
      return ops.map((o, i) => this.assign(o, params[i]!, 'argument'));
    }
    if (ops.length < fixed || (!sig.variadic && ops.length > fixed)) {
      // gc (go1.19) reports too many at the first extra argument, not enough at the last one given (or the call)
      const at = ops.length > fixed ? ops[fixed]!.pos : ops.length > 0 ? ops[ops.length - 1]!.pos : e.pos;
      this.err(at, `${ops.length < fixed ? 'not enough' : 'too many'} arguments in call to ${name}\n\thave ${have}\n\twant ${want}`);
      return [];
    }
    const out: I.Expr[] = [];
    for (let i = 0; i < fixed; i++) out.push(this.assign(ops[i]!, params[i]!, `argument to ${name}`));
    if (sig.variadic) {
      const st = params[params.length - 1]!;
      const et = (underlying(st) as { elem: Type }).elem;
      const rest = ops.slice(fixed).map((o) => this.assign(o, et, `argument to ${name}`));
      out.push(rest.length === 0 ? { k: 'const', t: st, pos: e.pos, v: { k: 'nil' } } : { k: 'composite', t: st, pos: e.pos, fields: null, elems: rest.map((v, i) => ({ key: null, index: i, value: v })), len: rest.length });
    }
    return out;
  }

  conversion(e: Extract<A.Expr, { k: 'call' }>, t: Type, scope: Scope): Operand {
    if (t === T.complex128) { this.err(e.pos, 'complex numbers are not supported yet'); return { mode: 'value', t: T.invalid, x: zeroExpr(T.int, e.pos), pos: e.pos }; }
    const pos = e.pos;
    if (e.args.length !== 1) { this.err(pos, `${e.args.length === 0 ? 'missing argument' : 'too many arguments'} in conversion to ${typeText(t)}`); return { mode: 'value', t, x: zeroExpr(t, pos), pos }; }
    const x = this.value(e.args[0]!, scope);
    const tu = underlying(t);
    if (x.mode === 'const' && tu.k === 'basic' && x.c!.k !== 'nil') {
      // constant conversions: representable, or int → string (a rune), or float → int truncation is an error
      if (isString(tu) && x.c!.k === 'int') {
        const r = Number(x.c!.v);
        const s = r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(r);
        return { mode: 'const', t, c: { k: 'string', v: unquote(JSON.stringify(s)) }, pos };
      }
      const r = representable(x.c!, t);
      if (typeof r === 'string') {
        // an integer constant that does not fit an integer type: Go 1.22's concise words (go.dev/issue/63563), at the operand
        const at = startPos(e.args[0]!);
        if (isInteger(tu) && x.c!.k === 'int') this.err(at, `constant ${constString(x.c!)} overflows ${typeText(t)}`);
        else this.err(at, `cannot convert ${this.constText(x)} (${this.describe(x)}) to type ${typeText(t)}`);
        return { mode: 'value', t, x: zeroExpr(t, pos), pos };
      }
      if (typeof r === 'string') {
        this.err(pos, `cannot convert ${this.constText(x)} (${this.describe(x)}) to type ${typeText(t)}`);
        return { mode: 'value', t, x: zeroExpr(t, pos), pos };
      }
      return { mode: 'const', t, c: r, pos };
    }
    if (!convertible(x.t, t)) { this.err(pos, `cannot convert ${exprString(e.args[0]!)} (${this.describe(x)}) to type ${typeText(t)}`); return { mode: 'value', t, x: zeroExpr(t, pos), pos }; }
    if (isInterface(t)) return { mode: 'value', t, x: this.assign(x, t, 'conversion'), pos };
    const xe = x.mode === 'const' ? this.assign(x, x.c!.k === 'nil' ? t : defaultType(x.t), 'conversion') : x.x!;
    return { mode: 'value', t, x: { k: 'convert', t, pos, x: xe }, pos };
  }

  builtin(e: Extract<A.Expr, { k: 'call' }>, name: string, scope: Scope): Operand {
    const pos = e.pos;
    const nargs = e.args.length;
    const need = (n: number, max = n): boolean => {
      if (nargs < n) { this.err(e.rparen, `not enough arguments for ${name}(${e.args.map(exprString).join(', ')}) (expected ${n}, found ${nargs})`); return false; }
      if (nargs > max) { this.err(e.args[max]!.pos, `too many arguments for ${name}(${e.args.map(exprString).join(', ')}) (expected ${max}, found ${nargs})`); return false; }
      return true;
    };
    const fail: Operand = { mode: 'value', t: T.invalid, x: zeroExpr(T.int, pos), pos };
    const mk = (t: Type, args: I.Expr[], targ: Type | null = null, mode: Operand['mode'] = 'value'): Operand => ({ mode, t, x: { k: 'builtin', t, pos, name, args, spread: e.ellipsis, targ }, pos });
    switch (name) {
      case 'len': case 'cap': {
        if (!need(1)) return fail;
        const x = this.value(e.args[0]!, scope);
        const u = underlying(x.t);
        if (x.mode === 'const' && isString(x.t) && name === 'len') return { mode: 'const', t: T.int, c: { k: 'int', v: BigInt((x.c as { v: string }).v.length) }, pos };
        const ok = name === 'len' ? (isString(u) || ['slice', 'array', 'map', 'chan'].includes(u.k) || (u.k === 'pointer' && underlying(u.elem).k === 'array')) : (['slice', 'array', 'chan'].includes(u.k) || (u.k === 'pointer' && underlying(u.elem).k === 'array'));
        if (!ok) { this.err(e.args[0]!.pos, `invalid argument: ${exprString(e.args[0]!)} (${this.describe(x)}) for built-in ${name}`); return fail; }
        if (u.k === 'array') return { mode: 'const', t: T.int, c: { k: 'int', v: BigInt(u.len) }, pos };
        if (u.k === 'pointer') return { mode: 'const', t: T.int, c: { k: 'int', v: BigInt((underlying(u.elem) as { len: number }).len) }, pos };
        return mk(T.int, [this.ir(x)]);
      }
      case 'append': {
        if (nargs === 0) { this.err(e.rparen, 'not enough arguments for append() (expected 1, found 0)'); return fail; }
        const s = this.value(e.args[0]!, scope);
        const st = s.t.k === 'basic' && s.t.kind === 'untyped nil' ? null : s.t;
        if (st === null || underlying(st).k !== 'slice') { this.err(e.args[0]!.pos, `invalid argument: ${exprString(e.args[0]!)} (${this.describe(s)}) is not a slice`); return fail; }
        const et = (underlying(st) as { elem: Type }).elem;
        if (e.ellipsis) {
          if (nargs !== 2) { this.err(pos, 'can only use ... with final argument in list'); return fail; }
          const y = this.value(e.args[1]!, scope);
          if (isString(y.t) && identical(underlying(et), T.uint8)) return mk(st, [s.x!, this.assign(y, T.string, 'append')], T.string);
          return mk(st, [s.x!, this.assign(y, st, 'append')]);
        }
        const rest = e.args.slice(1).map((a) => this.assign(a.k === 'composite' && a.type === null ? this.composite(a, scope, et) : this.value(a, scope), et, 'argument to append'));
        return mk(st, [s.x!, ...rest]);
      }
      case 'copy': {
        if (!need(2)) return fail;
        const d = this.value(e.args[0]!, scope); const s = this.value(e.args[1]!, scope);
        if (underlying(d.t).k !== 'slice') { this.err(pos, `invalid argument: copy expects slice arguments; found ${exprString(e.args[0]!)} (${this.describe(d)}) and ${exprString(e.args[1]!)} (${this.describe(s)})`); return fail; }
        return mk(T.int, [d.x!, isString(s.t) ? this.assign(s, T.string, 'copy') : s.x!]);
      }
      case 'delete': {
        if (!need(2)) return fail;
        const m = this.value(e.args[0]!, scope);
        const u = underlying(m.t);
        if (u.k !== 'map') { this.err(e.args[0]!.pos, `invalid argument: ${exprString(e.args[0]!)} (${this.describe(m)}) is not a map`); return fail; }
        return mk({ k: 'tuple', types: [] }, [m.x!, this.assign(this.value(e.args[1]!, scope), u.key, 'argument to delete')], null, 'novalue');
      }
      case 'clear': {
        if (!need(1)) return fail;
        const m = this.value(e.args[0]!, scope);
        return mk({ k: 'tuple', types: [] }, [m.x!], null, 'novalue');
      }
      case 'close': {
        if (!need(1)) return fail;
        const c = this.value(e.args[0]!, scope);
        const u = underlying(c.t);
        if (u.k !== 'chan') { this.err(e.args[0]!.pos, `invalid operation: non-chan argument ${exprString(e.args[0]!)} (${this.describe(c)})`); return fail; }
        if (u.dir === 'recv') { this.err(e.args[0]!.pos, `invalid operation: cannot close receive-only channel ${exprString(e.args[0]!)} (${this.describe(c)})`); return fail; }
        return mk({ k: 'tuple', types: [] }, [c.x!], null, 'novalue');
      }
      case 'make': {
        if (nargs === 0) { this.err(e.rparen, 'not enough arguments for make() (expected 1, found 0)'); return fail; }
        const t = this.typeExpr(e.args[0]!, scope);
        const u = underlying(t);
        if (!['slice', 'map', 'chan'].includes(u.k)) { this.err(e.args[0]!.pos, `invalid argument: cannot make ${exprString(e.args[0]!)}; type must be slice, map, or channel`); return fail; }
        if (u.k === 'slice' && nargs < 2) { this.err(pos, `invalid operation: ${exprString(e)} expects 2 or 3 arguments; found ${nargs}`); return fail; }
        const sizes = e.args.slice(1).map((a) => {
          const op = this.value(a, scope);
          if (!isInteger(op.t) && !(op.mode === 'const' && op.c!.k === 'float' && Number.isInteger(op.c!.v))) this.err(a.pos, `cannot convert ${exprString(a)} (${this.describe(op)}) to type int`);
          if (op.mode === 'const' && toNumber(op.c!) < 0) this.err(a.pos, `invalid argument: index ${exprString(a)} (constant of type int) must not be negative`);
          return this.assign(op, isInteger(op.t) && !isUntyped(op.t) ? op.t : T.int, 'make');
        });
        if (sizes.length === 2 && sizes[0]!.k === 'const' && sizes[1]!.k === 'const' && (sizes[0]!.v as { v: bigint }).v > (sizes[1]!.v as { v: bigint }).v) this.err(pos, `invalid argument: length and capacity swapped`);
        return mk(t, sizes, t);
      }
      case 'new': {
        if (!need(1)) return fail;
        const t = this.typeExpr(e.args[0]!, scope);
        return mk({ k: 'pointer', elem: t }, [], t);
      }
      case 'panic': {
        if (!need(1)) return fail;
        const v = this.assign(this.value(e.args[0]!, scope), emptyInterface, 'argument to panic');
        return mk({ k: 'tuple', types: [] }, [v], null, 'novalue');
      }
      case 'recover': need(0); return mk(emptyInterface, []);
      case 'print': case 'println': {
        const args = e.args.map((a) => { const o = this.value(a, scope); return this.ir(o); });
        return mk({ k: 'tuple', types: [] }, args, null, 'novalue');
      }
      case 'min': case 'max': {
        if (nargs === 0) { this.err(e.rparen, `not enough arguments for ${name}() (expected 1, found 0)`); return fail; }
        const ops = e.args.map((a) => this.value(a, scope));
        let t: Type | null = null;
        for (const o of ops) if (!isUntyped(o.t)) { if (t !== null && !identical(t, o.t)) { this.err(o.pos, `invalid argument: mismatched types ${typeText(t)} (previous argument) and ${typeText(o.t)} (type of ${exprString(e.args[ops.indexOf(o)]!)})`); return fail; } t = o.t; }
        for (const o of ops) if (!(isNumeric(o.t) || isString(o.t))) { this.err(o.pos, `invalid argument: ${exprString(e.args[ops.indexOf(o)]!)} (${this.describe(o)}) cannot be ordered`); return fail; }
        if (t === null) {
          // all constant
          let best = ops[0]!;
          for (const o of ops.slice(1)) { const c = binaryConst('<', o.c!, best.c!, false) as { v: boolean }; if (name === 'min' ? c.v : !c.v && (binaryConst('>', o.c!, best.c!, false) as { v: boolean }).v) best = o; }
          return { mode: 'const', t: ops.reduce((a, o) => rankUntyped(a, o.t), ops[0]!.t), c: best.c!, pos };
        }
        return mk(t, ops.map((o) => this.assign(o, t!, `argument to ${name}`)));
      }
      case 'complex': case 'real': case 'imag': this.err(pos, 'complex numbers are not supported yet'); return fail;
    }
    this.err(pos, `${name} is not supported yet`);
    return fail;
  }
}

/** A package path as part of a JavaScript name. */
/** A type in a `have (...)` list, as types2's typesSummary: untyped numbers are "number", other untyped kinds their kind. */
function typeSummary(t: Type): string {
  if (t === T.invalid) return 'unknown type';
  if (isUntyped(t)) return isNumeric(t) ? 'number' : typeText(t).replace('untyped ', '');
  return typeText(t);
}

function jsPath(p: string): string { return p.replace(/[^A-Za-z0-9]/g, '_'); }

function rankUntyped(a: Type, b: Type): Type {
  const rank = (t: Type): number => (t === T.untypedInt ? 1 : t === T.untypedRune ? 2 : t === T.untypedFloat ? 3 : 0);
  return rank(a) >= rank(b) ? a : b;
}

export function convertible(v: Type, t: Type): boolean {
  if (assignable(v, t)) return true;
  const vu = underlying(v), tu = underlying(t);
  if (identical(vu, tu)) return true;
  if (vu.k === 'pointer' && tu.k === 'pointer' && identical(underlying(vu.elem), underlying(tu.elem))) return true;
  if (isNumeric(vu) && isNumeric(tu)) return true;
  if (isString(tu) && (isInteger(vu) || (vu.k === 'slice' && (identical(underlying(vu.elem), T.uint8) || identical(underlying(vu.elem), T.int32))))) return true;
  if (isString(vu) && tu.k === 'slice' && (identical(underlying(tu.elem), T.uint8) || identical(underlying(tu.elem), T.int32))) return true;
  if (vu.k === 'slice' && tu.k === 'array' && identical(vu.elem, tu.elem)) return true;
  if (vu.k === 'slice' && tu.k === 'pointer' && underlying(tu.elem).k === 'array') return true;
  return false;
}

export function zeroExpr(t: Type, pos: Pos): I.Expr { return { k: 'zero', t, pos }; }

/** A terminating statement (the spec's rule), for "missing return". */
function terminates(s: A.Stmt | A.Block): boolean {
  switch (s.k) {
    case 'return': return true;
    case 'branch': return s.tok === 'goto';
    case 'expr': return s.x.k === 'call' && s.x.fn.k === 'ident' && s.x.fn.name === 'panic' ||
      (s.x.k === 'call' && s.x.fn.k === 'selector' && s.x.fn.x.k === 'ident' && ((s.x.fn.x.name === 'os' && s.x.fn.sel === 'Exit') || (s.x.fn.x.name === 'log' && /^Fatal/.test(s.x.fn.sel)) || (s.x.fn.x.name === 'runtime' && s.x.fn.sel === 'Goexit')));
    case 'block': return s.stmts.length > 0 && terminates(s.stmts[s.stmts.length - 1]!);
    case 'if': return s.else !== null && terminates(s.then) && terminates(s.else);
    case 'for': return s.cond === null && !hasBreak(s.body.stmts, null, true);
    case 'labeled': return terminates(s.stmt) && !(s.stmt.k === 'for' && hasBreak(s.stmt.body.stmts, s.label, true));
    case 'switch': case 'typeswitch':
      return s.clauses.some((c) => c.exprs === null) && s.clauses.every((c) => { const l = c.body[c.body.length - 1]; return l !== undefined && (terminates(l) || (l.k === 'branch' && l.tok === 'fallthrough')) && !hasBreak(c.body, null, true); });
    case 'select': return s.clauses.every((c) => { const l = c.body[c.body.length - 1]; return l !== undefined && terminates(l) && !hasBreak(c.body, null, true); });
    default: return false;
  }
}

/** The statement lists around label `l` in ss, outermost first, with where each block begins; null if l is not there. */
function labelBlocks(ss: A.Stmt[], l: string, chain: { ss: A.Stmt[]; pos: Pos }[]): { ss: A.Stmt[]; pos: Pos }[] | null {
  const inner = (list: A.Stmt[], pos: Pos): { ss: A.Stmt[]; pos: Pos }[] | null => labelBlocks(list, l, [...chain, { ss: list, pos }]);
  for (const s of ss) {
    let r: { ss: A.Stmt[]; pos: Pos }[] | null = null;
    if (s.k === 'labeled') r = s.label === l ? chain : labelBlocks([s.stmt], l, chain);
    else if (s.k === 'block') r = inner(s.stmts, s.pos);
    else if (s.k === 'if') r = inner(s.then.stmts, s.then.pos) ?? (s.else !== null ? labelBlocks([s.else], l, chain) : null);
    else if (s.k === 'for' || s.k === 'range') r = inner(s.body.stmts, s.body.pos);
    else if (s.k === 'switch' || s.k === 'typeswitch' || s.k === 'select') for (const c of s.clauses) { r = inner(c.body, c.pos); if (r !== null) break; }
    if (r !== null) return r;
  }
  return null;
}

function hasBreak(ss: A.Stmt[], label: string | null, top: boolean): boolean {
  for (const s of ss) {
    if (s.k === 'branch' && s.tok === 'break' && (s.label === null ? top : s.label === label)) return true;
    if (s.k === 'block' && hasBreak(s.stmts, label, top)) return true;
    if (s.k === 'if' && (hasBreak(s.then.stmts, label, top) || (s.else !== null && hasBreak([s.else], label, top)))) return true;
    if (s.k === 'labeled' && hasBreak([s.stmt], label, top)) return true;
    if ((s.k === 'for' || s.k === 'range') && label !== null && hasBreak(s.body.stmts, label, false)) return true;
    if ((s.k === 'switch' || s.k === 'typeswitch' || s.k === 'select') && label !== null && s.clauses.some((c) => hasBreak(c.body, label, false))) return true;
  }
  return false;
}

export function exprString(e: A.Expr): string {
  switch (e.k) {
    case 'ident': return e.name;
    case 'basiclit': return e.raw;
    case 'paren': return `(${exprString(e.x)})`;
    case 'selector': return `${exprString(e.x)}.${e.sel}`;
    case 'index': return `${exprString(e.x)}[${exprString(e.index)}]`;
    case 'slice': return `${exprString(e.x)}[${e.lo ? exprString(e.lo) : ''}:${e.hi ? exprString(e.hi) : ''}${e.max ? `:${exprString(e.max)}` : ''}]`;
    case 'call': return `${exprString(e.fn)}(${e.args.map(exprString).join(', ')}${e.ellipsis ? '...' : ''})`;
    case 'star': return `*${exprString(e.x)}`;
    case 'unary': return `${e.op}${exprString(e.x)}`;
    case 'binary': return `${exprString(e.x)} ${e.op} ${exprString(e.y)}`;
    case 'composite': return `${e.type ? exprString(e.type) : ''}{…}`;
    case 'funclit': return 'func literal';
    case 'assert': return `${exprString(e.x)}.(${exprString(e.type)})`;
    case 'arraytype': return `[${e.len === null ? '' : e.len === 'ellipsis' ? '...' : exprString(e.len)}]${exprString(e.elem)}`;
    case 'maptype': return `map[${exprString(e.key)}]${exprString(e.value)}`;
    case 'chantype': return `${e.dir === 'recv' ? '<-chan' : e.dir === 'send' ? 'chan<-' : 'chan'} ${exprString(e.elem)}`;
    case 'functype': return 'func(…)';
    case 'structtype': return 'struct{…}';
    case 'interfacetype': return e.methods.length === 0 && e.embeds.length === 0 ? 'interface{}' : 'interface{…}';
    default: return '?';
  }
}

export const STD_NAMES: string[] = Object.keys(STDLIB).sort();
void basic; void isUnsigned; void T; void ({} as MethodInfo);

/** types2's words for a typed constant expression whose value does not fit its type (the type's underlying basic type is named). */
function overflowText(text: string, c: I.Const, t: Type): string {
  return `${text} (constant ${constString(c)} of type ${typeText(t)}) overflows ${typeText(underlying(t))}`;
}
