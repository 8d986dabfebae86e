// net/http's server compiled from Go source, on the wire: test/lang/go/http/server.go
// (a ServeMux with handlers that write text, a 3,000-byte body, JSON, an error, nothing
// at all, and one that reads the request body) answers each request below with the
// bytes go1.19 answered it with — recorded in test/lang/go/http/NAME.out by sending the
// same request to the same program built by Go. Only the Date header's value differs
// (the machine's clock starts at 2026-01-01T00:00:00Z): it is compared by form.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bootNet, runUntil } from '../../kernel/net/harness.ts';
import { compileGoPath } from '../../../src/lang/go/compile.ts';
import { cProgram, type LibC } from '../../../src/libc/libc.ts';
import { AF_INET, SOCK_STREAM, INADDR_LOOPBACK } from '../../../src/kernel/uapi/index.ts';
import type { Executable } from '../../../src/kernel/uapi/image.ts';

const DIR = path.join(import.meta.dirname, 'http');
const server = compileGoPath(path.join(DIR, 'server.go'));
/** A mux with "/" (which matches every path), "/echo/" and "/exact". */
const root = compileGoPath(path.join(DIR, 'root.go'));

/**
 * One client's conversation with the server on 127.0.0.1:8080: the request, then
 * everything read to EOF — or, for a connection the server keeps open, what arrived
 * within 5 ms, after which the client closes.
 */
function converse(exe: Executable, request: string, keptOpen = false): string {
  const rig = bootNet({ cores: 2 });
  rig.k.spawn(exe, ['server'], {});
  let got = '';
  const client = cProgram('client', function* (c: LibC) {
    yield* c.usleep(2000);
    const fd = yield* c.socket(AF_INET, SOCK_STREAM, 0);
    if ((yield* c.connect(fd, { addr: INADDR_LOOPBACK, port: 8080 })) < 0) return 1;
    yield* c.write(fd, request, Buffer.byteLength(request));
    const buf = yield* c.malloc(4096);
    if (keptOpen) {
      yield* c.usleep(5000);
      const r = yield* c.read(fd, buf, 4096);
      if (r > 0) got += yield* c.peekString(buf, r);
      yield* c.close(fd);
      return 0;
    }
    for (;;) { const r = yield* c.read(fd, buf, 4096); if (r <= 0) break; got += yield* c.peekString(buf, r); }
    return 0;
  });
  const p = rig.k.spawn(client, ['client'], {});
  runUntil(rig, () => p.state !== 'alive', 10e9);
  expect([p.state, p.wstatus]).toEqual(['reaped', 0]);
  return got;
}

const DATE = /Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT\r\n/g;
const byForm = (s: string): string => s.replace(DATE, 'Date: <date>\r\n');

const CASES: [string, string][] = [
  ['notfound', 'GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['hello', 'GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: gm\r\nConnection: close\r\n\r\n'],
  ['big', 'GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['body', 'POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc'],
  ['chunkedreq', 'POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n'],
  ['json', 'GET /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['err', 'GET /err HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['empty', 'GET /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['nohost', 'GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n'],
  ['pipelined', 'GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['head', 'HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
];

const ROOT_CASES: [string, string][] = [
  ['root-http10', 'GET /nothing/here HTTP/1.0\r\n\r\n'],
  ['root-teapot', 'GET /exact HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['root-echo', 'POST /echo/a/b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello'],
  ['root-garbage', 'garbage\r\n\r\n'],
  ['root-keepalive10', 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'],
  ['root-redirect', 'GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['root-query', 'GET /echo/x%20y?a=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['root-badversion', 'GET / HTTP/9\r\nHost: x\r\n\r\n'],
  ['root-te', 'POST /echo/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n'],
];

describe('net/http compiled from source answers as go1.19 does', () => {
  for (const [name, request] of CASES) {
    it(`${name}: ${JSON.stringify(request.split('\r\n')[0])}`, () => {
      const want = readFileSync(path.join(DIR, `${name}.out`), 'latin1');
      const got = converse(server, request);
      expect(byForm(got)).toBe(byForm(want));
    });
  }

  for (const [name, request] of ROOT_CASES) {
    it(`${name}: ${JSON.stringify(request.split('\r\n')[0])}`, () => {
      const want = readFileSync(path.join(DIR, `${name}.out`), 'latin1');
      expect(byForm(converse(root, request, name === 'root-keepalive10'))).toBe(byForm(want));
    });
  }

  it('the Date header is the machine\'s wall clock, in http.TimeFormat', () => {
    const got = converse(server, CASES[1]![1]);
    expect(got).toMatch(/\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n/);
  });
});
