// The checked intermediate form: what typecheck hands the back end. Every
// expression carries its type; names are resolved to variables, functions,
// methods, library members or builtins; implicit operations are explicit
// (interface boxing, constant values with their final type, pointer
// indirections of selectors and method receivers, the `declared` results of a
// function). The back end reads nothing else: no syntax, no scopes.

import type { Pos } from '../../diagnostics.ts';
import type { Type, Signature } from './types.ts';

export type Const = { k: 'int'; v: bigint } | { k: 'float'; v: number } | { k: 'string'; v: string } | { k: 'bool'; v: boolean } | { k: 'nil' };

/** A variable: a local, a parameter, a result, or a package-level var. */
export interface Var {
  id: number; name: string; type: Type; pos: Pos;
  global: boolean;
  /** &v is taken (or a closure takes it): a non-aggregate value lives in a cell. */
  addrTaken: boolean;
  used: boolean;
  /** A package-level variable of a native package ("os.Args"): its value comes from the library. */
  native?: string;
}

export type Expr = { t: Type; pos: Pos } & (
  | { k: 'const'; v: Const }
  | { k: 'var'; v: Var }
  | { k: 'func'; name: string; goName: string }
  | { k: 'closure'; fn: Func }
  | { k: 'call'; fn: Expr; args: Expr[]; spread: boolean; sig: Signature }
  | { k: 'callfunc'; name: string; args: Expr[]; spread: boolean; sig: Signature }
  | { k: 'callmethod'; impl: string; recv: Expr; args: Expr[]; spread: boolean; sig: Signature; native: boolean }
  | { k: 'calliface'; recv: Expr; name: string; args: Expr[]; spread: boolean; sig: Signature }
  | { k: 'calllib'; pkg: string; name: string; args: Expr[]; spread: boolean; sig: Signature; gen: boolean; types: Type[] }
  | { k: 'builtin'; name: string; args: Expr[]; spread: boolean; targ: Type | null }
  | { k: 'methodval'; recv: Expr; impl: string; native: boolean; iface: boolean; name: string }
  | { k: 'libval'; pkg: string; name: string; gen: boolean }
  /** T.M, (*T).M, I.M: the method as a function of the receiver and the arguments (valueRecv: M has a value receiver). */
  | { k: 'methodexpr'; recvT: Type; name: string; iface: boolean; valueRecv: boolean }
  | { k: 'unary'; op: string; x: Expr }
  | { k: 'binary'; op: string; x: Expr; y: Expr; /** the operands' type (after conversion) */ ot: Type }
  | { k: 'convert'; x: Expr }
  | { k: 'box'; x: Expr }
  | { k: 'field'; x: Expr; name: string; ptr: boolean }
  | { k: 'index'; x: Expr; i: Expr; on: 'slice' | 'array' | 'ptrarray' | 'string' | 'map'; commaOk: boolean }
  | { k: 'slice'; x: Expr; lo: Expr | null; hi: Expr | null; max: Expr | null; on: 'slice' | 'array' | 'ptrarray' | 'string' }
  | { k: 'assert'; x: Expr; commaOk: boolean }
  | { k: 'recv'; ch: Expr; commaOk: boolean }
  | { k: 'composite'; fields: { name: string; value: Expr }[] | null; elems: { key: Expr | null; index: number; value: Expr }[]; len: number }
  | { k: 'addr'; x: Expr }
  | { k: 'deref'; x: Expr }
  | { k: 'zero' }
  | { k: 'withtuple'; tmp: Var; init: Expr; x: Expr }
  | { k: 'tupleidx'; tmp: Var; i: number }
);

/**
 * The closure gc makes of a go or defer statement whose call has arguments or a receiver
 * (go f(x) runs func() { f(x) }(), with x evaluated now): its Go name, numbered after the
 * function's own literals (main.main.func3), and the line of the call's '(' where it calls f.
 */
export interface GoWrap { name: string; line: number }

export type Stmt = { pos: Pos } & (
  | { k: 'expr'; x: Expr }
  | { k: 'define'; vars: (Var | null)[]; values: Expr[] }
  | { k: 'assign'; lhs: (Expr | null)[]; values: Expr[]; defines?: Var[] }
  | { k: 'opassign'; lhs: Expr; op: string; value: Expr }
  | { k: 'send'; ch: Expr; value: Expr }
  | { k: 'go'; call: Expr; wrap?: GoWrap }
  | { k: 'defer'; call: Expr; wrap?: GoWrap }
  | { k: 'return'; values: Expr[] }
  | { k: 'block'; body: Stmt[]; flat?: boolean }
  | { k: 'if'; init: Stmt | null; cond: Expr; then: Stmt[]; else: Stmt | null }
  | { k: 'for'; label: string | null; init: Stmt | null; cond: Expr | null; post: Stmt | null; body: Stmt[]; loopVars: Var[] }
  | { k: 'range'; label: string | null; on: 'slice' | 'array' | 'ptrarray' | 'string' | 'map' | 'chan' | 'int' | 'func'; x: Expr; key: Expr | Var | null; value: Expr | Var | null; define: boolean; body: Stmt[] }
  | { k: 'switch'; label: string | null; init: Stmt | null; tag: Expr | null; clauses: { exprs: Expr[] | null; body: Stmt[]; fallthrough: boolean }[] }
  | { k: 'typeswitch'; label: string | null; init: Stmt | null; x: Expr; clauses: { types: (Type | null)[] | null; bind: Var | null; body: Stmt[] }[] }
  | { k: 'select'; label: string | null; clauses: { kind: 'send' | 'recv' | 'default'; ch: Expr | null; value: Expr | null; lhs: (Expr | Var | null)[]; define: boolean; body: Stmt[] }[] }
  | { k: 'branch'; tok: 'break' | 'continue' | 'goto'; label: string | null }
  | { k: 'labeled'; label: string; stmt: Stmt }
  | { k: 'panicstmt'; x: Expr }
);

export interface Func {
  name: string;
  /** The Go name the runtime prints in traces: main.worker, main.main.func1, main.(*T).M. */
  goName: string;
  params: Var[];
  variadic: boolean;
  results: Var[];
  /** Results were named in the source (a bare return returns them). */
  namedResults: boolean;
  recv: Var | null;
  body: Stmt[];
  hasDefer: boolean;
  /** Temporaries the back end declares at the top (the values of f(g()) with g returning several). */
  temps?: Var[];
  /** Bytes of the frame: locals, arguments and results (for the prologue's stack check). */
  frameSize: number;
  pos: Pos;
}

export interface Program {
  funcs: Func[];
  globals: Var[];
  /** Package initialization in dependency order: var initializers, then init() functions. */
  init: Stmt[];
  initFuncs: string[];
  /** Named types that need runtime descriptors (for interfaces, %v, %T). */
  types: Type[];
  files: string[];
}
