/// <reference lib="dom" />
// The Experiments table in a real browser, on the runs of a real sweep (trained by the sweep
// scheduler in worker threads, read back by readExperimentRows as the editor does): sorting,
// filtering, choosing columns, grouping, selecting rows for Compare, and the sweep's parallel
// coordinates and scatters with the best trial highlighted. Then 1,000 runs, timed.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { experimentsPage } from '../../src/panel/experimentsPage';
import type { ExperimentRow, HostToExperiments } from '../../src/panel/experimentsProtocol';
import { readExperimentRows } from '../../src/panel/experimentsRows';
import { listRuns } from '../../src/runs/runStore';
import { loadSweep, type LoadedSweep } from '../../src/sweeps/loadSweep';
import { runSweep } from '../../src/sweeps/scheduler';
import { trialWorkers } from '../../src/worker/trialLauncher';
import { TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { DARK, launchBrowser, LIGHT, openWebview, setTheme, SHOTS, writePage } from '../helpers/webviewPage';
import { sweepExperiment, WORKER, writeSweep } from '../sweeps/fixtures';
import { docScreenshot } from './docShots';

let browser: Browser;
let url: string;
let sweep: LoadedSweep;
let message: HostToExperiments;

before(
  async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { file, dir } = writeSweep(
      sweepExperiment(
        {
          parameters: {
            'training.optimizer.learningRate': { values: [0.003, 0.01, 0.03] },
            'model.layers[0].type': { values: ['rnn', 'gru'] },
            'model.layers[0].units': { values: [4, 8] },
          },
        },
        { training: { epochs: 30, batchSize: 8, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } } },
      ),
    );
    const loaded = await loadSweep(file);
    sweep = loaded.sweep!;
    const runsDir = path.join(dir, 'runs');
    await runSweep(sweep, {
      parallel: 2,
      launch: trialWorkers({
        sweepId: sweep.id,
        metric: sweep.spec.metric,
        file,
        runsDir,
        toolVersion: 'test',
        host: 'cli',
        script: WORKER,
      }),
    });
    message = await readExperimentRows(await listRuns(runsDir), { kind: 'sweep', id: sweep.id, source: file });
    url = writePage(experimentsPage, 'experiments');
    browser = await launchBrowser();
  },
  { timeout: TEST_TIMEOUT_MS },
);

after(async () => browser?.close());

async function open(m: HostToExperiments = message, theme = LIGHT): Promise<Page> {
  const page = await openWebview(browser, url, theme);
  await page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await page.waitForFunction(() => document.querySelectorAll('#runs tbody tr').length > 0);
  return page;
}

const headers = (page: Page) => page.locator('#runs thead th').evaluateAll((ths) => ths.map((th) => th.textContent));
const column = (page: Page, title: string) =>
  page.evaluate((t) => {
    const i = Array.from(document.querySelectorAll('#runs thead th')).findIndex((th) => th.textContent === t);
    return Array.from(
      document.querySelectorAll('#runs tbody tr.run'),
      (tr) => (tr as HTMLTableRowElement).cells[i].textContent,
    );
  }, title);

