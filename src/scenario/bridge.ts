// The bridge: a real TCP port on the host whose connections are carried into
// the emulated machine. Each real connection becomes a connection from an
// external host on the wire (10.0.0.250 by default) to a port on the machine's
// first NIC; bytes flow both ways, a FIN becomes a half-close, an abrupt
// disconnect becomes a RST. Simulated time is paced to wall-clock time: every
// few milliseconds the machine runs up to the wall time elapsed since the
// bridge started — for at most CATCHUP_BUDGET_MS of wall time at a go, so that
// the host's event loop keeps its turn (new connections, bytes, Ctrl-C) even when
// the simulation is slower than real time. Falling more than BEHIND_MS behind,
// the bridge says so and applies backpressure: it stops reading from the real
// connections (TCP's flow control pushes back on the clients) and holds new ones
// outside the machine (at most MAX_HELD; more are reset, as a full backlog would
// drop them) until the simulation has caught up to within BEHIND_MS / 5 — which it
// does once the load drops, since an idle machine skips ahead to the wall clock.
//
// The host side is real I/O, so it lives here, outside the machine, and talks
// to the simulation only through the wire's external host, between runs.
//
// What the real clients did is counted for the report: connections (closed,
// reset, still open at the end), bytes each way, and request/reply turns — a
// request starts with the client's first bytes after the last reply, and ends
// at the first reply bytes the machine sends back; its latency is measured in
// simulated time at the external host, as a packet capture there would show it.
// (Pipelined requests sent in one burst count as one turn.)

import net from 'node:net';
import type { Simulation } from './runner.ts';
import type { BridgeReport } from './report.ts';
import { ExternalTcpHost, percentile } from './load.ts';
import type { TcpSock } from '../kernel/net/tcp.ts';
import { nicsOf } from '../machine/nic.ts';

export interface BridgeOptions {
  /** Where to listen on the host (default 127.0.0.1). */
  host?: string;
  port: number;
  /** The port on the machine's first NIC that real connections go to. */
  targetPort: number;
  /** The external host's address on the wire. */
  hostAddr?: number;
  /** How often the machine catches up with the wall clock, ms. */
  tickMs?: number;
  log?: (line: string) => void;
  /** The wall clock, ms (default performance.now). */
  clock?: () => number;
}

/** The most wall time one catch-up may run the machine, ms. */
export const CATCHUP_BUDGET_MS = 20;
/** Simulated time per step of a catch-up, ns (the budget is checked between steps). */
const CATCHUP_SLICE_NS = 1e6;
/** Lagging the wall clock by more than this (ms), the bridge applies backpressure. */
export const BEHIND_MS = 500;
/** Real connections held outside the machine while it lags, at most (SOMAXCONN's 4,096). */
export const MAX_HELD = 4096;

class BridgedConn {
  private readonly out: Buffer[] = [];
  private outLen = 0;
  private realEnded = false;
  private finSent = false;
  private done = false;
  private scheduled = false;
  /** A request turn is in flight since this time (cycles), or -1. */
  private reqStart = -1;
  constructor(readonly bridge: Bridge, readonly real: net.Socket, public sk: TcpSock | null = null) {}

  /** Readiness on the simulated socket: handled in its own external event, never re-entering TCP. */
  onWake(): void {
    if (this.scheduled || this.done) return;
    this.scheduled = true;
    const m = this.bridge.sim.machine;
    this.bridge.sim.wire!.external(m.now, () => { this.scheduled = false; this.step(); });
  }

  /** Move bytes out to the real peer, and queued bytes in. */
  private step(): void {
    if (this.done || this.sk === null) return;
    const sk = this.sk;
    if (sk.rcvQ.length > 0) {
      const b = sk.recv(sk.rcvQ.length);
      this.real.write(b);
      this.bridge.bytesOut += b.length;
      if (this.reqStart >= 0) { this.bridge.replied(this.reqStart); this.reqStart = -1; }
    }
    this.pumpIn();
    // Both directions finished (TIME_WAIT after an orderly close, or CLOSED): the connection is over.
    if (sk.err !== 0 || sk.state === 'CLOSED' || sk.state === 'TIME_WAIT') { this.finish(sk.err !== 0); return; }
    if (sk.peerFin && sk.rcvQ.length === 0 && !this.real.writableEnded) this.real.end();
  }

  /** Bytes from the real peer (called in a machine event). */
  input(b: Buffer): void {
    this.bridge.bytesIn += b.length;
    if (this.reqStart < 0) { this.reqStart = this.bridge.sim.machine.now; this.bridge.requests++; }
    this.out.push(b); this.outLen += b.length; this.pumpIn(); }
  realEnd(): void { this.realEnded = true; this.pumpIn(); }
  realError(): void { if (!this.done) { this.done = true; this.bridge.resets++; this.bridge.conns.delete(this); this.sk?.abort(); } }

