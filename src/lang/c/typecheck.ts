// Stage 4: typecheck. The parser builds every expression through these
// constructors (as chibicc's parser calls add_type), so each node is typed the
// moment it exists and the tree that comes out is the checked intermediate form
// (ir.ts): implicit conversions are explicit casts, arrays and functions decay
// to pointers, pointer arithmetic is scaled by the pointee's size, and an
// object whose address is taken is marked to live in memory.
//
// The diagnostics C programmers rely on are raised here: errors for what C
// forbids (a non-lvalue assigned, a member that does not exist, a call with the
// wrong number of arguments), warnings gcc gives by default for incompatible
// pointer types, integer/pointer conversions without a cast, and printf
// formats that do not match their arguments.

import {
  T, ptrTo, sizeOf, promote, commonType, typeName, compatible, bitFieldType, isInteger, isArith, isScalar, isUnsigned,
  type Type, type FuncType, type StructType,
} from './type.ts';
import { CError, type Diagnostics, type Loc } from './diagnostics.ts';
import type { Expr, BinOp, Obj } from './ir.ts';

export class Checker {
  constructor(readonly diags: Diagnostics) {}

  num(v: number | bigint, ty: Type, loc: Loc): Expr { return { k: 'num', v, ty, loc }; }

  /** Arrays and functions used as values become pointers (C11 6.3.2.1). */
  rvalue(e: Expr): Expr {
    if (e.ty.kind === 'array') { markMemory(e); return { k: 'addr', e, ty: ptrTo(e.ty.of), loc: e.loc }; }
    if (e.ty.kind === 'func') return { k: 'addr', e, ty: ptrTo(e.ty), loc: e.loc };
    return e;
  }

  cast(e: Expr, to: Type): Expr {
    const v = this.rvalue(e);
    if (sameRepr(v.ty, to)) return v.ty === to ? v : { ...v, ty: to } as Expr;
    if (v.k === 'num' && isInteger(to) && isInteger(v.ty)) return { k: 'num', v: wrapInt(v.v, to), ty: to, loc: v.loc };
    return { k: 'cast', e: v, ty: to, loc: v.loc };
  }

  /** Conversion as if by assignment (C11 6.5.16.1): what initialisation, argument passing and return do. */
  assignConv(e: Expr, to: Type, loc: Loc, what: string): Expr {
    const v = this.rvalue(e);
    const from = v.ty;
    if (to.kind === 'struct') {
      if (from !== to) throw CError.at(loc, `incompatible types when ${what} type '${typeName(to)}' using type '${typeName(from)}'`);
      return v;
    }
    if (to.kind === 'ptr') {
      if (from.kind === 'ptr') {
        const a = to.to; const b = from.to;
        if (a.kind !== 'void' && b.kind !== 'void' && !compatible(a, b)) {
          this.diags.warn(loc, `${what} '${typeName(to)}' from incompatible pointer type '${typeName(from)}' [-Wincompatible-pointer-types]`);
        }
        return this.cast(v, to);
      }
      if (isInteger(from)) {
        if (!isNullConst(v)) this.diags.warn(loc, `${what} '${typeName(to)}' from '${typeName(from)}' makes pointer from integer without a cast [-Wint-conversion]`);
        return this.cast(v, to);
      }
    }
    if (isInteger(to) && from.kind === 'ptr') {
      if (to.kind !== 'bool') this.diags.warn(loc, `${what} '${typeName(to)}' from '${typeName(from)}' makes integer from pointer without a cast [-Wint-conversion]`);
      return this.cast(v, to);
    }
    if (!isScalar(from) || !isScalar(to)) {
      if (to.kind === 'void') return v;
      throw CError.at(loc, `incompatible types when ${what} type '${typeName(to)}' using type '${typeName(from)}'`);
    }
    return this.cast(v, to);
  }

  // --- operators ----------------------------------------------------------------------

  unary(op: '-' | '+' | '~' | '!', e0: Expr, loc: Loc): Expr {
    const e = this.rvalue(e0);
    if (op === '!') {
      if (!isScalar(e.ty)) throw CError.at(loc, `wrong type argument to unary exclamation mark`);
      return { k: 'not', e, ty: T.int, loc };
    }
    if (op === '~' ? !isInteger(e.ty) : !isArith(e.ty)) throw CError.at(loc, `wrong type argument to ${op === '~' ? 'bit-complement' : op === '-' ? 'unary minus' : 'unary plus'}`);
    const p = this.cast(e, promote(e.ty));
    if (op === '+') return p;
    if (p.k === 'num') return { k: 'num', v: wrapInt(op === '-' ? neg(p.v) : bitnot(p.v), p.ty), ty: p.ty, loc };
    if (p.k === 'fnum' && op === '-') return { ...p, v: -p.v, loc };
    return { k: op === '-' ? 'neg' : 'bitnot', e: p, ty: p.ty, loc };
  }

