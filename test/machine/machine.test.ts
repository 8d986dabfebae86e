import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/machine.ts';
import { EventQueue } from '../../src/machine/event-queue.ts';
import { Rng } from '../../src/machine/rng.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { cProgram } from '../../src/libc/libc.ts';

const cfg = { cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 };

describe('the machine', () => {
  it('orders events by time, then by the order they were scheduled', () => {
    const q = new EventQueue();
    const order: string[] = [];
    for (const [t, name] of [[30, 'c'], [10, 'a'], [30, 'd'], [20, 'b'], [10, 'a2']] as const) q.push(t, 0, 'timer', () => order.push(name));
    q.push(15, 0, 'timer', () => order.push('cancelled')).cancelled = true;
    for (let e = q.pop(); e; e = q.pop()) if (!e.cancelled) e.fn!(e);
    expect(order).toEqual(['a', 'a2', 'b', 'c', 'd']);
  });

  it('gives each named PRNG stream its own sequence, independent of the others\' use', () => {
    const a = new Rng(7); const b = new Rng(7);
    a.stream('net').u32(); a.stream('net').u32();
    expect(a.stream('timer').u32()).toBe(b.stream('timer').u32());
    expect(new Rng(7).stream('x').u32()).not.toBe(new Rng(8).stream('x').u32());
  });

  it('rejects 0 and 65 cores', () => {
    expect(() => new Machine({ ...cfg, cores: 0 })).toThrow(/cores must be 1\.\.64/);
    expect(() => new Machine({ ...cfg, cores: 65 })).toThrow(/cores must be 1\.\.64/);
  });

  it('ticks at HZ on a busy core and stops the tick on an idle one', () => {
    const m = new Machine(cfg); const k = new Kernel(m);
    k.spawn(cProgram('busy', function* (c) { yield* c.spin(3e9 * 0.1); return 0; }), ['busy'], {});
    m.run(m.nsToCycles(1e9));
    const [c0, c1] = m.cores;
    expect(c0!.interrupts).toBe(26);   // 100 ms at 250 Hz, plus the IPI that started the process
    expect(c1!.interrupts).toBeLessThanOrEqual(1); // idle: the tick stops (tickless idle)
    expect(c0!.userCycles).toBe(3e8);
  });

  it('steps one instruction at a time and pauses on request', () => {
    const m = new Machine(cfg); const k = new Kernel(m);
    k.spawn(cProgram('p', function* (c) { for (let i = 0; i < 10; i++) yield* c.spin(100); return 0; }), ['p'], {});
    expect(m.run(Infinity, 1)).toBe('steps');
    const before = m.instructions;
    m.run(Infinity, 5);
    expect(m.instructions - before).toBeLessThanOrEqual(5);
    m.probe.subscribe((e) => { if (e.kind === 'proc_exit') m.pause(); });
    expect(m.run(Infinity)).toBe('paused');
  });

  it('routes an IRQ line to a core by its affinity and counts it', () => {
    const m = new Machine({ ...cfg, cores: 4 }); new Kernel(m);
    const seen: number[] = [];
    m.irq.request(11, (ev) => seen.push(ev.cpu));
    m.irq.setAffinity(11, [1, 3]);
    for (let i = 0; i < 4; i++) m.irq.raise(11, 1000 * (i + 1));
    m.irq.raise(12, 500); // nobody listens: spurious, dropped
    m.run(m.nsToCycles(1e6));
    expect(seen).toEqual([1, 3, 1, 3]);
    expect(m.irq.counts.get(11)).toEqual([0, 2, 0, 2]);
    expect(m.cores[1]!.interrupts).toBeGreaterThanOrEqual(2);
  });
});
