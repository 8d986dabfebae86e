// TCP: the protocol engine (Linux's net/ipv4/tcp*.c, much reduced but honest).
//
// A TcpSock is one end of a connection (or a listener). It speaks in segments:
// a three-way handshake, data segments up to the MSS, cumulative ACKs with a
// receive window (a slow reader makes the sender wait: the sender stops at the
// right edge of the window and probes a zero window with the persist timer),
// FIN and RST, and the states of RFC 793. Lost segments (a full rx ring, a SYN
// dropped by a full accept queue) are recovered by fast retransmit on the third
// duplicate ACK (RFC 5681, NewReno recovery to the highest sequence sent) or by
// the retransmission timer with exponential backoff — both go back N from
// snd_una — and SYNs are retried as tcp_syn_retries says. Every segment sent
// again is counted by its cause (timeout, fast retransmit, SYN/SYN-ACK), on the
// socket and, through the host, on the device it left by. Out-of-order segments
// are dropped rather than queued (no SACK, no OFO queue) — the wire never
// reorders, so only drops make a hole, and going back N is what the receiver needs.
//
// Congestion control is Reno (RFC 5681) counted in bytes: an initial window of
// 10 segments (RFC 6928, Linux's TCP_INIT_CWND), slow start, congestion avoidance,
// half the flight on fast retransmit, one segment after a timeout. A segment
// the host could not even queue (its qdisc was full: a local drop, NET_XMIT_DROP)
// is not sent — snd_nxt stays, as tcp_write_xmit leaves it on the write queue —
// and the socket enters CWR (tcp_enter_cwr: ssthresh and cwnd to half). Before
// each data segment the host may throttle the socket (TCP Small Queues): it then
// calls push() again when the device has sent enough of what the socket queued.
//
// Simplifications, stated: sequence numbers are JS integers that do not wrap
// at 2^32; the congestion window counts bytes, not packets; CWR halves at once
// instead of by PRR; ACKs are sent at once rather than delayed.
//
// The engine knows nothing of the kernel: everything it needs from the host it
// runs on (time, transmit, timers, wake-ups, the socket hash) comes through
// TcpHost. The emulated kernel is one host; the simulated external machines on
// the wire are others, running this same TCP as two Linux hosts would.

import { ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT } from '../uapi/errno.ts';
import { EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDHUP, EPOLLRDNORM, EPOLLWRNORM } from '../uapi/flags.ts';

export const TH_FIN = 0x01;
export const TH_SYN = 0x02;
export const TH_RST = 0x04;
export const TH_PSH = 0x08;
export const TH_ACK = 0x10;

/** A TCP/IP segment as it travels on the wire (addresses in host byte order). */
export interface Segment {
  saddr: number; sport: number; daddr: number; dport: number;
  seq: number; ack: number; flags: number; win: number;
  data: Uint8Array | null;
}

export function segLen(s: Segment): number { return s.data === null ? 0 : s.data.length; }

export const TCP_STATES = ['CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2',
  'CLOSING', 'TIME_WAIT', 'CLOSE_WAIT', 'LAST_ACK'] as const;
export type TcpState = typeof TCP_STATES[number];

/** Linux's defaults (net.ipv4.tcp_*), in nanoseconds where they are times. */
export const TCP_MSS = 1460;
export const TCP_TIMEOUT_INIT_NS = 1e9;      // RFC 6298 initial RTO, TCP_TIMEOUT_INIT
export const TCP_RTO_MIN_NS = 200e6;         // TCP_RTO_MIN
export const TCP_RTO_MAX_NS = 120e9;         // TCP_RTO_MAX
export const TCP_SYN_RETRIES = 6;            // net.ipv4.tcp_syn_retries
export const TCP_SYNACK_RETRIES = 5;         // net.ipv4.tcp_synack_retries
export const TCP_RETRIES2 = 15;              // net.ipv4.tcp_retries2
export const TCP_TIMEWAIT_NS = 60e9;         // TCP_TIMEWAIT_LEN
export const TCP_FIN_TIMEOUT_NS = 60e9;      // net.ipv4.tcp_fin_timeout: how long an orphan waits in FIN_WAIT2
export const TCP_WMEM_DEFAULT = 16384;       // net.ipv4.tcp_wmem[1]
export const TCP_RMEM_DEFAULT = 131072;      // net.ipv4.tcp_rmem[1]
export const TCP_INIT_CWND = 10;             // segments (RFC 6928, include/net/tcp.h)
export const TCP_FASTRETRANS_THRESH = 3;     // duplicate ACKs that mean a loss (net.ipv4.tcp_reordering)

/** Why a segment is on the wire: sent the first time, or again after a timeout, a fast retransmit, or a SYN/SYN-ACK retry. */
export enum Retrans { None = 0, Rto = 1, Fast = 2, Syn = 3 }

