// A network interface card: what the machine has between its memory and the wire.
//
// Modelled on a typical multi-queue Ethernet NIC with one queue pair: a receive
// descriptor ring and a transmit descriptor ring of fixed size (ethtool -g), an
// interrupt on receive moderated by coalescing settings (ethtool -C rx-usecs /
// rx-frames: raise the IRQ when rx-frames frames have arrived, or rx-usecs after
// the first one, whichever comes first), and the counters `ip -s link` shows.
// A frame arriving to a full rx ring is dropped and counted (rx_missed/rx_fifo).
// On transmit the NIC owns a descriptor until the frame has left on the wire;
// the driver learns how many descriptors completed by asking (its tx clean), and
// may ask for a tx-completion interrupt when a given descriptor completes (the
// RS bit drivers set on a descriptor) — on its own line, as MSI-X NICs give the
// tx queue its vector. A driver that stops its queue when the ring is full never
// hands over a frame that does not fit; one that does anyway gets it dropped and
// counted (tx_fifo_errors).
//
// The NIC knows nothing of the kernel: it raises its IRQ line on the machine's
// interrupt controller, which routes it to a core by affinity; the kernel's
// driver has requested the line. While the driver polls (NAPI) the IRQ stays
// masked; the driver unmasks it when the ring is empty. The coalescing timer
// is the NIC's own (it runs outside any core, as hardware does).

import type { Machine } from './machine.ts';
import type { MachineEvent } from './event-queue.ts';

/** What travels on the wire: addresses (IPv4, host order) and a payload; the rest is the protocol's. */
export interface Frame { saddr: number; daddr: number; data: Uint8Array | null }

/** Ethernet + IPv4 + TCP header bytes a frame carries besides its payload (14 + 20 + 20). */
export const FRAME_OVERHEAD = 54;
export function frameBytes(f: Frame): number { return FRAME_OVERHEAD + (f.data === null ? 0 : f.data.length); }

export interface NicConfig {
  name?: string;
  /** The IPv4 address configured on it (host order). */
  addr: number;
  rxRing?: number;
  txRing?: number;
  /** Interrupt coalescing: µs after the first frame (0 = at once). */
  rxUsecs?: number;
  /** Interrupt coalescing: frames before an interrupt (1 = every frame). */
  rxFrames?: number;
  /** The IRQ line it raises on receive (default 16 + slot). */
  irq?: number;
  /** The IRQ line it raises on tx completion when asked (default 48 + slot). */
  txIrq?: number;
  /** Pin the IRQ line to this core (smp_affinity); default: the controller's spreading. */
  irqCpu?: number;
}

/** The kernel's driver bound to a NIC (it has requested the NIC's IRQ line). */
export interface NicDriver { readonly name: string }

/** Where the NIC puts what it transmits. */
export interface NicLink { transmit(nic: Nic, f: Frame, atCycles: number): number }

export interface NicStats { name: string; rxPackets: number; txPackets: number; rxBytes: number; txBytes: number; drops: number; rxDrops: number; txDrops: number; irqs: number; txIrqs: number }

const NICS = new WeakMap<Machine, Nic[]>();

/** The NICs installed in a machine, in slot order. */
export function nicsOf(m: Machine): Nic[] {
  let l = NICS.get(m);
  if (l === undefined) { l = []; NICS.set(m, l); }
  return l;
}

export class Nic {
  readonly name: string;
  readonly addr: number;
  readonly rxSize: number;
  readonly txSize: number;
  rxUsecs: number;
  rxFrames: number;
  readonly irqLine: number;
  readonly txIrqLine: number;
  private readonly rx: (Frame | null)[];
  private rxHead = 0;
  rxCount = 0;
  /** Transmit completion times of frames still on the tx ring (cycles), a ring of txSize. */
  private readonly txDone: Float64Array;
  private txHead = 0;
  txCount = 0;
  /** Descriptors completed and not yet reported to the driver's tx clean. */
  private txCompleted = 0;
  /** The armed tx-completion interrupt, and when it fires (cycles). */
  private txIrqTimer: MachineEvent | null = null;
  private txIrqAt = 0;
  driver: NicDriver | null = null;
  link: NicLink | null = null;
  /** NAPI has masked the IRQ (it is polling). */
  masked = false;
  /** The IRQ has been raised and not yet taken by the driver. */
  private irqRaised = false;
  private coalesceTimer: MachineEvent | null = null;
  private framesSinceIrq = 0;
  // counters
  rxPackets = 0; txPackets = 0; rxBytes = 0; txBytes = 0; rxDrops = 0; txDrops = 0; irqs = 0; txIrqs = 0;

