// The panels' charts, one table per page: read by the page skeleton (html.ts: figures,
// captions, canvases) and by the webview (chart objects, axes, which render function).
// Adding a chart is one entry here and one render function in the webview, whose dispatch
// on the id does not compile until it has one.

import type { EpochPoint } from './protocol';

/** The fields of an epoch point a chart reads. */
export type Statistic = Exclude<keyof EpochPoint, 'epoch' | 'ms'>;

export interface Axis {
  readonly title: string;
  readonly log?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Counts (epochs, time steps): ticks only at integers. */
  readonly integer?: boolean;
  /** The run's epochs: the scrubber's epoch is drawn as a cursor, and a drag zooms all such charts together. */
  readonly epochs?: boolean;
}

interface ChartCommon {
  /** Also the canvas's element id. */
  readonly id: string;
  readonly caption: string;
  readonly statistics: readonly Statistic[];
  /** Hidden unless some epoch of the run carries one of its statistics. */
  readonly onlyWithData?: boolean;
  /** Hidden while its (first) statistic has one value in every epoch: a constant learning rate is no chart. */
  readonly onlyIfVaries?: boolean;
  /** A select in the caption, choosing the matrix shown; its accessible name. */
  readonly picker?: string;
  /** A line of text after the caption (e.g. which epoch's snapshot is shown). */
  readonly note?: boolean;
  readonly tall?: boolean;
}

export type ChartSpec =
  | (ChartCommon & { readonly type: 'line' | 'scatter' | 'bar'; readonly x: Axis; readonly y: Axis })
  /** Drawn by the webview itself, cell by cell: no axes. */
  | (ChartCommon & { readonly type: 'heatmap' });

const EPOCH: Axis = { title: 'epoch', integer: true, epochs: true };

/** The training panel, in page order. */
export const RUN_CHARTS = [
  {
    id: 'loss',
    type: 'line',
    caption: 'Loss per epoch (smoothed over the faint raw curve)',
    x: EPOCH,
    y: { title: 'loss' },
    statistics: ['loss', 'valLoss'],
  },
  {
    id: 'accuracy',
    type: 'line',
    caption: 'Accuracy per epoch (classification losses)',
    x: EPOCH,
    y: { title: 'accuracy', min: 0, max: 1 },
    statistics: ['accuracy', 'valAccuracy'],
    onlyWithData: true,
  },
  {
    id: 'perplexity',
    type: 'line',
    caption: 'Perplexity per epoch (exp of the mean cross-entropy; log)',
    x: EPOCH,
    y: { title: 'perplexity', log: true },
    statistics: ['perplexity', 'valPerplexity'],
    onlyWithData: true,
  },
  {
    id: 'rate',
    type: 'line',
    caption: 'Learning rate per epoch (training.schedule)',
    x: EPOCH,
    y: { title: 'learning rate' },
    statistics: ['learningRate'],
    onlyWithData: true,
    onlyIfVaries: true,
  },
  { id: 'weights', type: 'line', caption: 'Weight norms', x: EPOCH, y: { title: '‖w‖₂' }, statistics: ['weightNorms'] },
  {
    id: 'grads',
    type: 'line',
    caption: 'Gradient norms (log; points: clipNorm applied)',
    x: EPOCH,
    y: { title: '‖∂L/∂w‖₂', log: true },
    statistics: ['gradNorms', 'clippedBatches'],
  },
  {
    id: 'spectral',
    type: 'line',
    caption: 'Largest singular value of each recurrent block Wh (per gate for LSTM and GRU)',
    x: EPOCH,
    y: { title: 'σ₁(Wh)' },
    statistics: ['spectralNorms'],
  },
  {
    id: 'flow',
    type: 'line',
    caption: 'Gradient flow through time at the selected epoch',
    /** Says "dashed: LSTM cell state" where a layer has one. */
    note: true,
    x: { title: 't (time step)', integer: true },
    y: { title: '‖∂L/∂h_t‖, ‖∂L/∂c_t‖', log: true },
    statistics: ['dhNorms', 'dcNorms'],
  },
  {
    id: 'gates',
    type: 'scatter',
    caption: "Gate saturation at the selected epoch (fraction of each gate's activations)",
    x: { title: 'left-saturated (< 0.1)', min: 0, max: 1 },
    y: { title: 'right-saturated (> 0.9)', min: 0, max: 1 },
    statistics: ['gateSaturation'],
    onlyWithData: true,
  },
  {
    id: 'histogram',
    type: 'bar',
    caption: 'Histogram at the selected epoch',
    picker: 'weight matrix',
    x: { title: 'value' },
    y: { title: 'count', integer: true },
    statistics: ['histograms'],
  },
  {
    id: 'heatmap',
    type: 'heatmap',
    caption: 'Wh at the selected epoch (colour scale at the right)',
    picker: 'recurrent matrix',
    note: true,
    statistics: ['whSnapshots'],
  },
] as const satisfies readonly ChartSpec[];