  binary(op: BinOp, l0: Expr, r0: Expr, loc: Loc): Expr {
    const l = this.rvalue(l0); const r = this.rvalue(r0);
    const lp = l.ty.kind === 'ptr'; const rp = r.ty.kind === 'ptr';
    if (op === '+' || op === '-') {
      if (lp && isInteger(r.ty)) return this.ptrAdd(op, l, r, loc);
      if (rp && isInteger(l.ty) && op === '+') return this.ptrAdd(op, r, l, loc);
      if (lp && rp && op === '-') {
        if (!compatible(unqual(l.ty), unqual(r.ty))) throw CError.at(loc, `invalid operands to binary - (have '${typeName(l.ty)}' and '${typeName(r.ty)}')`);
        const diff: Expr = { k: 'binary', op: '-', l: this.cast(l, T.long), r: this.cast(r, T.long), ty: T.long, loc };
        const size = sizeOf((l.ty as { to: Type }).to);
        return size === 1 ? diff : { k: 'binary', op: '/', l: diff, r: this.num(size, T.long, loc), ty: T.long, loc };
      }
    }
    if (op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      if (lp || rp) {
        if (lp && rp) {
          const a = (l.ty as { to: Type }).to; const b = (r.ty as { to: Type }).to;
          if (a.kind !== 'void' && b.kind !== 'void' && !compatible(a, b)) this.diags.warn(loc, `comparison of distinct pointer types lacks a cast`);
        } else if (!isNullConst(lp ? r : l)) {
          if (!isInteger(lp ? r.ty : l.ty)) throw CError.at(loc, `invalid operands to binary ${op} (have '${typeName(l.ty)}' and '${typeName(r.ty)}')`);
          this.diags.warn(loc, `comparison between pointer and integer`);
        }
        return { k: 'binary', op, l: this.cast(l, T.ulong), r: this.cast(r, T.ulong), ty: T.int, loc };
      }
      this.arith(op, l, r, loc);
      const ct = commonType(l.ty, r.ty);
      return fold({ k: 'binary', op, l: this.cast(l, ct), r: this.cast(r, ct), ty: T.int, loc });
    }
    if (op === '<<' || op === '>>') {
      if (!isInteger(l.ty) || !isInteger(r.ty)) throw CError.at(loc, `invalid operands to binary ${op} (have '${typeName(l.ty)}' and '${typeName(r.ty)}')`);
      const lt = promote(l.ty);
      return fold({ k: 'binary', op, l: this.cast(l, lt), r: this.cast(r, promote(r.ty)), ty: lt, loc });
    }
    this.arith(op, l, r, loc);
    const ct = commonType(l.ty, r.ty);
    if ((op === '%' || op === '&' || op === '|' || op === '^') && !isInteger(ct)) throw CError.at(loc, `invalid operands to binary ${op} (have '${typeName(l.ty)}' and '${typeName(r.ty)}')`);
    return fold({ k: 'binary', op, l: this.cast(l, ct), r: this.cast(r, ct), ty: ct, loc });
  }

  private arith(op: string, l: Expr, r: Expr, loc: Loc): void {
    if (!isArith(l.ty) || !isArith(r.ty)) throw CError.at(loc, `invalid operands to binary ${op} (have '${typeName(l.ty)}' and '${typeName(r.ty)}')`);
  }

  private ptrAdd(op: '+' | '-', p: Expr, i: Expr, loc: Loc): Expr {
    const size = sizeOf((p.ty as { to: Type }).to);
    if ((p.ty as { to: Type }).to.kind === 'struct' && !((p.ty as { to: StructType }).to.complete)) throw CError.at(loc, `invalid use of undefined type '${typeName((p.ty as { to: Type }).to)}'`);
    let off = this.cast(i, T.long);
    if (size !== 1) off = fold({ k: 'binary', op: '*', l: off, r: this.num(size, T.long, loc), ty: T.long, loc });
    return { k: 'binary', op, l: p, r: off, ty: p.ty, loc };
  }

