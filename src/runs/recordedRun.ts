// One training run from a loaded experiment to a finished run directory: the trainer's
// events recorded on disk and handed on to whoever shows them (the CLI, the editor's worker).

import { isStatEpoch } from '../core/statEpochs';
import { Trainer, train, type DoneEvent, type TrainEvent } from '../core/trainer';
import { trainerConfig, type LoadedExperiment } from '../experiment/load';
import { blasRequestFromEnv, chooseTrainingBlas } from '../blas/choose';
import { computeThreads } from '../threads/computeThreads';
import { periodicSampler, withSample } from './periodicSamples';
import type { FileSystem } from './atomicFile';
import { RecordingError, RunRecorder } from './runRecorder';
import type { RunHost, RunStatus, SweepTrialRecord } from './runRecord';

export interface RunOutcome {
  readonly status: RunStatus;
  readonly runDir: string;
  readonly epochsCompleted: number;
  readonly finalLoss: number | null;
  readonly finalValLoss: number | null;
  readonly message?: string;
  /** As run.json says them: early stopping ended training, and the epoch whose weights were put back. */
  readonly stoppedEarly?: boolean;
  readonly restoredEpoch?: number;
}

export interface RecordedRunOptions {
  readonly runsDir: string;
  readonly toolVersion: string;
  readonly signal?: AbortSignal;
  /** The run this one repeats (recorded in run.json as rerunOf). */
  readonly rerunOf?: string;
  /** A sweep's trial: which sweep, which trial, its parameters (recorded in run.json as sweep). */
  readonly sweep?: SweepTrialRecord;
  readonly host?: RunHost;
  /** The machine's BLAS: "off" or a library's path (--blas, rnnLab.blas); absent: RNN_LAB_BLAS, else the search (src/blas/). */
  readonly blas?: string;
  /** Threads for the products, overriding the experiment's training.threads (the CLI's --threads). */
  readonly threads?: number;
  /** Threads when neither that nor the experiment says (CLI: every core; editor: cores − 1). */
  readonly defaultThreads?: number;
  /** Called with the run directory before the first event. */
  readonly onStart?: (runDir: string) => void;
  /**
   * `json`: an epoch event serialized in full for metrics.ndjson, on the epochs that keep their
   * statistics there (core/statEpochs.ts): serialize once, print the same.
   */
  readonly onEvent?: (event: TrainEvent, json?: string) => void;
  /** Between batches (default: one turn of the event loop); the editor's worker waits here while its host is behind. */
  readonly yieldToEventLoop?: () => Promise<void>;
  /** The file system calls for the run's files (tests give it a full disk). */
  readonly fs?: FileSystem;
  /** Character models: a sample every N epochs (periodicSamples.ts); absent: ~10 per run; 0: none. */
  readonly sampleEvery?: number;
}

/** The runs directory could not be made or filled (the message says why). */
export class RunDirectoryError extends Error {
  constructor(
    readonly runsDir: string,
    cause: unknown,
  ) {
    super((cause as Error).message);
  }
}

/**
 * Trains and records. Throws only when training cannot start: the trainer cannot be built, or
 * the run directory cannot be created (RunDirectoryError). Any later failure — a file the disk
 * does not take included — ends the run as "failed" with its cause, keeping what was recorded.
 */
export async function recordedRun(loaded: LoadedExperiment, options: RecordedRunOptions): Promise<RunOutcome> {
  const threads = options.threads ?? loaded.experiment.training.threads ?? options.defaultThreads ?? 1;
  const config = trainerConfig(loaded);
  const { blas, note: blasNote } = chooseTrainingBlas(config, options.blas ?? blasRequestFromEnv(), threads);
  const trainer = new Trainer({ ...config, threads: computeThreads(threads), blas });
  let recorder: RunRecorder;
  try {
    recorder = new RunRecorder(options.runsDir, loaded, options.toolVersion, {
      rerunOf: options.rerunOf,
      host: options.host,
      compute: { ...trainer.compute, blasNote },
      sweep: options.sweep,
      fs: options.fs,
    });
  } catch (err) {
    trainer.dispose();
    throw new RunDirectoryError(options.runsDir, err);
  }
  options.onStart?.(recorder.dir);
  let done: Omit<DoneEvent, 'type' | 'status'> | undefined;
  let status: RunStatus = 'failed';
  try {
    const yieldToEventLoop = options.yieldToEventLoop ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    const sampler = periodicSampler(loaded, options.sampleEvery);
    for await (const trained of train(trainer, { signal: options.signal, yieldToEventLoop })) {
      const sampled: TrainEvent = withSample(trained, sampler, trainer.model);
      // The start event says how this run computes, with why that BLAS or none (shown once).
      const event = sampled.type === 'start' ? { ...sampled, compute: { ...sampled.compute, blasNote } } : sampled;
      const json = event.type === 'epoch' && isStatEpoch(event.epoch, event.epochs) ? JSON.stringify(event) : undefined;
      if (event.type === 'epoch') recorder.epoch(event, json, trainer.model);
      if (event.type === 'done') {
        done = event;
        status = event.status;
      }
      options.onEvent?.(event, json);
    }
  } catch (err) {
    // A file the disk did not take, or a bug of ours: keep the run, as failed, and say what happened.
    const recordingFailed = err instanceof RecordingError;
    status = 'failed';
    done = {
      epochsCompleted: trainer.epochsCompleted,
      finalLoss: trainer.lastEpoch?.loss ?? null,
      finalValLoss: trainer.lastEpoch?.valLoss ?? null,
      message: recordingFailed ? err.message : `internal error: ${(err as Error).message}`,
    };
    if (process.env.RNN_LAB_DEBUG && !recordingFailed) process.stderr.write(`${(err as Error).stack}\n`);
  }
  trainer.dispose();
  const e = loaded.experiment;
  const recorded = recorder.finish(
    status,
    done ?? {},
    status === 'failed' ? undefined : trainer.weights({ name: e.name, seed: e.seed }),
  );
  return {
    status: recorded.status,
    runDir: recorder.dir,
    epochsCompleted: done?.epochsCompleted ?? 0,
    finalLoss: done?.finalLoss ?? null,
    finalValLoss: done?.finalValLoss ?? null,
    ...(recorded.message ? { message: recorded.message } : {}),
    ...(done?.stoppedEarly ? { stoppedEarly: true } : {}),
    ...(done?.restoredEpoch !== undefined ? { restoredEpoch: done.restoredEpoch } : {}),
  };
}
