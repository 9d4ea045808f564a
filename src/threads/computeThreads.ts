// Helper threads for the trainer's products and recurrences, on Node's worker_threads. Each runs
// dist/kernelHelper.js (bundled from kernelHelperThread.ts; the TS source under tsx in tests).

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ComputeThreads, KernelHelperSetup } from '../core/kernels/threads';

/** Threads a training may use when neither the experiment nor a flag says: every core. */
export function defaultThreads(): number {
  return availableParallelism();
}

/** `threads` in all, the trainer's own included: threads − 1 helpers. */
export function computeThreads(threads: number): ComputeThreads {
  return { helpers: Math.max(0, threads - 1), start: startHelpers };
}

/**
 * A helper never keeps a finished CLI alive — except while it loads the machine's BLAS: koffi
 * aborts the whole process (FATAL napi_throw) when a thread is stopped inside one of its calls,
 * at process exit too. So a helper with a BLAS keeps the process alive, and is terminated, only
 * once it has said `loaded` (src/threads/kernelHelperThread.ts); after that it calls koffi only
 * inside a job, which the trainer's thread always waits for.
 */
function startHelpers(setups: readonly KernelHelperSetup[]): () => void {
  const script = helperScript();
  let stopped = false;
  const workers = setups.map((setup) => {
    const worker = new Worker(script.file, { workerData: setup, execArgv: script.execArgv });
    if (!setup.blas) {
      worker.unref();
      return { worker, loaded: true };
    }
    const helper = { worker, loaded: false };
    worker.once('message', () => {
      helper.loaded = true;
      if (stopped) void worker.terminate();
      else worker.unref();
    });
    worker.once('exit', () => (helper.loaded = true));
    return helper;
  });
  return () => {
    stopped = true;
    for (const h of workers) if (h.loaded) void h.worker.terminate();
  };
}

/** The bundle beside this file (dist/), else the TS source through tsx's require hook (tests, bench). */
function helperScript(): { file: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'kernelHelper.js');
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: path.join(__dirname, 'kernelHelperThread.ts'), execArgv: ['--require', 'tsx/cjs'] };
}
