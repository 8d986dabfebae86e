// The dashboard in a real pseudo-terminal (tmux): it draws, pauses, steps by a
// millisecond, a timer tick and an event, switches panes, redraws on resize,
// and quits cleanly, giving the terminal back (primary screen, cursor shown).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('dashboard terminal test skipped: tmux is not installed (apt-get install -y tmux)');

const session = `gomachine-dash-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', session);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred: (s: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  let s = '';
  while (Date.now() < end) {
    s = screen();
    if (pred(s)) return s;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${s}`);
}

const simTime = (s: string): number => Number(/t=(\d+\.\d+)s/.exec(s)?.[1] ?? NaN);

describe('dashboard in a terminal', () => {
  it.skipIf(!hasTmux)('draws, pauses, steps, switches panes, redraws on resize and quits restoring the terminal', async () => {
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', ROOT,
      'node bin/gomachine.mjs dash scenarios/c-spin.yaml; echo DASH-EXIT=$?; sleep 60');
    try {
      let s = await waitFor((x) => x.includes('▶ running') && x.includes('cpu1 user'), 'the first frame');
      expect(tmux('display', '-p', '-t', session, '#{alternate_on}').trim()).toBe('1');
      const lines = s.split('\n');
      expect(lines[0]).toMatch(/^ c-spin │ ▶ running │ t=\d+\.\d{6}s │ speed 10ms\/s/);
      expect(s).toContain('[1 Machine] 2 Kernel  3 Runtime  4 Network  5 Console');

      tmux('send-keys', '-t', session, 'Space');
      s = await waitFor((x) => x.includes('❚❚ paused'), 'pause');
      await sleep(300);
      const t0 = simTime(screen());
      expect(simTime(screen())).toBe(t0); // paused: time stands still

      tmux('send-keys', '-t', session, 'm');
      s = await waitFor((x) => Math.abs(simTime(x) - t0 - 0.001) < 1e-7, 'a one-millisecond step');
      const t1 = simTime(s);

      tmux('send-keys', '-t', session, 't');
      s = await waitFor((x) => Math.abs(simTime(x) - t1 - 0.004) < 1e-7, 'a one-tick step (250 Hz timer)');

      const t2 = simTime(s);
      tmux('send-keys', '-t', session, '.');
      await sleep(500);
      s = screen();
      expect(s).toContain('❚❚ paused');
      expect(simTime(s)).toBeGreaterThanOrEqual(t2);
      expect(simTime(s) - t2).toBeLessThan(0.004);

      tmux('send-keys', '-t', session, '2');
      await waitFor((x) => x.includes('[2 Kernel]') && x.includes('TID    PROCESS'), 'the Kernel pane');
      tmux('send-keys', '-t', session, 'Tab');
      await waitFor((x) => x.includes('[3 Runtime]') && x.includes('no Go-style process in this scenario'), 'the Runtime pane');
      tmux('send-keys', '-t', session, '?');
      await waitFor((x) => x.includes('step one event'), 'the help overlay');
      tmux('send-keys', '-t', session, 'Escape');
      await waitFor((x) => !x.includes('step one event'), 'the help overlay to close');

      tmux('resize-window', '-t', session, '-x', '120', '-y', '30');
      s = await waitFor((x) => x.includes('1 Machine') && x.includes('4 Network') && x.includes('5 Console'), 'the wide layout after a resize');
      for (const l of s.split('\n')) expect([...l].length).toBeLessThanOrEqual(120);

      tmux('send-keys', '-t', session, 'q');
      s = await waitFor((x) => x.includes('DASH-EXIT=0'), 'a clean exit');
      expect(s).not.toContain('1 Machine');
      expect(tmux('display', '-p', '-t', session, '#{alternate_on}').trim()).toBe('0');
      expect(tmux('display', '-p', '-t', session, '#{cursor_flag}').trim()).toBe('1');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  });
});
