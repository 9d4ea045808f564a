// The figures a sweep can rank its trials by: one registry, read by the spec's checks, the
// pruner, the scheduler's "best trial" and the experiments table.

import type { EpochMetrics } from '../core/metrics';
import type { ResolvedExperiment } from '../experiment/types';

export type Goal = 'minimize' | 'maximize';

interface MetricInfo {
  /** What a sweep wants of it when `goal` is not given. */
  readonly goal: Goal;
  readonly validation: boolean;
  /** The losses that have it. */
  readonly losses: readonly string[];
}

const ALL_LOSSES = ['mse', 'bce', 'crossEntropy'];

export const SWEEP_METRICS = {
  loss: { goal: 'minimize', validation: false, losses: ALL_LOSSES },
  valLoss: { goal: 'minimize', validation: true, losses: ALL_LOSSES },
  accuracy: { goal: 'maximize', validation: false, losses: ['bce', 'crossEntropy'] },
  valAccuracy: { goal: 'maximize', validation: true, losses: ['bce', 'crossEntropy'] },
  perplexity: { goal: 'minimize', validation: false, losses: ['crossEntropy'] },
  valPerplexity: { goal: 'minimize', validation: true, losses: ['crossEntropy'] },
} as const satisfies Record<string, MetricInfo>;

export type MetricName = keyof typeof SWEEP_METRICS;

export const METRIC_NAMES = Object.keys(SWEEP_METRICS) as MetricName[];

export interface SweepMetric {
  readonly name: MetricName;
  readonly goal: Goal;
}

/** An epoch's figures as metrics.ndjson and the trainer's epoch events carry them. */
export type EpochFigures = EpochMetrics & {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss: number | null;
};

export function metricOf(e: EpochFigures, name: MetricName): number | undefined {
  const v = name === 'loss' ? e.loss : name === 'valLoss' ? e.valLoss : e[name];
  return typeof v === 'number' && !Number.isNaN(v) ? v : undefined;
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

/** Whether `a` is better than `b` for the goal (a missing or non-finite value is never better). */
export function isBetter(a: number | undefined, b: number | undefined, goal: Goal): boolean {
  if (a === undefined || !Number.isFinite(a)) return false;
  if (b === undefined || !Number.isFinite(b)) return true;
  return goal === 'minimize' ? a < b : a > b;
}
