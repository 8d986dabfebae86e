import { describe, expect, it } from 'vitest';
import { cProgram } from '../../src/libc/libc.ts';
import { SYS, EBADF, EFAULT, EINVAL, ENOSYS, MAP_PRIVATE, MAP_ANONYMOUS, PROT_READ, PROT_WRITE } from '../../src/kernel/uapi/index.ts';
import { runProgram } from '../helpers.ts';

describe('bad syscall arguments get Linux\'s errno and the kernel keeps running', () => {
  it('returns EBADF, EFAULT, EINVAL, ENOSYS and then serves a good call', () => {
    const got: number[] = [];
    const exe = cProgram('errs', function* (c) {
      got.push(yield* c.syscall(SYS.read, 99, 0x600000, 16));               // not an open fd
      got.push(yield* c.syscall(SYS.read, 0, 0x10, 16));                    // buffer not mapped
      got.push(yield* c.syscall(SYS.write, 1, 0x7000_0000_0000, 4));        // source not mapped
      got.push(yield* c.syscall(SYS.mmap, 0, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)); // length 0
      got.push(yield* c.syscall(999));                                      // no such syscall
      got.push(yield* c.syscall(SYS.close, 42));                            // double close / never open
      got.push(yield* c.syscall(SYS.write, 1, yield* c.lit('ok\n'), 3));
      return 0;
    });
    const { snap, k } = runProgram(exe);
    expect(got).toEqual([-EBADF, -EFAULT, -EFAULT, -EINVAL, -ENOSYS, -EBADF, 3]);
    expect(snap.exitStatus).toBe(0);
    expect(snap.stdout).toBe('ok\n');
    expect(snap.unknownSyscalls).toBe(1);
    expect(snap.syscalls.read).toEqual({ calls: 2, errors: 2, cycles: expect.any(Number) });
    expect(k.unknownSyscalls).toBe(1);
  });

  it('hands user code only numbers from traps', () => {
    const types = new Set<string>();
    const exe = cProgram('types', function* (c) {
      for (const nr of [SYS.getpid, SYS.gettid, SYS.getppid, SYS.brk, SYS.sched_yield]) types.add(typeof (yield* c.syscall(nr, 0)));
      return 0;
    });
    runProgram(exe);
    expect([...types]).toEqual(['number']);
  });
});
