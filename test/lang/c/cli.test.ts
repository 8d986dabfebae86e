// C source through the user's doors: `program: ./file.c` in a scenario, and
// `gomachine run prog.c [args...]` (cc's diagnostics and exit 1 on an error).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFile, ROOT } from '../../helpers.ts';

const gomachine = (args: string[], cwd: string) => spawnSync(process.execPath, [path.join(ROOT, 'bin/gomachine.mjs'), ...args], { cwd, encoding: 'utf8' });

describe('C source programs', () => {
  it('scenarios/c-seed-server.yaml: the seed\'s server from examples/c answers the client with Hello', async () => {
    const r = await runFile('scenarios/c-seed-server.yaml');
    expect(r.clients!.completed).toBe(1);
    const p = r.processes.find((x) => x.name === 'seed-server')!;
    expect(p.exitStatus).toBe(0);
    expect(Object.keys(p.syscalls).sort()).toEqual(['accept', 'bind', 'close', 'exit_group', 'listen', 'read', 'socket', 'write']);
  });

  it('gomachine run prog.c a b: the program\'s output and exit status; two .c files link into one program', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gm-c-'));
    writeFileSync(path.join(dir, 'main.c'), '#include <stdio.h>\nint twice(int);\nint main(int argc, char **argv) {\n  printf("%s %d %s\\n", argv[0], twice(argc), argv[argc - 1]);\n  return 7;\n}\n');
    writeFileSync(path.join(dir, 'util.c'), 'int twice(int x) { return 2 * x; }\n');
    const r = gomachine(['run', 'main.c', 'util.c', 'a', 'b'], dir);
    expect(r.stdout).toContain('[main 100] main 6 b\n');
    expect(r.stdout).toMatch(/│ 100 │ main │ 7 /);
    // A run without expectations is met only when every process exits 0 (as go run, it exits 1 otherwise).
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('  main[100]: exit status 7, expected exit status 0\n');
  }, 60_000);

  it('a compile error prints cc\'s diagnostic and exits 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gm-c-'));
    writeFileSync(path.join(dir, 'bad.c'), 'int main(void) {\n    return nope;\n}\n');
    const r = gomachine(['run', 'bad.c'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("bad.c:2:12: error: 'nope' undeclared (first use in this function)\n    2 |     return nope;\n      |            ^\n");
  }, 60_000);
});
