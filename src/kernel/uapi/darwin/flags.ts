// Flags, signals and constants of the darwin personality, as XNU's headers and
// libSystem define them (sys/fcntl.h, sys/mman.h, sys/socket.h, sys/signal.h,
// sys/event.h, sys/ulock.h, sys/sysctl.h). Where a value equals Linux's it is
// still defined here: darwin code imports this uapi alone.

// --- files (sys/fcntl.h) ---
export const O_RDONLY = 0x0;
export const O_WRONLY = 0x1;
export const O_RDWR = 0x2;
export const O_ACCMODE = 0x3;
export const O_NONBLOCK = 0x4;
export const O_APPEND = 0x8;
export const O_CLOEXEC = 0x1000000;
export const F_DUPFD = 0;
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_DUPFD_CLOEXEC = 67;
export const FD_CLOEXEC = 1;

// --- memory (sys/mman.h) ---
export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
export const MAP_SHARED = 0x1;
export const MAP_PRIVATE = 0x2;
export const MAP_FIXED = 0x10;
export const MAP_NORESERVE = 0x40;
export const MAP_ANON = 0x1000;
export const MADV_DONTNEED = 4;
export const MADV_FREE = 5;

// --- sockets (sys/socket.h, netinet/in.h, netinet/tcp.h) ---
export const AF_UNIX = 1;
export const AF_INET = 2;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const IPPROTO_TCP = 6;
export const SOL_SOCKET = 0xffff;
export const SO_REUSEADDR = 0x4;
export const SO_KEEPALIVE = 0x8;
export const SO_SNDBUF = 0x1001;
export const SO_RCVBUF = 0x1002;
export const SO_ERROR = 0x1007;
export const SO_TYPE = 0x1008;
export const SO_NOSIGPIPE = 0x1022;
export const TCP_NODELAY = 0x1;
export const SOMAXCONN = 128;
export const MSG_PEEK = 0x2;
export const MSG_WAITALL = 0x40;
export const MSG_DONTWAIT = 0x80;
export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;
export const INADDR_ANY = 0;
/** struct sockaddr_in { u8 sin_len; u8 sin_family; be16 sin_port; be32 sin_addr; char sin_zero[8]; } */
export const sockaddr_in = { size: 16, sin_len: 0, sin_family: 1, sin_port: 2, sin_addr: 4, sin_zero: 8 } as const;

// --- signals (sys/signal.h): the 4.4BSD numbering ---
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGEMT = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGBUS = 10;
export const SIGSEGV = 11;
export const SIGSYS = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGURG = 16;
export const SIGSTOP = 17;
export const SIGTSTP = 18;
export const SIGCONT = 19;
export const SIGCHLD = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGIO = 23;
export const SIGXCPU = 24;
export const SIGXFSZ = 25;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGWINCH = 28;
export const SIGINFO = 29;
export const SIGUSR1 = 30;
export const SIGUSR2 = 31;
export const NSIG = 32;
export const SIGNAL_NAMES: readonly string[] = [
  '', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGEMT', 'SIGFPE', 'SIGKILL', 'SIGBUS', 'SIGSEGV', 'SIGSYS',
  'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGURG', 'SIGSTOP', 'SIGTSTP', 'SIGCONT', 'SIGCHLD', 'SIGTTIN', 'SIGTTOU', 'SIGIO', 'SIGXCPU',
  'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGINFO', 'SIGUSR1', 'SIGUSR2',
];
export const SIG_DFL = 0;
export const SIG_IGN = 1;
export const SIG_BLOCK = 1;
export const SIG_UNBLOCK = 2;
export const SIG_SETMASK = 3;
export const SA_ONSTACK = 0x1;
export const SA_RESTART = 0x2;
export const SA_RESETHAND = 0x4;
export const SA_NODEFER = 0x10;
export const SA_SIGINFO = 0x40;
/** The sigreturn infostyle of a handler that took a ucontext (UC_FLAVOR). */
export const UC_FLAVOR = 30;
/** struct __sigaction, what the sigaction call reads: { handler, tramp, u32 mask, i32 flags }. */
export const __sigaction = { size: 24, sa_handler: 0, sa_tramp: 8, sa_mask: 16, sa_flags: 20 } as const;
/** struct sigaction, what it writes back: { handler, u32 mask, i32 flags }. */
export const sigaction_out = { size: 16, sa_handler: 0, sa_mask: 8, sa_flags: 12 } as const;
/** stack_t { void *ss_sp; size_t ss_size; int ss_flags; } — darwin puts the size before the flags. */
export const stack_t = { size: 24, ss_sp: 0, ss_size: 8, ss_flags: 16 } as const;
export const SS_ONSTACK = 1;
export const SS_DISABLE = 4;
export const MINSIGSTKSZ = 32768;

