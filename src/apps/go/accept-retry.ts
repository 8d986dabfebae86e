// The accept loop of net/http's Server.Serve: an accept error that is temporary
// (EMFILE, ENFILE, ECONNABORTED, …: net.Error's Temporary()) is not fatal and not
// retried at once — the server sleeps 5 ms, doubling on each further failure up to
// 1 s, logs one line per retry ("http: Accept error: accept tcp [::]:8080: accept4:
// too many open files; retrying in 5ms"), and resets the delay after a success.
// Retrying at once would spin: the listener stays readable while the process is out
// of descriptors, and every attempt fails the same way. (log's date prefix is left
// out, as the servers leave out the Date header: runs must not differ by it.)
import { fmt, time, OpError, type Conn, type Gen, type Listener } from '../../runtime/index.ts';

/** Go's time.Duration.String() for the delays used here (whole ms below a second, s above). */
function durationString(ns: number): string { return ns >= 1e9 ? `${ns / 1e9}s` : `${ns / 1e6}ms`; }

/** Accept the next connection, backing off on temporary errors; a permanent error is returned. */
export function* acceptRetrying(ln: Listener, logPrefix: string): Gen<Conn | OpError> {
  let tempDelay = 0;
  for (;;) {
    const conn = yield* ln.Accept();
    if (!(conn instanceof OpError)) return conn;
    if (!conn.Temporary()) return conn;
    tempDelay = tempDelay === 0 ? 5 * time.Millisecond : Math.min(2 * tempDelay, time.Second);
    yield* fmt.Fprintf(2, '%sAccept error: %s; retrying in %s\n', logPrefix, conn.Error(), durationString(tempDelay));
    yield* time.Sleep(tempDelay);
  }
}
