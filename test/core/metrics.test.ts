// Accuracy, perplexity and the best epoch, against values worked out by hand. The model is
// made transparent: a linear rnn with Wx = I, Wh = 0 copies x[t] to h[t], and a dense layer
// with W = I hands it to softmax (or sigmoid), so each prediction is softmax(x[t]) and each
// loss term a logarithm one can write down. The learning rate is 0: the weights never move,
// so the training batches see the same model as the validation pass.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/core/dataset';
import type { LossKind } from '../../src/core/losses';
import { argmax, bestEpoch, BestEpochTracker, countCorrect } from '../../src/core/metrics';
import { Trainer } from '../../src/core/trainer';
import { formatEpoch } from '../../src/format/lines';
import { runEpoch } from '../helpers/runEpoch';
import { dense, makeTrainerConfig, rnn, sgd } from '../helpers/trainerConfig';

const I2 = [
  [1, 0],
  [0, 1],
];
const identityWeights = {
  format: 'rnn-lab/weights@1',
  layers: [
    {
      type: 'rnn',
      Wx: I2,
      Wh: [
        [0, 0],
        [0, 0],
      ],
      b: [0, 0],
    },
    { type: 'dense', W: I2, b: [0, 0] },
  ],
};

/** Samples of 2 steps with 2 features; y one per sample (last) or per step (sequence). */
function data(x: number[][][], y: number[][] | number[][][]): Dataset {
  return {
    count: x.length,
    steps: 2,
    inputSize: 2,
    outputSize: 2,
    sequenceTargets: Array.isArray(y[0][0]),
    x: Float64Array.from(x.flat(2)),
    y: Float64Array.from((y as unknown[]).flat(2) as number[]),
  };
}

function epochOf(
  loss: LossKind,
  activation: 'softmax' | 'sigmoid',
  train: Dataset,
  validation?: Dataset,
  output: 'last' | 'sequence' = 'last',
) {
  const trainer = new Trainer(
    makeTrainerConfig({
      train,
      validation,
      init: { weights: identityWeights },
      model: { layers: [rnn(2, 'linear'), dense(2, activation)], output },
      training: { epochs: 1, batchSize: 'full', shuffle: false, loss, optimizer: sgd(0) },
    }),
  );
  return runEpoch(trainer);
}

