// Runs a sweep's trials, `parallel` at once, each through `launch` (a worker thread in the CLI
// and the editor), skipping the trials an earlier session finished. Stopping (the signal) stops
// every running trial — each is kept as cancelled — and starts no more. With `prune`, trials
// that fall behind at a rung are stopped (pruner.ts) and marked so in their run.json.

import { formatLoss } from '../format/lines';
import { amendRunRecord } from '../runs/amendRunRecord';
import type { RunOutcome } from '../runs/recordedRun';
import type { RunStatus } from '../runs/runRecord';
import { readRunEntry } from '../runs/runStore';
import type { LoadedSweep } from './loadSweep';
import { isBetter, type EpochFigures } from './metric';
import type { DoneTrial } from './previousTrials';
import { SuccessiveHalving, type PruneDecision } from './pruner';
import type { TrialClaims } from './trialClaims';
import { ScoreKeeper, type Score } from './trialScore';
import type { Trial } from './trials';

export interface TrialRun {
  /** Asks the trial to stop; it ends as cancelled. */
  stop(): void;
  /** How it ended (undefined when its worker died without saying). */
  readonly finished: Promise<RunOutcome | undefined>;
}

export interface TrialListener {
  runDir(dir: string): void;
  epoch(figures: EpochFigures): void;
}

export type LaunchTrial = (trial: Trial, listener: TrialListener) => TrialRun;

export interface TrialEnd {
  readonly trial: Trial;
  readonly runDir?: string;
  /** `pruned`: stopped by the sweep at a rung (its run is cancelled, with sweep.pruned). */
  readonly status: RunStatus | 'pruned';
  readonly message?: string;
  readonly score?: Score;
  readonly epochsCompleted: number;
  readonly pruned?: PruneDecision;
}

export interface BestTrial {
  readonly trial: Trial;
  readonly runDir: string;
  readonly score: Score;
}

export interface SweepOutcome {
  /** Stopped before every trial was done (the signal). */
  readonly stopped: boolean;
  /** Trials done before this session. */
  readonly skipped: number;
  /** Trials this session ran, in the order they ended. */
  readonly ended: TrialEnd[];
  /** The best of every done trial whose run was recorded, earlier sessions' included. */
  readonly best?: BestTrial;
  /** Trials another live process was training (their claims, trialClaims.ts): not run here. */
  readonly elsewhere: readonly Trial[];
}

export interface SweepRunOptions {
  readonly parallel: number;
  readonly launch: LaunchTrial;
  readonly signal?: AbortSignal;
  /** Trials finished by earlier sessions (previousTrials.ts): not run again. */
  readonly done?: readonly DoneTrial[];
  readonly onTrialStart?: (trial: Trial, runDir: string) => void;
  readonly onTrialEnd?: (end: TrialEnd) => void;
  /**
   * Claims on the trials, shared with other processes on the same runs directory: a trial is
   * started only once claimed; one another process trains is skipped (onTrialElsewhere), one it
   * finished counts as done. Without: every trial not done is run.
   */
  readonly claims?: TrialClaims;
  readonly onTrialElsewhere?: (trial: Trial, pid: number, host: string) => void;
}

