// Benchmark: the echo servers compiled from C source (src/apps/c/*.c) against
// their TypeScript twins on the 1,000-connection echo load of
// scenarios/c-echo-*.yaml (10 requests of 64 bytes each): wall time of the
// whole simulated run, interleaved rounds, median; and the compiler's speed on
// a generated 1,000-line program (cold, then from the cache).
// Run: node --import tsx bench/c-source.ts   (ROUNDS=3 by default)
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { buildC } from '../src/lang/c/driver.ts';
import { parseScenario } from '../src/scenario/loader.ts';
import { runScenario } from '../src/scenario/runner.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const name of ['echo-threads', 'echo-epoll']) {
  const yaml = readFileSync(path.join(ROOT, `scenarios/c-${name}.yaml`), 'utf8');
  const ts = await parseScenario(yaml, path.join(ROOT, 'scenarios/x.yaml'));
  const c = await parseScenario(yaml.replace(`program: ${name}`, `program: ../src/apps/c/${name}.c`), path.join(ROOT, 'scenarios/x.yaml'));
  const wall = { ts: [] as number[], c: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, s] of [['ts', ts], ['c', c]] as const) {
      const t0 = performance.now();
      const r = runScenario(s);
      wall[k].push(performance.now() - t0);
      if (r.clients?.completed !== 10_000) throw new Error(`${name} (${k}): ${r.clients?.completed} requests completed`);
    }
  }
  const a = median(wall.ts); const b = median(wall.c);
  console.log(`${name}: TypeScript ${a.toFixed(0)} ms, from C source ${b.toFixed(0)} ms wall (median of ${ROUNDS}): ${(b / a).toFixed(2)}x`);
}

// A 1,000-line program: 100 functions of 10 lines each, and a main that calls them.
let src = '#include <stdio.h>\n#include <string.h>\n';
for (let i = 0; i < 100; i++) {
  src += `static int f${i}(int x) {\n  int a[8];\n  for (int k = 0; k < 8; k++) a[k] = x * k + ${i};\n  int s = 0;\n  for (int k = 0; k < 8; k++) s += a[k] % 7;\n  if (s > 100) s -= 100;\n  char buf[32];\n  snprintf(buf, sizeof buf, "%d", s);\n  return s + (int)strlen(buf);\n}\n`;
}
src += 'int main(void) {\n  int t = 0;\n' + Array.from({ length: 100 }, (_, i) => `  t += f${i}(${i});\n`).join('') + '  printf("%d\\n", t);\n  return 0;\n}\n';
const lines = src.split('\n').length;
const t0 = performance.now();
const b1 = buildC([{ name: 'big.c', text: src }], 'big');
const t1 = performance.now();
const b2 = buildC([{ name: 'big.c', text: src }], 'big');
const t2 = performance.now();
if (b1.exe === null || !b2.cached) throw new Error(b1.text);
console.log(`compile ${lines} lines: ${(t1 - t0).toFixed(0)} ms cold, ${(t2 - t1).toFixed(1)} ms from the cache`);
