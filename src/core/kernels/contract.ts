// What a model's tensor memory offers: where its tensors live and the kernels that compute on
// them. Two implementations: the reference (reference.ts: plain typed arrays and the TS loops
// of linalg.ts and pointwise.ts, the definition) and the fast one (wasmMemory.ts: one
// WebAssembly memory and SIMD kernels, tested against the reference).

import type { SaturationCounts } from '../pointwise';
import type { DType, FloatArray } from '../tensor';
import type { ComputeThreads } from './threads';

export interface Kernels {
  /** C (m×n) = or += A (m×k) · B (k×n). Offsets are in elements. */
  gemm(
    a: FloatArray,
    aOff: number,
    b: FloatArray,
    bOff: number,
    c: FloatArray,
    cOff: number,
    m: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void;
  /** C (m×n) += Aᵀ · B with A (k×m), B (k×n): weight gradients xᵀ·δ. */
  gemmTN(
    a: FloatArray,
    aOff: number,
    b: FloatArray,
    bOff: number,
    c: FloatArray,
    cOff: number,
    k: number,
    m: number,
    n: number,
  ): void;
  /** C (m×n) = or += A (m×k) · Bᵀ with B (n×k): gradients through a weight, δ·Wᵀ. */
  gemmNT(
    a: FloatArray,
    aOff: number,
    b: FloatArray,
    bOff: number,
    c: FloatArray,
    cOff: number,
    m: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void;
  /** dst (cols×rows) = srcᵀ for src (rows×cols). */
  transpose(src: FloatArray, dst: FloatArray, rows: number, cols: number): void;
  /** sums (cols) += the column sums of m (rows×cols) at off, rows added in order: bias gradients. */
  columnSums(m: FloatArray, off: number, rows: number, cols: number, sums: FloatArray): void;
  // The pointwise work of one recurrent step: see pointwise.ts for the definitions.
  biasTanh(z: FloatArray, b: FloatArray, h: FloatArray, off: number, rows: number, cols: number): void;
  tanhBackward(dh: FloatArray, above: FloatArray, h: FloatArray, dz: FloatArray, off: number, n: number): number;
  addAbove(dh: FloatArray, above: FloatArray, off: number, n: number): number;
  lstmForward(
    z: FloatArray,
    bx: FloatArray,
    bh: FloatArray,
    c: FloatArray,
    tc: FloatArray,
    h: FloatArray,
    zOff: number,
    hOff: number,
    cPrevOff: number,
    B: number,
    H: number,
  ): void;
  lstmBackward(
    dh: FloatArray,
    dc: FloatArray,
    act: FloatArray,
    c: FloatArray,
    tc: FloatArray,
    dz: FloatArray,
    zOff: number,
    hOff: number,
    cPrevOff: number,
    B: number,
    H: number,
  ): number;
  gruForward(
    zx: FloatArray,
    zh: FloatArray,
    bx: FloatArray,
    bh: FloatArray,
    h: FloatArray,
    off: number,
    hOff: number,
    hPrevOff: number,
    B: number,
    H: number,
  ): void;
  gruBackward(
    dh: FloatArray,
    act: FloatArray,
    zh: FloatArray,
    h: FloatArray,
    dzx: FloatArray,
    dzh: FloatArray,
    off: number,
    hPrevOff: number,
    B: number,
    H: number,
  ): void;
  /** How many of one gate's activations (act[r·stride + column + j]) are below 0.1 and above 0.9. */
  saturationCounts(act: FloatArray, rows: number, stride: number, column: number, width: number): SaturationCounts;
  /** Whole recurrences in one call (the fast float32 memory only); see SequenceKernels. */
  readonly sequence?: SequenceKernels;
}

/** Which cell step a whole-sequence kernel runs: the tanh Elman cell, LSTM or GRU. */
export type SequenceStep = 'tanh' | 'lstm' | 'gru';

/** A recurrent layer's buffers for one batch size (layers/cell.ts SequenceBuffers has each one's shape). */
export interface SequenceTensors {
  readonly zx: FloatArray;
  readonly zh: FloatArray;
  readonly h: FloatArray;
  readonly c: FloatArray;
  readonly tc: FloatArray;
  readonly dh: FloatArray;
  readonly dc: FloatArray;
  readonly dzx: FloatArray;
  readonly dzh: FloatArray;
}

/**
 * A layer's whole recurrence with shared weights in one call, what the per-step loop of
 * layers/recurrent.ts (the reference path) computes with a product and a step kernel per
 * step; the fast memory splits it by batch rows across its threads (wasm/sequence.as.ts).
 * Each returns false, computing nothing, when an operand is not its own: the caller then runs
 * the loop.
 */
export interface SequenceKernels {
  /** After zx = x·Wx for all steps: every step's h[t−1]·Wh and cell step (bh: lstm and gru only). */
  forward(
    step: SequenceStep,
    ws: SequenceTensors,
    Wh: FloatArray,
    bx: FloatArray,
    bh: FloatArray | undefined,
    B: number,
    T: number,
    H: number,
  ): boolean;
  /**
   * With ws.dh and ws.dc zero: every step's cell backward and dzh[t]·Whᵀ (WhT: (G·H, H)), as
   * the layer's loop; writes ‖∂L/∂h[t]‖ into dhNorms (T) and, for lstm, ‖∂L/∂c[t]‖ into dcNorms.
   */
  backward(
    step: SequenceStep,
    ws: SequenceTensors,
    WhT: FloatArray,
    dhAbove: FloatArray,
    B: number,
    T: number,
    H: number,
    dhNorms: Float64Array,
    dcNorms: Float64Array,
  ): boolean;
}

export type KernelChoice = 'auto' | 'reference' | 'wasm';

export interface TensorMemory {
  readonly dtype: DType;
  /** Which kernels compute: "reference" (TS loops), "wasm-simd", or "wasm-relaxed-simd" (with FMA). */
  readonly kernelName: 'reference' | 'wasm-simd' | 'wasm-relaxed-simd';
  readonly kernels: Kernels;
  /** A zeroed array of `length` elements, valid for the model's lifetime. */
  alloc(length: number): FloatArray;
  /** Elements handed out so far: flat once every shape has been seen (tests pin that down). */
  readonly allocated: number;
  /** Splits large products across the host's helper threads (the fast memory only). */
  useThreads?(threads: ComputeThreads): void;
  /** Ends helper threads, if any. */
  dispose?(): void;
}
