// Byte layouts of the structs that cross the user/kernel boundary of the gomachine
// kernel: the user-space ABI, modelled on Linux x86-64 (little-endian, LP64 sizes and
// offsets). Each layout is `{ size, ...offsets }`; readX/writeX work on a DataView at an
// offset, encodeX/decodeX on a standalone Uint8Array. Values are JS numbers except
// signal masks, rlimits and the eventfd counter, which are bigints.

const TWO32 = 0x1_0000_0000;

/** A DataView over exactly the bytes of `b`. */
export function dataView(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Read a little-endian u32 from the bytes of `b` at `off`. A DataView needs `b.buffer`, and a
 * typed array of 64 bytes or less lives inside V8's heap until something asks for its buffer,
 * when its bytes are moved out (about a microsecond): most structs read here are that small.
 */
export function readU32le(b: Uint8Array, off: number): number {
  return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
}

/** Read a little-endian u64 as a number (exact up to 2^53). */
export function getU64le(dv: DataView, off: number): number {
  return dv.getUint32(off + 4, true) * TWO32 + dv.getUint32(off, true);
}

/** Write a non-negative integer number as a little-endian u64; negative values wrap as two's complement. */
export function setU64le(dv: DataView, off: number, v: number): void {
  if (v < 0) return setI64le(dv, off, v);
  dv.setUint32(off, v >>> 0, true);
  dv.setUint32(off + 4, Math.floor(v / TWO32) >>> 0, true);
}

/** Read a little-endian i64 as a number (exact within ±2^53). */
export function getI64le(dv: DataView, off: number): number {
  return dv.getInt32(off + 4, true) * TWO32 + dv.getUint32(off, true);
}

/** Write an integer number as a little-endian two's-complement i64. */
export function setI64le(dv: DataView, off: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  dv.setUint32(off, (v - hi * TWO32) >>> 0, true);
  dv.setInt32(off + 4, hi | 0, true);
}

function encode<T>(size: number, write: (dv: DataView, off: number, v: T) => void, v: T): Uint8Array {
  const b = new Uint8Array(size);
  write(dataView(b), 0, v);
  return b;
}

function encodeArray<T>(size: number, write: (dv: DataView, off: number, v: T) => void, list: readonly T[]): Uint8Array {
  const b = new Uint8Array(size * list.length);
  const dv = dataView(b);
  list.forEach((v, i) => write(dv, i * size, v));
  return b;
}

function decodeArray<T>(size: number, read: (dv: DataView, off: number) => T, b: Uint8Array, count: number): T[] {
  const dv = dataView(b);
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(read(dv, i * size));
  return out;
}

// --- struct timespec { time_t tv_sec; long tv_nsec; } ---
export const timespec = { size: 16, tv_sec: 0, tv_nsec: 8 } as const;
export interface Timespec {
  sec: number;
  nsec: number;
}
export function nsToTimespec(ns: number): Timespec {
  const sec = Math.floor(ns / 1e9);
  return { sec, nsec: ns - sec * 1e9 };
}
export function timespecToNs(ts: Timespec): number {
  return ts.sec * 1e9 + ts.nsec;
}
export function readTimespec(dv: DataView, off: number): Timespec {
  return { sec: getI64le(dv, off + timespec.tv_sec), nsec: getI64le(dv, off + timespec.tv_nsec) };
}
export function writeTimespec(dv: DataView, off: number, ts: Timespec): void {
  setI64le(dv, off + timespec.tv_sec, ts.sec);
  setI64le(dv, off + timespec.tv_nsec, ts.nsec);
}
/** Encode a duration or time in nanoseconds as a timespec. */
export function encodeTimespec(ns: number): Uint8Array {
  return encode(timespec.size, writeTimespec, nsToTimespec(ns));
}
export function decodeTimespec(b: Uint8Array): Timespec {
  return readTimespec(dataView(b), 0);
}

// --- struct sockaddr_in { sa_family_t sin_family; __be16 sin_port; struct in_addr sin_addr; u8 zero[8]; } ---
export const sockaddr_in = { size: 16, sin_family: 0, sin_port: 2, sin_addr: 4, sin_zero: 8 } as const;
/** port and addr in host byte order. */
export interface SockaddrIn {
  family: number;
  port: number;
  addr: number;
}
export function readSockaddrIn(dv: DataView, off: number): SockaddrIn {
  return {
    family: dv.getUint16(off + sockaddr_in.sin_family, true),
    port: dv.getUint16(off + sockaddr_in.sin_port, false),
    addr: dv.getUint32(off + sockaddr_in.sin_addr, false),
  };
}
export function writeSockaddrIn(dv: DataView, off: number, sa: SockaddrIn): void {
  dv.setUint16(off + sockaddr_in.sin_family, sa.family, true);
  dv.setUint16(off + sockaddr_in.sin_port, sa.port, false);
  dv.setUint32(off + sockaddr_in.sin_addr, sa.addr >>> 0, false);
  for (let i = sockaddr_in.sin_zero; i < sockaddr_in.size; i++) dv.setUint8(off + i, 0);
}
export function encodeSockaddrIn(sa: SockaddrIn): Uint8Array {
  return encode(sockaddr_in.size, writeSockaddrIn, sa);
}
export function decodeSockaddrIn(b: Uint8Array): SockaddrIn {
  return readSockaddrIn(dataView(b), 0);
}

// --- struct epoll_event { __poll_t events; __u64 data; } __attribute__((packed)) on x86-64 ---
export const epoll_event = { size: 12, events: 0, data: 4 } as const;
export interface EpollEvent {
  events: number;
  data: number;
}
export function readEpollEvent(dv: DataView, off: number): EpollEvent {
  return { events: dv.getUint32(off + epoll_event.events, true), data: getU64le(dv, off + epoll_event.data) };
}
export function writeEpollEvent(dv: DataView, off: number, ev: EpollEvent): void {
  dv.setUint32(off + epoll_event.events, ev.events >>> 0, true);
  setU64le(dv, off + epoll_event.data, ev.data);
}
export function encodeEpollEvent(ev: EpollEvent): Uint8Array {
  return encode(epoll_event.size, writeEpollEvent, ev);
}
export function decodeEpollEvent(b: Uint8Array): EpollEvent {
  return readEpollEvent(dataView(b), 0);
}
export function encodeEpollEvents(list: readonly EpollEvent[]): Uint8Array {
  return encodeArray(epoll_event.size, writeEpollEvent, list);
}
export function decodeEpollEvents(b: Uint8Array, count: number): EpollEvent[] {
  return decodeArray(epoll_event.size, readEpollEvent, b, count);
}

// --- struct pollfd { int fd; short events; short revents; } ---
export const pollfd = { size: 8, fd: 0, events: 4, revents: 6 } as const;
export interface Pollfd {
  fd: number;
  events: number;
  revents: number;
}
export function readPollfd(dv: DataView, off: number): Pollfd {
  return {
    fd: dv.getInt32(off + pollfd.fd, true),
    events: dv.getInt16(off + pollfd.events, true),
    revents: dv.getInt16(off + pollfd.revents, true),
  };
}
export function writePollfd(dv: DataView, off: number, p: Pollfd): void {
  dv.setInt32(off + pollfd.fd, p.fd, true);
  dv.setInt16(off + pollfd.events, p.events, true);
  dv.setInt16(off + pollfd.revents, p.revents, true);
}
export function encodePollfds(list: readonly Pollfd[]): Uint8Array {
  return encodeArray(pollfd.size, writePollfd, list);
}
export function decodePollfds(b: Uint8Array, count: number): Pollfd[] {
  return decodeArray(pollfd.size, readPollfd, b, count);
}

// --- struct sigaction as rt_sigaction(2) takes it (kernel layout, not glibc's) ---
export const sigaction = { size: 32, sa_handler: 0, sa_flags: 8, sa_restorer: 16, sa_mask: 24 } as const;
export interface Sigaction {
  handler: number;
  flags: number;
  restorer: number;
  mask: bigint;
}
export function readSigaction(dv: DataView, off: number): Sigaction {
  return {
    handler: getU64le(dv, off + sigaction.sa_handler),
    flags: getU64le(dv, off + sigaction.sa_flags),
    restorer: getU64le(dv, off + sigaction.sa_restorer),
    mask: dv.getBigUint64(off + sigaction.sa_mask, true),
  };
}
export function writeSigaction(dv: DataView, off: number, sa: Sigaction): void {
  setU64le(dv, off + sigaction.sa_handler, sa.handler);
  setU64le(dv, off + sigaction.sa_flags, sa.flags < 0 ? sa.flags >>> 0 : sa.flags); // flags are 32-bit, e.g. SA_RESETHAND
  setU64le(dv, off + sigaction.sa_restorer, sa.restorer);
  dv.setBigUint64(off + sigaction.sa_mask, sa.mask, true);
}
export function encodeSigaction(sa: Sigaction): Uint8Array {
  return encode(sigaction.size, writeSigaction, sa);
}
export function decodeSigaction(b: Uint8Array): Sigaction {
  return readSigaction(dataView(b), 0);
}

// --- stack_t { void *ss_sp; int ss_flags; size_t ss_size; } ---
export const stack_t = { size: 24, ss_sp: 0, ss_flags: 8, ss_size: 16 } as const;
export interface StackT {
  sp: number;
  flags: number;
  size: number;
}
export function readStackT(dv: DataView, off: number): StackT {
  return {
    sp: getU64le(dv, off + stack_t.ss_sp),
    flags: dv.getInt32(off + stack_t.ss_flags, true),
    size: getU64le(dv, off + stack_t.ss_size),
  };
}
export function writeStackT(dv: DataView, off: number, st: StackT): void {
  setU64le(dv, off + stack_t.ss_sp, st.sp);
  dv.setInt32(off + stack_t.ss_flags, st.flags | 0, true);
  dv.setUint32(off + stack_t.ss_flags + 4, 0, true); // padding
  setU64le(dv, off + stack_t.ss_size, st.size);
}
export function encodeStackT(st: StackT): Uint8Array {
  return encode(stack_t.size, writeStackT, st);
}
export function decodeStackT(b: Uint8Array): StackT {
  return readStackT(dataView(b), 0);
}

// --- kernel sigset_t: one u64, bit sig-1 for signal sig ---
export const sigset = { size: 8 } as const;
export function readSigset(dv: DataView, off: number): bigint {
  return dv.getBigUint64(off, true);
}
export function writeSigset(dv: DataView, off: number, mask: bigint): void {
  dv.setBigUint64(off, mask, true);
}
export function encodeSigset(mask: bigint): Uint8Array {
  return encode(sigset.size, writeSigset, mask);
}
export function decodeSigset(b: Uint8Array): bigint {
  return readSigset(dataView(b), 0);
}

// --- struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; } (bigints: RLIM_INFINITY is 2^64-1) ---
export const rlimit = { size: 16, rlim_cur: 0, rlim_max: 8 } as const;
export interface Rlimit {
  cur: bigint;
  max: bigint;
}
export function readRlimit(dv: DataView, off: number): Rlimit {
  return { cur: dv.getBigUint64(off + rlimit.rlim_cur, true), max: dv.getBigUint64(off + rlimit.rlim_max, true) };
}
export function writeRlimit(dv: DataView, off: number, r: Rlimit): void {
  dv.setBigUint64(off + rlimit.rlim_cur, r.cur, true);
  dv.setBigUint64(off + rlimit.rlim_max, r.max, true);
}
export function encodeRlimit(r: Rlimit): Uint8Array {
  return encode(rlimit.size, writeRlimit, r);
}
export function decodeRlimit(b: Uint8Array): Rlimit {
  return readRlimit(dataView(b), 0);
}

// --- eventfd counter: the u64 read(2) returns and write(2) adds ---
export const eventfd_t = { size: 8 } as const;
export function encodeEventfdCounter(v: bigint): Uint8Array {
  return encode(eventfd_t.size, (dv, off, x: bigint) => dv.setBigUint64(off, x, true), v);
}
export function decodeEventfdCounter(b: Uint8Array): bigint {
  return dataView(b).getBigUint64(0, true);
}
