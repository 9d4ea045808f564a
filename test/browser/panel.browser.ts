/// <reference lib="dom" />
// The training panel in a real browser (Debian's chromium via playwright-core): the built
// webview page, fed recorded event streams through a stand-in acquireVsCodeApi.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bestEpoch } from '../../src/core/metrics';
import { formatNumber } from '../../src/format/numbers';
import { figureId, noteId, pickerId, RUN_CHARTS } from '../../src/panel/charts';
import { panelPage } from '../../src/panel/html';
import { buildPalette } from '../../src/panel/palette';
import type { EpochPoint } from '../../src/panel/protocol';
import { panelHistory } from '../../src/panel/series';
import { DARK, LIGHT, launchBrowser, openWebview, ROOT, SHOTS, type Theme, writePage } from '../helpers/webviewPage';
import { bareLine, gatedLine, GRU_GATES, LSTM_GATES } from './metricsFixtures';
import { datasets, header, inked, pageErrors, recordedPoints, send, settle, ys } from './panelFixtures';
import { docScreenshot } from './docShots';

let browser: Browser;
let pageUrl: string;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  pageUrl = writePage(panelPage, 'webview');
  browser = await launchBrowser();
});

after(async () => browser?.close());

const openPanel = (theme: Theme = DARK): Promise<Page> => openWebview(browser, pageUrl, theme);

