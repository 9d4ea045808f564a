// One render function per chart of the training panel (registry: RUN_CHARTS in
// src/panel/charts.ts). Every statistic may be missing from a point: older metrics lines lack
// the newer ones, and only LSTM/GRU layers have cell-state flow and gates.

import type { ChartDataset, PointStyle } from 'chart.js';
import {
  hasStatistics,
  noteId,
  pickerId,
  RUN_CHARTS,
  varies,
  type RunChart,
  type RunChartId,
} from '../src/panel/charts';
import type { EpochPoint } from '../src/panel/protocol';
import { debiasedEma } from '../src/panel/series';
import { gatesOf, keysOf, layerOf } from '../src/panel/statisticKeys';
import {
  createCharts,
  setDatasets,
  setLogScale,
  type LineChart,
  type ScatterChart,
  type BarChart,
  type XY,
} from './charts';
import { drawHeatmap } from './heatmap';
import { bestMarker, renderMetric } from './metricCharts';
import { slotOf } from '../src/panel/palette';
import { colorOf, faint, foreground, raw, seriesColor } from './theme';

export type RunCharts = ReturnType<typeof createRunCharts>;

export function createRunCharts() {
  return createCharts<RunChart>(RUN_CHARTS);
}

/** What the charts are drawn from: the run's epochs, the scrubber's epoch, the reader's settings. */
export interface View {
  readonly points: readonly EpochPoint[];
  /** Index into points of the selected epoch. */
  readonly index: number;
  readonly smoothing: number;
  readonly logLoss: boolean;
}

/** Whether the chart has anything to show for this run (charts without `onlyWithData` always show). */
export function isShown(spec: RunChart, points: readonly EpochPoint[]): boolean {
  if ('onlyIfVaries' in spec && spec.onlyIfVaries && !varies(points, spec)) return false;
  return !('onlyWithData' in spec && spec.onlyWithData) || points.some((p) => hasStatistics(p, spec));
}

/**
 * The selected epoch, or the nearest earlier one with statistics: a long run keeps them only
 * at some epochs (src/core/statEpochs.ts), every epoch keeps its loss.
 */
function withStatistics(points: readonly EpochPoint[], index: number): EpochPoint {
  let k = index;
  while (k > 0 && !points[k].histograms && !points[k].dhNorms && !points[k].gateSaturation) k--;
  return points[k];
}

export function renderChart(charts: RunCharts, id: RunChartId, v: View): void {
  const point = withStatistics(v.points, v.index);
  switch (id) {
    case 'loss':
      return renderLoss(charts.loss, v);
    case 'accuracy':
      return renderMetric(charts.accuracy, v.points, 'accuracy', 'valAccuracy');
    case 'perplexity':
      return renderMetric(charts.perplexity, v.points, 'perplexity', 'valPerplexity');
    case 'rate':
      return renderRate(charts.rate, v.points);
    case 'weights':
      return renderPerParameter(charts.weights, v.points, (p) => p.weightNorms);
    case 'grads':
      return renderGradients(charts.grads, v.points);
    case 'spectral':
      return renderSpectral(charts.spectral, v.points);
    case 'flow':
      return renderFlow(charts.flow, point);
    case 'gates':
      return renderGates(charts.gates, v);
    case 'histogram':
      return renderHistogram(charts.histogram, point);
    case 'heatmap':
      return renderHeatmap(charts.heatmap, v);
    default: {
      const unhandled: never = id;
      throw new Error(`no render function for chart ${String(unhandled)}`);
    }
  }
}

type Line = ChartDataset<'line', XY[]>;

/**
 * A parameter (`layer2.Wx`) has one colour in every chart and run; a layer (`layer1`, its gates
 * `layer1.f`, its blocks `layer1.Wh.f`) has the colour of its Wh, its gates told apart by dash or marker.
 */
const layerColor = colorOf;
const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
const MARKERS: PointStyle[] = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot'];

function renderLoss(chart: LineChart, v: View): void {
  setLogScale(chart, v.logLoss);
  const xs = v.points.map((p) => p.epoch);
  const curve = (label: string, values: (number | null)[], color: string): Line[] => [
    {
      label: `${label} (raw)`,
      data: xs.map((x, i) => ({ x, y: values[i] })),
      borderColor: raw(color),
      backgroundColor: raw(color),
      borderWidth: 1,
    },
    {
      label,
      data: debiasedEma(values, v.smoothing).map((y, i) => ({ x: xs[i], y })),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
    },
  ];
  const datasets = curve(
    'train',
    v.points.map((p) => p.loss),
    seriesColor(0),
  );
  if (v.points.some((p) => p.valLoss != null))
    datasets.push(
      ...curve(
        'validation',
        v.points.map((p) => p.valLoss ?? null),
        seriesColor(1),
      ),
    );
  datasets.push(...bestMarker(v.points));
  setDatasets(chart, datasets);
}

