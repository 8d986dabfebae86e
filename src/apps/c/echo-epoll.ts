// echo-epoll: one thread, non-blocking sockets, a level-triggered epoll loop.
// The listener is drained with accept4(SOCK_NONBLOCK) on EPOLLIN; a readable
// connection gets one read and the bytes are written back; what does not fit
// in the send buffer waits for EPOLLOUT. EOF, ECONNRESET or EPIPE close the
// connection and the loop goes on serving the others. Out of descriptors
// (EMFILE), it stops accepting for a while instead of spinning (accept-pause.ts).
// Usage: echo-epoll [port=8080] [backlog=4096]
import { cProgram } from '../../libc/libc.ts';
import { AcceptPause } from './accept-pause.ts';
import {
  AF_INET, SOCK_STREAM, SOCK_NONBLOCK, INADDR_ANY, SOL_SOCKET, SO_REUSEADDR, EAGAIN, EINTR,
  EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLL_CTL_DEL, MSG_NOSIGNAL,
} from '../../kernel/uapi/index.ts';

const BUFSZ = 2048;
const MAXEVENTS = 256;

export default cProgram('echo-epoll', function* main(c, argv) {
  const port = Number(argv[1] ?? 8080);
  const backlog = Number(argv[2] ?? 4096);
  const lfd = yield* c.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (lfd < 0) { yield* c.perror('socket'); return 1; }
  yield* c.setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, 1);
  if ((yield* c.bind(lfd, { addr: INADDR_ANY, port })) < 0) { yield* c.perror('bind'); return 1; }
  if ((yield* c.listen(lfd, backlog)) < 0) { yield* c.perror('listen'); return 1; }
  const ep = yield* c.epoll_create1(0);
  if (ep < 0) { yield* c.perror('epoll_create1'); return 1; }
  yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, lfd, EPOLLIN, lfd);
  const buf = yield* c.malloc(BUFSZ);
  /** Bytes read but not yet written back, per fd (the user-space output buffer). */
  const pending = new Map<number, { addr: number; len: number }>();

  /** Out of descriptors, accepting pauses (accept-pause.ts); a connection closed in this round frees one. */
  const pause = new AcceptPause(c, ep, lfd, 'accept4');
  let freed = false;

  function* closeConn(fd: number) {
    freed = true;
    const p = pending.get(fd);
    if (p !== undefined) { yield* c.free(p.addr); pending.delete(fd); }
    yield* c.epoll_ctl(ep, EPOLL_CTL_DEL, fd, 0, 0);
    yield* c.close(fd);
  }

  /** Write `len` bytes at `addr`; keep the rest for EPOLLOUT. False if the connection is gone. */
  function* writeOut(fd: number, addr: number, len: number) {
    let off = 0;
    while (off < len) {
      const w = yield* c.send(fd, addr + off, len - off, MSG_NOSIGNAL);
      if (w < 0) {
        if (c.errno === EINTR) continue;
        if (c.errno === EAGAIN) break;
        yield* c.perror('write');
        return false;
      }
      off += w;
    }
    if (off < len) {
      const keep = yield* c.malloc(len - off);
      yield* c.poke(keep, yield* c.peek(addr + off, len - off));
      pending.set(fd, { addr: keep, len: len - off });
      yield* c.epoll_ctl(ep, EPOLL_CTL_MOD, fd, EPOLLOUT, fd);
    }
    return true;
  }

  for (;;) {
    const evs = yield* c.epoll_wait(ep, MAXEVENTS, yield* pause.timeoutMs());
    if (evs === -1) { if (c.errno === EINTR) continue; yield* c.perror('epoll_wait'); return 1; }
    freed = false;
    for (const ev of evs) {
      const fd = ev.data;
      if (fd === lfd) {
        for (;;) {
          const cfd = yield* c.accept4(lfd, 0, 0, SOCK_NONBLOCK);
          if (cfd < 0) {
            if (c.errno === EINTR) continue;
            if (!(yield* pause.failed(c.errno)) && c.errno !== EAGAIN) yield* c.perror('accept4');
            break;
          }
          pause.accepted();
          yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, cfd, EPOLLIN, cfd);
        }
        continue;
      }
      const p = pending.get(fd);
      if (p !== undefined) {
        if ((ev.events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) === 0) continue;
        pending.delete(fd);
        const ok = yield* writeOut(fd, p.addr, p.len);
        yield* c.free(p.addr);
        if (!ok) { yield* closeConn(fd); continue; }
        if (!pending.has(fd)) yield* c.epoll_ctl(ep, EPOLL_CTL_MOD, fd, EPOLLIN, fd);
        continue;
      }
      const n = yield* c.read(fd, buf, BUFSZ);
      if (n < 0) {
        if (c.errno === EAGAIN || c.errno === EINTR) continue;
        yield* c.perror('read');
        yield* closeConn(fd);
        continue;
      }
      if (n === 0) { yield* closeConn(fd); continue; }
      if (!(yield* writeOut(fd, buf, n))) yield* closeConn(fd);
    }
    yield* pause.poll(freed);
  }
});
