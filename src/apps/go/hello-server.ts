// hello-server: the seed's Go server, as written — net.Listen(":8080"), Accept, Read(1024),
// Write("Hello"), Close. The runtime makes the socket non-blocking and registers it with
// epoll; Accept and Read park the goroutine in "IO wait" until netpoll says it is ready.
//
//   listener, _ := net.Listen("tcp", ":8080")
//   conn, _ := listener.Accept()
//   buf := make([]byte, 1024)
//   conn.Read(buf)
//   conn.Write([]byte("Hello"))
//   conn.Close()
import { goProgram, net, fmt, os, OpError } from '../../runtime/index.ts';

export default goProgram('go-hello-server', function* main() {
  const port = os.Args()[1] ?? '8080';
  const listener = yield* net.Listen('tcp', `:${port}`);
  if (listener instanceof OpError) { yield* fmt.Println(listener); return; }
  const conn = yield* listener.Accept();
  if (conn instanceof OpError) { yield* fmt.Println(conn); return; }
  yield* conn.Read(1024);
  yield* conn.Write('Hello');
  yield* conn.Close();
});
