// `inspect`: what every recurrent layer of a run's trained model computes over one sequence —
// h[t], and c[t] and the gate activations of lstm and gru layers — for a held-out sample, a
// sequence from a file, or (character models) any text.

import { inspectSequence, type Inspection } from '../core/inspect';
import { MAX_PROBE_CHARACTERS } from '../data/limits';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { readInputFile, encodeText } from './inputs';
import { StepsError, type OpenedRun } from './runModel';

export type ProbeRequest = { readonly sample: number } | { readonly text: string } | { readonly file: string };

export interface RunInspection extends Inspection {
  readonly epoch: number;
  readonly weightsFile: string;
  readonly input: {
    /** (T, I) */
    readonly shape: [number, number];
    /** Which of the run's samples (validation ones count from the first held out). */
    readonly sample?: number;
    readonly which?: 'validation' | 'all' | 'file';
    /** Character models: the probe's characters, one per step. */
    readonly text?: string;
  };
  /** Character models: the vocabulary, one character per output column. */
  readonly outputNames?: string[];
}

export async function inspectRun(
  run: OpenedRun,
  request: ProbeRequest,
): Promise<RunInspection | { error: string; at?: Diagnostic }> {
  const { steps: T, inputSize: I } = run.loaded.dataset;
  let x: Float64Array;
  let steps = T;
  let input: RunInspection['input'];
  if ('text' in request) {
    if (!run.vocabulary)
      return { error: '--text is for character models (a "text" data source); give --sample or --input' };
    if (request.text.length > MAX_PROBE_CHARACTERS)
      return {
        error: `the probe text has ${request.text.length} characters; inspect reads at most ${MAX_PROBE_CHARACTERS}`,
      };
    const encoded = encodeText(run, request.text);
    if ('error' in encoded) return encoded;
    steps = encoded.indices.length;
    if (steps === 0) return { error: 'the probe text is empty' };
    x = new Float64Array(steps * I);
    encoded.indices.forEach((k, t) => {
      x[t * I + k] = 1;
    });
    input = { shape: [steps, I], text: Array.from(request.text.replace(/\r\n/g, '\n')).join('') };
  } else {
    const fromFile = 'file' in request ? await readInputFile(run, request.file) : undefined;
    if (fromFile && 'error' in fromFile) return fromFile;
    const data = fromFile ? fromFile.data : run.samples.data;
    const n = 'sample' in request ? request.sample : 0;
    if (!Number.isInteger(n) || n < 0 || n >= data.count)
      return { error: `sample ${n} does not exist: there are ${data.count} (0 … ${data.count - 1})` };
    x = data.x.slice(n * T * I, (n + 1) * T * I);
    input = {
      shape: [T, I],
      sample: n,
      which: fromFile ? 'file' : run.samples.which,
      ...(run.vocabulary
        ? {
            text: Array.from(
              { length: T },
              (_, t) => run.vocabulary![x.subarray(t * I, (t + 1) * I).indexOf(1)] ?? '',
            ).join(''),
          }
        : {}),
    };
  }
  let model;
  try {
    model = run.model(steps);
  } catch (err) {
    if (err instanceof StepsError) return { error: `cannot read ${steps} characters: ${err.message}` };
    throw err;
  }
  return {
    epoch: run.epoch,
    weightsFile: run.weightsFile,
    input,
    ...inspectSequence(model, x),
    ...(run.vocabulary ? { outputNames: run.vocabulary } : {}),
  };
}
