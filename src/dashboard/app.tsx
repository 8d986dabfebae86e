// The dashboard screen and its controls.
//
// <Screen> is a pure layout of the models (one per variant of the scenario) into
// the terminal's columns × rows. The header always keeps the run's state, the
// simulated time and the speed; the key bar always keeps `?` and `q`; below the
// header, the timeline scrubber. Variants are shown side by side as far as they
// fit (about 56 columns each), the others one `v` away on a switcher line. Each
// variant's panes: at ≥120 columns and enough rows every pane in two columns;
// narrower, the Machine pane on top and the focused pane under a tab line. It
// draws at most rows-1 lines, so the terminal never scrolls.
//
// <App> owns the user's selection and the history, and draws what its Source
// (the simulation thread) sends; it never runs the simulation itself, so a key
// is answered at once whatever the machines are doing.

import { useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import './ink-output.ts'; // Ink's output pass without an object per cell (same bytes)
import type { DashModel } from './state.ts';
import { cell, fit, fmtClock } from './format.ts';
import {
  ConsolePane, DetailView, GoroutinesPane, HelpOverlay, HistogramsPane, ResourcesPane, KernelPane, MachinePane, NetworkPane, PANES, RuntimePane,
  compareStrip, drill, headerText, pickRuntime, stateText, visibleGoroutines, visibleThreads, HELP_LINES, type DetailTarget, type Selection,
} from './panes.tsx';
import type { DriverAction, GoSortKey, GoTable, Summary, TableQuery } from './driver.ts';
import { renderLint } from '../scenario/lint.ts';
import type { RaceView } from '../scenario/report.ts';
import { History, STEP_UNITS, type StepUnit } from './history.ts';
import { OBJ_SORT_KEYS, objectGoroutines, sortObjects, type ObjSortKey } from './objects.ts';
import type { RuntimeObject } from '../runtime/snapshot.ts';
import type { Source } from './source.ts';
import { CONSOLE_SIGNALS } from '../kernel/uapi/console.ts';

export interface UiState {
  focus: number;
  sel: Selection;
  detail: DetailTarget | null;
  help: boolean;
  helpScroll: number;
  /** The filter being typed, or null when not editing. */
  editing: string | null;
  /** The first variant shown (the others follow as far as they fit). */
  variant: number;
  /** What ←/→ step by. */
  unit: StepUnit;
  /** The past moment shown (an index into the history), or null for live. */
  cursor: number | null;
  /** Show the end-of-run summary (once there is one) instead of the panes. */
  summary: boolean;
  summaryScroll: number;
  sort: GoSortKey;
  desc: boolean;
  /** How the Resources pane sorts the runtime's objects (`desc` applies too). */
  objSort: ObjSortKey;
  /** `k`: the signal menu, open on a process (and the thread selected, if one was). */
  kill: KillMenu | null;
}

/** htop's kill: which process (or which of its threads) gets which of the console's signals. */
export interface KillMenu { pid: number; name: string; tid: number | null; toThread: boolean; choice: number }

export const initialUi: UiState = {
  focus: 0, sel: { pid: null, row: 0, filter: '' }, detail: null, help: false, helpScroll: 0, editing: null,
  variant: 0, unit: 'event', cursor: null, summary: true, summaryScroll: 0, sort: 'busy', desc: true, objSort: 'waiters', kill: null,
};

/** What the screen shows besides the models. */
export interface ScreenExtras {
  /** Boot progress, before the first models arrive. */
  boot?: string;
  /** The timeline scrubber line (already laid out), if any. */
  timeline?: string;
  /** The state to show instead of the models' own (history, replay). */
  state?: string;
  summary?: Summary | null;
  table?: GoTable | null;
  /** A line for the user in place of the key hints (what an export wrote). */
  notice?: string;
}

function Pane({ n, m, ui, width, height, table }: { n: number; m: DashModel; ui: UiState; width: number; height: number; table: GoTable | null }) {
  const focused = ui.focus === n;
  switch (n) {
    case 0: return <MachinePane cores={m.cores} threads={m.threads} procs={m.procs} width={width} height={height} focused={focused} />;
    case 1: return <KernelPane kernel={m.kernel} threads={m.threads} procs={m.procs} sel={ui.sel} width={width} height={height} focused={focused} />;
    case 2: return <RuntimePane go={pickRuntime(m.runtimes, ui.sel.pid)} acct={m.gacct} sel={ui.sel} now={m.now} clockHz={m.clockHz} width={width} height={height} focused={focused} />;
    case 3: return <NetworkPane net={m.net} width={width} height={height} focused={focused} />;
    case 4: return <ConsolePane procs={m.procs} kernel={m.kernel} sel={ui.sel} width={width} height={height} focused={focused} />;
    case 6: return <ResourcesPane procs={m.procs} runtimes={m.runtimes} os={m.kernel.os} net={m.net} sel={ui.sel} width={width} height={height} focused={focused} objSort={ui.objSort} desc={ui.desc} now={m.now} clockHz={m.clockHz} />;
    case 7: return <HistogramsPane net={m.net} hists={m.hists} procs={m.procs} sel={ui.sel} clockHz={m.clockHz} width={width} height={height} focused={focused} />;
    default: return <GoroutinesPane table={table} hasRuntime={Object.keys(m.runtimes).length > 0} sort={ui.sort} desc={ui.desc} sel={ui.sel} clockHz={m.clockHz} width={width} height={height} focused={focused} races={m.races} />;
  }
}

/** The panes of one model in `width` × `height`. */
export function Body({ m, ui, width, height, table = null }: { m: DashModel; ui: UiState; width: number; height: number; table?: GoTable | null }) {
  if (ui.detail !== null) return <DetailView model={m} target={ui.detail} width={width} height={height} />;
  const machineH = Math.min(m.cores.length + 1, Math.max(2, Math.floor(height / 3)));
  if (width >= 120 && height >= 22 && ui.focus < 5) {
    const leftW = Math.floor(width / 2); const rightW = width - leftW - 1;
    const kernelH = height - machineH;
    const netH = m.net === null ? 2 : Math.min(2 + m.net.nics.length, 6);
    const runtimeH = Math.floor((height - netH) * 0.55);
    const consoleH = height - netH - runtimeH;
    return (
      <Box flexDirection="row" width={width} height={height}>
        <Box flexDirection="column" width={leftW} height={height}>
          <Pane n={0} m={m} ui={ui} width={leftW} height={machineH} table={table} />
          <Pane n={1} m={m} ui={ui} width={leftW} height={kernelH} table={table} />
        </Box>
        <Box width={1} />
        <Box flexDirection="column" width={rightW} height={height}>
          <Pane n={2} m={m} ui={ui} width={rightW} height={runtimeH} table={table} />
          <Pane n={3} m={m} ui={ui} width={rightW} height={netH} table={table} />
          <Pane n={4} m={m} ui={ui} width={rightW} height={consoleH} table={table} />
        </Box>
      </Box>
    );
  }
  // Narrow (or the Goroutines, Resources or Histograms pane, which want the width): Machine on top, a tab line, then the focused pane (Kernel when Machine is focused).
  const other = ui.focus === 0 ? 1 : ui.focus;
  const rest = Math.max(0, height - machineH - 1);
  const tabs = tabLine(ui.focus, width);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Pane n={0} m={m} ui={ui} width={width} height={machineH} table={table} />
      <Text wrap="truncate" dimColor>{fit(tabs, width)}</Text>
      <Pane n={other} m={m} ui={ui} width={width} height={rest} table={table} />
    </Box>
  );
}

