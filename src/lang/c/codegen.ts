// Stage 5: the back end. It turns the checked form into a program of the same
// kind as the built-in C apps: JavaScript generator functions that yield machine
// instructions. Each C function becomes `function* F<id>($c, args...)`; `$c` is
// the calling thread's handle to the C library (src/libc), `R` the C runtime
// (src/libc/crt.ts) the generated code may use and nothing else.
//
// The machine model, as a real x86-64 compiler's:
//   - Scalars whose address is never taken live in registers (JS locals).
//     Everything else — arrays, structs, address-taken locals, globals,
//     statics, string literals — lives in the process's memory, and every
//     access to it is a load or store instruction of the machine, so a NULL or
//     wild pointer faults exactly where C's would.
//   - A call pushes a frame of the function's real size on the thread's stack
//     (the stack-pointer register moves, the return-address slot is written);
//     a chain of calls that runs off the stack hits the guard page: SIGSEGV.
//   - Calls between compiled functions are not JS calls: a function yields a
//     CALL record with the callee's generator, and the C runtime's driver keeps
//     the stack of frames (so recursion is as deep as the C stack allows, not
//     as deep as JavaScript's).
//   - Every statement charges its cost in cycles (cost.ts) before it runs, so
//     the timer interrupts a long loop like any compute.
//
// Integer values: types up to 32 bits are JS numbers kept in range (`| 0`,
// `>>> 0`); 64-bit values are numbers while they are safe integers and BigInts
// beyond (canonical, so === works), with wrap-around done by the runtime's
// helpers; pointers are numbers. float is Math.fround'ed, double is a number.

import { CError } from './diagnostics.ts';
import { T, sizeOf, alignTo, alignOf, isInteger, type Type } from './type.ts';
import type { Expr, Stmt, Obj, FuncDef, Program, Init } from './ir.ts';
import { exprCost, COST } from './cost.ts';
import { flattenFunction } from './flatten.ts';

/** The generated module: JS source for `new Function('R', 'L', source)`, and the layout of static data. */
export interface Generated {
  source: string;
  /** Bytes of static data the program needs (globals, statics, string literals), laid out from the data base. */
  dataSize: number;
  /** Library functions the program calls, by name. */
  libcalls: string[];
  /** Library data the program refers to (stdout, stderr, stdin). */
  libdata: string[];
}


interface FnCtx { def: FuncDef; temps: number; frame: number; labels: Map<string, number>; switchCases: Map<number, string> | null; sm: boolean }

export class CodeGen {
  private out: string[] = [];
  private dataOff = 0;
  private readonly dataAddr = new Map<number, number>(); // obj id → offset in static data
  private readonly strAddr = new Map<number, number>(); // string id → offset in static data
  private fn: FnCtx | null = null;
  private readonly libcalls = new Set<string>();
  private readonly libdata = new Set<string>();

  /** -fsanitize=thread: every load, store and atomic of the program's functions goes through the race detector. */
  private readonly race: boolean;

  constructor(private readonly prog: Program, private readonly libc: ReadonlySet<string>, private readonly variadicLib: Readonly<Record<string, number>>, race = false) {
    this.race = race;
  }

  generate(): Generated {
    this.layoutData();
    for (const f of this.prog.funcs) flattenFunction(f);
    this.markTopLabels();
    const defined = new Map<string, FuncDef>();
    for (const f of this.prog.funcs) defined.set(f.obj.name, f);
    const main = defined.get('main');
    for (const f of this.prog.funcs) this.func(f);
    this.initFunc();
    const fnIds = this.prog.funcs.map((f) => `F${f.obj.id}`);
    this.out.push(`return { main: ${main === undefined ? 'null' : `F${main.obj.id}`}, init: $init, fns: [${fnIds.join(', ')}], data: ${JSON.stringify([...this.libdata])} };`);
    return { source: this.out.join('\n'), dataSize: this.dataOff, libcalls: [...this.libcalls], libdata: [...this.libdata] };
  }

  // --- static data ------------------------------------------------------------------------

  private layoutData(): void {
    for (const g of this.prog.globals) {
      if (g.isExtern) continue;
      if (g.ty.kind === 'array' && g.ty.len < 0) g.ty = { kind: 'array', of: g.ty.of, len: 1 }; // int a[]; at file scope is one element (gcc warns)
      this.dataOff = alignTo(this.dataOff, Math.max(alignOf(g.ty), sizeOf(g.ty) >= 16 ? 16 : 1));
      this.dataAddr.set(g.id, this.dataOff);
      this.dataOff += Math.max(1, sizeOf(g.ty));
    }
    for (const s of this.prog.strings) {
      this.strAddr.set(s.id, this.dataOff);
      this.dataOff += s.bytes.length;
    }
    this.dataOff = alignTo(this.dataOff, 16);
  }

