// One Go program, two kernels: every Go-style app runs unchanged on linux and on
// darwin with the same output. The runtime picks its system half at start (os_linux
// + netpoll_epoll, or os_darwin + netpoll_kqueue through libSystem), so the calls
// differ — and the tests pin that too — while what the program prints does not.

import { describe, it, expect } from 'vitest';
import { DARWIN } from '../../src/kernel/darwin/personality.ts';
import echo from '../../src/apps/go/echo.ts';
import { serve } from '../kernel/net/harness.ts';
import { runGoApp } from './goapp.ts';

const run = runGoApp;

describe('runtime.GOOS', () => {
  it('prints linux on linux and darwin on darwin', () => {
    expect(run('goos').stdout).toBe('linux amd64\n');
    expect(run('goos', DARWIN).stdout).toBe('darwin amd64\n');
  });
});

describe('every Go-style app runs unchanged on darwin with the same output', () => {
  for (const name of ['print-numbers', 'sum', 'workers', 'deadlock', 'panic', 'spin-preempt', 'blocking-syscall', 'worker-pool', 'pipe-wait', 'go-deep-recursion']) {
    it(name, () => {
      const l = run(name); const d = run(name, DARWIN);
      expect(d.exitStatus).toBe(l.exitStatus);
      expect(d.stdout).toBe(l.stdout);
      expect(d.stderr).toBe(l.stderr);
    });
  }

  it('the darwin run makes no Linux calls: libSystem traps, BSD names, no futex, clone or epoll', () => {
    const d = run('pipe-wait', DARWIN);
    const names = Object.keys(d.syscalls);
    expect(names).toEqual(expect.arrayContaining(['bsdthread_create', 'kqueue', 'kevent', '__pthread_sigmask', 'sysctl']));
    for (const linuxOnly of ['futex', 'clone', 'epoll_wait', 'epoll_ctl', 'eventfd2', 'pipe2', 'rt_sigprocmask', 'arch_prctl']) expect(names).not.toContain(linuxOnly);
    expect(d.unknownSyscalls).toBe(0);
  });

  it('spin-preempt is preempted asynchronously on darwin by SIGURG through __pthread_kill', () => {
    const d = run('spin-preempt', DARWIN);
    expect(d.syscalls['__pthread_kill']!.calls).toBeGreaterThan(0);
    expect(d.syscalls['sigreturn']!.calls).toBe(d.syscalls['__pthread_kill']!.calls);
  });
});

describe('the Go-style echo server on darwin', () => {
  it('answers all 10,000 requests of 1,000 connections through kqueue, within GOMAXPROCS + 5 threads', () => {
    const { load, snap } = serve(echo, ['go-echo', '8080'], { protocol: 'echo', connections: 1000, requests: 10, bytes: 64, thinkNs: 10e6, startNs: 1e6, timeoutNs: 30e9 }, { personality: DARWIN });
    const r = load.result();
    expect(r.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.completed).toBe(10_000);
    expect(snap.threadsPeak).toBeLessThanOrEqual(4 + 5);
    expect(snap.syscalls['kevent']!.calls).toBeGreaterThan(1000); // the 1,000 registrations, and the polls
    expect(snap.syscalls['epoll_wait']).toBeUndefined();
    expect(snap.syscalls['accept']!.calls).toBeGreaterThanOrEqual(1000);
  }, 120_000);
});
