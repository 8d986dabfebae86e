// The checked intermediate form: the program as a tree in which every expression
// has its C type, every implicit conversion is an explicit `cast` node, array and
// function designators have decayed to pointers, `a[i]` is `*(a + i)` with the
// pointer arithmetic scaled, `p->m` is a member access at a known offset, and
// every object knows whether it lives in memory (its address is taken, or it is
// an aggregate, a global or a static) or in a register. The back end reads only
// this; nothing in it needs the source text except locations for messages.

import type { Type, Member } from './type.ts';
import type { Loc } from './diagnostics.ts';

/** A variable or function: global, static or local. */
export interface Obj {
  name: string;
  ty: Type;
  id: number;
  kind: 'local' | 'global' | 'func';
  /** Lives in memory (a frame slot or the data segment) rather than a register. */
  inMemory: boolean;
  /** A local's offset below the frame pointer (set by the back end's frame layout). */
  offset: number;
  isStatic: boolean;
  isExtern: boolean;
  /** A global's (or static local's) initializer; a function's definition. */
  init: Init[] | null;
  def: FuncDef | null;
  loc: Loc;
  /** A parameter of a function (its position), or -1. */
  param: number;
  /**
   * A variable-length array `T a[n]`: the object is a register holding the array's address
   * (its storage is cut from the stack when the declaration runs), `len` the register holding n.
   */
  vla?: { len: Obj; elem: Type };
}

/** One scalar (or string) store of an initializer, at a byte offset in the object. */
export type Init =
  /** `bits`: a bit-field's place in the storage unit at `off` (of `ty`'s size): stored into it, not over it. */
  | { off: number; ty: Type; e: Expr; bits?: { pos: number; width: number } }
  | { off: number; ty: Type; bytes: number[] };

export type Expr = { ty: Type; loc: Loc } & (
  | { k: 'num'; v: number | bigint }
  | { k: 'fnum'; v: number }
  | { k: 'str'; id: number; bytes: number[] }
  | { k: 'var'; obj: Obj }
  | { k: 'neg' | 'bitnot' | 'not'; e: Expr }
  | { k: 'addr'; e: Expr }
  | { k: 'deref'; e: Expr }
  | { k: 'binary'; op: BinOp; l: Expr; r: Expr }
  | { k: 'logand' | 'logor'; l: Expr; r: Expr }
  | { k: 'assign'; l: Expr; r: Expr }
  /** `l op= r` computed in type `opTy` (then converted back to l's type). */
  | { k: 'opassign'; op: BinOp; l: Expr; r: Expr; opTy: Type; scale: number }
  | { k: 'incdec'; inc: boolean; post: boolean; e: Expr; step: number }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'comma'; l: Expr; r: Expr }
  | { k: 'call'; fn: Expr; direct: Obj | null; args: Expr[]; fixed: number }
  | { k: 'member'; e: Expr; m: Member }
  | { k: 'cast'; e: Expr }
  /** A compound literal or a block-scope temporary: the object, initialised, as an lvalue. */
  | { k: 'compound'; obj: Obj; init: Init[] }
  /** Cut `size` bytes from the thread's stack (a variable-length array's storage): their address. */
  | { k: 'alloca'; size: Expr }
  | { k: 'va_start'; ap: Expr }
  | { k: 'va_arg'; ap: Expr }
  | { k: 'va_copy'; dst: Expr; src: Expr }
  /** __atomic / stdatomic operations on a 4- or 8-byte object. */
  | { k: 'atomic'; op: 'load' | 'store' | 'xchg' | 'add' | 'sub' | 'and' | 'or' | 'xor' | 'cas' | 'fence'; ptr: Expr; val: Expr | null; expected: Expr | null; fetchNew: boolean }
);

export type BinOp = '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Stmt = { loc: Loc } & (
  | { k: 'expr'; e: Expr }
  | { k: 'decl'; obj: Obj; init: Init[] | null; zero: boolean }
  | { k: 'block'; body: Stmt[] }
  | { k: 'if'; c: Expr; then: Stmt; els: Stmt | null }
  | { k: 'while'; c: Expr; body: Stmt }
  | { k: 'do'; c: Expr; body: Stmt }
  | { k: 'for'; init: Stmt | null; c: Expr | null; step: Expr | null; body: Stmt }
  | { k: 'return'; e: Expr | null }
  | { k: 'break' } | { k: 'continue' }
  | { k: 'switch'; e: Expr; body: Stmt; cases: { v: number | bigint; label: number }[]; dflt: number | null }
  | { k: 'case'; label: number; body: Stmt }
  | { k: 'goto'; label: string }
  | { k: 'label'; name: string; body: Stmt }
  | { k: 'empty' }
);

export interface FuncDef {
  obj: Obj;
  params: Obj[];
  body: Stmt;
  locals: Obj[];
  /** Uses va_start: its variable arguments are spilled to its frame. */
  variadic: boolean;
  /** Contains labels that `goto` targets: compiled as a state machine. */
  hasGoto: boolean;
}

export interface Program {
  globals: Obj[];
  funcs: FuncDef[];
  strings: { id: number; bytes: number[] }[];
  /** Functions called but not defined here: the C library's, by name. */
  externs: Set<string>;
}
