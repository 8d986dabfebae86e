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
import pipeWait from './pipe-wait.ts';
import helloServer from './hello-server.ts';
import echo from './echo.ts';
import http from './http.ts';
import deepRecursion from './deep-recursion.ts';
import manyGoroutines from './many-goroutines.ts';
import gcPressure from './gc-pressure.ts';
import goos from './goos.ts';

export const GO_APPS: Record<string, Executable> = {
  'print-numbers': printNumbers, sum, goos, workers, deadlock, panic: panicApp,
  'spin-preempt': spinPreempt, 'blocking-syscall': blockingSyscall, 'worker-pool': workerPool, 'pipe-wait': pipeWait,
  // The C versions of these programs are 'hello-server', 'echo-*', 'deep-recursion' and
  // 'gc-pressure': the Go ones carry a go- prefix.
  'go-hello-server': helloServer, 'go-echo': echo, 'go-http': http,
  'go-deep-recursion': deepRecursion, 'many-goroutines': manyGoroutines, 'go-gc-pressure': gcPressure,
};
