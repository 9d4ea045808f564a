// Dropout between stacked recurrent layers: the expected fraction kept and scaled, the same
// masks for the same seed and others for another, only while training, never after the last
// recurrent layer, and exact gradients through a fixed mask.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LayerSpec } from '../../src/core/model';
import { Trainer, type TrainerConfig } from '../../src/core/trainer';
import { generate } from '../../src/data/generators';
import { gradCheck } from '../helpers/gradcheck';
import { runEpoch } from '../helpers/runEpoch';

const data = generate({ generator: 'sine', samples: 32, steps: 6, noise: 0.1, validationSplit: 0 }, 1);
const layers: LayerSpec[] = [
  { type: 'lstm', units: 16, shareWeights: true },
  { type: 'gru', units: 8, shareWeights: true },
  { type: 'dense', units: 1, activation: 'linear' },
];

function config(dropout: number, seed = 1): TrainerConfig {
  return {
    seed,
    dtype: 'float64',
    trace: 'off',
    train: data,
    validation: data,
    init: 'pytorch',
    model: { inputSize: 1, steps: 6, output: 'last', layers, dropout },
    training: {
      epochs: 3,
      batchSize: 'full',
      shuffle: false,
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0 },
    },
  };
}

/** The mask applied to the first recurrent layer's outputs in the latest training forward. */
function firstMask(t: Trainer): Float64Array {
  t.trainBatch(0, 32);
  return Float64Array.from(
    (t.model.dropout as unknown as { buffers: Map<string, { mask: Float64Array }> }).buffers.get(`0:${6 * 32 * 16}`)!
      .mask,
  );
}

describe('dropout', () => {
  it('keeps about 1 − p of the values, scaled by 1/(1 − p), on every recurrent layer but the last', () => {
    const trainer = new Trainer(config(0.3));
    const mask = firstMask(trainer);
    const masked = [...(trainer.model.dropout as unknown as { buffers: Map<string, unknown> }).buffers.keys()];
    assert.deepEqual(masked, [`0:${6 * 32 * 16}`], 'only the lstm (layer 0) feeds another recurrent layer');
    const kept = mask.filter((m) => m !== 0);
    assert.ok(kept.every((m) => Math.abs(m - 1 / 0.7) < 1e-15));
    // 3,072 Bernoulli(0.7) draws: 0.7 ± 5 standard deviations (√(0.21/3072) ≈ 0.0083)
    assert.ok(
      Math.abs(kept.length / mask.length - 0.7) < 5 * Math.sqrt(0.21 / mask.length),
      `kept ${kept.length / mask.length}`,
    );
  });

  it('draws the same masks for the same seed and other masks for another', () => {
    assert.deepEqual(firstMask(new Trainer(config(0.5, 7))), firstMask(new Trainer(config(0.5, 7))));
    assert.notDeepEqual(firstMask(new Trainer(config(0.5, 7))), firstMask(new Trainer(config(0.5, 8))));
  });

  it('is off outside training: the validation loss is that of the same weights without dropout', () => {
    const a = new Trainer(config(0.5));
    const b = new Trainer(config(0));
    assert.equal(a.validationLoss(), b.validationLoss());
  });

  it('changes training (the masks matter) and is deterministic for a seed', () => {
    const losses = (p: number) => {
      const t = new Trainer(config(p));
      return [runEpoch(t).loss, runEpoch(t).loss];
    };
    assert.deepEqual(losses(0.4), losses(0.4));
    assert.notDeepEqual(losses(0.4), losses(0));
  });

  it('gradients through a fixed mask equal finite differences', () => {
    const errors = gradCheck({
      layers: [
        { type: 'lstm', units: 4, shareWeights: true },
        { type: 'rnn', units: 3, activation: 'tanh', shareWeights: true },
        { type: 'gru', units: 3, shareWeights: true },
        { type: 'dense', units: 2, activation: 'linear' },
      ],
      loss: 'mse',
      dropout: 0.4,
    });
    for (const e of errors) assert.ok(e.relativeError < 1e-6, `${e.name}: ${e.relativeError}`);
  });
});
