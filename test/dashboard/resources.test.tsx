// The Resources and Histograms panes: what each process holds (memory, threads,
// fds by kind, a Go process's heap and stacks) and the run's distributions as bar
// histograms with their units — rendered from known state, then from a real run
// of a small echo scenario (the kernel's fd kinds, the clients' latency buckets,
// the runtime's scheduler latency folded from its events).
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { HistogramsPane, ResourcesPane, shareRows, type Selection } from '../../src/dashboard/panes.tsx';
import { Screen, initialUi, tabLine } from '../../src/dashboard/app.tsx';
import { histLines, hbar, log2Bucket } from '../../src/dashboard/hist.ts';
import { parseScenario, selectVariant } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import { Driver } from '../../src/dashboard/driver.ts';
import { echoScenarioYaml, fixtureModel } from './fixture.ts';
import { objectState } from '../../src/dashboard/objects.ts';
import { fmtNs } from '../../src/dashboard/format.ts';
import type { DashModel } from '../../src/dashboard/state.ts';
import { handleKey, type UiState } from '../../src/dashboard/app.tsx';
import path from 'node:path';
import type { KernelSnapshot } from '../../src/kernel/kernel.ts';
import type { RuntimeObjects, RuntimeSnapshot } from '../../src/runtime/snapshot.ts';

function frame(tree: ReactElement): string[] {
  const r = render(tree);
  const out = r.lastFrame() ?? '';
  r.unmount();
  const lines = out.split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop(); // the pane's empty rows
  return lines;
}

const all: Selection = { pid: null, row: 0, filter: '' };
const HZ = 3e9;

/** The fixture with what the kernel and the runtimes publish about resources and distributions. */
function model(): DashModel {
  const m = fixtureModel();
  m.procs[100]!.res = { rssPeakBytes: 2 << 20, vszBytes: 6 << 20, threads: 3, threadsPeak: 4, fds: 3, fdKinds: { console: 3 } };
  m.procs[200]!.res = { rssPeakBytes: 9 << 20, vszBytes: 1 << 30, threads: 2, threadsPeak: 5, fds: 69, fdKinds: { socket: 65, epoll: 1, console: 3 } };
  m.procs[200]!.syscallTime = [{ name: 'epoll_wait', calls: 8000, cycles: 3e6 }, { name: 'write', calls: 4000, cycles: 1.5e6 }];
  m.procs[100]!.syscallTime = [{ name: 'futex', calls: 400, cycles: 0.75e6 }];
  m.runtimes[200]!.snap = { ...m.runtimes[200]!.snap, gc: { ...m.runtimes[200]!.snap.gc, heapSysBytes: 80 << 20 }, stacks: { growths: 3, shrinks: 0, bytesInUse: 2 << 20, maxBytes: 8192, bytesCopied: 0 } };
  const lat: number[] = []; lat[17] = 100; lat[18] = 50; lat[21] = 4; // 131 µs – 262 µs, 262 µs – 524 µs, 2.1 ms – 4.2 ms
  m.net = { ...m.net!, latency: { ...m.net!.latency!, samples: 154, histNs: lat } };
  const sched: number[] = []; sched[10] = 8; sched[12] = 2;
  m.hists = { schedNs: sched, stwNs: [], stateCycles: { busy: 3e6, scheduled: 1e6, idle: 6e6 } };
  return m;
}

describe('histogram helpers', () => {
  it('log2 buckets: b holds [2^b, 2^(b+1)) ns', () => {
    expect([1, 2, 3, 4, 1023, 1024, 131_072, 262_143].map(log2Bucket)).toEqual([0, 1, 1, 2, 9, 10, 17, 17]);
  });

  it('a bar in eighths of a column, padded to its width, a sliver for anything above zero', () => {
    expect([hbar(1, 4), hbar(0.5, 4), hbar(0.3, 4), hbar(0.001, 4), hbar(0, 4)]).toEqual(['████', '██  ', '█▎  ', '▏   ', '    ']);
  });

  it('one line per bucket from the first non-empty to the last: the range with its unit, a bar, the count with its unit', () => {
    const h: number[] = []; h[10] = 8; h[12] = 2;
    expect(histLines(h, 5, 40, 'runs')).toEqual([
      '    1µs–2µs │████████████████████ 8 runs',
      '  2µs–4.1µs │                     0 runs',
      '4.1µs–8.2µs │█████                2 runs',
    ]);
  });

  it('merges buckets in pairs (fours, ...) when there are more than the rows given', () => {
    const h: number[] = []; h[10] = 8; h[11] = 1; h[12] = 2; h[13] = 3;
    expect(histLines(h, 2, 40, 'runs')).toEqual([
      '   1µs–4.1µs │███████████████████ 9 runs',
      '4.1µs–16.4µs │██████████▌         5 runs',
    ]);
  });

  it('shares rows among sections as evenly as they can use them', () => {
    expect(shareRows([10, 2, 0, 3], 9)).toEqual([4, 2, 0, 3]);
    expect(shareRows([10, 10], 9)).toEqual([5, 4]);
    expect(shareRows([1, 1], 9)).toEqual([1, 1]);
  });
});

