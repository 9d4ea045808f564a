/// <reference lib="dom" />
// The training panel in a real browser (Debian's chromium via playwright-core): the built
// webview page, fed recorded event streams through a stand-in acquireVsCodeApi.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { Trainer } from '../../src/core/trainer';
import { generate } from '../../src/data/generators';
import { panelPage } from '../../src/panel/html';
import type { EpochPoint, HostToPanel, RunHeader } from '../../src/panel/protocol';
import { panelHistory, toEpochPoint } from '../../src/panel/series';
import { runEpoch } from '../helpers/runEpoch';
import { DARK, LIGHT, launchBrowser, openWebview, ROOT, SHOTS, writePage } from '../helpers/webviewPage';

/** A recorded stream: a real training run's epoch events. */
function recordedPoints(epochs: number): EpochPoint[] {
  const data = generate({ generator: 'sine', samples: 32, steps: 8, noise: 0, validationSplit: 0 }, 0);
  const trainer = new Trainer({
    seed: 0, dtype: 'float64', trace: 'off', train: data, validation: data, init: 'glorot',
    model: { inputSize: 1, steps: 8, layers: [{ type: 'rnn', units: 6, activation: 'tanh', shareWeights: true }, { type: 'dense', units: 1, activation: 'linear' }], output: 'last' },
    training: { epochs, batchSize: 8, shuffle: true, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, clipNorm: 0.5 },
  });
  return Array.from({ length: epochs }, () => toEpochPoint(runEpoch(trainer)));
}

const header = (over: Partial<RunHeader> = {}): RunHeader => ({
  name: 'sine', status: 'completed', epochs: 30, epochsCompleted: 30, startedAt: '2026-01-01T00:00:00Z',
  endedAt: '2026-01-01T00:00:05Z', finalLoss: 0.01, ...over,
});

let browser: Browser;
let pageUrl: string;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  pageUrl = writePage(panelPage, 'webview');
  browser = await launchBrowser();
});

after(async () => browser?.close());

const openPanel = (theme: Record<string, string> = DARK): Promise<Page> => openWebview(browser, pageUrl, theme);

async function send(page: Page, message: HostToPanel): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Waits for the ≤10 Hz render to have happened. */
const settle = (page: Page) => page.waitForTimeout(250);

