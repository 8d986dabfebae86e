import { describe, expect, it } from 'vitest';
import { cProgram } from '../../src/libc/libc.ts';
import { MAP_PRIVATE, MAP_ANONYMOUS, PROT_READ, PROT_WRITE, PROT_NONE } from '../../src/kernel/uapi/index.ts';
import { runProgram } from '../helpers.ts';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';

describe('address spaces', () => {
  it('maps pages on first touch: RSS follows what is touched, VSZ what is mapped, and munmap gives frames back', () => {
    const rss: number[] = [];
    let kref: ReturnType<typeof runProgram>['k'] | null = null;
    const exe = cProgram('mm', function* (c) {
      const len = 64 * 4096;
      const a = yield* c.mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
      rss.push(kref!.procs.get(100)!.mm.rssPages);
      for (let i = 0; i < 16; i++) yield* c.poke(a + i * 4096, new Uint8Array([i]));
      rss.push(kref!.procs.get(100)!.mm.rssPages);
      const back = yield* c.peek(a + 5 * 4096, 1);
      rss.push(back[0]!);
      yield* c.munmap(a, len);
      rss.push(kref!.procs.get(100)!.mm.rssPages);
      return 0;
    });
    // Observe the kernel from the test (not from the program).
    const r = runProgramObserved(exe, (k) => { kref = k; });
    expect(rss[1]! - rss[0]!).toBe(16);
    expect(rss[2]).toBe(5);
    expect(rss[3]).toBe(rss[0]);
    expect(r.snap.vszPeakBytes - r.vszBase).toBe(64 * 4096);
  });

  it('kills a process that touches a PROT_NONE guard page with SIGSEGV', () => {
    const exe = cProgram('guard', function* (c) {
      const a = yield* c.mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
      yield* c.mprotect(a, 4096, PROT_NONE);
      yield* c.poke(a + 4096, new Uint8Array([1]));
      yield* c.poke(a, new Uint8Array([1]));
      return 0;
    });
    const { snap } = runProgram(exe);
    expect(snap.exitStatus).toBe(139);
  });
});

function runProgramObserved(exe: Parameters<typeof runProgram>[0], hook: (k: ReturnType<typeof runProgram>['k']) => void) {
  // runProgram builds and runs in one go; to observe during the run we build the same way.
  const m = new Machine({ cores: 1, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m);
  hook(k);
  const p = k.spawn(exe, ['mm'], {});
  const vszBase = p.mm.vsz;
  m.run(m.nsToCycles(1e9));
  return { snap: k.snapshot().procs.find((q) => q.pid === p.pid)!, vszBase };
}
