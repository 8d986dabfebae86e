// Stage 3: the parser. Recursive descent over the preprocessed tokens, one
// function per grammar rule of C11 (declaration, declarator, statement, and
// one per precedence level of expressions), building the checked form through
// the Checker as it goes.
//
// Hand-written rather than generated, for the reason every production C
// compiler's parser is (GCC's, Clang's, chibicc's): C cannot be parsed without
// knowing which identifiers are typedef names (`T * x;` is a declaration or a
// multiplication), and must be parsed after preprocessing. A grammar-based
// parser of the raw source (tree-sitter's C grammar) sees the text before macro
// expansion and guesses at typedefs; this one asks the scope.

import { decodeString, type Token } from './tokenize.ts';
import { CError, type Diagnostics, type Loc } from './diagnostics.ts';
import { T, ptrTo, arrayOf, sizeOf, alignOf, layout, typeName, sameType, bitFieldType, isInteger, isScalar, type Type, type FuncType, type StructType, type IntType } from './type.ts';
import { Checker, constValue, markMemory, wrapInt } from './typecheck.ts';
import type { Expr, Stmt, Obj, Init, FuncDef, Program, BinOp } from './ir.ts';

/** The length of a variable-length array's type while its declaration is parsed. */
const VLA_LEN = -2;

// Object and string ids are unique across translation units, so linked units never collide.
let nextObjId = 1;
let nextStrId = 0;

type ScopeEntry = { obj: Obj } | { typedef: Type } | { enumConst: number; ty: Type };
interface Scope { vars: Map<string, ScopeEntry>; tags: Map<string, Type> }
interface DeclSpec { ty: Type; isTypedef: boolean; isStatic: boolean; isExtern: boolean; isInline: boolean }
interface Declarator { name: string; nameTok: Token; ty: Type; params: { name: string; tok: Token; ty: Type }[] | null }

export class Parser {
  private i = 0;
  private readonly scopes: Scope[] = [{ vars: new Map(), tags: new Map() }];
  private readonly check: Checker;
  private readonly globals: Obj[] = [];
  private readonly funcs: FuncDef[] = [];
  private readonly strings: { id: number; bytes: number[] }[] = [];
  private readonly externs = new Set<string>();
  // The function being parsed.
  /** While a block-scope declarator is parsed: a non-constant array length is a VLA's (vlaLen), not an error. */
  private vlaAllowed = false;
  private vlaLen: Expr | null = null;
  private fn: { def: FuncDef; labels: Set<string>; gotos: Token[]; switches: { cases: { v: number | bigint; label: number }[]; dflt: number | null; ty: Type }[]; nextLabel: number } | null = null;

  constructor(private readonly toks: Token[], readonly diags: Diagnostics) {
    this.check = new Checker(diags);
    // va_list is a pointer to the spilled variable arguments (see codegen.ts).
    this.declare('__builtin_va_list', { typedef: ptrTo(T.void) });
  }

  // --- tokens ---------------------------------------------------------------------------

  private peek(n = 0): Token { return this.toks[Math.min(this.i + n, this.toks.length - 1)]!; }
  private next(): Token { const t = this.peek(); if (t.kind !== 'eof') this.i++; return t; }
  private is(text: string, n = 0): boolean { const t = this.peek(n); return t.text === text && (t.kind === 'punct' || t.kind === 'ident'); }
  private accept(text: string): boolean { if (this.is(text)) { this.i++; return true; } return false; }
  private expect(text: string, what?: string): Token {
    const t = this.peek();
    if (this.is(text)) { this.i++; return t; }
    const at = t.kind === 'eof' ? this.toks[this.i - 1] ?? t : t;
    const where = t.kind === 'eof' ? 'at end of input' : `before '${t.text}'`;
    throw CError.at(t.kind === 'eof' ? { ...at, col: at.col + at.text.length } : at, `expected '${text}'${what ? ` ${what}` : ''} ${where}`);
  }
  private loc(t: Token = this.peek()): Loc { let r = t; while (r.origin !== null) r = r.origin; return { file: r.file, line: r.line, col: r.col }; }

  // --- scopes -------------------------------------------------------------------------

  private push(): void { this.scopes.push({ vars: new Map(), tags: new Map() }); }
  private pop(): void { this.scopes.pop(); }
  private lookup(name: string): ScopeEntry | undefined {
    for (let k = this.scopes.length - 1; k >= 0; k--) { const e = this.scopes[k]!.vars.get(name); if (e !== undefined) return e; }
    return undefined;
  }
  private lookupTag(name: string): Type | undefined {
    for (let k = this.scopes.length - 1; k >= 0; k--) { const e = this.scopes[k]!.tags.get(name); if (e !== undefined) return e; }
    return undefined;
  }
  private declare(name: string, e: ScopeEntry): void { this.scopes[this.scopes.length - 1]!.vars.set(name, e); }
  private isTypedefName(t: Token): boolean { if (t.kind !== 'ident') return false; const e = this.lookup(t.text); return e !== undefined && 'typedef' in e; }

  private newObj(name: string, ty: Type, kind: Obj['kind'], loc: Loc): Obj {
    return { name, ty, id: nextObjId++, kind, inMemory: kind !== 'local' || ty.kind === 'array' || ty.kind === 'struct', offset: 0, isStatic: false, isExtern: false, init: null, def: null, loc, param: -1 };
  }

  // --- the translation unit -------------------------------------------------------------

  parse(): Program {
    while (this.peek().kind !== 'eof') {
      if (this.accept(';')) continue;
      this.topLevel();
    }
    return { globals: this.globals, funcs: this.funcs, strings: this.strings, externs: this.externs };
  }

  /** _Static_assert(constant-expression, string-literal); */
  private staticAssert(): void {
    const t = this.next();
    this.expect('(');
    const v = this.constExpr();
    let msg = '';
    if (this.accept(',')) msg = String.fromCharCode(...decodeString(this.next()));
    this.expect(')'); this.expect(';');
    if (BigInt(v) === 0n) throw CError.at(t, `static assertion failed${msg !== '' ? `: "${msg}"` : ''}`);
  }

  private topLevel(): void {
    if (this.is('_Static_assert')) { this.staticAssert(); return; }
    const start = this.peek();
    const spec = this.declSpec();
    if (spec === null) throw CError.at(start, `expected identifier or '(' before '${start.text}'`);
    if (this.accept(';')) return; // struct/enum declaration only
    for (let first = true; ; first = false) {
      const d = this.declarator(spec.ty);
      if (d.name === '') throw CError.at(d.nameTok, 'expected identifier or \'(\'');
      if (spec.isTypedef) { this.declare(d.name, { typedef: d.ty }); }
      else if (d.ty.kind === 'func') {
        const obj = this.funcObj(d, spec);
        if (first && this.is('{')) { this.funcDef(obj, d); return; }
      } else this.globalVar(d, spec);
      if (this.accept(',')) continue;
      this.endDeclarator();
      return;
    }
  }

