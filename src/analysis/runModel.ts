// A finished (or stopped) run brought back to life for predict, inspect and sample: its
// recorded experiment.json loaded as training loaded it (same windows, normalisation,
// vocabulary — checked against what run.json recorded), and its weights, final or of a kept
// epoch, in a model of the run's dtype.

import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { splitDataset, type Dataset } from '../core/dataset';
import { tensorMemory } from '../core/memory';
import { Model } from '../core/model';
import { importWeights } from '../core/weights';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import { MAX_WEIGHTS_FILE_BYTES } from '../data/limits';
import { kindOf, readTextFile } from '../data/readFailure';
import { isCsv, isText } from '../data/spec';
import { loadExperiment, modelSpec, type LoadedExperiment } from '../experiment/load';
import { checkpointEpochs, checkpointFile } from '../runs/checkpoints';
import type { RunRecord } from '../runs/runRecord';
import { readRunEntry } from '../runs/runStore';

export interface OpenedRun {
  readonly runDir: string;
  readonly record: RunRecord;
  readonly loaded: LoadedExperiment;
  /** The epoch whose weights these are; for weights.json, the last completed epoch (or the one restoreBest restored). */
  readonly epoch: number;
  /** Which file the weights came from: "weights.json" or "checkpoints/epoch-E.json". */
  readonly weightsFile: string;
  /** Text runs: the vocabulary, one character (code point) per class, in class order. */
  readonly vocabulary?: string[];
  /** The samples predict and inspect use unless told otherwise: the held-out ones, or all. */
  readonly samples: { readonly data: Dataset; readonly which: 'validation' | 'all' };
  /** The trained model over `steps` steps (default: the run's T); other step counts need shared weights. */
  model(steps?: number): Model;
}

export type Opened = { readonly run: OpenedRun } | { readonly error: string };

/** Opens a run at its final weights (or, with `epoch`, a kept checkpoint's). */
export async function openRun(runDir: string, epoch?: number): Promise<Opened> {
  const dir = path.resolve(runDir);
  const notRunDir = await directoryProblem(dir);
  if (notRunDir) return { error: notRunDir };
  const entry = await readRunEntry(dir, () => true);
  if (entry.kind === 'damaged') return { error: `not a run directory: ${entry.reason}` };
  const record = entry.record;
  const weights = await readWeights(dir, record, epoch);
  if ('error' in weights) return weights;
  const { loaded, diagnostics } = await loadExperiment(path.join(dir, 'experiment.json'));
  if (!loaded)
    return { error: `its experiment.json no longer loads: ${diagnostics.map((d) => formatDiagnostic(d)).join('; ')}` };
  const changed = dataChange(record, loaded);
  if (changed) return { error: changed };
  const e = loaded.experiment;
  const { validation } = splitDataset(loaded.dataset, e.data.validationSplit);
  const vocabulary = isText(e.data)
    ? Array.from(typeof loaded.dataInfo?.vocabulary === 'string' ? loaded.dataInfo.vocabulary : '')
    : undefined;
  const baseSpec = modelSpec(e, loaded.dataset);
  const model = (steps = baseSpec.steps): Model => {
    if (steps !== baseSpec.steps) {
      const perStep = e.model.layers.findIndex((l) => l.type !== 'dense' && !l.shareWeights);
      if (perStep >= 0)
        throw new StepsError(
          `layer ${perStep} has weights per step: it reads exactly ${baseSpec.steps} steps, not ${steps}`,
        );
    }
    const m = new Model({ ...baseSpec, steps }, tensorMemory(e.dtype));
    const problems = importWeights(m, weights.value);
    if (problems.length) throw new Error(`${weights.file} does not fit the model: ${problems[0].message}`);
    return m;
  };
  try {
    model(); // fails here, not later, when the weights do not fit
  } catch (err) {
    return { error: (err as Error).message };
  }
  return {
    run: {
      runDir: dir,
      record,
      loaded,
      epoch: weights.epoch,
      weightsFile: weights.file,
      vocabulary,
      model,
      samples:
        validation && validation.count > 0
          ? { data: validation, which: 'validation' }
          : { data: loaded.dataset, which: 'all' },
    },
  };
}

/** A model asked for a step count its weights cannot serve (weights per step). */
export class StepsError extends Error {}

async function readWeights(
  dir: string,
  record: RunRecord,
  epoch: number | undefined,
): Promise<{ value: unknown; epoch: number; file: string } | { error: string }> {
  const kept = checkpointEpochs(dir);
  /** A weights file of the run: a regular file within the weights limit, parsed (not yet checked against the model). */
  const read = async (file: string): Promise<{ value: unknown } | { error: string; missing: boolean }> => {
    const text = await readTextFile(path.join(dir, file), 'a weights file', MAX_WEIGHTS_FILE_BYTES);
    if ('problem' in text) return { error: text.problem, missing: text.problem.startsWith('file not found') };
    try {
      return { value: JSON.parse(text.text) as unknown };
    } catch (err) {
      return { error: `${file} is not valid JSON (${(err as Error).message.slice(0, 200)})`, missing: false };
    }
  };
  const checkpoint = async (e: number) => {
    const file = path.relative(dir, checkpointFile(dir, e));
    const weights = await read(file);
    return 'error' in weights ? { error: weights.error } : { value: weights.value, epoch: e, file };
  };
  if (epoch !== undefined) {
    if (kept.includes(epoch)) return checkpoint(epoch);
    return {
      error: `epoch ${epoch} has no checkpoint; ${kept.length ? `this run kept epochs ${kept.join(', ')}` : 'this run kept none'}`,
    };
  }
  const final = await read('weights.json');
  if ('value' in final) {
    const restored = record.restoredEpoch ?? record.epochsCompleted;
    return { value: final.value, epoch: Number.isSafeInteger(restored) ? restored : 0, file: 'weights.json' };
  }
  if (!final.missing) return { error: final.error };
  // No final weights (a failed or interrupted run): the latest kept epoch, if any.
  if (kept.length) return checkpoint(kept[kept.length - 1]);
  return { error: `the run kept no weights (it is ${record.status}, with no weights.json and no checkpoints)` };
}

/** Why `dir` is not a folder to open as a run (asked of the file system: nothing is opened). */
async function directoryProblem(dir: string): Promise<string | undefined> {
  const stats = await stat(dir).catch(() => undefined); // missing: said as "run.json is missing"
  return !stats || stats.isDirectory() ? undefined : `expected a run directory, found ${kindOf(stats)}: ${dir}`;
}

/** The data must read as it did for training: a changed text or CSV file changes the vocabulary or the z-scores. */
function dataChange(record: RunRecord, loaded: LoadedExperiment): string | undefined {
  const then = record.data ?? {};
  const now = loaded.dataInfo ?? {};
  for (const key of ['vocabulary', 'normalization'] as const) {
    if (then[key] !== undefined && JSON.stringify(then[key]) !== JSON.stringify(now[key])) {
      return `the data changed since this run was trained: its ${key} is not the one run.json recorded (${dataFileOf(loaded)})`;
    }
  }
  return undefined;
}

function dataFileOf(loaded: LoadedExperiment): string {
  const d = loaded.experiment.data;
  return isText(d) ? d.text : isCsv(d) ? d.csv : 'experiment.json';
}
