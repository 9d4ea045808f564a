// A sweep's charts in the Experiments table: parallel coordinates (one line per trial across an
// axis per swept parameter and the metric) and a scatter of the metric against each parameter,
// the best trial highlighted. chart.js draws both; each axis maps its values to [0, 1] —
// numbers linearly or, over more than a decade and a half, logarithmically; words by their order.

import { Chart, registerables, type ChartDataset, type Plugin } from 'chart.js';
import type { ExperimentRow, SweepSummary } from '../src/panel/experimentsProtocol';
import { formatNumber } from '../src/format/numbers';
import { foreground, gridColor, seriesColor } from './theme';

Chart.register(...registerables);

type XY = { x: number; y: number };

/** How one axis places values: a position in [0, 1], and labels for its ends or categories. */
export interface AxisScale {
  readonly name: string;
  readonly kind: 'linear' | 'log' | 'category';
  readonly categories: string[];
  readonly min: number;
  readonly max: number;
  /** Where the axis is labelled, in [0, 1]: each value of a grid (up to MAX_VALUE_TICKS), else evenly along it. */
  readonly ticks: readonly number[];
  position(v: unknown): number | null;
  label(t: number): string;
}

/** Log when every value is positive and they span at least this ratio. */
const LOG_RATIO = 30;
/** A numeric axis with at most this many distinct values is labelled at each; else at EVEN_TICKS. */
const MAX_VALUE_TICKS = 6;
const EVEN_TICKS = [0, 0.25, 0.5, 0.75, 1];

export function axisScale(name: string, values: readonly unknown[]): AxisScale {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const nums = present as number[];
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    const log = min > 0 && max / min >= LOG_RATIO;
    const f = (v: number) => (log ? Math.log(v) : v);
    const span = f(max) - f(min);
    const at = (v: number) => (span === 0 ? 0.5 : (f(v) - f(min)) / span);
    const distinct = [...new Set(nums)].sort((a, b) => a - b);
    return {
      name,
      kind: log ? 'log' : 'linear',
      categories: [],
      min,
      max,
      ticks: distinct.length <= MAX_VALUE_TICKS ? distinct.map(at) : EVEN_TICKS,
      position: (v) => (typeof v === 'number' && Number.isFinite(v) ? at(v) : null),
      label: (t) => short(log ? Math.exp(f(min) + t * span) : min + t * span),
    };
  }
  const categories = [...new Set(present.map(text))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const at = (c: string) => (categories.length === 1 ? 0.5 : categories.indexOf(c) / (categories.length - 1));
  return {
    name,
    kind: 'category',
    categories,
    min: 0,
    max: categories.length - 1,
    ticks: categories.map((c) => at(c)),
    position: (v) => (v === null || v === undefined ? null : at(text(v))),
    label: (t) => categories[Math.round(t * (categories.length - 1))] ?? '',
  };
}

/** 1, 2 and 5 times a power of ten: the labels a log axis keeps, so that they never run into each other. */
function oneTwoFive(v: number): boolean {
  if (!(v > 0)) return false;
  const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5, 10].some((k) => Math.abs(mantissa - k) < 1e-6 * k);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** An axis value: the figures' one format (src/format/numbers.ts). */
export const short = (v: number): string => formatNumber(v);

/** The last part of a parameter's path: `learningRate`, `units` (the full path is in the caption and table). */
function shortName(p: string): string {
  return p.split('.').slice(-1)[0];
}

export interface SweepCharts {
  parallel?: Chart<'line', XY[]>;
  /** By parameter. */
  scatters: Record<string, Chart<'scatter', XY[]>>;
  /** The axes the parallel coordinates were drawn with, in order (parameters, then the metric). */
  axes: AxisScale[];
}

/**
 * Draws the axes of the parallel coordinates: a line per axis, ticked and labelled along its
 * length (each value of a grid, each category, or evenly), each label on a halo of the
 * background so that the trials' lines do not cross it out.
 */
