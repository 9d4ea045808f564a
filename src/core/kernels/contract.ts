// What a model's tensor memory offers: where its tensors live and the kernels that compute on
// them. Two implementations: the reference (reference.ts: plain typed arrays and the TS loops
// of linalg.ts and pointwise.ts, the definition) and the fast one (wasmMemory.ts: one
// WebAssembly memory and SIMD kernels, tested against the reference).

import type * as linalg from '../linalg';
import type * as pointwise from '../pointwise';
import type { DType, FloatArray } from '../tensor';
import type { ComputeThreads } from './threads';

/**
 * Every kernel has the signature of its definition (linalg.ts for the products, transposes and
 * column sums; pointwise.ts for the elementwise work of one recurrent step): the shapes and
 * offsets are documented there, once.
 */
export interface Kernels {
  readonly gemm: typeof linalg.gemm;
  readonly gemmTN: typeof linalg.gemmTN;
  readonly gemmNT: typeof linalg.gemmNT;
  readonly transpose: typeof linalg.transpose;
  readonly columnSums: typeof linalg.columnSums;
  readonly biasTanh: typeof pointwise.biasTanh;
  readonly tanhBackward: typeof pointwise.tanhBackward;
  readonly addAbove: typeof pointwise.addAbove;
  readonly lstmForward: typeof pointwise.lstmForward;
  readonly lstmBackward: typeof pointwise.lstmBackward;
  readonly gruForward: typeof pointwise.gruForward;
  readonly gruBackward: typeof pointwise.gruBackward;
  readonly saturationCounts: typeof pointwise.saturationCounts;
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

/**
 * A machine's BLAS (cblas_sgemm / cblas_dgemm), loaded by the host (src/blas/) and handed to
 * the fast memory, which then computes its products with it: C (m×n) = op(A)·op(B) + beta·C,
 * row-major, op(X) = Xᵀ when transX. The core never loads anything; it only calls this.
 */
export interface NativeBlas {
  /** What run.json and the start line show: "OpenBLAS 0.3.21", "Accelerate", "MKL". */
  readonly library: string;
  /** The file it was loaded from (helper threads load the same one). */
  readonly path: string;
  /**
   * The products on one memory: a, b, c are byte offsets into `memory` (a WebAssembly memory's
   * buffer, whose base never moves: shared memories are reserved whole).
   */
  bind(memory: ArrayBufferLike): NativeGemm;
}

/** C (m×n) = op(A)·op(B) + beta·C on byte offsets into the bound memory; lda, ldb, ldc in elements. */
export type NativeGemm = (
  dtype: DType,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  beta: 0 | 1,
  c: number,
  ldc: number,
) => void;

export interface TensorMemory {
  readonly dtype: DType;
  /** Which kernels compute: "reference" (TS loops), "wasm-simd", or "wasm-relaxed-simd" (with FMA). */
  readonly kernelName: 'reference' | 'wasm-simd' | 'wasm-relaxed-simd';
  /** The native BLAS that computes the large products (NativeBlas.library), if one does. */
  readonly blas?: string;
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
