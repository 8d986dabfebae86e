// C's types (named as gcc's diagnostics name them) as the System V x86-64 ABI lays them out (LP64): char 1, short 2,
// int 4, long and long long 8, pointers 8, float 4, double 8, long double (kept
// as double here) 16; a struct's members at offsets aligned to each member's
// alignment, the struct's size rounded up to its largest alignment; a union as
// large as its largest member. A bit-field sits at the next free bit if it fits
// in the aligned storage unit of its declared type there, else at the start of
// the next unit; `:0` closes the unit; an unnamed bit-field does not align the
// struct (the System V ABI's rules, as gcc lays them out).
//
// Also the conversions of C11 6.3: integer promotions (anything narrower than
// int becomes int) and the usual arithmetic conversions (the rank and
// signedness rules that decide, e.g., that `int + unsigned` is unsigned).

export type Type =
  | { kind: 'void' }
  | { kind: 'bool' }
  | IntType
  | { kind: 'float'; size: 4 | 8 | 16 }
  | { kind: 'ptr'; to: Type }
  | { kind: 'array'; of: Type; len: number } // len -1: incomplete (int a[])
  | FuncType
  | StructType;

export interface IntType { kind: 'int'; size: 1 | 2 | 4 | 8; unsigned: boolean; name: string; enumTag?: string }
export interface FuncType { kind: 'func'; ret: Type; params: Type[]; variadic: boolean; /** `int f()`: no prototype. */ unspecified: boolean }
/** A member; a bit-field's `offset` is that of its storage unit (sizeof its declared type), `bits` where in the unit it is. */
export interface Member { name: string; ty: Type; offset: number; bits?: { pos: number; width: number } }
export interface StructType { kind: 'struct'; union: boolean; tag: string; members: Member[]; size: number; align: number; complete: boolean }

const int = (size: 1 | 2 | 4 | 8, unsigned: boolean, name: string): IntType => ({ kind: 'int', size, unsigned, name });

export const T = {
  void: { kind: 'void' } as Type,
  bool: { kind: 'bool' } as Type,
  char: int(1, false, 'char'),
  schar: int(1, false, 'signed char'),
  uchar: int(1, true, 'unsigned char'),
  short: int(2, false, 'short int'),
  ushort: int(2, true, 'short unsigned int'),
  int: int(4, false, 'int'),
  uint: int(4, true, 'unsigned int'),
  long: int(8, false, 'long int'),
  ulong: int(8, true, 'long unsigned int'),
  llong: int(8, false, 'long long int'),
  ullong: int(8, true, 'long long unsigned int'),
  float: { kind: 'float', size: 4 } as Type,
  double: { kind: 'float', size: 8 } as Type,
  ldouble: { kind: 'float', size: 16 } as Type,
};

export const ptrTo = (to: Type): Type => ({ kind: 'ptr', to });
export const arrayOf = (of: Type, len: number): Type => ({ kind: 'array', of, len });

export function sizeOf(t: Type): number {
  switch (t.kind) {
    case 'void': return 1; // GNU: sizeof(void) is 1, pointer arithmetic on void* steps bytes
    case 'bool': return 1;
    case 'int': return t.size;
    case 'float': return t.size;
    case 'ptr': return 8;
    case 'array': return t.len < 0 ? 0 : t.len * sizeOf(t.of);
    case 'func': return 1;
    case 'struct': return t.size;
  }
}

export function alignOf(t: Type): number {
  switch (t.kind) {
    case 'array': return alignOf(t.of);
    case 'struct': return t.align;
    case 'func': case 'void': return 1;
    default: return sizeOf(t);
  }
}

/** Lay out a struct or union's members (System V x86-64); a member with a `width` is a bit-field. */
export function layout(s: StructType, members: { name: string; ty: Type; width?: number }[], packed = false): void {
  let bit = 0; let align = 1; let size = 0;
  s.members = [];
  for (const m of members) {
    const a = packed ? 1 : alignOf(m.ty); // __attribute__((packed)): no padding (struct epoll_event)
    if (m.width !== undefined) {
      const unit = sizeOf(m.ty) * 8;
      if (m.name !== '') align = Math.max(align, a); // an unnamed bit-field does not align the struct
      if (s.union) {
        if (m.name !== '') s.members.push({ name: m.name, ty: m.ty, offset: 0, bits: { pos: 0, width: m.width } });
        size = Math.max(size, Math.ceil(m.width / 8));
        continue;
      }
      if (m.width === 0) { bit = alignTo(bit, unit); continue; }
      if (Math.floor(bit / unit) !== Math.floor((bit + m.width - 1) / unit)) bit = alignTo(bit, unit);
      if (m.name !== '') s.members.push({ name: m.name, ty: m.ty, offset: Math.floor(bit / unit) * (unit / 8), bits: { pos: bit % unit, width: m.width } });
      bit += m.width;
      continue;
    }
    align = Math.max(align, a);
    if (s.union) { s.members.push({ name: m.name, ty: m.ty, offset: 0 }); size = Math.max(size, sizeOf(m.ty)); continue; }
    const off = alignTo(Math.ceil(bit / 8), a);
    s.members.push({ name: m.name, ty: m.ty, offset: off });
    bit = (off + sizeOf(m.ty)) * 8;
  }
  s.size = alignTo(s.union ? size : Math.ceil(bit / 8), align);
  s.align = align;
  s.complete = true;
}

