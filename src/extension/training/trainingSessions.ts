// Trainings running in worker threads, one per experiment file, several at once. The
// extension host only relays: it never runs a training step itself. A worker sends what
// happened in batches, each only after the host acknowledged the last (worker/outbox.ts), so
// the host never queues more than it shows, however fast epochs come or busy the machine is.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatDiagnostic } from '../../diagnostics/diagnostic';
import { defaultName } from '../../experiment/resolve';
import { formatLoss, formatTrainingEnd } from '../../format/lines';
import type { EpochPoint } from '../../panel/protocol';
import type { RunOutcome } from '../../runs/recordedRun';
import type { TrainRequest, WorkerToHost } from '../../worker/protocol';
import { TrainingWorker } from '../../worker/trainingWorker';
import { Command } from '../commandIds';
import type { ExperimentDiagnostics } from '../experiments/diagnostics';
import { blasSetting, defaultTrace, runsDirectoryFor } from '../settings';
import { failureToast, problemsToast } from '../toasts';
import type { OutputLog } from './outputLog';

export interface TrainingState {
  readonly file: string;
  name: string;
  epoch: number;
  epochs: number;
  loss: number | null;
  runDir?: string;
}

/** Epochs of a run since the last ones: every epoch's scalars, statistics on some (core/statEpochs.ts). */
export interface SessionEpochs {
  readonly file: string;
  readonly runDir: string;
  readonly points: EpochPoint[];
}

export interface SessionEnd {
  readonly file: string;
  readonly outcome: RunOutcome;
}

interface Session {
  readonly state: TrainingState;
  readonly worker: TrainingWorker;
  readonly finished: Promise<RunOutcome | undefined>;
  /** Tells the progress notification how far training got since it was last told. */
  progressToNow(): void;
}

/** Progress notifications, the status bar and lenses are refreshed at most this often (and always after the last change). */
const REFRESH_MS = 250;

