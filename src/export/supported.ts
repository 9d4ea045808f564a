// What the PyTorch export reproduces. Anything else that changes how a model trains — a
// setting added to RNN Lab after the exporter learned its settings — stops the export with
// its name, instead of a train.py that silently trains differently.

import type { ResolvedExperiment } from '../experiment/types';

/** Settings train.py reproduces, per section of the resolved experiment. */
const EXPORTED = {
  model: ['layers', 'output', 'init'],
  layer: ['type', 'units', 'activation', 'shareWeights'],
  // threads changes only how fast RNN Lab computes, never its results
  training: ['epochs', 'batchSize', 'shuffle', 'loss', 'optimizer', 'clipNorm', 'threads', 'schedule', 'earlyStopping'],
  optimizer: ['type', 'learningRate', 'momentum', 'beta1', 'beta2', 'epsilon', 'weightDecay'],
} as const;
const OPTIMIZERS = ['sgd', 'adam', 'adamw'];

/** A setting with no effect: absent, off, or zero. */
function inert(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === 0;
}

function unknownKeys(section: object, known: readonly string[], at: string): string[] {
  return Object.entries(section)
    .filter(([k, v]) => !known.includes(k) && !inert(v))
    .map(([k]) => `${at}.${k}`);
}

/** The settings of `e` the export cannot reproduce, by their path ("training.schedule"). */
export function settingsNotExported(e: ResolvedExperiment): string[] {
  const optimizer = e.training.optimizer as { type: string };
  return [
    ...unknownKeys(e.model, EXPORTED.model, 'model'),
    ...e.model.layers.flatMap((l, i) => unknownKeys(l, EXPORTED.layer, `model.layers[${i}]`)),
    ...unknownKeys(e.training, EXPORTED.training, 'training'),
    ...unknownKeys(optimizer, EXPORTED.optimizer, 'training.optimizer'),
    ...(OPTIMIZERS.includes(optimizer.type) ? [] : [`training.optimizer.type "${optimizer.type}"`]),
  ];
}
