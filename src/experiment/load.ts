// Reads an experiment file and everything it refers to, and returns either a ready-to-train
// experiment or every problem found, each placed in the file it is about.

import * as path from 'node:path';
import { splitDataset, type Dataset } from '../core/dataset';
import { TRAINER_MEMORY_BYTES, trainingFootprint, type Footprint } from '../core/footprint';
import type { ModelSpec } from '../core/model';
import type { TraceMode } from '../core/trace';
import type { TrainerConfig } from '../core/trainer';
import { weightsProblems } from '../core/weights';
import { loadCsv } from '../data/csv';
import { planGenerator } from '../data/generators';
import { loadInline } from '../data/inline';
import { MAX_EXPERIMENT_FILE_BYTES, MAX_SAMPLE_BYTES, MAX_WEIGHTS_FILE_BYTES } from '../data/limits';
import { readReferencedFile, readTextFile, tooLarge } from '../data/readFailure';
import type { DataResult } from '../data/result';
import { isCsv, isGenerator, isInline, isText, type DataPlan, type DatasetShape } from '../data/spec';
import { loadText } from '../data/text';
import { noTrainingSample, trainingCount } from '../data/validationSplit';
import { diagnosticAt, type Diagnostic } from '../diagnostics/diagnostic';
import { formatBytes, formatCount } from '../diagnostics/quantities';
import { JsonDocument, type JSONPath } from './jsonDocument';
import { draftExperiment, resolveExperiment } from './resolve';
import { schemaCheck } from './schemaCheck';
import type { ResolvedExperiment } from './types';

export interface LoadedExperiment {
  /** Absolute path of the experiment file. */
  readonly file: string;
  readonly experiment: ResolvedExperiment;
  readonly dataset: Dataset;
  /** The parsed init weights file, when model.init names one. */
  readonly initWeights?: unknown;
  /** Facts about the data worth recording with a run (vocabulary, normalisation). */
  readonly dataInfo?: Record<string, unknown>;
}

/**
 * An experiment that passed every check training would make, before its samples are built:
 * their shape, and what training will take in memory, are computed from the description.
 */
export interface CheckedExperiment extends Omit<LoadedExperiment, 'dataset'> {
  readonly shape: DatasetShape;
  readonly footprint: Footprint;
  /** The samples; only training builds them (they are known to fit). */
  readonly buildDataset: () => Dataset;
}

export interface LoadOverrides {
  readonly epochs?: number;
  readonly trace?: TraceMode;
  /** Used when the file has no "trace" section (the editor's rnnLab.trace setting). */
  readonly defaultTrace?: TraceMode;
}

export interface LoadResult {
  readonly loaded?: LoadedExperiment;
  readonly diagnostics: Diagnostic[];
}

/** `text` stands in for the file's contents (an editor's unsaved buffer). Builds the samples. */
export async function loadExperiment(file: string, overrides: LoadOverrides = {}, text?: string): Promise<LoadResult> {
  const { checked, diagnostics } = await checkExperiment(file, overrides, text);
  if (!checked) return { diagnostics };
  const { shape: _shape, footprint: _footprint, buildDataset, ...loaded } = checked;
  return { diagnostics: [], loaded: { ...loaded, dataset: buildDataset() } };
}

/**
 * Every check training would make (`rnn-lab validate`, the editor's diagnostics), without
 * building the samples: sizes come from the description, and what cannot fit is refused here.
 */
