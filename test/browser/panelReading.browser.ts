/// <reference lib="dom" />
// What a reader of the training panel sees, in a real browser: colours that follow a theme
// switch and read in light, dark and high-contrast themes, charts that fit a narrow editor
// column, axes with sensible ticks, a colour per parameter, and the controls (smoothing value,
// Play/Pause, the sticky scrubber, the epoch cursor, drag-to-zoom). Screenshots in test-output/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { RUN_CHARTS } from '../../src/panel/charts';
import { panelPage } from '../../src/panel/html';
import { buildPalette, contrast, type Rgb } from '../../src/panel/palette';
import type { EpochPoint } from '../../src/panel/protocol';
import {
  DARK,
  HIGH_CONTRAST,
  LIGHT,
  launchBrowser,
  openWebview,
  setTheme,
  SHOTS,
  type Theme,
  writePage,
} from '../helpers/webviewPage';
import { gatedLine } from './metricsFixtures';
import { datasets, header, pageErrors, recordedPoints, send, settle } from './panelFixtures';

let browser: Browser;
let pageUrl: string;
const points = recordedPoints(30);
const gated = [1, 2, 3, 4, 5, 6].map(gatedLine);

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  pageUrl = writePage(panelPage, 'webview');
  browser = await launchBrowser();
});

after(async () => browser?.close());

async function openRun(
  run: EpochPoint[],
  theme: Theme = DARK,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await openWebview(browser, pageUrl, theme, viewport);
  await send(page, {
    type: 'reset',
    runDir: '/runs/r',
    header: header({ epochs: run.length, epochsCompleted: run.length }),
    points: run,
  });
  await settle(page);
  return page;
}

const hexToRgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
const themeColours = (page: Page) =>
  page.evaluate(() => {
    const loss = (window as any).rnnLabCharts.loss;
    return {
      ticks: loss.options.scales.y.ticks.color,
      train: loss.data.datasets[1].borderColor,
      validation: loss.data.datasets[3].borderColor,
    };
  });
/** Any CSS colour (color-mix included) as the canvas paints it, on an opaque background. */
const painted = (page: Page, css: string, background: string) =>
  page.evaluate(
    ([c, bg]) => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.fillStyle = bg;
      ctx.fillRect(0, 0, 1, 1);
      ctx.fillStyle = c;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
      return [r, g, b] as [number, number, number];
    },
    [css, background] as const,
  );

/** A chart's ticks as drawn: value and label. */
const ticks = (page: Page, chart: string, axis: 'x' | 'y') =>
  page.evaluate(
    ([c, a]) =>
      (window as any).rnnLabCharts[c].scales[a].ticks.map((t: { value: number; label: string }) => ({
        value: t.value,
        label: t.label,
      })),
    [chart, axis] as const,
  ) as Promise<{ value: number; label: string }[]>;

