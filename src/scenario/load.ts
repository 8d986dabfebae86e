// Load clients: simulated machines outside the emulated one that open
// connections to a server inside it and check what comes back.
//
// Each external host has its own address on the wire and its own TCP (the
// same engine the kernel runs, as two Linux hosts would), driven entirely by
// machine events of kind 'external': it uses none of the machine's CPU. A
// workload is N connections (all at once, ramped over a period, or arriving at
// a rate), R requests per connection of B bytes, a think time between them,
// and a protocol whose replies are verified: echo (the reply equals the
// request), http (GET / → status 200 and the body), hello (the reply is exactly
// "Hello" then EOF). A per-request timeout aborts the connection with RST.
// Failures are counted by reason: refused, reset, timeout, wrong reply; a request
// is completed only when its whole reply arrived and checked out, and one whose
// connection ends any other way (a reset from either side, a timeout) has failed,
// with every request that connection had left. Requests still in flight when the
// run ends are reported as unfinished.

import type { Machine } from '../machine/machine.ts';
import type { Frame } from '../machine/nic.ts';
import type { MachineEvent } from '../machine/event-queue.ts';
import type { Wire, ExternalHost } from '../machine/wire.ts';
import { TcpSock, TcpTable, type Segment, type TcpHost } from '../kernel/net/tcp.ts';
import { dotted, type RetransConn } from '../kernel/net/stack.ts';
import { ECONNREFUSED, ETIMEDOUT } from '../kernel/uapi/errno.ts';
import { EPOLLOUT, EPOLLWRNORM } from '../kernel/uapi/flags.ts';

/** A client socket's timer fired (the event's arg is the socket). */
function fireTimer(ev: MachineEvent): void {
  const sk = ev.arg as TcpSock;
  sk.timer = null;
  sk.onTimer();
}

/** An external host on the wire running TCP. */
export class ExternalTcpHost implements ExternalHost, TcpHost {
  readonly table: TcpTable;
  private nextIsn = 1000;
  constructor(readonly m: Machine, readonly wire: Wire, readonly addr: number) {
    this.table = new TcpTable(() => new TcpSock(this), (s) => { this.xmit(s); });
    wire.addHost(this);
  }
  receive(f: Frame): void { this.table.input(f as Segment); }
  nowNs(): number { return this.m.cyclesToNs(this.m.now); }
  xmit(s: Segment): boolean { this.wire.send(s, this.m.now); return true; }
  /** The external hosts put frames straight on the wire: nothing queues below their TCP. */
  throttled(): boolean { return false; }
  isn(): number { this.nextIsn += 64_000; return this.nextIsn; }
  setTimer(sk: TcpSock, atNs: number): void {
    const old = sk.timer as MachineEvent | null;
    if (old !== null) { old.cancelled = true; sk.timer = null; }
    if (atNs < 0) return;
    sk.timer = this.wire.external(Math.max(this.m.nsToCycles(atNs), this.m.now), fireTimer, sk);
  }
  wake(sk: TcpSock, mask: number): void { const o = sk.owner as { onWake?: (m: number) => void } | null; o?.onWake?.(mask); }
  writeSpace(sk: TcpSock): void { this.wake(sk, EPOLLOUT | EPOLLWRNORM); } // the load's clients hear of every ACK
  unhash(sk: TcpSock): void { this.table.unhash(sk); }
  established(listener: TcpSock, child: TcpSock): boolean { return this.table.enqueueAccept(listener, child); }

  /** Open a connection from an ephemeral port. */
  connect(raddr: number, rport: number, owner: unknown): TcpSock | null {
    const port = this.table.ephemeralPort(this.addr, raddr, rport);
    if (port < 0) return null;
    const sk = new TcpSock(this);
    sk.owner = owner;
    sk.laddr = this.addr; sk.lport = port; sk.raddr = raddr; sk.rport = rport;
    this.table.hash(sk);
    sk.connect(this.addr, port, raddr, rport);
    return sk;
  }
}

export type Arrival = { mode: 'all' } | { mode: 'ramp'; overNs: number } | { mode: 'rate'; perSec: number };