/** The panes as tabs, the focused one in brackets; the others by their first three letters when the names do not all fit. */
export function tabLine(focus: number, width: number): string {
  const full = PANES.map((p, i) => (i === focus ? `[${i + 1} ${p}]` : ` ${i + 1} ${p} `)).join('');
  if (full.length <= width) return full;
  return PANES.map((p, i) => (i === focus ? `[${i + 1} ${p}]` : ` ${i + 1} ${p.slice(0, 3)} `)).join('');
}

const HINTS = 'space pause  ←/→ step back/fwd  . step  +/- speed  v variant  Tab pane  Enter detail  / filter  s summary  e trace  w pcap';
const KEY_TAIL = '  ? help  q quit';

/** The key bar: as many hints as fit, and always `? help  q quit` at the end. */
export function keyBar(ui: UiState, width: number, notice?: string): string {
  const hint = ui.editing !== null ? `filter: /${ui.editing}█  (Enter apply, Esc cancel)` : ui.sel.filter !== '' ? `filter /${ui.sel.filter} (/ to change)  ${HINTS}` : HINTS;
  const unit = `  ←/→ by ${ui.unit} (u)`;
  const text = notice ?? (ui.cursor !== null ? `past moment: space resumes from here, End back to live${unit}` : hint);
  if (width < KEY_TAIL.length + 4) return fit(KEY_TAIL.trim(), width);
  return fit(text, width - KEY_TAIL.length).padEnd(width - KEY_TAIL.length) + KEY_TAIL;
}

/** How many variants fit side by side. */
export function variantsShown(n: number, columns: number): number {
  return Math.max(1, Math.min(n, Math.floor((columns + 1) / 57)));
}

