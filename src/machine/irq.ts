// The interrupt controller (an I/O APIC, simplified): devices raise numbered
// IRQ lines; each line is routed to a core by its affinity, and the interrupt
// arrives there as a 'device' event that the kernel's handler for the line
// serves. Counts per line and core are kept, as /proc/interrupts shows them.
//
// Affinity defaults to spreading lines over the cores by number (what
// irqbalance converges to for a few busy lines); a scenario can pin a line.

import type { Machine } from './machine.ts';
import type { MachineEvent } from './event-queue.ts';

export type IrqHandler = (ev: MachineEvent) => void;

export class InterruptController {
  private handlers = new Map<number, IrqHandler>();
  private affinity = new Map<number, number[]>();
  private rr = new Map<number, number>();
  /** counts[irq][cpu]: interrupts delivered. */
  readonly counts = new Map<number, number[]>();

  constructor(private readonly m: Machine) {}

  /** request_irq: the kernel installs the handler for a line. */
  request(irq: number, handler: IrqHandler): void {
    if (this.handlers.has(irq)) throw new Error(`assertion: IRQ ${irq} already has a handler`);
    this.handlers.set(irq, handler);
    this.counts.set(irq, new Array<number>(this.m.cores.length).fill(0));
  }

  /** Route `irq` to these cores (round-robin among them), like /proc/irq/N/smp_affinity. */
  setAffinity(irq: number, cpus: number[]): void {
    const n = this.m.cores.length;
    const ok = cpus.filter((c) => Number.isInteger(c) && c >= 0 && c < n);
    if (ok.length === 0) throw new Error(`IRQ ${irq}: affinity ${cpus.join(',')} names no core of this machine`);
    this.affinity.set(irq, ok);
  }

  /** The core the next interrupt on `irq` goes to. */
  route(irq: number): number {
    const set = this.affinity.get(irq);
    if (set === undefined) return irq % this.m.cores.length;
    const i = this.rr.get(irq) ?? 0;
    this.rr.set(irq, (i + 1) % set.length);
    return set[i]!;
  }

  /** A device raises `irq` at `time` (cycles). */
  raise(irq: number, time: number): void {
    const h = this.handlers.get(irq);
    if (h === undefined) return; // a spurious interrupt: nobody listens on the line
    const cpu = this.route(irq);
    this.counts.get(irq)![cpu]!++;
    this.m.at(time, cpu, 'device', h);
  }
}
