// Per-epoch statistics for the live panel: what the weights and gradients look like, and
// how gradient flows back through time. Costs O(parameters) per epoch, against the
// O(B·T·parameters) of training, so it stays a small share of an epoch.

import type { RecurrentLayer } from './layers/recurrent';
import type { Param } from './param';
import type { FloatArray } from './tensor';

export const HISTOGRAM_BINS = 20;

export interface Histogram {
  readonly min: number;
  readonly max: number;
  /** HISTOGRAM_BINS equal-width bins over [min, max]; the last bin includes max. */
  readonly counts: number[];
}

/**
 * ‖values‖₂. The sum of squares overflows for finite values above ~1e154; then it is summed
 * again scaled by the largest |value| (a rare second pass, so the common case stays one).
 */
export function l2Norm(values: FloatArray): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  if (s !== Infinity) return Math.sqrt(s);
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  if (max === Infinity) return Infinity;
  let scaled = 0;
  for (let i = 0; i < values.length; i++) scaled += (values[i] / max) ** 2;
  return max * Math.sqrt(scaled);
}

/** √(Σ normsᵢ²) of norms, without overflow for finite norms (Math.hypot's guarantee). */
export function normOfNorms(norms: readonly number[]): number {
  return Math.hypot(...norms);
}

/** Whether every value is finite: one sum, since NaN and ±Infinity survive any addition. */
export function allFinite(values: FloatArray): boolean {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * 0;
  return s === 0;
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
 * Largest singular value σ₁ of an (n×n) matrix — or of the n×n block at `column` of a matrix
 * with rows of `stride` elements (a gate's block of an lstm's Wh (H, 4H)) — by power iteration on WᵀW, warm-started from
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

  estimate(w: FloatArray, stride = this.n, column = 0, maxIterations = 30, tolerance = 1e-7): number {
    const { n, u, v } = this;
    let sigma = 0;
    for (let it = 0; it < maxIterations; it++) {
      // u = W v (n), then v = Wᵀ u / ‖Wᵀ u‖; σ = ‖W v‖
      for (let i = 0; i < n; i++) {
        let s = 0;
        const row = i * stride + column;
        for (let j = 0; j < n; j++) s += w[row + j] * v[j];
        u[i] = s;
      }
      const next = l2Norm(u);
      v.fill(0);
      for (let i = 0; i < n; i++) {
        const ui = u[i];
        const row = i * stride + column;
        for (let j = 0; j < n; j++) v[j] += w[row + j] * ui;
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

/**
 * Running sums of gradient statistics across the batches of one epoch: each parameter's
 * gradient norm and each flow-norm series (a layer's ‖∂L/∂h[t]‖ or ‖∂L/∂c[t]‖ buffer, which
 * the layer rewrites every backward pass).
 */
export class GradientAccumulator {
  private readonly gradSums: Float64Array;
  private readonly flowSums: Float64Array[];
  private samples = 0;
  clippedBatches = 0;

  constructor(
    private readonly params: readonly Param[],
    private readonly flows: readonly Float64Array[],
  ) {
    this.gradSums = new Float64Array(params.length);
    this.flowSums = flows.map((f) => new Float64Array(f.length));
  }

  reset(): void {
    this.gradSums.fill(0);
    for (const d of this.flowSums) d.fill(0);
    this.samples = 0;
    this.clippedBatches = 0;
  }

  /**
   * Adds one batch, weighted by its size; returns the index of a non-finite gradient, or -1.
   * With keep false (an epoch whose statistics are thinned away) it only checks finiteness.
   */
  addBatch(batchSize: number, keep = true): number {
    if (!keep) return this.params.findIndex((p) => !allFinite(p.grad));
    let bad = -1;
    this.params.forEach((p, k) => {
      const n = l2Norm(p.grad);
      if (!Number.isFinite(n) && bad < 0) bad = k;
      this.gradSums[k] += n * batchSize;
    });
    this.flows.forEach((d, l) => {
      const sums = this.flowSums[l];
      for (let t = 0; t < d.length; t++) sums[t] += d[t] * batchSize;
    });
    this.samples += batchSize;
    return bad;
  }

  /** Sample-weighted mean over the epoch's batches of each gradient's norm (before clipping). */
  gradNorm(k: number): number {
    return this.gradSums[k] / this.samples;
  }

  /** Sample-weighted mean of flow series k per step. */
  flowMeans(k: number): number[] {
    return Array.from(this.flowSums[k], (s) => s / this.samples);
  }
}

/** Gate saturation of every recurrent layer's sigmoid gates, sample-weighted over an epoch. */
export class SaturationAccumulator {
  private readonly sums = new Map<string, { low: number; high: number }>();
  private samples = 0;

  constructor(private readonly layers: readonly RecurrentLayer[]) {}

  reset(): void {
    this.sums.clear();
    this.samples = 0;
  }

  addBatch(batchSize: number): void {
    for (const layer of this.layers) {
      for (const g of layer.gateSaturation()) {
        const sum = this.sums.get(g.name) ?? { low: 0, high: 0 };
        sum.low += g.low * batchSize;
        sum.high += g.high * batchSize;
        this.sums.set(g.name, sum);
      }
    }
    this.samples += batchSize;
  }

  /** undefined when no layer has gates. */
  fractions(): Record<string, { low: number; high: number }> | undefined {
    if (this.sums.size === 0) return undefined;
    const out: Record<string, { low: number; high: number }> = {};
    for (const [name, s] of this.sums) out[name] = { low: s.low / this.samples, high: s.high / this.samples };
    return out;
  }
}
