// The trainer against PyTorch: the same model, weights and data trained with torch autograd
// and torch.optim (test/golden/make_golden.py) must give the same losses and final weights.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { LayerSpec, OutputMode } from '../../src/core/model';
import { Trainer, type TrainingSpec } from '../../src/core/trainer';
import { goldenDataset, relativeDifference } from '../helpers/compare';
import { runEpoch } from '../helpers/runEpoch';
import { makeTrainerConfig } from '../helpers/trainerConfig';

interface Scenario {
  name: string;
  layers: LayerSpec[];
  output: OutputMode;
  training: TrainingSpec;
  x: number[][][];
  y: number[][] | number[][][];
  initialWeights: unknown;
  losses: number[];
  finalParams: number[][];
}

const golden = JSON.parse(readFileSync(new URL('../golden/pytorch.json', import.meta.url), 'utf8')) as {
  torch: string;
  scenarios: Scenario[];
};

describe(`training matches PyTorch ${golden.torch} (float64)`, () => {
  for (const s of golden.scenarios) {
    it(s.name, () => {
      const trainer = new Trainer(
        makeTrainerConfig({
          train: goldenDataset(s.x, s.y),
          model: { layers: s.layers, output: s.output },
          init: { weights: s.initialWeights },
          training: s.training,
        }),
      );
      s.losses.forEach((expected, e) => {
        const loss = runEpoch(trainer).loss;
        assert.ok(relativeDifference(loss, expected) < 1e-10, `epoch ${e + 1}: loss ${loss} vs torch ${expected}`);
      });
      trainer.model.params.forEach((p, k) => {
        const expected = s.finalParams[k];
        assert.equal(p.value.length, expected.length, `${p.name} size`);
        let worst = 0;
        for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(p.value[i] - expected[i]));
        assert.ok(worst < 1e-9, `${p.name}: final weights differ from torch by up to ${worst}`);
      });
    });
  }
});
