// A compiled function's stack map (escape.ts FrameMap): the locals that may hold references,
// read by the collector. When they are all parameters that nothing assigns, the frame hands
// the runtime their values (`$.pushFrame([p])`) — no closure and no context per call; a
// parameter that is assigned anywhere, a closure inside it included, keeps the function that
// reads its current value (`$.pushFrame(() => [p])`).
import { describe, expect, it } from 'vitest';
import { compileGo } from '../../../src/lang/go/compile.ts';

const SRC = `package main

type T struct{ next *T }

var sink *T

func keep(t *T) { sink = t.next }

func reassign(t *T) {
	t = t.next
	sink = t
}

func inClosure(t *T) {
	func() { t = nil }()
}

func local(t *T) {
	u := t.next
	sink = u
}

func main() {
	t := &T{next: &T{}}
	keep(t)
	reassign(t)
	inClosure(t)
	local(t)
}
`;

/** The statement that pushes function `name`'s frame, from the generated JavaScript. */
function pushOf(js: string, name: string): string {
  const at = js.indexOf(`function* F_${name}(`);
  expect(at).toBeGreaterThanOrEqual(0);
  const m = /\$fd = \$\.pushFrame\(([^;]*)\);/.exec(js.slice(at));
  return m![1]!;
}

describe('stack maps of compiled functions', () => {
  it('parameters nothing assigns are pushed as values; an assigned one, in the body or a closure, or a local, through a function', () => {
    const { js } = compileGo('stackmap', [{ name: 'main.go', text: SRC }]);
    expect(pushOf(js, 'keep')).toMatch(/^\[t_\d+\]$/);
    expect(pushOf(js, 'reassign')).toMatch(/^\(\) => \[t_\d+\]$/);
    expect(pushOf(js, 'inClosure')).toMatch(/^\(\) => \[t_\d+\]$/);
    expect(pushOf(js, 'local')).toMatch(/^\(\) => \[/);
  });
});
