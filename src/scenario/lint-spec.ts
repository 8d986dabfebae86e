// The lints' vocabulary: their ids, the record of one finding, and the
// thresholds (the scenario's `lint:` section, `run --lint-set`), each with its
// unit. The checks themselves are in lint.ts.

import './zod-config.ts';
import * as z from 'zod';
import { Duration } from './units.ts';

export const LINT_IDS = [
  'goroutine-leak', 'partial-deadlock', 'lock-contention', 'starvation', 'busy-loop',
  'thread-explosion', 'gc-thrash', 'timer-leak', 'accept-overflow', 'blocking-syscall',
] as const;
export type LintId = (typeof LINT_IDS)[number];

const Count = z.number().int().nonnegative();
const Percent = z.number().min(0, 'a share is 0..100 (%)').max(100, 'a share is 0..100 (%)');

/** Thresholds: every number with its unit (durations are written with one: 100ms, 1s). */
export const LintThresholds = z.strictObject({
  /** goroutine-leak: goroutines blocked at one line when their process exits. */
  leakAtExit: Count.min(1).default(1),
  /** goroutine-leak: goroutines blocked at one line of a running process, a count that only grew. */
  leakGrowth: Count.min(1).default(1000),
  /** partial-deadlock: how long a cycle must last before it is reported. */
  deadlockAfter: Duration.default(100e6),
  /** lock-contention: the share of their lives the waiters of one mutex spent waiting for it (%), and the least total wait. */
  contentionShare: Percent.default(50),
  contentionMinWait: Duration.default(10e6),
  /** starvation: a runnable goroutine's wait for a P. */
  starvation: Duration.default(100e6),
  /** busy-loop: CPU time of a goroutine or thread without a syscall, channel or lock operation. */
  busyLoop: Duration.default(1e9),
  /** thread-explosion: threads of a process per core of the machine. */
  threadsPerCore: Count.min(1).default(8),
  /** gc-thrash: GC CPU time over GOMAXPROCS' CPU time in a window (%), the window, and back-to-back cycles near GOMEMLIMIT. */
  gcCpu: Percent.default(25),
  gcWindow: Duration.default(500e6),
  gcBackToBack: Count.min(2).default(5),
  /** timer-leak: timers made at one line and never stopped nor received. */
  timerLeak: Count.min(1).default(100),
  /** accept-overflow: SYNs one listener dropped for a full accept queue. */
  acceptDrops: Count.min(1).default(1),
  /** blocking-syscall: times sysmon handed a P off from one syscall. */
  handoffs: Count.min(1).default(5),
  /** How often the lints read the runtime's and the kernel's state (simulated time). */
  poll: Duration.default(10e6),
});
export type LintThresholds = z.infer<typeof LintThresholds>;

/** A scenario's `lint:` section: `true` (the defaults) or thresholds; its presence turns the lints on. */
export const LintSpec = z.union([z.literal(true), LintThresholds.partial()]);

/** Each threshold's unit, as the output states it. */
export const THRESHOLD_UNITS: Record<keyof LintThresholds, 'goroutines' | 'ns' | '%' | 'threads per core' | 'cycles' | 'timers' | 'SYNs' | 'handoffs'> = {
  leakAtExit: 'goroutines', leakGrowth: 'goroutines', deadlockAfter: 'ns', contentionShare: '%', contentionMinWait: 'ns',
  starvation: 'ns', busyLoop: 'ns', threadsPerCore: 'threads per core', gcCpu: '%', gcWindow: 'ns', gcBackToBack: 'cycles',
  timerLeak: 'timers', acceptDrops: 'SYNs', handoffs: 'handoffs', poll: 'ns',
};

/** Where in the program a lint happened: what of it is known. */
export const LintWhere = z.object({
  goroutine: Count.optional(),
  thread: Count.optional(),
  /** The function (main.worker) and, where the program's source or a built-in program's file gives it, file and line. */
  fn: z.string().optional(),
  file: z.string().optional(),
  line: Count.optional(),
  /** A listener ("10.0.0.1:8080"), a mutex ("mutex #2"), a syscall ("read"). */
  object: z.string().optional(),
});

export const Lint = z.object({
  id: z.enum(LINT_IDS),
  pid: Count,
  process: z.string(),
  /** Simulated time it was found (ns). */
  atNs: z.number().nonnegative(),
  where: LintWhere,
  /** One line: what went wrong, with the figures and the threshold (units included). */
  message: z.string(),
  /** Its figures by name; each name ends in its unit (Ns, Bytes, Percent) or counts. */
  figures: z.record(z.string(), z.number()),
  /** More lines where one is not enough (a partial deadlock's cycle, drawn). */
  detail: z.string().optional(),
});
export type Lint = z.infer<typeof Lint>;
export type LintWhere = z.infer<typeof LintWhere>;

/** `key=value` of a threshold (run --lint-set), checked as the scenario's `lint:` section is. */
export function parseLintSet(kv: string): Partial<LintThresholds> {
  const i = kv.indexOf('=');
  if (i <= 0) throw new Error(`--lint-set wants key=value, got "${kv}"`);
  const key = kv.slice(0, i); const raw = kv.slice(i + 1);
  if (!(key in THRESHOLD_UNITS)) throw new Error(`--lint-set: no threshold "${key}" (have: ${Object.keys(THRESHOLD_UNITS).join(', ')})`);
  const v = /^[0-9.]+$/.test(raw) && THRESHOLD_UNITS[key as keyof LintThresholds] !== 'ns' ? Number(raw) : raw;
  const r = LintThresholds.partial().safeParse({ [key]: v });
  if (!r.success) throw new Error(`--lint-set ${key}: ${r.error.issues[0]?.message ?? 'invalid'}`);
  // Only this key: the partial schema fills in every default, which must not override the scenario's.
  return { [key]: r.data[key as keyof LintThresholds] };
}
