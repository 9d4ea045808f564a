// `rnn-lab train FILE`: load, train with the shared trainer, record the run, report.

import * as path from 'node:path';
import { Trainer, train, type DoneEvent } from '../core/trainer';
import { formatTrace, type TraceMode } from '../core/trace';
import { loadExperiment, trainerConfig } from '../experiment/load';
import { RunRecorder } from '../runs/runRecorder';
import type { RunStatus } from '../runs/runRecord';
import { ExitCode } from './exitCodes';
import { displayPath, formatDiagnostics, formatEpoch, formatHeader, formatLoss } from './format';
import { ProgressBar } from './progress';

export interface TrainOptions {
  readonly epochs?: number;
  readonly out?: string;
  readonly trace?: TraceMode;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** On a terminal, epoch lines faster than this are skipped (the progress bar shows them). */
const TTY_LINE_INTERVAL_MS = 50;
const PROGRESS_REDRAW_MS = 100;

export async function trainCommand(file: string, options: TrainOptions, version: string): Promise<number> {
  const { loaded, diagnostics } = await loadExperiment(file, { epochs: options.epochs, trace: options.trace });
  if (!loaded) {
    process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
    return ExitCode.Invalid;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const json = options.json === true;
  const human = !json && !options.quiet;
  const tty = human && process.stdout.isTTY === true;

  const trainer = new Trainer(trainerConfig(loaded));
  const runsDir = path.resolve(options.out ?? path.join('.rnn', 'runs'));
  let recorder: RunRecorder;
  try {
    recorder = new RunRecorder(runsDir, loaded, version);
  } catch (err) {
    process.stderr.write(`rnn-lab: error: cannot create a run directory in ${displayPath(runsDir)}: ${(err as Error).message}\n`);
    return ExitCode.Failed;
  }
  const runDir = displayPath(recorder.dir);

  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.on('SIGINT', onSigint);
  const progress = tty && loaded.experiment.training.epochs > 1 ? new ProgressBar(process.stderr, loaded.experiment.training.epochs) : undefined;
  let lastLine = 0;
  let lastDraw = 0;
  let done: Omit<DoneEvent, 'type' | 'status'> | undefined;
  let status: RunStatus = 'failed';
  try {
    for await (const event of train(trainer, { signal: abort.signal })) {
      switch (event.type) {
        case 'start':
          if (json) out(JSON.stringify({ ...event, name: loaded.experiment.name, source: loaded.file, runDir: recorder.dir }));
          else if (human) formatHeader(loaded, event).forEach(out);
          break;
        case 'trace':
          if (json) out(JSON.stringify({ ...event, text: formatTrace(event) }));
          else if (human) out(formatTrace(event));
          break;
        case 'epoch': {
          recorder.epoch(event);
          if (json) {
            out(JSON.stringify(event));
            break;
          }
          if (!human) break;
          const now = Date.now();
          const last = event.epoch === event.epochs;
          if (!tty || last || event.epoch === 1 || now - lastLine >= TTY_LINE_INTERVAL_MS) {
            progress?.clear();
            out(formatEpoch(event));
            lastLine = now;
          }
          if (progress && !last && now - lastDraw >= PROGRESS_REDRAW_MS) {
            progress.update(event.epoch, formatLoss(event.loss));
            lastDraw = now;
          }
          break;
        }
        case 'done':
          done = event;
          status = event.status;
          break;
      }
    }
  } catch (err) {
    // A bug of ours, not the user's: keep the run (as failed) and say so without a stack trace.
    done = { epochsCompleted: trainer.epochsCompleted, finalLoss: trainer.lastEpoch?.loss ?? null, finalValLoss: trainer.lastEpoch?.valLoss ?? null, message: `internal error: ${(err as Error).message}` };
    status = 'failed';
    if (process.env.RNN_LAB_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
  } finally {
    progress?.clear();
  }
  // A second Ctrl-C while the run is being saved must not leave it half-written.
  recorder.finish(status, done ?? {}, status === 'failed' ? undefined : trainer.weights({ name: loaded.experiment.name, seed: loaded.experiment.seed }));
  process.off('SIGINT', onSigint);

  if (json) out(JSON.stringify({ type: 'done', status, runDir: recorder.dir, epochsCompleted: done?.epochsCompleted ?? 0, finalLoss: done?.finalLoss ?? null, finalValLoss: done?.finalValLoss ?? null, ...(done?.message ? { message: done.message } : {}) }));
  const epochs = loaded.experiment.training.epochs;
  if (status === 'completed') {
    if (!json) {
      const val = done?.finalValLoss != null ? ` val_loss ${formatLoss(done.finalValLoss)}` : '';
      out(`completed ${done!.epochsCompleted}/${epochs} epochs: loss ${formatLoss(done!.finalLoss)}${val}`);
      out(`run saved to ${runDir}`);
    }
    return ExitCode.Ok;
  }
  const message = done?.message ?? status;
  process.stderr.write(`${displayPath(loaded.file)}: ${status === 'cancelled' ? 'cancelled' : 'error'}: ${message}\n`);
  if (!json) out(`run saved to ${runDir} (${status})`);
  return status === 'cancelled' ? ExitCode.Interrupted : ExitCode.Failed;
}
