// http: a minimal HTTP/1.1 server the Go way — a goroutine per connection, keep-alive,
// each request read until the blank line and answered with "Hello from gomachine\n".
// (A sketch of net/http's conn.serve loop: no routing, no chunked bodies.)
import { goProgram, go, net, fmt, os, OpError, type Conn, type Gen } from '../../runtime/index.ts';

const body = 'Hello from gomachine\n';
const response = `HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

function* serve(conn: Conn): Gen<void> {
  let pending = '';
  for (;;) {
    const b = yield* conn.ReadString(4096);
    if (b instanceof OpError || b.length === 0) break;
    pending += b;
    let end: number;
    while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
      pending = pending.slice(end + 4);
      const w = yield* conn.Write(response);
      if (w instanceof OpError) { yield* conn.Close(); return; }
    }
  }
  yield* conn.Close();
}

export default goProgram('go-http', function* main() {
  const port = os.Args()[1] ?? '8080';
  const ln = yield* net.Listen('tcp', `:${port}`);
  if (ln instanceof OpError) { yield* fmt.Println(ln); return; }
  for (;;) {
    const conn = yield* ln.Accept();
    if (conn instanceof OpError) continue;
    yield* go(serve, conn);
  }
});
