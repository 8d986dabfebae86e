// randcall: a hostile user program that makes system calls with random and
// adversarial arguments (OS/161's randcall, syzkaller's idea at a small scale).
//
// Its calls are a list of steps made in advance from a seed (genRandcall), so a
// run can be replayed and a failing list shrunk. A step names a syscall and its
// six arguments; an argument is either a number as it is, or a reference that
// is resolved when the step runs: an fd the program got from an earlier call, an
// address inside, at the edge of or just past one of its own mappings, a pointer
// into a scratch page holding valid structures (a sockaddr_in, a timespec, an
// epoll_event), its own pid or tid, the previous call's result. Weighted toward
// the calls the kernel implements, with resource sequences among them (socket
// then bind twice, epoll on itself, close then use, munmap of its own stack,
// futex on bad addresses, vfork, signals to itself).
//
// What it never does is reach other processes: kill and tgkill name only itself
// or pids that cannot exist, so that the processes beside it must run as if it
// were not there. Before each step it fires a 'randcall_step' probe with the
// step's index, so whoever drives it knows how far it got; a SIGALRM (the
// watchdog's) interrupts a call that would block for good.

import { cProgram } from '../../libc/libc.ts';
import type { Executable } from '../../kernel/uapi/image.ts';
import { SYS } from '../../kernel/uapi/syscalls.ts';
import {
  AF_INET, SOCK_STREAM, SOCK_DGRAM, AF_UNIX, MAP_PRIVATE, MAP_ANONYMOUS, MAP_FIXED, PROT_READ, PROT_WRITE, CLONE_VM, CLONE_VFORK,
  EPOLL_CTL_ADD, FUTEX_WAIT, FUTEX_WAKE, FUTEX_PRIVATE_FLAG,
} from '../../kernel/uapi/flags.ts';
import { SIGALRM, SIGCHLD, SIGURG } from '../../kernel/uapi/signal.ts';
import { store, usdtInstr } from '../../machine/instr.ts';

/** An argument: a literal register value, or a reference resolved at the step. */
export type Arg =
  | number
  | { k: 'fd'; i: number }
  | { k: 'map'; i: number; at: 'start' | 'inside' | 'last' | 'end' | 'misaligned' }
  | { k: 'scratch'; off: number }
  | { k: 'stack'; off: number }
  | { k: 'self' } | { k: 'tid' } | { k: 'last' };

export interface Step { nr: number; args: Arg[] }

/** The scratch page's layout: valid structures at fixed offsets, random bytes elsewhere. */
export const SCRATCH = { sockaddr: 0, timespec: 64, epollEvent: 128, fds: 192, futex: 256, size: 4096 } as const;
const STACK_TOP = 0x7fff_ffff_f000;
const PAGE = 4096;

/** A small deterministic generator (xorshift32), the same for the steps and the data. */
export class XorShift {
  private s: number;
  constructor(seed: number) { this.s = (seed ^ 0x9e3779b9) >>> 0 || 1; }
  next(): number { let x = this.s; x ^= x << 13; x ^= x >>> 17; x ^= x << 5; this.s = x >>> 0; return this.s; }
  intn(n: number): number { return this.next() % n; }
  pick<T>(xs: readonly T[]): T { return xs[this.intn(xs.length)]!; }
}

/** Values that break careless code: zero, -1, the edges of 32 and 64 bits, huge lengths. */
const ADVERSARIAL = [
  0, 1, -1, 2, 3, 4, 7, 8, 16, 64, 4095, 4096, 4097, 65536, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 2 ** 32, 2 ** 32 + 1,
  2 ** 40, 2 ** 47, 2 ** 53, 2 ** 62, -(2 ** 31), -(2 ** 63), 0x7fff_ffff_f000, 0x7fff_ffff_e000, -4096, 0x10, 0x1000,
  0x400000, 0x600000, 0x1000000,
];

/** The calls gomachine implements, weighted by how much of the kernel they reach. */
const IMPLEMENTED: readonly (keyof typeof SYS)[] = [
  'read', 'write', 'close', 'dup', 'dup2', 'dup3', 'fcntl', 'lseek', 'openat', 'open', 'pipe', 'pipe2',
  'mmap', 'mmap', 'munmap', 'munmap', 'mprotect', 'madvise', 'brk', 'brk',
  'socket', 'socket', 'bind', 'bind', 'listen', 'connect', 'accept', 'accept4', 'sendto', 'recvfrom', 'shutdown',
  'getsockname', 'getpeername', 'setsockopt', 'getsockopt', 'socketpair',
  'epoll_create', 'epoll_create1', 'epoll_ctl', 'epoll_ctl', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2', 'poll', 'ppoll',
  'eventfd', 'eventfd2', 'futex', 'futex', 'nanosleep', 'clock_nanosleep', 'clock_gettime', 'gettimeofday',
  'getpid', 'gettid', 'getppid', 'sched_yield', 'sched_getaffinity', 'uname', 'getrlimit', 'setrlimit', 'prlimit64',
  'rt_sigaction', 'rt_sigprocmask', 'sigaltstack', 'kill', 'tkill', 'tgkill', 'wait4', 'set_tid_address', 'arch_prctl',
  'clone', 'execve',
];
/** Never generated: they end the program on purpose (which says nothing about the kernel). */
const EXCLUDED = new Set<number>([SYS.exit, SYS.exit_group]);

