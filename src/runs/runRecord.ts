// run.json: what a run is and how it ended. A contract read by the runs view and by tools.

import type { TensorMemory } from '../core/memory';
import type { BestEpoch, EpochMetrics } from '../core/metrics';
import type { BestFigures } from './bestFigures';

export const RUN_FORMAT = 'rnn-lab/run@1';

/** Who trains a run: the CLI, an editor window's worker, or an exported project's train.py (README "Export to PyTorch"). */
export type RunHost = 'cli' | 'editor' | 'pytorch';

export type RunStatus = 'running' | 'completed' | 'cancelled' | 'diverged' | 'failed';

/** What a run is now: its recorded status, or `interrupted` when no live trainer owns it. */
export type RunState = RunStatus | 'interrupted';

/** A sweep trial's place in its sweep (docs/guide/sweeps.md). */
export interface SweepTrialRecord {
  /** The sweep: the same experiment file, method, parameters and seed give the same id. */
  readonly id: string;
  /** 1-based, in the sweep's order. */
  readonly trial: number;
  /** Parameter path as the sweep names it (`model.layers[0].units`) → the value this trial set. */
  readonly parameters: Record<string, unknown>;
  /** What the sweep ranks its trials by (its metric and goal), for tables and charts of the sweep. */
  readonly metric?: { readonly name: string; readonly goal: 'minimize' | 'maximize' };
  /** The sweep stopped this trial at `epoch` (successive halving): its metric, and the rung's cutoff it did not make. */
  readonly pruned?: {
    readonly epoch: number;
    readonly metric: string;
    readonly value: number;
    readonly cutoff: number;
  };
}

/**
 * How the trainer computed: its kernels (TensorMemory.kernelName: the relaxed-SIMD build with
 * FMA where the runtime has it) and its threads (its own and the helpers).
 */
export interface RunCompute {
  readonly kernels: TensorMemory['kernelName'];
  readonly threads: number;
  /** The machine's BLAS that computed the large products ("OpenBLAS 0.3.21"); absent: the kernels did. */
  readonly blas?: string;
  /** Why that BLAS, or why none (src/blas/choose.ts): "no BLAS found", "BLAS off", the timing. */
  readonly blasNote?: string;
}

export interface RunRecord {
  readonly format: typeof RUN_FORMAT;
  readonly name: string;
  readonly status: RunStatus;
  /** ISO 8601 times; endedAt is null while running. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly epochs: number;
  readonly epochsCompleted: number;
  readonly finalLoss: number | null;
  readonly finalValLoss: number | null;
  readonly seed: number;
  /** Absolute path of the experiment file the run was started from. */
  readonly source: string;
  readonly toolVersion: string;
  /** Process that owns a running run: lets a reader tell a live run from an interrupted one. */
  readonly pid: number;
  /**
   * When that process started (processStart.ts; absent where it cannot be told, and in records
   * of older versions): a pid whose process started at another time is not this run's trainer.
   */
  readonly processStart?: string;
  /** Who trains it: the CLI (stoppable with SIGINT, as Ctrl-C), an editor window's worker, or PyTorch (train.py of an export). */
  readonly host?: RunHost;
  /** The kernels and threads our trainer ran with (absent for train.py runs, and in older records). */
  readonly compute?: RunCompute;
  /** A train.py run: how many processes trained it (torchrun's ranks; 1 without), rank 0's device and torch's version. */
  readonly worldSize?: number;
  readonly device?: string;
  readonly torch?: string;
  readonly message?: string;
  /** Early stopping ended the run before its last epoch (the status stays completed; message says why). */
  readonly stoppedEarly?: boolean;
  /** earlyStopping.restoreBest: the epoch whose weights weights.json holds. */
  readonly restoredEpoch?: number;
  /** Set on a re-run: the run directory whose resolved experiment and seed it repeated. */
  readonly rerunOf?: string;
  /** Set on a sweep's trial. */
  readonly sweep?: SweepTrialRecord;
  /** A name the user gave the run (Rename Run…). */
  readonly label?: string;
  readonly data?: Record<string, unknown>;
  /** The lowest validation loss's epoch (else the lowest training loss's), with that loss. */
  readonly best?: BestEpoch;
  /** accuracy, valAccuracy, perplexity, valPerplexity of the last epoch, where the loss has them. */
  readonly finalMetrics?: EpochMetrics;
  /** The best of each figure over the epochs so far: the lowest loss and validation loss, the highest accuracy, … (bestFigures.ts). */
  readonly bestMetrics?: BestFigures;
  /** Epochs whose weights are kept in checkpoints/epoch-E.json (checkpoints.ts), ascending. */
  readonly checkpoints?: number[];
}
