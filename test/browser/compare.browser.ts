/// <reference lib="dom" />
// The Compare panel in a real browser: three real runs (recorded to disk by the trainer,
// read back by readComparison as the editor does) overlaid, what each came to, and only
// their differing settings; a 40-epoch run beside a 4-epoch one on a progress axis.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadExperiment } from '../../src/experiment/load';
import { readComparison } from '../../src/panel/comparison';
import { runTime } from '../../src/runs/runTime';
import { comparePage } from '../../src/panel/html';
import { buildPalette } from '../../src/panel/palette';
import type { HostToCompare } from '../../src/panel/protocol';
import { recordedRun } from '../../src/runs/recordedRun';
import { DARK, LIGHT, launchBrowser, openWebview, setTheme, SHOTS, writePage } from '../helpers/webviewPage';
import { workspace } from '../helpers/workspace';
import { setRunLabel } from '../../src/runs/amendRunRecord';
import { formatNumber } from '../../src/format/numbers';

let browser: Browser;
let url: string;
let comparison: HostToCompare;
let shortAndLong: HostToCompare;

const sine = (learningRate: number, units: number, epochs = 25) => ({
  name: 'sine',
  seed: 4,
  data: { generator: 'sine', samples: 48, steps: 10, validationSplit: 0.25 },
  model: {
    layers: [
      { type: 'rnn', units },
      { type: 'dense', units: 1 },
    ],
  },
  training: { epochs, batchSize: 12, loss: 'mse', optimizer: { type: 'adam', learningRate } },
  trace: { shapes: 'off' },
});

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const ws = workspace({
    'a.rnn.json': sine(0.01, 8),
    'b.rnn.json': sine(0.05, 8),
    'c.rnn.json': sine(0.01, 16),
    'd.rnn.json': sine(0.01, 8, 4),
  });
  const dirs: string[] = [];
  for (const f of ['a', 'b', 'c', 'd']) {
    const { loaded } = await loadExperiment(path.join(ws, `${f}.rnn.json`));
    dirs.push((await recordedRun(loaded!, { runsDir: path.join(ws, 'runs'), toolVersion: 'test' })).runDir);
  }
  comparison = await readComparison(dirs.slice(0, 3));
  shortAndLong = await readComparison([dirs[0], dirs[3]]);
  url = writePage(comparePage, 'compare');
  browser = await launchBrowser();
});

after(async () => browser?.close());

async function show(page: Page, c: HostToCompare): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), c);
  await page.waitForFunction(() => document.querySelectorAll('#settings tbody tr').length > 0);
}

const labels = (page: Page) =>
  page.evaluate(() =>
    (window as any).rnnLabCompareChart.data.datasets.map((d: { label: string; data: unknown[] }) => [
      d.label,
      d.data.length,
    ]),
  );
