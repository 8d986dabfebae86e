// The hostile-syscall fuzzer in the test suite: a few seeds × 10,000 random and
// adversarial system calls beside well-behaved processes, every invariant checked
// (src/scenario/fuzz.ts): no oops, neighbours as without the fuzzer, every return
// in -4095..-1 or valid, frames back, no kernel object left, one trace per seed.
import { describe, expect, it } from 'vitest';
import { fuzzSeed, genRandcall } from '../../src/scenario/fuzz.ts';
import { SYS } from '../../src/kernel/uapi/syscalls.ts';

describe('randcall: hostile system calls', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 10,000 calls break no invariant`, () => {
      const r = fuzzSeed(seed, 10_000);
      expect(r.violations).toEqual([]);
      expect(r.calls).toBe(10_000);
    });
  }

  it('makes its steps from the seed alone, weighted toward implemented calls', () => {
    const a = genRandcall(7, 2000); const b = genRandcall(7, 2000);
    expect(a).toEqual(b);
    expect(genRandcall(8, 2000)).not.toEqual(a);
    const implemented = new Set<number>([SYS.read, SYS.write, SYS.mmap, SYS.munmap, SYS.brk, SYS.socket, SYS.bind, SYS.futex, SYS.epoll_ctl, SYS.close]);
    expect(a.filter((s) => implemented.has(s.nr)).length).toBeGreaterThan(200);
    expect(a.some((s) => s.nr === SYS.exit || s.nr === SYS.exit_group)).toBe(false);
  });

});
