// The built-in C-style programs for darwin, linked against the libSystem-like layer.
import type { Executable } from '../../kernel/uapi/darwin/index.ts';
import echoKqueue from './echo-kqueue.ts';

export const DARWIN_APPS: Record<string, Executable> = { 'echo-kqueue': echoKqueue };
