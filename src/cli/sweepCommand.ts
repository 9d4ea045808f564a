// `rnn-lab sweep FILE`: every trial checked first, then trained as ordinary runs, `--parallel`
// at once in worker threads; Ctrl-C stops them all (each kept as cancelled) and running the
// same command again resumes the sweep, skipping the trials that are done.

import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { formatDiagnostics } from '../format/lines';
import { loadSweep } from '../sweeps/loadSweep';
import { previousTrials } from '../sweeps/previousTrials';
import { runSweep } from '../sweeps/scheduler';
import {
  formatIgnoredRuns,
  formatSweepEnd,
  formatSweepHeader,
  formatTrialElsewhere,
  formatTrialEnd,
  formatTrialStart,
} from '../sweeps/sweepLines';
import { trialClaims } from '../sweeps/trialClaims';
import { trialWorkers } from '../worker/trialLauncher';
import { ExitCode } from './exitCodes';

export interface SweepCommandOptions {
  readonly out?: string;
  /** Trials at once; default the file's sweep.parallel, else one per core. */
  readonly parallel?: number;
  readonly quiet?: boolean;
}

export async function sweepCommand(file: string, options: SweepCommandOptions, version: string): Promise<number> {
  const { sweep, diagnostics } = await loadSweep(file);
  if (!sweep) {
    process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
    return ExitCode.Invalid;
  }
  const runsDir = path.resolve(options.out ?? path.join('.rnn', 'runs'));
  const { done, ignored } = await previousTrials(runsDir, sweep);
  formatIgnoredRuns(ignored, sweep.trials.length).forEach((l) => process.stderr.write(`${l}\n`));
  const remaining = sweep.trials.length - done.length;
  const parallel = Math.max(1, Math.min(options.parallel ?? sweep.spec.parallel ?? availableParallelism(), remaining));
  const say = (line: string) => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
  };
  formatSweepHeader(sweep, parallel, done.length).forEach(say);

  const abort = new AbortController();
  const onSigint = () => {
    if (!abort.signal.aborted)
      process.stderr.write(
        'stopping the sweep: every running trial is saved as cancelled (run the sweep again to resume)\n',
      );
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  const started = new Map<number, number>();
  try {
    const outcome = await runSweep(sweep, {
      parallel,
      done,
      signal: abort.signal,
      launch: trialWorkers({
        sweepId: sweep.id,
        metric: sweep.spec.metric,
        file: sweep.file,
        runsDir,
        toolVersion: version,
        host: 'cli',
      }),
      claims: trialClaims(runsDir, { id: sweep.id, metric: sweep.spec.metric }, 'rnn-lab sweep'),
      onTrialElsewhere: (trial, pid, host) => say(formatTrialElsewhere(trial, sweep.trials.length, pid, host)),
      onTrialStart: (trial, runDir) => {
        started.set(trial.trial, Date.now());
        say(formatTrialStart(trial, sweep.trials.length, runDir));
      },
      onTrialEnd: (end) =>
        say(
          formatTrialEnd(
            end,
            sweep.trials.length,
            sweep.spec.metric.name,
            Date.now() - (started.get(end.trial.trial) ?? Date.now()),
          ),
        ),
    });
    formatSweepEnd(sweep, outcome).forEach((l) => process.stdout.write(`${l}\n`));
    if (outcome.stopped) return ExitCode.Interrupted;
    return outcome.ended.some((e) => e.status === 'failed') ? ExitCode.Failed : ExitCode.Ok;
  } finally {
    // Removed only once every trial's run.json is final: a second Ctrl-C must not tear a run.
    process.off('SIGINT', onSigint);
  }
}