/** What a TCP endpoint needs from the machine it runs on. */
export interface TcpHost {
  /** Now, in ns. */
  nowNs(): number;
  /**
   * Send a segment (route and queue it); `sk` is the socket it belongs to (null for a reset
   * answering no socket), `why` whether it is sent again. False when it was dropped before
   * leaving this host (a full qdisc: NET_XMIT_DROP).
   */
  xmit(seg: Segment, sk: TcpSock | null, why: Retrans): boolean;
  /** TCP Small Queues: true when `sk` has enough bytes queued below it; the host calls sk.push() once they drain. */
  throttled(sk: TcpSock): boolean;
  /** (Re)arm the socket's single timer to fire at `atNs`, replacing any armed one; -1 cancels. */
  setTimer(sk: TcpSock, atNs: number): void;
  /** Readiness changed on `sk` (wake waiters, epoll). */
  wake(sk: TcpSock, mask: number): void;
  /**
   * An ACK freed send space on `sk` (sk->sk_write_space). Linux wakes writers only when one
   * was told there was none (SOCK_NOSPACE, sk_stream_write_space); BSD's sowwakeup and NT's
   * AFD wake on every such ACK.
   */
  writeSpace(sk: TcpSock): void;
  /** `sk` left the connection hash for good (closed, reset, timed out). */
  unhash(sk: TcpSock): void;
  /** A child of `listener` completed its handshake: queue it for accept, or return false when the queue is full. */
  established(listener: TcpSock, child: TcpSock): boolean;
  /** Initial sequence number for a new connection. */
  isn(): number;
}

/**
 * A growable FIFO of bytes (sk_buff queues, flattened). It starts at 64 bytes: V8 keeps a typed
 * array that small inside its heap, where making one is an allocation like any object's, while
 * a larger one needs a backing store outside it (allocated, tracked and freed apart) — and every
 * socket has two queues, most of which never hold more than a request at a time.
 */
export class ByteQueue {
  private buf: Uint8Array;
  private head = 0;
  private tail = 0;
  constructor(initial = 64) { this.buf = new Uint8Array(initial); }
  get length(): number { return this.tail - this.head; }
  push(data: Uint8Array): void {
    const n = data.length;
    if (this.tail + n > this.buf.length) {
      const live = this.tail - this.head;
      if (live + n <= this.buf.length >> 1) this.buf.copyWithin(0, this.head, this.tail);
      else {
        let cap = this.buf.length * 2; while (cap < live + n) cap *= 2;
        const nb = new Uint8Array(cap); nb.set(this.buf.subarray(this.head, this.tail)); this.buf = nb;
      }
      this.head = 0; this.tail = live;
    }
    this.buf.set(data, this.tail); this.tail += n;
  }
  /** A copy of `len` bytes at offset `off` from the head. */
  copy(off: number, len: number): Uint8Array { return this.buf.slice(this.head + off, this.head + off + len); }
  drop(n: number): void {
    if (n > this.length) throw new Error('assertion: ByteQueue.drop past the tail');
    this.head += n;
    if (this.head === this.tail) { this.head = this.tail = 0; }
  }
  /** Take up to `n` bytes from the head. */
  take(n: number): Uint8Array { const m = Math.min(n, this.length); const b = this.copy(0, m); this.drop(m); return b; }
  clear(): void { this.head = this.tail = 0; }
}

/**
 * The fields of a TcpSock that hold times in ns (past 2^30, or fractions) are first given this
 * value and then their real one in the constructor, so that V8 lays them out as doubles from the
 * start. Started as small integers, the first socket to store a time in one would change the
 * layout of every socket, and each of the thousands alive would be migrated on its next use.
 */
const AS_DOUBLE = 0.5;

export class TcpSock {
  state: TcpState = 'CLOSED';
  laddr = 0; lport = 0; raddr = 0; rport = 0;
  /** The next connection in this one's ehash chain (TcpTable), or null. */
  ehashNext: TcpSock | null = null;
  /** On an ehash chain (hashed once, on the 4-tuple it keeps until unhashed). */
  ehashed = false;
  // --- send side ---
  iss = 0; sndUna = 0; sndNxt = 0; sndWnd = 0;
  /** The highest sequence number sent so far (snd_nxt before a retransmission rewound it). */
  sndMax = 0;
  readonly sndQ = new ByteQueue();
  sndCap = TCP_WMEM_DEFAULT;
  /** The application has shut down writing: a FIN follows the queued data. */
  finQueued = false;
  finSent = false;
  /** Sequence number of our FIN, -1 until it is known. */
  finSeq = -1;
  // --- receive side ---
  irs = 0; rcvNxt = 0;
  readonly rcvQ = new ByteQueue();
  rcvCap = TCP_RMEM_DEFAULT;
  /** Right edge of the window last advertised (rcv_wup + rcv_wnd). */
  rcvAdvEdge = 0;
  /** The peer sent FIN: reads return 0 once the queue is drained. */
  peerFin = false;
  // --- errors and options ---
  /** Pending error (sk_err), a positive errno; 0 for none. */
  err = 0;
  /** SEND_SHUTDOWN / RCV_SHUTDOWN (sk_shutdown). */
  shutWr = false; shutRd = false;
  nodelay = false;
  mss = TCP_MSS;
  // --- timers (times in ns: started as doubles, see the constructor) ---
  rtoNs = AS_DOUBLE;
  srttNs = AS_DOUBLE; rttvarNs = AS_DOUBLE;
  retries = 0;
  timerAt = AS_DOUBLE;
  /** The timer's purpose when it fires. */
  timerKind: 'rto' | 'persist' | 'timewait' | 'none' = 'none';
  private rttSeq = -1; private rttStart = AS_DOUBLE;
  // --- listeners and children ---
  backlog = 0;
  /** The process that called listen (what `ss -ltp` names), and the SYNs and handshakes this listener dropped for a full accept queue. */
  listenPid = 0;
  listenOverflows = 0;
  readonly acceptQ: TcpSock[] = [];
  acceptHead = 0;
  parent: TcpSock | null = null;
  /** Half-open children (SYN_RECV) of a listener. */
  synRecv = 0;
  /** The application no longer holds this socket (closed it): it lives on only to finish the protocol. */
  orphan = false;
  /** Whoever owns this end (the kernel's socket file, a load client). */
  owner: unknown = null;
  /** The host's handle for this socket's armed timer. */
  timer: unknown = null;
  // --- congestion control (Reno, in bytes) ---
  cwnd = TCP_INIT_CWND * TCP_MSS;
  ssthresh = Number.MAX_SAFE_INTEGER;
  /** Open, recovering from a fast retransmit (until snd_una passes highSeq), or reduced for a local drop (CWR). */
  caState: 'open' | 'recovery' | 'cwr' = 'open';
  highSeq = 0;
  private dupAcks = 0;
  /** Why snd_nxt was last rewound: segments below snd_max sent now are retransmissions of this kind. */
  private rewound: Retrans = Retrans.None;
  /** Counters: segments in and out; segments sent again, in all and by cause (SYN counts SYN and SYN-ACK retries). */
  segsIn = 0; segsOut = 0; retrans = 0; rtoRetrans = 0; fastRetrans = 0; synRetrans = 0;
  /** Times the socket entered CWR because its qdisc dropped a segment (LINUX_MIB_TCPCWR... as tcp_enter_cwr). */
  cwrEntries = 0;
  /** Segments the host dropped before they left (a full qdisc). */
  localDrops = 0;
  /** TSQ: bytes of this socket's frames in the qdisc and on the tx ring (sk_wmem_alloc), and whether TSQ holds it back. */
  tsqBytes = 0;
  tsqThrottled = false;

