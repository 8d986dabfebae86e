// The chain the seeds draw, one key each way (goroutine → P → M → thread → core → interrupt, and
// back), the core's detail, and `e` / `w`: the trace and the pcap of the run up
// to the moment on screen, made by building the machine again and running it
// there (the rebuilt run's trace hash is the live one's).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { DetailView, drill } from '../../src/dashboard/panes.tsx';
import { App, handleKey, initialUi, type Key } from '../../src/dashboard/app.tsx';
import { parseScenario, selectVariant } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import { Driver } from '../../src/dashboard/driver.ts';
import { LocalSource } from '../../src/dashboard/source.ts';
import { echoScenarioYaml, fixtureModel } from './fixture.ts';
import { newWindow, updateModel, type DashModel } from '../../src/dashboard/state.ts';
import type { ProbeEvent } from '../../src/machine/probe.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'gomachine-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function frame(tree: React.ReactElement): string[] {
  const r = render(tree);
  const out = r.lastFrame() ?? '';
  r.unmount();
  const lines = out.split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

describe('drill-down', () => {
  const m = fixtureModel();

  it('goroutine → its P → the P\'s M → the M\'s thread → the core that thread is on; and back up: core → the thread on it → its M → the M\'s P → the goroutine it runs', () => {
    expect(drill(m, { kind: 'goroutine', pid: 200, id: 1 }, 'down')).toEqual({ kind: 'p', pid: 200, id: 0 });
    expect(drill(m, { kind: 'p', pid: 200, id: 0 }, 'down')).toEqual({ kind: 'm', pid: 200, id: 0 });
    expect(drill(m, { kind: 'm', pid: 200, id: 0 }, 'down')).toEqual({ kind: 'thread', pid: 200, id: 200 });
    expect(drill(m, { kind: 'thread', pid: 200, id: 200 }, 'down')).toEqual({ kind: 'core', pid: 200, id: 2 });
    expect(drill(m, { kind: 'core', pid: 200, id: 2 }, 'down')).toBeNull(); // its thread was not woken by an interrupt
    expect(drill(m, { kind: 'core', pid: 200, id: 2 }, 'up')).toEqual({ kind: 'thread', pid: 200, id: 201 });
    expect(drill(m, { kind: 'thread', pid: 200, id: 201 }, 'up')).toEqual({ kind: 'm', pid: 200, id: 1 });
    expect(drill(m, { kind: 'm', pid: 200, id: 1 }, 'up')).toEqual({ kind: 'p', pid: 200, id: 1 });
    expect(drill(m, { kind: 'p', pid: 200, id: 1 }, 'up')).toEqual({ kind: 'goroutine', pid: 200, id: 2 });
    expect(drill(m, { kind: 'goroutine', pid: 200, id: 2 }, 'up')).toBeNull();
  });

  it('a P\'s and an M\'s detail: what each holds and runs', () => {
    const p = frame(<DetailView model={m} target={{ kind: 'p', pid: 200, id: 1 }} width={140} height={6} />);
    expect(p.slice(0, 2)).toEqual([
      ' P1 of pid 200 — Esc back  > its M  < its goroutine',
      'now: _Prunning, held by M1 running g2, run queue 3 + runnext g9, 0 timers, schedtick 101, syscalltick 5',
    ]);
    const mm = frame(<DetailView model={m} target={{ kind: 'm', pid: 200, id: 2 }} width={140} height={6} />);
    expect(mm.slice(0, 2)).toEqual([' M2 of pid 200 — Esc back  > its thread  < its P', 'now: spinning (spinning), thread 202, no P']);
  });

  it('where the chain is broken, it stops: a parked goroutine is on no M, an idle core runs no thread, a C thread runs no goroutine', () => {
    expect(drill(m, { kind: 'goroutine', pid: 200, id: 5 }, 'down')).toBeNull();
    expect(drill(m, { kind: 'core', pid: 0, id: 3 }, 'up')).toBeNull();
    expect(drill(m, { kind: 'thread', pid: 100, id: 101 }, 'up')).toBeNull();
  });

  it('> and < walk it from a detail view; outside a detail they do nothing', () => {
    const press = (input: string, detail: typeof initialUi.detail): typeof initialUi.detail => handleKey(input, {} as Key, { ...initialUi, detail }, m)[0].detail;
    expect(press('>', { kind: 'goroutine', pid: 200, id: 1 })).toEqual({ kind: 'p', pid: 200, id: 0 });
    expect(press('<', { kind: 'thread', pid: 200, id: 201 })).toEqual({ kind: 'm', pid: 200, id: 1 });
    expect(press('>', { kind: 'goroutine', pid: 200, id: 5 })).toEqual({ kind: 'goroutine', pid: 200, id: 5 });
    expect(press('>', null)).toBeNull();
  });

  it('a core\'s detail: what it runs, how busy, interrupts, what woke its thread last, the thread\'s history on it', () => {
    const model = fixtureModel();
    model.cores[1] = { ...model.cores[1]!, tid: 102, pid: 100 };
    expect(frame(<DetailView model={model} target={{ kind: 'core', pid: 100, id: 1 }} width={100} height={12} />)).toEqual([
      ' core cpu1 — Esc back  > the interrupt that woke its thread  < its thread',
      'now: kernel, running spin[100]/102, busy 75% (user 50% kernel 25%), 251 interrupts/s',
      'utilisation ▁▃▅▆',
      'what woke thread 102 last: woken (event) after 1.00ms on futex, to cpu1 at 0.001250s',
      'TIME          STATE       WHAT',
      '0.000100s     running     on cpu1',
      '0.001250s     runnable    woken (event) after 1.00ms on futex, to cpu1',
    ]);
  });

  it('a thread\'s detail says when and how it was last woken', () => {
    const lines = frame(<DetailView model={m} target={{ kind: 'thread', pid: 100, id: 102 }} width={100} height={12} />);
    expect(lines[0]).toBe(' thread 102 of spin[100] — Esc back  > its core  < its M');
    expect(lines[2]).toBe('last woken at 0.001250s: woken (event) after 1.00ms on futex, to cpu1');
  });
});

describe('the interrupt that woke a thread, a record of its own', () => {
  const ev = (kind: string, t: number, cpu: number, pid: number, tid: number, a = 0, b = 0, s = ''): ProbeEvent => ({ kind, t, cpu, pid, tid, a, b, s });
  /** Thread 201 (on cpu2) slept on epoll_wait from 1 ms; `wake` are the events that woke it. */
  function woken(wake: ProbeEvent[]): DashModel {
    return updateModel(fixtureModel(), [ev('sched_sleep', 3e6, 2, 200, 201, 0, 0, 'epoll_wait'), ...wake], { runtimes: {} }, newWindow(), false);
  }

  it('wake-ups on a core just before a NAPI poll there were the NIC\'s receive interrupt; one with a timeout, the timer\'s; one from a thread\'s syscall, that thread\'s', () => {
    const nic = woken([ev('sched_wakeup', 6e6, 1, 200, 201, 2, 1), ev('napi_poll', 6.1e6, 1, 0, 0, 3, 0, 'eth0')]).threads[201]!.wokenBy;
    expect(nic).toEqual({ t: 6e6, cpu: 1, waitedCycles: 3e6, wchan: 'epoll_wait', by: 'nic', nic: 'eth0', frames: 3 });
    expect(woken([ev('sched_wakeup', 6e6, 0, 200, 201, 2, 2)]).threads[201]!.wokenBy!.by).toBe('timer');
    // A syscall ran on cpu1 between the wake-up and the poll: a thread woke it, not that interrupt.
    const th = woken([ev('sched_wakeup', 6e6, 1, 200, 201, 2, 1), ev('syscall', 6.05e6, 1, 100, 101, 1), ev('napi_poll', 6.1e6, 1, 0, 0, 3, 0, 'eth0')]).threads[201]!.wokenBy!;
    expect([th.by, th.waker]).toEqual(['thread', 101]); // spin's thread on cpu1
  });

  it('> from the core of a thread a NIC interrupt woke is that interrupt: which, where, what its handler did, whom it woke; < goes back to the core', () => {
    const model = woken([ev('sched_wakeup', 6e6, 1, 200, 201, 2, 1), ev('napi_poll', 6.1e6, 1, 0, 0, 3, 0, 'eth0')]);
    const irq = drill(model, { kind: 'core', pid: 200, id: 2 }, 'down');
    expect(irq).toEqual({ kind: 'interrupt', pid: 200, id: 201 });
    expect(drill(model, irq!, 'up')).toEqual({ kind: 'core', pid: 200, id: 2 });
    expect(drill(model, irq!, 'down')).toBeNull();
    expect(frame(<DetailView model={model} target={irq!} width={200} height={8} />)).toEqual([
      ' eth0 receive interrupt on cpu1 — Esc back  > —  < its core',
      'now: at 0.002000s: the NIC\'s hard IRQ, then the NET_RX softirq\'s NAPI poll took 3 frames off its rx ring (net_rx_action → ip_rcv → tcp_v4_rcv)',
      'it woke thread 201 of gosrv[200] after 1ms on epoll_wait: the data it waited for arrived',
      'TIME          STATE       WHAT',
      '0.002000s     runnable    woken (event) after 1.00ms on epoll_wait, to cpu2',
    ]);
  });

  it('in a run of the echo scenario, the server\'s threads are woken by eth0\'s receive interrupts and by timers', async () => {
    const s = await parseScenario(echoScenarioYaml('tiny-echo', 7, ['c-threads']), 'tiny-echo.yaml');
    const by = new Map<string, number>();
    let wall = 0;
    const d = new Driver({ build: () => [new Simulation(selectVariant(s, 'c-threads'))], speed: Infinity, wallMs: () => (wall += 0.01) });
    d.simulations[0]!.machine.probe.subscribe(() => undefined);
    for (let i = 0; i < 400 && d.sessions[0]!.finishedBy === null; i++) {
      const m = d.frame(33, 50).models[0]!;
      for (const th of Object.values(m.threads)) if (th.wokenBy !== undefined) by.set(`${th.wokenBy.by} ${th.wokenBy.nic ?? ''}`.trim(), 1);
    }
    expect([...by.keys()].sort()).toEqual(expect.arrayContaining(['nic eth0']));
    d.dispose();
  });
});

describe('e and w: the trace and the pcap of the run so far', async () => {
  const s = await parseScenario(echoScenarioYaml('tiny-echo', 7, ['go', 'c-epoll']), 'tiny-echo.yaml');
  const build = (): Simulation[] => ['go', 'c-epoll'].map((v) => new Simulation(selectVariant(s, v)));
  let wall = 0;
  const started = (): Driver => {
    const d = new Driver({ build, speed: 10e6, wallMs: () => (wall += 1) });
    for (let i = 0; i < 40; i++) d.frame(33, 5); // 13 ms simulated: the clients start at 1 ms
    return d;
  };

  it('writes a Chrome trace of the machine shown, up to its time, with the live run\'s trace hash', async () => {
    const d = started();
    const m = d.simulations[1]!.machine;
    expect(m.now).toBeGreaterThan(0);
    const msg = await d.exportSoFar('trace', 1, m.now, dir);
    const file = path.join(dir, `tiny-echo-c-epoll-t${(m.now / 3e9).toFixed(6)}s.trace.json`);
    expect(msg).toMatch(new RegExp(`^wrote ${file.replace(/[.]/g, '\\.')}: \\d+ trace events up to t=${(m.now / 3e9).toFixed(6)}s$`));
    const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: unknown[]; otherData: { traceHash: string } };
    expect(trace.otherData.traceHash).toBe(m.probe.traceHash());
    expect(msg).toContain(`: ${trace.traceEvents.length} trace events`);
    d.dispose();
  });

  it('writes a pcap of every frame on the wire so far (libpcap magic, Ethernet), and a past moment\'s is shorter', async () => {
    const d = started();
    const m = d.simulations[0]!.machine;
    const msg = await d.exportSoFar('pcap', 0, m.now, dir);
    const n = Number(/: (\d+) frames up to/.exec(msg)![1]);
    expect(n).toBeGreaterThan(8);
    const file = /^wrote (\S+):/.exec(msg)![1]!;
    const bytes = readFileSync(file);
    expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(bytes.readUInt32LE(20)).toBe(1);
    const early = await d.exportSoFar('pcap', 0, Math.floor(m.now / 2), dir);
    expect(Number(/: (\d+) frames up to/.exec(early)![1])).toBeLessThan(n);
    d.dispose();
  });

  it('a scenario without a network has no pcap, and says so', async () => {
    const spin = await parseScenario('name: lone\nmachine: { cores: 1 }\nprocesses: [{ program: spin, args: [1, 5] }]\nrun: { until: exit, timeLimit: 1s }\n', 'lone.yaml');
    const d = new Driver({ build: () => [new Simulation(spin)], speed: 1e6, wallMs: () => (wall += 1) });
    d.frame(33, 5);
    expect(await d.exportSoFar('pcap', 0, d.simulations[0]!.machine.now, dir)).toBe('no pcap: lone has no network (no NICs, so no frames)');
    d.dispose();
  });

  it('on the screen: e writes the trace of the variant shown and the key bar names the file', async () => {
    const d = started();
    const r = render(<App source={new LocalSource(d, false, dir)} />);
    await new Promise((res) => setTimeout(res, 50));
    r.stdin.write('v'); // the second variant first, where the two do not fit side by side
    await new Promise((res) => setTimeout(res, 50));
    r.stdin.write('e');
    for (let i = 0; i < 100 && !(r.lastFrame() ?? '').includes('trace events up to'); i++) await new Promise((res) => setTimeout(res, 50));
    const last = (r.lastFrame() ?? '').split('\n').filter((l) => l.trim() !== '').at(-1)!;
    expect(last).toMatch(/^wrote .*tiny-echo-c-epoll-t\d\.\d{6}s\.trace\.json: \d+/); // cut at the screen's width
    r.stdin.write('j'); // the next key clears it
    await new Promise((res) => setTimeout(res, 50));
    expect((r.lastFrame() ?? '').split('\n').filter((l) => l.trim() !== '').at(-1)).toMatch(/\? help {2}q quit$/);
    r.unmount();
    d.dispose();
  });
});