  constructor(readonly m: Machine, cfg: NicConfig) {
    const list = nicsOf(m);
    this.name = cfg.name ?? `eth${list.length}`;
    this.addr = cfg.addr;
    this.rxSize = cfg.rxRing ?? 256;
    this.txSize = cfg.txRing ?? 256;
    this.rxUsecs = cfg.rxUsecs ?? 0;
    this.rxFrames = Math.max(1, cfg.rxFrames ?? 1);
    this.irqLine = cfg.irq ?? 16 + list.length;
    this.txIrqLine = cfg.txIrq ?? 48 + list.length;
    if (cfg.irqCpu !== undefined) { m.irq.setAffinity(this.irqLine, [cfg.irqCpu]); m.irq.setAffinity(this.txIrqLine, [cfg.irqCpu]); }
    if (this.rxSize < 1 || this.txSize < 1) throw new Error('NIC rings need at least one descriptor');
    this.rx = new Array<Frame | null>(this.rxSize).fill(null);
    this.txDone = new Float64Array(this.txSize);
    list.push(this);
  }

  // --- receive -----------------------------------------------------------------------

  /** A frame arrives from the wire at `t` (cycles): DMA it into the ring and maybe interrupt. */
  receive(f: Frame, t: number): void {
    if (this.rxCount === this.rxSize) { this.rxDrops++; return; }
    this.rx[(this.rxHead + this.rxCount) % this.rxSize] = f;
    this.rxCount++;
    this.rxPackets++; this.rxBytes += frameBytes(f);
    if (this.masked) return; // NAPI is polling and will find it
    this.framesSinceIrq++;
    if (this.irqRaised) return;
    if (this.framesSinceIrq >= this.rxFrames || this.rxUsecs === 0) this.fire(t);
    else if (this.coalesceTimer === null) {
      this.coalesceTimer = this.m.at(t + this.m.nsToCycles(this.rxUsecs * 1000), 0, 'external', (ev) => {
        this.coalesceTimer = null;
        if (!this.masked && !this.irqRaised && this.rxCount > 0) this.fire(ev.time);
      });
    }
  }

  private fire(t: number): void {
    if (this.coalesceTimer !== null) { this.coalesceTimer.cancelled = true; this.coalesceTimer = null; }
    this.framesSinceIrq = 0;
    this.irqs++;
    if (this.driver === null) { this.rxDrops += this.rxCount; while (this.rxCount > 0) this.popRx(); return; } // no driver bound
    this.irqRaised = true;
    this.m.irq.raise(this.irqLine, t);
  }

  /** The driver's handler took the interrupt: mask it while NAPI polls. */
  irqTaken(): void { this.irqRaised = false; this.masked = true; }

  /** The driver takes the next received frame (NAPI poll), or null when the ring is empty. */
  popRx(): Frame | null {
    if (this.rxCount === 0) return null;
    const f = this.rx[this.rxHead]!;
    this.rx[this.rxHead] = null;
    this.rxHead = (this.rxHead + 1) % this.rxSize;
    this.rxCount--;
    return f;
  }

  /** napi_complete_done: unmask; frames that came while masked raise the IRQ again. */
  unmask(t: number): void {
    this.masked = false;
    if (this.rxCount > 0) this.fire(t);
  }

  // --- transmit ----------------------------------------------------------------------

  /** Free the descriptors whose frames have left by `t` (cycles). */
  private reapTx(t: number): void {
    while (this.txCount > 0 && this.txDone[this.txHead]! <= t) { this.txHead = (this.txHead + 1) % this.txSize; this.txCount--; this.txCompleted++; }
  }

  /** The driver's tx clean at `t`: how many descriptors completed since it last asked (oldest first). */
  txClean(t: number): number {
    this.reapTx(t);
    const n = this.txCompleted;
    this.txCompleted = 0;
    return n;
  }

  /** Free tx descriptors at `t`. */
  txFree(t: number): number { this.reapTx(t); return this.txSize - this.txCount; }

  /**
   * Raise the tx-completion IRQ when the `n`th oldest descriptor still on the ring completes
   * (the last one if fewer are), or at `t` if the ring is empty. One request is kept: the earliest.
   */
  requestTxIrq(n: number, t: number): void {
    this.reapTx(t);
    const at = this.txCount === 0 ? t : this.txDone[(this.txHead + Math.min(Math.max(1, n), this.txCount) - 1) % this.txSize]!;
    if (this.txIrqTimer !== null) { if (this.txIrqAt <= at) return; this.txIrqTimer.cancelled = true; }
    this.txIrqAt = at;
    this.txIrqTimer = this.m.at(at, 0, 'external', (ev) => { this.txIrqTimer = null; this.txIrqs++; this.m.irq.raise(this.txIrqLine, ev.time); });
  }

  /** The driver posts a frame at `t` (cycles); false (and counted) if the tx ring is full. */
  transmit(f: Frame, t: number): boolean {
    this.reapTx(t);
    if (this.txCount === this.txSize || this.link === null) { this.txDrops++; return false; }
    const done = this.link.transmit(this, f, t);
    this.txDone[(this.txHead + this.txCount) % this.txSize] = done;
    this.txCount++;
    this.txPackets++; this.txBytes += frameBytes(f);
    return true;
  }

  stats(): NicStats {
    return { name: this.name, rxPackets: this.rxPackets, txPackets: this.txPackets, rxBytes: this.rxBytes, txBytes: this.txBytes,
      drops: this.rxDrops + this.txDrops, rxDrops: this.rxDrops, txDrops: this.txDrops, irqs: this.irqs, txIrqs: this.txIrqs };
  }
}
