// Schedules, weight decay, adamw and early stopping in experiment files: torch's defaults
// filled in, and positioned errors where an option cannot work.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadExperiment } from '../../src/experiment/load';
import { experiment, workspace } from '../helpers/workspace';

async function load(training: Record<string, unknown>, data?: Record<string, unknown>) {
  const text = JSON.stringify(
    experiment({ training: { epochs: 20, loss: 'mse', ...training }, ...(data ? { data } : {}) }),
    null,
    2,
  );
  const dir = workspace({ 'x.rnn.json': text });
  return { ...(await loadExperiment(path.join(dir, 'x.rnn.json'))), text };
}

const sine = { generator: 'sine', samples: 20, steps: 4, validationSplit: 0.25 };

describe('training options', () => {
  it('fill in torch defaults: weight decay 0 for sgd and adam, 0.01 for adamw', async () => {
    const sgd = await load({ optimizer: { type: 'sgd', learningRate: 0.1 } });
    assert.equal(sgd.loaded!.experiment.training.optimizer.weightDecay, 0);
    const adamw = await load({ optimizer: { type: 'adamw', learningRate: 0.1 } });
    assert.deepEqual(adamw.loaded!.experiment.training.optimizer, {
      type: 'adamw',
      learningRate: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0.01,
    });
  });

  it('fill in schedule defaults (cosine tMax = the epochs after warmup; plateau as ReduceLROnPlateau)', async () => {
    const cosine = await load({
      optimizer: { type: 'sgd', learningRate: 0.1 },
      schedule: { type: 'cosine', warmup: 5 },
    });
    assert.deepEqual(cosine.loaded!.experiment.training.schedule, {
      type: 'cosine',
      tMax: 15,
      minLearningRate: 0,
      warmup: 5,
    });
    const plateau = await load({ optimizer: { type: 'sgd', learningRate: 0.1 }, schedule: { type: 'plateau' } });
    assert.deepEqual(plateau.loaded!.experiment.training.schedule, {
      type: 'plateau',
      factor: 0.1,
      patience: 10,
      threshold: 1e-4,
      cooldown: 0,
      minLearningRate: 0,
      warmup: 0,
    });
  });

  it('early stopping monitors the validation loss when there is validation data, else the training loss', async () => {
    const withValidation = await load({ optimizer: { type: 'sgd', learningRate: 0.1 }, earlyStopping: {} }, sine);
    assert.deepEqual(withValidation.loaded!.experiment.training.earlyStopping, {
      monitor: 'valLoss',
      patience: 5,
      minDelta: 0,
      restoreBest: true,
    });
    const without = await load({ optimizer: { type: 'sgd', learningRate: 0.1 }, earlyStopping: { patience: 2 } });
    assert.equal(without.loaded!.experiment.training.earlyStopping!.monitor, 'loss');
  });

  it('monitoring valLoss without held-out data is an error at the monitor', async () => {
    const { diagnostics, text } = await load({
      optimizer: { type: 'sgd', learningRate: 0.1 },
      earlyStopping: { monitor: 'valLoss' },
    });
    const line = text.split('\n').findIndex((l) => l.includes('"monitor"')) + 1;
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].line, line);
    assert.match(diagnostics[0].message, /needs held-out data/);
  });

  it('a step schedule needs its stepSize; options of another schedule are errors', async () => {
    assert.ok(
      (await load({ optimizer: { type: 'sgd', learningRate: 0.1 }, schedule: { type: 'step' } })).diagnostics.some(
        (d) => /stepSize/.test(d.message),
      ),
    );
    assert.ok(
      (await load({ optimizer: { type: 'sgd', learningRate: 0.1 }, schedule: { type: 'cosine', gamma: 0.5 } }))
        .diagnostics.length > 0,
    );
  });
});
