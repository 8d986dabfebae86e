// The libc epoll wrappers the epoll servers call, typed for them. They live in
// the LibC class's epoll section (epoll_create1, epoll_ctl, epoll_wait).
import type { LibC, CGen } from '../../libc/libc.ts';

export interface EpollEventOut { events: number; data: number }
export interface EpollLibC {
  epoll_create1(flags: number): CGen<number>;
  epoll_ctl(epfd: number, op: number, fd: number, events: number, data: number): CGen<number>;
  epoll_wait(epfd: number, maxevents: number, timeoutMs: number): CGen<EpollEventOut[] | -1>;
}

export function epollOf(c: LibC): EpollLibC & LibC { return c as unknown as EpollLibC & LibC; }
