// echo: a goroutine per connection (the Go way): each reads and writes back until EOF.
// Thousands of connections cost thousands of parked goroutines, not threads: the process
// stays near GOMAXPROCS + sysmon threads, all waiting happens in netpoll.
import { goProgram, go, net, fmt, os, OpError, type Conn, type Gen } from '../../runtime/index.ts';
import { acceptRetrying } from './accept-retry.ts';

function* handle(conn: Conn): Gen<void> {
  for (;;) {
    const b = yield* conn.Read(4096);
    if (b instanceof OpError || b.length === 0) break;
    const w = yield* conn.Write(b);
    if (w instanceof OpError) break;
  }
  yield* conn.Close();
}

export default goProgram('go-echo', function* main() {
  const port = os.Args()[1] ?? '8080';
  const ln = yield* net.Listen('tcp', `:${port}`);
  if (ln instanceof OpError) { yield* fmt.Println(ln); return; }
  for (;;) {
    const conn = yield* acceptRetrying(ln, ''); // out of fds: back off as net/http does, not spin
    if (conn instanceof OpError) { yield* fmt.Println(conn); return 1; }
    yield* go(handle, conn);
  }
});
