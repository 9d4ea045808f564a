// What training a model takes in the trainer's memory, from the layer shapes alone: nothing
// is allocated. It mirrors every `alloc` the trainer makes — parameters and gradients
// (param.ts createParam), Whᵀ and the per-batch buffers of a recurrent layer
// (layers/recurrent.ts constructor and workspace(), layers/elman.ts's PReLU slope), a dense
// layer's (layers/dense.ts), the model's loss gradients (model.ts) and the batches
// (dataset.ts BatchAssembler, one for training and one for validation) — so that after an
// epoch with validation `memory.allocated` equals `elements` (test/core/footprint.test.ts);
// dropout.ts's masks between recurrent layers too.
// The loader refuses, before anything is built, an experiment whose `bytes` exceed
// TRAINER_MEMORY_BYTES.

import type { LayerSpec } from './layers/index';
import type { ModelSpec } from './model';
import type { DType } from './tensor';

/** The trainer's WebAssembly memory at most: kernels/wasmMemory.ts's MAX_PAGES (32768) × 64 KiB. */
export const TRAINER_MEMORY_BYTES = 32768 * 65536;

/** kernels/wasmMemory.ts aligns every allocation to this many bytes. */
const ALIGN_BYTES = 64;
/** The kernels' own data and pack area, and one 8 KiB pack area per helper thread (≤ 256). */
const FIXED_BYTES = 65536 + 256 * 8192;

/** The samples a run trains and validates on, and how it batches them. */
export interface BatchPlan {
  readonly trainCount: number;
  readonly validationCount: number;
  readonly batchSize: number | 'full';
  /** y (N, T, O) rather than (N, O); the loader makes it agree with `"output": "sequence"`. */
  readonly sequenceTargets: boolean;
}

export interface LayerFootprint {
  readonly index: number;
  /** Trainable numbers (weights and biases of every step). */
  readonly parameters: number;
  /** Elements of the layer's own buffers for all the batch sizes of a run. */
  readonly workspace: number;
}

export interface Footprint {
  /** Trainable numbers of the model. */
  readonly parameters: number;
  /** Bytes of the parameters, their gradients and Whᵀ. */
  readonly parameterBytes: number;
  /** Bytes of everything per batch: activations, their gradients, loss gradients, the batches. */
  readonly workspaceBytes: number;
  /** Numbers allocated: memory.allocated after one epoch and its validation. */
  readonly elements: number;
  /** An upper bound of the trainer memory's size: alignment, transposition scratch and the kernels' own areas included. */
  readonly bytes: number;
  /** The largest batch of the run (samples). */
  readonly batch: number;
  readonly layers: readonly LayerFootprint[];
}

/** G: column blocks of Wx, Wh and the biases — recurrent.ts's gateCount (the cell's gates, 1 for rnn). */
export function gateBlocks(type: LayerSpec['type']): number {
  switch (type) {
    case 'rnn':
      return 1;
    case 'lstm':
      return 4;
    case 'gru':
      return 3;
    case 'dense':
      return 0;
    default:
      return unhandled(type);
  }
}

/** Batch sizes a trainer uses: its batch b = min(batchSize, N) ("full": N), then the remainder. */
export function batchSizes(plan: BatchPlan): { readonly train: number[]; readonly validation: number[] } {
  const n = plan.trainCount;
  const b = plan.batchSize === 'full' ? n : Math.min(plan.batchSize, n);
  const sizes = (count: number) => {
    if (count <= 0 || b <= 0) return [];
    const out = count >= b ? [b] : [];
    if (count % b !== 0) out.push(count % b);
    return out;
  };
  return { train: sizes(n), validation: sizes(plan.validationCount) };
}