function SummaryView({ s, width, height, scroll }: { s: Summary; width: number; height: number; scroll: number }) {
  const room = Math.max(0, height - 1);
  const top = Math.max(0, Math.min(scroll, s.lines.length - room));
  const more = s.lines.length > room ? `  (j/k scroll, ${top + 1}-${Math.min(s.lines.length, top + room)} of ${s.lines.length})` : '';
  return <Box flexDirection="column" width={width} height={height} overflowY="hidden">
    <Text bold inverse wrap="truncate">{cell(` end of run — ${s.title}${more}  s: panes`, width)}</Text>
    {s.lines.slice(top, top + room).map((l, i) => <Text key={i} wrap="truncate">{l === '' ? ' ' : fit(l, width)}</Text>)}
  </Box>;
}

/** The whole screen for the models of every variant. */
export function Screen({ models, ui, columns, rows, extras = {} }: { models: DashModel[]; ui: UiState; columns: number; rows: number; extras?: ScreenExtras }) {
  const height = Math.max(3, rows - 1); // one line short of the terminal: drawing the last line would scroll it
  const keys = extras.notice !== undefined
    ? <Text color="cyan" wrap="truncate">{keyBar(ui, columns, extras.notice)}</Text>
    : <Text dimColor wrap="truncate">{keyBar(ui, columns)}</Text>;
  const first = models[0];
  if (first === undefined) {
    const boot = headerText({ title: 'gomachine', state: '◌ booting', now: 0, clockHz: 1, speed: 10e6, actualSpeed: null }, columns);
    return <Box flexDirection="column" width={columns} height={height} overflowY="hidden">
      <Text inverse wrap="truncate">{cell(boot, columns)}</Text>
      <Box height={Math.max(0, height - 2)} flexDirection="column"><Text wrap="truncate">{fit(`  ${extras.boot ?? 'starting the simulation…'}`, columns)}</Text></Box>
      {keys}
    </Box>;
  }
  // The header: the run as a whole (compare mode: the machines are in step); each variant's own state is on its name line.
  const running = models.filter((m) => m.finished === null);
  const allDone = running.length === 0;
  const state = extras.state ?? (allDone && models.length > 1 ? `■ all ${models.length} stopped` : stateText(running[0] ?? first));
  const now = Math.min(...(running.length > 0 ? running : models).map((m) => m.now));
  const title = models.length > 1 ? `${first.title.split('/')[0]} (${models.length} variants)` : first.title;
  const header = headerText({ title, state, now, clockHz: first.clockHz, speed: first.speed, actualSpeed: !first.paused && !allDone && extras.state === undefined ? first.actualSpeed : null }, columns);
  const timeline = extras.timeline !== undefined ? [<Text key="tl" wrap="truncate">{fit(extras.timeline, columns)}</Text>] : [];
  const n = models.length;
  const k = variantsShown(n, columns);
  const switcher = n > k;
  const strip = n > 1 && height >= 16 ? compareStrip(models) : '';
  const warnings = warningsStrip(models);
  const bodyH = Math.max(0, height - 2 - timeline.length - (switcher ? 1 : 0) - (strip !== '' ? 1 : 0) - (warnings !== '' ? 1 : 0));
  const summary = extras.summary ?? null;
  let body: React.ReactNode;
  if (ui.help) body = <HelpOverlay width={columns} height={bodyH} scroll={ui.helpScroll} />;
  else if (ui.kill !== null) body = <Box flexDirection="column" width={columns} height={bodyH} overflowY="hidden">
    {killMenuLines(ui.kill).slice(0, bodyH).map((l, i) => <Text key={i} bold={i === 0} wrap="truncate">{fit(l, columns)}</Text>)}
  </Box>;
  else if (summary !== null && ui.summary && ui.cursor === null) body = <SummaryView s={summary} width={columns} height={bodyH} scroll={ui.summaryScroll} />;
  else {
    const shown = Array.from({ length: k }, (_, i) => (ui.variant + i) % n);
    const w = Math.floor((columns - (k - 1)) / k);
    const named = n > 1;
    body = <Box flexDirection="row" width={columns} height={bodyH}>
      {shown.map((vi, j) => {
        const m = models[vi]!;
        const wj = j === k - 1 ? columns - (k - 1) - w * (k - 1) : w;
        const ownUi = ui.detail !== null && !(ui.detail.pid in m.procs) ? { ...ui, detail: null } : ui;
        return <Box key={vi} flexDirection="row" width={wj + (j < k - 1 ? 1 : 0)} height={bodyH}>
          <Box flexDirection="column" width={wj} height={bodyH}>
            {named ? <Text inverse wrap="truncate">{cell(` ${vi + 1} ${m.title} │ ${stateText(m)} │ t=${fmtClock(m.now, m.clockHz)}`, wj)}</Text> : null}
            <Body m={m} ui={ownUi} width={wj} height={bodyH - (named ? 1 : 0)} table={vi === 0 ? extras.table ?? null : null} />
          </Box>
          {j < k - 1 ? <Box width={1} /> : null}
        </Box>;
      })}
    </Box>;
  }
  const switchLine = switcher
    ? fit(`variants: ${models.map((m, i) => { const on = i >= ui.variant && i < ui.variant + k || i < (ui.variant + k) - n; const name = `${i + 1} ${m.title.split('/').pop()}${m.finished !== null ? ' ■' : ''}`; return on ? `[${name}]` : ` ${name} `; }).join('')}  v next`, columns)
    : null;
  return (
    <Box flexDirection="column" width={columns} height={height} overflowY="hidden">
      <Text inverse wrap="truncate">{cell(header, columns)}</Text>
      {timeline}
      {switchLine !== null ? <Text wrap="truncate" color="cyan">{switchLine}</Text> : null}
      {strip !== '' ? <Text wrap="truncate" dimColor>{fit(strip, columns)}</Text> : null}
      {warnings !== '' ? <Text wrap="truncate" color="yellow">{fit(warnings, columns)}</Text> : null}
      {body}
      {keys}
    </Box>
  );
}

