// gen: the checked intermediate form → a program of the same kind as the built-in
// apps: JavaScript generator functions that yield machine instructions through the
// runtime (src/runtime) and its Go library support (src/runtime/golib). The text
// is compiled once into a factory; each process that loads the program calls the
// factory, so package-level variables belong to the process.
//
// Values: int8…uint32 and floats are numbers (the small integers wrap with shifts and
// masks); a 64-bit integer (int, int64, uint, uint64, uintptr) is a number while it is a
// safe integer and a bigint beyond, its arithmetic exact and wrapping as Go's through
// golib's add64/mul64/shl64…, which stay on numbers in the common case; strings are byte strings (one
// char per byte, so len and indexing are Go's), slices are golib Slices, maps
// golib GoMaps, channels the runtime's Chan, structs plain objects, arrays
// JavaScript arrays, interfaces golib Iface boxes (a type descriptor and a value),
// pointers to structs and arrays the object itself, pointers to anything else a
// cell with a `v` (a variable whose address is taken lives in one).
//
// Costs: every function call goes through the prologue (enter: the stack-bound
// check that cooperative preemption and stack growth hang on); straight-line
// statements charge STMT_CYCLES each, in one compute per run of statements, and
// every loop iteration charges at its head, so a loop with no calls still yields
// compute instructions that async preemption can split.

import type * as I from '../ir/ir.ts';
import { underlying, typeString, isInteger, isUnsigned, isFloat, isString, isInterface, intBits, sizeof, type Type, type Named, T, methodSet } from '../ir/types.ts';
import { STMT_CYCLES, LOOP_CYCLES } from '../../cost.ts';
import { NATIVE_GENERATORS } from '../../../runtime/golib/natives.ts';
import { escape, ptrWords, refs, type FrameMap } from '../ir/escape.ts';

/** Something watches the running goroutine's memory accesses (the machine's memWatch): one field test. */
const WATCHED = '$.W.fn !== null';

const isAgg = (t: Type): boolean => { const u = underlying(t); return u.k === 'struct' || u.k === 'array'; };
/**
 * An array of bytes ([N]byte, [N]uint8) is a Uint8Array: a 1 KiB buffer is 1 KiB of the host's memory,
 * not 1,024 boxed slots. It holds the same values (a byte is stored wrapped, as Go's conversion wraps it)
 * and is read and written by index like any array; a slice of it shares it as Go's does.
 */
const isBytes = (t: Type): boolean => { const u = underlying(t); return u.k === 'basic' && u.kind === 'uint8'; };

export class Gen {
  private tdCount = 0;
  private readonly tds = new Map<string, string>();
  private readonly tdDecls: string[] = [];
  private readonly cloneFns = new Map<string, string>();
  private readonly helperDecls: string[] = [];
  private readonly sites = new Map<string, string>();
  private readonly libs = new Map<string, string>();
  private tmp = 0;
  private fnStack: I.Func[] = [];
  /** The loops, switches and selects around the statement being generated, innermost last. */
  private brks: Breakable[] = [];
  /** The goto blocks around it: each label's case, and how many breakables were open where the block began. */
  private gotos: { labels: Map<string, number>; pc: string; lbl: string; depth: number }[] = [];
  private readonly gotoTargets = new Map<I.Func, Set<string>>();
  /** Variables a goto block declares at its top level: declared before its loop, assigned where Go declares them. */
  private hoisted = new Set<number>();

  /** Generated function name → Go name, for tracebacks. */
  readonly names = new Map<string, string>();
  readonly files: string[] = [];

  /** -race: the data-segment address of each package-level variable, and each function's descriptor. */
  private readonly gaddr = new Map<number, number>();
  private readonly fnDescs = new Map<string, string>();

  /** -race: the locals a closure shares with the function around it (gc moves them to the heap). */
  private readonly captured: Set<number>;

  /** escape analysis: each function's stack map and captured variables. */
  private readonly frames: Map<I.Func, FrameMap>;

  constructor(private readonly prog: I.Program, private readonly opts: GenOptions = { race: false, file: (f) => f }) {
    this.captured = opts.race ? capturedVars(prog) : new Set();
    this.frames = escape(prog);
  }

  // --- the heap (escape.ts decides what goes there) --------------------------------------------

  /** `(yield* $.newobj(o, size, ptrwords))`: the object o of type t, allocated by mallocgc (nothing for a zero-size type). */
  heap(t: Type, o: string): string {
    const size = sizeof(t);
    return size === 0 ? o : `(yield* $.newobj(${o}, ${size}, ${ptrWords(t)}))`;
  }
  /** A cell holding a variable of type t whose address is taken: the variable itself, in the heap. */
  heapCell(t: Type, val: string): string { return `(yield* $.newobj({ v: ${val} }, ${Math.max(1, sizeof(t))}, ${ptrWords(t)}))`; }
  /** A slice whose backing array may be new (make, a literal, an append that grew): the array allocated if it is. */
  heapSlice(t: Type, s: string): string {
    const et = (underlying(t) as { elem: Type }).elem;
    return `(yield* $.newarray(${s}, ${Math.max(1, sizeof(et))}, ${ptrWords(et)}))`;
  }
  /** The value a declaration gives variable v: in a heap cell, or itself allocated (an aggregate whose address is taken). */
  initVal(v: I.Var, val: string): string {
    if (this.cell(v)) return this.heapCell(v.type, val);
    if (v.addrTaken && isAgg(v.type) && !v.global) return this.heap(v.type, val);
    return val;
  }
  /** `let v = val;`, or `v = val;` for a local the frame's stack map holds (declared at the function's top). */
  declVar(v: I.Var, val: string): string {
    const f = this.fnStack[this.fnStack.length - 1];
    const hoisted = f !== undefined && this.frames.get(f)?.hoisted.has(v.id) === true || this.hoisted.has(v.id);
    return `${hoisted ? '' : 'let '}${this.vname(v)} = ${this.initVal(v, val)};`;
  }
  /** A stack-map entry: the variable, or a temporary's tuple elements that may hold references (a tuple is not one Go value). */
  rootRef(v: I.Var): string {
    const u = underlying(v.type);
    if (u.k !== 'tuple') return this.vname(v);
    const els = u.types.map((t, i) => (refs(t) ? `${this.vname(v)}?.[${i}]` : '')).filter((x) => x !== '');
    return els.length === 0 ? 'null' : els.join(', ');
  }
  /** The write barrier before a store of a reference over `old`: only while some process marks. */
  wb(t: Type, old: string, nw: string): string { return refs(t) ? `if ($.M.n > 0) $.wb(${old}, ${nw}); ` : ''; }

  get race(): boolean { return this.opts.race; }

  // --- the race build (gc -race): hooks at shared memory accesses ---------------------------------

  /** The descriptor racefuncenter gets: the function's Go name and file as frames print them. */
  fnDesc(f: I.Func): string {
    let d = this.fnDescs.get(f.goName);
    if (d === undefined) {
      d = `$F${this.fnDescs.size}`;
      this.fnDescs.set(f.goName, d);
      this.helperDecls.push(`const ${d} = { name: ${JSON.stringify(f.goName)}, file: ${JSON.stringify(this.opts.file(f.pos.file))} };`);
    }
    return d;
  }

  /** -race: a go/defer call in gc's wrapper closure, a frame of its own in the stacks (main.main.func2 calling main.worker). */
  wrapped(fn: string, w: I.GoWrap | undefined): string {
    if (!this.race || w === undefined) return fn;
    const f = this.fnStack[this.fnStack.length - 1];
    const d = `$W${this.helperDecls.length}`;
    this.helperDecls.push(`const ${d} = { name: ${JSON.stringify(w.name)}, file: ${JSON.stringify(this.opts.file(f?.pos.file ?? ''))} };`);
    return `$.racewrap(${d}, ${w.line}, ${fn})`;
  }

  /**
   * `$.at(site)`: the goroutine notes the statement it begins, one store and no stack walk,
   * so that a deadlock or the dashboard can say where it waits. The program's own functions
   * only: a goroutine blocked inside sync.Cond.Wait is shown at its call.
   */
  atSite(pos: { file: string; line: number }): string {
    return this.fnStack[this.fnStack.length - 1]!.goName.startsWith('main.') ? `$.at(${this.site(pos)}); ` : '';
  }

  /** A statement's site (function, file, line) as frames print it, declared once per program. */
  site(pos: { file: string; line: number }): string {
    const f = this.fnStack[this.fnStack.length - 1]!;
    const key = `${f.goName}\n${pos.file}\n${pos.line}`;
    let d = this.sites.get(key);
    if (d === undefined) {
      d = `$S${this.sites.size}`;
      this.sites.set(key, d);
      const noargs = f.params.length === 0 && f.recv === null ? ', noargs: true' : '';
      this.helperDecls.push(`const ${d} = { fn: ${JSON.stringify(f.goName)}, file: ${JSON.stringify(this.opts.file(pos.file))}, line: ${pos.line}${noargs} };`);
    }
    return d;
  }

  /** A statement's cycles: in the race build, a point where found races are written out. */
  charge(n: number): string { return this.race ? `yield* $.rc($rg, ${n});` : `if (!computeInPlace(${n})) yield compute(${n});`; }

  /** Where a variable may be seen by another goroutine: package-level, or in a cell (escaped, or captured). */
  shared(v: I.Var): boolean { return this.race && v.native === undefined && !isAgg(v.type) && (v.global || this.cell(v)); }

  /** A read of shared variable v, instrumented. */
  rvar(v: I.Var): string {
    const sz = accSize(v.type);
    return v.global ? `($.rrd($rg, ${this.gaddr.get(v.id)}, ${sz}), ${this.vref(v)})` : `$.rr($rg, ${this.vname(v)}, 0, ${sz}).v`;
  }

  /** The write hook of shared variable v. */
  wvar(v: I.Var): string {
    const sz = accSize(v.type);
    return v.global ? `$.rwd($rg, ${this.gaddr.get(v.id)}, ${sz});` : `$.rw($rg, ${this.vname(v)}, 0, ${sz});`;
  }

  /** A marker of the Go position a generated statement comes from (a comment: free at run time). */
  mark(pos: { file: string; line: number }): string {
    let f = this.files.indexOf(pos.file);
    if (f < 0) { f = this.files.length; this.files.push(pos.file); }
    return `/*@${f}:${pos.line}*/`;
  }

  // --- naming ---------------------------------------------------------------------------------

