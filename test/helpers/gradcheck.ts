// Central finite differences against the analytic gradient of a whole model + loss, float64.

import { Model, type LayerSpec, type OutputMode } from '../../src/core/model';
import type { LossKind } from '../../src/core/losses';
import { Dropout } from '../../src/core/dropout';
import { Rng } from '../../src/core/rng';

export interface GradCheckCase {
  readonly layers: LayerSpec[];
  readonly output?: OutputMode;
  readonly loss: LossKind;
  readonly B?: number;
  readonly T?: number;
  readonly I?: number;
  readonly seed?: number;
  /** Dropout between recurrent layers, with its masks drawn once and then fixed. */
  readonly dropout?: number;
}

export interface ParamError {
  readonly name: string;
  /** ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) over the parameter's elements. */
  readonly relativeError: number;
  readonly analyticNorm: number;
}

/** Returns the relative error of every parameter's gradient (all elements are checked). */
export function gradCheck(c: GradCheckCase): ParamError[] {
  const { B = 3, T = 4, I = 3, seed = 7, output = 'last' } = c;
  const model = new Model({ inputSize: I, steps: T, layers: c.layers, output }, 'float64');
  if (c.dropout) {
    model.dropout = new Dropout(c.dropout, new Rng(seed, 'dropout'), model.memory);
    model.dropout.frozen = true; // the same function at every evaluation
    model.training = true;
  }
  const rng = new Rng(seed, 'init');
  model.initialise('glorot', rng);
  // Non-zero biases so that every bias path is exercised away from symmetric points.
  for (const p of model.params)
    if (p.shape.length === 1 && !p.name.endsWith('.alpha'))
      for (let i = 0; i < p.value.length; i++) p.value[i] = rng.range(-0.5, 0.5);
  const data = new Rng(seed + 1, 'generator');
  const x = Float64Array.from({ length: T * B * I }, () => data.range(-1.5, 1.5));
  const rows = output === 'sequence' ? T * B : B;
  const width = model.outputWidth;
  const y = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    if (c.loss === 'crossEntropy') y[r * width + data.int(width)] = 1;
    else for (let k = 0; k < width; k++) y[r * width + k] = c.loss === 'bce' ? data.uniform() : data.range(-1, 1);
  }
  const lossAt = () => model.loss(model.forward(x, B), y, c.loss);
  model.zeroGrads();
  model.lossAndBackward(model.forward(x, B), y, c.loss, B);
  const eps = 1e-6;
  return model.params.map((p) => {
    const analytic = Float64Array.from(p.grad);
    let diff2 = 0;
    let a2 = 0;
    let n2 = 0;
    for (let i = 0; i < p.value.length; i++) {
      const keep = p.value[i];
      p.value[i] = keep + eps;
      const plus = lossAt();
      p.value[i] = keep - eps;
      const minus = lossAt();
      p.value[i] = keep;
      const numeric = (plus - minus) / (2 * eps);
      diff2 += (analytic[i] - numeric) ** 2;
      a2 += analytic[i] ** 2;
      n2 += numeric ** 2;
    }
    const denom = Math.sqrt(a2) + Math.sqrt(n2);
    return { name: p.name, relativeError: denom === 0 ? 0 : Math.sqrt(diff2) / denom, analyticNorm: Math.sqrt(a2) };
  });
}
