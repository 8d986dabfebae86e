// A small read-only filesystem: enough for programs to open what every Linux
// system has. Directories `/`, `/bin` (the installed executables, which execve
// loads), `/dev` (null and zero), `/etc` (hostname, os-release), and regular
// files with contents fixed at boot. Regular files and directories do not
// support poll, which is what makes epoll_ctl refuse them with EPERM.

import type { Kernel } from './kernel.ts';
import type { Thread } from './proc.ts';
import { File, type SysResult } from './file.ts';
import { defineSyscall } from './syscall.ts';
import * as E from './uapi/errno.ts';
import { AT_FDCWD, O_ACCMODE, O_RDONLY, O_CREAT, O_DIRECTORY, O_CLOEXEC, SEEK_SET, SEEK_CUR, SEEK_END, EPOLLIN, EPOLLOUT } from './uapi/flags.ts';

const enc = new TextEncoder();

/** What the filesystem holds at a path. */
type Node = { kind: 'dir'; entries: () => string[] } | { kind: 'regular'; data: () => Uint8Array } | { kind: 'null' | 'zero' };

function lookup(k: Kernel, path: string): Node | undefined {
  const p = path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  const bin = [...k.programs.keys()].filter((x) => x.startsWith('/bin/')).map((x) => x.slice(5)).sort();
  switch (p) {
    case '/': return { kind: 'dir', entries: () => ['bin', 'dev', 'etc'] };
    case '/bin': return { kind: 'dir', entries: () => bin };
    case '/dev': return { kind: 'dir', entries: () => ['null', 'zero'] };
    case '/etc': return { kind: 'dir', entries: () => ['hostname', 'os-release'] };
    case '/dev/null': return { kind: 'null' };
    case '/dev/zero': return { kind: 'zero' };
    case '/etc/hostname': return { kind: 'regular', data: () => enc.encode('gomachine\n') };
    case '/etc/os-release': return { kind: 'regular', data: () => enc.encode('NAME="gomachine"\nID=gomachine\nPRETTY_NAME="gomachine (emulated)"\n') };
  }
  if (p.startsWith('/bin/') && k.programs.has(p)) return { kind: 'regular', data: () => enc.encode(`#!gomachine ${p.slice(5)}\n`) };
  return undefined;
}

/** An open regular file or directory: reads at an offset; no poll. */
class FsFile extends File {
  offset = 0;
  constructor(flags: number, readonly kind: 'regular' | 'dir', private readonly bytes: Uint8Array) { super(flags); }
  get size(): number { return this.bytes.length; }
  override read(_k: Kernel, _t: Thread, len: number): Uint8Array | SysResult {
    if (this.kind === 'dir') return -E.EISDIR;
    const out = this.bytes.slice(this.offset, this.offset + len);
    this.offset += out.length;
    return out;
  }
  override write(): SysResult { return -E.EBADF; }
}

/** /dev/null and /dev/zero: character devices, always ready. */
class CharDevice extends File {
  constructor(flags: number, readonly kind: 'null' | 'zero') { super(flags); }
  override read(_k: Kernel, _t: Thread, len: number): Uint8Array | SysResult { return this.kind === 'null' ? new Uint8Array(0) : new Uint8Array(len); }
  override write(_k: Kernel, _t: Thread, data: Uint8Array): SysResult { return data.length; }
  override poll(): number { return EPOLLIN | EPOLLOUT; }
}

function readPath(t: Thread, addr: number): string | number {
  const b = t.proc.mm.copyIn(addr, 4096);
  if (typeof b === 'number') {
    // A path near the end of a mapping: read it byte by byte up to the NUL.
    let s = '';
    for (let i = 0; i < 4096; i++) {
      const c = t.proc.mm.copyIn(addr + i, 1);
      if (typeof c === 'number') return -E.EFAULT;
      if (c[0] === 0) return s;
      s += String.fromCharCode(c[0]!);
    }
    return -E.ENAMETOOLONG;
  }
  const z = b.indexOf(0);
  if (z < 0) return -E.ENAMETOOLONG;
  return new TextDecoder().decode(b.subarray(0, z));
}

function openat(k: Kernel, t: Thread, dirfd: number, pathAddr: number, flags: number): SysResult {
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  if (path === '') return -E.ENOENT;
  if (!path.startsWith('/') && dirfd !== AT_FDCWD) return -E.ENOTDIR;
  const node = lookup(k, path.startsWith('/') ? path : `/${path}`);
  if (node === undefined) return (flags & O_CREAT) !== 0 ? -E.EROFS : -E.ENOENT;
  const write = (flags & O_ACCMODE) !== O_RDONLY;
  if ((flags & O_DIRECTORY) !== 0 && node.kind !== 'dir') return -E.ENOTDIR;
  let f: File;
  if (node.kind === 'dir') { if (write) return -E.EISDIR; f = new FsFile(flags & ~O_CLOEXEC, 'dir', new Uint8Array(0)); }
  else if (node.kind === 'regular') { if (write) return -E.EROFS; f = new FsFile(flags & ~O_CLOEXEC, 'regular', node.data()); }
  else f = new CharDevice(flags & ~O_CLOEXEC, node.kind);
  const fd = t.proc.fds.install(f, (flags & O_CLOEXEC) !== 0);
  if (fd < 0) k.fput(f);
  return fd;
}

defineSyscall('open', (k, t, path, flags) => openat(k, t, AT_FDCWD, path, flags));
defineSyscall('openat', (k, t, dirfd, path, flags) => openat(k, t, dirfd, path, flags));

defineSyscall('lseek', (_k, t, fd, off, whence) => {
  const f = t.proc.fds.get(fd);
  if (f === null) return -E.EBADF;
  if (!(f instanceof FsFile)) return f instanceof CharDevice ? 0 : -E.ESPIPE;
  const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? f.offset : whence === SEEK_END ? f.size : NaN;
  if (Number.isNaN(base)) return -E.EINVAL;
  if (base + off < 0) return -E.EINVAL;
  f.offset = base + off;
  return f.offset;
});