  vname(v: I.Var): string { return v.global ? `G_${js(v.name)}_${v.id}` : `${js(v.name)}_${v.id}`; }
  cell(v: I.Var): boolean { return (v.addrTaken || this.captured.has(v.id) || this.hoistedCells.has(v.id)) && !isAgg(v.type); }
  /** Hoisted variables of goto blocks that closures capture: cells, handed to each closure as it is made. */
  private readonly hoistedCells = new Set<number>();
  private allCaptured: Set<number> | null = null;
  vref(v: I.Var): string { return this.cell(v) ? `${this.vname(v)}.v` : this.vname(v); }
  lib(key: string): string {
    let n = this.libs.get(key);
    if (n === undefined) { n = `L${this.libs.size}_${key.replace(/[^A-Za-z0-9]/g, '_')}`; this.libs.set(key, n); }
    return n;
  }
  newTmp(): string { return `$t${++this.tmp}`; }

  // --- type descriptors ------------------------------------------------------------------------

  /** A runtime descriptor of t: its kind, its %T string, its parts and its method table. */
  td(t: Type): string {
    const key = tkey(t);
    const have = this.tds.get(key);
    if (have !== undefined) return have;
    const name = `$T${++this.tdCount}`;
    this.tds.set(key, name);
    const u = underlying(t);
    const kind = u.k === 'basic' ? basicKindOf(u.kind) : u.k;
    this.tdDecls.push(`const ${name} = $.newType(${JSON.stringify(kind)}, ${JSON.stringify(typeString(t))}, ${t.k === 'named' ? JSON.stringify(t.name) : 'null'});`);
    const parts: string[] = [];
    if (u.k === 'pointer' || u.k === 'slice' || u.k === 'array' || u.k === 'chan' || u.k === 'map') parts.push(`elem: ${this.td(u.elem)}`);
    if (u.k === 'map') parts.push(`key: ${this.td(u.key)}`);
    if (u.k === 'array') parts.push(`len: ${u.len}`);
    if (u.k === 'struct') parts.push(`fields: [${u.fields.map((f) => `{ name: ${JSON.stringify(f.name)}, type: ${this.td(f.type)}, embedded: ${f.embedded}, exported: ${f.exported} }`).join(', ')}]`);
    if (u.k === 'chan') parts.push(`dir: ${JSON.stringify(u.dir)}`);
    if (u.k === 'interface') parts.push(`imethods: ${JSON.stringify([...u.methods.keys()])}`);
    // methods: the method set of t (value receivers; through a pointer, both)
    const ms = methodSet(t);
    const meths: string[] = [];
    for (const [n, m] of ms) {
      if (m.ptrOnly) continue;
      const impl = this.methodImpl(t, n);
      if (impl !== null) meths.push(`${JSON.stringify(n)}: ${impl}`);
    }
    if (meths.length > 0) parts.push(`methods: { ${meths.join(', ')} }`);
    if (parts.length > 0) this.tdDecls.push(`Object.assign(${name}, { ${parts.join(', ')} });`);
    return name;
  }

  /** The function a method value of t calls with t's value as the receiver (embedded promotion wrapped). */
  methodImpl(t: Type, name: string): string | null {
    const isPtr = t.k === 'pointer';
    const base = isPtr ? (t as { elem: Type }).elem : t;
    // find the declaring named type along embedded fields
    const path: { field: string; ptr: boolean }[] = [];
    const find = (ty: Type, depth: number): Named | null => {
      if (depth > 8) return null;
      if (ty.k === 'named' && ty.methods.has(name)) return ty;
      const u = underlying(ty);
      if (u.k === 'struct') for (const f of u.fields) if (f.embedded) {
        const ft = f.type.k === 'pointer' ? f.type.elem : f.type;
        path.push({ field: f.name, ptr: f.type.k === 'pointer' });
        const r = find(ft, depth + 1);
        if (r !== null) return r;
        path.pop();
      }
      if (u.k === 'interface' && u.methods.has(name)) return null;
      return null;
    };
    const decl = find(base, 0);
    if (decl === null) {
      // promoted through an embedded interface
      return null;
    }
    const m = decl.methods.get(name)!;
    const native = m.native;
    let fn = native ? this.lib(m.impl) : m.impl;
    if (native && !NATIVE_GENERATORS.has(m.impl)) fn = `$.asGen(${fn})`;
    if (path.length === 0) return fn;
    const walk = path.map((p) => `.${js(p.field)}`).join('');
    return `((r, ...a) => ${fn}(r${walk}, ...a))`;
  }

  // --- program --------------------------------------------------------------------------------

  program(): string {
    const body: string[] = [];
    if (this.race) {
      // the linker's data segment: package-level variables in declaration order, 8-byte aligned
      let a = 0x5d0000;
      for (const g of this.prog.globals) { this.gaddr.set(g.id, a); a += Math.max(8, (sizeof(g.type) + 7) & ~7); }
    }
    for (const g of this.prog.globals) body.push(`let ${this.vname(g)} = ${this.cell(g) ? `{ v: ${this.zero(g.type)} }` : this.zero(g.type)};`);
    for (const f of this.prog.funcs) body.push(this.func(f));
    const init: string[] = this.prog.globals.filter((g) => g.native !== undefined).map((g) => `${this.vref(g)} = $.nativeGlobal(${JSON.stringify(g.native)});`);
    const initFn: I.Func = { name: '$init', goName: 'main.init', params: [], variadic: false, results: [], namedResults: false, recv: null, body: [], hasDefer: false, frameSize: 0, pos: this.prog.init[0]?.pos ?? { file: this.prog.files[0] ?? '', line: 0, col: 0 } };
    this.fnStack.push(initFn);
    const groots = this.prog.globals.filter((g) => g.native === undefined && (refs(g.type) || this.cell(g)));
    if (groots.length > 0) init.unshift(`$.globalRoots(() => [${groots.map((g) => this.vname(g)).join(', ')}]);`);
    if (this.race) init.unshift(`const $rg = $.rfe(${this.fnDesc(initFn)});`);
    for (const s of this.prog.init) init.push((this.race ? `$rg.l = ${s.pos.line}; ` : '') + this.stmt(s));
    if (this.race) init.push('$.rfx($rg);');
    this.fnStack.pop();
    for (const f of this.prog.initFuncs) init.push(`yield* ${f}();`);
    const libDecls = [...this.libs].map(([k, n]) => (this.race ? `const ${n} = $.racelib(${JSON.stringify(k)});` : `const ${n} = $.lib[${JSON.stringify(k)}];`));
    return [
      '"use strict";',
      'const { compute, computeInPlace } = $;',
      ...libDecls,
      ...this.tdDecls,
      ...this.helperDecls,
      ...body,
      `return function* $start() {`,
      ...init,
      // main.main is the bottom frame of goroutine 1: the init statements' sites are not its callers;
      // it runs as a tail call, stepped by the M directly (proc.ts tailcall)
      `  $.at(null);`,
      `  return $.tailcall(F_main());`,
      `};`,
    ].join('\n');
  }

  /**
   * A function's JavaScript: a declaration named after its Go name once the module is loaded
   * (setName), or, for a closure (asValue), an expression that takes its Go name as it is made,
   * from the literal key it is defined under: a closure is made each time its literal is
   * evaluated, and renaming each one would put it in V8's dictionary mode (~220 bytes more per
   * closure, and slower to make).
   */
  func(f: I.Func, asValue = false, sharedMap: string | null = null): string {
    this.fnStack.push(f);
    const params = [...(f.recv ? [f.recv] : []), ...f.params];
    const pnames = params.map((p) => (this.cell(p) ? `${this.vname(p)}$` : this.vname(p)));
    const lines: string[] = [];
    for (const p of params) if (this.cell(p)) lines.push(`const ${this.vname(p)} = ${this.heapCell(p.type, `${this.vname(p)}$`)};`);
    for (const p of params) if (isAgg(p.type) && p.addrTaken) lines.push(`${this.vname(p)} = ${this.heap(p.type, this.vname(p))};`);
    if (f.recv !== null && isAgg(f.recv.type) && !f.recv.addrTaken) lines.push(`${this.vname(f.recv)} = ${this.clone(f.recv.type, this.vname(f.recv))};`);
    for (const t of f.temps ?? []) lines.push(`let ${this.vname(t)} = null;`);
    for (const r of f.results) lines.push(`let ${this.vname(r)} = ${this.initVal(r, this.zero(r.type))};`);
    const fm = this.frames.get(f)!;
    const hoist = fm.roots.filter((v) => fm.hoisted.has(v.id));
    if (hoist.length > 0) lines.push(`let ${hoist.map((v) => this.vname(v)).join(', ')};`);
    // the frame's stack map: its locals that may hold references, for the collector
    // (parameters that are never assigned: their values, with no closure and context per call)
    const rootList = fm.roots.map((v) => this.rootRef(v)).join(', ');
    if (fm.roots.length > 0) lines.push(sharedMap !== null ? `$fd = $.pushFrame(${sharedMap});` : fm.fixed ? `$fd = $.pushFrame([${rootList}]);` : `$fd = $.pushFrame(() => [${rootList}]);`);
    this.lifted.push([]);
    const body0 = this.stmts(f.body);
    const inner = [...this.lifted.pop()!, body0].join('\n');
    const frame = f.frameSize;
    let bodyText: string;
    const resultExpr = f.results.length === 0 ? '' : f.results.length === 1 ? this.vref(f.results[0]!) : `[${f.results.map((r) => this.vref(r)).join(', ')}]`;
    if (f.hasDefer) {
      // the defer frame around the body (deferpush; deferpanic or deferreturn), inline: a
      // generator function made per call for it would cost V8's map and prototype each time.
      // The body's return statements set the results and leave the block `$body`.
      bodyText = `${lines.join('\n')}\nconst $df = $.deferpush();\ntry {\n$body: {\n${inner}\n}\n} catch ($e) { yield* $.deferpanic($df, $e); return ${resultExpr}; }\nyield* $.deferreturn($df);\nreturn ${resultExpr};`;
    } else {
      bodyText = `${lines.join('\n')}\n${inner}\nreturn ${resultExpr};`;
    }
    this.fnStack.pop();
    const goName = f.goName.replace(/^main\./, '');
    this.names.set(goName, f.goName);
    const fd = fm.roots.length > 0 ? ['let $fd = -1;\n', ' if ($fd >= 0) $.popFrame($fd);'] : ['', ''];
    // the program's own functions keep the goroutine's call sites (tracebacks); the library's are not printed
    const [enter, leave] = f.goName.startsWith('main.') ? ['$.fenter', '$.fleave'] : ['$.enter', '$.leave'];
    const body = this.race
      ? `{\nyield* ${enter}(${frame});\n${fd[0]}const $rg = $.rfe(${this.fnDesc(f)});\ntry {\n${bodyText}\n} finally {${fd[1]} $.rfx($rg); ${leave}(${frame}); }\n}`
      : `{\nyield* ${enter}(${frame});\n${fd[0]}try {\n${bodyText}\n} finally {${fd[1]} ${leave}(${frame}); }\n}`;
    const key = JSON.stringify(goName);
    if (asValue) return `const ${f.name} = { ${key}: function* (${pnames.join(', ')}) ${body} }[${key}];`;
    return `function* ${f.name}(${pnames.join(', ')}) ${body}\n$.setName(${f.name}, ${key});`;
  }

