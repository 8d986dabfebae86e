// The TCP engine on its own: two hosts joined by a test network that loses
// segments on purpose, driven by a tiny event loop.
import { describe, it, expect } from 'vitest';
import { TcpSock, TcpTable, type Segment, type TcpHost } from '../../../src/kernel/net/tcp.ts';

class Net {
  now = 0;
  private q: { t: number; seq: number; fn: () => void; dead: boolean }[] = [];
  private seq = 0;
  sent = 0;
  constructor(readonly drop: (s: Segment, n: number) => boolean, readonly latencyNs = 10_000) {}
  at(t: number, fn: () => void) {
    const e = { t, seq: this.seq++, fn, dead: false };
    let lo = 0; let hi = this.q.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.q[mid]!.t <= t) lo = mid + 1; else hi = mid; }
    this.q.splice(lo, 0, e);
    return e;
  }
  run(untilNs: number): void {
    while (this.q.length > 0) {
      const e = this.q.shift()!;
      if (e.dead) continue;
      if (e.t > untilNs) { this.q.unshift(e); break; }
      this.now = e.t; e.fn();
    }
    if (untilNs > this.now && Number.isFinite(untilNs)) this.now = untilNs;
  }
}

class Host implements TcpHost {
  readonly table: TcpTable;
  peer!: Host;
  private n = 0;
  constructor(readonly net: Net, readonly addr: number) { this.table = new TcpTable(() => new TcpSock(this), (s) => { this.xmit(s); }); }
  nowNs() { return this.net.now; }
  isn() { return 1000 * this.addr + 1; }
  xmit(s: Segment) {
    this.net.sent++;
    if (this.net.drop(s, this.n++)) return true; // lost on the way: it did leave this host
    this.net.at(this.net.now + this.net.latencyNs, () => this.peer.table.input(s));
    return true;
  }
  throttled() { return false; }
  setTimer(sk: TcpSock, atNs: number) {
    const old = sk.timer as { dead: boolean } | null; if (old) old.dead = true; sk.timer = null;
    if (atNs >= 0) sk.timer = this.net.at(atNs, () => { sk.timer = null; sk.onTimer(); });
  }
  wake() {}
  writeSpace() {}
  unhash(sk: TcpSock) { this.table.unhash(sk); }
  established(l: TcpSock, c: TcpSock) { return this.table.enqueueAccept(l, c); }
}

function transfer(drop: (s: Segment, n: number) => boolean, bytes: number) {
  const net = new Net(drop);
  const a = new Host(net, 1); const b = new Host(net, 2); a.peer = b; b.peer = a;
  const l = new TcpSock(b); l.laddr = 2; l.lport = 80; l.listen(4); b.table.listen(l);
  const c = new TcpSock(a); c.laddr = 1; c.lport = 40000; c.raddr = 2; c.rport = 80; a.table.hash(c);
  c.connect(1, 40000, 2, 80);
  net.run(5e9);
  const s = l.accept()!;
  const data = new Uint8Array(bytes); for (let i = 0; i < bytes; i++) data[i] = (i * 31) & 0xff;
  let off = 0; const got: Uint8Array[] = []; let gotLen = 0;
  for (let step = 0; step < 100_000 && (gotLen < bytes || s.state !== 'CLOSE_WAIT'); step++) {
    if (off < bytes) { off += c.send(data.subarray(off)); if (off === bytes) c.shutdown(false, true); }
    if (s.rcvQ.length > 0) { const r = s.recv(s.rcvQ.length); got.push(r); gotLen += r.length; }
    net.run(net.now + 1e6);
  }
  s.close();
  net.run(net.now + 200e9);
  const all = new Uint8Array(gotLen); let o = 0; for (const g of got) { all.set(g, o); o += g.length; }
  return { all, data, c, s, net };
}

describe('TCP engine', () => {
  it('moves 100 KB intact over a perfect network and closes both ways', () => {
    const { all, data, c, s } = transfer(() => false, 100_000);
    expect(all).toEqual(data);
    expect(c.state).toBe('CLOSED'); // TIME_WAIT has run out
    expect(s.state).toBe('CLOSED');
    expect(c.retrans + s.retrans).toBe(0);
  });

  it('recovers every byte when one segment in seven is lost, both data and ACKs, and the FINs too', () => {
    const { all, data, c, s } = transfer((_s, n) => n % 7 === 3, 100_000);
    expect(all.length).toBe(data.length);
    expect(all).toEqual(data);
    expect(c.retrans).toBeGreaterThan(0);
    expect(c.retrans).toBe(c.rtoRetrans + c.fastRetrans + c.synRetrans); // every one counted, by cause
    expect(c.fastRetrans).toBeGreaterThan(0); // three duplicate ACKs resend before the timer would
    expect(c.state).toBe('CLOSED');
    expect(s.state).toBe('CLOSED');
  });

  it('retries a lost SYN after the initial RTO of 1 s', () => {
    const { all, data, c, net } = transfer((sg, n) => n === 0 && (sg.flags & 0x02) !== 0, 1000);
    expect(all).toEqual(data);
    expect(c.synRetrans).toBe(1);
    expect(net.now).toBeGreaterThan(1e9);
  });
});
