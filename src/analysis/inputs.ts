// Inputs given to predict and inspect instead of the run's own samples, read the way training
// read its data: text through the run's vocabulary; a CSV through the experiment's columns,
// windows and recorded z-scores; a JSON file of x (B, T, I) (and y) as inline data is written.

import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Dataset } from '../core/dataset';
import { isCsv, isText, type CsvData } from '../data/spec';
import { loadExperiment } from '../experiment/load';
import type { OpenedRun } from './runModel';

/** Samples to run, and whether their targets are real (false: y is zeros). */
export interface InputSamples {
  readonly data: Dataset;
  readonly hasTargets: boolean;
}

export type InputResult = InputSamples | { readonly error: string };

/** An input file larger than this is refused (predict holds it in memory). */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function readInputFile(run: OpenedRun, file: string): Promise<InputResult> {
  const absolute = path.resolve(file);
  try {
    if ((await stat(absolute)).size > MAX_INPUT_BYTES)
      return { error: `${file} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB` };
  } catch (err) {
    return { error: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const data = run.loaded.experiment.data;
  if (isText(data)) return textSamples(run, await readFile(absolute, 'utf8'));
  if (isCsv(data)) return csvSamples(run, absolute, data);
  return jsonSamples(run, absolute, await readFile(absolute, 'utf8'));
}

/** The run's one-hot encoding of `text`; unknown characters are named. */
export function encodeText(run: OpenedRun, text: string): { indices: number[] } | { error: string } {
  const vocabulary = run.vocabulary ?? [];
  const index = new Map(vocabulary.map((c, i) => [c, i]));
  const chars = Array.from(text.replace(/\r\n/g, '\n'));
  const unknown = [...new Set(chars.filter((c) => !index.has(c)))];
  if (unknown.length) {
    const shown = unknown
      .slice(0, 10)
      .map((c) => JSON.stringify(c))
      .join(', ');
    return {
      error: `unknown character${unknown.length > 1 ? 's' : ''} ${shown}${unknown.length > 10 ? ', …' : ''}: not in the run's vocabulary of ${vocabulary.length} (${JSON.stringify(vocabulary.join(''))})`,
    };
  }
  return { indices: chars.map((c) => index.get(c)!) };
}

/** Non-overlapping sequences of T characters, each with its T next characters as targets. */
export function textSamples(run: OpenedRun, text: string): InputResult {
  const encoded = encodeText(run, text);
  if ('error' in encoded) return encoded;
  const { indices } = encoded;
  const T = run.loaded.dataset.steps;
  const V = run.vocabulary!.length;
  const N = Math.floor((indices.length - 1) / T);
  if (N < 1)
    return {
      error: `the text has ${indices.length} characters; the run reads ${T} at a time and needs ${T + 1} (the last one as the target)`,
    };
  const x = new Float64Array(N * T * V);
  const y = new Float64Array(N * T * V);
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < T; t++) {
      x[(n * T + t) * V + indices[n * T + t]] = 1;
      y[(n * T + t) * V + indices[n * T + t + 1]] = 1;
    }
  }
  return { data: { count: N, steps: T, inputSize: V, outputSize: V, sequenceTargets: true, x, y }, hasTargets: true };
}

/**
 * The run's windows over another CSV with the same columns: read by the run's own loader (so
 * windows, horizon and stride are the run's), then z-scored with the statistics training
 * recorded, not statistics of this file.
 */
async function csvSamples(run: OpenedRun, file: string, spec: CsvData): Promise<InputResult> {
  const experiment = { ...run.loaded.experiment, data: { ...spec, csv: file, validationSplit: 0, normalize: 'none' } };
  const { loaded, diagnostics } = await loadExperiment(
    path.join(run.runDir, 'experiment.json'),
    {},
    JSON.stringify(experiment),
  );
  if (!loaded) return { error: `${file}: ${diagnostics.map((d) => d.message).join('; ')}` };
  const d = loaded.dataset;
  if (spec.normalize === 'zscore') {
    const stats = run.record.data?.normalization as Record<string, { mean: number; std: number }> | undefined;
    if (!stats) return { error: 'run.json has no z-score statistics (data.normalization) to scale this file with' };
    const header = headerOf(await readFile(file, 'utf8'));
    const name = (c: string | number) => (typeof c === 'number' ? header[c] : c);
    const scale = (values: Float64Array, columns: readonly (string | number)[]) => {
      const s = columns.map((c) => stats[name(c)]);
      for (let k = 0; k < values.length; k++) values[k] = (values[k] - s[k % s.length].mean) / s[k % s.length].std;
    };
    scale(d.x, spec.features);
    scale(d.y, spec.targets);
  }
  return { data: d, hasTargets: true };
}

/** The header row's names (for features given by index): quotes and spaces around them dropped. */
function headerOf(text: string): string[] {
  const end = text.indexOf('\n');
  const line = (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, '').replace(/\r$/, '');
  return line.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
}

/** {"x": (B, T, I) or (T, I), "y"?: (B, O) or (B, T, O)} with the run's T and I. */
function jsonSamples(run: OpenedRun, file: string, text: string): InputResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `${file} is not JSON: ${(err as Error).message}` };
  }
  const { steps: T, inputSize: I, outputSize: O, sequenceTargets } = run.loaded.dataset;
  const value = doc as { x?: unknown; y?: unknown };
  let x = value?.x;
  if (Array.isArray(x) && Array.isArray(x[0]) && typeof x[0][0] === 'number') x = [x];
  const ok = (a: unknown, shape: number[]): boolean =>
    shape.length === 0
      ? typeof a === 'number' && Number.isFinite(a)
      : Array.isArray(a) && a.length === shape[0] && a.every((v) => ok(v, shape.slice(1)));
  if (!Array.isArray(x) || x.length === 0 || !x.every((s) => ok(s, [T, I]))) {
    return {
      error: `${file}: expected {"x": [...]} of shape (B, ${T}, ${I}) (or one sequence (${T}, ${I})), as this run's data`,
    };
  }
  const B = x.length;
  const yShape = sequenceTargets ? [T, O] : [O];
  const y = value.y;
  if (y !== undefined && !(Array.isArray(y) && y.length === B && y.every((s) => ok(s, yShape)))) {
    return { error: `${file}: "y" must be (${[B, ...yShape].join(', ')}) for this run` };
  }
  const data: Dataset = {
    count: B,
    steps: T,
    inputSize: I,
    outputSize: O,
    sequenceTargets,
    x: Float64Array.from((x as number[][][]).flat(2)),
    y:
      y === undefined
        ? new Float64Array(B * (sequenceTargets ? T : 1) * O)
        : Float64Array.from((y as unknown[]).flat(2) as number[]),
  };
  return { data, hasTargets: y !== undefined };
}
