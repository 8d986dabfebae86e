// The socket layer's common face (Linux's struct socket + proto_ops, reduced to
// what the syscalls need): every socket kind — AF_UNIX stream pairs here, TCP in
// src/kernel/net — is a SocketFile, and sendto/recvfrom/shutdown dispatch on it.
// read(2) and write(2) on a socket are recvmsg/sendmsg with no flags, as in
// Linux's sock_read_iter/sock_write_iter.
//
// The contract is deliberately tiny:
//   sendmsg(k, t, data, flags)  → bytes sent | -errno | BLOCK   (flags: MSG_DONTWAIT, MSG_NOSIGNAL, ...)
//   recvmsg(k, t, len, flags)   → bytes      | -errno | BLOCK   (flags: MSG_DONTWAIT, MSG_PEEK, ...)
//   shutdown(k, t, how)         → 0 | -errno
//   msgName()                   → the peer address recvfrom reports (empty when unnamed)
// A blocking call follows the kernel's re-run rule: it sleeps and returns BLOCK,
// and runs again from the top when woken (progress kept in t.sysScratch).

import type { Kernel } from './kernel.ts';
import type { Thread } from './proc.ts';
import { File, BLOCK, fdget, type SysResult } from './file.ts';
import { defineSyscall } from './syscall.ts';
import { COSTS } from '../machine/costs.ts';
import * as E from './uapi/errno.ts';
import { SHUT_RD, SHUT_RDWR } from './uapi/flags.ts';

export abstract class SocketFile extends File {
  readonly kind: string = 'socket';
  abstract sendmsg(k: Kernel, t: Thread, data: Uint8Array, flags: number): SysResult;
  abstract recvmsg(k: Kernel, t: Thread, len: number, flags: number): Uint8Array | SysResult;
  shutdown(_k: Kernel, _t: Thread, _how: number): SysResult { return -E.ENOTCONN; }
  msgName(): Uint8Array { return new Uint8Array(0); }
  override read(k: Kernel, t: Thread, len: number): Uint8Array | SysResult { return this.recvmsg(k, t, len, 0); }
  override write(k: Kernel, t: Thread, data: Uint8Array): SysResult { return this.sendmsg(k, t, data, 0); }
}

function sockLookup(t: Thread, fd: number): SocketFile | number {
  const f = t.proc.fds.get(fd);
  if (f === null) return -E.EBADF;
  return f instanceof SocketFile ? f : -E.ENOTSOCK;
}

/** sockfd_lookup for a call that may sleep: the socket is held (fdget) until the call returns. */
function sockGet(t: Thread, fd: number): SocketFile | number {
  const f = fdget(t, fd);
  if (f === null) return -E.EBADF;
  return f instanceof SocketFile ? f : -E.ENOTSOCK;
}

/** sendto and recvfrom move at most INT_MAX bytes per call. */
const INT_MAX = 0x7fff_ffff;

defineSyscall('sendto', (k, t, fd, buf, len, flags) => {
  const s = sockGet(t, fd);
  if (typeof s === 'number') return s;
  if (len < 0) return -E.EINVAL;
  if (len > INT_MAX) len = INT_MAX; // __sys_sendto
  const data = len === 0 ? new Uint8Array(0) : t.proc.mm.copyIn(buf, len);
  if (typeof data === 'number') return -E.EFAULT;
  k.core.chargeKernel(Math.ceil(len * COSTS.copyPerByte.cycles));
  return s.sendmsg(k, t, data, flags);
});

defineSyscall('recvfrom', (k, t, fd, buf, len, flags, addr, addrlenp) => {
  const s = sockGet(t, fd);
  if (typeof s === 'number') return s;
  if (len < 0) return -E.EINVAL;
  if (len > INT_MAX) len = INT_MAX; // __sys_recvfrom
  if (len > 0 && !t.proc.mm.accessOk(buf, len, true)) return -E.EFAULT;
  const r = s.recvmsg(k, t, len, flags);
  if (typeof r === 'number' || r === BLOCK) return r;
  k.core.chargeKernel(Math.ceil(r.length * COSTS.copyPerByte.cycles));
  if (t.proc.mm.copyOut(buf, r) < 0) return -E.EFAULT;
  if (addr !== 0 && addrlenp !== 0) {
    const name = s.msgName();
    const lb = t.proc.mm.copyIn(addrlenp, 4);
    if (typeof lb === 'number') return -E.EFAULT;
    const room = new DataView(lb.buffer, lb.byteOffset, 4).getInt32(0, true);
    if (room < 0) return -E.EINVAL;
    if (t.proc.mm.copyOut(addr, name.subarray(0, Math.min(room, name.length))) < 0) return -E.EFAULT;
    const out = new Uint8Array(4); new DataView(out.buffer).setInt32(0, name.length, true);
    if (t.proc.mm.copyOut(addrlenp, out) < 0) return -E.EFAULT;
  }
  return r.length;
});

defineSyscall('shutdown', (k, t, fd, how) => {
  const s = sockLookup(t, fd);
  if (typeof s === 'number') return s;
  if (how < SHUT_RD || how > SHUT_RDWR) return -E.EINVAL;
  return s.shutdown(k, t, how);
});
