// The C library as compiled C calls it: every function the headers in
// src/lang/c/include declare, by its C name, taking C's arguments (integers and
// addresses in the process's memory) and behaving as glibc's does — -1 and
// errno on failure, the same messages, the same syscalls. Most are thin: a
// syscall wrapper passes the user's pointers straight to the kernel. The rest
// work on the process's memory through the machine's loads and stores (string.h,
// stdio's buffers), or are built from futexes (pthread mutexes, condition
// variables, semaphores) as glibc's are.

import { compute, trap, loadInstr, storeInstr, atomicInstr, type Instr } from '../machine/instr.ts';
import {
  SYS, EINTR, EAGAIN, EINVAL, ENOMEM, ETIMEDOUT, EBUSY, strerror, SIGABRT, SIG_SETMASK, SIG_UNBLOCK,
  FUTEX_WAIT, FUTEX_WAKE, FUTEX_PRIVATE_FLAG, SA_RESTORER, SA_RESTART,
  CLOCK_REALTIME, CLOCK_MONOTONIC, signalName,
} from '../kernel/uapi/index.ts';
import { type LibC } from './libc.ts';
import { L, LDATA, R, crtState, ThreadExit, raceFlush, type CFunction } from './crt.ts';
import { cformat, readCString, valuesSource, type ArgSource } from './printf.ts';
import { CHUNK_HEADER } from './malloc.ts';

type G<T> = Generator<Instr, T, any>;
type Num = number | bigint;

const num = (x: Num): number => (typeof x === 'bigint' ? Number(BigInt.asIntN(64, x)) : x);
const bytesOf = (s: string): Uint8Array => { const b = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff; return b; };
const latin1 = (b: Uint8Array): string => { let s = ''; for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!); return s; };
const utf8 = new TextEncoder();

function def(name: string, f: (c: LibC, ...args: any[]) => G<any>): void { L[name] = f; }

/** The library's variadic functions and their number of fixed parameters: they take the rest as one array. */
export const VARIADIC: Readonly<Record<string, number>> = { printf: 1, fprintf: 2, dprintf: 2, sprintf: 2, snprintf: 3, open: 2, openat: 3, fcntl: 2 };

/** The names compiled programs may call: what the compiler links against. */
export function libcNames(): Set<string> { return new Set(Object.keys(L)); }

// --- errno ------------------------------------------------------------------------------------

def('__errno_location', function* (c) { return c.errnoAddr; });
function* fail(c: LibC, e: number, ret = -1): G<number> { yield* c.setErrno(e); return ret; }
function* errnoNow(c: LibC): G<number> { return c.errnoAddr === 0 ? c.errno : (yield atomicInstr('load', c.errnoAddr)) as number; }

// --- process -----------------------------------------------------------------------------------

def('exit', function* (c, status: number): G<never> {
  const st = crtState(c);
  // atexit handlers in reverse order of registration, then stdio's buffers are flushed.
  while (st.atexit.length > 0) { const f = st.atexit.pop()!; yield R.call(R.fnAt(c, f)(c)); }
  yield* flushAll(c);
  const race = c.proc.race;
  if (race !== null) {
    // TSan's atexit: the reports not yet printed, the count, and exit status 66 if there were any
    yield* raceFlush(c);
    const fini = race.finiText();
    if (fini !== '') { yield* c.fprintf(2, "%s", fini); status = 66; }
  }
  for (;;) yield* trap(SYS.exit_group, status & 0xff);
});
def('_exit', function* (_c, status: number): G<never> { for (;;) yield* trap(SYS.exit_group, status & 0xff); });
def('_Exit', L._exit!);
def('atexit', function* (c, f: number) { crtState(c).atexit.push(f); return 0; });
def('abort', function* (c): G<never> {
  // glibc: unblock SIGABRT, raise it; if it is caught and returns, reset to default and raise again.
  const set = c.scratch - 64;
  yield storeInstr(set, R.e64(1 << (SIGABRT - 1)));
  yield* trap(SYS.rt_sigprocmask, SIG_UNBLOCK, set, 0, 8);
  const pid = yield* trap(SYS.getpid); const tid = yield* trap(SYS.gettid);
  yield* trap(SYS.tgkill, pid, tid, SIGABRT);
  for (;;) yield* trap(SYS.exit_group, 127);
});
def('__assert_fail', function* (c, expr: number, file: number, line: number, func: number): G<never> {
  const prog = c.proc.info.argv[0] ?? '';
  const msg = `${prog}: ${yield* readCString(file)}:${line}: ${yield* readCString(func)}: Assertion \`${yield* readCString(expr)}' failed.\n`;
  yield* flushAll(c);
  yield* writeAll(c, 2, bytesOf(msg));
  yield* L.abort!(c);
  throw new Error('abort returned');
});
def('getpid', function* (c) { return yield* c.sys(SYS.getpid); });
def('getppid', function* (c) { return yield* c.sys(SYS.getppid); });
def('gettid', function* (c) { return yield* c.sys(SYS.gettid); });
def('getenv', function* (c, name: number) {
  const n = yield* readCString(name);
  const v = c.proc.info.env[n];
  if (v === undefined) return 0;
  return yield* c.lit(v);
});
def('sched_yield', function* (c) { return yield* c.sys(SYS.sched_yield); });

// --- unistd and fcntl --------------------------------------------------------------------------

def('read', function* (c, fd: number, buf: number, n: Num) { return yield* c.sys(SYS.read, fd, buf, num(n)); });
def('write', function* (c, fd: number, buf: number, n: Num) { return yield* c.sys(SYS.write, fd, buf, num(n)); });
def('close', function* (c, fd: number) { return yield* c.sys(SYS.close, fd); });
def('lseek', function* (c, fd: number, off: Num, whence: number) { return yield* c.sys(SYS.lseek, fd, num(off), whence); });
def('dup', function* (c, fd: number) { return yield* c.sys(SYS.dup, fd); });
def('dup2', function* (c, a: number, b: number) { return yield* c.sys(SYS.dup2, a, b); });
def('pipe', function* (c, fds: number) { return yield* c.sys(SYS.pipe2, fds, 0); });
def('pipe2', function* (c, fds: number, flags: number) { return yield* c.sys(SYS.pipe2, fds, flags); });
def('fsync', function* (c, fd: number) { return yield* c.sys(SYS.fsync, fd); });
def('unlink', function* (c, path: number) { return yield* c.sys(SYS.unlinkat, -100, path, 0); });
def('rmdir', function* (c, path: number) { return yield* c.sys(SYS.unlinkat, -100, path, 0x200 /* AT_REMOVEDIR */); });
def('mkdir', function* (c, path: number, mode: number) { return yield* c.sys(SYS.mkdirat, -100, path, mode); });
def('fdatasync', function* (c, fd: number) { return yield* c.sys(SYS.fdatasync, fd); });
def('ftruncate', function* (c, fd: number, len: Num) { return yield* c.sys(SYS.ftruncate, fd, num(len)); });
def('open', function* (c, path: number, flags: number, va: Num[]) { return yield* c.sys(SYS.openat, -100, path, flags, num(va[0] ?? 0)); });
def('openat', function* (c, dfd: number, path: number, flags: number, va: Num[]) { return yield* c.sys(SYS.openat, dfd, path, flags, num(va[0] ?? 0)); });
def('creat', function* (c, path: number, mode: number) { return yield* c.sys(SYS.openat, -100, path, 0o1101, mode); });
def('fcntl', function* (c, fd: number, cmd: number, va: Num[]) { return yield* c.sys(SYS.fcntl, fd, cmd, num(va[0] ?? 0)); });
def('fstat', function* (c, fd: number, st: number) { return yield* c.sys(SYS.fstat, fd, st); });
def('stat', function* (c, path: number, st: number) { return yield* c.sys(SYS.newfstatat, -100, path, st, 0); });
def('lstat', function* (c, path: number, st: number) { return yield* c.sys(SYS.newfstatat, -100, path, st, 0x100 /* AT_SYMLINK_NOFOLLOW */); });
def('isatty', function* (c, fd: number) {
  const r = yield* trap(SYS.ioctl, fd, 0x5401 /* TCGETS */, c.scratch - 128);
  if (r < 0) { yield* c.setErrno(-r); return 0; }
  return 1;
});
def('sleep', function* (c, s: number) {
  const ts = c.scratch - 64;
  yield storeInstr(ts, timespecBytes(s * 1e9));
  const r = yield* trap(SYS.nanosleep, ts, ts);
  if (r === -EINTR) { const b = (yield loadInstr(ts, 8)) as Uint8Array; return num(R.di64(b)); }
  return 0;
});
def('usleep', function* (c, us: number) {
  const ts = c.scratch - 64;
  yield storeInstr(ts, timespecBytes(us * 1000));
  return yield* c.sys(SYS.nanosleep, ts, 0);
});
def('nanosleep', function* (c, req: number, rem: number) { return yield* c.sys(SYS.nanosleep, req, rem); });