describe('Resources and Histograms panes', () => {
  it('Resources: the machine\'s sums, then per process RSS, its peak, VSZ, threads, fds and sockets, the fds by kind, a Go process\'s heap and stacks', () => {
    const m = model();
    const lines = frame(<ResourcesPane procs={m.procs} runtimes={m.runtimes} os="linux" net={m.net} sel={all} width={80} height={12} focused />);
    expect(lines.map((l) => l.trimEnd())).toEqual([
      ' 7 Resources                                                      all processes',
      'machine: RSS 9.0MiB (2 procs) · 5 threads · 72 fds (65 sockets) · 64 TCP conns',
      'PID    PROCESS      RSS      RSS PEAK VSZ      THREADS     FDS     SOCKETS',
      '100    spin         1.0MiB   2.0MiB   6.0MiB   3 (peak 4)  3       0',
      '       fds: console 3',
      '200    gosrv        8.0MiB   9.0MiB   1.0GiB   2 (peak 5)  69      65',
      '       fds: socket 65 · console 3 · epoll 1',
      '       Go heap 48.0MiB live, 80.0MiB sys · stacks 2.0MiB · 1000 goroutines',
    ]);
  });

  it('Resources: a picked process alone; on Windows the table counts handles', () => {
    const m = model();
    const lines = frame(<ResourcesPane procs={m.procs} runtimes={m.runtimes} os="windows" net={null} sel={{ ...all, pid: 100 }} width={80} height={12} focused />);
    expect(lines.map((l) => l.trimEnd())).toEqual([
      ' 7 Resources                                                            pid 100',
      'machine: RSS 9.0MiB (2 procs) · 5 threads · 72 handles (65 sockets)',
      'PID    PROCESS      RSS      RSS PEAK VSZ      THREADS     HANDLES SOCKETS',
      '100    spin         1.0MiB   2.0MiB   6.0MiB   3 (peak 4)  3       0',
      '       handles: console 3',
    ]);
  });

  it('Histograms: request latency, scheduler latency, STW pauses, goroutine time by state and syscall time by name, with units', () => {
    const m = model();
    const lines = frame(<HistogramsPane net={m.net} hists={m.hists} procs={m.procs} sel={all} clockHz={HZ} width={80} height={24} focused />);
    expect(lines.map((l) => l.trimEnd())).toEqual([
      ' 8 Histograms                                              power-of-two buckets',
      'request latency, as the load clients measured it (154 requests)',
      '131.1µs–262.1µs │███████████████████████████████████████████████████████ 100 req',
      '262.1µs–524.3µs │███████████████████████████▌                             50 req',
      '    524.3µs–1ms │                                                          0 req',
      '      1ms–2.1ms │                                                          0 req',
      '    2.1ms–4.2ms │██▎                                                       4 req',
      'scheduler latency: runnable → running (10 goroutine switch-ins)',
      '    1µs–2µs │████████████████████████████████████████████████████████████ 8 runs',
      '  2µs–4.1µs │                                                             0 runs',
      '4.1µs–8.2µs │███████████████                                              2 runs',
      'stop-the-world pauses (0): none yet',
      'goroutine time by state, all goroutines (3.3ms in all)',
      ' running │████████████████▌                                            1ms  30%',
      'runnable │█████▌                                                   333.3µs  10%',
      ' waiting │█████████████████████████████████                            2ms  60%',
      'time in syscalls by name, entry to return (all processes)',
      'epoll_wait │████████████████████████████████████████████████   1ms in 8000 calls',
      '     write │████████████████████████                         500µs in 4000 calls',
      '     futex │████████████                                      250µs in 400 calls',
    ]);
  });

  it('Histograms: in few rows the buckets merge and every section keeps its title', () => {
    const m = model();
    const lines = frame(<HistogramsPane net={m.net} hists={m.hists} procs={m.procs} sel={{ ...all, pid: 200 }} clockHz={HZ} width={80} height={11} focused />);
    expect(lines.map((l) => l.trimEnd())).toEqual([
      ' 8 Histograms                                              power-of-two buckets',
      'request latency, as the load clients measured it (154 requests)',
      '65.5µs–1ms │████████████████████████████████████████████████████████████ 150 req',
      '1ms–16.8ms │█▋                                                             4 req',
      'scheduler latency: runnable → running (10 goroutine switch-ins)',
      ' 256ns–4.1µs │███████████████████████████████████████████████████████████ 8 runs',
      '4.1µs–65.5µs │██████████████▊                                             2 runs',
      'stop-the-world pauses (0): none yet',
      'goroutine time by state, all goroutines (3.3ms in all)',
      ' running │████████████████▌                                            1ms  30%',
      'time in syscalls by name, entry to return (pid 200)',
    ]);
  });

  it.each([[80, 24], [120, 40], [200, 50]] as const)('key 7 and 8 show them full width on the screen at %i×%i', (columns, rows) => {
    const m = model();
    for (const [focus, head] of [[6, '7 Resources'], [7, '8 Histograms']] as const) {
      const lines = frame(<Screen models={[m]} ui={{ ...initialUi, focus }} columns={columns} rows={rows} />);
      expect(lines.length).toBeLessThanOrEqual(rows - 1);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(columns);
      expect(lines.join('\n')).toContain(head);
      expect(lines.join('\n')).toContain(tabLine(focus, columns).trimEnd());
    }
    expect(tabLine(6, 80)).toBe(' 1 Mac  2 Ker  3 Run  4 Net  5 Con  6 Gor [7 Resources] 8 His ');
    expect(tabLine(7, 120)).toBe(' 1 Machine  2 Kernel  3 Runtime  4 Network  5 Console  6 Goroutines  7 Resources [8 Histograms]');
  });
});

