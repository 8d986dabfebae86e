import { describe, expect, it } from 'vitest';
import { cProgram } from '../../src/libc/libc.ts';
import { runProgram } from '../helpers.ts';

describe('malloc and free', () => {
  it('reuses a freed block of the same size, grows the heap with brk and puts big blocks in their own mmap', () => {
    const seen: Record<string, number> = {};
    const exe = cProgram('m', function* (c) {
      const a = yield* c.malloc(100);
      const b = yield* c.malloc(100);
      yield* c.free(a);
      const a2 = yield* c.malloc(90);        // same chunk size class as 100: reused
      const big = yield* c.malloc(1 << 20);  // ≥ 128 KiB: its own mapping
      seen.a = a; seen.b = b; seen.a2 = a2; seen.big = big;
      yield* c.free(big);
      yield* c.free(a2); yield* c.free(b);
      return 0;
    });
    const { snap } = runProgram(exe);
    expect(snap.exitStatus).toBe(0);
    expect(seen.a2).toBe(seen.a);
    expect(seen.b! - seen.a!).toBe(112);      // 100 + 8 (SIZE_SZ), rounded up to 16, as glibc
    expect(seen.a! % 16).toBe(0);
    expect(seen.big! > 0x7000_0000_0000).toBe(true);
    expect(snap.syscalls.brk!.calls).toBe(2); // query the break, then grow it once
    expect(snap.syscalls.mmap!.calls).toBe(1);
    expect(snap.syscalls.munmap!.calls).toBe(1);
  });

  it('coalesces neighbours so a larger request fits where two small ones were', () => {
    const seen: number[] = [];
    const exe = cProgram('m', function* (c) {
      const x = yield* c.malloc(200); const y = yield* c.malloc(200); const guard = yield* c.malloc(16);
      yield* c.free(x); yield* c.free(y);
      seen.push(x, yield* c.malloc(400), guard);
      return 0;
    });
    runProgram(exe);
    expect(seen[1]).toBe(seen[0]);
  });
});
