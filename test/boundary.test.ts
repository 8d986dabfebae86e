// The kernel/user boundary is real: user-mode code (apps, libc, runtime) imports
// nothing from the kernel but its uapi, and nothing from the machine but the
// instruction types; and the kernel knows nothing of goroutines.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.ts';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const f = path.join(dir, e);
    if (statSync(f).isDirectory()) out.push(...files(f)); else if (/\.tsx?$/.test(e)) out.push(f);
  }
  return out;
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

describe('the kernel/user boundary', () => {
  const userDirs = ['src/apps', 'src/libc', 'src/runtime'].map((d) => path.join(ROOT, d));
  const allowed = (target: string): boolean => {
    const rel = path.relative(ROOT, target).replace(/\\/g, '/');
    if (rel.startsWith('src/kernel/')) return rel.startsWith('src/kernel/uapi/');
    if (rel.startsWith('src/machine/')) return rel === 'src/machine/instr.ts';
    return !rel.startsWith('src/scenario/') && !rel.startsWith('src/dashboard/') && rel !== 'src/cli.ts';
  };

  it('user-mode code imports only the kernel uapi and the instruction types', () => {
    const bad: string[] = [];
    for (const dir of userDirs) {
      for (const f of files(dir)) {
        for (const spec of imports(f)) {
          if (!spec.startsWith('.')) continue;
          const target = path.resolve(path.dirname(f), spec);
          if (!allowed(target)) bad.push(`${path.relative(ROOT, f)} imports ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the kernel never mentions goroutines, channels, Gs or Ps', () => {
    const bad: string[] = [];
    for (const f of files(path.join(ROOT, 'src/kernel'))) {
      let src = readFileSync(f, 'utf8');
      // glibc's error messages are quoted as they are ("Channel number out of range").
      if (f.endsWith(path.join('uapi', 'errno.ts'))) src = src.replace(/'[^'\n]*'/g, "''");
      for (const w of [/goroutine/i, /\bchannel/i, /\bchan\b/, /\bgopark\b/, /\bG\s*\/\s*M\s*\/\s*P\b/]) {
        if (w.test(src)) bad.push(`${path.relative(ROOT, f)} mentions ${w}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
