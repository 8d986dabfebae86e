// The scenario report: what the machine, the kernel (and later the runtime)
// did, as data with a zod schema (`gomachine run --json` prints it; tests parse
// it). Everything but `host` is a function of the scenario and the seed.

import './zod-config.ts';
import * as z from 'zod';
import { Lint } from './lint-spec.ts';

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

/** Segments sent again, by cause: the retransmission timer, fast retransmit (three duplicate ACKs), SYN/SYN-ACK retries. */
const RetransCounts = z.object({ rto: Count, fast: Count, syn: Count });
/** A connection that sent segments again ("a.b.c.d:port"). */
const RetransConn = RetransCounts.extend({ local: z.string(), remote: z.string() });

/** The load clients on the external hosts (scenarios with a workload). */
export const ClientsReport = z.object({
  connections: Count,
  connectionsDone: Count,
  completed: Count,
  failed: z.object({ refused: Count, reset: Count, timeout: Count, wrongReply: Count }),
  /** Requests neither completed nor failed when the run ended (connections still open); absent when none. */
  unfinished: Count.optional(),
  latencyNs: z.object({ p50: z.number().nonnegative(), p90: z.number().nonnegative(), p99: z.number().nonnegative(), p999: z.number().nonnegative(), max: z.number().nonnegative() }),
  throughputPerSec: z.number().nonnegative(),
  /** SYNs sent again (a dropped SYN, e.g. by a full accept queue) and all segments sent again. */
  synRetransmits: Count,
  retransmits: Count,
  /** The clients' segments sent again by cause, and the connections that did (most first, at most 20). */
  retransmitsByCause: RetransCounts,
  retransConnections: z.array(RetransConn),
  /** clients.slowloris: the held connections — established, closed or reset by the server, never connected, still held at the end. */
  slowloris: z.object({ connections: Count, established: Count, closedByServer: Count, reset: Count, failedToConnect: Count, open: Count }).optional(),
});

/** Real clients carried in by `run --bridge`: connections, request/reply turns, bytes, latency in simulated time. */
export const BridgeReport = z.object({
  listen: z.string(),
  target: z.string(),
  connections: Count, closed: Count, reset: Count, open: Count,
  requests: Count, replied: Count, bytesIn: Count, bytesOut: Count,
  /** Backpressure: how often the simulation fell more than 0.5 s behind the wall clock, its worst lag (ms), connections still held outside at the end, connections reset because too many were held. */
  behind: z.object({ episodes: Count, maxLagMs: Count, heldAtEnd: Count, refused: Count }),
  latencyNs: z.object({ p50: z.number().nonnegative(), p90: z.number().nonnegative(), p99: z.number().nonnegative(), p999: z.number().nonnegative(), max: z.number().nonnegative() }),
});

export const NetworkReport = z.object({
  nics: z.array(z.object({
    name: z.string(), rxPackets: Count, txPackets: Count, rxBytes: Count, txBytes: Count, drops: Count, irqs: Count,
    rxDrops: Count, txDrops: Count, txIrqs: Count,
    /** The qdisc (pfifo_fast): packets waiting at the end, the most that waited, and packets it dropped because it was full. */
    qdiscBacklog: Count, qdiscBacklogPeak: Count, qdiscDrops: Count,
    /** Times the driver stopped the queue (tx ring full), and times TCP Small Queues held a socket back. */
    queueStops: Count, tsqThrottles: Count,
    /** The machine's TCP segments sent again out of this NIC, by cause. */
    retransmits: RetransCounts,
    /** Frames the scenario's wire faults (network.faults) did something to on this NIC's link, both directions. */
    faults: z.object({ lost: Count, corrupted: Count, duplicated: Count, reordered: Count, delayed: Count, downDrops: Count }).optional(),
  })),
  acceptQueueDrops: Count,
  loopbackPackets: Count,
  /** Every segment the machine's TCP sent again (all NICs and the loopback), by cause, and the connections that did. */
  retransmits: RetransCounts,
  retransConnections: z.array(RetransConn),
});

/** One data race the race detector reported (a race-enabled process), in the order found. */
export const RaceEntry = z.object({
  atNs: z.number().nonnegative(),
  /** The goroutine (C: thread) of the access that found it, and of the earlier access. */
  goroutine: Count,
  previousGoroutine: Count,
  /** The two accesses' innermost frames, file:line. */
  at: z.string(),
  previous: z.string(),
});
export type RaceEntry = z.infer<typeof RaceEntry>;
/** A race as the dashboard sees it while the run goes on: which process found it. */
export type RaceView = RaceEntry & { pid: number };

export const ProcessReport = z.object({
  pid: Count,
  name: z.string(),
  argv: z.array(z.string()),
  /** The wait status as a shell shows it ($?): the exit code, or 128 + signal. null while still running. */
  exitStatus: z.number().int().nullable(),
  /** The signal that killed it, e.g. "SIGSEGV", if one did. */
  signal: z.string().nullable(),
  /** The tail of each stream the kernel keeps (the last 1 Mi characters); the bytes before it that were dropped. */
  stdout: z.string(),
  stderr: z.string(),
  outputDroppedBytes: z.object({ stdout: Count, stderr: Count }).optional(),
  threads: z.object({ created: Count, peak: Count }),
  syscalls: SyscallStats,
  contextSwitches: z.object({ voluntary: Count, involuntary: Count }),
  cpu: z.object({ userNs: z.number().nonnegative(), kernelNs: z.number().nonnegative() }),
  memory: z.object({ rssPeakBytes: Count, vszPeakBytes: Count }),
  startNs: z.number().nonnegative(),
  exitNs: z.number().nonnegative().nullable(),
  /** Present for Go-style processes. */
  runtime: RuntimeReport.optional(),
  /** Present for a race-enabled process: the data races it reported (empty: none). */
  races: z.array(RaceEntry).optional(),
});

export const Report = z.object({
  scenario: z.string(),
  seed: Count,
  simTimeNs: z.number().nonnegative(),
  /** A hash of every probe event of the run: equal for equal runs. */
  traceHash: z.string().regex(/^[0-9a-f]{16}$/),
  /** Instructions executed by all cores. */
  instructions: Count,
  /** Why the run stopped: every process exited, the time limit, every load client finished, or Ctrl-C ended a bridged run. */
  stoppedBy: z.enum(['exit', 'time-limit', 'idle', 'clients', 'interrupted']),
  machine: z.object({ cores: Count, clockHz: z.number().positive(), timerHz: Count, memoryBytes: Count, frameSize: Count }),
  cores: z.array(CoreReport),
  contextSwitches: Count,
  processes: z.array(ProcessReport),
  clients: ClientsReport.optional(),
  /** Real clients over `--bridge` (an interrupted run). */
  bridge: BridgeReport.optional(),
  network: NetworkReport.optional(),
  memory: z.object({ framesInUse: Count, framesPeak: Count, framesTotal: Count }),
  /** oopses: JavaScript exceptions the kernel survived (each a kernel bug; each killed the process it happened in). */
  kernel: z.object({ log: z.array(z.string()), unknownSyscalls: Count, oopses: Count }),
  /** Concurrency mistakes the lints found (when they were on: `lint:` in the scenario, `run --lint`), in the order found. */
  lints: z.array(Lint).optional(),
  /** The thresholds they used (durations in ns, shares in %). */
  lintThresholds: z.record(z.string(), z.number()).optional(),
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
export type BridgeReport = z.infer<typeof BridgeReport>;
