// Goroutine stacks: 2 KiB at the start, doubled by newstack when a prologue finds
// the frame does not fit, fatal past maxstacksize with Go's messages.
import { describe, expect, it } from 'vitest';
import { runGo } from './memhelpers.ts';
import deepRecursion from '../../src/apps/go/deep-recursion.ts';
import manyGoroutines from '../../src/apps/go/many-goroutines.ts';
import { goProgram, go, make, callFrame, enter, leave, fmt, WaitGroup, type Gen } from '../../src/runtime/index.ts';

describe('goroutine stacks', () => {
  it('deep recursion grows the stack by doubling and dies with "stack overflow" past maxstacksize (1 GB)', () => {
    const { snap, rs } = runGo(deepRecursion, ['go-deep-recursion', '1024'], {}, { cores: 1, memoryBytes: 2 ** 32 });
    expect(snap.exitStatus).toBe(2);
    expect(snap.stderr).toMatch(/^runtime: goroutine stack exceeds 1000000000-byte limit\nruntime: sp=0x[0-9a-f]+ stack=\[0x[0-9a-f]+, 0x[0-9a-f]+\]\nfatal error: stack overflow\n\ngoroutine 1 \[running\]:/);
    // 2 KiB → 512 MiB is 18 doublings; the 19th (1 GiB) is over the limit.
    expect(rs.stacks!.growths).toBe(18);
    expect(rs.stacks!.maxBytes).toBe(512 * 1024 * 1024);
    expect(snap.stdout.trim().split('\n').at(-1)).toBe('depth 262144, stack 262144 KiB');
  }, 30_000);

  it('debug.SetMaxStack lowers the limit and the message names it', () => {
    const { snap, rs } = runGo(deepRecursion, ['go-deep-recursion', '256', '65536'], {}, { cores: 1 });
    expect(snap.stderr.split('\n')[0]).toBe('runtime: goroutine stack exceeds 65536-byte limit');
    expect(rs.stacks!.growths).toBe(5); // 2 → 4 → 8 → 16 → 32 → 64 KiB
    expect(snap.exitStatus).toBe(2);
  });

  it('a frame that does not fit grows the stack once, doubling until it fits; leaving keeps the stack', () => {
    const sizes: number[] = [];
    function* big(): Gen<void> { sizes.push(0); }
    const exe = goProgram('frames', function* main() {
      yield* callFrame(10_000, big); // 2 KiB → 16 KiB in one newstack (doubled three times)
      yield* enter(100); leave(100);
      yield* fmt.Println('ok');
    });
    const { snap, rs } = runGo(exe, ['frames']);
    expect(snap.stdout).toBe('ok\n');
    expect(sizes).toEqual([0]);
    expect(rs.stacks!.growths).toBe(1);
    expect(rs.stacks!.maxBytes).toBe(16384);
  });

  it('10,000 goroutines 300 frames deep: each stack grows 2 → 16 KiB, 160 MB of stacks while they block', () => {
    const { snap, rs } = runGo(manyGoroutines, ['many-goroutines', '10000', '300'], {}, { limitNs: 10e9 });
    expect(snap.stdout).toBe('10000 goroutines blocked, 300 frames deep\nall 10000 goroutines done\n');
    expect(snap.exitStatus).toBe(0);
    expect(rs.stacks!.growths).toBe(30_000); // 2→4→8→16 KiB for each goroutine
    expect(rs.stacks!.maxBytes).toBe(16384);
    // While blocked: 10,000 × 16 KiB of stacks resident (plus the pools' freed smaller stacks).
    expect(snap.rssPeakBytes).toBeGreaterThan(10_000 * 16384);
    expect(snap.rssPeakBytes).toBeLessThan(10_000 * 16384 * 1.4);
  }, 30_000);

  it('a dead goroutine gives back a grown stack: the next one starts at 2 KiB again', () => {
    function* grow(wg: WaitGroup): Gen<void> { yield* callFrame(5000, function* () { /* */ }); yield* wg.Done(); }
    const exe = goProgram('reuse', function* main() {
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) { yield* wg.Add(1); yield* go(grow, wg); yield* wg.Wait(); }
      void make;
    });
    const { snap, rs } = runGo(exe, ['reuse']);
    expect(snap.exitStatus).toBe(0);
    expect(rs.stacks!.growths).toBe(3);
    // Every G's stack, the dead one kept on gFree included, is back at the starting 2 KiB:
    // main, the reused G, and the runtime's forcegchelper, bgsweep, bgscavenge and finalizer goroutine.
    expect(rs.stacks!.bytesInUse).toBe(6 * 2048);
  });
});
