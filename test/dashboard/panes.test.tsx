// Each pane and the whole screen, rendered with known simulated state at 80, 120
// and 200 columns: the text a person reads, and that nothing is wider or taller
// than the space given.
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { compareStrip, ConsolePane, DetailView, goChain, KernelPane, MachinePane, NetworkPane, RuntimePane, StatusBar, type Selection } from '../../src/dashboard/panes.tsx';
import { Screen, initialUi, type UiState } from '../../src/dashboard/app.tsx';
import { HELP_LINES } from '../../src/dashboard/panes.tsx';
import { fixtureModel } from './fixture.ts';

function frame(tree: ReactElement): string[] {
  const r = render(tree);
  const out = r.lastFrame() ?? '';
  r.unmount();
  return out.split('\n');
}

function fits(lines: string[], width: number, height: number): void {
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const l of lines) expect([...l].length, `line too wide: "${l}"`).toBeLessThanOrEqual(width);
}

const all: Selection = { pid: null, row: 0, filter: '' };
const WIDTHS = [80, 120, 200] as const;

describe.each(WIDTHS)('panes at %i columns', (w) => {
  const m = fixtureModel();

  it('Machine: one row per core with what it runs, its mode, a sparkline, utilisation and interrupts', () => {
    const lines = frame(<MachinePane cores={m.cores} threads={m.threads} procs={m.procs} width={w} height={5} focused />);
    fits(lines, w, 5);
    expect(lines[0]).toContain('1 Machine');
    expect(lines[0]).toContain('4 cores');
    const split = w >= 100 ? [' +u95% k5%', ' +u50% k25%', ' +u100% k0%', ' +u0% k0%'] : ['', '', '', ''];
    expect(lines[1]).toMatch(new RegExp(`^cpu0 user +spin\\[100\\] .*█ +100% +250 irq/s${split[0]}$`));
    expect(lines[2]).toMatch(new RegExp(`^cpu1 kernel spin\\[100\\]/101 .* 75% +251 irq/s${split[1]}$`));
    expect(lines[3]).toMatch(new RegExp(`^cpu2 user +gosrv\\[200\\]/201 .*100% +1200 irq/s${split[2]}$`));
    expect(lines[4]).toMatch(new RegExp(`^cpu3 idle +— .* 0% +0 irq/s${split[3]}$`));
  });

  it('Machine: shows as many cores as fit and says how many there are', () => {
    const lines = frame(<MachinePane cores={m.cores} threads={m.threads} procs={m.procs} width={w} height={3} focused={false} />);
    fits(lines, w, 3);
    expect(lines[0]).toContain('2/4 cores');
  });

  it('Kernel: context switches, run queues, syscalls per second and the thread table', () => {
    const lines = frame(<KernelPane kernel={m.kernel} threads={m.threads} procs={m.procs} sel={all} width={w} height={10} focused />);
    fits(lines, w, 10);
    expect(lines[0]).toContain('all processes 5 threads');
    expect(lines[1]).toBe('ctx switches 4321 (1234/s)  runq cpu0:2 cpu1:0 cpu2:1 cpu3:0'.slice(0, w).padEnd(Math.min(w, lines[1]!.length)));
    expect(lines[2]).toContain('syscalls/s clock_gettime 12k  epoll_wait 800  futex 40');
    expect(lines[3]).toMatch(/^TID +PROCESS +STATE +CPU SYSCALL +WCHAN/);
    expect(lines[6]).toMatch(/^102 +spin +sleeping 1 +futex +futex +2/);
    expect(lines[7]).toMatch(/^200 +gosrv +sleeping 2 +epoll_wait +epoll_wait +12/);
  });

  it('Kernel: a picked process and a filter narrow the thread table', () => {
    const lines = frame(<KernelPane kernel={m.kernel} threads={m.threads} procs={m.procs} sel={{ pid: 200, row: 0, filter: 'epoll' }} width={w} height={10} focused />);
    expect(lines[0]).toContain('gosrv[200] /epoll 1 threads');
    expect(lines[2]).toContain('syscalls/s epoll_wait 800');
    expect(lines.filter((l) => /^\d+ /.test(l)).map((l) => l.split(/ +/)[0])).toEqual(['200']);
  });

  it('Runtime: Ps with current G and run queue, Ms, goroutines by state and wait reason, netpoller, GC and heap bar', () => {
    const lines = frame(<RuntimePane go={m.runtimes[200]} sel={all} now={123_456_789 * 3} clockHz={3e9} acct={undefined} width={w} height={14} focused />);
    fits(lines, w, 14);
    const text = lines.join('\n');
    expect(lines[1]).toContain('go1.22 GOMAXPROCS=4  goroutines 1000 (peak 1000)  globrunq 17');
    expect(lines[2]).toContain('P  P0:running g1 q0 │ P1:running g2 q3+1');
    expect(lines[3]).toBe('M  5 threads: 2 running, 1 spinning, 1 idle, 1 sysmon'.slice(0, w));
    expect(lines[4]).toContain('G  running 4  runnable 20  waiting 976');
    expect(lines[5]).toContain('waiting: chan receive 488 · IO wait 488');
    expect(lines[6]).toMatch(/^GC mark +heap █+░+ 48\.0MiB \/ 64\.0MiB goal  #12/);
    expect(text).toMatch(/GOID +STATUS +WAIT REASON/);
    expect(lines[8]).toMatch(/^g1 +running +M0 +main\.main/);
    expect(lines[12]).toMatch(/^g5 +waiting +IO wait +1\.5ms +main\.handler/);
    if (w >= 120) expect(lines[1]).toContain('netpoll waiters 488');
  });

  it('Runtime: says so when the picked process has no Go runtime', () => {
    const lines = frame(<RuntimePane go={undefined} sel={{ pid: 100, row: 0, filter: '' }} now={0} clockHz={3e9} acct={undefined} width={w} height={4} focused={false} />);
    fits(lines, w, 4);
    expect(lines[1]).toContain('no Go runtime in this process');
  });

  it('Network: NICs with their qdisc and retransmissions, connections, client latency and every retransmission by cause; or that there is no network', () => {
    const lines = frame(<NetworkPane net={m.net} width={w} height={5} focused={false} />);
    fits(lines, w, 5);
    expect(lines[1]).toContain('connections 64  latency p50 180µs p99 2.4ms');
    expect(lines[2]).toMatch(/^eth0 +rx 15k pkt 3\.0MiB  tx 14k pkt 5\.0MiB  drops 2/);
    expect(lines[3]).toContain('retransmits: machine 3 (timeout 2 fast 1 SYN 0)'.slice(0, w - 2));
    if (w >= 120) expect(lines[2]).toContain('qdisc 3 pkt, 1 dropped  retrans 3');
    if (w >= 120) expect(lines[3]).toContain('clients 5 (timeout 0 fast 4 SYN 1)');
    const none = frame(<NetworkPane net={null} width={w} height={3} focused={false} />);
    expect(none[1]).toBe('no network in this scenario'.padEnd(w).slice(0, none[1]!.length));
  });

  it('Network: a NIC whose link has wire faults shows what they did, under its own line', () => {
    const net = { ...m.net!, nics: [{ ...m.net!.nics[0]!, faults: { lost: 12, corrupted: 3, duplicated: 7, reordered: 5, delayed: 0, downDrops: 40 } }] };
    const lines = frame(<NetworkPane net={net} width={w} height={6} focused={false} />);
    fits(lines, w, 6);
    expect(lines[3]).toContain('wire faults: lost 12  corrupted 3  down 40  duplicated 7  reordered 5  jittered 0 frames'.slice(0, w - 10));
  });

  it('Console: every process tagged, in time order, with the kernel log; or one process', () => {
    const lines = frame(<ConsolePane procs={m.procs} kernel={m.kernel} sel={all} width={w} height={6} focused={false} />);
    fits(lines, w, 6);
    expect(lines.slice(1, 5).map((l) => l.trimEnd())).toEqual([
      '[kernel] [    0.000100] spin[100]: booted',
      '[spin 100] spinner 0: cpu 250.0 ms of 1000 ms',
      '[gosrv 200] listening on :8080',
      '[gosrv 200] warning: slow client',
    ]);
    const one = frame(<ConsolePane procs={m.procs} kernel={m.kernel} sel={{ pid: 200, row: 0, filter: 'slow' }} width={w} height={6} focused />);
    expect(one[0]).toContain('gosrv[200]');
    expect(one.slice(1).map((l) => l.trimEnd()).filter((l) => l !== '')).toEqual(['warning: slow client']);
  });

  it('status bar: running or paused, simulated time and speed first, then the scenario', () => {
    const run = frame(<StatusBar title="demo-scenario" now={m.now} clockHz={m.clockHz} paused={false} finished={null} speed={10e6} actualSpeed={9.5e6} width={w} />);
    expect(run[0]).toContain(' ▶ running │ t=0.123457s │ speed 10ms/s (9.5ms/s) │ demo-scenario');
    const paused = frame(<StatusBar title="demo-scenario" now={m.now} clockHz={m.clockHz} paused finished={null} speed={1e3} actualSpeed={0} width={w} />);
    expect(paused[0]).toContain(' ❚❚ paused │ t=0.123457s │ speed 1µs/s │ demo-scenario');
    fits(paused, w, 1);
    const done = frame(<StatusBar title="demo-scenario" now={m.now} clockHz={m.clockHz} paused={false} finished="clients done (10000 requests)" speed={10e6} actualSpeed={0} width={w} />);
    expect(done[0]).toContain(' ■ stopped: clients done (10000 requests) │ t=0.123457s │ speed 10ms/s');
  });

  it('detail view: a thread\'s state changes with times, where it blocked and how long it waited', () => {
    const lines = frame(<DetailView model={m} target={{ kind: 'thread', pid: 100, id: 102 }} width={w} height={10} />);
    fits(lines, w, 10);
    expect(lines[0]).toContain('thread 102 of spin[100]');
    expect(lines[1]).toContain('now: sleeping on futex in futex, cpu1, 2 switches');
    expect(lines[2]).toBe('last woken at 0.001250s: woken (event) after 1.00ms on futex, to cpu1'.slice(0, w - 1) + (w < 71 ? '…' : ''));
    expect(lines[3]).toMatch(/^0\.000100s [░▒]*▒ now  █ run ▒ ready ░ wait/); // its state history as a bar, up to now (runnable since 1.25 ms)
    expect(lines.slice(5, 8).map((l) => l.trimEnd())).toEqual([
      '0.000100s     running     on cpu1',
      '0.000250s     sleeping    blocked on futex',
      '0.001250s     runnable    woken (event) after 1.00ms on futex, to cpu1',
    ]);
    const g = frame(<DetailView model={m} target={{ kind: 'goroutine', pid: 200, id: 5 }} width={w} height={8} />);
    expect(g[0]).toContain('goroutine 5 of pid 200');
    expect(g[1]).toContain('now: _Gwaiting (IO wait), started at main.handler');
    expect(g[2]).toContain('runs on: g5 (waiting: IO wait) → not on an M');
    expect(g[3]).toMatch(/^0\.000040s [█░]*░ now/);
    expect(g[6]).toContain('_Gwaiting   chan receive (P1 thread 201)');
  });

  it('comparison strip: each variant\'s value per metric, the better one marked', () => {
    const a = fixtureModel(10); const b = { ...fixtureModel(10), kernel: { ...a.kernel, contextSwitches: 99 }, net: { ...a.net!, latency: { p50Ns: 1, p99Ns: 900_000, samples: 10_000 } } };
    expect(compareStrip([a, b])).toBe(' req/s 41k 81k★ │ p99 2.4ms 900µs★ │ syscalls/req 21.5 10.7★ │ threads 5 5 │ RSS 9.0MiB 9.0MiB │ ctx sw 4321 99★');
    expect(compareStrip([a])).toBe('');
  });

  it('drill-down: goroutine → P → M → kernel thread → core', () => {
    expect(goChain(m, 200, 1)).toBe('g1 → P0 → M0 → thread 200 → sleeping on epoll_wait (last on cpu2)');
    expect(goChain(m, 200, 2)).toBe('g2 → P1 → M1 → thread 201 → cpu2');
    expect(goChain(m, 200, 5)).toBe('g5 (waiting: IO wait) → not on an M');
  });
});

describe.each([[80, 24], [120, 40], [200, 50]] as const)('the whole screen at %i×%i', (columns, rows) => {
  const m = fixtureModel(100_000);
  const screen = (ui: UiState = initialUi, models = [m]): string[] => frame(<Screen models={models} ui={ui} columns={columns} rows={rows} />);

  it('fits the terminal (one line short, so it never scrolls) and shows every part it has room for', () => {
    const lines = screen();
    fits(lines, columns, rows - 1);
    const text = lines.join('\n');
    expect(lines[0]).toContain(' ▶ running │ t=0.123457s │ speed 10ms/s');
    expect(text).toContain('cpu0 user');
    expect(text).toContain('cpu3 idle');
    expect(lines[lines.length - 1]).toContain('space pause');
    expect(lines[lines.length - 1]).toMatch(/\? help {2}q quit$/);
    if (columns >= 120) {
      for (const p of ['1 Machine', '2 Kernel', '3 Runtime', '4 Network', '5 Console']) expect(text).toContain(p);
      expect(text).toContain('goroutines 100k');
      expect(text).toContain('eth0');
    } else {
      expect(text).toContain('[1 Machine] 2 Ker  3 Run  4 Net  5 Con  6 Gor  7 Res  8 His');
      expect(text).toContain('ctx switches 4321');
    }
  });

  it('shows the focused pane, the help overlay and the filter prompt', () => {
    const rt = screen({ ...initialUi, focus: 2 }).join('\n');
    expect(rt).toContain('GOMAXPROCS=4');
    const help = screen({ ...initialUi, help: true });
    fits(help, columns, rows - 1);
    expect(help.join('\n')).toContain('run one event / one timer tick / one millisecond');
    expect(help.join('\n')).toContain('q / Ctrl-C  quit'); // the whole help fits from 80×24 up
    const editing = screen({ ...initialUi, editing: 'fut' });
    expect(editing[editing.length - 1]).toContain('filter: /fut█');
  });

  it('variants: side by side as far as they fit (about 56 columns each), the others behind a switcher that v cycles', () => {
    const models = ['a', 'b', 'c'].map((v) => ({ ...fixtureModel(10), title: `demo/${v}` }));
    const lines = screen(initialUi, models);
    fits(lines, columns, rows - 1);
    expect(lines[0]).toContain('demo (3 variants)');
    const side = columns >= 171 ? 3 : columns >= 114 ? 2 : 1;
    expect(lines.filter((l) => (l.match(/cpu0 user/g) ?? []).length === side).length).toBe(1);
    if (side < 3) {
      expect(lines.join('\n')).toContain(side === 1 ? 'variants: [1 a] 2 b  3 c   v next' : 'variants: [1 a][2 b] 3 c   v next');
      const next = screen({ ...initialUi, variant: 2 }, models).join('\n');
      expect(next).toContain('3 demo/c');
    } else expect(lines.join('\n')).not.toContain('v next');
    for (const v of ['1 demo/a', ...(side >= 2 ? ['2 demo/b'] : []), ...(side === 3 ? ['3 demo/c'] : [])]) expect(lines.join('\n')).toContain(v);
  });

  it('the end-of-run summary replaces the panes (s toggles), with its title and lines', () => {
    const done = { ...m, finished: 'clients done (640 requests)' };
    const summary = { title: 'comparison of a, b', lines: ['metric  a  b', '', 'throughput (req/s)  100  200'] };
    const lines = frame(<Screen models={[done]} ui={initialUi} columns={columns} rows={rows} extras={{ summary }} />);
    fits(lines, columns, rows - 1);
    expect(lines[0]).toContain('■ stopped: clients done (640 requests) │ t=0.123457s');
    expect(lines[1]).toContain('end of run — comparison of a, b');
    expect(lines[4]).toContain('throughput (req/s)  100  200');
    const panes = frame(<Screen models={[done]} ui={{ ...initialUi, summary: false }} columns={columns} rows={rows} extras={{ summary }} />).join('\n');
    expect(panes).toContain('cpu0 user');
  });
});

describe('a very small terminal', () => {
  it.each([[40, 8], [30, 5], [80, 4]] as const)('at %i×%i everything still fits', (columns, rows) => {
    const lines = frame(<Screen models={[fixtureModel()]} ui={initialUi} columns={columns} rows={rows} />);
    fits(lines, columns, rows - 1);
    expect(lines[0]).toContain('t=0.123457s'); // the state gives way first, the time stays
  });

  it('the help overlay scrolls when it does not fit', () => {
    const lines = frame(<Screen models={[fixtureModel()]} ui={{ ...initialUi, help: true }} columns={80} rows={12} />);
    fits(lines, 80, 11);
    expect(lines.join('\n')).toMatch(/\d+ more lines: j\/k to scroll/);
    const end = frame(<Screen models={[fixtureModel()]} ui={{ ...initialUi, help: true, helpScroll: HELP_LINES.length }} columns={80} rows={12} />);
    expect(end.join('\n')).toContain('q / Ctrl-C  quit');
  });
});
