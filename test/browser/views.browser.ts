/// <reference lib="dom" />
// The views of what the network learned (Predictions, Samples, Hidden states) and the metric
// charts, in the built panel page in Debian's chromium, on runs trained for the test: a CSV
// forecaster, a character model and a parity classifier. A stand-in host answers the page's
// view requests with the function the editor's worker runs (answerViewRequest), so every
// number drawn can be checked against predict, inspect and sample run directly.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { inspectRun } from '../../src/analysis/inspect';
import { predictRun } from '../../src/analysis/predict';
import { openRun, type OpenedRun } from '../../src/analysis/runModel';
import { sampleRun } from '../../src/analysis/sample';
import { answerViewRequest } from '../../src/analysis/viewRequests';
import { bestEpoch } from '../../src/core/metrics';
import { loadExperiment } from '../../src/experiment/load';
import { figureId, pickerId } from '../../src/panel/charts';
import { panelPage } from '../../src/panel/html';
import { contrast, type Rgb } from '../../src/panel/palette';
import { formatNumber } from '../../src/format/numbers';
import type { HostToPanel, PanelToHost } from '../../src/panel/protocol';
import { readRunHistory } from '../../src/panel/runHistory';
import { recordedRun } from '../../src/runs/recordedRun';
import { DARK, LIGHT, launchBrowser, openWebview, SHOTS, writePage } from '../helpers/webviewPage';
import { experiment, workspace } from '../helpers/workspace';
import { spanUnits, stateMatrix } from '../../webview/views/states';
import { normalised, largest, shade } from '../../webview/views/cells';
import { docScreenshot } from './docShots';

const TEXT = 'the cat sat on the mat. the dog sat on the log. a cat and a dog sat on a mat.\n'.repeat(3);

const specs = {
  forecast: {
    files: {
      'series.csv': [
        'day,temp,hum',
        ...Array.from(
          { length: 90 },
          (_, i) => `${i},${(10 + 5 * Math.sin(i / 4)).toFixed(3)},${(50 + 3 * Math.cos(i / 3)).toFixed(3)}`,
        ),
      ].join('\n'),
    },
    experiment: experiment({
      data: { csv: 'series.csv', features: ['temp', 'hum'], targets: ['temp'], window: 6, validationSplit: 0.3 },
      model: {
        layers: [
          { type: 'lstm', units: 8 },
          { type: 'dense', units: 1 },
        ],
      },
      training: { epochs: 12, batchSize: 16, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.02 } },
    }),
  },
  chars: {
    files: { 'text.txt': TEXT },
    experiment: experiment({
      data: { text: 'text.txt', seqLength: 12, stride: 4, validationSplit: 0.2 },
      model: {
        layers: [
          { type: 'lstm', units: 16 },
          { type: 'dense', units: new Set(TEXT).size, activation: 'softmax' },
        ],
        output: 'sequence',
      },
      training: { epochs: 10, batchSize: 16, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.02 } },
    }),
  },
  parity: {
    files: {},
    experiment: experiment({
      data: { generator: 'copy', samples: 96, steps: 9, length: 3, symbols: 3, validationSplit: 0.25 },
      model: {
        layers: [
          { type: 'gru', units: 10 },
          { type: 'dense', units: 5, activation: 'softmax' },
        ],
        output: 'sequence',
      },
      training: { epochs: 8, batchSize: 16, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.03 } },
    }),
  },
};

// 57 distinct characters: the confusion matrix of a real character model, at any width.
const BIG_VOCAB = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;!\n';
const BIG_TEXT = Array.from({ length: 1200 }, (_, i) => BIG_VOCAB[(i * 7 + (i >> 3)) % BIG_VOCAB.length]).join('');
Object.assign(specs, {
  bigVocab: {
    files: { 'text.txt': BIG_TEXT },
    experiment: experiment({
      data: { text: 'text.txt', seqLength: 10, stride: 10, validationSplit: 0.2 },
      model: {
        layers: [
          { type: 'lstm', units: 12 },
          { type: 'dense', units: new Set(BIG_TEXT).size, activation: 'softmax' },
        ],
        output: 'sequence',
      },
      training: { epochs: 3, batchSize: 32, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.02 } },
    }),
  },
  // A regression on independent samples (random phases): no order to plot a sequence over.
  sine: {
    files: {},
    experiment: experiment({
      data: { generator: 'sine', samples: 64, steps: 8, validationSplit: 0.25 },
      model: {
        layers: [
          { type: 'gru', units: 6 },
          { type: 'dense', units: 1 },
        ],
      },
      training: { epochs: 3, batchSize: 16, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.02 } },
    }),
  },
});