describe('the Experiments table of a sweep', () => {
  it('has a row per trial, the swept hyperparameters and the metrics as columns', async () => {
    assert.equal(message.rows.length, 12);
    // What a layer type implies varies with it: gru layers start as PyTorch starts them (rnn layers glorot)
    // and have no activation (README "Experiment format").
    assert.deepEqual(
      new Set(message.params),
      new Set([
        'training.optimizer.learningRate',
        'model.layers[0].type',
        'model.layers[0].units',
        'model.init',
        'model.layers[0].activation',
      ]),
    );
    const page = await open();
    const h = await headers(page);
    const swept = sweep.spec.parameters.map((p) => p.name);
    for (const t of [
      'status',
      'name',
      'loss',
      'best loss',
      'val loss',
      'best val loss',
      'epochs',
      'duration',
      ...swept,
    ])
      assert.ok(h.includes(t), `${t} in ${h.join(', ')}`);
    // model.init and activation vary only because the layer type does: not swept columns.
    for (const t of ['model.init', 'model.layers[0].activation'])
      assert.ok(!h.includes(t), `${t} is not a column of its own (${h.join(', ')})`);
    await page.locator('#columns summary').click();
    assert.match(
      (await page
        .locator('#columnList label', { has: page.locator('input[data-column="model.init"]') })
        .textContent())!,
      /follows the swept ones/,
    );
    await page.locator('#columnList input[data-column="model.init"]').check();
    assert.ok((await headers(page)).includes('model.init'), 'shown on request');
    assert.deepEqual(await page.evaluate(() => (window as any).__state.shownDerived), ['model.init']);
    await page.locator('#columnList input[data-column="model.init"]').uncheck();
    await page.locator('#columns summary').click();
    assert.equal(message.title, `Sweep: ${path.basename(sweep.file, '.rnn.json')}`, 'the tab title, without the id');
    assert.ok(!h.includes('acc'), 'no accuracy column: an mse sweep has none');
    assert.ok(!h.includes('training.epochs'), 'settings the same in every run are not columns');
    assert.equal(await page.locator('#runs tbody tr.run').count(), 12);
    assert.equal(await page.locator('#count').textContent(), '12 of 12 runs');
    await page.screenshot({ path: path.join(SHOTS, 'experiments-sweep.png'), fullPage: true });
    await docScreenshot(page, 'experiments');
    await page.close();
  });

  it('sorts by a column, ascending then descending', async () => {
    const page = await open();
    await page.locator('#runs thead th', { hasText: /^best val loss$/ }).click();
    const up = (await column(page, 'best val loss')).map(Number);
    assert.deepEqual(
      up,
      [...up].sort((a, b) => a - b),
    );
    await page.locator('#runs thead th', { hasText: /^best val loss$/ }).click();
    const down = (await column(page, 'best val loss')).map(Number);
    assert.deepEqual(down, [...up].reverse());
    assert.deepEqual(
      await page.evaluate(() => (window as any).__state.sort),
      { column: 'bestValLoss', descending: true },
      'kept for a reload',
    );
    const bestRow = await page.locator('#runs tbody tr.best').getAttribute('data-run-dir');
    assert.equal(bestRow, message.sweep!.bestRunDir);
    assert.equal(up[0], Number(Math.min(...message.rows.map((r) => r.metrics.bestValLoss!)).toPrecision(4)));
    await page.close();
  });

  it("filters by a metric, by a hyperparameter's short name and by status, and says what is wrong with a bad filter", async () => {
    const page = await open();
    const losses = message.rows.map((r) => r.metrics.bestValLoss!).sort((a, b) => a - b);
    const median = losses[6];
    await page.locator('#filter').fill(`bestValLoss < ${median}`);
    await page.waitForFunction(() => document.querySelector('#count')!.textContent === '6 of 12 runs');
    await page.locator('#filter').fill('type = gru and units = 8');
    await page.waitForFunction(() => document.querySelector('#count')!.textContent === '3 of 12 runs');
    const h = await headers(page);
    assert.ok(
      !h.includes('model.layers[0].type') && !h.includes('model.layers[0].units'),
      'a column that no longer varies among the shown runs is left out',
    );
    assert.ok(h.includes('training.optimizer.learningRate'));
    await page.locator('#filter').fill('status = completed');
    await page.waitForFunction(() => document.querySelector('#count')!.textContent === '12 of 12 runs');
    await page.locator('#filter').fill('vallos < 1');
    await page.waitForFunction(() => document.querySelector('#filterProblem')!.textContent !== '');
    assert.match((await page.locator('#filterProblem').textContent()) ?? '', /^no column "vallos"/);
    await page.close();
  });

  it('hides a column chosen off, and keeps the choice (webview state)', async () => {
    const page = await open();
    await page.locator('#columns summary').click();
    await page.locator('#columnList input[data-column="bestLoss"]').uncheck();
    assert.ok(!(await headers(page)).includes('best loss'));
    assert.deepEqual(await page.evaluate(() => (window as any).__state.hidden), ['bestLoss']);
    await page.close();
    // A reloaded page starts from the kept state.
    const again = await openWebview(browser, url, DARK);
    await again.addInitScript({
      content: `window.__state = ${JSON.stringify({ scope: message.scope, hidden: ['bestLoss'], groupBy: 'sweep' })};`,
    });
    await again.reload();
    await setTheme(again, DARK); // a reload drops the theme's variables
    await again.waitForFunction(() => (window as any).__posted.some((m: { type: string }) => m.type === 'ready'));
    await again.evaluate((msg) => window.postMessage(msg, '*'), message);
    await again.waitForFunction(() => document.querySelectorAll('#runs tbody tr').length > 0);
    assert.ok(!(await headers(again)).includes('best loss'));
    assert.equal(await again.locator('#runs tr.group').count(), 1, 'grouped by sweep: one group');
    assert.match(
      (await again.locator('#runs tr.group').textContent()) ?? '',
      new RegExp(`^sweep ${sweep.id} \\(sweep\\) — 12 runs$`),
    );
    await again.screenshot({ path: path.join(SHOTS, 'experiments-grouped-dark.png'), fullPage: true });
    await again.close();
  });

  it('sends the selected rows to Compare', async () => {
    const page = await open();
    await setTheme(page, { '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff' });
    const rows = page.locator('#runs tbody tr.run');
    assert.equal(await page.locator('#compare').isDisabled(), true);
    const background = () => page.locator('#compare').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(
      await background(),
      'rgb(229, 229, 229)',
      'with nothing selected Compare wears the secondary colours, not the primary blue',
    );
    await rows.nth(0).click();
    await rows.nth(2).click();
    assert.equal(await page.locator('#compare').isDisabled(), false);
    assert.equal(await background(), 'rgb(0, 95, 184)', 'two selected: the primary button');
    await page.locator('#compare').click();
    const posted = await page.evaluate(() => (window as any).__posted.at(-1));
    const dirs = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.runDir));
    assert.deepEqual(posted, { type: 'compare', runDirs: [dirs[0], dirs[2]] });
    await rows.nth(1).dblclick();
    assert.equal((await page.evaluate(() => (window as any).__posted.at(-1))).type, 'open');
    await page.close();
  });

  for (const theme of [LIGHT, DARK]) {
    it(`at 360 px (${theme.kind}) shows each trial's name (its parameters) and result, not a cut-off name`, async () => {
      const page = await openWebview(browser, url, theme, { width: 360, height: 800 });
      await page.evaluate((msg) => window.postMessage(msg, '*'), message);
      await page.waitForFunction(() => document.querySelectorAll('#runs tbody tr').length > 0);
      const h = await headers(page);
      assert.deepEqual(h, ['', 'status', 'name', 'best val loss'], "a trial's name says its parameters");
      assert.equal(await page.locator('#narrowNote').isVisible(), true, 'it says there is more');
      const seen = await page.evaluate(() => {
        const row = document.querySelector<HTMLTableRowElement>('#runs tbody tr.run')!;
        return {
          right: Math.max(...Array.from(row.cells, (c) => c.getBoundingClientRect().right)),
          width: document.documentElement.scrollWidth,
          name: row.cells[2].scrollWidth <= row.cells[2].clientWidth,
        };
      });
      assert.ok(seen.right <= 360, `the row fits the column (${seen.right} px)`);
      assert.ok(seen.width <= 360, 'no sideways scroll');
      assert.ok(seen.name, 'the name is not cut off');
      await page.screenshot({ path: path.join(SHOTS, `experiments-360-${theme.kind}.png`), fullPage: true });
      await page.setViewportSize({ width: 1100, height: 800 });
      await page.waitForFunction(() => document.querySelectorAll('#runs thead th').length > 8);
      assert.equal(await page.locator('#narrowNote').isVisible(), false, 'wide again: every column');
      await page.close();
    });
  }

  it('draws parallel coordinates (parameters → metric, best trial in bold) and a scatter per parameter', async () => {
    const page = await open();
    const chart = await page.evaluate(() => {
      const c = (window as any).rnnLabExperiments.charts();
      return {
        axes: c.axes.map((a: { name: string; kind: string; categories: string[] }) => [a.name, a.kind, a.categories]),
        lines: c.parallel.data.datasets.map((d: { borderWidth: number; data: { x: number; y: number }[] }) => ({
          width: d.borderWidth,
          ys: d.data.map((p) => p.y),
        })),
        scatters: Object.fromEntries(
          Object.entries(c.scatters).map(([k, s]: [string, any]) => [
            k,
            s.data.datasets.map((d: { data: unknown[] }) => d.data.length),
          ]),
        ),
      };
    });
    assert.deepEqual(
      chart.axes.map((a: unknown[]) => a[0]),
      [...sweep.spec.parameters.map((p) => p.name), 'bestValLoss'],
    );
    assert.deepEqual(chart.axes[1], ['model.layers[0].type', 'category', ['gru', 'rnn']]);
    // Each axis labelled along its length: a grid's every value, the metric evenly.
    const ticks = await page.evaluate(() =>
      (window as any).rnnLabExperiments
        .charts()
        .axes.map((a: { ticks: number[]; label: (t: number) => string }) => a.ticks.map((t) => a.label(t))),
    );
    assert.deepEqual(ticks[0], ['0.003', '0.01', '0.03']);
    assert.deepEqual(ticks[2], ['4', '8']);
    assert.equal(ticks[3].length, 5, 'the metric at five points, not only its ends');
    assert.equal(chart.axes[0][1], 'linear');
    assert.equal(chart.lines.length, 12, 'one line per trial');
    assert.equal(chart.lines.filter((l: { width: number }) => l.width > 3).length, 1, 'one best trial, in bold');
    const best = chart.lines.find((l: { width: number }) => l.width > 3);
    assert.equal(best.ys.at(-1), 0, 'the best trial sits at the bottom of the (minimized) metric axis');
    for (const l of chart.lines) for (const y of l.ys) assert.ok(y >= 0 && y <= 1);
    assert.deepEqual(
      Object.keys(chart.scatters),
      sweep.spec.parameters.map((p) => p.name),
    );
    for (const counts of Object.values(chart.scatters))
      assert.deepEqual(counts, [11, 1], 'the trials, and the best one apart');
    await page.locator('#sweepCharts').screenshot({ path: path.join(SHOTS, 'experiments-sweep-charts.png') });
    await page.close();
  });
});

