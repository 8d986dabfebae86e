// The scenario report: what the machine, the kernel (and later the runtime)
// did, as data with a zod schema (`gomachine run --json` prints it; tests parse
// it). Everything but `host` is a function of the scenario and the seed.

import { z } from 'zod';

const Count = z.number().int().nonnegative();

export const SyscallStats = z.record(z.string(), z.object({ calls: Count, errors: Count, timeNs: z.number().nonnegative() }));

export const CoreReport = z.object({
  id: Count,
  userNs: z.number().nonnegative(),
  kernelNs: z.number().nonnegative(),
  irqNs: z.number().nonnegative(),
  idleNs: z.number().nonnegative(),
  interrupts: Count,
});

/** What a Go-style process's runtime did (from the snapshot it publishes). */
export const RuntimeReport = z.object({
  gomaxprocs: Count,
  goroutines: z.object({ created: Count, peak: Count }),
  ms: z.object({ created: Count, peak: Count }),
  preemptions: z.object({ cooperative: Count, async: Count }),
  handoffs: Count,
  steals: Count,
  netpollParks: Count,
  /** Runnable → running, as Go's /sched/latencies:seconds. */
  schedLatencyNs: z.object({ p50: z.number().nonnegative(), p99: z.number().nonnegative() }),
  gc: z.object({
    cycles: Count, pauseTotalNs: z.number().nonnegative(), pauseMaxNs: z.number().nonnegative(),
    heapPeakBytes: Count, liveBytes: Count,
    /** The heap goal for the next cycle (bytes; null with GOGC=off and no GOMEMLIMIT). */
    heapGoalBytes: Count.nullable(),
    /** Bytes allocated per second of the process's run time. */
    allocBytesPerSec: z.number().nonnegative(),
    /** GC CPU time over the CPU time GOMAXPROCS Ps had since the start (runtime.MemStats.GCCPUFraction). */
    cpuFraction: z.number().nonnegative(),
    /** Mark worker runs by mode (dedicated: 25% of the Ps; fractional; idle Ps). */
    workers: z.object({ dedicated: Count, fractional: Count, idle: Count }),
  }).optional(),
  /** Stops of the world (GC's two phases, GOMAXPROCS changes): how many, and their total pause in ns. */
  stw: z.object({ count: Count, totalNs: z.number().nonnegative() }).optional(),
  stacks: z.object({ growths: Count, bytesInUse: Count }).optional(),
});

/** The load clients on the external hosts (scenarios with a workload). */
export const ClientsReport = z.object({
  connections: Count,
  connectionsDone: Count,
  completed: Count,
  failed: z.object({ refused: Count, reset: Count, timeout: Count, wrongReply: Count }),
  latencyNs: z.object({ p50: z.number().nonnegative(), p90: z.number().nonnegative(), p99: z.number().nonnegative(), max: z.number().nonnegative() }),
  throughputPerSec: z.number().nonnegative(),
  /** SYNs sent again (a dropped SYN, e.g. by a full accept queue) and all segments sent again. */
  synRetransmits: Count,
  retransmits: Count,
});

export const NetworkReport = z.object({
  nics: z.array(z.object({
    name: z.string(), rxPackets: Count, txPackets: Count, rxBytes: Count, txBytes: Count, drops: Count, irqs: Count,
    rxDrops: Count, txDrops: Count,
  })),
  acceptQueueDrops: Count,
  loopbackPackets: Count,
});

export const ProcessReport = z.object({
  pid: Count,
  name: z.string(),
  argv: z.array(z.string()),
  /** The wait status as a shell shows it ($?): the exit code, or 128 + signal. null while still running. */
  exitStatus: z.number().int().nullable(),
  /** The signal that killed it, e.g. "SIGSEGV", if one did. */
  signal: z.string().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  threads: z.object({ created: Count, peak: Count }),
  syscalls: SyscallStats,
  contextSwitches: z.object({ voluntary: Count, involuntary: Count }),
  cpu: z.object({ userNs: z.number().nonnegative(), kernelNs: z.number().nonnegative() }),
  memory: z.object({ rssPeakBytes: Count, vszPeakBytes: Count }),
  startNs: z.number().nonnegative(),
  exitNs: z.number().nonnegative().nullable(),
  /** Present for Go-style processes. */
  runtime: RuntimeReport.optional(),
});

export const Report = z.object({
  scenario: z.string(),
  seed: Count,
  simTimeNs: z.number().nonnegative(),
  /** A hash of every probe event of the run: equal for equal runs. */
  traceHash: z.string().regex(/^[0-9a-f]{16}$/),
  /** Instructions executed by all cores. */
  instructions: Count,
  /** Why the run stopped: every process exited, the time limit, or every load client finished. */
  stoppedBy: z.enum(['exit', 'time-limit', 'idle', 'clients']),
  machine: z.object({ cores: Count, clockHz: z.number().positive(), timerHz: Count, memoryBytes: Count, frameSize: Count }),
  cores: z.array(CoreReport),
  contextSwitches: Count,
  processes: z.array(ProcessReport),
  clients: ClientsReport.optional(),
  network: NetworkReport.optional(),
  memory: z.object({ framesInUse: Count, framesPeak: Count, framesTotal: Count }),
  kernel: z.object({ log: z.array(z.string()), unknownSyscalls: Count }),
  /** The scenario's expectations (`expect:`, or every process exiting 0): how many were checked, and each one not met. */
  expect: z.object({ checked: Count, unmet: z.array(z.string()) }).optional(),
  /** Wall-clock figures: the only part allowed to differ between two runs of the same seed. */
  host: z.object({
    wallMs: z.number().nonnegative(),
    instructionsPerSec: z.number().nonnegative(),
    simToWallRatio: z.number().nonnegative(),
  }),
});

export type Report = z.infer<typeof Report>;
export type ProcessReport = z.infer<typeof ProcessReport>;
export type RuntimeReport = z.infer<typeof RuntimeReport>;
export type ClientsReport = z.infer<typeof ClientsReport>;
