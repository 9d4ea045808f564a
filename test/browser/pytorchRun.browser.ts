/// <reference lib="dom" />
// A run trained by an exported project's train.py opens in the training panel like a native
// run: a tiny experiment is exported, trained by /usr/bin/python3 with torch, and its run
// directory is read as the editor reads it (readRunHistory) and posted to the built panel.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { panelPage } from '../../src/panel/html';
import { readRunHistory } from '../../src/panel/runHistory';
import { exportProject, load, noTorch, onlyRun, python } from '../export/exportFixtures';
import { experiment, workspace } from '../helpers/workspace';
import { launchBrowser, openWebview, SHOTS, writePage } from '../helpers/webviewPage';
import { formatNumber } from '../../src/format/numbers';

const EPOCHS = 15;
const TINY = experiment({
  name: 'tiny-sine',
  seed: 4,
  data: { generator: 'sine', samples: 48, steps: 8, validationSplit: 0.25 },
  model: {
    layers: [
      { type: 'rnn', units: 6 },
      { type: 'dense', units: 1 },
    ],
  },
  training: { epochs: EPOCHS, batchSize: 12, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.02 } },
});

type Metrics = { epoch: number; loss: number; valLoss: number; weightNorms: Record<string, number> };
type Series = { label: string; data: { x: number; y: number | null }[] };

/** A chart's datasets as the page holds them (chart.js objects of window.rnnLabCharts). */
const datasets = (page: Page, chart: string): Promise<Series[]> =>
  page.evaluate(
    (id) => (window as any).rnnLabCharts[id].data.datasets.map((d: Series) => ({ label: d.label, data: d.data })),
    chart,
  );

describe('a run trained by the exported train.py', { skip: noTorch }, () => {
  let browser: Browser;
  let runDir: string;

  before(
    async () => {
      const root = workspace({ 'tiny.rnn.json': TINY });
      const runs = path.join(root, 'runs');
      const project = exportProject(await load(path.join(root, 'tiny.rnn.json')), path.join(root, 'project'));
      const trained = await python([path.join(project, 'train.py'), '--out', runs, '--quiet'], {
        cwd: project,
        timeoutMs: 90_000,
      });
      assert.equal(trained.code, 0, `train.py: ${trained.stdout}\n${trained.stderr}`);
      runDir = onlyRun(runs);
      browser = await launchBrowser();
    },
    { timeout: 120_000 },
  );

  after(async () => browser?.close());

  it('opens in the panel: the loss chart shows its losses epoch by epoch, the weight chart its norms', async () => {
    const metrics = readFileSync(path.join(runDir, 'metrics.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Metrics);
    assert.equal(metrics.length, EPOCHS);
    const reset = await readRunHistory(runDir);
    assert.ok(reset, 'the run directory reads as a run');
    assert.equal(JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')).host, 'pytorch');

    const page = await openWebview(browser, writePage(panelPage, 'webview'));
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.evaluate((m) => window.postMessage(m, '*'), reset);
    await page.waitForFunction((n) => (window as any).rnnLabCharts.loss.data.datasets[0]?.data.length === n, EPOCHS, {
      timeout: 10_000,
    });

    const loss = await datasets(page, 'loss');
    const raw = (label: string) => loss.find((d) => d.label === label);
    assert.deepEqual(
      raw('train (raw)')?.data,
      metrics.map((m) => ({ x: m.epoch, y: m.loss })),
      "the raw curve is train.py's training loss",
    );
    assert.deepEqual(
      raw('validation (raw)')?.data.map((p) => p.y),
      metrics.map((m) => m.valLoss),
      'and its validation loss',
    );
    const weights = await datasets(page, 'weights');
    assert.deepEqual(
      weights.map((d) => d.label).sort(),
      Object.keys(metrics[0].weightNorms).sort(),
      "RNN Lab's parameter names",
    );
    const norm = weights.find((d) => d.label === 'layer0.Wh')!;
    assert.deepEqual(
      norm.data.map((p) => p.y),
      metrics.map((m) => m.weightNorms['layer0.Wh']),
    );
    assert.equal(await page.locator('#name').textContent(), 'tiny-sine');
    assert.equal(await page.locator('#status').textContent(), 'completed');
    assert.equal(await page.locator('#lastLoss').textContent(), `loss ${formatNumber(metrics[EPOCHS - 1].loss)}`);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: path.join(SHOTS, 'panel-pytorch-run.png'), fullPage: true });
    await page.close();
  });
});
