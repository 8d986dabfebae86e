// A compiled program's reads and writes of heap objects and escaped variables are memory
// accesses of the goroutine that makes them, reported to the machine's memory watch
// (memWatch: address, size, read or write) as a TypeScript program's loads and stores are:
// field by field at the object's address in the runtime's heap, in program order.
import { afterEach, describe, expect, it } from 'vitest';
import { Machine } from '../../../src/machine/machine.ts';
import { Kernel } from '../../../src/kernel/kernel.ts';
import { memWatch } from '../../../src/machine/instr.ts';
import { compileGo, goExecutable } from '../../../src/lang/go/compile.ts';
import { getg, type Runtime } from '../../../src/runtime/proc.ts';
import { heapOf } from '../../../src/runtime/malloc.ts';

const SRC = `package main

import "fmt"

type point struct {
	x, y int
	tag  int32
}

func bump(c *int) { *c += 10 }

func main() {
	p := &point{x: 1, y: 2}
	p.y = 7
	q := p.y + p.x
	p.tag = 3
	s := make([]int, 4)
	s[2] = q
	n := 0
	bump(&n)
	n = s[2] + n
	done := make(chan bool)
	go func() { p.x = n; done <- true }()
	<-done
	fmt.Println(p.x, p.y, p.tag, n)
}
`;

interface Access { goid: number; obj: number; off: number; len: number; write: boolean }

function run(): { out: string; acc: Access[] } {
  const exe = goExecutable(compileGo('watch', [{ name: 'main.go', text: SRC }]));
  const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m);
  const acc: Access[] = [];
  const bases: number[] = [];
  // Only the program's objects (a slot holding a compiled value), named by their order of first access.
  memWatch.fn = (addr, len, write) => {
    let gp;
    try { gp = getg(); } catch { return; } // an access outside any goroutine (the kernel's)
    const s = heapOf(gp.rt as Runtime).spanOf(addr);
    if (s === undefined || s.objs === null) return;
    const i = Math.floor((addr - s.base) / s.elemsize);
    if (s.objs[i] === undefined) return;
    const base = s.base + i * s.elemsize;
    let obj = bases.indexOf(base);
    if (obj < 0) { obj = bases.length; bases.push(base); }
    acc.push({ goid: gp.goid, obj, off: addr - base, len, write });
  };
  const p = k.spawn(exe, ['watch'], {});
  while (p.state === 'alive') if (m.run(m.now + m.nsToCycles(10e6)) === 'idle') break;
  const snap = k.snapshot().procs.find((q) => q.pid === p.pid)!;
  const out = snap.stdout + snap.stderr;
  return { out, acc };
}

afterEach(() => { memWatch.fn = null; });

describe('a compiled program\'s heap accesses are observable', () => {
  it('each field, element and escaped variable access, at its offset in its heap object, read or write, by the goroutine that makes it', () => {
    const { out, acc } = run();
    expect(out).toBe('18 7 3 18\n');
    const w = (goid: number, obj: number, off: number, len: number) => ({ goid, obj, off, len, write: true });
    const r = (goid: number, obj: number, off: number, len: number) => ({ goid, obj, off, len, write: false });
    expect(acc).toEqual([
      w(1, 0, 8, 8), // p.y = 7
      r(1, 0, 8, 8), r(1, 0, 0, 8), // q := p.y + p.x
      w(1, 0, 16, 4), // p.tag = 3 (an int32)
      w(1, 1, 16, 8), // s[2] = q
      r(1, 2, 0, 8), w(1, 2, 0, 8), // *c += 10 in bump: n escaped to a heap cell
      r(1, 1, 16, 8), r(1, 2, 0, 8), w(1, 2, 0, 8), // n = s[2] + n
      r(6, 2, 0, 8), w(6, 0, 0, 8), // in the goroutine: p.x = n
      r(1, 0, 0, 8), r(1, 0, 8, 8), r(1, 0, 16, 4), r(1, 2, 0, 8), // the Println's arguments
    ]);
  });

  it('costs nothing observable when nobody watches: the same output and the same simulated run', () => {
    const exe = goExecutable(compileGo('watch', [{ name: 'main.go', text: SRC }]));
    const runOnce = (watch: boolean) => {
      const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
      const k = new Kernel(m);
      memWatch.fn = watch ? () => {} : null;
      const p = k.spawn(exe, ['watch'], {});
      while (p.state === 'alive') if (m.run(m.now + m.nsToCycles(10e6)) === 'idle') break;
      memWatch.fn = null;
      return { now: m.now, instructions: m.instructions };
    };
    expect(runOnce(true)).toEqual(runOnce(false));
  });
});
