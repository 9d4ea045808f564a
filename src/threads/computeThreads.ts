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

function startHelpers(setups: readonly KernelHelperSetup[]): () => void {
  const script = helperScript();
  const workers = setups.map((setup) => {
    const worker = new Worker(script.file, { workerData: setup, execArgv: script.execArgv });
    worker.unref(); // a helper never keeps a finished CLI alive
    return worker;
  });
  return () => {
    for (const w of workers) void w.terminate();
  };
}

/** The bundle beside this file (dist/), else the TS source through tsx's require hook (tests, bench). */
function helperScript(): { file: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'kernelHelper.js');
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: path.join(__dirname, 'kernelHelperThread.ts'), execArgv: ['--require', 'tsx/cjs'] };
}
