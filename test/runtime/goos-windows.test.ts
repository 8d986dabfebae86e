// One Go program on the windows kernel: every Go-style app runs unchanged, its
// runtime on os_windows + netpoll_windows through the kernel32/ws2_32-like layer
// (NT services underneath: no futex, clone or signals — events, CreateThread,
// suspension). What a program prints is the same as on linux; where goroutines
// race by design (which worker takes which job, which sleeper wakes first), the
// same lines in another order — thread waits on windows time out in whole
// milliseconds (WaitForSingleObject), so the schedule differs.

import { describe, it, expect } from 'vitest';
import { WINDOWS } from '../../src/kernel/windows/personality.ts';
import echo from '../../src/apps/go/echo.ts';
import { serve } from '../kernel/net/harness.ts';
import { runGoApp } from './goapp.ts';
import { runYaml } from '../helpers.ts';

const run = runGoApp;
const lines = (s: string): string[] => s.split('\n').sort();

describe('runtime.GOOS on windows', () => {
  it('prints windows', () => {
    expect(run('goos', WINDOWS).stdout).toBe('windows amd64\n');
  });
});

describe('every Go-style app runs unchanged on windows', () => {
  for (const name of ['print-numbers', 'sum', 'workers', 'deadlock', 'panic', 'spin-preempt']) {
    it(`${name}: the same output as on linux`, () => {
      const l = run(name); const w = run(name, WINDOWS);
      expect(w.exitStatus).toBe(l.exitStatus);
      expect(w.stdout).toBe(l.stdout);
      expect(w.stderr).toBe(l.stderr);
    });
  }
  it('blocking-syscall: the same lines (sleepers wake in another order)', () => {
    const l = run('blocking-syscall'); const w = run('blocking-syscall', WINDOWS);
    expect(w.exitStatus).toBe(l.exitStatus);
    expect(lines(w.stdout)).toEqual(lines(l.stdout));
  });
  it('worker-pool: the same results (workers share the jobs differently)', () => {
    const l = run('worker-pool'); const w = run('worker-pool', WINDOWS);
    expect(w.exitStatus).toBe(l.exitStatus);
    const tail = (s: string) => s.split('\n').filter((x) => !x.startsWith('worker '));
    expect(tail(w.stdout)).toEqual(tail(l.stdout));
    expect(w.stdout.split('\n').filter((x) => x.startsWith('worker ')).length).toBe(4);
  });
  it('go-deep-recursion: the same output and the same fatal error (the stack addresses differ)', () => {
    const l = run('go-deep-recursion'); const w = run('go-deep-recursion', WINDOWS);
    expect(w.exitStatus).toBe(l.exitStatus);
    expect(w.stdout).toBe(l.stdout);
    expect(w.stderr.split('\n')[0]).toBe(l.stderr.split('\n')[0]);
  });
  it('pipe-wait: the same output; os.Pipe is CreatePipe, and each reader blocks a thread in ReadFile instead of parking in IO wait', () => {
    const l = run('pipe-wait'); const w = run('pipe-wait', WINDOWS);
    expect(w.exitStatus).toBe(l.exitStatus);
    expect(w.stdout).toBe(l.stdout);
    expect(w.syscalls['NtCreateNamedPipeFile']!.calls).toBe(4);
    expect(w.syscalls['NtOpenFile']!.calls).toBe(4);
    expect(w.syscalls['NtReadFile']!.calls).toBe(4); // one blocking read per reader: no EAGAIN, no readiness calls
    expect(w.syscalls['NtDeviceIoControlFile']).toBeUndefined();
    // Four readers asleep in the kernel hold four threads; on linux they park in the netpoller.
    expect(w.threadsPeak).toBeGreaterThanOrEqual(l.threadsPeak + 3);
  });

  it('the windows run makes no Linux or darwin calls: NT services only, no signals', () => {
    const w = run('spin-preempt', WINDOWS);
    const names = Object.keys(w.syscalls);
    for (const n of names) expect(n).toMatch(/^Nt[A-Z]/);
    expect(names).toEqual(expect.arrayContaining(['NtCreateThreadEx', 'NtCreateEvent', 'NtWaitForSingleObject', 'NtSetEvent', 'NtDelayExecution']));
    expect(w.unknownSyscalls).toBe(0);
  });

  it('spin-preempt is preempted asynchronously by suspending the thread: SuspendThread, GetThreadContext, SetThreadContext, ResumeThread', () => {
    const w = run('spin-preempt', WINDOWS);
    const n = w.syscalls['NtSuspendThread']!.calls;
    expect(n).toBeGreaterThan(0);
    expect(w.syscalls['NtGetContextThread']!.calls).toBe(n);
    expect(w.syscalls['NtResumeThread']!.calls).toBe(n);
    expect(w.syscalls['NtSetContextThread']!.calls).toBeGreaterThan(0);
  });
});

describe('the Go-style echo server on windows', () => {
  it('answers all 10,000 requests of 1,000 connections through one completion port, within GOMAXPROCS + 5 threads, with no readiness calls', () => {
    const { load, snap } = serve(echo, ['go-echo', '8080'], { protocol: 'echo', connections: 1000, requests: 10, bytes: 64, thinkNs: 10e6, startNs: 1e6, timeoutNs: 30e9 }, { personality: WINDOWS });
    const r = load.result();
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.completed).toBe(10_000);
    expect(snap.threadsPeak).toBeLessThanOrEqual(4 + 5);
    expect(snap.syscalls['NtCreateIoCompletion']!.calls).toBe(1);
    expect(snap.syscalls['NtRemoveIoCompletionEx']!.calls).toBeGreaterThan(0);
    expect(snap.syscalls['NtDeviceIoControlFile']!.calls).toBeGreaterThan(20_000); // AcceptEx, WSARecv, WSASend
    for (const readiness of ['epoll_wait', 'kevent', 'poll', 'select']) expect(snap.syscalls[readiness]).toBeUndefined();
  }, 120_000);
});

describe('Go source on windows', () => {
  it("the seed's hello server, compiled from source, serves its client on windows as on linux (a Go program is built for every GOOS)", async () => {
    const yaml = (os: string) => `
name: seed-hello-${os}
seed: 1
machine: { cores: 2, os: ${os} }
processes: [{ program: ../examples/seeds/hello-server.go }]
network: { nics: [{ addr: 10.0.0.1 }] }
clients: { connections: 1, protocol: hello, payload: hi, target: { port: 8080 }, startAt: 1ms, timeout: 5s }
run: { until: clients, timeLimit: 10s }
`;
    for (const os of ['linux', 'darwin', 'windows']) {
      const r = await runYaml(yaml(os));
      expect(r.clients!.completed, os).toBe(1);
      expect(r.clients!.failed, os).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    }
  }, 60_000);
});
