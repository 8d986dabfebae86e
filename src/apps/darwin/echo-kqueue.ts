// echo-kqueue: the echo server written against darwin's kqueue, one thread.
// The listener and every connection have an EVFILT_READ knote (level-triggered);
// registrations for new connections ride in the next kevent call's changelist, so
// one call both registers and waits. A READ event's `data` says how many bytes
// wait (on the listener: how many connections), so the loop reads exactly that
// much. What does not fit in the send buffer waits for a one-shot EVFILT_WRITE.
// Closing a connection drops its knotes; no EV_DELETE is needed.
// Usage: echo-kqueue [port=8080] [backlog=4096]
import { darwinProgram, EV_SET, type Kevent } from '../../libsystem/libsystem.ts';
import {
  AF_INET, SOCK_STREAM, INADDR_ANY, SOL_SOCKET, SO_REUSEADDR, SO_NOSIGPIPE, F_GETFL, F_SETFL, O_NONBLOCK, EAGAIN, EINTR,
  EVFILT_READ, EVFILT_WRITE, EV_ADD, EV_ONESHOT, EV_EOF, EV_ENABLE, EV_DISABLE, EMFILE, ENFILE, ENOBUFS, ENOMEM,
} from '../../kernel/uapi/darwin/index.ts';

const BUFSZ = 2048;
const MAXEVENTS = 256;
/** How long accepting stays off after EMFILE at most (ns). */
const PAUSE_NS = 100e6;

export default darwinProgram('echo-kqueue', function* main(c, argv) {
  const port = Number(argv[1] ?? 8080);
  const backlog = Number(argv[2] ?? 4096);
  const lfd = yield* c.socket(AF_INET, SOCK_STREAM, 0);
  if (lfd < 0) { yield* c.perror('socket'); return 1; }
  yield* c.setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, 1);
  if ((yield* c.bind(lfd, { addr: INADDR_ANY, port })) < 0) { yield* c.perror('bind'); return 1; }
  if ((yield* c.listen(lfd, backlog)) < 0) { yield* c.perror('listen'); return 1; }
  yield* c.fcntl(lfd, F_SETFL, (yield* c.fcntl(lfd, F_GETFL)) | O_NONBLOCK);
  const kq = yield* c.kqueue();
  if (kq < 0) { yield* c.perror('kqueue'); return 1; }
  const buf = c.proc.staticAlloc(BUFSZ);
  let changes: Kevent[] = [EV_SET(lfd, EVFILT_READ, EV_ADD)];
  /** Bytes read but not yet written back, per fd (the program's output buffer). */
  const pending = new Map<number, Uint8Array>();

  /**
   * Out of descriptors (EMFILE), the listener's knote is disabled for a while, as nginx
   * disables accept events, rather than failing accept again on every wakeup; one line
   * is logged per episode. A connection closed in this round frees a descriptor.
   */
  let paused = false; let logged = false; let freed = false;

  function* closeConn(fd: number) { freed = true; pending.delete(fd); yield* c.close(fd); }

  /** Write `data` out; keep what does not fit and ask for EVFILT_WRITE. False if the connection is gone. */
  function* writeOut(fd: number, data: Uint8Array) {
    let off = 0;
    yield* c.poke(buf, data);
    while (off < data.length) {
      const w = yield* c.write(fd, buf + off, data.length - off);
      if (w < 0) {
        if (c.errno === EINTR) continue;
        if (c.errno === EAGAIN) break;
        return false;
      }
      off += w;
    }
    if (off < data.length) { pending.set(fd, data.slice(off)); changes.push(EV_SET(fd, EVFILT_WRITE, EV_ADD | EV_ONESHOT)); }
    return true;
  }

  for (;;) {
    const evs = yield* c.kevent(kq, changes, MAXEVENTS, paused ? PAUSE_NS : null);
    changes = [];
    if (evs === -1) { if (c.errno === EINTR) continue; yield* c.perror('kevent'); return 1; }
    freed = false;
    for (const ev of evs) {
      const fd = ev.ident;
      if (fd === lfd) {
        for (let i = 0; i < ev.data; i++) { // data: connections waiting in the accept queue
          const cfd = yield* c.accept(lfd);
          if (cfd < 0) {
            if (c.errno === EMFILE || c.errno === ENFILE || c.errno === ENOBUFS || c.errno === ENOMEM) {
              if (!logged) { logged = true; yield* c.perror('accept (not accepting for up to 100 ms, or until a connection closes)'); }
              if (!paused) { paused = true; changes.push(EV_SET(lfd, EVFILT_READ, EV_DISABLE)); }
            }
            break;
          }
          logged = false;
          yield* c.setsockopt(cfd, SOL_SOCKET, SO_NOSIGPIPE, 1);
          changes.push(EV_SET(cfd, EVFILT_READ, EV_ADD));
        }
        continue;
      }
      if (ev.filter === EVFILT_WRITE) {
        const p = pending.get(fd);
        if (p === undefined) continue;
        pending.delete(fd);
        if (!(yield* writeOut(fd, p))) yield* closeConn(fd);
        continue;
      }
      if (ev.data === 0 && (ev.flags & EV_EOF) !== 0) { yield* closeConn(fd); continue; }
      const n = yield* c.read(fd, buf, Math.min(BUFSZ, ev.data));
      if (n < 0) { if (c.errno === EAGAIN || c.errno === EINTR) continue; yield* closeConn(fd); continue; }
      if (n === 0) { yield* closeConn(fd); continue; }
      if (!(yield* writeOut(fd, (yield* c.peek(buf, n)).slice()))) yield* closeConn(fd);
    }
    // The pause ends when a descriptor is free again, or after a wait with nothing to do.
    if (paused && (freed || evs.length === 0)) { paused = false; changes.push(EV_SET(lfd, EVFILT_READ, EV_ENABLE)); }
  }
});
