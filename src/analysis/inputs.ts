// Inputs given to predict and inspect instead of the run's own samples, read the way training
// read its data: text through the run's vocabulary; a CSV through the experiment's columns,
// windows and recorded z-scores; a JSON file of x (B, T, I) (and y) as inline data is written.

import * as path from 'node:path';
import type { Dataset } from '../core/dataset';
import { scanJson, shapeText } from '../data/jsonScan';
import { MAX_INPUT_FILE_BYTES, MAX_INPUT_SAMPLE_BYTES } from '../data/limits';
import { inputFileProblem, readTextFile } from '../data/readFailure';
import { isCsv, isText, type CsvData, type DatasetShape } from '../data/spec';
import { LineIndex, type Diagnostic } from '../diagnostics/diagnostic';
import { formatBytes, formatCount } from '../diagnostics/quantities';
import { checkExperiment } from '../experiment/load';
import type { OpenedRun } from './runModel';

/** Samples to run, and whether their targets are real (false: y is zeros). */
export interface InputSamples {
  readonly data: Dataset;
  readonly hasTargets: boolean;
}

/** `at`: where in the input file the problem is (a JSON input's line and column). */
export type InputResult = InputSamples | { readonly error: string; readonly at?: Diagnostic };

/**
 * The samples of an --input file: a regular file of at most MAX_INPUT_FILE_BYTES, whose samples
 * (x and y in float64) take at most MAX_INPUT_SAMPLE_BYTES — checked before they are built.
 */
export async function readInputFile(run: OpenedRun, file: string): Promise<InputResult> {
  const absolute = path.resolve(file);
  const data = run.loaded.experiment.data;
  if (isCsv(data)) {
    const problem = await inputFileProblem(absolute, 'an input file', MAX_INPUT_FILE_BYTES);
    return problem ? { error: problem } : csvSamples(run, absolute, data);
  }
  const read = await readTextFile(absolute, 'an input file', MAX_INPUT_FILE_BYTES);
  if ('problem' in read) return { error: read.problem };
  if (isText(data)) return textSamples(run, read.text);
  return jsonSamples(run, absolute, read.text);
}

/** x and y of `shape` in float64, when more than an input may make: what to say. */
function tooManySamples(shape: DatasetShape, what: string): string | undefined {
  const { count, steps, inputSize, outputSize, sequenceTargets } = shape;
  const bytes = 8 * count * (steps * inputSize + (sequenceTargets ? steps : 1) * outputSize);
  if (bytes <= MAX_INPUT_SAMPLE_BYTES) return undefined;
  return (
    `${what} makes ${formatCount(count)} sequences of ${steps} steps × ${inputSize} inputs (${formatBytes(bytes)} with their targets, ` +
    `in float64); an input may make at most ${formatBytes(MAX_INPUT_SAMPLE_BYTES)}: give a shorter one`
  );
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
  const T = run.loaded.dataset.steps;
  const V = run.vocabulary!.length;
  const characters = codePoints(text) - (text.match(/\r\n/g)?.length ?? 0);
  const count = Math.max(0, Math.floor((characters - 1) / T));
  const tooMany = tooManySamples(
    { count, steps: T, inputSize: V, outputSize: V, sequenceTargets: true },
    `the text of ${formatCount(characters)} characters`,
  );
  if (tooMany) return { error: tooMany };
  const encoded = encodeText(run, text);
  if ('error' in encoded) return encoded;
  const { indices } = encoded;
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
  const { checked, diagnostics } = await checkExperiment(
    path.join(run.runDir, 'experiment.json'),
    {},
    JSON.stringify(experiment),
  );
  if (!checked) return { error: `${file}: ${diagnostics.map((d) => d.message).join('; ')}` };
  const tooMany = tooManySamples(checked.shape, `${file} cut into the run's windows`);
  if (tooMany) return { error: tooMany };
  const d = checked.buildDataset();
  if (spec.normalize === 'zscore') {
    const stats = run.record.data?.normalization as Record<string, { mean: number; std: number }> | undefined;
    if (!stats) return { error: 'run.json has no z-score statistics (data.normalization) to scale this file with' };
    const read = await readTextFile(file, 'an input file', MAX_INPUT_FILE_BYTES);
    if ('problem' in read) return { error: read.problem };
    const header = headerOf(read.text);
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

/**
 * {"x": (B, T, I) or (T, I), "y"?: (B, O) or (B, T, O)} with the run's T and I. The text is
 * scanned first (syntax, keys written twice, shapes), and built only when it is what the run reads.
 */
function jsonSamples(run: OpenedRun, file: string, text: string): InputResult {
  const scan = scanJson(text);
  const lines = new LineIndex(text);
  const at = (offset: number, length: number, message: string) => ({
    error: message,
    at: lines.diagnostic(file, offset, length, message),
  });
  if (scan.problems.length) {
    const p = scan.problems[0];
    return at(p.offset, p.length, p.message);
  }
  const { steps: T, inputSize: I, outputSize: O, sequenceTargets } = run.loaded.dataset;
  const expected = `expected {"x": [...]} of shape (B, ${T}, ${I}) (or one sequence (${T}, ${I})), as this run's data`;
  if (scan.root !== 'object') return at(0, 1, expected);
  for (const [key, v] of scan.top)
    if (key !== 'x' && key !== 'y')
      return at(
        v.keyOffset,
        v.keyLength,
        `unknown field ${JSON.stringify(key).slice(0, 60)}: an input has "x" and "y"`,
      );
  const x = scan.top.get('x');
  if (!x) return at(0, 1, expected);
  const xShape = x.shape?.length === 2 ? [1, ...x.shape] : x.shape;
  if (!xShape || xShape.length !== 3 || xShape[0] === 0 || xShape[1] !== T || xShape[2] !== I)
    return at(x.offset, 1, `"x" ${x.shape ? `is ${shapeText(x.shape)}` : x.notTensor}: ${expected}`);
  const B = xShape[0];
  const yShape = sequenceTargets ? [B, T, O] : [B, O];
  const y = scan.top.get('y');
  if (y && !(y.shape && y.shape.length === yShape.length && y.shape.every((v, k) => v === yShape[k])))
    return at(
      y.offset,
      1,
      `"y" must be ${shapeText(yShape)} for this run, not ${y.shape ? shapeText(y.shape) : `one that ${y.notTensor}`}`,
    );
  const shape = { count: B, steps: T, inputSize: I, outputSize: O, sequenceTargets };
  const tooMany = tooManySamples(shape, `"x" of ${shapeText(xShape)}`);
  if (tooMany) return at(x.offset, 1, tooMany);
  const value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as { x: unknown[]; y?: unknown[] };
  const flat = (v: unknown, depth: number) => Float64Array.from((v as number[][][]).flat(depth) as number[]);
  return {
    data: {
      ...shape,
      x: flat(x.shape!.length === 2 ? [value.x] : value.x, 2),
      y: value.y === undefined ? new Float64Array(B * (sequenceTargets ? T : 1) * O) : flat(value.y, 2),
    },
    hasTargets: value.y !== undefined,
  };
}

/** Characters as the model reads them: code points. */
function codePoints(text: string): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 0xdc00 || c > 0xdfff || k === 0 || (text.charCodeAt(k - 1) & 0xfc00) !== 0xd800) count++;
  }
  return count;
}