const close = (a: number | undefined, b: number, what: string) =>
  assert.ok(a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

describe('accuracy and perplexity', () => {
  it('crossEntropy, last step: argmax right in 2 of 3 samples; perplexity = exp(mean −ln p)', () => {
    // Last steps [2, 0], [0, 1], [3, 3] → p(class 0) = e²/(e²+1), e⁰/(e⁰+e¹), ½ (a tie goes to class 0).
    const x = [
      [
        [9, 9],
        [2, 0],
      ],
      [
        [9, 9],
        [0, 1],
      ],
      [
        [9, 9],
        [3, 3],
      ],
    ];
    const y = [
      [1, 0],
      [1, 0],
      [0, 1],
    ];
    const e = epochOf('crossEntropy', 'softmax', data(x, y));
    const p0 = Math.exp(2) / (Math.exp(2) + 1);
    const p1 = 1 / (1 + Math.exp(1));
    const meanCe = -(Math.log(p0) + Math.log(p1) + Math.log(0.5)) / 3;
    close(e.loss, meanCe, 'loss');
    close(e.accuracy, 1 / 3, 'accuracy: only sample 0 (the tie picks class 0, the target is 1)');
    close(e.perplexity, Math.exp(meanCe), 'perplexity');
    assert.equal(e.valAccuracy, undefined, 'no validation split: no val_acc');
    assert.equal(e.valPerplexity, undefined);
  });

  it('crossEntropy, "output": "sequence": one answer per step, validation counted apart', () => {
    // train: steps [1, 0] and [0, 1] against targets class 0, class 0 → 1 of 2 right
    const train = data(
      [
        [
          [1, 0],
          [0, 1],
        ],
      ],
      [
        [
          [1, 0],
          [1, 0],
        ],
      ],
    );
    // validation: steps [5, 0] and [0, 5] against class 0, class 1 → both right
    const validation = data(
      [
        [
          [5, 0],
          [0, 5],
        ],
      ],
      [
        [
          [1, 0],
          [0, 1],
        ],
      ],
    );
    const e = epochOf('crossEntropy', 'softmax', train, validation, 'sequence');
    const q = Math.exp(1) / (Math.exp(1) + 1); // p(right class) for a step [1, 0] → class 0
    close(e.accuracy, 0.5, 'accuracy');
    close(e.perplexity, Math.exp(-(Math.log(q) + Math.log(1 - q)) / 2), 'perplexity');
    const r = Math.exp(5) / (Math.exp(5) + 1);
    close(e.valAccuracy, 1, 'val accuracy');
    close(e.valPerplexity, Math.exp(-Math.log(r)), 'val perplexity');
    assert.match(
      formatEpoch(e),
      /^epoch 1\/1 loss \d\.\d{6} val_loss \d\.\d{6} acc 0\.5000 val_acc 1\.0000 ppl \d+\.\d{3} val_ppl 1\.007 \(\d+ ms\)$/,
    );
  });

  it('bce: every output element is one answer, thresholded at 0.5; no perplexity', () => {
    // sigmoid(h) with h = last step: [2, −1] → yes, no; [−3, 0] → no, no (σ(0) = 0.5 is not > 0.5)
    const x = [
      [
        [0, 0],
        [2, -1],
      ],
      [
        [0, 0],
        [-3, 0],
      ],
    ];
    const y = [
      [1, 1],
      [0, 1],
    ];
    const e = epochOf('bce', 'sigmoid', data(x, y));
    close(e.accuracy, 2 / 4, 'accuracy: right on [0][0] and [1][0]');
    assert.equal(e.perplexity, undefined);
  });

  it('mse has neither, and its epoch line is unchanged', () => {
    const trainer = new Trainer(makeTrainerConfig({ training: { epochs: 1 } }));
    const e = runEpoch(trainer);
    assert.equal(e.accuracy, undefined);
    assert.equal(e.perplexity, undefined);
    assert.match(formatEpoch(e), /^epoch 1\/1 loss \d+\.\d{6} \(\d+ ms\)$/);
  });

  it('countCorrect and argmax on plain arrays', () => {
    assert.equal(argmax([0.1, 0.7, 0.7], 0, 3), 1, 'the first of equal maxima');
    assert.deepEqual(countCorrect('crossEntropy', [0.2, 0.8, 0.9, 0.1], [0, 1, 0, 1], 2, 2), { correct: 1, total: 2 });
    assert.deepEqual(countCorrect('bce', [0.6, 0.4, 0.5], [1, 0, 1], 3, 1), { correct: 2, total: 3 });
    assert.deepEqual(countCorrect('mse', [1], [1], 1, 1), { correct: 0, total: 0 });
  });
});

describe('best epoch', () => {
  it('is the lowest validation loss when there is one, the earliest on a tie', () => {
    const points = [
      { epoch: 1, loss: 0.9, valLoss: 0.8 },
      { epoch: 2, loss: 0.5, valLoss: 0.4 },
      { epoch: 3, loss: 0.3, valLoss: 0.4 },
      { epoch: 4, loss: 0.1, valLoss: 0.6 },
    ];
    assert.deepEqual(bestEpoch(points), { epoch: 2, by: 'valLoss', value: 0.4 });
  });

  it('is the lowest training loss without validation, and skips non-finite losses', () => {
    assert.deepEqual(
      bestEpoch([
        { epoch: 1, loss: 0.5, valLoss: null },
        { epoch: 2, loss: NaN, valLoss: null },
        { epoch: 3, loss: 0.2, valLoss: null },
      ]),
      { epoch: 3, by: 'loss', value: 0.2 },
    );
    assert.equal(bestEpoch([]), undefined);
  });

  it('says when an epoch becomes the new best (the recorder keeps its weights then)', () => {
    const t = new BestEpochTracker();
    assert.deepEqual(
      [0.5, 0.7, 0.3, 0.3].map((loss, i) => t.observe({ epoch: i + 1, loss, valLoss: null })),
      [true, false, true, false],
    );
  });
});