  /** `$init`: what the loader does for .data: write every initialised global and the string literals. */
  private initFunc(): void {
    this.fn = { def: { obj: null as unknown as Obj, params: [], body: { k: 'empty', loc: null as never }, locals: [], variadic: false, hasGoto: false }, temps: 0, frame: 0, labels: new Map(), switchCases: null, sm: false };
    const body: string[] = [];
    for (const s of this.prog.strings) body.push(`yield R.st(${this.strAt(s.id)}, R.bytes(${JSON.stringify(s.bytes)}));`);
    for (const g of this.prog.globals) {
      if (g.init === null || g.isExtern) continue;
      for (const it of g.init) body.push(this.initStore(`(R.D + ${this.dataAddr.get(g.id)!})`, it));
    }
    this.out.push(`function* $init($c) {\n${this.temps()}\n${body.join('\n')}\n}`);
    this.fn = null;
  }

  private strAt(id: number): string { return `(R.D + ${this.strAddr.get(id)!})`; }

  private initStore(base: string, it: Init): string { return `${this.initExpr(`(${base} + ${it.off})`, it)};`; }

  /** One store of an initializer at address `a`: bytes, a value, or a bit-field into its (zeroed) unit. */
  private initExpr(a: string, it: Init): string {
    if ('bytes' in it) return `(yield R.st(${a}, R.bytes(${JSON.stringify(it.bytes)})))`;
    if (it.bits !== undefined) {
      const unit = unitType(it.ty);
      return this.store(a, `R.bfi(${this.load(a, unit)}, ${it.bits.pos}, ${it.bits.width}, ${this.ex(it.e)})`, unit);
    }
    return this.store(a, this.ex(it.e), it.ty);
  }

  /** A bit-field access: its storage unit's address and unsigned type, its place, whether it is signed. */
  private bitField(e: Expr): { a: string; unit: Type; pos: number; width: number; signed: boolean } | null {
    if (e.k !== 'member' || e.m.bits === undefined) return null;
    return { a: this.addr(e), unit: unitType(e.m.ty), pos: e.m.bits.pos, width: e.m.bits.width, signed: e.m.ty.kind === 'int' && !e.m.ty.unsigned };
  }

  // --- functions ----------------------------------------------------------------------------

