// package net over the netpoller, against external clients on the machine's NIC. Runs where the
// kernel has sockets and epoll (the scenarios need the network and clients sections).
import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';
import { SYSCALLS } from '../../src/kernel/syscall.ts';
import { SYS } from '../../src/kernel/uapi/index.ts';
import '../../src/kernel/modules.ts';

const hasNet = SYSCALLS[SYS.socket] !== undefined && SYSCALLS[SYS.accept4] !== undefined && SYSCALLS[SYS.epoll_create1] !== undefined;

describe('net', () => {
  it.skipIf(!hasNet)('go-hello-server: Accept parks in IO wait once, the client gets "Hello", exit 0', async () => {
    const r = await runFile('scenarios/go-hello-server.yaml');
    const p = r.processes[0]!;
    expect(p.exitStatus).toBe(0);
    expect((r as unknown as { clients: { completed: number } }).clients.completed).toBe(1);
    expect(p.syscalls.socket!.calls).toBe(1);
    expect(p.syscalls.accept4).toEqual(expect.objectContaining({ calls: 2, errors: 1 })); // EAGAIN, park, accept
    expect(p.syscalls.epoll_ctl!.calls).toBe(1 + 2 + 1); // ADD the eventfd, the listener, the connection; DEL at Close
    expect(p.runtime!.netpollParks).toBe(1);
  });

  it.skipIf(!hasNet)('go-echo: 1,000 connections are 1,000 goroutines on a handful of threads', async () => {
    const r = await runFile('scenarios/go-echo.yaml');
    const p = r.processes[0]!;
    const clients = (r as unknown as { clients: { completed: number; failed: Record<string, number> } }).clients;
    expect(clients.completed).toBe(10_000);
    expect(Object.values(clients.failed).every((n) => n === 0)).toBe(true);
    expect(p.runtime!.goroutines.peak).toBe(1001);
    expect(p.threads.peak).toBeLessThanOrEqual(8);
    expect(p.runtime!.netpollParks).toBeGreaterThanOrEqual(10_000);
  }, 60_000);

  it.skipIf(!hasNet)('go-http: 200 keep-alive clients × 10 GET / all get 200 and the body', async () => {
    const r = await runFile('scenarios/go-http.yaml');
    const clients = (r as unknown as { clients: { completed: number; failed: Record<string, number> } }).clients;
    expect(clients.completed).toBe(2000);
    expect(Object.values(clients.failed).every((n) => n === 0)).toBe(true);
    expect(r.processes[0]!.runtime!.goroutines.created).toBe(201); // main + one per connection (ramped: fewer live at once)
  }, 60_000);
});