/** The rows of the focused list (threads or goroutines), for moving the selection. */
function listLength(m: DashModel, ui: UiState, table: GoTable | null): number {
  if (ui.focus === 1) return visibleThreads(m.threads, m.procs, ui.sel).length;
  if (ui.focus === 2) { const g = pickRuntime(m.runtimes, ui.sel.pid); return g === undefined ? 0 : visibleGoroutines(g, ui.sel).length; }
  if (ui.focus === 5) return table?.rows.length ?? 0;
  if (ui.focus === 6) return shownObjects(m, ui).length;
  return 0;
}

/** What `k` signals: the selected thread (its process, or it alone), else the process of the goroutines or detail on screen, else the picked process. */
function killTarget(m: DashModel, ui: UiState, table: GoTable | null): KillMenu | null {
  const at = ui.detail ?? selectedTarget(m, ui, table);
  const pid = at?.pid ?? (ui.focus === 2 || ui.focus >= 5 ? pickRuntime(m.runtimes, ui.sel.pid)?.pid : undefined) ?? ui.sel.pid;
  const p = pid === null ? undefined : m.procs[pid];
  if (p === undefined || p.state !== 'alive') return null;
  const tid = at?.kind === 'thread' && p.tids.includes(at.id) ? at.id : null;
  return { pid: p.pid, name: p.name, tid, toThread: false, choice: 0 };
}

/** Keys while the signal menu is open: ↑/↓ (j) choose, Tab sends to the thread instead of the process, Enter sends, Esc closes. */
function killMenuKey(input: string, key: Key, ui: UiState, k: KillMenu): [UiState, Action] {
  const n = CONSOLE_SIGNALS.length;
  const set = (x: Partial<KillMenu>): [UiState, Action] => [{ ...ui, kill: { ...k, ...x } }, null];
  if (key.ctrl === true && input === 'c') return [ui, 'quit'];
  if (key.escape === true || input === 'q') return [{ ...ui, kill: null }, null];
  if (key.return === true) return [ui, 'send-signal'];
  if (key.downArrow === true || input === 'j') return set({ choice: (k.choice + 1) % n });
  if (key.upArrow === true) return set({ choice: (k.choice - 1 + n) % n });
  if (key.tab === true && k.tid !== null) return set({ toThread: !k.toThread });
  if (input >= '1' && input <= String(n)) return set({ choice: Number(input) - 1 });
  return [ui, null];
}

/** The signal menu (htop's F9/k): the target, then the console's signals, the chosen one marked. */
export function killMenuLines(k: KillMenu): string[] {
  const to = k.toThread && k.tid !== null ? `thread ${k.tid} of ${k.name}[${k.pid}] (tgkill)` : `${k.name}[${k.pid}] (kill)`;
  return [
    ` send a signal to ${to}, from the console`,
    ...CONSOLE_SIGNALS.map((x, i) => `${i === k.choice ? '▶' : ' '} ${i + 1} ${x.name.padEnd(8)} ${String(x.sig).padStart(2)}  ${SIGNAL_MEANING[x.name] ?? ''}`),
    ` ↑/↓ choose · Enter send · ${k.tid !== null ? 'Tab process / thread · ' : ''}Esc cancel`,
  ];
}

/** What each default action does, for the menu (signal(7)). */
const SIGNAL_MEANING: Record<string, string> = {
  SIGTERM: 'terminate (may be caught)', SIGINT: 'interrupt, as ^C', SIGHUP: 'hang up', SIGQUIT: 'quit with a core dump',
  SIGKILL: 'kill (cannot be caught)', SIGUSR1: 'user-defined 1', SIGUSR2: 'user-defined 2',
};

