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
  const userDirs = ['src/apps', 'src/libc', 'src/libsystem', 'src/win32', 'src/runtime'].map((d) => path.join(ROOT, d));
  const allowed = (target: string): boolean => {
    const rel = path.relative(ROOT, target).replace(/\\/g, '/');
    if (rel.startsWith('src/kernel/')) return rel.startsWith('src/kernel/uapi/'); // each personality's uapi lives under it (uapi/darwin/)
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

  /** Every file `f` reaches through relative imports (itself included). */
  function closure(f: string, seen = new Set<string>()): Set<string> {
    if (seen.has(f)) return seen;
    seen.add(f);
    for (const spec of imports(f)) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(f), spec);
      if (/\.tsx?$/.test(target)) closure(target, seen);
    }
    return seen;
  }
  const rel = (f: string): string => path.relative(ROOT, f).replace(/\\/g, '/');
  // The executable format (image.ts) is every personality's: the loader's, not a system's ABI.
  const linuxUapi = (f: string): boolean => rel(f).startsWith('src/kernel/uapi/') && !rel(f).startsWith('src/kernel/uapi/darwin/') && !rel(f).startsWith('src/kernel/uapi/windows/') && !rel(f).endsWith('uapi/image.ts');
  const darwinUapi = (f: string): boolean => rel(f).startsWith('src/kernel/uapi/darwin/');
  const windowsUapi = (f: string): boolean => rel(f).startsWith('src/kernel/uapi/windows/');

  it("code for darwin (libSystem and its programs) and for windows (the Win32 layer and its programs) reaches no other system's uapi, and the C library reaches only Linux's", () => {
    const bad: string[] = [];
    for (const f of files(path.join(ROOT, 'src/libsystem')).concat(files(path.join(ROOT, 'src/apps/darwin')))) {
      for (const g of closure(f)) if (linuxUapi(g) || windowsUapi(g)) bad.push(`${rel(f)} reaches ${rel(g)}`);
    }
    for (const f of files(path.join(ROOT, 'src/win32')).concat(files(path.join(ROOT, 'src/apps/windows')))) {
      for (const g of closure(f)) if (linuxUapi(g) || darwinUapi(g)) bad.push(`${rel(f)} reaches ${rel(g)}`);
    }
    for (const f of files(path.join(ROOT, 'src/libc')).concat(files(path.join(ROOT, 'src/apps/c')))) {
      for (const g of closure(f)) if (darwinUapi(g) || windowsUapi(g)) bad.push(`${rel(f)} reaches ${rel(g)}`);
    }
    expect(bad).toEqual([]);
  });

  it('the runtime reaches a system only through its GOOS files (os_<goos>.ts, netpoll_<api>.ts), as Go\'s build tags keep it', () => {
    const bad: string[] = [];
    for (const f of files(path.join(ROOT, 'src/runtime'))) {
      if (/\/(os_[a-z]+|netpoll_[a-z]+)\.ts$/.test(f)) continue;
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(f), spec);
        if (linuxUapi(target) || darwinUapi(target) || windowsUapi(target) || rel(target).startsWith('src/libsystem/') || rel(target).startsWith('src/win32/')) bad.push(`${rel(f)} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
    // And each GOOS file reaches one system's ABI only.
    const notLinux = (g: string): boolean => darwinUapi(g) || windowsUapi(g);
    const notDarwin = (g: string): boolean => linuxUapi(g) || windowsUapi(g);
    const notWindows = (g: string): boolean => linuxUapi(g) || darwinUapi(g);
    for (const [file, wrong] of [['os_linux.ts', notLinux], ['netpoll_epoll.ts', notLinux], ['os_darwin.ts', notDarwin], ['netpoll_kqueue.ts', notDarwin], ['os_windows.ts', notWindows], ['netpoll_windows.ts', notWindows]] as const) {
      const reached = [...closure(path.join(ROOT, 'src/runtime', file))].filter((g) => !rel(g).startsWith('src/runtime/'));
      expect(reached.filter(wrong).map(rel), file).toEqual([]);
    }
  });

  it('the kernel and the machine never mention goroutines, channels, Gs or Ps', () => {
    const bad: string[] = [];
    for (const f of [...files(path.join(ROOT, 'src/kernel')), ...files(path.join(ROOT, 'src/machine'))]) {
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

describe("the Go compiler's stages", () => {
  const GO = path.join(ROOT, 'src/lang/go');
  const stage = (f: string): string => path.relative(GO, f).replace(/\\/g, '/').split('/')[0]!;
  /** What each stage may import inside src/lang/go: the front end and the back end meet only in the checked form. */
  const MAY: Record<string, string[]> = { frontend: ['frontend', 'ir', 'stdlib'], ir: ['ir'], backend: ['backend', 'ir'], stdlib: ['stdlib'] };

  it('the front end hands the back end only the checked intermediate form (ir/): neither imports the other', () => {
    const bad: string[] = [];
    for (const dir of Object.keys(MAY)) {
      for (const f of files(path.join(GO, dir))) {
        for (const spec of imports(f)) {
          if (!spec.startsWith('.')) continue;
          const target = path.resolve(path.dirname(f), spec);
          if (!target.startsWith(GO + path.sep)) continue;
          if (!MAY[dir]!.includes(stage(target))) bad.push(`${path.relative(ROOT, f)} imports ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
