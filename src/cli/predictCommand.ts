// `rnn-lab predict RUN_DIR [--input FILE] [--epoch E] [--json] [-o FILE]`: the run's trained
// model on its held-out samples (or on FILE), each output beside its target (docs/guide/cli.md).

import * as path from 'node:path';
import { readInputFile } from '../analysis/inputs';
import { predictRun, type PredictedSample, type Predictions } from '../analysis/predict';
import { argmax } from '../core/metrics';
import { formatLoss } from '../format/lines';
import { checkPaths, emit, failWith, numbers, openForCli, weightsWords } from './analysisOutput';
import { ExitCode } from './exitCodes';

export interface PredictOptions {
  readonly input?: string;
  readonly epoch?: number;
  readonly json?: boolean;
  readonly output?: string;
}

export async function predictCommand(runDir: string, options: PredictOptions): Promise<number> {
  if (!(await checkPaths(options))) return ExitCode.Invalid;
  const run = await openForCli(runDir, options.epoch);
  if (!run) return ExitCode.Invalid;
  const input = options.input === undefined ? undefined : await readInputFile(run, options.input);
  if (input && 'error' in input) {
    failWith(options.input!, input.error, input.at);
    return ExitCode.Invalid;
  }
  const p = predictRun(run, input);
  const summary = {
    type: 'summary',
    runDir: run.runDir,
    epoch: p.epoch,
    weightsFile: p.weightsFile,
    which: p.which,
    samples: p.samples.length,
    loss: p.loss,
    ...(p.accuracy !== undefined ? { accuracy: p.accuracy } : {}),
    units: p.units,
    ...(p.outputNames && !run.vocabulary ? { outputNames: p.outputNames } : {}),
  };
  const lines = options.json
    ? [...p.samples.map((s) => JSON.stringify({ type: 'prediction', ...s })), JSON.stringify(summary)]
    : textLines(path.basename(run.runDir), p, run.loaded.experiment.training.loss === 'crossEntropy');
  return emit(lines, options.output) ? ExitCode.Ok : ExitCode.Invalid;
}

const WHICH = {
  validation: 'validation samples',
  all: 'samples (no validation split: all of them)',
  input: 'samples from the input',
};

function textLines(name: string, p: Predictions, classes: boolean): string[] {
  const head = `predict ${name}: ${p.samples.length} ${WHICH[p.which]}, ${weightsWords(p)}${p.units === 'csv' ? ", in the CSV's units" : ''}`;
  const tail =
    p.loss === null
      ? []
      : [
          `loss ${formatLoss(p.loss)}${p.accuracy !== undefined ? ` acc ${p.accuracy.toFixed(4)}` : ''} over ${p.samples.length} samples`,
        ];
  return [head, ...p.samples.map((s) => sampleLine(s, classes)), ...tail];
}

function sampleLine(s: PredictedSample, classes: boolean): string {
  if (s.text !== undefined) {
    return `sample ${s.sample}: ${JSON.stringify(s.text)} -> ${JSON.stringify(s.predicted)}${s.expected !== undefined ? ` (next: ${JSON.stringify(s.expected)})` : ''}`;
  }
  const flat = (v: number[] | number[][]) => (Array.isArray(v[0]) ? (v as number[][]).flat() : (v as number[]));
  if (classes && !Array.isArray(s.output[0])) {
    const out = s.output as number[];
    const k = argmax(out, 0, out.length);
    const target = s.target ? ` target class ${argmax(s.target as number[], 0, out.length)}` : '';
    return `sample ${s.sample}: class ${k} (p ${out[k].toFixed(4)})${target}`;
  }
  return `sample ${s.sample}: output ${numbers(flat(s.output))}${s.target ? ` target ${numbers(flat(s.target))}` : ''}`;
}