  constructor(readonly host: TcpHost) {
    this.rtoNs = TCP_TIMEOUT_INIT_NS;
    this.srttNs = 0; this.rttvarNs = 0;
    this.timerAt = -1;
    this.rttStart = 0;
  }

  get acceptQueueLength(): number { return this.acceptQ.length - this.acceptHead; }
  /** sk_acceptq_is_full: Linux lets the queue hold backlog+1. */
  get acceptQueueFull(): boolean { return this.acceptQueueLength > this.backlog; }
  /** The window we can offer now. */
  get rcvWnd(): number { return Math.max(0, this.rcvCap - this.rcvQ.length); }
  /**
   * SOCK_NOSPACE: someone was told this socket had no send space (tcp_poll reporting it not
   * writable, or a send that could not queue everything); on Linux only then does an ACK that
   * frees space wake writers (tcp_check_space → sk_stream_write_space).
   */
  nospace = false;
  get sndSpace(): number { return Math.max(0, this.sndCap - this.sndQ.length); }
  get connected(): boolean { return this.state === 'ESTABLISHED' || this.state === 'CLOSE_WAIT'; }

  // --- readiness (tcp_poll) -------------------------------------------------------------

  pollMask(): number {
    if (this.state === 'LISTEN') return this.acceptQueueLength > 0 ? EPOLLIN | EPOLLRDNORM : 0;
    let m = 0;
    const rcvShutdown = this.shutRd || this.peerFin;
    if ((this.shutWr && rcvShutdown) || this.state === 'CLOSED') m |= EPOLLHUP;
    if (rcvShutdown) m |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
    if (this.state !== 'SYN_SENT' && this.state !== 'SYN_RECV') {
      if (this.rcvQ.length > 0) m |= EPOLLIN | EPOLLRDNORM;
      if (this.shutWr || this.sndSpace > 0) m |= EPOLLOUT | EPOLLWRNORM;
      else this.nospace = true; // tcp_poll: a caller was told it cannot write (SOCK_NOSPACE)
    }
    if (this.err !== 0) m |= EPOLLERR;
    return m;
  }

  // --- the application's calls -------------------------------------------------------------

  connect(laddr: number, lport: number, raddr: number, rport: number): void {
    this.laddr = laddr; this.lport = lport; this.raddr = raddr; this.rport = rport;
    this.iss = this.host.isn();
    this.sndUna = this.iss; this.sndNxt = this.iss + 1;
    this.state = 'SYN_SENT';
    this.retries = 0; this.rtoNs = TCP_TIMEOUT_INIT_NS;
    this.emit(this.iss, TH_SYN, null, Retrans.None);
    this.arm('rto', this.rtoNs);
  }

  listen(backlog: number): void { this.state = 'LISTEN'; this.backlog = backlog; }

  /** Pop a completed connection (inet_csk_accept), or null. */
  accept(): TcpSock | null {
    if (this.acceptQueueLength === 0) return null;
    const c = this.acceptQ[this.acceptHead]!;
    this.acceptQ[this.acceptHead++] = undefined as unknown as TcpSock;
    if (this.acceptHead > 64 && this.acceptHead * 2 > this.acceptQ.length) { this.acceptQ.splice(0, this.acceptHead); this.acceptHead = 0; }
    c.parent = null;
    return c;
  }

  /** Put back a connection accept could not install (EMFILE). */
  unaccept(c: TcpSock): void {
    if (this.acceptHead > 0) this.acceptQ[--this.acceptHead] = c; else this.acceptQ.unshift(c);
    c.parent = this;
  }

  /** tcp_sendmsg: queue up to the send space; returns the bytes taken. */
  send(data: Uint8Array): number {
    const n = Math.min(data.length, this.sndSpace);
    if (n === 0) return 0;
    this.sndQ.push(n === data.length ? data : data.subarray(0, n));
    this.push();
    return n;
  }

