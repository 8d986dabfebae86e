import { describe, it, expect } from 'vitest';
import { cProgram, type LibC } from '../../../src/libc/libc.ts';
import { AF_INET, SOCK_STREAM, INADDR_ANY, INADDR_LOOPBACK, SOL_SOCKET, SO_RCVBUF, SOCK_NONBLOCK, EPOLLIN, EPOLLOUT, EPOLLET, EPOLL_CTL_ADD, EAGAIN } from '../../../src/kernel/uapi/index.ts';
import { bootNet, clients, runUntil } from './harness.ts';
import { netSnapshot } from '../../../src/kernel/net/index.ts';
import echoThreads from '../../../src/apps/c/echo-threads.ts';
import { Nic } from '../../../src/machine/nic.ts';
import { Kernel } from '../../../src/kernel/kernel.ts';
import { Machine } from '../../../src/machine/machine.ts';
import { Wire } from '../../../src/machine/wire.ts';
import { netInit } from '../../../src/kernel/net/index.ts';
import { LoadClients } from '../../../src/scenario/load.ts';

describe('load clients', () => {
  it('arrive at a rate: one SYN every 1/rate seconds, seen on the wire', () => {
    const rig = bootNet();
    rig.k.spawn(echoThreads, ['echo-threads'], {});
    const syns: number[] = [];
    rig.wire.tap((f, t) => { if (((f as unknown as { flags: number }).flags & 0x12) === 0x02) syns.push(rig.m.cyclesToNs(t)); });
    const load = clients(rig, { protocol: 'echo', connections: 5, requests: 1, arrival: { mode: 'rate', perSec: 1000 }, startNs: 1e6 });
    runUntil(rig, () => load.done, 1e9);
    expect(load.result().completed).toBe(5);
    expect(syns.map((t) => Math.round(t / 1e3))).toEqual([1000, 2000, 3000, 4000, 5000]); // µs
  });
});

const count = (x: unknown[] | -1): number => (x === -1 ? -1 : x.length);

