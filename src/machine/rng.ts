// The machine's seeded PRNG. One seed, many named streams: each subsystem draws
// from its own stream (derived from the seed and the stream's name), so turning
// one knob does not reshuffle every other subsystem's choices.
// Generator: xoshiro128** (Blackman & Vigna), seeded through splitmix32.

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

/** FNV-1a over a string, to derive a stream's seed from its name. */
export function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class RngStream {
  private s0: number; private s1: number; private s2: number; private s3: number;
  constructor(seed: number) {
    let st = seed | 0; let v: number;
    [st, v] = splitmix32(st); this.s0 = v;
    [st, v] = splitmix32(st); this.s1 = v;
    [st, v] = splitmix32(st); this.s2 = v;
    [st, v] = splitmix32(st); this.s3 = v;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }
  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0; this.s3 ^= this.s1; this.s1 ^= this.s2; this.s0 ^= this.s3;
    this.s2 ^= t; this.s3 = rotl(this.s3, 11);
    return r;
  }
  /** Uniform in [0, n) for n ≤ 2^32 (Lemire's multiply-shift; bias below 2^-32·n, irrelevant here). */
  intn(n: number): number { return Math.floor((this.u32() / 4294967296) * n); }
  /** Uniform in [0, 1). */
  float(): number { return this.u32() / 4294967296; }
}

function rotl(x: number, k: number): number { return (x << k) | (x >>> (32 - k)); }

export class Rng {
  private readonly streams = new Map<string, RngStream>();
  constructor(readonly seed: number) {}
  stream(name: string): RngStream {
    let s = this.streams.get(name);
    if (!s) {
      s = new RngStream(hashString(name, hashString(String(this.seed))));
      this.streams.set(name, s);
    }
    return s;
  }
}
