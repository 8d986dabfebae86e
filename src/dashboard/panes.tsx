// The dashboard's panes, each a pure function of a slice of the model and the
// space it is given: Machine (one row per core), Kernel (threads, run queues,
// syscalls per second), Runtime (Ps, Ms, goroutines, GC), Network and Console,
// plus the status bar, the help overlay and the detail view. Every row is cut
// to the pane's width and every pane to its height, so the screen never wraps
// or grows past the terminal. Panes are memoised: a pane whose slice of the
// model kept its identity (immer structural sharing) is not redrawn.

import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { CoreView, DashModel, GoView, HistEntry, KernelView, NetSnapshot, ProcView, RetransView, SyscallTime, ThreadView } from './state.ts';
import { BAR_MAX, hbar, histLines, histTotal, type GoHists, type Log2Hist } from './hist.ts';
import { bar, cell, col, fit, fmtBytes, fmtClock, fmtCount, fmtNs, sparkline } from './format.ts';
import type { GSnapshot, RuntimeObjects } from '../runtime/snapshot.ts';
import { objectName, objectState, objectWaiters, sortObjects, type ObjSortKey } from './objects.ts';
import type { GAcct } from './gacct.ts';
import type { GoSortKey, GoTable } from './driver.ts';
import type { RaceView } from '../scenario/report.ts';

export const PANES = ['Machine', 'Kernel', 'Runtime', 'Network', 'Console', 'Goroutines', 'Resources', 'Histograms'] as const;
export type PaneName = (typeof PANES)[number];

/** What the user has picked: not part of the simulation's model. */
export interface Selection {
  /** The process the Kernel, Runtime and Console panes show (null: all). */
  pid: number | null;
  /** Selected row in the Kernel (threads) and Runtime (goroutines) lists. */
  row: number;
  filter: string;
}

export const Title = memo(function Title({ n, name, focused, width, extra }: { n: number; name: string; focused: boolean; width: number; extra?: string }) {
  // Spaces, not a rule of box-drawing characters: every non-ASCII cell costs Ink a width lookup per frame.
  const head = ` ${n} ${name} `;
  const tail = extra !== undefined && extra !== '' ? `${extra} ` : '';
  const gap = Math.max(1, width - head.length - tail.length);
  return (
    <Text wrap="truncate">
      <Text inverse={focused} bold underline={!focused}>{fit(head, width)}</Text>
      <Text dimColor underline>{fit(' '.repeat(gap) + tail, Math.max(0, width - head.length))}</Text>
    </Text>
  );
});

function Lines({ lines, width }: { lines: readonly React.ReactNode[]; width: number }) {
  return <>{lines.map((l, i) => typeof l === 'string' ? <Text key={i} wrap="truncate">{fit(l, width)}</Text> : <React.Fragment key={i}>{l}</React.Fragment>)}</>;
}

function Frame({ n, focused, width, height, extra, children }: { n: number; focused: boolean; width: number; height: number; extra?: string; children: React.ReactNode }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Title n={n + 1} name={PANES[n]!} focused={focused} width={width} {...(extra !== undefined ? { extra } : {})} />
      {children}
    </Box>
  );
}

function who(pid: number, tid: number, threads: Record<number, ThreadView>, procs: Record<number, ProcView>): string {
  if (tid === 0) return '—';
  const th = threads[tid];
  const p = procs[pid !== 0 ? pid : th?.pid ?? 0];
  const name = p?.name ?? '?';
  return tid === (th?.pid ?? pid) ? `${name}[${tid}]` : `${name}[${pid}]/${tid}`;
}

// --- Machine ----------------------------------------------------------------------

export const MachinePane = memo(function MachinePane({ cores, threads, procs, width, height, focused }: {
  cores: CoreView[]; threads: Record<number, ThreadView>; procs: Record<number, ProcView>; width: number; height: number; focused: boolean;
}) {
  const rows = Math.max(0, height - 1);
  const split = width >= 100; // room for the user/kernel split of the last sample
  const fixed = 5 + 7 + 5 + 10 + 3 + (split ? 14 : 0); // cpuN, mode, %, irq/s, spaces, user/kernel
  const whoW = Math.max(8, Math.min(24, width - fixed - 8));
  const sparkW = Math.max(0, width - fixed - whoW);
  const shown = cores.slice(0, rows);
  const lines = shown.map((c) => {
    const busy = c.util.length > 0 ? c.util[c.util.length - 1]! : 0;
    const color = c.mode === 'user' ? 'green' : c.mode === 'kernel' ? 'red' : 'gray';
    return (
      <Text key={c.id} wrap="truncate">
        {cell(`cpu${c.id}`, 5)}
        <Text color={color}>{cell(c.mode, 7)}</Text>
        {cell(who(c.pid, c.tid, threads, procs), whoW)}{' '}
        <Text color="cyan">{sparkline(c.util, sparkW)}</Text>{' '}
        {cell(`${Math.round(busy * 100)}%`, 4, true)}{' '}
        <Text dimColor>{cell(`${fmtCount(c.irqPerSec)} irq/s`, 10, true)}</Text>
        {split ? <Text dimColor>{cell(`u${Math.round(c.userPct)}% k${Math.round(c.kernelPct)}%`, 13, true)}</Text> : null}
      </Text>
    );
  });
  const extra = cores.length > rows ? `${rows}/${cores.length} cores` : `${cores.length} ${cores.length === 1 ? 'core' : 'cores'}`;
  return <Frame n={0} focused={focused} width={width} height={height} extra={extra}>{lines}</Frame>;
});

// --- Kernel -----------------------------------------------------------------------

export function visibleThreads(threads: Record<number, ThreadView>, procs: Record<number, ProcView>, sel: Selection): ThreadView[] {
  const f = sel.filter.toLowerCase();
  const out: ThreadView[] = [];
  for (const th of Object.values(threads)) {
    if (sel.pid !== null && th.pid !== sel.pid) continue;
    if (f !== '') {
      const text = `${th.tid} ${procs[th.pid]?.name ?? ''} ${th.state} ${th.wchan} ${th.syscall}`.toLowerCase();
      if (!text.includes(f)) continue;
    }
    out.push(th);
  }
  out.sort((a, b) => (a.state === 'dead' ? 1 : 0) - (b.state === 'dead' ? 1 : 0) || a.tid - b.tid);
  return out;
}

const STATE_COLOR: Record<string, string> = { running: 'green', runnable: 'yellow', sleeping: 'blue', dead: 'gray' };

