// Per-epoch statistics for the live panel: what the weights and gradients look like, and
// how gradient flows back through time. Costs O(parameters) per epoch, against the
// O(B·T·parameters) of training, so it stays a small share of an epoch.

import type { Param } from './param';
import type { FloatArray } from './tensor';

export const HISTOGRAM_BINS = 20;

export interface Histogram {
  readonly min: number;
  readonly max: number;
  /** HISTOGRAM_BINS equal-width bins over [min, max]; the last bin includes max. */
  readonly counts: number[];
}

export function l2Norm(values: FloatArray): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return Math.sqrt(s);
}

export function histogram(values: FloatArray, bins = HISTOGRAM_BINS): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  const counts = new Array<number>(bins).fill(0);
  const width = max - min;
  for (let i = 0; i < values.length; i++) {
    const k = width > 0 ? Math.min(bins - 1, Math.floor(((values[i] - min) / width) * bins)) : 0;
    counts[k]++;
  }
  return { min, max, counts };
}

/**
 * Largest singular value σ₁ of an (n×n) matrix by power iteration on WᵀW, warm-started from
 * the previous epoch's vector (so one or two iterations usually suffice). σ₁ bounds the
 * spectral radius from above: σ₁ < 1 guarantees that gradients through Wh vanish.
 */
export class SpectralNorm {
  private readonly v: Float64Array;
  private readonly u: Float64Array;

  constructor(private readonly n: number) {
    this.v = new Float64Array(n).fill(1 / Math.sqrt(n));
    this.u = new Float64Array(n);
  }

  estimate(w: FloatArray, maxIterations = 30, tolerance = 1e-7): number {
    const { n, u, v } = this;
    let sigma = 0;
    for (let it = 0; it < maxIterations; it++) {
      // u = W v (n), then v = Wᵀ u / ‖Wᵀ u‖; σ = ‖W v‖
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += w[i * n + j] * v[j];
        u[i] = s;
      }
      const next = l2Norm(u);
      v.fill(0);
      for (let i = 0; i < n; i++) {
        const ui = u[i];
        for (let j = 0; j < n; j++) v[j] += w[i * n + j] * ui;
      }
      const norm = l2Norm(v);
      if (norm === 0 || !Number.isFinite(norm)) return norm === 0 ? 0 : NaN;
      for (let j = 0; j < n; j++) v[j] /= norm;
      const converged = Math.abs(next - sigma) <= tolerance * next;
      sigma = next;
      if (converged) break;
    }
    return sigma;
  }
}

/** Running sums of gradient statistics across the batches of one epoch. */
export class GradientAccumulator {
  private readonly gradSums: Float64Array;
  readonly dhSums: Float64Array[];
  private samples = 0;
  clippedBatches = 0;

  constructor(private readonly params: readonly Param[], dhLengths: readonly number[]) {
    this.gradSums = new Float64Array(params.length);
    this.dhSums = dhLengths.map((n) => new Float64Array(n));
  }

  reset(): void {
    this.gradSums.fill(0);
    for (const d of this.dhSums) d.fill(0);
    this.samples = 0;
    this.clippedBatches = 0;
  }

  /** Adds one batch, weighted by its size; returns the index of a non-finite gradient, or -1. */
  addBatch(batchSize: number, dhNorms: readonly Float64Array[]): number {
    let bad = -1;
    this.params.forEach((p, k) => {
      const n = l2Norm(p.grad);
      if (!Number.isFinite(n) && bad < 0) bad = k;
      this.gradSums[k] += n * batchSize;
    });
    dhNorms.forEach((d, l) => {
      const sums = this.dhSums[l];
      for (let t = 0; t < d.length; t++) sums[t] += d[t] * batchSize;
    });
    this.samples += batchSize;
    return bad;
  }

  /** Sample-weighted mean over the epoch's batches of each gradient's norm (before clipping). */
  gradNorm(k: number): number {
    return this.gradSums[k] / this.samples;
  }

  dhNorms(layer: number): number[] {
    return Array.from(this.dhSums[layer], (s) => s / this.samples);
  }
}
