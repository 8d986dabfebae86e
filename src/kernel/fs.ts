// The filesystem: a tree of inodes, the path walk (Linux's namei), and the
// file calls — open, lseek, stat, unlink, mkdir, rmdir, fsync, ftruncate.
//
// Two filesystems are mounted. The root is read-only: `/`, `/bin` (the
// installed executables, which execve loads), `/dev` (null and zero), `/etc`
// (hostname, os-release), with contents fixed at boot — creating, writing or
// removing anything there is EROFS. `/tmp` is a tmpfs: regular files and
// directories in memory, made with open(O_CREAT) and mkdir, grown by write and
// lseek past the end, cut by O_TRUNC and ftruncate, removed by unlink and
// rmdir. An unlinked file lives on while a descriptor refers to it (its inode
// is the open file's, its link count 0), as on Linux.
//
// Every error is the one Linux's VFS returns, in Linux's order of checks: a
// missing component is ENOENT, a non-directory in the middle of a path
// ENOTDIR, a name over 255 bytes ENAMETOOLONG, O_CREAT|O_EXCL on an existing
// name EEXIST, a directory opened for writing EISDIR, a change on the
// read-only root EROFS. Regular files and directories do not support poll,
// which is what makes epoll_ctl refuse them with EPERM (epoll.ts); poll(2)
// finds them always ready.
//
// There is one working directory, `/`: a relative path starts there, or at the
// directory a dirfd names (openat and the other *at calls).

import type { Kernel } from './kernel.ts';
import type { Thread } from './proc.ts';
import { File, type SysResult } from './file.ts';
import { defineSyscall } from './syscall.ts';
import * as E from './uapi/errno.ts';
import {
  AT_FDCWD, AT_EMPTY_PATH, AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, O_ACCMODE, O_RDONLY, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_CLOEXEC,
  SEEK_SET, SEEK_CUR, SEEK_END, EPOLLIN, EPOLLOUT,
} from './uapi/flags.ts';
import { REALTIME_EPOCH_NS } from './time.ts';

const enc = new TextEncoder();

// --- inodes ---------------------------------------------------------------------------------

const S_IFMT = 0o170000, S_IFDIR = 0o040000, S_IFREG = 0o100000, S_IFCHR = 0o020000, S_IFIFO = 0o010000, S_IFSOCK = 0o140000;
const SEEK_DATA = 3, SEEK_HOLE = 4;
/** The process's file mode creation mask: the default of a login shell. */
const UMASK = 0o022;
/** NAME_MAX and PATH_MAX (include/uapi/linux/limits.h). */
const NAME_MAX = 255;
const PATH_MAX = 4096;
/** tmpfs reports a directory's size as 20 bytes per entry (BOGO_DIRENT_SIZE in mm/shmem.c). */
const BOGO_DIRENT_SIZE = 20;
/** Linux's file size limit on x86-64 (MAX_LFS_FILESIZE), beyond which lseek and ftruncate say EINVAL. */
const MAX_LFS_FILESIZE = Number.MAX_SAFE_INTEGER;

const makedev = (major: number, minor: number): number => (major << 8) | minor;
/** st_dev of each mount: the root on a disk partition, devtmpfs, and /tmp's tmpfs (anonymous devices). */
const ROOT_DEV = makedev(8, 1), DEVTMPFS_DEV = makedev(0, 5), TMPFS_DEV = makedev(0, 35);

export interface Inode {
  ino: number;
  dev: number;
  mode: number;
  nlink: number;
  rdev: number;
  /** A regular file's bytes (the array may be longer than the file: its capacity). */
  data: Uint8Array;
  size: number;
  /** A directory's entries by name. */
  children: Map<string, Inode> | null;
  /** The directory this one is in (`..`); the root's is itself. */
  parent: Inode | null;
  /** On the read-only root: every change is EROFS. */
  readonly: boolean;
  atimeNs: number;
  mtimeNs: number;
  ctimeNs: number;
  /** /bin: its entries are the kernel's installed programs, looked up when asked for. */
  bin?: true;
}

/** A kernel's filesystem tree. */
interface Fs { root: Inode; tmp: Inode; nextIno: number; tmpBytes: number }
const mounted = new WeakMap<Kernel, Fs>();