function selectedTarget(m: DashModel, ui: UiState, table: GoTable | null): DetailTarget | null {
  if (ui.focus === 1 || ui.focus === 0) {
    const th = visibleThreads(m.threads, m.procs, ui.sel)[ui.sel.row];
    return th === undefined ? null : { kind: 'thread', pid: th.pid, id: th.tid };
  }
  if (ui.focus === 2) {
    const g = pickRuntime(m.runtimes, ui.sel.pid);
    const x = g === undefined ? undefined : visibleGoroutines(g, ui.sel)[ui.sel.row];
    return x === undefined || g === undefined ? null : { kind: 'goroutine', pid: g.pid, id: x.goid };
  }
  if (ui.focus === 5 && table !== null) {
    const r = table.rows[ui.sel.row];
    return r === undefined ? null : { kind: 'goroutine', pid: table.pid, id: r.goid };
  }
  if (ui.focus === 6) {
    // A runtime object: the first goroutine waiting on it (a mutex with none: its holder, when known).
    const o = shownObjects(m, ui)[ui.sel.row];
    const goid = o === undefined ? undefined : objectGoroutines(o)[0];
    const g = pickRuntime(m.runtimes, ui.sel.pid);
    return goid === undefined || g === undefined ? null : { kind: 'goroutine', pid: g.pid, id: goid };
  }
  return null;
}

/** The Resources pane's object rows, in the order shown. */
function shownObjects(m: DashModel, ui: UiState): RuntimeObject[] {
  const objs = pickRuntime(m.runtimes, ui.sel.pid)?.snap.objects?.objects;
  return objs === undefined ? [] : sortObjects(objs, ui.objSort, ui.desc);
}

/** The processes `p` cycles through: all, then each by pid. */
function nextPid(m: DashModel, cur: number | null, dir: 1 | -1): number | null {
  const pids = Object.keys(m.procs).map(Number).sort((a, b) => a - b);
  const ring: (number | null)[] = [null, ...pids];
  const i = ring.indexOf(cur);
  return ring[(i + dir + ring.length) % ring.length]!;
}

export interface Key { upArrow?: boolean; downArrow?: boolean; leftArrow?: boolean; rightArrow?: boolean; return?: boolean; escape?: boolean; tab?: boolean; shift?: boolean; ctrl?: boolean; backspace?: boolean; delete?: boolean; pageUp?: boolean; pageDown?: boolean; home?: boolean; end?: boolean }

export type Action = 'quit' | DriverAction | 'back' | 'forward' | 'home' | 'end' | 'export-trace' | 'export-pcap' | 'send-signal' | null;

const SORT_KEYS: GoSortKey[] = ['busy', 'scheduled', 'idle', 'polls', 'goid', 'state', 'wait'];

