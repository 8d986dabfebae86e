// The one table of costs. Every figure the simulation charges is a named cycle
// count here, next to the public measurement it comes from. Figures in ns are
// converted at the reference clock of 3 GHz (1 ns = 3 cycles); a scenario that
// sets another clock keeps the cycle counts (a slower core takes longer).
//
// Where a range was published we take a value inside it and say which.

export const REFERENCE_HZ = 3_000_000_000;

export interface Cost { readonly cycles: number; readonly source: string }

function c(cycles: number, source: string): Cost { return { cycles, source }; }

export const COSTS = {
  // --- traps and the syscall path -------------------------------------------------
  syscallEntry: c(300, 'raw syscall (getuid) 150–200 ns on a VM (gomachine go-runtime.md §12); entry is the larger half: 100 ns'),
  syscallExit: c(150, 'the return half of the same 150–200 ns raw syscall: 50 ns'),
  syscallWork: c(60, 'a trivial syscall body (getpid, gettid) beyond entry/exit: ~20 ns'),
  copyPerByte: c(0.125, 'copy_to_user/copy_from_user at ~8 bytes per cycle (rep movsb on a modern x86 core)'),
  // --- interrupts --------------------------------------------------------------
  irqEntry: c(600, 'interrupt entry + exit with register save/restore: ~200 ns'),
  timerTick: c(1500, 'scheduler_tick + hrtimer bookkeeping of a HZ tick: ~0.5 µs'),
  ipi: c(3000, 'inter-processor interrupt latency (reschedule IPI) ~1 µs on x86'),
  // --- scheduling --------------------------------------------------------------
  contextSwitch: c(3200, 'thread context switch ≈1.07 µs (pipe ping-pong 2.14 µs round trip, i7 11th gen, Linux 6.6; go-runtime.md §12)'),
  wakeup: c(900, 'try_to_wake_up + enqueue: ~0.3 µs'),
  idleExit: c(1500, 'leaving the idle loop (C1-class exit) ~0.5 µs'),
  // --- memory ------------------------------------------------------------------
  pageFault: c(2400, 'minor anonymous page fault with a zeroed 4 KiB page: ~0.8 µs (0.5–1 µs commonly measured)'),
  mmap: c(1500, 'mmap of an anonymous region (VMA insert, no population): ~0.5 µs'),
  munmapPerPage: c(150, 'unmapping and freeing a resident page (TLB shootdown amortised): ~50 ns'),
  memAccess: c(4, 'a cached load/store of up to 8 bytes: ~1 ns'),
  atomicOp: c(20, 'LOCK CMPXCHG on a shared cache line: ~5–10 ns'),
  // --- threads and futexes -----------------------------------------------------
  clone: c(45_000, 'pthread_create + join 40–54 µs on a VM, 15–30 µs native (go-runtime.md §12); kernel side of clone ≈15 µs'),
  exitThread: c(6000, 'do_exit of a thread (mm, files, signal teardown): ~2 µs'),
  futexWait: c(450, 'futex_wait queueing (hash bucket lock, get_user): ~150 ns'),
  futexWake: c(1500, 'futex wake of one waiter: part of a 13.5–14.6 µs round trip measured with 2 wakes + 2 switches on a VM (go-runtime.md §12), ~0.5 µs native'),
  signalDeliver: c(3000, 'signal frame setup + rt_sigreturn ~1 µs'),
  // --- I/O multiplexing and IPC ------------------------------------------------
  epollCtl: c(900, 'epoll_ctl ADD/MOD/DEL: rb-tree update + f_op->poll, ~0.3 µs beyond the syscall path (libevent/kqueue-vs-epoll microbenchmarks: 0.3–0.6 µs per call)'),
  epollCallback: c(240, 'ep_poll_callback: ready-list insert under ep->lock, ~80 ns'),
  epollPerEvent: c(90, 'ep_send_events per item: f_op->poll + __put_user of 12 bytes, ~30 ns'),
  pollPerFd: c(90, 'do_pollfd per descriptor: fdget + f_op->poll, ~30 ns'),
  pipeOp: c(600, 'pipe_read/pipe_write bookkeeping (mutex, buffer slot, wake): ~0.2 µs of the ~2 µs pipe ping-pong (go-runtime.md §12)'),
  // --- time ---------------------------------------------------------------------
  vdsoClock: c(60, 'vDSO clock_gettime 13–33 ns across 15 hosts (gms.tf, "On the costs of syscalls"): ~20 ns'),
  hrtimerArm: c(300, 'hrtimer_start: rb-tree insert ~100 ns'),
  // --- networking -----------------------------------------------------------------
  nicIrq: c(1200, 'NIC hard-IRQ handler (ack the device, napi_schedule): ~0.4 µs'),
  netRxPacket: c(2700, 'per-packet receive in NET_RX softirq (netif_receive_skb → ip_rcv → tcp_v4_rcv): ~0.9 µs, i.e. ~1 Mpps per core (Cloudflare, "How to receive a million packets per second", 2015)'),
  netTxPacket: c(2400, 'per-packet transmit (tcp_transmit_skb → ip_queue_xmit → dev_queue_xmit): ~0.8 µs'),
  sockCreate: c(3000, 'socket(2): sock_alloc + inet_create + fd install ~1 µs'),
  sockAccept: c(4500, 'accept(2) of a queued connection: inet_csk_accept + sock_alloc + fd install ~1.5 µs'),
  sockCall: c(300, 'a socket call body (lookup, lock_sock, state checks): ~100 ns'),
  tcpTimer: c(600, 'a TCP timer (retransmit, persist, TIME_WAIT reaper) firing: ~200 ns'),
} as const satisfies Record<string, Cost>;

export type CostName = keyof typeof COSTS;
