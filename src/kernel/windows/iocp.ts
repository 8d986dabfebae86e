// I/O completion ports (NT's KQUEUE under an IoCompletion object; ntos/io/iomgr
// and ke/queueobj.c in the design Windows Internals describes).
//
// A port is a FIFO of completion packets {key, ApcContext (the caller's
// OVERLAPPED), status, information} and a list of waiting threads. A file
// associated with a port (NtSetInformationFile FileCompletionInformation)
// queues one packet per overlapped request that completes — at once or later —
// unless the request had no ApcContext (the Win32 "low bit of hEvent" trick) or
// the file skips completions on synchronous success. NtSetIoCompletion queues a
// packet directly (PostQueuedCompletionStatus).
//
// Waiters are served LIFO: the thread that waited last gets the next packet, so
// a busy server keeps running the threads whose caches are warm. The port's
// concurrency value caps how many threads it releases: a thread that took a
// packet counts as running for the port until it comes back to wait on it; while
// that count is at the cap, packets stay queued even with threads waiting.

import type { Kernel } from '../kernel.ts';
import { Wake, type Thread } from '../proc.ts';
import { File } from '../file.ts';
import { WaitQueue } from '../waitqueue.ts';
import { COSTS } from '../../machine/costs.ts';

export interface Packet { key: number; apc: number; status: number; info: number }

export class IoCompletion extends File {
  readonly kind = 'iocp';
  /** Packets in arrival order: entries from `head` on are queued. */
  private packets: Packet[] = [];
  private head = 0;
  /** Threads blocked in NtRemoveIoCompletion(Ex): the head of the queue is the last to wait. */
  readonly waiters = new WaitQueue();
  /** Threads that took packets and have not come back (KQUEUE.CurrentCount). */
  active = 0;
  /** Threads counted in `active`. */
  private readonly running = new WeakSet<Thread>();
  constructor(readonly concurrency: number) { super(2); }

  get length(): number { return this.packets.length - this.head; }

  /** KeInsertQueue: append, and release the last waiter if the concurrency allows. */
  queue(k: Kernel, p: Packet): void {
    this.packets.push(p);
    k.core.chargeKernel(COSTS.wakeup.cycles >> 1);
    this.releaseWaiter(k);
  }

  /**
   * Release the last waiter if the concurrency allows. It counts as running for the
   * port from now on (KiActivateWaiterQueue hands it the packet), so a second packet
   * arriving before it has run releases nobody at a concurrency of 1.
   */
  private releaseWaiter(k: Kernel): void {
    if (this.active >= this.concurrency) return;
    const w = this.waiters.head; // LIFO: waiters are queued at the head
    if (w === null || w.thread === null) return;
    this.running.add(w.thread); this.active++;
    k.wakeUp(w.thread, Wake.Event);
  }

  /** A thread enters a wait on this port: it no longer counts as running for it. */
  enter(t: Thread): void {
    if (this.running.has(t)) { this.running.delete(t); this.active--; }
  }

  /**
   * KeRemoveQueue for up to `max` packets: the packets taken (maybe none). A thread
   * the port released takes what is there; another only while the count of running
   * threads is below the concurrency value.
   */
  take(t: Thread, max: number): Packet[] {
    const released = this.running.has(t);
    if (this.length === 0) { if (released) this.enter(t); return []; }
    if (!released) {
      if (this.active >= this.concurrency) return [];
      this.running.add(t); this.active++;
    }
    const n = Math.min(max, this.length);
    const out = this.packets.slice(this.head, this.head + n);
    this.head += n;
    if (this.head > 1024 && this.head * 2 > this.packets.length) { this.packets = this.packets.slice(this.head); this.head = 0; }
    return out;
  }

  /** A thread that was counted ends (or the port goes): it runs no more for it. */
  forget(t: Thread): void { this.enter(t); }
}
