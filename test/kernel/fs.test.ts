import { describe, expect, it } from 'vitest';
import { cProgram, type LibC, type CGen } from '../../src/libc/libc.ts';
import {
  errnoName, SYS, SEEK_SET, SEEK_CUR, SEEK_END, O_DIRECTORY, O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND,
  AT_FDCWD, AT_REMOVEDIR, EPOLLIN, EPOLL_CTL_ADD,
} from '../../src/kernel/uapi/index.ts';
import { Machine } from '../../src/machine/machine.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { runProgram } from '../helpers.ts';

describe('the read-only filesystem', () => {
  it('opens and reads files, refuses what Linux refuses', () => {
    const got: (string | number)[] = [];
    const exe = cProgram('fs', function* (c) {
      const e = (r: number): string | number => (r < 0 ? errnoName(c.errno) : r);
      const fd = yield* c.open('/etc/hostname');
      const buf = yield* c.malloc(64);
      const n = yield* c.read(fd, buf, 64);
      got.push(yield* c.peekString(buf, n));
      got.push(e(yield* c.lseek(fd, 2, SEEK_SET)), e(yield* c.read(fd, buf, 3)), yield* c.peekString(buf, 3));
      got.push(e(yield* c.open('/nope')), e(yield* c.open('/etc/hostname', 1 /* O_WRONLY */)), e(yield* c.open('/etc/hostname', O_DIRECTORY)));
      const dir = yield* c.open('/bin');
      got.push(e(yield* c.read(dir, buf, 8)), e(yield* c.lseek(yield* c.open('/dev/null'), 0, SEEK_SET)));
      const z = yield* c.open('/dev/zero');
      got.push(e(yield* c.read(z, buf, 16)));
      return 0;
    });
    const { snap } = runProgram(exe);
    expect(snap.exitStatus).toBe(0);
    expect(got).toEqual(['gomachine\n', 2, 3, 'mac', 'ENOENT', 'EROFS', 'ENOTDIR', 'EISDIR', 0, 16]);
  });
});

