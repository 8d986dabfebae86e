// The transmit path below TCP: a full tx ring stops the queue and the qdisc holds the
// frames (no drop), only a full qdisc drops — and TCP keeps the segment, enters CWR and
// delivers everything — and TCP Small Queues hold back a socket on a long, slow path.
import { describe, it, expect } from 'vitest';
import { cProgram, type LibC } from '../../../src/libc/libc.ts';
import { AF_INET, SOCK_STREAM, INADDR_ANY, SOL_SOCKET, SO_SNDBUF } from '../../../src/kernel/uapi/index.ts';
import { bootNet, runUntil, SERVER_ADDR, type NetRig } from './harness.ts';
import { netSnapshot, netStack } from '../../../src/kernel/net/index.ts';
import { ExternalTcpHost } from '../../../src/scenario/load.ts';
import type { TcpSock } from '../../../src/kernel/net/tcp.ts';

const BYTES = 400_000;

/** A server that accepts one connection and writes BYTES to it in one write, then closes. */
const blaster = cProgram('blaster', function* (c: LibC) {
  const l = yield* c.socket(AF_INET, SOCK_STREAM, 0);
  yield* c.bind(l, { addr: INADDR_ANY, port: 9000 });
  yield* c.listen(l, 1);
  const fd = yield* c.accept(l, 0, 0);
  yield* c.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, 1 << 20); // capped at wmem_max: 416 KiB
  const buf = yield* c.malloc(BYTES);
  const data = new Uint8Array(BYTES); for (let i = 0; i < BYTES; i++) data[i] = (i * 7) & 0xff;
  yield* c.poke(buf, data);
  let off = 0;
  while (off < BYTES) { const n = yield* c.write(fd, buf + off, BYTES - off); if (n <= 0) return 1; off += n; }
  yield* c.close(fd);
  return 0;
});

/** An external host downloads from the blaster; returns how many bytes it received and whether they were right. */
function download(rig: NetRig): { got: number; ok: boolean } {
  const host = new ExternalTcpHost(rig.m, rig.wire, 0x0a000064);
  rig.k.spawn(blaster, ['blaster'], {});
  let got = 0; let ok = true;
  const owner = { onWake: () => rig.wire.external(rig.m.now, () => {
    const b = sk.recv(sk.rcvQ.length);
    for (let i = 0; i < b.length; i++) if (b[i] !== ((got + i) * 7 & 0xff)) ok = false;
    got += b.length;
    if (sk.peerFin && sk.state === 'CLOSE_WAIT') sk.close();
  }) };
  let sk!: TcpSock;
  rig.wire.external(rig.m.nsToCycles(1e6), () => { sk = host.connect(SERVER_ADDR, 9000, owner)!; });
  runUntil(rig, () => got === BYTES && sk.state !== 'CLOSE_WAIT', 30e9);
  return { got, ok };
}

describe('qdisc, stopped queue and TSQ', () => {
  it('a burst bigger than the tx ring (8 descriptors) is sent without a drop: the queue stops and the qdisc holds it', () => {
    const rig = bootNet({ nic: { txRing: 8 }, bandwidthBps: 1e9 });
    const r = download(rig);
    expect(r.got).toBe(BYTES);
    expect(r.ok).toBe(true);
    const n = netSnapshot(rig.k);
    const eth0 = n.nics[0]!;
    expect([eth0.txDrops, eth0.qdiscDrops, eth0.qdiscBacklog]).toEqual([0, 0, 0]);
    expect(eth0.queueStops).toBeGreaterThan(0);
    expect(eth0.qdiscBacklogPeak).toBeGreaterThan(8);
    expect(eth0.txIrqs).toBeGreaterThan(0);
    expect(n.retransmits).toEqual({ rto: 0, fast: 0, syn: 0 });
  });

  it('a full qdisc (txqueuelen 4) drops; TCP keeps the segment unsent, enters CWR, and every byte arrives without a retransmission', () => {
    const rig = bootNet({ nic: { txRing: 4 }, bandwidthBps: 1e9 });
    netStack(rig.k).setTxQueueLen('eth0', 4);
    const r = download(rig);
    expect(r.got).toBe(BYTES);
    expect(r.ok).toBe(true);
    const eth0 = netSnapshot(rig.k).nics[0]!;
    expect(eth0.qdiscDrops).toBeGreaterThan(0);
    expect(eth0.txDrops).toBe(0);
    expect(eth0.qdiscBacklogPeak).toBe(4);
    expect(netSnapshot(rig.k).retransmits).toEqual({ rto: 0, fast: 0, syn: 0 });
  });

  it('TCP Small Queues: on a 100 Mbit/s path with 10 ms of latency a bulk sender keeps about 1 ms of its rate below TCP', () => {
    const rig = bootNet({ nic: { txRing: 256 }, bandwidthBps: 100e6, latencyNs: 10e6 });
    const r = download(rig);
    expect(r.got).toBe(BYTES);
    expect(r.ok).toBe(true);
    const eth0 = netSnapshot(rig.k).nics[0]!;
    expect(eth0.tsqThrottles).toBeGreaterThan(0);
    expect([eth0.txDrops, eth0.qdiscDrops]).toEqual([0, 0]);
  });
});