export const KernelPane = memo(function KernelPane({ kernel, threads, procs, sel, width, height, focused }: {
  kernel: KernelView; threads: Record<number, ThreadView>; procs: Record<number, ProcView>; sel: Selection; width: number; height: number; focused: boolean;
}) {
  const lines: React.ReactNode[] = [];
  lines.push(`ctx switches ${fmtCount(kernel.contextSwitches)} (${fmtCount(kernel.csPerSec)}/s)  runq ${kernel.runQueues.map((r) => `cpu${r.cpu}:${r.queued}`).join(' ')}`);
  const p = sel.pid !== null ? procs[sel.pid] : undefined;
  const sys = p !== undefined ? p.syscalls : mergeSyscalls(procs);
  lines.push(`syscalls/s ${sys.length === 0 ? '—' : sys.slice(0, 8).map((s) => `${s.name} ${fmtCount(s.perSec)}`).join('  ')}`);
  const list = visibleThreads(threads, procs, sel);
  const room = Math.max(0, height - 1 - lines.length - 1);
  lines.push(<Text key="hdr" bold wrap="truncate">{fit(`${cell('TID', 7)}${cell('PROCESS', 12)}${cell('STATE', 9)}${cell('CPU', 4)}${cell('SYSCALL', 14)}${cell('WCHAN', 12)}SWITCHES`, width)}</Text>);
  const start = Math.max(0, Math.min(sel.row - room + 1, list.length - room));
  for (let i = start; i < Math.min(list.length, start + room); i++) {
    const th = list[i]!;
    const selected = focused && i === sel.row;
    lines.push(
      <Text key={th.tid} inverse={selected} wrap="truncate">
        {col(String(th.tid), 7)}{col(procs[th.pid]?.name ?? '?', 12)}
        <Text color={STATE_COLOR[th.state] ?? 'white'}>{col(th.state, 9)}</Text>
        {col(th.state === 'dead' ? '' : String(th.cpu), 4)}{col(th.syscall, 14)}{col(th.wchan, 12)}{fit(String(th.switches), Math.max(0, width - 58))}
      </Text>,
    );
  }
  const extra = `${kernel.os} · ${p !== undefined ? `${p.name}[${p.pid}]` : 'all processes'}${sel.filter !== '' ? ` /${sel.filter}` : ''} ${list.length} threads`;
  return <Frame n={1} focused={focused} width={width} height={height} extra={extra}><Lines lines={lines.slice(0, Math.max(0, height - 1))} width={width} /></Frame>;
});

function mergeSyscalls(procs: Record<number, ProcView>): ProcView['syscalls'] {
  const m = new Map<string, { perSec: number; total: number }>();
  for (const p of Object.values(procs)) for (const s of p.syscalls) {
    const e = m.get(s.name) ?? { perSec: 0, total: 0 };
    e.perSec += s.perSec; e.total += s.total; m.set(s.name, e);
  }
  return [...m.entries()].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.perSec - a.perSec || b.total - a.total);
}

// --- Runtime ----------------------------------------------------------------------

/** The Go runtime the Runtime pane shows: the selected process's, or the first one. */
export function pickRuntime(runtimes: Record<number, GoView>, pid: number | null): GoView | undefined {
  if (pid !== null) return runtimes[pid];
  const ids = Object.keys(runtimes).map(Number).sort((a, b) => a - b);
  return ids.length > 0 ? runtimes[ids[0]!] : undefined;
}

export function visibleGoroutines(g: GoView, sel: Selection): GSnapshot[] {
  const f = sel.filter.toLowerCase();
  if (f === '') return g.snap.gs;
  return g.snap.gs.filter((x) => `${x.goid} ${x.status} ${x.waitReason} ${x.startFn}`.toLowerCase().includes(f));
}

const G_COLOR: Record<string, string> = { _Grunning: 'green', _Grunnable: 'yellow', _Gwaiting: 'blue', _Gsyscall: 'red', _Gdead: 'gray' };

export const RuntimePane = memo(function RuntimePane({ go, acct, sel, now, clockHz, width, height, focused }: {
  go: GoView | undefined; acct: Record<number, Record<number, GAcct>> | undefined; sel: Selection; now: number; clockHz: number; width: number; height: number; focused: boolean;
}) {
  if (go === undefined) {
    return <Frame n={2} focused={focused} width={width} height={height}>
      <Lines lines={[sel.pid !== null ? 'no Go runtime in this process (a C-style program calls the kernel directly)' : 'no Go-style process in this scenario'].slice(0, Math.max(0, height - 1))} width={width} />
    </Frame>;
  }
  const s = go.snap;
  const lines: React.ReactNode[] = [];
  const gsn = s.goroutines.byStatus;
  lines.push(`${s.goVersion} GOMAXPROCS=${s.gomaxprocs}  goroutines ${fmtCount(s.goroutines.live)} (peak ${fmtCount(s.stats.goroutinesPeak)})  globrunq ${s.globrunq}  netpoll waiters ${s.netpollWaiters}`);
  lines.push('P  ' + s.ps.map((p) => `P${p.id}:${p.status.slice(2)}${p.curg > 0 ? ` g${p.curg}` : ''} q${p.runq}${p.runnext > 0 ? '+1' : ''}`).join(' │ '));
  const mc: Record<string, number> = {};
  for (const m of s.ms) mc[m.state] = (mc[m.state] ?? 0) + 1;
  lines.push(`M  ${s.ms.length} threads: ${['running', 'spinning', 'idle', 'syscall', 'sysmon'].filter((k) => (mc[k] ?? 0) > 0).map((k) => `${mc[k]} ${k}`).join(', ')}`);
  lines.push(`G  ${Object.entries(gsn).filter(([, n]) => (n ?? 0) > 0).map(([k, n]) => `${k.slice(2)} ${fmtCount(n!)}`).join('  ')}`);
  const reasons = Object.entries(s.goroutines.byWaitReason).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  lines.push(`   waiting: ${reasons.length === 0 ? '—' : reasons.slice(0, 6).map(([k, n]) => `${k} ${fmtCount(n)}`).join(' · ')}`);
  const goal = s.gc.heapGoalBytes;
  const gcLabel = `GC ${cell(s.gc.phase, 15)}heap `;
  const gcTail = ` ${fmtBytes(s.gc.heapLiveBytes)} / ${fmtBytes(goal)} goal  #${s.gc.cycles}${(s.gc.pauseMaxNs ?? 0) > 0 ? `  STW max ${fmtNs(s.gc.pauseMaxNs!)}` : ''}`;
  const barW = Math.max(4, Math.min(30, width - gcLabel.length - gcTail.length));
  lines.push(<Text key="gc" wrap="truncate">{gcLabel}<Text color={s.gc.phase === 'off' ? 'green' : 'magenta'}>{bar(goal > 0 ? s.gc.heapLiveBytes / goal : 0, barW)}</Text>{gcTail}</Text>);
  const list = visibleGoroutines(go, sel);
  const accts = acct?.[go.pid];
  const nowNs = now / clockHz * 1e9;
  const room = Math.max(0, height - 1 - lines.length - 1);
  if (room > 0) {
    lines.push(<Text key="hdr" bold wrap="truncate">{fit(`${cell('GOID', 9)}${cell('STATUS', 12)}${cell('WAIT REASON', 18)}${cell('M', 4)}${cell('WAITING', 9)}${list.some((g) => g.at !== undefined) ? 'START / WAITS AT' : 'START'}`, width)}</Text>);
    const start = Math.max(0, Math.min(sel.row - room + 1, list.length - room));
    for (let i = start; i < Math.min(list.length, start + room); i++) {
      const g = list[i]!;
      const selected = focused && i === sel.row;
      // How long it has waited: from the runtime's own waitsince when it sampled this goroutine, else from its last state change on the bus.
      const a = accts?.[g.goid];
      const since = g.waitSinceNs > 0 ? g.waitSinceNs : a !== undefined && a.state === '_Gwaiting' ? a.since / clockHz * 1e9 : -1;
      const waiting = g.status === '_Gwaiting' && since >= 0 && nowNs >= since ? fmtNs(nowNs - since) : '';
      lines.push(
        <Text key={`g${g.goid}`} inverse={selected} wrap="truncate">
          {col(`g${g.goid}`, 9)}<Text color={G_COLOR[g.status] ?? 'white'}>{col(g.status.slice(2), 12)}</Text>
          {col(g.waitReason, 18)}{col(g.m >= 0 ? `M${g.m}` : '', 4)}{col(waiting, 9)}{fit(g.at !== undefined ? `${g.startFn} @ ${g.at}` : g.startFn, Math.max(0, width - 52))}
        </Text>,
      );
    }
  }
  const extra = `pid ${go.pid}${sel.filter !== '' ? ` /${sel.filter}` : ''}`;
  return <Frame n={2} focused={focused} width={width} height={height} extra={extra}><Lines lines={lines.slice(0, Math.max(0, height - 1))} width={width} /></Frame>;
});

