// Constant values and constant arithmetic (Go's go/constant, trimmed): untyped
// integer constants are exact (bigint), floats are float64 (gc keeps 512-bit
// mantissas; float64 is exact for every program that does not depend on more),
// and a typed constant must be representable in its type ("overflows").

import type { Const } from '../ir/ir.ts';
import { intBits, isFloat, isInteger, isUnsigned, isString, isBoolean, type Type } from '../ir/types.ts';

export function constInt(v: bigint): Const { return { k: 'int', v }; }

export function toNumber(c: Const): number { return c.k === 'int' ? Number(c.v) : c.k === 'float' ? c.v : NaN; }

/** The constant converted to fit type t, or an error message. */
export function representable(c: Const, t: Type): Const | string {
  if (isInteger(t)) {
    let v: bigint;
    if (c.k === 'int') v = c.v;
    else if (c.k === 'float') { if (!Number.isInteger(c.v)) return 'truncated'; v = BigInt(c.v); } else return 'mismatch';
    const bits = intBits(t);
    const min = isUnsigned(t) ? 0n : -(1n << BigInt(bits - 1));
    const max = isUnsigned(t) ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
    if (v < min || v > max) return 'overflows';
    return { k: 'int', v };
  }
  if (isFloat(t)) {
    if (c.k === 'int') return { k: 'float', v: Number(c.v) };
    if (c.k === 'float') return c;
    return 'mismatch';
  }
  if (isString(t)) return c.k === 'string' ? c : 'mismatch';
  if (isBoolean(t)) return c.k === 'bool' ? c : 'mismatch';
  return c;
}

export function constString(c: Const): string {
  switch (c.k) {
    case 'int': return c.v.toString();
    case 'float': return Number.isInteger(c.v) && Math.abs(c.v) < 1e21 ? String(c.v) : String(c.v).replace('e+', 'e+');
    case 'string': return JSON.stringify(c.v);
    case 'bool': return String(c.v);
    case 'nil': return 'nil';
  }
}

/** x op y on constants; integer division truncates when both are integers. null: not a constant operation. */
export function binaryConst(op: string, x: Const, y: Const, integer: boolean): Const | 'divzero' | null {
  if (x.k === 'string' && y.k === 'string') {
    switch (op) {
      case '+': return { k: 'string', v: x.v + y.v };
      case '==': return { k: 'bool', v: x.v === y.v }; case '!=': return { k: 'bool', v: x.v !== y.v };
      case '<': return { k: 'bool', v: x.v < y.v }; case '<=': return { k: 'bool', v: x.v <= y.v };
      case '>': return { k: 'bool', v: x.v > y.v }; case '>=': return { k: 'bool', v: x.v >= y.v };
    }
    return null;
  }
  if (x.k === 'bool' && y.k === 'bool') {
    switch (op) {
      case '&&': return { k: 'bool', v: x.v && y.v }; case '||': return { k: 'bool', v: x.v || y.v };
      case '==': return { k: 'bool', v: x.v === y.v }; case '!=': return { k: 'bool', v: x.v !== y.v };
    }
    return null;
  }
  if (x.k === 'int' && y.k === 'int' && (integer || !['/'].includes(op))) {
    const a = x.v, b = y.v;
    switch (op) {
      case '+': return constInt(a + b); case '-': return constInt(a - b); case '*': return constInt(a * b);
      case '/': return b === 0n ? 'divzero' : constInt(a / b);
      case '%': return b === 0n ? 'divzero' : constInt(a % b);
      case '&': return constInt(a & b); case '|': return constInt(a | b); case '^': return constInt(a ^ b); case '&^': return constInt(a & ~b);
      case '<<': return constInt(a << b); case '>>': return constInt(a >> b);
      case '==': return { k: 'bool', v: a === b }; case '!=': return { k: 'bool', v: a !== b };
      case '<': return { k: 'bool', v: a < b }; case '<=': return { k: 'bool', v: a <= b };
      case '>': return { k: 'bool', v: a > b }; case '>=': return { k: 'bool', v: a >= b };
    }
    return null;
  }
  if ((x.k === 'int' || x.k === 'float') && (y.k === 'int' || y.k === 'float')) {
    const a = toNumber(x), b = toNumber(y);
    switch (op) {
      case '+': return { k: 'float', v: a + b }; case '-': return { k: 'float', v: a - b }; case '*': return { k: 'float', v: a * b };
      case '/': return b === 0 ? 'divzero' : { k: 'float', v: a / b };
      case '==': return { k: 'bool', v: a === b }; case '!=': return { k: 'bool', v: a !== b };
      case '<': return { k: 'bool', v: a < b }; case '<=': return { k: 'bool', v: a <= b };
      case '>': return { k: 'bool', v: a > b }; case '>=': return { k: 'bool', v: a >= b };
    }
  }
  return null;
}

export function unaryConst(op: string, x: Const, t: Type): Const | null {
  switch (op) {
    case '+': return x;
    case '-': return x.k === 'int' ? constInt(-x.v) : x.k === 'float' ? { k: 'float', v: -x.v } : null;
    case '!': return x.k === 'bool' ? { k: 'bool', v: !x.v } : null;
    case '^':
      if (x.k !== 'int') return null;
      if (isUnsigned(t)) return constInt(x.v ^ ((1n << BigInt(intBits(t))) - 1n));
      return constInt(-x.v - 1n);
  }
  return null;
}
