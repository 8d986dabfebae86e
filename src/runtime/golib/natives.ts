// The native members of the standard library packages declared in
// src/lang/go/stdlib/stdlib.ts, by "path.Name" and "path.Type.Method". Generators
// (anything that may park, sleep, make a syscall or charge cycles) are listed in
// NATIVE_GENERATORS so that the back end calls them with yield*.

import { GoPanic, GoExit } from '../runtime2.ts';
import { getg, Gosched, GOMAXPROCS, racefini, raceflush, type Runtime } from '../proc.ts';
import { compute } from '../../machine/instr.ts';
import { writeFdBytes, readFd, closeFd } from '../fmt.ts';
import { WaitGroup, Mutex, RWMutex, Once } from '../sema.ts';
import { NotifyList, notifyListAdd, notifyListWait, notifyListNotifyOne, notifyListNotifyAll } from '../notifylist.ts';
import { Sleep, Now, NewTimer, NewTicker, AfterFunc, sendTimeAs, type TimeTimer } from '../time.ts';
import { format, fields, unixNano, unixTime, fromUnix, timeString, monthString, weekdayString, type GoTime } from './timefmt.ts';
import { Listen, Dial, Conn, Listener } from '../net.ts';
import { OpError } from '../fd.ts';
import { newproc } from '../proc.ts';
import { cheaprand, cheaprandn } from '../rand.ts';
import { GC, ReadMemStats } from '../mgc.ts';
import { Iface, Slice, box, typeIs, add64, addu64, mul64, div64, tof, norm64, type I64, mkslice, bytesOf, fromBytes, decodeRune, encodeRune, type TypeDesc } from './values.ts';
import { sprintf, sprint, sprintln, formatG, quote } from './fmt.ts';

type G = Generator<any, any, any>;
type Fn = (...a: any[]) => unknown;

// --- native types' descriptors (their values live in boxes the program receives) ------------------

function nativeType(kind: string, str: string, methods: Record<string, (r: any, ...a: any[]) => G>): TypeDesc {
  return { kind, str, name: str.replace(/^\*?[a-z/]+\./, ''), methods };
}

const errorStringT: TypeDesc = nativeType('pointer', '*errors.errorString', { *Error(r: { s: string }) { return r.s; } });
export function newError(s: string): Iface { return box(errorStringT, { s }); }
const wrapErrorT: TypeDesc = nativeType('pointer', '*fmt.wrapError', { *Error(r: { s: string }) { return r.s; }, *Unwrap(r: { err: Iface | null }) { return r.err; } });

/** io.EOF: one value, compared by identity as Go's sentinel errors are. */
const EOF = newError('EOF');

/** *net.OpError: a failed network call, as net.Error (its text, Timeout, Temporary). */
const netOpErrorT: TypeDesc = nativeType('pointer', '*net.OpError', {
  *Error(e: OpError) { return e.toString(); },
  *Timeout(e: OpError) { return e.err === 'i/o timeout'; },
  *Temporary(e: OpError) { return e.Temporary(); },
});
function opError(e: OpError): Iface { return box(netOpErrorT, e); }

const tcpAddrT: TypeDesc = nativeType('pointer', '*net.TCPAddr', { *Network() { return 'tcp'; }, *String(r: { s: string }) { return r.s; } });
const tcpConnT: TypeDesc = nativeType('pointer', '*net.TCPConn', {
  *Read(c: Conn, b: Slice<number> | null) {
    const n = b === null ? 0 : b.len;
    const r = yield* c.Read(n);
    if (r instanceof OpError) return [0, opError(r)];
    if (r.length === 0 && n > 0) return [0, EOF];
    for (let i = 0; i < r.length; i++) b!.a[b!.off + i] = r[i]!;
    return [r.length, null];
  },
  *Write(c: Conn, b: Slice<number> | null) {
    const bytes = new Uint8Array(b === null ? 0 : b.len);
    for (let i = 0; i < bytes.length; i++) bytes[i] = b!.a[b!.off + i]!;
    const r = yield* c.Write(bytes);
    if (r instanceof OpError) return [0, opError(r)];
    return [r, null];
  },
  *Close(c: Conn) { const r = yield* c.Close(); return r === null ? null : opError(r); },
  *LocalAddr(c: Conn) { return box(tcpAddrT, { s: c.LocalAddr() }); },
  *RemoteAddr(c: Conn) { return box(tcpAddrT, { s: c.RemoteAddr() }); },
  *SetDeadline(c: Conn, t: { ns: number }) { yield* c.SetDeadline(t.ns === 0 ? 0 : t.ns - (yield* Now())); return null; },
  *SetReadDeadline(c: Conn, t: { ns: number }) { yield* c.SetReadDeadline(t.ns === 0 ? 0 : t.ns - (yield* Now())); return null; },
  *SetWriteDeadline(c: Conn, t: { ns: number }) { yield* c.SetWriteDeadline(t.ns === 0 ? 0 : t.ns - (yield* Now())); return null; },
});
const tcpListenerT: TypeDesc = nativeType('pointer', '*net.TCPListener', {
  *Accept(l: Listener) { const c = yield* l.Accept(); return c instanceof OpError ? [null, opError(c)] : [box(tcpConnT, c), null]; },
  *Close(l: Listener) { const r = yield* l.Close(); return r === null ? null : opError(r); },
  *Addr(l: Listener) { return box(tcpAddrT, { s: l.Addr() }); },
});

// --- helpers ---------------------------------------------------------------------------------------

function args(s: Slice<Iface | null> | null): (Iface | null)[] { return s === null ? [] : s.a.slice(s.off, s.off + s.len); }
function rt(): Runtime { return getg().rt as Runtime; }

/** Write a byte string to a file descriptor (os.Stdout is fd 1). */
function* writeBytes(fd: number, s: string): G {
  return yield* writeFdBytes(fd, bytesOf(s));
}