export class TrainingSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly started = new vscode.EventEmitter<TrainingState & { runDir: string }>();
  /** A run directory exists and epochs are about to come. */
  readonly onDidStartRun = this.started.event;
  private readonly epochs = new vscode.EventEmitter<SessionEpochs>();
  readonly onDidEndEpochs = this.epochs.event;
  private readonly ended = new vscode.EventEmitter<SessionEnd>();
  readonly onDidEndRun = this.ended.event;
  private readonly statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private lastRefresh = 0;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly toolVersion: string,
    private readonly log: OutputLog,
    private readonly diagnostics: ExperimentDiagnostics,
  ) {
    this.statusBar.command = Command.showOutput;
  }

  state(file: vscode.Uri): TrainingState | undefined {
    return this.sessions.get(file.fsPath)?.state;
  }

  /** True when a training of this window owns the run (or is about to: its directory is not known yet). */
  ownsRun(runDir: string): boolean {
    return [...this.sessions.values()].some((s) => s.state.runDir === undefined || s.state.runDir === runDir);
  }

  /** Trains the file (or, with `rerunOf`, that run's recorded experiment, filed under the file). */
  start(file: vscode.Uri, options: { epochs?: number; rerunOf?: string } = {}): Promise<RunOutcome | undefined> {
    const running = this.sessions.get(file.fsPath);
    if (running) {
      void vscode.window.showInformationMessage(`${running.state.name} is already training.`);
      return running.finished;
    }
    const request: TrainRequest = {
      file: file.fsPath,
      runsDir: options.rerunOf ? path.dirname(options.rerunOf) : runsDirectoryFor(file),
      toolVersion: this.toolVersion,
      defaultTrace: defaultTrace(file),
      blas: blasSetting(file),
      epochs: options.epochs,
      rerunOf: options.rerunOf,
    };
    const state: TrainingState = { file: file.fsPath, name: defaultName(file.fsPath), epoch: 0, epochs: 0, loss: null };
    const session = this.follow(state, request);
    this.sessions.set(file.fsPath, session);
    const finished = session.finished;
    this.refresh(true);
    void finished.finally(() => {
      this.sessions.delete(file.fsPath);
      this.refresh(true);
    });
    return finished;
  }

  stop(file: vscode.Uri): void {
    this.sessions.get(file.fsPath)?.worker.stop();
  }

  private follow(state: TrainingState, request: TrainRequest): Session {
    const log = this.log;
    let outcome: RunOutcome | undefined;
    let reportedEpoch = 0;
    let reportProgress: ((message: string, increment: number) => void) | undefined;
    let endProgress: (() => void) | undefined;
    const progressToNow = () => {
      if (state.epoch === reportedEpoch) return;
      reportProgress?.(
        `epoch ${state.epoch}/${state.epochs}, loss ${formatLoss(state.loss)}`,
        ((state.epoch - reportedEpoch) / Math.max(state.epochs, 1)) * 100,
      );
      reportedEpoch = state.epoch;
    };
    log.line(`── ${vscode.workspace.asRelativePath(state.file)}`);
    const worker: TrainingWorker = new TrainingWorker(
      path.join(this.extensionPath, 'dist', 'worker.js'),
      request,
      (m: WorkerToHost) => {
        switch (m.type) {
          case 'invalid':
            this.diagnostics.show(vscode.Uri.file(state.file), m.diagnostics);
            for (const d of m.diagnostics) log.line(formatDiagnostic(d, (f) => vscode.workspace.asRelativePath(f)));
            log.flush();
            void problemsToast(vscode.Uri.file(state.file), m.diagnostics.length);
            break;
          case 'loaded':
            state.name = m.name;
            state.epochs = m.epochs;
            m.summary.forEach((l) => log.line(l));
            if (state.runDir) this.started.fire({ ...state, runDir: state.runDir });
            // The output is shown on request (the status bar item) or on an error, not on every training.
            this.showProgress(state, worker, (report, end) => {
              reportProgress = report;
              endProgress = end;
            });
            break;
          case 'runDir':
            state.runDir = m.runDir;
            break;
          case 'batch': {
            m.lines.forEach((l) => log.line(l));
            const last = m.points.at(-1);
            if (!last) break;
            if (state.runDir) this.epochs.fire({ file: state.file, runDir: state.runDir, points: m.points });
            state.epoch = last.epoch;
            state.loss = last.loss;
            this.refresh(false);
            break;
          }
          case 'finished':
            outcome = m.outcome;
            this.ended.fire({ file: state.file, outcome: m.outcome });
            progressToNow();
            this.report(state, m.outcome);
            break;
          case 'error':
            log.error(`${state.name}: internal error: ${m.message}`);
            log.channel.show(true);
            break;
          default: {
            const unhandled: never = m;
            log.error(`${state.name}: unknown message from the training worker: ${JSON.stringify(unhandled)}`);
          }
        }
      },
    );
    const finished = worker.exited.then(() => {
      log.flush();
      endProgress?.();
      return outcome;
    });
    return { state, worker, finished, progressToNow };
  }

  private showProgress(
    state: TrainingState,
    worker: TrainingWorker,
    bind: (report: (message: string, increment: number) => void, end: () => void) => void,
  ): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Training ${state.name}`, cancellable: true },
      (progress, token) =>
        new Promise<void>((end) => {
          const cancel = token.onCancellationRequested(() => worker.stop());
          bind(
            (message, increment) => progress.report({ message, increment }),
            () => {
              cancel.dispose();
              end();
            },
          );
        }),
    );
  }

  private report(state: TrainingState, o: RunOutcome): void {
    if (o.status !== 'completed') this.log.line(`${o.status}: ${o.message ?? ''}`);
    for (const line of formatTrainingEnd(o, state.epochs, vscode.workspace.asRelativePath(o.runDir)))
      this.log.line(line);
    if (o.status === 'diverged' || o.status === 'failed')
      void failureToast(`${state.name} ${o.status}: ${o.message ?? 'see the output'}`, this.log.channel);
  }

  /**
   * Shows where every training is (progress notifications, status bar, lenses) unless that was
   * done very recently — then a little later, so the last change is always shown; `force` shows it now.
   */
  private refresh(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastRefresh < REFRESH_MS) {
      this.refreshTimer ??= setTimeout(() => this.refresh(true), this.lastRefresh + REFRESH_MS - now);
      return;
    }
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.lastRefresh = now;
    for (const s of this.sessions.values()) s.progressToNow();
    const states = [...this.sessions.values()].map((s) => s.state);
    void vscode.commands.executeCommand('setContext', 'rnnLab.training', states.length > 0);
    if (states.length === 0) {
      this.statusBar.hide();
    } else {
      const only = states.length === 1 ? states[0] : undefined;
      this.statusBar.text = only
        ? `$(sync~spin) RNN: ${only.name} ${only.epoch}/${only.epochs || '?'}`
        : `$(sync~spin) RNN: ${states.length} trainings`;
      this.statusBar.tooltip = states
        .map((s) => `${s.name}: epoch ${s.epoch}/${s.epochs}, loss ${formatLoss(s.loss)}`)
        .join('\n');
      this.statusBar.show();
    }
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const s of this.sessions.values()) s.worker.stop();
    this.statusBar.dispose();
    this.changed.dispose();
    this.started.dispose();
    this.epochs.dispose();
    this.ended.dispose();
  }
}