// --- time ----------------------------------------------------------------------------------

def('clock_gettime', function* (c, clk: number, tp: number) {
  if (clk === CLOCK_REALTIME || clk === CLOCK_MONOTONIC) {
    const ns = yield* c.clockGettime(clk); // the vDSO: no trap
    yield storeInstr(tp, timespecBytes(ns));
    return 0;
  }
  return yield* c.sys(SYS.clock_gettime, clk, tp);
});
def('gettimeofday', function* (c, tv: number, _tz: number) {
  const ns = yield* c.clockGettime(CLOCK_REALTIME);
  if (tv !== 0) {
    const b = new Uint8Array(16); const dv = new DataView(b.buffer);
    dv.setBigInt64(0, BigInt(Math.floor(ns / 1e9)), true); dv.setBigInt64(8, BigInt(Math.floor((ns % 1e9) / 1000)), true);
    yield storeInstr(tv, b);
  }
  return 0;
});
def('time', function* (c, t: number) {
  const s = Math.floor((yield* c.clockGettime(CLOCK_REALTIME)) / 1e9);
  if (t !== 0) yield storeInstr(t, R.e64(s));
  return s;
});
def('clock', function* (c) {
  const tp = c.scratch - 64;
  const r = yield* c.sys(SYS.clock_gettime, 2 /* CLOCK_PROCESS_CPUTIME_ID */, tp);
  if (r < 0) return -1;
  const b = (yield loadInstr(tp, 16)) as Uint8Array;
  return num(R.di64(b)) * 1_000_000 + Math.floor(num(R.di64(b.subarray(8))) / 1000);
});

function timespecBytes(ns: number): Uint8Array {
  const b = new Uint8Array(16); const dv = new DataView(b.buffer);
  dv.setBigInt64(0, BigInt(Math.floor(ns / 1e9)), true); dv.setBigInt64(8, BigInt(Math.floor(ns % 1e9)), true);
  return b;
}

// --- sockets -------------------------------------------------------------------------------

def('socket', function* (c, d: number, t: number, p: number) { return yield* c.sys(SYS.socket, d, t, p); });
def('bind', function* (c, fd: number, addr: number, len: number) { return yield* c.sys(SYS.bind, fd, addr, len); });
def('listen', function* (c, fd: number, backlog: number) { return yield* c.sys(SYS.listen, fd, backlog); });
def('accept', function* (c, fd: number, addr: number, len: number) { return yield* c.sys(SYS.accept, fd, addr, len); });
def('accept4', function* (c, fd: number, addr: number, len: number, flags: number) { return yield* c.sys(SYS.accept4, fd, addr, len, flags); });
def('connect', function* (c, fd: number, addr: number, len: number) { return yield* c.sys(SYS.connect, fd, addr, len); });
def('shutdown', function* (c, fd: number, how: number) { return yield* c.sys(SYS.shutdown, fd, how); });
def('send', function* (c, fd: number, buf: number, n: Num, flags: number) { return yield* c.sys(SYS.sendto, fd, buf, num(n), flags, 0, 0); });
def('recv', function* (c, fd: number, buf: number, n: Num, flags: number) { return yield* c.sys(SYS.recvfrom, fd, buf, num(n), flags, 0, 0); });
def('sendto', function* (c, fd: number, buf: number, n: Num, flags: number, a: number, al: number) { return yield* c.sys(SYS.sendto, fd, buf, num(n), flags, a, al); });
def('recvfrom', function* (c, fd: number, buf: number, n: Num, flags: number, a: number, al: number) { return yield* c.sys(SYS.recvfrom, fd, buf, num(n), flags, a, al); });
def('setsockopt', function* (c, fd: number, lvl: number, name: number, v: number, len: number) { return yield* c.sys(SYS.setsockopt, fd, lvl, name, v, len); });
def('getsockopt', function* (c, fd: number, lvl: number, name: number, v: number, len: number) { return yield* c.sys(SYS.getsockopt, fd, lvl, name, v, len); });
def('getsockname', function* (c, fd: number, a: number, l: number) { return yield* c.sys(SYS.getsockname, fd, a, l); });
def('getpeername', function* (c, fd: number, a: number, l: number) { return yield* c.sys(SYS.getpeername, fd, a, l); });
def('socketpair', function* (c, d: number, t: number, p: number, sv: number) { return yield* c.sys(SYS.socketpair, d, t, p, sv); });
const bswap16 = (x: number): number => ((x & 0xff) << 8) | ((x >> 8) & 0xff);
const bswap32 = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
def('htons', function* (_c, x: number) { return bswap16(x); });
def('ntohs', function* (_c, x: number) { return bswap16(x); });
def('htonl', function* (_c, x: number) { return bswap32(x); });
def('ntohl', function* (_c, x: number) { return bswap32(x); });
def('inet_pton', function* (c, af: number, src: number, dst: number) {
  if (af !== 2) return yield* fail(c, 97 /* EAFNOSUPPORT */);
  const s = yield* readCString(src, 64);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null || m.slice(1).some((x) => Number(x) > 255)) return 0;
  yield storeInstr(dst, Uint8Array.from(m.slice(1).map(Number)));
  return 1;
});
def('inet_addr', function* (_c, src: number) {
  const s = yield* readCString(src, 64);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null) return 0xffffffff;
  const p = m.slice(1).map(Number);
  return (p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) >>> 0;
});
def('inet_ntop', function* (c, af: number, src: number, dst: number, size: number) {
  if (af !== 2) return yield* fail(c, 97, 0);
  const b = (yield loadInstr(src, 4)) as Uint8Array;
  const s = `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  if (s.length + 1 > size) return yield* fail(c, 28 /* ENOSPC */, 0);
  yield storeInstr(dst, bytesOf(s + '\0'));
  return dst;
});
/** inet_ntoa(struct in_addr): compiled code passes a struct argument by its address. */
def('inet_ntoa', function* (c, inp: number) {
  const b = (yield loadInstr(inp, 4)) as Uint8Array;
  const s = `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const buf = yield* staticBuf(c, 'inet_ntoa', 18);
  yield storeInstr(buf, bytesOf(s + '\0'));
  return buf;
});

/** A static buffer of the library's own (inet_ntoa's, strerror's), in the data segment. */
function* staticBuf(c: LibC, name: string, size: number): G<number> {
  const st = crtState(c);
  let a = st.data.get(name);
  if (a === undefined) { a = c.proc.staticAlloc(size, 16); st.data.set(name, a); }
  return a;
}

