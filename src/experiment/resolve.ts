// Fills in defaults and checks what the schema cannot: one data source, layer order,
// activations that fit the loss. Paths become absolute, relative to the experiment file.

import * as path from 'node:path';
import { layerOrderProblems, type LayerSpec, type LayerType } from '../core/layers/index';
import type { InitScheme } from '../core/param';
import type { EarlyStoppingSpec } from '../core/earlyStopping';
import type { OptimizerSpec } from '../core/optimizers';
import type { ScheduleSpec } from '../core/schedules';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { DataSpec } from '../data/spec';
import type { JsonDocument } from './jsonDocument';
import type { ResolvedExperiment } from './types';

type Json = Record<string, any>;

const SOURCES = ['x', 'csv', 'text', 'generator'] as const;
const FIELDS_OF_SOURCE: Record<Exclude<(typeof SOURCES)[number], 'generator'>, string[]> = {
  x: ['x', 'y'],
  csv: ['csv', 'features', 'targets', 'window', 'horizon', 'stride', 'normalize'],
  text: ['text', 'seqLength', 'stride'],
};
/** Fields each generator takes besides generator, samples and steps. */
const GENERATOR_FIELDS: Record<string, string[]> = {
  sine: ['noise'],
  addition: [],
  parity: [],
  copy: ['length', 'symbols'],
};

export const EXPERIMENT_SUFFIX = '.rnn.json';

export function defaultName(file: string): string {
  const base = path.basename(file);
  return base.endsWith(EXPERIMENT_SUFFIX) ? base.slice(0, -EXPERIMENT_SUFFIX.length) : base.replace(/\.json$/, '');
}

/** Resolves a schema-valid document; diagnostics are empty when the experiment is usable. */
export function resolveExperiment(doc: JsonDocument): { experiment?: ResolvedExperiment; diagnostics: Diagnostic[] } {
  const { draft, diagnostics } = resolveDraft(doc);
  return diagnostics.length || !draft ? { diagnostics } : { experiment: draft, diagnostics };
}

/**
 * The experiment as far as it resolves despite problems elsewhere in the file (its data and
 * layers are what the file says), for the checks that depend only on those; undefined when
 * its data does not resolve.
 */
export function draftExperiment(doc: JsonDocument): ResolvedExperiment | undefined {
  try {
    return resolveDraft(doc).draft;
  } catch {
    return undefined; // a part the schema refused has a shape resolving cannot read
  }
}

function resolveDraft(doc: JsonDocument): { draft?: ResolvedExperiment; diagnostics: Diagnostic[] } {
  const value = doc.value as Json;
  const diagnostics: Diagnostic[] = [];
  const dir = path.dirname(path.resolve(doc.file));
  const data = resolveData(value.data, doc, dir, diagnostics);
  const layers = (value.model.layers as Json[]).map(resolveLayer);
  checkLayers(layers, doc, diagnostics);
  const training = value.training as Json;
  const loss = training.loss;
  checkLossFitsOutput(layers, loss, doc, diagnostics);
  if (training.earlyStopping?.monitor === 'valLoss' && !((value.data?.validationSplit ?? 0) > 0)) {
    diagnostics.push(
      doc.at(
        ['training', 'earlyStopping', 'monitor'],
        'monitor "valLoss" needs held-out data: set data.validationSplit above 0, or monitor "loss"',
      ),
    );
  }
  const batchSize = training.batchSize ?? 'full';
  const init: InitScheme | { weights: string } = value.model.init ?? defaultInit(layers);
  const experiment: ResolvedExperiment = {
    name: value.name ?? defaultName(doc.file),
    description: value.description ?? '',
    seed: value.seed ?? 0,
    dtype: value.dtype ?? 'float64',
    data: data!,
    model: {
      layers,
      output: value.model.output ?? 'last',
      ...(value.model.dropout ? { dropout: value.model.dropout } : {}),
      init: typeof init === 'string' ? init : { weights: path.resolve(dir, init.weights) },
    },
    training: {
      epochs: training.epochs,
      batchSize,
      // "default true when batchSize < N": the trainer only shuffles when a batch is smaller
      // than the training set, so true is the right default for every batch size.
      shuffle: training.shuffle ?? true,
      loss,
      optimizer: resolveOptimizer(training.optimizer),
      ...(training.clipNorm !== undefined ? { clipNorm: training.clipNorm } : {}),
      ...(training.threads !== undefined ? { threads: training.threads } : {}),
      ...(training.schedule !== undefined ? { schedule: resolveSchedule(training.schedule, training.epochs) } : {}),
      ...(training.earlyStopping !== undefined
        ? { earlyStopping: resolveEarlyStopping(training.earlyStopping, value.data?.validationSplit ?? 0) }
        : {}),
    },
    trace: { shapes: value.trace?.shapes ?? 'first-epoch' },
  };
  return data ? { draft: experiment, diagnostics } : { diagnostics };
}

