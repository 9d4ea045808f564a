// How much of an epoch the live panel's statistics cost, at the size the issue names
// (B32 T50 I16 H64, one batch per epoch). Prints figures; asserts nothing.
//   --quick: one warm-up epoch and two timed ones (test/bench: the script still runs)

import { Trainer } from '../src/core/trainer';
import { Rng } from '../src/core/rng';
import { runEpoch } from '../test/helpers/runEpoch';

const B = 32,
  T = 50,
  I = 16,
  H = 64;
const quick = process.argv.includes('--quick');
const rng = new Rng(0, 'generator');
const train = {
  count: B,
  steps: T,
  inputSize: I,
  outputSize: 1,
  sequenceTargets: false,
  x: Float64Array.from({ length: B * T * I }, () => rng.range(-1, 1)),
  y: Float64Array.from({ length: B }, () => rng.range(-1, 1)),
};

for (const dtype of ['float64', 'float32'] as const) {
  const trainer = new Trainer({
    seed: 0,
    dtype,
    trace: 'off',
    train,
    init: 'glorot',
    model: {
      inputSize: I,
      steps: T,
      layers: [
        { type: 'rnn', units: H, activation: 'tanh', shareWeights: true },
        { type: 'dense', units: 1, activation: 'linear' },
      ],
      output: 'last',
    },
    training: {
      epochs: 1000,
      batchSize: 'full',
      shuffle: false,
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate: 0.01, momentum: 0 },
    },
  });
  for (let i = 0; i < (quick ? 1 : 3); i++) runEpoch(trainer); // warm-up
  const epochs = quick ? 2 : 20;
  let t0 = performance.now();
  for (let i = 0; i < epochs; i++) runEpoch(trainer);
  const epochMs = (performance.now() - t0) / epochs;
  t0 = performance.now();
  for (let i = 0; i < epochs; i++) trainer.statistics();
  const statsMs = (performance.now() - t0) / epochs;
  console.log(
    `stats overhead B${B} T${T} I${I} H${H} ${dtype}: epoch ${epochMs.toFixed(2)} ms, statistics ${statsMs.toFixed(3)} ms = ${((100 * statsMs) / epochMs).toFixed(2)} % of an epoch`,
  );
}
