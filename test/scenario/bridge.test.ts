import { describe, it, expect } from 'vitest';
import net from 'node:net';
import { execFile, spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenario } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import { Bridge, parseBridgeAddr } from '../../src/scenario/bridge.ts';

async function bridged(program: string): Promise<{ sim: Simulation; bridge: Bridge; port: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gm-bridge-'));
  const file = path.join(dir, `${program}.yaml`);
  writeFileSync(file, `name: bridge-${program}\nprocesses:\n  - program: ${program}\n    args: [8080]\nnetwork:\n  nics: [{ addr: 10.0.0.1 }]\n`);
  const sim = new Simulation(await loadScenario(file));
  const bridge = new Bridge(sim, { host: '127.0.0.1', port: 0, targetPort: 8080 });
  const port = await bridge.start();
  return { sim, bridge, port };
}

/** What `printf hi | nc 127.0.0.1 PORT` prints. */
function ncLike(port: number, send: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(send));
    let d = '';
    s.on('data', (b) => { d += b.toString(); });
    s.on('end', () => resolve(d));
    s.on('error', reject);
    setTimeout(() => { s.destroy(); reject(new Error(`no EOF; got ${JSON.stringify(d)}`)); }, 8000);
  });
}

const haveAb = await new Promise<boolean>((r) => execFile('ab', ['-V'], (e) => r(e === null)));

/** Run ApacheBench; its summary lines as a record ("Complete requests" → "2000"). */
function ab(args: string[]): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => execFile('ab', ['-q', '-s', '10', ...args], { timeout: 60_000 }, (e, out, err) => {
    if (e) { reject(new Error(`ab ${args.join(' ')}: ${e.message}\n${err}\n${out}`)); return; }
    resolve(Object.fromEntries(out.split('\n').map((l) => /^([A-Za-z0-9 -]+):\s+(.*)$/.exec(l)).filter((m) => m !== null).map((m) => [m[1]!.trim(), m[2]!.trim()])));
  }));
}

const haveCurl = await new Promise<boolean>((r) => execFile('curl', ['--version'], (e) => r(e === null)));

describe('the bridge when the simulation is slower than the wall clock', () => {
  it('runs the machine at most 20 ms of wall time per catch-up, says it is behind, holds a new connection and pauses reads; caught up once the load is gone, it lets it in and it is served', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gm-bridge-'));
    const file = path.join(dir, 'behind.yaml');
    // Four threads spinning for 300 ms of simulated time keep both cores busy: until they end, the machine runs slower than real time.
    writeFileSync(file, 'name: behind\nprocesses:\n  - program: hello-server\n  - program: spin\n    args: [4, 300]\nnetwork:\n  nics: [{ addr: 10.0.0.1 }]\n');
    const sim = new Simulation(await loadScenario(file));
    let wall = 0; // the bridge's wall clock, ms, driven by the test
    const lines: string[] = [];
    const bridge = new Bridge(sim, { host: '127.0.0.1', port: 0, targetPort: 8080, clock: () => wall, tickMs: 1e9, log: (l) => lines.push(l) });
    const port = await bridge.start();
    const until = async (what: () => boolean): Promise<void> => {
      for (const t0 = performance.now(); !what(); await new Promise((r) => setTimeout(r, 5))) if (performance.now() - t0 > 30_000) throw new Error('gave up waiting');
    };
    try {
      wall = 5_000; // five seconds of wall time have passed
      const t0 = performance.now();
      bridge.catchUp();
      expect(performance.now() - t0).toBeLessThan(20 + 200); // one bounded catch-up (+ one slice in flight), not 5 s of simulation
      expect(bridge.behind).toBe(true);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^gomachine: the simulation is \d\.\d s behind the wall clock; holding new connections and pausing reads until it catches up$/);
      const reply = ncLike(port, 'hi');
      await until(() => bridge.held.length === 1); // accepted by the host, held outside the machine
      // The spinners end at 300 ms of simulated time; then the idle machine skips ahead to the wall clock.
      await until(() => { bridge.catchUp(); return !bridge.behind; });
      expect(sim.machine.cyclesToNs(sim.machine.now)).toBeGreaterThan(4.9e9);
      expect(lines[1]).toBe('gomachine: caught up with the wall clock after 0.0 s; 1 held connection(s) let in');
      const pump = setInterval(() => { wall += 5; bridge.catchUp(); }, 2);
      try { expect(await reply).toBe('Hello'); } finally { clearInterval(pump); }
      const rep = bridge.report();
      expect(rep.behind.episodes).toBe(1);
      expect(rep.behind.maxLagMs).toBeGreaterThan(4_500);
      expect(rep.behind).toMatchObject({ heldAtEnd: 0, refused: 0 });
    } finally { await bridge.stop(); }
  }, 60_000);
});

