// A dashboard model with known simulated state: a C-style process (spin, pid 100)
// and a Go-style one (gosrv, pid 200) on 4 cores, with a network.
import { emptyModel, type DashModel, type ThreadView } from '../../src/dashboard/state.ts';
import type { GSnapshot, RuntimeSnapshot } from '../../src/runtime/snapshot.ts';

const HZ = 3e9;
const us = (x: number): number => x * HZ / 1e6;

function th(tid: number, pid: number, state: string, cpu: number, wchan = '', syscall = '', switches = 1): ThreadView {
  return { tid, pid, state, cpu, wchan, syscall, switches, since: 0, history: [] };
}

export function runtimeSnapshot(pid: number, goroutines: number, listed = 64): RuntimeSnapshot {
  const gs: GSnapshot[] = [];
  for (let i = 1; i <= Math.min(goroutines, listed); i++) {
    gs.push(i <= 4
      ? { goid: i, status: '_Grunning', waitReason: '', m: i - 1, startFn: i === 1 ? 'main.main' : 'main.handler', waitSinceNs: -1 }
      : { goid: i, status: '_Gwaiting', waitReason: i % 2 === 0 ? 'chan receive' : 'IO wait', m: -1, startFn: 'main.handler', waitSinceNs: 123_456_789 - 1_500_000 }); // blocked 1.5 ms before the fixture's now
  }
  return {
    pid, goVersion: 'go1.22', gomaxprocs: 4,
    ps: [0, 1, 2, 3].map((id) => ({ id, status: '_Prunning' as const, m: id, curg: id + 1, runq: id * 3, runnext: id === 1 ? 9 : 0, timers: 0, schedtick: 100 + id, syscalltick: 5 })),
    ms: [
      { id: 0, tid: 200, p: 0, curg: 1, state: 'running', spinning: false },
      { id: 1, tid: 201, p: 1, curg: 2, state: 'running', spinning: false },
      { id: 2, tid: 202, p: -1, curg: 0, state: 'spinning', spinning: true },
      { id: 3, tid: 203, p: -1, curg: 0, state: 'idle', spinning: false },
      { id: 4, tid: 204, p: -1, curg: 0, state: 'sysmon', spinning: false },
    ],
    globrunq: 17,
    goroutines: { live: goroutines, byStatus: { _Grunning: 4, _Grunnable: 20, _Gwaiting: goroutines - 24 }, byWaitReason: { 'chan receive': Math.floor((goroutines - 24) / 2), 'IO wait': Math.ceil((goroutines - 24) / 2) } },
    gs,
    netpollWaiters: Math.ceil((goroutines - 24) / 2),
    gc: { phase: 'mark', heapLiveBytes: 48 << 20, heapGoalBytes: 64 << 20, cycles: 12 },
    stats: { goroutinesCreated: goroutines + 10, goroutinesPeak: goroutines, msCreated: 5, msPeak: 5, preemptCooperative: 3, preemptAsync: 1, handoffs: 2, steals: 9, netpollParks: 40 },
  };
}