describe('what the panes are made of, from a run', () => {
  it('the kernel counts fds by kind, the clients\' latency buckets hold every reply, the runtime\'s switch-ins fill the scheduler latency', async () => {
    const s = await parseScenario(echoScenarioYaml('tiny-echo', 7, ['go']), 'tiny-echo.yaml');
    let wall = 0;
    const d = new Driver({ build: () => [new Simulation(selectVariant(s, 'go'))], speed: Infinity, wallMs: () => (wall += 0.01) });
    let f = d.frame(33, 50);
    for (let i = 0; i < 2000 && f.models[0]!.finished === null; i++) f = d.frame(33, 50);
    const m = f.models[0]!;
    expect(m.finished).toBe('clients done');
    const p = Object.values(m.procs)[0]!;
    expect(p.name).toBe('go-echo');
    // stdin/out/err, the listener and the 8 clients' connections, the netpoller's epoll and its eventfd (netpollBreak).
    expect(p.res!.fdKinds).toEqual({ console: 3, socket: 9, epoll: 1, eventfd: 1 });
    expect(p.res!.fds).toBe(14);
    expect(p.res!.threads).toBe(3);
    expect(p.res!.rssPeakBytes).toBeGreaterThanOrEqual(p.rssBytes);
    const lat = m.net!.latency!;
    expect(lat.histNs!.reduce((a, b) => a + b, 0)).toBe(lat.samples);
    expect(lat.samples).toBe(16); // 8 connections × 2 requests
    const h = m.hists!;
    const switchIns = h.schedNs.reduce((a, b) => a + b, 0);
    expect(switchIns).toBeGreaterThan(16);
    expect(h.stateCycles.busy).toBeGreaterThan(0);
    expect(p.syscallTime!.map((x) => x.name)).toContain('epoll_wait');
    d.dispose();
  });
});

/** objects.go run for 27 ms (1 GHz): every kind of object has a goroutine parked on it (the program's comments say which). */
async function objectsRun(): Promise<{ sim: Simulation; pid: number }> {
  const s = await parseScenario('processes:\n  - program: ./programs/objects.go\nrun: { timeLimit: 6s }\n', path.join(import.meta.dirname, 'objects.yaml'));
  const sim = new Simulation(s);
  sim.advance(27e6); // cycles
  const pid = sim.machine.probe.read<KernelSnapshot>('kernel')!.procs.find((p) => p.name === 'objects')!.pid;
  return { sim, pid };
}
const objectsOnce = objectsRun();
/** When main locked the mutex in objects.go (runtime clock, ns): pinned by the run. */
const LOCKED_AT = 62_326;

