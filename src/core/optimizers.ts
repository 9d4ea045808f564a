// Parameter updates, step for step as torch.optim does them (same order of operations,
// so float64 results agree to rounding).

import type { Param } from './param';
import { l2Norm, normOfNorms } from './stats';
import { allocate, type FloatArray } from './tensor';

export interface SgdSpec {
  readonly type: 'sgd';
  readonly learningRate: number;
  readonly momentum: number;
  /** L2 penalty coupled into the gradient (g ← g + λ·w), as torch.optim.SGD's weight_decay; 0 when absent. */
  readonly weightDecay?: number;
}

export interface AdamSpec {
  /** adam: coupled L2 (g ← g + λ·w, torch.optim.Adam); adamw: decoupled (torch.optim.AdamW). */
  readonly type: 'adam' | 'adamw';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** 0 when absent (the loader fills in torch's default: 0 for adam, 0.01 for adamw). */
  readonly weightDecay?: number;
}

export type OptimizerSpec = SgdSpec | AdamSpec;

export interface Optimizer {
  /** The step size of the next updates: the spec's, until a schedule sets another. */
  learningRate: number;
  step(params: readonly Param[]): void;
}

export function createOptimizer(spec: OptimizerSpec, params: readonly Param[]): Optimizer {
  return spec.type === 'sgd' ? new Sgd(spec, params) : new Adam(spec, params);
}

const like = (p: Param) => allocate(p.value instanceof Float32Array ? 'float32' : 'float64', p.value.length);

/**
 * torch.optim.SGD: d = g + λ·w; v ← μ·v + d (v = d on the first step); w ← w − lr·v.
 * Weight decay folds into the gradient buffer itself (it is zeroed before the next batch).
 */
class Sgd implements Optimizer {
  private readonly velocity: FloatArray[];
  private started = false;
  learningRate: number;

  constructor(
    private readonly spec: SgdSpec,
    params: readonly Param[],
  ) {
    this.velocity = spec.momentum !== 0 ? params.map(like) : [];
    this.learningRate = spec.learningRate;
  }

  step(params: readonly Param[]): void {
    const { momentum: mu, weightDecay = 0 } = this.spec;
    const lr = this.learningRate;
    params.forEach((p, k) => {
      const w = p.value;
      const g = p.grad;
      if (weightDecay !== 0) for (let i = 0; i < w.length; i++) g[i] += weightDecay * w[i];
      if (mu === 0) {
        for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
        return;
      }
      const v = this.velocity[k];
      if (this.started) for (let i = 0; i < w.length; i++) v[i] = mu * v[i] + g[i];
      else v.set(g);
      for (let i = 0; i < w.length; i++) w[i] -= lr * v[i];
    });
    this.started = true;
  }
}

/**
 * torch.optim.Adam and AdamW (no amsgrad):
 *   adam:  g ← g + λ·w;   adamw: w ← w·(1 − lr·λ)
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   w ← w − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)
 */
class Adam implements Optimizer {
  private readonly m: FloatArray[];
  private readonly v: FloatArray[];
  private t = 0;
  learningRate: number;

  constructor(
    private readonly spec: AdamSpec,
    params: readonly Param[],
  ) {
    this.m = params.map(like);
    this.v = params.map(like);
    this.learningRate = spec.learningRate;
  }

  step(params: readonly Param[]): void {
    const { beta1, beta2, epsilon, weightDecay = 0, type } = this.spec;
    const lr = this.learningRate;
    this.t++;
    const bias1 = 1 - beta1 ** this.t;
    const bias2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    const stepSize = lr / bias1;
    const coupled = type === 'adam' ? weightDecay : 0;
    const shrink = type === 'adamw' ? 1 - lr * weightDecay : 1;
    params.forEach((p, k) => {
      const w = p.value;
      const g = p.grad;
      const m = this.m[k];
      const v = this.v[k];
      for (let i = 0; i < w.length; i++) {
        const gi = coupled !== 0 ? g[i] + coupled * w[i] : g[i];
        if (shrink !== 1) w[i] *= shrink;
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        w[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bias2Sqrt + epsilon);
      }
    });
  }
}

/**
 * torch.nn.utils.clip_grad_norm_: total = ‖(‖g_p‖)_p‖₂; if total exceeds maxNorm every
 * gradient is scaled by maxNorm / (total + 1e-6). Returns the norm before clipping.
 */
export function clipGradNorm(params: readonly Param[], maxNorm: number): { norm: number; clipped: boolean } {
  const norm = normOfNorms(params.map((p) => l2Norm(p.grad)));
  const coef = maxNorm / (norm + 1e-6);
  if (coef >= 1) return { norm, clipped: false };
  for (const p of params) for (let i = 0; i < p.grad.length; i++) p.grad[i] *= coef;
  return { norm, clipped: true };
}