  /**
   * A func literal. Where every variable it captures has one binding for each call of the
   * function around it (parameters, results, the stack map's hoisted locals, the body's
   * top-level declarations, the outer functions' variables), its code is made once per call,
   * at the top of that function's body (lifted), and each evaluation makes only its funcval: a
   * small arrow function named as the literal, calling that code. Otherwise (a variable of a
   * loop's body or of an inner block, a goto block) the code itself is made at each
   * evaluation. Either way a closure with captured variables is a funcval in the heap, the
   * code pointer then one word per variable, and is called, named and traced alike; V8 makes
   * a map and a prototype for each generator function it creates, ~340 bytes and three times
   * the time of the arrow function per closure.
   */
  closure(f: I.Func): string {
    const fm = this.frames.get(f)!;
    const caps = fm.captures;
    const capList = `() => [${caps.map((v) => this.vname(v)).join(', ')}]`;
    if (this.gotos.length === 0 && this.hoistedCells.size === 0 && this.liftable(caps)) {
      // The captured variables have one binding per call here, so the funcvals' context (the
      // collector's view of the captured words) is one function for them all, made with the
      // code; so is the literal's stack map where it holds only captured variables.
      const lifted = this.lifted[this.lifted.length - 1]!;
      const ctx = `${f.name}$c`;
      if (caps.length > 0) lifted.push(`const ${ctx} = ${capList};`);
      const capIds = new Set(caps.map((v) => v.id));
      const mapText = `() => [${fm.roots.map((v) => this.rootRef(v)).join(', ')}]`;
      let sharedMap: string | null = null;
      if (fm.roots.length > 0 && !fm.fixed && fm.roots.every((v) => capIds.has(v.id))) {
        sharedMap = mapText === capList ? ctx : `${f.name}$m`;
        if (sharedMap !== ctx) lifted.push(`const ${sharedMap} = ${mapText};`);
      }
      lifted.push(this.func(f, true, sharedMap));
      if (caps.length === 0) return f.name; // no context: one funcval, as gc makes a static one
      const key = JSON.stringify(f.goName.replace(/^main\./, ''));
      const ps = f.params.map((_, i) => `a${i}`).join(', ');
      return `(yield* $.newclosure({ ${key}: (${ps}) => ${f.name}(${ps}) }[${key}], ${ctx}, ${caps.length}))`;
    }
    const text = this.func(f, true);
    // a variable of a goto block is one binding for all its declarations: the closure takes the cell of now
    const cells = [...this.hoistedCells].map((id) => this.hoistedNames.get(id)!);
    const fn = `((${cells.join(', ')}) => { ${text}\nreturn ${f.name}; })(${cells.join(', ')})`;
    return caps.length === 0 ? fn : `(yield* $.newclosure(${fn}, ${capList}, ${caps.length}))`;
  }
  /** The code of the func literals lifted to the top of each function being generated, innermost last. */
  private readonly lifted: string[][] = [];

  /** Whether each of `caps` has one binding per call of the function being generated (closure). */
  private liftable(caps: readonly I.Var[]): boolean {
    const fe = this.fnStack[this.fnStack.length - 1];
    if (fe === undefined || fe.name === '$init') return false;
    const fm = this.frames.get(fe)!;
    const once = new Set<number>([...(fe.recv ? [fe.recv] : []), ...fe.params, ...fe.results, ...(fe.temps ?? []), ...fm.captures].map((v) => v.id));
    for (const id of fm.hoisted) once.add(id);
    const top = (ss: readonly I.Stmt[]): void => {
      for (const st of ss) {
        if (st.k === 'define') for (const v of st.vars) { if (v !== null) once.add(v.id); }
        else if (st.k === 'assign') for (const v of st.defines ?? []) once.add(v.id);
        else if (st.k === 'block' && st.flat === true) top(st.body);
      }
    };
    top(fe.body);
    return caps.every((v) => once.has(v.id));
  }

  private readonly hoistedNames = new Map<number, string>();

  // --- statements ------------------------------------------------------------------------------

  stmts(ss: I.Stmt[]): string {
    const targets = this.labelsOfGotos();
    if (targets.size > 0 && ss.some((s) => s.k === 'labeled' && targets.has(s.label))) return this.gotoBlock(ss, targets);
    return this.straight(ss);
  }

  /** Statements in order, with their cycles charged. */
  straight(ss: I.Stmt[]): string {
    const out: string[] = [];
    let pending = 0;
    const flush = (): void => { if (pending > 0) { out.push(this.charge(pending * STMT_CYCLES)); pending = 0; } };
    for (const s of ss) {
      // a statement's cost is charged before it runs; runs of simple statements share one compute
      pending++;
      if (s.k !== 'assign' && s.k !== 'define' && s.k !== 'opassign' || pending >= 16) flush();
      // a statement that yields may park: the goroutine records where
      // (a literal lifted out of it counts: its code was in the statement before it was lifted)
      const lifted = this.lifted[this.lifted.length - 1] ?? [];
      const before = lifted.length;
      const text = this.stmt(s);
      const at = text.includes('yield') || lifted.slice(before).some((l) => l.includes('yield')) ? this.atSite(s.pos) : '';
      out.push(this.mark(s.pos) + (this.race ? `$rg.l = ${s.pos.line}; ` : '') + at + text);
    }
    flush();
    return out.join('\n');
  }

  stmt(s: I.Stmt): string {
    switch (s.k) {
      case 'expr': return `${this.expr(s.x)};`;
      case 'define': return this.define(s.vars, s.values);
      case 'assign': return this.assignStmt(s);
      case 'opassign': {
        const t = s.lhs.t;
        return this.store(s.lhs, (cur) => this.arith(s.op, t, cur, this.expr(s.value)));
      }
      case 'send': return `yield* $.chansend(${this.expr(s.ch)}, ${this.copyVal(s.value)});`;
      case 'go': {
        // a call with no arguments shares one empty array: the arguments are the new goroutine's first roots, kept while it lives
        const [fn, args] = this.callParts(s.call);
        return `yield* $.go(${this.wrapped(fn, s.wrap)}, ${args.length === 0 ? '$.NOARGS' : `[${args.join(', ')}]`});`;
      }
      case 'defer': { const [fn, args] = this.callParts(s.call); return `$.defer(${this.wrapped(fn, s.wrap)}, [${args.join(', ')}]);`; }
      case 'return': {
        const f = this.fnStack[this.fnStack.length - 1]!;
        if (s.values.length === 0) return f.hasDefer ? 'break $body;' : `return ${f.results.length === 0 ? '' : f.results.length === 1 ? this.vref(f.results[0]!) : `[${f.results.map((r) => this.vref(r)).join(', ')}]`};`;
        if (s.values.length === 1 && f.results.length > 1) {
          const t = this.newTmp();
          return `{ const ${t} = ${this.expr(s.values[0]!)}; ${f.results.map((r, i) => `${this.vref(r)} = ${t}[${i}];`).join(' ')} ${f.hasDefer ? 'break $body' : `return ${t}`}; }`;
        }
        if (f.hasDefer || f.namedResults) {
          const tmps = s.values.map((v) => { const t = this.newTmp(); return [t, `const ${t} = ${this.copyVal(v)};`] as const; });
          return `{ ${tmps.map((x) => x[1]).join(' ')} ${f.results.map((r, i) => `${this.vref(r)} = ${tmps[i]![0]};`).join(' ')} ${f.hasDefer ? 'break $body' : `return ${f.results.length === 1 ? this.vref(f.results[0]!) : `[${f.results.map((r) => this.vref(r)).join(', ')}]`}`}; }`;
        }
        return s.values.length === 1 ? `return ${this.copyVal(s.values[0]!)};` : `return [${s.values.map((v) => this.copyVal(v)).join(', ')}];`;
      }
      case 'block': return s.flat ? s.body.map((b) => this.stmt(b)).join('\n') : `{\n${this.stmts(s.body)}\n}`;
      case 'if': {
        const els = s.else === null ? '' : ` else ${s.else.k === 'if' || s.else.k === 'block' ? this.stmt(s.else) : `{ ${this.stmt(s.else)} }`}`;
        const core = `if (${this.expr(s.cond)}) {\n${this.stmts(s.then)}\n}${els}`;
        return s.init !== null ? `{\n${this.stmt(s.init)}\n${core}\n}` : core;
      }
      case 'for': return this.forStmt(s);
      case 'range': return this.rangeStmt(s);
      case 'switch': return this.switchStmt(s);
      case 'typeswitch': return this.typeSwitch(s);
      case 'select': return this.selectStmt(s);
      case 'branch': return this.branch(s);
      case 'labeled':
        // loops, switches and selects carry their label on the JavaScript statement that break/continue name
        if (['for', 'range', 'switch', 'typeswitch', 'select'].includes(s.stmt.k)) return this.stmt(s.stmt);
        return `L_${js(s.label)}: ${this.stmt(s.stmt)}`;
      case 'panicstmt': return `$.gopanic(${this.expr(s.x)});`;
    }
  }

  define(vars: (I.Var | null)[], values: I.Expr[]): string {
    const decl = (v: I.Var, val: string): string => this.declVar(v, val);
    const assignG = (v: I.Var, val: string): string => (v.global ? `${this.vref(v)} = ${val};` : decl(v, val));
    if (values.length === 0) return vars.filter((v): v is I.Var => v !== null).map((v) => assignG(v, this.zero(v.type))).join(' ');
    if (values.length === 1 && vars.length > 1) {
      const t = this.newTmp();
      return `const ${t} = ${this.multi(values[0]!)};\n${vars.map((v, i) => (v === null ? '' : assignG(v, `${t}[${i}]`))).join(' ')}`;
    }
    if (vars.length === 1) return vars[0] === null ? `${this.expr(values[0]!)};` : assignG(vars[0]!, this.copyVal(values[0]!));
    const tmps = values.map((v) => { const t = this.newTmp(); return [t, `const ${t} = ${this.copyVal(v)};`] as const; });
    return `${tmps.map((x) => x[1]).join(' ')} ${vars.map((v, i) => (v === null ? '' : assignG(v, tmps[i]![0]))).join(' ')}`;
  }

  /** An expression that yields several values ([a, b]): a call, or a comma-ok form. */
  multi(e: I.Expr): string { return this.expr(e); }