/** The key map: a new UI state and an action on the run. Pure, for tests. `variants`: how many there are. */
export function handleKey(input: string, key: Key, ui: UiState, m: DashModel, variants = 1, table: GoTable | null = null): [UiState, Action] {
  if (key.ctrl === true && input === 'c') return [ui, 'quit'];
  if (ui.editing !== null) {
    if (key.escape === true) return [{ ...ui, editing: null }, null];
    if (key.return === true) return [{ ...ui, editing: null, sel: { ...ui.sel, filter: ui.editing, row: 0 } }, null];
    if (key.backspace === true || key.delete === true) return [{ ...ui, editing: ui.editing.slice(0, -1) }, null];
    if (input !== '' && key.ctrl !== true) return [{ ...ui, editing: ui.editing + input }, null];
    return [ui, null];
  }
  if (ui.kill !== null) return killMenuKey(input, key, ui, ui.kill);
  if (ui.help) {
    if (input === 'q') return [ui, 'quit'];
    if (input === 'j' || key.downArrow === true) return [{ ...ui, helpScroll: Math.min(HELP_LINES.length - 1, ui.helpScroll + 1) }, null];
    if (input === 'k' || key.upArrow === true) return [{ ...ui, helpScroll: Math.max(0, ui.helpScroll - 1) }, null];
    return [{ ...ui, help: false, helpScroll: 0 }, null];
  }
  if (key.escape === true) {
    if (ui.detail !== null) return [{ ...ui, detail: null }, null];
    if (ui.sel.filter !== '') return [{ ...ui, sel: { ...ui.sel, filter: '', row: 0 } }, null];
    return [ui, null];
  }
  const summaryOn = ui.summary && ui.cursor === null;
  const len = listLength(m, ui, table);
  const move = (d: number): UiState => ({ ...ui, sel: { ...ui.sel, row: Math.max(0, Math.min(Math.max(0, len - 1), ui.sel.row + d)) } });
  const scroll = (d: number): UiState => ({ ...ui, summaryScroll: Math.max(0, ui.summaryScroll + d) });
  const focus = (n: number): UiState => ({ ...ui, focus: (n + PANES.length) % PANES.length, detail: null, sel: { ...ui.sel, row: 0 }, summary: false });
  if (key.tab === true) return [focus(ui.focus + (key.shift === true ? -1 : 1)), null];
  if (key.downArrow === true) return [m.finished !== null && summaryOn ? scroll(1) : move(1), null];
  if (key.upArrow === true) return [m.finished !== null && summaryOn ? scroll(-1) : move(-1), null];
  if (key.pageDown === true) return [move(10), null];
  if (key.pageUp === true) return [move(-10), null];
  if (key.leftArrow === true) return [ui, 'back'];
  if (key.rightArrow === true) return [ui, 'forward'];
  if (key.home === true) return [ui, 'home'];
  if (key.end === true) return [ui, 'end'];
  if (ui.detail !== null && (input === '>' || input === '<')) {
    const t = drill(m, ui.detail, input === '>' ? 'down' : 'up');
    return [t === null ? ui : { ...ui, detail: t }, null];
  }
  if (key.return === true) {
    const t = selectedTarget(m, ui, table);
    return [t === null ? ui : { ...ui, detail: t }, null];
  }
  switch (input) {
    case 'q': return [ui, 'quit'];
    case 'e': return [ui, 'export-trace'];
    case 'w': return [ui, 'export-pcap'];
    case ' ': return [ui, 'pause'];
    case '.': return [ui, 'step-event'];
    case 't': return [ui, 'step-tick'];
    case 'm': return [ui, 'step-ms'];
    case '+': case '=': return [ui, 'faster'];
    case '-': case '_': return [ui, 'slower'];
    case '?': return [{ ...ui, help: true, helpScroll: 0 }, null];
    case '/': return [{ ...ui, editing: ui.sel.filter }, null];
    case 'j': return [summaryOn && m.finished !== null ? scroll(1) : move(1), null];
    case 'k': {
      if (ui.cursor !== null || m.finished !== null) return [ui, null]; // signals go to the live run (the screen says so)
      const t = killTarget(m, ui, table);
      return [t === null ? ui : { ...ui, kill: t }, null];
    }
    case 'g': return [move(-Infinity), null];
    case 'G': return [move(Infinity), null];
    case 'h': return [focus(ui.focus - 1), null];
    case 'l': return [focus(ui.focus + 1), null];
    case 's': return [{ ...ui, summary: !ui.summary, summaryScroll: 0 }, null];
    case 'u': return [{ ...ui, unit: STEP_UNITS[(STEP_UNITS.indexOf(ui.unit) + 1) % STEP_UNITS.length]! }, null];
    case 'v': return [{ ...ui, variant: (ui.variant + 1) % Math.max(1, variants), detail: null }, null];
    case 'V': return [{ ...ui, variant: (ui.variant - 1 + variants) % Math.max(1, variants), detail: null }, null];
    case 'o':
      if (ui.focus === 6) return [{ ...ui, objSort: OBJ_SORT_KEYS[(OBJ_SORT_KEYS.indexOf(ui.objSort) + 1) % OBJ_SORT_KEYS.length]!, sel: { ...ui.sel, row: 0 } }, null];
      return [{ ...ui, sort: SORT_KEYS[(SORT_KEYS.indexOf(ui.sort) + 1) % SORT_KEYS.length]!, sel: { ...ui.sel, row: 0 } }, null];
    case 'i': return [{ ...ui, desc: !ui.desc }, null];
    case 'p': return [{ ...ui, detail: null, sel: { ...ui.sel, pid: nextPid(m, ui.sel.pid, 1), row: 0 } }, null];
    case 'P': return [{ ...ui, detail: null, sel: { ...ui.sel, pid: nextPid(m, ui.sel.pid, -1), row: 0 } }, null];
    default:
      if (input >= '1' && input <= String(PANES.length)) return [focus(Number(input) - 1), null];
      return [ui, null];
  }
}

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = (): { columns: number; rows: number } => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => { stdout.off('resize', onResize); };
  }, [stdout]);
  return size;
}

/** What the App holds between frames. */
interface Live {
  boot: string; models: DashModel[]; table: GoTable | null; summary: Summary | null; replaying: boolean; error: string | null;
  /** An action sent to the simulation thread and not yet seen in a frame: the header says so at once. */
  pending: string | null;
  /** What the last export wrote (or is writing), shown in the key bar until the next key. */
  notice: string | null;
}

