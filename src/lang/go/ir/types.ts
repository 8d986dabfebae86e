// Go's types, as the checker sees them (go/types' model, trimmed): basic types
// with the untyped constant kinds, named types with their methods, and the
// composite type constructors. Identity, underlying types, assignability, method
// sets and the type strings of error messages and %T follow the Go spec.

export type BasicKind =
  | 'bool' | 'int' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr'
  | 'float32' | 'float64' | 'complex128' | 'string' | 'unsafe.Pointer'
  | 'untyped bool' | 'untyped int' | 'untyped rune' | 'untyped float' | 'untyped string' | 'untyped nil'
  /** The type of an expression already reported as an error: it causes no further errors. */
  | 'invalid';

export interface Basic { k: 'basic'; kind: BasicKind; name: string }
export interface Named {
  k: 'named'; name: string; pkg: string; id: number;
  underlying: Type | null;
  /** Methods declared on T or *T, by name. */
  methods: Map<string, MethodInfo>;
}
export interface MethodInfo {
  name: string; ptrRecv: boolean; sig: Signature;
  /** JS name of the compiled method, or the native's key. */
  impl: string;
  /** Implemented in src/runtime/golib (declared without a body). */
  native: boolean;
}
export interface Pointer { k: 'pointer'; elem: Type }
export interface Slice { k: 'slice'; elem: Type }
export interface ArrayT { k: 'array'; len: number; elem: Type }
export interface MapT { k: 'map'; key: Type; elem: Type }
export interface ChanT { k: 'chan'; dir: 'both' | 'send' | 'recv'; elem: Type }
export interface StructField { name: string; type: Type; embedded: boolean; exported: boolean }
export interface StructT { k: 'struct'; fields: StructField[] }
export interface Signature { k: 'func'; params: Type[]; results: Type[]; variadic: boolean }
export interface Interface { k: 'interface'; methods: Map<string, Signature>; embeds: Type[]; complete: boolean }
export interface Tuple { k: 'tuple'; types: Type[] }

export type Type = Basic | Named | Pointer | Slice | ArrayT | MapT | ChanT | StructT | Signature | Interface | Tuple;

const basics = new Map<string, Basic>();
export function basic(kind: BasicKind, name: string = kind): Basic {
  const key = `${kind}/${name}`;
  let b = basics.get(key);
  if (b === undefined) { b = { k: 'basic', kind, name }; basics.set(key, b); }
  return b;
}

export const T = {
  bool: basic('bool'), int: basic('int'), int8: basic('int8'), int16: basic('int16'), int32: basic('int32'), int64: basic('int64'),
  uint: basic('uint'), uint8: basic('uint8'), uint16: basic('uint16'), uint32: basic('uint32'), uint64: basic('uint64'), uintptr: basic('uintptr'),
  float32: basic('float32'), float64: basic('float64'), complex128: basic('complex128'), string: basic('string'),
  byte: basic('uint8', 'byte'), rune: basic('int32', 'rune'), unsafePointer: basic('unsafe.Pointer'),
  untypedBool: basic('untyped bool'), untypedInt: basic('untyped int'), untypedRune: basic('untyped rune'),
  untypedFloat: basic('untyped float'), untypedString: basic('untyped string'), untypedNil: basic('untyped nil'),
  invalid: basic('invalid', 'invalid type'),
};

export const emptyInterface: Interface = { k: 'interface', methods: new Map(), embeds: [], complete: true };

let namedIds = 0;
export function newNamed(name: string, pkg: string, underlying: Type | null): Named {
  return { k: 'named', name, pkg, id: ++namedIds, underlying, methods: new Map() };
}

/** The predeclared `error` interface. */
export const errorType: Named = newNamed('error', '', null);
errorType.underlying = { k: 'interface', methods: new Map([['Error', { k: 'func', params: [], results: [T.string], variadic: false }]]), embeds: [], complete: true };

export function underlying(t: Type): Type {
  let u: Type = t;
  for (let i = 0; u.k === 'named'; i++) {
    if (u.underlying === null || i > 100) return T.untypedNil;
    u = u.underlying;
  }
  return u;
}

