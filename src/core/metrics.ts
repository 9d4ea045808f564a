// Figures recorded beside the loss: accuracy for the classification losses, perplexity for
// cross-entropy, and which epoch was the best. Pure computation on predictions the trainer
// already has (no extra forward pass).
//
// accuracy, crossEntropy: a row (a sample, or a step of a sample with "output": "sequence")
//   is right when the argmax of the prediction is the argmax of the target (first on ties).
// accuracy, bce: every output element is a yes/no answer, right when (p > 0.5) = (y > 0.5).
// perplexity = exp(mean cross-entropy per row) = exp(loss) for crossEntropy, whose loss is
//   that mean (per character, for a character model).

import type { LossKind } from './losses';

/** The metric fields of an epoch event (docs/reference/trace-and-events.md); absent where they do not apply. */
export interface EpochMetrics {
  /** Fraction of right answers over the epoch's training batches, each before its update (as the loss). */
  readonly accuracy?: number;
  /** The same on the validation samples after the epoch; only with a validation split. */
  readonly valAccuracy?: number;
  /** exp(loss); crossEntropy only. */
  readonly perplexity?: number;
  /** exp(valLoss); crossEntropy with a validation split only. */
  readonly valPerplexity?: number;
}

/** Whether a loss has an accuracy: the classification losses. */
export function hasAccuracy(kind: LossKind): boolean {
  return kind === 'crossEntropy' || kind === 'bce';
}

/**
 * Right answers among predictions p and targets y, both (rows, width) row-major.
 * `total` is rows for crossEntropy (one answer per row), rows·width for bce, 0 for mse.
 */
export function countCorrect(
  kind: LossKind,
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
  width: number,
): { correct: number; total: number } {
  let correct = 0;
  switch (kind) {
    case 'crossEntropy':
      for (let r = 0; r < rows; r++) {
        const o = r * width;
        if (argmax(p, o, width) === argmax(y, o, width)) correct++;
      }
      return { correct, total: rows };
    case 'bce':
      for (let i = 0; i < rows * width; i++) if (p[i] > 0.5 === y[i] > 0.5) correct++;
      return { correct, total: rows * width };
    case 'mse':
      return { correct: 0, total: 0 };
  }
}

/** Index of the largest of values[offset, offset + width): the first one on ties. */
export function argmax(values: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let k = 1; k < width; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}

/** Right answers summed over batches (the counts weight every row alike, as the loss weighs samples). */
export class AccuracyCounter {
  private correct = 0;
  private total = 0;

  constructor(private readonly kind: LossKind) {}

  reset(): void {
    this.correct = 0;
    this.total = 0;
  }

  add(
    prediction: { readonly values: ArrayLike<number>; readonly rows: number; readonly width: number },
    y: ArrayLike<number>,
  ): void {
    if (!hasAccuracy(this.kind)) return;
    const c = countCorrect(this.kind, prediction.values, y, prediction.rows, prediction.width);
    this.correct += c.correct;
    this.total += c.total;
  }

  value(): number | undefined {
    return this.total > 0 ? this.correct / this.total : undefined;
  }
}

/** The trainer's metrics of one epoch: a counter for the training batches and one for validation. */
export class MetricsMeter {
  readonly train: AccuracyCounter;
  readonly validation: AccuracyCounter;

  constructor(private readonly kind: LossKind) {
    this.train = new AccuracyCounter(kind);
    this.validation = new AccuracyCounter(kind);
  }

  /** The epoch's fields from its counters and losses (valLoss null: no validation). */
  fields(loss: number, valLoss: number | null): EpochMetrics {
    const accuracy = this.train.value();
    const valAccuracy = valLoss === null ? undefined : this.validation.value();
    const ce = this.kind === 'crossEntropy';
    return {
      ...(accuracy !== undefined ? { accuracy } : {}),
      ...(valAccuracy !== undefined ? { valAccuracy } : {}),
      ...(ce ? { perplexity: Math.exp(loss) } : {}),
      ...(ce && valLoss !== null ? { valPerplexity: Math.exp(valLoss) } : {}),
    };
  }
}

/** The best epoch: the lowest validation loss when the run has one, else the lowest training loss. */
export interface BestEpoch {
  readonly epoch: number;
  readonly by: 'valLoss' | 'loss';
  /** That epoch's valLoss (or loss). */
  readonly value: number;
}

interface LossPoint {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss: number | null;
}

/** Follows the epochs as they come; the earliest epoch wins a tie. Non-finite losses never win. */
export class BestEpochTracker {
  best: BestEpoch | undefined;

  /** Returns true when this epoch is the new best. */
  observe(p: LossPoint): boolean {
    const by = p.valLoss !== null && p.valLoss !== undefined ? 'valLoss' : 'loss';
    const value = by === 'valLoss' ? p.valLoss! : p.loss;
    if (!Number.isFinite(value)) return false;
    // A run has a validation loss in every epoch or in none; valLoss outranks loss if mixed.
    const better =
      !this.best || (by === 'valLoss' && this.best.by === 'loss') || (by === this.best.by && value < this.best.value);
    if (better) this.best = { epoch: p.epoch, by, value };
    return better;
  }
}

/** The best epoch of a whole history (the panel's view of metrics.ndjson). */
export function bestEpoch(points: readonly LossPoint[]): BestEpoch | undefined {
  const tracker = new BestEpochTracker();
  for (const p of points) tracker.observe(p);
  return tracker.best;
}

/** Only the metric fields of an epoch event (run.json's finalMetrics). */
export function metricFields(e: EpochMetrics): EpochMetrics {
  const { accuracy, valAccuracy, perplexity, valPerplexity } = e;
  return Object.fromEntries(
    Object.entries({ accuracy, valAccuracy, perplexity, valPerplexity }).filter(([, v]) => v !== undefined),
  );
}
