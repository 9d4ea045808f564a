// Trained runs for the tests of predict, inspect, sample and import-weights through the real
// command: a character model (text) and a regression on inline data, one epoch each.

import * as path from 'node:path';
import { loadExperiment } from '../../src/experiment/load';
import { recordedRun } from '../../src/runs/recordedRun';
import { runChild, type Finished } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

export const CLI = path.resolve(__dirname, '../../dist/cli.js');
export const TEXT = 'the cat sat on the mat. the dog sat on the log.\n'.repeat(4);

export const charsExperiment = () =>
  experiment({
    seed: 5,
    data: { text: 'text.txt', seqLength: 8, validationSplit: 0.2 },
    model: {
      layers: [
        { type: 'gru', units: 6 },
        { type: 'dense', units: new Set(TEXT).size, activation: 'softmax' },
      ],
      output: 'sequence',
    },
    training: { epochs: 1, batchSize: 8, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.02 } },
  });

export interface Runs {
  /** The folder holding the experiments, their data and runs/. */
  readonly dir: string;
  readonly chars: string;
  readonly regression: string;
}

export async function trainedRuns(): Promise<Runs> {
  const dir = workspace({ 'text.txt': TEXT, 'chars.rnn.json': charsExperiment(), 'reg.rnn.json': experiment() });
  const train = async (file: string) => {
    const { loaded, diagnostics } = await loadExperiment(path.join(dir, file));
    if (!loaded) throw new Error(diagnostics.map((d) => d.message).join('; '));
    const outcome = await recordedRun(loaded, { runsDir: path.join(dir, 'runs'), toolVersion: 'test' });
    if (outcome.status !== 'completed') throw new Error(outcome.message);
    return outcome.runDir;
  };
  return { dir, chars: await train('chars.rnn.json'), regression: await train('reg.rnn.json') };
}

/** dist/cli.js with a heap cap and a kill timer. */
export function rnnLab(args: readonly string[], cwd: string, timeoutMs = 30_000): Promise<Finished> {
  return runChild(process.execPath, ['--max-old-space-size=512', CLI, ...args], { cwd, timeoutMs });
}