export function isUntyped(t: Type): boolean { return t.k === 'basic' && t.kind.startsWith('untyped'); }
function basicKind(t: Type): BasicKind | null { const u = underlying(t); return u.k === 'basic' ? u.kind : null; }
export function isInteger(t: Type): boolean {
  const k = basicKind(t);
  return k !== null && (/^u?int/.test(k) || k === 'uintptr' || k === 'untyped int' || k === 'untyped rune');
}
export function isUnsigned(t: Type): boolean { const k = basicKind(t); return k !== null && (k.startsWith('uint')); }
export function isFloat(t: Type): boolean { const k = basicKind(t); return k === 'float32' || k === 'float64' || k === 'untyped float'; }
export function isNumeric(t: Type): boolean { return isInteger(t) || isFloat(t) || basicKind(t) === 'complex128'; }
export function isString(t: Type): boolean { const k = basicKind(t); return k === 'string' || k === 'untyped string'; }
export function isBoolean(t: Type): boolean { const k = basicKind(t); return k === 'bool' || k === 'untyped bool'; }
export function isInterface(t: Type): boolean { return underlying(t).k === 'interface'; }

/** Bits of an integer type (int and uint are 64 on amd64). */
export function intBits(t: Type): number {
  const k = basicKind(t)!;
  if (k === 'int' || k === 'uint' || k === 'uintptr' || k === 'untyped int' || k === 'untyped rune') return k === 'untyped rune' ? 32 : 64;
  return Number(k.replace(/^u?int/, ''));
}

/** The type an untyped constant takes where no type is asked for. */
export function defaultType(t: Type): Type {
  if (t.k !== 'basic') return t;
  switch (t.kind) {
    case 'untyped bool': return T.bool;
    case 'untyped int': return T.int;
    case 'untyped rune': return T.rune;
    case 'untyped float': return T.float64;
    case 'untyped string': return T.string;
    default: return t;
  }
}

export function identical(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.k === 'basic' && b.k === 'basic') return a.kind === b.kind;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'named': return false;
    case 'pointer': return identical(a.elem, (b as Pointer).elem);
    case 'slice': return identical(a.elem, (b as Slice).elem);
    case 'array': return a.len === (b as ArrayT).len && identical(a.elem, (b as ArrayT).elem);
    case 'map': return identical(a.key, (b as MapT).key) && identical(a.elem, (b as MapT).elem);
    case 'chan': return a.dir === (b as ChanT).dir && identical(a.elem, (b as ChanT).elem);
    case 'struct': {
      const bf = (b as StructT).fields;
      return a.fields.length === bf.length && a.fields.every((f, i) => f.name === bf[i]!.name && f.embedded === bf[i]!.embedded && identical(f.type, bf[i]!.type));
    }
    case 'func': {
      const bs = b as Signature;
      return a.variadic === bs.variadic && a.params.length === bs.params.length && a.results.length === bs.results.length &&
        a.params.every((p, i) => identical(p, bs.params[i]!)) && a.results.every((p, i) => identical(p, bs.results[i]!));
    }
    case 'interface': {
      const bm = (b as Interface).methods;
      if (a.methods.size !== bm.size) return false;
      for (const [n, s] of a.methods) { const o = bm.get(n); if (o === undefined || !identical(s, o)) return false; }
      return true;
    }
    case 'tuple': return a.types.length === (b as Tuple).types.length && a.types.every((t, i) => identical(t, (b as Tuple).types[i]!));
    default: return false;
  }
}

/** How a type is written: qualified (main.P, as %T prints it) or as gc's messages write it (P for the package's own types). */
/** A type as the compiler's messages spell it (types2): `interface{}`, `interface{M()}`; reflect's spacing is typeString's. */
export function typeText(t: Type): string {
  return typeString(t, false).replace(/interface \{ /g, 'interface{').replace(/interface \{\}/g, 'interface{}').replace(/ \}/g, '}');
}

