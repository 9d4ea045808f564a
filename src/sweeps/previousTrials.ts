// What a sweep already did: its trials' runs in the runs directory (run.json's sweep.id). A
// trial is done when a run of it finished — completed, diverged, failed, or pruned by the
// sweep; a cancelled or interrupted one is trained again when the sweep is resumed.

import { metricsLines } from '../runs/metricsFile';
import type { SweepTrialRecord } from '../runs/runRecord';
import { listRuns, type Liveness, type RunEntry, type RunState } from '../runs/runStore';
import type { SweepMetric } from './metric';
import { ScoreKeeper } from './trialScore';

export interface DoneTrial {
  readonly trial: number;
  readonly runDir: string;
  readonly state: RunState;
  readonly pruned?: SweepTrialRecord['pruned'];
  readonly scores: ScoreKeeper;
}

type Run = Extract<RunEntry, { kind: 'run' }>;

export function isTrialDone(entry: Run): boolean {
  return (
    entry.record.sweep?.pruned !== undefined ||
    entry.state === 'completed' ||
    entry.state === 'diverged' ||
    entry.state === 'failed'
  );
}

/** The runs of sweep `id` in `runsDir`, by trial number (the newest run of a trial wins). */
export async function sweepRuns(runsDir: string, id: string, alive?: Liveness): Promise<Map<number, Run[]>> {
  const byTrial = new Map<number, Run[]>();
  for (const e of await listRuns(runsDir, alive)) {
    if (e.kind !== 'run' || e.record.sweep?.id !== id) continue;
    const list = byTrial.get(e.record.sweep.trial) ?? [];
    list.push(e);
    byTrial.set(e.record.sweep.trial, list);
  }
  return byTrial;
}

/** The finished trials of sweep `id`, with their metric per epoch read from metrics.ndjson. */
export async function doneTrials(
  runsDir: string,
  id: string,
  metric: SweepMetric,
  alive?: Liveness,
): Promise<DoneTrial[]> {
  const out: DoneTrial[] = [];
  for (const [trial, runs] of await sweepRuns(runsDir, id, alive)) {
    const done = runs.find(isTrialDone);
    if (done) out.push(await doneTrialOf(trial, done, metric));
  }
  return out.sort((a, b) => a.trial - b.trial);
}

/** A finished run of a trial, with its scores. */
export async function doneTrialOf(trial: number, done: Run, metric: SweepMetric): Promise<DoneTrial> {
  const scores = new ScoreKeeper(metric);
  for await (const e of metricsLines(done.dir)) scores.add(e);
  return {
    trial,
    runDir: done.dir,
    state: done.state,
    scores,
    ...(done.record.sweep?.pruned ? { pruned: done.record.sweep.pruned } : {}),
  };
}

/** A finished run whose trial number is not one of the sweep's (a hand-edited run.json, a sweep that was longer). */
export interface IgnoredRun {
  readonly trial: unknown;
  readonly runDir: string;
}

/**
 * What resuming takes from the runs directory: the done trials among the sweep's `count`, and
 * the finished runs of the sweep whose trial number is not one of them — ignored, and named in
 * a warning (`warningLines`) rather than counted as done.
 */
export async function previousTrials(
  runsDir: string,
  sweep: { readonly id: string; readonly spec: { readonly metric: SweepMetric }; readonly trials: readonly unknown[] },
  alive?: Liveness,
): Promise<{ done: DoneTrial[]; ignored: IgnoredRun[] }> {
  const count = sweep.trials.length;
  const all = await doneTrials(runsDir, sweep.id, sweep.spec.metric, alive);
  const inRange = (t: unknown) => Number.isSafeInteger(t) && (t as number) >= 1 && (t as number) <= count;
  return {
    done: all.filter((d) => inRange(d.trial)),
    ignored: all.filter((d) => !inRange(d.trial)).map((d) => ({ trial: d.trial, runDir: d.runDir })),
  };
}