  /** tcp_recvmsg: take up to `n` bytes (or peek); then maybe advertise the opened window. */
  recv(n: number, peek = false): Uint8Array {
    const b = peek ? this.rcvQ.copy(0, Math.min(n, this.rcvQ.length)) : this.rcvQ.take(n);
    if (!peek && b.length > 0) this.cleanupRbuf();
    return b;
  }

  /** tcp_cleanup_rbuf: send a window update when reading opened the window enough to matter. */
  private cleanupRbuf(): void {
    if (!this.connected && this.state !== 'FIN_WAIT1' && this.state !== 'FIN_WAIT2') return;
    const advertised = this.rcvAdvEdge - this.rcvNxt;
    const now = this.rcvWnd;
    if (now - advertised >= this.mss && now >= 2 * advertised) this.sendAck();
  }

  shutdown(rd: boolean, wr: boolean): void {
    if (rd) this.shutRd = true;
    if (wr && !this.shutWr) {
      this.shutWr = true;
      if (this.state === 'ESTABLISHED' || this.state === 'CLOSE_WAIT' || this.state === 'SYN_RECV') { this.finQueued = true; this.push(); }
    }
  }

  /** tcp_close: unread data means RST (RFC 2525), otherwise an orderly FIN; the socket becomes an orphan. */
  close(): void {
    this.orphan = true; this.owner = null;
    if (this.state === 'LISTEN') {
      this.state = 'CLOSED';
      for (let c = this.accept(); c !== null; c = this.accept()) c.abort();
      this.host.unhash(this);
      return;
    }
    if (this.state === 'CLOSED') { this.disarm(); this.host.unhash(this); return; }
    if (this.state === 'SYN_SENT') { this.done(); return; }
    if (this.rcvQ.length > 0) { this.rcvQ.clear(); this.abort(); return; }
    if (this.state === 'SYN_RECV') { this.abort(); return; }
    this.shutRd = true;
    this.shutdown(false, true);
    if (this.state === 'FIN_WAIT2') this.arm('timewait', TCP_FIN_TIMEOUT_NS);
  }

  /** Send RST and drop the connection (close with unread data, SO_LINGER 0, a timed-out client). */
  abort(): void {
    if (this.state !== 'CLOSED' && this.state !== 'LISTEN' && this.state !== 'SYN_SENT' && this.state !== 'TIME_WAIT') {
      this.emit(this.sndNxt, TH_RST | TH_ACK, null, Retrans.None);
    }
    this.done();
  }

  // --- input (tcp_rcv_state_process) ------------------------------------------------------------

  input(s: Segment): void {
    this.segsIn++;
    const f = s.flags; const len = segLen(s);
    if (this.state === 'SYN_SENT') { this.synSentInput(s); return; }
    if (this.state === 'CLOSED' || this.state === 'LISTEN') return;
    if ((f & TH_RST) !== 0) {
      if (s.seq >= this.rcvNxt - 1 && s.seq <= this.rcvNxt + Math.max(this.rcvWnd, 1)) this.reset();
      return;
    }
    if ((f & TH_SYN) !== 0) {
      if (this.state === 'SYN_RECV' && s.seq === this.irs) this.emit(this.iss, TH_SYN | TH_ACK, null, Retrans.Syn); // our SYN-ACK was lost
      else this.sendAck(); // a SYN in a synchronized state: challenge ACK
      return;
    }
    if ((f & TH_ACK) === 0) return;
    if (this.state === 'SYN_RECV') {
      if (s.ack !== this.iss + 1) { this.emit(s.ack, TH_RST, null, Retrans.None); return; }
      this.sndUna = s.ack; this.sndWnd = s.win; this.retries = 0; this.rtoNs = TCP_TIMEOUT_INIT_NS;
      const parent = this.parent;
      if (parent === null || parent.state !== 'LISTEN') { this.abort(); return; }
      if (!this.host.established(parent, this)) return; // accept queue full: the ACK is dropped, the SYN-ACK will be retried
      parent.synRecv--;
      this.state = 'ESTABLISHED';
      this.disarm();
    }
    this.ackInput(s);
    if ((this.state as TcpState) === 'CLOSED') return;
    if (len > 0 || (f & TH_FIN) !== 0) this.dataInput(s, len);
    else if (s.seq < this.rcvNxt) this.sendAck(); // a zero-window probe
    this.push();
  }

  private synSentInput(s: Segment): void {
    const f = s.flags;
    if ((f & TH_ACK) !== 0 && s.ack !== this.iss + 1) { if ((f & TH_RST) === 0) this.emit(s.ack, TH_RST, null, Retrans.None); return; }
    if ((f & TH_RST) !== 0) { if ((f & TH_ACK) !== 0) this.reset(); return; }
    if ((f & TH_SYN) === 0 || (f & TH_ACK) === 0) return; // simultaneous open is not modelled
    this.irs = s.seq; this.rcvNxt = s.seq + 1;
    this.sndUna = s.ack; this.sndWnd = s.win;
    this.state = 'ESTABLISHED';
    this.retries = 0; this.rtoNs = TCP_TIMEOUT_INIT_NS;
    this.disarm();
    this.sendAck();
    this.host.wake(this, EPOLLOUT | EPOLLWRNORM);
    this.push();
  }

