// The Go syntax tree the parser builds from the concrete tree: go/ast's shapes,
// trimmed to what the checker reads. Types are expressions (as in go/ast), so a
// conversion T(x) is a call whose function is a type; the checker tells them apart.

import type { Pos } from '../../diagnostics.ts';

export type Expr =
  | { k: 'ident'; pos: Pos; name: string }
  | { k: 'basiclit'; pos: Pos; kind: 'int' | 'float' | 'imag' | 'rune' | 'string'; raw: string }
  | { k: 'composite'; pos: Pos; type: Expr | null; elts: Element[]; rbrace: Pos }
  | { k: 'funclit'; pos: Pos; type: FuncTypeExpr; body: Block }
  | { k: 'paren'; pos: Pos; x: Expr }
  | { k: 'selector'; pos: Pos; x: Expr; sel: string; selPos: Pos }
  | { k: 'index'; pos: Pos; x: Expr; index: Expr }
  | { k: 'slice'; pos: Pos; x: Expr; lo: Expr | null; hi: Expr | null; max: Expr | null }
  | { k: 'assert'; pos: Pos; x: Expr; type: Expr }
  | { k: 'call'; pos: Pos; fn: Expr; args: Expr[]; ellipsis: boolean; rparen: Pos; lparen?: Pos }
  | { k: 'star'; pos: Pos; x: Expr }
  | { k: 'unary'; pos: Pos; op: string; x: Expr }
  | { k: 'binary'; pos: Pos; op: string; x: Expr; y: Expr }
  | { k: 'arraytype'; pos: Pos; len: Expr | 'ellipsis' | null; elem: Expr }
  | { k: 'maptype'; pos: Pos; key: Expr; value: Expr }
  | { k: 'chantype'; pos: Pos; dir: 'both' | 'send' | 'recv'; elem: Expr }
  | FuncTypeExpr
  | { k: 'structtype'; pos: Pos; fields: Field[] }
  | { k: 'interfacetype'; pos: Pos; methods: { name: string; pos: Pos; type: FuncTypeExpr }[]; embeds: Expr[] }
  | { k: 'generic'; pos: Pos; what: string }
  | { k: 'bad'; pos: Pos };

export interface FuncTypeExpr { k: 'functype'; pos: Pos; params: Field[]; results: Field[]; variadic: boolean }

/** A parameter, result or struct field group: `a, b int`, or an unnamed/embedded `T`. */
export interface Field { names: { name: string; pos: Pos }[]; type: Expr; pos: Pos; tag?: string }

export interface Element { key: Expr | null; value: Expr }

export type Stmt =
  | { k: 'expr'; pos: Pos; x: Expr }
  | { k: 'send'; pos: Pos; ch: Expr; value: Expr }
  | { k: 'incdec'; pos: Pos; x: Expr; inc: boolean }
  | { k: 'assign'; pos: Pos; lhs: Expr[]; op: string; rhs: Expr[] }
  | { k: 'define'; pos: Pos; lhs: Expr[]; rhs: Expr[]; opPos: Pos }
  | { k: 'decl'; pos: Pos; decl: GenDecl }
  | { k: 'go'; pos: Pos; call: Expr }
  | { k: 'defer'; pos: Pos; call: Expr }
  | { k: 'return'; pos: Pos; results: Expr[] }
  | { k: 'branch'; pos: Pos; tok: 'break' | 'continue' | 'goto' | 'fallthrough'; label: string | null; labelPos?: Pos }
  | Block
  | { k: 'if'; pos: Pos; init: Stmt | null; cond: Expr; then: Block; else: Stmt | null }
  | { k: 'switch'; pos: Pos; init: Stmt | null; tag: Expr | null; clauses: CaseClause[] }
  | { k: 'typeswitch'; pos: Pos; init: Stmt | null; bind: { name: string; pos: Pos } | null; x: Expr; clauses: CaseClause[] }
  | { k: 'select'; pos: Pos; clauses: CommClause[] }
  | { k: 'for'; pos: Pos; init: Stmt | null; cond: Expr | null; post: Stmt | null; body: Block }
  | { k: 'range'; pos: Pos; key: Expr | null; value: Expr | null; define: boolean; x: Expr; body: Block }
  | { k: 'labeled'; pos: Pos; label: string; stmt: Stmt }
  | { k: 'empty'; pos: Pos };

export interface Block { k: 'block'; pos: Pos; stmts: Stmt[]; rbrace: Pos }
export interface CaseClause { pos: Pos; exprs: Expr[] | null; body: Stmt[] }
export interface CommClause { pos: Pos; comm: Stmt | null; body: Stmt[] }

export type GenDecl =
  | { k: 'var'; pos: Pos; specs: ValueSpec[] }
  | { k: 'const'; pos: Pos; specs: ValueSpec[] }
  | { k: 'type'; pos: Pos; specs: TypeSpec[] }
  | { k: 'import'; pos: Pos; specs: ImportSpec[] };

export interface ValueSpec { pos: Pos; names: { name: string; pos: Pos }[]; type: Expr | null; values: Expr[]; iota: number }
export interface TypeSpec { pos: Pos; name: string; alias: boolean; type: Expr; generic: boolean }
export interface ImportSpec { pos: Pos; path: string; name: string | null }

export interface FuncDecl {
  k: 'func'; pos: Pos; name: string; namePos: Pos;
  recv: Field | null; type: FuncTypeExpr; body: Block | null; generic: boolean;
}

export type Decl = GenDecl | FuncDecl;

export interface File { name: string; pkg: string; pkgPos: Pos; imports: ImportSpec[]; decls: Decl[] }

/** Where an expression begins (syntax.StartPos): its leftmost token, as types2 places an operand's errors. */
export function startPos(e: Expr): Pos {
  for (;;) {
    switch (e.k) {
      case 'binary': case 'selector': case 'index': case 'slice': case 'assert': e = e.x; continue;
      case 'call': e = e.fn; continue;
      case 'composite': if (e.type === null) return e.pos; e = e.type; continue;
      default: return e.pos;
    }
  }
}
