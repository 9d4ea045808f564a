// The views of what the network learned, below the training charts: Predictions, Samples and
// Hidden states. A pure view like the rest of the page: it asks the host (viewsProtocol.ts)
// for what it shows and draws the answers, at the scrubber's epoch when its weights were kept,
// else at the final weights.

import { VIEW_CHARTS } from '../../src/panel/charts';
import type { EpochPoint } from '../../src/panel/protocol';
import type {
  PredictionView,
  RunInspection,
  ViewEpoch,
  ViewInfo,
  ViewMessage,
  ViewName,
  ViewRequest,
} from '../../src/panel/viewsProtocol';
import { createCharts } from '../charts';
import { onThemeChange } from '../theme';
import { renderPredictions } from './predictions';
import { renderPeriodicSamples, renderSample, sampleRequest } from './samples';
import { StatesView } from './states';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const keyOf = (r: ViewRequest) => JSON.stringify(r);
/** While a run trains, the views are computed again this often (new checkpoints, newer weights). */
const RUNNING_REFRESH_MS = 15000;
/** How long a view a command asked for is kept in sight as the answers arrive (until the reader scrolls). */
const PIN_MS = 5000;

export interface ViewsState {
  readonly points: readonly EpochPoint[];
  readonly index: number;
  /** The run's status: the host is asked again about a run that has just ended. */
  readonly status?: string;
}

export type Views = ReturnType<typeof createViews>;

const VIEW_ELEMENTS: Record<ViewName, string> = {
  predictions: 'predictionsView',
  samples: 'samplesView',
  hiddenStates: 'statesView',
};

/**
 * Opens a view and scrolls it into sight (a command asked for it); false while it cannot be
 * shown yet (the run's info has not come: Samples shows only for a character model).
 */
function focus(view: ViewName, info: ViewInfo | undefined): boolean {
  if (!info) return false;
  const details = $<HTMLDetailsElement>(VIEW_ELEMENTS[view]);
  if (details.hidden) return true; // not a view of this run (Samples of a forecaster)
  details.open = true;
  $('views').hidden = false;
  details.scrollIntoView({ block: 'start' });
  return true;
}

/** The form shows the settings of the sample on display. */
function showSampleSettings(r: Extract<ViewRequest, { kind: 'sample' }>): void {
  $<HTMLInputElement>('samplePrime').value = r.prime ?? '';
  $<HTMLInputElement>('sampleLength').value = String(r.length);
  $<HTMLInputElement>('sampleTemperature').value = String(r.temperature);
  $<HTMLInputElement>('sampleSeed').value = String(r.seed);
}

