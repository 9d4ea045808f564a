// Samples as the trainer consumes them, and their assembly into time-major batches.

import type { TensorMemory } from './memory';
import type { FloatArray } from './tensor';

export interface Dataset {
  readonly count: number;
  readonly steps: number;
  readonly inputSize: number;
  readonly outputSize: number;
  /** y is (N, T, O) when true (a target at every step), else (N, O). */
  readonly sequenceTargets: boolean;
  /** (N, T, I) sample-major, as in the experiment file. */
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * ⌈s·N⌉, the samples validationSplit s holds out of N — of the decimal s the user wrote: 0.55·100
 * is 55.000000000000007 in floating point, whose plain ceiling would hold out 56.
 */
export function heldOutCount(count: number, validationSplit: number): number {
  const exact = validationSplit * count;
  return Math.ceil(exact - exact * 1e-12);
}

/** The last ⌈s·N⌉ samples in data order are held out for validation. */
export function splitDataset(data: Dataset, validationSplit: number): { train: Dataset; validation?: Dataset } {
  const held = heldOutCount(data.count, validationSplit);
  if (held === 0) return { train: data };
  return { train: slice(data, 0, data.count - held), validation: slice(data, data.count - held, data.count) };
}

function slice(d: Dataset, from: number, to: number): Dataset {
  const xs = d.steps * d.inputSize;
  const ys = (d.sequenceTargets ? d.steps : 1) * d.outputSize;
  return { ...d, count: to - from, x: d.x.subarray(from * xs, to * xs), y: d.y.subarray(from * ys, to * ys) };
}

/**
 * Gathers samples into the model's layout, in the run's dtype, with buffers kept per batch
 * size: x (T, B, I) time-major; y (B, O), or (T, B, O) time-major for sequence targets.
 */
export class BatchAssembler {
  private readonly buffers = new Map<number, { x: FloatArray; y: FloatArray }>();

  /** Batches are allocated in the model's memory, where the fast kernels read them in place. */
  constructor(
    private readonly data: Dataset,
    private readonly memory: TensorMemory,
  ) {}

  gather(order: ArrayLike<number>, start: number, B: number): { x: FloatArray; y: FloatArray } {
    const { steps: T, inputSize: I, outputSize: O, sequenceTargets } = this.data;
    let buf = this.buffers.get(B);
    if (!buf) {
      buf = { x: this.memory.alloc(T * B * I), y: this.memory.alloc((sequenceTargets ? T : 1) * B * O) };
      this.buffers.set(B, buf);
    }
    const { x: srcX, y: srcY } = this.data;
    for (let b = 0; b < B; b++) {
      const n = order[start + b];
      for (let t = 0; t < T; t++) {
        const src = (n * T + t) * I;
        const dst = (t * B + b) * I;
        for (let i = 0; i < I; i++) buf.x[dst + i] = srcX[src + i];
      }
      if (sequenceTargets) {
        for (let t = 0; t < T; t++) {
          const src = (n * T + t) * O;
          const dst = (t * B + b) * O;
          for (let o = 0; o < O; o++) buf.y[dst + o] = srcY[src + o];
        }
      } else {
        for (let o = 0; o < O; o++) buf.y[b * O + o] = srcY[n * O + o];
      }
    }
    return buf;
  }
}