function renderPerParameter(
  chart: LineChart,
  points: readonly EpochPoint[],
  pick: (p: EpochPoint) => Record<string, number> | undefined,
  extra: Line[] = [],
): void {
  const datasets = keysOf(points, pick).map((name): Line => ({
    label: name,
    data: points.map((p) => ({ x: p.epoch, y: pick(p)?.[name] ?? null })),
    borderColor: colorOf(name),
    backgroundColor: colorOf(name),
  }));
  setDatasets(chart, [...datasets, ...extra]);
}

function renderGradients(chart: LineChart, points: readonly EpochPoint[]): void {
  // A marker on the top curve where clipNorm scaled the gradient down.
  const clipped = points
    .filter((p) => (p.clippedBatches ?? 0) > 0 && p.gradNorms)
    .map((p) => ({ x: p.epoch, y: Math.max(...Object.values(p.gradNorms!)) }));
  const marker: Line[] = clipped.length
    ? [
        {
          label: 'clipped',
          data: clipped,
          borderColor: foreground(),
          backgroundColor: foreground(),
          showLine: false,
          pointRadius: 3,
          pointStyle: 'crossRot',
        },
      ]
    : [];
  renderPerParameter(chart, points, (p) => p.gradNorms, marker);
}

/** The rate each epoch trained with: the schedule, warmup included, as the optimizer saw it. */
function renderRate(chart: LineChart, points: readonly EpochPoint[]): void {
  const color = layerColor('learningRate');
  const data = points.filter((p) => p.learningRate !== undefined).map((p) => ({ x: p.epoch, y: p.learningRate! }));
  setDatasets(
    chart,
    data.length ? [{ label: 'learning rate', data, borderColor: color, backgroundColor: color, borderDash: [] }] : [],
  );
}

/** One line per recurrent block: a layer's colour, a gate's (or step's) dash. */
function renderSpectral(chart: LineChart, points: readonly EpochPoint[]): void {
  const keys = keysOf(points, (p) => p.spectralNorms);
  const datasets = keys.map((key): Line => {
    const within = keys.filter((k) => layerOf(k) === layerOf(key)).indexOf(key);
    return {
      label: key,
      data: points.map((p) => ({ x: p.epoch, y: p.spectralNorms?.[key] ?? null })),
      borderColor: layerColor(key),
      backgroundColor: layerColor(key),
      borderDash: DASHES[within % DASHES.length],
    };
  });
  if (points.length && keys.length) {
    const unit = faint(foreground());
    datasets.push({
      label: 'ρ = 1',
      data: [
        { x: points[0].epoch, y: 1 },
        { x: points[points.length - 1].epoch, y: 1 },
      ],
      borderColor: unit,
      backgroundColor: unit,
      borderDash: [4, 4],
    });
  }
  setDatasets(chart, datasets);
}

/** ‖∂L/∂h_t‖ per recurrent layer, solid; ‖∂L/∂c_t‖ per LSTM layer, dashed in the layer's colour. */
function renderFlow(chart: LineChart, point: EpochPoint): void {
  const series = (norms: Record<string, number[]> | undefined, state: 'h' | 'c'): Line[] =>
    Object.entries(norms ?? {}).map(([layer, values]) => ({
      label: `${layer} ${state}`,
      data: values.map((y, t) => ({ x: t, y })),
      borderColor: layerColor(layer),
      backgroundColor: layerColor(layer),
      borderDash: state === 'c' ? [6, 3] : [],
    }));
  // Only an LSTM has a cell state: an rnn or GRU run's caption and axis do not speak of one.
  const cell = Object.keys(point.dcNorms ?? {}).length > 0;
  document.getElementById(noteId('flow'))!.textContent = cell ? '(dashed: LSTM cell state)' : '';
  (chart.options.scales!.y!.title as { text: string }).text = cell ? '‖∂L/∂h_t‖, ‖∂L/∂c_t‖' : '‖∂L/∂h_t‖';
  setDatasets(chart, [...series(point.dhNorms, 'h'), ...series(point.dcNorms, 'c')]);
}

/**
 * Each gate at the selected epoch as a point (x: fraction of activations < 0.1, y: > 0.9), as
 * in Karpathy et al. 2015, with the faint path it took from the first epoch. On the line
 * x + y = 1 every activation of the gate is saturated.
 */
