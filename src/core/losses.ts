// Losses on predictions p and targets y laid out identically (rows × width). Each returns
// its value and writes ∂L/∂p; reductions are the means PyTorch uses by default.

import type { FloatArray } from './tensor';

export type LossKind = 'mse' | 'bce' | 'crossEntropy';

/** PyTorch clamps BCE's logs at −100 so that p = 0 or 1 gives a finite loss. */
const BCE_LOG_FLOOR = -100;
/** PyTorch's binary_cross_entropy_backward divides by max(p(1 − p), 1e-12). */
const BCE_GRAD_EPS = 1e-12;

/**
 * Loss value and gradient. `rows × width` elements; crossEntropy averages over rows (samples
 * and steps) and sums over the width (classes), mse and bce average over every element.
 */
export function lossAndGradient(
  kind: LossKind,
  p: FloatArray,
  y: FloatArray,
  dp: FloatArray,
  rows: number,
  width: number,
): number {
  const n = rows * width;
  let total = 0;
  switch (kind) {
    case 'mse':
      for (let i = 0; i < n; i++) {
        const d = p[i] - y[i];
        total += d * d;
        dp[i] = (2 * d) / n;
      }
      return total / n;
    case 'bce':
      for (let i = 0; i < n; i++) {
        const pi = p[i];
        const yi = y[i];
        total -= yi * Math.max(Math.log(pi), BCE_LOG_FLOOR) + (1 - yi) * Math.max(Math.log(1 - pi), BCE_LOG_FLOOR);
        dp[i] = (pi - yi) / Math.max((1 - pi) * pi, BCE_GRAD_EPS) / n;
      }
      return total / n;
    case 'crossEntropy':
      for (let i = 0; i < n; i++) {
        const yi = y[i];
        if (yi !== 0) total -= yi * Math.log(p[i]);
        dp[i] = yi === 0 ? 0 : -yi / p[i] / rows;
      }
      return total / rows;
  }
}

/**
 * Softmax followed by cross-entropy, differentiated as one step: ∂L/∂z = (p·Σy − y) / rows.
 * The value comes from the logits z through log-softmax (as torch.nn.CrossEntropyLoss does),
 * so it stays finite even where a probability underflowed to 0.
 */
export function softmaxCrossEntropy(
  z: FloatArray,
  p: FloatArray,
  y: FloatArray,
  dz: FloatArray,
  rows: number,
  width: number,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    let max = -Infinity;
    for (let k = 0; k < width; k++) if (z[o + k] > max) max = z[o + k];
    let sumExp = 0;
    for (let k = 0; k < width; k++) sumExp += Math.exp(z[o + k] - max);
    const logSumExp = max + Math.log(sumExp);
    let ySum = 0;
    for (let k = 0; k < width; k++) {
      const yk = y[o + k];
      if (yk !== 0) total -= yk * (z[o + k] - logSumExp);
      ySum += yk;
    }
    for (let k = 0; k < width; k++) dz[o + k] = (p[o + k] * ySum - y[o + k]) / rows;
  }
  return total / rows;
}
