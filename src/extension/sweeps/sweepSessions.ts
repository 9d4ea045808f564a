// Sweeps run from the editor: the trials of an experiment's sweep, cores − 1 at once by default
// (one core stays with the editor), each in a training worker with one compute thread. The host
// only relays; a progress notification says how far the sweep is and stops it.

import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatDiagnostic } from '../../diagnostics/diagnostic';
import { loadSweep, type LoadedSweep } from '../../sweeps/loadSweep';
import { previousTrials } from '../../sweeps/previousTrials';
import { runSweep, type SweepOutcome } from '../../sweeps/scheduler';
import {
  formatIgnoredRuns,
  formatSweepEnd,
  formatSweepHeader,
  formatTrialElsewhere,
  formatTrialEnd,
  formatTrialStart,
} from '../../sweeps/sweepLines';
import { trialClaims } from '../../sweeps/trialClaims';
import { trialWorkers } from '../../worker/trialLauncher';
import type { ExperimentDiagnostics } from '../experiments/diagnostics';
import { runsDirectoryFor } from '../settings';
import { problemsToast } from '../toasts';
import type { OutputLog } from '../training/outputLog';

export interface SweepRun {
  readonly sweep: LoadedSweep;
  readonly runsDir: string;
  readonly outcome: SweepOutcome;
}

interface Running {
  readonly abort: AbortController;
  /** Run directories of the trials training now. */
  readonly runDirs: Set<string>;
  /** Trials launched whose run directory is not known yet. */
  launching: number;
  finished?: Promise<SweepRun | undefined>;
}

export class SweepSessions implements vscode.Disposable {
  private readonly running = new Map<string, Running>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A trial started or ended (the Runs view refreshes). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionPath: string,
    private readonly toolVersion: string,
    private readonly log: OutputLog,
    private readonly diagnostics: ExperimentDiagnostics,
  ) {}

  /** Whether one of this window's sweeps is training the run (the Runs view's liveness). */
  ownsRun(runDir: string): boolean {
    // A trial about to say its run directory may own any: as a training about to start does.
    return [...this.running.values()].some((r) => r.launching > 0 || r.runDirs.has(runDir));
  }

  isRunning(file: vscode.Uri): boolean {
    return this.running.has(file.fsPath);
  }

  runningFiles(): vscode.Uri[] {
    return [...this.running.keys()].map((f) => vscode.Uri.file(f));
  }

  stop(file: vscode.Uri): void {
    this.running.get(file.fsPath)?.abort.abort();
  }

  /** Checks every trial, then trains those not done yet; resolves when the sweep ends (undefined: it did not start). */
  start(file: vscode.Uri, options: { parallel?: number } = {}): Promise<SweepRun | undefined> {
    const already = this.running.get(file.fsPath);
    if (already) {
      void vscode.window.showInformationMessage(`The sweep of ${path.basename(file.fsPath)} is already running.`);
      return already.finished ?? Promise.resolve(undefined);
    }
    const running: Running = { abort: new AbortController(), runDirs: new Set<string>(), launching: 0 };
    this.running.set(file.fsPath, running);
    void vscode.commands.executeCommand('setContext', 'rnnLab.sweeping', true);
    running.finished = this.run(file, options, running).finally(() => {
      this.running.delete(file.fsPath);
      void vscode.commands.executeCommand('setContext', 'rnnLab.sweeping', this.running.size > 0);
      this.changed.fire();
    });
    return running.finished;
  }

  private async run(file: vscode.Uri, options: { parallel?: number }, running: Running): Promise<SweepRun | undefined> {
    const { abort, runDirs } = running;
    const { sweep, diagnostics } = await loadSweep(file.fsPath);
    const log = this.log;
    if (!sweep) {
      this.diagnostics.show(file, diagnostics);
      for (const d of diagnostics) log.line(formatDiagnostic(d, (f) => vscode.workspace.asRelativePath(f)));
      log.flush();
      void problemsToast(file, diagnostics.length, "'s sweep");
      return undefined;
    }
    this.diagnostics.show(file, []);
    const runsDir = runsDirectoryFor(file);
    const { done, ignored } = await previousTrials(runsDir, sweep);
    formatIgnoredRuns(ignored, sweep.trials.length).forEach((l) => log.line(l));
    const remaining = sweep.trials.length - done.length;
    // One core stays with the editor (its extension host and renderer).
    const parallel = Math.max(
      1,
      Math.min(options.parallel ?? sweep.spec.parallel ?? availableParallelism() - 1, remaining),
    );
    log.line(`── ${vscode.workspace.asRelativePath(file)}`);
    formatSweepHeader(sweep, parallel, done.length).forEach((l) => log.line(l));
    const started = new Map<number, number>();
    const launch = trialWorkers({
      sweepId: sweep.id,
      metric: sweep.spec.metric,
      file: sweep.file,
      runsDir,
      toolVersion: this.toolVersion,
      host: 'editor',
      script: path.join(this.extensionPath, 'dist', 'worker.js'),
    });
    let ended = done.length;
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Sweep ${sweep.base.experiment.name}`,
        cancellable: true,
      },
      async (progress, token) => {
        const cancel = token.onCancellationRequested(() => abort.abort());
        const step = 100 / sweep.trials.length;
        progress.report({ message: `${ended}/${sweep.trials.length} trials done`, increment: ended * step });
        try {
          return await runSweep(sweep, {
            parallel,
            done,
            signal: abort.signal,
            claims: trialClaims(runsDir, { id: sweep.id, metric: sweep.spec.metric }, 'the editor'),
            onTrialElsewhere: (trial, pid, host) =>
              log.line(formatTrialElsewhere(trial, sweep.trials.length, pid, host)),
            launch: (trial, listener) => {
              running.launching++;
              let announced = false;
              const settle = () => {
                if (!announced) running.launching--;
                announced = true;
              };
              const run = launch(trial, {
                ...listener,
                runDir: (dir) => {
                  settle();
                  listener.runDir(dir);
                },
              });
              void run.finished.finally(settle);
              return run;
            },
            onTrialStart: (trial, runDir) => {
              runDirs.add(runDir);
              started.set(trial.trial, Date.now());
              log.line(formatTrialStart(trial, sweep.trials.length, vscode.workspace.asRelativePath(runDir)));
              this.changed.fire();
            },
            onTrialEnd: (end) => {
              if (end.runDir) runDirs.delete(end.runDir);
              log.line(
                formatTrialEnd(
                  end,
                  sweep.trials.length,
                  sweep.spec.metric.name,
                  Date.now() - (started.get(end.trial.trial) ?? Date.now()),
                ),
              );
              if (end.status !== 'cancelled')
                progress.report({ message: `${++ended}/${sweep.trials.length} trials done`, increment: step });
              this.changed.fire();
            },
          });
        } finally {
          cancel.dispose();
        }
      },
    );
    formatSweepEnd(sweep, outcome).forEach((l) => log.line(l));
    log.flush();
    return { sweep, runsDir, outcome };
  }

  dispose(): void {
    for (const r of this.running.values()) r.abort.abort();
    this.changed.dispose();
  }
}
