// The dashboard screen and its controls.
//
// <Screen> is a pure layout of one or two models (two in compare mode) into the
// terminal's columns × rows: at ≥120 columns and enough rows every pane is
// shown in two columns; narrower, the Machine pane stays on top and the focused
// pane takes the rest (a tab line says which). It draws at most rows-1 lines, so
// the terminal never scrolls.
//
// <App> owns the sessions and the user's selection, and runs the frame loop:
// up to 30 frames a second, each advancing the simulation by a wall-time-
// budgeted slice (Session.frame) and folding the bus into the model.

import { useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import type { DashModel } from './state.ts';
import { fit } from './format.ts';
import {
  ConsolePane, DetailView, HelpOverlay, KernelPane, MachinePane, NetworkPane, PANES, RuntimePane, StatusBar,
  pickRuntime, visibleGoroutines, visibleThreads, type DetailTarget, type Selection,
} from './panes.tsx';
import { framesInStep, type Session } from './session.ts';

export interface UiState {
  focus: number;
  sel: Selection;
  detail: DetailTarget | null;
  help: boolean;
  /** The filter being typed, or null when not editing. */
  editing: string | null;
}

export const initialUi: UiState = { focus: 0, sel: { pid: null, row: 0, filter: '' }, detail: null, help: false, editing: null };

function Pane({ n, m, ui, width, height }: { n: number; m: DashModel; ui: UiState; width: number; height: number }) {
  const focused = ui.focus === n;
  switch (n) {
    case 0: return <MachinePane cores={m.cores} threads={m.threads} procs={m.procs} width={width} height={height} focused={focused} />;
    case 1: return <KernelPane kernel={m.kernel} threads={m.threads} procs={m.procs} sel={ui.sel} width={width} height={height} focused={focused} />;
    case 2: return <RuntimePane go={pickRuntime(m.runtimes, ui.sel.pid)} sel={ui.sel} nowNs={m.now / m.clockHz * 1e9} width={width} height={height} focused={focused} />;
    case 3: return <NetworkPane net={m.net} width={width} height={height} focused={focused} />;
    default: return <ConsolePane procs={m.procs} kernel={m.kernel} sel={ui.sel} width={width} height={height} focused={focused} />;
  }
}

/** The panes of one model in `width` × `height`. */
export function Body({ m, ui, width, height }: { m: DashModel; ui: UiState; width: number; height: number }) {
  if (ui.help) return <HelpOverlay width={width} height={height} />;
  if (ui.detail !== null) return <DetailView model={m} target={ui.detail} width={width} height={height} />;
  const machineH = Math.min(m.cores.length + 1, Math.max(2, Math.floor(height / 3)));
  if (width >= 120 && height >= 22) {
    const leftW = Math.floor(width / 2); const rightW = width - leftW - 1;
    const kernelH = height - machineH;
    const netH = m.net === null ? 2 : Math.min(2 + m.net.nics.length, 6);
    const runtimeH = Math.floor((height - netH) * 0.55);
    const consoleH = height - netH - runtimeH;
    return (
      <Box flexDirection="row" width={width} height={height}>
        <Box flexDirection="column" width={leftW} height={height}>
          <Pane n={0} m={m} ui={ui} width={leftW} height={machineH} />
          <Pane n={1} m={m} ui={ui} width={leftW} height={kernelH} />
        </Box>
        <Box width={1} />
        <Box flexDirection="column" width={rightW} height={height}>
          <Pane n={2} m={m} ui={ui} width={rightW} height={runtimeH} />
          <Pane n={3} m={m} ui={ui} width={rightW} height={netH} />
          <Pane n={4} m={m} ui={ui} width={rightW} height={consoleH} />
        </Box>
      </Box>
    );
  }
  // Narrow: Machine on top, a tab line, then the focused pane (Kernel when Machine is focused).
  const other = ui.focus === 0 ? 1 : ui.focus;
  const rest = Math.max(0, height - machineH - 1);
  const tabs = PANES.map((p, i) => (i === ui.focus ? `[${i + 1} ${p}]` : ` ${i + 1} ${p} `)).join('');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Pane n={0} m={m} ui={ui} width={width} height={machineH} />
      <Text wrap="truncate" dimColor>{fit(tabs, width)}</Text>
      <Pane n={other} m={m} ui={ui} width={width} height={rest} />
    </Box>
  );
}

const HINTS = 'space pause  . step  t tick  m ms  +/- speed  Tab pane  p process  j/k move  Enter detail  / filter  q quit';

