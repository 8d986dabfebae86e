// The runtime's cycle costs. The one table of costs, with the public figures they
// come from, is src/machine/costs.ts (entries go*); user-mode code may not import
// the machine, so the runtime carries the same numbers under the same names and a
// test (test/runtime/costs.test.ts) keeps the two equal.

export const RT_COSTS = {
  goNewproc: 1200,
  goSchedule: 300,
  goPark: 150,
  goReady: 90,
  goGoexit: 450,
  goChanOp: 48,
  goSelectCase: 30,
  goMutex: 9,
  goProcyield: 1200,
  goEntersyscall: 60,
  goExitsyscall: 54,
  goPrologue: 1,
  goTimerModify: 150,
  goFmt: 300,
  goStackCopyKiB: 100,
  goMallocSmall: 60,
  goMallocLarge: 3000,
  goMcacheRefill: 600,
  goWriteBarrier: 15,
  goGcMarkObject: 30,
  goGcScanWord: 3,
  goGcSweepSpan: 150,
  goGcRootG: 300,
  goStopTheWorld: 1500,
  goStartTheWorld: 1500,
} as const;
