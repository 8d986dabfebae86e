// The kernel's network stack: IPv4 routing between the NICs and the loopback
// interface, the NIC driver (hard IRQ + NAPI bottom half), the TCP tables, and
// the glue that lets the TCP engine (tcp.ts) run inside the kernel.
//
// Receive path, as in Linux: the NIC raises its IRQ on the core in its
// affinity; the handler (charged as IRQ time on that core) masks the IRQ and
// runs the NET_RX bottom half right after it (do_softirq on irq_exit), which
// polls up to a budget of 64 frames (NAPI weight), runs each through ip_rcv →
// tcp_v4_rcv into socket buffers and wakes waiters — all charged to the core
// that took the interrupt. Frames left after the budget are polled again in a
// new softirq pass; an empty ring unmasks the IRQ.
//
// Transmit: ip_route_output picks the loopback for 127/8 and the machine's own
// addresses, otherwise the NIC whose address matches the source (or the first
// NIC). Loopback frames are queued on the sending core's backlog and
// processed in a softirq on that core (netif_rx → process_backlog).

import type { Kernel } from '../kernel.ts';
import type { MachineEvent } from '../../machine/event-queue.ts';
import { COSTS } from '../../machine/costs.ts';
import { nicsOf, type Nic, type NicStats } from '../../machine/nic.ts';
import { TcpSock, TcpTable, type Segment, type TcpHost } from './tcp.ts';
import { INADDR_LOOPBACK } from '../uapi/flags.ts';
import type { InetSocket } from './socket.ts';

const NAPI_WEIGHT = 64;

export interface NetSnapshot { nics: NicStats[]; acceptQueueDrops: number; loopbackPackets: number; connections: number; resetsSent: number }

export class NetStack implements TcpHost {
  readonly table: TcpTable;
  readonly nics: Nic[] = [];
  /** Ports in use by bound sockets (inet_bind_bucket), for bind conflicts. */
  readonly bound = new Map<number, Set<InetSocket>>();
  private readonly backlog: Segment[][];
  private readonly backlogScheduled: boolean[];
  loopbackPackets = 0;
  private readonly isnRng;

  constructor(readonly k: Kernel) {
    this.table = new TcpTable(() => new TcpSock(this), (s) => this.xmit(s));
    this.backlog = k.m.cores.map(() => []);
    this.backlogScheduled = k.m.cores.map(() => false);
    this.isnRng = k.m.rng.stream('tcp-isn');
    for (const nic of nicsOf(k.m)) this.probe(nic);
  }

  /** The driver's probe: take over the NIC's interrupt. */
  private probe(nic: Nic): void {
    this.nics.push(nic);
    nic.driver = { name: 'gmnet' };
    this.k.m.irq.request(nic.irqLine, (ev) => this.nicIrq(nic, ev));
  }

  isLocal(addr: number): boolean {
    if ((addr >>> 24) === 127) return true;
    for (const n of this.nics) if (n.addr === addr) return true;
    return false;
  }

  /** The source address for a connection to `daddr` (fib lookup + inet_select_addr). */
  sourceFor(daddr: number): number {
    if (this.isLocal(daddr)) return (daddr >>> 24) === 127 ? INADDR_LOOPBACK : daddr;
    return this.nics.length > 0 ? this.nics[0]!.addr : INADDR_LOOPBACK;
  }

  // --- TcpHost -----------------------------------------------------------------------------

  nowNs(): number { return this.k.cyclesToNs(this.k.now()); }

  isn(): number { return 1 + this.isnRng.intn(1 << 30); }

  /** ip_queue_xmit → route → dev_queue_xmit. */
  xmit(s: Segment): void {
    const k = this.k;
    k.core.chargeKernel(COSTS.netTxPacket.cycles);
    if (this.isLocal(s.daddr)) { this.loopbackXmit(s); return; }
    let nic: Nic | undefined;
    for (const n of this.nics) if (n.addr === s.saddr) { nic = n; break; }
    nic ??= this.nics[0];
    if (nic === undefined) return; // no route to host: the segment is lost, TCP will time out
    nic.transmit(s, k.now());
  }

