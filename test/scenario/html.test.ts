// `--html`: one self-contained page with the comparison, its charts (Chart.js
// inlined) and each variant's report; gathering the series changes nothing in
// the run; and in a real browser (headless Chromium) every chart renders with
// no error. The browser check is skipped, with a message, where Chromium is
// not installed (apt-get install -y chromium; .ci/run installs it).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseScenario, selectVariant } from '../../src/scenario/loader.ts';
import { Simulation, runScenario } from '../../src/scenario/runner.ts';
import { compare } from '../../src/scenario/compare.ts';
import { Report } from '../../src/scenario/report.ts';
import { renderHtml, runWithSeries } from '../../src/scenario/html.ts';
import { echoScenarioYaml } from '../dashboard/fixture.ts';

const ECHO = echoScenarioYaml('html-echo', 5, ['go', 'c-threads'], 16, 4);

const browser = ['chromium', 'chromium-browser'].find((b) => spawnSync(b, ['--version']).status === 0);
if (browser === undefined) console.warn('HTML page browser check skipped: Chromium is not installed (apt-get install -y chromium)');

async function page(): Promise<{ html: string; hashes: string[] }> {
  const s = await parseScenario(ECHO, 'html-echo.yaml');
  const runs = ['go', 'c-threads'].map((v) => {
    const sim = new Simulation(selectVariant(s, v));
    const series = runWithSeries(sim, v);
    return { name: v, series, report: Report.parse(sim.report()) };
  });
  return { html: renderHtml({ title: 'html-echo: go vs c-threads', runs, comparison: compare(runs) }), hashes: runs.map((r) => r.report.traceHash) };
}

describe('the HTML page', () => {
  it('is one self-contained file: tables, a canvas per chart, the data and Chart.js inlined, nothing fetched', async () => {
    const { html, hashes } = await page();
    const s = await parseScenario(ECHO, 'html-echo.yaml');
    // Watching the run for the charts changes nothing in it.
    expect(hashes).toEqual(['go', 'c-threads'].map((v) => runScenario(selectVariant(s, v)).traceHash));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<h1>html-echo: go vs c-threads</h1>');
    expect(html).toContain('<th>go</th><th>c-threads</th>');
    expect(html).toMatch(/<td>throughput \(req\/s\)<\/td><td class="n">\d+<\/td>/);
    expect([...html.matchAll(/<canvas id="([\w-]+)"/g)].map((m) => m[1])).toEqual(['latency-cdf', 'syscalls', 'threads-rss', 'timeline-0', 'timeline-1']);
    expect(html).toContain('<script id="data" type="application/json">');
    expect(html).toMatch(/Chart\.js v4\.6\.1/); // the library's own banner: it is in the page
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import/);
    expect(html).toContain('syscalls of go-echo [');
  }, 60_000);

  it.skipIf(browser === undefined)('renders every chart in headless Chromium with no error, and takes a screenshot', async () => {
    const { html } = await page();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gomachine-html-'));
    const file = path.join(dir, 'page.html');
    writeFileSync(file, html);
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${path.join(dir, 'profile')}`];
    const dom = spawnSync(browser!, [...args, '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 120_000 });
    expect(dom.status).toBe(0);
    const body = /<body([^>]*)>/.exec(dom.stdout)?.[1] ?? '';
    expect(body).not.toContain('data-errors');
    expect(body).toContain('data-charts="5"');
    expect((dom.stdout.match(/<canvas [^>]*data-rendered="1"/g) ?? []).length).toBe(5);
    const png = path.join(dir, 'page.png');
    const shot = spawnSync(browser!, [...args, '--window-size=1000,2400', `--screenshot=${png}`, `file://${file}`], { encoding: 'utf8', timeout: 120_000 });
    expect(shot.status).toBe(0);
    expect(existsSync(png) && statSync(png).size).toBeGreaterThan(20_000);
    console.log(`HTML page screenshot: ${png}`);
  }, 240_000);
});
