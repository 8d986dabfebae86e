// The built-in C-style programs for windows, linked against the kernel32/ws2_32-like layer.
import type { Executable } from '../../kernel/uapi/windows/index.ts';
import echoIocp from './echo-iocp.ts';

export const WINDOWS_APPS: Record<string, Executable> = { 'echo-iocp': echoIocp };
