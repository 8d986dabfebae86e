// The wire: what connects the machine's NICs to the world outside it.
//
// Each NIC has a full-duplex link with a one-way latency (propagation plus the
// switch) and a bandwidth: a frame is serialized at the link rate behind the
// frames before it in the same direction, then arrives `latency` later. On the
// far side sit external hosts — simulated machines with their own addresses
// that run outside the emulated computer: their work is scheduled as machine
// events of kind 'external', which no core executes and no core is charged for.
// Frames to an address nobody has are counted and dropped. A link may carry fault
// rules (netem.ts): loss, corruption, duplication, reordering, jitter, outages.

import type { Machine } from './machine.ts';
import type { MachineEvent } from './event-queue.ts';
import { frameBytes, type Frame, type Nic } from './nic.ts';
import { Netem, type FaultRule, type FaultStats } from './netem.ts';

export interface LinkConfig {
  /** One-way latency, ns. */
  latencyNs: number;
  /** Bits per second. */
  bandwidthBps: number;
}

/** A machine outside the emulated one, reachable on the wire at `addr`. */
export interface ExternalHost { readonly addr: number; receive(f: Frame): void }

class Link {
  outBusyUntil = 0; // machine → world (cycles)
  inBusyUntil = 0;  // world → machine
  /** The link's fault rules; null (the common case) judges nothing and draws nothing. */
  netem: Netem | null = null;
  /** A frame (the event's arg) reaches the NIC: one function for every frame, no closure per frame. */
  readonly deliver = (ev: MachineEvent): void => { this.nic.receive(ev.arg as Frame, ev.time); };
  constructor(readonly nic: Nic, readonly latency: number, readonly cyclesPerByte: number) {}
}

/** A frame (the event's arg) reaches an external host. */
type Delivery = (ev: MachineEvent) => void;

export class Wire {
  private readonly links = new Map<Nic, Link>();
  private readonly byAddr = new Map<number, Link>();
  private readonly hosts = new Map<number, ExternalHost>();
  /** Each host's delivery of a frame, made once. */
  private readonly toHost = new Map<number, Delivery>();
  unroutable = 0;
  private readonly taps: ((f: Frame, atCycles: number) => void)[] = [];

  constructor(readonly m: Machine) {}

  /** Watch every frame that goes onto the wire, in either direction, at the time it is sent (a port mirror; for pcap). */
  tap(fn: (f: Frame, atCycles: number) => void): void { this.taps.push(fn); }

  /** Plug `nic` into the wire with a link of the given latency and bandwidth. */
  connect(nic: Nic, cfg: LinkConfig): void {
    if (!(cfg.bandwidthBps > 0) || !(cfg.latencyNs >= 0)) throw new Error('a link needs a positive bandwidth and a non-negative latency');
    const link = new Link(nic, this.m.nsToCycles(cfg.latencyNs), (8e9 / cfg.bandwidthBps) * this.m.cyclesPerNs);
    this.links.set(nic, link);
    this.byAddr.set(nic.addr, link);
    nic.link = this;
  }

  /** Inject faults on `nic`'s link (replacing any it had); draws come from the seeded stream `netem:<nic>`. */
  setFaults(nic: Nic, rules: readonly FaultRule[]): void {
    const link = this.links.get(nic);
    if (link === undefined) throw new Error(`${nic.name} is not on the wire`);
    link.netem = rules.length === 0 ? null : new Netem(rules, this.m.rng.stream(`netem:${nic.name}`));
  }

  /** What the faults did on `nic`'s link, or null when it has none. */
  faultStats(nic: Nic): FaultStats | null { return this.links.get(nic)?.netem?.stats ?? null; }

  addHost(h: ExternalHost): void {
    if (this.hosts.has(h.addr) || this.byAddr.has(h.addr)) throw new Error(`address ${h.addr >>> 0} is already on the wire`);
    this.hosts.set(h.addr, h);
    this.toHost.set(h.addr, (ev) => { h.receive(ev.arg as Frame); });
  }

  /** Run `fn` outside the machine at `t` (cycles), with `arg` in its event. */
  external(t: number, fn: (ev: MachineEvent) => void, arg: unknown = null): MachineEvent { return this.m.at(t, 0, 'external', fn, arg); }

  /** NIC → world. Returns when the frame has left the NIC (its tx descriptor frees then). */
  transmit(nic: Nic, f: Frame, t: number): number {
    const link = this.links.get(nic)!;
    for (const fn of this.taps) fn(f, t);
    const start = Math.max(t, link.outBusyUntil);
    const done = start + frameBytes(f) * link.cyclesPerByte;
    link.outBusyUntil = done;
    const h = this.toHost.get(f.daddr);
    if (h === undefined) { this.unroutable++; return done; }
    if (link.netem === null) { this.external(done + link.latency, h, f); return done; }
    const v = link.netem.judge('out', this.m.cyclesToNs(done), f.daddr);
    if (v.drop) return done;
    const at = done + link.latency + this.m.nsToCycles(v.extraNs);
    this.external(at, h, f);
    if (v.duplicate) this.external(at, h, dup(f));
    return done;
  }

  /** World → machine: an external host sends `f` at `t` (cycles). */
  send(f: Frame, t: number): void {
    for (const fn of this.taps) fn(f, t);
    const link = this.byAddr.get(f.daddr);
    if (link === undefined) { this.unroutable++; return; }
    const start = Math.max(t, link.inBusyUntil);
    const done = start + frameBytes(f) * link.cyclesPerByte;
    link.inBusyUntil = done;
    if (link.netem === null) { this.external(done + link.latency, link.deliver, f); return; }
    const v = link.netem.judge('in', this.m.cyclesToNs(done), f.saddr);
    if (v.drop) return;
    const at = done + link.latency + this.m.nsToCycles(v.extraNs);
    this.external(at, link.deliver, f);
    if (v.duplicate) this.external(at, link.deliver, dup(f));
  }
}

/** A duplicate of a frame: its own header and payload, as netem's skb_clone'd copy would be once written. */
function dup(f: Frame): Frame {
  return { ...f, data: f.data === null ? null : f.data.slice() };
}
