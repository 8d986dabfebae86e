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
//
// A NIC's transmit path is Linux's: dev_queue_xmit hands the frame to the
// device's qdisc (pfifo_fast, txqueuelen 1000 packets; an empty qdisc on a
// running queue is bypassed), qdisc_run moves frames onto the tx ring while the
// queue runs, and the driver stops the queue (netif_stop_queue) when the ring is
// full, asking the NIC for a tx-completion interrupt once TX_WAKE_THRESHOLD
// descriptors have freed; that interrupt cleans the ring, wakes the queue and
// runs the qdisc again (NET_TX). So a full ring never loses a locally sent
// segment: only a full qdisc drops (NET_XMIT_DROP), and TCP keeps the segment
// unsent and enters CWR. TCP Small Queues: a socket with more than
// tcp_small_queue_check's limit of bytes in the qdisc and on the ring is
// throttled until tx completions bring it under (tcp_wfree → tcp_tsq_handler).
// Segments sent again are counted per device by cause (timeout, fast
// retransmit, SYN) and per connection.

import type { Kernel } from '../kernel.ts';
import type { MachineEvent } from '../../machine/event-queue.ts';
import { COSTS } from '../../machine/costs.ts';
import { nicsOf, frameBytes, type Nic, type NicStats } from '../../machine/nic.ts';
import { TcpSock, TcpTable, Retrans, type Segment, type TcpHost } from './tcp.ts';
import { INADDR_LOOPBACK, EPOLLOUT, EPOLLWRNORM } from '../uapi/flags.ts';
import type { InetSocket } from './socket.ts';

const NAPI_WEIGHT = 64;
/** DEFAULT_TX_QUEUE_LEN: the qdisc's limit in packets (ip link ... txqueuelen). */
export const TXQUEUELEN = 1000;
/** Free descriptors before a stopped queue is woken (ixgbe's TX_WAKE_THRESHOLD = DESC_NEEDED * 2), at most half the ring. */
const TX_WAKE_THRESHOLD = 42;
/** net.ipv4.tcp_limit_output_bytes: TSQ's ceiling on a socket's bytes below TCP. */
export const TCP_LIMIT_OUTPUT_BYTES = 1 << 20;
/** sk_pacing_shift: TSQ lets a socket queue about 1 ms (2^-10 s) of its pacing rate. */
const SK_PACING_SHIFT = 10;

/** Segments sent again, by cause. */
export interface RetransCounts { rto: number; fast: number; syn: number }
/** A NIC as the kernel sees it: the hardware's counters plus its qdisc, queue stops and the retransmissions that left by it. */
export interface NetDevStats extends NicStats {
  qdiscBacklog: number; qdiscBacklogPeak: number; qdiscDrops: number; queueStops: number; tsqThrottles: number; retransmits: RetransCounts;
}
/** One connection that sent segments again (addresses dotted, ports after a colon). */
export interface RetransConn extends RetransCounts { local: string; remote: string }

export interface NetSnapshot {
  nics: NetDevStats[]; acceptQueueDrops: number; loopbackPackets: number; connections: number; resetsSent: number;
  /** All segments sent again by this host's TCP, by cause, and the connections that did (most first, at most 20). */
  retransmits: RetransCounts; loopbackRetransmits: RetransCounts; retransConnections: RetransConn[];
  /** Listeners that dropped SYNs for a full accept queue: address, port, backlog, the process that listens, drops. */
  listenOverflows: { addr: number; port: number; backlog: number; pid: number; drops: number }[];
}