/** The type of a bit-field read as a value: int when its width fits one (so unsigned x:3 promotes to int, as gcc does). */
export function bitFieldType(m: Member): Type {
  if (m.ty.kind === 'bool' || m.bits === undefined) return m.ty;
  return sizeOf(m.ty) <= 4 && m.bits.width < 32 ? T.int : m.ty;
}

export function alignTo(n: number, a: number): number { return Math.ceil(n / a) * a; }

export const isInteger = (t: Type): boolean => t.kind === 'int' || t.kind === 'bool';
export const isArith = (t: Type): boolean => isInteger(t) || t.kind === 'float';
export const isScalar = (t: Type): boolean => isArith(t) || t.kind === 'ptr';
export const isPtrLike = (t: Type): boolean => t.kind === 'ptr' || t.kind === 'array' || t.kind === 'func';
export const isUnsigned = (t: Type): boolean => t.kind === 'bool' || (t.kind === 'int' && t.unsigned) || t.kind === 'ptr';

/** Integer promotion (C11 6.3.1.1): types narrower than int become int. */
export function promote(t: Type): Type {
  if (t.kind === 'bool') return T.int;
  if (t.kind === 'int' && t.size < 4) return T.int;
  return t;
}

/** The usual arithmetic conversions (C11 6.3.1.8): the common type of a binary operation. */
export function commonType(a: Type, b: Type): Type {
  if (a.kind === 'float' || b.kind === 'float') {
    const sa = a.kind === 'float' ? a.size : 0; const sb = b.kind === 'float' ? b.size : 0;
    return sa >= sb ? a : b;
  }
  const x = promote(a) as IntType; const y = promote(b) as IntType;
  if (x.size === y.size && x.unsigned === y.unsigned) return x;
  if (x.unsigned === y.unsigned) return x.size > y.size ? x : y;
  const [u, s] = x.unsigned ? [x, y] : [y, x];
  if (u.size >= s.size) return u;          // unsigned of greater or equal rank wins
  return s;                                 // the signed type can represent every value of the unsigned one (LP64)
}

/** The type C would print in a diagnostic ("int *", "struct sockaddr *", "char[1024]"). */
export function typeName(t: Type): string {
  switch (t.kind) {
    case 'void': return 'void';
    case 'bool': return '_Bool';
    case 'int': return t.enumTag !== undefined ? `enum ${t.enumTag}` : t.name;
    case 'float': return t.size === 4 ? 'float' : t.size === 8 ? 'double' : 'long double';
    case 'ptr': {
      if (t.to.kind === 'func') return `${typeName(t.to.ret)} (*)(${funcParams(t.to)})`;
      if (t.to.kind === 'array') return `${typeName(t.to.of)} (*)[${t.to.len}]`;
      const inner = typeName(t.to);
      return inner.endsWith('*') ? inner + '*' : inner + ' *';
    }
    case 'array': return `${typeName(t.of)}[${t.len < 0 ? '' : t.len}]`;
    case 'func': return `${typeName(t.ret)}(${funcParams(t)})`;
    case 'struct': return `${t.union ? 'union' : 'struct'} ${t.tag}`;
  }
}

function funcParams(f: FuncType): string {
  const ps = f.params.map(typeName);
  if (f.variadic) ps.push('...');
  return ps.length === 0 ? (f.unspecified ? '' : 'void') : ps.join(', ');
}

/** Compatible types (C11 6.2.7), ignoring qualifiers: what decides "incompatible pointer types". */
/**
 * The same type, as _Generic tells its associations apart (C11 6.5.1.1): long and long long are
 * different types here although they have one representation, char is neither signed nor unsigned
 * char, an enum is its underlying unsigned int. (Qualifiers are not modelled: see the parser.)
 */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int': { const y = b as IntType; return a.size === y.size && a.unsigned === y.unsigned && a.name.replace(/^signed char$/, 'schar') === y.name.replace(/^signed char$/, 'schar'); }
    case 'ptr': return sameType(a.to, (b as { to: Type }).to);
    case 'array': { const y = b as { of: Type; len: number }; return sameType(a.of, y.of) && a.len === y.len; }
    default: return compatible(a, b);
  }
}

export function compatible(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int': { const y = b as IntType; return a.size === y.size && a.unsigned === y.unsigned && (a.name === 'char') === (y.name === 'char'); }
    case 'float': return a.size === (b as { size: number }).size;
    case 'ptr': return compatible(a.to, (b as { to: Type }).to);
    case 'array': { const y = b as { of: Type; len: number }; return compatible(a.of, y.of) && (a.len < 0 || y.len < 0 || a.len === y.len); }
    case 'func': {
      const y = b as FuncType;
      if (!compatible(a.ret, y.ret)) return false;
      if (a.unspecified || y.unspecified) return true;
      return a.variadic === y.variadic && a.params.length === y.params.length && a.params.every((p, i) => compatible(p, y.params[i]!));
    }
    case 'struct': return a === b;
    default: return true;
  }
}