describe('training panel', () => {
  const points = recordedPoints(30);

  it('plots one loss point per epoch, on canvases that are not blank', async () => {
    const page = await openPanel();
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(page);
    const counts = await page.evaluate(() => (window as any).rnnLabCharts.loss.data.datasets.map((d: { label: string; data: unknown[] }) => [d.label, d.data.length]));
    assert.deepEqual(counts, [['train (raw)', 30], ['train', 30], ['validation (raw)', 30], ['validation', 30]]);
    for (const id of ['loss', 'weights', 'grads', 'spectral', 'flow', 'histogram', 'heatmap']) {
      const inked = await page.evaluate((cid) => {
        const c = document.getElementById(cid) as HTMLCanvasElement;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;
      }, id);
      assert.ok(inked > 500, `${id} canvas has ${inked} drawn pixels`);
    }
    assert.equal(await page.locator('#name').textContent(), 'sine');
    assert.equal(await page.locator('#status').textContent(), 'completed');
    await page.screenshot({ path: path.join(SHOTS, 'panel-dark.png'), fullPage: true });
    await page.close();
  });

  it('reads in a light theme too', async () => {
    const page = await openPanel(LIGHT);
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'panel-light.png'), fullPage: true });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(255, 255, 255)');
    await page.close();
  });

  it('moving the epoch scrubber changes the histogram and the gradient-flow curve', async () => {
    const page = await openPanel();
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(page);
    const histogram = () => page.evaluate(() => JSON.stringify((window as any).rnnLabCharts.histogram.data));
    const atLast = await histogram();
    await page.locator('#epoch').fill('0');
    await settle(page);
    const atFirst = await histogram();
    assert.notEqual(atFirst, atLast);
    assert.match(atFirst, /at epoch 1"/);
    assert.equal(await page.locator('#epochLabel').textContent(), 'epoch 1');
    assert.match((await page.locator('#heatmapLabel').textContent())!, /^epoch 1, 6×6$/);
    await page.locator('#epoch').fill('29');
    await settle(page);
    assert.match((await page.locator('#heatmapLabel').textContent())!, /^epoch 30, 6×6$/, 'the last epoch has a snapshot');
    await page.close();
  });

  it('Stop posts "stop" while running; Re-run posts "rerun" when finished', async () => {
    const page = await openPanel();
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header({ status: 'running', endedAt: null }), points: points.slice(0, 5) });
    await settle(page);
    await page.locator('#stop').click();
    await send(page, { type: 'header', header: header() });
    await settle(page);
    assert.equal(await page.locator('#stop').isHidden(), true);
    await page.locator('#rerun').click();
    const posted = await page.evaluate(() => (window as any).__posted.map((m: { type: string }) => m.type));
    assert.deepEqual(posted, ['ready', 'stop', 'rerun']);
    await page.close();
  });

  it('keeps the run and the reader\'s settings with setState, and restores them with getState', async () => {
    const page = await openPanel();
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await page.locator('#smoothing').fill('0.9');
    await page.locator('#logLoss').click();
    await settle(page);
    const state = await page.evaluate(() => (window as any).__state);
    assert.deepEqual(state, { runDir: '/runs/sine', smoothing: 0.9, logScale: true });
    assert.equal(await page.evaluate(() => (window as any).rnnLabCharts.loss.options.scales.y.type), 'logarithmic');
    await page.close();
    // A new page whose stand-in hands back that state, as VS Code does for a restored panel.
    const restored = await browser.newPage();
    await restored.addInitScript({ content: `window.__posted = []; window.__state = ${JSON.stringify(state)};
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState: (s) => { window.__state = s; }, getState: () => window.__state });` });
    await restored.goto(pageUrl);
    await restored.waitForFunction(() => (window as any).__posted.length > 0);
    assert.equal(await restored.locator('#smoothing').inputValue(), '0.9');
    await send(restored, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(restored);
    assert.equal(await restored.evaluate(() => (window as any).rnnLabCharts.loss.options.scales.y.type), 'logarithmic');
    await restored.close();
  });

  it('streams appended epochs into the charts', async () => {
    const page = await openPanel();
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header({ status: 'running', endedAt: null }), points: points.slice(0, 10) });
    for (let i = 10; i < 30; i++) await send(page, { type: 'append', points: [points[i]] });
    await settle(page);
    const n = await page.evaluate(() => (window as any).rnnLabCharts.loss.data.datasets[0].data.length);
    assert.equal(n, 30);
    assert.equal(await page.locator('#progress').textContent(), 'epoch 30/30');
    await page.close();
  });

  it('opens a 100,000-epoch history, downsampled by the host as the extension does (prints the time)', async () => {
    const page = await openPanel();
    // Wh snapshots on the schedule a 100,000-epoch run has (~200), not on every epoch.
    const many: EpochPoint[] = Array.from({ length: 100000 }, (_, i) => {
      const { whSnapshots, ...p } = points[i % points.length];
      return { ...p, epoch: i + 1, loss: 1 / (1 + i), ...((i + 1) % 500 === 0 ? { whSnapshots } : {}) };
    });
    many[77777] = { ...many[77777], loss: 3 };
    const started = Date.now();
    await send(page, { type: 'reset', runDir: '/runs/long', header: header({ epochs: 100000, epochsCompleted: 100000 }), points: panelHistory(many) });
    await page.waitForFunction(() => (window as any).rnnLabCharts.loss.data.datasets[0]?.data.length > 0, undefined, { timeout: 30000 });
    console.log(`100,000-epoch history opened in ${Date.now() - started} ms`);
    const xs: number[] = await page.evaluate(() => (window as any).rnnLabCharts.loss.data.datasets[0].data.map((p: { x: number }) => p.x));
    assert.ok(xs.length <= 2000 + 200, `${xs.length} points: ≤ 2,000 by loss plus the ~200 epochs with Wh snapshots`);
    assert.equal(xs[xs.length - 1], 100000, 'the last epoch is shown');
    assert.ok(xs.includes(77778), 'the loss spike is kept');
    await page.close();
  });

  it('inserts an experiment name as text, never as HTML', async () => {
    const page = await openPanel();
    const name = '<img src=x onerror="window.__xss=1">';
    await send(page, { type: 'reset', runDir: '/runs/x', header: header({ name, message: name }), points });
    await settle(page);
    assert.equal(await page.locator('#name').textContent(), name);
    assert.equal(await page.evaluate(() => (window as any).__xss), undefined);
    assert.equal(await page.locator('#name img').count(), 0);
    await page.close();
  });

  it('rnn-lab report writes one self-contained HTML file with the same charts', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rnn-lab-report-'));
    const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
    cli('train', 'examples/notebook.rnn.json', '--out', out, '--quiet');
    const runDir = path.join(out, readdirSync(out)[0]);
    const report = path.join(out, 'notebook.html');
    assert.equal(cli('report', runDir, '-o', report), `report written to ${report}\n`);
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(report).href);
    await page.waitForFunction(() => (window as any).rnnLabCharts?.loss.data.datasets[0]?.data.length === 10);
    assert.equal(await page.locator('#status').textContent(), 'completed');
    assert.equal(await page.locator('script[src], link[href]').count(), 0, 'no script or stylesheet is referenced');
    assert.deepEqual(requests, [pathToFileURL(report).href], 'the report makes no other request');
    await page.screenshot({ path: path.join(SHOTS, 'report.png'), fullPage: true });
    await page.close();
  });
});
