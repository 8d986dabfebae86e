// The built-in C-style programs, by name.
import type { Executable } from '../../kernel/uapi/image.ts';
import hello from './hello.ts';
import threads from './threads.ts';
import spin from './spin.ts';
import segv from './segv.ts';
import launcher from './launcher.ts';

export const C_APPS: Record<string, Executable> = { hello, threads, spin, segv, launcher };
