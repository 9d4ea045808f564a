// A helper thread of the trainer: computes its slices of large products, column sums and
// recurrences on the model's shared WebAssembly memory until the trainer ends it
// (src/core/kernels/threads.ts).

import { workerData } from 'node:worker_threads';
import { runKernelHelper, type KernelHelperSetup } from '../core/kernels/threads';

runKernelHelper(workerData as KernelHelperSetup);