  private funcObj(d: Declarator, spec: DeclSpec): Obj {
    const prev = this.scopes[0]!.vars.get(d.name);
    if (prev !== undefined && 'obj' in prev && prev.obj.kind === 'func') {
      const p = prev.obj.ty as FuncType; const n = d.ty as FuncType;
      if (!p.unspecified && !n.unspecified && typeName(p) !== typeName(n)) throw CError.at(d.nameTok, `conflicting types for '${d.name}'; have '${typeName(n)}'`);
      if (p.unspecified && !n.unspecified) prev.obj.ty = n;
      return prev.obj;
    }
    const obj = this.newObj(d.name, d.ty, 'func', this.loc(d.nameTok));
    obj.isStatic = spec.isStatic;
    this.scopes[0]!.vars.set(d.name, { obj });
    return obj;
  }

  private globalVar(d: Declarator, spec: DeclSpec): void {
    const prev = this.scopes[0]!.vars.get(d.name);
    let obj: Obj;
    if (prev !== undefined && 'obj' in prev && prev.obj.kind === 'global') {
      obj = prev.obj;
      if (obj.ty.kind === 'array' && obj.ty.len < 0 && d.ty.kind === 'array') obj.ty = d.ty;
    } else {
      obj = this.newObj(d.name, d.ty, 'global', this.loc(d.nameTok));
      obj.isStatic = spec.isStatic;
      this.declare(d.name, { obj });
      this.globals.push(obj);
    }
    obj.isExtern = spec.isExtern && !this.is('=') && (obj.isExtern || prev === undefined);
    if (this.accept('=')) { obj.isExtern = false; obj.init = this.initializer(obj); }
  }

  private funcDef(obj: Obj, d: Declarator): void {
    if (obj.def !== null) throw CError.at(d.nameTok, `redefinition of '${d.name}'`);
    const ft = d.ty as FuncType;
    const def: FuncDef = { obj, params: [], body: { k: 'empty', loc: this.loc() }, locals: [], variadic: false, hasGoto: false };
    obj.def = def;
    this.fn = { def, labels: new Set(), gotos: [], switches: [], nextLabel: 1 };
    this.push();
    (d.params ?? []).forEach((p, idx) => {
      if (p.name === '') return;
      const po = this.newObj(p.name, p.ty, 'local', this.loc(p.tok));
      po.param = idx;
      def.params.push(po); def.locals.push(po);
      this.declare(p.name, { obj: po });
    });
    def.body = this.block();
    this.pop();
    for (const g of this.fn.gotos) if (!this.fn.labels.has(g.text)) throw CError.at(g, `label '${g.text}' used but not defined`);
    def.hasGoto = this.fn.gotos.length > 0;
    this.funcs.push(def);
    this.fn = null;
    void ft;
  }

  // --- declaration specifiers ----------------------------------------------------------

  private isTypeStart(t: Token = this.peek()): boolean {
    if (t.kind !== 'ident') return false;
    return TYPE_WORDS.has(t.text) || this.isTypedefName(t);
  }