export interface LoadSpec {
  target: { addr: number; port: number };
  connections: number;
  arrival?: Arrival;
  requests: number;
  bytes: number;
  thinkNs?: number;
  protocol: 'echo' | 'http' | 'hello';
  timeoutNs?: number;
  /** When the first connection starts, ns of simulated time. */
  startNs?: number;
  /** Client addresses: `hosts` hosts from `hostBase` up (default one host, 10.0.0.100). */
  hosts?: number;
  hostBase?: number;
  /** For http: the path requested and the body expected (unchecked when absent). */
  httpPath?: string;
  httpBody?: string;
  /** For echo and hello: send exactly these bytes as each request instead of a generated pattern. */
  payload?: string;
  /** The first `count` connections abort (RST) right after sending `afterBytes` of their first request. */
  resetMidRequest?: { count: number; afterBytes: number };
  /** Slowloris: this many more connections that send `send` (maybe nothing) and then hold the connection, never finishing a request. */
  slowloris?: { connections: number; send: string; startNs: number };
}

/** What became of the slowloris connections by the end of the run. */
export interface SlowlorisResult {
  connections: number;
  /** Reached ESTABLISHED (the server's kernel completed the handshake; accepting is the server's business). */
  established: number;
  /** The server closed them (FIN) or reset them after they were established. */
  closedByServer: number;
  reset: number;
  /** Never connected: refused, or the SYN retries ran out. */
  failedToConnect: number;
  /** Still established and held at the end. */
  open: number;
}

export interface FailureCounts { refused: number; reset: number; timeout: number; wrongReply: number }

export interface LoadResult {
  connections: number;
  connectionsDone: number;
  completed: number;
  failed: FailureCounts;
  /** Requests neither completed nor failed when the run ended (their connections still open): stragglers. */
  unfinished?: number;
  latencyNs: { p50: number; p90: number; p99: number; p999: number; max: number };
  throughputPerSec: number;
  synRetransmits: number;
  retransmits: number;
  retransmitsByCause: { rto: number; fast: number; syn: number };
  retransConnections: RetransConn[];
  slowloris?: SlowlorisResult;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
/** No request outstanding. */
const NO_REQUEST = new Uint8Array(0);

class ClientConn {
  sk: TcpSock | null = null;
  req = 0;
  sent: Uint8Array = NO_REQUEST;
  /** The generated requests' bytes, made once per connection and rewritten for each request (TCP copies what it is given). */
  private pattern: Uint8Array | null = null;
  sendOff = 0;
  got: Uint8Array[] = [];
  gotLen = 0;
  /** When the request went out, in cycles: started as a double, so that the first time past 2^30 does not change every connection's layout in V8 (see tcp.ts's AS_DOUBLE). */
  sentAt = 0.5;
  finished = false;
  timer: MachineEvent | null = null;
  /** The request the armed timeout is for. */
  private timeoutReq = 0;
  private scheduled = false;
  constructor(readonly load: LoadClients, readonly id: number, readonly host: ExternalTcpHost) { this.sentAt = 0; }

  // The connection's event handlers, made once: no closure per event.
  private readonly stepNow = (): void => { this.scheduled = false; this.step(); };
  private readonly thought = (): void => { if (!this.finished) this.sendRequest(); };
  private readonly timedOut = (): void => {
    this.timer = null;
    if (!this.finished && this.req === this.timeoutReq) { this.sk?.abort(); this.fail('timeout'); }
  };

  /** Readiness on the socket: handle it in its own external event, never re-entering TCP from inside it. */
  onWake(): void {
    if (this.scheduled || this.finished) return;
    this.scheduled = true;
    this.load.wire.external(this.load.m.now, this.stepNow);
  }

  start(): void {
    const spec = this.load.spec;
    this.sk = this.host.connect(spec.target.addr, spec.target.port, this);
    if (this.sk === null) { this.fail('refused'); return; }
    this.armTimeout();
  }

  private armTimeout(): void {
    const t = this.load.spec.timeoutNs;
    if (this.timer !== null) { this.timer.cancelled = true; this.timer = null; }
    if (t === undefined || t <= 0) return;
    this.timeoutReq = this.req;
    this.timer = this.load.wire.external(this.load.m.now + this.load.m.nsToCycles(t), this.timedOut);
  }

