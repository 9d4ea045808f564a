// Early stopping stops at the epoch a hand computation over the same run's losses names, keeps
// the run completed, and restores the best epoch's weights.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  train,
  Trainer,
  type DoneEvent,
  type EpochEvent,
  type TrainerConfig,
  type TrainEvent,
} from '../../src/core/trainer';
import { generate } from '../../src/data/generators';
import { runEpoch } from '../helpers/runEpoch';

const data = generate({ generator: 'sine', samples: 40, steps: 6, noise: 0.3, validationSplit: 0 }, 3);
const held = generate({ generator: 'sine', samples: 12, steps: 6, noise: 0.3, validationSplit: 0 }, 4);

// A large step size makes the validation loss wander, so that it stops improving early.
function config(earlyStopping?: TrainerConfig['training']['earlyStopping']): TrainerConfig {
  return {
    seed: 5,
    dtype: 'float64',
    trace: 'off',
    train: data,
    validation: held,
    init: 'pytorch',
    model: {
      inputSize: 1,
      steps: 6,
      output: 'last',
      layers: [
        { type: 'gru', units: 8, shareWeights: true },
        { type: 'dense', units: 1, activation: 'linear' },
      ],
    },
    training: {
      epochs: 60,
      batchSize: 8,
      shuffle: true,
      loss: 'mse',
      optimizer: { type: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      earlyStopping,
    },
  };
}

/** The rule by hand: improvement = a fall below best − minDelta; stop after `patience` epochs without one. */
function expectedStop(
  values: number[],
  patience: number,
  minDelta: number,
): { stop: number | undefined; best: number } {
  let best = Infinity;
  let bestEpoch = 0;
  let wait = 0;
  for (let e = 1; e <= values.length; e++) {
    if (values[e - 1] < best - minDelta) {
      best = values[e - 1];
      bestEpoch = e;
      wait = 0;
    } else if (++wait >= patience) {
      return { stop: e, best: bestEpoch };
    }
  }
  return { stop: undefined, best: bestEpoch };
}

async function events(c: TrainerConfig): Promise<{ epochs: EpochEvent[]; done: DoneEvent; trainer: Trainer }> {
  const trainer = new Trainer(c);
  const all: TrainEvent[] = [];
  for await (const e of train(trainer)) all.push(e);
  return {
    epochs: all.filter((e): e is EpochEvent => e.type === 'epoch'),
    done: all.find((e): e is DoneEvent => e.type === 'done')!,
    trainer,
  };
}

describe('early stopping', () => {
  for (const [patience, minDelta] of [
    [3, 0],
    [5, 0.001],
  ] as const) {
    it(`patience ${patience}, minDelta ${minDelta}: stops where the rule says and restores the best weights`, async () => {
      // The same run without early stopping: its losses and the weights after every epoch.
      const free = new Trainer(config());
      const valLosses: number[] = [];
      const weightsAfter: unknown[] = [];
      for (let e = 0; e < 60; e++) {
        valLosses.push(runEpoch(free).valLoss!);
        weightsAfter.push(free.weights());
      }
      const { stop, best } = expectedStop(valLosses, patience, minDelta);
      assert.ok(stop !== undefined && stop < 60, 'the scenario must stop early to test anything');
      const run = await events(config({ monitor: 'valLoss', patience, minDelta, restoreBest: true }));
      assert.equal(run.epochs.length, stop);
      assert.equal(run.done.status, 'completed');
      assert.equal(run.done.stoppedEarly, true);
      assert.equal(run.done.restoredEpoch, best);
      assert.match(
        run.done.message ?? '',
        new RegExp(
          `^stopped early at epoch ${stop}: valLoss did not improve by more than ${minDelta} for ${patience} epochs .*best .* at epoch ${best}\\); weights of epoch ${best} restored$`,
        ),
      );
      assert.deepEqual(run.trainer.weights(), weightsAfter[best - 1]);
    });
  }

  it("without restoreBest the last epoch's weights stay", async () => {
    const run = await events(config({ monitor: 'loss', patience: 2, minDelta: 10, restoreBest: false }));
    // Epoch 1 improves on nothing-yet; no later loss falls by 10: stop after 1 + patience epochs.
    assert.equal(run.epochs.length, 3);
    assert.equal(run.done.restoredEpoch, undefined);
    assert.equal(run.done.stoppedEarly, true);
  });
});