const zeroRetrans = (): RetransCounts => ({ rto: 0, fast: 0, syn: 0 });
function countRetrans(c: RetransCounts, why: Retrans): void {
  if (why === Retrans.Rto) c.rto++; else if (why === Retrans.Fast) c.fast++; else if (why === Retrans.Syn) c.syn++;
}
export function dotted(a: number): string { return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`; }

/**
 * The kernel's side of a NIC (struct net_device with its one tx queue and Qdisc): the
 * pfifo_fast queue, the queue's stopped state, and the driver's shadow of the tx ring
 * (which socket each descriptor's frame belongs to, and its bytes: tx_buffer_info).
 */
class NetDev {
  private readonly qSeg: (Segment | null)[];
  private readonly qSk: (TcpSock | null)[];
  private qHead = 0;
  qLen = 0;
  private readonly rSk: (TcpSock | null)[];
  private readonly rBytes: Int32Array;
  private rHead = 0;
  private rLen = 0;
  /** __QUEUE_STATE_DRV_XOFF: the driver stopped the queue (ring full). */
  stopped = false;
  /** Sockets TSQ throttled on this device, to be pushed when their bytes drain (the tsq tasklet's list). */
  readonly throttled: TcpSock[] = [];
  qdiscDrops = 0; qdiscBacklogPeak = 0; queueStops = 0; tsqThrottles = 0;
  readonly retrans = zeroRetrans();
  readonly wakeThreshold: number;

  constructor(readonly nic: Nic, readonly limit: number) {
    this.qSeg = new Array<Segment | null>(limit).fill(null);
    this.qSk = new Array<TcpSock | null>(limit).fill(null);
    this.rSk = new Array<TcpSock | null>(nic.txSize).fill(null);
    this.rBytes = new Int32Array(nic.txSize);
    this.wakeThreshold = Math.max(1, Math.min(TX_WAKE_THRESHOLD, nic.txSize >> 1));
  }

  /** pfifo_fast enqueue: false (a qdisc drop) when txqueuelen packets wait already. */
  enqueue(s: Segment, sk: TcpSock | null): boolean {
    if (this.qLen === this.limit) { this.qdiscDrops++; return false; }
    const i = (this.qHead + this.qLen) % this.limit;
    this.qSeg[i] = s; this.qSk[i] = sk;
    if (++this.qLen > this.qdiscBacklogPeak) this.qdiscBacklogPeak = this.qLen;
    return true;
  }

  /** qdisc_restart until the qdisc is empty or the driver stops the queue. */
  run(t: number): void {
    while (this.qLen > 0 && !this.stopped) {
      const s = this.qSeg[this.qHead]!; const sk = this.qSk[this.qHead]!;
      this.qSeg[this.qHead] = null; this.qSk[this.qHead] = null;
      this.qHead = (this.qHead + 1) % this.limit; this.qLen--;
      this.startXmit(s, sk, t);
    }
  }

  /** ndo_start_xmit: post the frame, remember its owner; stop the queue when the ring is full. */
  startXmit(s: Segment, sk: TcpSock | null, t: number): void {
    const ok = this.nic.transmit(s, t);
    if (!ok) { this.release(sk, frameBytes(s)); return; } // not reached while the queue discipline holds: the NIC counted it
    const i = (this.rHead + this.rLen) % this.nic.txSize;
    this.rSk[i] = sk; this.rBytes[i] = frameBytes(s); this.rLen++;
    if (this.nic.txFree(t) === 0) { this.stopped = true; this.queueStops++; this.nic.requestTxIrq(this.wakeThreshold, t); }
  }

  /** The tx clean: release the descriptors the NIC completed (tcp_wfree on each frame's socket). */
  clean(t: number): void {
    for (let n = this.nic.txClean(t); n > 0; n--) {
      this.release(this.rSk[this.rHead]!, this.rBytes[this.rHead]!);
      this.rSk[this.rHead] = null;
      this.rHead = (this.rHead + 1) % this.nic.txSize; this.rLen--;
    }
  }

  private release(sk: TcpSock | null, bytes: number): void { if (sk !== null) sk.tsqBytes -= bytes; }

  /** Whether the queue can take a frame straight onto the ring (TCQ_F_CAN_BYPASS on an empty qdisc). */
  canBypass(t: number): boolean { return this.qLen === 0 && !this.stopped && this.nic.txFree(t) > 0; }
}

export class NetStack implements TcpHost {
  readonly table: TcpTable;
  readonly nics: Nic[] = [];
  /** Ports in use by bound sockets (inet_bind_bucket), for bind conflicts. */
  readonly bound = new Map<number, Set<InetSocket>>();
  private readonly backlog: Segment[][];
  private readonly backlogHead: number[];
  private readonly backlogScheduled: boolean[];
  loopbackPackets = 0;
  private readonly isnRng;
  /** The kernel's state of each NIC, by NIC. */
  private readonly devs = new Map<Nic, NetDev>();
  readonly loopbackRetrans = zeroRetrans();
  /** Connections that sent segments again, with their counts (only those: a retransmission is rare). */
  private readonly retransBySock = new Map<TcpSock, RetransConn>();

  constructor(readonly k: Kernel) {
    this.table = new TcpTable(() => new TcpSock(this), (s) => this.xmit(s, null, Retrans.None));
    this.backlog = k.m.cores.map(() => []);
    this.backlogScheduled = k.m.cores.map(() => false);
    this.backlogHead = k.m.cores.map(() => 0);
    this.isnRng = k.m.rng.stream('tcp-isn');
    // LINUX_MIB_LISTENOVERFLOWS, as a trace event: the port and the queue length
    this.table.onListenDrop = (l) => k.m.probe.emit('listen_overflow', k.now(), k.core.id, 0, 0, l.lport, l.acceptQueueLength);
    for (const nic of nicsOf(k.m)) this.probe(nic);
    k.m.probe.publish('net', () => this.snapshot()); // per NIC counters and accept-queue drops, for observers
  }

  /** The driver's probe: take over the NIC's interrupt. */
  private probe(nic: Nic): void {
    this.nics.push(nic);
    nic.driver = { name: 'gmnet' };
    const dev = new NetDev(nic, TXQUEUELEN);
    this.devs.set(nic, dev);
    this.k.m.irq.request(nic.irqLine, (ev) => this.nicIrq(nic, ev));
    this.k.m.irq.request(nic.txIrqLine, () => this.nicTxIrq(this.devs.get(nic)!));
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

  /** ip_queue_xmit → route → dev_queue_xmit; false when the qdisc dropped it (NET_XMIT_DROP). */
  xmit(s: Segment, sk: TcpSock | null, why: Retrans): boolean {
    const k = this.k;
    k.core.chargeKernel(COSTS.netTxPacket.cycles);
    const dev = this.route(s.saddr, s.daddr);
    if (why !== Retrans.None && sk !== null) this.countRetrans(sk, dev, why);
    if (dev === null) { this.loopbackXmit(s); return true; }
    if (dev === undefined) return true; // no route to host: the segment is lost, TCP will time out
    const t = k.now();
    dev.clean(t);
    if (sk !== null) sk.tsqBytes += frameBytes(s);
    if (dev.canBypass(t)) { dev.startXmit(s, sk, t); return true; }
    if (!dev.enqueue(s, sk)) { if (sk !== null) sk.tsqBytes -= frameBytes(s); return false; }
    dev.run(t);
    return true;
  }

  /** The device a segment leaves by: null for the loopback, undefined when there is no route. */
  private route(saddr: number, daddr: number): NetDev | null | undefined {
    if (this.isLocal(daddr)) return null;
    let nic: Nic | undefined;
    for (const n of this.nics) if (n.addr === saddr) { nic = n; break; }
    nic ??= this.nics[0];
    return nic === undefined ? undefined : this.devs.get(nic);
  }

  private countRetrans(sk: TcpSock, dev: NetDev | null | undefined, why: Retrans): void {
    countRetrans(dev === null ? this.loopbackRetrans : dev === undefined ? zeroRetrans() : dev.retrans, why);
    let c = this.retransBySock.get(sk);
    if (c === undefined) { c = { local: `${dotted(sk.laddr)}:${sk.lport}`, remote: `${dotted(sk.raddr)}:${sk.rport}`, ...zeroRetrans() }; this.retransBySock.set(sk, c); }
    countRetrans(c, why);
  }

  /**
   * tcp_small_queue_check: a socket may have about 1 ms of its pacing rate (at least two of its
   * frames, at most tcp_limit_output_bytes) in the qdisc and on the ring. The pacing rate is
   * tcp_update_pacing_rate's: the congestion window per smoothed RTT, doubled in slow start and
   * 1.2 times after; no RTT sample yet means no pacing, so only the ceiling applies.
   */
  throttled(sk: TcpSock): boolean {
    if (sk.tsqBytes === 0) return false;
    const dev = this.route(sk.laddr, sk.raddr);
    if (dev === null || dev === undefined) return false; // loopback: skb_orphan on netif_rx, TSQ never sees it queued
    let limit = TCP_LIMIT_OUTPUT_BYTES;
    if (sk.srttNs > 0) {
      const rate = (sk.cwnd * 1e9 / sk.srttNs) * (sk.cwnd < sk.ssthresh / 2 ? 2 : 1.2);
      limit = Math.min(limit, Math.max(2 * (sk.mss + 54), Math.floor(rate / (1 << SK_PACING_SHIFT))));
    }
    dev.clean(this.k.now());
    if (sk.tsqBytes <= limit) return false;
    if (!sk.tsqThrottled) { sk.tsqThrottled = true; dev.tsqThrottles++; dev.throttled.push(sk); }
    dev.nic.requestTxIrq(1, this.k.now());
    return true;
  }

  /** ip link set dev NAME txqueuelen N: the qdisc's limit in packets (only while it is empty). */
  setTxQueueLen(name: string, n: number): void {
    const nic = this.nics.find((x) => x.name === name);
    if (nic === undefined) throw new Error(`no network device ${name}`);
    if (!Number.isInteger(n) || n < 1) throw new Error(`txqueuelen must be a whole number ≥ 1, got ${n}`);
    const old = this.devs.get(nic)!;
    if (old.qLen > 0) throw new Error(`${name}: the qdisc is not empty`);
    this.devs.set(nic, new NetDev(nic, n));
  }

  /** The tx-completion IRQ: clean the ring, wake a stopped queue and run its qdisc (NET_TX), then let throttled sockets send (tsq). */
  private nicTxIrq(dev: NetDev): void {
    const k = this.k;
    k.core.chargeIrq(COSTS.nicIrq.cycles);
    const t = k.now();
    dev.clean(t);
    if (dev.stopped && dev.nic.txFree(t) >= dev.wakeThreshold) { dev.stopped = false; dev.run(t); }
    if (dev.stopped) dev.nic.requestTxIrq(dev.wakeThreshold, t);
    if (dev.throttled.length > 0) {
      const ready = dev.throttled.splice(0);
      for (const sk of ready) { sk.tsqThrottled = false; sk.push(); }
    }
  }

  setTimer(sk: TcpSock, atNs: number): void {
    const old = sk.timer as MachineEvent | null;
    if (old !== null) { old.cancelled = true; sk.timer = null; }
    if (atNs < 0) return;
    const k = this.k;
    sk.timer = k.m.at(Math.max(k.nsToCycles(atNs), k.now()), k.core.id, 'timer', this.tcpTimer, sk);
  }

  /** A socket's timer fired (the event's arg is the socket): one function for every re-arm, no closure per ACK. */
  private readonly tcpTimer = (ev: MachineEvent): void => {
    const sk = ev.arg as TcpSock;
    sk.timer = null;
    this.k.core.chargeIrq(COSTS.tcpTimer.cycles);
    sk.onTimer();
  };

  wake(sk: TcpSock, mask: number): void {
    const f = sk.owner as InetSocket | null;
    if (f !== null) f.notify(this.k, mask);
  }

  /** sk_write_space: Linux's sk_stream_write_space only for a socket marked SOCK_NOSPACE; sowwakeup (BSD, NT) always. */
  writeSpace(sk: TcpSock): void {
    if (this.k.personality.writeSpaceNeedsNospace) {
      if (!sk.nospace || sk.sndSpace === 0) return;
      sk.nospace = false;
    }
    this.wake(sk, EPOLLOUT | EPOLLWRNORM);
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
    let n = 0;
    for (; n < NAPI_WEIGHT; n++) {
      const f = nic.popRx();
      if (f === null) break;
      this.rcv(f as Segment);
    }
    // net:napi_poll — frames taken by this pass, and the NIC's slot
    this.k.m.probe.emit('napi_poll', core.clock, core.id, 0, 0, n, this.nics.indexOf(nic), nic.name);
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
    while (this.backlogHead[cpu]! < q.length && n++ < NAPI_WEIGHT) {
      const s = q[this.backlogHead[cpu]!]!;
      q[this.backlogHead[cpu]!++] = undefined as unknown as Segment;
      this.rcv(s);
    }
    if (this.backlogHead[cpu] === q.length) { q.length = 0; this.backlogHead[cpu] = 0; }
    if (q.length > 0 && !this.backlogScheduled[cpu]) {
      this.backlogScheduled[cpu] = true;
      this.k.m.at(this.k.now(), cpu, 'device', () => this.processBacklog(cpu));
    }
  }

  snapshot(): NetSnapshot {
    const total = zeroRetrans();
    const add = (c: RetransCounts): void => { total.rto += c.rto; total.fast += c.fast; total.syn += c.syn; };
    add(this.loopbackRetrans);
    const nics = this.nics.map((n): NetDevStats => {
      const d = this.devs.get(n)!;
      add(d.retrans);
      return { ...n.stats(), qdiscBacklog: d.qLen, qdiscBacklogPeak: d.qdiscBacklogPeak, qdiscDrops: d.qdiscDrops, queueStops: d.queueStops, tsqThrottles: d.tsqThrottles, retransmits: { ...d.retrans } };
    });
    const sum = (c: RetransCounts): number => c.rto + c.fast + c.syn;
    const conns = [...this.retransBySock.values()].sort((a, b) => sum(b) - sum(a) || a.local.localeCompare(b.local) || a.remote.localeCompare(b.remote)).slice(0, 20);
    return { nics, acceptQueueDrops: this.table.acceptQueueDrops, loopbackPackets: this.loopbackPackets,
      connections: this.table.connections, resetsSent: this.table.resetsSent,
      retransmits: total, loopbackRetransmits: { ...this.loopbackRetrans }, retransConnections: conns.map((c) => ({ ...c })),
      listenOverflows: this.table.overflowed.map((l) => ({ addr: l.laddr, port: l.lport, backlog: l.backlog, pid: l.listenPid, drops: l.listenOverflows })) };
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