export async function checkExperiment(
  file: string,
  overrides: LoadOverrides = {},
  text?: string,
): Promise<{ checked?: CheckedExperiment; diagnostics: Diagnostic[] }> {
  const absolute = path.resolve(file);
  if (text === undefined) {
    const read = await readTextFile(absolute, 'an experiment file', MAX_EXPERIMENT_FILE_BYTES);
    if ('problem' in read) return { diagnostics: [diagnosticAt(absolute, 1, 1, read.problem)] };
    text = read.text;
  } else if (text.length > MAX_EXPERIMENT_FILE_BYTES) {
    return {
      diagnostics: [diagnosticAt(absolute, 1, 1, tooLarge(absolute, 'an experiment file', MAX_EXPERIMENT_FILE_BYTES))],
    };
  }
  const doc = new JsonDocument(absolute, text);
  if (doc.syntaxErrors.length) return { diagnostics: doc.syntaxErrors };
  const structural = schemaCheck(doc);
  if (structural.diagnostics.length)
    return { diagnostics: [...structural.diagnostics, ...(await fitBeside(doc, structural.paths))] };
  const resolved = resolveExperiment(doc);
  if (!resolved.experiment) return { diagnostics: [...resolved.diagnostics, ...(await fitBeside(doc))] };
  const fileSetsTrace = doc.has(['trace', 'shapes']);
  const experiment = applyOverrides(resolved.experiment, {
    ...overrides,
    trace: overrides.trace ?? (fileSetsTrace ? undefined : overrides.defaultTrace),
  });

  const data = await planData(experiment, doc);
  if (!data.plan) return { diagnostics: data.diagnostics };
  const { shape } = data.plan;
  const fit = checkDataFitsModel(experiment, shape, doc);
  if (fit.length) return { diagnostics: fit };
  const tooMany = checkSampleBytes(data.plan, doc);
  if (tooMany) return { diagnostics: [tooMany] };
  const memory = checkFootprint(experiment, shape, doc);
  if ('problem' in memory) return { diagnostics: [memory.problem] };

  let initWeights: unknown;
  if (typeof experiment.model.init === 'object') {
    const weights = await loadInitWeights(experiment, shape, doc);
    if (weights.diagnostics.length) return { diagnostics: weights.diagnostics };
    initWeights = weights.value;
  }
  return {
    diagnostics: [],
    checked: {
      file: absolute,
      experiment,
      initWeights,
      dataInfo: data.info,
      shape,
      footprint: memory.footprint,
      buildDataset: () => data.plan!.build(),
    },
  };
}

/**
 * Whether the data fits the model, checked beside the other problems of a file (every
 * independent problem at once): only when no problem is in "data" or "model" (`problemPaths`).
 */
async function fitBeside(doc: JsonDocument, problemPaths: readonly JSONPath[] = []): Promise<Diagnostic[]> {
  if (problemPaths.some((p) => p.length === 0 || p[0] === 'data' || p[0] === 'model')) return [];
  const experiment = draftExperiment(doc);
  if (!experiment) return [];
  const data = await planData(experiment, doc);
  return data.plan ? checkDataFitsModel(experiment, data.plan.shape, doc) : [];
}

function applyOverrides(e: ResolvedExperiment, o: LoadOverrides): ResolvedExperiment {
  return {
    ...e,
    training: o.epochs !== undefined ? { ...e.training, epochs: o.epochs } : e.training,
    trace: o.trace !== undefined ? { shapes: o.trace } : e.trace,
  };
}

async function planData(e: ResolvedExperiment, doc: JsonDocument): Promise<DataResult> {
  const spec = e.data;
  if (isInline(spec)) return loadInline(spec, doc);
  if (isCsv(spec)) return loadCsv(spec, doc);
  if (isText(spec)) return loadText(spec, doc);
  if (isGenerator(spec)) return planGenerator(spec, e.seed, doc);
  throw new Error('unreachable: resolveExperiment guarantees one data source');
}

/** Shapes the data imposes on the model: output mode, target width, enough samples. */
function checkDataFitsModel(e: ResolvedExperiment, d: DatasetShape, doc: JsonDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const layers = e.model.layers;
  const lastIndex = layers.length - 1;
  const outputAt = doc.has(['model', 'output']) ? ['model', 'output'] : ['model'];
  if (d.sequenceTargets && e.model.output !== 'sequence') {
    out.push(doc.at(outputAt, 'the targets have a value at every step (B, T, O): set "output": "sequence"'));
  } else if (!d.sequenceTargets && e.model.output === 'sequence') {
    out.push(doc.at(outputAt, 'output "sequence" needs a target at every step, (B, T, O); these targets are (B, O)'));
  }
  const width = layers[lastIndex].units;
  if (width !== d.outputSize) {
    const what = isText(e.data)
      ? `the text has ${d.outputSize} distinct characters (the vocabulary)`
      : `the targets have width ${d.outputSize}`;
    out.push(
      doc.at(
        ['model', 'layers', lastIndex, 'units'],
        `the last layer has ${width} units but ${what}: they must be equal`,
      ),
    );
  }
  const noTraining = noTrainingSample(d.count, e.data.validationSplit, doc);
  if (noTraining) out.push(noTraining);
  return out;
}

/** The samples as the trainer holds them: x and y in float64. */
function checkSampleBytes(plan: DataPlan, doc: JsonDocument): Diagnostic | undefined {
  const { count: N, steps: T, inputSize: I, outputSize: O, sequenceTargets } = plan.shape;
  const bytes = 8 * (N * T * I + N * (sequenceTargets ? T : 1) * O);
  if (bytes <= MAX_SAMPLE_BYTES) return undefined;
  return doc.at(
    plan.sizeField,
    `the samples need ${formatBytes(bytes)} in float64 (${formatCount(N)} samples × ${formatCount(T)} steps × ` +
      `${formatCount(I)} inputs, and their targets); RNN Lab holds at most ${formatBytes(MAX_SAMPLE_BYTES)} of samples`,
  );
}

