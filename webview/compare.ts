// The Compare panel: a pure view of the one `compare` message the host sends (protocol in
// src/panel/protocol.ts). Loss curves overlaid in one chart — by epoch, or by the share of its
// epochs each run trained, so runs of 40 and 3,000 epochs can be read side by side — and a
// table of what each run came to and the settings that differ.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { COMPARE_CHARTS, type CompareChartId } from '../src/panel/charts';
import type { Best, ComparedRun, CompareState, CompareToHost, HostToCompare } from '../src/panel/protocol';
import { formatNumber } from '../src/format/numbers';
import { vscodeApi } from './vscodeApi';
import { createCharts, setDatasets, setLogScale, setXRange } from './charts';
import { onThemeChange, seriesColor } from './theme';

const vscode = vscodeApi<CompareToHost, CompareState>();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
type Checkbox = HTMLElement & { checked: boolean };

let data: HostToCompare | undefined;
let zoom: { min: number; max: number } | undefined;
const charts = createCharts(COMPARE_CHARTS);
// For the browser tests, as the training panel exposes its charts.
(window as unknown as { rnnLabCompareChart: typeof charts.loss }).rnnLabCompareChart = charts.loss;
const saved = vscode.getState();
if (saved?.logScale) $<Checkbox>('logLoss').checked = true;
if (saved?.progress) $<Checkbox>('progress').checked = true;

function persist(): void {
  if (data)
    vscode.setState({
      runDirs: data.runs.map((r) => r.runDir),
      logScale: $<Checkbox>('logLoss').checked,
      progress: $<Checkbox>('progress').checked,
    });
}

window.addEventListener('message', (event: MessageEvent<HostToCompare>) => {
  const m = event.data;
  switch (m.type) {
    case 'compare':
      data = m;
      persist();
      render();
      break;
    default: {
      const unhandled: never = m.type;
      throw new Error(`unknown message ${String(unhandled)}`);
    }
  }
});
for (const id of ['logLoss', 'showVal', 'progress']) {
  $(id).addEventListener('change', () => {
    if (id === 'progress') zoom = undefined; // the axis changed its unit
    persist();
    render();
  });
}
$('resetZoom').addEventListener('click', () => zoomTo(undefined));
charts.loss.canvas.addEventListener('dblclick', () => zoomTo(undefined));
onThemeChange(render);

function zoomTo(range: { min: number; max: number } | undefined): void {
  zoom = range;
  render();
}

function render(): void {
  if (!data) return;
  $('resetZoom').hidden = zoom === undefined;
  for (const spec of COMPARE_CHARTS) renderChart(spec.id, data);
  renderTable(data);
}

function renderChart(id: CompareChartId, d: HostToCompare): void {
  switch (id) {
    case 'loss':
      return renderLoss(d);
    default: {
      const unhandled: never = id;
      throw new Error(`no render function for chart ${String(unhandled)}`);
    }
  }
}

/** x of an epoch: the epoch, or the percentage of the run's epochs trained by its end. */
function xOf(run: ComparedRun, epoch: number, progress: boolean): number {
  return progress ? (100 * epoch) / Math.max(run.epochs, 1) : epoch;
}

function renderLoss(d: HostToCompare): void {
  const showVal = $<Checkbox>('showVal').checked;
  const progress = $<Checkbox>('progress').checked;
  const datasets = d.runs.flatMap((run, i) => {
    const color = seriesColor(i);
    const train = {
      label: run.label,
      data: run.points.map((p) => ({ x: xOf(run, p.epoch, progress), y: p.loss })),
      borderColor: color,
      backgroundColor: color,
    };
    if (!showVal || run.points.every((p) => p.valLoss == null)) return [train];
    return [
      train,
      {
        label: `${run.label} (val)`,
        data: run.points.map((p) => ({ x: xOf(run, p.epoch, progress), y: p.valLoss ?? null })),
        borderColor: color,
        backgroundColor: color,
        borderDash: [4, 3],
      },
    ];
  });
  const chart = charts.loss;
  setLogScale(chart, $<Checkbox>('logLoss').checked);
  (chart.options.scales!.x!.title as { text: string }).text = progress ? '% of its epochs' : 'epoch';
  setXRange(chart, zoom, zoomTo);
  setDatasets(chart, datasets);
}

const loss = formatNumber;
const best = (b: Best | null) => (b === null ? '—' : `${loss(b.value)} (epoch ${b.epoch})`);

/** What each run came to, then only the settings that differ. Built with text nodes only. */
function renderTable(d: HostToCompare): void {
  const table = $<HTMLTableElement>('settings');
  const head = table.tHead!;
  const body = table.tBodies[0];
  head.replaceChildren();
  body.replaceChildren();
  $('same').hidden = d.settings.length > 0;
  const headRow = head.insertRow();
  headRow.appendChild(cell('th', 'run'));
  d.runs.forEach((run, i) => {
    const th = cell('th', run.label);
    th.style.borderBottom = `3px solid ${seriesColor(i)}`;
    th.title = `${run.runDir}\n${run.status}; click to open this run`;
    th.className = 'run';
    th.addEventListener('click', () => vscode.postMessage({ type: 'open', runDir: run.runDir }));
    headRow.appendChild(th);
  });
  const row = (name: string, values: string[], className?: string) => {
    const tr = body.insertRow();
    if (className) tr.className = className;
    tr.appendChild(cell('th', name));
    for (const v of values) tr.appendChild(cell('td', v));
  };
  row(
    'final loss (status)',
    d.runs.map((r) => `${loss(r.finalLoss)} (${r.status})`),
    'result',
  );
  row(
    'epochs',
    d.runs.map((r) => `${r.points[r.points.length - 1]?.epoch ?? 0}/${r.epochs}`),
    'result',
  );
  row(
    'engine',
    d.runs.map((r) => r.engine),
    'result',
  );
  row(
    'best loss',
    d.runs.map((r) => best(r.facts.bestLoss)),
    'result',
  );
  if (d.runs.some((r) => r.facts.bestValLoss)) {
    row(
      'final validation loss',
      d.runs.map((r) => loss(r.facts.finalValLoss)),
      'result',
    );
    row(
      'best validation loss',
      d.runs.map((r) => best(r.facts.bestValLoss)),
      'result',
    );
  }
  const figures = [...new Set(d.runs.flatMap((r) => Object.keys(r.facts.figures)))];
  for (const f of figures)
    row(
      `${f} (last epoch)`,
      d.runs.map((r) => formatNumber(r.facts.figures[f])),
      'result',
    );
  for (const s of d.settings)
    row(
      s.path,
      s.values.map((v) => v ?? '—'),
    );
}

function cell(tag: 'th' | 'td', text: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

vscode.postMessage({ type: 'ready' });
