import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.ts';

describe('posix_spawn, execve and wait4', () => {
  it('starts children that exec other programs and reports how each ended', async () => {
    const r = await runFile('scenarios/c-launcher.yaml');
    const byName = (n: string) => r.processes.filter((p) => p.name === n);
    const launcher = r.processes[0]!;
    expect(launcher.exitStatus).toBe(0);
    expect(launcher.stdout.split('\n').filter(Boolean).map((l) => l.replace(/\[\d+\]/, '[N]'))).toEqual([
      'launcher: hello [N] exited with status 0',
      'launcher: threads [N] exited with status 0',
      'launcher: segv [N] killed by SIGSEGV',
      'launcher: nosuch [N] exited with status 127',
    ]);
    expect(byName('hello')[0]!.stdout).toBe('Hello, world!\n');
    expect(byName('segv')[0]!.exitStatus).toBe(139);
    expect(launcher.syscalls.clone!.calls).toBe(4);
    expect(launcher.syscalls.wait4!.calls).toBe(4);
    // The child that could not exec: execve failed with ENOENT, then exit 127.
    const failed = r.processes.find((p) => p.exitStatus === 127)!;
    expect(failed.syscalls.execve).toEqual({ calls: 1, errors: 1, timeNs: expect.any(Number) });
    expect(r.memory.framesInUse).toBe(0);
  });
});
