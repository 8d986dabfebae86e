// parse: Go source text → the syntax tree of ast.ts.
//
// The concrete syntax comes from @lezer/go (the CodeMirror project's Go grammar):
// a pure-JavaScript LR parser, synchronous, about 40 KB, with no WebAssembly to
// load at run time — tree-sitter's Go grammar needs web-tree-sitter's wasm
// runtime, an asynchronous init, and a .wasm file shipped beside the code, for the
// same trees. This file walks lezer's tree into go/ast-like nodes; a lezer error
// node becomes Go's "syntax error: unexpected X", and constructs the checker does
// not support yet (type parameters) are marked so it can say so at their line.

import { parser } from '@lezer/go';
import type { SyntaxNode } from '@lezer/common';
import { LineTable, type Diagnostic, type Pos } from '../../diagnostics.ts';
import type * as A from './ast.ts';
import { decodeRune } from '../../../runtime/golib/values.ts';

/** Tokens that carry no meaning of their own once the tree has its shape. */
const PUNCT = new Set(['(', ')', '{', '}', '[', ']', ',', ';', ':', '.', '...', '=', ':=', 'LineComment', 'BlockComment']);

class Parser {
  readonly lines: LineTable;
  readonly errors: Diagnostic[] = [];
  /**
   * src is the text lezer parsed; lineSrc the text positions are reported in, which lacks the
   * two characters inserted at each offset of `inserted` (ascending offsets into src).
   */
  constructor(readonly fileName: string, readonly src: string, lineSrc: string = src, private readonly inserted: readonly number[] = []) {
    this.lines = new LineTable(fileName, lineSrc);
  }