function fileFd(w: Iface | null): number | null {
  if (w === null) return null;
  const o = w.v as { impl?: unknown; fd?: number } | null;
  return o !== null && typeof o === 'object' && typeof (o as { fd?: number }).fd === 'number' ? (o as { fd: number }).fd : null;
}

function* fprint(w: Iface | null, s: string): G {
  const fd = fileFd(w);
  if (fd !== null) { const n = yield* writeBytes(fd, s); return [n, null]; }
  if (w === null) throw new GoPanic(newError('invalid memory address or nil pointer dereference'));
  const write = w.t.methods?.Write;
  if (write === undefined) return [0, newError('not a writer')];
  return yield* write(w.v, mkslice([...bytesOf(s)]));
}

/** os.Stdin/Stdout/Stderr: an *os.File over fd 0/1/2, named as Go names them in errors. */
interface StdFile { fd: number; name: string; closed: boolean }
function stdFile(fd: number): StdFile { return { fd, name: ['/dev/stdin', '/dev/stdout', '/dev/stderr'][fd]!, closed: false }; }

function durationString(d: I64): string {
  // time.Duration.String: "1h2m3.5s", "1.5ms", "0s"; in bigint, so that every int64 prints exactly
  if (d === 0) return '0s';
  const neg = d < 0; let u = BigInt(d); if (neg) u = -u;
  let s: string;
  if (u < 1000000000n) {
    let unit: string; let div: bigint;
    if (u < 1000n) { unit = 'ns'; div = 1n; } else if (u < 1000000n) { unit = 'µs'; div = 1000n; } else { unit = 'ms'; div = 1000000n; }
    s = fmtFrac(u, div) + unit;
  } else {
    const h = u / 3600000000000n; u -= h * 3600000000000n;
    const m = u / 60000000000n; u -= m * 60000000000n;
    s = (h > 0n ? `${h}h` : '') + (h > 0n || m > 0n ? `${m}m` : '') + fmtFrac(u, 1000000000n) + 's';
  }
  return (neg ? '-' : '') + fromBytes(new TextEncoder().encode(s));
}
function fmtFrac(v: bigint, div: bigint): string {
  const whole = v / div;
  if (div === 1n) return String(whole);
  const frac = String(v - whole * div).padStart(String(div).length - 1, '0').replace(/0+$/, '');
  return frac === '' ? String(whole) : `${whole}.${frac}`;
}
/** Duration.Seconds and Minutes as Go computes them (whole units and the rest, each converted), exact for every int64. */
function durationIn(d: I64, unit: number): number {
  if (typeof d === 'number') return d / unit;
  const u = BigInt(unit);
  return Number(d / u) + Number(d % u) / unit;
}

function strconvErr(fn: string, s: string, msg: string): Iface { return newError(`strconv.${fn}: parsing ${quote(s)}: ${msg}`); }

// --- the table -----------------------------------------------------------------------------------

