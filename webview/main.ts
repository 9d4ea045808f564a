// The training panel: a pure view of what the host sends (protocol in src/panel/protocol.ts).
// Renders at most ~10 times a second however fast epochs arrive.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { formatDuration } from '../src/format/duration';
import type { EpochPoint, HostToPanel, PanelState, PanelToHost, RunHeader } from '../src/panel/protocol';
import { vscodeApi } from './vscodeApi';
import { debiasedEma } from '../src/panel/series';
import { barChart, lineChart, setDatasets, setLogScale, type XY } from './charts';
import { drawHeatmap } from './heatmap';
import { faint, seriesColor } from './theme';

const vscode = vscodeApi<PanelToHost, PanelState>();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const RENDER_INTERVAL_MS = 100;

let header: RunHeader | undefined;
let points: EpochPoint[] = [];
/** Index into points of the epoch the scrubber shows; null follows the newest epoch. */
let selected: number | null = null;
let renderTimer: ReturnType<typeof setTimeout> | undefined;
let lastRender = 0;
let playing: ReturnType<typeof setInterval> | undefined;

const charts = {
  loss: lineChart($('loss'), { xTitle: 'epoch', yTitle: 'loss' }),
  weights: lineChart($('weights'), { xTitle: 'epoch', yTitle: '‖w‖₂' }),
  grads: lineChart($('grads'), { xTitle: 'epoch', yTitle: '‖∂L/∂w‖₂', logY: true }),
  flow: lineChart($('flow'), { xTitle: 't (time step)', yTitle: '‖∂L/∂h_t‖', logY: true }),
  spectral: lineChart($('spectral'), { xTitle: 'epoch', yTitle: 'σ₁(Wh)' }),
  histogram: barChart($('histogram'), 'count'),
};

// The reader's settings survive a reload of the panel.
const saved = vscode.getState();
let runDir = saved?.runDir ?? '';
if (saved?.smoothing !== undefined) $<HTMLInputElement>('smoothing').value = String(saved.smoothing);
if (saved?.logScale) ($('logLoss') as HTMLElement & { checked: boolean }).checked = true;

function persist(): void {
  vscode.setState({
    runDir,
    smoothing: Number($<HTMLInputElement>('smoothing').value),
    logScale: ($('logLoss') as HTMLElement & { checked: boolean }).checked,
  });
}

window.addEventListener('message', (event: MessageEvent<HostToPanel>) => {
  const m = event.data;
  if (m.type === 'reset') {
    header = m.header;
    points = m.points;
    runDir = m.runDir;
    persist();
  } else if (m.type === 'append') {
    points = points.concat(m.points);
  } else if (m.type === 'header') {
    header = m.header;
  }
  scheduleRender();
});

