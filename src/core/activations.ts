// Element-wise activations: forward and local derivative side by side. Derivatives follow
// PyTorch's conventions at the kinks (relu'(0) = 0, prelu'(0) = α) so gradients match it.

import type { FloatArray } from './tensor';

export type ElementwiseActivation = 'tanh' | 'sigmoid' | 'relu' | 'prelu' | 'linear';
export type Activation = ElementwiseActivation | 'softmax';

/** PReLU's learnable slope starts where torch.nn.PReLU starts it. */
export const PRELU_INITIAL_ALPHA = 0.25;

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** out[i] = act(z[i]) for i in [off, off + len). */
export function activate(
  kind: ElementwiseActivation,
  z: FloatArray,
  out: FloatArray,
  off: number,
  len: number,
  alpha: number,
): void {
  const end = off + len;
  switch (kind) {
    case 'tanh':
      for (let i = off; i < end; i++) out[i] = Math.tanh(z[i]);
      return;
    case 'sigmoid':
      for (let i = off; i < end; i++) out[i] = sigmoid(z[i]);
      return;
    case 'relu':
      for (let i = off; i < end; i++) out[i] = z[i] > 0 ? z[i] : 0;
      return;
    case 'prelu':
      for (let i = off; i < end; i++) out[i] = z[i] > 0 ? z[i] : alpha * z[i];
      return;
    case 'linear':
      if (out !== z) out.set(z.subarray(off, end), off);
      return;
  }
}

/**
 * dz[i] = dh[i] · act'(z[i]), reading the derivative from the output h where that is exact
 * (tanh' = 1 − h², σ' = h(1 − h)). Returns ∂L/∂α for prelu (0 otherwise).
 */
export function activationBackward(
  kind: ElementwiseActivation,
  z: FloatArray,
  h: FloatArray,
  dh: FloatArray,
  dhOff: number,
  dz: FloatArray,
  dzOff: number,
  off: number,
  len: number,
  alpha: number,
): number {
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < len; i++) {
        const hi = h[off + i];
        dz[dzOff + i] = dh[dhOff + i] * (1 - hi * hi);
      }
      return 0;
    case 'sigmoid':
      for (let i = 0; i < len; i++) {
        const hi = h[off + i];
        dz[dzOff + i] = dh[dhOff + i] * hi * (1 - hi);
      }
      return 0;
    case 'relu':
      for (let i = 0; i < len; i++) dz[dzOff + i] = z[off + i] > 0 ? dh[dhOff + i] : 0;
      return 0;
    case 'prelu': {
      let dAlpha = 0;
      for (let i = 0; i < len; i++) {
        const zi = z[off + i];
        const g = dh[dhOff + i];
        if (zi > 0) {
          dz[dzOff + i] = g;
        } else {
          dz[dzOff + i] = alpha * g;
          dAlpha += g * zi;
        }
      }
      return dAlpha;
    }
    case 'linear':
      for (let i = 0; i < len; i++) dz[dzOff + i] = dh[dhOff + i];
      return 0;
  }
}

/** Row-wise softmax of z (rows × cols) into p, shifted by the row max for stability. */
export function softmaxRows(z: FloatArray, p: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let k = 0; k < cols; k++) if (z[o + k] > max) max = z[o + k];
    let sum = 0;
    for (let k = 0; k < cols; k++) {
      const e = Math.exp(z[o + k] - max);
      p[o + k] = e;
      sum += e;
    }
    for (let k = 0; k < cols; k++) p[o + k] /= sum;
  }
}

/** dz = p ⊙ (dp − ⟨dp, p⟩) per row: the softmax Jacobian applied to the incoming gradient. */
export function softmaxRowsBackward(p: FloatArray, dp: FloatArray, dz: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let dot = 0;
    for (let k = 0; k < cols; k++) dot += dp[o + k] * p[o + k];
    for (let k = 0; k < cols; k++) dz[o + k] = p[o + k] * (dp[o + k] - dot);
  }
}
