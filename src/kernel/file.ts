// Open files and file-descriptor tables (Linux's struct file and fdtable).
//
// A File is an open file description: shared by every fd that refers to it
// (dup, fork), freed when the last reference goes. Each kind of file (console,
// pipe, socket, eventfd, epoll) implements the operations it supports; the
// syscall layer does the fd lookup, the EBADF checks and the user copies.
//
// References (Linux's f_count): one per fd table entry, and one for each
// syscall that may sleep while using the file (fdget, put when the call ends).
// close() removes the fd and drops the table's reference only, so a thread
// blocked in read, poll or epoll_wait on the file goes on with it; release()
// runs on the last put, wherever that comes from.

import type { Kernel } from './kernel.ts';
import type { Thread } from './proc.ts';
import { WaitQueue } from './waitqueue.ts';
import { EBADF, EINVAL, EMFILE } from './uapi/errno.ts';
import { O_ACCMODE, O_RDONLY, O_WRONLY } from './uapi/flags.ts';

/** Returned by an operation that must wait: the thread has been put to sleep. */
export const BLOCK = Symbol('BLOCK');
export type SysResult = number | typeof BLOCK;

/** Open file descriptions alive in this host process (made and not yet released): what a leak check counts. */
export const fileCount = { live: 0 };

/**
 * Something watching a file for an event API (an epoll item on linux) that must
 * let go when the file's last reference does: the core tells it without knowing
 * which API it belongs to.
 */
export interface FileWatch {
  fileReleased(): void;
}

/** eventpoll_release: the last reference to `f` is gone; every watch leaves its interest list (the close rule). */
export function releaseWatches(f: File): void {
  if (f.refs !== 0) throw new Error('assertion: releaseWatches with references left');
  const set = f.epItems;
  if (set === null) return;
  for (const w of [...set]) w.fileReleased();
  f.epItems = null;
}

export abstract class File {
  /** Open-file-description references (f_count): fd table entries, and calls holding it (fdget, poll). */
  refs = 1;
  /** Threads polling or epoll-watching this file hook in here. */
  readonly pollWait = new WaitQueue();
  /** The epoll items watching this file (Linux's file->f_ep); they go when the last reference does (releaseWatches). */
  epItems: Set<FileWatch> | null = null;
  constructor(public flags: number) { fileCount.live++; }

  abstract readonly kind: string;

  get readable(): boolean { return (this.flags & O_ACCMODE) !== O_WRONLY; }
  get writable(): boolean { return (this.flags & O_ACCMODE) !== O_RDONLY; }

  /** read(2) into `len` bytes; returns the bytes read or a negative errno. `out` receives the data. */
  read(_k: Kernel, _t: Thread, _len: number): Uint8Array | SysResult { return -EINVAL; }
  /** write(2) of `data`; returns the count or a negative errno. */
  write(_k: Kernel, _t: Thread, _data: Uint8Array): SysResult { return -EINVAL; }
  /** The current readiness mask (EPOLLIN, EPOLLOUT, ...), as f_op->poll reports it. */
  poll(): number { return 0; }
  /** The last reference is gone. */
  release(_k: Kernel): void {}

  /**
   * Drop a description that was made but never installed, whose object lives on
   * elsewhere (an accepted connection put back on its queue at EMFILE): no release.
   */
  discard(): void {
    if (this.refs !== 1) throw new Error(`assertion: discard of a ${this.kind} file with ${this.refs} references`);
    this.refs = 0;
    fileCount.live--;
  }

  /**
   * Readiness changed: wake pollers and epoll callbacks waiting for any of `mask`
   * (the key of Linux's wake_up_interruptible_poll). Every file kind calls this
   * from the path that makes it readable or writable — never by being scanned.
   */
  notify(k: Kernel, mask: number): void {
    if (this.pollWait.active) this.pollWait.wake(k.wakeOnEvent, mask, 1); // nr_exclusive 1, as wake_up_interruptible_poll
  }
}