function inode(fs: Fs, dev: number, mode: number, parent: Inode | null, readonly: boolean, nowNs: number, data?: Uint8Array): Inode {
  const dir = (mode & S_IFMT) === S_IFDIR;
  const n: Inode = {
    ino: fs.nextIno++, dev, mode, nlink: dir ? 2 : 1, rdev: 0, data: data ?? new Uint8Array(0), size: data?.length ?? 0,
    children: dir ? new Map() : null, parent, readonly, atimeNs: nowNs, mtimeNs: nowNs, ctimeNs: nowNs,
  };
  if (parent === null) n.parent = n;
  return n;
}

function link(dir: Inode, name: string, n: Inode): Inode {
  dir.children!.set(name, n);
  if (n.children !== null) dir.nlink++;
  return n;
}

/** The kernel's filesystem, built at its first use from what the kernel has installed. */
function fsOf(k: Kernel): Fs {
  let fs = mounted.get(k);
  if (fs !== undefined) return fs;
  const boot = REALTIME_EPOCH_NS;
  fs = { root: null as unknown as Inode, tmp: null as unknown as Inode, nextIno: 2, tmpBytes: 0 };
  const root = inode(fs, ROOT_DEV, S_IFDIR | 0o755, null, true, boot);
  fs.root = root;
  const bin = link(root, 'bin', inode(fs, ROOT_DEV, S_IFDIR | 0o755, root, true, boot));
  bin.bin = true;
  const dev = link(root, 'dev', inode(fs, DEVTMPFS_DEV, S_IFDIR | 0o755, root, true, boot));
  link(dev, 'null', inode(fs, DEVTMPFS_DEV, S_IFCHR | 0o666, dev, true, boot)).rdev = makedev(1, 3);
  link(dev, 'zero', inode(fs, DEVTMPFS_DEV, S_IFCHR | 0o666, dev, true, boot)).rdev = makedev(1, 5);
  const etc = link(root, 'etc', inode(fs, ROOT_DEV, S_IFDIR | 0o755, root, true, boot));
  link(etc, 'hostname', inode(fs, ROOT_DEV, S_IFREG | 0o644, etc, true, boot, enc.encode('gomachine\n')));
  link(etc, 'os-release', inode(fs, ROOT_DEV, S_IFREG | 0o644, etc, true, boot, enc.encode('NAME="gomachine"\nID=gomachine\nPRETTY_NAME="gomachine (emulated)"\n')));
  // /tmp: a tmpfs, world-writable with the sticky bit, its root inode 1 as every tmpfs's is.
  const tmp = link(root, 'tmp', inode(fs, TMPFS_DEV, S_IFDIR | 0o1777, root, false, boot));
  tmp.ino = 1;
  fs.tmp = tmp;
  mounted.set(k, fs);
  return fs;
}

/** A directory's entry `name` (an installed program, for /bin). */
function child(k: Kernel, fs: Fs, dir: Inode, name: string): Inode | undefined {
  const n = dir.children!.get(name);
  if (n !== undefined || dir.bin !== true) return n;
  if (!k.programs.has(`/bin/${name}`)) return undefined;
  return link(dir, name, inode(fs, ROOT_DEV, S_IFREG | 0o755, dir, true, REALTIME_EPOCH_NS, enc.encode(`#!gomachine ${name}\n`)));
}

function nowNs(k: Kernel): number { return REALTIME_EPOCH_NS + Math.floor(k.cyclesToNs(k.now())); }

// --- the path walk -----------------------------------------------------------------------------

/** A walked path: the directory its last component is in, that component, and what it names (if anything). */
interface Walk { dir: Inode; name: string; node: Inode | undefined; slash: boolean }

function readPath(t: Thread, addr: number): string | number {
  const b = t.proc.mm.copyIn(addr, PATH_MAX);
  if (typeof b === 'number') {
    // A path near the end of a mapping: read it byte by byte up to the NUL.
    const bytes: number[] = [];
    for (let i = 0; i < PATH_MAX; i++) {
      const c = t.proc.mm.copyIn(addr + i, 1);
      if (typeof c === 'number') return -E.EFAULT;
      if (c[0] === 0) return new TextDecoder().decode(new Uint8Array(bytes));
      bytes.push(c[0]!);
    }
    return -E.ENAMETOOLONG;
  }
  const z = b.indexOf(0);
  if (z < 0) return -E.ENAMETOOLONG;
  return new TextDecoder().decode(b.subarray(0, z));
}