// --- epoll and poll ---------------------------------------------------------------------------

def('epoll_create', function* (c, n: number) { return yield* c.sys(SYS.epoll_create, n); });
def('epoll_create1', function* (c, f: number) { return yield* c.sys(SYS.epoll_create1, f); });
def('epoll_ctl', function* (c, ep: number, op: number, fd: number, ev: number) { return yield* c.sys(SYS.epoll_ctl, ep, op, fd, ev); });
def('epoll_wait', function* (c, ep: number, evs: number, max: number, tmo: number) { return yield* c.sys(SYS.epoll_wait, ep, evs, max, tmo); });
def('epoll_pwait', function* (c, ep: number, evs: number, max: number, tmo: number, ss: number) { return yield* c.sys(SYS.epoll_pwait, ep, evs, max, tmo, ss, 8); });
def('poll', function* (c, fds: number, n: Num, tmo: number) { return yield* c.sys(SYS.poll, fds, num(n), tmo); });

// --- signals -----------------------------------------------------------------------------

/**
 * sigaction(2) from glibc's struct sigaction { handler; sigset_t sa_mask (128 bytes);
 * int sa_flags; restorer } to the kernel's { handler; flags; restorer; mask }.
 */
def('sigaction', function* (c, sig: number, act: number, old: number) {
  const k = c.scratch - 256;
  let kact = 0;
  if (act !== 0) {
    const b = (yield loadInstr(act, 152)) as Uint8Array;
    const dv = new DataView(b.buffer, b.byteOffset);
    const out = new Uint8Array(32); const o = new DataView(out.buffer);
    o.setBigUint64(0, dv.getBigUint64(0, true), true);
    o.setBigUint64(8, BigInt((dv.getInt32(136, true) | SA_RESTORER) >>> 0), true);
    o.setBigUint64(24, dv.getBigUint64(8, true), true);
    yield storeInstr(k, out);
    kact = k;
  }
  const kold = old !== 0 ? k + 32 : 0;
  const r = yield* c.sys(SYS.rt_sigaction, sig, kact, kold, 8);
  if (r < 0 || old === 0) return r;
  const b = (yield loadInstr(kold, 32)) as Uint8Array; const dv = new DataView(b.buffer, b.byteOffset);
  const out = new Uint8Array(152); const o = new DataView(out.buffer);
  o.setBigUint64(0, dv.getBigUint64(0, true), true);
  o.setBigUint64(8, dv.getBigUint64(24, true), true);
  o.setInt32(136, Number(dv.getBigUint64(8, true) & 0xffffffffn) & ~SA_RESTORER, true);
  yield storeInstr(old, out);
  return 0;
});
/** signal(3): BSD semantics (SA_RESTART), as glibc's; returns the previous handler. */
def('signal', function* (c, sig: number, handler: number) {
  const k = c.scratch - 256;
  const out = new Uint8Array(32); const o = new DataView(out.buffer);
  o.setBigUint64(0, BigInt(handler), true);
  o.setBigUint64(8, BigInt(SA_RESTART | SA_RESTORER), true);
  yield storeInstr(k, out);
  const r = yield* c.sys(SYS.rt_sigaction, sig, k, k + 32, 8);
  if (r < 0) return -1; // SIG_ERR
  return R.dptr((yield loadInstr(k + 32, 8)) as Uint8Array);
});
def('raise', function* (c, sig: number) {
  const pid = yield* trap(SYS.getpid); const tid = yield* trap(SYS.gettid);
  return yield* c.sys(SYS.tgkill, pid, tid, sig);
});
def('kill', function* (c, pid: number, sig: number) { return yield* c.sys(SYS.kill, pid, sig); });
def('sigemptyset', function* (_c, set: number) { yield storeInstr(set, R.zeros(128)); return 0; });
def('sigfillset', function* (_c, set: number) { yield storeInstr(set, new Uint8Array(128).fill(0xff)); return 0; });
def('sigaddset', function* (c, set: number, sig: number) {
  if (sig < 1 || sig > 64) return yield* fail(c, EINVAL);
  const w = set + 8 * Math.floor((sig - 1) / 64);
  const b = (yield loadInstr(w, 8)) as Uint8Array; const dv = new DataView(b.buffer, b.byteOffset);
  dv.setBigUint64(0, dv.getBigUint64(0, true) | (1n << BigInt((sig - 1) % 64)), true);
  yield storeInstr(w, b);
  return 0;
});
def('sigprocmask', function* (c, how: number, set: number, old: number) { return yield* c.sys(SYS.rt_sigprocmask, how, set, old, 8); });
def('pthread_sigmask', function* (c, how: number, set: number, old: number) { const r = yield* trap(SYS.rt_sigprocmask, how, set, old, 8); return r < 0 ? -r : 0; });
def('strsignal', function* (c, sig: number) { return yield* c.lit(SIGNAL_TEXT[sig] ?? `Unknown signal ${sig}`); });
const SIGNAL_TEXT: Record<number, string> = { 1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 6: 'Aborted', 9: 'Killed', 11: 'Segmentation fault', 13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated' };
void signalName;

// --- string.h -------------------------------------------------------------------------------

/** Bytes touched by a string routine: SIMD loops handle 16 bytes a cycle or so. */
const perBytes = (n: number): number => 4 + Math.ceil(n / 16);

def('strlen', function* (_c, s: number) { const v = yield* readCString(s); yield compute(perBytes(v.length)); return v.length; });
def('strnlen', function* (_c, s: number, n: Num) { const v = yield* readCString(s, num(n)); return v.length; });
def('strcpy', function* (_c, d: number, s: number) { const v = yield* readCString(s); yield compute(perBytes(v.length)); yield storeInstr(d, bytesOf(v + '\0')); return d; });
def('stpcpy', function* (_c, d: number, s: number) { const v = yield* readCString(s); yield storeInstr(d, bytesOf(v + '\0')); return d + v.length; });
def('strncpy', function* (_c, d: number, s: number, n0: Num) {
  const n = num(n0);
  const v = yield* readCString(s, n);
  const b = new Uint8Array(n); b.set(bytesOf(v));
  if (n > 0) yield storeInstr(d, b);
  return d;
});
def('strcat', function* (_c, d: number, s: number) {
  const a = yield* readCString(d); const b = yield* readCString(s);
  yield storeInstr(d + a.length, bytesOf(b + '\0'));
  return d;
});
def('strncat', function* (_c, d: number, s: number, n: Num) {
  const a = yield* readCString(d); const b = yield* readCString(s, num(n));
  yield storeInstr(d + a.length, bytesOf(b + '\0'));
  return d;
});
function cmp(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) { const d = a.charCodeAt(i) - b.charCodeAt(i); if (d !== 0) return d; }
  return a.length === b.length ? 0 : a.length < b.length ? -b.charCodeAt(n) : a.charCodeAt(n);
}
def('strcmp', function* (_c, a: number, b: number) { const x = yield* readCString(a); const y = yield* readCString(b); yield compute(perBytes(Math.min(x.length, y.length))); return cmp(x, y); });
def('strncmp', function* (_c, a: number, b: number, n: Num) { const x = yield* readCString(a, num(n)); const y = yield* readCString(b, num(n)); return cmp(x, y); });
def('strcasecmp', function* (_c, a: number, b: number) { return cmp((yield* readCString(a)).toLowerCase(), (yield* readCString(b)).toLowerCase()); });
def('strncasecmp', function* (_c, a: number, b: number, n: Num) { return cmp((yield* readCString(a, num(n))).toLowerCase(), (yield* readCString(b, num(n))).toLowerCase()); });
def('strchr', function* (_c, s: number, ch: number) {
  const v = yield* readCString(s); const k = ch & 0xff;
  if (k === 0) return s + v.length;
  const i = v.indexOf(String.fromCharCode(k)); return i < 0 ? 0 : s + i;
});
def('strrchr', function* (_c, s: number, ch: number) {
  const v = yield* readCString(s); const k = ch & 0xff;
  if (k === 0) return s + v.length;
  const i = v.lastIndexOf(String.fromCharCode(k)); return i < 0 ? 0 : s + i;
});
def('strstr', function* (_c, h: number, n: number) { const a = yield* readCString(h); const b = yield* readCString(n); const i = a.indexOf(b); return i < 0 ? 0 : h + i; });
def('strdup', function* (c, s: number) {
  const v = yield* readCString(s);
  const p = yield* L.malloc!(c, v.length + 1);
  if (p !== 0) yield storeInstr(p, bytesOf(v + '\0'));
  return p;
});
def('strndup', function* (c, s: number, n: Num) {
  const v = yield* readCString(s, num(n));
  const p = yield* L.malloc!(c, v.length + 1);
  if (p !== 0) yield storeInstr(p, bytesOf(v + '\0'));
  return p;
});
def('strspn', function* (_c, s: number, acc: number) { const v = yield* readCString(s); const a = yield* readCString(acc); let i = 0; while (i < v.length && a.includes(v[i]!)) i++; return i; });
def('strcspn', function* (_c, s: number, rej: number) { const v = yield* readCString(s); const a = yield* readCString(rej); let i = 0; while (i < v.length && !a.includes(v[i]!)) i++; return i; });
def('strpbrk', function* (_c, s: number, acc: number) { const v = yield* readCString(s); const a = yield* readCString(acc); for (let i = 0; i < v.length; i++) if (a.includes(v[i]!)) return s + i; return 0; });
def('strtok', function* (c, s: number, delim: number) {
  const st = crtState(c);
  let p = s !== 0 ? s : st.data.get('strtok') ?? 0;
  if (p === 0) return 0;
  const d = yield* readCString(delim);
  const v = yield* readCString(p);
  let i = 0; while (i < v.length && d.includes(v[i]!)) i++;
  if (i === v.length) { st.data.set('strtok', 0); return 0; }
  let j = i; while (j < v.length && !d.includes(v[j]!)) j++;
  if (j < v.length) { yield storeInstr(p + j, R.e8(0)); st.data.set('strtok', p + j + 1); } else st.data.set('strtok', 0);
  p += i;
  return p;
});
def('memcpy', function* (_c, d: number, s: number, n0: Num) {
  const n = num(n0);
  if (n > 0) { const b = (yield loadInstr(s, n)) as Uint8Array; yield compute(perBytes(n)); yield storeInstr(d, b); }
  return d;
});
def('memmove', L.memcpy!); // the load copies the source before the store: overlap is safe
def('memset', function* (_c, d: number, ch: number, n0: Num) {
  const n = num(n0);
  if (n > 0) { yield compute(perBytes(n)); yield storeInstr(d, (ch & 0xff) === 0 ? R.zeros(n) : new Uint8Array(n).fill(ch & 0xff)); }
  return d;
});
def('memcmp', function* (_c, a: number, b: number, n0: Num) {
  const n = num(n0);
  if (n === 0) return 0;
  const x = (yield loadInstr(a, n)) as Uint8Array; const y = (yield loadInstr(b, n)) as Uint8Array;
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
});
def('memchr', function* (_c, s: number, ch: number, n0: Num) {
  const n = num(n0); if (n === 0) return 0;
  const x = (yield loadInstr(s, n)) as Uint8Array; const i = x.indexOf(ch & 0xff); return i < 0 ? 0 : s + i;
});
def('memmem', function* (_c, h: number, hn0: Num, n: number, nn0: Num) {
  // glibc's memmem (a GNU extension): the first occurrence of the needle's bytes in the haystack's.
  const hn = num(hn0); const nn = num(nn0);
  if (nn === 0) return h;
  if (hn < nn) return 0;
  const x = (yield loadInstr(h, hn)) as Uint8Array; const y = (yield loadInstr(n, nn)) as Uint8Array;
  yield compute(perBytes(hn));
  const first = y[0]!;
  for (let i = x.indexOf(first); i >= 0 && i <= hn - nn; i = x.indexOf(first, i + 1)) {
    let k = 1;
    while (k < nn && x[i + k] === y[k]) k++;
    if (k === nn) return h + i;
  }
  return 0;
});
def('strerror', function* (c, e: number) {
  const buf = yield* staticBuf(c, 'strerror', 1024);
  yield storeInstr(buf, bytesOf(strerror(e) + '\0'));
  return buf;
});

