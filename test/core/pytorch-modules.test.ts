// LSTM, GRU and mixed stacks against PyTorch's own modules: torch.nn.LSTM / GRU / RNN /
// Linear (or LSTMCell / GRUCell per step), loaded from our weights file through the README's
// mapping, trained with torch.optim (test/golden/make_golden_modules.py). The same losses
// every epoch, the same final weights written back through the mapping, the same outputs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { LayerSpec, OutputMode } from '../../src/core/model';
import { Trainer, type TrainingSpec } from '../../src/core/trainer';
import type { DType } from '../../src/core/tensor';
import type { Dataset } from '../../src/core/dataset';
import { goldenDataset, relativeDifference } from '../helpers/compare';
import { runEpoch } from '../helpers/runEpoch';
import { makeTrainerConfig } from '../helpers/trainerConfig';

interface WeightsDoc {
  layers: Record<string, unknown>[];
}

interface Scenario {
  name: string;
  layers: LayerSpec[];
  output: OutputMode;
  training: TrainingSpec;
  x: number[][][];
  y: number[][] | number[][][];
  initialWeights: WeightsDoc;
  losses: number[];
  finalWeights: WeightsDoc;
  finalOutputs: number[][] | number[][][];
}

const golden = JSON.parse(readFileSync(new URL('../golden/pytorch-modules.json', import.meta.url), 'utf8')) as {
  torch: string;
  scenarios: Scenario[];
};

function trainerFor(s: Scenario, dtype: DType, kernels: 'reference' | 'auto' = 'auto'): Trainer {
  return new Trainer(
    makeTrainerConfig({
      dtype,
      kernels,
      train: goldenDataset(s.x, s.y),
      model: { layers: s.layers, output: s.output },
      init: { weights: s.initialWeights },
      training: s.training,
    }),
  );
}

const relative = relativeDifference;

/** Largest absolute difference between two nested arrays / step objects of numbers (same shape asserted). */
function maxDifference(a: unknown, b: unknown, path: string): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  if (isRecord(a) && isRecord(b)) {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${path}: fields differ`);
    return Object.keys(b).reduce((m, k) => Math.max(m, maxDifference(a[k], b[k], `${path}.${k}`)), 0);
  }
  assert.ok(Array.isArray(a) && Array.isArray(b) && a.length === b.length, `${path}: shapes differ`);
  return (a as unknown[]).reduce<number>(
    (m, v, i) => Math.max(m, maxDifference(v, (b as unknown[])[i], `${path}[${i}]`)),
    0,
  );
}

describe(`lstm, gru and mixed stacks match torch.nn modules ${golden.torch} (float64)`, () => {
  for (const s of golden.scenarios) {
    it(s.name, () => {
      const trainer = trainerFor(s, 'float64');
      s.losses.forEach((expected, e) => {
        const loss = runEpoch(trainer).loss;
        assert.ok(relative(loss, expected) < 1e-10, `epoch ${e + 1}: loss ${loss} vs torch ${expected}`);
      });
      // Our weights file, read back through the mapping, is torch's final parameters.
      const ours = trainer.weights().layers as Record<string, unknown>[];
      s.finalWeights.layers.forEach((entry, i) => {
        for (const [key, value] of Object.entries(entry)) {
          if (key === 'type') assert.equal(ours[i].type, value);
          else
            assert.ok(
              maxDifference(ours[i][key], value, `layer ${i} ${key}`) < 1e-9,
              `layer ${i} ${key} differs from torch`,
            );
        }
      });
      // And the trained model's outputs are torch's (the forward pass alone, every sample).
      const data = goldenDataset(s.x, s.y);
      const all = trainerFor({ ...s, initialWeights: s.finalWeights }, 'float64');
      const prediction = all.model.forward(timeMajor(data), data.count);
      const expected = (s.finalOutputs as number[][]).flat<number[][], 2>(2);
      const rows = s.output === 'sequence' ? data.steps : 1;
      const O = prediction.width;
      let worst = 0;
      for (let b = 0; b < data.count; b++) {
        for (let t = 0; t < rows; t++) {
          for (let o = 0; o < O; o++) {
            const ourValue = prediction.values[(t * data.count + b) * O + o]; // time-major rows
            worst = Math.max(worst, Math.abs(ourValue - expected[(b * rows + t) * O + o]));
          }
        }
      }
      assert.ok(worst < 1e-10, `outputs differ from torch by up to ${worst}`);
    });
  }
});

describe('the same trainings in float32 stay within float32 rounding of torch (float64)', () => {
  for (const s of golden.scenarios) {
    it(s.name, () => {
      const trainer = trainerFor(s, 'float32');
      s.losses.forEach((expected, e) => {
        const loss = runEpoch(trainer).loss;
        assert.ok(relative(loss, expected) < 1e-4, `epoch ${e + 1}: float32 loss ${loss} vs torch ${expected}`);
      });
    });
  }
});

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** (B, T, I) sample-major → (T, B, I) time-major, as the model reads sequences. */
function timeMajor(d: Dataset): Float64Array {
  const out = new Float64Array(d.x.length);
  for (let b = 0; b < d.count; b++) {
    for (let t = 0; t < d.steps; t++) {
      for (let i = 0; i < d.inputSize; i++)
        out[(t * d.count + b) * d.inputSize + i] = d.x[(b * d.steps + t) * d.inputSize + i];
    }
  }
  return out;
}