  assignStmt(s: Extract<I.Stmt, { k: 'assign' }>): string {
    const pre = (s.defines ?? []).map((v) => this.declVar(v, this.zero(v.type))).join(' ');
    if (s.values.length === 1 && s.lhs.length > 1) {
      const t = this.newTmp();
      return `${pre}{ const ${t} = ${this.multi(s.values[0]!)}; ${s.lhs.map((l, i) => (l === null ? '' : this.store(l, () => `${t}[${i}]`))).join(' ')} }`;
    }
    if (s.lhs.length === 1) { const l = s.lhs[0]; return l === null || l === undefined ? `${pre}${this.expr(s.values[0]!)};` : `${pre}${this.store(l, () => this.copyVal(s.values[0]!))}`; }
    // parallel assignment: evaluate every right side (and index operands) first
    const tmps = s.values.map((v) => { const t = this.newTmp(); return [t, `const ${t} = ${this.copyVal(v)};`] as const; });
    return `${pre}{ ${tmps.map((x) => x[1]).join(' ')} ${s.lhs.map((l, i) => (l === null ? '' : this.store(l, () => tmps[i]![0]))).join(' ')} }`;
  }

  /** lhs = f(current value): stores into a variable, field, element, map entry or pointee. */
  store(l: I.Expr, val: (cur: string) => string): string {
    switch (l.k) {
      case 'var': {
        const r = this.vref(l.v);
        if (isAgg(l.t) && l.v.addrTaken) return `$.assignInto(${r}, ${val(r)});`;
        if (this.shared(l.v)) { const v = this.newTmp(); return `{ const ${v} = ${val(this.rvar(l.v))}; ${this.wvar(l.v)} ${this.wb(l.t, r, v)}${r} = ${v}; }`; }
        // a package-level variable or a variable in the heap: through the write barrier; a heap cell's store observable
        const sw = this.cell(l.v) && !l.v.global ? `if (${WATCHED}) $.st(${this.vname(l.v)}, 0, ${accSize(l.t)}); ` : '';
        if ((l.v.global || this.cell(l.v)) && refs(l.t)) { const v = this.newTmp(); return `{ const ${v} = ${val(r)}; ${this.wb(l.t, r, v)}${sw}${r} = ${v}; }`; }
        if (sw !== '') { const cv = this.newTmp(); return `{ const ${cv} = ${val(`(${WATCHED} ? $.ld(${this.vname(l.v)}, 0, ${accSize(l.t)}) : ${this.vname(l.v)}).v`)}; ${sw}${r} = ${cv}; }`; }
        return `${r} = ${val(r)};`;
      }
      case 'field': {
        const o = this.newTmp();
        const ref = `${o}.${js(l.name)}`;
        const obj = l.ptr ? `$.nilchk(${this.expr(l.x)})` : this.expr(l.x);
        if (this.race && !isAgg(l.t)) {
          const off = fieldOffset(l.x.t, l.name); const sz = accSize(l.t); const v = this.newTmp();
          return `{ const ${o} = ${obj}; const ${v} = ${val(`$.rr($rg, ${o}, ${off}, ${sz}).${js(l.name)}`)}; $.rw($rg, ${o}, ${off}, ${sz}); ${ref} = ${v}; }`;
        }
        const sw = isAgg(l.t) ? '' : `if (${WATCHED}) $.st(${o}, ${fieldOffset(l.x.t, l.name)}, ${accSize(l.t)}); `;
        if (!isAgg(l.t) && refs(l.t)) { const v = this.newTmp(); return `{ const ${o} = ${obj}; const ${v} = ${val(ref)}; ${this.wb(l.t, ref, v)}${sw}${ref} = ${v}; }`; }
        if (isAgg(l.t)) return `{ const ${o} = ${obj}; $.assignInto(${ref}, ${val(ref)}); }`;
        const fv = this.newTmp();
        return `{ const ${o} = ${obj}; const ${fv} = ${val(`(${WATCHED} ? $.ld(${o}, ${fieldOffset(l.x.t, l.name)}, ${accSize(l.t)}) : ${o}).${js(l.name)}`)}; ${sw}${ref} = ${fv}; }`;
      }
      case 'index': {
        const o = this.newTmp(); const i = this.newTmp();
        if (this.race) {
          const v = this.newTmp(); const esz = sizeof(l.t);
          if (l.on === 'map') return `{ const ${o} = ${this.expr(l.x)}; const ${i} = ${this.expr(l.i)}; const ${v} = ${val(`$.mapaccess($.rm($rg, ${o}), ${i}, ${this.zero(l.t)})`)}; yield* $.mapassign($.wm($rg, ${o}), ${i}, ${v}); }`;
          if (l.on === 'slice') return `{ const ${o} = ${this.expr(l.x)}; const ${i} = $.sidx(${o}, ${this.expr(l.i)}); const ${v} = ${val(`$.rre($rg, ${o}.a, ${i}, ${esz}, false)[${i}]`)}; $.rre($rg, ${o}.a, ${i}, ${esz}, true)[${i}] = ${v}; }`;
          const arr = l.on === 'ptrarray' ? `$.nilchk(${this.expr(l.x)})` : this.expr(l.x);
          return `{ const ${o} = ${arr}; const ${i} = $.aidx(${this.expr(l.i)}, ${o}.length); const ${v} = ${val(`$.rre($rg, ${o}, ${i}, ${esz}, false)[${i}]`)}; $.rre($rg, ${o}, ${i}, ${esz}, true)[${i}] = ${v}; }`;
        }
        if (l.on === 'map') return `{ const ${o} = ${this.expr(l.x)}; const ${i} = ${this.expr(l.i)}; yield* $.mapassign(${o}, ${i}, ${val(`$.mapaccess(${o}, ${i}, ${this.zero(l.t)})`)}); }`;
        const esz = sizeof(l.t);
        const sw = (a: string): string => (isAgg(l.t) ? '' : `if (${WATCHED}) $.ste(${a}, ${i}, ${esz}); `);
        if (refs(l.t)) {
          const v = this.newTmp();
          if (l.on === 'slice') return `{ const ${o} = ${this.expr(l.x)}; const ${i} = $.sidx(${o}, ${this.expr(l.i)}); const ${v} = ${val(`${o}.a[${i}]`)}; ${this.wb(l.t, `${o}.a[${i}]`, v)}${sw(`${o}.a`)}${o}.a[${i}] = ${v}; }`;
          const arr = l.on === 'ptrarray' ? `$.nilchk(${this.expr(l.x)})` : this.expr(l.x);
          return `{ const ${o} = ${arr}; const ${i} = $.aidx(${this.expr(l.i)}, ${o}.length); const ${v} = ${val(`${o}[${i}]`)}; ${this.wb(l.t, `${o}[${i}]`, v)}${sw(o)}${o}[${i}] = ${v}; }`;
        }
        const ev = this.newTmp();
        if (l.on === 'slice') return `{ const ${o} = ${this.expr(l.x)}; const ${i} = $.sidx(${o}, ${this.expr(l.i)}); const ${ev} = ${val(`(${WATCHED} && $.ste(${o}.a, ${i}, -${esz}), ${o}.a[${i}])`)}; ${sw(`${o}.a`)}${o}.a[${i}] = ${ev}; }`;
        const arr = l.on === 'ptrarray' ? `$.nilchk(${this.expr(l.x)})` : this.expr(l.x);
        return `{ const ${o} = ${arr}; const ${i} = $.aidx(${this.expr(l.i)}, ${o}.length); const ${ev} = ${val(`(${WATCHED} && $.ste(${o}, ${i}, -${esz}), ${o}[${i}])`)}; ${sw(o)}${o}[${i}] = ${ev}; }`;
      }
      case 'deref': {
        const p = this.newTmp();
        if (isAgg(l.t)) return `{ const ${p} = $.nilchk(${this.expr(l.x)}); $.assignInto(${p}, ${val(p)}); }`;
        if (this.race) { const v = this.newTmp(); const sz = accSize(l.t); return `{ const ${p} = $.nilchk(${this.expr(l.x)}); const ${v} = ${val(`$.rrp($rg, ${p}, ${sz}).v`)}; $.rwp($rg, ${p}, ${sz}); ${p}.v = ${v}; }`; }
        const sw = `if (${WATCHED}) $.st(${p}, 0, ${accSize(l.t)}); `;
        if (refs(l.t)) { const v = this.newTmp(); return `{ const ${p} = $.nilchk(${this.expr(l.x)}); const ${v} = ${val(`${p}.v`)}; ${this.wb(l.t, `${p}.v`, v)}${sw}${p}.v = ${v}; }`; }
        const dv = this.newTmp();
        return `{ const ${p} = $.nilchk(${this.expr(l.x)}); const ${dv} = ${val(`(${WATCHED} ? $.ld(${p}, 0, ${accSize(l.t)}) : ${p}).v`)}; ${sw}${p}.v = ${dv}; }`;
      }
      default: return `/* cannot assign */;`;
    }
  }

  // --- break, continue and goto ---------------------------------------------------------------

  /** A loop, switch or select begins: its JavaScript label (its Go label's, or one made if a goto block needs it). */
  openBreakable(kind: 'loop' | 'switch', label: string | null): Breakable {
    const b: Breakable = { kind, lbl: label !== null ? `L_${js(label)}` : `$B${++this.tmp}`, named: label !== null, used: false };
    this.brks.push(b);
    return b;
  }

  /** Its body is generated: the label to put before it. */
  closeBreakable(b: Breakable): string {
    this.brks.pop();
    return b.named || b.used ? `${b.lbl}: ` : '';
  }

  /**
   * break, continue, goto. A goto block is a JavaScript loop of its own (gotoBlock), so an
   * unlabeled break or continue inside it that leaves a Go statement around the block names
   * that statement's label; a goto sets the block's case and continues its loop.
   */
  branch(s: Extract<I.Stmt, { k: 'branch' }>): string {
    if (s.tok === 'goto') {
      for (let i = this.gotos.length - 1; i >= 0; i--) {
        const g = this.gotos[i]!;
        const c = g.labels.get(s.label!);
        if (c !== undefined) return `{ ${g.pc} = ${c}; continue ${g.lbl}; }`;
      }
      throw new Error(`assertion: goto ${s.label}: no enclosing block has the label`);
    }
    if (s.label !== null) return `${s.tok} L_${js(s.label)};`;
    const g = this.gotos[this.gotos.length - 1];
    if (g === undefined) return `${s.tok};`;
    let target: Breakable | undefined;
    for (let i = this.brks.length - 1; i >= 0; i--) { const b = this.brks[i]!; if (s.tok === 'break' || b.kind === 'loop') { target = b; if (i >= g.depth) return `${s.tok};`; break; } }
    if (target === undefined) throw new Error(`assertion: ${s.tok} outside a loop`);
    target.used = true;
    return `${s.tok} ${target.lbl};`;
  }