  pos(n: SyntaxNode | number): Pos {
    let off = typeof n === 'number' ? n : n.from;
    let k = 0;
    while (k < this.inserted.length && this.inserted[k]! < off) k++;
    off -= 2 * k;
    return this.lines.pos(off);
  }
  text(n: SyntaxNode): string { return this.src.slice(n.from, n.to); }
  /** Children that mean something (not punctuation). */
  kids(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c !== null; c = c.nextSibling) if (!PUNCT.has(c.name)) out.push(c);
    return out;
  }
  all(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c !== null; c = c.nextSibling) out.push(c);
    return out;
  }
  child(n: SyntaxNode, name: string): SyntaxNode | null { return n.getChild(name); }

  fail(n: SyntaxNode | number, msg: string): void { this.errors.push({ pos: this.pos(n), msg }); }

  // --- files and declarations ------------------------------------------------------------

  sourceFile(top: SyntaxNode): A.File {
    let pkg = ''; let pkgPos = this.pos(0);
    const imports: A.ImportSpec[] = [];
    const decls: A.Decl[] = [];
    for (const c of this.kids(top)) {
      switch (c.name) {
        case 'PackageClause': { const d = c.getChild('DefName'); pkg = d ? this.text(d) : ''; pkgPos = this.pos(c); break; }
        case 'ImportDecl': for (const s of this.specs(c, 'ImportSpec')) imports.push(this.importSpec(s)); break;
        case 'FunctionDecl': case 'MethodDecl': decls.push(this.funcDecl(c)); break;
        case 'VarDecl': case 'ConstDecl': case 'TypeDecl': decls.push(this.genDecl(c)); break;
        default: this.fail(c, 'syntax error: non-declaration statement outside function body');
      }
    }
    if (pkg === '') this.fail(0, 'syntax error: package statement must be first');
    return { name: this.fileName, pkg, pkgPos, imports, decls };
  }

  specs(n: SyntaxNode, name: string): SyntaxNode[] {
    const list = n.getChild('SpecList');
    return list ? list.getChildren(name) : n.getChildren(name);
  }

  importSpec(n: SyntaxNode): A.ImportSpec {
    const s = n.getChild('String'); const d = n.getChild('DefName');
    const dot = this.all(n).some((c) => c.name === '.');
    return { pos: this.pos(n), path: s ? this.stringValue(this.text(s)) : '', name: dot ? '.' : d ? this.text(d) : null };
  }

  genDecl(n: SyntaxNode): A.GenDecl {
    const pos = this.pos(n);
    if (n.name === 'TypeDecl') return { k: 'type', pos, specs: this.specs(n, 'TypeSpec').map((s) => this.typeSpec(s)) };
    if (n.name === 'ConstDecl') return { k: 'const', pos, specs: this.specs(n, 'ConstSpec').map((s, i) => this.valueSpec(s, i)) };
    // VarDecl is both `var x T = v` and the short form x := v (the parser names both VarDecl).
    return { k: 'var', pos, specs: this.specs(n, 'VarSpec').map((s) => this.valueSpec(s, 0)) };
  }

  typeSpec(n: SyntaxNode): A.TypeSpec {
    const ks = this.kids(n);
    const name = ks[0]!;
    const alias = this.all(n).some((c) => c.name === '=');
    const generic = n.getChild('TypeParams') !== null;
    const t = ks[ks.length - 1]!;
    return { pos: this.pos(name), name: this.text(name), alias, type: this.expr(t), generic };
  }

  valueSpec(n: SyntaxNode, iota: number): A.ValueSpec {
    const names: { name: string; pos: Pos }[] = [];
    let type: A.Expr | null = null;
    const values: A.Expr[] = [];
    let afterEq = false;
    for (const c of this.all(n)) {
      if (c.name === 'DefName') names.push({ name: this.text(c), pos: this.pos(c) });
      else if (c.name === '=') afterEq = true;
      else if (PUNCT.has(c.name)) continue;
      else if (afterEq) values.push(this.expr(c));
      else type = this.expr(c);
    }
    return { pos: this.pos(n), names, type, values, iota };
  }

  funcDecl(n: SyntaxNode): A.FuncDecl {
    const ks = this.kids(n).filter((c) => c.name !== 'func');
    let recv: A.Field | null = null;
    let i = 0;
    if (n.name === 'MethodDecl') {
      const fields = this.params(ks[i++]!).fields;
      recv = fields[0] ?? null;
    }
    const nameNode = ks[i++]!;
    const generic = n.getChild('TypeParams') !== null;
    if (ks[i]?.name === 'TypeParams') i++;
    const type = this.signature(n, ks.slice(i).filter((c) => c.name !== 'Block'));
    const b = n.getChild('Block');
    return { k: 'func', pos: this.pos(n), name: this.text(nameNode), namePos: this.pos(nameNode), recv, type, body: b ? this.block(b) : null, generic };
  }

  /** signature: Parameters, then a result list (Parameters) or a single result type. */
  signature(at: SyntaxNode, parts: SyntaxNode[]): A.FuncTypeExpr {
    const p = this.params(parts[0]!);
    let results: A.Field[] = [];
    if (parts[1] !== undefined) {
      results = parts[1].name === 'Parameters' ? this.params(parts[1]).fields : [{ names: [], type: this.expr(parts[1]), pos: this.pos(parts[1]) }];
    }
    return { k: 'functype', pos: this.pos(at), params: p.fields, results, variadic: p.variadic };
  }

  params(n: SyntaxNode): { fields: A.Field[]; variadic: boolean } {
    const fields: A.Field[] = [];
    let variadic = false;
    for (const p of n.getChildren('Parameter')) {
      const names: { name: string; pos: Pos }[] = [];
      let type: A.Expr | null = null;
      let dots = false;
      for (const c of this.all(p)) {
        if (c.name === 'DefName') names.push({ name: this.text(c), pos: this.pos(c) });
        else if (c.name === '...') dots = true;
        else if (!PUNCT.has(c.name)) type = this.expr(c);
      }
      if (type === null && names.length === 1) { type = { k: 'ident', pos: names[0]!.pos, name: names[0]!.name }; names.length = 0; }
      if (dots) { variadic = true; type = { k: 'arraytype', pos: this.pos(p), len: null, elem: type! }; }
      fields.push({ names, type: type!, pos: this.pos(p) });
    }
    return { fields, variadic };
  }

  // --- statements -------------------------------------------------------------------------

  block(n: SyntaxNode): A.Block {
    const stmts: A.Stmt[] = [];
    for (const c of this.kids(n)) { const s = this.stmt(c); if (s !== null) stmts.push(s); }
    return { k: 'block', pos: this.pos(n), stmts, rbrace: this.pos(Math.max(n.from, n.to - 1)) };
  }

  stmt(n: SyntaxNode): A.Stmt | null {
    const pos = this.pos(n);
    switch (n.name) {
      case 'ExprStatement': return { k: 'expr', pos, x: this.expr(this.kids(n)[0]!) };
      case 'SendStatement': { const [ch, v] = this.kids(n).filter((c) => c.name !== '<-'); return { k: 'send', pos, ch: this.expr(ch!), value: this.expr(v!) }; }
      case 'IncDecStatement': { const [x, op] = this.kids(n); return { k: 'incdec', pos, x: this.expr(x!), inc: this.text(op!) === '++' }; }
      case 'Assignment': return this.assignment(n);
      case 'VarDecl':
        if (n.getChild(':=') !== null) return this.shortVar(n);
        return { k: 'decl', pos, decl: this.genDecl(n) };
      case 'ConstDecl': case 'TypeDecl': return { k: 'decl', pos, decl: this.genDecl(n) };
      case 'Block': return this.block(n);
      case 'LabeledStatement': {
        const [l, s] = this.kids(n);
        return { k: 'labeled', pos, label: this.text(l!), stmt: s ? this.stmt(s) ?? { k: 'empty', pos } : { k: 'empty', pos } };
      }
      case 'IfStatement': return this.ifStmt(n);
      case 'SwitchStatement': return this.switchStmt(n);
      case 'TypeSwitchStatement': return this.typeSwitch(n);
      case 'ForStatement': return this.forStmt(n);
      case 'GoStatement': return { k: 'go', pos, call: this.expr(this.kids(n).filter((c) => c.name !== 'go')[0]!) };
      case 'DeferStatement': return { k: 'defer', pos, call: this.expr(this.kids(n).filter((c) => c.name !== 'defer')[0]!) };
      case 'SelectStatement': return this.selectStmt(n);
      case 'ReturnStatement': return { k: 'return', pos, results: this.kids(n).filter((c) => c.name !== 'return').map((c) => this.expr(c)) };
      case 'GotoStatement': {
        const ks = this.kids(n);
        const l = n.getChild('LabelName');
        return { k: 'branch', pos, tok: ks[0]!.name as 'break' | 'continue' | 'goto', label: l ? this.text(l) : null, ...(l ? { labelPos: this.pos(l) } : {}) };
      }
      case 'FallthroughStatement': return { k: 'branch', pos, tok: 'fallthrough', label: null };
      default:
        if (n.type.isError) { this.syntaxError(n); return null; }
        this.fail(n, `syntax error: unexpected ${this.text(n).split('\n')[0]}`);
        return null;
    }
  }

  syntaxError(n: SyntaxNode): void {
    const t = this.text(n).trim().split(/\s/)[0];
    this.fail(n, t ? `syntax error: unexpected ${t}` : 'syntax error: unexpected newline');
  }

  assignment(n: SyntaxNode): A.Stmt {
    const lhs: A.Expr[] = []; const rhs: A.Expr[] = [];
    let op = '='; let after = false;
    for (const c of this.all(n)) {
      if (c.name === '=' || c.name === 'UpdateOp') { op = this.text(c); after = true; } else if (!PUNCT.has(c.name)) (after ? rhs : lhs).push(this.expr(c));
    }
    return { k: 'assign', pos: this.pos(n), lhs, op, rhs };
  }

  shortVar(n: SyntaxNode): A.Stmt {
    const lhs: A.Expr[] = []; const rhs: A.Expr[] = [];
    let after = false; let opPos = this.pos(n);
    for (const c of this.all(n)) {
      if (c.name === ':=') { after = true; opPos = this.pos(c); }
      else if (c.name === 'DefName') lhs.push({ k: 'ident', pos: this.pos(c), name: this.text(c) });
      else if (!PUNCT.has(c.name)) (after ? rhs : lhs).push(this.expr(c));
    }
    return { k: 'define', pos: this.pos(n), lhs, rhs, opPos };
  }

  /** The statements before `;` in if/switch headers. */
  simple(n: SyntaxNode): A.Stmt | null { return this.stmt(n); }

  ifStmt(n: SyntaxNode): A.Stmt {
    const ks = this.kids(n).filter((c) => c.name !== 'if' && c.name !== 'else');
    let i = 0;
    let init: A.Stmt | null = null;
    // if init; cond {…}: an init is a statement node, the condition an expression.
    if (ks.length >= 2 && isStatementNode(ks[0]!) && ks[1]!.name !== 'Block') init = this.simple(ks[i++]!);
    const cond = this.expr(ks[i++]!);
    const then = this.block(ks[i++]!);
    const e = ks[i];
    return { k: 'if', pos: this.pos(n), init, cond, then, else: e ? this.stmt(e) : null };
  }

  headerParts(n: SyntaxNode, kw: string): { init: A.Stmt | null; rest: SyntaxNode[] } {
    const ks = this.kids(n).filter((c) => c.name !== kw);
    let semi = false;
    for (const c of this.all(n)) if (c.name === ';') semi = true;
    if (semi) return { init: this.simple(ks[0]!), rest: ks.slice(1) };
    return { init: null, rest: ks };
  }

  switchStmt(n: SyntaxNode): A.Stmt {
    const { init, rest } = this.headerParts(n, 'switch');
    const tagNode = rest.find((c) => c.name !== 'SwitchBlock');
    const tag = tagNode ? this.expr(tagNode.name === 'ExprStatement' ? this.kids(tagNode)[0]! : tagNode) : null;
    return { k: 'switch', pos: this.pos(n), init, tag, clauses: this.caseClauses(n.getChild('SwitchBlock')!, false) };
  }

  caseClauses(block: SyntaxNode, types: boolean): A.CaseClause[] {
    const out: A.CaseClause[] = [];
    let cur: A.CaseClause | null = null;
    for (const c of this.kids(block)) {
      if (c.name === 'Case') {
        const isDefault = c.getChild('default') !== null;
        const exprs = isDefault ? null : this.kids(c).filter((x) => x.name !== 'case').map((x) => this.expr(x));
        cur = { pos: this.pos(c), exprs, body: [] };
        out.push(cur);
        void types;
      } else if (cur !== null) { const s = this.stmt(c); if (s) cur.body.push(s); }
    }
    return out;
  }

  typeSwitch(n: SyntaxNode): A.Stmt {
    const all = this.all(n);
    let init: A.Stmt | null = null;
    let bind: { name: string; pos: Pos } | null = null;
    let x: A.Expr | null = null;
    const semiAt = all.findIndex((c) => c.name === ';');
    let i = 1;
    if (semiAt >= 0) { init = this.simple(all[1]!); i = semiAt + 1; }
    for (; i < all.length; i++) {
      const c = all[i]!;
      if (c.name === 'DefName') bind = { name: this.text(c), pos: this.pos(c) };
      else if (c.name === ':=' || PUNCT.has(c.name) || c.name === 'type') continue;
      else if (c.name === 'SwitchBlock') break;
      else if (x === null) x = this.expr(c);
    }
    return { k: 'typeswitch', pos: this.pos(n), init, bind, x: x!, clauses: this.caseClauses(n.getChild('SwitchBlock')!, true) };
  }

  forStmt(n: SyntaxNode): A.Stmt {
    const pos = this.pos(n);
    const body = this.block(n.getChild('Block')!);
    const fc = n.getChild('ForClause');
    if (fc !== null) {
      // for init; cond; post — any part may be missing, so place them by the semicolons.
      const parts: (SyntaxNode | null)[] = [null, null, null];
      let slot = 0;
      for (const c of this.all(fc)) { if (c.name === ';') slot++; else if (!PUNCT.has(c.name)) parts[slot] = c; }
      return {
        k: 'for', pos, body,
        init: parts[0] ? this.simple(parts[0]) : null,
        cond: parts[1] ? this.expr(parts[1]) : null,
        post: parts[2] ? this.simple(parts[2]) : null,
      };
    }
    const rc = n.getChild('RangeClause');
    if (rc !== null) {
      const lhs: A.Expr[] = []; let define = false; let x: A.Expr | null = null; let after = false;
      for (const c of this.all(rc)) {
        if (c.name === ':=') define = true;
        else if (c.name === 'range') after = true;
        else if (c.name === 'DefName') lhs.push({ k: 'ident', pos: this.pos(c), name: this.text(c) });
        else if (!PUNCT.has(c.name)) { if (after) x = this.expr(c); else lhs.push(this.expr(c)); }
      }
      return { k: 'range', pos, key: lhs[0] ?? null, value: lhs[1] ?? null, define, x: x!, body };
    }
    const cond = this.kids(n).find((c) => c.name !== 'for' && c.name !== 'Block');
    return { k: 'for', pos, init: null, cond: cond ? this.expr(cond) : null, post: null, body };
  }

  selectStmt(n: SyntaxNode): A.Stmt {
    const block = n.getChild('SelectBlock')!;
    const clauses: A.CommClause[] = [];
    let cur: A.CommClause | null = null;
    for (const c of this.kids(block)) {
      if (c.name === 'Case') {
        let comm: A.Stmt | null = null;
        const s = c.getChild('SendStatement') ?? c.getChild('ReceiveStatement');
        if (s !== null) comm = s.name === 'SendStatement' ? this.stmt(s) : this.receive(s);
        cur = { pos: this.pos(c), comm, body: [] };
        clauses.push(cur);
      } else if (cur !== null) { const s = this.stmt(c); if (s) cur.body.push(s); }
    }
    return { k: 'select', pos: this.pos(n), clauses };
  }

  receive(n: SyntaxNode): A.Stmt {
    const all = this.all(n);
    const pos = this.pos(n);
    const def = all.some((c) => c.name === ':=');
    const eq = all.some((c) => c.name === '=');
    const lhs: A.Expr[] = []; let rhs: A.Expr | null = null; let after = !def && !eq;
    for (const c of all) {
      if (c.name === ':=' || c.name === '=') { after = true; continue; }
      if (PUNCT.has(c.name)) continue;
      if (after) rhs = this.expr(c);
      else lhs.push(c.name === 'DefName' ? { k: 'ident', pos: this.pos(c), name: this.text(c) } : this.expr(c));
    }
    if (def) return { k: 'define', pos, lhs, rhs: [rhs!], opPos: this.pos(all.find((c) => c.name === ':=')!) };
    if (eq) return { k: 'assign', pos, lhs, op: '=', rhs: [rhs!] };
    return { k: 'expr', pos, x: rhs! };
  }

  // --- expressions and types --------------------------------------------------------------

  /**
   * @lezer/go 1.0.1 parses the postfix operators (selector, index, slice, call,
   * type assertion) with a lower precedence than the unary and binary operators:
   * `500 * time.Millisecond` comes out as `(500 * time).Millisecond`. The spec makes
   * them primary expressions, so the operator is pushed down onto the operand it
   * belongs to (a parenthesized operand keeps its paren node and is left alone).
   */
  /**
   * `fns[k]` where k is a name parses as an instantiation (`f[T]`): the grammar cannot tell
   * a type argument from an index. One name (or pkg.Name) in the brackets is read as an
   * index, which the checker resolves; a generic function is refused where it is declared.
   */
  indexLike(n: SyntaxNode): A.Expr | null {
    const [x, targs] = this.kids(n);
    if (x === undefined || targs === undefined) return null;
    const args = this.kids(targs);
    if (args.length !== 1 || (args[0]!.name !== 'TypeName' && args[0]!.name !== 'QualifiedType')) return null;
    const a = args[0]!;
    const index: A.Expr = a.name === 'TypeName' ? { k: 'ident', pos: this.pos(a), name: this.text(a) } : this.qualified(a);
    return { k: 'index', pos: this.pos(n), x: this.expr(x), index };
  }

  /** `pkg.Name` in a type's place, as a selector expression. */
  qualified(a: SyntaxNode): A.Expr {
    const [p, nm] = this.kids(a);
    return { k: 'selector', pos: this.pos(a), x: { k: 'ident', pos: this.pos(p!), name: this.text(p!) }, sel: this.text(nm!), selPos: this.pos(nm!) };
  }

  expr(n: SyntaxNode): A.Expr { return reassoc(this.expr0(n)); }

  expr0(n: SyntaxNode): A.Expr {
    const pos = this.pos(n);
    switch (n.name) {
      case 'Number': {
        const t = this.text(n);
        const kind = t.endsWith('i') ? 'imag' : /^0[xX]/.test(t) ? (/[.pP]/.test(t) ? 'float' : 'int') : /[.eE]/.test(t) ? 'float' : 'int';
        return { k: 'basiclit', pos, kind, raw: t };
      }
      case 'String': return { k: 'basiclit', pos, kind: 'string', raw: this.text(n) };
      case 'Rune': return { k: 'basiclit', pos, kind: 'rune', raw: this.text(n) };
      case 'Bool': case 'Nil': case 'VariableName': case 'TypeName': case 'make': case 'new': case 'DefName':
        return { k: 'ident', pos, name: this.text(n) };
      case 'QualifiedType': {
        const ks = this.kids(n);
        return { k: 'selector', pos, x: { k: 'ident', pos, name: this.text(ks[0]!) }, sel: this.text(ks[ks.length - 1]!), selPos: this.pos(ks[ks.length - 1]!) };
      }
      case 'TypedLiteral': {
        const [t, lv] = this.kids(n);
        return this.literalValue(lv!, this.expr(t!));
      }
      case 'LiteralValue': return this.literalValue(n, null);
      case 'ParenthesizedExpr': case 'ParenthesizedType': return { k: 'paren', pos, x: this.expr(this.kids(n)[0]!) };
      case 'FunctionLiteral': {
        const ks = this.kids(n).filter((c) => c.name !== 'func');
        return { k: 'funclit', pos, type: this.signature(n, ks.filter((c) => c.name !== 'Block')), body: this.block(n.getChild('Block')!) };
      }
      case 'Conversion': {
        const [t, x] = this.kids(n);
        return { k: 'call', pos, fn: this.expr(t!), args: [this.expr(x!)], ellipsis: false, rparen: this.pos(n.to - 1) };
      }
      case 'SelectorExpr': {
        const [x, f] = this.kids(n);
        return { k: 'selector', pos, x: this.expr(x!), sel: this.text(f!), selPos: this.pos(f!) };
      }
      case 'IndexExpr': {
        const [x, i] = this.kids(n);
        return { k: 'index', pos, x: this.expr(x!), index: this.expr(i!) };
      }
      case 'SliceExpr': {
        const parts: (A.Expr | null)[] = [null, null, null];
        let x: A.Expr | null = null; let slot = -1;
        for (const c of this.all(n)) {
          if (c.name === '[') slot = 0; else if (c.name === ':') slot++;
          else if (!PUNCT.has(c.name)) { if (slot < 0) x = this.expr(c); else parts[slot] = this.expr(c); }
        }
        return { k: 'slice', pos, x: x!, lo: parts[0]!, hi: parts[1]!, max: parts[2]! };
      }
      case 'TypeAssertion': {
        const [x, t] = this.kids(n);
        return { k: 'assert', pos, x: this.expr(x!), type: this.expr(t!) };
      }
      case 'CallExpr': {
        const [f, args] = this.kids(n);
        if (f!.name === 'ParameterizedExpr' && this.indexLike(f!) === null) return { k: 'generic', pos, what: 'generic function instantiation' };
        const list: A.Expr[] = []; let ellipsis = false;
        for (const c of this.all(args!)) { if (c.name === '...') ellipsis = true; else if (!PUNCT.has(c.name)) list.push(this.expr(c)); }
        return { k: 'call', pos, fn: this.expr(f!), args: list, ellipsis, rparen: this.pos(args!.to - 1), lparen: this.pos(args!.from) };
      }
      case 'UnaryExp': {
        const [op, x] = this.all(n);
        const o = this.text(op!);
        if (o === '*') return { k: 'star', pos, x: this.expr(x!) };
        return { k: 'unary', pos, op: o, x: this.expr(x!) };
      }
      case 'BinaryExp': {
        const [x, op, y] = this.all(n);
        return rebalance({ k: 'binary', pos: this.pos(op!), op: this.text(op!), x: this.expr(x!), y: this.expr(y!) });
      }
      case 'PointerType': return { k: 'star', pos, x: this.expr(this.kids(n).filter((c) => c.name !== '*')[0]!) };
      case 'SliceType': {
        const dots = this.all(n).some((c) => c.name === '...');
        return { k: 'arraytype', pos, len: dots ? 'ellipsis' : null, elem: this.expr(this.kids(n)[0]!) };
      }
      case 'ArrayType': { const [l, e] = this.kids(n); return { k: 'arraytype', pos, len: this.expr(l!), elem: this.expr(e!) }; }
      case 'MapType': { const [k, v] = this.kids(n).filter((c) => c.name !== 'map'); return { k: 'maptype', pos, key: this.expr(k!), value: this.expr(v!) }; }
      case 'ChannelType': {
        const all = this.all(n);
        const arrow = all.findIndex((c) => c.name === '<-');
        const dir = arrow < 0 ? 'both' : arrow === 0 ? 'recv' : 'send';
        return { k: 'chantype', pos, dir, elem: this.expr(this.kids(n).filter((c) => c.name !== 'chan' && c.name !== '<-')[0]!) };
      }
      case 'FunctionType': return this.signature(n, this.kids(n).filter((c) => c.name !== 'func'));
      case 'StructType': return { k: 'structtype', pos, fields: this.structFields(n.getChild('StructBody')!) };
      case 'InterfaceType': return this.interfaceType(n);
      case 'ParameterizedExpr': return this.indexLike(n) ?? { k: 'generic', pos, what: 'generic type instantiation' };
      case 'ParameterizedType': return { k: 'generic', pos, what: 'generic type instantiation' };
      default:
        if (n.type.isError) this.syntaxError(n); else this.fail(n, `syntax error: unexpected ${this.text(n).split('\n')[0]}`);
        return { k: 'bad', pos };
    }
  }

  literalValue(n: SyntaxNode, type: A.Expr | null): A.Expr {
    const elts: A.Element[] = [];
    for (const e of n.getChildren('Element')) {
      const key = e.getChild('Key');
      const vals = this.kids(e).filter((c) => c.name !== 'Key');
      const k = key ? this.kids(key)[0]! : null;
      elts.push({ key: k ? this.expr(k) : null, value: this.expr(vals[0]!) });
    }
    return { k: 'composite', pos: this.pos(n), type, elts, rbrace: this.pos(n.to - 1) };
  }

  structFields(body: SyntaxNode): A.Field[] {
    const out: A.Field[] = [];
    for (const f of body.getChildren('FieldDecl')) {
      const names: { name: string; pos: Pos }[] = [];
      let type: A.Expr | null = null; let star = false; let tag: string | undefined;
      for (const c of this.all(f)) {
        if (c.name === 'FieldName') names.push({ name: this.text(c), pos: this.pos(c) });
        else if (c.name === '*') star = true;
        else if (c.name === 'String') tag = this.text(c);
        else if (!PUNCT.has(c.name)) type = this.expr(c);
      }
      if (star) type = { k: 'star', pos: this.pos(f), x: type! };
      out.push({ names, type: type!, pos: this.pos(f), ...(tag !== undefined ? { tag } : {}) });
    }
    return out;
  }

  interfaceType(n: SyntaxNode): A.Expr {
    const body = n.getChild('InterfaceBody')!;
    const methods: { name: string; pos: Pos; type: A.FuncTypeExpr }[] = [];
    const embeds: A.Expr[] = [];
    for (const c of this.kids(body)) {
      if (c.name === 'MethodElem') {
        const [name, ...sig] = this.kids(c);
        methods.push({ name: this.text(name!), pos: this.pos(name!), type: this.signature(c, sig) });
      } else if (c.name === 'TypeElem' || c.name === 'UnderlyingType') {
        embeds.push({ k: 'generic', pos: this.pos(c), what: 'type constraints' });
      } else embeds.push(this.expr(c));
    }
    return { k: 'interfacetype', pos: this.pos(n), methods, embeds };
  }

  /** The value of a Go string literal, as a byte string (one char per UTF-8 byte). */
  stringValue(raw: string): string { return unquote(raw); }
}

