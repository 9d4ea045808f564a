// Schedules, weight decay and AdamW against torch.optim and torch.optim.lr_scheduler over 24
// epochs (test/golden/make_golden_training.py): the learning rate of every epoch, the losses,
// the validation losses and the final weights, float64.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { LayerSpec } from '../../src/core/model';
import { Trainer, type TrainingSpec } from '../../src/core/trainer';
import { goldenDataset, relativeDifference } from '../helpers/compare';
import { runEpoch } from '../helpers/runEpoch';
import { testBlas } from '../helpers/testBlas';

interface Scenario {
  name: string;
  layers: LayerSpec[];
  training: TrainingSpec;
  x: number[][][];
  y: number[][];
  validationX: number[][][];
  validationY: number[][];
  initialWeights: unknown;
  losses: number[];
  valLosses: number[];
  learningRates: number[];
  finalWeights: { layers: Record<string, unknown>[] };
}

const golden = JSON.parse(readFileSync(new URL('../golden/pytorch-training.json', import.meta.url), 'utf8')) as {
  torch: string;
  scenarios: Scenario[];
};

const relative = relativeDifference;

function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v as number];
}

describe(`schedules, weight decay and adamw match torch ${golden.torch} (float64, 24 epochs)`, () => {
  for (const s of golden.scenarios) {
    it(s.name, () => {
      const train = goldenDataset(s.x, s.y);
      const trainer = new Trainer({
        seed: 0,
        dtype: 'float64',
        trace: 'off',
        train,
        validation: goldenDataset(s.validationX, s.validationY),
        model: { inputSize: train.inputSize, steps: train.steps, layers: s.layers, output: 'last' },
        init: { weights: s.initialWeights },
        training: s.training,
        blas: testBlas(),
      });
      s.losses.forEach((expected, e) => {
        const event = runEpoch(trainer);
        assert.ok(
          relative(event.learningRate, s.learningRates[e]) < 1e-12,
          `epoch ${e + 1}: learning rate ${event.learningRate} vs torch ${s.learningRates[e]}`,
        );
        assert.ok(relative(event.loss, expected) < 1e-10, `epoch ${e + 1}: loss ${event.loss} vs torch ${expected}`);
        assert.ok(
          relative(event.valLoss!, s.valLosses[e]) < 1e-10,
          `epoch ${e + 1}: validation loss ${event.valLoss} vs torch ${s.valLosses[e]}`,
        );
      });
      const ours = trainer.weights().layers as Record<string, unknown>[];
      s.finalWeights.layers.forEach((entry, i) => {
        for (const [key, value] of Object.entries(entry)) {
          if (key === 'type') continue;
          const a = flat(ours[i][key]);
          const b = flat(value);
          const worst = a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0);
          assert.ok(worst < 1e-9, `layer ${i} ${key}: final weights differ from torch by ${worst}`);
        }
      });
    });
  }
});
