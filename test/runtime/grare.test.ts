// A G keeps what only sleeps, asynchronous preemption, contended locks, the lints and the race detector use in a
// record of its own (runtime2.ts GRare), made when the goroutine first needs it: a goroutine that
// only parks on a channel has none, so a program that parks a million of them does not carry eight
// idle fields each. A deferred call's state stays in the G (most goroutines defer something):
// recovering a panic makes no record. A sleep's deadline is in the record and ends the sleep.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { goProgram, go, make, chans, func, defer, recover, panic, time, fmt, WaitGroup, type Gen } from '../../src/runtime/index.ts';
import { getg } from '../../src/runtime/proc.ts';
import { G } from '../../src/runtime/runtime2.ts';

function run(main: () => Gen<void>): string {
  const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m);
  m.probe.subscribe((e) => { if (e.kind === 'all_exited') m.halt('all exited'); });
  const p = k.spawn(goProgram('grare', main), ['grare'], { GOMAXPROCS: '2' });
  m.run(m.nsToCycles(5e9));
  const snap = k.snapshot().procs.find((q) => q.pid === p.pid)!;
  expect(snap.stderr + String(snap.exitStatus)).toBe('0');
  return snap.stdout;
}

describe('a goroutine\'s rarely used state', () => {
  it('goroutines that only park on a channel, or recover a panic, have no record; one that sleeps has one, and it works', () => {
    const parkedGs: G[] = [];
    let panicker: G | null = null; let sleeper: G | null = null;
    const out = run(function* main() {
      const release = make<number>(); const ready = new WaitGroup(); const done = new WaitGroup();
      yield* ready.Add(50); yield* done.Add(52);
      for (let i = 0; i < 50; i++) {
        yield* go(function* parked(): Gen<void> {
          parkedGs.push(getg());
          yield* ready.Done();
          yield* chans.recv(release);
          yield* done.Done();
        });
      }
      yield* go(function* recovers(): Gen<void> {
        panicker = getg();
        const r = yield* func(function* () {
          defer(function* () { yield* fmt.Println('recovered:', recover()); });
          panic('boom');
        });
        void r;
        yield* done.Done();
      });
      yield* go(function* sleeps(): Gen<void> {
        sleeper = getg();
        yield* time.Sleep(2_000_000);
        yield* fmt.Println('slept');
        yield* done.Done();
      });
      yield* ready.Wait();
      expect(parkedGs.every((gp) => gp.rare === null)).toBe(true);
      yield* chans.close(release);
      yield* done.Wait();
    });
    expect(out).toBe('recovered: boom\nslept\n');
    expect(parkedGs.length).toBe(50);
    expect(panicker!.rare).toBeNull();
    expect(sleeper!.rare).not.toBeNull();
    expect(sleeper!.rare!.sleepWhen).toBeGreaterThan(2_000_000);
    expect(sleeper!.rare!.timer).toBeNull(); // let go of when the goroutine ended (gdestroy)
  });

  it('keeps the race detector\'s view of a goroutine in the record, and makes none to say there is none', () => {
    const gp = new G(null);
    gp.race = null;
    expect(gp.rare).toBeNull();
    const th = {} as NonNullable<G['race']>;
    gp.race = th;
    expect(gp.rare!.race).toBe(th);
    expect(gp.race).toBe(th);
    gp.race = null;
    expect(gp.race).toBeNull();
  });

  it('packs preempt, tracking and isSystem in one word, each bit set and cleared alone', () => {
    const gp = new G(null);
    expect([gp.preempt, gp.tracking, gp.isSystem]).toEqual([false, false, false]);
    gp.tracking = true;
    expect([gp.preempt, gp.tracking, gp.isSystem]).toEqual([false, true, false]);
    gp.preempt = true; gp.isSystem = true;
    expect([gp.preempt, gp.tracking, gp.isSystem]).toEqual([true, true, true]);
    gp.tracking = false;
    expect([gp.preempt, gp.tracking, gp.isSystem]).toEqual([true, false, true]);
    gp.preempt = false;
    expect([gp.preempt, gp.tracking, gp.isSystem]).toEqual([false, false, true]);
  });
});