describe('the bridge', () => {
  it('parses HOST:PORT and PORT (loopback by default)', () => {
    expect(parseBridgeAddr('9000')).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(parseBridgeAddr('0.0.0.0:80')).toEqual({ host: '0.0.0.0', port: 80 });
    expect(() => parseBridgeAddr('nope')).toThrow(/HOST:PORT/);
  });

  it('carries a real TCP connection to hello-server: the client gets exactly Hello', async () => {
    const { bridge, port } = await bridged('hello-server');
    try {
      expect(await ncLike(port, 'hi')).toBe('Hello');
    } finally { await bridge.stop(); }
  });

  it('survives a client that disconnects abruptly and one that sends garbage, then serves curl a 200 from http-epoll', async () => {
    const { sim, bridge, port } = await bridged('http-epoll');
    try {
      // abrupt: connect, send half a request, reset
      await new Promise<void>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => { s.write('GET / HT'); setTimeout(() => { s.resetAndDestroy(); resolve(); }, 50); });
        s.on('error', () => resolve());
      });
      // garbage: the server answers 400 and closes
      const bad = await ncLike(port, '\x00\x01garbage\r\n\r\n');
      expect(bad).toMatch(/^HTTP\/1\.1 400 /);
      if (haveCurl) {
        const out = await new Promise<string>((resolve, reject) => execFile('curl', ['-s', '-i', '--max-time', '8', `http://127.0.0.1:${port}/`], (e, so) => (e ? reject(e) : resolve(so))));
        expect(out).toMatch(/^HTTP\/1\.1 200 OK/);
        expect(out).toContain('Hello from gomachine');
      }
      const p = sim.kernel.snapshot().procs.find((x) => x.name === 'http-epoll')!;
      expect(p.state).toBe('alive');
    } finally { await bridge.stop(); }
  }, 20_000);

  // A client that writes its request and half-closes (nc -N, a Node socket's end()) must still get the
  // whole reply: the bridge's host socket keeps its write side open after the client's FIN.
  for (const program of ['echo', 'echo-epoll']) {
    it(`gives 100 write-then-end clients of ${program} their whole reply and EOF`, async () => {
      const { bridge, port } = await bridged(program === 'echo' ? 'go-echo' : program);
      try {
        const one = (i: number): Promise<string> => new Promise((resolve) => {
          const s = net.connect(port, '127.0.0.1', () => s.end(`request ${i} `.repeat(1 + (i % 7))));
          let d = '';
          s.on('data', (b) => { d += b.toString(); });
          s.on('end', () => resolve(d));
          s.on('error', () => resolve(`${d}<error>`));
          setTimeout(() => { s.destroy(); resolve(`${d}<no EOF>`); }, 10_000);
        });
        const got = await Promise.all(Array.from({ length: 100 }, (_, i) => one(i)));
        const wrong = got.map((g, i) => [i, g] as const).filter(([i, g]) => g !== `request ${i} `.repeat(1 + (i % 7)));
        expect(wrong).toEqual([]);
      } finally { await bridge.stop(); }
    }, 30_000);
  }

  // ab speaks HTTP/1.0: without -k each request is one connection the server must close after its
  // reply; with -k it asks for keep-alive and the server must say so and keep the connection.
  for (const program of ['go-http', 'http-epoll']) {
    it.skipIf(!haveAb)(`serves ab -n 2000 -c 50 and ab -k from ${program} with no failures`, async () => {
      const { bridge, port } = await bridged(program);
      try {
        const close = await ab(['-n', '2000', '-c', '50', `http://127.0.0.1:${port}/`]);
        expect([close['Complete requests'], close['Failed requests'], close['Non-2xx responses'], close['Keep-Alive requests']]).toEqual(['2000', '0', undefined, undefined]);
        const keep = await ab(['-k', '-n', '2000', '-c', '50', `http://127.0.0.1:${port}/`]);
        expect([keep['Complete requests'], keep['Failed requests'], keep['Keep-Alive requests']]).toEqual(['2000', '0', '2000']);
      } finally { await bridge.stop(); }
    }, 60_000);
  }
  if (!haveAb) it.skip('ab (Debian apache2-utils) is not installed: the ab tests against go-http and http-epoll did not run', () => {});

  it('after Ctrl-C (SIGINT) `run --bridge --json` reports stoppedBy interrupted, its wall time and the real clients', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gm-bridge-'));
    const file = path.join(dir, 'bridged-http.yaml');
    writeFileSync(file, 'name: bridged-http\nprocesses:\n  - program: go-http\n    args: [8080]\nnetwork:\n  nics: [{ addr: 10.0.0.1 }]\n');
    const child = spawn(process.execPath, [path.resolve('bin/gomachine.mjs'), 'run', file, '--json', '--bridge', '127.0.0.1:0', '--bridge-to', '8080'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; let err = '';
    child.stdout.on('data', (b) => { out += b.toString(); });
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (b) => { err += b.toString(); const m = /bridging 127\.0\.0\.1:(\d+)/.exec(err); if (m) resolve(Number(m[1])); });
      child.on('exit', () => reject(new Error(`exited early: ${err}`)));
      setTimeout(() => reject(new Error(`no bridge after 20 s: ${err}`)), 20_000);
    });
    // 10 connections: 3 HTTP/1.1 keep-alive requests each, then close
    const client = (): Promise<number> => new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      let got = 0; let d = '';
      const ask = (): void => { s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'); };
      s.on('connect', ask);
      s.on('data', (b) => { d += b.toString(); while (d.includes('gomachine\n')) { d = d.slice(d.indexOf('gomachine\n') + 10); got++; if (got < 3) ask(); else s.end(); } });
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
      setTimeout(() => s.destroy(), 10_000);
    });
    expect(await Promise.all(Array.from({ length: 10 }, client))).toEqual(Array(10).fill(3));
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, err).not.toBeNull();
    const r = JSON.parse(out) as { stoppedBy: string; host: { wallMs: number }; bridge: { connections: number; closed: number; requests: number; replied: number; open: number } };
    expect(r.stoppedBy).toBe('interrupted');
    expect(r.host.wallMs).toBeGreaterThan(0);
    expect([r.bridge.connections, r.bridge.closed, r.bridge.open, r.bridge.requests, r.bridge.replied]).toEqual([10, 10, 0, 30, 30]);
  }, 40_000);
});
