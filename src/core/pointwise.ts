// The reference pointwise kernels: the elementwise work of one recurrent time step, as plain
// loops. They define what the fused fast kernels (kernels/, WebAssembly SIMD) compute, as
// linalg.ts does for the products, and run wherever those are missing (float64, no SIMD).
//
// Layouts: B rows of a time step, H units. Gate pre-activations of a step are (B, G·H) with
// the gate blocks side by side in PyTorch's order (LSTM i f g o, GRU r z n); offsets are in
// elements into (T, B, ·) sequence buffers so one call handles one step in place.

import { sigmoid } from './activations';
import type { FloatArray } from './tensor';

/** z[off + r·cols + j] += b[j]; h[same] = tanh(z[same]) — bias and tanh of one Elman step. */
export function biasTanh(z: FloatArray, b: FloatArray, h: FloatArray, off: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = off + r * cols;
    for (let j = 0; j < cols; j++) {
      const v = z[o + j] + b[j];
      z[o + j] = v;
      h[o + j] = Math.tanh(v);
    }
  }
}

/** dh += above[off…]; dz[off…] = dh·(1 − h[off…]²) over n values. Returns ‖dh‖². */
export function tanhBackward(
  dh: FloatArray,
  above: FloatArray,
  h: FloatArray,
  dz: FloatArray,
  off: number,
  n: number,
): number {
  let norm2 = 0;
  for (let i = 0; i < n; i++) {
    const g = dh[i] + above[off + i];
    dh[i] = g;
    norm2 += g * g;
    const hi = h[off + i];
    dz[off + i] = g * (1 - hi * hi);
  }
  return norm2;
}

/** dh (n) += above[off…]; returns ‖dh‖² — the gradient arriving at h[t] from above and from t+1. */
export function addAbove(dh: FloatArray, above: FloatArray, off: number, n: number): number {
  let norm2 = 0;
  for (let i = 0; i < n; i++) {
    const g = dh[i] + above[off + i];
    dh[i] = g;
    norm2 += g * g;
  }
  return norm2;
}

/**
 * Forward of one LSTM step, PyTorch's equations with row vectors:
 *   [i f g o] = z + bx + bh (z: (B, 4H) at zOff holds x·Wx + h[t−1]·Wh),
 *   i, f, o = σ(·), g = tanh(·); c[t] = f ⊙ c[t−1] + i ⊙ g; h[t] = o ⊙ tanh(c[t]).
 * z is overwritten with the activations [i f g o] (backward reads them); c, tc = tanh(c) and h
 * are (T, B, H) written at hOff; cPrevOff < 0 means c[−1] = 0.
 */
export function lstmForward(
  z: FloatArray,
  bx: FloatArray,
  bh: FloatArray,
  c: FloatArray,
  tc: FloatArray,
  h: FloatArray,
  zOff: number,
  hOff: number,
  cPrevOff: number,
  B: number,
  H: number,
): void {
  for (let r = 0; r < B; r++) {
    const zr = zOff + r * 4 * H;
    const hr = hOff + r * H;
    const pr = cPrevOff + r * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(z[zr + j] + bx[j] + bh[j]);
      const f = sigmoid(z[zr + H + j] + bx[H + j] + bh[H + j]);
      const g = Math.tanh(z[zr + 2 * H + j] + bx[2 * H + j] + bh[2 * H + j]);
      const o = sigmoid(z[zr + 3 * H + j] + bx[3 * H + j] + bh[3 * H + j]);
      z[zr + j] = i;
      z[zr + H + j] = f;
      z[zr + 2 * H + j] = g;
      z[zr + 3 * H + j] = o;
      const ct = (cPrevOff < 0 ? 0 : f * c[pr + j]) + i * g;
      const tct = Math.tanh(ct);
      c[hr + j] = ct;
      tc[hr + j] = tct;
      h[hr + j] = o * tct;
    }
  }
}

/**
 * Backward of one LSTM step. dh (B, H): the total ∂L/∂h[t]; dc (B, H): ∂L/∂c[t] from step t+1.
 * Writes dz (B, 4H) at zOff = ∂L/∂[i f g o] before the nonlinearities, and leaves in dc the
 * gradient for c[t−1] (dc ⊙ f). Returns ‖∂L/∂c[t]‖² (from h[t] and from t+1 together).
 *   dc += dh ⊙ o ⊙ (1 − tanh²c); do = dh ⊙ tanh c; di = dc ⊙ g; df = dc ⊙ c[t−1]; dg = dc ⊙ i
 */