describe('TCP', () => {
  it('a machine with two NICs serves clients on the second, whose own counters and IRQ line show it', () => {
    const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
    const wire = new Wire(m);
    wire.connect(new Nic(m, { addr: 0x0a000001 }), { latencyNs: 50_000, bandwidthBps: 10e9 });
    wire.connect(new Nic(m, { addr: 0x0a000101, irqCpu: 1 }), { latencyNs: 20_000, bandwidthBps: 1e9 }); // 10.0.1.1
    const k = new Kernel(m); netInit(k);
    const rig = { m, k, wire, nic: null as unknown as Nic };
    k.spawn(echoThreads, ['echo-threads'], {});
    const load = new LoadClients(rig.m, rig.wire, { target: { addr: 0x0a000101, port: 8080 }, connections: 5, requests: 2, bytes: 64, protocol: 'echo', startNs: 1e6, hostBase: 0x0a000164 });
    load.start();
    runUntil(rig, () => load.done, 5e9);
    expect(load.result().completed).toBe(10);
    const net = netSnapshot(k);
    expect(net.nics.map((n) => n.name)).toEqual(['eth0', 'eth1']);
    expect(net.nics[0]!.rxPackets).toBe(0);
    expect(net.nics[1]!.rxPackets).toBeGreaterThan(20);
    expect(net.nics[1]!.irqs).toBeGreaterThan(0);
    expect(m.probe.read('net')).toEqual(net); // what observers read from the probe bus
    expect(m.irq.counts.get(17)![1]).toBe(net.nics[1]!.irqs); // pinned to core 1
  });

  it('an ACK that frees send space wakes an edge-triggered epoll only after a writer found the socket full (SOCK_NOSPACE)', () => {
    // Linux's tcp_check_space calls sk_write_space only for a socket marked SOCK_NOSPACE (by
    // tcp_poll reporting it not writable, or a send that could not queue everything): the ACK
    // of a short reply does not wake the poller, the ACKs that drain a full send queue do.
    const rig = bootNet({ cores: 2 });
    const got: unknown[] = [];
    const prog = cProgram('nospace', function* (c: LibC) {
      const l = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      yield* c.bind(l, { addr: INADDR_ANY, port: 7001 });
      yield* c.listen(l, 1);
      const a = yield* c.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      yield* c.connect(a, { addr: INADDR_LOOPBACK, port: 7001 });
      const b = yield* c.accept(l, 0, 0);
      yield* c.usleep(1000);
      const ep = yield* c.epoll_create1(0);
      yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, a, (EPOLLIN | EPOLLOUT | EPOLLET) >>> 0);
      const first = yield* c.epoll_wait(ep, 8, 0); // ep_insert: writable now, one event
      got.push(first === -1 ? -1 : first.map((e) => e.events));
      const buf = yield* c.malloc(65536);
      yield* c.write(a, buf, 64);
      yield* c.usleep(1000); // the peer's ACK has come back and freed the 64 bytes
      got.push(count(yield* c.epoll_wait(ep, 8, 0)));
      let w = 0; let r: number;
      while ((r = yield* c.write(a, buf, 65536)) > 0) w += r; // until the send queue is full
      got.push(r === -1 ? c.errno : r);
      got.push(count(yield* c.epoll_wait(ep, 8, 0)));
      let drained = 64;
      while (drained < w + 64) { const n = yield* c.read(b, buf, 65536); if (n <= 0) break; drained += n; }
      yield* c.usleep(1000);
      const last = yield* c.epoll_wait(ep, 8, 0);
      got.push(last === -1 ? -1 : last.map((e) => e.events));
      return 0;
    });
    const p = rig.k.spawn(prog, ['nospace'], {});
    runUntil(rig, () => p.state !== 'alive', 5e9);
    expect(got).toEqual([[EPOLLOUT], 0, EAGAIN, 0, [EPOLLOUT]]);
  });

  it('a slow reader on the loopback makes the writer wait, and every byte arrives in order', () => {
    const rig = bootNet({ cores: 2 });
    const TOTAL = 256 * 1024;
    let received = -1; let sumOk = false; let writerDoneNs = 0; let readerDoneNs = 0;
    const reader = cProgram('slow-reader', function* (c: LibC) {
      const l = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      yield* c.setsockopt(l, SOL_SOCKET, SO_RCVBUF, 4096); // the kernel doubles it: an 8 KiB window
      yield* c.bind(l, { addr: INADDR_ANY, port: 7000 });
      yield* c.listen(l, 1);
      const fd = yield* c.accept(l, 0, 0);
      const buf = c.scratch - 8192;
      let n = 0; let ok = true;
      for (;;) {
        const r = yield* c.read(fd, buf, 4096);
        if (r <= 0) break;
        const b = yield* c.peek(buf, r);
        for (let i = 0; i < r; i++) if (b[i] !== ((n + i) & 0xff)) ok = false;
        n += r;
        yield* c.usleep(1000); // a slow consumer: 4 KiB per millisecond at most
      }
      received = n; sumOk = ok; readerDoneNs = (yield* c.clockGettime(1));
      return 0;
    });
    const writer = cProgram('fast-writer', function* (c: LibC) {
      yield* c.usleep(100);
      const fd = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      if ((yield* c.connect(fd, { addr: INADDR_LOOPBACK, port: 7000 })) < 0) return 1;
      const buf = yield* c.malloc(TOTAL);
      const data = new Uint8Array(TOTAL); for (let i = 0; i < TOTAL; i++) data[i] = i & 0xff;
      yield* c.poke(buf, data);
      let off = 0;
      while (off < TOTAL) { const w = yield* c.write(fd, buf + off, TOTAL - off); if (w < 0) return 2; off += w; }
      writerDoneNs = (yield* c.clockGettime(1));
      yield* c.close(fd);
      return 0;
    });
    const pr = rig.k.spawn(reader, ['r'], {});
    const pw = rig.k.spawn(writer, ['w'], {});
    let sawBlocked = false;
    rig.m.probe.subscribe((ev) => { if (ev.kind === 'sched_sleep' && ev.pid === pw.pid && ev.s === 'sk_stream_wait_memory') sawBlocked = true; });
    runUntil(rig, () => pr.state !== 'alive' && pw.state !== 'alive', 10e9);
    expect(received).toBe(TOTAL);
    expect(sumOk).toBe(true);
    expect(sawBlocked).toBe(true);
    // 256 KiB at 4 KiB/ms: the writer cannot finish before ~(256-24)/4 ms of reading have passed.
    expect(writerDoneNs).toBeGreaterThan(50e6);
    expect(readerDoneNs).toBeGreaterThan(writerDoneNs);
  });

  it('a full accept queue drops and counts SYNs, and the clients get in by retrying as TCP does', () => {
    const rig = bootNet();
    const lazy = cProgram('lazy-server', function* (c: LibC) {
      const l = yield* c.socket(AF_INET, SOCK_STREAM, 0);
      yield* c.bind(l, { addr: INADDR_ANY, port: 8080 });
      yield* c.listen(l, 1); // the queue holds backlog + 1 = 2
      yield* c.usleep(200_000);
      const buf = c.scratch - 2048;
      for (let i = 0; i < 8; i++) {
        const fd = yield* c.accept(l, 0, 0);
        yield* c.read(fd, buf, 1024);
        yield* c.write(fd, 'Hello', 5);
        yield* c.close(fd);
      }
      return 0;
    });
    rig.k.spawn(lazy, ['lazy'], {});
    const load = clients(rig, { protocol: 'hello', payload: 'hi', connections: 8, arrival: { mode: 'ramp', overNs: 50e6 }, startNs: 1e6, timeoutNs: 60e9 });
    runUntil(rig, () => load.done, 60e9);
    const r = load.result();
    expect(r.completed).toBe(8);
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    const net = netSnapshot(rig.k);
    expect(net.acceptQueueDrops).toBeGreaterThanOrEqual(6);
    expect(r.synRetransmits).toBeGreaterThanOrEqual(6);
    // the dropped SYNs were retried after the initial RTO of 1 s
    expect(rig.m.cyclesToNs(rig.m.now)).toBeGreaterThan(1e9);
  });

  it('a full rx ring drops and counts frames, TCP recovers them, and coalescing takes fewer IRQs than frames', () => {
    const rig = bootNet({ nic: { rxRing: 8, rxUsecs: 50, rxFrames: 32 } });
    rig.k.spawn(echoThreads, ['echo-threads'], {});
    const load = clients(rig, { protocol: 'echo', connections: 40, requests: 3, bytes: 64, startNs: 1e6, timeoutNs: 60e9 });
    runUntil(rig, () => load.done, 60e9);
    const r = load.result();
    expect(r.completed).toBe(120);
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    const nic = netSnapshot(rig.k).nics[0]!;
    expect(nic.drops).toBeGreaterThan(0);
    expect(nic.irqs).toBeLessThan(nic.rxPackets);
    expect(r.retransmits).toBeGreaterThan(0);
  });

  it('a client that resets mid-request makes echo-threads see ECONNRESET while it keeps serving the others', () => {
    const rig = bootNet();
    const p = rig.k.spawn(echoThreads, ['echo-threads'], {});
    const load = clients(rig, { protocol: 'echo', connections: 10, requests: 4, bytes: 64, startNs: 1e6, resetMidRequest: { count: 2, afterBytes: 20 } });
    runUntil(rig, () => load.done, 10e9);
    runUntil(rig, () => false, rig.m.cyclesToNs(rig.m.now) + 5e6);
    const r = load.result();
    expect(r.completed).toBe(8 * 4);
    expect(r.failed).toEqual({ refused: 0, reset: 2 * 4, timeout: 0, wrongReply: 0 }); // the reset connections' requests failed, none completed
    expect(r.unfinished).toBeUndefined();
    const snap = rig.k.snapshot().procs.find((x) => x.pid === p.pid)!;
    expect(snap.state).toBe('alive');
    expect(snap.stderr).toMatch(/(read|write): (Connection reset by peer|Broken pipe)/);
  });
});
