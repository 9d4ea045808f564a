// The Predictions view: a regression run's predicted and true values sample by sample (a
// forecast plot) and against each other (with y = x); a classifier's confusion matrix.

import type { ChartDataset } from 'chart.js';
import { figureId, noteId } from '../../src/panel/charts';
import type { PredictionView } from '../../src/panel/viewsProtocol';
import { setDatasets, type LineChart, type ScatterChart, type XY } from '../charts';
import { faint, foreground, seriesColor } from '../theme';
import { drawGrid } from './cells';

const $ = (id: string) => document.getElementById(id)!;

export function renderPredictions(
  charts: { forecast: LineChart; fit: ScatterChart; confusion: HTMLCanvasElement },
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
    result.loss !== null ? `loss ${result.loss.toPrecision(4)}` : '',
    result.accuracy !== undefined ? `accuracy ${result.accuracy.toFixed(4)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  note.textContent = `${shownAs}: ${figures}${scores ? `, ${scores}` : ''}`;
  const v = result.view;
  $(figureId('forecast')).hidden = v.kind !== 'regression';
  $(figureId('fit')).hidden = v.kind !== 'regression';
  $(figureId('confusion')).hidden = v.kind !== 'classification';
  if (v.kind === 'regression') {
    const step = 1 / v.perSample;
    const lines: ChartDataset<'line', XY[]>[] = v.series.flatMap((s, i) => [
      {
        label: `${s.name} predicted`,
        data: s.predicted.map((y, k) => ({ x: k * step, y })),
        borderColor: seriesColor(i),
        backgroundColor: seriesColor(i),
      },
      {
        label: `${s.name} true`,
        data: s.target.map((y, k) => ({ x: k * step, y })),
        borderColor: faint(seriesColor(i)),
        backgroundColor: faint(seriesColor(i)),
        borderDash: [4, 3],
      },
    ]);
    setDatasets(charts.forecast, lines);
    const all = v.series.flatMap((s) => [...s.predicted, ...s.target]);
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const points: ChartDataset<'scatter', XY[]>[] = v.series.map((s, i) => ({
      label: s.name,
      data: s.target.map((x, k) => ({ x, y: s.predicted[k] })),
      backgroundColor: seriesColor(i),
      borderColor: seriesColor(i),
      pointRadius: 2,
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
    setDatasets(charts.fit, points);
    return;
  }
  const K = v.classes.length;
  const canvas = charts.confusion;
  canvas.style.height = `${Math.min(640, Math.max(180, K * 36 + 24))}px`;
  // A character's name is the character, quoted where it would not show (space, newline).
  const names = v.classes.map((c) => (c.length === 1 && !/\S/.test(c) ? JSON.stringify(c) : c));
  drawGrid(canvas, { rows: K, cols: K, values: v.matrix.flat(), scale: 'counts', labels: true, names });
  canvas.dataset.matrix = JSON.stringify(v.matrix);
  const total = v.matrix.flat().reduce((a, b) => a + b, 0);
  $(noteId('confusion')).textContent = `${K} classes, ${total} answers`;
}