/**
 * The charts inside the views of what the network learned, below the grid (viewsHtml.ts,
 * webview/views/): made from this table like the ones above. They plot what the host computes
 * on request (viewsProtocol.ts), not the epochs' statistics.
 */
export const VIEW_CHARTS = [
  {
    id: 'forecast',
    type: 'line',
    caption: "Predicted and true values along the series (a CSV file's windows, in order)",
    x: { title: 'window', integer: true },
    y: { title: 'value' },
    statistics: [],
  },
  {
    id: 'fit',
    type: 'scatter',
    caption: 'Predicted against true (on the dashed line y = x they agree)',
    x: { title: 'true' },
    y: { title: 'predicted' },
    statistics: [],
  },
  {
    id: 'confusion',
    type: 'heatmap',
    caption: 'Confusion matrix: rows the true class, columns the predicted one',
    note: true,
    statistics: [],
  },
  {
    id: 'states',
    type: 'heatmap',
    caption: 'Units × time steps (hover a unit for its trace)',
    picker: 'state',
    note: true,
    tall: true,
    statistics: [],
  },
  {
    id: 'unitTrace',
    type: 'line',
    caption: 'The hovered unit over the time steps',
    x: { title: 't (time step)', integer: true },
    y: { title: 'activation' },
    statistics: [],
  },
] as const satisfies readonly ChartSpec[];

export type ViewChart = (typeof VIEW_CHARTS)[number];

/** The Compare panel. */
export const COMPARE_CHARTS = [
  {
    id: 'loss',
    type: 'line',
    caption: 'Loss per epoch',
    x: EPOCH,
    y: { title: 'loss' },
    statistics: ['loss', 'valLoss'],
    tall: true,
  },
] as const satisfies readonly ChartSpec[];

export type RunChart = (typeof RUN_CHARTS)[number];
export type RunChartId = RunChart['id'];
export type CompareChartId = (typeof COMPARE_CHARTS)[number]['id'];

/** Element ids of a chart's figure and of its caption's picker and note. */
export const figureId = (id: string) => `${id}-figure`;
export const pickerId = (id: string) => `${id}-pick`;
export const noteId = (id: string) => `${id}-note`;

/** Whether the chart's first statistic takes more than one value over the points (absent values aside). */
export function varies(points: readonly EpochPoint[], spec: Pick<ChartSpec, 'statistics'>): boolean {
  const values = new Set(points.map((p) => p[spec.statistics[0]]).filter((v) => v !== undefined && v !== null));
  return values.size > 1;
}

/** Whether a point carries any of the chart's statistics (older metrics lines may not). */
export function hasStatistics(point: EpochPoint, spec: Pick<ChartSpec, 'statistics'>): boolean {
  return spec.statistics.some((s) => point[s] !== undefined && point[s] !== null);
}