  /** tcp_ack: advance snd_una, free send space, take the window, handle our FIN being acked. */
  private ackInput(s: Segment): void {
    if (s.ack > Math.max(this.sndMax, this.sndNxt)) { this.sendAck(); return; } // acks what we never sent
    if (s.ack === this.sndUna) this.dupAck(s);
    if (s.ack >= this.sndUna) this.sndWnd = s.win;
    if (s.ack <= this.sndUna) return;
    this.dupAcks = 0;
    this.congAck(s.ack);
    if (s.ack > this.sndNxt) { // it acks past a retransmission's rewind: what was sent before did arrive
      this.sndNxt = s.ack;
      if (this.finSeq >= 0 && s.ack === this.finSeq + 1) this.finSent = true;
    }
    let acked = s.ack - this.sndUna;
    const finAcked = this.finSeq >= 0 && s.ack === this.finSeq + 1;
    if (finAcked) acked--;
    if (acked > 0) this.sndQ.drop(Math.min(acked, this.sndQ.length));
    if (this.rttSeq >= 0 && s.ack > this.rttSeq) { this.rttSample(this.host.nowNs() - this.rttStart); this.rttSeq = -1; }
    this.sndUna = s.ack;
    this.retries = 0;
    if (this.sndUna === this.sndNxt) this.disarm(); else this.arm('rto', this.rtoNs);
    if (acked > 0 && !this.shutWr) this.host.writeSpace(this);
    if (finAcked) {
      switch (this.state) {
        case 'FIN_WAIT1':
          this.state = 'FIN_WAIT2';
          if (this.orphan) this.arm('timewait', TCP_FIN_TIMEOUT_NS); // tcp_fin_timeout: a closed socket does not wait for the peer forever
          break;
        case 'CLOSING': this.enterTimeWait(); break;
        case 'LAST_ACK': this.done(); break;
      }
    }
  }

  private dataInput(s: Segment, len: number): void {
    let data = s.data;
    let seq = s.seq;
    if (seq < this.rcvNxt && len > 0 && seq + len > this.rcvNxt) { // a retransmission overlapping what we have
      data = data!.subarray(this.rcvNxt - seq); seq = this.rcvNxt; len = data.length;
    }
    if (seq !== this.rcvNxt) { this.sendAck(); return; } // old or out of order: dup ACK
    // Data for a socket nobody will read any more: tcp_rcv_state_process resets ("data after close").
    if (len > 0 && this.orphan) { this.abort(); return; }
    let took = 0;
    if (len > 0) {
      took = Math.min(len, this.rcvWnd);
      if (took > 0) { this.rcvQ.push(took === len ? data! : data!.subarray(0, took)); this.rcvNxt += took; }
    }
    let fin = false;
    if ((s.flags & TH_FIN) !== 0 && took === len && !this.peerFin) {
      this.rcvNxt++; this.peerFin = true; fin = true;
      switch (this.state) {
        case 'ESTABLISHED': this.state = 'CLOSE_WAIT'; break;
        case 'FIN_WAIT1': this.state = this.finSent && this.sndUna === this.finSeq + 1 ? 'TIME_WAIT' : 'CLOSING'; break;
        case 'FIN_WAIT2': this.state = 'TIME_WAIT'; break;
      }
    }
    this.sendAck();
    if (this.state === 'TIME_WAIT') this.enterTimeWait();
    if (took > 0 || fin) this.host.wake(this, EPOLLIN | EPOLLRDNORM | (fin ? EPOLLRDHUP : 0));
  }

  /** tcp_reset: the error depends on the state, as Linux's tcp_reset() says. */
  private reset(): void {
    switch (this.state) {
      case 'SYN_SENT': this.err = ECONNREFUSED; break;
      case 'CLOSE_WAIT': this.err = EPIPE; break;
      case 'CLOSED': return;
      default: this.err = ECONNRESET;
    }
    this.done();
  }

  /** tcp_done: CLOSED, out of the hash, everyone woken. */
  private done(): void {
    const was = this.state;
    this.state = 'CLOSED';
    this.shutRd = this.shutWr = true;
    this.sndQ.clear();
    this.disarm();
    if (this.parent !== null && was === 'SYN_RECV') this.parent.synRecv--;
    this.parent = null;
    this.host.unhash(this);
    this.host.wake(this, EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDHUP);
  }

  private enterTimeWait(): void { this.state = 'TIME_WAIT'; this.arm('timewait', TCP_TIMEWAIT_NS); }

  // --- output (tcp_write_xmit) ----------------------------------------------------------------

