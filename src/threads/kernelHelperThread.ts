// A helper thread of the trainer: computes its slices of large products, column sums and
// recurrences on the model's shared WebAssembly memory until the trainer ends it
// (src/core/kernels/threads.ts).

import { workerData } from 'node:worker_threads';
import { loadBlas } from '../blas/library';
import { runKernelHelper, type KernelHelperSetup } from '../core/kernels/threads';

const setup = workerData as KernelHelperSetup;
// The model's BLAS, loaded in this thread too (a library is loaded once per process; its
// functions are bound per thread): this helper's slices of the model's products.
const blas = setup.blas ? loadBlas({ family: 'BLAS', file: setup.blas }) : undefined;
runKernelHelper(setup, typeof blas === 'object' ? blas.bind(setup.memory.buffer) : undefined);
