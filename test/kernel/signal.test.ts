import { describe, expect, it } from 'vitest';
import { cProgram, type LibC } from '../../src/libc/libc.ts';
import { SIGUSR1, SIGTERM, SIGKILL, SIGINT, EINTR, SYS, SA_RESTART } from '../../src/kernel/uapi/index.ts';
import { runProgram } from '../helpers.ts';

describe('signals', () => {
  it('runs a handler at return to user mode and resumes the interrupted computation', () => {
    const log: string[] = [];
    const exe = cProgram('sig', function* (c) {
      yield* c.signal(SIGUSR1, function* (_c2: LibC, signo: number) { log.push(`handler ${signo}`); });
      yield* c.raise(SIGUSR1);
      log.push('after raise');
      return 0;
    });
    const { snap } = runProgram(exe);
    expect(log).toEqual([`handler ${SIGUSR1}`, 'after raise']);
    expect(snap.exitStatus).toBe(0);
    expect(snap.syscalls.rt_sigreturn!.calls).toBe(1);
  });

  it('interrupts nanosleep with EINTR even under SA_RESTART, but restarts futex WAIT', () => {
    const results: number[] = [];
    let sleeperDone = false;
    function* sleeper(c: LibC) {
      results.push(yield* c.nanosleep(1e9), c.errno);
      // futex WAIT on a word nobody wakes, with a 200 ms timeout: a signal at 100 ms must not end it early.
      const word = c.pthread_mutex_new();
      const t0 = yield* c.clockGettime(1);
      const r = yield* c.futexWait(word, 0, 200e6);
      results.push(r, c.errno, Math.round(((yield* c.clockGettime(1)) - t0) / 1e6));
      sleeperDone = true;
      return 0;
    }
    const exe = cProgram('eintr', function* (c) {
      yield* c.sigaction(SIGUSR1, function* () { /* empty */ }, SA_RESTART);
      const id = yield* c.pthread_create(sleeper, 0);
      yield* c.nanosleep(50e6); yield* c.pthread_kill(id, SIGUSR1);   // into the nanosleep
      yield* c.nanosleep(100e6); yield* c.pthread_kill(id, SIGUSR1);  // into the futex wait
      yield* c.pthread_join(id);
      return 0;
    });
    const { snap } = runProgram(exe);
    expect(sleeperDone).toBe(true);
    expect(results.slice(0, 2)).toEqual([-1, EINTR]);
    expect(results[2]).toBe(-1);
    expect(results[3]).toBe(110); // ETIMEDOUT: the restarted wait ran to its timeout
    expect(results[4]).toBeGreaterThanOrEqual(200);
    expect(snap.exitStatus).toBe(0);
  });

  it('kills with the default action and reports 128 + signal', () => {
    for (const [sig, status] of [[SIGTERM, 143], [SIGKILL, 137], [SIGINT, 130]] as const) {
      const exe = cProgram('victim', function* (c) {
        const pid = yield* c.getpid();
        yield* c.kill(pid, sig);
        yield* c.printf('not reached\n');
        return 0;
      });
      const { snap } = runProgram(exe);
      expect(snap.exitStatus).toBe(status);
      expect(snap.stdout).toBe('');
    }
  });

  it('gives EINVAL for a bad signal number and ESRCH for a missing process', () => {
    const r: number[] = [];
    const exe = cProgram('k', function* (c) {
      r.push(yield* c.syscall(SYS.kill, 99999, SIGTERM), yield* c.syscall(SYS.kill, 1, 65), yield* c.syscall(SYS.tgkill, 100, 99999, SIGUSR1));
      return 0;
    });
    runProgram(exe);
    expect(r).toEqual([-3, -22, -3]);
  });
});
