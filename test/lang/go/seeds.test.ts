// The seed documents' Go programs, compiled from source by src/lang/go and run on
// the machine: their output is real Go's (recorded with go1.19, GOMAXPROCS=1 for
// the worker program, whose order Go's scheduler fixes: runnext first).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runFile, ROOT } from '../../helpers.ts';
import { compileGo } from '../../../src/lang/go/compile.ts';
import { CompileError } from '../../../src/lang/diagnostics.ts';

describe('seed Go programs compiled from source', () => {
  it('sum.go prints "sum: 7" and exits 0', async () => {
    const p = (await runFile('examples/seeds/sum.yaml')).processes[0]!;
    expect(p.stdout).toBe('sum: 7\n');
    expect(p.exitStatus).toBe(0);
    expect(p.runtime!.goroutines.created).toBe(2);
  });

  it('print-numbers.go prints main\'s line and 1..5 every 500 ms, exits at 3 s', async () => {
    const p = (await runFile('examples/seeds/print-numbers.yaml')).processes[0]!;
    const lines = p.stdout.split('\n');
    expect(lines.slice(0, 2).sort()).toEqual(['1', 'main 함수 실행 중']);
    expect(lines.slice(2)).toEqual(['2', '3', '4', '5', '']);
    expect(p.exitStatus).toBe(0);
    expect(p.exitNs! / 1e6).toBeGreaterThanOrEqual(3000);
    expect(p.exitNs! / 1e6).toBeLessThan(3002);
  });

  it('workers.go at GOMAXPROCS=1 prints Go\'s order (recorded from go run)', async () => {
    const p = (await runFile('examples/seeds/workers.yaml')).processes[0]!;
    expect(p.stdout).toBe(['Worker 3: 0', 'Worker 1: 0', 'Worker 2: 0', 'Worker 2: 1', 'Worker 3: 1', 'Worker 1: 1', 'Worker 1: 2', 'Worker 2: 2', 'Worker 3: 2', ''].join('\n'));
    expect(p.exitStatus).toBe(0);
  });

  it('hello-server.go answers its client', async () => {
    const r = await runFile('examples/seeds/hello-server.yaml');
    expect(r.clients!.completed).toBe(1);
    expect(r.clients!.failed).toEqual({ refused: 0, reset: 0, timeout: 0, wrongReply: 0 });
    expect(r.processes[0]!.exitStatus).toBe(0);
  });

  it('the seed server as written does not compile, as with Go: "fmt" imported and not used', () => {
    const text = readFileSync(path.join(ROOT, 'examples/seeds/hello-server-as-written.go'), 'utf8');
    expect(() => compileGo('hello-server', [{ name: 'hello-server-as-written.go', text }])).toThrow(CompileError);
    try { compileGo('hello-server', [{ name: 'hello-server-as-written.go', text }]); } catch (e) {
      expect((e as CompileError).message).toBe('./hello-server-as-written.go:4:5: "fmt" imported and not used');
    }
  });
});

describe('Go compile errors', () => {
  const errs = (src: string): string => { try { compileGo('main', [{ name: 'main.go', text: src }]); return ''; } catch (e) { return (e as Error).message; } };
  it('undefined names and unused variables, with file:line:col', () => {
    expect(errs('package main\n\nfunc main() {\n\tx := 1\n\tfoo()\n}\n')).toBe('./main.go:4:2: declared and not used: x\n./main.go:5:2: undefined: foo');
  });
  it('generics get their own message', () => {
    expect(errs('package main\n\nfunc Map[T any](x T) T { return x }\n\nfunc main() {}\n')).toBe('./main.go:3:6: generic functions are not supported yet');
  });
  it('complex numbers get their own message, wherever the type is named', () => {
    expect(errs('package main\n\nfunc main() {\n\tvar c complex128\n\tvar d complex64\n\t_, _ = c, d\n\t_ = complex128(1)\n}\n'))
      .toBe('./main.go:4:8: complex numbers are not supported yet\n./main.go:5:8: complex numbers are not supported yet\n./main.go:7:6: complex numbers are not supported yet');
  });
  it('a mismatched assignment is Go\'s message', () => {
    expect(errs('package main\n\nfunc main() {\n\tvar s string = 1\n\t_ = s\n}\n')).toBe('./main.go:4:17: cannot use 1 (untyped int constant) as string value in variable declaration');
  });
});