  private step(): void {
    if (this.finished) return;
    const sk = this.sk!;
    if (sk.state === 'SYN_SENT') return;
    if (sk.rcvQ.length > 0) { const b = sk.recv(sk.rcvQ.length); this.got.push(b); this.gotLen += b.length; }
    if (this.sent.length === 0 && this.req === 0 && sk.connected) { this.sendRequest(); }
    else if (this.sendOff < this.sent.length && sk.connected) this.flush();
    if (this.finished) return;
    if (this.sent.length > 0 && this.checkReply(sk.peerFin)) return;
    if (sk.err !== 0 || sk.state === 'CLOSED') {
      this.fail(sk.err === ECONNREFUSED ? 'refused' : sk.err === ETIMEDOUT ? 'timeout' : 'reset');
      return;
    }
    if (sk.peerFin) { sk.close(); this.fail('wrongReply'); }
  }

  private sendRequest(): void {
    const spec = this.load.spec;
    if (spec.protocol === 'http') {
      this.sent = enc.encode(`GET ${spec.httpPath ?? '/'} HTTP/1.1\r\nHost: gomachine\r\nUser-Agent: gomachine-load\r\n\r\n`);
    } else if (spec.payload !== undefined) {
      this.sent = enc.encode(spec.payload);
    } else {
      const b = this.pattern ??= new Uint8Array(spec.bytes);
      // byte i is 33 + (id·7 + req·13 + i) mod 90: the residue counted up, not divided for each byte
      let v = (this.id * 7 + this.req * 13) % 90;
      for (let i = 0; i < b.length; i++) { b[i] = 33 + v; if (++v === 90) v = 0; }
      this.sent = b;
    }
    this.sendOff = 0; this.got.length = 0; this.gotLen = 0;
    this.sentAt = this.load.m.now;
    this.armTimeout();
    const rm = spec.resetMidRequest;
    if (rm !== undefined && this.id < rm.count && this.req === 0) {
      this.sk!.send(this.sent.subarray(0, Math.min(rm.afterBytes, this.sent.length)));
      this.sk!.abort();
      // The connection ended in a reset with its requests unanswered: each of them failed.
      this.load.aborted++; this.fail('reset');
      return;
    }
    this.flush();
  }

  /** Send what is left of the request: the request itself at first (a view of a small array would move its bytes out of V8's heap). */
  private flush(): void { this.sendOff += this.sk!.send(this.sendOff === 0 ? this.sent : this.sent.subarray(this.sendOff)); }

  private reply(): Uint8Array {
    if (this.got.length === 1) return this.got[0]!;
    const b = new Uint8Array(this.gotLen); let o = 0;
    for (const g of this.got) { b.set(g, o); o += g.length; }
    this.got = [b];
    return b;
  }

  /** True if the connection finished (success or failure) on this reply. */
  private checkReply(eof: boolean): boolean {
    const spec = this.load.spec;
    if (spec.protocol === 'echo') {
      if (this.gotLen < this.sent.length) return false;
      const r = this.reply();
      let ok = r.length === this.sent.length;
      for (let i = 0; ok && i < r.length; i++) if (r[i] !== this.sent[i]) ok = false;
      return ok ? this.success() : (this.sk!.abort(), this.fail('wrongReply'), true);
    }
    if (spec.protocol === 'hello') {
      if (!eof) return false;
      const ok = dec.decode(this.reply()) === 'Hello';
      this.sk!.close();
      return ok ? this.success() : (this.fail('wrongReply'), true);
    }
    const r = this.reply();
    const text = dec.decode(r);
    const he = text.indexOf('\r\n\r\n');
    if (he < 0) return false;
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, he + 2));
    const clen = m === null ? 0 : Number(m[1]);
    if (r.length < he + 4 + clen) return false;
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
    const body = text.slice(he + 4, he + 4 + clen);
    const ok = status !== null && status[1] === '200' && (spec.httpBody === undefined || body === spec.httpBody) && r.length === he + 4 + clen;
    return ok ? this.success() : (this.sk!.abort(), this.fail('wrongReply'), true);
  }

  private success(): boolean {
    const L = this.load;
    L.latencies.push(L.m.cyclesToNs(L.m.now - this.sentAt));
    L.completed++;
    if (L.firstDone < 0) L.firstDone = L.m.now;
    L.lastDone = L.m.now;
    this.req++;
    if (this.req >= L.spec.requests || L.spec.protocol === 'hello') {
      if (this.sk!.state !== 'CLOSED') this.sk!.close();
      this.finished = true; this.finish();
      return true;
    }
    this.sent = NO_REQUEST;
    const think = L.spec.thinkNs ?? 0;
    if (think > 0) L.wire.external(L.m.now + L.m.nsToCycles(think), this.thought);
    else this.sendRequest();
    return false;
  }

  private fail(reason: keyof FailureCounts): void {
    if (this.finished) return;
    this.finished = true;
    this.load.failed[reason]++;
    // The requests this connection never made count as failed for the same reason.
    const left = this.load.spec.protocol === 'hello' ? 0 : this.load.spec.requests - this.req - 1;
    this.load.failed[reason] += Math.max(0, left);
    this.finish();
  }

  private finish(): void {
    if (this.timer !== null) { this.timer.cancelled = true; this.timer = null; }
    this.load.connectionsDone++;
    if (this.load.done) this.load.onDone?.();
  }
}

