// Slowloris against the shipped servers (clients.slowloris), and what each does when accept
// fails with EMFILE: none of them has a read timeout (Go's net/http has none by default), so
// held connections are kept for good; past RLIMIT_NOFILE (1,024) accept fails, and each
// server backs off instead of spinning — go-echo and go-http as net/http's Serve does (5 ms
// doubling to 1 s, one log line per retry), echo-threads the same with one line per episode,
// the epoll and kqueue servers stop watching the listener for up to 100 ms (as nginx
// disables accept events) with one line per episode. The legitimate clients queued behind
// the held connections time out; below the limit they are all served. (accept's error counts
// include the EAGAIN that ends a non-blocking drain of the queue.)
import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { Report } from '../../src/scenario/report.ts';
import { renderReport } from '../../src/scenario/report-text.ts';

const NO_FAILURES = { refused: 0, reset: 0, timeout: 0, wrongReply: 0 };

function yaml(program: string, os: string, held: number): string {
  return `name: slowloris
machine: { cores: 2, os: ${os} }
processes: [{ program: ${program}, args: [8080] }]
network: { nics: [{ addr: 10.0.0.1 }] }
clients:
  connections: 20
  requests: 2
  bytes: 64
  protocol: echo
  target: { port: 8080 }
  startAt: 20ms
  timeout: 1s
  slowloris: { connections: ${held}, send: "GET / HTTP/1.1\\r\\nHost: x\\r\\n", startAt: 1ms }
run: { until: clients, timeLimit: 10s }
`;
}

async function run(program: string, os: string, held: number): Promise<Report> {
  return Report.parse(runScenario(await parseScenario(yaml(program, os, held), 'slowloris.yaml')));
}

/** accept4's (or accept's) calls and failures. */
function accepts(r: Report): { calls: number; errors: number } {
  const s = r.processes[0]!.syscalls;
  return s['accept4'] ?? s['accept']!;
}

const servers: [string, string, string][] = [
  ['echo-epoll', 'linux', 'accept4 (not accepting for up to 100 ms, or until a connection closes): Too many open files\n'],
  ['echo-threads', 'linux', 'accept (retrying with a backoff of 5 ms to 1 s): Too many open files\n'],
  ['echo-kqueue', 'darwin', 'accept (not accepting for up to 100 ms, or until a connection closes): Too many open files\n'],
  ['go-echo', 'linux', ''],
  // The C sources of the epoll and thread servers, compiled: the same answers.
  ['./src/apps/c/echo-epoll.c', 'linux', 'accept4 (not accepting for up to 100 ms, or until a connection closes): Too many open files\n'],
  ['./src/apps/c/echo-threads.c', 'linux', 'accept (retrying with a backoff of 5 ms to 1 s): Too many open files\n'],
];

describe('1,200 held connections and 20 clients beside them', () => {
  for (const [program, os, log] of servers) {
    it(`${program}: survives, fails accept a bounded number of times, logs no more than it should; the clients queued behind time out`, async () => {
      const r = await run(program, os, 1_200);
      expect(r.kernel.oopses).toBe(0);
      const p = r.processes[0]!;
      expect(p.exitStatus).toBeNull(); // still serving
      const sl = r.clients!.slowloris!;
      expect(sl.connections).toBe(1_200);
      expect(sl.closedByServer + sl.reset).toBe(0); // no server times a held connection out
      // About 1,020 descriptors' worth of connections accepted (the rest wait in the queue);
      // then failures only as often as the back-off lets accept run again (~1 s simulated here).
      const a = accepts(r);
      expect(a.calls - a.errors).toBeGreaterThan(1_000);
      expect(a.calls - a.errors).toBeLessThanOrEqual(1_021);
      expect(a.errors).toBeGreaterThan(0);
      expect(a.errors).toBeLessThan(40);
      if (program === 'go-echo') {
        // net/http's words, one line per retry, the delay doubling.
        const lines = p.stderr.trim().split('\n');
        const delays = ['5ms', '10ms', '20ms', '40ms', '80ms', '160ms', '320ms', '640ms', '1s', '1s'];
        expect(lines).toEqual(delays.slice(0, lines.length).map((d) => `Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in ${d}`));
        expect(lines.length).toBeGreaterThanOrEqual(7); // 5 + 10 + … + 320 ms < 1 s of back-off
        expect(lines.length).toBeLessThanOrEqual(a.errors); // the rest of the failures are EAGAIN on an empty queue
      } else {
        expect(p.stderr).toBe(log); // one line for the whole episode
      }
      // The clients' connections sit in the accept queue behind the held ones: every request times out.
      expect(r.clients!.completed).toBe(0);
      expect(r.clients!.failed).toEqual({ ...NO_FAILURES, timeout: 40 });
      expect(renderReport(r)).toContain(`slowloris: 1200 held connections: ${sl.established} established, 0 closed by the server, 0 reset, ${sl.failedToConnect} never connected, ${sl.open} still held at the end`);
    }, 60_000);
  }

  it('go-http: net/http\'s log line, "http: Accept error: …; retrying in 5ms"', async () => {
    const text = yaml('go-http', 'linux', 1_100).replace('protocol: echo', 'protocol: http');
    const r = Report.parse(runScenario(await parseScenario(text, 'slowloris.yaml')));
    expect(r.processes[0]!.stderr.split('\n')[0]).toBe('http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in 5ms');
    expect(r.processes[0]!.exitStatus).toBeNull();
  }, 60_000);
});

describe('below RLIMIT_NOFILE', () => {
  it('500 held connections: every server still serves all 20 clients beside them', async () => {
    for (const [program, os] of servers) {
      const r = await run(program, os, 500);
      expect(r.clients!.completed, program).toBe(40);
      expect(r.clients!.failed, program).toEqual(NO_FAILURES);
      expect(r.clients!.slowloris!.open, program).toBe(500);
      expect(r.processes[0]!.stderr, program).toBe(''); // never out of descriptors
    }
  }, 60_000);
});
