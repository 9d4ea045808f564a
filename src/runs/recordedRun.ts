// One training run from a loaded experiment to a finished run directory: the trainer's
// events recorded on disk and handed on to whoever shows them (the CLI, the editor's worker).

import { Trainer, train, type DoneEvent, type TrainEvent } from '../core/trainer';
import { trainerConfig, type LoadedExperiment } from '../experiment/load';
import { computeThreads } from '../threads/computeThreads';
import { RunRecorder } from './runRecorder';
import type { RunHost, RunStatus } from './runRecord';

export interface RunOutcome {
  readonly status: RunStatus;
  readonly runDir: string;
  readonly epochsCompleted: number;
  readonly finalLoss: number | null;
  readonly finalValLoss: number | null;
  readonly message?: string;
}

export interface RecordedRunOptions {
  readonly runsDir: string;
  readonly toolVersion: string;
  readonly signal?: AbortSignal;
  /** The run this one repeats (recorded in run.json as rerunOf). */
  readonly rerunOf?: string;
  readonly host?: RunHost;
  /** Threads for the products, overriding the experiment's training.threads (the CLI's --threads). */
  readonly threads?: number;
  /** Threads when neither that nor the experiment says (CLI: every core; editor: cores − 1). */
  readonly defaultThreads?: number;
  /** Called with the run directory before the first event. */
  readonly onStart?: (runDir: string) => void;
  /** `json`: an epoch event as serialized for metrics.ndjson (serialize once, print the same). */
  readonly onEvent?: (event: TrainEvent, json?: string) => void;
}

/**
 * Trains and records. Throws only when the run directory cannot be created; any later
 * failure ends the run as "failed" with its message, keeping what was recorded.
 */
export async function recordedRun(loaded: LoadedExperiment, options: RecordedRunOptions): Promise<RunOutcome> {
  const threads = options.threads ?? loaded.experiment.training.threads ?? options.defaultThreads ?? 1;
  const trainer = new Trainer({ ...trainerConfig(loaded), threads: computeThreads(threads) });
  const recorder = new RunRecorder(options.runsDir, loaded, options.toolVersion, { rerunOf: options.rerunOf, host: options.host });
  options.onStart?.(recorder.dir);
  let done: Omit<DoneEvent, 'type' | 'status'> | undefined;
  let status: RunStatus = 'failed';
  try {
    for await (const event of train(trainer, { signal: options.signal, yieldToEventLoop: () => new Promise<void>((resolve) => setImmediate(resolve)) })) {
      const json = event.type === 'epoch' ? JSON.stringify(event) : undefined;
      if (event.type === 'epoch') recorder.epoch(event, json, trainer.model);
      if (event.type === 'done') {
        done = event;
        status = event.status;
      }
      options.onEvent?.(event, json);
    }
  } catch (err) {
    // A bug of ours, not the user's: keep the run, as failed, and say what happened.
    status = 'failed';
    done = {
      epochsCompleted: trainer.epochsCompleted, finalLoss: trainer.lastEpoch?.loss ?? null,
      finalValLoss: trainer.lastEpoch?.valLoss ?? null, message: `internal error: ${(err as Error).message}`,
    };
    if (process.env.RNN_LAB_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
  }
  trainer.dispose();
  const e = loaded.experiment;
  recorder.finish(status, done ?? {}, status === 'failed' ? undefined : trainer.weights({ name: e.name, seed: e.seed }));
  return {
    status, runDir: recorder.dir, epochsCompleted: done?.epochsCompleted ?? 0,
    finalLoss: done?.finalLoss ?? null, finalValLoss: done?.finalValLoss ?? null,
    ...(done?.message ? { message: done.message } : {}),
  };
}