const POSTFIX = new Set(['selector', 'index', 'slice', 'call', 'assert']);
function reassoc(e: A.Expr): A.Expr {
  if (!POSTFIX.has(e.k)) return e;
  const x = e.k === 'call' ? e.fn : (e as { x: A.Expr }).x;
  const withOperand = (o: A.Expr): A.Expr => reassoc(e.k === 'call' ? { ...e, fn: o } : { ...e, x: o } as A.Expr);
  if (x.k === 'binary') return { ...x, y: withOperand(x.y) };
  if (x.k === 'unary') return { ...x, x: withOperand(x.x) };
  if (x.k === 'star') return { ...x, x: withOperand(x.x) };
  return e;
}

/** The spec's binary operator precedence (5 binds tightest). */
const PRECEDENCE: Record<string, number> = {
  '*': 5, '/': 5, '%': 5, '<<': 5, '>>': 5, '&': 5, '&^': 5,
  '+': 4, '-': 4, '|': 4, '^': 4,
  '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '&&': 2, '||': 1,
};

/**
 * After reassoc has pushed a postfix operator down, the binary it had swallowed can be the
 * left operand of an operator that binds tighter: `k != 1 || o.seq < 0` comes from lezer as
 * `((k != 1 || o).seq) < 0`, and is `(k != 1 || o.seq) < 0` once `.seq` is where it belongs.
 * The tighter operator takes the right operand of the looser one: `k != 1 || (o.seq < 0)`.
 * (A parenthesized operand is a paren node and is never rotated.)
 */
