import { describe, expect, it } from 'vitest';
import { cProgram } from '../../src/libc/libc.ts';
import { errnoName, SEEK_SET, O_DIRECTORY } from '../../src/kernel/uapi/index.ts';
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
