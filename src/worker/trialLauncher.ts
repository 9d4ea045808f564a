// Sweep trials in training workers (dist/worker.js, the editor's training worker): each trial
// is one worker thread that loads the experiment as the trial sets it, trains it with one
// compute thread and records an ordinary run with run.json's sweep.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import type { RunOutcome } from '../runs/recordedRun';
import type { SweepMetric } from '../sweeps/metric';
import type { LaunchTrial } from '../sweeps/scheduler';
import type { TrainRequest } from './protocol';
import { TrainingWorker } from './trainingWorker';

export interface TrialWorkerOptions {
  /** The sweep's id: recorded with each trial. */
  readonly sweepId: string;
  /** The sweep's metric and goal: recorded with each trial. */
  readonly metric: SweepMetric;
  readonly file: string;
  readonly runsDir: string;
  readonly toolVersion: string;
  readonly host: NonNullable<TrainRequest['host']>;
  /** The worker script; default dist/worker.js beside this bundle. */
  readonly script?: string;
  /** Every line the worker prints for the trial (trace and epoch lines), e.g. for an output channel. */
  readonly onLines?: (trial: number, lines: readonly string[]) => void;
}

/** dist/worker.js beside this bundle; from the TypeScript sources (tsx), the repository's build. */
export function defaultWorkerScript(): string {
  const bundled = path.join(__dirname, 'worker.js');
  return existsSync(bundled) ? bundled : path.resolve(__dirname, '../../dist/worker.js');
}

/** Launches each trial in its own training worker, with one compute thread. */
export function trialWorkers(options: TrialWorkerOptions): LaunchTrial {
  const script = options.script ?? defaultWorkerScript();
  return (trial, listener) => {
    const request: TrainRequest = {
      file: options.file,
      runsDir: options.runsDir,
      toolVersion: options.toolVersion,
      host: options.host,
      threads: 1,
      // Shape traces are for watching one training; a trial prints one only when its file asks.
      defaultTrace: 'off',
      trial: { id: options.sweepId, trial: trial.trial, parameters: { ...trial.parameters }, metric: options.metric },
    };
    let outcome: RunOutcome | undefined;
    let problem: string | undefined;
    const worker = new TrainingWorker(script, request, (m) => {
      switch (m.type) {
        case 'runDir':
          listener.runDir(m.runDir);
          break;
        case 'batch':
          for (const p of m.points) listener.epoch(p);
          if (m.lines.length) options.onLines?.(trial.trial, m.lines);
          break;
        case 'finished':
          outcome = m.outcome;
          break;
        case 'invalid':
          problem = m.diagnostics.map((d) => formatDiagnostic(d)).join('\n');
          break;
        case 'error':
          problem = m.message;
          break;
        case 'loaded':
          break;
        default: {
          const unhandled: never = m;
          problem = `unknown message from the training worker: ${JSON.stringify(unhandled)}`;
        }
      }
    });
    const finished = worker.exited.then(() => outcome ?? (problem ? lost(problem) : undefined));
    return { stop: () => worker.stop(), finished };
  };
}

/** A trial that never got to record a run (its experiment failed to load, or its worker crashed). */
function lost(message: string): RunOutcome {
  return { status: 'failed', runDir: '', epochsCompleted: 0, finalLoss: null, finalValLoss: null, message };
}
