// Every layer, activation and loss: the analytic gradient equals central finite differences
// (float64, relative error < 1e-6). A failure here means training follows a wrong direction.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ElementwiseActivation } from '../../src/core/activations';
import { gradCheck, type GradCheckCase } from '../helpers/gradcheck';

const TOLERANCE = 1e-6;

function assertGradientsMatch(c: GradCheckCase): void {
  const errors = gradCheck(c);
  for (const e of errors) {
    assert.ok(
      e.relativeError < TOLERANCE,
      `${e.name}: relative error ${e.relativeError.toExponential(2)} ≥ ${TOLERANCE}`,
    );
  }
  // A check on all-zero gradients would pass vacuously: every parameter must receive signal,
  // except Wh of step 0 with per-step weights (it multiplies h[-1] = 0).
  for (const e of errors) {
    if (/step0\.Wh$/.test(e.name)) assert.equal(e.analyticNorm, 0, `${e.name} multiplies h[-1] = 0`);
    else assert.ok(e.analyticNorm > 0, `${e.name} received no gradient`);
  }
}

const rnn = (units: number, activation: ElementwiseActivation = 'tanh', shareWeights = true) =>
  ({ type: 'rnn', units, activation, shareWeights }) as const;

describe('rnn activations (shared weights, last step, dense readout, mse)', () => {
  for (const activation of ['tanh', 'sigmoid', 'relu', 'prelu', 'linear'] as const) {
    it(activation, () =>
      assertGradientsMatch({
        layers: [rnn(5, activation), { type: 'dense', units: 2, activation: 'linear' }],
        loss: 'mse',
      }),
    );
  }
});

describe('dense activations after the last step', () => {
  for (const activation of ['linear', 'sigmoid', 'tanh', 'relu', 'softmax'] as const) {
    it(activation, () =>
      assertGradientsMatch({
        layers: [rnn(4), { type: 'dense', units: 3, activation }],
        loss: 'mse',
      }),
    );
  }
});

describe('losses', () => {
  it('mse on a linear output', () =>
    assertGradientsMatch({ layers: [rnn(4), { type: 'dense', units: 2, activation: 'linear' }], loss: 'mse' }));
  it('bce on a sigmoid output', () =>
    assertGradientsMatch({ layers: [rnn(4), { type: 'dense', units: 2, activation: 'sigmoid' }], loss: 'bce' }));
  it('crossEntropy on a softmax output (fused gradient)', () =>
    assertGradientsMatch({
      layers: [rnn(4), { type: 'dense', units: 5, activation: 'softmax' }],
      loss: 'crossEntropy',
    }));
  it('crossEntropy on every step of a sequence', () =>
    assertGradientsMatch({
      layers: [rnn(4), { type: 'dense', units: 3, activation: 'softmax' }],
      loss: 'crossEntropy',
      output: 'sequence',
    }));
});

describe('rnn weights and stacking', () => {
  it('per-step weights (shareWeights: false)', () =>
    assertGradientsMatch({
      layers: [rnn(4, 'tanh', false), { type: 'dense', units: 1, activation: 'linear' }],
      loss: 'mse',
    }));
  it('stacked rnn layers ending in a sigmoid rnn (the notebook model)', () =>
    assertGradientsMatch({
      layers: [rnn(8), rnn(8), rnn(1, 'sigmoid')],
      loss: 'mse',
      B: 2,
      T: 3,
      I: 4,
    }));
  it('stacked per-step and shared layers mixed', () =>
    assertGradientsMatch({
      layers: [rnn(3, 'tanh', false), rnn(4, 'relu'), { type: 'dense', units: 2, activation: 'tanh' }],
      loss: 'mse',
    }));
  it('dense layers at every step ("sequence")', () =>
    assertGradientsMatch({
      layers: [
        rnn(4),
        rnn(3, 'sigmoid'),
        { type: 'dense', units: 3, activation: 'tanh' },
        { type: 'dense', units: 2, activation: 'linear' },
      ],
      loss: 'mse',
      output: 'sequence',
    }));
  it('rnn output itself as the sequence prediction', () =>
    assertGradientsMatch({
      layers: [rnn(3), rnn(2, 'sigmoid')],
      loss: 'bce',
      output: 'sequence',
    }));
});

describe('lstm and gru: every gate, bias and state path', () => {
  const lstm = (units: number, shareWeights = true) => ({ type: 'lstm', units, shareWeights }) as const;
  const gru = (units: number, shareWeights = true) => ({ type: 'gru', units, shareWeights }) as const;
  const linear = (units: number) => ({ type: 'dense', units, activation: 'linear' }) as const;
  it('lstm, last step (c carries the gradient back through every step)', () =>
    assertGradientsMatch({
      layers: [lstm(5), linear(2)],
      loss: 'mse',
      T: 6,
    }));
  it('lstm, loss at every step (∂L/∂c from h[t] and from c[t+1])', () =>
    assertGradientsMatch({
      layers: [lstm(4), { type: 'dense', units: 3, activation: 'softmax' }],
      loss: 'crossEntropy',
      output: 'sequence',
    }));
  it('gru, last step', () => assertGradientsMatch({ layers: [gru(5), linear(2)], loss: 'mse', T: 6 }));
  it('gru output itself as the sequence prediction', () =>
    assertGradientsMatch({ layers: [gru(3)], loss: 'mse', output: 'sequence' }));
  it('per-step lstm and gru weights', () =>
    assertGradientsMatch({ layers: [lstm(3, false), gru(3, false), linear(1)], loss: 'mse' }));
  it('mixed stack rnn -> lstm -> gru -> dense sigmoid, bce', () =>
    assertGradientsMatch({
      layers: [rnn(4, 'relu'), lstm(4), gru(3), { type: 'dense', units: 2, activation: 'sigmoid' }],
      loss: 'bce',
    }));
});