describe('themes', () => {
  it('switching the colour theme with the panel open recolours axes and curves at once', async () => {
    const page = await openRun(points, DARK);
    const errors = pageErrors(page);
    const dark = buildPalette(hexToRgb(DARK['--vscode-editor-background']));
    assert.deepEqual(await themeColours(page), {
      ticks: DARK['--vscode-foreground'],
      train: dark[0],
      validation: dark[1],
    });
    for (const theme of [LIGHT, HIGH_CONTRAST]) {
      await setTheme(page, theme);
      await settle(page);
      const palette = buildPalette(hexToRgb(theme['--vscode-editor-background']));
      assert.deepEqual(
        await themeColours(page),
        { ticks: theme['--vscode-foreground'], train: palette[0], validation: palette[1] },
        theme.kind,
      );
    }
    await page.screenshot({ path: path.join(SHOTS, 'panel-high-contrast.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('every curve stands out from the background of light, dark and high-contrast themes (≥ 3:1; raw curves ≥ 2:1)', async () => {
    for (const theme of [LIGHT, DARK, HIGH_CONTRAST]) {
      const page = await openRun(gated, theme);
      const background = theme['--vscode-editor-background'];
      const bg = hexToRgb(background);
      for (const chart of ['loss', 'weights', 'spectral', 'flow']) {
        for (const d of await datasets(page, chart)) {
          if (d.label === 'ρ = 1') continue;
          const colour = await painted(page, d.borderColor!, background);
          const least = d.label.endsWith('(raw)') ? 2 : 3;
          assert.ok(
            contrast(colour, bg) >= least,
            `${theme.kind} ${chart} ${d.label}: ${d.borderColor} = rgb(${colour.join(', ')}), contrast ${contrast(colour, bg).toFixed(2)}`,
          );
        }
      }
      await page.screenshot({
        path: path.join(SHOTS, `panel-gated-${theme.kind!.replace('vscode-', '')}.png`),
        fullPage: true,
      });
      await page.close();
    }
  });

  it('gives 11 parameters 11 colours, each parameter the same one in every chart and every run', async () => {
    const page = await openRun(gated);
    const weights = await datasets(page, 'weights');
    const grads = await datasets(page, 'grads');
    assert.equal(weights.length, 11);
    assert.equal(
      new Set(weights.map((d) => d.borderColor)).size,
      11,
      weights.map((d) => `${d.label} ${d.borderColor}`).join(', '),
    );
    const colourOf = (ds: typeof weights) => Object.fromEntries(ds.map((d) => [d.label, d.borderColor]));
    const inWeights = colourOf(weights);
    for (const d of grads.filter((g) => g.label in inWeights))
      assert.equal(d.borderColor, inWeights[d.label], `${d.label} in both charts`);
    // Another run with only some of these parameters, in another order: the same colours.
    const other = gated.map((p) => ({ ...p, weightNorms: { 'layer2.Wx': 1, 'layer0.b': 2 } }));
    await send(page, {
      type: 'reset',
      runDir: '/runs/other',
      header: header({ epochs: 6, epochsCompleted: 6 }),
      points: other,
    });
    await settle(page);
    const again = colourOf(await datasets(page, 'weights'));
    assert.deepEqual(again, { 'layer2.Wx': inWeights['layer2.Wx'], 'layer0.b': inWeights['layer0.b'] });
    await page.close();
  });
});

describe('a narrow editor column', () => {
  for (const width of [300, 414]) {
    it(`fits ${width} px: no horizontal scrolling, every chart and legend inside the page`, async () => {
      const page = await openRun(gated, DARK, { width, height: 900 });
      const fit = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        widest: Math.max(
          ...Array.from(
            document.querySelectorAll('figure, canvas, .toolbar, header, details'),
            (e) => e.getBoundingClientRect().right,
          ),
        ),
      }));
      assert.ok(fit.page <= fit.inner, `the page is ${fit.page} px wide in a ${fit.inner} px column`);
      assert.ok(fit.widest <= fit.inner, `an element reaches ${fit.widest} px in a ${fit.inner} px column`);
      // chart.js lays out legends and ticks inside the canvas: the last x tick is drawn inside it.
      const lastTick = await page.evaluate(() => {
        const c = (window as any).rnnLabCharts.loss;
        return { right: c.scales.x.right, width: c.width };
      });
      assert.ok(lastTick.right <= lastTick.width, JSON.stringify(lastTick));
      await page.screenshot({ path: path.join(SHOTS, `panel-narrow-${width}.png`), fullPage: true });
      await page.close();
    });
  }
});