export function App({ source, onQuit, history: hist, onKeyAnswered, onFirstModels }: {
  source: Source; onQuit?: () => void; history?: History;
  /** Called once, when the first frame with the machines' models arrives. */
  onFirstModels?: () => void;
  /** Called with the wall time (ms) from a key to the next screen drawn after it. */
  onKeyAnswered?: (ms: number) => void;
}) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const history = useRef(hist ?? new History()).current;
  const [live, setLive] = useState<Live>({ boot: 'starting the simulation…', models: [], table: null, summary: null, replaying: false, error: null, pending: null, notice: null });
  const [ui, setUi] = useState<UiState>(initialUi);
  const uiRef = useRef(ui); uiRef.current = ui;
  const liveRef = useRef(live); liveRef.current = live;
  const keyAt = useRef<number | null>(null);
  const firstModels = useRef(false);
  useEffect(() => {
    if (keyAt.current === null) return;
    onKeyAnswered?.(performance.now() - keyAt.current);
    keyAt.current = null;
  });

  useEffect(() => {
    source.listen({
      boot: (text) => setLive((l) => ({ ...l, boot: text })),
      ready: () => undefined,
      frame: (models, table, summary, replaying) => {
        if (!firstModels.current && models.length > 0) { firstModels.current = true; onFirstModels?.(); }
        setLive((l) => {
          const next = { ...l, models, replaying, pending: null, ...(table !== undefined ? { table } : {}), ...(summary !== undefined ? { summary } : {}) };
          if (!replaying) history.push(models, next.table);
          return next;
        });
      },
      error: (message) => { setLive((l) => ({ ...l, error: message })); onQuit?.(); exit(new Error(message)); },
      notice: (text) => setLive((l) => ({ ...l, notice: text })),
    });
  }, [source]);

  // The Goroutines table is computed on the simulation's side, for the focused pane only.
  useEffect(() => {
    const q: TableQuery | null = ui.focus === 5 || ui.focus === 6 ? { pid: ui.sel.pid, sort: ui.sort, desc: ui.desc, filter: ui.sel.filter, limit: 500, objects: ui.focus === 6 } : null;
    source.query(q);
  }, [source, ui.focus, ui.sel.pid, ui.sort, ui.desc, ui.sel.filter]);

  useInput((input, key) => {
    // Keys that arrive together (typed fast, or pasted) come as one string: each is a key of its own.
    if (input.length > 1 && uiRef.current.editing === null && key.ctrl !== true && key.meta !== true) { for (const c of input) onKey(c, {}); return; }
    onKey(input, key);
  });

  function onKey(input: string, key: Key): void {
    keyAt.current ??= performance.now();
    const l = liveRef.current; const cur = uiRef.current;
    const shownModels = cur.cursor !== null ? history.moments[cur.cursor]?.models ?? l.models : l.models;
    const m = shownModels[cur.variant] ?? shownModels[0];
    if (m === undefined) { if (input === 'q' || (key.ctrl === true && input === 'c')) { onQuit?.(); exit(); } return; }
    const [nextUi, action] = handleKey(input, key, cur, m, l.models.length, l.table);
    let u = nextUi;
    if (l.notice !== null) setLive((x) => ({ ...x, notice: null }));
    if (input === 'k' && cur.kill === null && cur.help === false && cur.editing === null && (cur.cursor !== null || m.finished !== null)) {
      setLive((x) => ({ ...x, notice: m.finished !== null ? 'the run is over: there is no process to signal' : 'k signals the live run: End goes back to it' }));
    }
    if (action === 'quit') { onQuit?.(); exit(); return; }
    const tick = m.clockHz / 250; const ms = m.clockHz / 1000;
    const lastIdx = history.length - 1;
    switch (action) {
      case null: break;
      case 'back': {
        if (u.cursor === null && u.unit === 'event' && m.eventsBeforeLastCycle !== undefined && m.events > 0) {
          // The last recorded moment with fewer events than the live one (a pause or a speed change records the same events again).
          let j = lastIdx - 1;
          while (j >= 0 && history.moments[j]!.models[cur.variant]?.events === m.events) j--;
          const prev = j >= 0 ? history.moments[j]!.models[cur.variant] : undefined;
          if (prev === undefined || prev.events < m.events - 1) {
            // The live frame held many events: the state before its last is no recorded moment, so the run is replayed
            // (deterministic) to that moment and on, step by step, to where the events before its last cycle's were
            // emitted (one machine step may emit several at one cycle: a syscall that sleeps also switches); paused there.
            const base = j >= 0 ? history.moments[j]!.models : [];
            history.truncateAfter(j);
            source.replay(l.models.map((x, i) => base[i]?.now ?? 0), m.speed, l.models.map((_, i) => (i === cur.variant ? m.eventsBeforeLastCycle! : null)));
            break;
          }
          if (!m.paused && m.finished === null) source.act('pause');
          u = { ...u, cursor: j };
          break;
        }
        const from = u.cursor ?? lastIdx;
        if (u.cursor === null && !m.paused && m.finished === null) source.act('pause');
        u = { ...u, cursor: history.step(from, -1, u.unit, tick, ms) };
        break;
      }
      case 'forward':
        if (u.cursor === null) source.act(u.unit === 'event' ? 'step-event' : u.unit === 'tick' ? 'step-tick' : 'step-ms');
        else { const j = history.step(u.cursor, 1, u.unit, tick, ms); u = { ...u, cursor: j >= lastIdx ? null : j }; }
        break;
      case 'home': if (history.length > 0) { if (u.cursor === null && !m.paused && m.finished === null) source.act('pause'); u = { ...u, cursor: 0 }; } break;
      case 'end': u = { ...u, cursor: null }; break;
      case 'send-signal': {
        const k = cur.kill!;
        const sig = CONSOLE_SIGNALS[k.choice]!;
        source.signal(cur.variant % Math.max(1, l.models.length), k.pid, k.toThread ? k.tid : null, sig.sig);
        u = { ...u, kill: null };
        break;
      }
      case 'export-trace': case 'export-pcap': {
        const what = action === 'export-trace' ? 'trace' : 'pcap';
        setLive((x) => ({ ...x, notice: `writing the ${what} of ${m.title} up to t=${fmtClock(m.now, m.clockHz)} (the run is built again and run to there)…` }));
        source.export(what, cur.variant % Math.max(1, l.models.length), m.now);
        break;
      }
      case 'pause':
        if (u.cursor !== null) {
          // Resume from a past moment: the run is replayed to it (deterministic), and goes on from there.
          const moment = history.moments[u.cursor]!;
          history.truncateAfter(u.cursor);
          source.replay(moment.models.map((x) => x.now), m.speed);
          u = { ...u, cursor: null };
        } else {
          source.act('pause');
          if (m.finished === null) setLive((x) => ({ ...x, pending: m.paused ? '▶ resuming…' : '❚❚ pausing…' }));
        }
        break;
      default: if (u.cursor === null || action === 'faster' || action === 'slower') source.act(action);
    }
    if (u !== cur) { uiRef.current = u; setUi(u); }
  }

  const moment = ui.cursor !== null ? history.moments[ui.cursor] : undefined;
  const models = moment?.models ?? live.models;
  const extras: ScreenExtras = {
    boot: live.error ?? live.boot,
    table: moment !== undefined ? moment.table : live.table,
    summary: live.summary,
    ...(live.notice !== null ? { notice: live.notice } : {}),
    ...(moment !== undefined ? { state: `« past (${ui.cursor! + 1}/${history.length})` } : live.replaying ? { state: '⟲ replaying…' } : live.pending !== null ? { state: live.pending } : {}),
  };
  if (models.length > 0) extras.timeline = timelineText(history, ui, columns);
  return <Screen models={models} ui={ui} columns={columns} rows={rows} extras={extras} />;
}

