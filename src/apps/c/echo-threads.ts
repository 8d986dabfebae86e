// echo-threads: the classic thread-per-connection server. main accepts in a
// loop and starts one pthread per connection; each thread does blocking
// read/write until the peer closes (or resets), then closes its fd and exits.
// SIGPIPE is ignored, as servers do, so a vanished peer is an EPIPE to report.
// Out of descriptors (EMFILE), accept backs off instead of spinning.
// Usage: echo-threads [port=8080] [backlog=4096]
import { echoConnection, AcceptBackoff } from '../posix-echo.ts';
import { cProgram, SIG_IGN_FN, type LibC } from '../../libc/libc.ts';
import { AF_INET, SOCK_STREAM, INADDR_ANY, SOL_SOCKET, SO_REUSEADDR, EINTR, SIGPIPE, EMFILE, ENFILE, ENOBUFS, ENOMEM } from '../../kernel/uapi/index.ts';

function handler(c: LibC, fd: number) { return echoConnection(c, fd, EINTR); }

export default cProgram('echo-threads', function* main(c, argv) {
  const port = Number(argv[1] ?? 8080);
  const backlog = Number(argv[2] ?? 4096);
  yield* c.signal(SIGPIPE, SIG_IGN_FN); // a peer that went away gives EPIPE, not death
  const lfd = yield* c.socket(AF_INET, SOCK_STREAM, 0);
  if (lfd < 0) { yield* c.perror('socket'); return 1; }
  yield* c.setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, 1);
  if ((yield* c.bind(lfd, { addr: INADDR_ANY, port })) < 0) { yield* c.perror('bind'); return 1; }
  if ((yield* c.listen(lfd, backlog)) < 0) { yield* c.perror('listen'); return 1; }
  const backoff = new AcceptBackoff([EMFILE, ENFILE, ENOBUFS, ENOMEM]);
  for (;;) {
    const fd = yield* c.accept(lfd, 0, 0);
    if (fd < 0) { if (c.errno === EINTR || (yield* backoff.failed(c, 'accept'))) continue; yield* c.perror('accept'); continue; }
    backoff.accepted();
    const r = yield* c.pthread_create(handler, fd);
    if (r < 0) { yield* c.fprintf(2, 'pthread_create: error %d\n', -r); yield* c.close(fd); }
  }
});
