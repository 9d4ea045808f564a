// A helper thread of the trainer: computes its slices of large products, column sums and
// recurrences on the model's shared WebAssembly memory until the trainer ends it
// (src/core/kernels/threads.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { loadCheckedBlas } from '../blas/library';
import { runKernelHelper, type KernelHelperSetup } from '../core/kernels/threads';

const setup = workerData as KernelHelperSetup;
// The model's BLAS, which the trainer's thread loaded and checked, bound in this thread too (a
// library is loaded once per process; its functions are bound per thread): this helper's
// slices of the model's products.
// Its koffi calls are over once bound: the host may stop this thread from now on
// (src/threads/computeThreads.ts).
let native;
if (setup.blas) {
  const bind = loadCheckedBlas(setup.blas);
  native = typeof bind === 'function' ? bind(setup.memory.buffer) : undefined;
  parentPort?.postMessage('loaded');
}
runKernelHelper(setup, native);