function resolveData(data: Json, doc: JsonDocument, dir: string, out: Diagnostic[]): DataSpec | undefined {
  const present = SOURCES.filter((s) => data[s] !== undefined);
  if (present.length !== 1) {
    out.push(
      doc.atKey(
        ['data'],
        present.length === 0
          ? 'data needs exactly one source: "x" and "y" (inline), "csv", "text" or "generator"'
          : `data has more than one source (${present.map((s) => `"${s}"`).join(', ')}): keep exactly one`,
      ),
    );
    return undefined;
  }
  const source = present[0];
  const fields =
    source === 'generator'
      ? ['generator', 'samples', 'steps', ...GENERATOR_FIELDS[data.generator]]
      : FIELDS_OF_SOURCE[source];
  const allowed = new Set([...fields, 'validationSplit']);
  for (const key of Object.keys(data)) {
    if (!allowed.has(key)) {
      const what =
        source === 'generator'
          ? `the "${data.generator}" generator`
          : source === 'x'
            ? 'inline data'
            : `${source} data`;
      out.push(doc.atKey(['data', key], `"${key}" does not apply to ${what}`));
    }
  }
  const validationSplit = data.validationSplit ?? 0;
  if (source === 'x') {
    if (data.y === undefined) out.push(doc.atKey(['data'], 'inline data needs "y" as well as "x"'));
    return { x: data.x, y: data.y, validationSplit };
  }
  if (source === 'csv') {
    for (const f of ['features', 'targets'])
      if (data[f] === undefined) out.push(doc.atKey(['data'], `csv data needs "${f}": the columns to use`));
    return {
      csv: path.resolve(dir, data.csv),
      features: data.features ?? [],
      targets: data.targets ?? [],
      window: data.window ?? 10,
      horizon: data.horizon ?? 1,
      stride: data.stride ?? 1,
      normalize: data.normalize ?? 'zscore',
      validationSplit,
    };
  }
  if (source === 'text') {
    const seqLength = data.seqLength ?? 32;
    return { text: path.resolve(dir, data.text), seqLength, stride: data.stride ?? seqLength, validationSplit };
  }
  const generator = data.generator;
  return {
    generator,
    samples: data.samples ?? 256,
    steps: data.steps ?? 20,
    ...(generator === 'sine' ? { noise: data.noise ?? 0 } : {}),
    ...(generator === 'copy' ? { length: data.length ?? 5, symbols: data.symbols ?? 4 } : {}),
    validationSplit,
  };
}

function resolveLayer(layer: Json): LayerSpec {
  const type = layer.type as LayerType;
  switch (type) {
    case 'rnn':
      return {
        type,
        units: layer.units,
        activation: layer.activation ?? 'tanh',
        shareWeights: layer.shareWeights ?? true,
      };
    case 'lstm':
    case 'gru':
      return { type, units: layer.units, shareWeights: layer.shareWeights ?? true };
    case 'dense':
      return { type, units: layer.units, activation: layer.activation ?? 'linear' };
    default:
      throw new Error(`unknown layer type ${String(type satisfies never)}`); // the schema admits none
  }
}

/** The activation of a layer's outputs, where it has one to name (not lstm or gru). */
function outputActivation(layer: LayerSpec): string | undefined {
  return layer.type === 'rnn' || layer.type === 'dense' ? layer.activation : undefined;
}