const tableRows = (page: Page) =>
  page
    .locator('#settings tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent)));

it('overlays one loss curve per run, legends saying when each ran and what differs, and a table of results and differing settings', async () => {
  const page = await openWebview(browser, url);
  await show(page, comparison);
  const time = (label: string) => label.split(' · ')[0];
  assert.deepEqual(
    (await labels(page)).map(([l, n]: [string, number]) => [l.slice(time(l).length), n]),
    [
      [' · layers[0].units 8 · lr 0.01', 25],
      [' · layers[0].units 8 · lr 0.05', 25],
      [' · layers[0].units 16 · lr 0.01', 25],
    ],
  );
  for (const [i, [l]] of (await labels(page)).entries())
    assert.equal(time(l as string), runTime(comparison.runs[i].runDir), "the run's time, not its folder name");
  const rows = await tableRows(page);
  const names = rows.map((r) => r[0]);
  assert.deepEqual(names.slice(0, 6), [
    'final loss (status)',
    'epochs',
    'engine',
    'best loss',
    'final validation loss',
    'best validation loss',
  ]);
  assert.deepEqual(
    names.slice(-2),
    ['model.layers[0].units', 'training.optimizer.learningRate'],
    'then only the settings that differ',
  );
  const row = (name: string) => rows.find((r) => r[0] === name)!.slice(1);
  assert.deepEqual(row('model.layers[0].units'), ['8', '8', '16']);
  assert.deepEqual(row('training.optimizer.learningRate'), ['0.01', '0.05', '0.01']);
  assert.ok(row('final loss (status)').every((c) => / \(completed\)$/.test(c)));
  assert.ok(
    row('engine').every((c) => c === 'RNN Lab'),
    'which engine trained each run',
  );
  comparison.runs.forEach((run, i) => {
    const best = run.facts.bestValLoss!;
    assert.equal(row('best validation loss')[i], `${formatNumber(best.value)} (epoch ${best.epoch})`);
    assert.equal(row('final validation loss')[i], formatNumber(run.facts.finalValLoss));
  });

  await page.locator('#showVal').click();
  await page.waitForFunction(() => (window as any).rnnLabCompareChart.data.datasets.length === 6);
  await page.screenshot({ path: path.join(SHOTS, 'compare-dark.png'), fullPage: true });

  await page.locator('#settings thead th.run').nth(1).click();
  const posted = await page.evaluate(() => (window as any).__posted.at(-1));
  assert.deepEqual(posted, { type: 'open', runDir: comparison.runs[1].runDir }, "a run's column header opens that run");
  assert.deepEqual(
    await page.evaluate(() => (window as any).__state.runDirs),
    comparison.runs.map((r) => r.runDir),
    'kept for a reload',
  );
  await page.close();
});

it('legends use run labels and sweep names; across experiments no absolute data paths and no settings a run lacks', async () => {
  const ws = workspace({
    'weather.rnn.json': sine(0.01, 8, 3),
    'chars.rnn.json': {
      name: 'chars',
      seed: 1,
      data: { text: 'text.txt', seqLength: 8, stride: 4, validationSplit: 0.2 },
      model: {
        layers: [
          { type: 'rnn', units: 8 },
          { type: 'dense', units: 7, activation: 'softmax' },
        ],
        output: 'sequence',
      },
      training: { epochs: 2, batchSize: 8, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.01 } },
      trace: { shapes: 'off' },
    },
    'text.txt': 'abcdef fedcba '.repeat(20),
  });
  const dirs: string[] = [];
  for (const f of ['weather', 'weather', 'chars']) {
    const { loaded } = await loadExperiment(path.join(ws, `${f}.rnn.json`));
    dirs.push((await recordedRun(loaded!, { runsDir: path.join(ws, 'runs'), toolVersion: 'test' })).runDir);
  }
  await setRunLabel(dirs[0], 'lr 1e-3 baseline');
  const mixed = await readComparison(dirs);
  const page = await openWebview(browser, url, LIGHT, { width: 1000, height: 800 });
  await show(page, mixed);
  const legend = (await labels(page)).map(([l]: [string]) => l);
  assert.equal(legend[0], 'sine · lr 1e-3 baseline', "the user's label, after the experiment's name");
  assert.match(legend[1], /^sine · /);
  assert.match(legend[2], /^chars · /);
  for (const l of legend) {
    assert.doesNotMatch(l, /—/, `${l}: no setting the run does not have`);
    assert.ok(!l.includes(ws), `${l}: no absolute path`);
  }
  const rows = await tableRows(page);
  assert.deepEqual(
    rows.find((r) => r[0] === 'data.text')?.slice(1),
    ['—', '—', 'text.txt'],
    'the data file by its name',
  );
  const cells = rows.flat();
  assert.ok(!cells.some((c) => c?.includes(ws)), 'the table shows no absolute path either');
  await page.screenshot({ path: path.join(SHOTS, 'compare-experiments-light.png'), fullPage: true });
  await page.close();
});

it('"normalize to progress" puts a 4-epoch run and a 25-epoch run on the same 0–100 % axis', async () => {
  const page = await openWebview(browser, url);
  await show(page, shortAndLong);
  const lastX = () =>
    page.evaluate(() =>
      (window as any).rnnLabCompareChart.data.datasets.map(
        (d: { data: { x: number }[] }) => d.data[d.data.length - 1].x,
      ),
    );
  assert.deepEqual(await lastX(), [25, 4]);
  await page.locator('#progress').click();
  await page.waitForFunction(() => (window as any).rnnLabCompareChart.data.datasets[1].data[3].x === 100);
  assert.deepEqual(await lastX(), [100, 100]);
  assert.equal(
    await page.evaluate(() => (window as any).rnnLabCompareChart.options.scales.x.title.text),
    '% of its epochs',
  );
  assert.equal(await page.evaluate(() => (window as any).__state.progress), true, 'kept for a reload');
  assert.deepEqual((await tableRows(page)).find((r) => r[0] === 'epochs')!.slice(1), ['25/25', '4/4']);
  await page.close();
});

