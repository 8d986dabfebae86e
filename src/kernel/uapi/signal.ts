// Signals of the gomachine kernel: the user-space ABI, modelled on Linux x86-64's
// include/uapi/asm-generic/signal-defs.h and arch/x86/include/uapi/asm/signal.h.
// Descriptions are glibc's strsignal(); default actions are as in signal(7).

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGIOT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGSTKFLT = 16;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGXCPU = 24;
export const SIGXFSZ = 25;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGWINCH = 28;
export const SIGIO = 29;
export const SIGPOLL = SIGIO;
export const SIGPWR = 30;
export const SIGSYS = 31;
/** The first real-time signal as user space sees it (glibc keeps 32 and 33 for itself). */
export const SIGRTMIN = 34;
export const SIGRTMAX = 64;
export const _NSIG = 64;

// Handlers (sa_handler values).
export const SIG_DFL = 0;
export const SIG_IGN = 1;

// rt_sigprocmask how.
export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

// sigaction sa_flags.
export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
export const SA_RESTORER = 0x04000000;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;
export const SA_NOMASK = SA_NODEFER;
export const SA_ONESHOT = SA_RESETHAND;

// sigaltstack.
export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
export const SS_AUTODISARM = 0x80000000;
export const MINSIGSTKSZ = 2048;
export const SIGSTKSZ = 8192;

// siginfo si_code values.
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_QUEUE = -1;
export const SI_TIMER = -2;
export const SI_MESGQ = -3;
export const SI_ASYNCIO = -4;
export const SI_SIGIO = -5;
export const SI_TKILL = -6;
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_DUMPED = 3;
export const CLD_TRAPPED = 4;
export const CLD_STOPPED = 5;
export const CLD_CONTINUED = 6;

/** Signal number -> name ('SIGSEGV'); real-time signals named as `kill -l` does. */
export const SIGNAL_NAMES: Record<number, string> = (() => {
  const names: Record<number, string> = {
    [SIGHUP]: 'SIGHUP', [SIGINT]: 'SIGINT', [SIGQUIT]: 'SIGQUIT', [SIGILL]: 'SIGILL',
    [SIGTRAP]: 'SIGTRAP', [SIGABRT]: 'SIGABRT', [SIGBUS]: 'SIGBUS', [SIGFPE]: 'SIGFPE',
    [SIGKILL]: 'SIGKILL', [SIGUSR1]: 'SIGUSR1', [SIGSEGV]: 'SIGSEGV', [SIGUSR2]: 'SIGUSR2',
    [SIGPIPE]: 'SIGPIPE', [SIGALRM]: 'SIGALRM', [SIGTERM]: 'SIGTERM', [SIGSTKFLT]: 'SIGSTKFLT',
    [SIGCHLD]: 'SIGCHLD', [SIGCONT]: 'SIGCONT', [SIGSTOP]: 'SIGSTOP', [SIGTSTP]: 'SIGTSTP',
    [SIGTTIN]: 'SIGTTIN', [SIGTTOU]: 'SIGTTOU', [SIGURG]: 'SIGURG', [SIGXCPU]: 'SIGXCPU',
    [SIGXFSZ]: 'SIGXFSZ', [SIGVTALRM]: 'SIGVTALRM', [SIGPROF]: 'SIGPROF', [SIGWINCH]: 'SIGWINCH',
    [SIGIO]: 'SIGIO', [SIGPWR]: 'SIGPWR', [SIGSYS]: 'SIGSYS',
  };
  const mid = (SIGRTMIN + SIGRTMAX) >> 1; // 49: SIGRTMIN+15, then SIGRTMAX-14
  for (let s = SIGRTMIN; s <= SIGRTMAX; s++) {
    names[s] =
      s === SIGRTMIN ? 'SIGRTMIN'
      : s === SIGRTMAX ? 'SIGRTMAX'
      : s <= mid ? `SIGRTMIN+${s - SIGRTMIN}`
      : `SIGRTMAX-${SIGRTMAX - s}`;
  }
  return names;
})();

/** glibc strsignal() descriptions of the classic signals. */
const DESCRIPTIONS: Record<number, string> = {
  [SIGHUP]: 'Hangup',
  [SIGINT]: 'Interrupt',
  [SIGQUIT]: 'Quit',
  [SIGILL]: 'Illegal instruction',
  [SIGTRAP]: 'Trace/breakpoint trap',
  [SIGABRT]: 'Aborted',
  [SIGBUS]: 'Bus error',
  [SIGFPE]: 'Floating point exception',
  [SIGKILL]: 'Killed',
  [SIGUSR1]: 'User defined signal 1',
  [SIGSEGV]: 'Segmentation fault',
  [SIGUSR2]: 'User defined signal 2',
  [SIGPIPE]: 'Broken pipe',
  [SIGALRM]: 'Alarm clock',
  [SIGTERM]: 'Terminated',
  [SIGSTKFLT]: 'Stack fault',
  [SIGCHLD]: 'Child exited',
  [SIGCONT]: 'Continued',
  [SIGSTOP]: 'Stopped (signal)',
  [SIGTSTP]: 'Stopped',
  [SIGTTIN]: 'Stopped (tty input)',
  [SIGTTOU]: 'Stopped (tty output)',
  [SIGURG]: 'Urgent I/O condition',
  [SIGXCPU]: 'CPU time limit exceeded',
  [SIGXFSZ]: 'File size limit exceeded',
  [SIGVTALRM]: 'Virtual timer expired',
  [SIGPROF]: 'Profiling timer expired',
  [SIGWINCH]: 'Window changed',
  [SIGIO]: 'I/O possible',
  [SIGPWR]: 'Power failure',
  [SIGSYS]: 'Bad system call',
};

/** The name of signal `n` ('SIGSEGV'), or `SIG<n>` if it has none. */
export function signalName(n: number): string {
  return SIGNAL_NAMES[n] ?? `SIG${n}`;
}

/** glibc's strsignal(). */
export function strsignal(n: number): string {
  const d = DESCRIPTIONS[n];
  if (d !== undefined) return d;
  if (n >= SIGRTMIN && n <= SIGRTMAX) return `Real-time signal ${n - SIGRTMIN}`;
  return `Unknown signal ${n}`;
}

/** What the default disposition (SIG_DFL) of a signal does. */
export type SigDefault = 'term' | 'core' | 'ign' | 'stop' | 'cont';

/** The default action of `sig`, as in signal(7); real-time signals terminate. */
export function sigDefaultAction(sig: number): SigDefault {
  switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
      return 'ign';
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case SIGXCPU:
    case SIGXFSZ:
    case SIGSYS:
      return 'core';
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return 'stop';
    case SIGCONT:
      return 'cont';
    default:
      return 'term';
  }
}

// 64-bit signal masks (sigset_t as the kernel sees it), bit sig-1 for signal sig.

/** The mask bit of signal `sig`. */
export function sigmask(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

export function sigismember(mask: bigint, sig: number): boolean {
  return (mask & sigmask(sig)) !== 0n;
}

/** `mask` with `sig` added. */
export function sigaddset(mask: bigint, sig: number): bigint {
  return mask | sigmask(sig);
}

/** `mask` with `sig` removed. */
export function sigdelset(mask: bigint, sig: number): bigint {
  return mask & ~sigmask(sig);
}

/** Signals that can be neither blocked, caught nor ignored. */
export const UNBLOCKABLE: bigint = sigmask(SIGKILL) | sigmask(SIGSTOP);
