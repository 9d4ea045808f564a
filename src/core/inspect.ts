// A trained model run forward on samples, reading what each layer computed: the outputs
// (predict) and, for one sequence, every recurrent layer's h[t], c[t] and gate activations
// (inspect). It is the model's own forward pass — the one training ran — read afterwards
// (RecurrentLayer.latestStates), not a second implementation of the cells.

import { BatchAssembler, type Dataset } from './dataset';
import type { RecurrentKind } from './layers/cell';
import type { Model } from './model';

/** One recurrent layer over one sequence: each array is (T, H), step-major. */
export interface LayerStates {
  readonly layer: number;
  readonly kind: RecurrentKind;
  readonly units: number;
  readonly h: number[][];
  /** lstm only. */
  readonly c?: number[][];
  /** lstm (i, f, g, o) and gru (r, z, n): each gate's activations. */
  readonly gates?: Record<string, number[][]>;
}

export interface Inspection {
  readonly layers: LayerStates[];
  /** (T, O) with "output": "sequence", else (1, O): the model's outputs for the sequence. */
  readonly output: number[][];
}

/** Batches of at most this many samples: outputs of any number of samples in bounded memory. */
const PREDICT_BATCH = 256;

/**
 * The model's outputs for every sample of `data`, sample-major: (N, R, O) with R = T for
 * "output": "sequence", else 1. Batches are gathered exactly as training gathers them.
 */
export function predictSamples(
  model: Model,
  data: Dataset,
): { values: Float64Array; rowsPerSample: number; width: number } {
  const T = model.spec.steps;
  const R = model.spec.output === 'sequence' ? T : 1;
  const O = model.outputWidth;
  const N = data.count;
  const out = new Float64Array(N * R * O);
  const batches = new BatchAssembler(data, model.memory);
  const order = Uint32Array.from({ length: N }, (_, i) => i);
  for (let start = 0; start < N; start += PREDICT_BATCH) {
    const B = Math.min(PREDICT_BATCH, N - start);
    const { values } = model.forward(batches.gather(order, start, B).x, B);
    // values: (R, B, O) time-major rows → sample-major (b, r, o)
    for (let r = 0; r < R; r++) {
      for (let b = 0; b < B; b++) {
        for (let o = 0; o < O; o++) out[((start + b) * R + r) * O + o] = values[(r * B + b) * O + o];
      }
    }
  }
  return { values: out, rowsPerSample: R, width: O };
}

/** x: one sequence (T, I) row-major, T = the model's steps. */
export function inspectSequence(model: Model, x: ArrayLike<number>): Inspection {
  const T = model.spec.steps;
  const I = model.spec.inputSize;
  if (x.length !== T * I) throw new Error(`inspect: expected a (${T}, ${I}) sequence, got ${x.length} values`);
  const input = model.memory.alloc(T * I); // (T, 1, I): with B = 1, time-major is row-major
  for (let k = 0; k < T * I; k++) input[k] = x[k];
  const prediction = model.forward(input, 1);
  const layers = model.recurrentLayers.map((layer): LayerStates => {
    const H = layer.units;
    const states = layer.latestStates(1);
    const steps = (values: ArrayLike<number>, width: number, column = 0) =>
      Array.from({ length: T }, (_, t) => Array.from({ length: H }, (_, j) => values[t * width + column + j]));
    const gates =
      states.gates &&
      Object.fromEntries(layer.cell.gates.map((g, i) => [g, steps(states.gates!, layer.gateCount * H, i * H)]));
    return {
      layer: layer.index,
      kind: layer.kind,
      units: H,
      h: steps(states.h, H),
      ...(states.c ? { c: steps(states.c, H) } : {}),
      ...(gates ? { gates } : {}),
    };
  });
  const { values, rows, width } = prediction;
  const output = Array.from({ length: rows }, (_, r) => Array.from({ length: width }, (_, o) => values[r * width + o]));
  return { layers, output };
}
