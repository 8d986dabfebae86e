// How compiled C programs die, as on Linux: the status a shell sees (the corpus pins
// these against gcc's builds) and what the kernel logs — a NULL write is a write
// fault at address 0, a stack overflow a fault in the guard page below the 8 MiB
// stack, a double free glibc's message and SIGABRT with no kernel line, as Linux.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildC } from '../../../src/lang/c/driver.ts';
import { runProgram } from '../../helpers.ts';

const corpus = (name: string) => {
  const b = buildC([{ name: `${name}.c`, text: readFileSync(path.join(import.meta.dirname, 'corpus', `${name}.c`), 'utf8') }], name);
  return runProgram(b.exe!, [name], { limitNs: 20e9 });
};

describe('deaths of compiled C programs', () => {
  it('null_deref.c: SIGSEGV (139); the kernel logs a write fault at address 0', () => {
    const { snap, k } = corpus('null_deref');
    expect(snap.exitStatus).toBe(139);
    expect(k.klog.filter((l) => /segfault/.test(l)).map((l) => l.replace(/^\[[^\]]*\] /, '').replace(/ sp [0-9a-f]+/, ' sp …'))).toEqual(['null_deref[100]: segfault at 0 ip 0000000000401000 sp … error 6 in null_deref']);
  });

  it('stack_overflow.c: SIGSEGV (139) at the guard page just below the 8 MiB stack', () => {
    const { snap, k } = corpus('stack_overflow');
    expect(snap.exitStatus).toBe(139);
    const line = k.klog.find((l) => /segfault/.test(l))!;
    const m = /segfault at ([0-9a-f]+) .* sp ([0-9a-f]+) error (\d)/.exec(line)!;
    const fault = parseInt(m[1]!, 16); const sp = parseInt(m[2]!, 16);
    expect(fault).toBeLessThanOrEqual(sp + 4096);
    expect(sp - fault).toBeLessThan(64 * 1024); // the frame being pushed, at the edge
    expect(m[3]).toBe('6');
  });

  it('double_free.c: glibc\'s message on stderr, SIGABRT (134), no kernel line', () => {
    const { snap, k } = corpus('double_free');
    expect(snap.exitStatus).toBe(134);
    expect(snap.stderr).toContain('free(): double free detected in tcache 2\n');
    expect(k.klog.filter((l) => /segfault|traps|uncaught/.test(l))).toEqual([]);
  });
});
