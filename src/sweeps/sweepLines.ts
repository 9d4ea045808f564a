// The lines a sweep prints, in the terminal (rnn-lab sweep) and in the editor's output channel.

import { formatDuration } from '../format/duration';
import { displayPath, formatLoss } from '../format/lines';
import { formatValue } from '../runs/runName';
import type { LoadedSweep } from './loadSweep';
import { SuccessiveHalving } from './pruner';
import type { BestTrial, SweepOutcome, TrialEnd } from './scheduler';
import type { Trial, TrialParameters } from './trials';

/** `lr = 0.01, units = 8` with values to 4 significant digits: what tells trials apart in a line. */
export function shortParameters(parameters: TrialParameters): string {
  return Object.entries(parameters)
    .map(([name, v]) => `${name} = ${formatValue(v)}`)
    .join(', ');
}

/** `sweep sine (3fa9c1d2): grid, 12 trials, 2 at once, metric valLoss (minimize), pruning at epochs 2, 6` */
export function formatSweepHeader(sweep: LoadedSweep, parallel: number, skipped: number): string[] {
  const s = sweep.spec;
  const rungs = s.prune
    ? new SuccessiveHalving(s.prune, sweep.base.experiment.training.epochs, s.metric.goal).rungEpochs
    : [];
  const lines = [
    `sweep ${sweep.base.experiment.name} (${sweep.id}, ${displayPath(sweep.file)}): ${s.method}, ${sweep.trials.length} trials, ${parallel} at once, ` +
      `metric ${s.metric.name} (${s.metric.goal})${rungs.length ? `, pruning at epoch${rungs.length > 1 ? 's' : ''} ${rungs.join(', ')}` : ''}`,
  ];
  if (skipped > 0) lines.push(`resuming: ${skipped} of ${sweep.trials.length} trials are done already`);
  return lines;
}

export function formatTrialStart(trial: Trial, count: number, runDir: string): string {
  return `trial ${trial.trial}/${count} started: ${shortParameters(trial.parameters)} → ${displayPath(runDir)}`;
}

/** `trial 3/12 completed in 4.2 s: valLoss 0.012345 (best, epoch 18)` */
export function formatTrialEnd(end: TrialEnd, count: number, metric: string, ms: number): string {
  const score = end.score ? `: ${metric} ${formatLoss(end.score.value)} (best, epoch ${end.score.epoch})` : '';
  const what = end.status === 'pruned' && end.pruned ? `pruned at epoch ${end.pruned.epoch}` : end.status;
  const why = end.status !== 'completed' && end.status !== 'pruned' && end.message ? ` — ${end.message}` : '';
  return `trial ${end.trial.trial}/${count} ${what} in ${formatDuration(ms)}${score}${why}`;
}

export function formatBest(best: BestTrial, metric: string): string[] {
  return [
    `best: trial ${best.trial.trial}, ${metric} ${formatLoss(best.score.value)} at epoch ${best.score.epoch} (${shortParameters(best.trial.parameters)})`,
    `  ${displayPath(best.runDir)}`,
  ];
}

/** `sweep done: 12 trials (9 completed, 3 pruned)` or, stopped, how to resume. */
export function formatSweepEnd(sweep: LoadedSweep, outcome: SweepOutcome): string[] {
  const counts = new Map<string, number>();
  for (const e of outcome.ended) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${status}`);
  if (outcome.skipped) parts.unshift(`${outcome.skipped} done earlier`);
  if (outcome.elsewhere.length) parts.push(`${outcome.elsewhere.length} trained by another process`);
  const finished = outcome.skipped + outcome.ended.filter((e) => e.status !== 'cancelled').length;
  const lines = outcome.stopped
    ? [`sweep stopped: ${finished} of ${sweep.trials.length} trials done (${parts.join(', ')}); run it again to resume`]
    : outcome.elsewhere.length
      ? [
          `sweep done here: ${finished} of ${sweep.trials.length} trials done (${parts.join(', ')}); ` +
            'run it again once the other process ends to rank them all',
        ]
      : [`sweep done: ${sweep.trials.length} trials (${parts.join(', ')})`];
  if (outcome.best) lines.push(...formatBest(outcome.best, sweep.spec.metric.name));
  return lines;
}

/** `trial 3/12 is being trained by another process (rnn-lab sweep, pid 4242): skipped here` */
export function formatTrialElsewhere(trial: Trial, count: number, pid: number, host: string): string {
  return `trial ${trial.trial}/${count} is being trained by another process (${host}, pid ${pid}): skipped here`;
}

/** The finished runs of a sweep that resuming ignores: their trial number is not one of its trials. */
export function formatIgnoredRuns(ignored: readonly { trial: unknown; runDir: string }[], count: number): string[] {
  if (!ignored.length) return [];
  const shown = ignored
    .slice(0, 10)
    .map((r) => `trial ${JSON.stringify(r.trial)} (${displayPath(r.runDir)})`)
    .join(', ');
  const more = ignored.length > 10 ? ` and ${ignored.length - 10} more` : '';
  return [
    `warning: ignoring ${ignored.length} run${ignored.length > 1 ? 's' : ''} of this sweep whose trial is not one of its ${count} trials: ${shown}${more}`,
  ];
}
