// Boot a machine with NICs on a wire and a kernel, for network tests.
import type { Executable } from '../../../src/kernel/uapi/image.ts';
import { Machine } from '../../../src/machine/machine.ts';
import { Nic, type NicConfig } from '../../../src/machine/nic.ts';
import { Wire } from '../../../src/machine/wire.ts';
import { Kernel } from '../../../src/kernel/kernel.ts';
import type { Personality } from '../../../src/kernel/personality.ts';
import { netInit } from '../../../src/kernel/net/index.ts';
import { LoadClients, type LoadSpec } from '../../../src/scenario/load.ts';
import { cProgram, type LibC } from '../../../src/libc/libc.ts';
import { AF_INET, SOCK_STREAM, INADDR_LOOPBACK } from '../../../src/kernel/uapi/index.ts';

export const SERVER_ADDR = 0x0a000001; // 10.0.0.1

export interface NetRig { m: Machine; k: Kernel; wire: Wire; nic: Nic }

export function bootNet(opts: { cores?: number; nic?: Partial<NicConfig>; latencyNs?: number; bandwidthBps?: number; nofile?: number; seed?: number; personality?: Personality } = {}): NetRig {
  const m = new Machine({ cores: opts.cores ?? 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: opts.seed ?? 1 });
  const nic = new Nic(m, { addr: SERVER_ADDR, ...opts.nic });
  const wire = new Wire(m);
  wire.connect(nic, { latencyNs: opts.latencyNs ?? 50_000, bandwidthBps: opts.bandwidthBps ?? 10e9 });
  const k = new Kernel(m, { nofile: opts.nofile ?? 65536, ...(opts.personality !== undefined ? { personality: opts.personality } : {}) });
  netInit(k);
  return { m, k, wire, nic };
}

export function clients(rig: NetRig, spec: Partial<LoadSpec> & Pick<LoadSpec, 'protocol'>): LoadClients {
  const l = new LoadClients(rig.m, rig.wire, { target: { addr: SERVER_ADDR, port: 8080 }, connections: 1, requests: 1, bytes: 64, timeoutNs: 10e9, ...spec });
  l.start();
  return l;
}

/** Run until `done()` or `maxNs` of simulated time. */
export function runUntil(rig: NetRig, done: () => boolean, maxNs = 60e9, stepNs = 1e6): void {
  const end = rig.m.nsToCycles(maxNs);
  while (!done() && rig.m.now < end && rig.m.halted === null) {
    const r = rig.m.run(Math.min(end, rig.m.now + rig.m.nsToCycles(stepNs)));
    if (r === 'idle' && !done()) break;
  }
}

/**
 * Start `exe` as a server on port 8080 and run `spec`'s clients against it to the end,
 * plus 5 ms for the last FINs to reach the server. Returns the rig, the process and the load.
 */
export function serve(exe: Executable, argv: string[], spec: Partial<LoadSpec> & Pick<LoadSpec, 'protocol'>, opts: { cores?: number; maxNs?: number; personality?: Personality } = {}) {
  const rig = bootNet({ cores: opts.cores ?? 4, ...(opts.personality !== undefined ? { personality: opts.personality } : {}) });
  const p = rig.k.spawn(exe, argv, {});
  const load = clients(rig, spec);
  runUntil(rig, () => load.done, opts.maxNs ?? 120e9);
  runUntil(rig, () => false, rig.m.cyclesToNs(rig.m.now) + 5e6);
  return { rig, p, load, snap: rig.k.snapshot().procs.find((x) => x.pid === p.pid)! };
}

/**
 * One client's conversation with `server` (started with `argv`) on 127.0.0.1:8080:
 * after `startUs`, connect; send each piece 1 ms apart; then read everything to EOF
 * — or, with `keptOpen` (a connection the server holds open), what arrived within
 * 5 ms, and close. Returns what the server sent.
 */
export function converse(server: Executable, argv: string[], pieces: string[], opts: { startUs?: number; keptOpen?: boolean } = {}): string {
  const rig = bootNet({ cores: 2 });
  rig.k.spawn(server, argv, {});
  let got = '';
  const client = cProgram('client', function* (c: LibC) {
    yield* c.usleep(opts.startUs ?? 500);
    const fd = yield* c.socket(AF_INET, SOCK_STREAM, 0);
    if ((yield* c.connect(fd, { addr: INADDR_LOOPBACK, port: 8080 })) < 0) return 1;
    for (const p of pieces) { yield* c.write(fd, p, Buffer.byteLength(p)); yield* c.usleep(1000); }
    const buf = yield* c.malloc(4096);
    if (opts.keptOpen === true) {
      yield* c.usleep(4000);
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
  if (p.state !== 'reaped' || p.wstatus !== 0) throw new Error(`the client did not finish: ${p.state}, status ${p.wstatus}`);
  return got;
}
