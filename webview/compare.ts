// The Compare panel: a pure view of the one `compare` message the host sends (protocol in
// src/panel/protocol.ts). Loss curves overlaid in one chart, the differing settings in a table.

import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { CompareState, CompareToHost, HostToCompare } from '../src/panel/protocol';
import { vscodeApi } from './vscodeApi';
import { lineChart, setDatasets, setLogScale } from './charts';
import { seriesColor } from './theme';

const vscode = vscodeApi<CompareToHost, CompareState>();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
type Checkbox = HTMLElement & { checked: boolean };

let data: HostToCompare | undefined;
const chart = lineChart($('loss'), { xTitle: 'epoch', yTitle: 'loss' });
// For the browser tests, as the training panel exposes its charts.
(window as unknown as { rnnLabCompareChart: typeof chart }).rnnLabCompareChart = chart;
const saved = vscode.getState();
if (saved?.logScale) $<Checkbox>('logLoss').checked = true;

window.addEventListener('message', (event: MessageEvent<HostToCompare>) => {
  if (event.data.type !== 'compare') return;
  data = event.data;
  vscode.setState({ runDirs: data.runs.map((r) => r.runDir), logScale: $<Checkbox>('logLoss').checked });
  render();
});
for (const id of ['logLoss', 'showVal']) {
  $(id).addEventListener('change', () => {
    if (data) vscode.setState({ runDirs: data.runs.map((r) => r.runDir), logScale: $<Checkbox>('logLoss').checked });
    render();
  });
}

function render(): void {
  if (!data) return;
  const showVal = $<Checkbox>('showVal').checked;
  const datasets = data.runs.flatMap((run, i) => {
    const color = seriesColor(i);
    const train = { label: run.label, data: run.points.map((p) => ({ x: p.epoch, y: p.loss })), borderColor: color, backgroundColor: color };
    if (!showVal || run.points.every((p) => p.valLoss === null)) return [train];
    return [train, { label: `${run.label} (val)`, data: run.points.map((p) => ({ x: p.epoch, y: p.valLoss })), borderColor: color, backgroundColor: color, borderDash: [4, 3] }];
  });
  setLogScale(chart, $<Checkbox>('logLoss').checked);
  setDatasets(chart, datasets);
  renderSettings(data);
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
