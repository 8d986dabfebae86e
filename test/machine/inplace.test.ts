// Instructions retired in place (src/machine/inplace.ts): a compute, an rdtsc or a probe
// that a thread retires where it issues it has exactly the effect the machine's loop would
// have given it — same trace, same clocks, same instruction count — however the run is
// driven, and a pause or an oops at such a probe lands where it would have landed.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel, takeOopses } from '../../src/kernel/kernel.ts';
import { cProgram } from '../../src/libc/libc.ts';
import { compute, computeInPlace, rdtscInPlace, usdtInPlace, usdtInstr, RDTSC, loadInPlace, storeInPlace, loadInstr, storeInstr, trapInPlace, trapInstr, SYSRET, type Instr } from '../../src/machine/instr.ts';
import { PROT_READ, PROT_WRITE, MAP_PRIVATE, MAP_ANONYMOUS } from '../../src/kernel/uapi/flags.ts';
import { SYS } from '../../src/kernel/uapi/syscalls.ts';

const cfg = { cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 };

/**
 * A thread that computes (small amounts, and now and then more than a timer tick), reads
 * the clock and fires probes, and traps into the kernel every 16 rounds; `inPlace` retires
 * what it can where it issues it, otherwise everything is yielded.
 */
function worker(name: string, salt: number, inPlace: boolean) {
  return cProgram(name, function* (c): Generator<Instr, number, any> {
    let x = salt;
    for (let i = 0; i < 400; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      const cycles = i % 97 === 0 ? 20_000_000 : 1 + (x % 40_000);
      if (!inPlace || !computeInPlace(cycles)) yield compute(cycles);
      const t0 = inPlace ? rdtscInPlace() : -1;
      const t: number = t0 >= 0 ? t0 : yield RDTSC;
      if (!inPlace || !usdtInPlace('work', i, t % 1_000_003, name)) yield usdtInstr('work', i, t % 1_000_003, name);
      if (i % 16 === 15) { if (inPlace) yield* c.getpid(); else yield trapInstr(SYS.getpid); } // the C library's trap is made in place
    }
    return 0;
  });
}

function boot(inPlace: boolean): { m: Machine; k: Kernel } {
  const m = new Machine(cfg); const k = new Kernel(m);
  k.spawn(worker('a', 1, inPlace), ['a'], {});
  k.spawn(worker('b', 2, inPlace), ['b'], {});
  k.spawn(worker('c', 3, inPlace), ['c'], {});
  return { m, k };
}

interface Seen { hash: string; events: number; instructions: number; now: number; clocks: number[]; user: number[] }
function seen(m: Machine): Seen {
  return {
    hash: m.probe.traceHash(), events: m.probe.count, instructions: m.instructions, now: m.now,
    clocks: m.cores.map((c) => c.clock), user: m.cores.map((c) => c.userCycles),
  };
}

type Drive = (m: Machine) => void;
const whole: Drive = (m) => { while (m.run(Infinity) !== 'idle') { /* to the end */ } };
const slices = (seed: number): Drive => (m) => {
  let x = seed;
  for (;;) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    if (m.run(m.now + 1 + (x % 200_000)) === 'idle') return;
  }
};
const stepped: Drive = (m) => { while (m.run(Infinity, 1 + (m.instructions % 3)) !== 'idle') { /* a step at a time */ } };