function genArg(r: XorShift): Arg {
  switch (r.intn(10)) {
    case 0: case 1: return r.pick(ADVERSARIAL);
    case 2: return r.intn(12); // small: fds, flags, commands
    case 3: return { k: 'fd', i: r.intn(8) };
    case 4: return { k: 'map', i: r.intn(4), at: r.pick(['start', 'inside', 'last', 'end', 'misaligned'] as const) };
    case 5: return { k: 'scratch', off: r.pick([SCRATCH.sockaddr, SCRATCH.timespec, SCRATCH.epollEvent, SCRATCH.fds, SCRATCH.futex, 4092, 4096]) };
    case 6: return r.next() | 0; // a random 32-bit value
    case 7: return (r.next() * 2 ** 16 + r.intn(2 ** 16)) * (r.intn(2) === 0 ? 1 : -1); // a random 48-bit one
    case 8: return { k: 'last' };
    default: return r.intn(2) === 0 ? { k: 'self' } : { k: 'stack', off: -r.intn(16) * PAGE };
  }
}

/** A few calls that build something and then abuse it (each step still one syscall). */
function genSequence(r: XorShift): Step[] {
  const a = (...args: Arg[]): Arg[] => args;
  switch (r.intn(9)) {
    case 0: return [ // socket, bind twice, listen, accept non-blocking
      { nr: SYS.socket, args: a(AF_INET, SOCK_STREAM | 0x800, 0) },
      { nr: SYS.bind, args: a({ k: 'last' }, { k: 'scratch', off: SCRATCH.sockaddr }, 16) },
      { nr: SYS.bind, args: a({ k: 'fd', i: 0 }, { k: 'scratch', off: SCRATCH.sockaddr }, 16) },
      { nr: SYS.listen, args: a({ k: 'fd', i: 0 }, r.pick([0, 1, -1, 2 ** 31])) },
      { nr: SYS.accept4, args: a({ k: 'fd', i: 0 }, 0, 0, 0x800) },
    ];
    case 1: return [ // epoll on itself, and on a closed fd
      { nr: SYS.epoll_create1, args: a(0) },
      { nr: SYS.epoll_ctl, args: a({ k: 'last' }, EPOLL_CTL_ADD, { k: 'last' }, { k: 'scratch', off: SCRATCH.epollEvent }) },
      { nr: SYS.epoll_ctl, args: a({ k: 'fd', i: 0 }, EPOLL_CTL_ADD, { k: 'fd', i: 1 }, { k: 'scratch', off: SCRATCH.epollEvent }) },
      { nr: SYS.close, args: a({ k: 'fd', i: 1 }) },
      { nr: SYS.epoll_wait, args: a({ k: 'fd', i: 0 }, { k: 'scratch', off: SCRATCH.epollEvent }, 4, 0) },
    ];
    case 2: return [ // close, then use
      { nr: SYS.pipe2, args: a({ k: 'scratch', off: SCRATCH.fds }, 0x800) },
      { nr: SYS.close, args: a({ k: 'fd', i: 0 }) },
      { nr: SYS.write, args: a({ k: 'fd', i: 0 }, { k: 'scratch', off: 0 }, 16) },
      { nr: SYS.read, args: a({ k: 'fd', i: 1 }, { k: 'scratch', off: 1024 }, 16) },
    ];
    case 3: return [ // munmap part of its own stack (below what it uses)
      { nr: SYS.munmap, args: a(STACK_TOP - 8 * 1024 * 1024, r.pick([PAGE, 64 * PAGE, 1024 * PAGE])) },
      { nr: SYS.mprotect, args: a(STACK_TOP - 4 * 1024 * 1024, PAGE, 0) },
    ];
    case 4: return [ // futex on bad addresses, and a wait that times out
      { nr: SYS.futex, args: a(r.pick([0, 1, 0x10, -4, 2 ** 47, 0x7fff_ffff_f000]), r.pick([FUTEX_WAKE, FUTEX_WAIT, FUTEX_WAKE | FUTEX_PRIVATE_FLAG]), 1, 0) },
      { nr: SYS.futex, args: a({ k: 'scratch', off: SCRATCH.futex }, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, { k: 'scratch', off: SCRATCH.timespec }) },
      { nr: SYS.futex, args: a({ k: 'map', i: 0, at: 'end' }, FUTEX_WAIT, 0, 0) },
    ];
    case 5: return [ // vfork onto a stack nobody prepared: the child faults, the parent goes on
      { nr: SYS.mmap, args: a(0, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) },
      { nr: SYS.clone, args: a(CLONE_VM | CLONE_VFORK | SIGCHLD, { k: 'map', i: 0, at: 'last' }, 0, 0, 0) },
      { nr: SYS.wait4, args: a(-1, { k: 'scratch', off: 1024 }, 1 /* WNOHANG */, 0) },
    ];
    case 6: return [ // signals to itself: ones whose default is to ignore, and invalid numbers
      { nr: SYS.kill, args: a({ k: 'self' }, r.pick([SIGURG, SIGCHLD, 0, 65, -1, 2 ** 32 + SIGURG])) },
      { nr: SYS.tgkill, args: a({ k: 'self' }, { k: 'tid' }, r.pick([SIGURG, 28, 0, 65])) },
      { nr: SYS.tkill, args: a(r.pick([-1, 0, 2 ** 31]), SIGURG) },
    ];
    case 7: return [ // MAP_FIXED over its own mappings, then brk across them
      { nr: SYS.mmap, args: a({ k: 'map', i: r.intn(4), at: 'start' }, r.pick([PAGE, 3 * PAGE, 2 ** 32]), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) },
      { nr: SYS.brk, args: a(r.pick([0x1000000 + 3 * PAGE, 0x1000000, 2 ** 46])) },
      { nr: SYS.munmap, args: a(0x1000000, r.pick([PAGE, 2 * PAGE])) },
      { nr: SYS.brk, args: a(0x1000000 + r.intn(16) * PAGE) },
    ];
    default: return [ // datagram and unix sockets with hostile lengths
      { nr: SYS.socket, args: a(r.pick([AF_INET, AF_UNIX, 99]), r.pick([SOCK_DGRAM, SOCK_STREAM, 77]), 0) },
      { nr: SYS.sendto, args: a({ k: 'last' }, { k: 'scratch', off: 0 }, r.pick([0, 1, 4096, 2 ** 32, -1]), 0x40, { k: 'scratch', off: SCRATCH.sockaddr }, 16) },
      { nr: SYS.recvfrom, args: a({ k: 'fd', i: 0 }, { k: 'scratch', off: 0 }, r.pick([0, 64, 2 ** 40]), 0x40, 0, 0) },
    ];
  }
}

