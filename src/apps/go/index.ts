// The built-in Go-style programs, by name.
import type { Executable } from '../../kernel/uapi/image.ts';
import sum from './sum.ts';
import printNumbers from './print-numbers.ts';
import workers from './workers.ts';
import deadlock from './deadlock.ts';
import panicApp from './panic.ts';
import spinPreempt from './spin-preempt.ts';
import blockingSyscall from './blocking-syscall.ts';
import workerPool from './worker-pool.ts';
import deepRecursion from './deep-recursion.ts';
import manyGoroutines from './many-goroutines.ts';
import gcPressure from './gc-pressure.ts';

export const GO_APPS: Record<string, Executable> = {
  'print-numbers': printNumbers, sum, workers, deadlock, panic: panicApp,
  'spin-preempt': spinPreempt, 'blocking-syscall': blockingSyscall, 'worker-pool': workerPool,
  'go-deep-recursion': deepRecursion, 'many-goroutines': manyGoroutines, 'go-gc-pressure': gcPressure,
};
