// `k` on the screen (htop's kill): the signal menu over the panes, a signal chosen and sent to
// the live run through the source, the key bar saying what was sent and when, and the process
// dying of it in the run — as the README describes.
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/dashboard/app.tsx';
import { parseScenario } from '../../src/scenario/loader.ts';
import { Simulation } from '../../src/scenario/runner.ts';
import { Driver } from '../../src/dashboard/driver.ts';
import { LocalSource } from '../../src/dashboard/source.ts';
import { echoScenarioYaml } from './fixture.ts';

const tick = (ms = 50): Promise<void> => new Promise((res) => setTimeout(res, ms));
const screen = (r: ReturnType<typeof render>): string => r.lastFrame() ?? '';

describe('k on the screen', () => {
  it('opens the menu on the selected thread\'s process, sends SIGKILL with 5 and Enter, says so, and the process is killed', async () => {
    const s = await parseScenario(echoScenarioYaml('tiny-echo', 7, ['go']), 'tiny-echo.yaml');
    let wall = 0;
    const d = new Driver({ build: () => [new Simulation(s)], speed: 10e6, paused: true, wallMs: () => (wall += 1) });
    for (let i = 0; i < 10; i++) d.frame(33, 5);
    const r = render(<App source={new LocalSource(d, false)} />);
    await tick();
    r.stdin.write('2'); // the Kernel pane: its first thread is the server's main thread
    await tick();
    r.stdin.write('k');
    await tick();
    expect(screen(r)).toContain(' send a signal to go-echo[100] (kill), from the console');
    expect(screen(r)).toContain('▶ 1 SIGTERM  15  terminate (may be caught)');
    r.stdin.write('5');
    await tick();
    expect(screen(r)).toContain('▶ 5 SIGKILL   9  kill (cannot be caught)');
    r.stdin.write('\r');
    for (let i = 0; i < 40 && !screen(r).includes('SIGKILL →'); i++) await tick();
    const last = screen(r).split('\n').filter((l) => l.trim() !== '').at(-1)!;
    expect(last).toMatch(/^SIGKILL → go-echo\[100\] at t=\d+\.\d{6} ms, from the console/);
    expect(screen(r)).not.toContain('send a signal to'); // the menu is closed
    d.act('step-ms');
    while (d.sessions.some((x) => x.stepping)) d.frame(33, 50);
    expect(d.simulations[0]!.report().processes[0]!.signal).toBe('SIGKILL');
    r.unmount();
    d.dispose();
  });
});