  /** Storage class, qualifiers and the type specifier; null if the next token does not start a declaration. */
  private declSpec(): DeclSpec | null {
    if (!this.isTypeStart()) return null;
    const spec: DeclSpec = { ty: T.int, isTypedef: false, isStatic: false, isExtern: false, isInline: false };
    let base: Type | null = null;
    const counts = new Map<string, number>();
    const start = this.peek();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'ident') break;
      const w = t.text;
      if (w === 'typedef') { spec.isTypedef = true; this.i++; continue; }
      if (w === 'static') { spec.isStatic = true; this.i++; continue; }
      if (w === 'extern') { spec.isExtern = true; this.i++; continue; }
      if (w === 'inline' || w === '__inline' || w === '__inline__' || w === '_Noreturn' || w === 'register' || w === 'auto' || w === '_Thread_local' || w === '__thread') { this.i++; continue; }
      if (QUALIFIERS.has(w)) { this.i++; continue; }
      if (w === '__attribute__') { this.attribute(); continue; }
      if (w === '_Alignas') { this.i++; this.expect('('); this.skipParens(); continue; }
      if (w === '_Atomic') {
        this.i++;
        if (this.is('(')) { this.i++; base = this.typeName(); this.expect(')'); }
        continue;
      }
      if (w === 'struct' || w === 'union') { if (base !== null || counts.size > 0) break; this.i++; base = this.structDecl(w === 'union'); continue; }
      if (w === 'enum') { if (base !== null || counts.size > 0) break; this.i++; base = this.enumDecl(); continue; }
      if (w === '__typeof__' || w === 'typeof') { this.i++; this.expect('('); base = this.isTypeStart() ? this.typeName() : this.expr().ty; this.expect(')'); continue; }
      if (BASIC.has(w)) {
        if (base !== null) break;
        counts.set(w, (counts.get(w) ?? 0) + 1); this.i++; continue;
      }
      if (base === null && counts.size === 0 && this.isTypedefName(t)) { base = (this.lookup(w) as { typedef: Type }).typedef; this.i++; continue; }
      break;
    }
    if (base !== null) spec.ty = base;
    else if (counts.size > 0) spec.ty = basicType(counts, start);
    else if (spec.isTypedef || spec.isStatic || spec.isExtern) spec.ty = T.int;
    return spec;
  }

  /** Skip `__attribute__((...))`; returns the words inside (for `packed`). */
  private attribute(): string[] {
    this.i++;
    const start = this.i;
    this.expect('('); this.skipParens();
    return this.toks.slice(start, this.i).filter((t) => t.kind === 'ident').map((t) => t.text);
  }
  private skipParens(): void {
    let depth = 1;
    while (depth > 0) { const t = this.next(); if (t.kind === 'eof') throw CError.at(t, "expected ')'"); if (t.text === '(') depth++; else if (t.text === ')') depth--; }
  }

  private structDecl(union: boolean): Type {
    let tag = '';
    let packedBefore = false; // struct __attribute__((packed)) s { ... }
    while (this.is('__attribute__')) if (this.attribute().some((w) => w === 'packed' || w === '__packed__')) packedBefore = true;
    const tagTok = this.peek();
    if (tagTok.kind === 'ident' && !this.is('{')) { tag = tagTok.text; this.i++; }
    if (!this.is('{')) {
      const found = tag !== '' ? this.lookupTag(tag) : undefined;
      if (found !== undefined) return found;
      const st: StructType = { kind: 'struct', union, tag: tag || '<anonymous>', members: [], size: 0, align: 1, complete: false };
      this.scopes[this.scopes.length - 1]!.tags.set(tag, st);
      return st;
    }
    this.i++;
    let st: StructType;
    const here = tag !== '' ? this.scopes[this.scopes.length - 1]!.tags.get(tag) : undefined;
    if (here !== undefined && here.kind === 'struct' && !here.complete) st = here;
    else {
      st = { kind: 'struct', union, tag: tag || '<anonymous>', members: [], size: 0, align: 1, complete: false };
      if (tag !== '') this.scopes[this.scopes.length - 1]!.tags.set(tag, st);
    }
    const members: { name: string; ty: Type; width?: number }[] = [];
    while (!this.accept('}')) {
      const spec = this.declSpec();
      if (spec === null) throw CError.at(this.peek(), `expected specifier-qualifier-list before '${this.peek().text}'`);
      if (this.accept(';')) { // an anonymous struct or union member
        if (spec.ty.kind === 'struct') members.push({ name: '', ty: spec.ty });
        continue;
      }
      for (;;) {
        const d = this.declarator(spec.ty);
        if (this.accept(':')) {
          const wTok = this.peek();
          const width = Number(this.constExpr());
          const what = d.name !== '' ? `'${d.name}'` : '<anonymous>';
          if (!isInteger(d.ty)) throw CError.at(d.nameTok, `bit-field ${what} has invalid type`);
          if (width < 0) throw CError.at(wTok, `negative width in bit-field ${what}`);
          if (width > sizeOf(d.ty) * 8 || (d.ty.kind === 'bool' && width > 1)) throw CError.at(wTok, `width of ${what} exceeds its type`);
          if (width === 0 && d.name !== '') throw CError.at(d.nameTok, `zero width for bit-field ${what}`);
          members.push({ name: d.name, ty: d.ty, width });
          if (this.accept(',')) continue;
          this.expect(';', 'at end of declaration');
          break;
        }
        if (d.ty.kind === 'struct' && !d.ty.complete) throw CError.at(d.nameTok, `field '${d.name}' has incomplete type`);
        members.push({ name: d.name, ty: d.ty });
        if (this.accept(',')) continue;
        this.expect(';', 'at end of declaration');
        break;
      }
    }
    let packed = packedBefore;
    while (this.is('__attribute__')) if (this.attribute().some((w) => w === 'packed' || w === '__packed__')) packed = true;
    if (packed && members.some((m) => m.width !== undefined)) throw CError.at(tagTok, 'bit-fields in a packed structure are not supported by this compiler');
    layout(st, members, packed);
    return st;
  }

  private enumDecl(): Type {
    const ty: IntType = { ...T.uint };
    let tag = '';
    if (this.peek().kind === 'ident' && !this.is('{')) tag = this.next().text;
    if (tag !== '') ty.enumTag = tag;
    if (!this.accept('{')) {
      const found = tag !== '' ? this.lookupTag(tag) : undefined;
      return found ?? ty;
    }
    let v = 0n; let neg = false;
    const consts: { name: string; v: bigint }[] = [];
    while (!this.accept('}')) {
      const n = this.next();
      if (n.kind !== 'ident') throw CError.at(n, `expected identifier before '${n.text}'`);
      if (this.accept('=')) v = BigInt(this.constExpr());
      consts.push({ name: n.text, v });
      if (v < 0n) neg = true;
      v++;
      if (!this.accept(',')) { this.expect('}'); break; }
    }
    // gcc: unsigned int unless a value is negative.
    const et: IntType = { ...(neg ? T.int : T.uint), enumTag: tag || undefined } as IntType;
    if (tag === '') delete et.enumTag;
    for (const c of consts) this.declare(c.name, { enumConst: Number(c.v), ty: T.int });
    if (tag !== '') this.scopes[this.scopes.length - 1]!.tags.set(tag, et);
    return et;
  }

  // --- declarators ----------------------------------------------------------------------

  private declarator(base: Type): Declarator {
    let ty = base;
    while (this.accept('*')) { ty = ptrTo(ty); while (QUALIFIERS.has(this.peek().text) || this.is('__attribute__')) { if (this.is('__attribute__')) this.attribute(); else this.i++; } }
    if (this.is('(') && !this.isParamListStart(1)) {
      // A nested declarator: parse what follows it first, then the inside with that type.
      this.i++;
      const startInner = this.i;
      let depth = 1;
      while (depth > 0) { const t = this.next(); if (t.kind === 'eof') throw CError.at(t, "expected ')'"); if (t.text === '(') depth++; else if (t.text === ')') depth--; }
      const outer = this.suffix(ty);
      const end = this.i;
      this.i = startInner;
      const d = this.declarator(outer.ty);
      this.expect(')');
      this.i = end;
      return d;
    }
    const nameTok = this.peek();
    let name = '';
    if (nameTok.kind === 'ident' && !TYPE_WORDS.has(nameTok.text)) { name = nameTok.text; this.i++; }
    const s = this.suffix(ty);
    while (this.is('__attribute__') || this.is('__asm__') || this.is('asm')) { if (this.is('__attribute__')) this.attribute(); else { this.i++; this.expect('('); this.skipParens(); } }
    return { name, nameTok, ty: s.ty, params: s.params };
  }

  /** In an abstract declarator, '(' starts a parameter list unless a declarator follows. */
  private isParamListStart(n: number): boolean {
    const t = this.peek(n);
    if (t.text === ')') return true;
    return this.isTypeStart(t) || t.text === '...';
  }

  private suffix(ty: Type): { ty: Type; params: Declarator['params'] } {
    if (this.accept('[')) {
      while (QUALIFIERS.has(this.peek().text) || this.is('static')) this.i++;
      let len = -1;
      if (!this.is(']')) {
        const e = this.assign();
        const v = constValue(e);
        if (v === null) {
          // A variable-length array: only as a block-scope object's one (outermost) dimension.
          if (!this.vlaAllowed || this.vlaLen !== null) throw CError.at(e.loc, 'variable-length arrays are not supported by this compiler here (only as a local array\'s one dimension: T a[n])');
          if (!isInteger(e.ty)) throw CError.at(e.loc, 'size of array has non-integer type');
          this.vlaLen = e;
          this.expect(']');
          const inner = this.suffix(ty);
          return { ty: arrayOf(inner.ty, VLA_LEN), params: null };
        }
        len = Number(v);
        if (len < 0) throw CError.at(e.loc, 'size of array is negative');
      }
      this.expect(']');
      const before = this.vlaLen;
      const inner = this.suffix(ty);
      if (before === null && this.vlaLen !== null) throw CError.at(this.vlaLen.loc, 'an array of variable-length arrays is not supported by this compiler (only the first dimension may be variable)');
      return { ty: arrayOf(inner.ty, len), params: null };
    }
    if (this.accept('(')) {
      const params: { name: string; tok: Token; ty: Type }[] = [];
      let variadic = false; let unspecified = false;
      if (this.is('void') && this.is(')', 1)) { this.i += 2; }
      else if (this.accept(')')) unspecified = true;
      else {
        // The prototype's own scope: a parameter is visible to the ones after it (int n, int a[n]).
        // (Struct tags named here stay in the enclosing scope, as this compiler has always kept them.)
        const outer = { allowed: this.vlaAllowed, len: this.vlaLen };
        this.scopes.push({ vars: new Map(), tags: this.scopes[this.scopes.length - 1]!.tags });
        try {
          for (;;) {
            if (this.accept('...')) { variadic = true; this.expect(')'); break; }
            const spec = this.declSpec();
            if (spec === null) {
              // K&R identifier lists are not C11; say so plainly.
              throw CError.at(this.peek(), `expected declaration specifiers or '...' before '${this.peek().text}'`);
            }
            // A parameter's array is a pointer: a variable length there is evaluated by nobody, only parsed.
            this.vlaAllowed = true; this.vlaLen = null;
            const d = this.declarator(spec.ty);
            this.vlaAllowed = false; this.vlaLen = null;
            let pt = d.ty;
            if (pt.kind === 'array') pt = ptrTo(pt.of);
            else if (pt.kind === 'func') pt = ptrTo(pt);
            params.push({ name: d.name, tok: d.nameTok, ty: pt });
            if (d.name !== '') this.declare(d.name, { obj: this.newObj(d.name, pt, 'local', this.loc(d.nameTok)) });
            if (this.accept(',')) continue;
            this.expect(')');
            break;
          }
        } finally {
          this.pop();
          this.vlaAllowed = outer.allowed; this.vlaLen = outer.len;
        }
      }
      const inner = this.suffix(ty);
      const ft: FuncType = { kind: 'func', ret: inner.ty, params: params.map((p) => p.ty), variadic, unspecified };
      return { ty: ft, params };
    }
    return { ty, params: null };
  }

  /** A type name, as in casts and sizeof: specifiers and an abstract declarator. */
  private typeName(): Type {
    const spec = this.declSpec();
    if (spec === null) throw CError.at(this.peek(), `expected type name before '${this.peek().text}'`);
    return this.declarator(spec.ty).ty;
  }

  // --- initializers -------------------------------------------------------------------

  /** Parse an initializer for `obj` and flatten it into stores at offsets (completing `T a[] = ...`). */
  private initializer(obj: Obj): Init[] {
    const out: Init[] = [];
    if (obj.ty.kind === 'array' && obj.ty.len < 0) {
      const n = this.initArray(obj.ty, 0, out, true);
      obj.ty = arrayOf(obj.ty.of, n);
    } else this.initAny(obj.ty, 0, out);
    return out;
  }

  private initAny(ty: Type, off: number, out: Init[]): void {
    if (ty.kind === 'array') { this.initArray(ty, off, out, false); return; }
    if (ty.kind === 'struct') {
      if (this.is('{')) { this.initStruct(ty, off, out, true); return; }
      // A struct initialised from an expression of its type.
      const e = this.assign();
      out.push({ off, ty, e: this.check.assignConv(e, ty, e.loc, 'initialization of') });
      return;
    }
    const braced = this.accept('{');
    const e = this.assign();
    out.push({ off, ty, e: this.check.assignConv(e, ty, e.loc, 'initialization of') });
    if (braced) { this.accept(','); this.expect('}'); }
  }

  /** Returns the number of elements initialised (for an incomplete array). */
  private initArray(ty: Type & { kind: 'array' }, off: number, out: Init[], _top: boolean): number {
    const el = ty.of; const es = sizeOf(el);
    // char s[] = "abc" (optionally in braces).
    const strTok = this.is('{') && this.peek(1).kind === 'str' ? this.peek(1) : this.peek();
    if (el.kind === 'int' && el.size === 1 && strTok.kind === 'str') {
      const braced = this.accept('{');
      const s = this.primary() as Expr & { k: 'str' };
      let bytes = s.bytes.concat([0]);
      if (ty.len >= 0) bytes = bytes.slice(0, ty.len);
      out.push({ off, ty: arrayOf(el, bytes.length), bytes });
      if (braced) { this.accept(','); this.expect('}'); }
      return s.bytes.length + 1;
    }
    if (!this.accept('{')) {
      // Brace elision: elements taken from the enclosing list.
      let n = 0;
      for (; ty.len < 0 || n < ty.len; n++) {
        if (n > 0) { if (!this.is(',') || this.is('}', 1) || this.is('.', 1) || this.is('[', 1)) break; this.i++; }
        this.initAny(el, off + n * es, out);
      }
      return n;
    }
    let idx = 0; let max = 0;
    while (!this.accept('}')) {
      if (this.accept('[')) {
        idx = Number(this.constExpr());
        this.expect(']');
        this.accept('=');
      }
      if (ty.len >= 0 && idx >= ty.len) { this.diags.warn(this.loc(), 'excess elements in array initializer'); this.initAny(el, off, []); }
      else this.initAny(el, off + idx * es, out);
      idx++; max = Math.max(max, idx);
      if (!this.accept(',')) { this.expect('}'); break; }
    }
    return max;
  }

  private initStruct(st: StructType, off: number, out: Init[], braced: boolean): void {
    if (braced) this.expect('{');
    let mi = 0;
    while (!(braced ? this.accept('}') : this.is('}'))) {
      if (this.accept('.')) {
        const n = this.next();
        mi = st.members.findIndex((m) => m.name === n.text);
        if (mi < 0) throw CError.at(n, `'${typeName(st)}' has no member named '${n.text}'`);
        this.accept('=');
      }
      const m = st.members[mi];
      if (m === undefined) { this.diags.warn(this.loc(), 'excess elements in struct initializer'); this.assign(); }
      else if (m.ty.kind === 'struct' && !this.is('{')) this.initStruct(m.ty, off + m.offset, out, false);
      else if (m.bits !== undefined) {
        const braced1 = this.accept('{');
        const e = this.assign();
        out.push({ off: off + m.offset, ty: m.ty, e: this.check.assignConv(e, bitFieldType(m), e.loc, 'initialization of'), bits: m.bits });
        if (braced1) { this.accept(','); this.expect('}'); }
      } else this.initAny(m.ty, off + m.offset, out);
      mi++;
      if (st.union && braced) { this.accept(','); this.expect('}'); return; }
      if (!braced && mi >= st.members.length) return;
      if (!this.accept(',')) { if (braced) this.expect('}'); return; }
      if (!braced && (this.is('}') || this.is('.'))) return;
    }
  }

  // --- statements -----------------------------------------------------------------------

  private block(): Stmt {
    const open = this.expect('{');
    this.push();
    const body: Stmt[] = [];
    while (!this.accept('}')) {
      if (this.peek().kind === 'eof') throw CError.at(open, "expected '}' at end of input");
      if (this.is('_Static_assert')) this.staticAssert();
      else if (this.isTypeStart() && !this.is(':', 1)) body.push(...this.localDecl());
      else body.push(this.stmt());
    }
    this.pop();
    return { k: 'block', body, loc: this.loc(open) };
  }

  private localDecl(): Stmt[] {
    const spec = this.declSpec()!;
    const out: Stmt[] = [];
    if (this.accept(';')) return out;
    for (;;) {
      this.vlaAllowed = !spec.isTypedef; this.vlaLen = null;
      let d: Declarator;
      try { d = this.declarator(spec.ty); } finally { this.vlaAllowed = false; }
      if (d.name === '') throw CError.at(d.nameTok, "expected identifier or '('");
      if (this.vlaLen !== null) { out.push(...this.vlaDecl(d, spec)); this.vlaLen = null; if (this.accept(',')) continue; this.endDeclarator(); return out; }
      if (spec.isTypedef) this.declare(d.name, { typedef: d.ty });
      else if (d.ty.kind === 'func' || spec.isExtern) {
        const g = this.lookupGlobal(d.name) ?? (d.ty.kind === 'func' ? this.funcObj(d, spec) : this.externLocal(d));
        this.declare(d.name, { obj: g });
      } else if (spec.isStatic) {
        const g = this.newObj(d.name, d.ty, 'global', this.loc(d.nameTok));
        g.isStatic = true;
        this.declare(d.name, { obj: g });
        this.globals.push(g);
        if (this.accept('=')) g.init = this.initializer(g);
      } else {
        const o = this.newObj(d.name, d.ty, 'local', this.loc(d.nameTok));
        this.declare(d.name, { obj: o });
        this.fn!.def.locals.push(o);
        let init: Init[] | null = null;
        if (this.accept('=')) init = this.initializer(o);
        if (o.ty.kind === 'array' && o.ty.len < 0) throw CError.at(d.nameTok, `array size missing in '${d.name}'`);
        if (o.ty.kind === 'struct' && !o.ty.complete) throw CError.at(d.nameTok, `storage size of '${d.name}' isn't known`);
        if (o.ty.kind === 'void') throw CError.at(d.nameTok, `variable or field '${d.name}' declared void`);
        o.inMemory = o.inMemory || o.ty.kind === 'array' || o.ty.kind === 'struct';
        out.push({ k: 'decl', obj: o, init, zero: init !== null && (o.ty.kind === 'array' || o.ty.kind === 'struct'), loc: this.loc(d.nameTok) });
      }
      if (this.accept(',')) continue;
      this.endDeclarator();
      return out;
    }
  }

  /**
   * `T a[n];` in a block: n into a register of its own, then the array's storage cut from the
   * stack (the block gives it back when it is left, codegen.ts); `a` is a register holding its
   * address, and `sizeof a` is n * sizeof(T).
   */
  private vlaDecl(d: Declarator, spec: DeclSpec): Stmt[] {
    const loc = this.loc(d.nameTok);
    const elem = (d.ty as Type & { kind: 'array' }).of;
    if (spec.isStatic || spec.isExtern) throw CError.at(d.nameTok, `storage size of '${d.name}' isn't constant`);
    if (elem.kind === 'struct' && !elem.complete) throw CError.at(d.nameTok, `storage size of '${d.name}' isn't known`);
    const len = this.newObj(`${d.name}$len`, T.ulong, 'local', loc);
    this.fn!.def.locals.push(len);
    const n = this.check.assignConv(this.check.rvalue(this.vlaLen!), T.ulong, loc, 'initialization of');
    const o = this.newObj(d.name, ptrTo(elem), 'local', loc);
    o.vla = { len, elem };
    this.declare(d.name, { obj: o });
    this.fn!.def.locals.push(o);
    if (this.is('=')) throw CError.at(this.peek(), 'variable-sized object may not be initialized');
    const lenVar: Expr = { k: 'var', obj: len, ty: T.ulong, loc };
    const size: Expr = { k: 'binary', op: '*', l: lenVar, r: this.check.num(sizeOf(elem), T.ulong, loc), ty: T.ulong, loc };
    return [
      { k: 'decl', obj: len, init: [{ off: 0, ty: T.ulong, e: n }], zero: false, loc },
      { k: 'decl', obj: o, init: [{ off: 0, ty: o.ty, e: { k: 'alloca', size, ty: o.ty, loc } }], zero: false, loc },
    ];
  }

  /** After a declarator: ';' ends the declaration (gcc: "expected ',' or ';' before ..."). */
  private endDeclarator(): void {
    if (this.accept(';')) return;
    const t = this.peek();
    throw CError.at(t, `expected ',' or ';' ${t.kind === 'eof' ? 'at end of input' : `before '${t.text}'`}`);
  }

  private lookupGlobal(name: string): Obj | undefined {
    const e = this.scopes[0]!.vars.get(name);
    return e !== undefined && 'obj' in e ? e.obj : undefined;
  }

  private externLocal(d: Declarator): Obj {
    const g = this.newObj(d.name, d.ty, 'global', this.loc(d.nameTok));
    g.isExtern = true;
    this.scopes[0]!.vars.set(d.name, { obj: g });
    this.globals.push(g);
    return g;
  }

  private stmt(): Stmt {
    const t = this.peek();
    const loc = this.loc(t);
    if (t.kind === 'ident') {
      switch (t.text) {
        case 'if': {
          this.i++; this.expect('('); const c = this.cond(); this.expect(')');
          const then = this.stmt();
          const els = this.accept('else') ? this.stmt() : null;
          return { k: 'if', c, then, els, loc };
        }
        case 'while': { this.i++; this.expect('('); const c = this.cond(); this.expect(')'); return { k: 'while', c, body: this.stmt(), loc }; }
        case 'do': {
          this.i++; const body = this.stmt();
          this.expect('while'); this.expect('('); const c = this.cond(); this.expect(')'); this.expect(';');
          return { k: 'do', c, body, loc };
        }
        case 'for': {
          this.i++; this.expect('(');
          this.push();
          let init: Stmt | null = null;
          if (this.isTypeStart()) { const ds = this.localDecl(); init = { k: 'block', body: ds, loc }; }
          else if (!this.accept(';')) { const e = this.expr(); this.expect(';'); init = { k: 'expr', e, loc }; }
          const c = this.is(';') ? null : this.cond();
          this.expect(';');
          const step = this.is(')') ? null : this.expr();
          this.expect(')');
          const body = this.stmt();
          this.pop();
          return { k: 'for', init, c, step, body, loc };
        }
        case 'return': {
          this.i++;
          const ret = (this.fn!.def.obj.ty as FuncType).ret;
          if (this.accept(';')) {
            if (ret.kind !== 'void') this.diags.warn(loc, `'return' with no value, in function returning non-void [-Wreturn-type]`);
            return { k: 'return', e: null, loc };
          }
          const e = this.expr(); this.expect(';');
          if (ret.kind === 'void') {
            if (e.ty.kind !== 'void') this.diags.warn(loc, `'return' with a value, in function returning void [-Wreturn-type]`);
            return { k: 'return', e: null, loc };
          }
          return { k: 'return', e: this.check.assignConv(e, ret, e.loc, 'returning'), loc };
        }
        case 'break': this.i++; this.expect(';'); return { k: 'break', loc };
        case 'continue': this.i++; this.expect(';'); return { k: 'continue', loc };
        case 'goto': {
          this.i++; const l = this.next(); this.expect(';');
          this.fn!.gotos.push(l);
          return { k: 'goto', label: l.text, loc };
        }
        case 'switch': {
          this.i++; this.expect('('); let e = this.check.rvalue(this.expr()); this.expect(')');
          if (!isInteger(e.ty)) throw CError.at(e.loc, 'switch quantity not an integer');
          const pty = e.ty.kind === 'bool' || (e.ty.kind === 'int' && e.ty.size < 4) ? T.int : e.ty;
          e = this.check.cast(e, pty);
          const sw = { cases: [] as { v: number | bigint; label: number }[], dflt: null as number | null, ty: pty };
          this.fn!.switches.push(sw);
          const body = this.stmt();
          this.fn!.switches.pop();
          return { k: 'switch', e, body, cases: sw.cases, dflt: sw.dflt, loc };
        }
        case 'case': {
          this.i++;
          const sw = this.fn!.switches[this.fn!.switches.length - 1];
          if (sw === undefined) throw CError.at(t, "case label not within a switch statement");
          const v = wrapInt(this.constExpr(), sw.ty);
          this.expect(':');
          const label = this.fn!.nextLabel++;
          if (sw.cases.some((c) => c.v === v)) throw CError.at(t, 'duplicate case value');
          sw.cases.push({ v, label });
          return { k: 'case', label, body: this.caseBody(), loc };
        }
        case 'default': {
          if (!this.is(':', 1)) break;
          this.i += 2;
          const sw = this.fn!.switches[this.fn!.switches.length - 1];
          if (sw === undefined) throw CError.at(t, "'default' label not within a switch statement");
          if (sw.dflt !== null) throw CError.at(t, "multiple default labels in one switch");
          const label = this.fn!.nextLabel++;
          sw.dflt = label;
          return { k: 'case', label, body: this.caseBody(), loc };
        }
      }
      if (this.is(':', 1) && !this.isTypedefName(t)) {
        this.i += 2;
        if (this.fn!.labels.has(t.text)) throw CError.at(t, `duplicate label '${t.text}'`);
        this.fn!.labels.add(t.text);
        return { k: 'label', name: t.text, body: this.is('}') ? { k: 'empty', loc } : this.stmt(), loc };
      }
    }
    if (this.is('{')) return this.block();
    if (this.accept(';')) return { k: 'empty', loc };
    const e = this.expr();
    this.expect(';', 'before ' + JSON.stringify(this.peek().text).slice(1, -1));
    return { k: 'expr', e, loc };
  }

  /** The statement after a case label: C11 requires one; a declaration or '}' right after is allowed by C23 and gcc. */
  private caseBody(): Stmt {
    if (this.is('}')) return { k: 'empty', loc: this.loc() };
    if (this.isTypeStart() && !this.is(':', 1)) return { k: 'block', body: this.localDecl(), loc: this.loc() };
    return this.stmt();
  }

  /** A controlling expression: any scalar. */
  private cond(): Expr {
    const e = this.check.rvalue(this.expr());
    if (!isScalar(e.ty)) throw CError.at(e.loc, `used ${e.ty.kind === 'struct' ? 'struct' : e.ty.kind} type value where scalar is required`);
    return e;
  }

  // --- expressions, by precedence --------------------------------------------------------

  private constExpr(): number | bigint {
    const e = this.conditional();
    const v = constValue(e);
    if (v === null) throw CError.at(e.loc, 'expression is not an integer constant expression');
    return v;
  }

  expr(): Expr {
    let e = this.assign();
    while (this.is(',')) {
      const t = this.next();
      const r = this.assign();
      e = { k: 'comma', l: e, r: this.check.rvalue(r), ty: this.check.rvalue(r).ty, loc: this.loc(t) };
    }
    return e;
  }

  private assign(): Expr {
    const l = this.conditional();
    const t = this.peek();
    if (t.kind !== 'punct') return l;
    if (t.text === '=') { this.i++; return this.check.assign(l, this.assign(), this.loc(t)); }
    const op = ASSIGN_OPS[t.text];
    if (op !== undefined) { this.i++; return this.check.opAssign(op, l, this.assign(), this.loc(t)); }
    return l;
  }

  private conditional(): Expr {
    const c = this.binary(0);
    if (!this.is('?')) return c;
    const q = this.next();
    if (this.is(':')) { this.i++; const b = this.conditional(); return this.check.cond(c, c, b, this.loc(q)); } // GNU a ?: b
    const a = this.expr();
    this.expect(':');
    const b = this.conditional();
    return this.check.cond(c, a, b, this.loc(q));
  }

  private binary(min: number): Expr {
    let l = this.cast();
    for (;;) {
      const t = this.peek();
      const p = t.kind === 'punct' ? PREC[t.text] : undefined;
      if (p === undefined || p <= min) return l;
      this.i++;
      const r = this.binary(p);
      if (t.text === '&&' || t.text === '||') l = this.check.logical(t.text, l, r, this.loc(t));
      else l = this.check.binary(t.text as BinOp, l, r, this.loc(t));
    }
  }

  private cast(): Expr {
    if (this.is('(') && this.isTypeStart(this.peek(1))) {
      const open = this.next();
      const ty = this.typeName();
      this.expect(')');
      if (this.is('{')) return this.postfixOps(this.compoundLiteral(ty, open));
      const e = this.cast();
      if (ty.kind === 'void') return { k: 'cast', e: this.check.rvalue(e), ty, loc: this.loc(open) };
      const v = this.check.rvalue(e);
      if (!isScalar(ty)) throw CError.at(this.loc(open), `conversion to non-scalar type requested`);
      if (!isScalar(v.ty)) throw CError.at(this.loc(open), `aggregate value used where ${ty.kind === 'ptr' ? 'a pointer' : 'an integer'} was expected`);
      if (ty.kind === 'float' && v.ty.kind === 'ptr') throw CError.at(this.loc(open), 'pointer value used where a floating-point was expected');
      const c = this.check.cast(v, ty);
      return c === v ? { ...v, ty } as Expr : c;
    }
    return this.unary();
  }

  private compoundLiteral(ty0: Type, open: Token): Expr {
    const obj = this.newObj('(compound literal)', ty0, this.fn === null ? 'global' : 'local', this.loc(open));
    const init = this.initializer(obj);
    if (this.fn === null) { obj.init = init; this.globals.push(obj); return { k: 'var', obj, ty: obj.ty, loc: this.loc(open) }; }
    obj.inMemory = true;
    this.fn.def.locals.push(obj);
    return { k: 'compound', obj, init, ty: obj.ty, loc: this.loc(open) };
  }

  private unary(): Expr {
    const t = this.peek();
    const loc = this.loc(t);
    if (t.kind === 'punct') {
      switch (t.text) {
        case '+': case '-': case '~': case '!': this.i++; return this.check.unary(t.text, this.cast(), loc);
        case '*': this.i++; return this.check.deref(this.cast(), loc);
        case '&': this.i++; return this.check.addr(this.cast(), loc);
        case '++': case '--': this.i++; return this.check.incdec(this.unary(), t.text === '++', false, loc);
        case '&&': throw CError.at(t, 'labels as values are not supported by this compiler');
      }
    }
    if (t.kind === 'ident' && (t.text === 'sizeof' || t.text === '_Alignof' || t.text === '__alignof__')) {
      this.i++;
      let ty: Type;
      if (this.is('(') && this.isTypeStart(this.peek(1))) {
        this.i++; ty = this.typeName(); this.expect(')');
        if (this.is('{')) { const cl = this.compoundLiteral(ty, t); ty = cl.ty; }
      } else {
        const e = this.unary();
        if (e.k === 'member' && e.m.bits !== undefined) throw CError.at(t, `'${t.text}' applied to a bit-field`);
        const vla = e.k === 'var' ? e.obj.vla : undefined;
        if (vla !== undefined) {
          // sizeof a variable-length array is computed when it runs: n * sizeof(T)
          if (t.text !== 'sizeof') return this.check.num(alignOf(vla.elem), T.ulong, loc);
          return { k: 'binary', op: '*', l: { k: 'var', obj: vla.len, ty: T.ulong, loc }, r: this.check.num(sizeOf(vla.elem), T.ulong, loc), ty: T.ulong, loc };
        }
        ty = e.ty;
      }
      if (ty.kind === 'struct' && !ty.complete) throw CError.at(t, `invalid application of '${t.text}' to incomplete type '${typeName(ty)}'`);
      return this.check.num(t.text === 'sizeof' ? sizeOf(ty) : alignOf(ty), T.ulong, loc);
    }
    return this.postfix();
  }

  private postfix(): Expr { return this.postfixOps(this.primary()); }

  private postfixOps(e0: Expr): Expr {
    let e = e0;
    for (;;) {
      const t = this.peek();
      const loc = this.loc(t);
      if (t.kind !== 'punct') return e;
      if (t.text === '[') {
        this.i++;
        const idx = this.expr();
        this.expect(']');
        e = this.check.deref(this.check.binary('+', e, idx, loc), loc);
        continue;
      }
      if (t.text === '(') { this.i++; e = this.callArgs(e, loc, exprName(e)); continue; }
      if (t.text === '.' || t.text === '->') {
        this.i++;
        const n = this.next();
        if (n.kind !== 'ident') throw CError.at(n, `expected identifier before '${n.text}'`);
        e = this.check.member(e, n.text, t.text === '->', this.loc(n));
        continue;
      }
      if (t.text === '++' || t.text === '--') { this.i++; e = this.check.incdec(e, t.text === '++', true, loc); continue; }
      return e;
    }
  }

  private callArgs(fn: Expr, loc: Loc, name: string): Expr {
    const args: Expr[] = [];
    if (!this.accept(')')) {
      for (;;) {
        args.push(this.assign());
        if (this.accept(',')) continue;
        this.expect(')');
        break;
      }
    }
    return this.check.call(fn, args, loc, name);
  }

  private primary(): Expr {
    const t = this.next();
    const loc = this.loc(t);
    switch (t.kind) {
      case 'num': return this.number(t);
      case 'char': {
        const b = decodeString(t);
        const v = b.length === 0 ? 0 : t.text.startsWith("'") ? (b[0]! << 24) >> 24 : b[0]!;
        return this.check.num(v, T.int, loc);
      }
      case 'str': {
        const bytes = decodeString(t);
        // Adjacent string literals are concatenated.
        while (this.peek().kind === 'str') bytes.push(...decodeString(this.next()));
        return this.stringLit(bytes, loc);
      }
      case 'punct':
        if (t.text === '(') {
          if (this.is('{')) throw CError.at(t, 'statement expressions are not supported by this compiler');
          const e = this.expr();
          this.expect(')');
          return e;
        }
        break;
      case 'ident': return this.identifier(t, loc);
      default: break;
    }
    throw CError.at(t, t.kind === 'eof' ? 'expected expression at end of input' : `expected expression before '${t.text}'`);
  }

  private stringLit(bytes: number[], loc: Loc): Expr {
    const id = nextStrId++;
    this.strings.push({ id, bytes: [...bytes, 0] });
    return { k: 'str', id, bytes, ty: arrayOf(T.char, bytes.length + 1), loc };
  }

  private identifier(t: Token, loc: Loc): Expr {
    // __func__ (C11 6.4.2.2): the function's name as a static char array.
    if ((t.text === '__func__' || t.text === '__FUNCTION__') && this.fn !== null) return this.stringLit([...new TextEncoder().encode(this.fn.def.obj.name)], loc);
    const builtin = this.builtin(t, loc);
    if (builtin !== null) return builtin;
    const e = this.lookup(t.text);
    if (e === undefined) {
      if (this.is('(')) {
        // C89's implicit declaration, as gcc still accepts it with a warning: int name().
        this.diags.warn(loc, `implicit declaration of function '${t.text}' [-Wimplicit-function-declaration]`);
        const obj = this.newObj(t.text, { kind: 'func', ret: T.int, params: [], variadic: false, unspecified: true }, 'func', loc);
        this.scopes[0]!.vars.set(t.text, { obj });
        return { k: 'var', obj, ty: obj.ty, loc };
      }
      throw CError.at(t, `'${t.text}' undeclared${this.fn !== null ? ' (first use in this function)' : ' here (not in a function)'}`);
    }
    if ('typedef' in e) throw CError.at(t, `expected expression before '${t.text}'`);
    if ('enumConst' in e) return this.check.num(e.enumConst, e.ty, loc);
    return { k: 'var', obj: e.obj, ty: e.obj.ty, loc };
  }

  private number(t: Token): Expr {
    const loc = this.loc(t);
    const s = t.text;
    const im = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(s);
    if (im !== null) {
      const digits = im[1]!;
      const v = BigInt(/^0[0-7]+$/.test(digits) ? '0o' + digits.slice(1) : digits);
      const suf = im[2]!.toLowerCase();
      const u = suf.includes('u'); const l = suf.includes('l');
      const decimal = !/^0/.test(digits) || digits === '0';
      // C11 6.4.4.1: the first type in the list for the suffix that can represent the value.
      const cands: Type[] = l ? (u ? [T.ulong] : decimal ? [T.long] : [T.long, T.ulong])
        : u ? [T.uint, T.ulong] : decimal ? [T.int, T.long] : [T.int, T.uint, T.long, T.ulong];
      for (const c of cands) {
        const ct = c as IntType; const bits = BigInt(ct.size * 8);
        const max = ct.unsigned ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
        if (v <= max) return this.check.num(wrapInt(v, c), c, loc);
      }
      this.diags.warn(loc, 'integer constant is too large for its type');
      return this.check.num(wrapInt(v, T.ulong), T.ulong, loc);
    }
    const fm = /^((?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[eE][+-]?[0-9]+)?|0[xX][0-9a-fA-F.]+[pP][+-]?[0-9]+)([fFlL]?)$/.exec(s);
    if (fm === null) throw CError.at(t, `invalid suffix on constant "${s}"`);
    const v = fm[1]!.startsWith('0x') || fm[1]!.startsWith('0X') ? hexFloat(fm[1]!) : Number(fm[1]);
    const f = fm[2]!.toLowerCase();
    const ty = f === 'f' ? T.float : f === 'l' ? T.ldouble : T.double;
    return { k: 'fnum', v: f === 'f' ? Math.fround(v) : v, ty, loc };
  }

  /**
   * C11's generic selection: the association whose type is the controlling expression's (after
   * lvalue conversion: an array or function becomes a pointer; char stays char), else `default`.
   * The controlling expression is not evaluated, nor are the associations not chosen.
   */
  private generic(t: Token): Expr {
    this.expect('(');
    const cty = this.check.rvalue(this.assign()).ty;
    this.expect(',');
    let chosen: Expr | null = null; let dflt: Expr | null = null;
    const seen: { ty: Type; qualified: boolean }[] = [];
    for (;;) {
      const at = this.peek();
      if (this.accept('default')) {
        this.expect(':');
        if (dflt !== null) throw CError.at(at, "duplicate 'default' case in '_Generic'");
        dflt = this.assign();
      } else {
        const start = this.i;
        const ty = this.typeName();
        const qualified = this.toks.slice(start, this.i).some((x) => x.kind === 'ident' && QUALIFIERS.has(x.text));
        this.expect(':');
        const e = this.assign();
        const twin = seen.find((s) => sameType(s.ty, ty));
        if (twin !== undefined) {
          // Qualifiers are not part of this compiler's types: const char * and char * would be one association.
          if (twin.qualified || qualified) throw CError.at(at, "'_Generic' associations that differ only in qualifiers are not supported by this compiler");
          throw CError.at(at, `'_Generic' specifies two compatible types`);
        }
        seen.push({ ty, qualified });
        if (sameType(ty, cty)) chosen = e;
      }
      if (this.accept(',')) continue;
      this.expect(')');
      break;
    }
    const r = chosen ?? dflt;
    if (r === null) throw CError.at(t, `'_Generic' selector of type '${typeName(cty)}' is not compatible with any association`);
    return r;
  }

  /** The compiler's built-in functions: variadic arguments, offsetof, atomics. */
  private builtin(t: Token, loc: Loc): Expr | null {
    switch (t.text) {
      case '_Generic': return this.generic(t);
      case '__builtin_va_start': {
        this.expect('('); const ap = this.assign(); this.expect(','); this.assign(); this.expect(')');
        if (this.fn === null || !(this.fn.def.obj.ty as FuncType).variadic) throw CError.at(t, "'va_start' used in function with fixed arguments");
        this.fn.def.variadic = true;
        markMemory(ap);
        return { k: 'va_start', ap, ty: T.void, loc };
      }
      case '__builtin_va_end': { this.expect('('); this.assign(); this.expect(')'); return { k: 'cast', e: this.check.num(0, T.int, loc), ty: T.void, loc }; }
      case '__builtin_va_arg': {
        this.expect('('); const ap = this.assign(); this.expect(','); const ty = this.typeName(); this.expect(')');
        markMemory(ap);
        return { k: 'va_arg', ap, ty, loc };
      }
      case '__builtin_va_copy': {
        this.expect('('); const d = this.assign(); this.expect(','); const s = this.assign(); this.expect(')');
        return { k: 'va_copy', dst: this.check.rvalue(d), src: this.check.rvalue(s), ty: T.void, loc };
      }
      case '__builtin_offsetof': {
        this.expect('('); const ty = this.typeName(); this.expect(',');
        let off = 0; let cur: Type = ty;
        for (;;) {
          const n = this.next();
          if (cur.kind !== 'struct') throw CError.at(n, 'offsetof of a non-struct');
          const m = cur.members.find((x) => x.name === n.text);
          if (m === undefined) throw CError.at(n, `'${typeName(cur)}' has no member named '${n.text}'`);
          off += m.offset; cur = m.ty;
          if (this.accept('.')) continue;
          if (this.accept('[')) { const k = Number(this.constExpr()); this.expect(']'); if (cur.kind === 'array') { off += k * sizeOf(cur.of); cur = cur.of; } if (this.accept('.')) continue; }
          break;
        }
        this.expect(')');
        return this.check.num(off, T.ulong, loc);
      }
      case '__builtin_expect': { this.expect('('); const e = this.assign(); this.expect(','); this.assign(); this.expect(')'); return e; }
      case '__gm_atomic': return this.atomicBuiltin(t, loc);
    }
    return null;
  }

  /** __gm_atomic(op, ptr[, val[, expected]]): what stdatomic.h's generic functions expand to. */
  private atomicBuiltin(t: Token, loc: Loc): Expr {
    this.expect('(');
    const opTok = this.next();
    const opName = opTok.text;
    const fetchNew = opName.endsWith('_new');
    const op = opName.replace(/_new$/, '') as 'load' | 'store' | 'xchg' | 'add' | 'sub' | 'and' | 'or' | 'xor' | 'cas' | 'fence';
    if (!['load', 'store', 'xchg', 'add', 'sub', 'and', 'or', 'xor', 'cas', 'fence'].includes(op)) throw CError.at(opTok, `unknown atomic operation ${opName}`);
    if (op === 'fence') { this.expect(')'); return { k: 'atomic', op, ptr: this.check.num(0, T.ulong, loc), val: null, expected: null, fetchNew, ty: T.void, loc }; }
    this.expect(',');
    const ptr = this.check.rvalue(this.assign());
    if (ptr.ty.kind !== 'ptr' || !isScalar(ptr.ty.to)) throw CError.at(ptr.loc, 'atomic operations need a pointer to an integer or a pointer');
    if (ptr.ty.to.kind === 'float') throw CError.at(ptr.loc, 'atomic operations on floating-point objects are not supported by this compiler');
    const ety = ptr.ty.to;
    let expected: Expr | null = null; let val: Expr | null = null;
    if (op === 'cas') { this.expect(','); expected = this.check.rvalue(this.assign()); }
    if (op !== 'load') { this.expect(','); val = this.check.assignConv(this.assign(), ety, loc, 'passing to'); }
    this.expect(')');
    markMemory(ptr);
    return { k: 'atomic', op, ptr, val, expected, fetchNew, ty: op === 'cas' ? T.bool : op === 'store' ? T.void : ety, loc };
  }
}