  /** The labels the current function's goto statements name (closures are functions of their own). */
  labelsOfGotos(): ReadonlySet<string> {
    const f = this.fnStack[this.fnStack.length - 1];
    if (f === undefined) return EMPTY;
    let set = this.gotoTargets.get(f);
    if (set === undefined) {
      const found = new Set<string>();
      const walk = (ss: I.Stmt[]): void => {
        for (const st of ss) {
          switch (st.k) {
            case 'branch': if (st.tok === 'goto' && st.label !== null) found.add(st.label); break;
            case 'block': walk(st.body); break;
            case 'if': walk(st.then); if (st.else !== null) walk([st.else]); break;
            case 'for': case 'range': walk(st.body); break;
            case 'switch': case 'typeswitch': case 'select': for (const c of st.clauses) walk(c.body); break;
            case 'labeled': walk([st.stmt]); break;
            default: break;
          }
        }
      };
      walk(f.body);
      set = found;
      this.gotoTargets.set(f, set);
    }
    return set;
  }

  /**
   * A statement list holding labels that goto statements name: a JavaScript loop around a
   * switch on a case number, a case per label, falling through from one to the next, so that
   * a goto (to a label of this list, from anywhere inside it: Go allows no jump into a block)
   * sets the case and continues the loop. The list's own variables are declared before the
   * loop (a backward goto re-runs their declarations: new variables, as in Go).
   */
  gotoBlock(ss: I.Stmt[], targets: ReadonlySet<string>): string {
    const id = ++this.tmp;
    const g = { labels: new Map<string, number>(), pc: `$pc${id}`, lbl: `$G${id}`, depth: this.brks.length };
    const segments: I.Stmt[][] = [[]];
    for (const st of ss) {
      if (st.k === 'labeled' && targets.has(st.label)) { g.labels.set(st.label, segments.length); segments.push([]); }
      segments[segments.length - 1]!.push(st);
    }
    const vars: I.Var[] = [];
    for (const st of ss) {
      const inner = st.k === 'labeled' ? st.stmt : st;
      if (inner.k === 'define') for (const v of inner.vars) if (v !== null && !v.global) vars.push(v);
      if (inner.k === 'assign') vars.push(...(inner.defines ?? []));
    }
    this.allCaptured ??= capturedVars(this.prog);
    for (const v of vars) {
      this.hoisted.add(v.id);
      if (this.allCaptured.has(v.id) && !isAgg(v.type)) { this.hoistedCells.add(v.id); this.hoistedNames.set(v.id, this.vname(v)); }
    }
    this.gotos.push(g);
    const cases = segments.map((seg, i) => `case ${i}:\n${this.straight(seg)}`);
    this.gotos.pop();
    for (const v of vars) { this.hoisted.delete(v.id); this.hoistedCells.delete(v.id); }
    // (variables the function's stack map holds are declared at its top already)
    const fm = this.frames.get(this.fnStack[this.fnStack.length - 1]!);
    const own = vars.filter((v) => fm?.hoisted.has(v.id) !== true);
    const decls = own.length > 0 ? `let ${own.map((v) => this.vname(v)).join(', ')};\n` : '';
    return `${decls}let ${g.pc} = 0;\n${g.lbl}: for (;;) {\nswitch (${g.pc}) {\n${cases.join('\n')}\n}\nbreak;\n}`;
  }

  forStmt(s: Extract<I.Stmt, { k: 'for' }>): string {
    const init = s.init !== null ? this.stmt(s.init) : '';
    const bk = this.openBreakable('loop', s.label);
    const post = s.post !== null ? this.stmt(s.post) : '';
    // Go 1.22: each iteration has its own copy of the loop variables (JS `let` in a for head does the same for plain
    // variables; cells are copied by hand).
    const cells = s.loopVars.filter((v) => this.cell(v));
    const fresh = cells.map((v) => `${this.vname(v)} = ${this.heapCell(v.type, `${this.vname(v)}.v`)};`).join(' ');
    const cond = s.cond !== null ? this.expr(s.cond) : 'true';
    const body = this.stmts(s.body);
    const label = this.closeBreakable(bk);
    // (a for head holds one declaration: `for i, j := 0, n; ...` defines through temporaries, so it takes the general form)
    if (!this.race && s.init !== null && s.init.k === 'define' && cells.length === 0 && !init.includes('\n') && !init.replace(/;$/, '').includes(';') && !post.includes('{')) {
      const postExpr = post.replace(/;$/, '').replace(/\n/g, ' ');
      if (!postExpr.includes(';')) return `${label}for (${init.replace(/;$/, '')}; ${cond}; ${postExpr}) {\n${this.charge(LOOP_CYCLES)}\n${body}\n}`;
    }
    const at = this.race ? `$rg.l = ${s.pos.line}; ` : '';
    // The loop variables get a JavaScript binding per iteration (a for-let head: JavaScript copies them
    // into each iteration's binding before the post statement runs in it), so that a closure of one
    // iteration keeps that iteration's variable — or cell — when the next one makes its own (Go 1.22).
    // Temporaries of a multiple definition (`i, j := 0, n`) are evaluated before the loop.
    const defs = /^((?:const \$t\d+ = [^;\n]*; )*)((?:let [\w$]+ = [^;\n]*;(?: |$))+)$/.exec(init);
    if (s.init !== null && s.init.k === 'define' && defs !== null) {
      const head = [...defs[2]!.matchAll(/let ([\w$]+) = ([^;\n]*);/g)].map((d) => `${d[1]} = ${d[2]}`).join(', ');
      const loop = `${label}for (let ${head}, $first = true; ; $first = false) {\n${at}if (!$first) { ${fresh} ${post} }\nif (!(${cond})) break;\n${this.charge(LOOP_CYCLES)}\n${body}\n}`;
      return defs[1] === '' ? loop : `{\n${defs[1]}\n${loop}\n}`;
    }
    return `{\n${init}\n${label}for (let $first = true; ; $first = false) {\n${at}if (!$first) { ${fresh} ${post} }\nif (!(${cond})) break;\n${this.charge(LOOP_CYCLES)}\n${body}\n}\n}`;
  }

  rangeStmt(s: Extract<I.Stmt, { k: 'range' }>): string {
    const bk = this.openBreakable('loop', s.label);
    const bind = (target: I.Expr | I.Var | null, val: string): string => {
      if (target === null) return '';
      if ('id' in target) return this.declVar(target, val);
      return this.store(target, () => val);
    };
    const x = this.newTmp(); const i = this.newTmp();
    const body = this.stmts(s.body);
    const label = this.closeBreakable(bk);
    const head = (this.race ? `$rg.l = ${s.pos.line}; ` : '') + this.charge(LOOP_CYCLES);
    switch (s.on) {
      case 'int': return `{ const ${x} = ${this.expr(s.x)}; ${label}for (let ${i} = 0; ${i} < ${x}; ${i}++) {\n${head} ${bind(s.key, i)}\n${body}\n} }`;
      case 'slice': case 'array': case 'ptrarray': {
        const et = underlying(s.on === 'ptrarray' ? (underlying(s.x.t) as { elem: Type }).elem : s.x.t) as { elem: Type };
        const esz = sizeof(et.elem);
        const get = this.race && s.value !== null
          ? (s.on === 'slice' ? `$.rre($rg, ${x}.a, ${x}.off + ${i}, ${esz}, false)[${x}.off + ${i}]` : `$.rre($rg, ${x}, ${i}, ${esz}, false)[${i}]`)
          : s.on === 'slice' ? `${x}.a[${x}.off + ${i}]` : `${x}[${i}]`;
        const len = s.on === 'slice' ? `(${x} === null ? 0 : ${x}.len)` : `${x}.length`;
        const src = s.on === 'array' && s.value !== null ? this.clone(s.x.t, this.expr(s.x)) : s.on === 'ptrarray' ? (s.value !== null ? `$.nilchk(${this.expr(s.x)})` : this.expr(s.x)) : this.expr(s.x);
        const n = this.newTmp();
        const lenExpr = s.on === 'ptrarray' && s.value === null ? String((underlying((underlying(s.x.t) as { elem: Type }).elem) as { len: number }).len) : len;
        return `{ const ${x} = ${src}; const ${n} = ${lenExpr}; ${label}for (let ${i} = 0; ${i} < ${n}; ${i}++) {\n${head} ${bind(s.key, i)} ${s.value !== null ? bind(s.value, isAgg(et.elem) ? this.clone(et.elem, get) : get) : ''}\n${body}\n} }`;
      }
      case 'string': {
        const r = this.newTmp();
        return `{ const ${x} = ${this.expr(s.x)}; ${label}for (let ${i} = 0, ${r}; ${i} < ${x}.length; ${i} += ${r}[1]) {\n${r} = $.decodeRune(${x}, ${i});\n${head} ${bind(s.key, i)} ${bind(s.value, `${r}[0]`)}\n${body}\n} }`;
      }
      case 'map': {
        const k = this.newTmp();
        return `{ const ${x} = ${this.race ? `$.rm($rg, ${this.expr(s.x)})` : this.expr(s.x)}; ${label}for (const ${k} of $.mapiter(${x})) {\n${head} ${bind(s.key, `${k}[0]`)} ${bind(s.value, `${k}[1]`)}\n${body}\n} }`;
      }
      case 'chan': {
        const v = this.newTmp();
        return `{ const ${x} = ${this.expr(s.x)}; ${label}for (;;) {\n${this.atSite(s.pos)}const ${v} = yield* $.chanrecv2(${x});\nif (!${v}[1]) break;\n${head} ${bind(s.key, `${v}[0]`)}\n${body}\n} }`;
      }
      default: return `throw new Error('range over ${s.on} is not supported yet');`;
    }
  }

  switchStmt(s: Extract<I.Stmt, { k: 'switch' }>): string {
    const tag = this.newTmp();
    const bk = this.openBreakable('switch', s.label);
    const init = s.init !== null ? this.stmt(s.init) : '';
    const tagDecl = s.tag !== null ? `const ${tag} = ${this.expr(s.tag)};` : '';
    const m = this.newTmp();
    // which clause matches (cases are evaluated in order, default last), then run bodies with fallthrough
    const tests: string[] = [];
    let dflt = -1;
    s.clauses.forEach((c, i) => {
      if (c.exprs === null) { dflt = i; return; }
      const cond = c.exprs.map((e) => (s.tag === null ? this.expr(e) : this.equal(s.tag.t, tag, this.expr(e), e.t))).join(' || ');
      tests.push(`if (${m} < 0 && (${cond})) ${m} = ${i};`);
    });
    const bodies = s.clauses.map((c, i) => `case ${i}: {\n${this.stmts(c.body)}\n}${c.fallthrough ? '' : ' break;'}`);
    const label = this.closeBreakable(bk);
    return `{\n${init}\n${tagDecl}\nlet ${m} = -1;\n${tests.join('\n')}\nif (${m} < 0) ${m} = ${dflt};\n${label}switch (${m}) {\n${bodies.join('\n')}\n}\n}`;
  }