// --- Goroutines -------------------------------------------------------------------

const SORT_LABEL: Record<GoSortKey, string> = { goid: 'GOID', state: 'STATE', busy: 'BUSY', scheduled: 'SCHED', idle: 'IDLE', polls: 'POLLS', wait: 'WAIT REASON' };

/** tokio-console's task view for goroutines: every live goroutine's time running, runnable and parked, sortable and filterable. */
export const GoroutinesPane = memo(function GoroutinesPane({ table, hasRuntime, sort, desc, sel, clockHz, width, height, focused, races }: {
  table: GoTable | null; hasRuntime: boolean; sort: GoSortKey; desc: boolean; sel: Selection; clockHz: number; width: number; height: number; focused: boolean;
  /** The races reported so far (a racing goroutine's id is marked ✖). */
  races?: readonly RaceView[] | undefined;
}) {
  const lines: React.ReactNode[] = [];
  const d = (c: number): string => fmtNs(c / clockHz * 1e9);
  if (!hasRuntime) lines.push('no Go-style process in this scenario');
  else if (table === null) lines.push('collecting…');
  else {
    const h = (k: GoSortKey, w: number): string => cell(`${SORT_LABEL[k]}${k === sort ? (desc ? '▼' : '▲') : ''}`, w);
    lines.push(<Text key="hdr" bold wrap="truncate">{fit(`${h('goid', 9)}${h('state', 11)}${h('busy', 10)}${h('scheduled', 10)}${h('idle', 10)}${h('polls', 8)}${h('wait', 18)}${cell('WHERE', 18)}START`, width)}</Text>);
    const room = Math.max(0, height - 2);
    const start = Math.max(0, Math.min(sel.row - room + 1, table.rows.length - room));
    const racing = new Set<number>();
    for (const r of races ?? []) if (r.pid === table.pid) { racing.add(r.goroutine); racing.add(r.previousGoroutine); }
    for (let i = start; i < Math.min(table.rows.length, start + room); i++) {
      const a = table.rows[i]!;
      lines.push(<Text key={a.goid} inverse={focused && i === sel.row} wrap="truncate">
        {col(`g${a.goid}${racing.has(a.goid) ? ' ✖' : ''}`, 9)}<Text color={G_COLOR[a.state] ?? 'white'}>{col(a.state.slice(2), 11)}</Text>
        {col(d(a.busy), 10)}{col(d(a.scheduled), 10)}{col(d(a.idle), 10)}{col(String(a.polls), 8)}{col(a.waitReason, 18)}{col(a.where, 18)}{fit(a.startFn, Math.max(0, width - 102))}
      </Text>);
    }
  }
  const extra = table === null ? '' : `pid ${table.pid}${sel.filter !== '' ? ` /${sel.filter}` : ''} ${fmtCount(table.total)} goroutines${table.total > table.rows.length ? ` (first ${table.rows.length})` : ''}  o sort  i invert`;
  return <Frame n={5} focused={focused} width={width} height={height} extra={extra}><Lines lines={lines.slice(0, Math.max(0, height - 1))} width={width} /></Frame>;
});

// --- Resources --------------------------------------------------------------------

