// The netpoller: goroutines reading empty pipes park in "IO wait" (no thread blocks in
// read(2)); epoll_wait finds the fds ready. Runs where the kernel has epoll and pipes.
import { describe, expect, it } from 'vitest';
import { runProgram } from '../helpers.ts';
import { SYSCALLS } from '../../src/kernel/syscall.ts';
import { SYS } from '../../src/kernel/uapi/index.ts';
import { GO_APPS } from '../../src/apps/go/index.ts';
import '../../src/kernel/modules.ts';

const hasEpoll = SYSCALLS[SYS.epoll_create1] !== undefined && SYSCALLS[SYS.pipe2] !== undefined;

describe('netpoller', () => {
  it.skipIf(!hasEpoll)('pipe readers park in IO wait and wake through epoll_wait, one per write, with few threads', () => {
    const { snap } = runProgram(GO_APPS['pipe-wait']!, ['pipe-wait'], { limitNs: 1e9 });
    expect(snap.stdout).toBe('reader 3 got "hello 3"\nreader 2 got "hello 2"\nreader 1 got "hello 1"\nreader 0 got "hello 0"\nall readers done\n');
    expect(snap.exitStatus).toBe(0);
    expect(snap.syscalls.epoll_create1!.calls).toBe(1);
    expect(snap.syscalls.eventfd2!.calls).toBe(1);
    expect(snap.syscalls.epoll_ctl!.calls).toBe(1 + 8); // the eventfd + both ends of 4 pipes
    expect(snap.syscalls.read!.errors).toBe(4); // one EAGAIN per reader, then it parks
    expect(snap.syscalls.epoll_wait!.calls).toBeGreaterThan(0);
    expect(snap.threadsPeak).toBeLessThanOrEqual(4);
  });
});
