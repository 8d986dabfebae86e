// The race detector on C source (cc -fsanitize=thread): the pthread counter
// without a lock is reported in ThreadSanitizer's words at its line with exit
// status 66, and with a mutex it is not, at 1, 2 and 4 cores and three seeds.
// The edges: pthread_create, pthread_join, pthread_mutex_lock/unlock.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseScenario } from '../../../src/scenario/loader.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { Report } from '../../../src/scenario/report.ts';

const DIR = import.meta.dirname;

async function run(file: string, cores: number, seed: number) {
  const yaml = `seed: ${seed}\nmachine: { cores: ${cores} }\nprocesses:\n  - program: ./${file}\n    race: true\n`;
  return Report.parse(runScenario(await parseScenario(yaml, path.join(DIR, 'race.yaml')))).processes[0]!;
}

describe('race detector: C programs (pthreads)', () => {
  it('counter.c: the unlocked counter++ (line 9) races with itself in the other thread, every run; exit status 66', async () => {
    for (const cores of [1, 2, 4]) for (const seed of [1, 2, 3]) {
      const p = await run('counter.c', cores, seed);
      const where = `cores=${cores} seed=${seed}`;
      expect(p.exitStatus, where).toBe(66);
      expect(p.stdout, where).toBe('counter: 200\n');
      expect(p.races!.map((r) => [r.at, r.previous].map((a) => a.replace(/^.*\//, '')).join(' ')), where).toEqual(['counter.c:9 counter.c:9']);
      expect(p.stderr, where).toMatch(/^==================\nWARNING: ThreadSanitizer: data race\n {2}(Read|Write) of size 4 at 0x[0-9a-f]{12} by thread T[12]:\n {4}#0 worker \S*counter\.c:9\n/);
      expect(p.stderr, where).toContain('SUMMARY: ThreadSanitizer: data race');
      expect(p.stderr, where).toMatch(/ThreadSanitizer: reported 1 warnings\n$/);
    }
  }, 60_000);

  it('mutex.c: the same counter under a pthread mutex: no report, exit status 0', async () => {
    for (const cores of [1, 2, 4]) for (const seed of [1, 2, 3]) {
      const p = await run('mutex.c', cores, seed);
      expect(p.races, `cores=${cores} seed=${seed}`).toEqual([]);
      expect(p.exitStatus).toBe(0);
      expect(p.stderr).toBe('');
    }
  }, 60_000);

});

describe('race detector: a TypeScript program on the Go-style runtime (its heap words, sync.Mutex)', () => {
  const ts = async (lock: boolean, procs: number, seed: number) => {
    const dir = path.join(DIR, '../../runtime/race');
    const yaml = `seed: ${seed}\nprocesses:\n  - program: ./ts-counter.ts\n    race: true\n    env: { GOMAXPROCS: ${procs}, LOCK: "${lock ? 1 : 0}" }\n`;
    return Report.parse(runScenario(await parseScenario(yaml, path.join(dir, 'ts.yaml')))).processes[0]!;
  };
  it('two goroutines read-modify-write one heap word without a lock: one race, exit status 66; with sync.Mutex: none', async () => {
    for (const procs of [1, 2, 4]) for (const seed of [1, 2, 3]) {
      const where = `GOMAXPROCS=${procs} seed=${seed}`;
      const racy = await ts(false, procs, seed);
      expect(racy.exitStatus, where).toBe(66);
      expect(racy.races, where).toHaveLength(1);
      expect(racy.stderr, where).toMatch(/WARNING: DATA RACE\n(Read|Write) at 0x[0-9a-f]{12} by goroutine \d+:/);
      const locked = await ts(true, procs, seed);
      expect(locked.races, where).toEqual([]);
      expect(locked.exitStatus, where).toBe(0);
      expect(locked.stdout, where).toBe('counter: 20\n');
    }
  }, 60_000);
  it.todo('a TypeScript program\'s stacks: its functions do not call racefuncenter, so its reports carry no frames');
});
