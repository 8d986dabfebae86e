import { describe, expect, it } from 'vitest';
import { byName } from '../../src/scenario/runner.ts';
import { SYS as LINUX } from '../../src/kernel/uapi/syscalls.ts';
import { SYS as DARWIN } from '../../src/kernel/uapi/darwin/syscalls.ts';
import { SYS as WINDOWS } from '../../src/kernel/uapi/windows/syscalls.ts';

// A report lists a process's syscalls by name. The order was localeCompare's; it is now code-unit
// order, which needs no ICU collator at start. These pin that the two agree on every name a
// kernel can report, so no report's order changed.
describe("a report's syscall order", () => {
  const kernels = [
    ['linux', Object.keys(LINUX), 'syscall_'],
    ['darwin', Object.keys(DARWIN), 'syscall_'],
    ['windows', Object.keys(WINDOWS), 'NtService_'],
  ] as const;
  for (const [kernel, names, unknown] of kernels) {
    it(`is localeCompare's order for every ${kernel} syscall name and unnumbered call`, () => {
      const all = [...names, `${unknown}7`, `${unknown}250`].map((n) => [n, 0] as const);
      const byLocale = [...all].sort(([a], [b]) => a.localeCompare(b)).map(([n]) => n);
      expect([...all].sort(byName).map(([n]) => n)).toEqual(byLocale);
    });
  }
});