/** The steps of seed `seed`: `calls` syscalls. */
export function genRandcall(seed: number, calls: number): Step[] {
  const r = new XorShift(seed);
  const steps: Step[] = [];
  while (steps.length < calls) {
    const roll = r.intn(100);
    if (roll < 15) {
      for (const s of genSequence(r)) if (steps.length < calls) steps.push({ nr: s.nr, args: [...s.args, 0, 0, 0, 0, 0, 0].slice(0, 6) });
      continue;
    }
    let nr: number;
    if (roll < 90) nr = SYS[r.pick(IMPLEMENTED)];
    else if (roll < 98) nr = r.intn(520);
    else nr = r.pick([-1, 2 ** 31, 2 ** 32 + SYS.getpid, 1e9]);
    if (EXCLUDED.has(nr)) nr = SYS.getpid;
    const args = [genArg(r), genArg(r), genArg(r), genArg(r), genArg(r), genArg(r)];
    // Reach only itself: a kill of another pid (or -1, everyone) would be a test of the fuzzer, not of the kernel.
    if (nr === SYS.kill || nr === SYS.tgkill) args[0] = r.intn(2) === 0 ? { k: 'self' } : r.pick([0, -(2 ** 31), 2 ** 31, 99999]);
    if (nr === SYS.tgkill) args[1] = { k: 'tid' };
    if (nr === SYS.tkill) args[0] = r.pick([{ k: 'tid' }, -1, 0, 99999] as Arg[]);
    if (nr === SYS.execve) args[0] = { k: 'scratch', off: 1024 }; // no such path: the image must survive the attempt
    steps.push({ nr, args });
  }
  return steps;
}

/** A step as a line of C-like text, for a repro. */
export function formatStep(s: Step): string {
  const name = Object.entries(SYS).find(([, n]) => n === s.nr)?.[0] ?? `syscall_${s.nr}`;
  const arg = (a: Arg): string => typeof a === 'number' ? (Math.abs(a) > 4096 ? `0x${a < 0 ? '-' : ''}${Math.abs(a).toString(16)}` : String(a))
    : a.k === 'fd' ? `fd[${a.i}]` : a.k === 'map' ? `map[${a.i}].${a.at}` : a.k === 'scratch' ? `scratch+${a.off}`
      : a.k === 'stack' ? `sp${a.off}` : a.k;
  return `${name}(${s.args.map(arg).join(', ')})`;
}