function rebalance(e: A.Expr & { k: 'binary' }): A.Expr {
  const x = e.x;
  if (x.k === 'binary' && PRECEDENCE[x.op]! < PRECEDENCE[e.op]!) return { ...x, y: rebalance({ ...e, x: x.y }) };
  return e;
}

function isStatementNode(n: SyntaxNode): boolean {
  return ['ExprStatement', 'SendStatement', 'IncDecStatement', 'Assignment', 'VarDecl'].includes(n.name);
}

const utf8 = new TextEncoder();
/** A JavaScript string as a Go byte string: one char per UTF-8 byte. */
export function byteString(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) { ascii = false; break; }
  if (ascii) return s;
  const b = utf8.encode(s);
  let out = '';
  for (let i = 0; i < b.length; i++) out += String.fromCharCode(b[i]!);
  return out;
}

/** Go's string and rune literal escapes; the result is a byte string. */
export function unquote(raw: string): string {
  if (raw.startsWith('`')) return byteString(raw.slice(1, -1).replace(/\r/g, ''));
  const body = raw.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') { const cp = body.codePointAt(i)!; out += byteString(String.fromCodePoint(cp)); if (cp > 0xffff) i++; continue; }
    const e = body[++i]!;
    switch (e) {
      case 'n': out += '\n'; break; case 't': out += '\t'; break; case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break; case 'b': out += '\b'; break; case 'f': out += '\f'; break; case 'v': out += '\v'; break;
      case '\\': out += '\\'; break; case '\'': out += '\''; break; case '"': out += '"'; break;
      case 'x': out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; break;
      case 'u': out += byteString(String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16))); i += 4; break;
      case 'U': out += byteString(String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16))); i += 8; break;
      default:
        if (e >= '0' && e <= '7') { out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8)); i += 2; } else out += e;
    }
  }
  return out;
}

