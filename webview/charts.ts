// chart.js set up from the chart registry (src/panel/charts.ts) for live training curves:
// no parsing, no animation, decimation on; colours from the theme at every redraw.

import { Chart, registerables, type ChartConfiguration, type ChartDataset } from 'chart.js';
import type { Axis, ChartSpec } from '../src/panel/charts';
import { foreground, gridColor } from './theme';

Chart.register(...registerables);

export type XY = { x: number; y: number | null };
export type LineChart = Chart<'line', XY[]>;
export type ScatterChart = Chart<'scatter', XY[]>;
export type BarChart = Chart<'bar', number[], string>;

type ChartObject<T extends ChartSpec['type']> =
  T extends 'line' ? LineChart : T extends 'scatter' ? ScatterChart : T extends 'bar' ? BarChart : HTMLCanvasElement;

/** Each registry entry's chart object (a heatmap is its bare canvas), by id. */
export type ChartsOf<S extends ChartSpec> = { [K in S as K['id']]: ChartObject<K['type']> };

export function createCharts<S extends ChartSpec>(specs: readonly S[]): ChartsOf<S> {
  return Object.fromEntries(specs.map((spec) => [spec.id, createChart(spec)])) as ChartsOf<S>;
}

function createChart(spec: ChartSpec): LineChart | ScatterChart | BarChart | HTMLCanvasElement {
  const canvas = document.getElementById(spec.id) as HTMLCanvasElement;
  switch (spec.type) {
    case 'line':
      return new Chart(canvas, lineConfig('line', spec.x, spec.y));
    case 'scatter':
      return new Chart(canvas, pointConfig(spec.x, spec.y));
    case 'bar':
      return new Chart(canvas, barConfig(spec.x, spec.y));
    case 'heatmap':
      return canvas;
    default: {
      const unhandled: never = spec;
      throw new Error(`no chart for ${JSON.stringify(unhandled)}`);
    }
  }
}

function scale(axis: Axis, type: 'linear' | 'category' = 'linear') {
  return {
    type: axis.log ? ('logarithmic' as const) : type,
    min: axis.min,
    max: axis.max,
    title: { display: true, text: axis.title, color: foreground() },
    ticks: { color: foreground() },
    grid: { color: gridColor() },
  };
}

function lineConfig(type: 'line', x: Axis, y: Axis): ChartConfiguration<'line', XY[]> {
  return {
    type,
    data: { datasets: [] },
    options: {
      parsing: false,
      animation: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: true,
      elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max' },
        legend: { labels: { color: foreground(), boxWidth: 12 } },
        tooltip: { mode: 'nearest', intersect: false },
      },
      scales: { x: scale(x), y: scale(y) },
    },
  };
}

/** Points in a unit square (gate saturation): one marker per series, told apart by shape. */
function pointConfig(x: Axis, y: Axis): ChartConfiguration<'scatter', XY[]> {
  return {
    type: 'scatter',
    data: { datasets: [] },
    options: {
      parsing: false,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      elements: { point: { radius: 6, hoverRadius: 8 } },
      plugins: {
        legend: { labels: { color: foreground(), usePointStyle: true } },
        tooltip: { mode: 'nearest', intersect: true },
      },
      scales: { x: scale(x), y: scale(y) },
    },
  };
}

function barConfig(x: Axis, y: Axis): ChartConfiguration<'bar', number[], string> {
  return {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { labels: { color: foreground() } } },
      scales: {
        x: { ...scale(x, 'category'), ticks: { color: foreground(), maxRotation: 0, autoSkip: true } },
        y: scale(y),
      },
    },
  };
}

export function setLogScale(chart: LineChart, log: boolean): void {
  chart.options.scales!.y!.type = log ? 'logarithmic' : 'linear';
}

/** Replaces the datasets' data; keeps chart.js objects to avoid re-creating the chart. */
export function setDatasets(chart: LineChart, datasets: ChartDataset<'line', XY[]>[]): void;
export function setDatasets(chart: ScatterChart, datasets: ChartDataset<'scatter', XY[]>[]): void;
export function setDatasets(chart: LineChart | ScatterChart, datasets: ChartDataset<'line' | 'scatter', XY[]>[]): void {
  chart.data.datasets = datasets as never;
  redraw(chart);
}

/** Draws the chart's data in the theme's current colours (the user may have switched theme). */
export function redraw(chart: LineChart | ScatterChart | BarChart): void {
  const fg = foreground();
  const grid = gridColor();
  type Themed = { ticks?: { color?: unknown }; grid?: { color?: unknown }; title?: { color?: unknown } };
  for (const s of Object.values((chart.options.scales ?? {}) as Record<string, Themed | undefined>)) {
    if (s?.ticks) s.ticks.color = fg;
    if (s?.grid) s.grid.color = grid;
    if (s?.title) s.title.color = fg;
  }
  const legend = chart.options.plugins?.legend;
  if (legend?.labels) legend.labels.color = fg;
  chart.update('none');
}