const axesPlugin: Plugin<'line'> = {
  id: 'parallelAxes',
  afterDatasetsDraw(chart, _args, options: { axes?: AxisScale[] }) {
    const axes = options.axes ?? [];
    const { ctx, scales } = chart;
    ctx.save();
    ctx.fillStyle = foreground();
    ctx.strokeStyle = foreground();
    ctx.font = '11px sans-serif';
    ctx.lineJoin = 'round';
    const halo = getComputedStyle(document.body).backgroundColor;
    axes.forEach((axis, i) => {
      const x = scales.x.getPixelForValue(i);
      const y = (t: number) => scales.y.getPixelForValue(t);
      ctx.globalAlpha = 0.6;
      ctx.strokeStyle = foreground();
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, y(0));
      ctx.lineTo(x, y(1));
      for (const t of axis.ticks) {
        ctx.moveTo(x - 3, y(t));
        ctx.lineTo(x + 3, y(t));
      }
      ctx.stroke();
      ctx.globalAlpha = 1;
      // Labels beside the axis, towards the inside of the chart.
      const last = i === axes.length - 1 && axes.length > 1;
      ctx.textAlign = last ? 'right' : 'left';
      ctx.textBaseline = 'middle';
      const dx = last ? -6 : 6;
      for (const t of axis.ticks) {
        const label = axis.label(t);
        const ty = Math.max(y(1) + 6, Math.min(y(0) - 6, y(t)));
        ctx.strokeStyle = halo;
        ctx.lineWidth = 3;
        ctx.strokeText(label, x + dx, ty);
        ctx.fillText(label, x + dx, ty);
      }
    });
    ctx.restore();
  },
};

/**
 * The charts of `rows` (a sweep's trials, as filtered) for `sweep`; the previous charts are
 * destroyed. Rows without a value of the metric are left out.
 */
export function drawSweepCharts(
  previous: SweepCharts | undefined,
  sweep: SweepSummary,
  rows: readonly ExperimentRow[],
  params: readonly string[],
): SweepCharts {
  previous?.parallel?.destroy();
  for (const c of Object.values(previous?.scatters ?? {})) c.destroy();
  const scored = rows.filter((r) => r.metrics[sweep.metric] !== null);
  const swept = sweep.parameters.filter((p) => params.includes(p));
  const metricAxis = axisScale(
    sweep.metric,
    scored.map((r) => r.metrics[sweep.metric]),
  );
  const axes = [
    ...swept.map((p) =>
      axisScale(
        p,
        scored.map((r) => r.values[p]),
      ),
    ),
    metricAxis,
  ];
  const bestDir = bestOf(scored, sweep)?.runDir;
  const rank = rankOf(scored, sweep);
  const lineColor = (r: ExperimentRow) =>
    r.runDir === bestDir ? seriesColor(1) : fade(seriesColor(0), 0.2 + 0.6 * (1 - rank(r)));

  const parallelCanvas = document.getElementById('parallel') as HTMLCanvasElement;
  const datasets: ChartDataset<'line', XY[]>[] = scored.map((r) => ({
    label: r.name ?? r.runDir,
    data: axes.map((a, i) => ({
      x: i,
      y: a.position(i === axes.length - 1 ? r.metrics[sweep.metric] : r.values[a.name]) ?? 0,
    })),
    borderColor: lineColor(r),
    backgroundColor: lineColor(r),
    borderWidth: r.runDir === bestDir ? 3.5 : 1.5,
    order: r.runDir === bestDir ? 0 : 1,
    pointRadius: r.runDir === bestDir ? 3 : 2,
  }));
  const parallel = new Chart<'line', XY[]>(parallelCanvas, {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 16, bottom: 4, left: 8, right: 8 } },
      plugins: {
        legend: { display: false },
        tooltip: { mode: 'nearest', intersect: false, callbacks: { label: (c) => c.dataset.label ?? '' } },
        ...({ parallelAxes: { axes } } as object),
      },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: Math.max(1, axes.length - 1),
          offset: false,
          ticks: {
            stepSize: 1,
            color: foreground(),
            callback: (v) => (Number.isInteger(v) ? shortName(axes[Number(v)]?.name ?? '') : ''),
          },
          grid: { display: false },
        },
        y: { type: 'linear', min: -0.04, max: 1.04, display: false },
      },
    },
    plugins: [axesPlugin],
  });

  const scatters: Record<string, Chart<'scatter', XY[]>> = {};
  const container = document.getElementById('scatters')!;
  container.replaceChildren();
  for (const [i, p] of swept.entries()) {
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = `${sweep.metric} against ${p}`;
    const box = document.createElement('div');
    box.className = 'chart small';
    const canvas = document.createElement('canvas');
    canvas.id = `scatter-${i}`;
    box.appendChild(canvas);
    figure.append(caption, box);
    container.appendChild(figure);
    scatters[p] = scatterChart(canvas, axes[i], metricAxis, scored, p, sweep, bestDir);
  }
  return { parallel, scatters, axes };
}

