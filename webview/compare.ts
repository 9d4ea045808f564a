// The Compare panel: a pure view of the one `compare` message the host sends (protocol in
// src/panel/protocol.ts). Loss curves overlaid in one chart, the differing settings in a table.

import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { COMPARE_CHARTS, type CompareChartId } from '../src/panel/charts';
import type { CompareState, CompareToHost, HostToCompare } from '../src/panel/protocol';
import { vscodeApi } from './vscodeApi';
import { createCharts, setDatasets, setLogScale } from './charts';
import { seriesColor } from './theme';

const vscode = vscodeApi<CompareToHost, CompareState>();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
type Checkbox = HTMLElement & { checked: boolean };

let data: HostToCompare | undefined;
const charts = createCharts(COMPARE_CHARTS);
// For the browser tests, as the training panel exposes its charts.
(window as unknown as { rnnLabCompareChart: typeof charts.loss }).rnnLabCompareChart = charts.loss;
const saved = vscode.getState();
if (saved?.logScale) $<Checkbox>('logLoss').checked = true;

window.addEventListener('message', (event: MessageEvent<HostToCompare>) => {
  const m = event.data;
  switch (m.type) {
    case 'compare':
      data = m;
      vscode.setState({ runDirs: data.runs.map((r) => r.runDir), logScale: $<Checkbox>('logLoss').checked });
      render();
      break;
    default: {
      const unhandled: never = m.type;
      throw new Error(`unknown message ${String(unhandled)}`);
    }
  }
});
for (const id of ['logLoss', 'showVal']) {
  $(id).addEventListener('change', () => {
    if (data) vscode.setState({ runDirs: data.runs.map((r) => r.runDir), logScale: $<Checkbox>('logLoss').checked });
    render();
  });
}

function render(): void {
  if (!data) return;
  for (const spec of COMPARE_CHARTS) renderChart(spec.id, data);
  renderSettings(data);
}

function renderChart(id: CompareChartId, d: HostToCompare): void {
  switch (id) {
    case 'loss': return renderLoss(d);
    default: {
      const unhandled: never = id;
      throw new Error(`no render function for chart ${String(unhandled)}`);
    }
  }
}

function renderLoss(d: HostToCompare): void {
  const showVal = $<Checkbox>('showVal').checked;
  const datasets = d.runs.flatMap((run, i) => {
    const color = seriesColor(i);
    const train = { label: run.label, data: run.points.map((p) => ({ x: p.epoch, y: p.loss })), borderColor: color, backgroundColor: color };
    if (!showVal || run.points.every((p) => p.valLoss == null)) return [train];
    return [train, { label: `${run.label} (val)`, data: run.points.map((p) => ({ x: p.epoch, y: p.valLoss ?? null })), borderColor: color, backgroundColor: color, borderDash: [4, 3] }];
  });
  setLogScale(charts.loss, $<Checkbox>('logLoss').checked);
  setDatasets(charts.loss, datasets);
}

/** Built with text nodes only: names and values come from experiment files. */
function renderSettings(d: HostToCompare): void {
  const table = $<HTMLTableElement>('settings');
  const head = table.tHead!;
  const body = table.tBodies[0];
  head.replaceChildren();
  body.replaceChildren();
  $('same').hidden = d.settings.length > 0;
  table.hidden = d.settings.length === 0;
  const headRow = head.insertRow();
  headRow.appendChild(cell('th', 'setting'));
  d.runs.forEach((run, i) => {
    const th = cell('th', run.label);
    th.style.borderBottom = `2px solid ${seriesColor(i)}`;
    th.title = `${run.status}; open this run`;
    th.className = 'run';
    th.addEventListener('click', () => vscode.postMessage({ type: 'open', runDir: run.runDir }));
    headRow.appendChild(th);
  });
  const statusRow = body.insertRow();
  statusRow.appendChild(cell('th', 'final loss (status)'));
  d.runs.forEach((run) => statusRow.appendChild(cell('td', `${run.finalLoss === null ? 'n/a' : run.finalLoss.toPrecision(4)} (${run.status})`)));
  for (const row of d.settings) {
    const tr = body.insertRow();
    tr.appendChild(cell('th', row.path));
    row.values.forEach((v) => tr.appendChild(cell('td', v ?? '—')));
  }
}

function cell(tag: 'th' | 'td', text: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

vscode.postMessage({ type: 'ready' });
