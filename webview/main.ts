// The training panel: a pure view of what the host sends (protocol in src/panel/protocol.ts).
// Renders at most ~10 times a second however fast epochs arrive.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { figureId, pickerId, RUN_CHARTS } from '../src/panel/charts';
import { formatDuration } from '../src/format/duration';
import { formatNumber } from '../src/format/numbers';
import type { EpochPoint, HostToPanel, PanelState, PanelToHost, RunAbout, RunHeader } from '../src/panel/protocol';
import { renderAbout } from './about';
import { createRunCharts, isShown, renderChart } from './runCharts';
import { createViews } from './views/index';
import { setCursor, setXRange, type LineChart } from './charts';
import { onThemeChange } from './theme';
import { vscodeApi } from './vscodeApi';

const vscode = vscodeApi<PanelToHost, PanelState>();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
type Checkbox = HTMLElement & { checked: boolean };
const RENDER_INTERVAL_MS = 100;
const PLAY_STEP_MS = 150;

let header: RunHeader | undefined;
let about: RunAbout | undefined;
let points: EpochPoint[] = [];
/** "epoch x/N" while training, as the editor's other places show it (the host's `progress`). */
let progress: { epoch: number; epochs: number } | undefined;
/** Index into points of the epoch the scrubber shows; null follows the newest epoch. */
let selected: number | null = null;
/** The epochs shown by every epoch chart (a drag across one zooms all); undefined: all. */
let zoom: { min: number; max: number } | undefined;
let renderTimer: ReturnType<typeof setTimeout> | undefined;
let lastRender = 0;
let playing: ReturnType<typeof setInterval> | undefined;

const charts = createRunCharts();
const views = createViews((request) => vscode.postMessage({ type: 'view', request }));
/** The charts whose x axis is the run's epochs: the cursor and the zoom apply to them. */
const epochCharts = RUN_CHARTS.filter((s) => s.type === 'line' && 'epochs' in s.x && s.x.epochs).map(
  (s) => charts[s.id] as LineChart,
);

// The reader's place survives the tab being hidden and shown (VS Code rebuilds the page) and a
// window reload: settings, open sections, zoom, the scrubber's epoch and the scroll position.
const saved = vscode.getState();
let runDir = saved?.runDir ?? '';
if (saved?.smoothing !== undefined) $<HTMLInputElement>('smoothing').value = String(saved.smoothing);
if (saved?.logScale) $<Checkbox>('logLoss').checked = true;
zoom = saved?.zoom;
/** The saved scrubber epoch, applied once the history has come. */
let restoreEpoch = saved?.epoch;
/** The saved scroll position, applied once the page has grown tall enough (the views come late). */
let restoreScroll = saved?.scrollY;
const restoreUntil = performance.now() + 8000;
const SECTIONS = ['about', 'predictionsView', 'samplesView', 'statesView'];
for (const [id, open] of Object.entries(saved?.open ?? {}))
  if (SECTIONS.includes(id)) $<HTMLDetailsElement>(id).open = open;

function persist(): void {
  vscode.setState({
    runDir,
    smoothing: Number($<HTMLInputElement>('smoothing').value),
    logScale: $<Checkbox>('logLoss').checked,
    scrollY: restoreScroll ?? Math.round(window.scrollY),
    open: Object.fromEntries(SECTIONS.map((id) => [id, $<HTMLDetailsElement>(id).open])),
    ...(zoom ? { zoom } : {}),
    ...(restoreEpoch !== undefined
      ? { epoch: restoreEpoch }
      : selected !== null && points[selected]
        ? { epoch: points[selected].epoch }
        : {}),
  });
}

/** Scrolls back to where the reader was, as far as the page allows yet; gives up when the reader scrolls. */
function restoreScrollPosition(): void {
  if (restoreScroll === undefined) return;
  const room = document.documentElement.scrollHeight - window.innerHeight;
  window.scrollTo(0, Math.min(restoreScroll, Math.max(0, room)));
  if (room >= restoreScroll || performance.now() > restoreUntil) restoreScroll = undefined;
}
for (const cancel of ['wheel', 'keydown', 'mousedown', 'touchstart'])
  window.addEventListener(cancel, () => (restoreScroll = undefined), { passive: true });
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(persist, 150);
});
for (const id of SECTIONS) $(id).addEventListener('toggle', persist);

