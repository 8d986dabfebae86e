// Every built-in program, by the name a scenario uses.
import type { Executable } from '../kernel/uapi/image.ts';
import { C_APPS } from './c/index.ts';
import { GO_APPS } from './go/index.ts';
import { DARWIN_APPS } from './darwin/index.ts';
import { WINDOWS_APPS } from './windows/index.ts';

import { universal } from './universal.ts';
import echoThreadsDarwin from './darwin/echo-threads.ts';
import echoThreadsWindows from './windows/echo-threads.ts';

export const BUILTIN_PROGRAMS: Record<string, Executable> = {
  ...C_APPS, ...GO_APPS, ...DARWIN_APPS, ...WINDOWS_APPS,
  // The same C server written against each system's library (and its threads).
  'echo-threads': universal('echo-threads', { linux: C_APPS['echo-threads']!, darwin: echoThreadsDarwin, windows: echoThreadsWindows }),
};