/** The code point of a rune literal. */
export function runeValue(raw: string): number {
  const bytes = unquote(raw);
  if (raw[1] !== '\\' || raw[2] === 'u' || raw[2] === 'U') {
    // decode the UTF-8 of the one character
    return decodeRune(bytes, 0)[0];
  }
  return bytes.charCodeAt(0);
}

export interface ParseResult { file: A.File; errors: Diagnostic[]; lines: LineTable }

/**
 * Go's automatic semicolon after a line's last token, where @lezer/go 1.0.1 misses
 * it: after true, false and nil (the grammar specializes them out of the identifier
 * tokens its semicolon rule tracks), so `ok = true` followed by a call on the next
 * line would not parse. A ';' goes right after such a token; nothing follows it on
 * its line, so every line and column stays where it was.
 */
export function insertSemicolons(src: string): string {
  let out = '';
  let last = '';
  let i = 0;
  const n = src.length;
  let from = 0;
  while (i < n) {
    const c = src[i]!;
    if (c === '\n') {
      if (last === 'true' || last === 'false' || last === 'nil') { out += src.slice(from, lastEnd) + ';'; from = lastEnd; }
      last = ''; i++; continue;
    }
    if (c === '/' && src[i + 1] === '/') { while (i < n && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); const end = e < 0 ? n : e + 2; if (src.slice(i, end).includes('\n')) { if (last === 'true' || last === 'false' || last === 'nil') { out += src.slice(from, lastEnd) + ';'; from = lastEnd; } last = ''; } i = end; continue; }
    if (c === '"' || c === "'") { let j = i + 1; while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1; i = j + 1; last = 'lit'; continue; }
    if (c === '`') { const e = src.indexOf('`', i + 1); i = e < 0 ? n : e + 1; last = 'lit'; continue; }
    if (/[A-Za-z_0-9\u0080-\uffff]/.test(c)) { let j = i; while (j < n && /[A-Za-z_0-9\u0080-\uffff]/.test(src[j]!)) j++; last = src.slice(i, j); lastEnd = j; i = j; continue; }
    if (c !== ' ' && c !== '\t' && c !== '\r') last = c;
    i++;
  }
  return out + src.slice(from);
}
let lastEnd = 0;

