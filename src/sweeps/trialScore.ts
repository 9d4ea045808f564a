// A trial's score: its best value of the sweep's metric over its epochs (so a trial that
// overfits late is judged by its best epoch, whose weights earlyStopping.restoreBest keeps).

import { isBetter, metricOf, type EpochFigures, type SweepMetric } from './metric';

export interface Score {
  readonly value: number;
  readonly epoch: number;
}

export class ScoreKeeper {
  best: Score | undefined;
  /** The metric at each epoch seen (for the pruner's rungs). */
  readonly byEpoch = new Map<number, number | undefined>();

  constructor(private readonly metric: SweepMetric) {}

  /** Takes an epoch's figures; returns its metric value. */
  add(e: EpochFigures): number | undefined {
    const value = metricOf(e, this.metric.name);
    this.byEpoch.set(e.epoch, value);
    if (value !== undefined && isBetter(value, this.best?.value, this.metric.goal))
      this.best = { value, epoch: e.epoch };
    return value;
  }
}
