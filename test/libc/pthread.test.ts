import { describe, expect, it } from 'vitest';
import { cProgram, type LibC } from '../../src/libc/libc.ts';
import { runProgram } from '../helpers.ts';

describe('pthread mutexes', () => {
  it('serialise a read-modify-write across 4 threads on 2 cores, sleeping in futex only when contended', () => {
    let counter = 0;
    let mutex = 0;
    function* worker(c: LibC) {
      for (let i = 0; i < 200; i++) {
        yield* c.pthread_mutex_lock(mutex);
        const v = counter;          // read...
        yield* c.spin(3000);        // ...hold the lock across a long critical section...
        counter = v + 1;            // ...write
        yield* c.pthread_mutex_unlock(mutex);
        yield* c.spin(1000);
      }
      return 0;
    }
    const exe = cProgram('mutex', function* (c) {
      mutex = c.pthread_mutex_new();
      const ids: number[] = [];
      for (let i = 0; i < 4; i++) ids.push(yield* c.pthread_create(worker, i));
      for (const id of ids) yield* c.pthread_join(id);
      return 0;
    });
    const { snap } = runProgram(exe, ['mutex'], { cores: 2 });
    expect(snap.exitStatus).toBe(0);
    expect(counter).toBe(800);
    expect(snap.syscalls.futex!.calls).toBeGreaterThan(10); // contention went to the kernel
  });

  it('an uncontended lock never enters the kernel', () => {
    const exe = cProgram('mutex1', function* (c) {
      const m = c.pthread_mutex_new();
      for (let i = 0; i < 100; i++) { yield* c.pthread_mutex_lock(m); yield* c.pthread_mutex_unlock(m); }
      return 0;
    });
    const { snap } = runProgram(exe);
    expect(snap.syscalls.futex).toBeUndefined();
    expect(Object.keys(snap.syscalls).sort()).toEqual(['exit_group']);
  });
});
