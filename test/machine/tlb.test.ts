// The cores' TLBs (src/machine/tlb.ts): a translation is answered from the TLB once walked, and
// never after the page table changed under it — munmap, madvise(DONTNEED), mprotect and the
// teardown of an address space flush every core's TLB (tlbGen), another address space on the
// core never sees the last one's entries — so an access faults exactly where the page table
// says it must, whether it runs in the machine's loop or retires in place.
import { describe, expect, it } from 'vitest';
import { Tlb } from '../../src/machine/tlb.ts';
import { PhysicalMemory } from '../../src/machine/memory.ts';
import { AddressSpace } from '../../src/kernel/mm.ts';
import { cProgram } from '../../src/libc/libc.ts';
import { loadInPlace, storeInPlace, loadInstr, storeInstr, type Instr } from '../../src/machine/instr.ts';
import { MAP_PRIVATE, MAP_ANONYMOUS, MAP_FIXED, PROT_READ, PROT_WRITE } from '../../src/kernel/uapi/index.ts';
import { runProgram } from '../helpers.ts';

const PAGE = 4096;
const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;

function space(): { mem: PhysicalMemory; mm: AddressSpace; a: number; vpn: number } {
  const mem = new PhysicalMemory(1 << 30, PAGE);
  const mm = new AddressSpace(mem);
  const a = mm.mmap(0, 4 * PAGE, RW, ANON);
  expect(mm.fault(a, true)).toBe('ok');
  expect(mm.fault(a + PAGE, true)).toBe('ok');
  return { mem, mm, a, vpn: a / PAGE };
}

describe('the TLB', () => {
  it('answers a translation it walked once without walking again', () => {
    const { mm, vpn } = space();
    const tlb = new Tlb();
    expect([tlb.translate(mm, vpn, true), tlb.translate(mm, vpn + 1, false)]).toEqual([0, 1]);
    expect([tlb.misses, tlb.hits]).toEqual([2, 0]);
    expect([tlb.translate(mm, vpn, false), tlb.translate(mm, vpn + 1, true), tlb.translate(mm, vpn, true)]).toEqual([0, 1, 0]);
    expect([tlb.misses, tlb.hits]).toEqual([2, 3]);
    // An absent page is not remembered: once faulted in, the next lookup finds it.
    expect(tlb.translate(mm, vpn + 2, false)).toBe(-1);
    expect(mm.fault((vpn + 2) * PAGE, false)).toBe('ok');
    expect(tlb.translate(mm, vpn + 2, false)).toBe(2);
  });

  it('is flushed on every core by munmap: the page is absent to all of them, and found at its new frame once mapped again', () => {
    const { mm, a, vpn } = space();
    const cpu0 = new Tlb(); const cpu1 = new Tlb();
    expect([cpu0.translate(mm, vpn, true), cpu1.translate(mm, vpn, false)]).toEqual([0, 0]);
    expect(mm.munmap(a, PAGE)).toBe(0);
    expect([cpu0.translate(mm, vpn, false), cpu1.translate(mm, vpn, true)]).toEqual([-1, -1]);
    expect(cpu0.translate(mm, vpn + 1, true)).toBe(1); // the rest of the mapping is still there
    expect(mm.mmap(a, PAGE, RW, ANON | MAP_FIXED)).toBe(a);
    expect(mm.fault((vpn + 3) * PAGE, true)).toBe('ok'); // takes frame 0, the one just freed
    expect(mm.fault(a, true)).toBe('ok');
    expect([cpu0.translate(mm, vpn + 3, true), cpu1.translate(mm, vpn, true)]).toEqual([0, 2]);
  });

  it('is flushed by madvise(DONTNEED) and by the teardown of the address space', () => {
    const { mm, a, vpn } = space();
    const tlb = new Tlb();
    expect(tlb.translate(mm, vpn, true)).toBe(0);
    mm.dontneed(a, PAGE);
    expect(tlb.translate(mm, vpn, false)).toBe(-1);
    expect(tlb.translate(mm, vpn + 1, false)).toBe(1);
    mm.release();
    expect(tlb.translate(mm, vpn + 1, false)).toBe(-1);
  });

  it('is flushed by mprotect: write access taken away is refused at once, reads still translate', () => {
    const { mm, a, vpn } = space();
    const tlb = new Tlb();
    expect(tlb.translate(mm, vpn, true)).toBe(0);
    expect(mm.mprotect(a, PAGE, PROT_READ)).toBe(0);
    expect([tlb.translate(mm, vpn, true), tlb.translate(mm, vpn, false)]).toEqual([-1, 0]);
    expect(mm.mprotect(a, PAGE, RW)).toBe(0);
    expect(tlb.translate(mm, vpn, true)).toBe(0);
  });

  it('never gives one address space the translations of another run on the same core', () => {
    const one = space(); const two = space();
    two.mm.fault(two.a + 2 * PAGE, true); // two's frames differ from one's at the same pages
    expect(one.vpn).toBe(two.vpn);
    const tlb = new Tlb();
    expect(tlb.translate(one.mm, one.vpn, true)).toBe(0);
    expect(tlb.translate(two.mm, two.vpn + 2, true)).toBe(2);
    expect(tlb.translate(two.mm, two.vpn + 3, true)).toBe(-1);
    expect(tlb.translate(one.mm, one.vpn + 2, true)).toBe(-1);
  });

  // A program that fills its core's TLB with a page and then unmaps or write-protects it: the
  // next access must fault (SIGSEGV, exit status 139) — a TLB not flushed would let it through.
  const afterChange = (change: 'munmap' | 'mprotect', inPlace: boolean) => cProgram('tlb', function* (c): Generator<Instr, number, any> {
    const a: number = yield* c.mmap(0, 2 * PAGE, RW, ANON);
    const word = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    for (let i = 0; i < 3; i++) {
      if (!inPlace || !storeInPlace(a, word)) yield storeInstr(a, word);
      const out = new Uint8Array(8);
      if (!inPlace || !loadInPlace(a, out)) yield loadInstr(a, 8);
    }
    if (change === 'munmap') {
      yield* c.munmap(a, PAGE);
      const out = new Uint8Array(8);
      if (!inPlace || !loadInPlace(a, out)) yield loadInstr(a, 8);
    } else {
      yield* c.mprotect(a, PAGE, PROT_READ);
      const out = new Uint8Array(8);
      if (!inPlace || !loadInPlace(a, out)) yield loadInstr(a, 8); // still readable
      if (!inPlace || !storeInPlace(a, word)) yield storeInstr(a, word);
    }
    return 0;
  });

  it.each([['munmap', false], ['munmap', true], ['mprotect', false], ['mprotect', true]] as const)(
    'makes an access after %s fault on the core that had the translation (retired in place: %s)', (change, inPlace) => {
      const { m, snap } = runProgram(afterChange(change, inPlace), ['tlb'], { cores: 1 });
      expect(snap.exitStatus).toBe(139);
      expect(m.cores[0]!.tlb.hits).toBeGreaterThan(0);
    });
});