describe('Resources: the Go runtime\'s objects', () => {
  it('the runtime lists each object a goroutine waits on, with its waiters, and every armed timer and poll descriptor, when asked', async () => {
    const { sim, pid } = await objectsOnce;
    const ro = sim.machine.probe.read<RuntimeObjects>(`runtime:${pid}`, 'objects')!;
    // goroutine 1 is main (sleeping); 6–15 are the program's in the order of its go statements.
    expect(ro.objects).toEqual([
      { kind: 'chan', id: 2, len: 0, cap: 0, closed: false, recv: [7, 6], send: [], timer: false },
      { kind: 'chan', id: 3, len: 0, cap: 0, closed: false, recv: [], send: [8], timer: false },
      { kind: 'chan', id: 4, len: 0, cap: 0, closed: false, recv: [14], send: [], timer: true },
      { kind: 'mutex', id: 1, of: null, locked: true, starving: false, nwait: 1, holder: -1, waiters: [9], lockedAt: -1 },
      { kind: 'rwmutex', id: 3, readers: 1, writer: true, writerWaiting: [10], readerWaiting: [11] },
      { kind: 'waitgroup', id: 5, counter: 2, waiters: [12] },
      { kind: 'cond', id: 1, tickets: 1, notified: 0, waiters: [13] },
      { kind: 'timer', id: 1, when: 1_000_067_163, period: 0, p: 0, does: 'chan', chan: 4, waiters: [14] },
      { kind: 'timer', id: 3, when: 5_000_088_253, period: 0, p: 0, does: 'sleep', chan: null, waiters: [1] },
      { kind: 'netpoll', id: 0, fd: 5, reader: 15, writer: -1, readReady: false, writeReady: false, rd: 0, wd: 0, closing: false },
    ]);
    // The runtime's own goroutines wait on nothing the view lists.
    expect(ro.unlisted).toEqual({ 'force gc (idle)': 1, 'GC sweep wait': 1, 'GC scavenge wait': 1, 'finalizer wait': 1 });
    // The snapshot itself does not carry them: they are built only for an observer that asks.
    expect(sim.machine.probe.read<RuntimeSnapshot>(`runtime:${pid}`)!.objects).toBeUndefined();
  });

  it('the pane lists them sorted by waiters (o: by kind, by id; i: invert), the timers\' time to go with its unit', async () => {
    const { sim, pid } = await objectsOnce;
    const ro = sim.machine.probe.read<RuntimeObjects>(`runtime:${pid}`, 'objects')!;
    const m = model();
    m.runtimes[200]!.snap = { ...m.runtimes[200]!.snap, objects: ro };
    const lines = frame(<ResourcesPane procs={m.procs} runtimes={m.runtimes} os="linux" net={null} sel={{ ...all, pid: 200 }} width={110} height={20} focused objSort="waiters" desc now={sim.machine.now} clockHz={sim.machine.config.clockHz} />);
    expect(lines.map((l) => l.trimEnd()).slice(6)).toEqual([
      'Go objects of pid 200: 10 waited on or armed · sorted by waiters ▼ (o, i) · Enter: a waiting goroutine',
      'KIND      ID      STATE                                       WAITING',
      'chan      #2      unbuffered                                  recv g7 g6',
      'rwmutex   #3      1 reader, writer in                         writer g10 · readers g11',
      'chan      #3      unbuffered                                  send g8',
      'chan      #4      timer\'s, unbuffered                         recv g14',
      'mutex     #1      locked by ?                                 g9',
      'waitgroup #5      counter 2                                   g12',
      'cond      #1      1 waits, 0 notified                         g13',
      'timer     #1      in 973.1ms: send on chan #4 (P0)            g14',
      'timer     #3      in 4.97s: sleep (P0)                        g1',
      'netpoll   fd 5    idle                                        read g15',
      'waiting on no object listed: finalizer wait 1 · force gc (idle) 1 · GC scavenge wait 1 · GC sweep wait 1',
    ]);
    const byId = frame(<ResourcesPane procs={m.procs} runtimes={m.runtimes} os="linux" net={null} sel={{ ...all, pid: 200 }} width={110} height={20} focused objSort="id" desc={false} now={sim.machine.now} clockHz={sim.machine.config.clockHz} />);
    expect(byId.slice(8, 11).map((l) => l.slice(0, 18).trimEnd())).toEqual(['netpoll   fd 5', 'mutex     #1', 'cond      #1']);
  });

  it('o sorts, j/k move over the objects, Enter opens the first goroutine waiting on the selected one', async () => {
    const { sim, pid } = await objectsOnce;
    const ro = sim.machine.probe.read<RuntimeObjects>(`runtime:${pid}`, 'objects')!;
    const m = model();
    m.runtimes[200]!.snap = { ...m.runtimes[200]!.snap, objects: ro };
    let ui: UiState = { ...initialUi, focus: 6, summary: false, sel: { ...all, pid: 200 } };
    [ui] = handleKey('j', {}, ui, m);
    [ui] = handleKey('', { return: true }, ui, m);
    expect(ui.detail).toEqual({ kind: 'goroutine', pid: 200, id: 10 }); // the RWMutex's waiting writer
    ui = { ...ui, detail: null };
    [ui] = handleKey('G', {}, ui, m);
    expect(ui.sel.row).toBe(9);
    [ui] = handleKey('', { return: true }, ui, m);
    expect(ui.detail).toEqual({ kind: 'goroutine', pid: 200, id: 15 }); // the listener's Accept, parked on fd 5
    ui = { ...ui, detail: null };
    [ui] = handleKey('o', {}, ui, m);
    expect([ui.objSort, ui.sort, ui.sel.row]).toEqual(['kind', initialUi.sort, 0]);
    [ui] = handleKey('o', {}, ui, m); [ui] = handleKey('o', {}, ui, m);
    expect(ui.objSort).toBe('waiters');
  });

  it('the driver asks for them only while the Resources pane is on screen', async () => {
    const s = await parseScenario('processes:\n  - program: ./programs/objects.go\nrun: { timeLimit: 6s }\n', path.join(import.meta.dirname, 'objects.yaml'));
    let wall = 0;
    const d = new Driver({ build: () => [new Simulation(s)], speed: 1e6, wallMs: () => (wall += 1) });
    const goOf = (f: ReturnType<Driver['frame']>) => Object.values(f.models[0]!.runtimes)[0]!.snap;
    let f = d.frame(33, 50);
    for (let i = 0; i < 20 && Object.keys(f.models[0]!.runtimes).length === 0; i++) f = d.frame(33, 50);
    expect(goOf(f).objects).toBeUndefined();
    d.query = { pid: null, sort: 'busy', desc: true, filter: '', limit: 500, objects: true };
    f = d.frame(33, 50);
    expect(goOf(f).objects!.objects.length).toBeGreaterThan(0);
    expect(f.table).toBeNull();
    d.query = null;
    f = d.frame(33, 50);
    expect(goOf(f).objects).toBeUndefined();
    d.dispose();
  });

  it("a mutex's holder and time held, while the lints watch — read without an instruction, so the watched run is the unwatched one", async () => {
    const s = await parseScenario('processes:\n  - program: ./programs/objects.go\nrun: { timeLimit: 6s }\n', path.join(import.meta.dirname, 'objects.yaml'));
    const watched = new Simulation(s, { lint: {} });
    const plain = new Simulation(s);
    watched.advance(27e6); plain.advance(27e6);
    expect(watched.machine.probe.traceHash()).toBe(plain.machine.probe.traceHash());
    const pid = watched.machine.probe.read<KernelSnapshot>('kernel')!.procs.find((p) => p.name === 'objects')!.pid;
    const ro = watched.machine.probe.read<RuntimeObjects>(`runtime:${pid}`, 'objects')!;
    const mu = ro.objects.find((o): o is Extract<typeof o, { kind: 'mutex' }> => o.kind === 'mutex' && o.of === null)!;
    // main (goroutine 1) locked it 62.326 µs into the run, after its third go statement.
    expect(mu).toEqual({ kind: 'mutex', id: 1, of: null, locked: true, starving: false, nwait: 1, holder: 1, waiters: [9], lockedAt: LOCKED_AT });
    const nowNs = Math.floor(watched.machine.now / watched.machine.cyclesPerNs);
    expect(objectState(mu, nowNs)).toBe(`locked by g1 for ${fmtNs(nowNs - LOCKED_AT)}`);
    expect(objectState({ ...mu, lockedAt: -1, holder: -1 }, nowNs)).toBe('locked by ?');
  });
});