/** "socket 1001 · epoll 1 · console 3": most first. */
function kindsText(kinds: Record<string, number>): string {
  return Object.entries(kinds).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${k} ${fmtCount(n)}`).join(' · ');
}

/**
 * What each process holds, as ps and lsof show it: resident and virtual memory, threads, open
 * fds (NT: handles) by kind, and for a Go-style process its heap and goroutine stacks; the first
 * line sums the machine.
 */
export const ResourcesPane = memo(function ResourcesPane({ procs, runtimes, os, net, sel, width, height, focused, objSort = 'waiters', desc = true, now = 0, clockHz = 1e9 }: {
  procs: Record<number, ProcView>; runtimes: Record<number, GoView>; os: string; net: NetSnapshot | null; sel: Selection; width: number; height: number; focused: boolean;
  /** How the runtime's objects are sorted; the machine's time (cycles) and clock, for timers' time to go. */
  objSort?: ObjSortKey; desc?: boolean; now?: number; clockHz?: number;
}) {
  const fdName = os === 'windows' ? 'handles' : 'fds';
  const all = Object.values(procs).filter((p) => p.state === 'alive').sort((a, b) => a.pid - b.pid);
  const shown = sel.pid !== null ? Object.values(procs).filter((p) => p.pid === sel.pid) : all;
  const sum = (f: (p: ProcView) => number): number => all.reduce((a, p) => a + f(p), 0);
  const sockets = sum((p) => (p.res?.fdKinds.socket ?? 0) + (p.res?.fdKinds.unix ?? 0)); // TCP/UDP and Unix-domain
  const lines: React.ReactNode[] = [];
  lines.push(`machine: RSS ${fmtBytes(sum((p) => p.rssBytes))} (${all.length} proc${all.length === 1 ? '' : 's'}) · ${fmtCount(sum((p) => p.res?.threads ?? 0))} threads · ${fmtCount(sum((p) => p.res?.fds ?? 0))} ${fdName} (${fmtCount(sockets)} sockets)${net !== null ? ` · ${fmtCount(net.connections)} TCP conns` : ''}`);
  lines.push(<Text key="hdr" bold wrap="truncate">{fit(`${cell('PID', 7)}${cell('PROCESS', 13)}${cell('RSS', 9)}${cell('RSS PEAK', 9)}${cell('VSZ', 9)}${cell('THREADS', 12)}${cell(fdName.toUpperCase(), 8)}SOCKETS`, width)}</Text>);
  for (const p of shown) {
    const r = p.res;
    const go = runtimes[p.pid]?.snap;
    lines.push(`${col(String(p.pid), 7)}${col(p.name, 13)}${col(fmtBytes(p.rssBytes), 9)}${col(r === undefined ? '' : fmtBytes(r.rssPeakBytes), 9)}${col(r === undefined ? '' : fmtBytes(r.vszBytes), 9)}`
      + `${col(r === undefined ? '' : `${fmtCount(r.threads)} (peak ${fmtCount(r.threadsPeak)})`, 12)}${col(r === undefined ? '' : fmtCount(r.fds), 8)}${r === undefined ? '' : fmtCount((r.fdKinds.socket ?? 0) + (r.fdKinds.unix ?? 0))}`);
    if (r !== undefined && r.fds > 0) lines.push(`${cell('', 7)}${fdName}: ${kindsText(r.fdKinds)}`);
    if (go !== undefined) {
      lines.push(`${cell('', 7)}Go heap ${fmtBytes(go.gc.heapLiveBytes)} live${go.gc.heapSysBytes !== undefined ? `, ${fmtBytes(go.gc.heapSysBytes)} sys` : ''}`
        + `${go.stacks !== undefined ? ` · stacks ${fmtBytes(go.stacks.bytesInUse)}` : ''} · ${fmtCount(go.goroutines.live)} goroutines`);
    }
  }
  if (shown.length === 0) lines.push(sel.pid !== null ? `no process ${sel.pid}` : 'no process alive');
  const go = pickRuntime(runtimes, sel.pid);
  if (go?.snap.objects !== undefined) lines.push(...objectLines(go.pid, go.snap.objects, objSort, desc, sel, now / clockHz * 1e9, width, Math.max(0, height - 1 - lines.length), focused));
  const extra = `${sel.pid !== null ? `pid ${sel.pid}` : 'all processes'}`;
  return <Frame n={6} focused={focused} width={width} height={height} extra={extra}><Lines lines={lines.slice(0, Math.max(0, height - 1))} width={width} /></Frame>;
});

/** The runtime's objects: a title, a header, the rows around the selected one, what waits on no object. */
function objectLines(pid: number, ro: RuntimeObjects, key: ObjSortKey, desc: boolean, sel: Selection, nowNs: number, width: number, room: number, focused: boolean): React.ReactNode[] {
  if (room < 3) return [];
  const rows = sortObjects(ro.objects, key, desc);
  const unlisted = Object.entries(ro.unlisted).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const out: React.ReactNode[] = [];
  out.push(<Text key="otitle" bold wrap="truncate">{fit(`Go objects of pid ${pid}: ${rows.length} waited on or armed${rows.length > 0 ? ` · sorted by ${key} ${desc ? '▼' : '▲'} (o, i) · Enter: a waiting goroutine` : ''}`, width)}</Text>);
  if (rows.length > 0) {
    out.push(<Text key="ohdr" bold wrap="truncate">{fit(`${cell('KIND', 10)}${cell('ID', 8)}${cell('STATE', 44)}WAITING`, width)}</Text>);
    const fit1 = Math.max(1, room - out.length - (unlisted.length > 0 ? 1 : 0));
    const start = Math.max(0, Math.min(sel.row - fit1 + 1, rows.length - fit1));
    for (let i = start; i < Math.min(rows.length, start + fit1); i++) {
      const o = rows[i]!;
      out.push(<Text key={`o${i}`} inverse={focused && i === sel.row} wrap="truncate">{fit(`${col(o.kind, 10)}${col(objectName(o), 8)}${col(objectState(o, nowNs), 44)}${objectWaiters(o)}`, width)}</Text>);
    }
  }
  if (unlisted.length > 0) out.push(fit(`waiting on no object listed: ${unlisted.map(([r, n]) => `${r} ${n}`).join(' · ')}`, width));
  return out;
}

// --- Histograms -------------------------------------------------------------------

/** Share `room` rows among sections that want `want[i]` rows each: as evenly as they can use them. */
export function shareRows(want: readonly number[], room: number): number[] {
  const got = want.map(() => 0);
  let left = room;
  for (;;) {
    const open = want.map((w, i) => i).filter((i) => got[i]! < want[i]!);
    if (open.length === 0 || left <= 0) return got;
    const each = Math.max(1, Math.floor(left / open.length));
    for (const i of open) { if (left <= 0) break; const g = Math.min(each, want[i]! - got[i]!); got[i]! += g; left -= g; }
  }
}

function syscallLines(ts: readonly SyscallTime[], rows: number, width: number, clockHz: number): string[] {
  const list = ts.slice(0, rows);
  if (list.length === 0) return [];
  const max = Math.max(...list.map((x) => x.cycles), 1);
  const nameW = Math.max(...list.map((x) => x.name.length));
  const tail = list.map((x) => `${fmtNs(x.cycles / clockHz * 1e9)} in ${fmtCount(x.calls)} calls`);
  const tailW = Math.max(...tail.map((x) => x.length));
  const barW = Math.max(1, Math.min(BAR_MAX, width - nameW - 3 - tailW));
  return list.map((x, i) => `${x.name.padStart(nameW)} │${hbar(x.cycles / max, barW)} ${tail[i]!.padStart(tailW)}`);
}

/** Syscall time by name over the processes shown (all, or the picked one). */
function mergeSyscallTimes(procs: Record<number, ProcView>, pid: number | null): SyscallTime[] {
  const m = new Map<string, SyscallTime>();
  for (const p of Object.values(procs)) {
    if (pid !== null && p.pid !== pid) continue;
    for (const s of p.syscallTime ?? []) {
      const e = m.get(s.name) ?? { name: s.name, calls: 0, cycles: 0 };
      e.calls += s.calls; e.cycles += s.cycles; m.set(s.name, e);
    }
  }
  return [...m.values()].sort((a, b) => b.cycles - a.cycles || a.name.localeCompare(b.name));
}

/** Non-empty buckets from the first to the last: the rows a histogram wants. */
function histRows(h: Log2Hist): number {
  const lo = h.findIndex((x) => x > 0);
  if (lo < 0) return 0;
  let hi = h.length - 1;
  while (hi > lo && !(h[hi]! > 0)) hi--;
  return hi - lo + 1;
}

/**
 * The distributions the run has so far, as bar histograms with their units: request latency
 * (the load clients'), scheduler latency (runnable → running) and stop-the-world pauses of the
 * Go runtimes, goroutine time by state, and time in syscalls by name.
 */
export const HistogramsPane = memo(function HistogramsPane({ net, hists, procs, sel, clockHz, width, height, focused }: {
  net: NetSnapshot | null; hists: GoHists | undefined; procs: Record<number, ProcView>; sel: Selection; clockHz: number; width: number; height: number; focused: boolean;
}) {
  const lat = net?.latency?.histNs ?? [];
  const sched = hists?.schedNs ?? [];
  const stw = hists?.stwNs ?? [];
  const sys = mergeSyscallTimes(procs, sel.pid);
  const st = hists?.stateCycles;
  const stTotal = st === undefined ? 0 : st.busy + st.scheduled + st.idle;
  const sections: { title: string; want: number; body: (rows: number) => string[] }[] = [
    { title: `request latency, as the load clients measured it (${fmtCount(histTotal(lat))} requests)`, want: histRows(lat), body: (r) => histLines(lat, r, width, 'req') },
    { title: `scheduler latency: runnable → running (${fmtCount(histTotal(sched))} goroutine switch-ins)`, want: histRows(sched), body: (r) => histLines(sched, r, width, 'runs') },
    { title: `stop-the-world pauses (${fmtCount(histTotal(stw))})`, want: histRows(stw), body: (r) => histLines(stw, r, width, 'pauses') },
    {
      title: `goroutine time by state, all goroutines (${fmtNs(stTotal / clockHz * 1e9)} in all)`, want: stTotal > 0 ? 3 : 0,
      body: (r) => (st === undefined ? [] : ([['running', st.busy], ['runnable', st.scheduled], ['waiting', st.idle]] as const).slice(0, r).map(([k, c]) => {
        const tail = `${fmtNs(c / clockHz * 1e9)} ${`${Math.round(c / stTotal * 100)}%`.padStart(4)}`;
        return `${k.padStart(8)} │${hbar(c / stTotal, Math.max(1, Math.min(BAR_MAX, width - 10 - 1 - 14)))} ${tail.padStart(13)}`;
      })),
    },
    { title: `time in syscalls by name, entry to return (${sel.pid !== null ? `pid ${sel.pid}` : 'all processes'})`, want: sys.length, body: (r) => syscallLines(sys, r, width, clockHz) },
  ];
  const room = Math.max(0, height - 1);
  const rows = shareRows(sections.map((x) => x.want), Math.max(0, room - sections.length));
  const lines: React.ReactNode[] = [];
  sections.forEach((x, i) => {
    lines.push(<Text key={`t${i}`} bold wrap="truncate">{fit(x.want === 0 ? `${x.title}: none yet` : x.title, width)}</Text>);
    for (const l of x.body(rows[i]!)) lines.push(l);
  });
  return <Frame n={7} focused={focused} width={width} height={height} extra="power-of-two buckets"><Lines lines={lines.slice(0, room)} width={width} /></Frame>;
});

// --- Network ----------------------------------------------------------------------

export const NetworkPane = memo(function NetworkPane({ net, width, height, focused }: { net: NetSnapshot | null; width: number; height: number; focused: boolean }) {
  const lines: string[] = [];
  if (net === null) lines.push('no network in this scenario');
  else {
    const extra = `${net.acceptQueueDrops !== undefined ? `  accept-queue drops ${fmtCount(net.acceptQueueDrops)}` : ''}${net.resetsSent !== undefined ? `  RSTs ${fmtCount(net.resetsSent)}` : ''}`;
    lines.push(`connections ${fmtCount(net.connections)}${net.latency !== undefined ? `  latency p50 ${fmtNs(net.latency.p50Ns)} p99 ${fmtNs(net.latency.p99Ns)} (${fmtCount(net.latency.samples)} requests)` : ''}${extra}`);
    const re = (r: RetransView): string => `${fmtCount(r.rto + r.fast + r.syn)} (timeout ${fmtCount(r.rto)} fast ${fmtCount(r.fast)} SYN ${fmtCount(r.syn)})`;
    for (const n of net.nics) {
      const q = n.qdiscBacklog !== undefined ? `  qdisc ${fmtCount(n.qdiscBacklog)} pkt, ${fmtCount(n.qdiscDrops ?? 0)} dropped` : '';
      const r = n.retransmits !== undefined ? `  retrans ${fmtCount(n.retransmits.rto + n.retransmits.fast + n.retransmits.syn)}` : '';
      lines.push(`${cell(n.name, 6)} rx ${fmtCount(n.rxPackets)} pkt ${fmtBytes(n.rxBytes)}  tx ${fmtCount(n.txPackets)} pkt ${fmtBytes(n.txBytes)}  drops ${fmtCount(n.drops)}${q}${r}`);
      const f = n.faults;
      if (f !== undefined) lines.push(`${cell('', 6)} wire faults: lost ${fmtCount(f.lost)}  corrupted ${fmtCount(f.corrupted)}  down ${fmtCount(f.downDrops)}  duplicated ${fmtCount(f.duplicated)}  reordered ${fmtCount(f.reordered)}  jittered ${fmtCount(f.delayed)} frames`);
    }
    if (net.retransmits !== undefined) lines.push(`retransmits: machine ${re(net.retransmits)}${net.clientRetransmits !== undefined ? `  clients ${re(net.clientRetransmits)}` : ''}`);
  }
  return <Frame n={3} focused={focused} width={width} height={height}><Lines lines={lines.slice(0, Math.max(0, height - 1))} width={width} /></Frame>;
});

// --- Console ----------------------------------------------------------------------

export const ConsolePane = memo(function ConsolePane({ procs, kernel, sel, width, height, focused }: {
  procs: Record<number, ProcView>; kernel: KernelView; sel: Selection; width: number; height: number; focused: boolean;
}) {
  const room = Math.max(0, height - 1);
  const f = sel.filter.toLowerCase();
  let lines: { t: number; text: string; err: boolean }[] = [];
  const ps = sel.pid !== null ? [procs[sel.pid]].filter((p): p is ProcView => p !== undefined) : Object.values(procs);
  for (const p of ps) {
    const tag = sel.pid !== null ? '' : `[${p.name} ${p.pid}] `;
    for (const l of p.console.slice(-room)) lines.push({ t: l.t, text: tag + l.text, err: l.stream === 2 });
    if (p.partial !== '') lines.push({ t: Infinity, text: tag + p.partial, err: false });
  }
  if (sel.pid === null) for (const k of kernel.klog.slice(-room)) lines.push({ t: -1, text: `[kernel] ${k}`, err: true });
  if (f !== '') lines = lines.filter((l) => l.text.toLowerCase().includes(f));
  lines.sort((a, b) => a.t - b.t);
  const shown = lines.slice(-room);
  const extra = sel.pid !== null ? `${procs[sel.pid]?.name ?? '?'}[${sel.pid}]` : 'all processes';
  return <Frame n={4} focused={focused} width={width} height={height} extra={extra}>
    {shown.length === 0 && room > 0 ? <Text dimColor>(no output yet)</Text> : null}
    {shown.map((l, i) => <Text key={i} wrap="truncate" {...(l.err ? { color: 'red' } : {})}>{fit(l.text, width)}</Text>)}
  </Frame>;
});

// --- status bar, help, detail ---------------------------------------------------------------

export function fmtSpeed(nsPerSec: number): string { return nsPerSec === Infinity ? 'max' : `${fmtNs(nsPerSec)}/s`; }

/**
 * The header's text: the run's state, simulated time and speed always (they are the
 * first to get room), then the measured speed and the title while there is room.
 */
export function headerText(p: { title: string; state: string; now: number; clockHz: number; speed: number; actualSpeed: number | null }, width: number): string {
  const must = [` ${p.state}`, `t=${fmtClock(p.now, p.clockHz)}`, `speed ${fmtSpeed(p.speed)}`];
  const actual = p.actualSpeed !== null ? ` (${fmtSpeed(p.actualSpeed)})` : '';
  const full = `${must.join(' │ ')}${actual} │ ${p.title}`;
  if (full.length <= width) return full;
  const noActual = `${must.join(' │ ')} │ ${p.title}`;
  if (noActual.length <= width) return noActual;
  const base = must.join(' │ ');
  if (base.length + 6 <= width) return `${base} │ ${fit(p.title, width - base.length - 3)}`;
  // Too narrow even for these: the state gives way first, time and speed stay.
  const tail = ` │ ${must[1]} │ ${must[2]}`;
  return fit(` ${fit(p.state, Math.max(1, width - tail.length - 1))}${tail}`, width);
}

/** The state a model is in, as the header says it. */
export function stateText(m: { finished: string | null; stepping: boolean; paused: boolean }): string {
  return m.finished !== null ? `■ stopped: ${m.finished}` : m.stepping ? '❚❚ stepping…' : m.paused ? '❚❚ paused' : '▶ running';
}

export const StatusBar = memo(function StatusBar({ title, now, clockHz, paused, stepping, finished, speed, actualSpeed, width }: {
  title: string; now: number; clockHz: number; paused: boolean; stepping?: boolean; finished: string | null; speed: number; actualSpeed: number; width: number;
}) {
  const state = stateText({ finished, stepping: stepping === true, paused });
  const text = headerText({ title, state, now, clockHz, speed, actualSpeed: !paused && finished === null ? actualSpeed : null }, width);
  return <Text inverse wrap="truncate">{cell(text, width)}</Text>;
});

export const HELP_LINES = [
  'space      pause / resume (from the past: replays the run to there, then on)',
  '← / →      back / forward one step in time (u: by event, tick or ms)',
  'Home/End   the first recorded moment / back to live',
  '.  t  m    run one event / one timer tick / one millisecond',
  '+ / -      faster / slower',
  'v / V      next / previous variant (when they do not all fit side by side)',
  's          end-of-run summary / panes',
  'Tab 1-8    focus a pane (h/l: previous/next); 7 Resources, 8 Histograms',
  'p / P      pick the next / previous process (all, then each)',
  'j ↓ / ↑    move the selection     g/G  first / last row',
  'k          send a signal (htop\'s kill) to the selected thread\'s process, or to the thread alone',
  'o / i      Goroutines, Resources\' objects: sort by the next key / invert',
  'Enter      detail of the selected thread, goroutine (or object\'s waiter)  Esc back',
  '/          filter threads, goroutines and console lines',
  '> / <      in a detail: down / up goroutine → P → M → thread → core → interrupt',
  'e / w      write the trace / a pcap of the run up to the moment shown',
  '?          this help (j/k scroll)  q / Ctrl-C  quit',
];

/** The help, scrolled to `scroll` when it does not fit. */
export function HelpOverlay({ width, height, scroll = 0 }: { width: number; height: number; scroll?: number }) {
  const room = Math.max(0, height - 1);
  const fitsAll = HELP_LINES.length <= room;
  const body = fitsAll ? HELP_LINES : HELP_LINES.slice(Math.min(scroll, HELP_LINES.length - (room - 1)), Math.min(scroll, HELP_LINES.length - (room - 1)) + Math.max(0, room - 1));
  const more = fitsAll ? [] : [`(${HELP_LINES.length - body.length} more lines: j/k to scroll, any other key closes)`];
  const lines = [' keys', ...body.map((l) => `  ${l}`), ...more].slice(0, Math.max(0, height));
  return <Box flexDirection="column" width={width} height={height} overflowY="hidden">
    {lines.map((l, i) => <Text key={i} bold={i === 0} wrap="truncate">{fit(l, width)}</Text>)}
  </Box>;
}

/** A record of the chain: a goroutine (goid), a P or an M (their ids), a thread (tid), a core (cpu), the interrupt that woke a thread (its tid). */
export interface DetailTarget { kind: 'goroutine' | 'p' | 'm' | 'thread' | 'core' | 'interrupt'; pid: number; id: number }

/** What `>` and `<` lead to from each kind of record (the title line says it). */
const DOWN_LABEL: Record<DetailTarget['kind'], string> = { goroutine: 'its P', p: 'its M', m: 'its thread', thread: 'its core', core: 'the interrupt that woke its thread', interrupt: '—' };
const UP_LABEL: Record<DetailTarget['kind'], string> = { goroutine: '—', p: 'its goroutine', m: 'its P', thread: 'its M', core: 'its thread', interrupt: 'its core' };

/**
 * One step along the chain the seeds draw, `>` down and `<` up: goroutine → the kernel thread
 * of the M it runs on → the core that thread runs on (or last ran on); and back up: core →
 * the thread on it now → the goroutine its M runs. Null where the chain is broken (a parked
 * goroutine is on no M; an idle core runs no thread; a C thread runs no goroutine).
 */
export function drill(model: DashModel, t: DetailTarget, dir: 'down' | 'up'): DetailTarget | null {
  const snap = model.runtimes[t.pid]?.snap;
  if (dir === 'down') {
    switch (t.kind) {
      case 'goroutine': {
        const g = snap?.gs.find((x) => x.goid === t.id);
        const m = g === undefined || g.m < 0 ? undefined : snap!.ms.find((x) => x.id === g.m);
        if (m === undefined) return null;
        return m.p >= 0 ? { kind: 'p', pid: t.pid, id: m.p } : { kind: 'm', pid: t.pid, id: m.id }; // an M in a syscall holds no P
      }
      case 'p': {
        const p = snap?.ps.find((x) => x.id === t.id);
        return p === undefined || p.m < 0 ? null : { kind: 'm', pid: t.pid, id: p.m };
      }
      case 'm': {
        const m = snap?.ms.find((x) => x.id === t.id);
        return m === undefined ? null : { kind: 'thread', pid: t.pid, id: m.tid };
      }
      case 'thread': {
        const th = model.threads[t.id];
        return th === undefined || th.state === 'dead' ? null : { kind: 'core', pid: t.pid, id: th.cpu };
      }
      case 'core': {
        const c = model.cores[t.id];
        const th = c === undefined || c.tid === 0 ? undefined : model.threads[c.tid];
        const by = th?.wokenBy?.by;
        return th === undefined || (by !== 'nic' && by !== 'timer') ? null : { kind: 'interrupt', pid: th.pid, id: th.tid };
      }
      case 'interrupt': return null;
    }
  }
  switch (t.kind) {
    case 'interrupt': {
      const th = model.threads[t.id];
      return th === undefined ? null : { kind: 'core', pid: t.pid, id: th.cpu };
    }
    case 'core': {
      const c = model.cores[t.id];
      if (c === undefined || c.tid === 0) return null;
      return { kind: 'thread', pid: model.threads[c.tid]?.pid ?? c.pid, id: c.tid };
    }
    case 'thread': {
      const m = snap?.ms.find((x) => x.tid === t.id);
      return m === undefined ? null : { kind: 'm', pid: t.pid, id: m.id };
    }
    case 'm': {
      const m = snap?.ms.find((x) => x.id === t.id);
      if (m === undefined) return null;
      if (m.p >= 0) return { kind: 'p', pid: t.pid, id: m.p };
      return m.curg > 0 ? { kind: 'goroutine', pid: t.pid, id: m.curg } : null;
    }
    case 'p': {
      const p = snap?.ps.find((x) => x.id === t.id);
      return p === undefined || p.curg <= 0 ? null : { kind: 'goroutine', pid: t.pid, id: p.curg };
    }
    case 'goroutine': return null;
  }
}

/** The interrupt that woke a thread, as a record: which, on which core, what its handler did, what it ended. */
export function interruptText(model: DashModel, th: ThreadView): { title: string; now: string; extra: string[] } {
  const w = th.wokenBy;
  const clk = model.clockHz;
  const p = model.procs[th.pid];
  const whom = `thread ${th.tid} of ${p?.name ?? '?'}[${th.pid}]`;
  if (w === undefined || (w.by !== 'nic' && w.by !== 'timer')) return { title: `what woke ${whom}`, now: 'not an interrupt', extra: [] };
  const waited = w.waitedCycles > 0 ? ` after ${fmtNs(w.waitedCycles / clk * 1e9)}${w.wchan !== '' ? ` on ${w.wchan}` : ''}` : '';
  if (w.by === 'nic') {
    return {
      title: `${w.nic ?? 'NIC'} receive interrupt on cpu${w.cpu}`,
      now: `at ${fmtClock(w.t, clk)}: the NIC's hard IRQ, then the NET_RX softirq's NAPI poll took ${w.frames ?? 0} frame${w.frames === 1 ? '' : 's'} off its rx ring (net_rx_action → ip_rcv → tcp_v4_rcv)`,
      extra: [`it woke ${whom}${waited}: the data it waited for arrived`],
    };
  }
  return {
    title: `timer interrupt on cpu${w.cpu}`,
    now: `at ${fmtClock(w.t, clk)}: the core's local timer fired for an expired hrtimer (hrtimer_interrupt → the timeout's wake-up)`,
    extra: [`it woke ${whom}${waited}: its sleep or its wait's timeout was over`],
  };
}

