// The built-in Go-style programs, by name.
import type { Executable } from '../../kernel/uapi/image.ts';
import sum from './sum.ts';
import printNumbers from './print-numbers.ts';
import workers from './workers.ts';

export const GO_APPS: Record<string, Executable> = {
  'print-numbers': printNumbers, sum, workers,
};
