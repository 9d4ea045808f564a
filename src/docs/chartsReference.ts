// The chart tables of the training panel guide (docs/guide/training-panel.md), written from the
// panels' chart registry (src/panel/charts.ts): a chart added there appears in the guide, with
// its caption, axes, the statistics it reads and when it is shown.

import { RUN_CHARTS, VIEW_CHARTS, type ChartSpec } from '../panel/charts';
import { code, table } from './markdown';

export const CHARTS_BEGIN =
  '<!-- charts:begin — written by `npm run docs` from src/panel/charts.ts; do not edit by hand -->';
export const CHARTS_END = '<!-- charts:end -->';

function axes(chart: ChartSpec): string {
  if (chart.type === 'heatmap') return 'a heatmap (no axes)';
  const axis = (a: { title: string; log?: boolean }) => `${a.title}${a.log ? ' (log)' : ''}`;
  return `${axis(chart.y)} against ${axis(chart.x)}`;
}

function shown(chart: ChartSpec): string {
  const when = [
    chart.onlyWithData ? 'when the run has these statistics' : '',
    chart.onlyIfVaries ? 'when the value changes over the epochs' : '',
  ].filter(Boolean);
  const extras = [chart.picker ? `a picker: ${chart.picker}` : ''].filter(Boolean);
  return [...(when.length ? when : ['always']), ...extras].join('; ');
}

function rows(charts: readonly ChartSpec[]): string[][] {
  return charts.map((c) => [
    c.caption,
    axes(c),
    c.statistics.length ? c.statistics.map((s) => code(s)).join(', ') : '—',
    shown(c),
  ]);
}

/** The section between the markers: the panel's charts in page order, then the views' charts. */
export function renderChartsSection(): string {
  return [
    CHARTS_BEGIN,
    '',
    '## Every chart',
    '',
    'The charts of the panel, in page order, as the chart registry (`src/panel/charts.ts`) declares',
    'them; the statistics are the fields of the metrics lines ([Per-epoch statistics](../reference/run-directory.md#per-epoch-statistics)).',
    '',
    ...table(['Chart', 'Axes', 'Reads', 'Shown'], rows(RUN_CHARTS)),
    '',
    'Below them, the views of [what the network learned](what-it-learned.md), computed on request for the run (each shown where it applies):',
    '',
    ...table(
      ['Chart', 'Axes'],
      VIEW_CHARTS.map((c) => [c.caption, axes(c)]),
    ),
    '',
    CHARTS_END,
  ].join('\n');
}
