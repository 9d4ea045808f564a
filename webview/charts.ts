// chart.js set up from the chart registry (src/panel/charts.ts) for live training curves:
// no parsing, no animation, decimation on; colours from the theme at every redraw. Axes read
// like a plot in a paper: integer ticks where the axis counts (epochs, time steps), 1-2-5
// ticks on log axes. Epoch charts show the scrubber's epoch as a cursor and zoom on a drag.

import {
  Chart,
  registerables,
  Ticks,
  type ChartConfiguration,
  type ChartDataset,
  type Plugin,
  type Scale,
} from 'chart.js';
import type { Axis, ChartSpec } from '../src/panel/charts';
import { foreground, gridColor } from './theme';

Chart.register(...registerables);

export type XY = { x: number; y: number | null };
export type LineChart = Chart<'line', XY[]>;
export type ScatterChart = Chart<'scatter', XY[]>;
export type BarChart = Chart<'bar', XY[]>;
type AnyChart = LineChart | ScatterChart | BarChart;

type ChartObject<T extends ChartSpec['type']> = T extends 'line'
  ? LineChart
  : T extends 'scatter'
    ? ScatterChart
    : T extends 'bar'
      ? BarChart
      : HTMLCanvasElement;

/** Each registry entry's chart object (a heatmap is its bare canvas), by id. */
export type ChartsOf<S extends ChartSpec> = { [K in S as K['id']]: ChartObject<K['type']> };

export function createCharts<S extends ChartSpec>(specs: readonly S[]): ChartsOf<S> {
  return Object.fromEntries(specs.map((spec) => [spec.id, createChart(spec)])) as ChartsOf<S>;
}