export const NATIVES: Record<string, Fn> = {
  // fmt
  *'fmt.Println'(a: Slice<Iface | null> | null) { const n = yield* writeBytes(1, sprintln(args(a))); return [n, null]; },
  *'fmt.Print'(a: Slice<Iface | null> | null) { const n = yield* writeBytes(1, sprint(args(a))); return [n, null]; },
  *'fmt.Printf'(f: string, a: Slice<Iface | null> | null) { const n = yield* writeBytes(1, sprintf(f, args(a))); return [n, null]; },
  'fmt.Sprintf'(f: string, a: Slice<Iface | null> | null) { return sprintf(f, args(a)); },
  'fmt.Sprint'(a: Slice<Iface | null> | null) { return sprint(args(a)); },
  'fmt.Sprintln'(a: Slice<Iface | null> | null) { return sprintln(args(a)); },
  'fmt.Errorf'(f: string, a: Slice<Iface | null> | null) {
    const list = args(a);
    const wi = [...f.matchAll(/%[-+# 0-9.]*([a-zA-Z%])/g)].filter((m) => m[1] !== '%').findIndex((m) => m[1] === 'w');
    const msg = sprintf(f.replace(/%w/g, '%v'), list);
    return wi >= 0 ? box(wrapErrorT, { s: msg, err: list[wi] ?? null }) : newError(msg);
  },
  *'fmt.Fprintln'(w: Iface | null, a: Slice<Iface | null> | null) { return yield* fprint(w, sprintln(args(a))); },
  *'fmt.Fprintf'(w: Iface | null, f: string, a: Slice<Iface | null> | null) { return yield* fprint(w, sprintf(f, args(a))); },
  *'fmt.Fprint'(w: Iface | null, a: Slice<Iface | null> | null) { return yield* fprint(w, sprint(args(a))); },
  // errors
  'errors.New'(s: string) { return newError(s); },
  'errors.Unwrap'(e: Iface | null) { const u = (e?.v as { err?: Iface | null } | null)?.err; return u ?? null; },
  'errors.Is'(e: Iface | null, target: Iface | null) {
    for (let x = e; x !== null; x = (x.v as { err?: Iface | null } | null)?.err ?? null) if (x === target || (x.t === target?.t && x.v === target.v)) return true;
    return e === target;
  },
  'errors.As'(e: Iface | null, target: Iface | null) {
    if (target === null || target.t.kind !== 'pointer' || target.v === null) throw new GoPanic(newError('errors: target must be a non-nil pointer'));
    const want = target.t.elem!;
    const cell = target.v as { v: unknown };
    for (let x = e; x !== null; x = (x.v as { err?: Iface | null } | null)?.err ?? null) {
      if (typeIs(x, want)) { cell.v = want.kind === 'interface' ? x : x.v; return true; }
    }
    return false;
  },
  'errors.Join'(es: Slice<Iface | null> | null) { const l = args(es).filter((x) => x !== null) as Iface[]; return l.length === 0 ? null : newError(l.map((x) => (x.v as { s: string }).s ?? '').join('\n')); },
  // os
  /** os.Exit: exit_group(code) at once; deferred calls do not run. */
  *'os.Exit'(code: number) {
    const r = rt();
    // -race: the reports found so far go out; os.Exit(0) runs racefini ("Found N", status 66 if any), as Go's does
    if (r.race !== null) { if (code === 0) code = yield* racefini(r); else yield* raceflush(r); }
    r.exiting = true; yield* r.os.exit(code);
  },
  'os.Getenv'(k: string) { return rt().info.env[k] ?? ''; },
  'os.LookupEnv'(k: string) { const v = rt().info.env[k]; return [v ?? '', v !== undefined]; },
  'os.Getpid'() { return rt().info.pid; },
  *'os.File.Write'(f: { fd: number }, b: Slice<number> | null) { let s = ''; for (let i = 0; b !== null && i < b.len; i++) s += String.fromCharCode(b.a[b.off + i]!); const n = yield* writeBytes(f.fd, s); return [n, null]; },
  *'os.File.WriteString'(f: { fd: number }, s: string) { const n = yield* writeBytes(f.fd, s); return [n, null]; },
  *'os.File.Read'(f: StdFile, b: Slice<number> | null) {
    if (f.closed) return [0, newError(`read ${f.name}: file already closed`)];
    if (b === null || b.len === 0) return [0, null];
    const r = yield* readFd(f.fd, b.len);
    if (typeof r === 'number') return [0, newError(`read ${f.name}: ${rt().os.strerror(-r)}`)];
    if (r.length === 0) return [0, EOF];
    for (let i = 0; i < r.length; i++) b.a[b.off + i] = r[i]!;
    return [r.length, null];
  },
  *'os.File.Close'(f: StdFile) {
    if (f.closed) return newError(`close ${f.name}: file already closed`);
    f.closed = true;
    const r = yield* closeFd(f.fd);
    return r < 0 ? newError(`close ${f.name}: ${rt().os.strerror(-r)}`) : null;
  },
  // time
  'time.Duration.String'(d: I64) { return durationString(d); },
  'time.Duration.Seconds'(d: I64) { return durationIn(d, 1e9); },
  'time.Duration.Minutes'(d: I64) { return durationIn(d, 6e10); },
  'time.Duration.Milliseconds'(d: I64) { return typeof d === 'number' ? Math.trunc(d / 1e6) + 0 : div64(d, 1e6, false); },
  'time.Duration.Microseconds'(d: I64) { return typeof d === 'number' ? Math.trunc(d / 1e3) + 0 : div64(d, 1e3, false); },
  'time.Duration.Nanoseconds'(d: number) { return d; },
  'time.Month.String'(m: number) { return monthString(m); },
  'time.Weekday.String'(d: number) { return weekdayString(d); },
  'time.Time.Sub'(t: GoTime, u: GoTime) { return t.ns - u.ns; },
  'time.Time.Add'(t: GoTime, d: I64) { return { ns: t.ns + tof(d), nomono: t.nomono }; },
  'time.Time.UnixNano'(t: GoTime) { return unixNano(t, epochNs()); }, // about 1.7e18 today: a bigint
  'time.Time.UnixMilli'(t: GoTime) { const u = unixTime(t, epochNs()); return u.sec * 1e3 + Math.floor(u.nsec / 1e6); },
  'time.Time.Unix'(t: GoTime) { return unixTime(t, epochNs()).sec; },
  'time.Time.Before'(t: GoTime, u: GoTime) { return t.ns < u.ns; },
  'time.Time.After'(t: GoTime, u: GoTime) { return t.ns > u.ns; },
  'time.Time.Equal'(t: GoTime, u: GoTime) { return t.ns === u.ns; },
  'time.Time.IsZero'(t: GoTime) { return t.ns === 0; },
  'time.Time.String'(t: GoTime) { return timeString(t, epochNs()); },
  'time.Time.Format'(t: GoTime, layout: string) { return format(t, epochNs(), layout); },
  'time.Time.UTC'(t: GoTime) { return { ns: t.ns, nomono: true }; },
  'time.Time.Local'(t: GoTime) { return { ns: t.ns, nomono: true }; },
  'time.Time.Year'(t: GoTime) { return fields(t, epochNs()).year; },
  'time.Time.Month'(t: GoTime) { return fields(t, epochNs()).month; },
  'time.Time.Day'(t: GoTime) { return fields(t, epochNs()).day; },
  'time.Time.Hour'(t: GoTime) { return fields(t, epochNs()).hour; },
  'time.Time.Minute'(t: GoTime) { return fields(t, epochNs()).min; },
  'time.Time.Second'(t: GoTime) { return fields(t, epochNs()).sec; },
  'time.Time.Nanosecond'(t: GoTime) { return fields(t, epochNs()).nsec; },
  'time.Time.YearDay'(t: GoTime) { return fields(t, epochNs()).yday; },
  'time.Time.Weekday'(t: GoTime) { return fields(t, epochNs()).weekday; },
  'time.Unix'(sec: number, nsec: number) { return fromUnix(sec, nsec, epochNs()); },
  'time.UnixMilli'(msec: number) { const s = Math.floor(msec / 1e3); return fromUnix(s, (msec - s * 1e3) * 1e6, epochNs()); },
  *'time.Now'() { return { ns: yield* Now(), nomono: false }; },
  *'time.Since'(t: GoTime) { return (yield* Now()) - t.ns; },
  *'time.Until'(t: GoTime) { return t.ns - (yield* Now()); },
  *'time.Sleep'(d: I64) { yield* Sleep(tof(d)); },
  *'time.NewTimer'(d: I64) { const t = yield* NewTimer(tof(d)); return { C: timeChan(t), impl: t }; },
  *'time.NewTicker'(d: I64) { if (d <= 0) throw new GoPanic(newError('non-positive interval for NewTicker')); const t = yield* NewTicker(tof(d)); return { C: timeChan(t), impl: t }; },
  *'time.After'(d: I64) { const t = yield* NewTimer(tof(d)); return timeChan(t); },
  *'time.Tick'(d: I64) { if (d <= 0) return null; const t = yield* NewTicker(tof(d)); return timeChan(t); },
  *'time.AfterFunc'(d: I64, f: () => G) {
    const run = function* afterFunc(): G { yield* f(); };
    (run as { $c?: () => unknown[] }).$c = () => [f]; // the timer holds f: a root while it is armed
    const t = yield* AfterFunc(tof(d), run);
    return { C: null, impl: t };
  },
  *'time.Timer.Stop'(t: { impl: TimeTimer }) { return yield* t.impl.Stop(); },
  *'time.Timer.Reset'(t: { impl: TimeTimer }, d: I64) { return yield* t.impl.Reset(tof(d)); },
  *'time.Ticker.Stop'(t: { impl: TimeTimer }) { yield* t.impl.Stop(); },
  *'time.Ticker.Reset'(t: { impl: TimeTimer }, d: I64) { yield* t.impl.Reset(tof(d)); },
  // sync
  'sync.Mutex.Lock'(m: { impl: Mutex | null }): G { return (m.impl ??= new Mutex()).Lock(); },
  'sync.Mutex.Unlock'(m: { impl: Mutex | null }): G { if (m.impl === null) throw new GoPanic(newError('sync: unlock of unlocked mutex')); return m.impl.Unlock(); },
  *'sync.Mutex.TryLock'(m: { impl: Mutex | null }) { return (m.impl ??= new Mutex()).TryLock(); }, // never blocks: a plain call
  *'sync.RWMutex.Lock'(m: { impl: RWMutex | null }) { yield* (m.impl ??= new RWMutex()).Lock(); },
  *'sync.RWMutex.Unlock'(m: { impl: RWMutex | null }) { yield* (m.impl ??= new RWMutex()).Unlock(); },
  *'sync.RWMutex.TryLock'(m: { impl: RWMutex | null }) { return (m.impl ??= new RWMutex()).TryLock(); },
  *'sync.RWMutex.TryRLock'(m: { impl: RWMutex | null }) { return (m.impl ??= new RWMutex()).TryRLock(); },
  *'sync.RWMutex.RLock'(m: { impl: RWMutex | null }) { yield* (m.impl ??= new RWMutex()).RLock(); },
  *'sync.RWMutex.RUnlock'(m: { impl: RWMutex | null }) { yield* (m.impl ??= new RWMutex()).RUnlock(); },
  'sync.WaitGroup.Add'(w: { impl: WaitGroup | null }, n: number): G { return (w.impl ??= new WaitGroup()).Add(n); },
  'sync.WaitGroup.Done'(w: { impl: WaitGroup | null }): G { return (w.impl ??= new WaitGroup()).Done(); },
  *'sync.WaitGroup.Wait'(w: { impl: WaitGroup | null }) { yield* (w.impl ??= new WaitGroup()).Wait(); },
  *'sync.WaitGroup.Go'(w: { impl: WaitGroup | null }, f: () => G) {
    const wg = (w.impl ??= new WaitGroup());
    yield* wg.Add(1);
    yield* newproc(function* wgGo() { try { yield* f(); } finally { yield* wg.Done(); } }, [], () => [f]);
  },
  *'sync.Once.Do'(o: { impl: Once | null }, f: () => G) { yield* (o.impl ??= new Once()).Do(f); },
  'sync.notifyList.add'(l: { impl: NotifyList | null }) { return notifyListAdd(l.impl ??= new NotifyList()); },
  *'sync.notifyList.wait'(l: { impl: NotifyList | null }, t: number) { yield* notifyListWait(l.impl ??= new NotifyList(), t); },
  *'sync.notifyList.notifyOne'(l: { impl: NotifyList | null }) { yield* notifyListNotifyOne(l.impl ??= new NotifyList()); },
  *'sync.notifyList.notifyAll'(l: { impl: NotifyList | null }) { yield* notifyListNotifyAll(l.impl ??= new NotifyList()); },
  'sync.gcCycles'() { return rt().gc?.cycles ?? 0; },
  // runtime
  *'runtime.Gosched'() { yield* Gosched(); },
  *'runtime.GOMAXPROCS'(n: number) { return yield* GOMAXPROCS(n); },
  'runtime.NumGoroutine'() { return rt().ngLive; },
  'runtime.NumCPU'() { return rt().ncpu; },
  *'runtime.GC'() { yield* GC(); },
  *'runtime.ReadMemStats'(m: Record<string, unknown>) {
    const st = yield* ReadMemStats();
    for (const k of ['Alloc', 'TotalAlloc', 'Sys', 'Mallocs', 'Frees', 'HeapAlloc', 'HeapSys', 'HeapIdle', 'HeapInuse', 'HeapReleased', 'HeapObjects',
      'StackInuse', 'StackSys', 'NextGC', 'LastGC', 'PauseTotalNs', 'NumGC', 'NumForcedGC', 'GCCPUFraction'] as const) m[k] = st[k];
    m.Lookups = 0;
  },
  'runtime.Goexit'() { throw new GoExit(); },
  // net
  *'net.Listen'(network: string, address: string) { const l = yield* Listen(network, address); return l instanceof OpError ? [null, opError(l)] : [box(tcpListenerT, l), null]; },
  *'net.Dial'(network: string, address: string) { const c = yield* Dial(network, address); return c instanceof OpError ? [null, opError(c)] : [box(tcpConnT, c), null]; },
  // strings
  'strings.Contains'(s: string, t: string) { return s.includes(t); },
  'strings.ContainsRune'(s: string, r: number) { return s.includes(encodeRune(r)); },
  'strings.HasPrefix'(s: string, t: string) { return s.startsWith(t); },
  'strings.HasSuffix'(s: string, t: string) { return s.endsWith(t); },
  'strings.Index'(s: string, t: string) { return s.indexOf(t); },
  'strings.IndexByte'(s: string, c: number) { return s.indexOf(String.fromCharCode(c)); },
  'strings.LastIndex'(s: string, t: string) { return s.lastIndexOf(t); },
  'strings.Split'(s: string, sep: string) { return mkslice(sep === '' ? splitRunes(s) : s.split(sep)); },
  'strings.Fields'(s: string) { return mkslice(s.split(/[ \t\n\r\v\f]+/).filter((x) => x !== '')); },
  'strings.Join'(xs: Slice<string> | null, sep: string) { return xs === null ? '' : xs.a.slice(xs.off, xs.off + xs.len).join(sep); },
  'strings.Repeat'(s: string, n: I64) {
    if (n < 0) throw new GoPanic(newError('strings: negative Repeat count'));
    // Go's test: len(s)*count overflows int64
    if (n !== 0 && div64(mul64(s.length, n), n, false) !== s.length) throw new GoPanic(newError('strings: Repeat count causes overflow'));
    return s.repeat(n as number);
  },
  'strings.Replace'(s: string, o: string, n: string, k: number) { let out = s; if (k < 0) return s.split(o).join(n); for (let i = 0; i < k && out.includes(o); i++) out = out.replace(o, n); return out; },
  'strings.ReplaceAll'(s: string, o: string, n: string) { return s.split(o).join(n); },
  'strings.ToUpper'(s: string) { return s.replace(/[a-z]+/g, (m) => m.toUpperCase()); },
  'strings.ToLower'(s: string) { return s.replace(/[A-Z]+/g, (m) => m.toLowerCase()); },
  'strings.TrimSpace'(s: string) { return s.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, ''); },
  'strings.Trim'(s: string, cut: string) { let a = 0, b = s.length; while (a < b && cut.includes(s[a]!)) a++; while (b > a && cut.includes(s[b - 1]!)) b--; return s.slice(a, b); },
  'strings.TrimPrefix'(s: string, p: string) { return s.startsWith(p) ? s.slice(p.length) : s; },
  'strings.TrimSuffix'(s: string, p: string) { return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s; },
  'strings.Count'(s: string, t: string) { return t === '' ? splitRunes(s).length + 1 : s.split(t).length - 1; },
  'strings.EqualFold'(s: string, t: string) { return s.toLowerCase() === t.toLowerCase(); },
  'strings.Builder.WriteString'(b: { impl: string | null }, s: string) { b.impl = (b.impl ?? '') + s; return [s.length, null]; },
  'strings.Builder.WriteByte'(b: { impl: string | null }, c: number) { b.impl = (b.impl ?? '') + String.fromCharCode(c); return null; },
  'strings.Builder.WriteRune'(b: { impl: string | null }, r: number) { const e = encodeRune(r); b.impl = (b.impl ?? '') + e; return [e.length, null]; },
  'strings.Builder.String'(b: { impl: string | null }) { return b.impl ?? ''; },
  'strings.Builder.Len'(b: { impl: string | null }) { return (b.impl ?? '').length; },
  'strings.Builder.Reset'(b: { impl: string | null }) { b.impl = null; },
  // strconv
  'strconv.Itoa'(i: I64) { return String(i); },
  'strconv.FormatInt'(i: I64, base: number) { return formatBits('FormatInt', i, base); },
  'strconv.FormatUint'(i: I64, base: number) { return formatBits('FormatUint', i, base); },
  'strconv.Atoi'(s: string) { return parseInt64('Atoi', s, 10, 0); },
  'strconv.ParseInt'(s: string, base: number, bitSize: number) { return parseInt64('ParseInt', s, base, bitSize); },
  'strconv.ParseUint'(s: string, base: number, bitSize: number) { return parseUint64('ParseUint', s, s, base, bitSize); },
  'strconv.ParseFloat'(s: string) { const n = Number(s); return Number.isNaN(n) && s !== 'NaN' || s.trim() === '' ? [0, strconvErr('ParseFloat', s, 'invalid syntax')] : [n, null]; },
  'strconv.FormatFloat'(f: number, fmt: number, prec: number) { const c = String.fromCharCode(fmt); return c === 'f' ? (prec < 0 ? String(f) : f.toFixed(prec)) : c === 'e' ? f.toExponential(prec < 0 ? undefined : prec).replace(/e([+-])(\d)$/, 'e$10$2') : formatG(f, prec); },
  'strconv.Quote'(s: string) { return quote(s); },
  'strconv.ParseBool'(s: string) { if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return [true, null]; if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return [false, null]; return [false, strconvErr('ParseBool', s, 'invalid syntax')]; },
  'strconv.FormatBool'(b: boolean) { return String(b); },
  // unicode/utf8
  'unicode/utf8.RuneCountInString'(s: string) { return splitRunes(s).length; },
  'unicode/utf8.RuneLen'(r: number) { return r < 0 ? -1 : r < 0x80 ? 1 : r < 0x800 ? 2 : r >= 0xd800 && r <= 0xdfff ? -1 : r < 0x10000 ? 3 : r <= 0x10ffff ? 4 : -1; },
  'unicode/utf8.DecodeRuneInString'(s: string) { return s.length === 0 ? [0xfffd, 0] : decodeRune(s, 0); },
  'unicode/utf8.ValidString'(s: string) { for (let i = 0; i < s.length;) { const [r, n] = decodeRune(s, i); if (r === 0xfffd && n === 1) return false; i += n; } return true; },
  // math
  'math.Sqrt': Math.sqrt, 'math.Pow': Math.pow, 'math.Abs': Math.abs, 'math.Floor': Math.floor, 'math.Ceil': Math.ceil,
  'math.Max': Math.max, 'math.Min': Math.min, 'math.Log': Math.log, 'math.Exp': Math.exp, 'math.Sin': Math.sin, 'math.Cos': Math.cos, 'math.Trunc': Math.trunc,
  'math.Round'(x: number) { return x < 0 ? -Math.round(-x) : Math.round(x); },
  'math.Inf'(s: number) { return s >= 0 ? Infinity : -Infinity; },
  'math.NaN'() { return NaN; },
  'math.IsNaN'(f: number) { return Number.isNaN(f); },
  'math.IsInf'(f: number, s: number) { return s > 0 ? f === Infinity : s < 0 ? f === -Infinity : !Number.isFinite(f) && !Number.isNaN(f); },
  'math.Mod'(x: number, y: number) { return x % y; },
  // sync/atomic: a LOCK-prefixed instruction's cost each (the value itself lives in the
  // program's JavaScript heap, so the atomicity is that of one step of one core)
  *'sync/atomic.AddInt64'(p: { v: I64 }, d: I64) { yield compute(ATOMIC_CYCLES); p.v = add64(p.v, d); return p.v; },
  *'sync/atomic.AddInt32'(p: { v: number }, d: number) { yield compute(ATOMIC_CYCLES); p.v = (p.v + d) | 0; return p.v; },
  *'sync/atomic.LoadInt64'(p: { v: number }) { yield compute(1); return p.v; },
  *'sync/atomic.LoadInt32'(p: { v: number }) { yield compute(1); return p.v; },
  *'sync/atomic.StoreInt64'(p: { v: number }, v: number) { yield compute(ATOMIC_CYCLES); p.v = v; },
  *'sync/atomic.StoreInt32'(p: { v: number }, v: number) { yield compute(ATOMIC_CYCLES); p.v = v; },
  *'sync/atomic.CompareAndSwapInt64'(p: { v: number }, o: number, n: number) { yield compute(ATOMIC_CYCLES); if (p.v !== o) return false; p.v = n; return true; },
  *'sync/atomic.CompareAndSwapInt32'(p: { v: number }, o: number, n: number) { yield compute(ATOMIC_CYCLES); if (p.v !== o) return false; p.v = n; return true; },
  *'sync/atomic.AddUint64'(p: { v: I64 }, d: I64) { yield compute(ATOMIC_CYCLES); p.v = addu64(p.v, d); return p.v; },
  *'sync/atomic.SwapUint64'(p: { v: I64 }, n: I64) { yield compute(ATOMIC_CYCLES); const o = p.v; p.v = n; return o; },
  *'sync/atomic.CompareAndSwapUint64'(p: { v: I64 }, o: I64, n: I64) { yield compute(ATOMIC_CYCLES); if (p.v !== o) return false; p.v = n; return true; },
  *'sync/atomic.StoreUint32'(p: { v: number }, v: number) { yield compute(ATOMIC_CYCLES); p.v = v; },
  *'sync/atomic.CompareAndSwapUint32'(p: { v: number }, o: number, n: number) { yield compute(ATOMIC_CYCLES); if (p.v !== o) return false; p.v = n; return true; },
  *'sync/atomic.LoadUint64'(p: { v: number }) { yield compute(1); return p.v; },
  *'sync/atomic.StoreUint64'(p: { v: number }, v: number) { yield compute(ATOMIC_CYCLES); p.v = v; },
  *'sync/atomic.AddUint32'(p: { v: number }, d: number) { yield compute(ATOMIC_CYCLES); p.v = (p.v + d) >>> 0; return p.v; },
  *'sync/atomic.LoadUint32'(p: { v: number }) { yield compute(1); return p.v; },
  *'sync/atomic.SwapInt64'(p: { v: number }, n: number) { yield compute(ATOMIC_CYCLES); const o = p.v; p.v = n; return o; },
  *'sync/atomic.Int64.Add'(x: { v: I64 }, d: I64) { yield compute(ATOMIC_CYCLES); x.v = add64(x.v, d); return x.v; },
  *'sync/atomic.Uint64.Add'(x: { v: I64 }, d: I64) { yield compute(ATOMIC_CYCLES); x.v = addu64(x.v, d); return x.v; },
  *'sync/atomic.Uint64.Load'(x: { v: I64 }) { yield compute(1); return x.v; },
  *'sync/atomic.Uint64.Store'(x: { v: I64 }, v: I64) { yield compute(ATOMIC_CYCLES); x.v = v; },
  *'sync/atomic.Uint64.Swap'(x: { v: I64 }, n: I64) { yield compute(ATOMIC_CYCLES); const o = x.v; x.v = n; return o; },
  *'sync/atomic.Uint64.CompareAndSwap'(x: { v: I64 }, o: I64, n: I64) { yield compute(ATOMIC_CYCLES); if (x.v !== o) return false; x.v = n; return true; },
  *'sync/atomic.Uint32.Add'(x: { v: number }, d: number) { yield compute(ATOMIC_CYCLES); x.v = (x.v + d) >>> 0; return x.v; },
  *'sync/atomic.Uint32.Load'(x: { v: number }) { yield compute(1); return x.v; },
  *'sync/atomic.Uint32.Store'(x: { v: number }, v: number) { yield compute(ATOMIC_CYCLES); x.v = v; },
  *'sync/atomic.Uint32.CompareAndSwap'(x: { v: number }, o: number, n: number) { yield compute(ATOMIC_CYCLES); if (x.v !== o) return false; x.v = n; return true; },
  *'sync/atomic.Int64.Load'(x: { v: number }) { yield compute(1); return x.v; },
  *'sync/atomic.Int64.Store'(x: { v: number }, v: number) { yield compute(ATOMIC_CYCLES); x.v = v; },
  *'sync/atomic.Int64.Swap'(x: { v: number }, n: number) { yield compute(ATOMIC_CYCLES); const o = x.v; x.v = n; return o; },
  *'sync/atomic.Int64.CompareAndSwap'(x: { v: number }, o: number, n: number) { yield compute(ATOMIC_CYCLES); if (x.v !== o) return false; x.v = n; return true; },
  *'sync/atomic.Int32.Add'(x: { v: number }, d: number) { yield compute(ATOMIC_CYCLES); x.v = (x.v + d) | 0; return x.v; },
  *'sync/atomic.Int32.Load'(x: { v: number }) { yield compute(1); return x.v; },
  *'sync/atomic.Int32.Store'(x: { v: number }, v: number) { yield compute(ATOMIC_CYCLES); x.v = v; },
  *'sync/atomic.Int32.CompareAndSwap'(x: { v: number }, o: number, n: number) { yield compute(ATOMIC_CYCLES); if (x.v !== o) return false; x.v = n; return true; },
  *'sync/atomic.Bool.Load'(x: { v: boolean }) { yield compute(1); return x.v; },
  *'sync/atomic.Bool.Store'(x: { v: boolean }, v: boolean) { yield compute(ATOMIC_CYCLES); x.v = v; },
  // sort
  'sort.Ints'(x: Slice<I64> | null) { sortSlice(x, (a, b) => (a < b ? -1 : a > b ? 1 : 0)); },
  'sort.Float64s'(x: Slice<number> | null) { sortSlice(x, (a, b) => (a < b ? -1 : a > b ? 1 : 0)); },
  'sort.Strings'(x: Slice<string> | null) { sortSlice(x, (a, b) => (a < b ? -1 : a > b ? 1 : 0)); },
  'sort.IntsAreSorted'(x: Slice<number> | null) { for (let i = 1; x !== null && i < x.len; i++) if (x.a[x.off + i]! < x.a[x.off + i - 1]!) return false; return true; },
  'sort.SearchInts'(x: Slice<number> | null, v: number) { let lo = 0, hi = x === null ? 0 : x.len; while (lo < hi) { const m = (lo + hi) >> 1; if (x!.a[x!.off + m]! < v) lo = m + 1; else hi = m; } return lo; },
  *'sort.Slice'(x: Iface | null, less: (i: number, j: number) => G) { yield* sortBy(x, less); },
  *'sort.SliceStable'(x: Iface | null, less: (i: number, j: number) => G) { yield* sortBy(x, less); },
  *'sort.Sort'(data: Iface | null) {
    if (data === null) throw new GoPanic(newError('invalid memory address or nil pointer dereference'));
    const m = data.t.methods!;
    const n = (yield* m.Len!(data.v)) as number;
    // insertion sort through the interface's Less and Swap (what sort.Sort does for short inputs)
    for (let i = 1; i < n; i++) for (let j = i; j > 0 && (yield* m.Less!(data.v, j, j - 1)); j--) yield* m.Swap!(data.v, j, j - 1);
  },
  // math/rand's top-level functions: the runtime's generator (Go 1.20+: runtime_rand), the M's wyrand seeded from AT_RANDOM
  'math/rand.Intn'(n: I64) { if (n <= 0) throw new GoPanic(newError('invalid argument to Intn')); return n <= 0x7fffffff ? cheaprandn(getg().m!, n as number) : int63n(n); },
  'math/rand.Int'() { return norm64(BigInt(rand64()) & 0x7fffffffffffffffn); },
  'math/rand.Int63'() { return norm64(BigInt(rand64()) & 0x7fffffffffffffffn); },
  'math/rand.Int63n'(n: I64) { if (n <= 0) throw new GoPanic(newError('invalid argument to Int63n')); return int63n(n); },
  'math/rand.Int31'() { return cheaprand(getg().m!) >>> 1; },
  'math/rand.Int31n'(n: number) { if (n <= 0) throw new GoPanic(newError('invalid argument to Int31n')); return cheaprandn(getg().m!, n); },
  'math/rand.Uint32'() { return cheaprand(getg().m!); },
  'math/rand.Uint64'() { return rand64(); },
  'math/rand.Float64'() { return cheaprand(getg().m!) / 4294967296; },
  'math/rand.Seed'() { /* deprecated since Go 1.20; the generator stays the machine's */ },
  'math/rand.Perm'(n: number) { const a = Array.from({ length: n }, (_, i) => i); for (let i = n - 1; i > 0; i--) { const j = cheaprandn(getg().m!, i + 1); [a[i], a[j]] = [a[j]!, a[i]!]; } return mkslice(a); },
  *'math/rand.Shuffle'(n: number, swap: (i: number, j: number) => G) { for (let i = n - 1; i > 0; i--) yield* swap(i, cheaprandn(getg().m!, i + 1)); },
};

/** 64 random bits from the M's generator (two 32-bit draws, high word first), as a uint64. */
function rand64(): I64 {
  const m = getg().m!;
  const hi = cheaprand(m), lo = cheaprand(m);
  return norm64((BigInt(hi) << 32n) | BigInt(lo));
}
/** rand.Int63n: uniform in [0, n) by rejection of the top partial range, as math/rand's Int63n. */
function int63n(n: I64): I64 {
  const nb = BigInt(n);
  const draw = (): bigint => BigInt(rand64()) & 0x7fffffffffffffffn;
  if ((nb & (nb - 1n)) === 0n) return norm64(draw() & (nb - 1n));
  const max = (1n << 63n) - 1n - (1n << 63n) % nb;
  let v = draw();
  while (v > max) v = draw();
  return norm64(v % nb);
}

// --- strconv's integers ---------------------------------------------------------------------------

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
function formatBits(fn: string, i: I64, base: number): string {
  if (base < 2 || base > 36) throw new GoPanic(newError(`strconv: illegal AppendInt/${fn} base`));
  return i.toString(base);
}
function numError(fn: string, s: string, msg: string): [number, Iface] { return [0, strconvErr(fn, s, msg)]; }
/** ParseUint's digits (s0 the whole input, for the error): the value, or the largest one of bitSize with a range error. */
function parseUint64(fn: string, s0: string, s: string, base: number, bitSize: number): [I64, Iface | null] {
  if (s === '') return numError(fn, s0, 'invalid syntax');
  const base0 = base === 0;
  if (base0) {
    base = 10;
    if (s[0] === '0') {
      const p = s[1]?.toLowerCase();
      if (s.length >= 3 && p === 'b') { base = 2; s = s.slice(2); } else if (s.length >= 3 && p === 'o') { base = 8; s = s.slice(2); } else if (s.length >= 3 && p === 'x') { base = 16; s = s.slice(2); } else { base = 8; s = s.slice(1); }
    }
  } else if (base < 2 || base > 36) return numError(fn, s0, `invalid base ${base}`);
  if (bitSize === 0) bitSize = 64;
  else if (bitSize < 0 || bitSize > 64) return numError(fn, s0, `invalid bit size ${bitSize}`);
  const max = (1n << BigInt(bitSize)) - 1n;
  const b = BigInt(base);
  let n = 0n; let over = false; let underscores = false;
  for (const c of s.toLowerCase()) {
    if (c === '_' && base0) { underscores = true; continue; }
    const d = DIGITS.indexOf(c);
    if (d < 0 || d >= base) return numError(fn, s0, 'invalid syntax');
    if (!over) { n = n * b + BigInt(d); if (n > max) over = true; }
  }
  if (underscores && !underscoreOK(s0)) return numError(fn, s0, 'invalid syntax');
  if (over) return [norm64(max), strconvErr(fn, s0, 'value out of range')];
  return [norm64(n), null];
}
/** Go's underscoreOK: '_' only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let saw = '^'; let i = 0;
  if (s.length >= 2 && s[0] === '0' && /[bBoOxX]/.test(s[1]!)) { i = 2; saw = '0'; }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9a-zA-Z]/.test(c)) { saw = '0'; continue; }
    if (c !== '_' || saw !== '0') return false;
    saw = '_';
  }
  return saw !== '_';
}
function parseInt64(fn: string, s: string, base: number, bitSize: number): [I64, Iface | null] {
  if (s === '') return numError(fn, s, 'invalid syntax');
  const neg = s[0] === '-';
  const body = s[0] === '+' || s[0] === '-' ? s.slice(1) : s;
  const [un, err] = parseUint64(fn, s, body, base, bitSize);
  if (err !== null && un === 0) return [0, err];
  const cutoff = 1n << BigInt((bitSize === 0 ? 64 : bitSize) - 1);
  const u = BigInt(un);
  if (!neg && u >= cutoff) return [norm64(cutoff - 1n), strconvErr(fn, s, 'value out of range')];
  if (neg && u > cutoff) return [norm64(-cutoff), strconvErr(fn, s, 'value out of range')];
  return [norm64(neg ? -u : u), null];
}

/** LOCK XADD / CMPXCHG on a cache line the core owns: ≈ 20 cycles (Agner Fog, Skylake). */
const ATOMIC_CYCLES = 20;

function sortSlice<T>(x: Slice<T> | null, cmp: (a: T, b: T) => number): void {
  if (x === null) return;
  const part = x.a.slice(x.off, x.off + x.len).sort(cmp);
  for (let i = 0; i < part.length; i++) x.a[x.off + i] = part[i]!;
}

/** sort.Slice: a stable merge sort calling the program's less (a generator) for each comparison. */
function* sortBy(x: Iface | null, less: (i: number, j: number) => G): G {
  const s = x?.v as Slice | null;
  if (s === null || s === undefined || s.len < 2) return;
  // sort the indices by less over a snapshot, then permute the elements
  const snap = s.a.slice(s.off, s.off + s.len);
  let idx = snap.map((_, i) => i);
  const tmp = new Array<number>(idx.length);
  for (let w = 1; w < idx.length; w *= 2) {
    for (let lo = 0; lo < idx.length; lo += 2 * w) {
      const mid = Math.min(lo + w, idx.length), hi = Math.min(lo + 2 * w, idx.length);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        // less(i, j) reads the slice, so the candidates are put where less will look
        s.a[s.off] = snap[idx[j]!]; s.a[s.off + 1] = snap[idx[i]!];
        tmp[k++] = (yield* less(0, 1)) ? idx[j++]! : idx[i++]!;
      }
      while (i < mid) tmp[k++] = idx[i++]!;
      while (j < hi) tmp[k++] = idx[j++]!;
    }
    idx = tmp.slice();
  }
  for (let i = 0; i < idx.length; i++) s.a[s.off + i] = snap[idx[i]!];
}

function splitRunes(s: string): string[] { const out: string[] = []; for (let i = 0; i < s.length;) { const n = decodeRune(s, i)[1]; out.push(s.slice(i, i + n)); i += n; } return out; }

/** A timer's channel as Go sees it: it carries time.Time values. */
/** A timer's channel for a compiled program: its values are time.Time, with a monotonic reading. */
function timeChan(t: TimeTimer): unknown {
  sendTimeAs(t, (ns) => ({ ns, nomono: false }));
  return t.C;
}

/** CLOCK_REALTIME at boot: what turns the monotonic clock into wall time. */
function epochNs(): number { return rt().info.realtimeEpochNs; }

/** Package-level variables of native packages: os.Args, os.Stdout, io.EOF. */
export function nativeGlobal(key: string): unknown {
  switch (key) {
    case 'os.Args': return mkslice([...rt().info.argv].map((a) => fromBytes(new TextEncoder().encode(a))));
    case 'os.Stdout': return stdFile(1);
    case 'os.Stderr': return stdFile(2);
    case 'os.Stdin': return stdFile(0);
    case 'io.EOF': return EOF;
  }
  return null;
}

/**
 * Natives that are plain functions returning a run of instructions: fast paths that make no
 * generator unless they must yield (sema.ts). The back end calls them with yield* like the
 * generators.
 */
const PLAIN_RUNS = ['sync.Mutex.Lock', 'sync.Mutex.Unlock', 'sync.WaitGroup.Add', 'sync.WaitGroup.Done'] as const;
for (const k of PLAIN_RUNS) {
  if (NATIVES[k] === undefined || NATIVES[k].constructor.name === 'GeneratorFunction') throw new Error(`assertion: ${k} is a plain native returning a run`);
}

export const NATIVE_GENERATORS: ReadonlySet<string> = new Set([
  ...Object.entries(NATIVES).filter(([, f]) => f.constructor.name === 'GeneratorFunction').map(([k]) => k),
  ...PLAIN_RUNS,
]);
void compute;