describe('training panel', () => {
  const points = recordedPoints(30);

  it('plots the recorded losses, one point per epoch, on canvases that are not blank', async () => {
    const page = await openPanel();
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(page);
    const loss = await datasets(page, 'loss');
    const best = bestEpoch(points)!;
    assert.deepEqual(
      loss.map((d) => [d.label, d.data.length]),
      [
        ['train (raw)', 30],
        ['train', 30],
        ['validation (raw)', 30],
        ['validation', 30],
        [`best: epoch ${best.epoch} (validation loss ${formatNumber(best.value)})`, 1],
      ],
      'and a star at the best epoch',
    );
    assert.deepEqual(
      ys(loss[0]),
      points.map((p) => p.loss),
      'the raw curve is the recorded training loss',
    );
    assert.deepEqual(
      ys(loss[2]),
      points.map((p) => p.valLoss),
      'and the validation loss',
    );
    assert.deepEqual(
      loss[0].data.map((p) => p.x),
      points.map((p) => p.epoch),
    );
    assert.equal(await page.locator('#lastLoss').textContent(), `loss ${formatNumber(points[29].loss)}`);
    for (const { id } of RUN_CHARTS.filter((c) => !('onlyWithData' in c && c.onlyWithData))) {
      const n = await inked(page, id);
      assert.ok(n > 500, `${id} canvas has ${n} drawn pixels`);
    }
    assert.equal(
      await page.locator(`#${figureId('gates')}`).isHidden(),
      true,
      'an rnn-only run has no gates: no gate-saturation chart',
    );
    assert.equal(await page.locator('#name').textContent(), 'sine');
    assert.equal(await page.locator('#status').textContent(), 'completed');
    await page.screenshot({ path: path.join(SHOTS, 'panel-dark.png'), fullPage: true });
    await page.close();
  });

  it('draws axes, legends and curves in the colours of a light theme', async () => {
    // The theme's variables arrive after the charts were made, as when the user switches theme.
    const page = await openPanel(LIGHT);
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'panel-light.png'), fullPage: true });
    const colours = await page.evaluate(() => {
      const loss = (window as any).rnnLabCharts.loss;
      return {
        ticks: loss.options.scales.y.ticks.color,
        title: loss.options.scales.x.title.color,
        legend: loss.options.plugins.legend.labels.color,
        train: loss.data.datasets[1].borderColor,
      };
    });
    assert.deepEqual(colours, {
      ticks: LIGHT['--vscode-foreground'],
      title: LIGHT['--vscode-foreground'],
      legend: LIGHT['--vscode-foreground'],
      train: buildPalette([255, 255, 255])[0],
    });
    await page.close();
  });

  it('moving the epoch scrubber changes the histogram and the gradient-flow curve', async () => {
    const page = await openPanel();
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(page);
    const histogram = () => page.evaluate(() => (window as any).rnnLabCharts.histogram.data.datasets[0]);
    const name = await page.locator(`#${pickerId('histogram')}`).inputValue();
    const counts = async () => ((await histogram()).data as { y: number }[]).map((b) => b.y);
    assert.deepEqual(await counts(), points[29].histograms![name].counts);
    assert.deepEqual(ys((await datasets(page, 'flow'))[0]), points[29].dhNorms!.layer0);
    await page.locator('#epoch').fill('0');
    await settle(page);
    const first = await histogram();
    assert.equal(first.label, `${name} at epoch 1`);
    assert.deepEqual(await counts(), points[0].histograms![name].counts);
    assert.notDeepEqual(points[0].histograms![name].counts, points[29].histograms![name].counts);
    const flow = await datasets(page, 'flow');
    assert.deepEqual(
      flow.map((d) => d.label),
      ['layer0 h'],
    );
    assert.deepEqual(ys(flow[0]), points[0].dhNorms!.layer0, 'gradient flow of epoch 1');
    assert.equal(await page.locator('#epochLabel').textContent(), 'epoch 1');
    assert.match((await page.locator(`#${noteId('heatmap')}`).textContent())!, /^epoch 1, 6×6$/);
    await page.locator('#epoch').fill('29');
    await settle(page);
    assert.match(
      (await page.locator(`#${noteId('heatmap')}`).textContent())!,
      /^epoch 30, 6×6$/,
      'the last epoch has a snapshot',
    );
    await page.close();
  });

  describe('a run with LSTM and GRU layers', () => {
    const gated = [1, 2, 3, 4].map(gatedLine);

    it("plots cell-state flow beside h, every gate's spectral norm, and each gate's saturation at the selected epoch", async () => {
      const page = await openPanel();
      const errors = pageErrors(page);
      await send(page, {
        type: 'reset',
        runDir: '/runs/gated',
        header: header({ epochs: 4, epochsCompleted: 4 }),
        points: gated,
      });
      await settle(page);

      const flow = await datasets(page, 'flow');
      assert.deepEqual(
        flow.map((d) => d.label),
        ['layer0 h', 'layer1 h', 'layer2 h', 'layer1 c'],
      );
      assert.deepEqual(ys(flow[3]), gated[3].dcNorms!.layer1, '‖∂L/∂c_t‖ of the last epoch');
      assert.deepEqual(flow[3].borderDash, [6, 3], 'the cell state is dashed');
      assert.equal(flow[3].borderColor, flow[1].borderColor, "in its layer's colour");

      const spectral = await datasets(page, 'spectral');
      const blocks = [
        'layer0.Wh',
        ...LSTM_GATES.map((g) => `layer1.Wh.${g}`),
        ...GRU_GATES.map((g) => `layer2.Wh.${g}`),
      ];
      assert.deepEqual(
        spectral.map((d) => d.label),
        [...blocks, 'ρ = 1'],
      );
      assert.deepEqual(
        ys(spectral[2]),
        gated.map((p) => p.spectralNorms!['layer1.Wh.f']),
      );

      assert.equal(await page.locator(`#${figureId('gates')}`).isVisible(), true);
      const gateAt = async () =>
        Object.fromEntries(
          (await datasets(page, 'gates'))
            .filter((d) => d.label !== 'x + y = 1')
            .map((d) => [d.label, d.data[d.pointRadius!.findIndex((r) => r > 0)]]),
        );
      assert.deepEqual(
        await gateAt(),
        Object.fromEntries(Object.entries(gated[3].gateSaturation!).map(([g, s]) => [g, { x: s.low, y: s.high }])),
      );
      assert.ok((await inked(page, 'gates')) > 500);

      await page.locator(`#${pickerId('heatmap')}`).selectOption('layer1.Wh');
      await settle(page);
      assert.equal(await page.locator(`#${noteId('heatmap')}`).textContent(), 'epoch 4, 4×16, gates i | f | g | o');
      await page.screenshot({ path: path.join(SHOTS, 'panel-gated-dark.png'), fullPage: true });
      await docScreenshot(page, 'panel');

      await page.locator('#epoch').fill('0');
      await settle(page);
      assert.deepEqual(
        await gateAt(),
        Object.fromEntries(Object.entries(gated[0].gateSaturation!).map(([g, s]) => [g, { x: s.low, y: s.high }])),
        'the scrubber moves the gates to epoch 1',
      );
      assert.deepEqual(ys((await datasets(page, 'flow'))[3]), gated[0].dcNorms!.layer1);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('reads in a light theme too', async () => {
      const page = await openPanel(LIGHT);
      await send(page, {
        type: 'reset',
        runDir: '/runs/gated',
        header: header({ epochs: 4, epochsCompleted: 4 }),
        points: gated,
      });
      await settle(page);
      const gates = await datasets(page, 'gates');
      assert.equal(
        gates.find((d) => d.label === 'x + y = 1')?.borderColor,
        `color-mix(in srgb, ${LIGHT['--vscode-foreground']} 45%, transparent)`,
      );
      await page.screenshot({ path: path.join(SHOTS, 'panel-gated-light.png'), fullPage: true });
      await page.close();
    });
  });

  it('opens metrics lines written before the statistics existed, without errors', async () => {
    const page = await openPanel();
    const errors = pageErrors(page);
    // Old lines first, then one with today's rnn statistics, then old again: series with gaps.
    const mixed = [bareLine(1), bareLine(2), { ...points[2], epoch: 3 }, bareLine(4)];
    await send(page, {
      type: 'reset',
      runDir: '/runs/old',
      header: header({ epochs: 4, epochsCompleted: 4 }),
      points: mixed,
    });
    await settle(page);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      ys((await datasets(page, 'loss'))[0]),
      mixed.map((p) => p.loss),
    );
    const flow = await datasets(page, 'flow');
    assert.deepEqual(
      ys(flow[0]),
      Object.values(points[2].dhNorms!)[0],
      "the newest epoch has no gradient flow: the nearest earlier epoch's is drawn",
    );
    const weights = await datasets(page, 'weights');
    assert.deepEqual(
      weights.map((d) => d.label),
      Object.keys(points[2].weightNorms!),
      'the parameters of the one epoch that has norms',
    );
    assert.deepEqual(ys(weights[0]), [null, null, points[2].weightNorms![weights[0].label], null]);
    assert.equal(
      await page.locator(`#${noteId('heatmap')}`).textContent(),
      'epoch 3, 6×6',
      'the nearest earlier snapshot',
    );
    assert.equal(await page.locator(`#${figureId('gates')}`).isHidden(), true);

    await send(page, {
      type: 'reset',
      runDir: '/runs/old',
      header: header({ epochs: 2, epochsCompleted: 2 }),
      points: [bareLine(1), bareLine(2)],
    });
    await settle(page);
    assert.deepEqual(errors, []);
    assert.equal(await page.evaluate(() => (window as any).rnnLabCharts.histogram.data.datasets.length), 0);
    assert.equal(await page.locator(`#${noteId('heatmap')}`).textContent(), 'no snapshot yet');
    await page.close();
  });

  it('Stop posts "stop" while running; Re-run posts "rerun" when finished', async () => {
    const page = await openPanel();
    await send(page, {
      type: 'reset',
      runDir: '/runs/sine',
      header: header({ status: 'running', endedAt: null }),
      points: points.slice(0, 5),
    });
    await settle(page);
    await page.locator('#stop').click();
    await send(page, { type: 'header', header: header() });
    await settle(page);
    assert.equal(await page.locator('#stop').isHidden(), true);
    await page.locator('#rerun').click();
    // (The views of what the network learned also ask the host, as `view` messages.)
    const posted = await page.evaluate(() =>
      (window as any).__posted.map((m: { type: string }) => m.type).filter((t: string) => t !== 'view'),
    );
    assert.deepEqual(posted, ['ready', 'stop', 'rerun']);
    await page.close();
  });

  it("keeps the run and the reader's settings with setState, and restores them with getState", async () => {
    const page = await openPanel();
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await page.locator('#smoothing').fill('0.9');
    await page.locator('#logLoss').click();
    await settle(page);
    const state = await page.evaluate(() => (window as any).__state);
    assert.deepEqual(
      { runDir: state.runDir, smoothing: state.smoothing, logScale: state.logScale },
      { runDir: '/runs/sine', smoothing: 0.9, logScale: true },
    );
    assert.equal(await page.evaluate(() => (window as any).rnnLabCharts.loss.options.scales.y.type), 'logarithmic');
    await page.close();
    // A new page whose stand-in hands back that state, as VS Code does for a restored panel.
    const restored = await browser.newPage();
    await restored.addInitScript({
      content: `window.__posted = []; window.__state = ${JSON.stringify(state)};
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState: (s) => { window.__state = s; }, getState: () => window.__state });`,
    });
    await restored.goto(pageUrl);
    await restored.waitForFunction(() => (window as any).__posted.length > 0);
    assert.equal(await restored.locator('#smoothing').inputValue(), '0.9');
    await send(restored, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(restored);
    assert.equal(await restored.evaluate(() => (window as any).rnnLabCharts.loss.options.scales.y.type), 'logarithmic');
    await restored.close();
  });

  it('comes back where the reader was when VS Code rebuilds it (tab hidden and shown, window reload)', async () => {
    const page = await openWebview(browser, pageUrl, DARK, { width: 1000, height: 700 });
    await send(page, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(page);
    await page.locator('#about summary').click();
    await page.evaluate(() => {
      (document.getElementById('statesView') as HTMLDetailsElement).open = false;
    });
    await page.locator('#epoch').fill('9');
    const box = (await page.locator('#loss').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await settle(page);
    const zoom = await page.evaluate(() => {
      const x = (window as any).rnnLabCharts.loss.options.scales.x;
      return { min: x.min as number, max: x.max as number };
    });
    assert.ok(zoom.min > 1 && zoom.max < 30, `zoomed to ${JSON.stringify(zoom)}`);
    await page.mouse.wheel(0, 500);
    await page.waitForTimeout(400);
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.ok(scrolled > 300, `scrolled to ${scrolled}`);
    const state = await page.evaluate(() => (window as any).__state);
    await page.close();
    // A new page whose stand-in hands back that state, as VS Code does for a rebuilt panel.
    const restored = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await restored.addInitScript({
      content: `window.__posted = []; window.__state = ${JSON.stringify(state)};
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState: (s) => { window.__state = s; }, getState: () => window.__state });`,
    });
    await restored.goto(pageUrl);
    await restored.waitForFunction(() => (window as any).__posted.length > 0);
    await send(restored, { type: 'reset', runDir: '/runs/sine', header: header(), points });
    await settle(restored);
    await restored.waitForTimeout(300);
    assert.equal(await restored.evaluate(() => (document.getElementById('about') as HTMLDetailsElement).open), true);
    assert.equal(
      await restored.evaluate(() => (document.getElementById('statesView') as HTMLDetailsElement).open),
      false,
    );
    assert.equal(await restored.locator('#epoch').inputValue(), '9', 'the scrubber at the same epoch');
    assert.equal(await restored.locator('#epochLabel').textContent(), `epoch ${points[9].epoch}`);
    assert.deepEqual(
      await restored.evaluate(() => {
        const x = (window as any).rnnLabCharts.loss.options.scales.x;
        return { min: x.min as number, max: x.max as number };
      }),
      zoom,
      'the same zoom',
    );
    assert.equal(await restored.locator('#resetZoom').isVisible(), true);
    assert.equal(await restored.evaluate(() => window.scrollY), scrolled, 'scrolled to the same place');
    await restored.close();
  });

  it('streams appended epochs into the charts', async () => {
    const page = await openPanel();
    await send(page, {
      type: 'reset',
      runDir: '/runs/sine',
      header: header({ status: 'running', endedAt: null }),
      points: points.slice(0, 10),
    });
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
    await send(page, {
      type: 'reset',
      runDir: '/runs/long',
      header: header({ epochs: 100000, epochsCompleted: 100000 }),
      points: panelHistory(many),
    });
    await page.waitForFunction(() => (window as any).rnnLabCharts.loss.data.datasets[0]?.data.length > 0, undefined, {
      timeout: 30000,
    });
    console.log(`100,000-epoch history opened in ${Date.now() - started} ms`);
    const xs: number[] = await page.evaluate(() =>
      (window as any).rnnLabCharts.loss.data.datasets[0].data.map((p: { x: number }) => p.x),
    );
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

  it('rnn-lab report: one self-contained HTML file with the same charts, the experiment, dates and losses at the top', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rnn-lab-report-'));
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120000,
      });
    cli('train', 'examples/sine.rnn.json', '--epochs', '12', '--out', out, '--quiet');
    const runDir = path.join(out, readdirSync(out)[0]);
    const metrics = readFileSync(path.join(runDir, 'metrics.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { epoch: number; loss: number; valLoss: number });
    const report = path.join(out, 'sine.html');
    assert.equal(cli('report', runDir, '-o', report), `report written to ${report}\n`);
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 1300, height: 1000 }, colorScheme: scheme });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(report).href);
      await page.waitForFunction(() => (window as any).rnnLabCharts?.loss.data.datasets[0]?.data.length === 12);
      await page.locator('#results tbody tr', { hasText: 'best validation loss' }).waitFor();
      assert.equal(await page.locator('#status').textContent(), 'completed');
      assert.equal(await page.locator('script[src], link[href]').count(), 0, 'no script or stylesheet is referenced');
      assert.deepEqual(requests, [pathToFileURL(report).href], 'the report makes no other request');

      assert.equal(
        await page.locator('details#about').getAttribute('open'),
        '',
        'the experiment and results are open at the top',
      );
      const results = Object.fromEntries(
        await page
          .locator('#results tbody tr')
          .evaluateAll((trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent])),
      );
      const bestVal = metrics.reduce((b, m) => (m.valLoss < b.valLoss ? m : b));
      assert.equal(results['final loss'], formatNumber(metrics[11].loss));
      assert.equal(results['final validation loss'], formatNumber(metrics[11].valLoss));
      assert.equal(results['best validation loss'], `${formatNumber(bestVal.valLoss)} (epoch ${bestVal.epoch})`);
      assert.match(results.started, /\d{4}/, 'the date it started');
      assert.match(results.ended, /\d{4}.*\(took /);
      const settings = Object.fromEntries(
        await page
          .locator('#experiment tbody tr')
          .evaluateAll((trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent])),
      );
      assert.equal(settings['training.optimizer.learningRate'], '0.01');
      assert.equal(settings['data.generator'], 'sine');
      assert.equal(settings['training.epochs'], '12');

      // The "log scale" box: the page's background, not the black square a missing theme variable gave.
      const box = await page
        .locator('#logLoss')
        .evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.icon')!).backgroundColor);
      assert.equal(box, scheme === 'light' ? 'rgb(248, 248, 248)' : 'rgb(49, 49, 49)');
      await page.locator('#logLoss').click();
      await page.waitForFunction(() => (window as any).rnnLabCharts.loss.options.scales.y.type === 'logarithmic');
      await page.screenshot({ path: path.join(SHOTS, `report-${scheme}.png`), fullPage: true });
      await page.close();
    }
  });
});
