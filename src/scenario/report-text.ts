// The report as text for a terminal: a machine summary, per-core time, per
// process exit status, threads, CPU and memory, and an `strace -c` style table
// of each process's syscalls.

import Table from 'cli-table3';
import type { Report, ProcessReport } from './report.ts';
import { formatBytes, formatNs } from './units.ts';
import { THRESHOLD_UNITS, type Lint } from './lint-spec.ts';
import { renderLint } from './lint.ts';

const pct = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-');

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
}

export function renderReport(r: Report): string {
  const out: string[] = [];
  out.push(`scenario ${r.scenario}   seed ${r.seed}   simulated ${formatNs(r.simTimeNs)} (stopped by ${r.stoppedBy})   trace ${r.traceHash}`);
  out.push(`machine: ${r.machine.cores} ${r.machine.cores === 1 ? 'core' : 'cores'} at ${(r.machine.clockHz / 1e9).toFixed(2)} GHz, HZ=${r.machine.timerHz}, ${formatBytes(r.machine.memoryBytes)} RAM in ${formatBytes(r.machine.frameSize)} frames`);
  out.push('');
  const cores = table(['core', 'user', 'kernel', 'irq', 'idle', 'interrupts']);
  for (const c of r.cores) {
    const total = c.userNs + c.kernelNs + c.irqNs + c.idleNs;
    cores.push([c.id, pct(c.userNs, total), pct(c.kernelNs, total), pct(c.irqNs, total), pct(c.idleNs, total), c.interrupts]);
  }
  out.push(cores.toString());
  out.push(`context switches: ${r.contextSwitches}   instructions: ${r.instructions}   memory: ${r.memory.framesInUse} frames in use at the end (peak ${r.memory.framesPeak} of ${r.memory.framesTotal})`);
  out.push('');
  const procs = table(['pid', 'name', 'exit', 'threads (created/peak)', 'cpu user', 'cpu kernel', 'csw vol/invol', 'RSS peak', 'VSZ peak']);
  for (const p of r.processes) {
    const exit = p.exitStatus === null ? 'running' : p.signal ? `${p.exitStatus} (${p.signal})` : String(p.exitStatus);
    procs.push([p.pid, p.name, exit, `${p.threads.created}/${p.threads.peak}`, formatNs(p.cpu.userNs), formatNs(p.cpu.kernelNs),
      `${p.contextSwitches.voluntary}/${p.contextSwitches.involuntary}`, formatBytes(p.memory.rssPeakBytes), formatBytes(p.memory.vszPeakBytes)]);
  }
  out.push(procs.toString());
  const gos = r.processes.filter((p) => p.runtime !== undefined);
  if (gos.length > 0) {
    const rt = table(['pid', 'Go runtime', 'GOMAXPROCS', 'goroutines (created/peak)', 'Ms (created/peak)', 'preempt coop/async', 'handoffs', 'steals', 'netpoll parks', 'sched latency p50/p99']);
    for (const p of gos) {
      const x = p.runtime!;
      rt.push([p.pid, p.name, x.gomaxprocs, `${x.goroutines.created}/${x.goroutines.peak}`, `${x.ms.created}/${x.ms.peak}`,
        `${x.preemptions.cooperative}/${x.preemptions.async}`, x.handoffs, x.steals, x.netpollParks, `${formatNs(x.schedLatencyNs.p50)}/${formatNs(x.schedLatencyNs.p99)}`]);
    }
    out.push('', rt.toString());
    const withGC = gos.filter((p) => p.runtime!.gc !== undefined && (p.runtime!.gc.cycles > 0 || p.runtime!.gc.allocBytesPerSec > 0));
    if (withGC.length > 0) {
      const gt = table(['pid', 'GC cycles', 'STW pauses (total/max)', 'heap goal', 'live heap', 'heap peak', 'alloc rate', 'GC CPU', 'mark workers (ded/frac/idle)', 'stack growths', 'stacks in use']);
      for (const p of withGC) {
        const g = p.runtime!.gc!; const st = p.runtime!.stacks;
        gt.push([p.pid, g.cycles, `${formatNs(g.pauseTotalNs)}/${formatNs(g.pauseMaxNs)}`, g.heapGoalBytes === null ? 'off' : formatBytes(g.heapGoalBytes),
          formatBytes(g.liveBytes), formatBytes(g.heapPeakBytes), `${formatBytes(g.allocBytesPerSec)}/s`, `${(g.cpuFraction * 100).toFixed(1)}%`,
          `${g.workers.dedicated}/${g.workers.fractional}/${g.workers.idle}`, st?.growths ?? 0, formatBytes(st?.bytesInUse ?? 0)]);
      }
      out.push('', gt.toString());
    }
  }
  if (r.clients !== undefined) out.push('', clientsText(r.clients));
  if (r.bridge !== undefined) out.push('', bridgeText(r.bridge));
  if (r.network !== undefined) out.push('', networkText(r.network));
  for (const p of r.processes) out.push('', straceTable(p));
  if (r.kernel.log.length > 0) out.push('', 'kernel log:', ...r.kernel.log.map((l) => `  ${l}`));
  if (r.kernel.unknownSyscalls > 0) out.push(`unknown syscalls (ENOSYS): ${r.kernel.unknownSyscalls}`);
  if (r.kernel.oopses > 0) out.push(`kernel oopses (kernel bugs; each killed its process): ${r.kernel.oopses}`);
  if (r.lints !== undefined) out.push('', lintsText(r.lints, r.lintThresholds ?? {}));
  out.push('', `host: ${r.host.wallMs.toFixed(0)} ms wall, ${(r.host.instructionsPerSec / 1e6).toFixed(2)} M instructions/s, simulated:wall ${r.host.simToWallRatio.toFixed(3)}`);
  return out.join('\n');
}

