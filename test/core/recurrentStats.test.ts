// What the panel draws for gated layers: ‖∂L/∂c[t]‖ beside ‖∂L/∂h[t]‖, σ₁ of each gate's
// recurrent block, gate saturation, and Wh snapshots of the whole (H, G·H) matrix.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/core/dataset';
import { Trainer, type TrainingSpec } from '../../src/core/trainer';
import { runStatEpoch } from '../helpers/runEpoch';
import { dense, makeTrainerConfig, rnn, sgd } from '../helpers/trainerConfig';

const T = 5;
const I = 2;
const data: Dataset = {
  count: 6,
  steps: T,
  inputSize: I,
  outputSize: 1,
  sequenceTargets: false,
  x: Float64Array.from({ length: 6 * T * I }, (_, i) => Math.sin(i * 1.7)),
  y: Float64Array.from({ length: 6 }, (_, i) => Math.cos(i)),
};

/** One full-batch step per epoch, unshuffled. */
const oneStep: Partial<TrainingSpec> = { epochs: 1, batchSize: 'full', shuffle: false, optimizer: sgd(0.01) };

function trainer(init: 'pytorch' | { weights: unknown }): Trainer {
  return new Trainer(
    makeTrainerConfig({
      seed: 2,
      train: data,
      init,
      training: oneStep,
      model: {
        layers: [
          { type: 'lstm', units: 4, shareWeights: true },
          { type: 'gru', units: 3, shareWeights: true },
          dense(1),
        ],
      },
    }),
  );
}

/** σ₁ of an n×n block by many power iterations on BᵀB from a start unlike the trainer's. */
function largestSingularValue(block: number[][]): number {
  const n = block.length;
  let v = Array.from({ length: n }, (_, i) => 1 + i);
  let sigma = 0;
  for (let it = 0; it < 2000; it++) {
    const u = block.map((row) => row.reduce((s, b, j) => s + b * v[j], 0));
    const w = v.map((_, j) => block.reduce((s, row, i) => s + row[j] * u[i], 0));
    const norm = Math.hypot(...w);
    sigma = Math.hypot(...u) / Math.hypot(...v);
    v = w.map((x) => x / norm);
  }
  return sigma;
}

describe('statistics of lstm and gru layers', () => {
  it('gradient flow through the cell state for lstm layers only, one value per step', () => {
    const e = runStatEpoch(trainer('pytorch'));
    assert.deepEqual(Object.keys(e.dhNorms), ['layer0', 'layer1']);
    assert.deepEqual(Object.keys(e.dcNorms ?? {}), ['layer0']);
    assert.equal(e.dcNorms!.layer0.length, T);
    assert.ok(e.dcNorms!.layer0.every((n) => Number.isFinite(n) && n > 0));
  });

  it("σ₁ of each gate's H×H block of Wh, named by gate", () => {
    const t = trainer('pytorch');
    const e = runStatEpoch(t);
    assert.deepEqual(Object.keys(e.spectralNorms), [
      'layer0.Wh.i',
      'layer0.Wh.f',
      'layer0.Wh.g',
      'layer0.Wh.o',
      'layer1.Wh.r',
      'layer1.Wh.z',
      'layer1.Wh.n',
    ]);
    const layers = t.weights().layers as { Wh?: number[][] }[];
    for (const [name, sigma] of Object.entries(e.spectralNorms)) {
      const [layer, , gate] = name.split('.');
      const l = Number(layer.slice('layer'.length));
      const H = layers[l].Wh!.length;
      const g = (l === 0 ? 'ifgo' : 'rzn').indexOf(gate);
      const block = layers[l].Wh!.map((row) => row.slice(g * H, (g + 1) * H));
      assert.ok(Math.abs(sigma - largestSingularValue(block)) < 1e-5 * sigma, `${name}: ${sigma}`);
    }
  });

  it('gate saturation: the fraction of sigmoid-gate activations below 0.1 and above 0.9', () => {
    // Zero weights and biases of ±10 pin each gate: i and r open (σ(10)), f and z shut (σ(−10)), o at ½.
    const zeros = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));
    const bias = (values: number[], H: number) => values.flatMap((v) => new Array<number>(H).fill(v));
    const weights = {
      format: 'rnn-lab/weights@1',
      layers: [
        { type: 'lstm', Wx: zeros(I, 16), Wh: zeros(4, 16), bx: bias([10, -10, 0, 0], 4), bh: bias([0, 0, 0, 0], 4) },
        { type: 'gru', Wx: zeros(4, 9), Wh: zeros(3, 9), bx: bias([10, -10, 0], 3), bh: bias([0, 0, 0], 3) },
        { type: 'dense', W: [[0.5], [0.5], [0.5]], b: [0] },
      ],
    };
    const e = runStatEpoch(trainer({ weights }));
    assert.deepEqual(e.gateSaturation, {
      'layer0.i': { low: 0, high: 1 },
      'layer0.f': { low: 1, high: 0 },
      'layer0.o': { low: 0, high: 0 },
      'layer1.r': { low: 0, high: 1 },
      'layer1.z': { low: 1, high: 0 },
    });
  });

  it('snapshots keep the whole (H, G·H) recurrent matrix', () => {
    const e = runStatEpoch(trainer('pytorch'));
    assert.deepEqual(e.whSnapshots!['layer0.Wh'].shape, [4, 16]);
    assert.deepEqual(e.whSnapshots!['layer1.Wh'].shape, [3, 9]);
  });

  it('an rnn-only model reports neither cell-state flow nor gate saturation (older readers see what they saw)', () => {
    const t = new Trainer(
      makeTrainerConfig({ seed: 2, train: data, training: oneStep, model: { layers: [rnn(3), dense(1)] } }),
    );
    const e = runStatEpoch(t);
    assert.equal(e.dcNorms, undefined);
    assert.equal(e.gateSaturation, undefined);
    assert.deepEqual(Object.keys(e.spectralNorms), ['layer0.Wh']);
  });
});
