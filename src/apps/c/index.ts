// The built-in C-style programs, by name.
import type { Executable } from '../../kernel/uapi/image.ts';
import hello from './hello.ts';
import threads from './threads.ts';
import spin from './spin.ts';
import segv from './segv.ts';
import launcher from './launcher.ts';
import deepRecursion from './deep-recursion.ts';
import manyThreads from './many-threads.ts';
import gcPressure from './gc-pressure.ts';
import leak from './leak.ts';
import helloServer from './hello-server.ts';
import echoThreads from './echo-threads.ts';
import echoEpoll from './echo-epoll.ts';
import httpEpoll from './http-epoll.ts';

export const C_APPS: Record<string, Executable> = {
  hello, threads, spin, segv, launcher,
  'deep-recursion': deepRecursion, 'many-threads': manyThreads, 'gc-pressure': gcPressure, leak,
  'hello-server': helloServer, 'echo-threads': echoThreads, 'echo-epoll': echoEpoll, 'http-epoll': httpEpoll,
};
