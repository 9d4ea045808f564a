// Messages between the extension host and its training worker thread. One file, imported
// by both sides, so that a change to either is a type error on the other.

import type { TraceMode } from '../core/trace';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { EpochPoint } from '../panel/protocol';
import type { RunOutcome } from '../runs/recordedRun';
import type { RunHost, SweepTrialRecord } from '../runs/runRecord';

/** workerData of a new training worker. */
export interface TrainRequest {
  readonly file: string;
  readonly runsDir: string;
  readonly toolVersion: string;
  /** Applies when the experiment file has no "trace" section (setting rnnLab.trace). */
  readonly defaultTrace?: TraceMode;
  readonly epochs?: number;
  /** Re-run: train this run directory's recorded experiment.json instead of `file`. */
  readonly rerunOf?: string;
  /** A sweep's trial: train `file` with the trial's parameters set (recorded in run.json as sweep). */
  readonly trial?: SweepTrialRecord;
  /** Threads for the products, overriding the experiment's (a sweep gives each trial one). */
  readonly threads?: number;
  /** The machine's BLAS: a library's path or "off" (setting rnnLab.blas); absent: RNN_LAB_BLAS, else the search. */
  readonly blas?: string;
  /** Who trains it (default: the editor). */
  readonly host?: RunHost;
}

/** `ack`: the host has handled the last batch; the worker sends no other before it. */
export type HostToWorker = { readonly type: 'stop' } | { readonly type: 'ack' };

/**
 * What happened since the last batch (outbox.ts): at most one batch per ~50 ms, and none
 * before the host acknowledged the previous one, so the host never queues more than it handles.
 */
export interface EpochBatch {
  readonly type: 'batch';
  /** Every epoch, in order; statistics only on the epochs that keep them (core/statEpochs.ts). */
  readonly points: EpochPoint[];
  /** Output lines exactly as the CLI prints them: trace lines, epoch lines (thinned when they come faster than ~20 a second). */
  readonly lines: string[];
  /** Date.now() when the first and the last of these points and lines came: how stale the batch is on arrival. */
  readonly firstAt: number;
  readonly lastAt: number;
}

export type WorkerToHost =
  | { readonly type: 'invalid'; readonly diagnostics: Diagnostic[] }
  | { readonly type: 'loaded'; readonly name: string; readonly epochs: number; readonly summary: string[] }
  | { readonly type: 'runDir'; readonly runDir: string }
  | EpochBatch
  | { readonly type: 'finished'; readonly outcome: RunOutcome }
  | { readonly type: 'error'; readonly message: string };
