// The fixed workload of the speed comparison (issue: "Fast trainer"): one Elman layer (tanh,
// shared weights, h_0 = 0) and a linear dense readout on the last step, MSE, full BPTT, plain
// SGD; one step = forward + backward + update of one batch of B sequences.

import { blasCandidates, loadBlas } from '../src/blas/library';
import type { KernelChoice, NativeBlas } from '../src/core/memory';
import { Rng } from '../src/core/rng';
import type { DType } from '../src/core/tensor';
import { Trainer } from '../src/core/trainer';
import { computeThreads } from '../src/threads/computeThreads';

export interface Size {
  readonly name: 'tiny' | 'small' | 'medium' | 'large';
  readonly B: number;
  readonly T: number;
  readonly I: number;
  readonly H: number;
}

export const SIZES: readonly Size[] = [
  { name: 'tiny', B: 2, T: 3, I: 4, H: 8 },
  { name: 'small', B: 32, T: 50, I: 16, H: 64 },
  { name: 'medium', B: 64, T: 100, I: 64, H: 256 },
  { name: 'large', B: 128, T: 200, I: 128, H: 512 },
];

/** One batch of random data (uniform ±1), the same for every peer (same generator and seed). */
export function batch({ B, T, I }: Size): { x: Float64Array; y: Float64Array } {
  const rng = new Rng(42, 'generator');
  return {
    x: Float64Array.from({ length: B * T * I }, () => rng.range(-1, 1)),
    y: Float64Array.from({ length: B }, () => rng.range(-1, 1)),
  };
}

/** The recurrent cell of the workload: Elman (the fixed workload), or LSTM / GRU in its place. */
export type Cell = 'rnn' | 'lstm' | 'gru';

/** Gate blocks per cell: an LSTM step multiplies 4× the columns of an Elman step, a GRU 3×. */
export const GATES: Record<Cell, number> = { rnn: 1, lstm: 4, gru: 3 };

/**
 * FLOPs of the products per step for a cell: the Elman count as the issue states it,
 * 3 × (2·B·T·(I+H)·H + 2·B·H), with G·H output columns.
 */
export function cellFlopsPerStep(size: Size, cell: Cell): number {
  const { B, T, I, H } = size;
  return 3 * (2 * B * T * (I + H) * GATES[cell] * H + 2 * B * H);
}

/** Our trainer on the workload; `threads` in all (the trainer's own included), helpers above one. */
export function ourTrainer(
  size: Size,
  dtype: DType,
  kernels: KernelChoice = 'auto',
  cell: Cell = 'rnn',
  threads = 1,
  blas?: NativeBlas,
): Trainer {
  const { B, T, I, H } = size;
  const { x, y } = batch(size);
  return new Trainer({
    seed: 0,
    dtype,
    trace: 'off',
    init: 'glorot',
    kernels,
    blas,
    ...(threads > 1 ? { threads: computeThreads(threads) } : {}),
    train: { count: B, steps: T, inputSize: I, outputSize: 1, sequenceTargets: false, x, y },
    model: {
      inputSize: I,
      steps: T,
      output: 'last',
      layers: [
        cell === 'rnn'
          ? { type: 'rnn', units: H, activation: 'tanh', shareWeights: true }
          : { type: cell, units: H, shareWeights: true },
        { type: 'dense', units: 1, activation: 'linear' },
      ],
    },
    training: {
      epochs: 1,
      batchSize: 'full',
      shuffle: false,
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate: 0.001, momentum: 0 },
    },
  });
}

/** The machine's BLAS the trainer's search would try first (src/blas/library.ts), unchecked: the bench's native rows. */
export function machineBlas(): NativeBlas | string {
  const misses: string[] = [];
  for (const candidate of blasCandidates()) {
    const blas = loadBlas(candidate);
    if (typeof blas !== 'string') return blas;
    misses.push(blas);
  }
  return `no BLAS found (${misses.length} places tried)`;
}
