// The compile cache: compiled programs by the hash of what produced them (the
// compiler's version, the language, and every source file's name and text), so a
// program compiled once in a process — by `gomachine run`, a sweep of many runs,
// a test suite — is not compiled again. The key is SHA-256, as Go's build cache
// keys its actions.
//
// The built command also keeps what it compiled on disk (BuildCache), as `go run` keeps
// $GOCACHE: the next command that runs the same program skips the compiler (for a Go program,
// parsing and checking the standard library it imports: ~170 ms of every run). The entries of
// one build of gomachine live in a directory named after that build's key, which names the
// state of every source file — so a changed compiler never reads an older one's output — and a
// new build's first write removes the directories of the builds before it.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILD_DIR } from '../scenario/built.ts';

export interface SourceFile { readonly name: string; readonly text: string }

export function contentHash(lang: string, version: string, files: readonly SourceFile[]): string {
  const h = createHash('sha256');
  h.update(`${lang}\0${version}\0`);
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) h.update(`${f.name}\0${f.text.length}\0${f.text}\0`);
  return h.digest('hex');
}

export class CompileCache<T> {
  private readonly entries = new Map<string, T>();
  hits = 0;
  misses = 0;
  get(key: string, build: () => T): T {
    const have = this.entries.get(key);
    if (have !== undefined) { this.hits++; return have; }
    this.misses++;
    const v = build();
    this.entries.set(key, v);
    return v;
  }
}

/** Compiler output on disk, one text per key, for the built command only (from the sources there is no build key to trust). */
export class BuildCache {
  private readonly dir: string | null;
  private pruned = false;

  constructor(lang: string, buildDir: string | null = BUILD_DIR) {
    this.dir = buildDir === null ? null : path.join(tmpdir(), `gomachine-${process.getuid?.() ?? 'user'}`, `${lang}-build`, path.basename(buildDir));
  }

  get(key: string): string | undefined {
    if (this.dir === null) return undefined;
    try { return readFileSync(path.join(this.dir, key), 'utf8'); } catch { return undefined; } // a miss, or removed by a newer build
  }

  /** Written beside and renamed into place: a command reading it at once sees all of it or none. */
  put(key: string, text: string): void {
    if (this.dir === null) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      if (!this.pruned) this.prune();
      const tmp = path.join(this.dir, `.${key}.${process.pid}`);
      writeFileSync(tmp, text);
      renameSync(tmp, path.join(this.dir, key));
    } catch { /* a cache that cannot be written is a cache that misses */ }
  }

  private prune(): void {
    this.pruned = true;
    const parent = path.dirname(this.dir!);
    for (const d of readdirSync(parent)) if (d !== path.basename(this.dir!)) rmSync(path.join(parent, d), { recursive: true, force: true });
  }
}