function scatterChart(
  canvas: HTMLCanvasElement,
  x: AxisScale,
  y: AxisScale,
  rows: readonly ExperimentRow[],
  p: string,
  sweep: SweepSummary,
  bestDir: string | undefined,
): Chart<'scatter', XY[]> {
  const point = (r: ExperimentRow): XY => ({
    x: x.kind === 'category' ? x.categories.indexOf(text(r.values[p])) : (r.values[p] as number),
    y: r.metrics[sweep.metric]!,
  });
  const others = rows.filter((r) => r.runDir !== bestDir && r.values[p] !== undefined);
  const best = rows.filter((r) => r.runDir === bestDir && r.values[p] !== undefined);
  // Ticks where the values are: each category, or each of a few distinct numbers (a grid's values).
  const distinct = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);
  const axis = (a: AxisScale, title: string, values: number[]) => {
    const at = a.kind === 'category' ? a.categories.map((_, i) => i) : distinct(values);
    return {
      type: a.kind === 'log' ? ('logarithmic' as const) : ('linear' as const),
      title: { display: true, text: title, color: foreground() },
      grid: { color: gridColor() },
      ...(a.kind === 'category' ? { min: -0.5, max: a.categories.length - 0.5 } : margins(a, at)),
      ...(at.length > 0 && at.length <= 8
        ? {
            afterBuildTicks: (scale: { ticks: { value: number }[] }) => {
              scale.ticks = at.map((value) => ({ value }));
            },
          }
        : {}),
      ticks: {
        color: foreground(),
        callback: (v: number | string) =>
          a.kind === 'category'
            ? (a.categories[Number(v)] ?? '')
            : a.kind === 'log' && !oneTwoFive(Number(v))
              ? ''
              : short(Number(v)),
      },
    };
  };
  return new Chart<'scatter', XY[]>(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'trials',
          data: others.map(point),
          backgroundColor: seriesColor(0),
          borderColor: seriesColor(0),
          pointRadius: 4,
        },
        {
          label: 'best',
          data: best.map(point),
          backgroundColor: seriesColor(1),
          borderColor: foreground(),
          pointRadius: 7,
          pointStyle: 'rectRot',
        },
      ],
    },
    options: {
      parsing: false,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => (c.datasetIndex === 1 ? best : others)[c.dataIndex]?.name ?? '' } },
      },
      scales: {
        x: axis(
          x,
          shortName(p),
          rows.map((r) => point(r).x),
        ),
        y: axis(y, sweep.metric, []),
      },
    },
  });
}

/** Room around the points: the smallest and largest value are not drawn on the chart's edge. */
function margins(a: AxisScale, values: number[]): { min?: number; max?: number } {
  if (values.length === 0) return {};
  const lo = values[0];
  const hi = values[values.length - 1];
  if (a.kind === 'log') return { min: lo / 1.25, max: hi * 1.25 };
  const pad = hi > lo ? 0.06 * (hi - lo) : Math.abs(lo) * 0.1 || 1;
  return { min: lo - pad, max: hi + pad };
}

function bestOf(rows: readonly ExperimentRow[], sweep: SweepSummary): ExperimentRow | undefined {
  return rows.find((r) => r.runDir === sweep.bestRunDir) ?? [...rows].sort((a, b) => better(a, b, sweep))[0];
}

function better(a: ExperimentRow, b: ExperimentRow, sweep: SweepSummary): number {
  const d = a.metrics[sweep.metric]! - b.metrics[sweep.metric]!;
  return sweep.goal === 'minimize' ? d : -d;
}

/** 0 for the best row, 1 for the worst. */
function rankOf(rows: readonly ExperimentRow[], sweep: SweepSummary): (r: ExperimentRow) => number {
  const order = [...rows].sort((a, b) => better(a, b, sweep)).map((r) => r.runDir);
  return (r) => (order.length <= 1 ? 0 : order.indexOf(r.runDir) / (order.length - 1));
}

function fade(color: string, opacity: number): string {
  return `color-mix(in srgb, ${color} ${Math.round(opacity * 100)}%, transparent)`;
}