describe('← by event from a live frame of many events', async () => {
  const s = await parseScenario(echoScenarioYaml('tiny-echo', 7, ['go']), 'tiny-echo.yaml');
  const build = (): Simulation[] => [new Simulation(selectVariant(s, 'go'))];

  /** Events emitted before the last ones that share the cycle of the n-th (emission order: a core may run ahead of another's events). */
  const beforeLastCycle = (times: number[], n: number): number => { let k = n; while (k > 0 && times[k - 1] === times[n - 1]) k--; return k; };

  /** A driver 10 frames into the run at 10 ms/s, with the time of every event its machine emitted. */
  function live(): { d: Driver; times: number[] } {
    let wall = 0;
    const times: number[] = [];
    const d = new Driver({ build, speed: 10e6, wallMs: () => (wall += 1) });
    d.simulations[0]!.machine.probe.subscribe((ev) => times.push(ev.t));
    for (let i = 0; i < 10; i++) d.frame(33, 5); // 3 ms: the clients have just begun
    return { d, times };
  }

  it('the run replayed from the moment before, step by step, stands just before the frame\'s last event: one event back (all of that cycle\'s, when one step made several)', () => {
    const { d, times } = live();
    const earlier = d.frame(33, 5).models[0]!;
    const m = d.frame(33, 5).models[0]!;
    expect(m.events).toBe(times.length);
    expect(m.events - earlier.events).toBeGreaterThan(10); // the frame held many events
    const before = times.slice(0, beforeLastCycle(times, times.length));
    expect(times.length - before.length).toBe(1); // the last event is alone at its cycle
    expect(m.eventsBeforeLastCycle).toBe(before.length);
    d.act('pause');
    let f = d.replayTo([earlier.now], m.speed, [m.eventsBeforeLastCycle!]);
    for (let i = 0; i < 500 && d.replaying; i++) f = d.frame(33, 5);
    const back = f.models[0]!;
    // Event 238 came out of the same machine step as event 239 (a syscall's entry, then the switch it made, a
    // few cycles apart): no step boundary lies between them, so the replay goes again, to the boundary before that step.
    expect([m.events, m.eventsBeforeLastCycle, back.events]).toEqual([239, 238, 237]);
    expect(back.paused).toBe(true);
    expect(back.now).toBeGreaterThanOrEqual(earlier.now);
    d.dispose();
  });

  it('on the screen: ← at a live frame of many events shows the run just before its last event, paused, and ← again the one before', async () => {
    const { d, times } = live();
    const src = new LocalSource(d, true, dir);
    const r = render(<App source={src} />);
    await new Promise((res) => setTimeout(res, 50));
    r.stdin.write(' '); // pause
    await new Promise((res) => setTimeout(res, 100));
    const leftArrow = '\u001b[D';
    const n = times.length;
    // A backstep may replay twice (to the step boundary before a step that made several events):
    // settled means no replay running and none shown for three polls in a row, with the events gone below `above`.
    const settled = async (above: number): Promise<number> => {
      let quiet = 0;
      for (let i = 0; i < 500 && quiet < 3; i++) {
        await new Promise((res) => setTimeout(res, 20));
        const busy = d.replaying || (r.lastFrame() ?? '').includes('replaying') || d.sessions[0]!.model.events >= above;
        quiet = busy ? 0 : quiet + 1;
      }
      return d.sessions[0]!.model.events;
    };
    r.stdin.write(leftArrow);
    const first = await settled(n);
    // Just before the last event, or the step boundary before it when one step emitted it with others.
    expect(first).toBeLessThanOrEqual(beforeLastCycle(times, n));
    expect(first).toBeGreaterThanOrEqual(beforeLastCycle(times, n) - 3);
    expect(d.sessions[0]!.model.paused).toBe(true);
    r.stdin.write(leftArrow);
    const second = await settled(first);
    expect(second).toBeLessThan(first);
    expect(second).toBeGreaterThanOrEqual(first - 4);
    for (let i = 0; i < 50 && (r.lastFrame() ?? '').includes('replaying'); i++) await new Promise((res) => setTimeout(res, 20));
    expect(r.lastFrame()).toContain('paused');
    r.unmount();
    await src.close();
  });
});

describe('not done yet', () => {
  it.todo('k sends a signal to the selected process or thread (htop\'s kill): it needs a way into the kernel from outside the machine that a replay repeats at the same cycle, which the probe bus and the machine\'s controls do not give');
  it.todo('a built-in TypeScript program\'s goroutines say where they blocked as function file:line outside the lints (a compiled Go program\'s do: test/dashboard/waits.test.tsx): the runtime would read the JavaScript stack at every park');
});