/** The directory a relative path starts from: the working directory (/) or dirfd's. */
function startDir(k: Kernel, t: Thread, dirfd: number, path: string): Inode | number {
  const fs = fsOf(k);
  if (path.startsWith('/') || dirfd === AT_FDCWD) return fs.root;
  const f = t.proc.fds.get(dirfd);
  if (f === null) return -E.EBADF;
  if (!(f instanceof InodeFile) || f.inode.children === null) return -E.ENOTDIR;
  return f.inode;
}

/** namei: walk every component but the last; look the last up in its directory. */
function walk(k: Kernel, t: Thread, dirfd: number, path: string): Walk | number {
  if (path === '') return -E.ENOENT;
  const fs = fsOf(k);
  const start = startDir(k, t, dirfd, path);
  if (typeof start === 'number') return start;
  let dir: Inode = start;
  const parts = path.split('/').filter((p) => p !== '');
  const slash = path.endsWith('/');
  if (parts.length === 0) return { dir, name: '.', node: dir, slash }; // "/" (or "//")
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    if (name.length > NAME_MAX && enc.encode(name).length > NAME_MAX) return -E.ENAMETOOLONG;
    if (dir.children === null) return -E.ENOTDIR;
    const node = name === '.' ? dir : name === '..' ? dir.parent! : child(k, fs, dir, name);
    if (i === parts.length - 1) return { dir, name, node, slash };
    if (node === undefined) return -E.ENOENT;
    dir = node;
  }
  throw new Error('assertion: a path walk that ended without its last component');
}

/** A walked path that must name something: the inode, or ENOENT / ENOTDIR (a trailing slash on a non-directory). */
function lookup(w: Walk | number): Inode | number {
  if (typeof w === 'number') return w;
  if (w.node === undefined) return -E.ENOENT;
  if (w.slash && w.node.children === null) return -E.ENOTDIR;
  return w.node;
}

// --- open files -------------------------------------------------------------------------------

/** An open file of the tree: a regular file or a directory, read and written at the description's offset. */
export class InodeFile extends File {
  offset = 0;
  readonly kind: 'regular' | 'dir' | 'null' | 'zero';
  constructor(flags: number, readonly inode: Inode, private readonly fs: Fs) {
    super(flags);
    this.kind = inode.children !== null ? 'dir' : (inode.mode & S_IFMT) !== S_IFCHR ? 'regular' : inode.rdev === makedev(1, 3) ? 'null' : 'zero';
  }
  get size(): number { return this.inode.size; }

  override read(k: Kernel, _t: Thread, len: number): Uint8Array | SysResult {
    if (this.kind === 'dir') return -E.EISDIR;
    const n = this.inode;
    const out = n.data.slice(this.offset, Math.min(n.size, this.offset + len));
    this.offset += out.length;
    if (!n.readonly) n.atimeNs = nowNs(k);
    return out;
  }

  override write(k: Kernel, _t: Thread, data: Uint8Array): SysResult {
    const n = this.inode;
    if ((this.flags & O_APPEND) !== 0) this.offset = n.size; // generic_write_checks: every append write goes to the end
    const end = this.offset + data.length;
    const r = resize(k, this.fs, n, Math.max(n.size, end));
    if (r < 0) return r;
    n.data.set(data, this.offset);
    this.offset = end;
    n.mtimeNs = n.ctimeNs = nowNs(k);
    return data.length;
  }

  /** Regular files are always ready (DEFAULT_POLLMASK): poll(2) returns at once. */
  override poll(): number { return EPOLLIN | EPOLLOUT | 0x40 /* EPOLLRDNORM */ | 0x100 /* EPOLLWRNORM */; }
}

/** Set a tmpfs file's size: the bytes past the old end read as zeros; ENOSPC past the mount's size (half the memory, tmpfs's default). */
function resize(k: Kernel, fs: Fs, n: Inode, size: number): number {
  const pages = (x: number): number => Math.ceil(x / 4096) * 4096;
  const grow = pages(size) - pages(n.size);
  if (grow > 0 && fs.tmpBytes + grow > k.m.config.memoryBytes / 2) return -E.ENOSPC;
  fs.tmpBytes += grow;
  if (size > n.data.length) {
    const d = new Uint8Array(Math.max(size, Math.min(n.data.length * 2, size + (1 << 20)), 64));
    d.set(n.data.subarray(0, n.size));
    n.data = d;
  } else if (size < n.size) n.data.fill(0, size, n.size);
  n.size = size;
  return 0;
}