/** The load clients: requests completed and failed by reason, throughput, latency in simulated time. */
export function clientsText(c: NonNullable<Report['clients']>): string {
  const f = c.failed;
  return [`clients: ${c.completed} requests completed, ${f.refused + f.reset + f.timeout + f.wrongReply} failed ` +
    `(refused ${f.refused}, reset ${f.reset}, timeout ${f.timeout}, wrong reply ${f.wrongReply})` +
    `${c.unfinished !== undefined ? `, ${c.unfinished} unfinished at the end` : ''} on ${c.connections} connections`,
  `  throughput ${c.throughputPerSec.toFixed(0)} requests/s   latency p50 ${formatNs(c.latencyNs.p50)}  p90 ${formatNs(c.latencyNs.p90)}  ` +
    `p99 ${formatNs(c.latencyNs.p99)}  p99.9 ${formatNs(c.latencyNs.p999)}  max ${formatNs(c.latencyNs.max)}`,
  `  clients' retransmits ${retransText(c.retransmitsByCause)}${connsText(c.retransConnections)}`,
  ...(c.slowloris === undefined ? [] : [(({ connections, established, closedByServer, reset, failedToConnect, open }) =>
    `  slowloris: ${connections} held connections: ${established} established, ${closedByServer} closed by the server, ${reset} reset, ` +
    `${failedToConnect} never connected, ${open} still held at the end`)(c.slowloris)])].join('\n');
}

type Retrans = { rto: number; fast: number; syn: number };
/** "N segments (timeout a, fast retransmit b, SYN c)". */
function retransText(r: Retrans): string {
  return `${r.rto + r.fast + r.syn} segments (timeout ${r.rto}, fast retransmit ${r.fast}, SYN ${r.syn})`;
}

/** The connections that retransmitted most, up to five. */
function connsText(cs: (Retrans & { local: string; remote: string })[]): string {
  if (cs.length === 0) return '';
  const top = cs.slice(0, 5).map((c) => `    ${c.local} → ${c.remote}: ${retransText(c)}`);
  return `, most by:\n${top.join('\n')}`;
}

/** The real clients a bridged run carried: connections, request/reply turns, bytes, latency in simulated time. */
export function bridgeText(b: NonNullable<Report['bridge']>): string {
  return [`bridged real clients (${b.listen} → ${b.target}): ${b.connections} connections (${b.closed} closed, ${b.reset} reset, ${b.open} open at the end), ` +
    `${b.requests} requests, ${b.replied} replied, ${formatBytes(b.bytesIn)} in, ${formatBytes(b.bytesOut)} out`,
  `  latency (simulated, first reply byte) p50 ${formatNs(b.latencyNs.p50)}  p90 ${formatNs(b.latencyNs.p90)}  p99 ${formatNs(b.latencyNs.p99)}  ` +
    `p99.9 ${formatNs(b.latencyNs.p999)}  max ${formatNs(b.latencyNs.max)}`,
  `  the simulation fell behind the wall clock ${b.behind.episodes} time(s) (worst ${b.behind.maxLagMs} ms): reads paused and new connections held; ` +
    `${b.behind.heldAtEnd} held at the end, ${b.behind.refused} reset for want of room`].join('\n');
}