/** The whole screen for one or two models. */
export function Screen({ models, ui, columns, rows }: { models: DashModel[]; ui: UiState; columns: number; rows: number }) {
  const height = Math.max(3, rows - 1); // one line short of the terminal: drawing the last line would scroll it
  const bodyH = height - 2;
  const hint = ui.editing !== null ? `filter: /${ui.editing}█  (Enter apply, Esc cancel)` : ui.sel.filter !== '' ? `filter /${ui.sel.filter} (/ to change)  ${HINTS}` : HINTS;
  if (models.length === 1) {
    const m = models[0]!;
    return (
      <Box flexDirection="column" width={columns} height={height} overflow="hidden">
        <StatusBar title={m.title} now={m.now} clockHz={m.clockHz} paused={m.paused} stepping={m.stepping} finished={m.finished} speed={m.speed} actualSpeed={m.actualSpeed} width={columns} />
        <Body m={m} ui={ui} width={columns} height={bodyH} />
        <Text dimColor wrap="truncate">{fit(hint, columns)}</Text>
      </Box>
    );
  }
  const leftW = Math.floor((columns - 1) / 2); const rightW = columns - 1 - leftW;
  // Compare mode: each side is laid out as a narrow screen of its own.
  const [a, b] = [models[0]!, models[1]!];
  return (
    <Box flexDirection="column" width={columns} height={height} overflow="hidden">
      <Box flexDirection="row" width={columns} height={1}>
        <StatusBar title={a.title} now={a.now} clockHz={a.clockHz} paused={a.paused} stepping={a.stepping} finished={a.finished} speed={a.speed} actualSpeed={a.actualSpeed} width={leftW} />
        <Text> </Text>
        <StatusBar title={b.title} now={b.now} clockHz={b.clockHz} paused={b.paused} stepping={b.stepping} finished={b.finished} speed={b.speed} actualSpeed={b.actualSpeed} width={rightW} />
      </Box>
      <Box flexDirection="row" width={columns} height={bodyH}>
        <Body m={a} ui={{ ...ui, detail: ui.detail !== null && ui.detail.pid in a.procs ? ui.detail : null }} width={leftW} height={bodyH} />
        <Box width={1} />
        <Body m={b} ui={{ ...ui, detail: null, help: false }} width={rightW} height={bodyH} />
      </Box>
      <Text dimColor wrap="truncate">{fit(hint, columns)}</Text>
    </Box>
  );
}

/** The rows of the focused list (threads or goroutines), for moving the selection. */
function listLength(m: DashModel, ui: UiState): number {
  if (ui.focus === 1) return visibleThreads(m.threads, m.procs, ui.sel).length;
  if (ui.focus === 2) { const g = pickRuntime(m.runtimes, ui.sel.pid); return g === undefined ? 0 : visibleGoroutines(g, ui.sel).length; }
  return 0;
}

function selectedTarget(m: DashModel, ui: UiState): DetailTarget | null {
  if (ui.focus === 1 || ui.focus === 0) {
    const th = visibleThreads(m.threads, m.procs, ui.sel)[ui.sel.row];
    return th === undefined ? null : { kind: 'thread', pid: th.pid, id: th.tid };
  }
  if (ui.focus === 2) {
    const g = pickRuntime(m.runtimes, ui.sel.pid);
    const x = g === undefined ? undefined : visibleGoroutines(g, ui.sel)[ui.sel.row];
    return x === undefined || g === undefined ? null : { kind: 'goroutine', pid: g.pid, id: x.goid };
  }
  return null;
}

/** The processes `p` cycles through: all, then each by pid. */
function nextPid(m: DashModel, cur: number | null, dir: 1 | -1): number | null {
  const pids = Object.keys(m.procs).map(Number).sort((a, b) => a - b);
  const ring: (number | null)[] = [null, ...pids];
  const i = ring.indexOf(cur);
  return ring[(i + dir + ring.length) % ring.length]!;
}

export interface Key { upArrow?: boolean; downArrow?: boolean; leftArrow?: boolean; rightArrow?: boolean; return?: boolean; escape?: boolean; tab?: boolean; shift?: boolean; ctrl?: boolean; backspace?: boolean; delete?: boolean; pageUp?: boolean; pageDown?: boolean }

export type Action = 'quit' | 'pause' | 'step-event' | 'step-tick' | 'step-ms' | 'faster' | 'slower' | null;

