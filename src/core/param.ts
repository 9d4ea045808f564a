// A trainable tensor and its gradient, allocated once per model in the run's dtype.

import type { TensorMemory } from './memory';
import type { FloatArray } from './tensor';
import type { Rng } from './rng';

export interface Param {
  /** Unique within a model, e.g. "layer0.Wh" or "layer0.step2.b": used in statistics and events. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: FloatArray;
  readonly grad: FloatArray;
}

export function createParam(name: string, shape: number[], mem: TensorMemory): Param {
  const size = shape.reduce((a, b) => a * b, 1);
  return { name, shape, value: mem.alloc(size), grad: mem.alloc(size) };
}

export type InitScheme = 'glorot' | 'uniform' | 'pytorch';

/**
 * glorot: U(±√(6 / (fan_in + fan_out))) for matrices, biases 0 (Glorot & Bengio 2010);
 * uniform: U[0, 1) for every weight and bias, like the seed notebook's np.random.rand;
 * pytorch: U(±torchBound) for every weight and bias, as torch.nn.RNN/LSTM/GRU (1/√H) and
 * nn.Linear (1/√fan_in) initialise themselves — the caller passes the layer's bound.
 */
export function initialise(param: Param, scheme: InitScheme, rng: Rng, torchBound: number): void {
  const v = param.value;
  if (scheme === 'uniform') {
    for (let i = 0; i < v.length; i++) v[i] = rng.uniform();
    return;
  }
  if (scheme === 'pytorch') {
    for (let i = 0; i < v.length; i++) v[i] = rng.range(-torchBound, torchBound);
    return;
  }
  if (param.shape.length < 2) {
    v.fill(0);
    return;
  }
  const limit = Math.sqrt(6 / (param.shape[0] + param.shape[1]));
  for (let i = 0; i < v.length; i++) v[i] = rng.range(-limit, limit);
}