function exprName(e: Expr): string {
  if (e.k === 'var') return e.obj.name;
  return 'function';
}

function hexFloat(s: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(s)!;
  const int = parseInt(m[1] || '0', 16); const frac = m[2] ? parseInt(m[2], 16) / 16 ** m[2].length : 0;
  return (int + frac) * 2 ** Number(m[3]);
}

const QUALIFIERS = new Set(['const', 'volatile', 'restrict', '__restrict', '__restrict__', '__const', '__volatile__', '__extension__']);
const BASIC = new Set(['void', 'char', 'short', 'int', 'long', 'signed', 'unsigned', 'float', 'double', '_Bool', 'bool', '__signed__', '__int128']);
const TYPE_WORDS = new Set([...QUALIFIERS, ...BASIC, 'struct', 'union', 'enum', 'typedef', 'static', 'extern', 'inline', '__inline', '__inline__',
  '_Noreturn', 'register', 'auto', '_Thread_local', '__thread', '__attribute__', '_Alignas', '_Atomic', '__typeof__', 'typeof']);

function basicType(c: Map<string, number>, at: Token): Type {
  const n = (w: string): number => c.get(w) ?? 0;
  const u = n('unsigned') > 0;
  if (n('void')) return T.void;
  if (n('_Bool') || n('bool')) return T.bool;
  if (n('float')) return T.float;
  if (n('double')) return n('long') ? T.ldouble : T.double;
  if (n('char')) return u ? T.uchar : n('signed') ? T.schar : T.char;
  if (n('short')) return u ? T.ushort : T.short;
  if (n('long') >= 2) return u ? T.ullong : T.llong;
  if (n('long') === 1) return u ? T.ulong : T.long;
  if (n('__int128')) throw CError.at(at, '__int128 is not supported by this compiler');
  return u ? T.uint : T.int;
}

const PREC: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
const ASSIGN_OPS: Record<string, BinOp> = { '+=': '+', '-=': '-', '*=': '*', '/=': '/', '%=': '%', '<<=': '<<', '>>=': '>>', '&=': '&', '|=': '|', '^=': '^' };
