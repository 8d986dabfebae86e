// Deadlock and unrecovered panics end the process with Go's messages and exit status 2,
// while another process on the same machine finishes normally.
import { describe, expect, it } from 'vitest';
import { runFile, runProgram } from '../helpers.ts';
import { goProgram, go, make, time, func, defer, recover, fmt, chans, newObject } from '../../src/runtime/index.ts';

describe('fatal errors', () => {
  it('deadlock: checkdead prints Go\'s message and goroutine 1 [chan receive]; exit 2; the C program still finishes', async () => {
    const r = await runFile('scenarios/go-deadlock.yaml');
    const [go, c] = r.processes;
    expect(go!.stdout).toBe('waiting for a value that never comes\n');
    expect(go!.stderr).toBe('fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.main()\n\t?:0\n');
    expect(go!.exitStatus).toBe(2);
    expect(c!.exitStatus).toBe(0);
    expect(c!.stdout.endsWith('all 4 workers joined\n')).toBe(true);
  });

  it('panic: recover stops the first panic; the unrecovered one prints panic: boom and the goroutine; exit 2', async () => {
    const r = await runFile('scenarios/go-panic.yaml');
    const p = r.processes[0]!;
    expect(p.stdout).toBe('recovered: integer divide by zero\nmain continues after recover\ndeferred in boom runs first\n');
    // A TypeScript program has no Go file and line: its frames are at Go's "?:0".
    // Goroutines 2-5 are the runtime's own (forcegchelper, bgsweep, bgscavenge, the finalizer goroutine), as in Go.
    expect(p.stderr).toBe('panic: boom\n\ngoroutine 6 [running]:\nmain.boom()\n\t?:0\ncreated by main.main in goroutine 1\n\t?:0\n');
    expect(p.exitStatus).toBe(2);
    expect(p.exitNs! / 1e6).toBeLessThan(1);
  });

  it('a pending timer keeps checkdead quiet: main blocked forever while another G sleeps in a loop hangs, as in Go', () => {
    const exe = goProgram('hang', function* main() {
      yield* go(function* sleeper() { for (;;) yield* time.Sleep(time.Hour); });
      yield* make<number>().recv();
    });
    const { snap } = runProgram(exe, ['hang'], { limitNs: 200e6 });
    expect(snap.state).toBe('alive');
    expect(snap.stderr).toBe('');
  });

  it('a send on a closed channel is a recoverable panic; close of a nil channel panics too', () => {
    const exe = goProgram('closed', function* main() {
      const ch = make<number>(1);
      yield* ch.close();
      yield* func(function* () {
        defer(function* () { yield* fmt.Println('recovered:', recover()); });
        yield* ch.send(1);
      });
      const [v, ok] = yield* ch.recv2();
      yield* fmt.Println(v, ok);
      yield* chans.close(null);
    });
    const { snap } = runProgram(exe, ['closed']);
    expect(snap.stdout).toBe('recovered: send on closed channel\n0 false\n');
    expect(snap.stderr.startsWith('panic: close of nil channel\n\ngoroutine 1 [running]:\n')).toBe(true);
    expect(snap.exitStatus).toBe(2);
  });
});

describe('out of memory, as Go says it', () => {
  it('a heap object larger than the machine can commit: fatal error: runtime: out of memory, exit 2', () => {
    const exe = goProgram('huge', function* main() {
      yield* fmt.Println('allocating 200 GiB');
      yield* newObject(200 * 1024 ** 3);
      yield* fmt.Println('not reached');
    });
    const { snap, k } = runProgram(exe, ['huge'], { limitNs: 1e9 });
    expect(snap.stdout).toBe('allocating 200 GiB\n');
    expect(snap.stderr.split('\n')[0]).toBe('fatal error: runtime: out of memory');
    expect(snap.exitStatus).toBe(2);
    expect(k.oopses).toBe(0);
  });
});
