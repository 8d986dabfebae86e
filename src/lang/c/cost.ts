// What a statement costs in simulated cycles before it runs: the count of the
// machine operations its expression needs, weighted by their typical latency
// on a modern x86-64 core (Agner Fog's instruction tables: integer add, logic,
// compare and branch 1 cycle; imul 3; integer divide 20-40; a double add or
// multiply 4; a double divide ~15; a call and return with its prologue ~5).
// Loads and stores are not counted here: they are the machine's own memory
// instructions and are charged by it.

import type { Expr } from './ir.ts';

export const COST = {
  alu: 1,      // add, sub, and, or, xor, shift, compare, move
  mul: 3,      // imul r64
  div: 26,     // idiv r32 (~26 cycles on Skylake)
  fpu: 4,      // addsd / mulsd
  fdiv: 15,    // divsd
  call: 5,     // call + push rbp + mov + leave + ret
  branch: 1,
} as const;

/** The cycles an expression's operations take (its loads and stores are charged by the machine). */
export function exprCost(e: Expr): number {
  switch (e.k) {
    case 'num': case 'fnum': case 'str': case 'var': return 0;
    case 'neg': case 'bitnot': case 'not': return COST.alu + exprCost(e.e);
    case 'addr': case 'deref': case 'cast': return exprCost(e.e);
    case 'member': return exprCost(e.e);
    case 'binary': {
      const f = e.ty.kind === 'float';
      const op = e.op === '*' ? (f ? COST.fpu : COST.mul) : e.op === '/' || e.op === '%' ? (f ? COST.fdiv : COST.div) : f ? COST.fpu : COST.alu;
      return op + exprCost(e.l) + exprCost(e.r);
    }
    case 'logand': case 'logor': return COST.branch + exprCost(e.l) + exprCost(e.r);
    case 'assign': return COST.alu + exprCost(e.l) + exprCost(e.r);
    case 'opassign': return COST.alu * 2 + exprCost(e.l) + exprCost(e.r);
    case 'incdec': return COST.alu + exprCost(e.e);
    case 'cond': return COST.branch + exprCost(e.c) + Math.max(exprCost(e.a), exprCost(e.b));
    case 'comma': return exprCost(e.l) + exprCost(e.r);
    case 'call': return COST.call + e.args.reduce((n, a) => n + COST.alu + exprCost(a), 0) + exprCost(e.fn);
    case 'compound': return COST.alu;
    case 'va_start': case 'va_arg': case 'va_copy': return COST.alu * 2;
    case 'atomic': return COST.alu;
    case 'alloca': return COST.alu * 2 + exprCost(e.size); // sub rsp, and rsp
  }
}