/**
 * A slowloris connection: it connects, sends its few bytes of a request that never ends
 * (or nothing), and holds the connection for as long as the server lets it. What the server
 * does with it — accept it and wait forever, time it out, never accept it — is what it shows.
 */
class SlowConn {
  sk: TcpSock | null = null;
  established = false;
  ended: 'closed' | 'reset' | 'failed' | null = null;
  private scheduled = false;
  constructor(readonly load: LoadClients, readonly host: ExternalTcpHost, readonly send: Uint8Array) {}

  start(): void {
    const spec = this.load.spec;
    this.sk = this.host.connect(spec.target.addr, spec.target.port, this);
    if (this.sk === null) this.ended = 'failed';
  }

  onWake(): void {
    if (this.scheduled || this.ended !== null) return;
    this.scheduled = true;
    this.load.wire.external(this.load.m.now, () => { this.scheduled = false; this.step(); });
  }

  private step(): void {
    const sk = this.sk!;
    if (this.ended !== null || sk.state === 'SYN_SENT') return;
    if (!this.established && sk.connected) {
      this.established = true;
      if (this.send.length > 0) sk.send(this.send);
    }
    if (sk.rcvQ.length > 0) sk.recv(sk.rcvQ.length); // whatever the server says (a 408, a 400) is read and ignored
    if (sk.err !== 0 || sk.state === 'CLOSED') { this.ended = this.established ? 'reset' : 'failed'; return; }
    if (sk.peerFin) { this.ended = 'closed'; sk.close(); }
  }
}

