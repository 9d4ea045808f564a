// The Predictions view, chosen by the task: a regression run's predicted against true values
// (with y = x), and for a series (a CSV file's windows, in order) also both along the series;
// a classifier's confusion matrix, its cells large enough to name every class, scrolling
// inside its card where the classes do not fit the column.

import type { ChartDataset } from 'chart.js';
import { figureId, noteId } from '../../src/panel/charts';
import { formatNumber } from '../../src/format/numbers';
import type { ClassificationView, PredictionView, RegressionView } from '../../src/panel/viewsProtocol';
import { setDatasets, type LineChart, type ScatterChart, type XY } from '../charts';
import { faint, foreground, raw, seriesColor } from '../theme';
import { drawGrid, NAME_MARGIN } from './cells';

const $ = (id: string) => document.getElementById(id)!;

/** CSS pixels of a confusion matrix's cell: at least MIN (its class is named), at most MAX. */
const CELL = { min: 16, max: 40 };

type Charts = { forecast: LineChart; fit: ScatterChart; confusion: HTMLCanvasElement };

/** The matrix on display, redrawn when its card changes width. */
let shownConfusion: { canvas: HTMLCanvasElement; view: ClassificationView } | undefined;
let watching: ResizeObserver | undefined;

export function renderPredictions(
  charts: Charts,
  result: PredictionView | { error: string } | undefined,
  shownAs: string,
): void {
  const note = $('predictionsNote');
  if (!result || 'error' in result) {
    note.textContent = result ? result.error : 'computing…';
    note.classList.toggle('error', Boolean(result));
    for (const id of ['forecast', 'fit', 'confusion']) $(figureId(id)).hidden = true;
    return;
  }
  note.classList.remove('error');
  const figures = `${result.samples} ${result.which === 'validation' ? 'validation samples' : 'samples (no validation split)'}`;
  const scores = [
    result.loss !== null ? `loss ${formatNumber(result.loss)}` : '',
    result.accuracy !== undefined ? `accuracy ${formatNumber(result.accuracy)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  note.textContent = `${shownAs}: ${figures}${scores ? `, ${scores}` : ''}`;
  const v = result.view;
  $(figureId('forecast')).hidden = v.kind !== 'regression' || !v.ordered;
  $(figureId('fit')).hidden = v.kind !== 'regression';
  $(figureId('confusion')).hidden = v.kind !== 'classification';
  if (v.kind === 'regression') {
    if (v.ordered) renderSeries(charts.forecast, v, result.samples);
    renderFit(charts.fit, v);
    return;
  }
  shownConfusion = { canvas: charts.confusion, view: v };
  if (!watching) {
    // Drawn for the card's width: again when the column is resized (or the card first shows).
    watching = new ResizeObserver(() => shownConfusion && drawConfusion(shownConfusion.canvas, shownConfusion.view));
    watching.observe($(figureId('confusion')));
  }
  drawConfusion(charts.confusion, v);
}

/**
 * Predicted and true values window by window, in the series' order; a sequence output's
 * windows overlap, so each shows its last step.
 */
function renderSeries(chart: LineChart, v: RegressionView, samples: number): void {
  const last = (values: number[]) =>
    v.perSample > 1 ? values.filter((_, k) => k % v.perSample === v.perSample - 1) : values;
  const lines: ChartDataset<'line', XY[]>[] = v.series.flatMap((s, i) => [
    {
      label: `${s.name} predicted`,
      data: last(s.predicted).map((y, k) => ({ x: k, y })),
      borderColor: seriesColor(i),
      backgroundColor: seriesColor(i),
      borderWidth: 2,
    },
    {
      label: `${s.name} true`,
      data: last(s.target).map((y, k) => ({ x: k, y })),
      borderColor: raw(v.series.length === 1 ? foreground() : seriesColor(i)),
      backgroundColor: raw(v.series.length === 1 ? foreground() : seriesColor(i)),
      borderWidth: 2,
      borderDash: [5, 3],
    },
  ]);
  const x = chart.options.scales!.x!;
  x.min = 0;
  x.max = Math.max(1, Math.min(samples, last(v.series[0]?.predicted ?? []).length) - 1);
  setDatasets(chart, lines);
}

function renderFit(chart: ScatterChart, v: RegressionView): void {
  const all = v.series.flatMap((s) => [...s.predicted, ...s.target]);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  // One range on both axes: the line y = x is the square's diagonal, a miss reads as a distance.
  const pad = (hi - lo) * 0.04 || 1;
  for (const axis of [chart.options.scales!.x!, chart.options.scales!.y!]) {
    axis.min = lo - pad;
    axis.max = hi + pad;
  }
  const points: ChartDataset<'scatter', XY[]>[] = v.series.map((s, i) => ({
    label: s.name,
    data: s.target.map((x, k) => ({ x, y: s.predicted[k] })),
    backgroundColor: seriesColor(i),
    borderColor: seriesColor(i),
    pointRadius: 2.5,
  }));
  const edge = faint(foreground());
  points.push({
    label: 'y = x',
    data: [
      { x: lo, y: lo },
      { x: hi, y: hi },
    ],
    showLine: true,
    pointRadius: 0,
    borderColor: edge,
    backgroundColor: edge,
    borderDash: [4, 4],
  });
  setDatasets(chart, points);
}

/**
 * Square cells sized to the card's width within CELL; where even the smallest do not fit, the
 * canvas keeps its size and its box scrolls (the card never grows past the column).
 */
function drawConfusion(canvas: HTMLCanvasElement, v: ClassificationView): void {
  const K = v.classes.length;
  const box = canvas.parentElement!;
  box.classList.add('confusion');
  const available = Math.max(0, box.clientWidth - NAME_MARGIN.left - 4);
  const cell = Math.max(CELL.min, Math.min(CELL.max, Math.floor(available / Math.max(K, 1))));
  const width = NAME_MARGIN.left + K * cell + 2;
  const height = NAME_MARGIN.top + K * cell + 2;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  // A character's name is the character, quoted where it would not show (space, newline).
  const names = v.classes.map((c) => (c.length === 1 && !/\S/.test(c) ? JSON.stringify(c) : c));
  drawGrid(canvas, { rows: K, cols: K, values: v.matrix.flat(), scale: 'counts', labels: true, names });
  canvas.dataset.matrix = JSON.stringify(v.matrix);
  canvas.dataset.cell = String(cell);
  const total = v.matrix.flat().reduce((a, b) => a + b, 0);
  const scrolls = width > box.clientWidth ? ' (scroll for the rest)' : '';
  $(noteId('confusion')).textContent = `${K} classes, ${formatNumber(total)} answers${scrolls}`;
}
