// Where a model's tensors live and which matrix kernels multiply them. The reference memory
// is plain typed arrays and the TS loops of linalg.ts (the definition the fast path is tested
// against, and the fallback). The fast memory (kernels/wasmMemory.ts) places every tensor in
// one WebAssembly memory so its SIMD kernels read them in place.

import { wasmMemory } from './kernels/wasmMemory';
import * as linalg from './linalg';
import { allocate, type DType, type FloatArray } from './tensor';

export interface Kernels {
  /** C (m×n) = or += A (m×k) · B (k×n). Offsets are in elements. */
  gemm(a: FloatArray, aOff: number, b: FloatArray, bOff: number, c: FloatArray, cOff: number, m: number, k: number, n: number, accumulate: boolean): void;
  /** C (m×n) += Aᵀ · B with A (k×m), B (k×n): weight gradients xᵀ·δ. */
  gemmTN(a: FloatArray, aOff: number, b: FloatArray, bOff: number, c: FloatArray, cOff: number, k: number, m: number, n: number): void;
  /** C (m×n) = or += A (m×k) · Bᵀ with B (n×k): gradients through a weight, δ·Wᵀ. */
  gemmNT(a: FloatArray, aOff: number, b: FloatArray, bOff: number, c: FloatArray, cOff: number, m: number, k: number, n: number, accumulate: boolean): void;
  /** dst (cols×rows) = srcᵀ for src (rows×cols). */
  transpose(src: FloatArray, dst: FloatArray, rows: number, cols: number): void;
  /**
   * Optional fused forward of a tanh time step: z[off + r·cols + j] += b[j], then h = tanh(z)
   * at the same offsets. Absent: the layer does it with activations.ts.
   */
  biasTanh?(z: FloatArray, b: FloatArray, h: FloatArray, off: number, rows: number, cols: number): void;
  /** Optional fused backward of a tanh step: dh += above[off…]; dz[off…] = dh·(1 − h[off…]²); returns ‖dh‖². */
  tanhBackward?(dh: FloatArray, above: FloatArray, h: FloatArray, dz: FloatArray, off: number, n: number): number;
}

export type KernelChoice = 'auto' | 'reference' | 'wasm';

export interface TensorMemory {
  readonly dtype: DType;
  /** Which kernels multiply: "reference" (TS loops) or "wasm-simd". */
  readonly kernelName: 'reference' | 'wasm-simd';
  readonly kernels: Kernels;
  /** A zeroed array of `length` elements, valid for the model's lifetime. */
  alloc(length: number): FloatArray;
  /** Elements handed out so far: flat once every shape has been seen (tests pin that down). */
  readonly allocated: number;
}

export const referenceKernels: Kernels = { gemm: linalg.gemm, gemmTN: linalg.gemmTN, gemmNT: linalg.gemmNT, transpose: linalg.transpose };

export function referenceMemory(dtype: DType): TensorMemory {
  let allocated = 0;
  return {
    dtype, kernelName: 'reference', kernels: referenceKernels,
    alloc: (length) => {
      allocated += length;
      return allocate(dtype, length);
    },
    get allocated() {
      return allocated;
    },
  };
}

/** The memory for a model: the fast one unless told otherwise or unavailable ("wasm" insists). */
export function tensorMemory(dtype: DType, choice: KernelChoice = 'auto'): TensorMemory {
  if (choice === 'reference') return referenceMemory(dtype);
  const fast = wasmMemory(dtype);
  if (fast) return fast;
  if (choice === 'wasm') throw new Error('WebAssembly SIMD kernels are not available in this runtime');
  return referenceMemory(dtype);
}
