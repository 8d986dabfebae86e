// What a Go-style program imports: the language's built-ins (go, make, select,
// defer/panic/recover) and the packages the apps use (fmt, time, sync, runtime,
// os, syscall). See src/apps/go/*.ts for programs written against it.

import type { Gen } from './runtime2.ts';
import { store, load } from '../machine/instr.ts';
import { newproc, Gosched, getg, Syscall, syscallBlocking, call, goProgram, GOMAXPROCS, type Runtime } from './proc.ts';
import { makechan, Chan, closechan, chansend1, chanrecv } from './chan.ts';
import * as timepkg from './time.ts';
import { Goexit } from './panic.ts';
import { Mutex, RWMutex, WaitGroup, Once } from './sema.ts';

export { goProgram, call, Chan };
export { select, recv, send, type SelectCase, type SelectResult } from './select.ts';
export { func, defer, panic, recover, Goexit } from './panic.ts';
export { fmt, os } from './fmt.ts';
export { net, Conn, Listener } from './net.ts';
export { OpError, File } from './fd.ts';
export type { Gen };

/** go fn(args...) */
export function* go<A extends unknown[]>(fn: (...a: A) => Gen<unknown>, ...args: A): Gen<void> {
  yield* newproc(fn as (...a: unknown[]) => Gen<unknown>, args);
}

/** make(chan T[, size]); `zero` is T's zero value (0 unless given). */
export function make<T>(size = 0, zero?: T): Chan<T> { return makechan<T>(size, zero); }
/** make(chan *T[, size]): a channel of heap pointers (addresses from newObject), which the collector scans. */
export function makePtrChan(size = 0): Chan<number> { return makechan<number>(size, 0, true); }

/** Operations that also work on a nil channel (null). */
export const chans = {
  send<T>(c: Chan<T> | null, v: T): Gen<void> { return chansend1(c, v); },
  recv<T>(c: Chan<T> | null): Gen<T> { return chanrecv(c, true); },
  close<T>(c: Chan<T> | null): Gen<void> { return closechan(c); },
};

export const time = {
  Nanosecond: timepkg.Nanosecond, Microsecond: timepkg.Microsecond, Millisecond: timepkg.Millisecond,
  Second: timepkg.Second, Minute: timepkg.Minute, Hour: timepkg.Hour,
  Sleep: timepkg.Sleep, After: timepkg.After, AfterFunc: timepkg.AfterFunc, NewTimer: timepkg.NewTimer, NewTicker: timepkg.NewTicker, Tick: timepkg.Tick,
  Now: timepkg.Now, Since: timepkg.Since,
};

export const sync = { Mutex, RWMutex, WaitGroup, Once };
export { Mutex, RWMutex, WaitGroup, Once };

export const runtime = {
  /** runtime.GOOS: the system the program runs on (linux or darwin), fixed at start. */
  get GOOS(): string { return (getg().rt as Runtime).os.GOOS; },
  /** runtime.GOARCH: the machine's architecture. */
  GOARCH: 'amd64',
  /** runtime.NumGoroutine: live user goroutines. */
  NumGoroutine(): number { return (getg().rt as Runtime).ngLive; },
  Gosched,
  /** runtime.GOMAXPROCS(n): returns the previous value; n ≥ 1 and different stops the world and resizes (n < 1 only queries). */
  GOMAXPROCS,
  NumCPU(): number { return (getg().rt as Runtime).ncpu; },
  Goexit,
  GC: (): Gen<void> => gcapi.GC(),
  ReadMemStats: (): Gen<MemStats> => gcapi.ReadMemStats(),
};

const osOf = (): Runtime['os'] => (getg().rt as Runtime).os;

/**
 * package syscall: calls wrapped in entersyscall/exitsyscall, through the system's
 * own interface (raw traps on linux, libSystem on darwin). Syscall/Syscall6 take a
 * number of the kernel the program runs on. Errors are negative errnos of that system.
 */
export const syscall = {
  Syscall,
  Syscall6: Syscall,
  /** syscall.Nanosleep: the Timespec is a local on the goroutine's stack; blocking, so wrapped in entersyscall. */
  Nanosleep(ns: number): Gen<number> { return syscallBlocking(osOf().nanosleep(ns, getg().stackLo + 128)); },
  /** syscall.Pipe: close-on-exec, blocking ends (not registered with the poller). Returns [r, w] or -errno. */
  Pipe(): Gen<[number, number] | number> { return osOf().pipe(getg().stackLo + 128, false); },
  /** syscall.Read into a goroutine-stack buffer: blocking, so wrapped in entersyscall/exitsyscall. */
  *Read(fd: number, n: number): Gen<Uint8Array | number> {
    const buf = getg().stackLo + 256;
    const r = yield* syscallBlocking(osOf().read(fd, buf, Math.min(n, 1536)));
    if (r < 0) return r;
    return (yield* load(getg().stackLo + 256, r)).slice();
  },
  *Write(fd: number, data: string): Gen<number> {
    const b = new TextEncoder().encode(data);
    yield* store(getg().stackLo + 256, b);
    return yield* syscallBlocking(osOf().write(fd, getg().stackLo + 256, b.length));
  },
  /** syscall.Getpid: a raw syscall the runtime does not wrap (RawSyscall). */
  Getpid(): Gen<number> { return osOf().getpid(); },
};

// --- memory: stacks (stack.ts), the heap and the collector (malloc.ts, mgc.ts) ---
export { enter, leave, callFrame, callChain } from './stack.ts';
import { SetMaxStack } from './stack.ts';
import { GC, FreeOSMemory, ReadMemStats, SetGCPercent, type MemStats } from './mgc.ts';
export { newObject, storePtr, loadPtr, storeU64, loadU64, newGlobals, locals, Locals } from './malloc.ts';
export type { MemStats };
/** package runtime/debug. */
export const debug = {
  SetMaxStack, SetGCPercent,
  /** debug.FreeOSMemory: a forced cycle, then every free page returned to the OS. */
  FreeOSMemory,
};
/** runtime.GC and runtime.ReadMemStats. */
export const gcapi = { GC, ReadMemStats };