  /**
   * tcp_write_xmit: send what the receive and congestion windows allow — MSS-sized segments,
   * Nagle unless TCP_NODELAY — then the FIN; stop when TSQ throttles or the qdisc drops.
   */
  push(): void {
    const st = this.state;
    if (st !== 'ESTABLISHED' && st !== 'CLOSE_WAIT' && st !== 'FIN_WAIT1' && st !== 'LAST_ACK' && st !== 'CLOSING') return;
    for (;;) {
      const sentData = Math.max(0, (this.finSent ? this.finSeq : this.sndNxt) - this.sndUna);
      const unsent = this.sndQ.length - sentData;
      if (unsent > 0) {
        const room = this.sndUna + this.sndWnd - this.sndNxt;
        const cwndRoom = this.sndUna + this.cwnd - this.sndNxt;
        const n = Math.min(unsent, this.mss, room);
        if (n <= 0) { if (this.sndNxt === this.sndUna && this.timerKind !== 'persist') this.arm('persist', this.rtoNs); return; }
        if (cwndRoom < n) return; // the congestion window is full: the next ACK opens it
        if (!this.nodelay && n < this.mss && this.sndNxt > this.sndUna && !this.finQueued) return; // Nagle
        if (this.host.throttled(this)) return; // TSQ: the device's completions call push() again
        if (!this.emit(this.sndNxt, TH_ACK | TH_PSH, this.sndQ.copy(sentData, n), this.sndNxt < this.sndMax ? this.rewound : Retrans.None)) {
          this.localDrop();
          return;
        }
        if (this.rttSeq < 0 && this.sndNxt >= this.sndMax) { this.rttSeq = this.sndNxt; this.rttStart = this.host.nowNs(); }
        this.sndNxt += n;
        if (this.sndNxt > this.sndMax) this.sndMax = this.sndNxt;
        if (this.timerKind !== 'rto') this.arm('rto', this.rtoNs);
        continue;
      }
      if (this.finQueued && !this.finSent) {
        if (!this.emit(this.sndNxt, TH_FIN | TH_ACK, null, this.sndNxt < this.sndMax ? this.rewound : Retrans.None)) { this.localDrop(); return; }
        this.finSeq = this.sndNxt;
        this.sndNxt = this.finSeq + 1; this.finSent = true;
        if (this.sndNxt > this.sndMax) this.sndMax = this.sndNxt;
        if (this.state === 'ESTABLISHED') this.state = 'FIN_WAIT1';
        else if (this.state === 'CLOSE_WAIT') this.state = 'LAST_ACK';
        if (this.timerKind !== 'rto') this.arm('rto', this.rtoNs);
      }
      return;
    }
  }

  /** The qdisc dropped our segment: it stays unsent; with nothing in flight the probe timer tries again (tcp_check_probe_timer). */
  private localDrop(): void {
    this.enterCwr();
    if (this.sndNxt === this.sndUna && this.timerKind === 'none') this.arm('persist', this.rtoNs);
  }

  sendAck(): void { this.emit(this.sndNxt, TH_ACK, null, Retrans.None); }

  /** Build and hand a segment to the host; false when it was dropped before leaving (counted then). */
  private emit(seq: number, flags: number, data: Uint8Array | null, why: Retrans): boolean {
    const win = this.rcvWnd;
    if ((flags & TH_ACK) !== 0) this.rcvAdvEdge = this.rcvNxt + win;
    const ok = this.host.xmit({ saddr: this.laddr, sport: this.lport, daddr: this.raddr, dport: this.rport, seq, ack: (flags & TH_ACK) !== 0 ? this.rcvNxt : 0, flags, win, data }, this, why);
    if (!ok) return false;
    this.segsOut++;
    if (why !== Retrans.None) {
      this.retrans++;
      if (why === Retrans.Rto) this.rtoRetrans++; else if (why === Retrans.Fast) this.fastRetrans++; else this.synRetrans++;
    }
    return true;
  }

  /** The SYN-ACK of a passive open (tcp_v4_send_synack). */
  synAck(listener: TcpSock, s: Segment): void {
    this.laddr = s.daddr; this.lport = s.dport; this.raddr = s.saddr; this.rport = s.sport;
    this.irs = s.seq; this.rcvNxt = s.seq + 1;
    this.iss = this.host.isn(); this.sndUna = this.iss; this.sndNxt = this.iss + 1; this.sndWnd = s.win;
    this.state = 'SYN_RECV'; this.parent = listener; listener.synRecv++;
    this.nodelay = listener.nodelay; this.rcvCap = listener.rcvCap; this.sndCap = listener.sndCap;
    this.emit(this.iss, TH_SYN | TH_ACK, null, Retrans.None);
    this.arm('rto', this.rtoNs);
  }

  // --- timers -----------------------------------------------------------------------------

  private arm(kind: 'rto' | 'persist' | 'timewait', afterNs: number): void {
    this.timerKind = kind;
    this.timerAt = this.host.nowNs() + afterNs;
    this.host.setTimer(this, this.timerAt);
  }

  private disarm(): void {
    if (this.timerKind === 'none') return;
    this.timerKind = 'none'; this.timerAt = -1;
    this.host.setTimer(this, -1);
  }

  /**
   * RFC 5681 §2 duplicate ACK: acks snd_una again, carries no data, SYN or FIN, does not move the
   * window, and data is outstanding. The third starts fast retransmit (tcp_fastretrans_alert).
   */
  private dupAck(s: Segment): void {
    if (segLen(s) > 0 || (s.flags & (TH_SYN | TH_FIN)) !== 0 || s.win !== this.sndWnd || Math.max(this.sndNxt, this.sndMax) <= this.sndUna) return;
    if (++this.dupAcks !== TCP_FASTRETRANS_THRESH || this.caState === 'recovery') return;
    const flight = Math.max(this.sndNxt, this.sndMax) - this.sndUna;
    this.ssthresh = Math.max(flight >> 1, 2 * this.mss);
    this.cwnd = this.ssthresh + TCP_FASTRETRANS_THRESH * this.mss;
    this.caState = 'recovery'; this.highSeq = Math.max(this.sndNxt, this.sndMax);
    this.rewind(Retrans.Fast);
    this.rttSeq = -1; // Karn
    this.arm('rto', this.rtoNs);
  }

  /** Go back N: resend from snd_una (the receiver kept nothing past the hole). */
  private rewind(why: Retrans): void {
    this.rewound = why;
    this.sndNxt = this.sndUna;
    if (this.finSent && this.sndUna <= this.finSeq) this.finSent = false;
  }