function renderGates(chart: ScatterChart, v: View): void {
  const upTo = v.points.slice(0, v.index + 1);
  const gates = keysOf(upTo, (p) => p.gateSaturation);
  const datasets: ChartDataset<'scatter', XY[]>[] = gates.map((gate) => {
    const path = upTo
      .filter((p) => p.gateSaturation?.[gate])
      .map((p) => ({ x: p.gateSaturation![gate].low, y: p.gateSaturation![gate].high }));
    const within = gates.filter((g) => layerOf(g) === layerOf(gate)).indexOf(gate);
    const last = path.length - 1; // the selected epoch, or the nearest earlier one with statistics
    // Gates often sit together (all at (0, 0) early on): each its own colour and shape, hollow
    // and a size smaller than the one before, so that stacked markers all stay in sight.
    const color = seriesColor(slotOf(gate) + within);
    return {
      label: gate,
      data: path,
      showLine: true,
      borderWidth: 1,
      borderColor: faint(color),
      backgroundColor: color,
      pointBackgroundColor: 'transparent',
      pointBorderColor: color,
      pointBorderWidth: 2,
      pointStyle: MARKERS[within % MARKERS.length],
      pointRadius: path.map((_, i) => (i === last ? Math.max(3, 9 - 1.5 * within) : 0)),
      clip: 12, // a gate at (0, 0) or (1, 0) is drawn whole, not a quarter of it in the corner
    };
  });
  const edge = faint(foreground());
  datasets.push({
    label: 'x + y = 1',
    data: [
      { x: 0, y: 1 },
      { x: 1, y: 0 },
    ],
    showLine: true,
    pointRadius: 0,
    borderColor: edge,
    backgroundColor: edge,
    borderDash: [4, 4],
    pointStyle: 'line',
  });
  setDatasets(chart, gates.length ? datasets : []);
}

/** Keeps the reader's choice when the same names are offered again. */
function syncOptions(select: HTMLSelectElement, names: readonly string[]): string | undefined {
  if ([...select.options].map((o) => o.value).join('\n') !== names.join('\n')) {
    const keep = select.value;
    select.replaceChildren(
      ...names.map((n) => Object.assign(document.createElement('option'), { value: n, textContent: n })),
    );
    if (names.includes(keep)) select.value = keep;
  }
  return names.length ? select.value || names[0] : undefined;
}

function renderHistogram(chart: BarChart, point: EpochPoint): void {
  const name = syncOptions(
    document.getElementById(pickerId('histogram')) as HTMLSelectElement,
    Object.keys(point.histograms ?? {}),
  );
  const h = name === undefined ? undefined : point.histograms?.[name];
  if (!h) {
    setDatasets(chart, []);
    return;
  }
  // Bars at their bins' centres on a numeric axis: its ticks are round values, evenly spaced.
  const width = (h.max - h.min) / h.counts.length;
  const color = colorOf(name!);
  setDatasets(chart, [
    {
      label: `${name} at epoch ${point.epoch}`,
      data: h.counts.map((y, k) => ({ x: h.min + (k + 0.5) * width, y })),
      backgroundColor: faint(color),
      borderColor: color,
      borderWidth: 1,
    },
  ]);
}

/** The recurrent matrix at the selected epoch, or at the nearest earlier epoch that has a snapshot. */
function renderHeatmap(canvas: HTMLCanvasElement, v: View): void {
  let k = v.index;
  while (k > 0 && !v.points[k].whSnapshots) k--;
  const at = v.points[k];
  const snapshots = at.whSnapshots ?? {};
  const name = syncOptions(document.getElementById(pickerId('heatmap')) as HTMLSelectElement, Object.keys(snapshots));
  const m = name === undefined ? undefined : snapshots[name];
  const note = document.getElementById(noteId('heatmap'))!;
  if (!m) {
    drawHeatmap(canvas, undefined);
    note.textContent = 'no snapshot yet';
    return;
  }
  // (H, G·H): the gates' H×H blocks side by side, named by the spectral norms' keys.
  const blocks = m.shape[1] % m.shape[0] === 0 ? m.shape[1] / m.shape[0] : 1;
  const gates = gatesOf(layerOf(name!), Object.keys(at.spectralNorms ?? {}));
  drawHeatmap(canvas, m, blocks);
  const pooled = m.rows < m.shape[0] || m.cols < m.shape[1] ? ` shown as ${m.rows}×${m.cols} block means` : '';
  const columns = blocks > 1 && gates.length === blocks ? `, gates ${gates.join(' | ')}` : '';
  note.textContent = `epoch ${at.epoch}, ${m.shape[0]}×${m.shape[1]}${pooled}${columns}`;
}
