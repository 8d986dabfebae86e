// A compiled function that defers (gen.ts func): its defer frame is made inline around its body —
// deferpush, then deferpanic if the body throws or deferreturn when it ends — and its return
// statements set the results and leave the block `$body`, so that a call makes no generator
// function of its own (V8 gives each one it creates a map and a prototype: a mutex locked with
// `defer mu.Unlock()` ran ~5× slower for it). corpus/defer_returns.go runs returns from every
// kind of place against real Go's output.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileGo } from '../../../src/lang/go/compile.ts';

/** bench/native/defer.go: a method that locks a mutex and defers its Unlock. */
const LOCKER = readFileSync(path.join(import.meta.dirname, '../../../bench/native/defer.go'), 'utf8');

const FIND = `package main

func find(xs []int, want int) (i int, ok bool) {
	defer func() { i++ }()
	for j, x := range xs {
		if x == want {
			return j, true
		}
	}
	return -1, false
}

func main() { _, _ = find([]int{1, 2}, 2) }
`;

function bodyOf(js: string, name: string): string {
  const at = js.indexOf(`function* ${name}(`);
  expect(at).toBeGreaterThanOrEqual(0);
  return js.slice(at, js.indexOf('$.setName(', at));
}

describe('compiled functions that defer', () => {
  const { js } = compileGo('defer', [{ name: 'defer.go', text: LOCKER }]);
  const { js: findJs } = compileGo('find', [{ name: 'find.go', text: FIND }]);

  it('make their defer frame inline, with no generator function per call', () => {
    const b = bodyOf(js, 'M_counter_inc');
    expect(b).toContain('const $df = $.deferpush();\ntry {\n$body: {');
    expect(b).toContain('} catch ($e) { yield* $.deferpanic($df, $e); return ; }\nyield* $.deferreturn($df);\nreturn ;');
    expect(b).not.toContain('$.func(');
    expect(js).not.toContain('$.func(function*');
    expect(findJs).not.toContain('$.func(function*');
  });

  it('return by setting the results and leaving the body block, so that the deferred calls run and may change them', () => {
    const b = bodyOf(findJs, 'F_find');
    expect(b.match(/break \$body/g)?.length).toBe(2);
    // the body block, after the deferred closure's code lifted to its top: no return in it
    const block = b.slice(b.indexOf('}["find.func1"];'), b.indexOf('} catch ($e)'));
    expect(block).toContain('break $body');
    expect(block).not.toContain('return');
    expect(b).toMatch(/yield\* \$\.deferreturn\(\$df\);\nreturn \[i_\d+, ok_\d+\];/);
  });
});