/**
 * The comparison at a glance: per metric, each variant's value in order, the better one
 * marked ★ (higher throughput, lower everything else).
 */
export function compareStrip(models: readonly DashModel[]): string {
  if (models.length < 2) return '';
  const secs = (m: DashModel): number => m.now / m.clockHz;
  const reqs = (m: DashModel): number | null => m.net?.latency?.samples ?? null;
  const syscalls = (m: DashModel): number => Object.values(m.procs).reduce((a, p) => a + p.syscalls.reduce((b, x) => b + x.total, 0), 0);
  const metrics: { name: string; better: 'hi' | 'lo'; v: (m: DashModel) => number | null; f: (x: number) => string }[] = [
    { name: 'req/s', better: 'hi', v: (m) => { const q = reqs(m); return q === null || secs(m) <= 0 ? null : q / secs(m); }, f: fmtCount },
    { name: 'p99', better: 'lo', v: (m) => m.net?.latency?.p99Ns ?? null, f: fmtNs },
    { name: 'syscalls/req', better: 'lo', v: (m) => { const q = reqs(m); return q === null || q === 0 ? null : syscalls(m) / q; }, f: (x) => x.toFixed(1) },
    { name: 'threads', better: 'lo', v: (m) => Object.values(m.threads).filter((t) => t.state !== 'dead').length, f: fmtCount },
    { name: 'RSS', better: 'lo', v: (m) => Object.values(m.procs).reduce((a, p) => a + p.rssBytes, 0), f: fmtBytes },
    { name: 'ctx sw', better: 'lo', v: (m) => m.kernel.contextSwitches, f: fmtCount },
  ];
  const parts: string[] = [];
  for (const x of metrics) {
    const vs = models.map(x.v);
    if (vs.every((v) => v === null)) continue;
    const known = vs.filter((v): v is number => v !== null);
    const best = x.better === 'hi' ? Math.max(...known) : Math.min(...known);
    const unique = known.filter((v) => v === best).length === 1;
    parts.push(`${x.name} ${vs.map((v) => (v === null ? '—' : `${x.f(v)}${unique && v === best ? '★' : ''}`)).join(' ')}`);
  }
  return ` ${parts.join(' │ ')}`;
}

