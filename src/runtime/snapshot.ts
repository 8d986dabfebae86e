// What a Go-style process shows to observers: the read-only snapshot the runtime
// publishes (usdtPublish('runtime', ...), read as `runtime:<pid>` on the probe bus)
// and the kinds of the USDT events it fires. The dashboard, the report and the
// trace exporter are written against these types, never against the runtime's
// own structures.

export type PStatus = '_Pidle' | '_Prunning' | '_Psyscall' | '_Pgcstop' | '_Pdead';
export type GStatus = '_Gidle' | '_Grunnable' | '_Grunning' | '_Gsyscall' | '_Gwaiting' | '_Gdead' | '_Gcopystack' | '_Gpreempted';
export type MState = 'running' | 'spinning' | 'idle' | 'syscall' | 'sysmon';

export interface PSnapshot { id: number; status: PStatus; m: number; curg: number; runq: number; runnext: number; timers: number; schedtick: number; syscalltick: number }
export interface MSnapshot { id: number; tid: number; p: number; curg: number; state: MState; spinning: boolean }
/** A goroutine; `at` is where a compiled program's goroutine waits (its statement's function and file:line), when it does. */
export interface GSnapshot { goid: number; status: GStatus; waitReason: string; m: number; startFn: string; waitSinceNs: number; at?: string }

export interface RuntimeSnapshot {
  pid: number;
  goVersion: string;
  gomaxprocs: number;
  ps: PSnapshot[];
  ms: MSnapshot[];
  /** Global run queue length. */
  globrunq: number;
  goroutines: { live: number; byStatus: Partial<Record<GStatus, number>>; byWaitReason: Record<string, number> };
  /** At most this many goroutines are listed in `gs` (the busiest first); the counts above are complete. */
  gs: GSnapshot[];
  netpollWaiters: number;
  gc: {
    phase: 'off' | 'mark' | 'marktermination' | 'sweep'; heapLiveBytes: number; heapGoalBytes: number; cycles: number;
    /** Stop-the-world pauses (sweep termination + mark termination), ns. */
    pauseTotalNs?: number; pauseMaxNs?: number;
    /** The largest heap (bytes in allocated objects, live or not yet swept) seen. */
    heapPeakBytes?: number;
    /** Bytes marked live by the last cycle. */
    heapMarkedBytes?: number;
    /** Heap memory obtained from the OS, and the part returned with madvise(MADV_DONTNEED). */
    heapSysBytes?: number; heapReleasedBytes?: number;
    gogc?: number; forcedCycles?: number; assistObjects?: number;
    /** Times an assist parked ("GC assist wait") for want of work to do. */
    assistWaits?: number;
    /** Bytes allocated since the start; GC CPU time (pauses × GOMAXPROCS + assists + mark workers), ns; when the runtime started (ns, machine clock). */
    totalAllocBytes?: number; cpuNs?: number; runtimeStartNs?: number;
    /** Mark worker runs by mode. */
    workers?: { dedicated: number; fractional: number; idle: number };
  };
  /** Stops of the world (GC phases, GOMAXPROCS) and their total pause, ns. */
  stw?: { count: number; totalNs: number };
  /** Goroutine stacks: growths (newstack), shrinks (by the collector), bytes in use, the largest stack. */
  stacks?: { growths: number; shrinks: number; bytesInUse: number; maxBytes: number; bytesCopied: number };
  stats: {
    goroutinesCreated: number; goroutinesPeak: number; msCreated: number; msPeak: number;
    preemptCooperative: number; preemptAsync: number; handoffs: number; steals: number; netpollParks: number;
  };
  /** Runnable → running latency, sampled on 1 in 8 goroutines (gTrackingPeriod), upper power-of-two bucket edges in ns. */
  schedLatencyNs?: { p50: number; p99: number; samples: number };
  /** Ms parked on the idle list (sched.nmidle). */
  msIdle?: number;
  /** The objects goroutines wait on: not part of the snapshot itself (its 'objects' query), an observer that asks puts them here. */
  objects?: RuntimeObjects;
}

/**
 * The runtime's synchronisation and I/O objects that goroutines wait on, as tokio-console's
 * resource view lists them: the answer to the published snapshot's 'objects' query. The
 * runtime keeps no list of its objects (Go does not): the list is built when it is asked for,
 * from the waiting goroutines' wait objects, the Ps' timer heaps and the netpoller's
 * descriptors — so an object nobody waits on shows only if it is a timer or a descriptor.
 * Goroutines are goids; times are ns on the runtime's clock.
 */