  private func(f: FuncDef): void {
    // Frame layout: memory-resident locals from the bottom of the frame up, the
    // spilled variable arguments, then the return address at the top.
    let off = 0;
    for (const o of f.locals) {
      if (!o.inMemory) continue;
      off = alignTo(off, alignOf(o.ty));
      o.offset = off;
      off += Math.max(1, sizeOf(o.ty));
    }
    const vaOff = alignTo(off, 8);
    const frame = alignTo(vaOff + (f.variadic ? 8 * 64 /* crt.ts VA_SLOTS */ : 0) + 8, 16) + 8; // + saved rbp, as gcc's frames have
    this.fn = { def: f, temps: 0, frame, labels: new Map(), switchCases: null, sm: f.hasGoto };
    const ps = f.params.map((p) => `p${p.id}`);
    const ft = f.obj.ty as Type & { kind: 'func' };
    const params = [...ps];
    if (ft.variadic) params.push('$vk', '...$va');
    const regs: string[] = [];
    for (const o of f.locals) if (!o.inMemory) regs.push(`v${o.id}`);
    const vaStart = `($fp + ${vaOff})`;
    this.vaStart = vaStart;
    // A function with goto is a state machine whose cases are its top-level labels: its body's braces go.
    const body = this.fn.sm && f.body.k === 'block' ? f.body.body.map((x) => this.stmt(x)).join('\n') : this.stmt(f.body);
    const pro: string[] = [];
    pro.push(`const $F = ${this.fn.frame}, $fp = $c.sp - $F;`);
    pro.push(`yield R.sp($fp); yield R.tch($fp + $F - 8, 8, true); $c.sp = $fp;`);
    for (const p of f.params) {
      if (p.inMemory) {
        if (p.ty.kind === 'struct') pro.push(`yield* R.copy(${this.local(p)}, p${p.id}, ${sizeOf(p.ty)});`);
        else pro.push(`${this.store(this.local(p), `p${p.id}`, p.ty)};`);
      } else pro.push(`v${p.id} = p${p.id};`);
    }
    if (f.variadic) pro.push(`yield* R.spillVa($fp + ${vaOff}, $vk, $va);`);
    const epi = this.epilogue();
    const ret = ft.ret.kind === 'void' ? '' : ' 0'; // falling off the end of main returns 0 (C11 5.1.2.2.3); elsewhere undefined
    let code: string;
    if (this.fn.sm) {
      code = `let $L = 0;\n$sm: for (;;) switch ($L) {\ncase 0:\n${body}\n${epi} return${ret};\n}`;
    } else code = `${body}\n${epi} return${ret};`;
    const decl = [...regs.map((r) => `${r} = 0`), ...Array.from({ length: this.fn.temps }, (_, i) => `$t${i}`)];
    if (this.race) {
      // TSan's instrumentation: __tsan_func_entry/exit around the body, __tsan_readN/writeN at each access
      this.out.push(`const $D${f.obj.id} = { name: ${JSON.stringify(f.obj.name)}, file: ${JSON.stringify(f.obj.loc?.file?.name ?? '?')} };`);
      pro.unshift(`yield* R.rfe($c, $D${f.obj.id});`);
      code = `try {\n${code}\n} finally { R.rfx($c); }`;
      const inst = (t: string): string => t.replace(/\bR\.ld\(/g, 'R.rld($c, ').replace(/\bR\.st\(/g, 'R.rst($c, ').replace(/\bR\.at\(/g, 'R.rat($c, ');
      this.out.push(`function* F${f.obj.id}($c${params.length > 0 ? ', ' + params.join(', ') : ''}) {\n${decl.length > 0 ? `let ${decl.join(', ')};\n` : ''}${pro.join('\n')}\n${inst(code)}\n}`);
      this.fn = null;
      return;
    }
    this.out.push(`function* F${f.obj.id}($c${params.length > 0 ? ', ' + params.join(', ') : ''}) {\n${decl.length > 0 ? `let ${decl.join(', ')};\n` : ''}${pro.join('\n')}\n${code}\n}`);
    this.fn = null;
  }
  private vaStart = '';

  private epilogue(): string { return `$c.sp = $fp + $F; yield R.sp($c.sp);`; }


  private temp(): string { return `$t${this.fn!.temps++}`; }
  private temps(): string { const n = this.fn!.temps; return n === 0 ? '' : `let ${Array.from({ length: n }, (_, i) => `$t${i}`).join(', ')};`; }

  private local(o: Obj): string { return `($fp + ${o.offset})`; }

  // --- statements -------------------------------------------------------------------------

  private stmt(s: Stmt): string {
    const code = this.stmt1(s);
    // -fsanitize=thread: the line each statement is at, for the stacks of reports
    return this.race && s.loc !== null && s.loc !== undefined && s.k !== 'block' ? `$c.race.l = ${s.loc.line}; ${code}` : code;
  }

  private stmt1(s: Stmt): string {
    switch (s.k) {
      case 'empty': return ';';
      case 'expr': return `yield R.cp(${exprCost(s.e)}); ${this.ex(s.e)};`;
      case 'block': {
        const body = s.body.map((x) => this.stmt(x)).join('\n');
        // A block with variable-length arrays gives their stack back however it is left (break, goto, return).
        if (s.body.some((x) => x.k === 'decl' && x.obj.vla !== undefined)) return `{ const $sv = $c.sp; try {\n${body}\n} finally { $c.sp = $sv; } }`;
        return `{\n${body}\n}`;
      }
      case 'decl': return this.decl(s.obj, s.init, s.zero);
      case 'if': return `yield R.cp(${1 + exprCost(s.c)});\nif (${this.cond(s.c)}) ${this.body(s.then)}${s.els !== null ? ` else ${this.body(s.els)}` : ''}`;
      case 'while': return `while (((yield R.cp(${1 + exprCost(s.c)})), ${this.cond(s.c)})) ${this.body(s.body)}`;
      case 'do': return `do ${this.body(s.body)} while (((yield R.cp(${1 + exprCost(s.c)})), ${this.cond(s.c)}));`;
      case 'for': {
        const init = s.init === null ? '' : this.stmt(s.init);
        const c = s.c === null ? `((yield R.cp(1)), true)` : `((yield R.cp(${1 + exprCost(s.c)})), ${this.cond(s.c)})`;
        const step = s.step === null ? '' : this.ex(s.step);
        return `{\n${init}\nfor (; ${c}; ${step}) ${this.body(s.body)}\n}`;
      }
      case 'return': {
        const epi = this.epilogue();
        if (s.e === null) return `{ ${epi} return; }`;
        if (s.e.ty.kind === 'struct') {
          // The callee returns the address of the value; the caller copies it at once.
          return `{ const $r = ${this.addr(s.e)}; ${epi} return $r; }`;
        }
        return `{ yield R.cp(${exprCost(s.e)}); const $r = ${this.ex(s.e)}; ${epi} return $r; }`;
      }
      case 'break': return 'break;';
      case 'continue': return 'continue;';
      case 'switch': {
        const prev = this.fn!.switchCases;
        const m = new Map<number, string>();
        for (const c of s.cases) m.set(c.label, `case ${lit(c.v)}:`);
        if (s.dflt !== null) m.set(s.dflt, 'default:');
        this.fn!.switchCases = m;
        const body = s.body.k === 'block' ? s.body.body.map((x) => this.stmt(x)).join('\n') : this.stmt(s.body);
        this.fn!.switchCases = prev;
        return `yield R.cp(${2 + exprCost(s.e)});\nswitch (${this.ex(s.e)}) {\n${body}\n}`;
      }
      case 'case': {
        const lab = this.fn!.switchCases?.get(s.label);
        if (lab === undefined) throw new Error(`assertion: case at ${s.loc.line}:${s.loc.col} below the top of its switch, after flattening`);
        this.fn!.switchCases!.delete(s.label); // used once, at the top level of the switch body
        return `${lab}\n${this.stmt(s.body)}`;
      }
      case 'goto': {
        // A jump costs its cycle (so that a loop made of gotos is interruptible like any other).
        const n = this.labelNo(s.label);
        return `{ yield R.cp(${COST.branch}); $L = ${n}; continue $sm; }`;
      }
      case 'label': {
        if (!this.fn!.sm) return this.stmt(s.body);
        if (!this.topLevel.has(s)) throw new Error(`assertion: label '${s.name}' below the top of its function, after flattening`);
        return `case ${this.labelNo(s.name)}:\n${this.stmt(s.body)}`;
      }
    }
  }

  /** A statement as the body of if/else/a loop: one JS statement (a statement may compile to several). */
  private body(s: Stmt): string { return s.k === 'block' ? this.stmt(s) : `{\n${this.stmt(s)}\n}`; }

  private readonly topLevel = new Set<Stmt>();
  private labelNo(name: string): number {
    let n = this.fn!.labels.get(name);
    if (n === undefined) { n = this.fn!.labels.size + 1; this.fn!.labels.set(name, n); }
    return n;
  }

  /** Mark the labels at the top level of a function body (the ones goto may target). */
  markTopLabels(): void {
    for (const f of this.prog.funcs) {
      if (f.body.k !== 'block') continue;
      for (const s of f.body.body) { let x: Stmt = s; while (x.k === 'label') { this.topLevel.add(x); x = x.body; } }
    }
  }

  private decl(o: Obj, init: Init[] | null, zero: boolean): string {
    if (!o.inMemory) {
      if (init === null) return ';';
      const it = init[0]!;
      return `yield R.cp(${exprCost((it as { e: Expr }).e)}); v${o.id} = ${this.ex((it as { e: Expr }).e)};`;
    }
    const a = this.local(o);
    const parts: string[] = [];
    if (zero) parts.push(`yield R.st(${a}, R.zeros(${sizeOf(o.ty)}));`);
    for (const it of init ?? []) parts.push(this.initStore(a, it));
    return parts.join('\n') || ';';
  }

  // --- expressions --------------------------------------------------------------------------

  /** A controlling expression as a JS boolean. */
  cond(e: Expr): string {
    if (e.k === 'binary' && CMP[e.op] !== undefined) return `(${this.ex(e.l)} ${CMP[e.op]} ${this.ex(e.r)})`;
    if (e.k === 'logand') return `(${this.cond(e.l)} && ${this.cond(e.r)})`;
    if (e.k === 'logor') return `(${this.cond(e.l)} || ${this.cond(e.r)})`;
    if (e.k === 'not') return `!${this.cond(e.e)}`;
    return `(${this.ex(e)} != 0)`;
  }

  /** The value of an expression (for a struct: its address). */
  ex(e: Expr): string {
    switch (e.k) {
      case 'num': return lit(e.v);
      case 'fnum': return Number.isFinite(e.v) ? (Object.is(e.v, -0) ? '-0' : String(e.v)) : String(e.v);
      case 'str': return this.strAt(e.id);
      case 'var': {
        if (e.obj.kind === 'func') return this.fnRef(e.obj);
        if (!e.obj.inMemory) return `v${e.obj.id}`;
        return this.load(this.addr(e), e.ty);
      }
      case 'addr': {
        if (e.e.k === 'var' && e.e.obj.kind === 'func') return this.fnAddr(e.e.obj);
        return this.addr(e.e);
      }
      case 'member': {
        const bf = this.bitField(e);
        if (bf !== null) return `R.bfx(${this.load(bf.a, bf.unit)}, ${bf.pos}, ${bf.width}, ${bf.signed})`;
        return this.load(this.addr(e), e.ty);
      }
      case 'deref': case 'compound': return this.load(this.addr(e), e.ty);
      case 'neg': return neg(this.ex(e.e), e.ty);
      case 'bitnot': return bitnot(this.ex(e.e), e.ty);
      case 'not': return `(${this.cond(e.e)} ? 0 : 1)`;
      case 'logand': case 'logor': return `(${this.cond(e)} ? 1 : 0)`;
      case 'binary': {
        if (CMP[e.op] !== undefined) return `(${this.cond(e)} ? 1 : 0)`;
        if (e.ty.kind === 'ptr') return `R.padd(${this.ex(e.l)}, ${e.op === '-' ? neg(this.ex(e.r), T.long) : this.ex(e.r)})`;
        return arith(e.op, this.ex(e.l), this.ex(e.r), e.ty);
      }
      case 'cast': return conv(this.ex(e.e), e.e.ty, e.ty);
      case 'comma': return `(${this.ex(e.l)}, ${this.ex(e.r)})`;
      case 'cond': return `(${this.cond(e.c)} ? ${this.ex(e.a)} : ${this.ex(e.b)})`;
      case 'assign': return this.assign(e.l, this.ex(e.r), e.ty);
      case 'opassign': return this.opassign(e);
      case 'incdec': return this.incdec(e);
      case 'call': return this.call(e);
      case 'va_start': return this.assign(e.ap, this.vaStart, e.ap.ty);
      case 'va_arg': {
        const a = this.temp();
        const ap = this.addr(e.ap);
        const t = this.temp();
        const cur = this.load(`${t}`, T.ulong);
        // Each variable argument occupies one 8-byte slot; a struct as many as its size needs (its bytes, as the System V ABI passes a struct by value).
        const step = e.ty.kind === 'struct' ? alignTo(sizeOf(e.ty), 8) : 8;
        return `(${t} = ${ap}, ${a} = ${cur}, ${this.store(t, `${a} + ${step}`, T.ulong)}, ${this.load(a, e.ty)})`;
      }
      case 'va_copy': return this.assign({ k: 'deref', e: e.dst, ty: T.ulong, loc: e.loc }, this.load(this.ex(e.src), T.ulong), T.ulong);
      case 'atomic': return this.atomic(e);
      case 'alloca': return `((yield R.sp(R.alloca($c, ${this.ex(e.size)}))), $c.sp)`;
    }
  }

  /** The address of an lvalue (or of a struct-valued expression). */
  addr(e: Expr): string {
    switch (e.k) {
      case 'var': {
        const o = e.obj;
        if (o.kind === 'local') {
          if (!o.inMemory) throw new Error(`assertion: address of register variable ${o.name}`);
          return this.local(o);
        }
        if (o.isExtern && !this.dataAddr.has(o.id)) {
          if (!LIB_DATA.has(o.name)) throw CError.at(e.loc, `undefined reference to '${o.name}'`);
          this.libdata.add(o.name);
          return `R.libData($c, ${JSON.stringify(o.name)})`;
        }
        const off = this.dataAddr.get(o.id);
        if (off === undefined) throw CError.at(e.loc, `undefined reference to '${o.name}'`);
        return `(R.D + ${off})`;
      }
      case 'deref': return this.ex(e.e);
      case 'member': return e.m.offset === 0 ? this.addr(e.e) : `(${this.addr(e.e)} + ${e.m.offset})`;
      case 'str': return this.strAt(e.id);
      case 'compound': {
        const a = this.local(e.obj);
        const inits = [`(yield R.st(${a}, R.zeros(${sizeOf(e.ty)})))`];
        for (const it of e.init) inits.push(this.initExpr(`(${a} + ${it.off})`, it));
        return `(${inits.join(', ')}, ${a})`;
      }
      case 'call': case 'cond': case 'comma': case 'assign': case 'va_arg':
        if (e.ty.kind === 'struct') return this.ex(e);
        break;
      case 'cast':
        if (e.ty.kind === 'struct') return this.addr(e.e);
        break;
      default: break;
    }
    throw CError.at(e.loc, 'lvalue required');
  }

  private load(a: string, ty: Type): string {
    if (ty.kind === 'struct' || ty.kind === 'array' || ty.kind === 'func') return a;
    return `R.${decoder(ty)}((yield R.ld(${a}, ${sizeOf(ty)})))`;
  }

  private store(a: string, v: string, ty: Type): string {
    if (ty.kind === 'struct') return `(yield* R.copy(${a}, ${v}, ${sizeOf(ty)}))`;
    return `(yield R.st(${a}, R.${encoder(ty)}(${v})))`;
  }

  private assign(l: Expr, v: string, ty: Type): string {
    if (l.k === 'var' && l.obj.kind === 'local' && !l.obj.inMemory) return `(v${l.obj.id} = ${v})`;
    const bf = this.bitField(l);
    if (bf !== null) {
      // The value of the assignment is the bit-field's after the store (truncated to its width).
      const a = this.temp(); const u = this.temp();
      return `(${a} = ${bf.a}, ${u} = R.bfi(${this.load(a, bf.unit)}, ${bf.pos}, ${bf.width}, ${v}), ${this.store(a, u, bf.unit)}, R.bfx(${u}, ${bf.pos}, ${bf.width}, ${bf.signed}))`;
    }
    const a = this.temp(); const t = this.temp();
    if (ty.kind === 'struct') return `(${a} = ${this.addr(l)}, ${this.store(a, v, ty)}, ${a})`;
    return `(${a} = ${this.addr(l)}, ${t} = ${v}, ${this.store(a, t, ty)}, ${t})`;
  }

  /** Read-modify-write of an lvalue: `f(old)` gives the new value; returns [expr giving new, expr giving old]. */
  private rmw(l: Expr, f: (old: string) => string, post: boolean): string {
    if (l.k === 'var' && l.obj.kind === 'local' && !l.obj.inMemory) {
      const v = `v${l.obj.id}`;
      if (!post) return `(${v} = ${f(v)})`;
      const o = this.temp();
      return `(${o} = ${v}, ${v} = ${f(o)}, ${o})`;
    }
    const bf = this.bitField(l);
    if (bf !== null) {
      const a = this.temp(); const u = this.temp(); const o = this.temp();
      const got = `R.bfx(${u}, ${bf.pos}, ${bf.width}, ${bf.signed})`;
      return `(${a} = ${bf.a}, ${u} = ${this.load(a, bf.unit)}, ${o} = ${got}, ${u} = R.bfi(${u}, ${bf.pos}, ${bf.width}, ${f(o)}), ${this.store(a, u, bf.unit)}, ${post ? o : got})`;
    }
    const a = this.temp(); const o = this.temp(); const n = this.temp();
    return `(${a} = ${this.addr(l)}, ${o} = ${this.load(a, l.ty)}, ${n} = ${f(o)}, ${this.store(a, n, l.ty)}, ${post ? o : n})`;
  }

  private opassign(e: Expr & { k: 'opassign' }): string {
    const r = this.ex(e.r);
    if (e.l.ty.kind === 'ptr') {
      const off = e.scale === 1 ? r : arith('*', r, String(e.scale), T.long);
      return this.rmw(e.l, (old) => `R.padd(${old}, ${e.op === '-' ? neg(off, T.long) : off})`, false);
    }
    const rt = this.temp();
    return `(${rt} = ${r}, ${this.rmw(e.l, (old) => conv(arith(e.op, conv(old, e.l.ty, e.opTy), rt, e.opTy), e.opTy, e.l.ty), false)})`;
  }

  private incdec(e: Expr & { k: 'incdec' }): string {
    const ty = e.e.ty;
    const f = (old: string): string => {
      if (ty.kind === 'ptr') return `R.padd(${old}, ${e.inc ? e.step : -e.step})`;
      if (ty.kind === 'float') return ty.size === 4 ? `Math.fround(${old} ${e.inc ? '+' : '-'} 1)` : `(${old} ${e.inc ? '+' : '-'} 1)`;
      if (ty.kind === 'bool') return e.inc ? '1' : `(${old} ? 0 : 1)`;
      const pt = sizeOf(ty) < 4 ? T.int : ty;
      return conv(arith(e.inc ? '+' : '-', old, '1', pt), pt, ty);
    };
    return this.rmw(e.e, f, e.post);
  }

  private fnRef(o: Obj): string { return `F${o.id}`; }

  /** A function's address, as a number the program can store and call through. */
  private fnAddr(o: Obj): string {
    if (o.def !== null) return `R.fnAddr($c, F${o.id})`;
    if (!this.libc.has(o.name)) throw CError.at(o.loc, `undefined reference to '${o.name}'`);
    this.libcalls.add(o.name);
    return `R.libAddr($c, ${JSON.stringify(o.name)})`;
  }

  private call(e: Expr & { k: 'call' }): string {
    let args = e.args.map((a) => (a.ty.kind === 'struct' ? this.addr(a) : this.ex(a)));
    // gcc on x86-64 evaluates arguments right to left; where that can be seen (an argument with a
    // side effect), do the same: into temporaries, last argument first.
    let pre = '';
    if (args.length > 1 && e.args.some(impure)) {
      const ts = args.map(() => this.temp());
      pre = args.map((a, i) => `${ts[i]} = ${a}`).reverse().join(', ') + ', ';
      args = ts;
    }
    const fixed = args.slice(0, e.fixed); const va = args.slice(e.fixed);
    let out: string;
    const o = e.direct;
    if (o !== null && o.def === null) {
      // A C library function: called directly, as a generator (its callbacks, if any, go through CALL).
      if (!this.libc.has(o.name)) throw CError.at(e.fn.loc, `undefined reference to '${o.name}'`);
      this.libcalls.add(o.name);
      // The library's own signature decides (a call through an implicit declaration passes everything flat).
      const nfix = this.variadicLib[o.name];
      const list = nfix !== undefined ? [...args.slice(0, nfix), `[${args.slice(nfix).join(', ')}]`] : args;
      out = `(yield* L.${o.name}($c${list.map((a) => ', ' + a).join('')}))`;
    } else {
      const ft = (e.fn.ty as Type & { kind: 'ptr' }).to as Type & { kind: 'func' };
      // The variable arguments' kinds: 'i' an integer or pointer, 'd' a double, a number a struct of that size (passed by its address, copied by the callee's spill).
      const vaTys = e.args.slice(e.fixed).map((a) => a.ty);
      const kinds = vaTys.some((t) => t.kind === 'struct')
        ? `[${vaTys.map((t) => (t.kind === 'struct' ? String(sizeOf(t)) : t.kind === 'float' ? "'d'" : "'i'")).join(', ')}]`
        : JSON.stringify(vaTys.map((t) => (t.kind === 'float' ? 'd' : 'i')).join(''));
      const list = ft.variadic ? [...fixed, kinds, ...va] : args;
      const callee = o !== null ? `F${o.id}` : `R.fnAt($c, ${this.ex(e.fn)})`;
      out = `(yield R.call(${callee}($c${list.map((a) => ', ' + a).join('')})))`;
    }
    if (pre !== '') out = `(${pre}${out})`;
    if (e.ty.kind === 'struct') {
      // Copy the returned struct into a temporary of this frame before anything reuses the callee's.
      const tmp = this.structTemp(e.ty);
      return `(yield* R.copy(${tmp}, ${out}, ${sizeOf(e.ty)}), ${tmp})`;
    }
    return out;
  }

  private structTemp(ty: Type): string {
    const f = this.fn!.def;
    const o: Obj = { name: '(tmp)', ty, id: -1, kind: 'local', inMemory: true, offset: 0, isStatic: false, isExtern: false, init: null, def: null, loc: f.obj.loc, param: -1 };
    // Laid out in a region after the frame's locals: grow the frame.
    const off = alignTo(this.fn!.frame, 16);
    this.fn!.frame = off + alignTo(sizeOf(ty), 16) + 16;
    o.offset = off;
    void o;
    return `($fp + ${off})`;
  }

  private atomic(e: Expr & { k: 'atomic' }): string {
    if (e.op === 'fence') return `(yield R.cp(33))`;
    const size = sizeOf((e.ptr.ty as Type & { kind: 'ptr' }).to);
    const p = this.ex(e.ptr);
    const ety = (e.ptr.ty as Type & { kind: 'ptr' }).to;
    if (size !== 4) {
      // 1, 2 and 8 bytes: under the C runtime's address-hashed locks (libatomic's way), see crt.ts
      const u = ety.kind === 'ptr' || ety.kind === 'bool' || uns(ety) ? 1 : 0;
      const r = `(yield* R.atomicLocked($c, ${JSON.stringify(e.op)}, ${p}, ${size}, ${u}, ${e.val !== null ? this.ex(e.val) : '0'}, ${e.expected !== null ? this.ex(e.expected) : '0'}, ${e.fetchNew ? 1 : 0}))`;
      return e.op === 'store' ? `(${r}, undefined)` : r;
    }
    const fix = (x: string): string => conv(x, T.uint, ety);
    switch (e.op) {
      case 'load': return fix(`(yield R.at('load', ${p}, 0, 0))`);
      case 'store': return `(yield R.at('store', ${p}, ${this.ex(e.val!)}, 0), undefined)`;
      case 'xchg': return fix(`(yield R.at('xchg', ${p}, ${this.ex(e.val!)}, 0))`);
      case 'add': case 'sub': {
        const t = this.temp(); const o = this.temp();
        const d = e.op === 'add' ? this.ex(e.val!) : `(-(${this.ex(e.val!)}))`;
        return `(${t} = ${d}, ${o} = ${fix(`(yield R.at('add', ${p}, ${t}, 0))`)}, ${e.fetchNew ? fix(`((${o} + ${t}) >>> 0)`) : o})`;
      }
      case 'and': case 'or': case 'xor': return fix(`(yield* R.atomicRmw(${p}, ${JSON.stringify(e.op)}, ${this.ex(e.val!)}))`);
      case 'cas': return `(yield* R.cas(${p}, ${this.ex(e.expected!)}, ${this.ex(e.val!)}))`;
    }
    throw CError.at(e.loc, `unknown atomic operation`);
  }
}

/** The storage unit of a bit-field of type `t`: an unsigned integer of its size. */
function unitType(t: Type): Type { return { kind: 'int', size: sizeOf(t) as 1 | 2 | 4 | 8, unsigned: true, name: 'unit' }; }

/** The data the C library exports. */
const LIB_DATA = new Set(['stdin', 'stdout', 'stderr']);

/** An expression whose evaluation has a side effect another argument could see. */
function impure(e: Expr): boolean {
  switch (e.k) {
    case 'call': case 'assign': case 'opassign': case 'incdec': case 'va_arg': case 'atomic': case 'alloca': return true;
    case 'num': case 'fnum': case 'str': case 'var': return false;
    default: return Object.values(e).some((v) => typeof v === 'object' && v !== null && 'k' in v && 'ty' in v && impure(v as Expr));
  }
}

const CMP: Record<string, string> = { '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function lit(v: number | bigint): string { return typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '0' : String(v); }

function is64(t: Type): boolean { return t.kind === 'int' && t.size === 8; }
function uns(t: Type): boolean { return t.kind === 'int' && t.unsigned; }

function neg(x: string, t: Type): string {
  if (t.kind === 'float') return t.size === 4 ? `Math.fround(-${x})` : `(-${x})`;
  if (is64(t)) return `R.neg64(${x}, ${uns(t) ? 1 : 0})`;
  return uns(t) ? `((-${x}) >>> 0)` : `((-${x}) | 0)`;
}

function bitnot(x: string, t: Type): string {
  if (is64(t)) return `R.not64(${x}, ${uns(t) ? 1 : 0})`;
  return uns(t) ? `((~${x}) >>> 0)` : `(~${x})`;
}

/** A binary arithmetic operation in type `t` (both operands already of type t, or promoted for shifts). */
function arith(op: string, l: string, r: string, t: Type): string {
  if (t.kind === 'float') {
    const e = `(${l} ${op} ${r})`;
    return t.size === 4 ? `Math.fround${e}` : e;
  }
  if (is64(t)) {
    const u = uns(t) ? 1 : 0;
    const name: Record<string, string> = { '+': 'add64', '-': 'sub64', '*': 'mul64', '/': 'div64', '%': 'rem64', '<<': 'shl64', '>>': 'shr64', '&': 'and64', '|': 'or64', '^': 'xor64' };
    return `R.${name[op]}(${l}, ${r}, ${u})`;
  }
  const u = uns(t);
  switch (op) {
    case '+': case '-': return u ? `((${l} ${op} ${r}) >>> 0)` : `((${l} ${op} ${r}) | 0)`;
    case '*': return u ? `(Math.imul(${l}, ${r}) >>> 0)` : `Math.imul(${l}, ${r})`;
    case '/': return u ? `R.udiv32(${l}, ${r})` : `R.div32(${l}, ${r})`;
    case '%': return u ? `R.urem32(${l}, ${r})` : `R.rem32(${l}, ${r})`;
    case '<<': return u ? `((${l} << ${conv(r, T.long, T.int)}) >>> 0)` : `(${l} << ${conv(r, T.long, T.int)})`;
    case '>>': return u ? `(${l} >>> ${conv(r, T.long, T.int)})` : `(${l} >> ${conv(r, T.long, T.int)})`;
    case '&': case '|': case '^': return u ? `((${l} ${op} ${r}) >>> 0)` : `(${l} ${op} ${r})`;
  }
  throw new Error(`assertion: operator ${op}`);
}

/** Convert a value of type `from` to type `to` (C11 6.3). */
export function conv(x: string, from: Type, to: Type): string {
  if (to.kind === 'void') return `(${x}, undefined)`;
  if (to.kind === 'bool') return `(${x} != 0 ? 1 : 0)`;
  if (to.kind === 'float') {
    const v = from.kind === 'float' ? x : is64(from) ? `Number(${x})` : x;
    return to.size === 4 && !(from.kind === 'float' && from.size === 4) ? `Math.fround(${v})` : v;
  }
  if (from.kind === 'float') {
    if (to.kind === 'ptr') return `R.f2i(${x}, 8, 1)`;
    const it = to as Type & { kind: 'int' };
    return `R.f2i(${x}, ${it.size}, ${it.unsigned ? 1 : 0})`;
  }
  if (to.kind === 'ptr') return is64(from) || from.kind === 'ptr' ? (from.kind === 'ptr' ? x : `R.toPtr(${x})`) : (uns(from) || from.kind === 'bool' ? x : `R.toPtr(${x})`);
  if (to.kind !== 'int') return x;
  const fromSize = from.kind === 'ptr' ? 8 : from.kind === 'bool' ? 1 : (from as { size: number }).size;
  const fromU = from.kind === 'ptr' || from.kind === 'bool' || uns(from);
  if (to.size === 8) {
    if (fromSize < 8) return to.unsigned && !fromU ? `R.u64(${x})` : x;
    if (from.kind === 'ptr') return to.unsigned ? x : `R.i64(${x})`;
    return to.unsigned === fromU ? x : to.unsigned ? `R.u64(${x})` : `R.i64(${x})`;
  }
  const v = fromSize === 8 ? `R.lo32(${x})` : x;
  switch (to.size) {
    case 4: return to.unsigned ? (fromSize === 4 && fromU ? v : `(${v} >>> 0)`) : (fromSize < 4 || (fromSize === 4 && !fromU) ? v : `(${v} | 0)`);
    case 2: return to.unsigned ? `(${v} & 65535)` : `((${v} << 16) >> 16)`;
    case 1: return to.unsigned ? `(${v} & 255)` : `((${v} << 24) >> 24)`;
  }
  return x;
}

function decoder(t: Type): string {
  if (t.kind === 'ptr') return 'dptr';
  if (t.kind === 'bool') return 'du8';
  if (t.kind === 'float') return t.size === 4 ? 'df32' : 'df64';
  const it = t as Type & { kind: 'int' };
  return `d${it.unsigned ? 'u' : 'i'}${it.size * 8}`;
}

function encoder(t: Type): string {
  if (t.kind === 'ptr') return 'e64';
  if (t.kind === 'bool') return 'e8';
  if (t.kind === 'float') return t.size === 4 ? 'ef32' : 'ef64';
  return `e${(t as { size: number }).size * 8}`;
}

export { isInteger };