/** The chain the seeds draw, from a goroutine down to the core it runs on: g → P → M → thread → core. */
export function goChain(model: DashModel, pid: number, goid: number): string {
  const snap = model.runtimes[pid]?.snap;
  const g = snap?.gs.find((x) => x.goid === goid);
  if (snap === undefined || g === undefined) return `g${goid}`;
  const m = g.m >= 0 ? snap.ms.find((x) => x.id === g.m) : undefined;
  if (m === undefined) return `g${goid} (${g.status.slice(2)}${g.waitReason !== '' ? `: ${g.waitReason}` : ''}) → not on an M`;
  const p = m.p >= 0 ? `P${m.p}` : 'no P';
  const th = model.threads[m.tid];
  const core = th === undefined ? '?' : th.state === 'running' ? `cpu${th.cpu}` : `${th.state}${th.wchan !== '' ? ` on ${th.wchan}` : ''} (last on cpu${th.cpu})`;
  return `g${goid} → ${p} → M${m.id} → thread ${m.tid} → ${core}`;
}

const BAR_CHAR: Record<string, string> = { _Grunning: '█', _Grunnable: '▒', _Gwaiting: '░', _Gsyscall: '▓', running: '█', runnable: '▒', sleeping: '░' };

/** A state history as a bar over time: █ running, ▒ runnable, ░ waiting, ▓ in a syscall. */
export function stateBar(hist: readonly HistEntry[], now: number, width: number): string {
  if (hist.length === 0 || width <= 0) return '';
  const t0 = hist[0]!.t; const span = Math.max(1, now - t0);
  let out = ''; let j = 0;
  for (let c = 0; c < width; c++) {
    const t = t0 + (c + 0.5) * span / width;
    while (j + 1 < hist.length && hist[j + 1]!.t <= t) j++;
    out += BAR_CHAR[hist[j]!.state] ?? ' ';
  }
  return out;
}

