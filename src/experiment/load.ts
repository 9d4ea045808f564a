// Reads an experiment file and everything it refers to, and returns either a ready-to-train
// experiment or every problem found, each placed in the file it is about.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { splitDataset, type Dataset } from '../core/dataset';
import { Model, type ModelSpec } from '../core/model';
import type { TraceMode } from '../core/trace';
import type { TrainerConfig } from '../core/trainer';
import { importWeights } from '../core/weights';
import { loadCsv } from '../data/csv';
import { generate } from '../data/generators';
import { loadInline } from '../data/inline';
import { readFailure, readReferencedFile } from '../data/readFailure';
import type { DataResult } from '../data/result';
import { isCsv, isGenerator, isInline, isText } from '../data/spec';
import { loadText } from '../data/text';
import { noTrainingSample } from '../data/validationSplit';
import { diagnosticAt, type Diagnostic } from '../diagnostics/diagnostic';
import { JsonDocument } from './jsonDocument';
import { resolveExperiment } from './resolve';
import { schemaDiagnostics } from './schemaCheck';
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

/** `text` stands in for the file's contents (an editor's unsaved buffer). */
export async function loadExperiment(file: string, overrides: LoadOverrides = {}, text?: string): Promise<LoadResult> {
  const absolute = path.resolve(file);
  if (text === undefined) {
    try {
      text = await readFile(absolute, 'utf8');
    } catch (err) {
      return { diagnostics: [diagnosticAt(absolute, 1, 1, readFailure(absolute, err))] };
    }
  }
  const doc = new JsonDocument(absolute, text);
  if (doc.syntaxErrors.length) return { diagnostics: doc.syntaxErrors };
  const structural = schemaDiagnostics(doc);
  if (structural.length) return { diagnostics: structural };
  const resolved = resolveExperiment(doc);
  if (!resolved.experiment) return { diagnostics: resolved.diagnostics };
  const fileSetsTrace = doc.has(['trace', 'shapes']);
  const experiment = applyOverrides(resolved.experiment, {
    ...overrides,
    trace: overrides.trace ?? (fileSetsTrace ? undefined : overrides.defaultTrace),
  });

  const data = await loadData(experiment, doc);
  if (!data.dataset) return { diagnostics: data.diagnostics };
  const fit = checkDataFitsModel(experiment, data.dataset, doc);
  if (fit.length) return { diagnostics: fit };

  let initWeights: unknown;
  if (typeof experiment.model.init === 'object') {
    const weights = await loadInitWeights(experiment, data.dataset, doc);
    if (weights.diagnostics.length) return { diagnostics: weights.diagnostics };
    initWeights = weights.value;
  }
  return { diagnostics: [], loaded: { file: absolute, experiment, dataset: data.dataset, initWeights, dataInfo: data.info } };
}

function applyOverrides(e: ResolvedExperiment, o: LoadOverrides): ResolvedExperiment {
  return {
    ...e,
    training: o.epochs !== undefined ? { ...e.training, epochs: o.epochs } : e.training,
    trace: o.trace !== undefined ? { shapes: o.trace } : e.trace,
  };
}

async function loadData(e: ResolvedExperiment, doc: JsonDocument): Promise<DataResult> {
  const spec = e.data;
  if (isInline(spec)) return loadInline(spec, doc);
  if (isCsv(spec)) return loadCsv(spec, doc);
  if (isText(spec)) return loadText(spec, doc);
  if (isGenerator(spec)) {
    if (spec.generator === 'copy' && spec.steps < 2 * spec.length! + 1) {
      return { diagnostics: [doc.at(['data', doc.has(['data', 'steps']) ? 'steps' : 'length'],
        `the copy task needs steps ≥ 2·length + 1 = ${2 * spec.length! + 1} (steps is ${spec.steps})`)] };
    }
    return { dataset: generate(spec, e.seed), diagnostics: [] };
  }
  throw new Error('unreachable: resolveExperiment guarantees one data source');
}

/** Shapes the data imposes on the model: output mode, target width, enough samples. */
function checkDataFitsModel(e: ResolvedExperiment, d: Dataset, doc: JsonDocument): Diagnostic[] {
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
    const what = isText(e.data) ? `the text has ${d.outputSize} distinct characters (the vocabulary)` : `the targets have width ${d.outputSize}`;
    out.push(doc.at(['model', 'layers', lastIndex, 'units'], `the last layer has ${width} units but ${what}: they must be equal`));
  }
  const noTraining = noTrainingSample(d.count, e.data.validationSplit, doc);
  if (noTraining) out.push(noTraining);
  return out;
}

async function loadInitWeights(e: ResolvedExperiment, d: Dataset, doc: JsonDocument): Promise<{ value?: unknown; diagnostics: Diagnostic[] }> {
  const file = (e.model.init as { weights: string }).weights;
  const read = await readReferencedFile(file, (message) => doc.at(['model', 'init', 'weights'], message));
  if ('problem' in read) return { diagnostics: [read.problem] };
  const weightsDoc = new JsonDocument(file, read.text);
  if (weightsDoc.syntaxErrors.length) return { diagnostics: weightsDoc.syntaxErrors };
  const model = new Model(modelSpec(e, d), 'float64');
  const problems = importWeights(model, weightsDoc.value);
  if (problems.length) return { diagnostics: problems.map((p) => weightsDoc.at(p.path, p.message)) };
  return { value: weightsDoc.value, diagnostics: [] };
}

/** The model an experiment describes, sized by its data. */
export function modelSpec(e: ResolvedExperiment, d: Dataset): ModelSpec {
  return { inputSize: d.inputSize, steps: d.steps, layers: e.model.layers, output: e.model.output, dropout: e.model.dropout };
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
