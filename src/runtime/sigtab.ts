// sigtab: what Go's runtime does with each signal (runtime/sigtab_linux_generic.go and
// signal_darwin.go's sigtable), reduced to what gomachine's runtime acts on.
//
// initsig asks the kernel about every signal whose entry has flags and no _SigDefault
// (getsig: sigaction(sig, NULL, &old)) and installs its own handler on those it takes
// (setsig) — on linux/amd64, go1.19 makes 58 getsig and 56 setsig calls (strace of a
// hello world: 114 rt_sigaction at start), on darwin 25 of each. Then sighandler, for a
// signal nobody asked for with signal.Notify:
//   kill   (_SigKill: SIGHUP, SIGINT, SIGTERM) — dieFromSignal: the process dies of it;
//   throw  (_SigThrow: SIGQUIT, SIGABRT, …) — print every goroutine, exit status 2;
//   ignore (_SigNotify alone: SIGUSR1, SIGUSR2, SIGPIPE off fds 1 and 2, SIGWINCH, …).
// SIGURG is the preemption signal (doSigPreempt), handled before the table is read.

/** What sighandler does with a signal no one is notified of. */
export type SigAction = 'kill' | 'throw' | 'ignore';

/** One signal initsig asks about: its number in this system's numbering, whether the runtime takes it, and what it does then. */
export interface GoSig { readonly sig: number; readonly install: boolean; readonly action: SigAction; readonly name: string }

const entry = (sig: number, name: string, action: SigAction, install = true): GoSig => ({ sig, install, action, name });

/** linux/amd64, go1.19: signals 1–8, 10–17, 23–64 asked about; 32 and 34 (glibc's own) not taken. */
export const SIGTAB_LINUX: readonly GoSig[] = [
  entry(1, 'SIGHUP: terminal line hangup', 'kill'), entry(2, 'SIGINT: interrupt', 'kill'), entry(3, 'SIGQUIT: quit', 'throw'),
  entry(4, 'SIGILL: illegal instruction', 'throw'), entry(5, 'SIGTRAP: trace trap', 'throw'), entry(6, 'SIGABRT: abort', 'throw'),
  entry(7, 'SIGBUS: bus error', 'ignore'), entry(8, 'SIGFPE: floating-point exception', 'ignore'),
  entry(10, 'SIGUSR1: user-defined signal 1', 'ignore'), entry(11, 'SIGSEGV: segmentation violation', 'ignore'),
  entry(12, 'SIGUSR2: user-defined signal 2', 'ignore'), entry(13, 'SIGPIPE: write to broken pipe', 'ignore'),
  entry(14, 'SIGALRM: alarm clock', 'ignore'), entry(15, 'SIGTERM: termination', 'kill'), entry(16, 'SIGSTKFLT: stack fault', 'throw'),
  entry(17, 'SIGCHLD: child status has changed', 'ignore'),
  ...[23, 24, 25, 26, 27, 28, 29, 30].map((s) => entry(s, `signal ${s}`, 'ignore')),
  entry(31, 'SIGSYS: bad system call', 'throw'),
  ...Array.from({ length: 33 }, (_, i) => 32 + i).map((s) => entry(s, `signal ${s}`, 'ignore', s !== 32 && s !== 34)),
];

/** darwin/amd64, go1.19's sigtable: every signal with flags and no _SigDefault (25), each taken. */
export const SIGTAB_DARWIN: readonly GoSig[] = [
  entry(1, 'SIGHUP: terminal line hangup', 'kill'), entry(2, 'SIGINT: interrupt', 'kill'), entry(3, 'SIGQUIT: quit', 'throw'),
  entry(4, 'SIGILL: illegal instruction', 'throw'), entry(5, 'SIGTRAP: trace trap', 'throw'), entry(6, 'SIGABRT: abort', 'throw'),
  entry(7, 'SIGEMT: emulate instruction executed', 'throw'), entry(8, 'SIGFPE: floating-point exception', 'ignore'),
  entry(10, 'SIGBUS: bus error', 'ignore'), entry(11, 'SIGSEGV: segmentation violation', 'ignore'), entry(12, 'SIGSYS: bad system call', 'throw'),
  entry(13, 'SIGPIPE: write to broken pipe', 'ignore'), entry(14, 'SIGALRM: alarm clock', 'ignore'), entry(15, 'SIGTERM: termination', 'kill'),
  entry(16, 'SIGURG: urgent condition on socket', 'ignore'), entry(20, 'SIGCHLD: child status has changed', 'ignore'),
  ...[23, 24, 25, 26, 27, 28, 29, 30, 31].map((s) => entry(s, `signal ${s}`, 'ignore')),
];