  logical(op: '&&' | '||', l0: Expr, r0: Expr, loc: Loc): Expr {
    const l = this.rvalue(l0); const r = this.rvalue(r0);
    if (!isScalar(l.ty) || !isScalar(r.ty)) throw CError.at(loc, `used ${isScalar(l.ty) ? r.ty.kind : l.ty.kind} type value where scalar is required`);
    return { k: op === '&&' ? 'logand' : 'logor', l, r, ty: T.int, loc };
  }

  cond(c0: Expr, a0: Expr, b0: Expr, loc: Loc): Expr {
    const c = this.rvalue(c0); const a = this.rvalue(a0); const b = this.rvalue(b0);
    let ty: Type;
    if (isArith(a.ty) && isArith(b.ty)) ty = commonType(a.ty, b.ty);
    else if (a.ty.kind === 'ptr' && b.ty.kind === 'ptr') ty = a.ty.to.kind === 'void' ? b.ty : a.ty;
    else if (a.ty.kind === 'ptr' && isNullConst(b)) ty = a.ty;
    else if (b.ty.kind === 'ptr' && isNullConst(a)) ty = b.ty;
    else if (a.ty.kind === 'void' || b.ty.kind === 'void') ty = T.void;
    else if (a.ty.kind === 'struct' && a.ty === b.ty) ty = a.ty;
    else if (a.ty.kind === 'ptr' || b.ty.kind === 'ptr') { this.diags.warn(loc, 'pointer/integer type mismatch in conditional expression'); ty = a.ty.kind === 'ptr' ? a.ty : b.ty; }
    else throw CError.at(loc, 'type mismatch in conditional expression');
    return { k: 'cond', c, a: ty.kind === 'void' ? a : this.cast(a, ty), b: ty.kind === 'void' ? b : this.cast(b, ty), ty, loc };
  }

  // --- lvalues ----------------------------------------------------------------------

  deref(e0: Expr, loc: Loc): Expr {
    const e = this.rvalue(e0);
    if (e.ty.kind !== 'ptr') throw CError.at(loc, `invalid type argument of unary '*' (have '${typeName(e.ty)}')`);
    const to = e.ty.to;
    if (to.kind === 'func') return e; // *fp is the function again
    if (to.kind === 'void') this.diags.warn(loc, `dereferencing 'void *' pointer`);
    return { k: 'deref', e, ty: to, loc };
  }

  addr(e: Expr, loc: Loc): Expr {
    if (e.ty.kind === 'func') return { k: 'addr', e, ty: ptrTo(e.ty), loc };
    if (!isLvalue(e)) throw CError.at(loc, 'lvalue required as unary \'&\' operand');
    if (e.k === 'member' && e.m.bits !== undefined) throw CError.at(loc, `cannot take address of bit-field '${e.m.name}'`);
    if (e.k === 'var' && e.obj.vla !== undefined) throw CError.at(loc, `the address of the variable-length array '${e.obj.name}' (&${e.obj.name}) is not supported by this compiler; use ${e.obj.name} or &${e.obj.name}[0]`);
    if (e.k === 'deref') return e.e.ty === ptrTo(e.ty) ? e.e : { ...e.e, ty: ptrTo(e.ty) } as Expr;
    markMemory(e);
    return { k: 'addr', e, ty: ptrTo(e.ty), loc };
  }

  member(e0: Expr, name: string, arrow: boolean, loc: Loc): Expr {
    let e = e0;
    if (arrow) {
      const v = this.rvalue(e0);
      if (v.ty.kind !== 'ptr' || v.ty.to.kind !== 'struct') throw CError.at(loc, `invalid type argument of '->' (have '${typeName(v.ty)}')`);
      e = { k: 'deref', e: v, ty: v.ty.to, loc };
    }
    const st = e.ty;
    if (st.kind !== 'struct') throw CError.at(loc, `request for member '${name}' in something not a structure or union`);
    if (!st.complete) throw CError.at(loc, `invalid use of undefined type '${typeName(st)}'`);
    const found = findMember(st, name);
    if (found === null) throw CError.at(loc, `'${typeName(st)}' has no member named '${name}'`);
    let out = e;
    for (const m of found) out = { k: 'member', e: out, m, ty: bitFieldType(m), loc };
    return out;
  }

  assign(l: Expr, r: Expr, loc: Loc): Expr {
    this.needLvalue(l, loc, 'left operand of assignment');
    return { k: 'assign', l, r: this.assignConv(r, l.ty, loc, 'assignment to'), ty: l.ty, loc };
  }