export function typeString(t: Type, qualify = true): string {
  switch (t.k) {
    case 'basic': return qualify && (t.name === 'byte' || t.name === 'rune') ? t.kind : t.name; // reflect names the aliases' types: uint8, int32
    case 'named': return t.pkg === '' ? t.name : t.pkg === 'main' && !qualify ? t.name : `${t.pkg}.${t.name}`;
    case 'pointer': return `*${typeString(t.elem, qualify)}`;
    case 'slice': return `[]${typeString(t.elem, qualify)}`;
    case 'array': return `[${t.len}]${typeString(t.elem, qualify)}`;
    case 'map': return `map[${typeString(t.key, qualify)}]${typeString(t.elem, qualify)}`;
    case 'chan': return `${t.dir === 'recv' ? '<-chan' : t.dir === 'send' ? 'chan<-' : 'chan'} ${typeString(t.elem, qualify)}`;
    case 'struct': return `struct{${t.fields.map((f) => (f.embedded ? typeString(f.type, qualify) : `${f.name} ${typeString(f.type, qualify)}`)).join('; ')}}`;
    case 'func': return `func${sigString(t, qualify)}`;
    case 'interface':
      if (t === emptyInterface || (t.methods.size === 0 && t.embeds.length === 0)) return 'interface {}';
      return `interface { ${[...t.methods].map(([n, s]) => `${n}${sigString(s, qualify)}`).join('; ')} }`;
    case 'tuple': return `(${t.types.map((x) => typeString(x, qualify)).join(', ')})`;
  }
}

export function sigString(s: Signature, qualify = true): string {
  const ps = s.params.map((p, i) => (s.variadic && i === s.params.length - 1 ? `...${typeString((p as Slice).elem, qualify)}` : typeString(p, qualify)));
  const rs = s.results.length === 0 ? '' : s.results.length === 1 ? ` ${typeString(s.results[0]!, qualify)}` : ` (${s.results.map((r) => typeString(r, qualify)).join(', ')})`;
  return `(${ps.join(', ')})${rs}`;
}

// --- methods and fields -----------------------------------------------------------------------

export type Selection =
  | { kind: 'field'; path: string[]; type: Type; /** the last hop is through a pointer */ indirect: boolean }
  | { kind: 'method'; path: string[]; recvType: Named; method: MethodInfo; /** the value reached is a pointer */ indirect: boolean }
  | { kind: 'imethod'; path: string[]; iface: Type; sig: Signature };

/**
 * x.name on a value of type t: the shallowest field or method, through embedded
 * fields (the spec's selector rule: depth first by depth, ambiguity is an error).
 * path lists the embedded fields walked. null when there is none; 'ambiguous' when
 * two are at the same depth.
 */
export function lookupFieldOrMethod(t: Type, name: string): Selection | null | 'ambiguous' {
  let isPtr = false;
  let start = t;
  if (t.k === 'pointer') { isPtr = true; start = t.elem; } else if (t.k !== 'named' && underlying(t).k === 'pointer') { start = (underlying(t) as Pointer).elem; isPtr = true; }
  let level: { type: Type; path: string[]; indirect: boolean }[] = [{ type: start, path: [], indirect: isPtr }];
  const seen = new Set<Type>();
  while (level.length > 0) {
    const found: Selection[] = [];
    const next: { type: Type; path: string[]; indirect: boolean }[] = [];
    for (const e of level) {
      if (seen.has(e.type)) continue;
      seen.add(e.type);
      if (e.type.k === 'named') {
        const m = e.type.methods.get(name);
        if (m !== undefined) { found.push({ kind: 'method', path: e.path, recvType: e.type, method: m, indirect: e.indirect }); continue; }
      }
      const u = underlying(e.type);
      if (u.k === 'struct') {
        for (const f of u.fields) {
          if (f.name === name) found.push({ kind: 'field', path: [...e.path, f.name], type: f.type, indirect: e.indirect });
          if (f.embedded) {
            const ft = f.type.k === 'pointer' ? f.type.elem : f.type;
            next.push({ type: ft, path: [...e.path, f.name], indirect: f.type.k === 'pointer' });
          }
        }
      } else if (u.k === 'interface') {
        const s = u.methods.get(name);
        if (s !== undefined) found.push({ kind: 'imethod', path: e.path, iface: e.type, sig: s });
      }
    }
    if (found.length === 1) return found[0]!;
    if (found.length > 1) return 'ambiguous';
    level = next;
  }
  return null;
}