export function DetailView({ model, target, width, height }: { model: DashModel; target: DetailTarget; width: number; height: number }) {
  const clk = model.clockHz;
  let title: string; let hist: HistEntry[]; let now: string; const extra: string[] = [];
  if (target.kind === 'interrupt') {
    const th = model.threads[target.id];
    const r = th === undefined ? { title: `thread ${target.id}`, now: 'gone', extra: [] } : interruptText(model, th);
    title = r.title; now = r.now; extra.push(...r.extra);
    hist = th === undefined ? [] : th.history.filter((h) => h.detail.startsWith('woken'));
  } else if (target.kind === 'p' || target.kind === 'm') {
    const snap = model.runtimes[target.pid]?.snap;
    if (target.kind === 'p') {
      const pp = snap?.ps.find((x) => x.id === target.id);
      title = `P${target.id} of pid ${target.pid}`;
      now = pp === undefined ? 'no such P' : `${pp.status}${pp.m >= 0 ? `, held by M${pp.m}` : ''}${pp.curg > 0 ? ` running g${pp.curg}` : ''}, run queue ${pp.runq}${pp.runnext > 0 ? ` + runnext g${pp.runnext}` : ''}, ${pp.timers} timers, schedtick ${pp.schedtick}, syscalltick ${pp.syscalltick}`;
    } else {
      const mm = snap?.ms.find((x) => x.id === target.id);
      title = `M${target.id} of pid ${target.pid}`;
      now = mm === undefined ? 'no such M' : `${mm.state}${mm.spinning ? ' (spinning)' : ''}, thread ${mm.tid}, ${mm.p >= 0 ? `P${mm.p}` : 'no P'}${mm.curg > 0 ? `, running g${mm.curg}` : ''}`;
      const th = mm === undefined ? undefined : model.threads[mm.tid];
      if (th !== undefined) extra.push(`its thread: ${th.state}${th.wchan !== '' ? ` on ${th.wchan}` : ''}, cpu${th.cpu}, ${th.switches} switches`);
    }
    hist = [];
  } else if (target.kind === 'core') {
    const c = model.cores[target.id];
    const th = c === undefined || c.tid === 0 ? undefined : model.threads[c.tid];
    title = `core cpu${target.id}`;
    const busy = c === undefined || c.util.length === 0 ? 0 : c.util[c.util.length - 1]!;
    now = c === undefined ? 'no such core' : `${c.mode}, running ${who(c.pid, c.tid, model.threads, model.procs)}, busy ${Math.round(busy * 100)}% (user ${Math.round(c.userPct)}% kernel ${Math.round(c.kernelPct)}%), ${fmtCount(c.irqPerSec)} interrupts/s`;
    if (c !== undefined) extra.push(`utilisation ${sparkline(c.util, Math.min(c.util.length, Math.max(0, width - 12)))}`);
    const woke = th === undefined ? undefined : [...th.history].reverse().find((h) => h.detail.startsWith('woken'));
    if (woke !== undefined) extra.push(`what woke thread ${th!.tid} last: ${woke.detail} at ${fmtClock(woke.t, clk)}`);
    // The thread's history on this core: when it was switched in here, preempted, woken to it.
    hist = th === undefined ? [] : th.history.filter((h) => h.detail.includes(`cpu${target.id}`));
  } else if (target.kind === 'thread') {
    const th = model.threads[target.id];
    const p = model.procs[target.pid];
    title = `thread ${target.id} of ${p?.name ?? '?'}[${target.pid}]`;
    hist = th?.history ?? [];
    now = th === undefined ? 'gone' : `${th.state}${th.wchan !== '' ? ` on ${th.wchan}` : ''}${th.syscall !== '' ? ` in ${th.syscall}` : ''}, cpu${th.cpu}, ${th.switches} switches`;
    const woke = [...hist].reverse().find((h) => h.detail.startsWith('woken'));
    if (woke !== undefined) extra.push(`last woken at ${fmtClock(woke.t, clk)}: ${woke.detail}`);
  } else {
    const go = model.runtimes[target.pid];
    const g = go?.snap.gs.find((x) => x.goid === target.id);
    title = `goroutine ${target.id} of pid ${target.pid}`;
    hist = go?.history[target.id] ?? [];
    now = g === undefined ? 'not among the listed goroutines' : `${g.status}${g.waitReason !== '' ? ` (${g.waitReason})` : ''}${g.m >= 0 ? ` on M${g.m}` : ''}, started at ${g.startFn}${g.at !== undefined ? `, waits at ${g.at}` : ''}`;
    extra.push(`runs on: ${goChain(model, target.pid, target.id)}`);
    const a = model.gacct?.[target.pid]?.[target.id];
    if (a !== undefined) extra.push(`busy ${fmtNs(a.busy / clk * 1e9)}  scheduled ${fmtNs(a.scheduled / clk * 1e9)}  idle ${fmtNs(a.idle / clk * 1e9)}  polls ${a.polls}`);
  }
  // What the lints found here: in this goroutine, or on this thread.
  for (const l of model.lints ?? []) {
    if (l.pid !== target.pid || (target.kind !== 'thread' && target.kind !== 'goroutine') || (target.kind === 'thread' ? l.where.thread : l.where.goroutine) !== target.id) continue;
    extra.push(`⚠ ${l.id} at ${fmtNs(l.atNs)}: ${l.message}`);
    if (l.detail !== undefined) extra.push(...l.detail.split('\n').map((x) => `   ${x}`));
  }
  // The data races this goroutine took part in: its access, and the other one. (A C program's
  // races name the detector's thread numbers, not kernel tids: they are in the strip only.)
  for (const r of model.races ?? []) {
    if (target.kind !== 'goroutine' || r.pid !== target.pid) continue;
    if (r.goroutine === target.id) extra.push(`✖ data race at ${fmtNs(r.atNs)}: this access at ${r.at}, previous by goroutine ${r.previousGoroutine} at ${r.previous}`);
    else if (r.previousGoroutine === target.id) extra.push(`✖ data race at ${fmtNs(r.atNs)}: this access at ${r.previous}, later by goroutine ${r.goroutine} at ${r.at}`);
  }
  if (hist.length > 0 && (target.kind === 'thread' || target.kind === 'goroutine')) {
    const label = `${fmtClock(hist[0]!.t, clk)} `; const legend = ' now  █ run ▒ ready ░ wait';
    extra.push(`${label}${stateBar(hist, model.now, Math.max(0, width - label.length - legend.length))}${legend}`);
  }
  const room = Math.max(0, height - 3 - extra.length);
  const rows = hist.slice(-room);
  return <Box flexDirection="column" width={width} height={height} overflowY="hidden">
    <Text bold inverse wrap="truncate">{cell(` ${title} — Esc back  > ${DOWN_LABEL[target.kind]}  < ${UP_LABEL[target.kind]}`, width)}</Text>
    <Text wrap="truncate">{fit(`now: ${now}`, width)}</Text>
    {extra.map((l, i) => <Text key={`x${i}`} wrap="truncate">{fit(l, width)}</Text>)}
    <Text bold wrap="truncate">{fit(`${cell('TIME', 14)}${cell('STATE', 12)}WHAT`, width)}</Text>
    {rows.length === 0 ? <Text dimColor>(no recorded history)</Text> : null}
    {rows.map((h, i) => <Text key={i} wrap="truncate">{fit(`${cell(fmtClock(h.t, clk), 14)}${cell(h.state, 12)}${h.detail}`, width)}</Text>)}
  </Box>;
}
