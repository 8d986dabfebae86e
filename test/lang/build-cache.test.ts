// The compiler's output kept on disk between commands, as $GOCACHE keeps go run's.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BuildCache } from '../../src/lang/cache.ts';

describe('the build cache on disk', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gm-bc-'));
  const caches = path.join(tmpdir(), `gomachine-${process.getuid?.() ?? 'user'}`);
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    for (const lang of [`test-${process.pid}`, `test2-${process.pid}`]) rmSync(path.join(caches, `${lang}-build`), { recursive: true, force: true });
  });

  it('is off from the sources: with no build key nothing is read or written', () => {
    const c = new BuildCache('test-off', null);
    c.put('k', 'text');
    expect(c.get('k')).toBeUndefined();
  });

  it('gives back what a command of the same build wrote, and misses for a key never written', () => {
    const build = path.join(root, 'dist', '00000000000000aa');
    new BuildCache(`test-${process.pid}`, build).put('k1', 'compiled once');
    const later = new BuildCache(`test-${process.pid}`, build); // another command of the same build
    expect(later.get('k1')).toBe('compiled once');
    expect(later.get('k2')).toBeUndefined();
  });

  it("never gives a newer build an older build's output, and the newer build's first write removes it", () => {
    const lang = `test2-${process.pid}`;
    new BuildCache(lang, path.join(root, 'dist', 'old')).put('k', 'old compiler');
    const fresh = new BuildCache(lang, path.join(root, 'dist', 'new'));
    expect(fresh.get('k')).toBeUndefined();
    fresh.put('k', 'new compiler');
    const dir = path.join(caches, `${lang}-build`);
    expect(readdirSync(dir)).toEqual(['new']);
    expect(existsSync(path.join(dir, 'new', 'k'))).toBe(true);
  });
});