$('stop').addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
$('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
for (const [id, event] of [['logLoss', 'change'], ['smoothing', 'input']] as const) {
  $(id).addEventListener(event, () => {
    persist();
    scheduleRender();
  });
}
$<HTMLSelectElement>('matrix').addEventListener('change', scheduleRender);
$<HTMLSelectElement>('whMatrix').addEventListener('change', scheduleRender);
$<HTMLInputElement>('epoch').addEventListener('input', (e) => {
  const i = Number((e.target as HTMLInputElement).value);
  selected = i >= points.length - 1 ? null : i;
  scheduleRender();
});
$('play').addEventListener('click', () => {
  if (playing) {
    clearInterval(playing);
    playing = undefined;
    return;
  }
  selected = 0;
  playing = setInterval(() => {
    selected = selected === null || selected >= points.length - 1 ? null : selected + 1;
    if (selected === null && playing) {
      clearInterval(playing);
      playing = undefined;
    }
    scheduleRender();
  }, 150);
});

// Tests and curious users can reach the charts from the devtools console.
(window as unknown as { rnnLabCharts: typeof charts }).rnnLabCharts = charts;

vscode.postMessage({ type: 'ready' });

function scheduleRender(): void {
  if (renderTimer) return;
  const wait = Math.max(0, RENDER_INTERVAL_MS - (performance.now() - lastRender));
  renderTimer = setTimeout(() => {
    renderTimer = undefined;
    lastRender = performance.now();
    render();
  }, wait);
}

function render(): void {
  renderHeader();
  if (points.length === 0) return;
  const index = selected ?? points.length - 1;
  const scrubber = $<HTMLInputElement>('epoch');
  scrubber.max = String(points.length - 1);
  scrubber.value = String(index);
  $('epochLabel').textContent = `epoch ${points[index].epoch}`;
  renderLoss();
  renderPerParameter(charts.weights, (p) => p.weightNorms);
  renderGradients();
  renderFlow(points[index]);
  renderSpectral();
  renderHistogram(points[index]);
  renderHeatmap(index);
}

function renderHeader(): void {
  if (!header) return;
  $('name').textContent = header.name; // text, never HTML: names come from experiment files
  const status = $('status');
  status.textContent = header.status;
  status.className = `status ${header.status}`;
  const last = points[points.length - 1];
  $('progress').textContent = `epoch ${last?.epoch ?? header.epochsCompleted}/${header.epochs}`;
  const started = Date.parse(header.startedAt);
  const end = header.endedAt ? Date.parse(header.endedAt) : Date.now();
  const elapsed = end - started;
  const done = last?.epoch ?? 0;
  const remaining = header.status === 'running' && done > 0 ? (elapsed / done) * (header.epochs - done) : null;
  // An interrupted run never ended: its clock stopped with its trainer, at an unknown time.
  $('time').textContent = header.status === 'interrupted' ? '' : `${formatDuration(elapsed)} elapsed${remaining !== null ? `, ~${formatDuration(remaining)} left` : ''}`;
  $('lastLoss').textContent = last ? `loss ${last.loss.toPrecision(4)}` : '';
  $('message').textContent = header.message ?? (header.status === 'interrupted' ? 'Interrupted: the process training this run ended without finishing it (window closed, crash or kill). The epochs it recorded are shown.' : '');
  $('stop').hidden = header.status !== 'running';
  $('rerun').hidden = header.status === 'running';
}

function renderLoss(): void {
  const weight = Number($<HTMLInputElement>('smoothing').value);
  const log = ($('logLoss') as HTMLInputElement & { checked: boolean }).checked;
  setLogScale(charts.loss, log);
  const xs = points.map((p) => p.epoch);
  const curve = (label: string, values: (number | null)[], color: string) => [
    { label: `${label} (raw)`, data: xs.map((x, i) => ({ x, y: values[i] })), borderColor: faint(color), backgroundColor: faint(color) },
    { label, data: debiasedEma(values, weight).map((y, i) => ({ x: xs[i], y })), borderColor: color, backgroundColor: color },
  ];
  const datasets = curve('train', points.map((p) => p.loss), seriesColor(0));
  if (points.some((p) => p.valLoss !== null)) datasets.push(...curve('validation', points.map((p) => p.valLoss), seriesColor(1)));
  setDatasets(charts.loss, datasets);
}

function renderPerParameter(chart: typeof charts.weights, pick: (p: EpochPoint) => Record<string, number>, extra: { label: string; data: XY[]; borderColor: string; backgroundColor: string; showLine?: boolean; pointRadius?: number; borderDash?: number[] }[] = []): void {
  const names = Object.keys(pick(points[points.length - 1]));
  const datasets = names.map((name, i) => ({
    label: name, data: points.map((p) => ({ x: p.epoch, y: pick(p)[name] ?? null })),
    borderColor: seriesColor(i), backgroundColor: seriesColor(i),
  }));
  setDatasets(chart, [...datasets, ...extra]);
}

function renderGradients(): void {
  // A marker on the top curve where clipNorm scaled the gradient down.
  const clipped = points.filter((p) => p.clippedBatches > 0).map((p) => ({ x: p.epoch, y: Math.max(...Object.values(p.gradNorms)) }));
  const marker = clipped.length ? [{ label: 'clipped', data: clipped, borderColor: seriesColor(4), backgroundColor: seriesColor(4), showLine: false, pointRadius: 3 }] : [];
  renderPerParameter(charts.grads, (p) => p.gradNorms, marker);
}

function renderFlow(point: EpochPoint): void {
  const layers = Object.keys(point.dhNorms);
  setDatasets(charts.flow, layers.map((layer, i) => ({
    label: `${layer} at epoch ${point.epoch}`, data: point.dhNorms[layer].map((y, t) => ({ x: t, y })),
    borderColor: seriesColor(i), backgroundColor: seriesColor(i),
  })));
}

function renderSpectral(): void {
  const first = points[0].epoch;
  const last = points[points.length - 1].epoch;
  const unit = { label: 'ρ = 1', data: [{ x: first, y: 1 }, { x: last, y: 1 }], borderColor: seriesColor(4), backgroundColor: seriesColor(4), borderDash: [4, 4] };
  renderPerParameter(charts.spectral, (p) => p.spectralNorms, [unit]);
}

function renderHistogram(point: EpochPoint): void {
  const select = $<HTMLSelectElement>('matrix');
  const names = Object.keys(point.histograms);
  if (select.options.length !== names.length) {
    const keep = select.value;
    select.replaceChildren(...names.map((n) => Object.assign(document.createElement('option'), { value: n, textContent: n })));
    if (names.includes(keep)) select.value = keep;
  }
  const h = point.histograms[select.value || names[0]];
  if (!h) return;
  const width = (h.max - h.min) / h.counts.length;
  charts.histogram.data.labels = h.counts.map((_, k) => (h.min + (k + 0.5) * width).toPrecision(2));
  charts.histogram.data.datasets = [{ label: `${select.value || names[0]} at epoch ${point.epoch}`, data: h.counts, backgroundColor: seriesColor(2) }];
  charts.histogram.update('none');
}

/** Wh at the selected epoch, or at the nearest earlier epoch that has a snapshot. */
function renderHeatmap(index: number): void {
  let k = index;
  while (k > 0 && !points[k].whSnapshots) k--;
  const snapshots = points[k].whSnapshots ?? {};
  const select = $<HTMLSelectElement>('whMatrix');
  const names = Object.keys(snapshots);
  if (select.options.length !== names.length) {
    const keep = select.value;
    select.replaceChildren(...names.map((n) => Object.assign(document.createElement('option'), { value: n, textContent: n })));
    if (names.includes(keep)) select.value = keep;
  }
  const m = snapshots[select.value || names[0]];
  drawHeatmap($('heatmap'), m);
  $('heatmapLabel').textContent = m
    ? `epoch ${points[k].epoch}, ${m.shape[0]}×${m.shape[1]}${m.rows < m.shape[0] ? ` shown as ${m.rows}×${m.cols} block means` : ''}`
    : 'no snapshot yet';
}
