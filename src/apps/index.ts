// Every built-in program, by the name a scenario uses.
import type { Executable } from '../kernel/uapi/image.ts';
import { C_APPS } from './c/index.ts';
import { GO_APPS } from './go/index.ts';
import { DARWIN_APPS } from './darwin/index.ts';

export const BUILTIN_PROGRAMS: Record<string, Executable> = { ...C_APPS, ...GO_APPS, ...DARWIN_APPS };