  opAssign(op: BinOp, l: Expr, r0: Expr, loc: Loc): Expr {
    this.needLvalue(l, loc, 'left operand of assignment');
    const r = this.rvalue(r0);
    if (l.ty.kind === 'ptr' && (op === '+' || op === '-')) {
      if (!isInteger(r.ty)) throw CError.at(loc, `invalid operands to binary ${op}`);
      return { k: 'opassign', op, l, r: this.cast(r, T.long), opTy: l.ty, scale: sizeOf(l.ty.to), ty: l.ty, loc };
    }
    if (!isArith(l.ty) || !isArith(r.ty)) throw CError.at(loc, `invalid operands to binary ${op} (have '${typeName(l.ty)}' and '${typeName(r.ty)}')`);
    const opTy = op === '<<' || op === '>>' ? promote(l.ty) : commonType(l.ty, r.ty);
    return { k: 'opassign', op, l, r: this.cast(r, op === '<<' || op === '>>' ? promote(r.ty) : opTy), opTy, scale: 1, ty: l.ty, loc };
  }

  incdec(e: Expr, inc: boolean, post: boolean, loc: Loc): Expr {
    this.needLvalue(e, loc, `${post ? '' : 'operand of '}${inc ? 'increment' : 'decrement'} operand`);
    if (!isScalar(e.ty)) throw CError.at(loc, `wrong type argument to ${inc ? 'increment' : 'decrement'}`);
    return { k: 'incdec', inc, post, e, step: e.ty.kind === 'ptr' ? sizeOf(e.ty.to) : 1, ty: e.ty, loc };
  }

  private needLvalue(e: Expr, loc: Loc, what: string): void {
    if (!isLvalue(e) || e.ty.kind === 'array') throw CError.at(loc, `lvalue required as ${what}`);
    if (e.k === 'var' && e.obj.vla !== undefined) throw CError.at(loc, 'assignment to expression with array type');
  }

  // --- calls --------------------------------------------------------------------------

  call(fn0: Expr, args0: Expr[], loc: Loc, name: string): Expr {
    const fn = this.rvalue(fn0);
    if (fn.ty.kind !== 'ptr' || fn.ty.to.kind !== 'func') throw CError.at(loc, `called object is not a function or function pointer`);
    const ft: FuncType = fn.ty.to;
    const args = args0.map((a) => this.rvalue(a));
    if (!ft.unspecified) {
      if (args.length < ft.params.length) throw CError.at(loc, `too few arguments to function '${name}'`);
      if (args.length > ft.params.length && !ft.variadic) throw CError.at(loc, `too many arguments to function '${name}'`);
    }
    const out = args.map((a, i) => {
      const p = ft.unspecified ? undefined : ft.params[i];
      if (p !== undefined) return this.assignConv(a, p, a.loc, `passing argument ${i + 1} of '${name}' from`, ) ;
      // Default argument promotions: float → double, narrow integers → int.
      if (a.ty.kind === 'float' && a.ty.size === 4) return this.cast(a, T.double);
      if (isInteger(a.ty)) return this.cast(a, promote(a.ty));
      return a;
    });
    if (FORMAT_FUNCS[name] !== undefined) this.checkFormat(name, out, loc);
    const direct = fn.k === 'addr' && fn.e.k === 'var' && fn.e.obj.kind === 'func' ? fn.e.obj : null;
    return { k: 'call', fn, direct, args: out, fixed: ft.unspecified ? out.length : ft.params.length, ty: ft.ret, loc };
  }

  /** -Wformat: a literal printf format against the argument types. */
  private checkFormat(name: string, args: Expr[], loc: Loc): void {
    const fi = FORMAT_FUNCS[name]!;
    let f = args[fi];
    while (f !== undefined && f.k === 'cast') f = f.e;
    if (f === undefined || f.k !== 'addr' || f.e.k !== 'str') return;
    const fmt = String.fromCharCode(...f.e.bytes);
    let ai = fi + 1;
    const re = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+)?)?(hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGaAcspn%])/g;
    for (const m of fmt.matchAll(re)) {
      const conv = m[5]!;
      if (conv === '%') continue;
      if (m[2] === '*') ai++;
      if (m[3] === '*') ai++;
      const a = args[ai];
      const spec = `%${m[4] ?? ''}${conv}`;
      if (a === undefined) { this.diags.warn(loc, `format '${spec}' expects a matching '${expectName(conv, m[4])}' argument [-Wformat=]`); return; }
      if (!formatMatches(conv, m[4], a.ty)) {
        this.diags.warn(formatLoc(f.e.loc, (m.index ?? 0) + m[0].length - 1), `format '${spec}' expects argument of type '${expectName(conv, m[4])}', but argument ${ai + 1} has type '${typeName(uncast(a).ty)}' [-Wformat=]`);
      }
      ai++;
    }
    if (ai < args.length) this.diags.warn(loc, `too many arguments for format [-Wformat-extra-args]`);
  }
}