/** The key map: a new UI state and an action on the sessions. Pure, for tests. */
export function handleKey(input: string, key: Key, ui: UiState, m: DashModel): [UiState, Action] {
  if (key.ctrl === true && input === 'c') return [ui, 'quit'];
  if (ui.editing !== null) {
    if (key.escape === true) return [{ ...ui, editing: null }, null];
    if (key.return === true) return [{ ...ui, editing: null, sel: { ...ui.sel, filter: ui.editing, row: 0 } }, null];
    if (key.backspace === true || key.delete === true) return [{ ...ui, editing: ui.editing.slice(0, -1) }, null];
    if (input !== '' && key.ctrl !== true) return [{ ...ui, editing: ui.editing + input }, null];
    return [ui, null];
  }
  if (ui.help) return input === 'q' ? [ui, 'quit'] : [{ ...ui, help: false }, null];
  if (key.escape === true) {
    if (ui.detail !== null) return [{ ...ui, detail: null }, null];
    if (ui.sel.filter !== '') return [{ ...ui, sel: { ...ui.sel, filter: '', row: 0 } }, null];
    return [ui, null];
  }
  const len = listLength(m, ui);
  const move = (d: number): UiState => ({ ...ui, sel: { ...ui.sel, row: Math.max(0, Math.min(Math.max(0, len - 1), ui.sel.row + d)) } });
  const focus = (n: number): UiState => ({ ...ui, focus: (n + PANES.length) % PANES.length, detail: null, sel: { ...ui.sel, row: 0 } });
  if (key.tab === true) return [focus(ui.focus + (key.shift === true ? -1 : 1)), null];
  if (key.downArrow === true) return [move(1), null];
  if (key.upArrow === true) return [move(-1), null];
  if (key.pageDown === true) return [move(10), null];
  if (key.pageUp === true) return [move(-10), null];
  if (key.leftArrow === true) return [focus(ui.focus - 1), null];
  if (key.rightArrow === true) return [focus(ui.focus + 1), null];
  if (key.return === true) {
    const t = selectedTarget(m, ui);
    return [t === null ? ui : { ...ui, detail: t }, null];
  }
  switch (input) {
    case 'q': return [ui, 'quit'];
    case ' ': return [ui, 'pause'];
    case '.': return [ui, 'step-event'];
    case 't': return [ui, 'step-tick'];
    case 'm': return [ui, 'step-ms'];
    case '+': case '=': return [ui, 'faster'];
    case '-': case '_': return [ui, 'slower'];
    case '?': return [{ ...ui, help: true }, null];
    case '/': return [{ ...ui, editing: ui.sel.filter }, null];
    case 'j': return [move(1), null];
    case 'k': return [move(-1), null];
    case 'g': return [move(-Infinity), null];
    case 'G': return [move(Infinity), null];
    case 'h': return [focus(ui.focus - 1), null];
    case 'l': return [focus(ui.focus + 1), null];
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

export const FRAME_MS = 1000 / 30;

export function App({ sessions, onQuit }: { sessions: Session[]; onQuit?: () => void }) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [models, setModels] = useState<DashModel[]>(() => sessions.map((s) => s.model));
  const [ui, setUi] = useState<UiState>(initialUi);
  const uiRef = useRef(ui); uiRef.current = ui;
  const modelsRef = useRef(models); modelsRef.current = models;

  useEffect(() => {
    let last = performance.now();
    let timer: NodeJS.Timeout | null = null;
    let stopped = false;
    const tick = (): void => {
      if (stopped) return;
      const start = performance.now();
      const dt = Math.min(200, start - last); last = start;
      const budget = Math.max(2, Math.floor(FRAME_MS * 0.6 / sessions.length));
      // Compare mode: the machines run in step by simulated time (framesInStep), so they stay side by side.
      const next = framesInStep(sessions, dt, budget);
      if (next.some((m, i) => m !== modelsRef.current[i])) setModels(next);
      const spent = performance.now() - start;
      timer = setTimeout(tick, Math.max(1, FRAME_MS - spent));
    };
    timer = setTimeout(tick, FRAME_MS);
    return () => { stopped = true; if (timer !== null) clearTimeout(timer); };
  }, [sessions]);

  useInput((input, key) => {
    const [nextUi, action] = handleKey(input, key, uiRef.current, modelsRef.current[0]!);
    if (nextUi !== uiRef.current) setUi(nextUi);
    if (action === null) return;
    if (action === 'quit') { onQuit?.(); exit(); return; }
    const act = (s: Session): DashModel => {
      switch (action) {
        case 'pause': return s.togglePause();
        case 'step-event': return s.stepEvent();
        case 'step-tick': return s.stepTick();
        case 'step-ms': return s.stepMillisecond();
        case 'faster': return s.faster();
        case 'slower': return s.slower();
      }
    };
    setModels(sessions.map(act));
  });

  return <Screen models={models} ui={ui} columns={columns} rows={rows} />;
}