describe('axes', () => {
  it('gradient flow through time has integer time steps', async () => {
    const page = await openRun(gated);
    const x = await ticks(page, 'flow', 'x');
    assert.ok(x.length >= 2);
    assert.ok(
      x.every((t) => Number.isInteger(t.value)),
      x.map((t) => t.value).join(' '),
    );
    assert.ok(
      (await ticks(page, 'loss', 'x')).every((t) => Number.isInteger(t.value)),
      'epochs are integers too',
    );
    await page.close();
  });

  it('log axes label only 1-2-5 values, in the panel and after the log-scale toggle', async () => {
    const page = await openRun(points);
    await page.locator('#logLoss').click();
    await settle(page);
    for (const chart of ['grads', 'flow', 'loss']) {
      const labelled = (await ticks(page, chart, 'y')).filter((t) => t.label !== '');
      assert.ok(labelled.length >= 2, `${chart}: ${JSON.stringify(labelled)}`);
      for (const t of labelled) {
        const mantissa = Number((t.value / 10 ** Math.floor(Math.log10(t.value) + 1e-9)).toPrecision(6));
        assert.ok([1, 2, 5].includes(mantissa), `${chart}: tick ${t.value} labelled "${t.label}"`);
      }
    }
    await page.close();
  });

  it('the histogram has evenly spaced round ticks, and the heatmap a colour scale', async () => {
    const page = await openRun(points);
    const x = (await ticks(page, 'histogram', 'x')).map((t) => t.value);
    const steps = x.slice(1).map((v, i) => Number((v - x[i]).toPrecision(6)));
    assert.equal(new Set(steps).size, 1, `ticks ${x.join(' ')}`);
    const snapshot = points[29].whSnapshots!['layer0.Wh'];
    const { scale, barPainted } = await page.evaluate(
      ([rows, cols]) => {
        const c = document.getElementById('heatmap') as HTMLCanvasElement;
        const dpr = devicePixelRatio;
        const side = Math.min((c.width - 64 * dpr) / cols, c.height / rows);
        // The middle of the colour bar, right of the matrix.
        const px = c
          .getContext('2d')!
          .getImageData(Math.round(cols * side + 16 * dpr), Math.round(20 * dpr), 1, 1).data;
        return { scale: Number(c.dataset.scale), barPainted: px[3] > 0 };
      },
      [snapshot.rows, snapshot.cols],
    );
    assert.equal(scale, Math.max(...snapshot.values.map(Math.abs)), 'the scale runs from −max to +max of the matrix');
    assert.ok(barPainted, 'a colour bar right of the matrix');
    await page.close();
  });
});