/**
 * `if v = 2 {`: an assignment where a condition belongs. gc's parser says what it got —
 * "cannot use assignment (v) = (2) as value" (go1.19's words), at the operator — rather
 * than the token it stumbled on.
 */
function headerAssignment(p: Parser, src: string, e: SyntaxNode): Diagnostic | null {
  const stmt = e.parent;
  if (stmt === null || (stmt.type.name !== 'Assignment' && stmt.type.name !== 'ShortVarDecl')) return null;
  const header = stmt.parent;
  if (header === null || !['IfStatement', 'SwitchStatement', 'ForStatement'].includes(header.type.name)) return null;
  let op: SyntaxNode | null = null;
  for (let c = stmt.firstChild; c !== null; c = c.nextSibling) if (/^(:?=|[-+*/%&|^]=|<<=|>>=|&\^=)$/.test(src.slice(c.from, c.to))) { op = c; break; }
  if (op === null) return null;
  const lhs = src.slice(stmt.from, op.from).trim(), rhs = src.slice(op.to, e.from).trim(), o = src.slice(op.from, op.to);
  const what = o === ':=' ? `${lhs} := ${rhs}` : `assignment (${lhs}) ${o} (${rhs})`;
  return { pos: p.pos(op.from), msg: `syntax error: cannot use ${what} as value` };
}