/** The method set of t as an interface checker needs it: name → (signature, needs pointer receiver). */
export function methodSet(t: Type): Map<string, { sig: Signature; ptrOnly: boolean }> {
  const out = new Map<string, { sig: Signature; ptrOnly: boolean }>();
  const isPtr = t.k === 'pointer';
  const base = isPtr ? (t as Pointer).elem : t;
  const visit = (ty: Type, viaPtr: boolean, depth: number, seen: Set<Type>): void => {
    if (seen.has(ty) || depth > 8) return;
    seen.add(ty);
    if (ty.k === 'named') for (const [n, m] of ty.methods) if (!out.has(n)) out.set(n, { sig: m.sig, ptrOnly: m.ptrRecv && !viaPtr });
    const u = underlying(ty);
    if (u.k === 'interface') for (const [n, s] of u.methods) if (!out.has(n)) out.set(n, { sig: s, ptrOnly: false });
    if (u.k === 'struct') for (const f of u.fields) if (f.embedded) visit(f.type.k === 'pointer' ? f.type.elem : f.type, viaPtr || f.type.k === 'pointer', depth + 1, seen);
  };
  visit(base, isPtr, 0, new Set());
  return out;
}

/** Why t does not implement iface ('' when it does), worded as gc words it. */
export function missingMethod(t: Type, iface: Interface): string {
  const ms = methodSet(t);
  for (const [name, sig] of [...iface.methods].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const m = ms.get(name);
    if (m === undefined) return `(missing method ${name})`;
    if (!identical(m.sig, sig)) return `(wrong type for method ${name})\n\t\thave ${name}${sigString(m.sig, false)}\n\t\twant ${name}${sigString(sig, false)}`;
    if (m.ptrOnly) return `(method ${name} has pointer receiver)`;
  }
  return '';
}

export function implementsIface(t: Type, iface: Type): boolean {
  const u = underlying(iface);
  return u.k === 'interface' && missingMethod(t, u) === '';
}

/** Assignability of a value of type v to a variable of type t (the spec's rules, untyped constants aside). */
export function assignable(v: Type, t: Type): boolean {
  if (identical(v, t)) return true;
  const vu = underlying(v), tu = underlying(t);
  if (v.k === 'basic' && v.kind === 'untyped nil') return ['pointer', 'slice', 'map', 'chan', 'func', 'interface'].includes(tu.k) || (tu.k === 'basic' && tu.kind === 'unsafe.Pointer');
  if (identical(vu, tu) && (v.k !== 'named' || t.k !== 'named') && vu.k !== 'basic') return true;
  if (tu.k === 'interface') return implementsIface(v, t);
  if (vu.k === 'chan' && tu.k === 'chan' && vu.dir === 'both' && identical(vu.elem, tu.elem) && (v.k !== 'named' || t.k !== 'named')) return true;
  if (isUntyped(v)) {
    if (tu.k !== 'basic') return false;
    switch ((v as Basic).kind) {
      case 'untyped bool': return isBoolean(tu);
      case 'untyped string': return isString(tu);
      case 'untyped int': case 'untyped rune': return isNumeric(tu);
      case 'untyped float': return isNumeric(tu);
      default: return false;
    }
  }
  return false;
}

/** Comparable with == (the spec's comparability: no slices, maps or funcs). */
export function comparable(t: Type): boolean {
  const u = underlying(t);
  switch (u.k) {
    case 'slice': case 'map': case 'func': return false;
    case 'struct': return u.fields.every((f) => comparable(f.type));
    case 'array': return comparable(u.elem);
    default: return true;
  }
}

/** Bytes a value of t takes (amd64), for frames and unsafe.Sizeof. */
export function sizeof(t: Type): number {
  const u = underlying(t);
  switch (u.k) {
    case 'basic':
      switch (u.kind) {
        case 'bool': case 'int8': case 'uint8': return 1;
        case 'int16': case 'uint16': return 2;
        case 'int32': case 'uint32': case 'float32': case 'untyped rune': return 4;
        case 'string': case 'untyped string': return 16;
        case 'complex128': return 16;
        default: return 8;
      }
    case 'slice': return 24;
    case 'interface': return 16;
    case 'array': return u.len * sizeof(u.elem);
    case 'struct': {
      let off = 0; let align = 1;
      for (const f of u.fields) { const s = sizeof(f.type); const a = Math.min(8, Math.max(1, s >= 8 ? 8 : s)); align = Math.max(align, a); off = Math.ceil(off / a) * a + s; }
      return Math.ceil(off / align) * align;
    }
    case 'tuple': return u.types.reduce((a, x) => a + sizeof(x), 0);
    default: return 8;
  }
}