  /** An ACK advanced snd_una to `ack`: grow the window, or leave recovery/CWR once past highSeq. */
  private congAck(ack: number): void {
    const acked = ack - this.sndUna;
    if (this.caState !== 'open') {
      if (ack < this.highSeq) return; // NewReno: a partial ACK; go-back-N already resends the rest
      if (this.caState === 'recovery') this.cwnd = this.ssthresh;
      this.caState = 'open';
      return;
    }
    if (this.cwnd < this.ssthresh) this.cwnd += Math.min(acked, this.mss); // slow start (RFC 3465, L = 1 SMSS)
    else this.cwnd += Math.max(1, Math.floor((this.mss * this.mss) / this.cwnd)); // congestion avoidance
  }

  /** tcp_enter_cwr: our own qdisc dropped a segment — halve once per window, no retransmission. */
  private enterCwr(): void {
    this.localDrops++;
    if (this.caState !== 'open') return;
    this.cwrEntries++;
    this.ssthresh = Math.max(this.cwnd >> 1, 2 * this.mss);
    this.cwnd = this.ssthresh;
    this.caState = 'cwr'; this.highSeq = Math.max(this.sndNxt, this.sndMax);
  }

  private rttSample(r: number): void {
    if (this.srttNs === 0) { this.srttNs = r; this.rttvarNs = r / 2; }
    else { this.rttvarNs = 0.75 * this.rttvarNs + 0.25 * Math.abs(this.srttNs - r); this.srttNs = 0.875 * this.srttNs + 0.125 * r; }
    this.rtoNs = Math.min(TCP_RTO_MAX_NS, Math.max(TCP_RTO_MIN_NS, this.srttNs + 4 * this.rttvarNs));
  }

  /** The timer fired (tcp_retransmit_timer, tcp_probe_timer, the TIME_WAIT reaper). */
  onTimer(): void {
    const kind = this.timerKind;
    this.timerKind = 'none'; this.timerAt = -1;
    if (kind === 'timewait') { this.done(); return; }
    if (kind === 'none' || this.state === 'CLOSED') return;
    this.retries++;
    this.rtoNs = Math.min(TCP_RTO_MAX_NS, this.rtoNs * 2);
    this.rttSeq = -1; // Karn: no samples from retransmitted data
    if (this.state === 'SYN_SENT') {
      if (this.retries > TCP_SYN_RETRIES) { this.err = ETIMEDOUT; this.done(); return; }
      this.emit(this.iss, TH_SYN, null, Retrans.Syn); this.arm('rto', this.rtoNs); return;
    }
    if (this.state === 'SYN_RECV') {
      if (this.retries > TCP_SYNACK_RETRIES) { this.done(); return; }
      this.emit(this.iss, TH_SYN | TH_ACK, null, Retrans.Syn); this.arm('rto', this.rtoNs); return;
    }
    if (this.retries > TCP_RETRIES2) { this.err = ETIMEDOUT; this.done(); return; }
    if (kind === 'persist') {
      if (this.sndWnd === 0 && this.sndQ.length > 0) { this.emit(this.sndNxt - 1, TH_ACK, null, Retrans.None); this.arm('persist', this.rtoNs); }
      else this.push();
      return;
    }
    // tcp_enter_loss: half the flight as ssthresh, one segment of window, go back N from snd_una.
    this.ssthresh = Math.max((Math.max(this.sndNxt, this.sndMax) - this.sndUna) >> 1, 2 * this.mss);
    this.cwnd = this.mss;
    this.caState = 'open'; this.dupAcks = 0;
    this.rewind(Retrans.Rto);
    this.push();
    if (this.sndNxt === this.sndUna && this.sndQ.length > 0) this.arm('persist', this.rtoNs);
  }
}

/**
 * The connection tables of one host (Linux's inet_hashinfo: ehash for
 * connections by 4-tuple, a listening hash by port) and tcp_v4_rcv's demux:
 * a segment goes to its connection, else to a listener (a SYN makes a child in
 * SYN_RECV, unless the accept queue is full: dropped and counted), else gets a
 * RST. Every lookup is a hash lookup.
 */
export class TcpTable {
  /**
   * ehash: chains of connections by a hash of their 4-tuple, each found by comparing the whole
   * 4-tuple (as Linux's inet_ehashfn buckets are walked) — a number key, so that a segment's
   * lookup builds no string; at most one connection per 4-tuple.
   */
  private readonly ehash = new Map<number, TcpSock>();
  private ehashSize = 0;
  private readonly listeners = new Map<number, TcpSock[]>();
  /** SYNs (and handshake-completing ACKs) dropped because the accept queue was full (ListenOverflows; every listen drop here is one, so also ListenDrops). */
  acceptQueueDrops = 0;
  /** The listeners that dropped any, in the order they first did. */
  readonly overflowed: TcpSock[] = [];
  resetsSent = 0;
  /** Told of each drop for a full accept queue (for tracing). */
  onListenDrop: ((listener: TcpSock) => void) | null = null;
  private ephemeral = 32768;

  constructor(private readonly newSock: () => TcpSock, private readonly out: (s: Segment) => void) {}

  /**
   * The ehash chain a 4-tuple's connection is on: a 32-bit hash of all four (inet_ehashfn), so
   * that the clients of many hosts using one ephemeral port toward one server port do not
   * share a chain, as they did when the chain was the port pair alone.
   */
  private static chain(laddr: number, lport: number, raddr: number, rport: number): number {
    return ((lport << 16) | (rport & 0xffff)) ^ Math.imul(laddr ^ Math.imul(raddr, 0x9e3779b1), 0x85ebca6b);
  }

