import { describe, expect, it } from 'vitest';
import { encodeFrame, PcapWriter } from '../../src/scenario/pcap.ts';

function sum16(b: Uint8Array, off: number, len: number, init = 0): number {
  let s = init;
  for (let i = 0; i + 1 < len; i += 2) s += (b[off + i]! << 8) | b[off + i + 1]!;
  if (len % 2) s += b[off + len - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

describe('pcap export', () => {
  const seg = { saddr: 0x0a000002, daddr: 0x0a000001, sport: 40000, dport: 8080, seq: 1000, ack: 2000, flags: 0x18, win: 65535, data: new TextEncoder().encode('hi') };

  it('writes Ethernet, IPv4 and TCP headers whose checksums verify', () => {
    const b = encodeFrame(seg, 7);
    expect(b.length).toBe(14 + 20 + 20 + 2);
    const dv = new DataView(b.buffer);
    expect(dv.getUint16(12)).toBe(0x0800);
    expect(sum16(b, 14, 20)).toBe(0xffff);               // IPv4 header checksum
    const pseudo = 0x0a00 + 0x0002 + 0x0a00 + 0x0001 + 6 + 22;
    expect(sum16(b, 34, 22, pseudo)).toBe(0xffff);        // TCP checksum over the pseudo-header
    expect(dv.getUint16(34)).toBe(40000);
    expect(dv.getUint32(38)).toBe(1000);
    expect(b[47]).toBe(0x18);                              // PSH|ACK
  });

  it('starts with the libpcap global header and one record per frame', () => {
    const w = new PcapWriter();
    w.add(seg, 1_500_000); w.add({ ...seg, data: null, flags: 0x10 }, 2_000_000);
    const b = w.bytes(); const dv = new DataView(b.buffer);
    expect(dv.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect(dv.getUint32(20, true)).toBe(1);
    expect(dv.getUint32(24 + 4, true)).toBe(1500);        // 1.5 ms → 1500 µs
    expect(dv.getUint32(24 + 8, true)).toBe(56);
    expect(w.frames).toBe(2);
  });
});