it('zooms on a drag, labels log ticks 1-2-5, and recolours when the theme changes', async () => {
  const page = await openWebview(browser, url);
  await show(page, comparison);
  await page.locator('#logLoss').click();
  await page.waitForTimeout(200);
  const labelled = await page.evaluate(() =>
    (window as any).rnnLabCompareChart.scales.y.ticks
      .filter((t: { label: string }) => t.label !== '')
      .map((t: { value: number }) => t.value),
  );
  assert.ok(labelled.length >= 2);
  for (const v of labelled as number[])
    assert.ok([1, 2, 5].includes(Number((v / 10 ** Math.floor(Math.log10(v) + 1e-9)).toPrecision(6))), `tick ${v}`);

  const box = (await page.locator('#loss').boundingBox())!;
  const area = await page.evaluate(
    () => (window as any).rnnLabCompareChart.chartArea as { left: number; right: number; top: number; bottom: number },
  );
  const y = box.y + (area.top + area.bottom) / 2;
  await page.mouse.move(box.x + area.left + 10, y);
  await page.mouse.down();
  await page.mouse.move(box.x + (area.left + area.right) / 2, y, { steps: 4 });
  await page.mouse.up();
  await page.waitForTimeout(200);
  const max = await page.evaluate(() => (window as any).rnnLabCompareChart.scales.x.max as number);
  assert.ok(max < 20, `zoomed to epochs up to ${max}`);
  await page.locator('#resetZoom').click();
  await page.waitForTimeout(200);
  assert.ok((await page.evaluate(() => (window as any).rnnLabCompareChart.scales.x.max as number)) >= 25);

  const colours = () =>
    page.evaluate(() =>
      (window as any).rnnLabCompareChart.data.datasets.map((d: { borderColor: string }) => d.borderColor),
    );
  assert.deepEqual(await colours(), buildPalette([0x1e, 0x1e, 0x1e]).slice(0, 3));
  await setTheme(page, LIGHT);
  await page.waitForTimeout(200);
  assert.deepEqual(await colours(), buildPalette([255, 255, 255]).slice(0, 3));
  assert.equal(
    await page.evaluate(() => (window as any).rnnLabCompareChart.options.scales.y.ticks.color),
    LIGHT['--vscode-foreground'],
  );
  await page.screenshot({ path: path.join(SHOTS, 'compare-light.png'), fullPage: true });
  await page.close();
});

it('fits a 320 px column', async () => {
  const page = await openWebview(browser, url, DARK, { width: 320, height: 900 });
  await show(page, comparison);
  const fit = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(fit.page <= fit.inner, `the page is ${fit.page} px wide in a ${fit.inner} px column`);
  await page.screenshot({ path: path.join(SHOTS, 'compare-narrow.png'), fullPage: true });
  await page.close();
});

for (const [theme, width] of [
  [DARK, 190],
  [LIGHT, 190],
  [LIGHT, 360],
] as const) {
  it(`at ${width} px (${theme.kind}) chooses what to show: no cell wrapped letter by letter, the runs told apart by colour`, async () => {
    const page = await openWebview(browser, url, theme, { width, height: 900 });
    await show(page, comparison);
    await page.waitForTimeout(200);
    const fit = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, inner: window.innerWidth }));
    assert.ok(fit.page <= fit.inner, `the page is ${fit.page} px wide in a ${fit.inner} px column`);
    // Every text cell is at least as wide as its longest word: nothing breaks "completed" into letters.
    const broken = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('#settings th, #settings td, #runCards *'))
        .filter((c) => c.offsetParent !== null && c.querySelector(':not(wbr)') === null && c.textContent)
        .filter((c) => {
          const range = document.createRange();
          range.selectNodeContents(c);
          const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
          const words = c.textContent.trim().split(/[\s.]+/).length; // a path may break after a dot
          return lines > words;
        })
        .map((c) => c.textContent),
    );
    assert.deepEqual(broken, [], 'no cell has more lines than words');
    const legend = await page.evaluate(() => (window as any).rnnLabCompareChart.options.plugins.legend.display);
    if (width < 300) assert.equal(legend, false, 'the legend would take the whole chart: the table names the runs');
    await page.screenshot({ path: path.join(SHOTS, `compare-${width}-${theme.kind}.png`), fullPage: true });
    await page.close();
  });
}

it('says so when the runs have the same settings', async () => {
  const page = await openWebview(browser, url);
  const same: HostToCompare = { ...comparison, runs: comparison.runs.slice(0, 2), settings: [] };
  await page.evaluate((m) => window.postMessage(m, '*'), same);
  await page.locator('#same').waitFor({ state: 'visible' });
  await page.close();
});
