import { describe, expect, it } from 'vitest';
import { EventQueue, type MachineEvent } from '../../src/machine/event-queue.ts';
import { ProbeBus } from '../../src/machine/probe.ts';
import { PhysicalMemory } from '../../src/machine/memory.ts';
import { Rng } from '../../src/machine/rng.ts';

describe('the event queue', () => {
  it('sweeps out cancelled events without changing the order of the live ones', () => {
    const q = new EventQueue();
    const rng = new Rng(3).stream('events');
    const live: MachineEvent[] = [];
    // 20,000 events at random times (with ties), nine in ten cancelled, pushed in three waves between pops:
    // the heap passes its sweep threshold several times.
    const popped: MachineEvent[] = [];
    for (let wave = 0; wave < 3; wave++) {
      for (let i = 0; i < 20_000 / 3; i++) {
        const ev = q.push(1_000_000 * wave + rng.intn(50_000), 0, 'timer', null);
        if (rng.intn(10) !== 0) ev.cancelled = true; else live.push(ev);
      }
      for (let i = 0; i < 100; i++) { const e = q.peek(); if (e === undefined) break; popped.push(q.pop()!); }
    }
    for (let e = q.peek(); e !== undefined; e = q.peek()) popped.push(q.pop()!);
    const byKey = [...live].sort((a, b) => a.time - b.time || a.seq - b.seq);
    expect(popped.map((e) => e.seq)).toEqual(byKey.map((e) => e.seq));
    expect(q.size).toBe(0);
  });

  it("an operator's input (pushLast) leaves after every ordinary event of its time, whether it was pushed before or after them", () => {
    const order = (lastFirst: boolean): string[] => {
      const q = new EventQueue();
      const fn = (name: string) => (): string => name;
      const push = (t: number, name: string): void => { q.push(t, 0, 'timer', fn(name) as never); };
      if (lastFirst) q.pushLast(100, 0, 'device', fn('console') as never);
      push(100, 'a'); push(50, 'early'); push(100, 'b');
      if (!lastFirst) q.pushLast(100, 0, 'device', fn('console') as never);
      push(100, 'c'); push(101, 'later');
      const out: string[] = [];
      for (let e = q.pop(); e !== undefined; e = q.pop()) out.push((e.fn as unknown as () => string)());
      return out;
    };
    expect(order(true)).toEqual(['early', 'a', 'b', 'c', 'console', 'later']);
    expect(order(false)).toEqual(order(true));
  });
});

describe('the probe bus', () => {
  it('hashes a fixed sequence of events to a pinned value (times past 2^32, negatives, fractions, non-ASCII text)', () => {
    const p = new ProbeBus();
    p.emit('syscall', 3_000_000_123, 1, 100, 101, 0, -4);
    p.emit('go_status', 12345, 0, 100, 102, 7, 1, '_Gwaiting:chan receive');
    p.emit('klog', 2 ** 40 + 3, 3, 0, 0, -(2 ** 33), 1.5, 'héllo ✓');
    p.emit('syscall', -1, 0, 0, 0);
    expect(p.traceHash()).toBe('c834479c5f5e70b7');
    expect(p.count).toBe(4);
  });

  it('hashes an event\'s text by its content, whether or not the text is among those whose hash it keeps', () => {
    const run = (fillers: number, last: string): string => {
      const p = new ProbeBus();
      for (let i = 0; i < fillers; i++) p.emit('console', i, 0, 1, 1, 0, 0, `line ${i}`);
      p.emit('console', fillers, 0, 1, 1, 0, 0, last);
      return p.traceHash();
    };
    expect(run(10, 'ok')).not.toBe(run(10, 'ko'));
    expect(run(5000, 'ok')).not.toBe(run(5000, 'ko')); // past the 4,096 texts it keeps
    expect(run(5000, 'ok')).toBe(run(5000, 'ok'));
  });
});

describe('physical memory', () => {
  it('reads a released and reused frame as zeros', () => {
    const mem = new PhysicalMemory(1 << 20, 4096);
    const a = mem.alloc();
    mem.write(a, 100, new Uint8Array([1, 2, 3]), 0, 3);
    mem.write(a, 1000, new Uint8Array(200).fill(7), 0, 200);
    mem.release(a);
    const b = mem.alloc();
    expect(b).toBe(a);
    mem.writeU32(b, 0, 0xdeadbeef);
    const out = new Uint8Array(4096);
    mem.read(b, 0, out, 0, 4096);
    expect(mem.readU32(b, 0)).toBe(0xdeadbeef);
    expect(out.slice(4).every((x) => x === 0)).toBe(true);
  });
});