/** /dev/null and /dev/zero: character devices, always ready. */
class CharDevice extends InodeFile {
  override read(_k: Kernel, _t: Thread, len: number): Uint8Array | SysResult { return this.kind === 'null' ? new Uint8Array(0) : new Uint8Array(len); }
  override write(_k: Kernel, _t: Thread, data: Uint8Array): SysResult { return data.length; }
  override poll(): number { return EPOLLIN | EPOLLOUT; }
}

function openat(k: Kernel, t: Thread, dirfd: number, pathAddr: number, flags: number, mode: number): SysResult {
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  const fs = fsOf(k);
  const w = walk(k, t, dirfd, path);
  if (typeof w === 'number') return w;
  const write = (flags & O_ACCMODE) !== O_RDONLY;
  let node = w.node;
  if (node === undefined) {
    if ((flags & O_CREAT) === 0) return -E.ENOENT;
    if (w.slash) return -E.EISDIR;
    if (w.dir.readonly) return -E.EROFS;
    const now = nowNs(k);
    node = link(w.dir, w.name, inode(fs, w.dir.dev, S_IFREG | (mode & 0o7777 & ~UMASK), w.dir, false, now));
    w.dir.mtimeNs = w.dir.ctimeNs = now;
  } else {
    if ((flags & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL)) return -E.EEXIST;
    if (node.children !== null) {
      if ((flags & O_CREAT) !== 0 || write) return -E.EISDIR;
    } else {
      if (w.slash || (flags & O_DIRECTORY) !== 0) return -E.ENOTDIR;
      // O_TRUNC asks for write permission whatever the access mode (build_open_flags), and truncates.
      if (node.readonly && (write || (flags & O_TRUNC) !== 0) && (node.mode & S_IFMT) === S_IFREG) return -E.EROFS;
      if ((flags & O_TRUNC) !== 0 && (node.mode & S_IFMT) === S_IFREG) {
        resize(k, fs, node, 0);
        node.mtimeNs = node.ctimeNs = nowNs(k);
      }
    }
  }
  const f = (node.mode & S_IFMT) === S_IFCHR ? new CharDevice(flags & ~O_CLOEXEC, node, fs) : new InodeFile(flags & ~O_CLOEXEC, node, fs);
  const fd = t.proc.fds.install(f, (flags & O_CLOEXEC) !== 0);
  if (fd < 0) k.fput(f);
  return fd;
}

defineSyscall('open', (k, t, path, flags, mode) => openat(k, t, AT_FDCWD, path, flags, mode));
defineSyscall('openat', (k, t, dirfd, path, flags, mode) => openat(k, t, dirfd, path, flags, mode));
defineSyscall('creat', (k, t, path, mode) => openat(k, t, AT_FDCWD, path, O_CREAT | 0o1 | O_TRUNC, mode));

defineSyscall('lseek', (_k, t, fd, off, whence) => {
  const f = t.proc.fds.get(fd);
  if (f === null) return -E.EBADF;
  if (!(f instanceof InodeFile)) return -E.ESPIPE;
  if (f instanceof CharDevice) return 0;
  let pos: number;
  switch (whence) {
    case SEEK_SET: pos = off; break;
    case SEEK_CUR: pos = f.offset + off; break;
    case SEEK_END: pos = f.size + off; break;
    // No holes are tracked: the data is all of the file, the one hole its end.
    case SEEK_DATA: if (off < 0 || off >= f.size) return -E.ENXIO; pos = off; break;
    case SEEK_HOLE: if (off < 0 || off >= f.size) return -E.ENXIO; pos = f.size; break;
    default: return -E.EINVAL;
  }
  if (pos < 0 || pos > MAX_LFS_FILESIZE) return -E.EINVAL;
  f.offset = pos;
  return pos;
});

// --- stat -----------------------------------------------------------------------------------

/** Inode numbers of the files that are not in the tree (sockets, pipes, epoll...): one each, on its pseudo filesystem. */
const anonIno = new WeakMap<File, number>();
let nextAnonIno = 10_000;

