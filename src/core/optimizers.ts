// Parameter updates, step for step as torch.optim does them (same order of operations,
// so float64 results agree to rounding).

import type { Param } from './param';
import { l2Norm, normOfNorms } from './stats';
import { allocate, type FloatArray } from './tensor';

export interface SgdSpec {
  readonly type: 'sgd';
  readonly learningRate: number;
  readonly momentum: number;
}

export interface AdamSpec {
  readonly type: 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export type OptimizerSpec = SgdSpec | AdamSpec;

export interface Optimizer {
  step(params: readonly Param[]): void;
}

export function createOptimizer(spec: OptimizerSpec, params: readonly Param[]): Optimizer {
  return spec.type === 'sgd' ? new Sgd(spec, params) : new Adam(spec, params);
}

/** torch.optim.SGD: v ← μ·v + g (v = g on the first step), w ← w − lr·v. */
class Sgd implements Optimizer {
  private readonly velocity: FloatArray[];
  private started = false;

  constructor(private readonly spec: SgdSpec, params: readonly Param[]) {
    this.velocity = spec.momentum !== 0 ? params.map((p) => allocate(p.value instanceof Float32Array ? 'float32' : 'float64', p.value.length)) : [];
  }

  step(params: readonly Param[]): void {
    const { learningRate: lr, momentum: mu } = this.spec;
    params.forEach((p, k) => {
      const w = p.value;
      const g = p.grad;
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
 * torch.optim.Adam (no weight decay, no amsgrad):
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   w ← w − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)
 */
class Adam implements Optimizer {
  private readonly m: FloatArray[];
  private readonly v: FloatArray[];
  private t = 0;

  constructor(private readonly spec: AdamSpec, params: readonly Param[]) {
    const like = (p: Param) => allocate(p.value instanceof Float32Array ? 'float32' : 'float64', p.value.length);
    this.m = params.map(like);
    this.v = params.map(like);
  }

  step(params: readonly Param[]): void {
    const { learningRate: lr, beta1, beta2, epsilon } = this.spec;
    this.t++;
    const bias1 = 1 - beta1 ** this.t;
    const bias2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    const stepSize = lr / bias1;
    params.forEach((p, k) => {
      const w = p.value;
      const g = p.grad;
      const m = this.m[k];
      const v = this.v[k];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
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
