import { describe, expect, it } from 'vitest';
import { cProgram } from '../../src/libc/libc.ts';
import { MAP_PRIVATE, MAP_ANONYMOUS, MAP_FIXED, PROT_READ, PROT_WRITE, PROT_NONE } from '../../src/kernel/uapi/index.ts';
import { AddressSpace, MMAP_TOP } from '../../src/kernel/mm.ts';
import { PhysicalMemory } from '../../src/machine/memory.ts';
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

describe('page tables', () => {
  const PAGE = 4096;
  const RW = PROT_READ | PROT_WRITE;
  const ANON = MAP_PRIVATE | MAP_ANONYMOUS;

  it('unmapping 128 TiB visits only the regions with pages there, in address order, and their pages in address order (zap_pte_range)', () => {
    const mem = new PhysicalMemory(1 << 30, PAGE);
    const mm = new AddressSpace(mem);
    expect(mm.mmap(2 ** 30, MMAP_TOP - 2 ** 30, RW, ANON | MAP_FIXED)).toBe(2 ** 30);
    const addrs = [MMAP_TOP - PAGE, 2 ** 30 + 5 * PAGE, 2 ** 40, 2 ** 30];
    for (const a of addrs) expect(mm.fault(a, true)).toBe('ok');
    const pfns = addrs.map((a) => mm.translate(a / PAGE, false));
    expect(pfns).toEqual([0, 1, 2, 3]);
    expect(mm.munmap(2 ** 30, MMAP_TOP - 2 ** 30)).toBe(0);
    expect([mm.rssPages, mem.inUse, mm.mapCount, mm.vsz]).toEqual([0, 0, 0, 0]);
    // Given back: 3 and 1 (the region at 1 GiB, its pages in address order), 2 (1 TiB), 0 (the
    // top); the free list hands out the last one first.
    expect([mem.alloc(), mem.alloc(), mem.alloc(), mem.alloc()]).toEqual([0, 2, 1, 3]);
  });

  it('a page unmapped and faulted in again is found at its new frame, and mprotect takes write access away', () => {
    const mm = new AddressSpace(new PhysicalMemory(1 << 30, PAGE));
    const a = mm.mmap(0, 4 * PAGE, RW, ANON);
    expect(mm.fault(a, true)).toBe('ok');
    const vpn = a / PAGE;
    expect(mm.translate(vpn, true)).toBe(0);
    expect(mm.munmap(a, PAGE)).toBe(0);
    expect(mm.translate(vpn, false)).toBe(-1);
    expect(mm.fault(a + PAGE, true)).toBe('ok');
    expect(mm.mmap(a, PAGE, RW, ANON | MAP_FIXED)).toBe(a);
    expect(mm.fault(a, true)).toBe('ok');
    expect([mm.translate(vpn, true), mm.translate(vpn + 1, true)]).toEqual([1, 0]); // frame 0 was reused first
    expect(mm.mprotect(a, 2 * PAGE, PROT_READ)).toBe(0);
    expect([mm.translate(vpn, true), mm.translate(vpn, false), mm.translate(vpn + 1, false)]).toEqual([-1, 1, 0]);
    expect(mm.fault(a, true)).toBe('accerr');
    expect(mm.rssPages).toBe(2);
  });

  it('copy_to_user and copy_from_user: within a resident page, into a page not faulted in yet, across a page boundary, and EFAULT on a read-only page', () => {
    const mm = new AddressSpace(new PhysicalMemory(1 << 30, PAGE));
    const a = mm.mmap(0, 3 * PAGE, RW, ANON);
    const bytes = (n: number, salt: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + salt) & 0xff);
    expect(mm.fault(a, true)).toBe('ok');
    expect(mm.copyOut(a + 100, bytes(64, 1))).toBe(0); // one resident page
    expect(mm.copyIn(a + 100, 64)).toEqual(bytes(64, 1));
    expect(mm.rssPages).toBe(1);
    expect(mm.copyOut(a + PAGE + 8, bytes(64, 2))).toBe(0); // a page not there yet: faulted in by the copy
    expect(mm.rssPages).toBe(2);
    expect(mm.copyIn(a + PAGE + 8, 64)).toEqual(bytes(64, 2));
    expect(mm.copyOut(a + 2 * PAGE - 30, bytes(64, 3))).toBe(0); // across the boundary into the third page
    expect(mm.rssPages).toBe(3);
    expect(mm.copyIn(a + 2 * PAGE - 30, 64)).toEqual(bytes(64, 3));
    expect(mm.copyIn(a + 100, 0)).toEqual(new Uint8Array(0));
    expect(mm.mprotect(a, PAGE, PROT_READ)).toBe(0);
    expect(mm.copyOut(a + 100, bytes(8, 4))).toBeLessThan(0); // -EFAULT: read-only
    expect(mm.copyIn(a + 100, 64)).toEqual(bytes(64, 1)); // and unchanged
  });
});