/** The model, its gradients and the workspace of its batches must fit the trainer's memory. */
function checkFootprint(
  e: ResolvedExperiment,
  d: DatasetShape,
  doc: JsonDocument,
): { footprint: Footprint } | { problem: Diagnostic } {
  const trainCount = trainingCount(d.count, e.data.validationSplit);
  const footprint = trainingFootprint(modelSpec(e, d), e.dtype, {
    trainCount,
    validationCount: d.count - trainCount,
    batchSize: e.training.batchSize,
    sequenceTargets: d.sequenceTargets,
  });
  if (footprint.bytes <= TRAINER_MEMORY_BYTES) return { footprint };
  const cap = `the trainer can hold ${formatBytes(TRAINER_MEMORY_BYTES)}`;
  const batches = `batches of ${formatCount(footprint.batch)} samples × ${formatCount(d.steps)} steps`;
  if (footprint.parameterBytes >= footprint.workspaceBytes) {
    const largest = footprint.layers.reduce((a, b) => (b.parameters > a.parameters ? b : a));
    return {
      problem: doc.at(
        ['model', 'layers', largest.index, 'units'],
        `the model needs ${formatBytes(footprint.bytes)} ` +
          `(${formatCount(footprint.parameters)} parameters in ${e.dtype} with their gradients, and the workspace for ${batches}); ${cap}`,
      ),
    };
  }
  const full = e.training.batchSize === 'full' ? ' (batchSize "full": every training sample in one batch)' : '';
  const advice = footprint.batch > 1 ? ': use a smaller batchSize' : ': use fewer steps or units';
  const at =
    footprint.batch > 1
      ? ['training', doc.has(['training', 'batchSize']) ? 'batchSize' : 'epochs']
      : ['model', 'layers', 0, 'units'];
  return {
    problem: doc.at(
      at,
      `training needs ${formatBytes(footprint.bytes)}: the workspace for ${batches}${full} takes ` +
        `${formatBytes(footprint.workspaceBytes)}, the ${formatCount(footprint.parameters)} parameters and their gradients ` +
        `${formatBytes(footprint.parameterBytes)}; ${cap}${advice}`,
    ),
  };
}

/**
 * The init weights file, checked against the model. It is parsed with JSON.parse (compact);
 * only a file with problems is parsed again with positions, to place them.
 */
async function loadInitWeights(
  e: ResolvedExperiment,
  d: DatasetShape,
  doc: JsonDocument,
): Promise<{ value?: unknown; diagnostics: Diagnostic[] }> {
  const file = (e.model.init as { weights: string }).weights;
  const read = await readReferencedFile(file, 'a weights file', MAX_WEIGHTS_FILE_BYTES, (message) =>
    doc.at(['model', 'init', 'weights'], message),
  );
  if ('problem' in read) return { diagnostics: [read.problem] };
  let value: unknown;
  let weightsDoc: JsonDocument | undefined;
  try {
    value = JSON.parse(read.text);
  } catch {
    weightsDoc = new JsonDocument(file, read.text);
    if (weightsDoc.syntaxErrors.length) return { diagnostics: weightsDoc.syntaxErrors };
    value = weightsDoc.value;
  }
  // Shapes only: training builds the one model that imports these weights.
  const problems = weightsProblems(modelSpec(e, d), value);
  if (problems.length === 0) return { value, diagnostics: [] };
  const positioned = weightsDoc ?? new JsonDocument(file, read.text);
  return { diagnostics: problems.map((p) => positioned.at(p.path, p.message)) };
}

/** The model an experiment describes, sized by its data. */
export function modelSpec(e: ResolvedExperiment, d: DatasetShape): ModelSpec {
  return {
    inputSize: d.inputSize,
    steps: d.steps,
    layers: e.model.layers,
    output: e.model.output,
    dropout: e.model.dropout,
  };
}

/** The trainer's view of a loaded experiment. */
export function trainerConfig(loaded: LoadedExperiment): TrainerConfig {
  const { experiment: e, dataset } = loaded;
  const { train, validation } = splitDataset(dataset, e.data.validationSplit);
  return {
    seed: e.seed,
    dtype: e.dtype,
    model: modelSpec(e, dataset),
    init: typeof e.model.init === 'string' ? e.model.init : { weights: loaded.initWeights },
    training: e.training,
    trace: e.trace.shapes,
    train,
    validation,
  };
}
