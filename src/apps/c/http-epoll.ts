// http-epoll: a minimal HTTP/1.1 server on one thread and epoll. It reads
// requests (possibly pipelined or arriving in pieces) into a per-connection
// buffer, answers GET / with 200 and a small body, other paths with 404, other
// methods with 405 and garbage with 400 (then closes), and keeps connections
// alive unless the client sends "Connection: close" or speaks HTTP/1.0.
// Usage: http-epoll [port=8080]
import { cProgram } from '../../libc/libc.ts';
import { AcceptPause } from './accept-pause.ts';
import {
  AF_INET, SOCK_STREAM, SOCK_NONBLOCK, INADDR_ANY, SOL_SOCKET, SO_REUSEADDR, EAGAIN, EINTR,
  EPOLLIN, EPOLL_CTL_ADD, EPOLL_CTL_DEL, MSG_NOSIGNAL,
} from '../../kernel/uapi/index.ts';

const BUFSZ = 4096;
const MAX_REQUEST = 8192;
export const HTTP_BODY = 'Hello from gomachine\n';

const dec = new TextDecoder();
const enc = new TextEncoder();

function response(status: number, reason: string, body: string, keepAlive: boolean): Uint8Array {
  return enc.encode(`HTTP/1.1 ${status} ${reason}\r\nServer: gomachine-http-epoll\r\nContent-Type: text/plain\r\n` +
    `Content-Length: ${enc.encode(body).length}\r\nConnection: ${keepAlive ? 'keep-alive' : 'close'}\r\n\r\n${body}`);
}

export default cProgram('http-epoll', function* main(c, argv) {
  const port = Number(argv[1] ?? 8080);
  const lfd = yield* c.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (lfd < 0) { yield* c.perror('socket'); return 1; }
  yield* c.setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, 1);
  if ((yield* c.bind(lfd, { addr: INADDR_ANY, port })) < 0) { yield* c.perror('bind'); return 1; }
  if ((yield* c.listen(lfd, 4096)) < 0) { yield* c.perror('listen'); return 1; }
  const ep = yield* c.epoll_create1(0);
  if (ep < 0) { yield* c.perror('epoll_create1'); return 1; }
  yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, lfd, EPOLLIN, lfd);
  const buf = yield* c.malloc(BUFSZ);
  const out = yield* c.malloc(BUFSZ);
  /** Request bytes received and not yet parsed, per connection. */
  const partial = new Map<number, string>();

  /** Out of descriptors, accepting pauses (accept-pause.ts); a connection closed in this round frees one. */
  const pause = new AcceptPause(c, ep, lfd, 'accept4');
  let freed = false;

  function* closeConn(fd: number) {
    freed = true;
    partial.delete(fd);
    yield* c.epoll_ctl(ep, EPOLL_CTL_DEL, fd, 0, 0);
    yield* c.close(fd);
  }

  /** Send a whole response (small: it fits the send buffer of an idle keep-alive connection). */
  function* reply(fd: number, r: Uint8Array) {
    yield* c.poke(out, r);
    let off = 0;
    while (off < r.length) {
      const w = yield* c.send(fd, out + off, r.length - off, MSG_NOSIGNAL);
      if (w < 0) { if (c.errno === EINTR || c.errno === EAGAIN) continue; return false; }
      off += w;
    }
    return true;
  }

  for (;;) {
    const evs = yield* c.epoll_wait(ep, 256, yield* pause.timeoutMs());
    if (evs === -1) { if (c.errno === EINTR) continue; yield* c.perror('epoll_wait'); return 1; }
    freed = false;
    for (const ev of evs) {
      const fd = ev.data;
      if (fd === lfd) {
        for (;;) {
          const cfd = yield* c.accept4(lfd, 0, 0, SOCK_NONBLOCK);
          if (cfd < 0) { if (c.errno === EINTR) continue; yield* pause.failed(c.errno); break; }
          pause.accepted();
          yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, cfd, EPOLLIN, cfd);
        }
        continue;
      }
      const n = yield* c.read(fd, buf, BUFSZ);
      if (n < 0 && (c.errno === EAGAIN || c.errno === EINTR)) continue;
      if (n <= 0) { yield* closeConn(fd); continue; }
      let text = (partial.get(fd) ?? '') + dec.decode(yield* c.peek(buf, n));
      yield* c.spin(20 * n); // parsing
      let open = true;
      for (;;) {
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) break;
        const head = text.slice(0, end); text = text.slice(end + 4);
        const lines = head.split('\r\n');
        const m = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/.exec(lines[0] ?? '');
        let keep = true;
        let r: Uint8Array;
        if (m === null) { r = response(400, 'Bad Request', 'bad request\n', false); keep = false; }
        else {
          // RFC 9112 §9.3: the Connection header is a token list and may come more than once.
          const tokens = lines.slice(1).filter((l) => /^connection:/i.test(l)).flatMap((l) => l.slice(l.indexOf(':') + 1).split(',')).map((t) => t.trim().toLowerCase());
          keep = m[3] === '1' ? !tokens.includes('close') : tokens.includes('keep-alive');
          if (m[1] !== 'GET') r = response(405, 'Method Not Allowed', 'method not allowed\n', keep);
          else if (m[2] !== '/') r = response(404, 'Not Found', 'not found\n', keep);
          else r = response(200, 'OK', HTTP_BODY, keep);
        }
        if (!(yield* reply(fd, r)) || !keep) { open = false; break; }
      }
      if (!open || text.length > MAX_REQUEST) { yield* closeConn(fd); continue; }
      partial.set(fd, text);
    }
    yield* pause.poll(freed);
  }
});
