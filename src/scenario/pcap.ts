// pcap export: every frame the machine's NICs send or receive, in the classic
// libpcap format (LINKTYPE_ETHERNET), readable by tshark and Wireshark. Frames
// on gomachine's wire carry IPv4 addresses and a TCP segment's fields; here they
// are written out as real Ethernet + IPv4 + TCP headers with correct checksums.
// Timestamps are simulated time on CLOCK_REALTIME (boot = 2026-01-01T00:00:00Z).

const LINKTYPE_ETHERNET = 1;
const SNAPLEN = 65535;
/** CLOCK_REALTIME at boot, as the kernel reports it (src/kernel/time.ts). */
const EPOCH_S = 1_767_225_600;

/** What a frame on the wire carries: addresses, and for TCP the segment's fields. */
export interface WireFrame {
  saddr: number; daddr: number; data: Uint8Array | null;
  sport?: number; dport?: number; seq?: number; ack?: number; flags?: number; win?: number;
}

export class PcapWriter {
  private chunks: Uint8Array[] = [];
  private ipId = 0;
  frames = 0;

  constructor() {
    const h = new DataView(new ArrayBuffer(24));
    h.setUint32(0, 0xa1b2c3d4, true); // magic, microsecond timestamps
    h.setUint16(4, 2, true); h.setUint16(6, 4, true); // version 2.4
    h.setInt32(8, 0, true); h.setUint32(12, 0, true); // thiszone, sigfigs
    h.setUint32(16, SNAPLEN, true); h.setUint32(20, LINKTYPE_ETHERNET, true);
    this.chunks.push(new Uint8Array(h.buffer));
  }

  /** Record `f` seen on the wire at simulated time `ns`. */
  add(f: WireFrame, ns: number): void {
    const pkt = encodeFrame(f, this.ipId++ & 0xffff);
    const rec = new DataView(new ArrayBuffer(16));
    const us = Math.floor(ns / 1000);
    rec.setUint32(0, EPOCH_S + Math.floor(us / 1e6), true);
    rec.setUint32(4, us % 1e6, true);
    rec.setUint32(8, Math.min(pkt.length, SNAPLEN), true);
    rec.setUint32(12, pkt.length, true);
    this.chunks.push(new Uint8Array(rec.buffer), pkt.subarray(0, SNAPLEN));
    this.frames++;
  }

  bytes(): Uint8Array {
    const n = this.chunks.reduce((a, c) => a + c.length, 0);
    const out = new Uint8Array(n); let off = 0;
    for (const c of this.chunks) { out.set(c, off); off += c.length; }
    return out;
  }
}

/** A locally administered MAC address derived from an IPv4 address: 02:00:a.b.c.d. */
function mac(ip: number, out: Uint8Array, off: number): void {
  out[off] = 0x02; out[off + 1] = 0x00;
  out[off + 2] = (ip >>> 24) & 0xff; out[off + 3] = (ip >>> 16) & 0xff; out[off + 4] = (ip >>> 8) & 0xff; out[off + 5] = ip & 0xff;
}

function checksum(b: Uint8Array, off: number, len: number, init = 0): number {
  let sum = init;
  for (let i = 0; i + 1 < len; i += 2) sum += (b[off + i]! << 8) | b[off + i + 1]!;
  if (len % 2 === 1) sum += b[off + len - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Ethernet + IPv4 + TCP (or a bare IPv4 payload when the frame has no TCP fields). */
export function encodeFrame(f: WireFrame, ipId: number): Uint8Array {
  const payload = f.data ?? new Uint8Array(0);
  const tcp = f.sport !== undefined;
  const l4 = tcp ? 20 : 0;
  const total = 20 + l4 + payload.length;
  const b = new Uint8Array(14 + total); const dv = new DataView(b.buffer);
  mac(f.daddr, b, 0); mac(f.saddr, b, 6); dv.setUint16(12, 0x0800);
  const ip = 14;
  b[ip] = 0x45; b[ip + 1] = 0; dv.setUint16(ip + 2, total); dv.setUint16(ip + 4, ipId); dv.setUint16(ip + 6, 0x4000);
  b[ip + 8] = 64; b[ip + 9] = tcp ? 6 : 253; // TCP, or "experimental" for a non-TCP payload
  dv.setUint32(ip + 12, f.saddr >>> 0); dv.setUint32(ip + 16, f.daddr >>> 0);
  dv.setUint16(ip + 10, checksum(b, ip, 20));
  if (tcp) {
    const t = ip + 20;
    dv.setUint16(t, f.sport!); dv.setUint16(t + 2, f.dport!);
    dv.setUint32(t + 4, (f.seq ?? 0) >>> 0); dv.setUint32(t + 8, (f.ack ?? 0) >>> 0);
    b[t + 12] = 5 << 4; b[t + 13] = (f.flags ?? 0) & 0x3f;
    dv.setUint16(t + 14, Math.min(0xffff, Math.max(0, f.win ?? 0)));
    b.set(payload, t + 20);
    // The TCP checksum covers a pseudo-header: addresses, protocol, TCP length.
    const tcpLen = 20 + payload.length;
    let pseudo = (f.saddr >>> 16) + (f.saddr & 0xffff) + (f.daddr >>> 16) + (f.daddr & 0xffff) + 6 + tcpLen;
    while (pseudo > 0xffff) pseudo = (pseudo & 0xffff) + (pseudo >>> 16);
    dv.setUint16(t + 16, checksum(b, t, tcpLen, pseudo));
  } else b.set(payload, ip + 20);
  return b;
}
