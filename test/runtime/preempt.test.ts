// Preemption: sysmon's retake and SIGURG let main run past a spinning goroutine on one P.
import { describe, expect, it } from 'vitest';
import { runFile, runYaml } from '../helpers.ts';

describe('preemption', () => {
  it('spin-preempt: main wakes after ≈100–120 ms through async preemption (tgkill SIGURG)', async () => {
    const r = await runFile('scenarios/go-spin-preempt.yaml');
    const p = r.processes[0]!;
    const ms = Number(/main woke after ([\d.]+) ms/.exec(p.stdout)![1]);
    expect(ms).toBeGreaterThanOrEqual(100);
    expect(ms).toBeLessThanOrEqual(120);
    expect(p.exitStatus).toBe(0);
    expect(p.syscalls.tgkill!.calls).toBeGreaterThanOrEqual(5);
    expect(p.runtime!.preemptions.async).toBeGreaterThanOrEqual(5);
    expect(p.runtime!.gomaxprocs).toBe(1);
  });

  it('with GODEBUG=asyncpreemptoff=1 main never prints', async () => {
    const r = await runYaml(`
name: spin-nopreempt
processes:
  - program: spin-preempt
    env: { GOMAXPROCS: 1, GODEBUG: asyncpreemptoff=1 }
run: { timeLimit: 300ms }
`);
    const p = r.processes[0]!;
    expect(p.stdout).toBe('');
    expect(p.exitStatus).toBeNull();
    expect(p.syscalls.tgkill).toBeUndefined();
    expect(r.stoppedBy).toBe('time-limit');
  });
});

describe('syscalls', () => {
  it('blocking-syscall: sysmon hands Ps off from Ms in the kernel and the process grows threads', async () => {
    const r = await runFile('scenarios/go-blocking-syscall.yaml');
    const p = r.processes[0]!;
    expect(p.exitStatus).toBe(0);
    for (let i = 0; i < 8; i++) expect(p.stdout).toContain(`sleeper ${i} back from the kernel\n`);
    expect(p.stdout.endsWith('all done; goroutines: 1\n')).toBe(true);
    expect(p.runtime!.handoffs).toBeGreaterThan(0);
    expect(p.threads.peak).toBeGreaterThan(2 + 2); // GOMAXPROCS + sysmon + more
    expect(p.stderr).toMatch(/^SCHED 0ms: gomaxprocs=2 idleprocs=\d+ threads=\d+ spinningthreads=\d+ needspinning=\d+ idlethreads=\d+ runqueue=\d+ \[\d+ \d+\]\n/);
  });
});

describe('blocking reads', () => {
  it('50 goroutines blocked in read(2) on pipes: sysmon hands their Ps off and the process grows to about 55 threads (Go measured 55)', async () => {
    const { goProgram, go, fmt, syscall, time, WaitGroup } = await import('../../src/runtime/index.ts');
    const { runProgram } = await import('../helpers.ts');
    const exe = goProgram('pipes', function* main() {
      const wg = new WaitGroup();
      const writers: number[] = [];
      for (let i = 0; i < 50; i++) {
        const p = yield* syscall.Pipe();
        if (typeof p === 'number') { yield* fmt.Println('pipe', p); return; }
        writers.push(p[1]);
        yield* wg.Add(1);
        yield* go(function* reader(fd: number) { yield* syscall.Read(fd, 16); yield* wg.Done(); }, p[0]);
      }
      yield* time.Sleep(200 * time.Millisecond);
      for (const w of writers) yield* syscall.Write(w, 'x');
      yield* wg.Wait();
      yield* fmt.Println('all 50 readers returned');
    });
    const { snap } = runProgram(exe, ['pipes'], { limitNs: 2e9 });
    expect(snap.stdout).toBe('all 50 readers returned\n');
    expect(snap.exitStatus).toBe(0);
    expect(snap.threadsPeak).toBeGreaterThanOrEqual(50);
    expect(snap.threadsPeak).toBeLessThanOrEqual(56);
  });
});
