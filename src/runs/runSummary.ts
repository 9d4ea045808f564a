// How a run is shown in a list (the Runs view, the CodeLens): one line, an icon, a tooltip.
// Pure, so that every status's presentation is tested without an editor.

import * as path from 'node:path';
import { formatDuration } from '../format/duration';
import { runTime } from './runTime';
import { runEngine } from './runEngine';
import { runMarks, runName } from './runName';
import type { RunRecord } from './runRecord';
import type { RunEntry, RunState } from './runStore';

export type ShownState = RunState | 'damaged';

export interface RunSummary {
  readonly state: ShownState;
  /** What tells it apart: its name (runName.ts), else its start time ("10:22:01", "28 Nov 10:22") */
  readonly label: string;
  /** e.g. "loss 0.0634 · 30/30 epochs · re-run · 12 s", then "3 min ago" for a named run */
  readonly description: string;
  /** Plain lines; the hyperparameters are added when the tooltip is opened (experiment.json). */
  readonly tooltip: string[];
}

/** Three significant digits: enough to tell runs apart in a list. */
export function shortLoss(loss: number | null): string {
  if (loss === null) return 'n/a';
  return Number.isFinite(loss) ? String(Number(loss.toPrecision(3))) : String(loss);
}

export function formatAgo(then: Date, now: Date): string {
  const s = Math.round((now.getTime() - then.getTime()) / 1000);
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  const days = Math.floor(s / 86400);
  return days < 30 ? `${days} day${days === 1 ? '' : 's'} ago` : then.toISOString().slice(0, 10);
}

const STATE_WORDS: Record<ShownState, string> = {
  running: 'running',
  completed: 'completed',
  cancelled: 'cancelled (stopped)',
  diverged: 'diverged',
  failed: 'failed',
  interrupted: 'interrupted (its trainer is gone; the epochs so far are kept)',
  damaged: 'damaged',
};

/** " · acc 0.931": the last epoch's validation accuracy, else training accuracy (classifiers only). */
function accuracyWords(r: RunRecord): string {
  const acc = r.finalMetrics?.valAccuracy ?? r.finalMetrics?.accuracy;
  return acc === undefined ? '' : ` · acc ${shortLoss(acc)}`;
}

/** The tooltip's lines on accuracy, perplexity and the best epoch, where the run has them. */
function metricLines(r: RunRecord): string[] {
  const m = r.finalMetrics ?? {};
  const pair = (name: string, train?: number, val?: number) =>
    train === undefined ? [] : [`${name} ${shortLoss(train)}${val !== undefined ? `, val ${shortLoss(val)}` : ''}`];
  const words = [...pair('accuracy', m.accuracy, m.valAccuracy), ...pair('perplexity', m.perplexity, m.valPerplexity)];
  const best = r.best
    ? [`best epoch ${r.best.epoch} (${r.best.by === 'valLoss' ? 'val_loss' : 'loss'} ${r.best.value})`]
    : [];
  return [...(words.length ? [words.join('; ')] : []), ...best];
}

export function summarizeRun(entry: RunEntry, now: Date): RunSummary {
  if (entry.kind === 'damaged') {
    return {
      state: 'damaged',
      label: path.basename(entry.dir),
      description: entry.reason,
      tooltip: [`${entry.dir}`, `damaged: ${entry.reason}`],
    };
  }
  const r = entry.record;
  const started = new Date(r.startedAt);
  const end = r.endedAt ? new Date(r.endedAt) : entry.state === 'running' ? now : undefined;
  const epochs = `${r.epochsCompleted}/${r.epochs} epochs`;
  const figures =
    entry.state === 'running' && r.finalLoss === null
      ? `starting · ${epochs}`
      : `loss ${shortLoss(r.finalLoss)}${accuracyWords(r)} · ${epochs}`;
  // What tells runs of one experiment apart comes first: the name given, else the start time
  // (as the panel's tab says it); the figures follow.
  const name = runName(r);
  const label = name ?? runTime(entry.dir, now);
  const description = [
    figures,
    ...runMarks(r),
    ...(runEngine(r) === 'PyTorch' ? ['PyTorch'] : []),
    end ? formatDuration(end.getTime() - started.getTime()) : undefined,
    name ? formatAgo(started, now) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const tooltip = [
    `${r.name} — ${STATE_WORDS[entry.state]}`,
    ...(r.message ? [r.message] : []),
    `started ${started.toLocaleString()}${end ? `, ${entry.state === 'running' ? 'running for' : 'took'} ${formatDuration(end.getTime() - started.getTime())}` : ''}`,
    `loss ${r.finalLoss ?? 'n/a'}${r.finalValLoss !== null ? `, val_loss ${r.finalValLoss}` : ''}, ${epochs}, seed ${r.seed}`,
    ...metricLines(r),
    ...(r.rerunOf ? [`re-run of ${path.basename(r.rerunOf)}`] : []),
    ...(r.sweep ? [`trial ${r.sweep.trial} of sweep ${r.sweep.id}`] : []),
    entry.dir,
  ];
  return { state: entry.state, label, description, tooltip };
}
