// What a statement costs in simulated cycles before it runs: the count of the
// machine operations its expression needs, weighted by their latency (the
// shared table of src/lang/cost.ts). Loads and stores are not counted here:
// they are the machine's own memory instructions and are charged by it.

import type { Expr } from './ir.ts';
import { OP_CYCLES } from '../cost.ts';

export const COST = OP_CYCLES;

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
