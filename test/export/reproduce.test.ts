// An exported project reproduces the RNN Lab run: for every example (a few epochs) and a set
// of experiments covering every layer type, loss, optimizer, clipping, shuffled batches with
// remainders, validation and both dtypes, `python train.py` gives RNN Lab's epoch losses and
// final weights — to 1e-9 in float64, 1e-4 in float32 — and passes py_compile.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { experiment, workspace } from '../helpers/workspace';
import {
  assertSameRun,
  exportProject,
  load,
  noTorch,
  onlyRun,
  python,
  readRun,
  runProjects,
  trainWithRnnLab,
  type RunResult,
} from './exportFixtures';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Every example runs, for a few epochs: enough to see shuffling, momentum and Adam's moments at
 * work, quickly. Examples not named here run one epoch.
 */
const EXAMPLE_EPOCHS: Record<string, number> = {
  'notebook.rnn.json': 10,
  'temperature-csv.rnn.json': 3,
  'sine.rnn.json': 3,
  'parity.rnn.json': 3,
};
const EXAMPLES = readdirSync(path.join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.rnn.json'))
  .sort();

const rnn = (units: number, activation = 'tanh', shareWeights = true) => ({
  type: 'rnn',
  units,
  activation,
  shareWeights,
});
const gated = (type: 'lstm' | 'gru', units: number, shareWeights = true) => ({ type, units, shareWeights });
const dense = (units: number, activation = 'linear') => ({ type: 'dense', units, activation });
const sine = (samples: number, steps: number, validationSplit = 0) => ({
  generator: 'sine',
  samples,
  steps,
  noise: 0.05,
  validationSplit,
});
const SGD = { type: 'sgd', learningRate: 0.05 };
const MOMENTUM = { type: 'sgd', learningRate: 0.05, momentum: 0.9 };
const ADAM = { type: 'adam', learningRate: 0.01 };

/** Generated experiments: each line a combination RNN Lab and the exported code must agree on. */
const GENERATED: Record<string, Record<string, unknown>> = {
  'rnn tanh → dense, mse, sgd, one full batch': experiment({
    data: sine(12, 5),
    model: { layers: [rnn(6), dense(1)] },
    training: { epochs: 4, loss: 'mse', optimizer: SGD },
  }),
  'rnn relu → rnn prelu → dense tanh, momentum, shuffled batches of 5 of 13, validation': experiment({
    data: sine(16, 4, 0.2),
    model: { layers: [rnn(5, 'relu'), rnn(4, 'prelu'), dense(1, 'tanh')] },
    training: { epochs: 4, batchSize: 5, loss: 'mse', optimizer: MOMENTUM },
  }),
  'per-step rnn sigmoid, rnn linear, rnn tanh and relu per step, adam, clipNorm': experiment({
    data: sine(10, 4),
    model: {
      layers: [rnn(4, 'sigmoid', false), rnn(3, 'linear'), rnn(3, 'tanh', false), rnn(3, 'relu', false), dense(1)],
    },
    training: { epochs: 4, batchSize: 4, loss: 'mse', optimizer: ADAM, clipNorm: 0.05 },
  }),
  'per-step rnn prelu, uniform init, sgd, unshuffled batches of 3': experiment({
    data: sine(8, 3),
    model: { layers: [rnn(3, 'prelu', false), dense(1)], init: 'uniform' },
    training: { epochs: 3, batchSize: 3, shuffle: false, loss: 'mse', optimizer: SGD },
  }),
  'lstm → dense sigmoid, bce, adam, shuffled batches': experiment({
    data: { generator: 'parity', samples: 20, steps: 5 },
    model: { layers: [gated('lstm', 6), dense(1, 'sigmoid')] },
    training: { epochs: 4, batchSize: 6, loss: 'bce', optimizer: ADAM },
  }),
  'gru → per-step lstm → per-step gru → softmax, sequence, crossEntropy, adam, clipNorm, validation': experiment({
    data: { generator: 'copy', samples: 14, steps: 7, length: 2, symbols: 3, validationSplit: 0.25 },
    model: {
      layers: [gated('gru', 5), gated('lstm', 4, false), gated('gru', 4, false), dense(5, 'softmax')],
      output: 'sequence',
    },
    training: { epochs: 3, batchSize: 4, loss: 'crossEntropy', optimizer: ADAM, clipNorm: 0.5 },
  }),
  'rnn sigmoid as the output, sequence, bce, momentum': experiment({
    data: { generator: 'copy', samples: 9, steps: 5, length: 2, symbols: 2 },
    model: { layers: [gated('gru', 4), rnn(4, 'sigmoid')], output: 'sequence' },
    training: { epochs: 3, batchSize: 4, loss: 'bce', optimizer: MOMENTUM },
  }),
  'float32: lstm → gru → dense relu → dense, adam, clipNorm, shuffled, validation': experiment({
    dtype: 'float32',
    data: { generator: 'addition', samples: 20, steps: 6, validationSplit: 0.2 },
    model: { layers: [gated('lstm', 6), gated('gru', 5), dense(4, 'relu'), dense(1)] },
    training: { epochs: 4, batchSize: 6, loss: 'mse', optimizer: ADAM, clipNorm: 1 },
  }),
  'sgd with momentum and weight decay, step schedule after a warmup, shuffled': experiment({
    data: sine(12, 4),
    model: { layers: [rnn(5), dense(1)] },
    training: {
      epochs: 6,
      batchSize: 5,
      loss: 'mse',
      optimizer: { ...MOMENTUM, weightDecay: 0.01 },
      schedule: { type: 'step', stepSize: 2, gamma: 0.5, warmup: 2 },
    },
  }),
  'adamw, cosine schedule, early stopping that stops and restores the best weights': experiment({
    data: sine(15, 4, 0.2),
    model: { layers: [gated('gru', 4), dense(1)] },
    training: {
      epochs: 6,
      batchSize: 4,
      loss: 'mse',
      optimizer: { type: 'adamw', learningRate: 0.01 },
      schedule: { type: 'cosine', warmup: 1 },
      earlyStopping: { patience: 1, minDelta: 1 },
    },
  }),
  'adam with weight decay, reduce-on-plateau and exponential decay of float32': experiment({
    dtype: 'float32',
    data: sine(10, 3),
    model: { layers: [gated('lstm', 3), dense(1)] },
    training: {
      epochs: 5,
      batchSize: 4,
      loss: 'mse',
      optimizer: { ...ADAM, weightDecay: 0.1 },
      schedule: { type: 'plateau', patience: 0, factor: 0.5, threshold: 0.5 },
    },
  }),
  'adam, exponential schedule': experiment({
    data: sine(10, 3),
    model: { layers: [rnn(3, 'relu'), dense(1)] },
    training: { epochs: 4, batchSize: 3, loss: 'mse', optimizer: ADAM, schedule: { type: 'exponential', gamma: 0.7 } },
  }),
  // The first update makes the weights ~1e160, so the next forward pass overflows in both, decisively.
  'diverges: stops in the batch RNN Lab stops in, with the weights before that update': experiment({
    data: sine(8, 4),
    model: { layers: [rnn(4, 'linear'), dense(1)] },
    training: { epochs: 3, batchSize: 4, loss: 'mse', optimizer: { type: 'sgd', learningRate: 1e160 } },
  }),
  'float32: rnn tanh per step → softmax, crossEntropy, momentum': experiment({
    dtype: 'float32',
    data: { generator: 'copy', samples: 12, steps: 5, length: 2, symbols: 2 },
    model: { layers: [rnn(6, 'tanh', false), dense(4, 'softmax')], output: 'sequence' },
    training: { epochs: 3, batchSize: 5, loss: 'crossEntropy', optimizer: MOMENTUM },
  }),
};

interface Case {
  readonly name: string;
  readonly dir: string;
  readonly runsDir: string;
  readonly dtype: string;
  readonly rnnLab: RunResult;
}

describe('python train.py reproduces the RNN Lab run', { skip: noTorch }, () => {
  const cases: Case[] = [];
  let driverOutput = '';
  before(
    async () => {
      const root = workspace(
        Object.fromEntries(
          Object.entries(GENERATED).map(([name, e], i) => [
            `generated-${i}.rnn.json`,
            { name: `generated-${i}`, description: name, ...e },
          ]),
        ),
      );
      const sources: [string, string, number | undefined][] = [
        ...EXAMPLES.map((file): [string, string, number] => [
          `examples/${file}`,
          path.join(ROOT, 'examples', file),
          EXAMPLE_EPOCHS[file] ?? 1,
        ]),
        ...Object.keys(GENERATED).map((name, i): [string, string, undefined] => [
          name,
          path.join(root, `generated-${i}.rnn.json`),
          undefined,
        ]),
      ];
      for (const [i, [name, file, epochs]] of sources.entries()) {
        const loaded = await load(file, epochs);
        const dir = exportProject(loaded, path.join(root, `project-${i}`));
        cases.push({
          name,
          dir,
          runsDir: path.join(root, `runs-${i}`),
          dtype: loaded.experiment.dtype,
          rnnLab: await trainWithRnnLab(loaded),
        });
      }
      const r = await runProjects(cases, 90_000);
      driverOutput = `${r.stdout}\n${r.stderr}`;
      // exit 1 for a diverged run, as RNN Lab's; anything else is a failure of the driver
      const lines = r.stdout.split('\n');
      const exits = cases.map((c) => lines.find((l) => l.startsWith(`${c.dir} exit `))?.slice(`${c.dir} exit `.length));
      assert.deepEqual(
        exits,
        cases.map((c) => (c.rnnLab.status === 'completed' ? '0' : '1')),
        driverOutput,
      );
    },
    { timeout: 120_000 },
  );

  it('gives the same epoch losses, validation losses and final weights', () => {
    assert.ok(
      EXAMPLES.includes('notebook.rnn.json') && cases.length === EXAMPLES.length + Object.keys(GENERATED).length,
    );
    for (const c of cases) {
      assertSameRun(readRun(onlyRun(c.runsDir)), c.rnnLab, c.dtype === 'float64' ? 1e-9 : 1e-4, c.name);
    }
  });

  it('writes code that py_compile accepts', { timeout: 60_000 }, async () => {
    const files = cases.flatMap((c) => [path.join(c.dir, 'train.py'), path.join(c.dir, 'rnn_lab_io.py')]);
    const r = await python(['-m', 'py_compile', ...files], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
  });
});