export type RuntimeObject =
  /** A channel: its buffer, whether it is closed, and the goroutines parked to receive and to send (select cases included). */
  | { kind: 'chan'; id: number; len: number; cap: number; closed: boolean; recv: number[]; send: number[]; timer: boolean }
  /**
   * A sync.Mutex (or an RWMutex's writer lock, `of` naming the RWMutex): locked, starving, Go's own
   * count of waiters, the holder (-1: not known — Go's Mutex keeps no owner; the lints record it
   * while they watch) and the goroutines parked on its semaphore, head first.
   */
  | { kind: 'mutex'; id: number; of: number | null; locked: boolean; starving: boolean; nwait: number; holder: number; waiters: number[];
      /** When the holder locked it, runtime clock (ns, as a timer's `when`); -1 when not known (locked before the view was watched). */
      lockedAt: number }
  /** A sync.RWMutex: readers holding it, whether a writer holds or waits for it, writers waiting for the readers to leave, readers waiting. */
  | { kind: 'rwmutex'; id: number; readers: number; writer: boolean; writerWaiting: number[]; readerWaiting: number[] }
  /** A sync.WaitGroup: its counter and the goroutines in Wait. */
  | { kind: 'waitgroup'; id: number; counter: number; waiters: number[] }
  /** A sync.Cond (its notify list): tickets handed out and notified, the goroutines in Wait. */
  | { kind: 'cond'; id: number; tickets: number; notified: number; waiters: number[] }
  /**
   * An armed timer in a P's heap: when it fires (ns) and its period (0: once); what it does
   * (`sleep` of a goroutine, `chan` send on a channel, `func` AfterFunc, or the runtime function's
   * name), the P it is on and the goroutines it would wake (the sleeper, the channel's receivers).
   */
  | { kind: 'timer'; id: number; when: number; period: number; does: string; chan: number | null; p: number; waiters: number[] }
  /** A netpoll descriptor in use: its fd, the goroutine parked to read and to write (-1: none), whether an event is pending for each, the deadlines (ns, 0: none). */
  | { kind: 'netpoll'; id: number; fd: number; reader: number; writer: number; readReady: boolean; writeReady: boolean; rd: number; wd: number; closing: boolean };

export interface RuntimeObjects {
  objects: RuntimeObject[];
  /** Waiting goroutines whose wait object the list does not show (select {}, a GC assist, a notifyList of the runtime's own): their count by wait reason. */
  unlisted: Record<string, number>;
}

/**
 * USDT event kinds the runtime fires (ProbeEvent.kind; a, b, s as noted). Times are
 * the probe's own; pid/tid are the M's thread.
 */
export const GO_EVENTS = {
  /** a = goid, b = parent goid, s = start function. */
  goCreate: 'go_create',
  /** A goroutine changed state: a = goid, b = P id (or -1), s = `${GStatus}` or `${GStatus}:${waitReason}`. */
  goStatus: 'go_status',
  /** a = P id, b = M id, s = PStatus. */
  procStatus: 'go_proc',
  /** a = M id, s = MState. */
  mStatus: 'go_m',
  /** s = GC phase ('off' | 'mark' | 'marktermination' | 'sweep'), a = heap live bytes, b = heap goal bytes. */
  gcPhase: 'go_gc',
  /** Stop-the-world: begun (b = 0, a = GOMAXPROCS, s = reason) or ended (b = 1, a = pause ns). */
  stw: 'go_stw',
  /** A wake-up that made a goroutine runnable: a = woken goid, b = waker goid (flow arrows in traces). */
  goUnblock: 'go_unblock',
  /** The race detector reported a data race (Go or C): a = the accessing goroutine (thread), b = the previous one, s = "file:line file:line" (current, previous). */
  race: 'data_race',
} as const;

/** A program frame: function, file and line (compiled Go source, or a built-in program's TypeScript). */
export interface LintFrame { fn: string; file: string; line: number }

/** What a goroutine waits for, as far as the runtime knows who could wake it. */
export type LintWait =
  /** A sync.Mutex (numbered in the order first seen), the goroutine holding it (-1: none) and where it locked it. */
  | { kind: 'mutex'; id: number; holder: number; holderSite: LintFrame | null }
  /** Channels (their ids) and every goroutine that made or used one of them; null: not known (too many, or a timer's). */
  | { kind: 'chan'; ids: number[]; users: number[] | null };

export interface LintGoroutine {
  goid: number; status: GStatus; waitReason: string; startFn: string; isSystem: boolean;
  /** Where it parked last (while the lints watched), or null. */
  site: LintFrame | null;
  /** Where the go statement that made it ran, and where the program entered its latest syscall (while the lints watched), or null. */
  created: LintFrame | null;
  syscallSite: LintFrame | null;
  /** Channel and lock operations and syscalls it made while the lints watched. */
  syncOps: number;
  waitsOn: LintWait | null;
}

export interface LintTimerSite { site: LintFrame; created: number; stopped: number; received: number }

/** A contended mutex: waits, total wait (ns), each waiter's wait (goid → ns), where holders had locked it (most often first). */
export interface LintMutex { id: number; waits: number; waitNs: number; waiters: [number, number][]; holderSites: { site: LintFrame; n: number }[] }

/** The runtime's answer to the 'lint' query of its published snapshot (only kept while an observer is attached). */
export interface RuntimeLintState {
  gomaxprocs: number;
  goroutines: LintGoroutine[];
  timers: LintTimerSite[];
  mutexes: LintMutex[];
  /** Each M's thread id and whether it is in a syscall now. */
  ms: { id: number; tid: number; inSyscall: boolean; curg: number }[];
  /** GOMEMLIMIT in bytes, or null when none is set. */
  memlimitBytes: number | null;
}
