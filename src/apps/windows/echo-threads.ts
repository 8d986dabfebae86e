// echo-threads for windows: the thread-per-connection server against kernel32 and
// ws2_32. main accepts in a loop (a blocking accept: AcceptEx and a wait on the
// thread's event) and starts one thread per connection with CreateThread; each
// thread does blocking recv/send — an AFD request and NtWaitForSingleObject while it
// pends — until the peer closes, then closes its socket and returns. Windows has no
// SIGPIPE to guard against.
// Usage: echo-threads [port=8080] [backlog=4096]
import { win32Program, type Win32 } from '../../win32/win32.ts';
import { AF_INET, SOCK_STREAM, IPPROTO_TCP, INADDR_ANY } from '../../kernel/uapi/windows/index.ts';

const BUFSZ = 2048;

function* handler(c: Win32, s: number) {
  const buf = yield* c.VirtualAlloc(BUFSZ);
  if (buf < 0) { yield* c.closesocket(s); return 1; }
  for (;;) {
    const n = yield* c.recv(s, buf, BUFSZ);
    if (n <= 0) break;
    if ((yield* c.send(s, buf, n)) < 0) break;
  }
  yield* c.closesocket(s);
  yield* c.VirtualFree(buf);
  return 0;
}

export default win32Program('echo-threads', function* main(c, argv) {
  const port = Number(argv[1] ?? 8080);
  const backlog = Number(argv[2] ?? 4096);
  yield* c.WSAStartup();
  const ls = yield* c.WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (ls < 0) { yield* c.perror('WSASocket'); return 1; }
  if ((yield* c.bind(ls, { addr: INADDR_ANY, port })) < 0) { yield* c.perror('bind'); return 1; }
  if ((yield* c.listen(ls, backlog)) < 0) { yield* c.perror('listen'); return 1; }
  for (;;) {
    const s = yield* c.accept(ls);
    if (s < 0) { yield* c.perror('accept'); continue; }
    const h = yield* c.CreateThread(handler, s);
    if (h < 0) { yield* c.perror('CreateThread'); yield* c.closesocket(s); continue; }
    yield* c.CloseHandle(h);
  }
});