export function lstmBackward(
  dh: FloatArray,
  dc: FloatArray,
  act: FloatArray,
  c: FloatArray,
  tc: FloatArray,
  dz: FloatArray,
  zOff: number,
  hOff: number,
  cPrevOff: number,
  B: number,
  H: number,
): number {
  let norm2 = 0;
  for (let r = 0; r < B; r++) {
    const zr = zOff + r * 4 * H;
    const hr = hOff + r * H;
    const pr = cPrevOff + r * H;
    for (let j = 0; j < H; j++) {
      const i = act[zr + j];
      const f = act[zr + H + j];
      const g = act[zr + 2 * H + j];
      const o = act[zr + 3 * H + j];
      const t = tc[hr + j];
      const dhj = dh[r * H + j];
      const dcj = dc[r * H + j] + dhj * o * (1 - t * t);
      norm2 += dcj * dcj;
      const cPrev = cPrevOff < 0 ? 0 : c[pr + j];
      dz[zr + j] = dcj * g * i * (1 - i);
      dz[zr + H + j] = dcj * cPrev * f * (1 - f);
      dz[zr + 2 * H + j] = dcj * i * (1 - g * g);
      dz[zr + 3 * H + j] = dhj * t * o * (1 - o);
      dc[r * H + j] = dcj * f;
    }
  }
  return norm2;
}

/**
 * Forward of one GRU step, PyTorch's equations with row vectors:
 *   r = σ(x·Wxr + bxr + h·Whr + bhr), z = σ(x·Wxz + bxz + h·Whz + bhz),
 *   n = tanh(x·Wxn + bxn + r ⊙ (h·Whn + bhn)), h[t] = (1 − z) ⊙ n + z ⊙ h[t−1].
 * zx (B, 3H) at off holds x·Wx and is overwritten with [r z n]; zh (B, 3H) holds h[t−1]·Wh and
 * its n block is overwritten with h·Whn + bhn (backward needs it). h is (T, B, H) at hOff;
 * hPrevOff < 0 means h[−1] = 0.
 */
export function gruForward(
  zx: FloatArray,
  zh: FloatArray,
  bx: FloatArray,
  bh: FloatArray,
  h: FloatArray,
  off: number,
  hOff: number,
  hPrevOff: number,
  B: number,
  H: number,
): void {
  for (let row = 0; row < B; row++) {
    const o = off + row * 3 * H;
    const hr = hOff + row * H;
    const pr = hPrevOff + row * H;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(zx[o + j] + bx[j] + zh[o + j] + bh[j]);
      const z = sigmoid(zx[o + H + j] + bx[H + j] + zh[o + H + j] + bh[H + j]);
      const hn = zh[o + 2 * H + j] + bh[2 * H + j];
      const n = Math.tanh(zx[o + 2 * H + j] + bx[2 * H + j] + r * hn);
      zx[o + j] = r;
      zx[o + H + j] = z;
      zx[o + 2 * H + j] = n;
      zh[o + 2 * H + j] = hn;
      const hPrev = hPrevOff < 0 ? 0 : h[pr + j];
      h[hr + j] = (1 - z) * n + z * hPrev;
    }
  }
}

/**
 * Backward of one GRU step. dh (B, H): the total ∂L/∂h[t]. Writes dzx (B, 3H) = ∂L/∂ of the
 * x-side pre-activations and dzh (B, 3H) = ∂L/∂ of the h-side ones (they differ in the n block
 * by the factor r), and replaces dh with the direct part of ∂L/∂h[t−1], dh ⊙ z (the part
 * through Wh is added by the caller: dzh·Whᵀ).
 */
export function gruBackward(
  dh: FloatArray,
  act: FloatArray,
  zh: FloatArray,
  h: FloatArray,
  dzx: FloatArray,
  dzh: FloatArray,
  off: number,
  hPrevOff: number,
  B: number,
  H: number,
): void {
  for (let row = 0; row < B; row++) {
    const o = off + row * 3 * H;
    const pr = hPrevOff + row * H;
    for (let j = 0; j < H; j++) {
      const r = act[o + j];
      const z = act[o + H + j];
      const n = act[o + 2 * H + j];
      const hn = zh[o + 2 * H + j];
      const hPrev = hPrevOff < 0 ? 0 : h[pr + j];
      const g = dh[row * H + j];
      const dn = g * (1 - z) * (1 - n * n); // through tanh
      const dr = dn * hn * r * (1 - r);
      const dzg = g * (hPrev - n) * z * (1 - z);
      dzx[o + j] = dr;
      dzh[o + j] = dr;
      dzx[o + H + j] = dzg;
      dzh[o + H + j] = dzg;
      dzx[o + 2 * H + j] = dn;
      dzh[o + 2 * H + j] = dn * r;
      dh[row * H + j] = g * z;
    }
  }
}

/** Counts of a gate's activations below 0.1 and above 0.9 (gate saturation). */
export interface SaturationCounts {
  readonly low: number;
  readonly high: number;
}

/**
 * The activations act[r·stride + column + j], r < rows, j < width — one gate's block of the
 * (T·B, G·H) activations — counted below 0.1 and above 0.9.
 */
export function saturationCounts(
  act: FloatArray,
  rows: number,
  stride: number,
  column: number,
  width: number,
): SaturationCounts {
  let low = 0;
  let high = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * stride + column;
    for (let j = 0; j < width; j++) {
      const a = act[o + j];
      if (a < 0.1) low++;
      else if (a > 0.9) high++;
    }
  }
  return { low, high };
}
