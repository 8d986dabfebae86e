import { describe, it, expect } from 'vitest';
import { Machine } from '../../src/machine/machine.ts';
import { Nic, type Frame } from '../../src/machine/nic.ts';
import { Wire, type ExternalHost } from '../../src/machine/wire.ts';
import { Kernel } from '../../src/kernel/kernel.ts';

function rig(nicCfg: Partial<ConstructorParameters<typeof Nic>[1]> = {}) {
  const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 26, frameSize: 4096, seed: 1 });
  const nic = new Nic(m, { addr: 0x0a000001, ...nicCfg });
  const wire = new Wire(m);
  wire.connect(nic, { latencyNs: 10_000, bandwidthBps: 1e9 });
  new Kernel(m); // the machine needs a kernel attached; the NIC's line is served by the test's handler
  const irqTimes: number[] = [];
  nic.driver = { name: 'test' };
  m.irq.request(nic.irqLine, (ev) => { irqTimes.push(ev.time); nic.irqTaken(); while (nic.popRx() !== null); nic.unmask(ev.time); });
  return { m, nic, wire, irqTimes };
}

const frame = (n: number): Frame => ({ saddr: 0x0a000064, daddr: 0x0a000001, data: new Uint8Array(n) });

describe('NIC and wire', () => {
  it('a link delivers after serialization at its bandwidth plus its latency, frames queued behind each other', () => {
    const { m, wire, nic } = rig();
    const arrivals: number[] = [];
    const host: ExternalHost = { addr: 0x0a000064, receive: () => arrivals.push(m.now) };
    wire.addHost(host);
    nic.transmit({ saddr: 0x0a000001, daddr: 0x0a000064, data: new Uint8Array(946) }, 0); // 1000 B on the wire
    nic.transmit({ saddr: 0x0a000001, daddr: 0x0a000064, data: new Uint8Array(946) }, 0);
    m.run(m.nsToCycles(1e6));
    // 1000 B at 1 Gbit/s = 8 µs each, then 10 µs of latency
    expect(arrivals.map((t) => m.cyclesToNs(t))).toEqual([18_000, 26_000]);
    expect(nic.stats()).toMatchObject({ txPackets: 2, txBytes: 2000 });
  });

  it('a full rx ring drops and counts, and every frame is counted in packets and bytes', () => {
    const { m, nic, wire } = rig({ rxRing: 4, rxUsecs: 1000, rxFrames: 64 });
    for (let i = 0; i < 10; i++) wire.send(frame(46), 0);
    m.run(m.nsToCycles(200e3)); // the frames have arrived; the coalescing timer (1 ms) has not fired
    expect(nic.stats()).toMatchObject({ rxPackets: 4, rxDrops: 6, drops: 6, irqs: 0, rxBytes: 400 });
  });

  it('interrupt coalescing: one IRQ per rx-frames frames, or rx-usecs after a lone frame', () => {
    const { m, nic, wire, irqTimes } = rig({ rxUsecs: 50, rxFrames: 4 });
    for (let i = 0; i < 8; i++) wire.send(frame(46), 0);
    wire.send(frame(46), m.nsToCycles(500e3));
    m.run(m.nsToCycles(2e6));
    expect(nic.irqs).toBe(3);
    const last = m.cyclesToNs(irqTimes[2]!) - 500e3;
    expect(last).toBeGreaterThanOrEqual(50_000); // the lone frame waited rx-usecs
    expect(last).toBeLessThan(70_000);
  });
});
