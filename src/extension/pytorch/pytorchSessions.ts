// Trainings on PyTorch, one per experiment file: each exports the experiment, runs train.py
// (engines/pytorch/launch.ts) and shows its run like a native one — the run appears in the
// Runs view and opens in its panel as soon as train.py makes it, the panel follows its files
// (panel/followRun.ts), the output channel gets the script's lines. Stop ends it cancelled.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { PyTorchLaunch, type LaunchOutcome } from '../../engines/pytorch/launch';
import type { TorchInfo } from '../../engines/pytorch/probe';
import { loadExportSource } from '../../export/commands';
import type { ExperimentDiagnostics } from '../experiments/diagnostics';
import type { RunPanels } from '../panel/runPanels';
import type { RunIndex } from '../runs/runIndex';
import { isExperimentFile, runsDirectoryFor } from '../settings';
import type { OutputLog } from '../training/outputLog';
import { pythonCandidates, pytorchSettings } from './pythonSelection';

export interface PyTorchState {
  readonly file: string;
  readonly name: string;
  epoch: number;
  epochs: number;
  runDir?: string;
}

interface Session {
  readonly state: PyTorchState;
  readonly launch: PyTorchLaunch;
}

/** The lenses are told of a new epoch at most this often. */
const REFRESH_MS = 250;

export class PyTorchSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  /** torch's answer per interpreter: asked once per window (a few seconds where torch is large). */
  private readonly probes = new Map<string, TorchInfo>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Every error message shown, in order: what a user read (the in-host tests check it). */
  readonly shownProblems: string[] = [];

  constructor(
    private readonly toolVersion: string,
    private readonly log: OutputLog,
    private readonly diagnostics: ExperimentDiagnostics,
    private readonly panels: RunPanels,
    private readonly runs: RunIndex,
  ) {}

  state(file: vscode.Uri): PyTorchState | undefined {
    return this.sessions.get(file.fsPath)?.state;
  }

  /** Stops the training that writes `runDir`, if it is one of ours; false when it is not. */
  stopRun(runDir: string): boolean {
    const session = [...this.sessions.values()].find((s) => s.state.runDir === runDir);
    session?.launch.stop();
    return session !== undefined;
  }

  stop(file: vscode.Uri): void {
    this.sessions.get(file.fsPath)?.launch.stop();
  }

  /** Trains the file on PyTorch (or, with `rerunOf`, that run's recorded experiment and seed). */
  async start(file: vscode.Uri, options: { rerunOf?: string } = {}): Promise<LaunchOutcome | undefined> {
    const running = this.sessions.get(file.fsPath);
    if (running) {
      void vscode.window.showInformationMessage(`${running.state.name} is already training with PyTorch.`);
      return running.launch.finished;
    }
    const target = options.rerunOf ?? file.fsPath;
    const { loaded, diagnostics } = await loadExportSource(target);
    if (!loaded) {
      if (isExperimentFile(file) && !options.rerunOf) this.diagnostics.show(file, diagnostics);
      void vscode.window.showErrorMessage(
        `Cannot train ${path.basename(target)} with PyTorch: ${diagnostics[0]?.message ?? 'it does not load'} (see Problems).`,
      );
      return undefined;
    }
    const runsDir = options.rerunOf ? path.dirname(options.rerunOf) : runsDirectoryFor(file);
    const settings = pytorchSettings(file);
    const state: PyTorchState = { file: file.fsPath, name: loaded.experiment.name, epoch: 0, epochs: 0 };
    this.log.line(`── ${vscode.workspace.asRelativePath(file)} with PyTorch`);
    const launch = new PyTorchLaunch(
      {
        loaded,
        target,
        runsDir,
        toolVersion: this.toolVersion,
        candidates: await pythonCandidates(file),
        device: settings.device,
        processes: settings.processes,
        probes: this.probes,
        rerunOf: options.rerunOf,
      },
      {
        line: (text) => this.log.line(text),
        runStarted: (runDir) => {
          state.runDir = runDir;
          this.runs.track(runsDir);
          this.panels.show(runDir, state.name, file.fsPath);
          this.refresh(true);
        },
        epoch: (epoch, epochs) => {
          state.epoch = epoch;
          state.epochs = epochs;
          this.refresh(false);
        },
      },
    );
    this.sessions.set(file.fsPath, { state, launch });
    this.refresh(true);
    const outcome = await launch.finished.catch((err: Error): LaunchOutcome => {
      this.log.error(`${state.name}: internal error: ${err.message}`);
      return { status: 'failed', problem: `internal error: ${err.message}` };
    });
    this.sessions.delete(file.fsPath);
    this.log.flush();
    this.runs.refresh();
    this.refresh(true);
    if (outcome.problem) {
      this.log.channel.show(true); // the script's lines say more than a message can
      this.showProblem(state.name, outcome);
    }
    return outcome;
  }

  private showProblem(name: string, outcome: LaunchOutcome): void {
    const actions = ['Show Output', ...(outcome.runDir ? ['Open Run'] : []), 'Python Settings'];
    const message = `${name}: ${outcome.problem}`;
    this.shownProblems.push(message);
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
      if (choice === 'Show Output') this.log.channel.show(true);
      else if (choice === 'Open Run' && outcome.runDir) this.panels.show(outcome.runDir, name);
      else if (choice === 'Python Settings')
        void vscode.commands.executeCommand('workbench.action.openSettings', 'rnnLab.python rnnLab.pytorch');
    });
  }

  private refresh(now: boolean): void {
    if (!now) {
      this.refreshTimer ??= setTimeout(() => this.refresh(true), REFRESH_MS);
      return;
    }
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    // SIGINT: train.py ends its run as cancelled even if this window is gone before it has.
    for (const s of this.sessions.values()) s.launch.stop();
    this.changed.dispose();
  }
}
