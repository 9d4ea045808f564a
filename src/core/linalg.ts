// The reference kernels: the matrix products BPTT needs, on row-major flat arrays, as plain
// loops. They define what the fast kernels (kernels/, WebAssembly SIMD) must compute, and run
// where those are unavailable. Loops run i-k-j so the innermost loop walks both the output row
// and a row of the right operand contiguously. Accumulating variants (+=) let gradients sum
// over time steps without temporaries.

import type { FloatArray } from './tensor';

/** C (m×n) = or += A (m×k) · B (k×n). Offsets let callers pass a time step of a sequence. */
export function gemm(
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  c: FloatArray,
  cOff: number,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    const ai = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p];
      if (aip === 0) continue;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
}

/** C (m×n) += Aᵀ · B with A (k×m), B (k×n): weight gradients xᵀ·δ summed over the batch. */
export function gemmTN(
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  c: FloatArray,
  cOff: number,
  k: number,
  m: number,
  n: number,
): void {
  for (let p = 0; p < k; p++) {
    const ap = aOff + p * m;
    const bp = bOff + p * n;
    for (let i = 0; i < m; i++) {
      const api = a[ap + i];
      if (api === 0) continue;
      const ci = cOff + i * n;
      for (let j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
    }
  }
}

/** C (m×n) = or += A (m×k) · Bᵀ with B (n×k): gradients flowing back through a weight, δ·Wᵀ. */
export function gemmNT(
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  c: FloatArray,
  cOff: number,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k;
    const ci = cOff + i * n;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      c[ci + j] = accumulate ? c[ci + j] + s : s;
    }
  }
}

/** dst (cols×rows) = srcᵀ for src (rows×cols). */
export function transpose(src: FloatArray, dst: FloatArray, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j];
  }
}

/** sums[j] += Σ_r m[off + r·cols + j]: bias gradients summed over the batch (and time). */
export function columnSums(m: FloatArray, off: number, rows: number, cols: number, sums: FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const o = off + r * cols;
    for (let j = 0; j < cols; j++) sums[j] += m[o + j];
  }
}
