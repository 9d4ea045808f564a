// `rnn-lab train FILE`: load, train and record (recordedRun), and report on the terminal.

import * as path from 'node:path';
import type { TrainEvent } from '../core/trainer';
import { formatTrace, type TraceMode } from '../core/trace';
import { loadExperiment, type LoadedExperiment } from '../experiment/load';
import {
  displayPath,
  formatDiagnostics,
  formatEpoch,
  formatHeader,
  formatLoss,
  formatTrainingEnd,
} from '../format/lines';
import { recordedRun, RunDirectoryError, type RunOutcome } from '../runs/recordedRun';
import { defaultThreads } from '../threads/computeThreads';
import { loadRerun } from '../runs/rerun';
import { ExitCode } from './exitCodes';
import { ProgressBar } from './progress';

export interface TrainCommandOptions {
  readonly epochs?: number;
  readonly out?: string;
  readonly trace?: TraceMode;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** Overrides training.threads; without either, every core. */
  readonly threads?: number;
  /** The machine's BLAS: a library's path or "off" (src/blas/); without it, RNN_LAB_BLAS, else the search. */
  readonly blas?: string;
  /** Character models: a sample every N epochs (runs/periodicSamples.ts); 0: none. */
  readonly sampleEvery?: number;
}

/** On a terminal, epoch lines faster than this are skipped (the progress bar shows them). */
const TTY_LINE_INTERVAL_MS = 50;
const PROGRESS_REDRAW_MS = 100;

export async function trainCommand(file: string, options: TrainCommandOptions, version: string): Promise<number> {
  const { loaded, diagnostics } = await loadExperiment(file, { epochs: options.epochs, trace: options.trace });
  if (!loaded) {
    process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
    return ExitCode.Invalid;
  }
  return trainAndReport(loaded, path.resolve(options.out ?? path.join('.rnn', 'runs')), options, version);
}

/** `rnn-lab rerun RUN_DIR`: the run's recorded experiment and seed again, into the same runs directory by default. */
export async function rerunCommand(
  runDir: string,
  options: Pick<TrainCommandOptions, 'out' | 'json' | 'quiet' | 'threads' | 'blas'>,
  version: string,
): Promise<number> {
  const { loaded, diagnostics } = await loadRerun(runDir);
  if (!loaded) {
    process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
    return ExitCode.Invalid;
  }
  const runsDir = path.resolve(options.out ?? path.dirname(path.resolve(runDir)));
  return trainAndReport(loaded, runsDir, options, version, path.resolve(runDir));
}

async function trainAndReport(
  loaded: LoadedExperiment,
  runsDir: string,
  options: TrainCommandOptions,
  version: string,
  rerunOf?: string,
): Promise<number> {
  const report = options.json ? jsonReporter(loaded) : textReporter(loaded, options.quiet === true);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.on('SIGINT', onSigint);
  let outcome: RunOutcome;
  try {
    outcome = await recordedRun(loaded, {
      runsDir,
      toolVersion: version,
      signal: abort.signal,
      rerunOf,
      host: 'cli',
      onStart: report.start,
      onEvent: report.event,
      threads: options.threads,
      blas: options.blas,
      defaultThreads: defaultThreads(),
      sampleEvery: options.sampleEvery,
    });
  } catch (err) {
    const why =
      err instanceof RunDirectoryError
        ? `cannot create a run directory in ${displayPath(runsDir)}`
        : 'cannot start training';
    process.stderr.write(`rnn-lab: error: ${why}: ${(err as Error).message}\n`);
    return ExitCode.Failed;
  } finally {
    // Removed only once run.json is final: a second Ctrl-C must not tear the run.
    process.off('SIGINT', onSigint);
  }
  report.end(outcome);
  if (outcome.status === 'completed') return ExitCode.Ok;
  const word = outcome.status === 'cancelled' ? 'cancelled' : 'error';
  process.stderr.write(`${displayPath(loaded.file)}: ${word}: ${outcome.message ?? outcome.status}\n`);
  return outcome.status === 'cancelled' ? ExitCode.Interrupted : ExitCode.Failed;
}

interface Reporter {
  start: (runDir: string) => void;
  event: (e: TrainEvent, json?: string) => void;
  end: (outcome: RunOutcome) => void;
}

/**
 * stdout, batched when it is not a terminal: one write per epoch line was a third of a tiny
 * model's training time. Flushed at least every 50 ms and at the end of the run.
 */
const stdoutLines = (() => {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending) process.stdout.write(pending);
    pending = '';
  };
  return {
    write(line: string): void {
      if (process.stdout.isTTY) {
        process.stdout.write(`${line}\n`);
        return;
      }
      pending += `${line}\n`;
      if (pending.length >= 64 * 1024) flush();
      else timer ??= setTimeout(flush, 50);
    },
    flush,
  };
})();

const out = (line: string) => stdoutLines.write(line);

/** --json: one event per line on stdout, and nothing else there. */
function jsonReporter(loaded: LoadedExperiment): Reporter {
  let runDir = '';
  return {
    start: (dir) => {
      runDir = dir;
    },
    event: (e, json) => {
      if (e.type === 'start') out(JSON.stringify({ ...e, name: loaded.experiment.name, source: loaded.file, runDir }));
      else if (e.type === 'trace') out(JSON.stringify({ ...e, text: formatTrace(e) }));
      else if (e.type === 'epoch') out(json ?? JSON.stringify(e));
    },
    end: (o) => {
      out(JSON.stringify({ type: 'done', ...o }));
      stdoutLines.flush();
    },
  };
}

function textReporter(loaded: LoadedExperiment, quiet: boolean): Reporter {
  const epochs = loaded.experiment.training.epochs;
  const tty = !quiet && process.stdout.isTTY === true;
  const progress = tty && epochs > 1 ? new ProgressBar(process.stderr, epochs) : undefined;
  let lastLine = 0;
  let lastDraw = 0;
  return {
    start: () => {},
    event: (e) => {
      if (quiet) return;
      if (e.type === 'start') formatHeader(loaded, e).forEach(out);
      else if (e.type === 'trace') out(formatTrace(e));
      else if (e.type === 'epoch') {
        const now = Date.now();
        const last = e.epoch === e.epochs;
        if (!tty || last || e.epoch === 1 || now - lastLine >= TTY_LINE_INTERVAL_MS) {
          progress?.clear();
          out(formatEpoch(e));
          lastLine = now;
        }
        if (progress && !last && now - lastDraw >= PROGRESS_REDRAW_MS) {
          progress.update(e.epoch, formatLoss(e.loss));
          lastDraw = now;
        }
      }
    },
    end: (o) => {
      progress?.clear();
      formatTrainingEnd(o, epochs, displayPath(o.runDir)).forEach(out);
      stdoutLines.flush();
    },
  };
}