describe('tmpfs at /tmp', () => {
  /** Run `body` as a process; what it pushes is what the test sees. */
  function run(body: (c: LibC, got: (string | number)[]) => CGen<void>): (string | number)[] {
    const got: (string | number)[] = [];
    const { snap } = runProgram(cProgram('tmp', function* (c) { yield* body(c, got); return 0; }));
    expect(snap.exitStatus).toBe(0);
    return got;
  }
  const e = (c: LibC, r: number): string | number => (r < 0 ? errnoName(c.errno) : r);
  const at = (c: LibC, nr: number, ...args: (number | string)[]): CGen<number> => (function* () {
    const a: number[] = [];
    for (const x of args) a.push(typeof x === 'string' ? yield* c.lit(x) : x);
    return yield* c.sys(nr, ...a);
  })();

  it('open pins Linux errnos: O_CREAT|O_EXCL EEXIST, a directory for writing EISDIR, a file in the middle of a path ENOTDIR, the read-only root EROFS', () => {
    const got = run(function* (c, got) {
      const open = (p: string, flags: number, mode = 0o644) => at(c, SYS.openat, AT_FDCWD, p, flags, mode);
      got.push(e(c, yield* open('/tmp/a', O_WRONLY | O_CREAT | O_EXCL)));      // 3
      got.push(e(c, yield* open('/tmp/a', O_WRONLY | O_CREAT | O_EXCL)));      // EEXIST
      got.push(e(c, yield* open('/tmp/a', O_RDONLY | O_CREAT)));               // 4: exists, no O_EXCL
      got.push(e(c, yield* open('/tmp/nope', O_RDONLY)));                      // ENOENT
      got.push(e(c, yield* open('/tmp/no/such', O_RDONLY | O_CREAT)));         // ENOENT: the directory is missing
      got.push(e(c, yield* open('/tmp/a/b', O_RDONLY)));                       // ENOTDIR
      got.push(e(c, yield* open('/tmp/a/', O_RDONLY)));                        // ENOTDIR: trailing slash on a file
      got.push(e(c, yield* open('/tmp/new/', O_WRONLY | O_CREAT)));            // EISDIR: O_CREAT of a name with a slash
      got.push(e(c, yield* open('/tmp', O_WRONLY)));                           // EISDIR
      got.push(e(c, yield* open('/tmp', O_RDONLY | O_CREAT)));                 // EISDIR
      got.push(e(c, yield* open('/etc/new', O_WRONLY | O_CREAT)));             // EROFS
      got.push(e(c, yield* open('/etc/hostname', O_RDONLY | O_TRUNC)));        // EROFS: O_TRUNC asks to write
      got.push(e(c, yield* open(`/tmp/${'x'.repeat(256)}`, O_WRONLY | O_CREAT))); // ENAMETOOLONG
      got.push(e(c, yield* open('/tmp/../tmp/./a', O_RDONLY)));                // 5
      got.push(e(c, yield* open('', O_RDONLY)));                               // ENOENT
      got.push(e(c, yield* open('/tmp/a', O_RDONLY | O_DIRECTORY)));           // ENOTDIR
      // openat relative to a directory fd; a file's fd is ENOTDIR, a closed one EBADF
      const d = yield* open('/tmp', O_RDONLY | O_DIRECTORY);
      got.push(e(c, yield* at(c, SYS.openat, d, 'a', O_RDONLY, 0)));
      got.push(e(c, yield* at(c, SYS.openat, 3, 'a', O_RDONLY, 0)));
      got.push(e(c, yield* at(c, SYS.openat, 99, 'a', O_RDONLY, 0)));
    });
    expect(got).toEqual([3, 'EEXIST', 4, 'ENOENT', 'ENOENT', 'ENOTDIR', 'ENOTDIR', 'EISDIR', 'EISDIR', 'EISDIR', 'EROFS', 'EROFS', 'ENAMETOOLONG', 5, 'ENOENT', 'ENOTDIR', 7, 'ENOTDIR', 'EBADF']);
  });

  it('read, write, O_APPEND, O_TRUNC, lseek past the end (zeros), and offsets: one per open, shared by dup', () => {
    const got = run(function* (c, got) {
      const fd = yield* at(c, SYS.openat, AT_FDCWD, '/tmp/f', O_RDWR | O_CREAT | O_TRUNC, 0o600);
      const buf = yield* c.malloc(64);
      got.push(yield* c.write(fd, 'abc', 3), e(c, yield* c.lseek(fd, 2, SEEK_END)), yield* c.write(fd, 'z', 1));
      got.push(e(c, yield* c.lseek(fd, 0, SEEK_SET)));
      const n = yield* c.read(fd, buf, 64);
      got.push(Array.from(yield* c.peek(buf, n)).join(','));
      const other = yield* c.open('/tmp/f', O_RDONLY);
      const dup = yield* c.sys(SYS.dup, fd);
      got.push(e(c, yield* c.lseek(dup, 0, SEEK_CUR)), e(c, yield* c.lseek(other, 0, SEEK_CUR)));
      const app = yield* c.open('/tmp/f', O_WRONLY | O_APPEND);
      got.push(e(c, yield* c.lseek(app, 0, SEEK_SET)), yield* c.write(app, 'END', 3), e(c, yield* c.lseek(app, 0, SEEK_CUR)));
      got.push(e(c, yield* c.lseek(fd, -1, SEEK_SET)), e(c, yield* c.lseek(fd, 0, 7)), e(c, yield* c.lseek(fd, 0, 3 /* SEEK_DATA */)), e(c, yield* c.lseek(fd, 0, 4 /* SEEK_HOLE */)), e(c, yield* c.lseek(fd, 9, 3)));
      got.push(e(c, yield* c.write(other, 'x', 1)), e(c, yield* c.read(app, buf, 1)));
      const t = yield* c.open('/tmp/f', O_RDONLY | O_TRUNC);
      got.push(e(c, yield* c.read(t, buf, 64)));
      got.push(e(c, yield* c.sys(SYS.ftruncate, fd, 3)), e(c, yield* c.sys(SYS.ftruncate, other, 3)), e(c, yield* c.sys(SYS.ftruncate, fd, -1)), e(c, yield* c.read(other, buf, 64)));
      const p = yield* c.pipe();
      if (p === -1) throw new Error('pipe');
      got.push(e(c, yield* c.lseek(p[0], 0, SEEK_SET)), e(c, yield* c.sys(SYS.fsync, p[1])), e(c, yield* c.sys(SYS.fsync, fd)), e(c, yield* c.sys(SYS.fsync, 99)));
      got.push(e(c, yield* c.sys(SYS.fsync, yield* c.open('/dev/null'))), e(c, yield* c.lseek(yield* c.open('/dev/null'), 5, SEEK_SET)));
    });
    expect(got).toEqual([3, 5, 1, 0, '97,98,99,0,0,122', 6, 0, 0, 3, 9, 'EINVAL', 'EINVAL', 0, 9, 'ENXIO', 'EBADF', 'EBADF', 0, 0, 'EINVAL', 'EINVAL', 3, 'ESPIPE', 'EINVAL', 0, 'EBADF', 'EINVAL', 0]);
  });

  it('stat and fstat fill struct stat as x86-64 Linux lays it out; unlink, mkdir and rmdir pin their errnos; an unlinked file stays readable while open', () => {
    const got = run(function* (c, got) {
      const st = yield* c.malloc(144);
      const field = function* (off: number, size: 4 | 8): CGen<number> { const b = yield* c.peek(st + off, size); const v = new DataView(b.buffer, b.byteOffset); return size === 4 ? v.getUint32(0, true) : Number(v.getBigInt64(0, true)); };
      const stat = function* (p: string) {
        const r = yield* at(c, SYS.newfstatat, AT_FDCWD, p, st, 0);
        if (r < 0) return errnoName(c.errno);
        return `mode ${(yield* field(24, 4)).toString(8)} size ${yield* field(48, 8)} nlink ${yield* field(16, 8)} blocks ${yield* field(64, 8)} blksize ${yield* field(56, 8)}`;
      };
      const fd = yield* at(c, SYS.openat, AT_FDCWD, '/tmp/s', O_WRONLY | O_CREAT, 0o666);
      yield* c.write(fd, 'x'.repeat(5000), 5000);
      got.push(yield* stat('/tmp/s'), yield* stat('/tmp'), yield* stat('/etc/hostname'), yield* stat('/dev/null'), yield* stat('/tmp/s/'), yield* stat('/nope'));
      got.push(e(c, yield* c.sys(SYS.fstat, fd, st)), (yield* field(48, 8)), e(c, yield* c.sys(SYS.fstat, 1, st)), (yield* field(24, 4)).toString(8));
      got.push(e(c, yield* c.sys(SYS.fstat, 99, st)), e(c, yield* c.sys(SYS.fstat, fd, 0)));
      got.push(e(c, yield* at(c, SYS.mkdirat, AT_FDCWD, '/tmp/d', 0o777)), e(c, yield* at(c, SYS.mkdirat, AT_FDCWD, '/tmp/d', 0o777)), e(c, yield* at(c, SYS.mkdirat, AT_FDCWD, '/etc/d', 0o777)), yield* stat('/tmp/d'), yield* stat('/tmp'));
      const inner = yield* at(c, SYS.openat, AT_FDCWD, '/tmp/d/f', O_WRONLY | O_CREAT, 0o644);
      const rm = (p: string, flags = 0) => at(c, SYS.unlinkat, AT_FDCWD, p, flags);
      got.push(e(c, yield* rm('/tmp/d', AT_REMOVEDIR)), e(c, yield* rm('/tmp/d')), e(c, yield* rm('/tmp/s', AT_REMOVEDIR)), e(c, yield* rm('/tmp', AT_REMOVEDIR)), e(c, yield* rm('/tmp/d/.', AT_REMOVEDIR)));
      got.push(e(c, yield* rm('/etc/hostname')), e(c, yield* rm('/etc/nope')), e(c, yield* rm('/tmp/nope')), e(c, yield* rm('/tmp/s/x')), e(c, yield* rm('/tmp/s', 0x1)));
      got.push(e(c, yield* rm('/tmp/d/f')), e(c, yield* rm('/tmp/d', AT_REMOVEDIR)), yield* stat('/tmp/d'));
      yield* c.close(inner);
      const r = yield* c.open('/tmp/s');
      got.push(e(c, yield* rm('/tmp/s')), yield* stat('/tmp/s'), e(c, yield* c.sys(SYS.fstat, r, st)), (yield* field(16, 8)));
      const buf = yield* c.malloc(8);
      got.push(e(c, yield* c.read(r, buf, 8)));
    });
    expect(got).toEqual([
      'mode 100644 size 5000 nlink 1 blocks 16 blksize 4096', 'mode 41777 size 60 nlink 2 blocks 8 blksize 4096',
      'mode 100644 size 10 nlink 1 blocks 8 blksize 4096', 'mode 20666 size 0 nlink 1 blocks 0 blksize 4096', 'ENOTDIR', 'ENOENT',
      0, 5000, 0, '20620', 'EBADF', 'EFAULT',
      0, 'EEXIST', 'EROFS', 'mode 40755 size 40 nlink 2 blocks 8 blksize 4096', 'mode 41777 size 80 nlink 3 blocks 8 blksize 4096',
      // rmdir("/tmp"): its parent is on the read-only root, so EROFS comes before the mount point's EBUSY, as on Linux
      'ENOTEMPTY', 'EISDIR', 'ENOTDIR', 'EROFS', 'EINVAL',
      'EROFS', 'EROFS', 'ENOENT', 'ENOTDIR', 'EINVAL',
      0, 0, 'ENOENT',
      0, 'ENOENT', 0, 0, 8,
    ]);
  });

  it('one /tmp per machine: a file one process writes, another reads; epoll refuses a regular file (EPERM)', () => {
    const got: (string | number)[] = [];
    const writer = cProgram('writer', function* (c) {
      const fd = yield* at(c, SYS.openat, AT_FDCWD, '/tmp/shared', O_WRONLY | O_CREAT, 0o644);
      yield* c.write(fd, 'from the writer', 15);
      const ep = yield* c.epoll_create1(0);
      got.push(e(c, yield* c.epoll_ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, fd)));
      return 0;
    });
    const reader = cProgram('reader', function* (c) {
      yield* c.usleep(1000);
      const fd = yield* c.open('/tmp/shared');
      const buf = yield* c.malloc(32);
      const n = yield* c.read(fd, buf, 32);
      got.push(yield* c.peekString(buf, n));
      return 0;
    });
    const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
    const k = new Kernel(m);
    k.spawn(writer, ['writer'], {}); k.spawn(reader, ['reader'], {});
    m.run(m.nsToCycles(1e9));
    expect(got).toEqual(['EPERM', 'from the writer']);
  });
});