window.addEventListener('message', (event: MessageEvent<HostToPanel>) => {
  const m = event.data;
  switch (m.type) {
    case 'reset':
      header = m.header;
      points = m.points;
      runDir = m.runDir;
      progress = undefined;
      if (restoreEpoch !== undefined) {
        const i = points.findIndex((p) => p.epoch >= restoreEpoch!);
        selected = i < 0 || i >= points.length - 1 ? null : i;
        restoreEpoch = undefined;
      }
      persist();
      break;
    case 'append':
      points = points.concat(m.points);
      break;
    case 'header':
      header = m.header;
      break;
    case 'progress':
      progress = { epoch: m.epoch, epochs: m.epochs };
      break;
    case 'about':
      about = m.about;
      break;
    case 'view':
      // A command brought a view forward (Sample Text…, Inspect Hidden States…): that is where the reader goes now.
      if (m.message.kind === 'focus' || m.message.kind === 'sample') restoreScroll = undefined;
      views.receive(m.message);
      break;
    default: {
      const unhandled: never = m;
      throw new Error(`unknown message ${JSON.stringify(unhandled)}`);
    }
  }
  scheduleRender();
});
onThemeChange(scheduleRender);

$('stop').addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
$('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
for (const [id, event] of [
  ['logLoss', 'change'],
  ['smoothing', 'input'],
] as const) {
  $(id).addEventListener(event, () => {
    persist();
    scheduleRender();
  });
}
for (const spec of RUN_CHARTS) if ('picker' in spec) $(pickerId(spec.id)).addEventListener('change', scheduleRender);
$<HTMLInputElement>('epoch').addEventListener('input', (e) => {
  const i = Number((e.target as HTMLInputElement).value);
  selected = i >= points.length - 1 ? null : i;
  persist();
  scheduleRender();
});
$('play').addEventListener('click', () => (playing ? pause() : play()));
$('resetZoom').addEventListener('click', () => zoomTo(undefined));
for (const chart of epochCharts) chart.canvas.addEventListener('dblclick', () => zoomTo(undefined));

/** Plays from the selected epoch (from the first when at the end) to the last, then stops. */
function play(): void {
  if (selected === null) selected = 0;
  playing = setInterval(() => {
    selected = selected === null || selected >= points.length - 1 ? null : selected + 1;
    if (selected === null) pause();
    scheduleRender();
  }, PLAY_STEP_MS);
  $('play').textContent = 'Pause';
}

function pause(): void {
  clearInterval(playing);
  playing = undefined;
  $('play').textContent = 'Play';
  persist();
}

function zoomTo(range: { min: number; max: number } | undefined): void {
  zoom = range && { min: Math.floor(range.min), max: Math.ceil(range.max) };
  persist();
  scheduleRender();
}

// Tests and curious users can reach the charts from the devtools console.
(window as unknown as { rnnLabCharts: typeof charts }).rnnLabCharts = charts;
(window as unknown as { rnnLabViews: typeof views }).rnnLabViews = views;

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
  renderAbout(header, about);
  const smoothing = Number($<HTMLInputElement>('smoothing').value);
  $('smoothingValue').textContent = smoothing.toFixed(2);
  $('resetZoom').hidden = zoom === undefined;
  if (points.length === 0) return;
  const index = selected ?? points.length - 1;
  const scrubber = $<HTMLInputElement>('epoch');
  scrubber.max = String(points.length - 1);
  scrubber.value = String(index);
  $('epochLabel').textContent = `epoch ${points[index].epoch}`;
  for (const chart of epochCharts) {
    setCursor(chart, points[index].epoch);
    setXRange(chart, zoom, zoomTo);
  }
  const view = { points, index, smoothing, logLoss: $<Checkbox>('logLoss').checked };
  for (const spec of RUN_CHARTS) {
    const shown = isShown(spec, points);
    $(figureId(spec.id)).hidden = !shown;
    if (shown) renderChart(charts, spec.id, view);
  }
  views.render({ points, index, status: header?.status });
  restoreScrollPosition();
}

function renderHeader(): void {
  if (!header) return;
  $('name').textContent = header.name; // text, never HTML: names come from experiment files
  const status = $('status');
  status.textContent = header.status;
  status.className = `status ${header.status}`;
  const last = points[points.length - 1];
  const running = header.status === 'running';
  const shown =
    running && progress ? progress : { epoch: last?.epoch ?? header.epochsCompleted, epochs: header.epochs };
  $('progress').textContent = `epoch ${shown.epoch}/${shown.epochs}`;
  const started = Date.parse(header.startedAt);
  const end = header.endedAt ? Date.parse(header.endedAt) : Date.now();
  const elapsed = end - started;
  const done = shown.epoch;
  const remaining = running && done > 0 ? (elapsed / done) * (shown.epochs - done) : null;
  // An interrupted run never ended: its clock stopped with its trainer, at an unknown time.
  $('time').textContent =
    header.status === 'interrupted'
      ? ''
      : `${formatDuration(elapsed)} elapsed${remaining !== null ? `, ~${formatDuration(remaining)} left` : ''}`;
  $('lastLoss').textContent = last ? `loss ${formatNumber(last.loss)}` : '';
  $('message').textContent =
    header.message ??
    (header.status === 'interrupted'
      ? 'Interrupted: the process training this run ended without finishing it (window closed, crash or kill). The epochs it recorded are shown.'
      : '');
  $('stop').hidden = !running;
  $('rerun').hidden = running;
}