// --- kqueue (sys/event.h) ---
export const EVFILT_READ = -1;
export const EVFILT_WRITE = -2;
export const EVFILT_TIMER = -7;
export const EVFILT_USER = -10;
export const EV_ADD = 0x1;
export const EV_DELETE = 0x2;
export const EV_ENABLE = 0x4;
export const EV_DISABLE = 0x8;
export const EV_ONESHOT = 0x10;
export const EV_CLEAR = 0x20;
export const EV_RECEIPT = 0x40;
export const EV_DISPATCH = 0x80;
export const EV_SYSFLAGS = 0xf000;
export const EV_ERROR = 0x4000;
export const EV_EOF = 0x8000;
export const NOTE_TRIGGER = 0x01000000;
export const NOTE_FFNOP = 0x00000000;
export const NOTE_FFAND = 0x40000000;
export const NOTE_FFOR = 0x80000000;
export const NOTE_FFCOPY = 0xc0000000;
export const NOTE_FFCTRLMASK = 0xc0000000;
export const NOTE_FFLAGSMASK = 0x00ffffff;
export const NOTE_LOWAT = 0x1;
export const NOTE_SECONDS = 0x1;
export const NOTE_USECONDS = 0x2;
export const NOTE_NSECONDS = 0x4;
export const NOTE_ABSOLUTE = 0x8;
/** struct kevent (64-bit): { uintptr ident; i16 filter; u16 flags; u32 fflags; intptr data; void *udata; } */
export const kevent_s = { size: 32, ident: 0, filter: 8, flags: 10, fflags: 12, data: 16, udata: 24 } as const;
/** struct timespec { time_t tv_sec; long tv_nsec; } */
export const timespec_s = { size: 16, tv_sec: 0, tv_nsec: 8 } as const;

// --- threads and blocking ---
/** bsdthread_create flags: the caller supplied the stack (PTHREAD_START_CUSTOM). */
export const PTHREAD_START_CUSTOM = 0x01000000;
/** __ulock_wait/__ulock_wake operations (sys/ulock.h). */
export const UL_COMPARE_AND_WAIT = 1;
export const UL_UNFAIR_LOCK = 2;
export const ULF_WAKE_ALL = 0x100;
export const ULF_WAKE_THREAD = 0x200;
export const ULF_NO_ERRNO = 0x01000000;
/**
 * pthread_cond_t as libpthread's psynch protocol keeps it: the L word counts waits begun and
 * the S word waits signalled, each in steps of PTHRW_INC (the low byte holds flag bits); L = S
 * means nobody waits. (Apple's cond also has a U word and a signature; this layer keeps none.)
 */
export const PTHRW_INC = 0x100;
export const pthread_cond_s = { size: 16, lseq: 0, sseq: 4 } as const;

// --- sysctl (sys/sysctl.h) ---
export const CTL_KERN = 1;
export const CTL_HW = 6;
export const KERN_OSTYPE = 1;
export const KERN_OSRELEASE = 2;
export const HW_NCPU = 3;
export const HW_PAGESIZE = 7;
export const KERN_IPC = 32;
export const KIPC_SOMAXCONN = 3;