function createChart(spec: ChartSpec): AnyChart | HTMLCanvasElement {
  const canvas = document.getElementById(spec.id) as HTMLCanvasElement;
  switch (spec.type) {
    case 'line':
      return new Chart(canvas, lineConfig(spec.x, spec.y));
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

/** 1, 2 and 5 times a power of ten (within rounding). */
export function isOneTwoFive(v: number): boolean {
  if (!(v > 0)) return false;
  const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5, 10].some((k) => Math.abs(mantissa - k) < 1e-6 * k);
}

/** Short labels for log ticks: 0.002, 50, 2e-7, 3e+5. */
export function logTickLabel(v: number): string {
  const short = Number(v.toPrecision(2));
  return short >= 1e-3 && short < 1e5 ? String(short) : short.toExponential(0).replace('e+', 'e');
}

const isPowerOfTen = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

/** Pixels between two labels of a log axis, at least. */
const LOG_LABEL_SPACING = 20;

/**
 * Which log ticks get a label: 1-2-5 values, or only the powers of ten where three labels a
 * decade would be closer than LOG_LABEL_SPACING on an axis `pixels` long, so labels never run
 * into each other; on an axis so short that fewer than two such ticks fall on it, every tick
 * chart.js made (few, then).
 */
export function labelledLogTicks(values: readonly number[], pixels: number): boolean[] {
  const decades = Math.log10(Math.max(...values) / Math.min(...values));
  const crowded = 3 * decades * LOG_LABEL_SPACING > pixels;
  const keep = values.map((v) => (crowded ? isPowerOfTen(v) : isOneTwoFive(v)));
  return keep.filter(Boolean).length >= 2 ? keep : values.map(() => true);
}

/** Tick labels: 1-2-5 on log axes (labelledLogTicks); elsewhere chart.js's own numbers. */
function tickLabel(this: Scale, value: number | string, index: number, ticks: { value: number }[]): string {
  if (this.type !== 'logarithmic') return Ticks.formatters.numeric.call(this, Number(value), index, ticks);
  const pixels = this.isHorizontal() ? this.width : this.height;
  return labelledLogTicks(
    ticks.map((t) => t.value),
    pixels,
  )[index]
    ? logTickLabel(Number(value))
    : '';
}

/** The 1-2-5 value at or below v (`up`: at or above). */
export function oneTwoFive(v: number, up: boolean): number {
  const p = 10 ** Math.floor(Math.log10(v));
  const steps = [1, 2, 5, 10].map((k) => k * p);
  return up ? steps.find((s) => s >= v * (1 - 1e-9))! : [...steps].reverse().find((s) => s <= v * (1 + 1e-9))!;
}

/** A log axis starts and ends at 1-2-5 values, so that at least two of its ticks are labelled. */
function snapLogLimits(s: Scale): void {
  if (s.type !== 'logarithmic' || !(s.min > 0) || !(s.max > 0)) return;
  s.min = oneTwoFive(s.min, false);
  s.max = oneTwoFive(s.max, true);
}

function scale(axis: Axis) {
  return {
    afterDataLimits: snapLogLimits,
    type: axis.log ? ('logarithmic' as const) : ('linear' as const),
    min: axis.min,
    max: axis.max,
    title: { display: true, text: axis.title, color: foreground() },
    // Integer axes (epochs, time steps): no 0.2 steps between two integers.
    // autoSkip would drop labelled log ticks for unlabelled ones; log labels are thinned by tickLabel.
    ticks: {
      color: foreground(),
      callback: tickLabel,
      autoSkip: !axis.log,
      maxRotation: 0,
      ...(axis.integer ? { precision: 0 } : {}),
    },
    grid: { color: gridLine(gridColor()) },
  };
}

/** The epoch the scrubber selected, drawn as a vertical line (options.plugins.cursor.x). */
const cursorPlugin: Plugin<'line'> = {
  id: 'cursor',
  afterDatasetsDraw(chart, _args, options: { x?: number | null }) {
    const x = options.x;
    const area = chart.chartArea;
    if (x === undefined || x === null || !area) return;
    const px = chart.scales.x.getPixelForValue(x);
    if (px < area.left || px > area.right) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = foreground();
    ctx.globalAlpha = 0.55;
    ctx.setLineDash([3, 3]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px, area.top);
    ctx.lineTo(px, area.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

export interface ZoomOptions {
  /** Called with the dragged x range; the page applies it to every epoch chart. */
  onZoom?: (range: { min: number; max: number }) => void;
}

/** Drag across a chart to zoom its x axis (the page applies the range to its other epoch charts). */
const dragZoomPlugin: Plugin<'line'> = {
  id: 'dragZoom',
  afterEvent(chart, args, options: ZoomOptions) {
    const e = args.event;
    const state = chart as unknown as { dragFrom?: number; dragTo?: number };
    const area = chart.chartArea;
    if (!options.onZoom || e.x === null || !area) return;
    if (
      e.type === 'mousedown' &&
      e.x >= area.left &&
      e.x <= area.right &&
      e.y !== null &&
      e.y >= area.top &&
      e.y <= area.bottom
    ) {
      state.dragFrom = state.dragTo = e.x;
    } else if (e.type === 'mousemove' && state.dragFrom !== undefined) {
      state.dragTo = Math.max(area.left, Math.min(area.right, e.x));
      args.changed = true;
    } else if ((e.type === 'mouseup' || e.type === 'mouseout') && state.dragFrom !== undefined) {
      const [a, b] = [state.dragFrom, state.dragTo ?? state.dragFrom].sort((p, q) => p - q);
      state.dragFrom = state.dragTo = undefined;
      args.changed = true;
      if (e.type === 'mouseup' && b - a >= 5)
        options.onZoom({ min: chart.scales.x.getValueForPixel(a)!, max: chart.scales.x.getValueForPixel(b)! });
    }
  },
  afterDraw(chart) {
    const state = chart as unknown as { dragFrom?: number; dragTo?: number };
    if (state.dragFrom === undefined || state.dragTo === undefined) return;
    const area = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = foreground();
    ctx.globalAlpha = 0.12;
    ctx.fillRect(
      Math.min(state.dragFrom, state.dragTo),
      area.top,
      Math.abs(state.dragTo - state.dragFrom),
      area.bottom - area.top,
    );
    ctx.restore();
  },
};

function lineConfig(x: Axis, y: Axis): ChartConfiguration<'line', XY[]> {
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      parsing: false,
      animation: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: true,
      events: ['mousemove', 'mouseout', 'click', 'mousedown', 'mouseup', 'touchstart', 'touchmove'],
      elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max' },
        legend: { labels: { color: foreground(), boxWidth: 12 } },
        tooltip: { mode: 'nearest', intersect: false },
        ...({ cursor: { x: null }, dragZoom: {} } as object),
      },
      scales: { x: scale(x), y: scale(y) },
    },
    plugins: [cursorPlugin, dragZoomPlugin],
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

/** Bars on a numeric x axis (a histogram: evenly spaced ticks at round values, not bin labels). */
function barConfig(x: Axis, y: Axis): ChartConfiguration<'bar', XY[]> {
  return {
    type: 'bar',
    data: { datasets: [] },
    options: {
      parsing: false,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { labels: { color: foreground() } } },
      datasets: { bar: { barPercentage: 1, categoryPercentage: 1, grouped: false } },
      scales: { x: { ...scale(x), offset: true }, y: { ...scale(y), beginAtZero: true } },
    },
  };
}

export function setLogScale(chart: LineChart, log: boolean): void {
  const y = chart.options.scales!.y!;
  y.type = log ? 'logarithmic' : 'linear';
  y.ticks!.autoSkip = !log;
}

/** The scrubber's epoch as a cursor line (null: none). */
export function setCursor(chart: LineChart, epoch: number | null): void {
  (chart.options.plugins as { cursor: { x: number | null } }).cursor.x = epoch;
}

/** The x range shown (undefined: all) and what a drag across the chart does. */
export function setXRange(
  chart: LineChart,
  range: { min: number; max: number } | undefined,
  onZoom: ZoomOptions['onZoom'],
): void {
  const x = chart.options.scales!.x!;
  x.min = range?.min;
  x.max = range?.max;
  (chart.options.plugins as { dragZoom: ZoomOptions }).dragZoom.onZoom = onZoom;
}

/** Replaces the datasets' data; keeps chart.js objects to avoid re-creating the chart. */
export function setDatasets(chart: LineChart, datasets: ChartDataset<'line', XY[]>[]): void;
export function setDatasets(chart: ScatterChart, datasets: ChartDataset<'scatter', XY[]>[]): void;
export function setDatasets(chart: BarChart, datasets: ChartDataset<'bar', XY[]>[]): void;
export function setDatasets(chart: AnyChart, datasets: ChartDataset<'line' | 'scatter' | 'bar', XY[]>[]): void {
  chart.data.datasets = datasets as never;
  redraw(chart);
}

/** Grid lines in `color`; on a log axis, the lines of unlabelled ticks fainter, so labelled decades stand out. */
function gridLine(color: string) {
  return (ctx: { scale?: Scale; tick?: { label?: unknown } }) =>
    ctx.scale?.type === 'logarithmic' && ctx.tick?.label === ''
      ? `color-mix(in srgb, ${color} 35%, transparent)`
      : color;
}

/** Draws the chart's data in the theme's current colours (the user may have switched theme). */
export function redraw(chart: AnyChart): void {
  const fg = foreground();
  const grid = gridLine(gridColor());
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