  typeSwitch(s: Extract<I.Stmt, { k: 'typeswitch' }>): string {
    const x = this.newTmp(); const m = this.newTmp();
    const bk = this.openBreakable('switch', s.label);
    const init = s.init !== null ? this.stmt(s.init) : '';
    const tests: string[] = [];
    let dflt = -1;
    s.clauses.forEach((c, i) => {
      if (c.types === null) { dflt = i; return; }
      const cond = c.types.map((t) => (t === null ? `${x} === null` : `$.typeIs(${x}, ${this.td(t)})`)).join(' || ');
      tests.push(`if (${m} < 0 && (${cond})) ${m} = ${i};`);
    });
    const bodies = s.clauses.map((c, i) => {
      let bind = '';
      if (c.bind !== null) {
        const single = c.types !== null && c.types.length === 1 && c.types[0] !== null ? c.types[0] : null;
        const val = single !== null && !isInterface(single) ? `${x}.v` : x;
        bind = this.declVar(c.bind, val);
      }
      return `case ${i}: {\n${bind}\n${this.stmts(c.body)}\n} break;`;
    });
    const label = this.closeBreakable(bk);
    return `{\n${init}\nconst ${x} = ${this.expr(s.x)};\nlet ${m} = -1;\n${tests.join('\n')}\nif (${m} < 0) ${m} = ${dflt};\n${label}switch (${m}) {\n${bodies.join('\n')}\n}\n}`;
  }

  selectStmt(s: Extract<I.Stmt, { k: 'select' }>): string {
    const bk = this.openBreakable('switch', s.label);
    const r = this.newTmp();
    const cases: string[] = []; const idx: number[] = [];
    let hasDefault = false;
    s.clauses.forEach((c, i) => {
      if (c.kind === 'default') { hasDefault = true; return; }
      idx.push(i);
      cases.push(c.kind === 'send' ? `$.selsend(${this.expr(c.ch!)}, ${this.copyVal(c.value!)})` : `$.selrecv(${this.expr(c.ch!)})`);
    });
    const bodies = s.clauses.map((c, i) => {
      let bind = '';
      if (c.kind === 'recv') {
        const [v, ok] = c.lhs;
        const put = (t: I.Expr | I.Var | null | undefined, val: string): string => {
          if (t === null || t === undefined) return '';
          if ('id' in t) return this.declVar(t, val);
          return this.store(t, () => val);
        };
        bind = `${put(v, `${r}.value`)} ${put(ok, `${r}.ok`)}`;
      }
      const sel = c.kind === 'default' ? -1 : idx.indexOf(i);
      return `case ${sel}: {\n${bind}\n${this.stmts(c.body)}\n} break;`;
    });
    const label = this.closeBreakable(bk);
    return `{\nconst ${r} = yield* $.select([${cases.join(', ')}], ${hasDefault});\n${label}switch (${r}.index) {\n${bodies.join('\n')}\n}\n}`;
  }

  // --- expressions -----------------------------------------------------------------------------

  /** A value about to be stored: aggregates are copied (Go's value semantics). */
  copyVal(e: I.Expr): string {
    const s = this.expr(e);
    if (isAgg(e.t) && ['var', 'field', 'index', 'deref', 'tupleidx'].includes(e.k)) return this.clone(e.t, s);
    return s;
  }

  clone(t: Type, s: string): string {
    const key = tkey(t);
    let f = this.cloneFns.get(key);
    if (f === undefined) {
      f = `$clone${this.cloneFns.size}`;
      this.cloneFns.set(key, f);
      const u = underlying(t);
      if (u.k === 'struct') this.helperDecls.push(`function ${f}(v) { return { ${u.fields.map((fl) => `${js(fl.name)}: ${isAgg(fl.type) ? this.clone(fl.type, `v.${js(fl.name)}`) : `v.${js(fl.name)}`}`).join(', ')} }; }`);
      else if (u.k === 'array') this.helperDecls.push(`function ${f}(v) { return ${isAgg(u.elem) ? `v.map((e) => ${this.clone(u.elem, 'e')})` : 'v.slice()'}; }`);
      else this.helperDecls.push(`function ${f}(v) { return v; }`);
    }
    return `${f}(${s})`;
  }

  zero(t: Type): string {
    const u = underlying(t);
    switch (u.k) {
      case 'basic': return isString(u) ? "''" : u.kind === 'bool' ? 'false' : u.kind === 'untyped nil' ? 'null' : '0';
      case 'struct': return `{ ${u.fields.map((f) => `${js(f.name)}: ${this.zero(f.type)}`).join(', ')} }`;
      case 'array': return isBytes(u.elem) ? `new Uint8Array(${u.len})` : isAgg(u.elem) ? `$.arrayOf(${u.len}, () => ${this.zero(u.elem)})` : `new Array(${u.len}).fill(${this.zero(u.elem)})`;
      default: return 'null';
    }
  }

  equal(t: Type, a: string, b: string, bt: Type): string {
    const u = underlying(t);
    if (isInterface(t) || isInterface(bt)) {
      const box = (x: string, xt: Type): string => (isInterface(xt) ? x : `$.box(${this.td(xt)}, ${x})`);
      return `$.ifaceEq(${box(a, t)}, ${box(b, bt)})`;
    }
    if (u.k === 'struct' || u.k === 'array') return `$.deepEq(${this.td(t)}, ${a}, ${b})`;
    return `(${a} === ${b})`;
  }

  arith(op: string, t: Type, a: string, b: string): string {
    if (isString(t)) return `(${a} + ${b})`;
    if (isFloat(t)) {
      const f32 = underlying(t).k === 'basic' && (underlying(t) as { kind: string }).kind === 'float32';
      const r = `(${a} ${op} ${b})`;
      return f32 ? `Math.fround${r}` : r;
    }
    if (!isInteger(t)) return `(${a} ${op} ${b})`;
    const bits = intBits(t); const uns = isUnsigned(t);
    const w = (x: string): string => wrapInt(x, bits, uns);
    if (bits === 64) {
      // 64-bit types: a number or a bigint (golib/values.ts), through the helpers' number fast path
      switch (op) {
        case '+': return `$.${uns ? 'addu64' : 'add64'}(${a}, ${b})`;
        case '-': return `$.${uns ? 'subu64' : 'sub64'}(${a}, ${b})`;
        case '*': return `$.${uns ? 'mulu64' : 'mul64'}(${a}, ${b})`;
        case '/': return `$.div64(${a}, ${b}, ${uns})`;
        case '%': return `$.mod64(${a}, ${b})`;
        case '&': case '|': case '^': case '&^': return `$.bit64(${JSON.stringify(op)}, ${a}, ${b}, ${uns})`;
        case '<<': return `$.shl64(${a}, ${b}, ${uns})`;
        case '>>': return `$.shr64(${a}, ${b})`;
      }
    }
    switch (op) {
      case '+': case '-': return w(`(${a} ${op} ${b})`);
      case '*': return bits === 32 ? w(`Math.imul(${a}, ${b})`) : w(`(${a} * ${b})`);
      case '/': return w(`$.idiv(${a}, ${b})`);
      case '%': return `$.imod(${a}, ${b})`;
      case '&': case '|': case '^': case '&^': return w(`(${a} ${op === '&^' ? '& ~' : op} ${b})`);
      case '<<': return `$.shl(${a}, ${b}, ${bits}, ${uns})`;
      case '>>': return `$.shr(${a}, ${b}, ${bits}, ${uns})`;
    }
    return `(${a} ${op} ${b})`;
  }

