// The reference memory: plain typed arrays, computed on by the TS loops that define every
// kernel (linalg.ts for products, pointwise.ts for the elementwise step work).

import * as linalg from '../linalg';
import * as pointwise from '../pointwise';
import { allocate, type DType } from '../tensor';
import type { Kernels, TensorMemory } from './contract';

export const referenceKernels: Kernels = {
  gemm: linalg.gemm,
  gemmTN: linalg.gemmTN,
  gemmNT: linalg.gemmNT,
  transpose: linalg.transpose,
  columnSums: linalg.columnSums,
  biasTanh: pointwise.biasTanh,
  tanhBackward: pointwise.tanhBackward,
  addAbove: pointwise.addAbove,
  lstmForward: pointwise.lstmForward,
  lstmBackward: pointwise.lstmBackward,
  gruForward: pointwise.gruForward,
  gruBackward: pointwise.gruBackward,
  saturationCounts: pointwise.saturationCounts,
};

export function referenceMemory(dtype: DType): TensorMemory {
  let allocated = 0;
  return {
    dtype,
    kernelName: 'reference',
    kernels: referenceKernels,
    alloc: (length) => {
      allocated += length;
      return allocate(dtype, length);
    },
    get allocated() {
      return allocated;
    },
  };
}
