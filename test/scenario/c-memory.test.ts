import { describe, expect, it } from 'vitest';
import { runYaml, runFile } from '../helpers.ts';

describe('C-style memory', () => {
  it('deep recursion runs off the end of the 8 MiB main stack and dies of SIGSEGV', async () => {
    const r = await runFile('scenarios/c-deep-recursion.yaml');
    const p = r.processes[0]!;
    expect(p.exitStatus).toBe(139);
    expect(p.stdout.trimEnd().split('\n').pop()).toBe('depth 28672, stack 7168 KiB');
    expect(p.memory.rssPeakBytes).toBeGreaterThan(8 * 1024 * 1024 - 16 * 1024); // every page of the stack below libc's scratch area was touched
    expect(r.kernel.log.some((l) => /deep-recursion\[\d+\]: segfault at 7fffff7fef/.test(l))).toBe(true);
  });

  it('threads keep fixed 8 MiB stacks: VSZ grows by 8 MiB a thread, RSS only by the pages touched', async () => {
    const r = await runYaml('machine: {cores: 2}\nprocesses: [{program: many-threads, args: [1000, 300]}]\nrun: {timeLimit: 10s}');
    const p = r.processes[0]!;
    expect(p.exitStatus).toBe(0);
    expect(p.stdout).toBe('created 1000 threads\njoined 1000 threads\n');
    expect(p.threads).toEqual({ created: 1001, peak: 1001 });
    expect(p.memory.vszPeakBytes).toBeGreaterThan(1000 * (8 * 1024 * 1024));
    // 300 frames of 128 bytes (38 KiB = 10 pages) plus the page holding struct pthread.
    expect(p.memory.rssPeakBytes).toBeLessThan(1001 * 13 * 4096);
    expect(p.memory.rssPeakBytes).toBeGreaterThan(1000 * 10 * 4096);
  });

  it('malloc and free keep the heap near the live set; the same allocations without free leak', async () => {
    const gc = (await runYaml('processes: [{program: gc-pressure, args: [20000000, 2000000, 1024]}]')).processes[0]!;
    expect(gc.exitStatus).toBe(0);
    expect(gc.stdout).toBe('allocated 19531 objects (20 MB) with 1953 live (2 MB); live data intact\n');
    expect(gc.memory.rssPeakBytes).toBeLessThan(3 * 1024 * 1024);
    const leak = (await runYaml('processes: [{program: leak, args: [20000000, 1024]}]')).processes[0]!;
    expect(leak.exitStatus).toBe(0);
    expect(leak.memory.rssPeakBytes).toBeGreaterThan(20_000_000);
  });
});

describe('running out of memory', () => {
  it('the OOM killer ends the process with the most resident memory (SIGKILL, 137), and the others go on', async () => {
    const r = await runYaml('machine: {cores: 2, memory: 32MiB}\nprocesses: [{program: leak, args: [200000000, 1024]}, {program: threads}]\nrun: {timeLimit: 10s}');
    const [leak, threads] = r.processes;
    expect(leak!.exitStatus).toBe(137);
    expect(leak!.signal).toBe('SIGKILL');
    expect(threads!.exitStatus).toBe(0);
    expect(r.kernel.log.some((l) => /Out of memory: Killed process \d+ \(leak\)/.test(l))).toBe(true);
    expect(r.memory.framesInUse).toBe(0);
  });
});
