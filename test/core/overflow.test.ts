// Training that overflows is "diverged", never "completed" with weights that are not numbers;
// norms of huge but finite gradients are finite; the held-out count is the documented ⌈s·N⌉.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heldOutCount } from '../../src/core/dataset';
import { clipGradNorm } from '../../src/core/optimizers';
import { l2Norm } from '../../src/core/stats';
import { train, Trainer, type DoneEvent, type TrainerConfig, type TrainEvent } from '../../src/core/trainer';
import { generate } from '../../src/data/generators';

const data = generate({ generator: 'sine', samples: 20, steps: 5, noise: 0, validationSplit: 0 }, 1);

function config(learningRate: number, validation = false, epochs = 5): TrainerConfig {
  return {
    seed: 1,
    dtype: 'float64',
    trace: 'off',
    train: data,
    init: 'glorot',
    validation: validation ? data : undefined,
    model: {
      inputSize: 1,
      steps: 5,
      output: 'last',
      layers: [
        { type: 'lstm', units: 4, shareWeights: true },
        { type: 'dense', units: 1, activation: 'linear' },
      ],
    },
    training: {
      epochs,
      batchSize: 'full',
      shuffle: false,
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate, momentum: 0 },
    },
  };
}

async function done(c: TrainerConfig): Promise<DoneEvent> {
  const events: TrainEvent[] = [];
  for await (const e of train(new Trainer(c))) events.push(e);
  return events.find((e): e is DoneEvent => e.type === 'done')!;
}

describe('overflow', () => {
  it('an update that overflows the weights (learning rate 1e308) ends the run as diverged, naming the parameter', async () => {
    // One epoch: no later loss would notice, so the run used to end "completed" without weights.
    const c = config(1e308, false, 1);
    const end = await done({ ...c, train: { ...data, y: data.y.map((v) => v * 1e6) } });
    assert.equal(end.status, 'diverged');
    assert.match(end.message ?? '', /^diverged at epoch 1: the update made layer \d \((lstm|dense)\) \w+ not finite$/);
  });

  it('a validation loss that is not finite is divergence too, not a missing validation', async () => {
    const c = config(0.01, true);
    const huge = { ...data, y: data.y.map(() => 1e300) };
    const end = await done({ ...c, validation: huge });
    assert.equal(end.status, 'diverged');
    assert.match(end.message ?? '', /validation loss is not finite \(Infinity\)/);
  });

  it('norms of finite gradients above 1e154 are finite, and clipping scales them', () => {
    const big = Float64Array.from([3e200, 4e200]);
    assert.ok(Math.abs(l2Norm(big) / 5e200 - 1) < 1e-15);
    const param = { name: 'w', shape: [2], value: new Float64Array(2), grad: Float64Array.from(big) };
    const { norm, clipped } = clipGradNorm([param], 1);
    assert.ok(Math.abs(norm / 5e200 - 1) < 1e-15);
    assert.ok(clipped);
    assert.ok(Math.abs(Math.hypot(param.grad[0], param.grad[1]) - 1) < 1e-12);
  });

  it('validationSplit 0.55 of 100 holds out 55 (⌈0.55·100⌉), not 56', () => {
    assert.equal(heldOutCount(100, 0.55), 55);
    assert.equal(heldOutCount(100, 0.551), 56);
    assert.equal(heldOutCount(10, 0.25), 3);
    assert.equal(heldOutCount(7, 0), 0);
  });
});