/**
 * The warnings strip: how many lints each machine's run has found, by id, and the latest one
 * (its goroutine's or thread's detail lists all of its own). Empty while there are none.
 */
export function warningsStrip(models: DashModel[]): string {
  const races = models.flatMap((m) => m.races ?? []);
  const all = models.flatMap((m) => m.lints ?? []);
  const raceText = races.length === 0 ? '' : raceStrip(races, models);
  if (all.length === 0) return raceText;
  const byId = new Map<string, number>();
  for (const l of all) byId.set(l.id, (byId.get(l.id) ?? 0) + 1);
  const latest = all.reduce((a, b) => (b.atNs >= a.atNs ? b : a));
  const lintText = ` ⚠ ${all.length} lint${all.length > 1 ? 's' : ''} (${[...byId].map(([id, k]) => `${id} ${k}`).join(', ')}) │ latest: ${renderLint(latest).split('\n')[0]}`;
  return raceText === '' ? lintText : `${raceText} │${lintText}`;
}

/** The races' part of the strip: how many, and the latest pair of accesses with their goroutines (a C program's: threads). */
function raceStrip(races: RaceView[], models: DashModel[]): string {
  const r = races.reduce((a, b) => (b.atNs >= a.atNs ? b : a));
  const who = models.some((m) => m.runtimes[r.pid] !== undefined) ? 'goroutine' : 'thread';
  return ` ✖ ${races.length} data race${races.length > 1 ? 's' : ''} │ latest: pid ${r.pid} ${r.at} (${who} ${r.goroutine}) vs ${r.previous} (${who} ${r.previousGoroutine})`;
}

/** The scrubber line: the recorded span with its markers and where the screen is in it. */
export function timelineText(history: History, ui: UiState, columns: number): string {
  const label = ui.cursor === null ? ' live ' : ' past ';
  const legend = ' G gc S stw ! lint R race';
  const w = Math.max(0, columns - label.length - legend.length - 2);
  return `${label}${history.scrubber(w, ui.cursor ?? history.length - 1)} ${legend}`;
}
