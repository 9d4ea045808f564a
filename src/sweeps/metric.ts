// The figures a sweep can rank its trials by: one registry, read by the spec's checks, the
// pruner, the scheduler's "best trial" and the experiments table.

import { FIGURE_GOALS, figureOf, isBetter, type EpochFigures, type FigureName, type Goal } from '../runs/bestFigures';
import type { ResolvedExperiment } from '../experiment/types';

export { isBetter, type EpochFigures, type Goal };

interface MetricInfo {
  /** What a sweep wants of it when `goal` is not given. */
  readonly goal: Goal;
  readonly validation: boolean;
  /** The losses that have it. */
  readonly losses: readonly string[];
}

const ALL_LOSSES = ['mse', 'bce', 'crossEntropy'];
const CLASSIFICATION = ['bce', 'crossEntropy'];

export const SWEEP_METRICS = {
  loss: { goal: FIGURE_GOALS.loss, validation: false, losses: ALL_LOSSES },
  valLoss: { goal: FIGURE_GOALS.valLoss, validation: true, losses: ALL_LOSSES },
  accuracy: { goal: FIGURE_GOALS.accuracy, validation: false, losses: CLASSIFICATION },
  valAccuracy: { goal: FIGURE_GOALS.valAccuracy, validation: true, losses: CLASSIFICATION },
  perplexity: { goal: FIGURE_GOALS.perplexity, validation: false, losses: ['crossEntropy'] },
  valPerplexity: { goal: FIGURE_GOALS.valPerplexity, validation: true, losses: ['crossEntropy'] },
} as const satisfies Record<FigureName, MetricInfo>;

export type MetricName = FigureName;

export const METRIC_NAMES = Object.keys(SWEEP_METRICS) as MetricName[];

export interface SweepMetric {
  readonly name: MetricName;
  readonly goal: Goal;
}

export function metricOf(e: EpochFigures, name: MetricName): number | undefined {
  return figureOf(e, name);
}

/** The default metric: the validation loss where there is held-out data, else the training loss. */
export function defaultMetric(e: ResolvedExperiment): MetricName {
  return e.data.validationSplit > 0 ? 'valLoss' : 'loss';
}

/** Why an experiment never records `name` (undefined when it does). */
export function metricProblem(name: MetricName, e: ResolvedExperiment): string | undefined {
  const info: MetricInfo = SWEEP_METRICS[name];
  if (info.validation && !(e.data.validationSplit > 0))
    return `metric "${name}" needs held-out data: set data.validationSplit above 0, or use "${name.slice(3, 4).toLowerCase()}${name.slice(4)}"`;
  if (!info.losses.includes(e.training.loss))
    return `metric "${name}" is recorded for the ${info.losses.join(' and ')} loss${info.losses.length > 1 ? 'es' : ''} only (this experiment's loss is "${e.training.loss}")`;
  return undefined;
}
