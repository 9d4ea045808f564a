// The accuracy and perplexity charts (RUN_CHARTS 'accuracy', 'perplexity'), and the best
// epoch's marker on the loss chart: the lowest validation loss, else training loss
// (core/metrics.ts, the rule run.json's "best" follows).

import type { ChartDataset } from 'chart.js';
import { bestEpoch } from '../src/core/metrics';
import { formatNumber } from '../src/format/numbers';
import type { EpochPoint } from '../src/panel/protocol';
import { setDatasets, type LineChart, type XY } from './charts';
import { seriesColor } from './theme';

type Line = ChartDataset<'line', XY[]>;

/** Training (blue) and validation (orange) values of one metric, where the epochs have them. */
export function renderMetric(
  chart: LineChart,
  points: readonly EpochPoint[],
  train: 'accuracy' | 'perplexity',
  val: 'valAccuracy' | 'valPerplexity',
): void {
  const series = (label: string, key: typeof train | typeof val, color: string): Line[] => {
    const data = points.filter((p) => p[key] !== undefined).map((p) => ({ x: p.epoch, y: p[key]! }));
    return data.length ? [{ label, data, borderColor: color, backgroundColor: color }] : [];
  };
  setDatasets(chart, [...series('train', train, seriesColor(0)), ...series('validation', val, seriesColor(1))]);
}

/**
 * A star at the best epoch's loss, labelled with the epoch (the legend says which loss), in the
 * colour of the curve it marks: its legend box is that colour too, not the theme's text colour.
 */
export function bestMarker(points: readonly EpochPoint[]): Line[] {
  const best = bestEpoch(points);
  if (!best) return [];
  const color = seriesColor(best.by === 'valLoss' ? 1 : 0);
  return [
    {
      label: `best: epoch ${best.epoch} (${best.by === 'valLoss' ? 'validation' : 'training'} loss ${formatNumber(best.value)})`,
      data: [{ x: best.epoch, y: best.value }],
      showLine: false,
      pointRadius: 7,
      pointHoverRadius: 8,
      pointStyle: 'star',
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
    },
  ];
}
