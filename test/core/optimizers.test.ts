// Optimizer steps and gradient clipping against values worked out by hand.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { referenceMemory } from '../../src/core/memory';
import { createParam, type Param } from '../../src/core/param';
import { clipGradNorm, createOptimizer } from '../../src/core/optimizers';

function param(values: number[], grads: number[]): Param {
  const p = createParam('p', [values.length], referenceMemory('float64'));
  p.value.set(values);
  p.grad.set(grads);
  return p;
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} ≠ ${b}`);

describe('sgd', () => {
  it('plain: w ← w − lr·g', () => {
    const p = param([1, -2], [0.5, -1]);
    createOptimizer({ type: 'sgd', learningRate: 0.1, momentum: 0 }, [p]).step([p]);
    close(p.value[0], 0.95, 'w0');
    close(p.value[1], -1.9, 'w1');
  });

  it('momentum: v = g on the first step, then v ← μv + g', () => {
    const p = param([1], [0.5]);
    const opt = createOptimizer({ type: 'sgd', learningRate: 0.1, momentum: 0.9 }, [p]);
    opt.step([p]); // v = 0.5, w = 1 − 0.05
    close(p.value[0], 0.95, 'after step 1');
    p.grad[0] = 0.2;
    opt.step([p]); // v = 0.9·0.5 + 0.2 = 0.65, w = 0.95 − 0.065
    close(p.value[0], 0.885, 'after step 2');
  });
});

describe('adam', () => {
  it('matches the bias-corrected update for two steps', () => {
    const p = param([1], [0.5]);
    const opt = createOptimizer({ type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, [p]);
    opt.step([p]);
    // m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25 → w = 1 − 0.01·0.5/(0.5 + 1e-8)
    close(p.value[0], 1 - (0.01 * 0.05) / 0.1 / (Math.sqrt(0.00025) / Math.sqrt(0.001) + 1e-8), 'after step 1');
    const w1 = p.value[0];
    p.grad[0] = -0.25;
    opt.step([p]);
    const m = 0.9 * 0.05 + 0.1 * -0.25;
    const v = 0.999 * 0.00025 + 0.001 * 0.0625;
    const expected = w1 - ((0.01 / (1 - 0.9 ** 2)) * m) / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8);
    close(p.value[0], expected, 'after step 2');
  });
});

describe('clipNorm (global L2 norm, as clip_grad_norm_)', () => {
  it('scales every gradient by maxNorm / (norm + 1e-6) when the norm is larger', () => {
    const a = param([0, 0], [3, 0]);
    const b = param([0], [4]);
    const { norm, clipped } = clipGradNorm([a, b], 1);
    assert.equal(norm, 5);
    assert.equal(clipped, true);
    const coef = 1 / (5 + 1e-6);
    close(a.grad[0], 3 * coef, 'a');
    close(b.grad[0], 4 * coef, 'b');
  });

  it('leaves gradients alone when the norm is within the limit', () => {
    const a = param([0], [0.3]);
    const { clipped } = clipGradNorm([a], 1);
    assert.equal(clipped, false);
    assert.equal(a.grad[0], 0.3);
  });
});
