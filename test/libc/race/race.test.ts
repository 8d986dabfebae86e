// The race detector on C source (cc -fsanitize=thread): the pthread counter
// without a lock is reported in ThreadSanitizer's words at its line with exit
// status 66, and with a mutex it is not, at 1, 2 and 4 cores and three seeds.
// The edges: pthread_create, pthread_join, pthread_mutex_lock/unlock. What real
// ThreadSanitizer printed for the same programs is recorded by record.sh (NAME.err, NAME.exit).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseScenario, type Scenario } from '../../../src/scenario/loader.ts';
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
      expect(p.stderr, where).toMatch(/^==================\nWARNING: ThreadSanitizer: data race \(pid=\d+\)\n {2}(Read|Write) of size 4 at 0x[0-9a-f]{12} by thread T[12]:\n {4}#0 worker \S*counter\.c:9\n/);
      expect(p.stderr, where).toContain('SUMMARY: ThreadSanitizer: data race');
      expect(p.stderr, where).toMatch(/ThreadSanitizer: reported 1 warnings\n$/);
    }
  }, 60_000);

  it('counter.c: the report has the shape of real ThreadSanitizer\'s (gcc 12 -fsanitize=thread, counter.err): headers, access kinds and sizes, frames, "Thread T2 (tid=N, running) created by main thread at:", SUMMARY, the count; status 66', async () => {
    // What may differ, taken out of both: addresses, pid and tids, module offsets "(counter+0x11e9)",
    // the source's directory, which thread is "Previous" (the interleaving's), running/finished.
    // What gomachine does not print, taken out of the recording: the "Location is global 'counter'"
    // section (the detector has no symbol table) and the interceptor's frame "#0 pthread_create
    // …tsan_interceptors_posix.cpp" at the bottom of a creation stack (gomachine's frames are the program's).
    const shape = (t: string): string => t
      .replace(/\n {2}Location is [^\n]*\n/g, '')
      .replace(/ {4}#0 pthread_create [^\n]*\n {4}#1 /g, '    #0 ')
      .replace(/ \([\w.-]+\+0x[0-9a-f]+\)/g, '')
      .replace(/0x[0-9a-f]{12}/g, '0xADDR').replace(/pid=\d+/g, 'pid=N').replace(/tid=\d+/g, 'tid=N')
      .replace(/\S*\/(\w+\.c):/g, '$1:').replace(/(T\d) \(tid=N, (running|finished)\)/g, 'T (tid=N, STATE)')
      .replace(/by thread T\d/g, 'by thread T');
    const p = await run('counter.c', 2, 1);
    expect(shape(p.stderr)).toBe(shape(readFileSync(path.join(DIR, 'counter.err'), 'utf8')));
    expect(p.exitStatus).toBe(Number(readFileSync(path.join(DIR, 'counter.exit'), 'utf8').trim()));
  });

  it('condvar.c: data handed over with a mutex and a condition variable (cond_wait re-locks the mutex: the edge is the mutex\'s): no report, as under gcc\'s TSan (no condvar.err)', async () => {
    for (const cores of [1, 2, 4]) for (const seed of [1, 2, 3]) {
      const p = await run('condvar.c', cores, seed);
      const where = `cores=${cores} seed=${seed}`;
      expect(p.races, where).toEqual([]);
      expect(p.stderr, where).toBe('');
      expect(p.stdout, where).toBe('sum: 60\n');
      expect(p.exitStatus, where).toBe(0);
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

describe('race detector: a TypeScript program on the Go-style runtime (its loads and stores, sync.Mutex, channels)', () => {
  const dir = path.join(DIR, '../../runtime/race');
  // A TypeScript program is type-checked and built once (its scenario parsed once); each run changes the seed and env.
  const parsed = new Map<string, Scenario>();
  const ts = async (file: string, env: Record<string, string>, procs: number, seed: number) => {
    let s = parsed.get(file);
    if (s === undefined) {
      s = await parseScenario(`processes:\n  - program: ./${file}\n    race: true\n`, path.join(dir, 'ts.yaml'));
      parsed.set(file, s);
    }
    const p0 = s.spec.processes[0]!;
    const spec = { ...s.spec, seed, processes: [{ ...p0, env: { ...p0.env, GOMAXPROCS: String(procs), ...env } }] };
    return Report.parse(runScenario({ ...s, spec })).processes[0]!;
  };
  const pairs = (p: { races?: { at: string; previous: string }[] }): string[] =>
    p.races!.map((r) => [r.at, r.previous].map((a) => a.replace(/^.*\//, '')).sort().join(' ')).sort();

  it('ts-counter.ts: two goroutines read-modify-write one heap word (loadU64 line 13, storeU64 line 14) without a lock: races 13/14 and 14/14, exit status 66; with sync.Mutex: none', async () => {
    for (const procs of [1, 2, 4]) for (const seed of [1, 2, 3]) {
      const where = `GOMAXPROCS=${procs} seed=${seed}`;
      const racy = await ts('ts-counter.ts', { LOCK: '0' }, procs, seed);
      expect(racy.exitStatus, where).toBe(66);
      expect(pairs(racy), where).toEqual(['ts-counter.ts:13 ts-counter.ts:14', 'ts-counter.ts:14 ts-counter.ts:14']);
      expect(racy.stderr, where).toMatch(/WARNING: DATA RACE\n(Read|Write) at 0x[0-9a-f]{12} by goroutine \d+:\n {2}main\.worker\(\)\n {6}\S+\/ts-counter\.ts:1[34]\n/);
      const locked = await ts('ts-counter.ts', { LOCK: '1' }, procs, seed);
      expect(locked.races, where).toEqual([]);
      expect(locked.exitStatus, where).toBe(0);
      expect(locked.stdout, where).toBe('counter: 20\n');
    }
  }, 60_000);

  it('ts-raw.ts: a raw store (line 14) and a raw load (line 20) of the same bytes in two goroutines race; handed over through a channel they do not', async () => {
    for (const procs of [1, 2, 4]) for (const seed of [1, 2, 3]) {
      const where = `GOMAXPROCS=${procs} seed=${seed}`;
      const racy = await ts('ts-raw.ts', {}, procs, seed);
      expect(racy.exitStatus, where).toBe(66);
      expect(pairs(racy), where).toEqual(['ts-raw.ts:14 ts-raw.ts:20']);
      const synced = await ts('ts-raw.ts', { SYNC: '1' }, procs, seed);
      expect(synced.races, where).toEqual([]);
      expect(synced.exitStatus, where).toBe(0);
      expect(synced.stdout, where).toBe('read 4 bytes\n');
    }
  }, 60_000);

  it('a report names the program\'s frames and where each goroutine was created, as Go prints them (function, file:line of the TypeScript source)', async () => {
    const p = await ts('ts-raw.ts', {}, 1, 1);
    const file = path.join(dir, 'ts-raw.ts');
    const addr = /Write at (0x[0-9a-f]{12})/.exec(p.stderr)?.[1];
    expect(p.stderr).toBe(`==================
WARNING: DATA RACE
Write at ${addr} by goroutine 6:
  main.writer()
      ${file}:14

Previous read at ${addr} by goroutine 7:
  main.reader()
      ${file}:20

Goroutine 6 (running) created at:
  main.main()
      ${file}:25

Goroutine 7 (finished) created at:
  main.main()
      ${file}:26
==================
Found 1 data race(s)
`);
  });
});