  private pumpIn(): void {
    const sk = this.sk;
    if (sk === null || !sk.connected && sk.state !== 'FIN_WAIT1' && sk.state !== 'FIN_WAIT2') return;
    while (this.out.length > 0) {
      const b = this.out[0]!;
      const n = sk.send(b);
      if (n === 0) return;
      this.outLen -= n;
      if (n === b.length) this.out.shift(); else { this.out[0] = b.subarray(n); return; }
    }
    if (this.realEnded && !this.finSent) { this.finSent = true; sk.shutdown(false, true); }
  }

  private finish(reset: boolean): void {
    this.done = true;
    if (reset) this.bridge.resets++; else this.bridge.closed++;
    if (reset) this.real.destroy(); else this.real.end();
    this.bridge.conns.delete(this);
  }
}

export class Bridge {
  readonly conns = new Set<BridgedConn>();
  private server: net.Server | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly ext: ExternalTcpHost;
  readonly target: number;
  private wall0 = 0;
  private sim0 = 0;
  /** Where the bridge listens, once started. */
  listening = '';
  // What the real clients did (see the top of the file).
  accepted = 0;
  closed = 0;
  resets = 0;
  requests = 0;
  replies = 0;
  bytesIn = 0;
  bytesOut = 0;
  private readonly latencies: number[] = [];
  // Backpressure (see the top of the file): whether it is on, since when (wall ms), the
  // connections held outside, how often it came on, the worst lag (ms) and the connections reset.
  behind = false;
  private behindSince = 0;
  readonly held: BridgedConn[] = [];
  backpressure = 0;
  maxLagMs = 0;
  refused = 0;

  constructor(readonly sim: Simulation, readonly opts: BridgeOptions) {
    if (sim.wire === null) throw new Error('the bridge needs a scenario with a network (machine NICs on a wire)');
    const nic = nicsOf(sim.machine)[0];
    if (nic === undefined) throw new Error('the bridge needs a NIC');
    this.target = nic.addr;
    this.ext = new ExternalTcpHost(sim.machine, sim.wire, opts.hostAddr ?? 0x0a0000fa);
  }