describe('controls', () => {
  it('the smoothing slider shows its value', async () => {
    const page = await openRun(points);
    assert.equal(await page.locator('#smoothingValue').textContent(), '0.60');
    await page.locator('#smoothing').fill('0.85');
    await settle(page);
    assert.equal(await page.locator('#smoothingValue').textContent(), '0.85');
    await page.close();
  });

  it('Play turns into Pause while playing, and back', async () => {
    const page = await openRun(points);
    await page.locator('#epoch').fill('3');
    await settle(page);
    await page.locator('#play').click();
    assert.equal(await page.locator('#play').textContent(), 'Pause');
    await page.waitForTimeout(400);
    await page.locator('#play').click();
    assert.equal(await page.locator('#play').textContent(), 'Play');
    const stoppedAt = Number(await page.locator('#epoch').inputValue());
    assert.ok(stoppedAt > 3, `it played on from epoch 4 (stopped at index ${stoppedAt})`);
    await page.waitForTimeout(400);
    assert.equal(Number(await page.locator('#epoch').inputValue()), stoppedAt, 'paused');
    await page.close();
  });

  it('the epoch scrubber stays at the top while the charts scroll, and its epoch is a cursor on the epoch charts', async () => {
    const page = await openRun(points, DARK, { width: 900, height: 600 });
    await page.locator('#epoch').fill('9');
    await settle(page);
    await page.mouse.wheel(0, 2000);
    await page.waitForTimeout(200);
    const bar = await page.locator('.toolbar').boundingBox();
    assert.ok(bar && Math.abs(bar.y) < 1, `the toolbar is at y = ${bar?.y}`);
    assert.equal(await page.locator('#epoch').isVisible(), true);
    const cursors = await page.evaluate(() =>
      Object.fromEntries(
        ['loss', 'weights', 'grads', 'spectral'].map((id) => [
          id,
          (window as any).rnnLabCharts[id].options.plugins.cursor.x,
        ]),
      ),
    );
    assert.deepEqual(cursors, { loss: 10, weights: 10, grads: 10, spectral: 10 });
    await page.screenshot({ path: path.join(SHOTS, 'panel-scrolled.png') });
    await page.close();
  });

  it('a drag across the loss chart zooms every epoch chart to those epochs; Reset zoom shows them all again', async () => {
    const page = await openRun(points);
    const box = (await page.locator('#loss').boundingBox())!;
    const area = await page.evaluate(
      () => (window as any).rnnLabCharts.loss.chartArea as { left: number; right: number; top: number; bottom: number },
    );
    const y = box.y + (area.top + area.bottom) / 2;
    await page.mouse.move(box.x + area.left + 0.25 * (area.right - area.left), y);
    await page.mouse.down();
    await page.mouse.move(box.x + area.left + 0.5 * (area.right - area.left), y, { steps: 5 });
    await page.mouse.up();
    await settle(page);
    const range = () =>
      page.evaluate(() =>
        ['loss', 'weights', 'grads'].map((id) => {
          const x = (window as any).rnnLabCharts[id].scales.x;
          return [x.min, x.max];
        }),
      );
    const zoomed = await range();
    const [min, max] = zoomed[0];
    assert.ok(min >= 7 && min <= 9 && max >= 15 && max <= 17, `zoomed to ${min}–${max}`);
    assert.deepEqual(zoomed, [zoomed[0], zoomed[0], zoomed[0]], 'the same epochs in every epoch chart');
    assert.equal(await page.locator('#resetZoom').isVisible(), true);
    await page.locator('#resetZoom').click();
    await settle(page);
    const [all] = await range();
    assert.ok(all[0] <= 1 && all[1] >= 30, `every epoch again: ${all.join('–')}`);
    assert.equal(await page.locator('#resetZoom').isVisible(), false);
    await page.close();
  });

  it('while training, "epoch x/N" is the host\'s progress (what the status bar and CodeLens show), not the newest point', async () => {
    const page = await openWebview(browser, pageUrl);
    await send(page, {
      type: 'reset',
      runDir: '/runs/r',
      header: header({ status: 'running', endedAt: null }),
      points: points.slice(0, 12),
    });
    await send(page, { type: 'progress', epoch: 11, epochs: 30 });
    await settle(page);
    assert.equal(await page.locator('#progress').textContent(), 'epoch 11/30');
    await send(page, { type: 'progress', epoch: 12, epochs: 30 });
    await settle(page);
    assert.equal(await page.locator('#progress').textContent(), 'epoch 12/30');
    await page.close();
  });

  it('"Experiment and results" lists the settings, dates and final and best losses', async () => {
    const page = await openRun(points);
    await send(page, {
      type: 'about',
      about: {
        settings: [{ path: 'training.optimizer.learningRate', value: '0.02' }],
        finalLoss: 0.5,
        finalValLoss: 0.6,
        bestLoss: { value: 0.25, epoch: 20 },
        bestValLoss: { value: 0.3, epoch: 18 },
        figures: { accuracy: 0.75 },
      },
    });
    await page.locator('#about summary').click();
    await settle(page);
    const rows = await page
      .locator('#about tbody tr')
      .evaluateAll((trs) => trs.map((tr) => `${tr.children[0].textContent}: ${tr.children[1].textContent}`));
    for (const line of [
      'final loss: 0.5',
      'best loss: 0.25 (epoch 20)',
      'best validation loss: 0.3 (epoch 18)',
      'accuracy (last epoch): 0.75',
      'training.optimizer.learningRate: 0.02',
    ]) {
      assert.ok(rows.includes(line), `${line} in ${rows.join(' | ')}`);
    }
    await page.close();
  });

  it('every chart of the registry is on the page once', async () => {
    const page = await openRun(points);
    for (const spec of RUN_CHARTS) assert.equal(await page.locator(`canvas#${spec.id}`).count(), 1, spec.id);
    await page.close();
  });
});

