// The runtime's randomness is Go's: wyrand per M (runtime/rand.go cheaprand),
// cheaprandn by multiply-shift, seeded from the kernel's AT_RANDOM and so from
// the machine's seed. Checked against a BigInt wyrand, for uniformity (a select
// over four ready cases), for its period, and for what the seed does.
import { describe, expect, it } from 'vitest';
import { cheaprand, cheaprandn, mulhi32, wyrandStep, GlobalRand } from '../../src/runtime/rand.ts';
import { M, G } from '../../src/runtime/runtime2.ts';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { goProgram, make, fmt, select, recv, type Gen } from '../../src/runtime/index.ts';

const MASK64 = (1n << 64n) - 1n;
const WYP0 = 0xa0761d6478bd642fn;
const WYP1 = 0xe7037ed1a0b428dbn;

/** Go's cheaprand on 64-bit, written as it reads: state += p0; hi, lo := Mul64(state, state^p1); uint32(hi^lo). */
function refStep(state: bigint): [bigint, number] {
  const s = (state + WYP0) & MASK64;
  const prod = s * (s ^ WYP1);
  const hi = prod >> 64n; const lo = prod & MASK64;
  return [s, Number((hi ^ lo) & 0xffffffffn)];
}

function mWithState(state: bigint): M {
  const mp = new M(new G(null));
  mp.randHi = Number(state >> 32n); mp.randLo = Number(state & 0xffffffffn);
  return mp;
}

describe('wyrand (cheaprand)', () => {
  it('gives exactly the outputs of a 64-bit BigInt wyrand, from states across the whole 64-bit range', () => {
    const seeds = [0n, 1n, 0xffffffffffffffffn, 0x5f5f5f5f00000000n, 0x00000000ffffffffn, 0xdeadbeefcafebaben, WYP0, (1n << 63n) - 1n];
    for (const seed of seeds) {
      const mp = mWithState(seed);
      let s = seed;
      for (let i = 0; i < 1000; i++) {
        const [ns, want] = refStep(s); s = ns;
        expect(cheaprand(mp)).toBe(want);
      }
      expect((BigInt(mp.randHi) << 32n) | BigInt(mp.randLo)).toBe(s);
    }
  });

  it('pins the first outputs from state 0 (so a change of algorithm cannot pass unnoticed)', () => {
    const mp = mWithState(0n);
    const got = [cheaprand(mp), cheaprand(mp), cheaprand(mp), cheaprand(mp)];
    let s = 0n; const want: number[] = [];
    for (let i = 0; i < 4; i++) { const [ns, v] = refStep(s); s = ns; want.push(v); }
    expect(got).toEqual(want);
  });

  it('multiplies 32×32 bits exactly (the high word), at the edges too', () => {
    const xs = [0, 1, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678, 0x9abcdef0];
    for (const x of xs) for (const y of xs) expect(mulhi32(x, y)).toBe(Number((BigInt(x) * BigInt(y)) >> 32n));
  });

  it('cheaprandn is uint32((uint64(cheaprand()) * n) >> 32), and stays below n', () => {
    const a = mWithState(42n); const b = mWithState(42n);
    for (const n of [1, 2, 3, 4, 7, 61, 1000, 0x7fffffff, 0xffffffff]) {
      for (let i = 0; i < 200; i++) {
        const r = cheaprand(a);
        const want = Number((BigInt(r) * BigInt(n)) >> 32n);
        const got = cheaprandn(b, n);
        expect(got).toBe(want);
        expect(got).toBeLessThan(n);
      }
    }
  });

  it('has no period below 2^32', () => {
    // The state is a Weyl sequence: it adds an odd constant mod 2^64, so it returns to a value only
    // after 2^64 steps. The output is a function of the state, so its period divides 2^64 and is a
    // power of two; a period below 2^32 would divide 2^31. Jumping the state 2^31 steps ahead
    // (adding 2^31·p0) and finding different outputs rules that out.
    expect(WYP0 & 1n).toBe(1n);
    const jump = (BigInt(2 ** 31) * WYP0) & MASK64;
    for (const seed of [0n, 0x0123456789abcdefn, 0xfedcba9876543210n]) {
      const a = mWithState(seed); const b = mWithState((seed + jump) & MASK64);
      let differ = 0;
      for (let i = 0; i < 1000; i++) if (cheaprand(a) !== cheaprand(b)) differ++;
      expect(differ).toBeGreaterThan(990);
    }
  });

  it('gives each M its own state from the process-wide generator, from AT_RANDOM', () => {
    const g = new GlobalRand(); g.init([1, 2, 3, 4]);
    const m1 = new M(new G(null)); const m2 = new M(new G(null));
    g.next64(m1); g.next64(m2);
    expect([m1.randHi, m1.randLo]).not.toEqual([m2.randHi, m2.randLo]);
    const g2 = new GlobalRand(); g2.init([1, 2, 3, 5]);
    const m3 = new M(new G(null)); g2.next64(m3);
    expect([m3.randHi, m3.randLo]).not.toEqual([m1.randHi, m1.randLo]);
    expect(wyrandStep({ randHi: 0, randLo: 0 })).toBe(refStep(0n)[1]);
  });
});

/** Four buffered channels that always have a value; select among them `n` times and print the choice counts and the first 64 choices. */
function fourReady(n: number) {
  return goProgram('four', function* (): Gen<void> {
    const chans = [make<number>(1), make<number>(1), make<number>(1), make<number>(1)];
    for (const c of chans) yield* c.send(0);
    const cases = chans.map((c) => recv(c));
    const counts = [0, 0, 0, 0]; let first = '';
    for (let i = 0; i < n; i++) {
      const r = yield* select(cases);
      counts[r.index]!++;
      if (i < 64) first += String(r.index);
      yield* chans[r.index]!.send(0);
    }
    yield* fmt.Println(counts.join(' '), first);
  });
}

function runFour(n: number, seed: number): string {
  const m = new Machine({ cores: 1, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed });
  const k = new Kernel(m);
  const p = k.spawn(fourReady(n), ['four'], { GOMAXPROCS: '1' });
  m.run(m.nsToCycles(60e9));
  const snap = k.snapshot().procs.find((q) => q.pid === p.pid)!;
  expect(snap.wstatus).toBe(0);
  return snap.stdout;
}

describe('select draws its poll order from the seed', () => {
  it('chooses uniformly among 4 ready cases: chi-square over 100,000 selects below the 0.1% critical value (16.27, 3 degrees of freedom)', () => {
    const out = runFour(100_000, 1);
    const counts = out.split(' ').slice(0, 4).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100_000);
    const e = 100_000 / 4;
    const chi2 = counts.reduce((s, c) => s + ((c - e) ** 2) / e, 0);
    expect(chi2).toBeLessThan(16.27);
    expect(counts).toEqual([25167, 24986, 25107, 24740]); // chi-square 4.29 (the xorshift it replaces gave 49.7 over 40,000)
  }, 60_000);

  it('one seed twice gives the same choices; two seeds give different ones', () => {
    const a = runFour(2000, 1); const b = runFour(2000, 1); const c = runFour(2000, 2);
    expect(a).toBe(b);
    expect(c.split(' ')[4]).not.toBe(a.split(' ')[4]);
  });
});