  /** Listen; resolves with the port actually bound. */
  async start(): Promise<number> {
    // allowHalfOpen: a client's FIN (nc -N, socket.end()) closes only its direction, as TCP says;
    // Node's default would end our side at once and lose the reply the machine is still sending.
    const server = net.createServer({ allowHalfOpen: true }, (real) => this.onReal(real));
    this.server = server;
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => resolve()); });
    this.wall0 = this.now();
    this.sim0 = this.sim.machine.now;
    this.timer = setInterval(() => this.catchUp(), this.opts.tickMs ?? 2);
    const a = server.address();
    const port = typeof a === 'object' && a !== null ? a.port : this.opts.port;
    this.listening = `${this.opts.host ?? '127.0.0.1'}:${port}`;
    return port;
  }

  /** The machine's first reply bytes of a request turn that began at `start` (cycles) reached the external host. */
  replied(start: number): void {
    this.replies++;
    this.latencies.push(this.sim.machine.cyclesToNs(this.sim.machine.now - start));
  }

  /** Wall-clock milliseconds since the bridge started. */
  get wallMs(): number { return this.wall0 === 0 ? 0 : this.now() - this.wall0; }

  /** The real clients, for the report. */
  report(): BridgeReport {
    const l = [...this.latencies].sort((x, y) => x - y);
    return {
      listen: this.listening,
      target: `${fmtAddr(this.target)}:${this.opts.targetPort}`,
      connections: this.accepted, closed: this.closed, reset: this.resets, open: this.accepted - this.closed - this.resets,
      requests: this.requests, replied: this.replies, bytesIn: this.bytesIn, bytesOut: this.bytesOut,
      behind: { episodes: this.backpressure, maxLagMs: Math.round(this.maxLagMs), heldAtEnd: this.held.length, refused: this.refused },
      latencyNs: { p50: percentile(l, 50), p90: percentile(l, 90), p99: percentile(l, 99), p999: percentile(l, 99.9), max: l.length === 0 ? 0 : l[l.length - 1]! },
    };
  }

  /** Run the machine towards the wall-clock time elapsed, for CATCHUP_BUDGET_MS at most; then look at the lag. */
  catchUp(): void {
    const m = this.sim.machine;
    const started = performance.now();
    const target = this.sim0 + m.nsToCycles((this.now() - this.wall0) * 1e6);
    const slice = m.nsToCycles(CATCHUP_SLICE_NS);
    while (m.now < target && performance.now() - started < CATCHUP_BUDGET_MS) {
      const until = Math.min(target, m.now + slice);
      const r = m.run(until);
      if (r === 'halted') { this.opts.log?.(`gomachine: machine halted: ${m.halted}`); void this.stop(); return; }
      if (r === 'idle' || r === 'paused') m.now = Math.max(m.now, until);
    }
    const lagMs = m.cyclesToNs(Math.max(0, target - m.now)) / 1e6;
    if (lagMs > this.maxLagMs) this.maxLagMs = lagMs;
    if (!this.behind && lagMs > BEHIND_MS) this.startBackpressure(lagMs);
    else if (this.behind && lagMs < BEHIND_MS / 5) this.endBackpressure();
  }

  /** The wall clock, ms. */
  private now(): number { return this.opts.clock?.() ?? performance.now(); }

  /** Do `fn` inside the simulation, at its current time, as the external host's work. */
  private inSim(fn: () => void): void { this.sim.wire!.external(this.sim.machine.now, fn); }

  private onReal(real: net.Socket): void {
    if (this.behind && this.held.length >= MAX_HELD) { this.refused++; real.destroy(); return; }
    this.accepted++;
    const c = new BridgedConn(this, real);
    this.conns.add(c);
    real.setNoDelay(true);
    if (this.behind) { real.pause(); this.held.push(c); }
    else this.admit(c);
    real.on('data', (b: Buffer) => this.inSim(() => c.input(b)));
    real.on('end', () => this.inSim(() => c.realEnd()));
    real.on('error', () => this.inSim(() => c.realError()));
    real.on('close', (hadError: boolean) => { if (hadError) this.inSim(() => c.realError()); });
  }

  /** Carry a real connection into the machine: its external host connects to the target. */
  private admit(c: BridgedConn): void {
    const real = c.real;
    this.inSim(() => {
      c.sk = this.ext.connect(this.target, this.opts.targetPort, c);
      if (c.sk === null) { real.destroy(); this.conns.delete(c); }
    });
  }

  /** Fallen behind: stop reading from the real connections; new ones wait outside (onReal). */
  private startBackpressure(lagMs: number): void {
    this.behind = true; this.backpressure++; this.behindSince = this.now();
    for (const c of this.conns) c.real.pause();
    this.opts.log?.(`gomachine: the simulation is ${(lagMs / 1e3).toFixed(1)} s behind the wall clock; holding new connections and pausing reads until it catches up`);
  }

  /** Caught up: read again, and let the held connections in. */
  private endBackpressure(): void {
    this.behind = false;
    const held = this.held.splice(0);
    for (const c of this.conns) c.real.resume();
    for (const c of held) if (!c.real.destroyed) this.admit(c);
    this.opts.log?.(`gomachine: caught up with the wall clock after ${((this.now() - this.behindSince) / 1e3).toFixed(1)} s; ${held.length} held connection(s) let in`);
  }

  /** Told when the bridge stops on its own (the machine halted). */
  onStop: (() => void) | null = null;

  async stop(): Promise<void> {
    this.onStop?.();
    if (this.timer !== null) { clearInterval(this.timer); this.timer = null; }
    for (const c of this.conns) c.real.destroy();
    this.conns.clear();
    this.held.length = 0;
    const s = this.server;
    this.server = null;
    if (s !== null) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** Parse "HOST:PORT" or "PORT" (loopback unless a host is given). */
export function parseBridgeAddr(v: string): { host: string; port: number } {
  const m = /^(?:(.+):)?(\d{1,5})$/.exec(v.trim());
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || !(port >= 0 && port <= 65535)) throw new Error(`--bridge wants HOST:PORT or PORT, got "${v}"`);
  return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

/**
 * `gomachine run <scenario> --bridge HOST:PORT`: run the scenario paced to wall-clock
 * time with real connections carried in, until Ctrl-C (SIGINT/SIGTERM) or the machine
 * halts; then the run counts as interrupted, its wall time is the bridge's, and the
 * real clients' figures are returned for the report.
 */
export async function runBridge(sim: Simulation, addr: string, targetPort: number, log: (line: string) => void): Promise<BridgeReport> {
  const { host, port } = parseBridgeAddr(addr);
  const bridge = new Bridge(sim, { host, port, targetPort, log });
  const bound = await bridge.start();
  log(`gomachine: bridging ${host}:${bound} to ${fmtAddr(bridge.target)}:${targetPort} inside the machine (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.on('SIGINT', stop); process.on('SIGTERM', stop);
    bridge.onStop = stop;
  });
  const wallMs = bridge.wallMs;
  await bridge.stop();
  sim.stoppedBy = 'interrupted';
  sim.wallMs = wallMs;
  log(`gomachine: bridge closed after ${bridge.accepted} connection(s), ${(sim.machine.cyclesToNs(sim.machine.now) / 1e9).toFixed(3)} s simulated in ${(wallMs / 1e3).toFixed(3)} s wall`);
  return bridge.report();
}

function fmtAddr(a: number): string { return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.'); }
