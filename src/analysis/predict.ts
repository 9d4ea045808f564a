// `predict`: a run's trained model on its held-out samples (or on given inputs), each output
// beside its target, and the loss and accuracy over them. A CSV forecaster's outputs and
// targets are given back in the CSV's units (its z-scores undone); a text model's also as text.

import type { Dataset } from '../core/dataset';
import { predictSamples } from '../core/inspect';
import { lossAndGradient } from '../core/losses';
import { argmax, countCorrect, hasAccuracy } from '../core/metrics';
import { isCsv } from '../data/spec';
import type { InputSamples } from './inputs';
import type { OpenedRun } from './runModel';

export interface PredictedSample {
  /** Index among the samples predicted (validation samples count from the first held-out one). */
  readonly sample: number;
  /** (T, I) */
  readonly inputShape: [number, number];
  /** (O), or (T, O) with "output": "sequence". */
  readonly output: number[] | number[][];
  readonly target: number[] | number[][] | null;
  /** Text runs: the input characters, the most likely next character at each step, and the true ones. */
  readonly text?: string;
  readonly predicted?: string;
  readonly expected?: string;
}

export interface Predictions {
  readonly epoch: number;
  readonly weightsFile: string;
  readonly which: 'validation' | 'all' | 'input';
  readonly samples: PredictedSample[];
  /** The run's loss over these samples (in the model's units), null without targets. */
  readonly loss: number | null;
  readonly accuracy?: number;
  /** "csv": outputs and targets are in the CSV's units (z-scores undone); "model": as the model computes them. */
  readonly units: 'csv' | 'model';
  /** Names of the output columns where known (CSV target columns, text vocabulary). */
  readonly outputNames?: string[];
}

export function predictRun(run: OpenedRun, input?: InputSamples): Predictions {
  const data = input?.data ?? run.samples.data;
  const hasTargets = input ? input.hasTargets : true;
  const model = run.model();
  const { values, rowsPerSample: R, width: O } = predictSamples(model, data);
  const kind = run.loaded.experiment.training.loss;
  const loss = hasTargets
    ? lossAndGradient(kind, values, data.y, new Float64Array(values.length), data.count * R, O)
    : null;
  const correct = hasTargets && hasAccuracy(kind) ? countCorrect(kind, values, data.y, data.count * R, O) : undefined;
  const denormalize = outputScale(run);
  const rows = (flat: ArrayLike<number>, n: number) =>
    Array.from({ length: R }, (_, r) => Array.from({ length: O }, (_, o) => denormalize(flat[(n * R + r) * O + o], o)));
  const shaped = (m: number[][]) => (data.sequenceTargets || R > 1 ? m : m[0]);
  const samples = Array.from({ length: data.count }, (_, n): PredictedSample => ({
    sample: n,
    inputShape: [data.steps, data.inputSize],
    output: shaped(rows(values, n)),
    target: hasTargets ? shaped(rows(data.y, n)) : null,
    ...(run.vocabulary ? textOf(run.vocabulary, data, values, n, hasTargets) : {}),
  }));
  return {
    epoch: run.epoch,
    weightsFile: run.weightsFile,
    which: input ? 'input' : run.samples.which,
    samples,
    loss,
    ...(correct ? { accuracy: correct.correct / correct.total } : {}),
    units: denormalize === identity ? 'model' : 'csv',
    ...(outputNames(run) ? { outputNames: outputNames(run) } : {}),
  };
}

const identity = (v: number) => v;

/** z-scored CSV targets back to the CSV's units: v·std + mean per target column. */
function outputScale(run: OpenedRun): (v: number, o: number) => number {
  const data = run.loaded.experiment.data;
  const stats = run.record.data?.normalization as Record<string, { mean: number; std: number }> | undefined;
  if (!isCsv(data) || data.normalize !== 'zscore' || !stats) return identity;
  const names = outputNames(run)!;
  const s = names.map((n) => stats[n]);
  if (s.some((x) => !x)) return identity;
  return (v, o) => v * s[o].std + s[o].mean;
}

function outputNames(run: OpenedRun): string[] | undefined {
  const data = run.loaded.experiment.data;
  if (run.vocabulary) return run.vocabulary;
  if (!isCsv(data)) return undefined;
  // Names as the experiment gives them; an index is shown as "column k".
  return data.targets.map((c) => (typeof c === 'string' ? c : `column ${c}`));
}

function textOf(
  vocabulary: readonly string[],
  data: Dataset,
  values: ArrayLike<number>,
  n: number,
  hasTargets: boolean,
) {
  const T = data.steps;
  const V = vocabulary.length;
  const decode = (flat: ArrayLike<number>) =>
    Array.from({ length: T }, (_, t) => vocabulary[argmax(flat, (n * T + t) * V, V)]).join('');
  return { text: decode(data.x), predicted: decode(values), ...(hasTargets ? { expected: decode(data.y) } : {}) };
}