/** Where the `index`th byte of a string literal's value is in the source (gcc points at the conversion). */
function formatLoc(lit: Loc, index: number): Loc {
  const line = lit.file.text.split('\n')[lit.line - 1] ?? '';
  let i = lit.col; // just past the opening quote (col is 1-based)
  for (let k = 0; k < index && i < line.length; k++) {
    if (line[i] === '"') { // adjacent literals: "a" "b"
      i++; while (i < line.length && line[i] !== '"') i++; i++;
    }
    if (line[i] === '\\') {
      i++;
      if (/[0-7]/.test(line[i] ?? '')) { let n = 0; while (n < 3 && /[0-7]/.test(line[i] ?? '')) { i++; n++; } }
      else if (line[i] === 'x') { i++; while (/[0-9a-fA-F]/.test(line[i] ?? '')) i++; }
      else i++;
    } else i++;
  }
  return { file: lit.file, line: lit.line, col: i + 1 };
}

const FORMAT_FUNCS: Record<string, number> = { printf: 0, fprintf: 1, dprintf: 1, sprintf: 1, snprintf: 2 };

function uncast(e: Expr): Expr { return e.k === 'cast' ? e.e : e; }

function expectName(conv: string, len: string | undefined): string {
  const l = len ?? '';
  if ('di'.includes(conv)) return l === 'l' ? 'long int' : l === 'll' ? 'long long int' : l === 'z' ? 'long int' : 'int';
  if ('ouxX'.includes(conv)) return l === 'l' ? 'long unsigned int' : l === 'll' ? 'long long unsigned int' : l === 'z' ? 'size_t' : 'unsigned int';
  if ('eEfFgGaA'.includes(conv)) return 'double';
  if (conv === 'c') return 'int';
  if (conv === 's') return 'char *';
  if (conv === 'p') return 'void *';
  return 'int *';
}

function formatMatches(conv: string, len: string | undefined, t0: Type): boolean {
  const t = t0;
  const l = len ?? '';
  if ('diouxXc'.includes(conv)) {
    if (t.kind !== 'int' && t.kind !== 'bool') return false;
    const want = l === 'l' || l === 'll' || l === 'z' || l === 'j' || l === 't' || l === 'q' ? 8 : 4;
    const size = t.kind === 'bool' ? 4 : Math.max(4, t.size);
    return size === want;
  }
  if ('eEfFgGaA'.includes(conv)) return t.kind === 'float';
  if (conv === 's') return t.kind === 'ptr' && t.to.kind === 'int' && t.to.size === 1;
  if (conv === 'p') return t.kind === 'ptr';
  if (conv === 'n') return t.kind === 'ptr';
  return true;
}

// --- helpers --------------------------------------------------------------------------

export function isLvalue(e: Expr): boolean {
  return e.k === 'var' || e.k === 'deref' || e.k === 'compound' || (e.k === 'member' && isLvalue(e.e)) || (e.k === 'str');
}

/** An object whose address is taken lives in memory. */
export function markMemory(e: Expr): void {
  if (e.k === 'var') e.obj.inMemory = true;
  else if (e.k === 'member') markMemory(e.e);
}

export function isNullConst(e: Expr): boolean {
  let x = e;
  while (x.k === 'cast' && (isInteger(x.ty) || (x.ty.kind === 'ptr' && x.ty.to.kind === 'void'))) x = x.e;
  return x.k === 'num' && (x.v === 0 || x.v === 0n);
}

function unqual(t: Type): Type { return t; }

/** The path of members to `name`, looking into anonymous structs and unions. */
function findMember(st: StructType, name: string): StructType['members'] | null {
  for (const m of st.members) {
    if (m.name === name) return [m];
    if (m.name === '' && m.ty.kind === 'struct') {
      const inner = findMember(m.ty, name);
      if (inner !== null) return [m, ...inner];
    }
  }
  return null;
}