  expr(e: I.Expr): string {
    switch (e.k) {
      case 'const': return this.constant(e.v, e.t);
      case 'zero': return this.zero(e.t);
      case 'var':
        if (this.shared(e.v)) return this.rvar(e.v);
        // an escaped variable (in a heap cell): its read is a load
        if (!this.race && this.cell(e.v) && !e.v.global) return `(${WATCHED} ? $.ld(${this.vname(e.v)}, 0, ${accSize(e.v.type)}) : ${this.vname(e.v)}).v`;
        return this.vref(e.v);
      case 'func': return e.name;
      case 'closure': return this.closure(e.fn);
      case 'libval': return this.libFunc(e.name);
      case 'tupleidx': return `${this.vname(e.tmp)}[${e.i}]`;
      case 'withtuple': return `(${this.vname(e.tmp)} = ${this.expr(e.init)}, ${this.expr(e.x)})`;
      case 'callfunc': return `(yield* ${e.name}(${this.argList(e.args)}))`;
      case 'call':
        // a literal called where it is written: the call is on the line of its '(', after the literal's lines
        if (e.fn.k === 'closure') return `(yield* $.nilfunc(${this.expr(e.fn)})\n${this.mark(e.pos)}(${this.argList(e.args)}))`;
        return `(yield* $.nilfunc(${this.expr(e.fn)})(${this.argList(e.args)}))`;
      case 'callmethod': {
        if (e.native) {
          const gen = NATIVE_GENERATORS.has(e.impl);
          return gen ? `(yield* ${this.lib(e.impl)}(${[this.expr(e.recv), ...e.args.map((a) => this.copyVal(a))].join(', ')}))` : `${this.lib(e.impl)}(${[this.expr(e.recv), ...e.args.map((a) => this.copyVal(a))].join(', ')})`;
        }
        return `(yield* ${e.impl}(${[this.expr(e.recv), ...e.args.map((a) => this.copyVal(a))].join(', ')}))`;
      }
      case 'calliface': return `(yield* $.icall(${this.expr(e.recv)}, ${JSON.stringify(e.name)})(${this.argList(e.args)}))`;
      case 'calllib': {
        const gen = NATIVE_GENERATORS.has(e.name);
        const call = `${this.lib(e.name)}(${this.argList(e.args)})`;
        return gen ? `(yield* ${call})` : call;
      }
      case 'methodval': {
        if (e.iface) return `$.ibind(${this.expr(e.recv)}, ${JSON.stringify(e.name)})`;
        const fn = e.native ? (NATIVE_GENERATORS.has(e.impl) ? this.lib(e.impl) : `$.asGen(${this.lib(e.impl)})`) : e.impl;
        return `$.bind(${fn}, ${isAgg(e.recv.t) ? this.clone(e.recv.t, this.expr(e.recv)) : this.expr(e.recv)})`;
      }
      case 'methodexpr': {
        if (e.iface) return `$.imethodexpr(${JSON.stringify(e.name)})`;
        const impl = this.methodImpl(e.recvT, e.name)!;
        // (*T).M of a value method on a non-struct T: the pointer is a cell, the method takes its value
        const u = underlying(e.recvT);
        if (u.k === 'pointer' && e.valueRecv && !isAgg(u.elem)) return `((p, ...a) => ${impl}($.nilchk(p).v, ...a))`;
        return impl;
      }
      case 'builtin': return this.builtin(e);
      case 'unary': {
        const x = this.expr(e.x);
        if (e.op === '!') return `!${x}`;
        if (e.op === '+') return x;
        if (e.op === '-') return isInteger(e.t) ? this.arith('-', e.t, '0', x) : `(-${x})`;
        if (e.op === '^') return isUnsigned(e.t) ? this.arith('^', e.t, x, intBits(e.t) === 64 ? '18446744073709551615n' : String(2 ** intBits(e.t) - 1)) : this.arith('-', e.t, '(-1)', x);
        return x;
      }
      case 'binary': {
        const a = this.expr(e.x); const b = this.expr(e.y);
        switch (e.op) {
          case '&&': case '||': return `(${a} ${e.op} ${b})`;
          case '==': return this.equal(e.x.t, a, b, e.y.t);
          case '!=': return `!${this.equal(e.x.t, a, b, e.y.t)}`;
          case '<': case '<=': case '>': case '>=': return `(${a} ${e.op} ${b})`;
        }
        return this.arith(e.op, e.ot, a, b);
      }
      case 'convert': return this.convert(e.x, e.t);
      case 'box': return `$.box(${this.td(e.x.t)}, ${this.copyVal(e.x)})`;
      case 'field': {
        const o = e.ptr ? `$.nilchk(${this.expr(e.x)})` : this.expr(e.x);
        if (this.race && !isAgg(e.t)) return `$.rr($rg, ${o}, ${fieldOffset(e.x.t, e.name)}, ${accSize(e.t)}).${js(e.name)}`;
        if (!isAgg(e.t)) return `(${WATCHED} ? $.ld(${o}, ${fieldOffset(e.x.t, e.name)}, ${accSize(e.t)}) : ${o}).${js(e.name)}`;
        return `${o}.${js(e.name)}`;
      }
      case 'index': {
        const x = this.expr(e.x); const i = this.expr(e.i);
        if (this.race && e.on !== 'string') {
          const esz = e.on === 'map' ? 0 : sizeof(e.t);
          switch (e.on) {
            case 'map': return e.commaOk ? `$.mapaccess2($.rm($rg, ${x}), ${i}, ${this.zero((e.t as { types: Type[] }).types[0]!)})` : `$.mapaccess($.rm($rg, ${x}), ${i}, ${this.zero(e.t)})`;
            case 'slice': return isAgg(e.t) ? `$.sget(${x}, ${i})` : `$.sgetr($rg, ${x}, ${i}, ${esz})`;
            case 'ptrarray': return isAgg(e.t) ? `$.aget($.nilchk(${x}), ${i})` : `$.agetr($rg, $.nilchk(${x}), ${i}, ${esz})`;
            default: return isAgg(e.t) ? `$.aget(${x}, ${i})` : `$.agetr($rg, ${x}, ${i}, ${esz})`;
          }
        }
        switch (e.on) {
          case 'map': return e.commaOk ? `$.mapaccess2(${x}, ${i}, ${this.zero((e.t as { types: Type[] }).types[0]!)})` : `$.mapaccess(${x}, ${i}, ${this.zero(e.t)})`;
          case 'slice': return isAgg(e.t) ? `$.sget(${x}, ${i})` : `(${WATCHED} ? $.sgetw(${x}, ${i}, ${sizeof(e.t)}) : $.sget(${x}, ${i}))`;
          case 'string': return `$.strAt(${x}, ${i})`;
          case 'ptrarray': return isAgg(e.t) ? `$.aget($.nilchk(${x}), ${i})` : `(${WATCHED} ? $.agetw($.nilchk(${x}), ${i}, ${sizeof(e.t)}) : $.aget($.nilchk(${x}), ${i}))`;
          default: return isAgg(e.t) ? `$.aget(${x}, ${i})` : `(${WATCHED} ? $.agetw(${x}, ${i}, ${sizeof(e.t)}) : $.aget(${x}, ${i}))`;
        }
      }
      case 'slice': {
        const x = this.expr(e.x);
        const lo = e.lo ? this.expr(e.lo) : 'undefined'; const hi = e.hi ? this.expr(e.hi) : 'undefined'; const mx = e.max ? this.expr(e.max) : 'undefined';
        if (e.on === 'string') return `$.strslice(${x}, ${lo}, ${hi})`;
        if (e.on === 'slice') return `$.sslice(${x}, ${lo}, ${hi}, ${mx})`;
        return `$.aslice(${e.on === 'ptrarray' ? `$.nilchk(${x})` : x}, ${lo}, ${hi}, ${mx})`;
      }
      case 'assert': {
        const tt = e.commaOk ? (e.t as { types: Type[] }).types[0]! : e.t;
        return `$.assert${e.commaOk ? '2' : ''}(${this.expr(e.x)}, ${this.td(tt)}, ${isInterface(tt)}, ${this.zero(tt)}, ${JSON.stringify(typeString(e.x.t))})`;
      }
      case 'recv': return e.commaOk ? `(yield* $.chanrecv2(${this.expr(e.ch)}))` : `(yield* $.chanrecv1(${this.expr(e.ch)}))`;
      case 'composite': return this.composite(e);
      case 'addr': return this.addr(e.x);
      case 'deref':
        if (isAgg(e.t)) return `$.nilchk(${this.expr(e.x)})`;
        return this.race ? `$.rrp($rg, $.nilchk(${this.expr(e.x)}), ${accSize(e.t)}).v` : `(${WATCHED} ? $.ld($.nilchk(${this.expr(e.x)}), 0, ${accSize(e.t)}) : $.nilchk(${this.expr(e.x)})).v`;
    }
  }

  libFunc(name: string): string { return NATIVE_GENERATORS.has(name) ? this.lib(name) : `$.asGen(${this.lib(name)})`; }

  argList(args: I.Expr[]): string { return args.map((a) => this.copyVal(a)).join(', '); }

  /** The function and evaluated arguments of a go or defer statement's call. */
  callParts(c: I.Expr): [string, string[]] {
    const args = (xs: I.Expr[]): string[] => xs.map((a) => this.copyVal(a));
    switch (c.k) {
      case 'callfunc': return [c.name, args(c.args)];
      case 'call': return [`$.nilfunc(${this.expr(c.fn)})`, args(c.args)];
      case 'callmethod': return [c.native ? this.libFunc(c.impl) : c.impl, [this.expr(c.recv), ...args(c.args)]];
      case 'calliface': return [`$.ibind(${this.expr(c.recv)}, ${JSON.stringify(c.name)})`, args(c.args)];
      case 'calllib': return [this.libFunc(c.name), args(c.args)];
      case 'builtin': {
        // go/defer of a built-in: its arguments are evaluated now, the operation runs later
        const fn: Record<string, string> = {
          close: '$.closechan', panic: '$.asGen($.gopanic)', delete: '$.mapdelete', copy: '$.asGen($.copy)',
          recover: '$.asGen($.gorecover)', clear: underlying(c.args[0]?.t ?? T.int).k === 'map' ? '$.mapclear' : '$.asGen($.sclear)',
        };
        if (c.name === 'print' || c.name === 'println') return [`((...a) => $.printBuiltin(${c.name === 'println'}, a))`, c.args.map((x) => `$.box(${this.td(x.t)}, ${this.copyVal(x)})`)];
        const f = fn[c.name];
        if (f === undefined) return [`$.asGen(() => { throw new Error(${JSON.stringify(`${c.name} in go or defer`)}); })`, []];
        return [f, c.name === 'clear' && underlying(c.args[0]!.t).k !== 'map' ? [...args(c.args), this.zero((underlying(c.args[0]!.t) as { elem: Type }).elem)] : args(c.args)];
      }
      default: return [`$.asGen(() => ${this.expr(c)})`, []];
    }
  }

  constant(c: I.Const, t: Type): string {
    switch (c.k) {
      case 'nil': return 'null';
      case 'bool': return String(c.v);
      case 'string': return JSON.stringify(c.v);
      case 'float': return Object.is(c.v, -0) ? '-0' : String(c.v);
      case 'int': {
        const n = Number(c.v);
        if (isFloat(t)) return String(n);
        // a 64-bit value beyond the safe integers is a bigint (golib/values.ts's canonical form)
        const lit = Number.isSafeInteger(n) ? String(n) : `${c.v}n`;
        return n < 0 ? `(${lit})` : lit;
      }
    }
  }

  convert(x: I.Expr, t: Type): string {
    const from = x.t; const v = this.copyVal(x);
    const fu = underlying(from), tu = underlying(t);
    if (isString(tu)) {
      if (isInteger(fu)) return `$.runeString(${v})`;
      if (fu.k === 'slice') return identical8(fu.elem) ? `$.bytesToString(${v})` : `$.runesToString(${v})`;
      return v;
    }
    if (tu.k === 'slice' && isString(fu)) return identical8(tu.elem) ? `$.stringToBytes(${v})` : `$.stringToRunes(${v})`;
    if (isInteger(tu)) {
      const bits = intBits(tu); const uns = isUnsigned(tu);
      if (isFloat(fu)) return bits === 64 ? `$.${uns ? 'f2u64' : 'f2i64'}(${v})` : wrapInt(`Math.trunc(${v})`, bits, uns);
      if (!isInteger(fu)) return v;
      const fbits = intBits(fu);
      if (bits === 64) return isUnsigned(fu) === uns || (fbits < 64 && isUnsigned(fu)) ? v : `$.${uns ? 'u64' : 'i64'}(${v})`;
      // to a narrower type: a 64-bit value's low 32 bits first (it may be a bigint)
      if (fbits === 64) return wrapInt(`$.lo32(${v})`, bits, uns);
      return fbits !== bits || isUnsigned(fu) !== uns ? wrapInt(v, bits, uns) : v;
    }
    if (isFloat(tu)) {
      const f = isInteger(fu) && intBits(fu) === 64 ? `$.tof(${v})` : v;
      return (tu as { kind: string }).kind === 'float32' ? `Math.fround(${f})` : f;
    }
    if (tu.k === 'array' && fu.k === 'slice') return `$.sliceToArray(${v}, ${tu.len})`;
    if (tu.k === 'pointer' && fu.k === 'slice') return `$.sliceToArrayPtr(${v}, ${(underlying(tu.elem) as { len: number }).len})`;
    return v;
  }

  addr(x: I.Expr): string {
    switch (x.k) {
      case 'var': return isAgg(x.t) ? this.vref(x.v) : this.vname(x.v);
      case 'composite': return isAgg(x.t) ? this.heap(x.t, this.expr(x)) : this.heapCell(x.t, this.expr(x));
      case 'field': { const o = `${x.ptr ? `$.nilchk(${this.expr(x.x)})` : this.expr(x.x)}`; return isAgg(x.t) ? `${o}.${js(x.name)}` : `$.fieldRef(${o}, ${JSON.stringify(js(x.name))})`; }
      case 'index': {
        if (x.on === 'slice') return isAgg(x.t) ? `$.sget(${this.expr(x.x)}, ${this.expr(x.i)})` : `$.sliceRef(${this.expr(x.x)}, ${this.expr(x.i)})`;
        const arr = x.on === 'ptrarray' ? `$.nilchk(${this.expr(x.x)})` : this.expr(x.x);
        return isAgg(x.t) ? `$.aget(${arr}, ${this.expr(x.i)})` : `$.arrayRef(${arr}, ${this.expr(x.i)})`;
      }
      case 'deref': return `$.nilchk(${this.expr(x.x)})`;
      default: return `{ v: ${this.expr(x)} }`;
    }
  }