export function fixtureModel(goroutines = 1000): DashModel {
  const m = emptyModel('demo-scenario', HZ, 4);
  m.now = us(123_456.789);
  m.speed = 10e6; m.actualSpeed = 9.5e6;
  m.cores = [
    { id: 0, pid: 100, tid: 100, mode: 'user', util: [0.2, 0.5, 1, 1], userPct: 95, kernelPct: 5, irqPerSec: 250 },
    { id: 1, pid: 100, tid: 101, mode: 'kernel', util: [0.1, 0.4, 0.6, 0.75], userPct: 50, kernelPct: 25, irqPerSec: 251 },
    { id: 2, pid: 200, tid: 201, mode: 'user', util: [1, 1, 1, 1], userPct: 100, kernelPct: 0, irqPerSec: 1200 },
    { id: 3, pid: 0, tid: 0, mode: 'idle', util: [0, 0, 0, 0], userPct: 0, kernelPct: 0, irqPerSec: 0 },
  ];
  m.threads = {
    100: th(100, 100, 'running', 0, '', '', 7),
    101: th(101, 100, 'running', 1, '', 'write', 3),
    102: th(102, 100, 'sleeping', 1, 'futex', 'futex', 2),
    200: th(200, 200, 'sleeping', 2, 'epoll_wait', 'epoll_wait', 12),
    201: th(201, 200, 'running', 2, '', '', 30),
  };
  m.threads[102]!.history = [
    { t: us(100), state: 'running', detail: 'on cpu1' },
    { t: us(250), state: 'sleeping', detail: 'blocked on futex' },
    { t: us(1250), state: 'runnable', detail: 'woken (event) after 1.00ms on futex, to cpu1' },
  ];
  m.procs = {
    100: { pid: 100, name: 'spin', state: 'alive', exitStatus: null, tids: [100, 101, 102], console: [{ t: us(10), stream: 1, text: 'spinner 0: cpu 250.0 ms of 1000 ms' }], partial: '', syscalls: [{ name: 'clock_gettime', perSec: 12_345, total: 99_000 }, { name: 'futex', perSec: 40, total: 400 }], nvcsw: 3, nivcsw: 9, utimeCycles: 0, stimeCycles: 0, rssBytes: 1 << 20 },
    200: { pid: 200, name: 'gosrv', state: 'alive', exitStatus: null, tids: [200, 201], console: [{ t: us(20), stream: 1, text: 'listening on :8080' }, { t: us(30), stream: 2, text: 'warning: slow client' }], partial: '', syscalls: [{ name: 'epoll_wait', perSec: 800, total: 8000 }], nvcsw: 1, nivcsw: 0, utimeCycles: 0, stimeCycles: 0, rssBytes: 8 << 20 },
  };
  m.kernel = { os: 'linux', contextSwitches: 4321, csPerSec: 1234, unknownSyscalls: 0, runQueues: [{ cpu: 0, curr: 100, queued: 2 }, { cpu: 1, curr: 101, queued: 0 }, { cpu: 2, curr: 201, queued: 1 }, { cpu: 3, curr: 0, queued: 0 }], klog: ['[    0.000100] spin[100]: booted'] };
  m.runtimes = { 200: { pid: 200, snap: runtimeSnapshot(200, goroutines), history: { 5: [{ t: us(40), state: '_Grunning', detail: 'P1 thread 201' }, { t: us(90), state: '_Gwaiting', detail: 'chan receive (P1 thread 201)' }] }, tracked: [5] } };
  m.net = { nics: [{ name: 'eth0', rxPackets: 15000, txPackets: 14000, rxBytes: 3 << 20, txBytes: 5 << 20, drops: 2, qdiscBacklog: 3, qdiscDrops: 1, retransmits: { rto: 2, fast: 1, syn: 0 } }],
    connections: 64, latency: { p50Ns: 180_000, p99Ns: 2_400_000, samples: 5000 }, retransmits: { rto: 2, fast: 1, syn: 0 }, clientRetransmits: { rto: 0, fast: 4, syn: 1 } };
  m.events = 123456;
  return m;
}

const ECHO_PROGRAMS: Record<string, string> = { go: 'go-echo', 'c-epoll': 'echo-epoll', 'c-threads': 'echo-threads' };

/** A small echo scenario: `variants` of go-echo / echo-epoll / echo-threads on 2 cores, until the clients are done. */
export function echoScenarioYaml(name: string, seed: number, variants: string[], connections = 8, requests = 2): string {
  return `name: ${name}
seed: ${seed}
machine: { cores: 2 }
network:
  nics: [{ addr: 10.0.0.1, rxRing: 4096, latency: 50us, bandwidth: 10Gbit }]
clients: { connections: ${connections}, arrival: all, requests: ${requests}, bytes: 64, think: 1ms, protocol: echo, timeout: 30s, target: { port: 8080 }, startAt: 1ms }
variants:
${variants.map((v) => `  - name: ${v}\n    processes: [{ program: ${ECHO_PROGRAMS[v]}, args: [8080] }]`).join('\n')}
run: { until: clients, timeLimit: 60s }
`;
}