// --- ctype.h --------------------------------------------------------------------------------

const ctype = (f: (ch: string, n: number) => boolean) => function* (_c: LibC, n: number) { return n >= 0 && n < 256 && f(String.fromCharCode(n), n) ? 1 : 0; };
def('isdigit', ctype((c) => c >= '0' && c <= '9'));
def('isalpha', ctype((c) => /[A-Za-z]/.test(c)));
def('isalnum', ctype((c) => /[A-Za-z0-9]/.test(c)));
def('isspace', ctype((c) => ' \t\n\v\f\r'.includes(c)));
def('isupper', ctype((c) => c >= 'A' && c <= 'Z'));
def('islower', ctype((c) => c >= 'a' && c <= 'z'));
def('isxdigit', ctype((c) => /[0-9A-Fa-f]/.test(c)));
def('isprint', ctype((_c, n) => n >= 32 && n < 127));
def('ispunct', ctype((c, n) => n > 32 && n < 127 && !/[A-Za-z0-9]/.test(c)));
def('iscntrl', ctype((_c, n) => n < 32 || n === 127));
def('toupper', function* (_c, n: number) { return n >= 97 && n <= 122 ? n - 32 : n; });
def('tolower', function* (_c, n: number) { return n >= 65 && n <= 90 ? n + 32 : n; });

// --- stdlib.h: numbers ------------------------------------------------------------------------

/** strtol's parse: white space, sign, base prefix, digits; returns the value and the end offset. */
function parseInt_(s: string, base0: number): { v: bigint; end: number; neg: boolean } {
  let i = 0;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  let base = base0;
  if ((base === 0 || base === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) { i += 2; base = 16; }
  else if (base === 0) base = s[i] === '0' ? 8 : 10;
  const start = i; let v = 0n;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 36);
    if (Number.isNaN(d) || d >= base) break;
    v = v * BigInt(base) + BigInt(d);
  }
  if (i === start) return { v: 0n, end: 0, neg: false };
  return { v: neg ? -v : v, end: i, neg };
}
function* strtoX(c: LibC, s: number, endp: number, base: number, min: bigint, max: bigint, unsigned: boolean): G<Num> {
  const str = yield* readCString(s, 4096);
  const r = parseInt_(str, base);
  if (endp !== 0) yield storeInstr(endp, R.e64(s + r.end));
  let v = r.v;
  if (unsigned) {
    const mag = r.neg ? -v : v;
    if (mag > max) { yield* c.setErrno(34 /* ERANGE */); return R.u64(-1); }
    v = BigInt.asUintN(64, v);
  } else if (v > max) { yield* c.setErrno(34); v = max; } else if (v < min) { yield* c.setErrno(34); v = min; }
  return typeof v === 'bigint' && v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}
