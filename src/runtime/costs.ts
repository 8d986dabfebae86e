// The runtime's cycle costs: what each operation of the Go-style runtime charges, with the
// public figure it comes from. They live here, in user mode, because they are the runtime's
// own (the machine and the kernel know nothing of goroutines); the machine's and kernel's
// costs are in src/machine/costs.ts, at the same reference clock (1 ns = 3 cycles at 3 GHz).
// The runtime charges RT_COSTS (plain numbers, read on hot paths); RUNTIME_COSTS keeps each
// number with its source.

export interface RuntimeCost { readonly cycles: number; readonly source: string }

function c(cycles: number, source: string): RuntimeCost { return { cycles, source }; }

export const RUNTIME_COSTS = {
  // --- the Go-style runtime (user mode; go-runtime.md §12) -------------------------
  goNewproc: c(1200, 'newproc: gfget + frame setup + runqput; `go` + run + wg.Done measured 0.8–1.0 µs at P=1 (go-runtime.md §12): ~400 ns of it'),
  goSchedule: c(300, 'schedule/findRunnable/execute/gogo: Gosched between 2 Gs ≈100 ns (go-runtime.md §12)'),
  goPark: c(150, 'gopark + mcall to g0: an unbuffered ping-pong switch is ≈150–190 ns (go-runtime.md §12), ~50 ns beyond schedule'),
  goReady: c(90, 'goready: casgstatus + runqput into runnext: ~30 ns of the same switch'),
  goGoexit: c(450, 'goexit0 + gfput: the rest of `go` + run + wg.Done 0.8–1.0 µs (go-runtime.md §12): ~150 ns'),
  goChanOp: c(48, 'a buffered chan send or recv: send+recv ≈32 ns measured (go-runtime.md §12), 16 ns each'),
  goSelectCase: c(30, 'selectgo per case: lock/unlock and poll of one channel, ~10 ns (a chan op without the copy)'),
  goMutex: c(9, 'uncontended sync.Mutex Lock+Unlock ≈5.7 ns measured (go-runtime.md §12): ~3 ns each'),
  goProcyield: c(1200, 'procyield(30): 30 PAUSE instructions at ~40 cycles (10 pre-Skylake, 140 on Skylake: Intel optimization manual)'),
  goEntersyscall: c(60, 'entersyscall: part of the ≈38 ns Syscall-vs-RawSyscall overhead (go-runtime.md §3, §12)'),
  goExitsyscall: c(54, 'exitsyscall fast path: the other part of the ≈38 ns syscall wrapper overhead (go-runtime.md §3)'),
  goPrologue: c(1, 'the stack-bound check in a function prologue: ~3 cheap instructions (Go FAQ, go-runtime.md §12)'),
  goTimerModify: c(150, 'adding or deleting a timer in a P\'s 4-ary heap with its lock: ~50 ns (a heap insert plus an uncontended lock)'),
  goMapWrite: c(60, 'mapassign/mapdelete of a small key (hash, probe a bucket, store): ~20 ns (BenchmarkMapAssign/Int64 ≈ 20 ns), all of it with the map marked hashWriting'),
  goFmt: c(300, 'fmt.Println/Printf formatting of a short line: ~100 ns'),
  // --- the Go-style runtime's memory (stacks, heap, collector) -----------------------
  goStackCopyKiB: c(100, 'copystack: memmove of the used stack at ~10 GB/s plus adjusting frame pointers: ~33 ns per KiB'),
  goMallocSmall: c(60, 'mallocgc of a small object from the P\'s mcache (nextFreeFast): ~20 ns (BenchmarkMalloc8/16 10–25 ns)'),
  goMallocLarge: c(3000, 'mallocgc of a large object: mheap.alloc under the heap lock, ~1 µs'),
  goMcacheRefill: c(600, 'mcache.refill: a span from mcentral (partial swept list) ~200 ns'),
  goWriteBarrier: c(15, 'the hybrid write barrier while marking: two wbBuf entries, ~5 ns'),
  goGcMarkObject: c(30, 'greyobject + scanobject per object: find the span, set the mark bit, enqueue: ~10 ns'),
  goGcScanWord: c(3, 'scanobject per pointer word checked: ~1 ns'),
  goGcSweepSpan: c(150, 'mspan.sweep of one span (count mark bits, swap alloc/mark bitmaps): ~50 ns'),
  goGcRootG: c(300, 'markroot of one goroutine stack (suspendG + scanstack of a short stack): ~100 ns'),
  goStopTheWorld: c(1500, 'stopTheWorldWithSema\'s own work (sched.lock, gcwaiting, a pass over allp): ~0.5 µs; the rest of a pause is waiting for running goroutines to reach a safe point (gctrace sweep termination 5–45 µs on 2 vCPUs, go-runtime.md §9)'),
  goStartTheWorld: c(1500, 'startTheWorldWithSema without new threads (procresize over allp, notewakeup of Ms for Ps with work): ~0.5 µs'),
} as const;

export type RuntimeCostName = keyof typeof RUNTIME_COSTS;

/** The cycle counts alone, by name. */
export const RT_COSTS = Object.fromEntries(Object.entries(RUNTIME_COSTS).map(([k, v]) => [k, v.cycles])) as { readonly [K in RuntimeCostName]: number };