  composite(e: Extract<I.Expr, { k: 'composite' }>): string {
    const u = underlying(e.t);
    if (u.k === 'struct') {
      const given = new Map((e.fields ?? []).map((f) => [f.name, f.value]));
      return `{ ${u.fields.map((f) => `${js(f.name)}: ${given.has(f.name) ? this.copyVal(given.get(f.name)!) : this.zero(f.type)}`).join(', ')} }`;
    }
    if (u.k === 'map') {
      const kt = u.key;
      return `(yield* $.newmap($.makemapLit(${this.td(kt)}, [${e.elems.map((el) => `[${this.copyVal(el.key!)}, ${this.copyVal(el.value)}]`).join(', ')}])))`;
    }
    const et = (u as { elem: Type }).elem;
    const dense = e.elems.every((el, i) => el.index === i) && e.elems.length === e.len;
    let arr: string;
    if (dense) arr = `[${e.elems.map((el) => this.copyVal(el.value)).join(', ')}]`;
    else if (u.k === 'array' && isBytes(et)) arr = `$.sparseBytes(${e.len}, [${e.elems.map((el) => `[${el.index}, ${this.copyVal(el.value)}]`).join(', ')}])`;
    else {
      const z = this.zero(et);
      arr = `$.sparse(${e.len}, () => ${z}, [${e.elems.map((el) => `[${el.index}, ${this.copyVal(el.value)}]`).join(', ')}])`;
    }
    if (u.k === 'array' && isBytes(et) && dense) arr = `Uint8Array.of(${e.elems.map((el) => this.copyVal(el.value)).join(', ')})`;
    return u.k === 'array' ? arr : this.heapSlice(e.t, `$.mkslice(${arr})`);
  }

  builtin(e: Extract<I.Expr, { k: 'builtin' }>): string {
    const a = e.args.map((x) => this.copyVal(x));
    switch (e.name) {
      case 'len': {
        const u = underlying(e.args[0]!.t);
        if (isString(u)) return `${a[0]}.length`;
        if (u.k === 'slice') return `$.slen(${a[0]})`;
        if (u.k === 'map') return `$.maplen(${a[0]})`;
        if (u.k === 'chan') return `$.chanlen(${a[0]})`;
        return `${a[0]}.length`;
      }
      case 'cap': { const u = underlying(e.args[0]!.t); return u.k === 'chan' ? `$.chancap(${a[0]})` : u.k === 'slice' ? `$.scap(${a[0]})` : `${a[0]}.length`; }
      case 'append':
        if (e.spread) return this.heapSlice(e.args[0]!.t, e.targ !== null ? `$.appendSlice(${a[0]}, $.stringToBytes(${a[1]}))` : `$.appendSlice(${a[0]}, ${a[1]})`);
        if (a.length === 1) return a[0]!;
        if (this.race) return this.heapSlice(e.args[0]!.t, `$.appendr($rg, ${sizeof((underlying(e.args[0]!.t) as { elem: Type }).elem)}, ${a.join(', ')})`);
        return this.heapSlice(e.args[0]!.t, `$.append(${a[0]}, ${a.slice(1).join(', ')})`);
      case 'copy': return isString(e.args[1]!.t) ? `$.copy(${a[0]}, $.stringToBytes(${a[1]}))` : `$.copy(${a[0]}, ${a[1]})`;
      case 'delete': return this.race ? `(yield* $.mapdelete($.wm($rg, ${a[0]}), ${a[1]}))` : `(yield* $.mapdelete(${a[0]}, ${a[1]}))`;
      case 'clear': return underlying(e.args[0]!.t).k === 'map' ? `(yield* $.mapclear(${this.race ? `$.wm($rg, ${a[0]})` : a[0]}))` : `$.sclear(${a[0]}, ${this.zero((underlying(e.args[0]!.t) as { elem: Type }).elem)})`;
      case 'close': return `(yield* $.closechan(${a[0]}))`;
      case 'make': {
        const u = underlying(e.targ!);
        if (u.k === 'slice') return this.heapSlice(e.targ!, `$.makeslice(${a[0]}, ${a[1] ?? a[0]}, () => ${this.zero(u.elem)})`);
        if (u.k === 'map') return `(yield* $.newmap($.makemap(${this.td(u.key)})))`;
        if (u.k === 'chan') {
          const c = this.race && sizeof(u.elem) === 0 ? `$.racechan0($.makechan(${a[0] ?? 0}, ${this.zero(u.elem)}))` : `$.makechan(${a[0] ?? 0}, ${this.zero(u.elem)})`;
          return `(yield* $.newchan(${c}, ${sizeof(u.elem)}, ${refs(u.elem)}))`;
        }
        return 'null';
      }
      case 'new': return isAgg(e.targ!) ? this.heap(e.targ!, this.zero(e.targ!)) : this.heapCell(e.targ!, this.zero(e.targ!));
      case 'panic': return `$.gopanic(${a[0]})`;
      case 'recover': return '$.gorecover()';
      case 'print': case 'println': return `(yield* $.printBuiltin(${e.name === 'println'}, [${e.args.map((x, i) => `$.box(${this.td(x.t)}, ${a[i]})`).join(', ')}]))`;
      case 'min': case 'max': return isString(e.t) ? `$.strMinMax(${JSON.stringify(e.name)}, [${a.join(', ')}])` : `Math.${e.name}(${a.join(', ')})`;
    }
    return 'undefined';
  }
}

/** A loop, switch or select being generated: its JavaScript label, and whether a break or continue names it. */
interface Breakable { kind: 'loop' | 'switch'; lbl: string; named: boolean; used: boolean }
const EMPTY: ReadonlySet<string> = new Set();

function identical8(t: Type): boolean { const u = underlying(t); return u.k === 'basic' && u.kind === 'uint8'; }

function wrapInt(x: string, bits: number, uns: boolean): string {
  if (bits === 32) return uns ? `(${x} >>> 0)` : `(${x} | 0)`;
  const sh = 32 - bits;
  return uns ? `(${x} & ${(1 << bits) - 1})` : `((${x} << ${sh}) >> ${sh})`;
}

function basicKindOf(kind: string): string {
  if (kind === 'untyped bool') return 'bool';
  if (kind === 'untyped int') return 'int';
  if (kind === 'untyped rune') return 'int32';
  if (kind === 'untyped float') return 'float64';
  if (kind === 'untyped string') return 'string';
  return kind;
}

/** A key that names a type uniquely within one program. */
function tkey(t: Type): string {
  switch (t.k) {
    case 'named': return `N${t.id}`;
    case 'basic': return t.kind;
    case 'pointer': return `*${tkey(t.elem)}`;
    case 'slice': return `[]${tkey(t.elem)}`;
    case 'array': return `[${t.len}]${tkey(t.elem)}`;
    case 'map': return `map[${tkey(t.key)}]${tkey(t.elem)}`;
    case 'chan': return `chan(${t.dir})${tkey(t.elem)}`;
    case 'struct': return `struct{${t.fields.map((f) => `${f.name}:${tkey(f.type)}`).join(';')}}`;
    default: return typeString(t);
  }
}

const RESERVED = new Set(['arguments', 'await', 'class', 'delete', 'enum', 'eval', 'export', 'extends', 'function', 'implements', 'in', 'instanceof', 'let', 'new', 'null', 'package', 'private', 'protected', 'public', 'static', 'super', 'this', 'throw', 'try', 'catch', 'finally', 'typeof', 'void', 'while', 'with', 'yield', 'do', 'undefined', 'NaN', 'Infinity', 'constructor', '__proto__', 'prototype']);
/** A Go identifier as a JavaScript identifier. */
export function js(name: string): string { return RESERVED.has(name) ? `${name}$` : name; }

export interface Generated { js: string; names: Map<string, string>; files: string[] }

/** race: instrument for the race detector (gc -race); file: a source file's name as reports print it. */
export interface GenOptions { race: boolean; file: (f: string) => string }

/**
 * The local variables used by more than one function: declared in one and referred to by a
 * closure inside it. Without -race they stay JavaScript variables that the closure shares;
 * with it they live in cells, as gc's escape analysis moves them to the heap, so that
 * each has an address the detector can watch.
 */
function capturedVars(prog: I.Program): Set<number> {
  const users = new Map<number, I.Func>();
  const out = new Set<number>();
  const SKIP = new Set(['t', 'type', 'sig', 'targ', 'types', 'pos', 'ot']);
  const see = (v: I.Var, fn: I.Func): void => {
    if (v.global) return;
    const u = users.get(v.id);
    if (u === undefined) users.set(v.id, fn); else if (u !== fn) out.add(v.id);
  };
  const isVar = (x: object): x is I.Var => 'id' in x && 'addrTaken' in x && 'global' in x;
  const walk = (x: unknown, fn: I.Func): void => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) { for (const e of x) walk(e, fn); return; }
    if (isVar(x)) { see(x, fn); return; }
    const o = x as Record<string, unknown>;
    if (o.k === 'closure') { walkFunc(o.fn as I.Func); return; }
    for (const [k, v] of Object.entries(o)) if (!SKIP.has(k)) walk(v, fn);
  };
  const walkFunc = (f: I.Func): void => {
    for (const p of [...(f.recv ? [f.recv] : []), ...f.params, ...f.results]) see(p, f);
    walk(f.body, f);
  };
  for (const f of prog.funcs) walkFunc(f);
  return out;
}

/** The bytes an access of a value of t covers, as the race hooks see it (the first word of a larger one). */
function accSize(t: Type): number { return Math.min(8, Math.max(1, sizeof(t))); }

/** The offset of field `name` in struct type t (or *t): amd64's layout, as sizeof lays it out. */
function fieldOffset(t: Type, name: string): number {
  let u = underlying(t);
  if (u.k === 'pointer') u = underlying(u.elem);
  if (u.k !== 'struct') return 0;
  let off = 0;
  for (const f of u.fields) {
    const s = sizeof(f.type); const a = Math.min(8, Math.max(1, s >= 8 ? 8 : s));
    off = Math.ceil(off / a) * a;
    if (f.name === name) return off;
    off += s;
  }
  return 0;
}

export function generate(prog: I.Program, opts?: GenOptions): Generated {
  const g = new Gen(prog, opts);
  const js = g.program();
  return { js, names: g.names, files: g.files };
}
void T;