it('opens 1,000 runs (the time is printed, not asserted)', async () => {
  const rows: ExperimentRow[] = Array.from({ length: 1000 }, (_, i) => {
    const r = message.rows[i % message.rows.length];
    return {
      ...r,
      runDir: `${r.runDir}-${i}`,
      sweep: null,
      name: null,
      startedAt: new Date(Date.parse(r.startedAt) + i * 1000).toISOString(),
    };
  });
  const big: HostToExperiments = { ...message, rows, sweep: null, scope: { kind: 'all' }, title: 'Experiments' };
  const page = await openWebview(browser, url, LIGHT);
  await page.evaluate((m) => {
    (window as any).__big = m;
  }, big);
  // A string: tsx would wrap the inner functions with helpers the page does not have.
  const ms = await page.evaluate<number>(`(async () => {
    const start = performance.now();
    window.postMessage(window.__big, '*');
    await new Promise((resolve) => {
      const check = () => (document.querySelectorAll('#runs tbody tr.run').length === 1000 ? resolve() : requestAnimationFrame(check));
      check();
    });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - start;
  })()`);
  console.log(`experiments table: 1,000 runs rendered in ${Math.round(ms)} ms`);
  await page.locator('#runs thead th', { hasText: /^val loss$/ }).click();
  await page.close();
});
