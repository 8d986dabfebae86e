// The key map: vim keys, panes, htop's kill, the process picker, the filter prompt and the detail view.
import { describe, expect, it } from 'vitest';
import { handleKey, initialUi, killMenuLines, type Key, type UiState } from '../../src/dashboard/app.tsx';
import { fixtureModel } from './fixture.ts';

const m = fixtureModel();
function press(keys: (string | [string, Key])[], ui: UiState = initialUi): { ui: UiState; actions: string[] } {
  const actions: string[] = [];
  for (const k of keys) {
    const [input, key] = typeof k === 'string' ? [k, {}] : k;
    const [next, a] = handleKey(input, key, ui, m);
    ui = next;
    if (a !== null) actions.push(a);
  }
  return { ui, actions };
}
const ESC: [string, Key] = ['', { escape: true }];
const ENTER: [string, Key] = ['', { return: true }];
const TAB: [string, Key] = ['', { tab: true }];

describe('dashboard keys', () => {
  it('maps the run controls to actions', () => {
    expect(press([' ', '.', 't', 'm', '+', '-', 'q']).actions).toEqual(['pause', 'step-event', 'step-tick', 'step-ms', 'faster', 'slower', 'quit']);
    expect(press([['c', { ctrl: true }]]).actions).toEqual(['quit']);
  });

  it('focuses panes with Tab, Shift-Tab, digits and h/l', () => {
    expect(press([TAB, TAB]).ui.focus).toBe(2);
    expect(press([['', { tab: true, shift: true }]]).ui.focus).toBe(7);
    expect(press(['5', 'l']).ui.focus).toBe(5);
    expect(press(['7']).ui.focus).toBe(6);
    expect(press(['8', 'l']).ui.focus).toBe(0);
    expect(press(['3', 'h']).ui.focus).toBe(1);
  });

  it('moves the selection with j/↓ and ↑ within the list, and opens the selected thread with Enter', () => {
    const { ui } = press(['2', 'j', 'j', ['', { downArrow: true }], ['', { upArrow: true }]]);
    expect(ui.sel.row).toBe(2);
    expect(press(['G'], ui).ui.sel.row).toBe(4); // five threads
    expect(press(['g'], ui).ui.sel.row).toBe(0);
    const d = press([ENTER], ui).ui;
    expect(d.detail).toEqual({ kind: 'thread', pid: 100, id: 102 });
    expect(press([ESC], d).ui.detail).toBeNull();
  });

  it("k opens htop's signal menu on the selected thread's process; ↑/↓ or a digit choose, Tab sends to the thread alone, Enter sends, Esc closes", () => {
    const sel = press(['2', 'j']).ui; // the second thread: tid 101 of process 100
    const open = press(['k'], sel).ui;
    expect(open.kill).toEqual({ pid: 100, name: 'spin', tid: 101, toThread: false, choice: 0 });
    expect(killMenuLines(open.kill!)).toEqual([
      ' send a signal to spin[100] (kill), from the console',
      '▶ 1 SIGTERM  15  terminate (may be caught)',
      '  2 SIGINT    2  interrupt, as ^C',
      '  3 SIGHUP    1  hang up',
      '  4 SIGQUIT   3  quit with a core dump',
      '  5 SIGKILL   9  kill (cannot be caught)',
      '  6 SIGUSR1  10  user-defined 1',
      '  7 SIGUSR2  12  user-defined 2',
      ' ↑/↓ choose · Enter send · Tab process / thread · Esc cancel',
    ]);
    const chosen = press([['', { downArrow: true }], 'j', ['', { upArrow: true }], TAB], open).ui.kill!;
    expect(chosen).toEqual({ pid: 100, name: 'spin', tid: 101, toThread: true, choice: 1 });
    expect(killMenuLines(chosen)[0]).toBe(' send a signal to thread 101 of spin[100] (tgkill), from the console');
    expect(press(['5'], open).ui.kill!.choice).toBe(4);
    // Keys of the panes mean nothing while the menu is open: q closes it, as Esc does.
    expect(press(['2', ' ', 'q'], open)).toEqual({ ui: { ...open, kill: null }, actions: [] });
    const sent = press([ENTER], open);
    expect(sent.actions).toEqual(['send-signal']);
    expect(press([ESC], open).ui.kill).toBeNull();
    // On the Runtime pane: the runtime's process.
    expect(press(['3', 'k']).ui.kill).toEqual({ pid: 200, name: 'gosrv', tid: null, toThread: false, choice: 0 });
    // A past moment on screen: k does nothing there (the screen says to go back to live).
    expect(press(['k'], { ...sel, cursor: 0 }).ui.kill).toBeNull();
  });

  it('opens a goroutine from the Runtime pane', () => {
    expect(press(['3', 'j', ENTER]).ui.detail).toEqual({ kind: 'goroutine', pid: 200, id: 2 });
  });

  it('picks processes in turn: all, then each by pid', () => {
    expect(press(['p']).ui.sel.pid).toBe(100);
    expect(press(['p', 'p']).ui.sel.pid).toBe(200);
    expect(press(['p', 'p', 'p']).ui.sel.pid).toBeNull();
    expect(press(['P']).ui.sel.pid).toBe(200);
  });

  it('types a filter after /, applies it with Enter, and clears it with Esc', () => {
    const typing = press(['/', 'f', 'u', 't', 'x', ['', { backspace: true }]]).ui;
    expect(typing.editing).toBe('fut');
    expect(press(['q'], typing).actions).toEqual([]); // q is text while typing
    const applied = press([ENTER], typing).ui;
    expect(applied.sel.filter).toBe('fut');
    expect(applied.editing).toBeNull();
    expect(press([ESC], applied).ui.sel.filter).toBe('');
  });

  it('shows help with ?, scrolls it with j/k, and closes it with any other key', () => {
    const h = press(['?']).ui;
    expect(h.help).toBe(true);
    expect(press(['j', 'j', 'k'], h).ui.helpScroll).toBe(1);
    expect(press(['j', 'j', 'k'], h).ui.help).toBe(true);
    expect(press(['x'], h).ui.help).toBe(false);
  });

  it('moves in time with ←/→ and Home/End, and u picks what a step is (event, tick, ms)', () => {
    const L: [string, Key] = ['', { leftArrow: true }]; const R: [string, Key] = ['', { rightArrow: true }];
    expect(press([L, R, ['', { home: true }], ['', { end: true }]]).actions).toEqual(['back', 'forward', 'home', 'end']);
    expect(press(['u']).ui.unit).toBe('tick');
    expect(press(['u', 'u']).ui.unit).toBe('ms');
    expect(press(['u', 'u', 'u']).ui.unit).toBe('event');
  });

  it('cycles the variants with v and V, toggles the summary with s, sorts the Goroutines table with o and i', () => {
    const v = (keys: string[]): number => { let ui = initialUi; for (const k of keys) ui = handleKey(k, {}, ui, m, 3)[0]; return ui.variant; };
    expect(v(['v'])).toBe(1);
    expect(v(['v', 'v', 'v'])).toBe(0);
    expect(v(['V'])).toBe(2);
    expect(press(['s']).ui.summary).toBe(false);
    expect(press(['o']).ui.sort).toBe('scheduled');
    expect(press(['i']).ui.desc).toBe(false);
  });
});
