// What the epoll servers do when accept fails for want of a resource — EMFILE (the
// process is at RLIMIT_NOFILE), ENFILE, ENOBUFS, ENOMEM — as nginx does: stop
// watching the listener for a while (ngx_disable_accept_events) instead of trying
// again at once. The listener stays readable while the queue holds connections, so a
// level-triggered loop that only logs and goes on would wake, fail and log forever
// without ever serving the clients it has. The pause ends after PAUSE_NS, or as soon
// as one of the server's connections closes (a descriptor is free again), whichever
// comes first. One line is logged per episode (up to the next successful accept), not
// one per failure.
import type { LibC, CGen } from '../../libc/libc.ts';
import { CLOCK_MONOTONIC, EMFILE, ENFILE, ENOBUFS, ENOMEM, EPOLLIN, EPOLL_CTL_ADD, EPOLL_CTL_DEL } from '../../kernel/uapi/index.ts';

/** How long accepting stays off after a failure (nginx waits accept_mutex_delay, 500 ms; a shorter wait here). */
export const PAUSE_NS = 100e6;

export class AcceptPause {
  private paused = false;
  private untilNs = 0;
  private logged = false;
  constructor(private readonly c: LibC, private readonly ep: number, private readonly lfd: number, private readonly call: string) {}

  /** accept failed with `errno`: true (and accepting is paused) if it was for want of a resource. */
  *failed(errno: number): CGen<boolean> {
    if (errno !== EMFILE && errno !== ENFILE && errno !== ENOBUFS && errno !== ENOMEM) return false;
    if (!this.logged) { this.logged = true; yield* this.c.perror(`${this.call} (not accepting for up to 100 ms, or until a connection closes)`); }
    if (!this.paused) {
      this.paused = true;
      yield* this.c.epoll_ctl(this.ep, EPOLL_CTL_DEL, this.lfd, 0, 0);
    }
    this.untilNs = (yield* this.c.clockGettime(CLOCK_MONOTONIC)) + PAUSE_NS;
    return true;
  }

  /** A connection was accepted: the next failure starts a new episode (and logs again). */
  accepted(): void { this.logged = false; }

  /** The epoll_wait timeout: -1 while accepting, else the ms left of the pause. */
  *timeoutMs(): CGen<number> {
    if (!this.paused) return -1;
    const left = this.untilNs - (yield* this.c.clockGettime(CLOCK_MONOTONIC));
    return Math.max(0, Math.ceil(left / 1e6));
  }

  /** After epoll_wait: resume when the pause is over, or at once if `freed` (a connection closed). */
  *poll(freed: boolean): CGen<void> {
    if (!this.paused) return;
    if (!freed && (yield* this.c.clockGettime(CLOCK_MONOTONIC)) < this.untilNs) return;
    this.paused = false;
    yield* this.c.epoll_ctl(this.ep, EPOLL_CTL_ADD, this.lfd, EPOLLIN, this.lfd);
  }
}
