// The Linux personality: the core's own syscall table (src/kernel/syscall.ts and
// the modules that register into it), Linux x86-64 numbers, a negative errno in
// %rax, Linux's signal numbers, epoll as the event API. What only Linux has sits
// beside this file and registers into that table as it loads: epoll (epoll.ts)
// and eventfd (eventfd.ts); darwin's and windows' tables never name them.

import type { Personality } from '../personality.ts';
import { SYSCALLS } from '../syscall.ts';
import { syscallName } from '../uapi/syscalls.ts';
import './epoll.ts';
import './eventfd.ts';

export const LINUX: Personality = {
  os: 'linux',
  table: SYSCALLS,
  syscallName,
  returnToUser: null,
  sockaddrLenByte: false,
  writeSpaceNeedsNospace: true,
  decodeTrap: null,
  sigOut(sig: number): number { return sig; },
};
