// The matrix products one training step of a model computes (layers/recurrent.ts, dense.ts),
// with how often: what a native BLAS is timed on against our kernels before it is chosen.

import type { ModelSpec } from '../model';

/** C (m×n) = A (m×k)·B (k×n), computed `count` times per training step. */
export interface ProductShape {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly count: number;
}

const GATES = { rnn: 1, lstm: 4, gru: 3 } as const;

/** The products of a forward and backward pass on a batch of B (shared weights; per-step weights multiply the same shapes). */
export function productShapes(model: ModelSpec, B: number): ProductShape[] {
  const T = model.steps;
  const shapes: ProductShape[] = [];
  let width = model.inputSize;
  for (const layer of model.layers) {
    const H = layer.units;
    if (layer.type === 'dense') {
      const rows = model.output === 'sequence' ? T * B : B;
      shapes.push({ m: rows, k: width, n: H, count: 2 }, { m: width, k: rows, n: H, count: 1 });
    } else {
      const GH = GATES[layer.type] * H;
      shapes.push(
        { m: T * B, k: width, n: GH, count: 2 }, // x·Wx for all steps; dX = dZx·Wxᵀ (k and n swapped: same work)
        { m: B, k: H, n: GH, count: 2 * Math.max(0, T - 1) }, // h[t−1]·Wh per step; dz[t]·Whᵀ per step
        { m: width, k: T * B, n: GH, count: 1 }, // dWx = Xᵀ·dZx
        { m: H, k: Math.max(1, T - 1) * B, n: GH, count: 1 }, // dWh = Hᵀ·dZh
      );
    }
    width = H;
  }
  return shapes.filter((s) => s.count > 0 && s.m > 0 && s.k > 0 && s.n > 0);
}