type Name = keyof typeof specs | 'bigVocab' | 'sine';
const runs = {} as Record<Name, OpenedRun>;
let browser: Browser;
let pageUrl: string;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const name of Object.keys(specs) as Name[]) {
    const spec = (
      specs as unknown as Record<Name, { files: Record<string, string>; experiment: Record<string, unknown> }>
    )[name];
    const dir = workspace({ ...spec.files, 'x.rnn.json': spec.experiment });
    const { loaded, diagnostics } = await loadExperiment(path.join(dir, 'x.rnn.json'));
    assert.ok(loaded, JSON.stringify(diagnostics));
    const outcome = await recordedRun(loaded, { runsDir: path.join(dir, 'runs'), toolVersion: 'test' });
    assert.equal(outcome.status, 'completed', outcome.message);
    const opened = await openRun(outcome.runDir);
    assert.ok('run' in opened);
    runs[name] = opened.run;
  }
  pageUrl = writePage(panelPage, 'webview');
  browser = await launchBrowser();
});

after(async () => browser?.close());

const send = (page: Page, m: HostToPanel) => page.evaluate((message) => window.postMessage(message, '*'), m);

/** Opens the panel on a run and answers its view requests as the editor's worker would, until the page closes. */
async function openRunPanel(
  name: Name,
  theme = DARK,
  viewport = { width: 1300, height: 1000 },
): Promise<{ page: Page; answered: PanelToHost[]; errors: string[] }> {
  const page = await openWebview(browser, pageUrl, theme, viewport);
  // tsx names the functions of this file with a helper the page does not have.
  await page.evaluate('window.__name = (f) => f');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const runDir = runs[name].runDir;
  const reset = await readRunHistory(runDir, () => false);
  await send(page, reset!);
  const answered: PanelToHost[] = [];
  void (async () => {
    while (!page.isClosed()) {
      const posted: PanelToHost[] = await page.evaluate(() => (window as any).__posted.splice(0)).catch(() => []);
      for (const m of posted) {
        if (m.type !== 'view') continue;
        answered.push(m);
        const message = await answerViewRequest(runDir, m.request);
        if (!page.isClosed()) await send(page, { type: 'view', message }).catch(() => {});
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { page, answered, errors };
}

const until = (page: Page, what: () => unknown) => page.waitForFunction(what, undefined, { timeout: 20000 });
const datasets = (page: Page, chart: string) =>
  page.evaluate(
    (id) =>
      (window as any).rnnLabViews.charts[id].data.datasets.map((d: any) => ({
        label: d.label,
        data: d.data,
        borderDash: d.borderDash,
      })),
    chart,
  );

describe('the views of what the network learned', () => {
  it('a forecaster: predicted and true values per validation window, and the scatter against y = x', async () => {
    const { page, errors } = await openRunPanel('forecast');
    await until(page, () => (window as any).rnnLabViews.charts.forecast.data.datasets.length === 2);
    const p = predictRun(runs.forecast);
    const [predicted, truth] = await datasets(page, 'forecast');
    assert.equal(predicted.label, 'temp predicted');
    assert.deepEqual(
      predicted.data.map((d: any) => d.y),
      p.samples.map((s) => (s.output as number[])[0]),
      "the predictions of predict, in the CSV's units",
    );
    assert.deepEqual(
      truth.data.map((d: any) => d.y),
      p.samples.map((s) => (s.target as number[])[0]),
    );
    const fit = await datasets(page, 'fit');
    assert.deepEqual(
      fit.map((d: any) => d.label),
      ['temp', 'y = x'],
    );
    assert.deepEqual(fit[0].data[3], {
      x: (p.samples[3].target as number[])[0],
      y: (p.samples[3].output as number[])[0],
    });
    assert.equal(await page.locator(`#${figureId('confusion')}`).isHidden(), true);
    assert.equal(await page.locator('#samplesView').isHidden(), true, 'no Samples for a forecaster');
    assert.match(
      (await page.locator('#predictionsNote').textContent())!,
      /^weights of epoch 12: \d+ validation samples, loss /,
    );
    assert.equal(await page.locator(`#${figureId('accuracy')}`).isHidden(), true, 'mse: no accuracy chart');
    // The best epoch is starred on the loss chart.
    const best = bestEpoch(await readRunHistory(runs.forecast.runDir).then((r) => r!.points))!;
    const loss = await page.evaluate(() =>
      (window as any).rnnLabCharts.loss.data.datasets.map((d: any) => ({ label: d.label, data: d.data })),
    );
    assert.deepEqual(loss[loss.length - 1], {
      label: `best: epoch ${best.epoch} (validation loss ${formatNumber(best.value)})`,
      data: [{ x: best.epoch, y: best.value }],
    });
    await page.locator('#predictionsView').screenshot({ path: path.join(SHOTS, 'views-forecast-dark.png') });
    assert.deepEqual(errors, [], 'no errors in the page');
    await page.close();
  });

  it("a kept epoch chosen with the scrubber is predicted with that epoch's weights", async () => {
    const { page, answered, errors } = await openRunPanel('forecast');
    await until(page, () => (window as any).rnnLabViews.charts.forecast.data.datasets.length === 2);
    await page.locator('#epoch').fill('1'); // index 1: epoch 2, kept (epochs 1–5 always are)
    await until(page, () => /^At the selected epoch 2/.test(document.getElementById('viewsNote')!.textContent));
    await until(page, () => /^weights of epoch 2:/.test(document.getElementById('predictionsNote')!.textContent));
    assert.ok(answered.some((m) => m.type === 'view' && m.request.kind === 'predictions' && m.request.epoch === 2));
    await page.locator('#epoch').fill('6'); // epoch 7: not kept → the final weights
    await until(page, () =>
      /epoch 7's weights were not kept \(kept: 1, 2, 3, 4, 5, 8, 12\)/.test(
        document.getElementById('viewsNote')!.textContent,
      ),
    );
    assert.deepEqual(errors, [], 'no errors in the page');
    await page.close();
  });

  it('a character model: hidden states of typed text, coloured by a unit, and a span sorting the units', async () => {
    const { page, errors } = await openRunPanel('chars', LIGHT);
    await until(page, () => (window as any).rnnLabViews.info !== undefined);
    const probe = 'the dog sat on a mat';
    await page.locator('#probeText').fill(probe);
    await until(page, () => document.querySelectorAll('#probeChars span').length === 20);
    const inspected = await inspectRun(runs.chars, { text: probe });
    assert.ok(!('error' in inspected));
    assert.equal(await page.locator(`#${pickerId('states')}`).inputValue(), '0:h', "the last layer's h by default");
    // Each character's background is the chosen unit's activation at its step.
    await page.locator('#unitPick').selectOption('3');
    const h = stateMatrix(inspected, '0:h');
    const unit3 = h.map((row) => row[3]);
    const expected = unit3.map((v) => shade(normalised(v, { scale: 'diverging' }, largest(unit3)), false));
    const colours = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('#probeChars span')).map((s) => s.style.background),
    );
    const asRgb = await page.evaluate(
      (css: string[]) =>
        css.map((c) => {
          const d = document.createElement('div');
          d.style.background = c;
          return d.style.background;
        }),
      expected,
    );
    assert.deepEqual(colours, asRgb);
    // The heatmap is drawn; hovering a unit's row draws its trace.
    await page.locator('#states').scrollIntoViewIfNeeded();
    const box = (await page.locator('#states').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + (5.5 / 16) * box.height);
    await until(page, () => (window as any).rnnLabViews.charts.unitTrace.data.datasets[0]?.label === 'unit 5');
    const trace = await datasets(page, 'unitTrace');
    assert.deepEqual(
      trace[0].data.map((d: any) => d.y),
      h.map((row) => row[5]),
    );
    // Select "dog" (steps 4–6): the units ranked by mean inside − mean outside.
    await page.evaluate(() => {
      const spans = document.querySelectorAll('#probeChars span');
      const range = document.createRange();
      range.setStart(spans[4].firstChild!, 0);
      range.setEnd(spans[6].firstChild!, 1);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      document.getElementById('probeChars')!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    const ranking = await page.evaluate(() => (window as any).rnnLabViews.states.ranking);
    assert.deepEqual(ranking, spanUnits(h, 4, 7));
    assert.match((await page.locator('#spanNote').textContent())!, /^Units that respond most to "dog" \(steps 4–6\)/);
    await page.locator('#spanUnits li').first().click();
    assert.equal(
      await page.locator('#unitPick').inputValue(),
      String(ranking[0].unit),
      'a click colours the text by that unit',
    );
    await page.locator(`#${pickerId('states')}`).selectOption('0:gate:f');
    await until(page, () => /colours 0 … 1/.test(document.getElementById('states-note')?.textContent ?? ''));
    await page.locator('#statesView').screenshot({ path: path.join(SHOTS, 'views-hidden-states-light.png') });
    assert.deepEqual(errors, [], 'no errors in the page');
    await page.close();
  });

  it('a character model: the Sample box, the samples recorded while training, accuracy and perplexity', async () => {
    const { page, errors } = await openRunPanel('chars');
    await until(page, () => (window as any).rnnLabViews.info !== undefined);
    assert.equal(await page.locator('#samplesView').isVisible(), true);
    await page.locator('#samplePrime').fill('the ');
    await page.locator('#sampleLength').fill('80');
    await page.locator('#sampleTemperature').fill('0.5');
    await page.locator('#sampleSeed').fill('7');
    await page.locator('#sampleButton').click();
    await until(page, () => document.getElementById('sampleOutput')!.textContent.length > 80);
    const sample = sampleRun(runs.chars, { prime: 'the ', length: 80, temperature: 0.5, seed: 7 });
    assert.ok(!('error' in sample));
    assert.equal(await page.locator('#sampleOutput').textContent(), sample.prime + sample.text);
    const periodic = await page.locator('#periodicSamples li').allTextContents();
    assert.equal(periodic.length, 10, 'one per epoch of a 10-epoch run (every ⌈10/10⌉ epochs)');
    assert.match(periodic[0], /^epoch 10 \(T 1\): t/);
    for (const id of ['accuracy', 'perplexity']) {
      assert.equal(await page.locator(`#${figureId(id)}`).isVisible(), true);
      const lines = await page.evaluate(
        (c) => (window as any).rnnLabCharts[c].data.datasets.map((d: any) => [d.label, d.data.length]),
        id,
      );
      assert.deepEqual(lines, [
        ['train', 10],
        ['validation', 10],
      ]);
    }
    await page.locator('#samplesView').screenshot({ path: path.join(SHOTS, 'views-samples-dark.png') });
    await page.locator('main.grid').screenshot({ path: path.join(SHOTS, 'views-metric-charts-dark.png') });
    assert.deepEqual(errors, [], 'no errors in the page');
    await page.close();
  });

  it('a classifier: the confusion matrix of the validation steps', async () => {
    const { page, errors } = await openRunPanel('parity');
    await until(page, () => document.getElementById('confusion')!.dataset.matrix !== undefined);
    const p = predictRun(runs.parity);
    const matrix = JSON.parse((await page.locator('#confusion').getAttribute('data-matrix'))!);
    const counted = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    for (const s of p.samples) {
      (s.output as number[][]).forEach((row, t) => {
        const target = (s.target as number[][])[t];
        counted[target.indexOf(Math.max(...target))][row.indexOf(Math.max(...row))]++;
      });
    }
    assert.deepEqual(matrix, counted);
    assert.equal(
      matrix.flat().reduce((a: number, b: number) => a + b, 0),
      p.samples.length * 9,
      'one answer per step',
    );
    assert.match(
      (await page.locator('#predictionsNote').textContent())!,
      new RegExp(`accuracy ${formatNumber(p.accuracy)}$`),
    );
    assert.equal(await page.locator(`#${figureId('forecast')}`).isHidden(), true);
    await page.locator('#predictionsView').screenshot({ path: path.join(SHOTS, 'views-confusion-dark.png') });
    assert.deepEqual(errors, [], 'no errors in the page');
    await page.close();
  });

  it('a regression on independent samples: predicted against true only, no sequence plot over sample index', async () => {
    const { page, errors } = await openRunPanel('sine', LIGHT);
    await until(page, () => (window as any).rnnLabViews.charts.fit.data.datasets.length === 2);
    assert.equal(await page.locator(`#${figureId('fit')}`).isVisible(), true);
    assert.equal(
      await page.locator(`#${figureId('forecast')}`).isHidden(),
      true,
      'sine windows at random phases have no order: a line through them is a zigzag',
    );
    const p = predictRun(runs.sine);
    const fit = await datasets(page, 'fit');
    assert.equal(fit[0].data.length, p.samples.length, 'one point per validation sample');
    const ranges = await page.evaluate(() => {
      const { x, y } = (window as any).rnnLabViews.charts.fit.scales;
      return [x.min, x.max, y.min, y.max] as number[];
    });
    assert.deepEqual(ranges.slice(0, 2), ranges.slice(2), 'one range on both axes: y = x is the diagonal');
    await page.locator('#predictionsView').screenshot({ path: path.join(SHOTS, 'views-sine-fit-light.png') });
    assert.deepEqual(errors, [], 'no errors in the page');
    await page.close();
  });

  it("a series (a CSV file's windows): the sequence plot's x axis ends at the last sample", async () => {
    const { page } = await openRunPanel('forecast');
    await until(page, () => (window as any).rnnLabViews.charts.forecast.data.datasets.length === 2);
    const x = await page.evaluate(() => {
      const scale = (window as any).rnnLabViews.charts.forecast.scales.x;
      return { min: scale.min as number, max: scale.max as number };
    });
    const p = predictRun(runs.forecast);
    assert.deepEqual(x, { min: 0, max: p.samples.length - 1 });
    await page.close();
  });

  it('views that do not apply are not shown: no Samples, probe text or unit colouring for a model without text', async () => {
    for (const name of ['forecast', 'sine', 'parity'] as Name[]) {
      const { page, errors } = await openRunPanel(name);
      await until(page, () => (window as any).rnnLabViews.info !== undefined);
      await until(page, () => /sample \d/.test(document.getElementById('statesNote')!.textContent));
      await send(page, { type: 'view', message: { kind: 'focus', view: 'samples' } });
      await page.waitForTimeout(200);
      for (const id of ['samplesView', 'probeTextLabel', 'unitLabel', 'probeChars'])
        assert.equal(await page.locator(`#${id}`).isHidden(), true, `${name}: #${id} is not shown`);
      assert.equal(await page.locator('#probeSampleLabel').isVisible(), true, `${name}: the sample to probe is`);
      assert.deepEqual(errors, [], 'no errors in the page');
      await page.close();
    }
  });

  it('a command asking for a view before the run is known (a rebuilt background tab) scrolls to it once it is', async () => {
    const { page, errors } = await openRunPanel('chars');
    await send(page, { type: 'view', message: { kind: 'focus', view: 'hiddenStates' } });
    await until(page, () => (window as any).rnnLabViews.info !== undefined);
    // In sight: at the top of the window, or as near it as the end of the page allows.
    await until(page, () => {
      const top = document.getElementById('statesView')!.getBoundingClientRect().top;
      const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      return top >= -2 && (top < 80 || (atEnd && top < window.innerHeight / 2));
    });
    await page.waitForTimeout(1500); // the answers that come later do not push it away
    const { top, atEnd } = await page.evaluate(() => ({
      top: document.getElementById('statesView')!.getBoundingClientRect().top,
      atEnd: window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
    }));
    assert.ok(top >= -2 && (top < 80 || (atEnd && top < 1000 / 2 + 100)), `still in sight (${top} px from the top)`);
    assert.equal(await page.evaluate(() => (document.getElementById('statesView') as HTMLDetailsElement).open), true);
    assert.deepEqual(errors, [], 'no errors in the page');
    await page.close();
  });

  it('a character model: the unit list starts at unit 0, and every character reads on its colour (both themes)', async () => {
    for (const theme of [DARK, LIGHT]) {
      const { page, errors } = await openRunPanel('chars', theme);
      await until(page, () => (window as any).rnnLabViews.info !== undefined);
      await page.locator('#probeText').fill('the dog sat on a mat');
      await until(page, () => document.querySelectorAll('#probeChars span').length === 20);
      assert.equal(await page.locator('#unitLabel').isVisible(), true);
      assert.equal(await page.locator('#unitPick').inputValue(), '0', 'not blank');
      // The unit most strongly driven, so that some characters sit on saturated colours.
      const inspected = await inspectRun(runs.chars, { text: 'the dog sat on a mat' });
      assert.ok(!('error' in inspected));
      const h = stateMatrix(inspected, '0:h');
      const strongest = h[0]
        .map((_, j) => j)
        .sort((a, b) => largest(h.map((r) => r[b])) - largest(h.map((r) => r[a])))[0];
      await page.locator('#unitPick').selectOption(String(strongest));
      const pairs = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('#probeChars span')).map((s) => [
          getComputedStyle(s).color,
          getComputedStyle(s).backgroundColor,
        ]),
      );
      const rgbOf = (css: string) => css.match(/\d+/g)!.slice(0, 3).map(Number) as unknown as Rgb;
      for (const [fg, bg] of pairs)
        assert.ok(contrast(rgbOf(fg), rgbOf(bg)) >= 4.5, `${theme.kind}: ${fg} on ${bg} reads (WCAG AA)`);
      await page.locator('#statesView').screenshot({ path: path.join(SHOTS, `views-probe-text-${theme.kind}.png`) });
      if (theme === DARK) await docScreenshot(page.locator('#statesView'), 'hidden-states');
      assert.deepEqual(errors, [], 'no errors in the page');
      await page.close();
    }
  });

  for (const [theme, width] of [
    [DARK, 1000],
    [LIGHT, 1000],
    [DARK, 360],
    [LIGHT, 360],
    [DARK, 190],
  ] as const) {
    it(`57 characters at ${width} px (${theme.kind}): the confusion matrix stays in its card, names its classes, and reads`, async () => {
      const { page, errors } = await openRunPanel('bigVocab', theme, { width, height: 900 });
      await until(page, () => document.getElementById('confusion')!.dataset.matrix !== undefined);
      await until(page, () => document.querySelectorAll('#periodicSamples li').length > 0);
      await page.waitForTimeout(300);
      const boxes = await page.evaluate(() => {
        const box = (id: string) => document.getElementById(id)!.getBoundingClientRect().toJSON() as DOMRect;
        const chart = document.getElementById('confusion')!.parentElement!;
        return {
          figure: box('confusion-figure'),
          chart: chart.getBoundingClientRect().toJSON() as DOMRect,
          canvas: box('confusion'),
          samples: box('samplesView'),
          scrolls: getComputedStyle(chart).overflowX,
          body: document.documentElement.scrollWidth,
          cell: Number(document.getElementById('confusion')!.dataset.cell),
        };
      });
      assert.ok(
        boxes.figure.right <= width + 0.5,
        `the card fits the ${width} px column (right ${boxes.figure.right})`,
      );
      assert.ok(boxes.body <= width, `nothing makes the page scroll sideways (${boxes.body} px)`);
      assert.ok(
        boxes.chart.right <= boxes.figure.right && boxes.chart.bottom <= boxes.figure.bottom,
        'inside its card',
      );
      assert.ok(boxes.canvas.bottom <= boxes.figure.bottom, 'the canvas ends inside its card');
      if (boxes.canvas.right > boxes.chart.right + 0.5)
        assert.equal(boxes.scrolls, 'auto', 'what does not fit scrolls inside the card');
      assert.ok(boxes.figure.bottom <= boxes.samples.top, 'the Samples section is not covered');
      assert.ok(boxes.cell >= 16, `cells of ${boxes.cell} px have room for their names`);
      // The row names are drawn in the left margin.
      const named = await page.evaluate(() => {
        const c = document.getElementById('confusion') as HTMLCanvasElement;
        const dpr = c.width / c.clientWidth;
        const px = c.getContext('2d')!.getImageData(0, 0, Math.floor(54 * dpr), c.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;
      });
      assert.ok(named > 57 * 10, `row names are drawn (${named} pixels)`);
      // An empty cell is near the background; the fullest one stands out from it.
      const cells = await page.evaluate(() => {
        const c = document.getElementById('confusion') as HTMLCanvasElement;
        const m = JSON.parse(c.dataset.matrix!) as number[][];
        const dpr = c.width / c.clientWidth;
        const cell = Number(c.dataset.cell);
        const at = (i: number, j: number) =>
          Array.from(
            c
              .getContext('2d')!
              .getImageData(Math.round((56 + (j + 0.2) * cell) * dpr), Math.round((20 + (i + 0.2) * cell) * dpr), 1, 1)
              .data,
          ).slice(0, 3);
        let zero: [number, number] = [0, 1];
        let full: [number, number] = [0, 0];
        m.forEach((row, i) =>
          row.forEach((v, j) => {
            if (v === 0) zero = [i, j];
            if (v > m[full[0]][full[1]]) full = [i, j];
          }),
        );
        return { zero: at(...zero), full: at(...full), bg: getComputedStyle(document.body).backgroundColor };
      });
      const bg = cells.bg.match(/\d+/g)!.slice(0, 3).map(Number) as unknown as Rgb;
      assert.ok(
        contrast(cells.zero as unknown as Rgb, bg) < 1.7,
        `an empty cell rgb(${cells.zero.join(', ')}) is near the background`,
      );
      assert.ok(
        contrast(cells.full as unknown as Rgb, cells.zero as unknown as Rgb) >= 2.5,
        'the fullest cell stands out',
      );
      await page
        .locator('#predictionsView')
        .screenshot({ path: path.join(SHOTS, `views-confusion-57-${width}-${theme.kind}.png`) });
      assert.deepEqual(errors, [], 'no errors in the page');
      await page.close();
    });
  }

  it('at 360 and 190 px every chart of a character model stays inside its card', async () => {
    for (const width of [360, 190]) {
      const { page, errors } = await openRunPanel('chars', DARK, { width, height: 900 });
      await until(page, () => document.getElementById('confusion')!.dataset.matrix !== undefined);
      await until(page, () => /characters|sample \d/.test(document.getElementById('statesNote')!.textContent));
      await page.waitForTimeout(300);
      const outside = await page.evaluate((w) => {
        const out: string[] = [];
        for (const fig of Array.from(document.querySelectorAll<HTMLElement>('figure'))) {
          if (fig.offsetParent === null) continue;
          const f = fig.getBoundingClientRect();
          if (f.right > w + 0.5) out.push(`${fig.id} card ${f.right}`);
          for (const c of Array.from(fig.querySelectorAll('canvas'))) {
            const r = c.getBoundingClientRect();
            const box = c.parentElement!;
            const clipped = getComputedStyle(box).overflowX === 'auto';
            if (r.bottom > f.bottom + 0.5 || (!clipped && r.right > f.right + 0.5)) out.push(`${fig.id} canvas`);
          }
        }
        return out;
      }, width);
      assert.deepEqual(outside, [], `at ${width} px`);
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, 'no sideways scroll');
      await page.screenshot({ path: path.join(SHOTS, `views-chars-${width}-dark.png`), fullPage: true });
      assert.deepEqual(errors, [], 'no errors in the page');
      await page.close();
    }
  });
});
