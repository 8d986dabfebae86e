// BSD system-call numbers of the darwin personality: XNU's bsd/kern/syscalls.master.
// On x86-64 a BSD call traps with the class in the top byte of %rax
// (SYSCALL_CLASS_UNIX = 2, so read is 0x2000003); the number below is the
// class-less one the kernel indexes its sysent table with.

export const SYSCALL_CLASS_SHIFT = 24;
export const SYSCALL_CLASS_UNIX = 2;
/** The trap number user code loads into %rax for BSD call `nr`. */
export function unixTrap(nr: number): number { return (SYSCALL_CLASS_UNIX << SYSCALL_CLASS_SHIFT) | nr; }

export const SYS = {
  exit: 1,
  read: 3,
  write: 4,
  close: 6,
  wait4: 7,
  getpid: 20,
  getuid: 24,
  geteuid: 25,
  recvfrom: 29,
  accept: 30,
  getpeername: 31,
  getsockname: 32,
  kill: 37,
  getppid: 39,
  dup: 41,
  pipe: 42,
  getegid: 43,
  sigaction: 46,
  getgid: 47,
  sigprocmask: 48,
  sigaltstack: 53,
  munmap: 73,
  mprotect: 74,
  madvise: 75,
  dup2: 90,
  fcntl: 92,
  socket: 97,
  connect: 98,
  bind: 104,
  setsockopt: 105,
  listen: 106,
  gettimeofday: 116,
  getsockopt: 118,
  sendto: 133,
  shutdown: 134,
  socketpair: 135,
  sigreturn: 184,
  getrlimit: 194,
  setrlimit: 195,
  mmap: 197,
  sysctl: 202,
  psynch_cvbroad: 303,
  psynch_cvsignal: 304,
  psynch_cvwait: 305,
  psynch_cvclrprepost: 312,
  __pthread_kill: 328,
  __pthread_sigmask: 329,
  __semwait_signal: 334,
  bsdthread_create: 360,
  bsdthread_terminate: 361,
  kqueue: 362,
  kevent: 363,
  bsdthread_register: 366,
  thread_selfid: 372,
  __ulock_wait: 515,
  __ulock_wake: 516,
} as const;

export type SyscallName = keyof typeof SYS;

const NAMES: string[] = [];
for (const [name, nr] of Object.entries(SYS)) NAMES[nr] = name;

/** A BSD call's name by its class-less number (`syscall_N` for one darwin does not have here). */
export function syscallName(nr: number): string { return NAMES[nr] ?? `syscall_${nr}`; }