/** Per NIC packets, bytes, drops (rx ring, tx ring, qdisc), the qdisc's backlog, IRQs and retransmissions; accept-queue drops. */
export function networkText(n: NonNullable<Report['network']>): string {
  const t = table(['nic', 'rx packets', 'tx packets', 'rx bytes', 'tx bytes', 'rx drops', 'tx drops', 'qdisc drops', 'qdisc peak', 'queue stops', 'irqs (rx/tx)', 'retransmits']);
  for (const x of n.nics) {
    t.push([x.name, x.rxPackets, x.txPackets, formatBytes(x.rxBytes), formatBytes(x.txBytes), x.rxDrops, x.txDrops, x.qdiscDrops,
      `${x.qdiscBacklogPeak} pkt`, x.queueStops, `${x.irqs}/${x.txIrqs}`, x.retransmits.rto + x.retransmits.fast + x.retransmits.syn]);
  }
  const faults = n.nics.filter((x) => x.faults !== undefined).map((x) => { const f = x.faults!;
    return `\nwire faults on ${x.name}'s link: ${f.lost} frames lost, ${f.corrupted} corrupted (dropped by checksum), ${f.downDrops} dropped while down, ` +
      `${f.duplicated} duplicated, ${f.reordered} reordered, ${f.delayed} delayed by jitter`; }).join('');
  return `${t.toString()}\naccept-queue drops: ${n.acceptQueueDrops}   loopback packets: ${n.loopbackPackets}\n` +
    `machine's retransmits ${retransText(n.retransmits)}${connsText(n.retransConnections)}${faults}`;
}

/** The syscalls of one process in the layout of `strace -c`. Time is simulated time spent in the call. */
export function straceTable(p: ProcessReport): string {
  const rows = Object.entries(p.syscalls).sort(([, a], [, b]) => b.timeNs - a.timeNs || b.calls - a.calls);
  const total = rows.reduce((s, [, v]) => s + v.timeNs, 0);
  const lines = [`syscalls of ${p.name} [${p.pid}]:`,
    '% time     seconds  usecs/call     calls    errors syscall',
    '------ ----------- ----------- --------- --------- ----------------'];
  let calls = 0; let errors = 0;
  for (const [name, v] of rows) {
    calls += v.calls; errors += v.errors;
    lines.push(`${(total > 0 ? (100 * v.timeNs) / total : 0).toFixed(2).padStart(6)} ${(v.timeNs / 1e9).toFixed(6).padStart(11)} ${Math.round(v.timeNs / 1e3 / Math.max(1, v.calls)).toString().padStart(11)} ${String(v.calls).padStart(9)} ${(v.errors ? String(v.errors) : '').padStart(9)} ${name}`);
  }
  lines.push('------ ----------- ----------- --------- --------- ----------------');
  lines.push(`100.00 ${(total / 1e9).toFixed(6).padStart(11)} ${Math.round(total / 1e3 / Math.max(1, calls)).toString().padStart(11)} ${String(calls).padStart(9)} ${(errors ? String(errors) : '').padStart(9)} total`);
  return lines.join('\n');
}

/** The lints section: a summary line by id, each lint, and the thresholds with their units. */
export function lintsText(lints: Lint[], thresholds: Record<string, number>): string {
  const head = lintsSummary(lints);
  const th = Object.entries(thresholds).map(([k, v]) => `${k} ${thresholdText(k, v)}`).join(', ');
  return [head, ...lints.map((l) => `  ${renderLint(l)}`), `  thresholds: ${th}`].join('\n');
}

function thresholdText(k: string, v: number): string {
  const unit = THRESHOLD_UNITS[k as keyof typeof THRESHOLD_UNITS];
  return unit === 'ns' ? formatNs(v) : unit === '%' ? `${v}%` : `${v} ${unit}`;
}

/** "lints: 3 found (goroutine-leak 2, starvation 1)". */
export function lintsSummary(lints: Lint[]): string {
  if (lints.length === 0) return 'lints: none found';
  const byId = new Map<string, number>();
  for (const l of lints) byId.set(l.id, (byId.get(l.id) ?? 0) + 1);
  return `lints: ${lints.length} found (${[...byId].map(([id, n]) => `${id} ${n}`).join(', ')})`;
}