/**
 * `for range x` (Go 1.4), which @lezer/go 1.0.1 does not parse, as `for _=range x`: the same
 * loop. Returns the text and the offsets where the two characters went (positions are
 * reported as in the text the user wrote).
 */
export function rewriteForRange(src: string): { src: string; inserted: number[] } {
  let out = '';
  const inserted: number[] = [];
  let from = 0, i = 0, prev = '', prevEnd = -1;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') { while (i < n && src[i] !== '\n') i++; prev = ''; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; prev = ''; continue; }
    if (c === '"' || c === "'") { let j = i + 1; while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1; i = j + 1; prev = 'lit'; continue; }
    if (c === '`') { const e = src.indexOf('`', i + 1); i = e < 0 ? n : e + 1; prev = 'lit'; continue; }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z_0-9]/.test(src[j]!)) j++;
      const w = src.slice(i, j);
      if (w === 'range' && prev === 'for' && /^[ \t]+$/.test(src.slice(prevEnd, i))) {
        out += src.slice(from, i) + '_=';
        inserted.push(out.length - 2);
        from = i;
      }
      prev = w; prevEnd = j; i = j; continue;
    }
    if (c !== ' ' && c !== '\t') prev = c;
    i++;
  }
  return { src: out + src.slice(from), inserted };
}

export function parseFile(name: string, text: string): ParseResult {
  const semi = insertSemicolons(text);
  const { src, inserted } = rewriteForRange(semi);
  const p = new Parser(name, src, semi, inserted);
  const tree = parser.parse(src);
  // Report the first error node lezer recovered from (gc stops at the first syntax error of a file).
  let firstErr: SyntaxNode | null = null;
  tree.iterate({ enter: (c) => { if (firstErr === null && c.type.isError) { firstErr = c.node; return false; } return undefined; } });
  const file = p.sourceFile(tree.topNode);
  if (firstErr !== null) {
    p.errors.length = 0;
    const e = firstErr as SyntaxNode;
    const next = src.slice(e.from).match(/^\s*(\S+)/);
    const tok = e.from === e.to ? (next ? next[1]! : 'EOF') : src.slice(e.from, e.to).trim().split(/\s/)[0]!;
    p.errors.push(headerAssignment(p, src, e) ?? { pos: p.pos(e.from), msg: `syntax error: unexpected ${tok === '' ? 'newline' : tok}` });
  }
  return { file, errors: p.errors, lines: p.lines };
}
