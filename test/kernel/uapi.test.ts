import { describe, expect, it } from 'vitest';
import {
  SYS, SYSCALL_NAMES, syscallName,
  EAGAIN, EWOULDBLOCK, ENOTSUP, EOPNOTSUPP, EHWPOISON, errnoName, strerror,
  SIGSEGV, SIGKILL, SIGSTOP, SIGINT, SIGCHLD, SIGRTMIN, SIGRTMAX, UNBLOCKABLE,
  sigmask, sigaddset, sigdelset, sigismember, signalName, strsignal, sigDefaultAction,
  W_EXITCODE, WCOREFLAG, shellStatus, WIFSIGNALED, WTERMSIG, WIFEXITED, WEXITSTATUS,
  AF_INET, INADDR_LOOPBACK, EPOLLIN, EPOLLET, FUTEX_CMD_MASK, FUTEX_WAIT_PRIVATE, FUTEX_WAIT,
  htons, htonl, ntohl, RLIM_INFINITY,
  epoll_event, encodeEpollEvents, decodeEpollEvents, encodeSockaddrIn, decodeSockaddrIn,
  encodeTimespec, decodeTimespec, encodeSigaction, decodeSigaction, SA_RESTART, SA_RESETHAND,
  encodeRlimit, decodeRlimit, encodePollfds, decodePollfds, encodeStackT, decodeStackT,
  dataView, getI64le, setI64le,
} from '../../src/kernel/uapi/index.ts';

describe('uapi', () => {
  it('syscall numbers', () => {
    expect(SYS.read).toBe(0);
    expect(SYS.clone).toBe(56);
    expect(SYS.rseq).toBe(334);
    expect(SYS.pidfd_send_signal).toBe(424);
    expect(SYS.epoll_pwait2).toBe(441);
    expect(SYS.futex_waitv).toBe(449);
    expect(SYSCALL_NAMES[202]).toBe('futex');
    expect(SYSCALL_NAMES[400]).toBe('');
    expect(syscallName(231)).toBe('exit_group');
    expect(syscallName(400)).toBe('syscall_400');
  });

  it('errno', () => {
    expect(EAGAIN).toBe(11);
    expect(EWOULDBLOCK).toBe(EAGAIN);
    expect(ENOTSUP).toBe(EOPNOTSUPP);
    expect(EHWPOISON).toBe(133);
    expect(errnoName(-EAGAIN)).toBe('EAGAIN');
    expect(strerror(EAGAIN)).toBe('Resource temporarily unavailable');
    expect(strerror(104)).toBe('Connection reset by peer');
    expect(strerror(41)).toBe('Unknown error 41');
  });

  it('signals and masks', () => {
    expect(signalName(SIGSEGV)).toBe('SIGSEGV');
    expect(signalName(SIGRTMIN + 1)).toBe('SIGRTMIN+1');
    expect(signalName(SIGRTMAX - 1)).toBe('SIGRTMAX-1');
    expect(strsignal(SIGSEGV)).toBe('Segmentation fault');
    expect(strsignal(23)).toBe('Urgent I/O condition');
    expect(sigDefaultAction(SIGCHLD)).toBe('ign');
    expect(sigDefaultAction(SIGSEGV)).toBe('core');
    expect(sigDefaultAction(SIGRTMAX)).toBe('term');
    let m = sigaddset(0n, SIGINT);
    m = sigaddset(m, SIGRTMAX);
    expect(sigismember(m, SIGINT)).toBe(true);
    expect(sigismember(m, SIGRTMAX)).toBe(true);
    expect(sigismember(m, SIGSEGV)).toBe(false);
    expect(sigdelset(m, SIGINT)).toBe(sigmask(SIGRTMAX));
    expect(sigmask(SIGRTMAX)).toBe(1n << 63n);
    expect(UNBLOCKABLE).toBe((1n << 8n) | (1n << 18n));
    expect(sigismember(UNBLOCKABLE, SIGKILL) && sigismember(UNBLOCKABLE, SIGSTOP)).toBe(true);
  });

  it('wait status', () => {
    const segv = W_EXITCODE(0, SIGSEGV) | WCOREFLAG;
    expect(WIFSIGNALED(segv)).toBe(true);
    expect(WTERMSIG(segv)).toBe(SIGSEGV);
    expect(shellStatus(segv)).toBe(139);
    const exit3 = W_EXITCODE(3, 0);
    expect(WIFEXITED(exit3) && WEXITSTATUS(exit3) === 3).toBe(true);
    expect(shellStatus(exit3)).toBe(3);
  });

  it('flags', () => {
    expect((EPOLLIN | EPOLLET) >>> 0).toBe(0x80000001);
    expect(FUTEX_WAIT_PRIVATE & FUTEX_CMD_MASK).toBe(FUTEX_WAIT);
    expect(htons(8080)).toBe(0x901f);
    expect(htonl(INADDR_LOOPBACK)).toBe(0x0100007f);
    expect(ntohl(0xfeffffff)).toBe(0xfffffffe);
    expect(RLIM_INFINITY).toBe(2n ** 64n - 1n);
  });

  it('struct layouts', () => {
    expect(epoll_event.size).toBe(12);
    const evs = [
      { events: (EPOLLIN | EPOLLET) >>> 0, data: 0x7fff_1234_5678 },
      { events: 4, data: 7 },
    ];
    const eb = encodeEpollEvents(evs);
    expect(eb.length).toBe(24);
    expect(eb[4]).toBe(0x78); // data starts at offset 4 (packed)
    expect(decodeEpollEvents(eb, 2)).toEqual(evs);

    const sa = { family: AF_INET, port: 8080, addr: INADDR_LOOPBACK };
    const sb = encodeSockaddrIn(sa);
    expect(Array.from(sb.subarray(0, 8))).toEqual([2, 0, 0x1f, 0x90, 127, 0, 0, 1]);
    expect(decodeSockaddrIn(sb)).toEqual(sa);

    expect(decodeTimespec(encodeTimespec(3_500_000_001))).toEqual({ sec: 3, nsec: 500_000_001 });
    const act = { handler: 0x401000, flags: SA_RESTART | SA_RESETHAND, restorer: 0x401200, mask: sigmask(SIGRTMAX) };
    expect(decodeSigaction(encodeSigaction(act))).toEqual({ ...act, flags: 0x90000000 });
    const lim = { cur: 1024n, max: RLIM_INFINITY };
    expect(decodeRlimit(encodeRlimit(lim))).toEqual(lim);
    const pfds = [{ fd: 3, events: 1, revents: 0 }, { fd: -1, events: 4, revents: 0x20 }];
    expect(decodePollfds(encodePollfds(pfds), 2)).toEqual(pfds);
    const st = { sp: 0xc000_0000, flags: 2, size: 8192 };
    expect(decodeStackT(encodeStackT(st))).toEqual(st);
    const b = new Uint8Array(8);
    setI64le(dataView(b), 0, -5);
    expect(getI64le(dataView(b), 0)).toBe(-5);
  });
});
