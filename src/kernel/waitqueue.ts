// Wait queues, as in Linux's include/linux/wait.h: a list of waiters, each either
// a sleeping thread or a callback (epoll hooks its ep_poll_callback in here).
// `wake` walks the list once: every non-exclusive waiter is woken, exclusive
// waiters up to `nrExclusive`. Removal is O(1) (doubly linked).

import type { Thread } from './proc.ts';

export type WakeFn = (w: Waiter, key: number) => boolean;

export class Waiter {
  prev: Waiter | null = null;
  next: Waiter | null = null;
  queue: WaitQueue | null = null;
  constructor(
    readonly thread: Thread | null,
    readonly fn: WakeFn | null,
    readonly exclusive: boolean,
    /** Event mask this waiter cares about (poll keys); 0 = any. */
    readonly mask = 0,
  ) {}
}

/** Wakes one sleeping thread. Provided by the kernel (try_to_wake_up). */
export type WakeThread = (t: Thread) => boolean;

export class WaitQueue {
  head: Waiter | null = null;
  tail: Waiter | null = null;
  length = 0;

  /**
   * add_wait_queue / add_wait_queue_exclusive: a non-exclusive waiter goes to the
   * head and an exclusive one to the tail, so a wake-up that stops after its
   * exclusive quota has still reached every non-exclusive waiter.
   */
  add(w: Waiter): void {
    if (w.queue !== null) throw new Error('waiter already queued');
    w.queue = this;
    if (!w.exclusive && this.head !== null) {
      w.prev = null; w.next = this.head; this.head.prev = w; this.head = w;
    } else {
      w.prev = this.tail; w.next = null;
      if (this.tail !== null) this.tail.next = w; else this.head = w;
      this.tail = w;
    }
    this.length++;
  }

  remove(w: Waiter): void {
    if (w.queue !== this) return;
    if (w.prev !== null) w.prev.next = w.next; else this.head = w.next;
    if (w.next !== null) w.next.prev = w.prev; else this.tail = w.prev;
    w.prev = w.next = null; w.queue = null; this.length--;
  }

  get active(): boolean { return this.head !== null; }

  /**
   * __wake_up: wake waiters whose mask matches `key` (0 = everyone). Returns the
   * number of waiters that took the wake-up.
   */
  wake(wakeThread: WakeThread, key = 0, nrExclusive = 1): number {
    let n = 0; let w = this.head;
    while (w !== null) {
      const next = w.next;
      if (key === 0 || w.mask === 0 || (w.mask & key) !== 0) {
        const took = w.fn !== null ? w.fn(w, key) : wakeThread(w.thread!);
        if (took) { n++; if (w.exclusive && --nrExclusive === 0) break; }
      }
      w = next;
    }
    return n;
  }
}
