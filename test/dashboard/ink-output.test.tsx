// The dashboard's output pass (src/dashboard/ink-output.ts) against Ink's own: every screen of
// the dashboard, and text with what Ink's tokenizer treats apart (wide and combining characters,
// emoji, Hangul, 24-bit colours, links, stray escapes, wrapping, clipping), must come out as the
// same bytes, colours included.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import chalk from 'chalk';
import { Box, render, Text } from 'ink';
import type { ReactElement } from 'react';
import { Screen, initialUi, type UiState } from '../../src/dashboard/app.tsx';
import { composing, useComposer } from '../../src/dashboard/ink-output.ts';
import type { DashModel } from '../../src/dashboard/state.ts';
import { fixtureModel } from './fixture.ts';

/** A terminal of `columns` × `rows` that keeps what is written to it. */
class Terminal extends EventEmitter {
  readonly isTTY = true;
  readonly writes: string[] = [];
  constructor(readonly columns: number, readonly rows: number) { super(); }
  write = (s: string): boolean => { this.writes.push(s); return true; };
}

/** The frame Ink writes for `tree` (debug mode: the whole frame, at once, as it renders). */
function frame(tree: ReactElement, columns: number, rows: number): string {
  const term = new Terminal(columns, rows);
  const inst = render(tree, { stdout: term as never, stderr: term as never, debug: true, exitOnCtrlC: false, patchConsole: false });
  const f = term.writes[0];
  inst.unmount();
  expect(term.writes.length).toBeGreaterThan(1); // the frame, then what unmounting writes
  return f!;
}

/** The frame as Ink's own output pass writes it, and as the dashboard's does. */
function both(tree: ReactElement, columns: number, rows: number): [string, string] {
  useComposer(false);
  try { return [frame(tree, columns, rows), (useComposer(true), frame(tree, columns, rows))]; } finally { useComposer(true); }
}

let level: typeof chalk.level;
beforeAll(() => { level = chalk.level; chalk.level = 3; }); // colour as on a terminal (a test's stdout is not one)
afterAll(() => { chalk.level = level; });

it('is installed on the version of Ink it reproduces', () => {
  expect(composing).toBe(true);
});

const SIZES = [[80, 24], [120, 40], [200, 50]] as const;

describe.each(SIZES)('every screen of the dashboard at %i×%i is byte for byte Ink\'s', (columns, rows) => {
  const m = fixtureModel(100_000);
  const same = (ui: UiState, models: DashModel[] = [m], extras = {}): void => {
    const [ink, ours] = both(<Screen models={models} ui={ui} columns={columns} rows={rows} extras={extras} />, columns, rows);
    expect(ink).toContain('\x1b['); // styled
    expect(ours).toBe(ink);
  };

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('pane %i focused', (focus) => {
    same({ ...initialUi, focus, sel: { ...initialUi.sel, row: 2 } });
  });

  it('help, filter prompt, kill menu, summary, boot', () => {
    same({ ...initialUi, help: true });
    same({ ...initialUi, editing: 'fut' });
    same({ ...initialUi, kill: { pid: 200, name: 'gosrv', tid: 201, toThread: true, choice: 3 } });
    same(initialUi, [{ ...m, finished: 'clients done (640 requests)' }], { summary: { title: 'comparison of a, b', lines: ['metric  a  b', '', 'throughput (req/s)  100  200'] } });
    same(initialUi, [], { boot: 'booting 3 machines…' });
    same({ ...initialUi, cursor: 0 }, [m], { timeline: ' past ──G───S──!──R──●── G gc S stw ! lint R race', state: '« past (1/9)', notice: 'wrote trace.json (1.2 MiB)' });
  });

  it('detail views along the chain', () => {
    for (const detail of [
      { kind: 'goroutine', pid: 200, id: 5 }, { kind: 'p', pid: 200, id: 1 }, { kind: 'm', pid: 200, id: 0 },
      { kind: 'thread', pid: 100, id: 102 }, { kind: 'core', pid: 100, id: 1 }, { kind: 'interrupt', pid: 100, id: 102 },
    ] as const) same({ ...initialUi, detail });
  });

  it('variants side by side', () => {
    same(initialUi, ['a', 'b', 'c'].map((v) => ({ ...fixtureModel(10), title: `demo/${v}` })));
  });
});

describe('text the tokenizer treats apart is byte for byte Ink\'s', () => {
  const lines = [
    'plain ascii', '漢字 wide and 한국어 Hangul', 'e\u0301 combining, a\u200db zero-width joiner', '👍 emoji, ⚠️ with a selector, 🇫🇷 flag',
    'tab\there', 'stray \x1b[5A cursor move and \x1b[31mred\x1b[39m', '\x1b]8;;https://go.dev\x07a link\x1b]8;;\x07 after',
    '│█▁▂▃▄▅▆▇ ░▒▓ … · ★ ▶ ◌ ■ ❚ ⟲ « µ × — ─ ● ✖ → ← ↑ ↓', 'soft\u00adhyphen, nbsp\u00a0here, ZWSP\u200bthere',
  ];
  const tree = (columns: number, clipX: boolean): ReactElement => (
    <Box flexDirection="column" width={columns}>
      {lines.map((l, i) => <Text key={`p${i}`} wrap="truncate">{l}</Text>)}
      {lines.map((l, i) => <Box key={`r${i}`} flexDirection="row"><Text color="yellow">{l}</Text><Text>|after</Text></Box>)}
      {lines.map((l, i) => (
        <Text key={`s${i}`} wrap={i % 2 === 0 ? 'wrap' : 'truncate-middle'} color={i % 3 === 0 ? '#ff8800' : 'green'} backgroundColor={i % 4 === 0 ? 'blue' : undefined} bold={i % 2 === 1} dimColor={i % 3 === 1} inverse={i === 4} underline={i === 5}>
          {l} <Text color="red" italic>{l.slice(0, 9)}</Text> {l.repeat(3)}
        </Text>
      ))}
      <Box width={20} height={3} overflowY="hidden" flexDirection="column">
        {lines.map((l, i) => <Text key={`v${i}`} color="cyan">{l}</Text>)}
      </Box>
      {clipX ? (
        <Box width={20} height={3} overflow="hidden" flexDirection="column" marginLeft={5}>
          {lines.map((l, i) => <Text key={`h${i}`} color="magenta">{l}</Text>)}
        </Box>
      ) : null}
      <Box marginLeft={columns - 6}><Text>{'past the edge 漢字'}</Text></Box>
    </Box>
  );
  it.each([40, 80])('at %i columns: styled, wrapped, truncated, side by side, clipped vertically, past the edge', (columns) => {
    const [ink, ours] = both(tree(columns, false), columns, 80);
    expect(ink).toContain('\x1b[');
    expect(ours).toBe(ink);
  });
  it('with a box that clips horizontally too (drawn by Ink\'s own pass)', () => {
    const [ink, ours] = both(tree(60, true), 60, 80);
    expect(ours).toBe(ink);
  });
});
