/// <reference lib="dom" />
// The Compare panel in a real browser: three real runs (recorded to disk by the trainer,
// read back by readComparison as the editor does) overlaid, and only their differing settings.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { loadExperiment } from '../../src/experiment/load';
import { readComparison } from '../../src/panel/comparison';
import { comparePage } from '../../src/panel/html';
import type { HostToCompare } from '../../src/panel/protocol';
import { recordedRun } from '../../src/runs/recordedRun';
import { launchBrowser, openWebview, SHOTS, writePage } from '../helpers/webviewPage';
import { workspace } from '../helpers/workspace';

let browser: Browser;
let url: string;
let comparison: HostToCompare;

const sine = (learningRate: number, units: number) => ({
  name: 'sine', seed: 4,
  data: { generator: 'sine', samples: 48, steps: 10, validationSplit: 0.25 },
  model: { layers: [{ type: 'rnn', units }, { type: 'dense', units: 1 }] },
  training: { epochs: 25, batchSize: 12, loss: 'mse', optimizer: { type: 'adam', learningRate } },
  trace: { shapes: 'off' },
});

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const ws = workspace({ 'a.rnn.json': sine(0.01, 8), 'b.rnn.json': sine(0.05, 8), 'c.rnn.json': sine(0.01, 16) });
  const dirs: string[] = [];
  for (const f of ['a', 'b', 'c']) {
    const { loaded } = await loadExperiment(path.join(ws, `${f}.rnn.json`));
    dirs.push((await recordedRun(loaded!, { runsDir: path.join(ws, 'runs'), toolVersion: 'test' })).runDir);
  }
  comparison = await readComparison(dirs);
  url = writePage(comparePage, 'compare');
  browser = await launchBrowser();
});

after(async () => browser?.close());

it('overlays one loss curve per run and lists only the settings that differ', async () => {
  const page = await openWebview(browser, url);
  await page.evaluate((m) => window.postMessage(m, '*'), comparison);
  await page.waitForFunction(() => document.querySelectorAll('#settings tbody tr').length > 0);
  const datasets = await page.evaluate(() => (window as any).rnnLabCompareChart.data.datasets.map((d: { label: string; data: unknown[] }) => [d.label, d.data.length]));
  assert.deepEqual(datasets, comparison.runs.map((r) => [r.label, 25]));
  const rows = await page.locator('#settings tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent)));
  assert.deepEqual(rows.map((r) => r[0]), ['final loss (status)', 'model.layers[0].units', 'training.optimizer.learningRate']);
  assert.deepEqual(rows[1].slice(1), ['8', '8', '16']);
  assert.deepEqual(rows[2].slice(1), ['0.01', '0.05', '0.01']);
  assert.ok(rows[0].slice(1).every((c) => / \(completed\)$/.test(c)));

  await page.locator('#showVal').click();
  await page.waitForFunction(() => (window as any).rnnLabCompareChart.data.datasets.length === 6);
  await page.screenshot({ path: path.join(SHOTS, 'compare.png'), fullPage: true });

  await page.locator('#settings thead th.run').nth(1).click();
  const posted = await page.evaluate(() => (window as any).__posted.at(-1));
  assert.deepEqual(posted, { type: 'open', runDir: comparison.runs[1].runDir }, 'a run\'s column header opens that run');
  assert.deepEqual(await page.evaluate(() => (window as any).__state.runDirs), comparison.runs.map((r) => r.runDir), 'kept for a reload');
  await page.close();
});

it('says so when the runs have the same settings', async () => {
  const page = await openWebview(browser, url);
  const same: HostToCompare = { ...comparison, runs: comparison.runs.slice(0, 2), settings: [] };
  await page.evaluate((m) => window.postMessage(m, '*'), same);
  await page.locator('#same').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#settings').isVisible(), false);
  await page.close();
});
