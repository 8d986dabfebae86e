// NT's object manager, as much of it as user mode sees: a per-process handle
// table of referenced objects, and the dispatcher objects a thread can wait on.
//
// The handle table is the process's file table: a handle is (index + 1) * 4 —
// NT hands out multiples of 4, the low two bits being tag bits the kernel
// ignores — so 4, 8 and 12 are the console's stdin, stdout and stderr, and an
// object lives until its last handle (and the last call holding it) is gone,
// with the same reference counting as Linux's open files. Every kind of object
// here — an event, a thread, a completion port, an AFD socket endpoint — is a
// File of the core, whatever its NT type.
//
// Waiting (KeWaitForSingleObject/KeWaitForMultipleObjects): a thread queues on
// each object's wait list and sleeps; a wake-up re-runs the service, which
// checks the objects again and "satisfies" the first signalled one (an
// auto-reset event is reset by the wait it ends).

import type { Kernel } from '../kernel.ts';
import { Wake, type Thread } from '../proc.ts';
import { File } from '../file.ts';
import { WaitQueue } from '../waitqueue.ts';
import { NtCurrentThread, NtCurrentProcess } from '../uapi/windows/flags.ts';

/** Handle ↔ table index. */
export function handleIndex(h: number): number { return h > 0 && h % 4 === 0 ? h / 4 - 1 : -1; }
export function indexHandle(i: number): number { return (i + 1) * 4; }

/** ObReferenceObjectByHandle: the object `h` names in t's process (pseudo-handles excluded), or null. */
export function objectOf(t: Thread, h: number): File | null {
  const i = handleIndex(h);
  return i < 0 ? null : t.proc.fds.get(i);
}

/** ObInsertObject: a new handle to `obj` (the table takes the reference), or -1 when the table is full. */
export function insertHandle(t: Thread, obj: File): number {
  const i = t.proc.fds.install(obj);
  return i < 0 ? -1 : indexHandle(i);
}

/** A dispatcher object: signalled or not, with threads waiting on it. */
export abstract class Waitable extends File {
  abstract readonly waiters: WaitQueue;
  abstract signalled(): boolean;
  /** The side effect of a wait this object satisfied (an auto-reset event resets). */
  satisfy(): void {}
}

/** KEVENT: a notification (manual-reset) or synchronization (auto-reset) event. */
export class EventObject extends Waitable {
  readonly kind = 'event';
  readonly waiters = new WaitQueue();
  constructor(readonly manualReset: boolean, public state: boolean) { super(2); }
  signalled(): boolean { return this.state; }
  override satisfy(): void { if (!this.manualReset) this.state = false; }
  /** KeSetEvent: a notification event releases every waiter; a synchronization event one. */
  set(k: Kernel): boolean {
    const prev = this.state;
    this.state = true;
    if (this.waiters.active) this.waiters.wake((x) => k.wakeUp(x, Wake.Event), 0, this.manualReset ? Infinity : 1);
    return prev;
  }
}

/** ETHREAD, as a handle sees it: signalled once the thread has terminated. */
export class ThreadObject extends Waitable {
  readonly kind = 'thread';
  constructor(readonly thread: Thread) { super(2); }
  /** The kernel wakes this queue when the thread stops (suspended) or ends. */
  get waiters(): WaitQueue { return this.thread.stopped; }
  signalled(): boolean { return this.thread.state === 'dead'; }
}

/** The thread a thread handle names (NtCurrentThread() included), or null. */
export function threadOf(t: Thread, h: number): Thread | null {
  if (h === NtCurrentThread || h === (NtCurrentThread >>> 0)) return t;
  const o = objectOf(t, h);
  return o instanceof ThreadObject ? o.thread : null;
}

export function isCurrentProcess(h: number): boolean { return h === NtCurrentProcess || h === (NtCurrentProcess >>> 0) || h === 0xffffffffffffffff; }
