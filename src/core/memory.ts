// Which memory a model gets: the fast one (kernels/wasmMemory.ts: every tensor in one
// WebAssembly memory, SIMD kernels) where the runtime has it, else the reference
// (kernels/reference.ts: typed arrays and the TS loops that define every kernel).

import type { KernelChoice, NativeBlas, TensorMemory } from './kernels/contract';
import { referenceMemory } from './kernels/reference';
import { wasmMemory } from './kernels/wasmMemory';
import type { DType } from './tensor';

export type { KernelChoice, Kernels, NativeBlas, TensorMemory } from './kernels/contract';
export { referenceKernels, referenceMemory } from './kernels/reference';

/**
 * The memory for a model: the fast one unless told otherwise or unavailable ("wasm" insists),
 * its products by `blas` when the host found one (src/blas/).
 */
export function tensorMemory(dtype: DType, choice: KernelChoice = 'auto', blas?: NativeBlas): TensorMemory {
  if (choice === 'reference') return referenceMemory(dtype);
  const fast = wasmMemory(dtype, blas);
  if (fast) return fast;
  if (choice === 'wasm') throw new Error('WebAssembly SIMD kernels are not available in this runtime');
  return referenceMemory(dtype);
}
