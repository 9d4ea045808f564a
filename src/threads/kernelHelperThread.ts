// A helper thread of the trainer: computes its row slices of large matrix products on the
// model's shared WebAssembly memory until the trainer ends it (src/core/kernels/threads.ts).

import { workerData } from 'node:worker_threads';
import { runKernelHelper, type KernelHelperSetup } from '../core/kernels/threads';

runKernelHelper(workerData as KernelHelperSetup);