describe('instructions retired in place', () => {
  const yielded = (() => { const { m } = boot(false); whole(m); return seen(m); })();

  it.each([['to the end', whole], ['in random slices', slices(7)], ['in other random slices', slices(99)], ['stepped', stepped]] as const)(
    'give the trace, clocks and instruction count of the same instructions yielded, run %s', (_name, drive) => {
      const { m } = boot(true);
      drive(m);
      expect(seen(m)).toEqual(yielded);
      expect(yielded.events).toBeGreaterThan(1200);
    });

  it('mostly never reach the machine\'s loop', () => {
    const { m } = boot(true);
    whole(m);
    const { m: y } = boot(false);
    whole(y);
    expect(y.instructions - y.loopInstructions).toBeLessThanOrEqual(3); // only the C library's own start and exit calls, made in place
    expect(m.loopInstructions).toBeLessThan(y.loopInstructions / 3);
  });

  it('stop right after a probe at which an observer pauses the machine, as the loop does', () => {
    const at = (inPlace: boolean): { paused: Seen; end: Seen } => {
      const { m } = boot(inPlace);
      const unsub = m.probe.subscribe((e) => { if (e.kind === 'work' && e.a === 200 && e.s === 'b') m.pause(); });
      expect(m.run(Infinity)).toBe('paused');
      const paused = seen(m);
      unsub();
      whole(m);
      return { paused, end: seen(m) };
    };
    const y = at(false); const p = at(true);
    expect(p.paused).toEqual(y.paused);
    expect(p.end).toEqual(y.end);
    expect(p.end).toEqual(yielded);
  });

  it('make an observer\'s exception at a probe an oops of the process, as the loop does', () => {
    const crash = (inPlace: boolean): { end: Seen; klog: string[] } => {
      const { m, k } = boot(inPlace);
      m.probe.subscribe((e) => { if (e.kind === 'work' && e.a === 100 && e.s === 'c') throw new Error('observer bug'); });
      whole(m);
      return { end: seen(m), klog: k.klog.filter((l) => l.includes('Oops')) };
    };
    const y = crash(false); const p = crash(true);
    expect(takeOopses().map((o) => o.split('\n')[0])).toEqual([y.klog[0]!.replace(/^\[.*?\] /, ''), p.klog[0]!.replace(/^\[.*?\] /, '')]);
    expect(y.klog).toHaveLength(1);
    expect(y.klog[0]).toMatch(/Oops: Error: observer bug executing a user instruction .* comm: c/);
    expect(p).toEqual(y);
  });

  it('leave a compute that ends exactly at the batch\'s end to the loop, which takes the timer interrupt there first', () => {
    const ticks = (inPlace: boolean): number[] => {
      const m = new Machine({ ...cfg, cores: 1 }); const k = new Kernel(m);
      const period = m.tickPeriod;
      k.spawn(cProgram('edge', function* (): Generator<Instr, number, any> {
        for (let i = 0; i < 5; i++) {
          const t: number = yield RDTSC;
          const toTick = (Math.floor(t / period) + 1) * period - t;
          if (!inPlace || !computeInPlace(toTick)) yield compute(toTick);
          const c = inPlace ? rdtscInPlace() : -1;
          const after: number = c >= 0 ? c : yield RDTSC;
          yield usdtInstr('edge', after - (t + toTick));
        }
        return 0;
      }), ['edge'], {});
      const out: number[] = [];
      m.probe.subscribe((e) => { if (e.kind === 'edge') out.push(e.a); });
      whole(m);
      return out;
    };
    const y = ticks(false);
    expect(y.every((d) => d > 1000)).toBe(true); // the tick's handler ran between the compute and the read
    expect(ticks(true)).toEqual(y);
  });

  it('are refused outside a running batch (a program stepped by hand executes nothing)', () => {
    whole(boot(true).m);
    expect(computeInPlace(10)).toBe(false);
    expect(rdtscInPlace()).toBe(-1);
    expect(usdtInPlace('work', 0, 0, '')).toBe(false);
  });

  it('give loads and stores the clocks, faults and bytes the loop gives them, however the run is driven', () => {
    // Each thread stores and loads words and runs of bytes (some across a page boundary, some into
    // pages not yet faulted in, which the loop must fault) in 64 KiB of its own anonymous memory,
    // computing between, and fires a probe with a checksum of what it read.
    const mem = (name: string, salt: number, inPlace: boolean) => cProgram(name, function* (c): Generator<Instr, number, any> {
      const base: number = yield* c.mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
      const bytes = new Uint8Array(300); const out = new Uint8Array(300);
      let x = salt; let sum = 0;
      for (let i = 0; i < 600; i++) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        const len = i % 5 === 0 ? 300 : 8;
        const addr = base + (x % (65536 - len));
        for (let k = 0; k < len; k++) bytes[k] = (x + k * i) & 0xff;
        if (!inPlace || !storeInPlace(addr, bytes.subarray(0, len))) yield storeInstr(addr, bytes.subarray(0, len));
        const at = base + ((x >>> 7) % (65536 - len));
        let got: Uint8Array = out;
        if (!inPlace || !loadInPlace(at, out, len)) got = yield loadInstr(at, len);
        for (let k = 0; k < len; k++) sum = (sum * 31 + got[k]!) >>> 0;
        const cycles = 1 + (x % 30_000);
        if (!inPlace || !computeInPlace(cycles)) yield compute(cycles);
        if (!inPlace || !usdtInPlace('mem', i, sum, name)) yield usdtInstr('mem', i, sum, name);
      }
      return 0;
    });
    const loop: number[] = [];
    const run = (inPlace: boolean, drive: Drive): Seen => {
      const m = new Machine(cfg); const k = new Kernel(m);
      for (const [name, salt] of [['p', 5], ['q', 6], ['r', 7]] as const) k.spawn(mem(name, salt, inPlace), [name], {});
      drive(m);
      loop.push(m.loopInstructions);
      return seen(m);
    };
    const y = run(false, whole);
    expect(y.events).toBeGreaterThan(1800);
    expect(run(true, whole)).toEqual(y);
    expect(run(true, slices(11))).toEqual(y);
    expect(run(true, stepped)).toEqual(y);
    expect(loop[1]!).toBeLessThan(loop[0]! / 3); // most of them never reached the loop
  });

  describe('system calls made in place', () => {
    // Each thread computes and makes calls that return at once (getpid), that give the core to
    // another thread (sched_yield) and that sleep (nanosleep of up to 60 µs, its timespec stored
    // in its own memory), and fires a probe with each result; `inPlace` makes them with
    // trapInPlace, otherwise every trap is yielded to the loop.
    const caller = (name: string, salt: number, inPlace: boolean) => cProgram(name, function* (c): Generator<Instr, number, any> {
      const base: number = yield* c.mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
      const ts = new Uint8Array(16); const dv = new DataView(ts.buffer);
      let x = salt;
      for (let i = 0; i < 300; i++) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        const cycles = 1 + (x % 20_000);
        if (!inPlace || !computeInPlace(cycles)) yield compute(cycles);
        let nr: number = SYS.getpid;
        if (i % 7 === 3) {
          nr = SYS.nanosleep;
          dv.setBigInt64(8, BigInt(x % 60_000), true);
          yield storeInstr(base, ts);
        } else if (i % 5 === 1) nr = SYS.sched_yield;
        const t = inPlace ? trapInPlace(nr, base, 0) : trapInstr(nr, base, 0);
        const r: number = typeof t === 'number' ? t : yield t;
        const now = inPlace ? rdtscInPlace() : -1;
        const clock: number = now >= 0 ? now : yield RDTSC;
        if (!inPlace || !usdtInPlace('call', i, r * 1_000_003 + (clock % 1_000_003), name)) yield usdtInstr('call', i, r * 1_000_003 + (clock % 1_000_003), name);
      }
      return 0;
    });
    const start = (inPlace: boolean): { m: Machine; k: Kernel } => {
      const m = new Machine(cfg); const k = new Kernel(m);
      for (const [name, salt] of [['u', 11], ['v', 12], ['w', 13]] as const) k.spawn(caller(name, salt, inPlace), [name], {});
      return { m, k };
    };
    const yielded = (() => { const { m } = start(false); whole(m); return { seen: seen(m), loop: m.loopInstructions }; })();

    it.each([['to the end', whole], ['in random slices', slices(5)], ['stepped', stepped]] as const)(
      'give the trace, clocks and instruction count of the same traps yielded, run %s', (_name, drive) => {
        const { m } = start(true);
        drive(m);
        expect(seen(m)).toEqual(yielded.seen);
        expect(yielded.seen.events).toBeGreaterThan(900 * 2); // each call's probe and the kernel's syscall event
      });

    it('keep most calls out of the loop, and the ones that block or switch go through it', () => {
      const { m } = start(true);
      whole(m);
      expect(m.loopInstructions).toBeLessThan(yielded.loop / 2);
      expect(m.loopInstructions).toBeGreaterThan(0);
    });

    it('stop right after a call at which an observer pauses the machine, as the loop does', () => {
      const at = (inPlace: boolean): { paused: Seen; end: Seen } => {
        const { m } = start(inPlace);
        let n = 0;
        const unsub = m.probe.subscribe((e) => { if (e.kind === 'syscall' && ++n === 400) m.pause(); });
        expect(m.run(Infinity)).toBe('paused');
        const paused = seen(m);
        unsub();
        whole(m);
        return { paused, end: seen(m) };
      };
      const y = at(false); const p = at(true);
      expect(p.paused).toEqual(y.paused);
      expect(p.end).toEqual(y.end);
      expect(p.end).toEqual(yielded.seen);
    });

    it('make an exception out of the kernel during a call an oops of the process, as the loop does', () => {
      const crash = (inPlace: boolean): { end: Seen; klog: string[] } => {
        const { m, k } = start(inPlace);
        let n = 0;
        m.probe.subscribe((e) => { if (e.kind === 'syscall' && ++n === 50) throw new Error('observer bug'); });
        whole(m);
        return { end: seen(m), klog: k.klog.filter((l) => l.includes('Oops')) };
      };
      const y = crash(false); const p = crash(true);
      expect(takeOopses()).toHaveLength(2);
      expect(y.klog).toHaveLength(1);
      expect(y.klog[0]).toMatch(/Oops: Error: observer bug .* comm: [uvw]/);
      expect(p).toEqual(y);
    });

    it('are refused outside a running batch, and a SYSRET with no call made is an invalid opcode', () => {
      expect(trapInPlace(SYS.getpid)).toEqual(trapInstr(SYS.getpid));
      const m = new Machine(cfg); const k = new Kernel(m);
      k.spawn(cProgram('forger', function* (): Generator<Instr, number, any> { yield SYSRET; return 0; }), ['forger'], {});
      whole(m);
      expect(k.klog.some((l) => /traps: forger\[\d+\] invalid opcode: sysret with no system call made in place/.test(l))).toBe(true);
    });
  });
});