describe('charts that say only what applies', () => {
  it('a constant learning rate draws no chart; a schedule that changes it does', async () => {
    const constant = points.map((p) => ({ ...p, learningRate: 0.01 }));
    let page = await openRun(constant);
    assert.equal(await page.locator('#rate-figure').isHidden(), true, 'a flat line at 0.01 is no chart');
    await page.close();
    const decayed = points.map((p, i) => ({ ...p, learningRate: 0.01 * 0.9 ** i }));
    page = await openRun(decayed);
    assert.equal(await page.locator('#rate-figure').isVisible(), true);
    assert.match((await page.locator('#rate-figure figcaption').textContent())!, /training\.schedule/);
    await page.close();
  });

  it('the gradient-flow caption and axis speak of the cell state only where a layer has one (LSTM)', async () => {
    let page = await openRun(points); // an rnn run
    assert.equal((await page.locator('#flow-figure figcaption').textContent())!.includes('cell state'), false);
    assert.equal(await page.evaluate(() => (window as any).rnnLabCharts.flow.options.scales.y.title.text), '‖∂L/∂h_t‖');
    await page.close();
    page = await openRun(gated); // layer1 is an LSTM
    assert.match((await page.locator('#flow-figure figcaption').textContent())!, /dashed: LSTM cell state/);
    await page.close();
  });

  for (const theme of [DARK, LIGHT]) {
    it(`the best epoch's star and its legend box are the colour of the loss it marks (${theme.kind})`, async () => {
      const page = await openRun(points, theme);
      const legend = await page.evaluate(() => {
        const chart = (window as any).rnnLabCharts.loss;
        const items = chart.legend.legendItems as { text: string; fillStyle: string; strokeStyle: string }[];
        const validation = chart.data.datasets.find((d: { label: string }) => d.label === 'validation');
        return { best: items.find((i) => i.text.startsWith('best')), validation: validation.borderColor };
      });
      assert.ok(legend.best, 'the star is in the legend');
      assert.equal(legend.best.fillStyle, legend.validation, 'its box is the validation curve’s colour');
      assert.notEqual(legend.best.fillStyle, theme['--vscode-foreground'], 'not the text colour');
      await page.locator('#loss-figure').screenshot({ path: path.join(SHOTS, `panel-best-marker-${theme.kind}.png`) });
      await page.close();
    });

    it(`an LSTM's four gates at one point stay apart: a colour, a shape and a size each (${theme.kind})`, async () => {
      const still = gated.map((p) => ({
        ...p,
        gateSaturation: Object.fromEntries(['i', 'f', 'g', 'o'].map((g) => [`layer1.${g}`, { low: 0, high: 0 }])),
      }));
      const page = await openRun(still, theme);
      const gates = await page.evaluate(() =>
        (window as any).rnnLabCharts.gates.data.datasets
          .filter((d: { label: string }) => d.label.startsWith('layer1.'))
          .map((d: { pointBorderColor: string; pointStyle: string; pointRadius: number[] }) => ({
            colour: d.pointBorderColor,
            shape: d.pointStyle,
            radius: d.pointRadius[d.pointRadius.length - 1],
          })),
      );
      assert.equal(gates.length, 4);
      for (const key of ['colour', 'shape', 'radius'] as const)
        assert.equal(new Set(gates.map((g: Record<string, unknown>) => g[key])).size, 4, `four ${key}s`);
      await page
        .locator('#gates-figure')
        .screenshot({ path: path.join(SHOTS, `panel-gates-stacked-${theme.kind}.png`) });
      await page.close();
    });
  }
});