/** struct stat for an inode of the tree, or for another kind of open file. */
function statOf(x: Inode | File): Uint8Array {
  let n: Pick<Inode, 'dev' | 'ino' | 'mode' | 'nlink' | 'rdev' | 'size' | 'atimeNs' | 'mtimeNs' | 'ctimeNs'>;
  let blocks: number;
  if (!(x instanceof File)) {
    const tmp = x.dev === TMPFS_DEV;
    n = { ...x, size: x.children === null ? x.size : tmp ? (x.children.size + 2) * BOGO_DIRENT_SIZE : 4096 };
    blocks = x.children === null && (x.mode & S_IFMT) !== S_IFREG ? 0 : Math.ceil(n.size / 4096) * 8;
  } else {
    let ino = anonIno.get(x);
    if (ino === undefined) { ino = nextAnonIno++; anonIno.set(x, ino); }
    // sockfs, pipefs, the console's pts and anon_inodefs (epoll, eventfd), as fstat shows them.
    const kind = x.kind;
    const [dev, mode, rdev] = kind === 'socket' || kind === 'unix' ? [makedev(0, 8), S_IFSOCK | 0o777, 0]
      : kind === 'pipe' ? [makedev(0, 13), S_IFIFO | 0o600, 0]
        : kind === 'console' ? [makedev(0, 24), S_IFCHR | 0o620, makedev(136, 0)]
          : [makedev(0, 14), 0o600, 0];
    n = { dev, ino, mode, nlink: 1, rdev, size: 0, atimeNs: REALTIME_EPOCH_NS, mtimeNs: REALTIME_EPOCH_NS, ctimeNs: REALTIME_EPOCH_NS };
    blocks = 0;
  }
  // struct stat of x86-64 (arch/x86/include/uapi/asm/stat.h): 144 bytes.
  const b = new Uint8Array(144); const dv = new DataView(b.buffer);
  dv.setBigUint64(0, BigInt(n.dev), true);
  dv.setBigUint64(8, BigInt(n.ino), true);
  dv.setBigUint64(16, BigInt(n.nlink), true);
  dv.setUint32(24, n.mode, true);
  dv.setUint32(28, 0, true); // st_uid: root
  dv.setUint32(32, 0, true); // st_gid
  dv.setBigUint64(40, BigInt(n.rdev), true);
  dv.setBigInt64(48, BigInt(n.size), true);
  dv.setBigInt64(56, 4096n, true); // st_blksize
  dv.setBigInt64(64, BigInt(blocks), true);
  const times = [n.atimeNs, n.mtimeNs, n.ctimeNs];
  for (let i = 0; i < 3; i++) {
    dv.setBigInt64(72 + 16 * i, BigInt(Math.floor(times[i]! / 1e9)), true);
    dv.setBigInt64(80 + 16 * i, BigInt(times[i]! % 1e9), true);
  }
  return b;
}

function copyStat(t: Thread, buf: number, st: Uint8Array): SysResult {
  return t.proc.mm.copyOut(buf, st) < 0 ? -E.EFAULT : 0;
}

function fstatat(k: Kernel, t: Thread, dirfd: number, pathAddr: number, buf: number, flags: number): SysResult {
  if ((flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) !== 0) return -E.EINVAL;
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  if (path === '' && (flags & AT_EMPTY_PATH) !== 0) return fstat(t, dirfd === AT_FDCWD ? -1 : dirfd, buf, k);
  const n = lookup(walk(k, t, dirfd, path));
  if (typeof n === 'number') return n;
  return copyStat(t, buf, statOf(n));
}

function fstat(t: Thread, fd: number, buf: number, k: Kernel): SysResult {
  if (fd === -1) return copyStat(t, buf, statOf(fsOf(k).root));
  const f = t.proc.fds.get(fd);
  if (f === null) return -E.EBADF;
  return copyStat(t, buf, statOf(f instanceof InodeFile ? f.inode : f));
}

defineSyscall('fstat', (k, t, fd, buf) => fstat(t, fd, buf, k));
defineSyscall('stat', (k, t, path, buf) => fstatat(k, t, AT_FDCWD, path, buf, 0));
defineSyscall('lstat', (k, t, path, buf) => fstatat(k, t, AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW));
defineSyscall('newfstatat', (k, t, dirfd, path, buf, flags) => fstatat(k, t, dirfd, path, buf, flags));

