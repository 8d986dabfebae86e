// The probe bus: its trace hash as defined (each number's two 32-bit halves mixed into two
// states by two multiplications each), whatever shortcut emit takes, and subscriptions by kind.
import { describe, it, expect } from 'vitest';
import { ProbeBus, type ProbeEvent } from '../../src/machine/probe.ts';

/** The trace hash written out from its definition, for the events given. */
function referenceHash(events: [string, number, number, number, number, number, number, string][]): string {
  const kinds = new Map<string, number>();
  const text = (s: string): number => {
    if (s === '') return 0;
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return h === 0 ? 1 : h;
  };
  let h1 = 0xdeadbeef; let h2 = 0x41c6ce57;
  for (const [kind, ...rest] of events) {
    if (!kinds.has(kind)) kinds.set(kind, kinds.size + 1);
    const nums = [kinds.get(kind)!, ...(rest.slice(0, 6) as number[]), text(rest[6] as string)];
    for (const v of nums) {
      const lo = v | 0;
      const hi = Math.floor(v / 4294967296) | 0;
      h1 = Math.imul(Math.imul(h1 ^ lo, 2654435761) ^ hi, 2246822507);
      h2 = Math.imul(Math.imul(h2 ^ lo, 1597334677) ^ hi, 3266489909);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

describe('the probe bus', () => {
  it('hashes every number as its two 32-bit halves: int32s either side of 0, times past 2^32, negative and fractional values', () => {
    const events: [string, number, number, number, number, number, number, string][] = [
      ['sched_switch', 0, 0, 1, 1, 0, 0, ''],
      ['go_status', 2 ** 31 - 1, 1, 100, 101, 7, -1, '_Grunning'],
      ['go_status', 2 ** 31, -1, 100, 102, -2147483648, 2147483647, '_Gwaiting:chan receive'],
      ['go_unblock', 2 ** 40 + 12345, 0, 100, 101, 6, 1, ''],
      ['work', 9.007e15, 1, -5, -6, -(2 ** 33) - 7, 2 ** 52 + 3, 'b'],
      ['work', 1.5, 0, 0, 0, -0.25, 1e-9, 'ünïcode'],
      ['go_status', 123456789012, 1, 100, 101, -1, 0, '_Grunning'],
    ];
    const bus = new ProbeBus();
    for (const [kind, t, cpu, pid, tid, a, b, s] of events) bus.emit(kind, t, cpu, pid, tid, a, b, s);
    expect(bus.traceHash()).toBe(referenceHash(events));
    expect(bus.count).toBe(events.length);
  });

  it('gives a subscriber with kinds only those kinds, one without every event, in the order they subscribed', () => {
    const bus = new ProbeBus();
    const seen: string[] = [];
    bus.emit('early', 1, 0, 1, 1);
    const off = bus.subscribe((e: ProbeEvent) => seen.push(`exits:${e.kind}:${e.a}`), ['all_exited', 'console']);
    bus.subscribe((e: ProbeEvent) => seen.push(`all:${e.kind}`));
    bus.emit('early', 2, 0, 1, 1);
    bus.emit('console', 3, 0, 1, 1, 5, 0, 'hi');
    bus.emit('all_exited', 4, 0, 0, 0, 9);
    off();
    bus.emit('all_exited', 5, 0, 0, 0, 10);
    expect(seen).toEqual(['all:early', 'exits:console:5', 'all:console', 'exits:all_exited:9', 'all:all_exited', 'all:all_exited']);
    expect(bus.count).toBe(5);
  });

  it('hashes an event nobody listens to as one that is listened to', () => {
    const a = new ProbeBus(); const b = new ProbeBus();
    b.subscribe(() => undefined, ['other']);
    const c = new ProbeBus(); c.subscribe(() => undefined);
    for (const bus of [a, b, c]) { bus.emit('x', 10, 0, 1, 2, 3, 4, 's'); bus.emit('other', 11, 1, 1, 2); }
    expect(b.traceHash()).toBe(a.traceHash());
    expect(c.traceHash()).toBe(a.traceHash());
  });
});
