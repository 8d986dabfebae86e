// Where a func literal's code is made (gen.ts closure): once per call of the function around it
// when every variable it captures has one binding per call (lifted to that function's top), at
// each evaluation otherwise. Either way each evaluation of a literal with captures makes its own
// funcval (newclosure), named as the literal; corpus/closure_scopes.go runs every case against
// real Go's output.
import { describe, expect, it } from 'vitest';
import { compileGo } from '../../../src/lang/go/compile.ts';

const SRC = `package main

func top(n int) func() int {
	k := n * 2
	return func() int { return k + n }
}

func loopBody() []func() int {
	var fs []func() int
	for i := 0; i < 3; i++ {
		v := i
		fs = append(fs, func() int { return v })
	}
	return fs
}

func innerBlock(b bool) func() int {
	if b {
		w := 1
		return func() int { return w }
	}
	return nil
}

func noCaptures() func(int) int {
	return func(x int) int { return x + 1 }
}

func waiter(ch chan int, sum *int) func() {
	return func() { *sum += <-ch }
}

func adder(p *int, n int) func() {
	return func() { *p += n }
}

func main() {
	_ = top(1)()
	_ = loopBody()
	_ = innerBlock(true)
	_ = noCaptures()(1)
	_ = waiter(make(chan int), new(int))
	_ = adder(new(int), 1)
}
`;

/** The generated body of function `name`, up to its setName. */
function bodyOf(js: string, name: string): string {
  const at = js.indexOf(`function* F_${name}(`);
  expect(at).toBeGreaterThanOrEqual(0);
  return js.slice(at, js.indexOf(`$.setName(F_${name},`, at));
}

describe('func literals of compiled programs', () => {
  const { js } = compileGo('closures', [{ name: 'main.go', text: SRC }]);

  it('a literal capturing a parameter and a top-level local is made once per call, each evaluation a named funcval calling it', () => {
    const b = bodyOf(js, 'top');
    expect(b).toMatch(/const F_top_1 = \{ "top\.func1": function\* \(\) \{/);
    expect(b).toMatch(/const F_top_1\$c = \(\) => \[k_\d+, n_\d+\];/);
    expect(b).toMatch(/\$\.newclosure\(\{ "top\.func1": \(\) => F_top_1\(\) \}\["top\.func1"\], F_top_1\$c, 2\)/);
  });

  it('a lifted literal\'s funcvals share one context, and its frame\'s stack map is that context where it holds only captured variables', () => {
    const b = bodyOf(js, 'waiter');
    expect(b).toMatch(/const F_waiter_1\$c = \(\) => \[sum_\d+, ch_\d+\];/);
    expect(b).toMatch(/\$\.newclosure\(\{ "waiter\.func1": \(\) => F_waiter_1\(\) \}\["waiter\.func1"\], F_waiter_1\$c, 2\)/);
    const lit = b.slice(b.indexOf('const F_waiter_1 = '));
    expect(lit).toContain('$fd = $.pushFrame(F_waiter_1$c);');
    expect(lit).not.toContain('$.pushFrame(() =>');
  });

  it('a lifted literal whose stack map is some of its captured variables has that map made once per call too', () => {
    const b = bodyOf(js, 'adder');
    expect(b).toMatch(/const F_adder_1\$c = \(\) => \[p_\d+, n_\d+\];/);
    expect(b).toMatch(/const F_adder_1\$m = \(\) => \[p_\d+\];/);
    expect(b.slice(b.indexOf('const F_adder_1 = '))).toContain('$fd = $.pushFrame(F_adder_1$m);');
  });

  it('a literal capturing a loop body\'s variable, or an inner block\'s, is made at each evaluation', () => {
    for (const name of ['loopBody', 'innerBlock']) {
      const b = bodyOf(js, name);
      expect(b).not.toMatch(/^const F_\w+ = /m);
      expect(b).toMatch(/\$\.newclosure\(\(\(\) => \{ const F_\w+ = \{ "\w+\.func1": function\* \(\) \{/);
    }
  });

  it('a literal with no captures is one function made once per call, with no funcval per evaluation', () => {
    const b = bodyOf(js, 'noCaptures');
    expect(b).toMatch(/const F_noCaptures_1 = \{ "noCaptures\.func1": function\* \(x_\d+\) \{/);
    expect(b).toMatch(/return F_noCaptures_1;/);
    expect(b).not.toContain('newclosure');
  });

  it('no closure is renamed after it is made (a rename puts each one in V8\'s dictionary mode)', () => {
    expect(js).not.toMatch(/\$\.setName\(F_\w+_\d+,/);
  });
});

describe('func values made at run time (golib $.bind, $.asGen, $.ibind, $.imethodexpr)', () => {
  it('are arrows named as gc names them, made without a generator function of their own, and run nothing until stepped', async () => {
    const { $ } = await import('../../../src/runtime/golib/index.ts');
    const ran: string[] = [];
    const M = function* M(recv: unknown, x: unknown) { ran.push(`M(${String(recv)}, ${String(x)})`); yield 0; return 1; };
    const b = $.bind(M as never, 'r');
    expect(b.name).toBe(`${M.name}-fm`);
    expect(b.constructor.name).toBe('Function');
    expect((b as unknown as { $c: () => unknown[] }).$c()).toEqual(['r']);
    const g = b(5);
    expect(ran).toEqual([]); // made, not yet run: as a call of a generator function
    expect(g.next().done).toBe(false);
    expect(ran).toEqual(['M(r, 5)']);
    expect(g.next()).toEqual({ value: 1, done: true });

    function Native(x: number): number { ran.push(`Native(${x})`); return x * 2; }
    const n = $.asGen(Native);
    expect(n.name).toBe(Native.name);
    const ng = n(4);
    expect(ran.length).toBe(1);
    expect(ng.next()).toEqual({ value: 8, done: true });
  });
});