  setTimer(sk: TcpSock, atNs: number): void {
    const old = sk.timer as MachineEvent | null;
    if (old !== null) { old.cancelled = true; sk.timer = null; }
    if (atNs < 0) return;
    const k = this.k;
    sk.timer = k.m.at(Math.max(k.nsToCycles(atNs), k.now()), k.core.id, 'timer', () => {
      sk.timer = null;
      this.k.core.chargeIrq(COSTS.tcpTimer.cycles);
      sk.onTimer();
    });
  }

  wake(sk: TcpSock, mask: number): void {
    const f = sk.owner as InetSocket | null;
    if (f !== null) f.notify(this.k, mask);
  }

  unhash(sk: TcpSock): void { this.table.unhash(sk); }

  established(listener: TcpSock, child: TcpSock): boolean {
    if (!this.table.enqueueAccept(listener, child)) return false;
    const f = listener.owner as InetSocket | null;
    if (f !== null) f.notify(this.k, 0x1 | 0x40); // EPOLLIN | EPOLLRDNORM
    return true;
  }

  // --- receive -------------------------------------------------------------------------------

  /** The NIC's hard IRQ: charge the handler, then run the NET_RX softirq on this core. */
  private nicIrq(nic: Nic, ev: MachineEvent): void {
    this.k.core.chargeIrq(COSTS.nicIrq.cycles);
    nic.irqTaken();
    this.napiPoll(nic, ev);
  }

  /** net_rx_action → the driver's NAPI poll: up to NAPI_WEIGHT frames, then unmask or go again. */
  private napiPoll(nic: Nic, _ev: MachineEvent): void {
    const core = this.k.core;
    for (let i = 0; i < NAPI_WEIGHT; i++) {
      const f = nic.popRx();
      if (f === null) { nic.unmask(core.clock); return; }
      this.rcv(f as Segment);
    }
    if (nic.rxCount === 0) { nic.unmask(core.clock); return; }
    this.k.m.at(core.clock, core.id, 'device', (ev) => this.napiPoll(nic, ev)); // budget spent: another softirq pass
  }

  /** ip_rcv → tcp_v4_rcv, charged to the current core. */
  private rcv(s: Segment): void {
    const core = this.k.core;
    core.chargeIrq(COSTS.netRxPacket.cycles + (s.data === null ? 0 : Math.ceil(s.data.length * COSTS.copyPerByte.cycles)));
    this.table.input(s);
  }

  private loopbackXmit(s: Segment): void {
    const cpu = this.k.core.id;
    this.loopbackPackets++;
    this.backlog[cpu]!.push(s);
    if (this.backlogScheduled[cpu]) return;
    this.backlogScheduled[cpu] = true;
    this.k.m.at(this.k.now(), cpu, 'device', () => this.processBacklog(cpu));
  }

  /** process_backlog: the loopback's softirq pass on the core that sent. */
  private processBacklog(cpu: number): void {
    const q = this.backlog[cpu]!;
    this.backlogScheduled[cpu] = false;
    let n = 0;
    while (q.length > 0 && n++ < NAPI_WEIGHT) this.rcv(q.shift()!);
    if (q.length > 0 && !this.backlogScheduled[cpu]) {
      this.backlogScheduled[cpu] = true;
      this.k.m.at(this.k.now(), cpu, 'device', () => this.processBacklog(cpu));
    }
  }

  snapshot(): NetSnapshot {
    return { nics: this.nics.map((n) => n.stats()), acceptQueueDrops: this.table.acceptQueueDrops, loopbackPackets: this.loopbackPackets,
      connections: this.table.connections, resetsSent: this.table.resetsSent };
  }
}

const STACKS = new WeakMap<Kernel, NetStack>();

/** The kernel's network stack, brought up on first use (or at boot by netInit). */
export function netStack(k: Kernel): NetStack {
  let s = STACKS.get(k);
  if (s === undefined) { s = new NetStack(k); STACKS.set(k, s); }
  return s;
}

/** Bring networking up at boot: the drivers take their NICs' interrupts. */
export function netInit(k: Kernel): NetStack { return netStack(k); }

/** Read-only counters for reports (per NIC packets/bytes/drops/IRQs, accept-queue drops). */
export function netSnapshot(k: Kernel): NetSnapshot { return netStack(k).snapshot(); }