const LMAX = (1n << 63n) - 1n; const LMIN = -(1n << 63n);
def('strtol', function* (c, s: number, e: number, b: number) { return yield* strtoX(c, s, e, b, LMIN, LMAX, false); });
def('strtoll', L.strtol!);
def('strtoul', function* (c, s: number, e: number, b: number) { return yield* strtoX(c, s, e, b, 0n, (1n << 64n) - 1n, true); });
def('strtoull', L.strtoul!);
def('atoi', function* (_c, s: number) { return Number(BigInt.asIntN(32, parseInt_(yield* readCString(s, 4096), 10).v)); });
def('atol', function* (_c, s: number) { const v = BigInt.asIntN(64, parseInt_(yield* readCString(s, 4096), 10).v); return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v; });
def('atoll', L.atol!);
def('strtod', function* (_c, s: number, endp: number) {
  const str = yield* readCString(s, 4096);
  const m = /^[ \t\n\v\f\r]*([+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(str);
  if (endp !== 0) yield storeInstr(endp, R.e64(s + (m === null ? 0 : m[0].length)));
  if (m === null) return 0;
  const t = m[1]!.toLowerCase();
  return t.includes('inf') ? (t.startsWith('-') ? -Infinity : Infinity) : t.includes('nan') ? NaN : Number(m[1]);
});
def('atof', function* (c, s: number) { return yield* L.strtod!(c, s, 0); });
def('abs', function* (_c, x: number) { return Math.abs(x) | 0; });
def('labs', function* (_c, x: Num) { return typeof x === 'bigint' ? (x < 0n ? -x : x) : Math.abs(x); });
def('llabs', L.labs!);

/** rand(): glibc's TYPE_3 additive feedback generator (random_r.c), seeded by srand (default 1). */
interface RandState { r: number[]; f: number; b: number }
function seedRand(seed: number): RandState {
  const r = new Array<number>(34);
  r[0] = seed === 0 ? 1 : seed | 0;
  for (let i = 1; i < 31; i++) {
    const hi = Math.floor(r[i - 1]! / 127773); const lo = r[i - 1]! % 127773;
    let w = 16807 * lo - 2836 * hi;
    if (w < 0) w += 2147483647;
    r[i] = w;
  }
  const st: RandState = { r: r.slice(0, 31), f: 3, b: 0 };
  for (let i = 0; i < 310; i++) nextRand(st);
  return st;
}
function nextRand(st: RandState): number {
  st.r[st.f] = (st.r[st.f]! + st.r[st.b]!) | 0;
  const out = (st.r[st.f]! >>> 1) & 0x7fffffff;
  st.f = (st.f + 1) % 31; st.b = (st.b + 1) % 31;
  return out;
}
const rands = new WeakMap<object, RandState>();
def('srand', function* (c, seed: number) { rands.set(c.proc, seedRand(seed >>> 0)); });
def('rand', function* (c) {
  let st = rands.get(c.proc);
  if (st === undefined) { st = seedRand(1); rands.set(c.proc, st); }
  yield compute(10);
  return nextRand(st);
});
def('random', L.rand!);
def('srandom', L.srand!);

/** qsort: glibc sorts with merge sort (msort) when memory allows; the comparator is C code. */
def('qsort', function* (c, base: number, n0: Num, size0: Num, cmpf: number) {
  const n = num(n0); const size = num(size0);
  if (n < 2) return;
  const f = R.fnAt(c, cmpf);
  const all = (yield loadInstr(base, n * size)) as Uint8Array;
  const tmp = yield* L.malloc!(c, 2 * size);
  const idx = Array.from({ length: n }, (_, i) => i);
  const compare = function* (i: number, j: number): G<number> {
    yield storeInstr(tmp, all.subarray(i * size, (i + 1) * size));
    yield storeInstr(tmp + size, all.subarray(j * size, (j + 1) * size));
    return (yield R.call(f(c, tmp, tmp + size))) as number;
  };
  // Merge sort over indices, comparing through the user's function as msort does.
  const sorted = yield* msort(idx, compare);
  const out = new Uint8Array(n * size);
  sorted.forEach((k, i) => out.set(all.subarray(k * size, (k + 1) * size), i * size));
  yield storeInstr(base, out);
  yield* L.free!(c, tmp);
});
function* msort(a: number[], cmpf: (i: number, j: number) => G<number>): G<number[]> {
  if (a.length <= 1) return a;
  const mid = a.length >> 1;
  const l = yield* msort(a.slice(0, mid), cmpf); const r = yield* msort(a.slice(mid), cmpf);
  const out: number[] = []; let i = 0; let j = 0;
  while (i < l.length && j < r.length) { if ((yield* cmpf(l[i]!, r[j]!)) <= 0) out.push(l[i++]!); else out.push(r[j++]!); }
  while (i < l.length) out.push(l[i++]!);
  while (j < r.length) out.push(r[j++]!);
  return out;
}
def('bsearch', function* (c, key: number, base: number, n0: Num, size0: Num, cmpf: number) {
  const f = R.fnAt(c, cmpf); let lo = 0; let hi = num(n0); const size = num(size0);
  while (lo < hi) {
    const mid = (lo + hi) >> 1; const p = base + mid * size;
    const r = (yield R.call(f(c, key, p))) as number;
    if (r < 0) hi = mid; else if (r > 0) lo = mid + 1; else return p;
  }
  return 0;
});

// --- malloc -------------------------------------------------------------------------------------

def('malloc', function* (c, n: Num) {
  const p = yield* c.malloc(num(n));
  if (p === 0) yield* c.setErrno(ENOMEM);
  return p;
});
def('calloc', function* (c, n: Num, size: Num) {
  const total = num(n) * num(size);
  const p = yield* c.malloc(total);
  if (p === 0) { yield* c.setErrno(ENOMEM); return 0; }
  if (total > 0) yield storeInstr(p, R.zeros(total)); // reused chunks must be zeroed (fresh pages already are)
  return p;
});
/** free with glibc's checks: a double free or an invalid pointer is reported and aborts (SIGABRT). */
def('free', function* (c, p: number) {
  if (p === 0) return;
  const a = c.proc.arena;
  if (!a.mmapped.has(p)) {
    const st = a.chunkState(p - CHUNK_HEADER);
    if (st !== 'inuse') {
      const size = a.sizeOf(p - CHUNK_HEADER);
      const msg = st === 'free' ? (size <= 1040 ? 'free(): double free detected in tcache 2' : 'double free or corruption (!prev)') : 'free(): invalid pointer';
      yield* mallocPrinterr(c, msg);
    }
  }
  yield* c.free(p);
});
def('realloc', function* (c, p: number, n0: Num) {
  const n = num(n0);
  if (p === 0) return yield* L.malloc!(c, n);
  if (n === 0) { yield* L.free!(c, p); return 0; }
  const a = c.proc.arena;
  const old = a.mmapped.get(p) ?? a.sizeOf(p - CHUNK_HEADER);
  if (old === 0 || a.chunkState(p - CHUNK_HEADER) === 'free') yield* mallocPrinterr(c, 'realloc(): invalid pointer');
  const usable = a.mmapped.has(p) ? old - CHUNK_HEADER : old - 8;
  if (n <= usable) return p;
  const q = yield* L.malloc!(c, n);
  if (q === 0) return 0;
  const b = (yield loadInstr(p, Math.min(usable, n))) as Uint8Array;
  yield storeInstr(q, b);
  yield* c.free(p);
  return q;
});
/** malloc_printerr: the message on stderr, then abort(). */
function* mallocPrinterr(c: LibC, msg: string): G<never> {
  yield* writeAll(c, 2, bytesOf(msg + '\n'));
  yield* L.abort!(c);
  throw new Error('abort returned');
}

// --- stdio ----------------------------------------------------------------------------------------
// FILE objects live in the process's memory (the fd at offset 0); stdio's buffers are the
// library's. stdout is line-buffered (a terminal's console), stderr unbuffered, files fully
// buffered (4096 bytes, st_blksize).

const FILE_SIZE = 16;
const BUF_TTY = 1024; const BUF_FILE = 4096;

/** The three standard streams: FILE objects and the pointers stdin/stdout/stderr, in static data. */
function* stdStreams(c: LibC): G<number> {
  const st = crtState(c);
  let base = st.data.get('stdio');
  if (base !== undefined) return base;
  base = c.proc.staticAlloc(3 * FILE_SIZE + 24, 16);
  const b = new Uint8Array(3 * FILE_SIZE + 24); const dv = new DataView(b.buffer);
  for (let fd = 0; fd < 3; fd++) { dv.setInt32(fd * FILE_SIZE, fd, true); dv.setBigUint64(3 * FILE_SIZE + 8 * fd, BigInt(base + fd * FILE_SIZE), true); }
  yield storeInstr(base, b);
  st.data.set('stdio', base);
  for (let fd = 0; fd < 3; fd++) st.files.set(base + fd * FILE_SIZE, { fd, buf: '', mode: fd === 1 ? 'line' : fd === 2 ? 'none' : 'full', eof: false, err: false, rbuf: '' });
  return base;
}
LDATA.stdin = (c) => crtState(c).data.get('stdio')! + 3 * FILE_SIZE;
LDATA.stdout = (c) => crtState(c).data.get('stdio')! + 3 * FILE_SIZE + 8;
LDATA.stderr = (c) => crtState(c).data.get('stdio')! + 3 * FILE_SIZE + 16;
/** Data the library must lay out before main when the program refers to it. */
export function* initLibData(c: LibC, names: readonly string[]): G<void> {
  if (names.some((n) => n === 'stdin' || n === 'stdout' || n === 'stderr')) yield* stdStreams(c);
}

function* fileOf(c: LibC, fp: number) {
  const base = yield* stdStreams(c);
  void base;
  const f = crtState(c).files.get(fp);
  if (f === undefined) throw new Error(`stdio: 0x${fp.toString(16)} is not an open FILE`);
  return f;
}

/** write(2) all of `bytes` from the thread's scratch memory, retrying short writes and EINTR. */
function* writeAll(c: LibC, fd: number, bytes: Uint8Array): G<number> {
  let off = 0;
  while (off < bytes.length) {
    const chunk = bytes.subarray(off, Math.min(bytes.length, off + 4096));
    yield storeInstr(c.scratch, chunk);
    let done = 0;
    while (done < chunk.length) {
      const r = yield* trap(SYS.write, fd, c.scratch + done, chunk.length - done);
      if (r === -EINTR) continue;
      if (r < 0) { yield* c.setErrno(-r); return -1; }
      done += r;
    }
    off += chunk.length;
  }
  return bytes.length;
}

function* fflushFile(c: LibC, f: { fd: number; buf: string; err: boolean }): G<number> {
  if (f.buf.length === 0) return 0;
  const data = f.buf; f.buf = '';
  const r = yield* writeAll(c, f.fd, bytesOf(data));
  if (r < 0) { f.err = true; return -1; }
  return 0;
}

/** Put a byte string on a stream, with its buffering. */
function* fput(c: LibC, fp: number, s: string): G<number> {
  const f = yield* fileOf(c, fp);
  yield compute(20 + (s.length >> 2));
  if (f.mode === 'none') {
    if (f.buf.length > 0) yield* fflushFile(c, f);
    return (yield* writeAll(c, f.fd, bytesOf(s))) < 0 ? -1 : s.length;
  }
  f.buf += s;
  if (f.mode === 'line') {
    const nl = f.buf.lastIndexOf('\n');
    if (nl >= 0) {
      const out = f.buf.slice(0, nl + 1); f.buf = f.buf.slice(nl + 1);
      if ((yield* writeAll(c, f.fd, bytesOf(out))) < 0) { f.err = true; return -1; }
    }
    if (f.buf.length >= BUF_TTY) yield* fflushFile(c, f);
  } else if (f.buf.length >= BUF_FILE) {
    const cut = f.buf.length - (f.buf.length % BUF_FILE);
    const out = f.buf.slice(0, cut); f.buf = f.buf.slice(cut);
    if ((yield* writeAll(c, f.fd, bytesOf(out))) < 0) { f.err = true; return -1; }
  }
  return s.length;
}

function* flushAll(c: LibC): G<void> {
  const st = crtState(c);
  for (const f of st.files.values()) if (f.buf.length > 0) yield* fflushFile(c, f);
}

const STDOUT = 1; const STDERR = 2;
function* stdFile(c: LibC, fd: number): G<number> { return (yield* stdStreams(c)) + fd * FILE_SIZE; }

function* fmtArgs(c: LibC, fmt: number, src: ArgSource): G<string> {
  const f = yield* readCString(fmt);
  return yield* cformat(f, src, function* (addr: number, n: number) { yield storeInstr(addr, R.e32(n)); });
  void c;
}
/** A va_list: a pointer to the caller's spilled 8-byte argument slots (see codegen.ts). */
function vaSource(ap: number): ArgSource {
  let p = ap;
  return {
    *int() { const b = (yield loadInstr(p, 8)) as Uint8Array; p += 8; return R.di64(b); },
    *dbl() { const b = (yield loadInstr(p, 8)) as Uint8Array; p += 8; return R.df64(b); },
  };
}

def('printf', function* (c, fmt: number, va: Num[]) { const s = yield* fmtArgs(c, fmt, valuesSource(va)); return yield* fput(c, yield* stdFile(c, STDOUT), s); });
def('vprintf', function* (c, fmt: number, ap: number) { const s = yield* fmtArgs(c, fmt, vaSource(ap)); return yield* fput(c, yield* stdFile(c, STDOUT), s); });
def('fprintf', function* (c, fp: number, fmt: number, va: Num[]) { const s = yield* fmtArgs(c, fmt, valuesSource(va)); return yield* fput(c, fp, s); });
def('vfprintf', function* (c, fp: number, fmt: number, ap: number) { const s = yield* fmtArgs(c, fmt, vaSource(ap)); return yield* fput(c, fp, s); });
def('dprintf', function* (c, fd: number, fmt: number, va: Num[]) { const s = yield* fmtArgs(c, fmt, valuesSource(va)); return yield* writeAll(c, fd, bytesOf(s)); });
function* sput(s: string, dst: number, size: number): G<number> {
  if (size > 0) { const n = Math.min(s.length, size - 1); yield storeInstr(dst, bytesOf(s.slice(0, n) + '\0')); }
  return s.length;
}
def('sprintf', function* (c, dst: number, fmt: number, va: Num[]) { return yield* sput(yield* fmtArgs(c, fmt, valuesSource(va)), dst, Infinity); });
def('snprintf', function* (c, dst: number, n: Num, fmt: number, va: Num[]) { return yield* sput(yield* fmtArgs(c, fmt, valuesSource(va)), dst, num(n)); });
def('vsprintf', function* (c, dst: number, fmt: number, ap: number) { return yield* sput(yield* fmtArgs(c, fmt, vaSource(ap)), dst, Infinity); });
def('vsnprintf', function* (c, dst: number, n: Num, fmt: number, ap: number) { return yield* sput(yield* fmtArgs(c, fmt, vaSource(ap)), dst, num(n)); });
def('puts', function* (c, s: number) { const r = yield* fput(c, yield* stdFile(c, STDOUT), (yield* readCString(s)) + '\n'); return r < 0 ? -1 : r; });
def('fputs', function* (c, s: number, fp: number) { const r = yield* fput(c, fp, yield* readCString(s)); return r < 0 ? -1 : r; });
def('putchar', function* (c, ch: number) { const r = yield* fput(c, yield* stdFile(c, STDOUT), String.fromCharCode(ch & 0xff)); return r < 0 ? -1 : ch & 0xff; });
def('fputc', function* (c, ch: number, fp: number) { const r = yield* fput(c, fp, String.fromCharCode(ch & 0xff)); return r < 0 ? -1 : ch & 0xff; });
def('putc', L.fputc!);
def('fwrite', function* (c, p: number, size: Num, n: Num, fp: number) {
  const total = num(size) * num(n);
  if (total === 0) return 0;
  const b = (yield loadInstr(p, total)) as Uint8Array;
  const r = yield* fput(c, fp, latin1(b));
  return r < 0 ? 0 : num(n);
});
def('fflush', function* (c, fp: number) {
  if (fp === 0) { yield* flushAll(c); return 0; }
  return yield* fflushFile(c, yield* fileOf(c, fp));
});
def('setvbuf', function* (c, fp: number, _buf: number, mode: number, _size: Num) {
  const f = yield* fileOf(c, fp);
  f.mode = mode === 2 ? 'none' : mode === 1 ? 'line' : 'full';
  return 0;
});
def('setbuf', function* (c, fp: number, buf: number) { return yield* L.setvbuf!(c, fp, buf, buf === 0 ? 2 : 0, 8192); });
def('fileno', function* (c, fp: number) { return (yield* fileOf(c, fp)).fd; });
def('perror', function* (c, s: number) {
  const e = yield* errnoNow(c);
  const prefix = s !== 0 ? yield* readCString(s) : '';
  const msg = (prefix !== '' ? `${prefix}: ` : '') + strerror(e) + '\n';
  yield* fput(c, yield* stdFile(c, STDERR), latin1(utf8.encode(msg)));
});
def('fopen', function* (c, path: number, mode: number) {
  const m = yield* readCString(mode);
  const plus = m.includes('+');
  const flags = m[0] === 'r' ? (plus ? 2 : 0) : m[0] === 'w' ? (plus ? 2 : 1) | 0o100 | 0o1000 : m[0] === 'a' ? (plus ? 2 : 1) | 0o100 | 0o2000 : -1;
  if (flags < 0) return yield* fail(c, EINVAL, 0);
  const fd = yield* c.sys(SYS.openat, -100, path, flags | (m.includes('e') ? 0o2000000 : 0), 0o666);
  if (fd < 0) return 0;
  const fp = yield* L.malloc!(c, FILE_SIZE);
  yield storeInstr(fp, R.e32(fd));
  yield* stdStreams(c);
  crtState(c).files.set(fp, { fd, buf: '', mode: 'full', eof: false, err: false, rbuf: '' });
  return fp;
});
def('fclose', function* (c, fp: number) {
  const f = yield* fileOf(c, fp);
  yield* fflushFile(c, f);
  crtState(c).files.delete(fp);
  const r = yield* c.sys(SYS.close, f.fd);
  if (f.fd > 2) yield* c.free(fp);
  return r < 0 ? -1 : 0;
});
/** Refill a stream's read buffer; false at end of file or on error. */
function* refill(c: LibC, f: { fd: number; rbuf: string; eof: boolean; err: boolean }): G<boolean> {
  const buf = c.scratch;
  const r = yield* trap(SYS.read, f.fd, buf, 4096);
  if (r < 0) { f.err = true; yield* c.setErrno(-r); return false; }
  if (r === 0) { f.eof = true; return false; }
  f.rbuf += latin1((yield loadInstr(buf, r)) as Uint8Array);
  return true;
}
def('fgets', function* (c, dst: number, n: number, fp: number) {
  const f = yield* fileOf(c, fp);
  if (f.fd === 0) yield* flushAll(c);
  for (;;) {
    const nl = f.rbuf.indexOf('\n');
    if ((nl >= 0 && nl < n - 1) || f.rbuf.length >= n - 1) break;
    if (!(yield* refill(c, f))) break;
  }
  if (f.rbuf.length === 0) return 0;
  const nl = f.rbuf.indexOf('\n');
  const take = Math.min(nl >= 0 ? nl + 1 : f.rbuf.length, n - 1);
  const s = f.rbuf.slice(0, take); f.rbuf = f.rbuf.slice(take);
  yield storeInstr(dst, bytesOf(s + '\0'));
  return dst;
});
def('fgetc', function* (c, fp: number) {
  const f = yield* fileOf(c, fp);
  if (f.rbuf.length === 0 && !(yield* refill(c, f))) return -1;
  const ch = f.rbuf.charCodeAt(0); f.rbuf = f.rbuf.slice(1);
  return ch;
});
def('getc', L.fgetc!);
def('getchar', function* (c) { return yield* L.fgetc!(c, yield* stdFile(c, 0)); });
def('fread', function* (c, p: number, size0: Num, n0: Num, fp: number) {
  const f = yield* fileOf(c, fp); const size = num(size0); const want = size * num(n0);
  while (f.rbuf.length < want) if (!(yield* refill(c, f))) break;
  const got = Math.min(want, f.rbuf.length) - (Math.min(want, f.rbuf.length) % (size || 1));
  if (got > 0) { yield storeInstr(p, bytesOf(f.rbuf.slice(0, got))); f.rbuf = f.rbuf.slice(got); }
  return size === 0 ? 0 : got / size;
});
/** The stream's position as the program sees it: the kernel's, less what is read ahead, plus what waits to be written. */
def('ftell', function* (c, fp: number) {
  const f = yield* fileOf(c, fp);
  const pos = yield* c.sys(SYS.lseek, f.fd, 0, 1 /* SEEK_CUR */);
  return pos < 0 ? -1 : pos - f.rbuf.length + f.buf.length;
});
def('fseek', function* (c, fp: number, off0: Num, whence: number) {
  const f = yield* fileOf(c, fp);
  if ((yield* fflushFile(c, f)) < 0) return -1;
  let off = num(off0);
  if (whence === 1) off -= f.rbuf.length; // SEEK_CUR counts from the program's position, not the read-ahead's
  const r = yield* c.sys(SYS.lseek, f.fd, off, whence);
  if (r < 0) return -1;
  f.rbuf = ''; f.eof = false;
  return 0;
});
def('rewind', function* (c, fp: number) {
  yield* L.fseek!(c, fp, 0, 0);
  (yield* fileOf(c, fp)).err = false;
});
def('remove', function* (c, path: number) {
  // glibc: unlink, and rmdir if it names a directory.
  const r = yield* trap(SYS.unlinkat, -100, path, 0);
  if (r === -21 /* EISDIR */) return yield* c.sys(SYS.unlinkat, -100, path, 0x200);
  if (r < 0) return yield* fail(c, -r);
  return 0;
});
def('feof', function* (c, fp: number) { return (yield* fileOf(c, fp)).eof ? 1 : 0; });
def('ferror', function* (c, fp: number) { return (yield* fileOf(c, fp)).err ? 1 : 0; });

// --- pthreads ----------------------------------------------------------------------------------
// pthread_t is the library's thread id; mutexes are glibc's three-state futex word
// (0 unlocked, 1 locked, 2 locked with waiters) at the start of pthread_mutex_t;
// condition variables are a sequence word that waiters sleep on (FUTEX_WAIT on the
// value they saw) and signal/broadcast bump before waking, so no wakeup is lost
// between unlocking the mutex and sleeping.

def('pthread_create', function* (c, tidp: number, _attr: number, fn: number, arg: number) {
  const f = R.fnAt(c, fn);
  const r = yield* c.pthread_create((c2, a) => f(c2, a), arg);
  if (r < 0) return -r;
  yield storeInstr(tidp, R.e64(r));
  return 0;
});
def('pthread_join', function* (c, id: Num, retp: number) {
  const r = yield* c.pthread_join(num(id));
  if (r < 0 && r > -4096 && !c.proc.pthreads.has(num(id))) return -r;
  if (retp !== 0) yield storeInstr(retp, R.e64(r));
  return 0;
});
def('pthread_detach', function* (c, id: Num) {
  const th = c.proc.pthreads.get(num(id));
  if (th === undefined) return 3; // ESRCH
  th.detached = true;
  return 0;
});
def('pthread_exit', function* (_c, v: number): G<never> { throw new ThreadExit(v); });
def('pthread_self', function* (c) { return c.pthread_self() === 0 ? mainThreadId(c) : c.pthread_self(); });
def('pthread_equal', function* (_c, a: Num, b: Num) { return num(a) === num(b) ? 1 : 0; });
const mainThreadId = (c: LibC): number => c.proc.info.pid * 0 + 0x7f0000000000; // the main thread's pthread_t (its TCB's address in glibc)

def('pthread_mutex_init', function* (_c, m: number, _attr: number) { yield storeInstr(m, R.zeros(40)); return 0; });
def('pthread_mutex_destroy', function* (_c, m: number) { const v = (yield atomicInstr('load', m)) as number; return v !== 0 ? EBUSY : 0; });
def('pthread_mutex_lock', function* (c, m: number) { return yield* c.pthread_mutex_lock(m); });
def('pthread_mutex_trylock', function* (c, m: number) { return yield* c.pthread_mutex_trylock(m); });
def('pthread_mutex_unlock', function* (c, m: number) { return yield* c.pthread_mutex_unlock(m); });
def('pthread_mutexattr_init', function* (_c, a: number) { yield storeInstr(a, R.zeros(4)); return 0; });
def('pthread_mutexattr_destroy', function* () { return 0; });
def('pthread_attr_init', function* (_c, a: number) { yield storeInstr(a, R.zeros(56)); return 0; });
def('pthread_attr_destroy', function* () { return 0; });

def('pthread_cond_init', function* (_c, cv: number, _attr: number) { yield storeInstr(cv, R.zeros(48)); return 0; });
def('pthread_cond_destroy', function* () { return 0; });
function* condWait(c: LibC, cv: number, m: number, abstime: number): G<number> {
  const seq = (yield atomicInstr('load', cv)) as number;
  yield* c.pthread_mutex_unlock(m);
  let ts = 0;
  if (abstime !== 0) {
    // FUTEX_WAIT takes a relative timeout: the deadline minus CLOCK_REALTIME now.
    const b = (yield loadInstr(abstime, 16)) as Uint8Array;
    const deadline = num(R.di64(b)) * 1e9 + num(R.di64(b.subarray(8)));
    const now = yield* c.clockGettime(CLOCK_REALTIME);
    ts = c.scratch - 96;
    yield storeInstr(ts, timespecBytes(Math.max(0, deadline - now)));
  }
  const r = yield* trap(SYS.futex, cv, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, seq, ts);
  yield* c.pthread_mutex_lock(m);
  return r === -ETIMEDOUT ? ETIMEDOUT : 0;
}
def('pthread_cond_wait', function* (c, cv: number, m: number) { return yield* condWait(c, cv, m, 0); });
def('pthread_cond_timedwait', function* (c, cv: number, m: number, abstime: number) { return yield* condWait(c, cv, m, abstime); });
def('pthread_cond_signal', function* (_c, cv: number) {
  yield atomicInstr('add', cv, 1);
  yield* trap(SYS.futex, cv, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1);
  return 0;
});
def('pthread_cond_broadcast', function* (_c, cv: number) {
  yield atomicInstr('add', cv, 1);
  yield* trap(SYS.futex, cv, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 0x7fffffff);
  return 0;
});

// POSIX semaphores: a count word and a waiters word, as glibc's new_sem; sem_post wakes
// only when someone waits, sem_wait sleeps on count 0.
def('sem_init', function* (c, s: number, _pshared: number, v: number) {
  if (v > 0x7fffffff) return yield* fail(c, EINVAL);
  const b = new Uint8Array(32); new DataView(b.buffer).setUint32(0, v, true);
  yield storeInstr(s, b);
  return 0;
});
def('sem_destroy', function* () { return 0; });
def('sem_post', function* (c, s: number) {
  yield atomicInstr('add', s, 1);
  const waiters = (yield atomicInstr('load', s + 4)) as number;
  if (waiters > 0) yield* c.sys(SYS.futex, s, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1);
  return 0;
});
def('sem_trywait', function* (c, s: number) {
  for (;;) {
    const v = (yield atomicInstr('load', s)) as number;
    if (v === 0) return yield* fail(c, EAGAIN);
    if (((yield atomicInstr('cas', s, v, v - 1)) as number) === v) return 0;
  }
});
def('sem_wait', function* (c, s: number) {
  for (;;) {
    const v = (yield atomicInstr('load', s)) as number;
    if (v > 0) { if (((yield atomicInstr('cas', s, v, v - 1)) as number) === v) return 0; continue; }
    yield atomicInstr('add', s + 4, 1);
    const r = yield* trap(SYS.futex, s, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0);
    yield atomicInstr('add', s + 4, -1);
    if (r === -EINTR) return yield* fail(c, EINTR);
  }
});
def('sem_getvalue', function* (_c, s: number, out: number) { const v = (yield atomicInstr('load', s)) as number; yield storeInstr(out, R.e32(v)); return 0; });

// --- sys/mman.h and sys/wait.h ----------------------------------------------------------------

def('mmap', function* (c, addr: number, len: Num, prot: number, flags: number, fd: number, off: Num) {
  const r = yield* c.sys(SYS.mmap, addr, num(len), prot, flags, fd, num(off));
  return r < 0 ? R.toPtr(-1) : r; // MAP_FAILED
});
def('munmap', function* (c, addr: number, len: Num) { return yield* c.sys(SYS.munmap, addr, num(len)); });
def('mprotect', function* (c, addr: number, len: Num, prot: number) { return yield* c.sys(SYS.mprotect, addr, num(len), prot); });
def('waitpid', function* (c, pid: number, st: number, options: number) {
  for (;;) {
    const r = yield* trap(SYS.wait4, pid, st, options, 0);
    if (r === -EINTR) continue;
    if (r < 0) { yield* c.setErrno(-r); return -1; }
    return r;
  }
});
def('wait', function* (c, st: number) { return yield* L.waitpid!(c, -1, st, 0); });

// --- math.h (libm): the host's IEEE double operations, which glibc's libm matches to the last bit for these ---

const m1 = (f: (x: number) => number) => function* (_c: LibC, x: number) { yield compute(20); return f(x); };
def('sqrt', m1(Math.sqrt)); def('fabs', m1(Math.abs)); def('floor', m1(Math.floor)); def('ceil', m1(Math.ceil));
def('trunc', m1(Math.trunc)); def('round', m1((x) => (x < 0 ? -Math.round(-x) : Math.round(x))));
def('exp', m1(Math.exp)); def('log', m1(Math.log)); def('log10', m1(Math.log10));
def('sin', m1(Math.sin)); def('cos', m1(Math.cos)); def('tan', m1(Math.tan)); def('atan', m1(Math.atan));
def('pow', function* (_c, x: number, y: number) { yield compute(40); return Math.pow(x, y); });
def('atan2', function* (_c, y: number, x: number) { yield compute(40); return Math.atan2(y, x); });
def('fmod', function* (_c, x: number, y: number) { yield compute(20); return x % y; });

void SIG_SETMASK;
export type { CFunction };
