// Messages between the extension host and its training worker thread. One file, imported
// by both sides, so that a change to either is a type error on the other.

import type { TraceMode } from '../core/trace';
import type { TrainEvent } from '../core/trainer';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { RunOutcome } from '../runs/recordedRun';

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
}

export type HostToWorker = { readonly type: 'stop' };

export type WorkerToHost =
  | { readonly type: 'invalid'; readonly diagnostics: Diagnostic[] }
  | { readonly type: 'loaded'; readonly name: string; readonly epochs: number; readonly summary: string[] }
  | { readonly type: 'runDir'; readonly runDir: string }
  /** Trace events carry their text line, exactly as the CLI prints it. */
  | { readonly type: 'event'; readonly event: TrainEvent; readonly text?: string }
  | { readonly type: 'finished'; readonly outcome: RunOutcome }
  | { readonly type: 'error'; readonly message: string };
