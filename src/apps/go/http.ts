// http: a minimal HTTP/1.x server the Go way — a goroutine per connection, each request
// read until the blank line (and its Content-Length body) and answered with "Hello from
// gomachine\n". A sketch of net/http's conn.serve loop: no routing, no chunked request
// bodies (answered 501), no Date header (it would make runs differ). Persistence follows
// RFC 9112 §9.3 as net/http does: HTTP/1.1 keeps the connection unless the request says
// "Connection: close"; HTTP/1.0 closes after the reply unless it says "Connection:
// keep-alive", and then the reply says so too. The status line carries the request's
// version (writeStatusLine); a malformed request gets 400 and the connection closes.
import { goProgram, go, net, fmt, os, OpError, type Conn, type Gen } from '../../runtime/index.ts';
import { acceptRetrying } from './accept-retry.ts';

const body = 'Hello from gomachine\n';
const MAX_HEADER_BYTES = 1 << 20; // http.DefaultMaxHeaderBytes

/** What the response needs to know about one parsed request head. */
interface RequestHead { http11: boolean; keepAlive: boolean; bodyBytes: number; bad: '' | 'malformed' | 'chunked' }

/** Does the comma-separated header value list contain `token` (httpguts.HeaderValuesContainsToken)? */
function hasToken(values: string[], token: string): boolean {
  return values.some((v) => v.split(',').some((t) => t.trim().toLowerCase() === token));
}

/** readRequest, reduced to what decides framing and persistence. */
function parseHead(head: string): RequestHead {
  const lines = head.split('\r\n');
  const m = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ \S+ HTTP\/1\.([01])$/.exec(lines[0] ?? '');
  if (m === null) return { http11: true, keepAlive: false, bodyBytes: 0, bad: 'malformed' };
  const http11 = m[1] === '1';
  const conn: string[] = []; let bodyBytes = 0; let chunked = false;
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i <= 0) return { http11, keepAlive: false, bodyBytes: 0, bad: 'malformed' };
    const name = l.slice(0, i).toLowerCase(); const value = l.slice(i + 1).trim();
    if (name === 'connection') conn.push(value);
    else if (name === 'content-length') { if (!/^\d+$/.test(value)) return { http11, keepAlive: false, bodyBytes: 0, bad: 'malformed' }; bodyBytes = Number(value); }
    else if (name === 'transfer-encoding') chunked = true;
  }
  const keepAlive = http11 ? !hasToken(conn, 'close') : hasToken(conn, 'keep-alive');
  return { http11, keepAlive, bodyBytes, bad: chunked ? 'chunked' : '' };
}

/** The reply's bytes: net/http's header set for this handler, Connection as chunkWriter.writeHeader decides. */
function response(req: RequestHead): string {
  if (req.bad !== '') {
    const [code, text] = req.bad === 'chunked' ? ['501 Not Implemented', 'Unsupported transfer encoding'] : ['400 Bad Request', '400 Bad Request'];
    return `HTTP/1.1 ${code}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${text}`;
  }
  const connection = !req.keepAlive && req.http11 ? 'Connection: close\r\n' : req.keepAlive && !req.http11 ? 'Connection: keep-alive\r\n' : '';
  return `HTTP/1.${req.http11 ? 1 : 0} 200 OK\r\n${connection}Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
}

function* serve(conn: Conn): Gen<void> {
  let pending = '';
  let skip = 0; // request body bytes still to discard
  for (;;) {
    const b = yield* conn.ReadString(4096);
    if (b instanceof OpError || b.length === 0) break;
    pending += b;
    for (;;) {
      if (skip > 0) { const n = Math.min(skip, pending.length); pending = pending.slice(n); skip -= n; if (skip > 0) break; }
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) {
        if (pending.length > MAX_HEADER_BYTES) { yield* conn.Write('HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large'); yield* conn.Close(); return; }
        break;
      }
      const req = parseHead(pending.slice(0, end));
      pending = pending.slice(end + 4);
      skip = req.bodyBytes;
      const w = yield* conn.Write(response(req));
      if (w instanceof OpError || !req.keepAlive || req.bad !== '') { yield* conn.Close(); return; }
    }
  }
  yield* conn.Close();
}

export default goProgram('go-http', function* main() {
  const port = os.Args()[1] ?? '8080';
  const ln = yield* net.Listen('tcp', `:${port}`);
  if (ln instanceof OpError) { yield* fmt.Println(ln); return; }
  for (;;) {
    const conn = yield* acceptRetrying(ln, 'http: ');
    if (conn instanceof OpError) { yield* fmt.Println(conn); return 1; } // Serve returns the error; ListenAndServe's caller exits
    yield* go(serve, conn);
  }
});