export async function runSweep(sweep: LoadedSweep, options: SweepRunOptions): Promise<SweepOutcome> {
  const { spec } = sweep;
  const inSweep = new Set(sweep.trials.map((t) => t.trial));
  const done = new Map((options.done ?? []).filter((d) => inSweep.has(d.trial)).map((d) => [d.trial, d]));
  const pruner = spec.prune
    ? new SuccessiveHalving(spec.prune, sweep.base.experiment.training.epochs, spec.metric.goal)
    : undefined;
  let best: BestTrial | undefined;
  const consider = (trial: Trial, runDir: string | undefined, score: Score | undefined) => {
    if (runDir && score && isBetter(score.value, best?.score.value, spec.metric.goal)) best = { trial, runDir, score };
  };
  const takeDone = (trial: Trial, d: DoneTrial) => {
    done.set(trial.trial, d);
    consider(trial, d.runDir, d.scores.best);
    if (pruner)
      for (const epoch of pruner.rungEpochs)
        if (d.scores.byEpoch.has(epoch)) pruner.report(d.trial, epoch, d.scores.byEpoch.get(epoch));
  };
  for (const d of done.values())
    takeDone(
      sweep.trials.find((t) => t.trial === d.trial)!,
      d,
    );

  const queue = sweep.trials.filter((t) => !done.has(t.trial));
  const running = new Map<number, { run: TrialRun; finished: Promise<void> }>();
  const ended: TrialEnd[] = [];
  const stopAll = () => running.forEach((r) => r.run.stop());
  options.signal?.addEventListener('abort', stopAll, { once: true });

  const start = (trial: Trial) => {
    const scores = new ScoreKeeper(spec.metric);
    let runDir: string | undefined;
    let pruned: PruneDecision | undefined;
    const run: TrialRun = options.launch(trial, {
      runDir: (dir) => {
        runDir = dir;
        options.onTrialStart?.(trial, dir);
      },
      epoch: (figures) => {
        const value = scores.add(figures);
        const decision = pruner?.report(trial.trial, figures.epoch, value);
        if (decision && !pruned) {
          pruned = decision;
          run.stop();
        }
      },
    });
    const finished = run.finished.then(async (outcome) => {
      runDir ??= outcome?.runDir;
      const wasPruned = pruned !== undefined && outcome?.status === 'cancelled' && !options.signal?.aborted;
      let message = outcome?.message ?? (outcome ? undefined : "the trial's worker ended without a result");
      if (wasPruned && runDir) {
        message = `pruned by the sweep at epoch ${pruned!.epoch}: ${spec.metric.name} ${formatLoss(pruned!.value)} is not in the best 1/${spec.prune!.reductionFactor} of the trials there (cutoff ${formatLoss(pruned!.cutoff)})`;
        const decision = pruned!;
        await amendRunRecord(runDir, (r) => ({
          sweep: { ...r.sweep!, pruned: { ...decision, metric: spec.metric.name } },
          message,
        })).catch(() => {});
      }
      const end: TrialEnd = {
        trial,
        runDir,
        status: wasPruned ? 'pruned' : (outcome?.status ?? 'failed'),
        epochsCompleted: outcome?.epochsCompleted ?? 0,
        ...(message ? { message } : {}),
        ...(scores.best ? { score: scores.best } : {}),
        ...(wasPruned ? { pruned } : {}),
      };
      // ranked only when its run.json was written and is final: a run without a record is no result
      if (runDir && (await recorded(runDir, sweep.id, trial.trial))) consider(trial, runDir, scores.best);
      options.claims?.release(
        trial.trial,
        runDir && (wasPruned || (outcome && outcome.status !== 'cancelled')) ? runDir : undefined,
      );
      ended.push(end);
      running.delete(trial.trial);
      options.onTrialEnd?.(end);
    });
    running.set(trial.trial, { run, finished });
  };

  const elsewhere: Trial[] = [];
  const parallel = Math.max(1, options.parallel);
  while (queue.length > 0 && !options.signal?.aborted) {
    while (running.size < parallel && queue.length > 0 && !options.signal?.aborted) {
      const trial = queue.shift()!;
      const claim = options.claims ? await options.claims.claim(trial.trial) : ({ kind: 'ours' } as const);
      if (claim.kind === 'ours') start(trial);
      else if (claim.kind === 'done') takeDone(trial, claim.done);
      else {
        elsewhere.push(trial);
        options.onTrialElsewhere?.(trial, claim.pid, claim.host);
      }
    }
    if (running.size === 0) break;
    await Promise.race([...running.values()].map((r) => r.finished));
  }
  await Promise.all([...running.values()].map((r) => r.finished));
  options.signal?.removeEventListener('abort', stopAll);
  return {
    stopped: queue.length > 0 || ended.some((e) => e.status === 'cancelled'),
    skipped: done.size,
    ended,
    ...(best ? { best } : {}),
    elsewhere,
  };
}

/** Whether the trial's run.json was written, is of this trial, and is final (not still "running"). */
async function recorded(runDir: string, sweepId: string, trial: number): Promise<boolean> {
  const entry = await readRunEntry(runDir, () => false);
  return (
    entry.kind === 'run' &&
    entry.record.status !== 'running' &&
    entry.record.sweep?.id === sweepId &&
    entry.record.sweep.trial === trial
  );
}
