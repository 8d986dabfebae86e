import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseScenario, selectVariant, ScenarioError } from '../../src/scenario/loader.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { checkExpectations } from '../../src/scenario/expect.ts';
import { ROOT } from '../helpers.ts';

async function check(yaml: string, variant?: string) {
  const s = selectVariant(await parseScenario(yaml, path.join(ROOT, 'scenarios', 'test.yaml')), variant);
  return checkExpectations(s.spec.expect, runScenario(s), s.spec.run.until === 'exit');
}

function gomachine(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [path.join(ROOT, 'bin/gomachine.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = '';
    c.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    c.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('expect: what a run must do', () => {
  it('without an expect section: met only when every process exited 0', async () => {
    expect(await check('processes: [{program: hello}]')).toEqual({ checked: 1, unmet: [] });
    expect(await check('processes: [{program: segv}, {program: hello}]')).toEqual({ checked: 2, unmet: ['segv[100]: exit status 139 (SIGSEGV), expected exit status 0'] });
  });

  it('checks the exit status, stdout exactly and by pattern, stderr by pattern', async () => {
    const ok = await check(`processes: [{program: panic}]
expect:
  processes:
    panic: { status: 2, stderrMatches: '^panic: boom$', stdoutMatches: 'recovered' }`);
    expect(ok.unmet).toEqual([]);
    const bad = await check(`processes: [{program: hello}]
expect:
  processes:
    hello: { status: 1, stdout: "Hello\\n", stdoutMatches: '^Bye' }`);
    expect(bad.unmet).toEqual([
      'hello[100]: exit status 0, expected exit status 1',
      'hello[100]: stdout was "Hello, world!\\n", expected "Hello\\n"',
      'hello[100]: stdout does not match /^Bye/ (it was "Hello, world!\\n")',
    ]);
  });

  it('a process still running at the time limit fails a run that was to end with its processes, not one stopped by time', async () => {
    expect((await check('processes: [{program: spin, args: [1, 5000]}]\nrun: {timeLimit: 20ms}')).unmet)
      .toEqual(['spin[100]: still running at the time limit, expected exit status 0']);
    expect((await check('processes: [{program: spin, args: [1, 5000]}]\nrun: {until: time, timeLimit: 20ms}')).unmet).toEqual([]);
    expect((await check('processes: [{program: spin, args: [1, 5000]}]\nrun: {until: time, timeLimit: 20ms}\nexpect: {processes: {spin: {status: 0}}}')).unmet)
      .toEqual(['spin[100]: still running, expected exit status 0']);
  });

  it('names a process that never ran, and counts client requests', async () => {
    const r = await check(`processes: [{program: go-hello-server}]
network: {nics: [{addr: 10.0.0.1}]}
clients: {connections: 3, protocol: hello, target: {port: 8080}, startAt: 1ms}
run: {until: clients, timeLimit: 1s}
expect:
  processes: {hello-server: {status: running}}
  clients: {completed: 3, failed: 0}`);
    // The seed's server answers one connection and exits; the other two are reset.
    expect(r.unmet).toEqual([
      'hello-server: no process of that name ran (have: go-hello-server)',
      'clients: 1 request completed, expected 3',
      'clients: 2 requests failed (reset 2), expected 0',
    ]);
  });

  it("takes a variant's expectations over the scenario's", async () => {
    const yaml = `variants:
  - {name: ok, processes: [{program: hello}]}
  - {name: crash, processes: [{program: segv}], expect: {processes: {segv: {status: 139}}}}
expect: {processes: {hello: {status: 0}}}`;
    expect((await check(yaml, 'ok')).unmet).toEqual([]);
    expect(await check(yaml, 'crash')).toEqual({ checked: 2, unmet: ['hello: no process of that name ran (have: segv)'] });
  });

  it('rejects a bad pattern and an unknown key when the scenario is loaded', async () => {
    const problems = async (y: string) => { try { await parseScenario(y, 'bad.yaml'); return []; } catch (e) { return (e as ScenarioError).problems; } };
    expect(await problems('processes: [{program: hello}]\nexpect: {processes: {hello: {stdoutMatches: "("}}}'))
      .toEqual(['expect.processes.hello.stdoutMatches: not a regular expression: Invalid regular expression: /(/m: Unterminated group']);
    expect(await problems('processes: [{program: hello}]\nexpect: {processes: {hello: {exit: 0}}}')).toEqual(['expect.processes.hello: unknown key "exit"']);
  });
});

describe('gomachine run and expectations', () => {
  it('exits 0 when the run met them, 1 naming each one it did not, 2 for a bad scenario', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gm-expect-'));
    const f = (name: string, text: string) => { const p = path.join(dir, name); writeFileSync(p, text); return p; };
    const met = f('met.yaml', 'processes: [{program: panic}]\nexpect: {processes: {panic: {status: 2}}}\n');
    const unmet = f('unmet.yaml', 'processes: [{program: segv}, {program: hello}]\nexpect: {processes: {hello: {stdout: "Hi\\n"}}}\n');
    const bad = f('bad.yaml', 'processes: [{program: hello}]\nrun: {timeLimit: 5}\n');
    const [a, b, c] = await Promise.all([gomachine(['run', met]), gomachine(['run', '--json', unmet]), gomachine(['run', bad])]);
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/\nexpectations: all 1 met\n$/);
    expect(b.status).toBe(1);
    expect(b.stderr).toBe(`gomachine: unmet: 2 of 2 expectations not met
  hello[101]: stdout was "Hello, world!\\n", expected "Hi\\n"
  segv[100]: exit status 139 (SIGSEGV), expected exit status 0
`);
    expect(JSON.parse(b.stdout).expect.unmet).toHaveLength(2);
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('run.timeLimit: 5 has no unit; write 5s, 5ms, 5us or 5ns');
  }, 120_000);
});

describe('the shipped scenarios', () => {
  it('each states what it expects (every variant, where the processes differ)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { loadScenario, variantNames } = await import('../../src/scenario/loader.ts');
    const dir = path.join(ROOT, 'scenarios');
    const without: string[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
      const s = await loadScenario(path.join(dir, f));
      const names = variantNames(s);
      for (const v of names.length === 0 ? [undefined] : names) if (selectVariant(s, v).spec.expect === undefined) without.push(`${f}${v ? ` --variant ${v}` : ''}`);
    }
    // The examples too (their programs are the user's own: only the files are read here).
    const { parse } = await import('yaml');
    for (const sub of ['examples', 'examples/seeds', 'examples/go']) {
      for (const f of readdirSync(path.join(ROOT, sub)).filter((x) => x.endsWith('.yaml'))) {
        const doc = parse(readFileSync(path.join(ROOT, sub, f), 'utf8')) as { expect?: unknown };
        if (doc.expect === undefined) without.push(`${sub}/${f}`);
      }
    }
    expect(without).toEqual([]);
  });

  it('c-launcher and go-panic meet theirs: a list of expectations for processes of one name, status 2 for a panic', async () => {
    const { loadScenario } = await import('../../src/scenario/loader.ts');
    for (const f of ['c-launcher', 'go-panic']) {
      const s = await loadScenario(path.join(ROOT, 'scenarios', `${f}.yaml`));
      expect(checkExpectations(s.spec.expect, runScenario(s), true)).toEqual({ checked: f === 'c-launcher' ? 4 : 1, unmet: [] });
    }
  });
});
