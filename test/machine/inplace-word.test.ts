// Whole words retired in place (storeWordInPlace / loadWordInPlace, src/machine/inplace.ts): an
// 8-byte word stored or loaded as two 32-bit halves of the frame has exactly the effect of the
// same access made with its bytes — the same clocks, instruction count, faults and trace, the same
// bytes in memory and the same value read back — aligned or not, across a page boundary or not,
// into pages not yet faulted in, and however the run is driven.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { cProgram } from '../../src/libc/libc.ts';
import { compute, computeInPlace, usdtInPlace, usdtInstr, loadInPlace, storeInPlace, loadInstr, storeInstr,
  storeWordInPlace, loadWordInPlace, type Instr } from '../../src/machine/instr.ts';
import { PROT_READ, PROT_WRITE, MAP_PRIVATE, MAP_ANONYMOUS } from '../../src/kernel/uapi/flags.ts';

const cfg = { cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 };

function le(v: number): Uint8Array {
  const b = new Uint8Array(8); const lo = v >>> 0; const hi = Math.floor(v / 4294967296) >>> 0;
  for (let i = 0; i < 4; i++) { b[i] = (lo >>> (8 * i)) & 0xff; b[4 + i] = (hi >>> (8 * i)) & 0xff; }
  return b;
}
function fromLe(b: Uint8Array): number {
  return ((b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0) + ((b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0) * 4294967296;
}

/**
 * Each thread stores and loads words in 64 KiB of its own memory — aligned ones mostly, one in
 * seven at an odd address (some across a page boundary), some into pages not yet faulted in —
 * computing between, and fires a probe with what it read. `words`: through the word calls, else
 * through the byte calls; both yield the same instruction when refused.
 */
function worker(name: string, salt: number, words: boolean) {
  return cProgram(name, function* (c): Generator<Instr, number, any> {
    const base: number = yield* c.mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    const out = new Uint8Array(8);
    let x = salt; let sum = 0;
    for (let i = 0; i < 700; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      const odd = i % 7 === 3;
      const addr = base + (odd ? (4096 * (1 + (x % 14)) - 3) : (x % (65536 / 8)) * 8);
      const v = (x % 1000) * 4294967296 + ((x * 2654435761) >>> 0);
      const done = words ? storeWordInPlace(addr, v) : storeInPlace(addr, le(v));
      if (!done) yield storeInstr(addr, le(v));
      const at = base + ((x >>> 9) % (65536 / 8)) * 8 + (odd ? 5 : 0);
      let got = words ? loadWordInPlace(at) : (loadInPlace(at, out) ? fromLe(out) : -1);
      if (got < 0) got = fromLe(yield loadInstr(at, 8));
      sum = (sum * 31 + (got % 1000003)) >>> 0;
      const cycles = 1 + (x % 20_000);
      if (!computeInPlace(cycles)) yield compute(cycles);
      if (!usdtInPlace('word', i, sum, name)) yield usdtInstr('word', i, sum, name);
    }
    return 0;
  });
}

interface Seen { hash: string; events: number; instructions: number; loop: number; clocks: number[]; user: number[] }

function run(words: boolean, drive: (m: Machine) => void): Seen {
  const m = new Machine(cfg); const k = new Kernel(m);
  for (const [name, salt] of [['p', 5], ['q', 6], ['r', 7]] as const) k.spawn(worker(name, salt, words), [name], {});
  drive(m);
  return {
    hash: m.probe.traceHash(), events: m.probe.count, instructions: m.instructions, loop: m.loopInstructions,
    clocks: m.cores.map((c) => c.clock), user: m.cores.map((c) => c.userCycles),
  };
}

const whole = (m: Machine): void => { while (m.run(Infinity) !== 'idle') { /* to the end */ } };
const slices = (m: Machine): void => {
  let x = 13;
  for (;;) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; if (m.run(m.now + 1 + (x % 150_000)) === 'idle') return; }
};

describe('whole words retired in place', () => {
  it('give the clocks, faults, trace and values of the same accesses made with their bytes', () => {
    const bytes = run(false, whole);
    expect(bytes.events).toBeGreaterThan(2000);
    expect(run(true, whole)).toEqual(bytes);
    expect(run(true, slices)).toEqual(run(false, slices));
    expect(bytes.loop).toBeLessThan(bytes.instructions / 3); // most of them retired in place
  });

  it('are refused outside a running batch', () => {
    expect(storeWordInPlace(4096, 1)).toBe(false);
    expect(loadWordInPlace(4096)).toBe(-1);
  });
});