/**
 * fdget: the file at `fd` for the syscall in progress, with a reference the call
 * holds until it ends (fdput: Kernel.putHeldFiles, at syscall exit or thread exit).
 * A call that sleeps runs again from the top when woken; on those passes fdget
 * returns the file of the first pass without looking at the fd table, which
 * another thread may have changed meanwhile (close, or a new file at the same
 * number). One fd per call: every call that can sleep on a file names exactly one.
 */
export function fdget(t: Thread, fd: number): File | null {
  const held = t.heldFiles;
  if (t.heldCount !== 0) {
    if (t.heldFd !== fd) throw new Error('assertion: fdget of a second fd in one syscall');
    return held[0]!;
  }
  const f = t.proc.fds.get(fd);
  if (f === null) return null;
  f.refs++; // get_file
  held[t.heldCount++] = f;
  t.heldFd = fd;
  return f;
}

interface FdEntry { file: File; cloexec: boolean }

export class FdTable {
  private fds: (FdEntry | null)[] = [];
  private nextFree = 0;
  count = 0;
  constructor(public limit: number) {}

  get(fd: number): File | null {
    if (!Number.isInteger(fd) || fd < 0) return null;
    const e = this.fds[fd];
    return e === undefined || e === null ? null : e.file;
  }

  /** Install `file` at the lowest free fd ≥ `min`, or -EMFILE. The table takes the caller's reference. */
  install(file: File, cloexec = false, min = 0): number {
    let fd = Math.max(min, this.nextFree);
    while (fd < this.fds.length && this.fds[fd] !== null && this.fds[fd] !== undefined) fd++;
    if (fd >= this.limit) return -EMFILE;
    this.fds[fd] = { file, cloexec };
    this.count++;
    if (min <= this.nextFree) this.nextFree = fd + 1;
    return fd;
  }

  /** Put `file` at exactly `fd` (dup2), closing what was there. */
  installAt(k: Kernel, fd: number, file: File, cloexec: boolean): number {
    if (fd < 0 || fd >= this.limit) return -EBADF;
    const old = this.fds[fd];
    this.fds[fd] = { file, cloexec };
    if (old !== undefined && old !== null) k.fput(old.file); else this.count++;
    return fd;
  }

  /** Put `file` at `fd` of a fresh table (dup_fd's copy at fork): no limit applies, nothing is there to close. */
  copyAt(fd: number, file: File, cloexec: boolean): void {
    if (this.fds[fd] !== undefined && this.fds[fd] !== null) throw new Error(`assertion: copyAt over open fd ${fd}`);
    this.fds[fd] = { file, cloexec };
    this.count++;
    if (fd === this.nextFree) this.nextFree = fd + 1;
  }

  /** Remove fd; returns the file (the caller drops the reference) or null. */
  remove(fd: number): File | null {
    const e = this.fds[fd];
    if (e === undefined || e === null) return null;
    this.fds[fd] = null;
    this.count--;
    if (fd < this.nextFree) this.nextFree = fd;
    return e.file;
  }

  setCloexec(fd: number, on: boolean): void { const e = this.fds[fd]; if (e) e.cloexec = on; }
  isCloexec(fd: number): boolean { return this.fds[fd]?.cloexec ?? false; }

  *entries(): Generator<[number, File]> {
    for (let i = 0; i < this.fds.length; i++) { const e = this.fds[i]; if (e) yield [i, e.file]; }
  }
}

/** The console: fds 0, 1, 2 of every process. Output goes to the process's console buffer; input is empty. */
export class ConsoleFile extends File {
  readonly kind = 'console';
  constructor(flags: number, readonly stream: 0 | 1 | 2) { super(flags); }
  override read(): Uint8Array | SysResult { return new Uint8Array(0); }
  override write(k: Kernel, t: Thread, data: Uint8Array): SysResult {
    k.console(t, this.stream, data);
    return data.length;
  }
  override poll(): number { return 0x4 | 0x1; } // always writable; reads return EOF at once
}