/** Same machine representation: the cast changes nothing the back end must do. */
function sameRepr(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind === 'ptr' && b.kind === 'ptr') return true;
  if (a.kind === 'int' && b.kind === 'int') return a.size === b.size && a.unsigned === b.unsigned;
  if (a.kind === 'float' && b.kind === 'float') return a.size === b.size || (a.size !== 4 && b.size !== 4);
  return false;
}

/** A value of integer type `t`, wrapped as the machine would (two's complement, modulo 2^n). */
export function wrapInt(v: number | bigint, t: Type): number | bigint {
  if (t.kind === 'bool') return (typeof v === 'bigint' ? v !== 0n : v !== 0) ? 1 : 0;
  if (t.kind === 'ptr') return Number(BigInt.asUintN(64, BigInt(v)));
  if (t.kind !== 'int') return v;
  const bits = t.size * 8;
  const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  const w = t.unsigned ? BigInt.asUintN(bits, b) : BigInt.asIntN(bits, b);
  return canon(w);
}

/** 64-bit values are JS numbers while they are safe integers, BigInts beyond. */
export function canon(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

function neg(v: number | bigint): bigint { return -BigInt(v); }
function bitnot(v: number | bigint): bigint { return ~BigInt(v); }

/** Fold an integer operation on two constants, so `sizeof(a)/sizeof(a[0])` and `1 << 4` are constants. */
function fold(e: Expr): Expr {
  if (e.k !== 'binary' || e.l.k !== 'num' || e.r.k !== 'num' || !isInteger(e.l.ty)) return e;
  const a = BigInt(e.l.v); const b = BigInt(e.r.v);
  const u = isUnsigned(e.l.ty);
  let r: bigint;
  switch (e.op) {
    case '+': r = a + b; break; case '-': r = a - b; break; case '*': r = a * b; break;
    case '/': if (b === 0n) return e; r = a / b; break;
    case '%': if (b === 0n) return e; r = a % b; break;
    case '<<': r = a << b; break;
    case '>>': r = a >> b; break;
    case '&': r = a & b; break; case '|': r = a | b; break; case '^': r = a ^ b; break;
    case '==': r = a === b ? 1n : 0n; break; case '!=': r = a !== b ? 1n : 0n; break;
    case '<': r = a < b ? 1n : 0n; break; case '<=': r = a <= b ? 1n : 0n; break;
    case '>': r = a > b ? 1n : 0n; break; case '>=': r = a >= b ? 1n : 0n; break;
  }
  void u;
  return { k: 'num', v: wrapInt(r, e.ty), ty: e.ty, loc: e.loc };
}

/** The value of an integer constant expression, or null if `e` is not one. */
export function constValue(e: Expr): number | bigint | null {
  switch (e.k) {
    case 'num': return e.v;
    case 'cast': {
      if (!isInteger(e.ty) && e.ty.kind !== 'ptr') return null;
      if (e.e.k === 'fnum') return wrapInt(BigInt(Math.trunc(e.e.v)), e.ty);
      const v = constValue(e.e); return v === null ? null : wrapInt(v, e.ty);
    }
    case 'neg': { const v = constValue(e.e); return v === null ? null : wrapInt(-BigInt(v), e.ty); }
    case 'bitnot': { const v = constValue(e.e); return v === null ? null : wrapInt(~BigInt(v), e.ty); }
    case 'not': { const v = constValue(e.e); return v === null ? null : (BigInt(v) === 0n ? 1 : 0); }
    case 'cond': { const c = constValue(e.c); if (c === null) return null; return BigInt(c) !== 0n ? constValue(e.a) : constValue(e.b); }
    case 'logand': { const a = constValue(e.l); const b = constValue(e.r); return a === null || b === null ? null : (BigInt(a) !== 0n && BigInt(b) !== 0n ? 1 : 0); }
    case 'logor': { const a = constValue(e.l); const b = constValue(e.r); return a === null || b === null ? null : (BigInt(a) !== 0n || BigInt(b) !== 0n ? 1 : 0); }
    case 'binary': {
      const l = constValue(e.l); const r = constValue(e.r);
      if (l === null || r === null) return null;
      const f = fold({ ...e, l: { k: 'num', v: l, ty: e.l.ty, loc: e.loc }, r: { k: 'num', v: r, ty: e.r.ty, loc: e.loc } } as Expr);
      return f.k === 'num' ? f.v : null;
    }
    default: return null;
  }
}

export type { Obj };