/**
 * The program: argv[1] is the index of the first step to run (a program killed part
 * way is started again past the step it died in). It maps its scratch page and the
 * first of its mappings, then runs the steps, keeping the fds and mappings it gets.
 */
export function randcallProgram(name: string, seed: number, steps: readonly Step[]): Executable {
  return cProgram(name, function* (c, argv) {
    const first = Number(argv[1] ?? 0);
    const rnd = new XorShift(seed + first);
    const scratch = yield* c.syscall(SYS.mmap, 0, SCRATCH.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (scratch < 0) return 1;
    const init = new Uint8Array(SCRATCH.size);
    for (let i = 0; i < init.length; i++) init[i] = rnd.intn(256);
    const dv = new DataView(init.buffer);
    dv.setUint16(SCRATCH.sockaddr, AF_INET, true); dv.setUint16(SCRATCH.sockaddr + 2, 0x1388 + rnd.intn(4), false); dv.setUint32(SCRATCH.sockaddr + 4, 0x7f000001, false);
    dv.setBigInt64(SCRATCH.timespec, 0n, true); dv.setBigInt64(SCRATCH.timespec + 8, 1_000_000n, true);
    dv.setUint32(SCRATCH.epollEvent, 1, true);
    dv.setUint32(SCRATCH.futex, 0, true);
    init[1024] = 0; // an empty path
    yield* store(scratch, init);
    const maps: [number, number][] = [];
    const fds: number[] = [];
    const m0 = yield* c.syscall(SYS.mmap, 0, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m0 >= 0) maps.push([m0, 8 * PAGE]);
    // A watchdog's SIGALRM interrupts a call that would block for good (no SA_RESTART: EINTR).
    yield* c.sigaction(SIGALRM, function* () { /* only to interrupt */ }, 0);
    const pid = yield* c.syscall(SYS.getpid);
    const tid = yield* c.syscall(SYS.gettid);
    let last = 0;
    const resolve = (a: Arg): number => {
      if (typeof a === 'number') return a;
      switch (a.k) {
        case 'fd': return fds.length === 0 ? a.i : fds[fds.length - 1 - (a.i % fds.length)]!;
        case 'map': {
          if (maps.length === 0) return 0x10;
          const [start, len] = maps[a.i % maps.length]!;
          return a.at === 'start' ? start : a.at === 'inside' ? start + PAGE : a.at === 'last' ? start + len - 8
            : a.at === 'end' ? start + len : start + 3;
        }
        case 'scratch': return scratch + a.off;
        case 'stack': return STACK_TOP - PAGE + a.off;
        case 'self': return pid;
        case 'tid': return tid;
        case 'last': return last;
      }
    };
    for (let i = first; i < steps.length; i++) {
      yield usdtInstr('randcall_step', i);
      const s = steps[i]!;
      const r = yield* c.syscall(s.nr, resolve(s.args[0]!), resolve(s.args[1]!), resolve(s.args[2]!), resolve(s.args[3]!), resolve(s.args[4]!), resolve(s.args[5]!));
      last = r;
      if (r >= 0 && (s.nr === SYS.socket || s.nr === SYS.dup || s.nr === SYS.epoll_create1 || s.nr === SYS.epoll_create || s.nr === SYS.eventfd2
        || s.nr === SYS.eventfd || s.nr === SYS.accept || s.nr === SYS.accept4 || s.nr === SYS.openat || s.nr === SYS.open || s.nr === SYS.dup3 || s.nr === SYS.dup2)) {
        fds.push(r);
      } else if (r === 0 && (s.nr === SYS.pipe2 || s.nr === SYS.pipe || s.nr === SYS.socketpair)) {
        const b = yield* c.peek(resolve(s.args[s.nr === SYS.socketpair ? 3 : 0]!), 8);
        const v = new DataView(b.buffer, b.byteOffset, 8);
        fds.push(v.getInt32(0, true), v.getInt32(4, true));
      } else if (s.nr === SYS.mmap && r > 0 && r < 2 ** 47) {
        maps.push([r, Math.max(PAGE, typeof s.args[1] === 'number' ? Math.min(Math.abs(s.args[1]), 64 * PAGE) : PAGE)]);
      }
      if (fds.length > 64) fds.splice(0, fds.length - 64);
      if (maps.length > 16) maps.splice(0, maps.length - 16);
    }
    return 0;
  });
}
