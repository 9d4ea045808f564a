// The best value of each figure an epoch records — the lowest loss, validation loss and
// perplexity, the highest accuracy — over a run's epochs so far. The recorder keeps them in
// run.json (bestMetrics) so that a table of many runs reads run.json alone, not their metrics.

import type { EpochMetrics } from '../core/metrics';

export type Goal = 'minimize' | 'maximize';

/** Every figure with what makes it better: one registry (sweeps rank trials by these too). */
export const FIGURE_GOALS = {
  loss: 'minimize',
  valLoss: 'minimize',
  accuracy: 'maximize',
  valAccuracy: 'maximize',
  perplexity: 'minimize',
  valPerplexity: 'minimize',
} as const satisfies Record<string, Goal>;

export type FigureName = keyof typeof FIGURE_GOALS;
export const FIGURE_NAMES = Object.keys(FIGURE_GOALS) as FigureName[];

export type BestFigures = Partial<Record<FigureName, number>>;

/** An epoch's figures as metrics.ndjson and the trainer's epoch events carry them. */
export type EpochFigures = EpochMetrics & {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss: number | null;
};

export function figureOf(e: EpochFigures, name: FigureName): number | undefined {
  const v = name === 'loss' ? e.loss : name === 'valLoss' ? e.valLoss : e[name];
  return typeof v === 'number' && !Number.isNaN(v) ? v : undefined;
}

/** Whether `a` is better than `b` for the goal (a missing or non-finite value is never better). */
export function isBetter(a: number | undefined, b: number | undefined, goal: Goal): boolean {
  if (a === undefined || !Number.isFinite(a)) return false;
  if (b === undefined || !Number.isFinite(b)) return true;
  return goal === 'minimize' ? a < b : a > b;
}

export class BestFigureTracker {
  readonly best: BestFigures = {};

  add(e: EpochFigures): void {
    for (const name of FIGURE_NAMES) {
      const v = figureOf(e, name);
      if (isBetter(v, this.best[name], FIGURE_GOALS[name])) this.best[name] = v;
    }
  }
}
