// The compile cache: compiled programs by the hash of what produced them (the
// compiler's version, the language, and every source file's name and text), so a
// program compiled once in a process — by `gomachine run`, a sweep of many runs,
// a test suite — is not compiled again. The key is SHA-256, as Go's build cache
// keys its actions.

import { createHash } from 'node:crypto';

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