export function createViews(post: (request: ViewRequest) => void) {
  const charts = createCharts(VIEW_CHARTS);
  // These charts are drawn while their section may still be hidden (0 px wide), where min-max
  // decimation would thin the data to a point: they are short enough to draw whole.
  for (const chart of [charts.forecast, charts.unitTrace])
    chart.options.plugins!.decimation = { enabled: false, algorithm: 'min-max' };
  const states = new StatesView(charts);
  const results = new Map<string, unknown>();
  const asked = new Set<string>();
  let info: ViewInfo | undefined;
  let status: string | undefined;
  let selectedEpoch: number | undefined;
  let sampleKey: string | undefined;
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  let infoAskedAt = 0;
  /** A view a command asked for before the run's info came. */
  let wanted: ViewName | undefined;
  /** The view a command brought forward, kept in sight while the answers above it change the page's height. */
  let pinned: { view: ViewName; until: number } | undefined;
  const pin = (view: ViewName) => (pinned = { view, until: performance.now() + PIN_MS });
  for (const reader of ['wheel', 'keydown', 'mousedown', 'touchstart'])
    window.addEventListener(reader, () => (pinned = undefined), { passive: true });

  const ask = (request: ViewRequest) => {
    const key = keyOf(request);
    if (asked.has(key)) return;
    asked.add(key);
    post(request);
  };

  /** The weights the views show: the selected epoch's if kept, else the final ones. */
  const weightsEpoch = (): ViewEpoch =>
    selectedEpoch !== undefined && info?.checkpoints.includes(selectedEpoch) ? selectedEpoch : null;

  const shownAs = (epoch: number | undefined) => (epoch === undefined ? '' : `weights of epoch ${epoch}`);

  function probe(): { sample: number } | { text: string } {
    const text = $<HTMLInputElement>('probeText').value;
    if (info?.task === 'text' && text) return { text };
    return {
      sample: Math.max(
        0,
        Math.min((info?.samples ?? 1) - 1, Math.round(Number($<HTMLInputElement>('probeSample').value) || 0)),
      ),
    };
  }

  function refresh(): void {
    if (!info) return;
    $('views').hidden = false;
    const note = $('viewsNote');
    note.classList.toggle('error', Boolean(info.error));
    if (info.error) {
      note.textContent = `Nothing to show yet: ${info.error}.`;
      return;
    }
    const epoch = weightsEpoch();
    const kept = info.checkpoints.length ? `kept: ${info.checkpoints.join(', ')}` : 'none kept';
    note.textContent =
      epoch !== null
        ? `At the selected epoch ${epoch}, whose weights were kept.`
        : `At the ${info.finalEpoch !== null ? `final weights (epoch ${info.finalEpoch})` : 'latest kept weights'}${selectedEpoch !== undefined && selectedEpoch !== info.finalEpoch ? `: epoch ${selectedEpoch}'s weights were not kept (${kept})` : ''}.`;
    $('samplesView').hidden = info.task !== 'text';
    $('probeTextLabel').hidden = info.task !== 'text';
    $<HTMLInputElement>('probeSample').max = String(Math.max(0, info.samples - 1));
    $('sampleButton').toggleAttribute('disabled', Boolean(info.cannotSample));
    if (info.cannotSample) $('sampleNote').textContent = info.cannotSample;

    const predictions: ViewRequest = { kind: 'predictions', epoch };
    const p = results.get(keyOf(predictions)) as PredictionView | { error: string } | undefined;
    renderPredictions(charts, p, shownAs(p && 'epoch' in p ? p.epoch : undefined));
    if (!p) ask(predictions);

    const hidden: ViewRequest = { kind: 'hiddenStates', epoch, probe: probe() };
    const h = results.get(keyOf(hidden)) as RunInspection | { error: string } | undefined;
    if (h) states.show(h, shownAs('epoch' in h ? h.epoch : undefined));
    else {
      states.show(undefined, '');
      ask(hidden);
    }
    if (pinned && performance.now() < pinned.until) focus(pinned.view, info);
  }

  $('sampleButton').addEventListener('click', () => {
    const request = sampleRequest(weightsEpoch());
    sampleKey = keyOf(request);
    asked.delete(sampleKey); // a click always samples again
    results.delete(sampleKey);
    renderSample(undefined, true);
    ask(request);
  });
  const probeChanged = () => {
    clearTimeout(probeTimer);
    probeTimer = setTimeout(refresh, 300);
  };
  $('probeSample').addEventListener('input', probeChanged);
  onThemeChange(refresh); // the heatmaps' and the probe text's colours follow the theme
  $('probeText').addEventListener('input', probeChanged);

  return {
    charts,
    states,
    /** For the browser tests: what the views know. */
    get info() {
      return info;
    },

    receive(m: ViewMessage): void {
      if (m.kind === 'info') {
        info = m.info;
        if (!$<HTMLInputElement>('probeText').value && info.task === 'text')
          $<HTMLInputElement>('probeText').placeholder = '(a validation sample)';
        refresh();
        if (wanted && focus(wanted, info)) {
          pin(wanted);
          wanted = undefined;
        }
        return;
      }
      if (m.kind === 'focus') {
        wanted = focus(m.view, info) ? undefined : m.view;
        if (!wanted) pin(m.view);
        return;
      }
      const key = keyOf(m.request);
      const mine = asked.delete(key);
      results.set(key, m.result);
      if (m.kind === 'sample') {
        // Ours, or the Sample Text command's (unasked, while we wait for none).
        if (key === sampleKey || (!mine && (sampleKey === undefined || !asked.has(sampleKey)))) {
          sampleKey = key;
          if (m.request.kind === 'sample') showSampleSettings(m.request);
          renderSample(m.result, false);
        }
        return;
      }
      refresh();
    },

    render(s: ViewsState): void {
      if (s.points.length === 0) return;
      const now = Date.now();
      const stale = s.status === 'running' && now - infoAskedAt > (info?.error ? 3000 : RUNNING_REFRESH_MS);
      if (status === undefined || (s.status !== status && status === 'running') || stale) {
        // The weights and checkpoints change while a run trains: ask again now and then, and once it ends.
        results.clear();
        asked.clear();
        infoAskedAt = now;
        ask({ kind: 'info' });
      }
      status = s.status;
      renderPeriodicSamples(s.points);
      const epoch = s.points[s.index]?.epoch;
      if (epoch !== selectedEpoch) {
        selectedEpoch = epoch;
        refresh();
      }
    },
  };
}