/** The nearest-rank percentile `p` (0–100) of ascending `sorted`; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export class LoadClients {
  readonly hosts: ExternalTcpHost[] = [];
  private readonly conns: ClientConn[] = [];
  private readonly slow: SlowConn[] = [];
  readonly latencies: number[] = [];
  completed = 0;
  readonly failed: FailureCounts = { refused: 0, reset: 0, timeout: 0, wrongReply: 0 };
  connectionsDone = 0;
  aborted = 0;
  firstDone = -1;
  lastDone = -1;
  startCycles = 0;
  /** Called at the event where the last connection finishes (the runner stops `until: clients` there). */
  onDone: (() => void) | null = null;

  constructor(readonly m: Machine, readonly wire: Wire, readonly spec: LoadSpec) {
    if (!(spec.connections >= 0 && spec.requests >= 1 && spec.bytes >= 0)) throw new Error('load: bad workload');
    const nh = Math.max(1, spec.hosts ?? 1);
    const base = spec.hostBase ?? 0x0a000064; // 10.0.0.100
    for (let i = 0; i < nh; i++) this.hosts.push(new ExternalTcpHost(m, wire, base + i));
    for (let i = 0; i < spec.connections; i++) this.conns.push(new ClientConn(this, i, this.hosts[i % nh]!));
    const sl = spec.slowloris;
    if (sl !== undefined) {
      const send = enc.encode(sl.send);
      for (let i = 0; i < sl.connections; i++) this.slow.push(new SlowConn(this, this.hosts[i % nh]!, send));
    }
  }

  /** Schedule the connections' arrivals. */
  start(): void {
    const a = this.spec.arrival ?? { mode: 'all' };
    const t0 = Math.max(this.m.now, this.m.nsToCycles(this.spec.startNs ?? 0));
    this.startCycles = t0;
    const n = this.conns.length;
    this.conns.forEach((c, i) => {
      let at = t0;
      if (a.mode === 'ramp') at = t0 + this.m.nsToCycles(n > 1 ? (a.overNs * i) / (n - 1) : 0);
      else if (a.mode === 'rate') at = t0 + this.m.nsToCycles((i * 1e9) / a.perSec);
      this.wire.external(at, () => c.start());
    });
    const sl = this.spec.slowloris;
    if (sl !== undefined) {
      const at = Math.max(this.m.now, this.m.nsToCycles(sl.startNs));
      for (const c of this.slow) this.wire.external(at, () => c.start());
    }
  }

  private slowResult(): SlowlorisResult {
    const r: SlowlorisResult = { connections: this.slow.length, established: 0, closedByServer: 0, reset: 0, failedToConnect: 0, open: 0 };
    for (const c of this.slow) {
      if (c.established) r.established++;
      if (c.ended === 'closed') r.closedByServer++;
      else if (c.ended === 'reset') r.reset++;
      else if (c.ended === 'failed' || (!c.established && c.sk !== null && (c.sk.state === 'CLOSED' || c.sk.err !== 0))) r.failedToConnect++;
      else if (c.established) r.open++;
    }
    return r;
  }

  get done(): boolean { return this.connectionsDone === this.conns.length; }

  /** Segments the clients have sent again so far, by cause (for live views; result() has the rest). */
  retransmitsNow(): { rto: number; fast: number; syn: number } {
    const by = { rto: 0, fast: 0, syn: 0 };
    for (const c of this.conns) { const sk = c.sk; if (sk !== null && sk.retrans > 0) { by.rto += sk.rtoRetrans; by.fast += sk.fastRetrans; by.syn += sk.synRetrans; } }
    return by;
  }

  result(): LoadResult {
    const l = [...this.latencies].sort((x, y) => x - y);
    const pct = (p: number): number => percentile(l, p);
    const spanNs = this.lastDone < 0 ? 0 : this.m.cyclesToNs(this.lastDone - this.startCycles);
    const by = { rto: 0, fast: 0, syn: 0 };
    const conns: RetransConn[] = [];
    for (const c of this.conns) {
      const sk = c.sk;
      if (sk === null || sk.retrans === 0) continue;
      by.rto += sk.rtoRetrans; by.fast += sk.fastRetrans; by.syn += sk.synRetrans;
      conns.push({ local: `${dotted(sk.laddr)}:${sk.lport}`, remote: `${dotted(sk.raddr)}:${sk.rport}`, rto: sk.rtoRetrans, fast: sk.fastRetrans, syn: sk.synRetrans });
    }
    const sum = (x: RetransConn): number => x.rto + x.fast + x.syn;
    conns.sort((a, b) => sum(b) - sum(a) || a.local.localeCompare(b.local));
    const f = this.failed;
    const perConn = this.spec.protocol === 'hello' ? 1 : this.spec.requests;
    const unfinished = this.conns.length * perConn - this.completed - (f.refused + f.reset + f.timeout + f.wrongReply);
    return {
      connections: this.conns.length, connectionsDone: this.connectionsDone, completed: this.completed, failed: { ...this.failed },
      ...(unfinished > 0 ? { unfinished } : {}),
      latencyNs: { p50: pct(50), p90: pct(90), p99: pct(99), p999: pct(99.9), max: l.length === 0 ? 0 : l[l.length - 1]! },
      throughputPerSec: spanNs > 0 ? (this.completed * 1e9) / spanNs : 0,
      synRetransmits: by.syn, retransmits: by.rto + by.fast + by.syn, retransmitsByCause: by, retransConnections: conns.slice(0, 20),
      ...(this.spec.slowloris !== undefined ? { slowloris: this.slowResult() } : {}),
    };
  }
}
