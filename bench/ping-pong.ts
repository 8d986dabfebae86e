// The unbuffered ping-pong the runtime and race benches share: n round trips over
// two unbuffered channels between main and one goroutine.
import { goProgram, go, make, fmt, type Chan, type Gen } from '../src/runtime/index.ts';

function* pong(ping: Chan<number>, pongc: Chan<number>): Gen<void> {
  for (;;) { const v = yield* ping.recv(); yield* pongc.send(v + 1); }
}

export function pingPongProgram(n: number): ReturnType<typeof goProgram> {
  return goProgram('ping-pong', function* main() {
    const ping = make<number>(); const pongc = make<number>();
    yield* go(pong, ping, pongc);
    let v = 0;
    for (let i = 0; i < n; i++) { yield* ping.send(v); v = yield* pongc.recv(); }
    yield* fmt.Println('round trips', v);
  });
}
