// echo-threads for darwin: the thread-per-connection server against libSystem.
// main accepts in a loop and starts one pthread (bsdthread_create) per connection;
// each thread does blocking read/write until the peer closes, then closes its fd
// and exits. A vanished peer must be an EPIPE, not a SIGPIPE: darwin's idiom is
// SO_NOSIGPIPE on the socket.
// Usage: echo-threads [port=8080] [backlog=4096]
import { echoConnection, AcceptBackoff } from '../posix-echo.ts';
import { darwinProgram, type LibSystem } from '../../libsystem/libsystem.ts';
import { AF_INET, SOCK_STREAM, INADDR_ANY, SOL_SOCKET, SO_REUSEADDR, SO_NOSIGPIPE, EINTR, EMFILE, ENFILE, ENOBUFS, ENOMEM } from '../../kernel/uapi/darwin/index.ts';

function handler(c: LibSystem, fd: number) { return echoConnection(c, fd, EINTR); }

export default darwinProgram('echo-threads', function* main(c, argv) {
  const port = Number(argv[1] ?? 8080);
  const backlog = Number(argv[2] ?? 4096);
  const lfd = yield* c.socket(AF_INET, SOCK_STREAM, 0);
  if (lfd < 0) { yield* c.perror('socket'); return 1; }
  yield* c.setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, 1);
  if ((yield* c.bind(lfd, { addr: INADDR_ANY, port })) < 0) { yield* c.perror('bind'); return 1; }
  if ((yield* c.listen(lfd, backlog)) < 0) { yield* c.perror('listen'); return 1; }
  const backoff = new AcceptBackoff([EMFILE, ENFILE, ENOBUFS, ENOMEM]);
  for (;;) {
    const fd = yield* c.accept(lfd);
    if (fd < 0) { if (c.errno === EINTR || (yield* backoff.failed(c, 'accept'))) continue; yield* c.perror('accept'); continue; }
    backoff.accepted();
    yield* c.setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, 1);
    const r = yield* c.pthread_create(handler, fd);
    if (r < 0) { yield* c.write(2, `pthread_create: error ${-r}\n`); yield* c.close(fd); }
  }
});
