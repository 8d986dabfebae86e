import { describe, it, expect } from 'vitest';
import net from 'node:net';
import { execFile } from 'node:child_process';
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

const haveCurl = await new Promise<boolean>((r) => execFile('curl', ['--version'], (e) => r(e === null)));

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
});
