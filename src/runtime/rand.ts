// The runtime's randomness (Go's runtime/rand.go): where a select's poll order,
// the order in which findRunnable tries to steal from other Ps, and the like
// come from.
//
// Go seeds itself from the 16 random bytes the kernel puts in the auxiliary
// vector at exec (AT_RANDOM, read by sysauxv into startupRand); randinit makes
// them the global generator's seed, and every M gets its own state at
// mcommoninit (mrandinit), so an M draws without a lock. cheaprand is wyrand
// (github.com/wangyi-fudan/wyhash) on 64-bit machines: the state is a Weyl
// sequence (add an odd constant mod 2^64, period 2^64), the output the xor of the
// two halves of a 64×64→128-bit multiply of the state by itself xor'd with a
// second constant, truncated to 32 bits.
//
// Go draws the per-M seeds from a ChaCha8 generator (internal/chacha8rand); here
// the global generator that hands them out is itself a wyrand over startupRand:
// what matters to a run — every choice follows from the kernel's AT_RANDOM, and
// so from the machine's seed — is the same.
//
// JavaScript numbers hold 53 bits exactly, so 64-bit values are pairs of 32-bit
// halves and the 128-bit product is assembled from exact partial products.

import type { M } from './runtime2.ts';

// wyrand's constants (wyhash's _wyp0 and _wyp1), as 32-bit halves.
const WYP0_HI = 0xa0761d64; const WYP0_LO = 0x78bd642f;
const WYP1_HI = 0xe7037ed1; const WYP1_LO = 0xa0b428db;

const TWO32 = 4294967296;

/** The high 32 bits of the 64-bit product of two unsigned 32-bit numbers (exact: partial products stay below 2^53). */
export function mulhi32(x: number, y: number): number {
  const u = x * (y >>> 16);          // < 2^48
  const t = x * (y & 0xffff);        // < 2^48
  const uHi = Math.floor(u / 65536); const uLo = u - uHi * 65536;
  return (uHi + Math.floor((uLo * 65536 + t) / TWO32)) >>> 0;
}

/**
 * One wyrand step on a 64-bit state held as (hi, lo) in `st`: the state advances
 * by _wyp0, and the result is uint32(hi ^ lo) of state × (state ^ _wyp1).
 */
export function wyrandStep(st: { randHi: number; randLo: number }): number {
  // state += _wyp0 (mod 2^64)
  const lo = st.randLo + WYP0_LO;
  const a0 = lo >>> 0;
  const a1 = (st.randHi + WYP0_HI + (lo >= TWO32 ? 1 : 0)) >>> 0;
  st.randLo = a0; st.randHi = a1;
  const b0 = (a0 ^ WYP1_LO) >>> 0; const b1 = (a1 ^ WYP1_HI) >>> 0;
  // The product's bits 0..31 and 64..95. With a = a1·2^32 + a0, b = b1·2^32 + b0:
  // a·b = a1b1·2^64 + (a1b0 + a0b1)·2^32 + a0b0.
  const p00lo = Math.imul(a0, b0) >>> 0; const p00hi = mulhi32(a0, b0);
  const p10lo = Math.imul(a1, b0) >>> 0; const p10hi = mulhi32(a1, b0);
  const p01lo = Math.imul(a0, b1) >>> 0; const p01hi = mulhi32(a0, b1);
  const mid = p00hi + p10lo + p01lo; // bits 32..63 plus their carry into bit 64 (< 3·2^32)
  const carry = Math.floor(mid / TWO32);
  const hiLo = (Math.imul(a1, b1) + p10hi + p01hi + carry) >>> 0; // bits 64..95
  return (hiLo ^ p00lo) >>> 0;
}

/** The process-wide generator that hands out each M's seed (Go: globalRand, seeded by randinit). */
export class GlobalRand {
  randHi = 0;
  randLo = 0;
  /** randinit: seed from the kernel's AT_RANDOM words. */
  init(atRandom: readonly number[]): void {
    const w = (i: number): number => (atRandom[i] ?? 0) >>> 0;
    this.randHi = (w(0) ^ w(2)) >>> 0;
    this.randLo = (w(1) ^ w(3)) >>> 0;
  }
  /** bootstrapRand: 64 bits for a new M's state. */
  next64(out: { randHi: number; randLo: number }): void {
    out.randHi = wyrandStep(this);
    out.randLo = wyrandStep(this);
  }
}

/** mrandinit: a new M's own generator state, drawn from the global one. */
export function mrandinit(g: GlobalRand, mp: M): void { g.next64(mp); }

/** cheaprand: a uniform 32-bit number from the calling M's state. */
export function cheaprand(mp: M): number { return wyrandStep(mp); }

/** cheaprandn: uniform in [0, n) by Lemire's multiply-shift, uint32((uint64(cheaprand()) * n) >> 32). */
export function cheaprandn(mp: M, n: number): number { return mulhi32(wyrandStep(mp), n >>> 0); }