// --- names: unlink, mkdir, rmdir -------------------------------------------------------------------

function unlinkat(k: Kernel, t: Thread, dirfd: number, pathAddr: number, flags: number): SysResult {
  if ((flags & ~AT_REMOVEDIR) !== 0) return -E.EINVAL;
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  const w = walk(k, t, dirfd, path);
  if (typeof w === 'number') return w;
  const rmdir = (flags & AT_REMOVEDIR) !== 0;
  // do_rmdir / do_unlinkat: the last component's kind, then the mount's writability, then the lookup.
  if (w.name === '.' || w.name === '..') return rmdir ? (w.name === '.' ? -E.EINVAL : -E.ENOTEMPTY) : -E.EISDIR;
  if (w.dir.readonly) return -E.EROFS;
  const n = w.node;
  if (n === undefined) return -E.ENOENT;
  if (rmdir) {
    if (n.children === null) return -E.ENOTDIR;
    if (n === fsOf(k).tmp) return -E.EBUSY; // a mount point
    if (n.children.size > 0) return -E.ENOTEMPTY;
    w.dir.nlink--;
    n.nlink = 0;
  } else {
    if (n.children !== null) return -E.EISDIR;
    if (w.slash) return -E.ENOTDIR;
    n.nlink--;
    // The space is the mount's again (an open file keeps its bytes, uncounted, until it is closed).
    const fs = fsOf(k);
    fs.tmpBytes -= Math.ceil(n.size / 4096) * 4096;
  }
  w.dir.children!.delete(w.name);
  const now = nowNs(k);
  w.dir.mtimeNs = w.dir.ctimeNs = n.ctimeNs = now;
  return 0;
}

defineSyscall('unlink', (k, t, path) => unlinkat(k, t, AT_FDCWD, path, 0));
defineSyscall('rmdir', (k, t, path) => unlinkat(k, t, AT_FDCWD, path, AT_REMOVEDIR));
defineSyscall('unlinkat', (k, t, dirfd, path, flags) => unlinkat(k, t, dirfd, path, flags));

function mkdirat(k: Kernel, t: Thread, dirfd: number, pathAddr: number, mode: number): SysResult {
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  const w = walk(k, t, dirfd, path);
  if (typeof w === 'number') return w;
  if (w.node !== undefined) return -E.EEXIST;
  if (w.dir.readonly) return -E.EROFS;
  const now = nowNs(k);
  link(w.dir, w.name, inode(fsOf(k), w.dir.dev, S_IFDIR | (mode & 0o7777 & ~UMASK), w.dir, false, now));
  w.dir.mtimeNs = w.dir.ctimeNs = now;
  return 0;
}

defineSyscall('mkdir', (k, t, path, mode) => mkdirat(k, t, AT_FDCWD, path, mode));
defineSyscall('mkdirat', (k, t, dirfd, path, mode) => mkdirat(k, t, dirfd, path, mode));

// --- fsync, ftruncate ----------------------------------------------------------------------------

/** tmpfs and the read-only root have nothing to write back: 0. Pipes, sockets and devices have no fsync: EINVAL. */
function fsync(t: Thread, fd: number): SysResult {
  const f = t.proc.fds.get(fd);
  if (f === null) return -E.EBADF;
  return f instanceof InodeFile && !(f instanceof CharDevice) ? 0 : -E.EINVAL;
}
defineSyscall('fsync', (_k, t, fd) => fsync(t, fd));
defineSyscall('fdatasync', (_k, t, fd) => fsync(t, fd));

defineSyscall('ftruncate', (k, t, fd, length) => {
  const f = t.proc.fds.get(fd);
  if (f === null) return -E.EBADF;
  if (length < 0) return -E.EINVAL;
  if (!(f instanceof InodeFile) || f instanceof CharDevice || f.kind !== 'regular' || !f.writable) return -E.EINVAL;
  if (f.inode.readonly) return -E.EROFS;
  const r = resize(k, fsOf(k), f.inode, length);
  if (r < 0) return r;
  f.inode.mtimeNs = f.inode.ctimeNs = nowNs(k);
  return 0;
});