function checkLayers(layers: LayerSpec[], doc: JsonDocument, out: Diagnostic[]): void {
  for (const [i, message] of layerOrderProblems(layers)) out.push(doc.at(['model', 'layers', i], message));
  layers.forEach((l, i) => {
    if (outputActivation(l) === 'softmax' && i !== layers.length - 1) {
      out.push(doc.at(['model', 'layers', i, 'activation'], 'softmax is only allowed on the last layer'));
    }
  });
}

function checkLossFitsOutput(layers: LayerSpec[], loss: string, doc: JsonDocument, out: Diagnostic[]): void {
  const last = layers[layers.length - 1];
  const activation = outputActivation(last);
  const described = activation ? `its activation is "${activation}"` : `an ${last.type} layer outputs h in (−1, 1)`;
  const lastAt = doc.has(['model', 'layers', layers.length - 1, 'activation'])
    ? ['model', 'layers', layers.length - 1, 'activation']
    : ['model', 'layers', layers.length - 1];
  if (loss === 'crossEntropy' && activation !== 'softmax') {
    out.push(
      doc.at(
        lastAt,
        activation
          ? `loss "crossEntropy" needs a softmax output: set this layer's activation to "softmax" (it is "${activation}")`
          : `loss "crossEntropy" needs a softmax output: add a dense layer with "activation": "softmax" (${described})`,
      ),
    );
  }
  if (loss === 'bce' && activation !== 'sigmoid' && activation !== 'softmax') {
    out.push(
      doc.at(
        lastAt,
        activation
          ? `loss "bce" needs outputs in (0, 1): use a sigmoid output (this layer's activation is "${activation}")`
          : `loss "bce" needs outputs in (0, 1): add a dense layer with "activation": "sigmoid" (${described})`,
      ),
    );
  }
}

/**
 * The init scheme when the file names none: glorot, as RNN Lab always did, unless the model has
 * lstm or gru layers, which start as PyTorch starts them.
 */
export function defaultInit(layers: readonly LayerSpec[]): InitScheme {
  return layers.some((l) => l.type === 'lstm' || l.type === 'gru') ? 'pytorch' : 'glorot';
}

/** torch.optim.lr_scheduler's defaults where it has them; cosine's tMax: the epochs after warmup. */
function resolveSchedule(s: Json, epochs: number): ScheduleSpec {
  const warmup: number = s.warmup ?? 0;
  const type = s.type as ScheduleSpec['type'];
  switch (type) {
    case 'step':
      return { type, stepSize: s.stepSize, gamma: s.gamma ?? 0.1, warmup };
    case 'exponential':
      return { type, gamma: s.gamma, warmup };
    case 'cosine':
      return { type, tMax: s.tMax ?? Math.max(1, epochs - warmup), minLearningRate: s.minLearningRate ?? 0, warmup };
    case 'plateau':
      return {
        type,
        factor: s.factor ?? 0.1,
        patience: s.patience ?? 10,
        threshold: s.threshold ?? 1e-4,
        cooldown: s.cooldown ?? 0,
        minLearningRate: s.minLearningRate ?? 0,
        warmup,
      };
    default:
      throw new Error(`unknown schedule ${String(type satisfies never)}`); // the schema admits none
  }
}

/** monitor defaults to the validation loss when there is validation data, else the training loss. */
function resolveEarlyStopping(e: Json, validationSplit: number): EarlyStoppingSpec {
  return {
    monitor: e.monitor ?? (validationSplit > 0 ? 'valLoss' : 'loss'),
    patience: e.patience ?? 5,
    minDelta: e.minDelta ?? 0,
    restoreBest: e.restoreBest ?? true,
  };
}

function resolveOptimizer(o: Json): OptimizerSpec {
  if (o.type === 'adam' || o.type === 'adamw') {
    return {
      type: o.type,
      learningRate: o.learningRate,
      beta1: o.beta1 ?? 0.9,
      beta2: o.beta2 ?? 0.999,
      epsilon: o.epsilon ?? 1e-8,
      // torch's defaults: Adam's weight_decay 0, AdamW's 0.01
      weightDecay: o.weightDecay ?? (o.type === 'adamw' ? 0.01 : 0),
    };
  }
  return { type: 'sgd', learningRate: o.learningRate, momentum: o.momentum ?? 0, weightDecay: o.weightDecay ?? 0 };
}