/** Every count in elements; sums are in floating point, so sizes of any magnitude compare correctly. */
export function trainingFootprint(model: ModelSpec, dtype: DType, plan: BatchPlan): Footprint {
  const w = dtype === 'float32' ? 4 : 8;
  const T = model.steps;
  const sequence = model.output === 'sequence';
  const { train, validation } = batchSizes(plan);
  const all = [...new Set([...train, ...validation])];
  let allocs = 0;
  /** One alloc of `n` elements; returns n (alloc(0) reserves nothing but still counts 0). */
  const alloc = (n: number) => {
    allocs++;
    return n;
  };
  /** A parameter of `n` numbers: its value and its gradient. */
  const param = (n: number) => alloc(n) + alloc(n);
  const transposed = new Set<number>(); // gemmNT's scratch sizes (wasmMemory.ts scratchFor)

  let parameterElements = 0;
  let workspace = 0;
  const layers: LayerFootprint[] = [];
  let width = model.inputSize;
  let recurrentSeen = 0;
  let lastRecurrentUnits = 0;
  const recurrentCount = model.layers.filter((l) => l.type !== 'dense').length;
  model.layers.forEach((spec, index) => {
    const I = width;
    const H = spec.units;
    let parameters = 0;
    let own = 0;
    if (spec.type === 'dense') {
      // W (In, O), b (O): value and gradient each
      parameters = I * H + H;
      parameterElements += param(I * H) + param(H);
      for (const B of all) {
        const N = sequence ? T * B : B;
        own += alloc(N * H) + alloc(N * H) + alloc(N * H) + alloc(N * I); // z, out, dz, dIn
      }
      transposed.add(H * I); // dIn = dz·Wᵀ
    } else {
      const G = gateBlocks(spec.type);
      const GH = G * H;
      const gated = spec.type !== 'rnn';
      const split = spec.type === 'gru';
      const cellState = spec.type === 'lstm';
      const sets = spec.shareWeights ? 1 : T;
      if (spec.type === 'rnn' && spec.activation === 'prelu') {
        parameters += 1;
        parameterElements += param(1); // the slope α
      }
      // per step set: Wx (I, G·H), Wh (H, G·H), bx (G·H), and bh (G·H) for lstm and gru
      const perSet = I * GH + H * GH + GH + (gated ? GH : 0);
      parameters += sets * perSet;
      parameterElements += sets * 2 * perSet;
      allocs += sets * 2 * (gated ? 4 : 3);
      if (spec.shareWeights) parameterElements += alloc(GH * H); // Whᵀ
      for (const B of all) {
        const seq = T * B * GH;
        own += alloc(seq) + alloc(seq); // zx, dzx
        if (split) own += alloc(seq) + alloc(seq); // zh, dzh
        own += alloc(T * B * H); // h
        own += alloc(cellState ? T * B * H : 0) + alloc(cellState ? T * B * H : 0); // c, tc
        own += alloc(B * H) + alloc(cellState ? B * H : 0); // dh, dc
        own += alloc(T * B * I); // dx
      }
      // dropout on the outputs of every recurrent layer but the last: mask and masked output, training batches only
      if (model.dropout && recurrentSeen < recurrentCount - 1)
        for (const B of train) own += alloc(T * B * H) + alloc(T * B * H);
      if (!spec.shareWeights && T > 1) transposed.add(GH * H); // dh = dz·Whᵀ per step
      if (recurrentSeen > 0) transposed.add(GH * I); // dx = dz·Wxᵀ for the layer below
      recurrentSeen++;
      lastRecurrentUnits = H;
    }
    workspace += own;
    layers.push({ index, parameters, workspace: own });
    width = H;
  });

  const outputWidth = width;
  const targets = plan.sequenceTargets ? T : 1;
  for (const B of all) workspace += alloc((sequence ? T * B : B) * outputWidth); // loss gradient
  if (!sequence) for (const B of train) workspace += alloc(T * B * lastRecurrentUnits); // ∂L/∂h of the last step
  for (const B of train) workspace += alloc(T * B * model.inputSize) + alloc(targets * B * outputWidth); // training batches
  for (const B of validation) workspace += alloc(T * B * model.inputSize) + alloc(targets * B * outputWidth); // validation batches

  const elements = parameterElements + workspace;
  let scratch = 0;
  for (const n of transposed) scratch += n * w + ALIGN_BYTES;
  // The whole-sequence backward's per-row flow norms (wasmMemory.ts normsFor): 2·T·B float64,
  // a new area for each larger training batch.
  if (recurrentCount > 0) for (const B of train) scratch += 2 * T * B * 8 + ALIGN_BYTES;
  return {
    parameters: layers.reduce((s, l) => s + l.parameters, 0),
    parameterBytes: parameterElements * w,
    workspaceBytes: workspace * w,
    elements,
    bytes: elements * w + allocs * ALIGN_BYTES + scratch + FIXED_BYTES,
    batch: Math.max(0, ...all),
    layers,
  };
}

function unhandled(type: never): never {
  throw new Error(`unknown layer type ${JSON.stringify(type)}`);
}