  /** The connection on the 4-tuple, or undefined. */
  private lookup(laddr: number, lport: number, raddr: number, rport: number): TcpSock | undefined {
    for (let sk = this.ehash.get(TcpTable.chain(laddr, lport, raddr, rport)) ?? null; sk !== null; sk = sk.ehashNext) {
      if (sk.laddr === laddr && sk.lport === lport && sk.raddr === raddr && sk.rport === rport) return sk;
    }
    return undefined;
  }

  get connections(): number { return this.ehashSize; }

  /** Hash sk on its 4-tuple, in place of any other connection there. */
  hash(sk: TcpSock): void {
    const old = this.lookup(sk.laddr, sk.lport, sk.raddr, sk.rport);
    if (old === sk) return;
    if (sk.ehashed) throw new Error('tcp: a connection hashed again on another 4-tuple');
    if (old !== undefined) this.unlink(old);
    const k = TcpTable.chain(sk.laddr, sk.lport, sk.raddr, sk.rport);
    sk.ehashNext = this.ehash.get(k) ?? null;
    this.ehash.set(k, sk);
    sk.ehashed = true;
    this.ehashSize++;
  }

  unhash(sk: TcpSock): void {
    if (this.lookup(sk.laddr, sk.lport, sk.raddr, sk.rport) === sk) this.unlink(sk);
    this.unlisten(sk);
  }

  /** Take sk, which is on its chain, off it. */
  private unlink(sk: TcpSock): void {
    const k = TcpTable.chain(sk.laddr, sk.lport, sk.raddr, sk.rport);
    const head = this.ehash.get(k)!;
    if (head === sk) {
      if (sk.ehashNext === null) this.ehash.delete(k); else this.ehash.set(k, sk.ehashNext);
    } else {
      let prev = head;
      while (prev.ehashNext !== sk) prev = prev.ehashNext!;
      prev.ehashNext = sk.ehashNext;
    }
    sk.ehashNext = null;
    sk.ehashed = false;
    this.ehashSize--;
  }

  listen(sk: TcpSock): void {
    let l = this.listeners.get(sk.lport);
    if (l === undefined) { l = []; this.listeners.set(sk.lport, l); }
    if (!l.includes(sk)) l.push(sk);
  }

  unlisten(sk: TcpSock): void {
    const l = this.listeners.get(sk.lport);
    if (l === undefined) return;
    const i = l.indexOf(sk);
    if (i >= 0) l.splice(i, 1);
    if (l.length === 0) this.listeners.delete(sk.lport);
  }

  listenerOn(port: number, addr: number): TcpSock | undefined {
    const l = this.listeners.get(port);
    if (l === undefined) return undefined;
    for (const sk of l) if (sk.laddr === 0 || sk.laddr === addr || addr === 0) return sk;
    return undefined;
  }

  /** LINUX_MIB_LISTENOVERFLOWS and LISTENDROPS: counted for the host and for the listener. */
  private listenOverflow(l: TcpSock): void {
    this.acceptQueueDrops++;
    if (l.listenOverflows++ === 0) this.overflowed.push(l);
    this.onListenDrop?.(l);
  }

  /** inet_csk_reqsk_queue_add: the handshake completed; false when the accept queue is full. */
  enqueueAccept(listener: TcpSock, child: TcpSock): boolean {
    if (listener.acceptQueueFull) { this.listenOverflow(listener); return false; }
    listener.acceptQ.push(child);
    return true;
  }

  /** A free ephemeral port for a connection from laddr to raddr:rport (ip_local_port_range 32768–60999). */
  ephemeralPort(laddr: number, raddr: number, rport: number, taken: (port: number) => boolean = () => false): number {
    for (let i = 0; i < 28232; i++) {
      const p = this.ephemeral;
      this.ephemeral = p >= 60999 ? 32768 : p + 1;
      if (this.lookup(laddr, p, raddr, rport) === undefined && !this.listeners.has(p) && !taken(p)) return p;
    }
    return -1;
  }

  /** tcp_v4_rcv. */
  input(s: Segment): void {
    const sk = this.lookup(s.daddr, s.dport, s.saddr, s.sport);
    if (sk !== undefined) { sk.input(s); return; }
    const f = s.flags;
    const l = this.listenerOn(s.dport, s.daddr);
    if (l !== undefined && l.state === 'LISTEN') {
      if ((f & (TH_SYN | TH_ACK | TH_RST)) === TH_SYN) {
        if (l.acceptQueueFull) { this.listenOverflow(l); return; } // tcp_conn_request: drop, the client retries
        const child = this.newSock();
        child.synAck(l, s);
        this.hash(child);
        return;
      }
      if ((f & TH_RST) !== 0) return;
    }
    this.sendReset(s);
  }

  /** tcp_v4_send_reset: answer a segment that belongs to no connection. */
  sendReset(s: Segment): void {
    if ((s.flags & TH_RST) !== 0) return;
    this.resetsSent++;
    const ackd = (s.flags & TH_ACK) !== 0;
    const len = segLen(s) + ((s.flags & TH_SYN) !== 0 ? 1 : 0) + ((s.flags & TH_FIN) !== 0 ? 1 : 0);
    this.out({ saddr: s.daddr, sport: s.dport, daddr: s.saddr, dport: s.sport,
      seq: ackd ? s.ack : 0, ack: ackd ? 0 : s.seq + len, flags: ackd ? TH_RST : TH_RST | TH_ACK, win: 0, data: null });
  }
}
