// The training panel: a pure view of what the host sends (protocol in src/panel/protocol.ts).
// Renders at most ~10 times a second however fast epochs arrive.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { figureId, pickerId, RUN_CHARTS } from '../src/panel/charts';
import { formatDuration } from '../src/format/duration';
import type { EpochPoint, HostToPanel, PanelState, PanelToHost, RunHeader } from '../src/panel/protocol';
import { createRunCharts, isShown, renderChart } from './runCharts';
import { vscodeApi } from './vscodeApi';

const vscode = vscodeApi<PanelToHost, PanelState>();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
type Checkbox = HTMLElement & { checked: boolean };
const RENDER_INTERVAL_MS = 100;

let header: RunHeader | undefined;
let points: EpochPoint[] = [];
/** Index into points of the epoch the scrubber shows; null follows the newest epoch. */
let selected: number | null = null;
let renderTimer: ReturnType<typeof setTimeout> | undefined;
let lastRender = 0;
let playing: ReturnType<typeof setInterval> | undefined;

const charts = createRunCharts();

// The reader's settings survive a reload of the panel.
const saved = vscode.getState();
let runDir = saved?.runDir ?? '';
if (saved?.smoothing !== undefined) $<HTMLInputElement>('smoothing').value = String(saved.smoothing);
if (saved?.logScale) $<Checkbox>('logLoss').checked = true;

function persist(): void {
  vscode.setState({
    runDir,
    smoothing: Number($<HTMLInputElement>('smoothing').value),
    logScale: $<Checkbox>('logLoss').checked,
  });
}

window.addEventListener('message', (event: MessageEvent<HostToPanel>) => {
  const m = event.data;
  switch (m.type) {
    case 'reset':
      header = m.header;
      points = m.points;
      runDir = m.runDir;
      persist();
      break;
    case 'append':
      points = points.concat(m.points);
      break;
    case 'header':
      header = m.header;
      break;
    default: {
      const unhandled: never = m;
      throw new Error(`unknown message ${JSON.stringify(unhandled)}`);
    }
  }
  scheduleRender();
});
// A theme switch re-colours the charts (VS Code sets the --vscode-* variables on <html>).
new MutationObserver(scheduleRender).observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
new MutationObserver(scheduleRender).observe(document.body, { attributes: true, attributeFilter: ['class'] });

$('stop').addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
$('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
for (const [id, event] of [['logLoss', 'change'], ['smoothing', 'input']] as const) {
  $(id).addEventListener(event, () => {
    persist();
    scheduleRender();
  });
}
for (const spec of RUN_CHARTS) if ('picker' in spec) $(pickerId(spec.id)).addEventListener('change', scheduleRender);
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
  const view = {
    points, index,
    smoothing: Number($<HTMLInputElement>('smoothing').value),
    logLoss: $<Checkbox>('logLoss').checked,
  };
  for (const spec of RUN_CHARTS) {
    const shown = isShown(spec, points);
    $(figureId(spec.id)).hidden = !shown;
    if (shown) renderChart(charts, spec.id, view);
  }
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
