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
const NARROW_LEGEND_PX = 300;
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
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(render, 100);
});

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
  // Below this width the legend would fill the chart: the runs' colours are named in their cards.
  chart.options.plugins!.legend!.display = window.innerWidth >= NARROW_LEGEND_PX;
  setLogScale(chart, $<Checkbox>('logLoss').checked);
  (chart.options.scales!.x!.title as { text: string }).text = progress ? '% of its epochs' : 'epoch';
  setXRange(chart, zoom, zoomTo);
  setDatasets(chart, datasets);
}

const loss = formatNumber;
const best = (b: Best | null) => (b === null ? '—' : `${loss(b.value)} (epoch ${b.epoch})`);

interface Row {
  readonly name: string;
  readonly values: string[];
  readonly result?: boolean;
}

/** What each run came to, then only the settings that differ. */
function rowsOf(d: HostToCompare): Row[] {
  const rows: Row[] = [
    { name: 'final loss (status)', values: d.runs.map((r) => `${loss(r.finalLoss)} (${r.status})`), result: true },
    {
      name: 'epochs',
      values: d.runs.map((r) => `${r.points[r.points.length - 1]?.epoch ?? 0}/${r.epochs}`),
      result: true,
    },
    { name: 'engine', values: d.runs.map((r) => r.engine), result: true },
    { name: 'best loss', values: d.runs.map((r) => best(r.facts.bestLoss)), result: true },
  ];
  if (d.runs.some((r) => r.facts.bestValLoss))
    rows.push(
      { name: 'final validation loss', values: d.runs.map((r) => loss(r.facts.finalValLoss)), result: true },
      { name: 'best validation loss', values: d.runs.map((r) => best(r.facts.bestValLoss)), result: true },
    );
  const figures = [...new Set(d.runs.flatMap((r) => Object.keys(r.facts.figures)))];
  for (const f of figures)
    rows.push({ name: `${f} (last epoch)`, values: d.runs.map((r) => formatNumber(r.facts.figures[f])), result: true });
  for (const s of d.settings) rows.push({ name: s.path, values: s.values.map((v) => v ?? '—') });
  return rows;
}

/** A run's name in its colour; a click opens it. */
function runHeading<T extends HTMLElement>(element: T, run: ComparedRun, i: number): T {
  element.textContent = run.label;
  element.classList.add('run');
  element.style.setProperty('--run-colour', seriesColor(i));
  element.title = `${run.runDir}\n${run.status}; click to open this run`;
  element.addEventListener('click', () => vscode.postMessage({ type: 'open', runDir: run.runDir }));
  return element;
}

/**
 * The table (a column per run) where there is room; in a narrow column (CSS shows one or the
 * other) a card per run, its figures and differing settings one per line. Text nodes only.
 */
function renderTable(d: HostToCompare): void {
  const rows = rowsOf(d);
  const table = $<HTMLTableElement>('settings');
  const head = table.tHead!;
  const body = table.tBodies[0];
  head.replaceChildren();
  body.replaceChildren();
  $('same').hidden = d.settings.length > 0;
  const headRow = head.insertRow();
  headRow.appendChild(cell('th', 'run'));
  d.runs.forEach((run, i) => headRow.appendChild(runHeading(document.createElement('th'), run, i)));
  for (const r of rows) {
    const tr = body.insertRow();
    if (r.result) tr.className = 'result';
    tr.appendChild(cell('th', r.name));
    for (const v of r.values) tr.appendChild(cell('td', v));
  }
  $('runCards').replaceChildren(
    ...d.runs.map((run, i) => {
      const card = document.createElement('section');
      card.className = 'runCard';
      const list = document.createElement('dl');
      for (const r of rows) {
        const dt = document.createElement('dt');
        // A setting's path may break after each dot (training.optimizer.learningRate is one word).
        dt.append(
          ...r.name.split('.').flatMap((part, k) => (k ? [document.createElement('wbr'), `.${part}`] : [part])),
        );
        const dd = document.createElement('dd');
        dd.textContent = r.values[i];
        if (r.result) dd.className = 'result';
        list.append(dt, dd);
      }
      card.append(runHeading(document.createElement('h3'), run, i), list);
      return card;
    }),
  );
}

function cell(tag: 'th' | 'td', text: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

vscode.postMessage({ type: 'ready' });
