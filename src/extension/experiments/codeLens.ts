// The row above every experiment file: ▶ Train · Validate · Last run: … — or ■ Stop while
// it trains.

import * as vscode from 'vscode';
import { shortLoss } from '../../runs/runSummary';
import { Command } from '../commandIds';
import type { RunIndex } from '../runs/runIndex';
import { codeLensEnabled } from '../settings';
import type { TrainingProgress } from '../training/trainingProgress';
import type { TrainingSessions } from '../training/trainingSessions';
import { offeredLenses } from '../workspaceTrust';
import { AskBackGate } from '../training/refreshPacing';
import { settingsChangedSince } from './lastRunSettings';

export class ExperimentCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** VS Code asks again a debounce after each event, restarted by the next: told only once it asked. */
  private readonly gate = new AskBackGate(() => this.changed.fire());

  /**
   * "Last run" comes from the same listing as the Runs view, so the two always agree; "epoch
   * x/N" from the same snapshot as the status bar, the notification and the panel.
   */
  constructor(
    private readonly sessions: TrainingSessions,
    private readonly progress: TrainingProgress,
    private readonly runs: RunIndex,
  ) {
    this.subscriptions = [
      sessions.onDidChange(() => this.gate.changed()),
      progress.onDidChange(() => this.gate.changed()),
      runs.onDidChange(() => this.gate.changed()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rnnLab')) this.changed.fire();
      }),
      // In Restricted Mode only the lenses that work there show; ▶ Train appears once trusted.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const lenses = await this.lensesOf(document);
    // Once this answer is on its way: an event while VS Code waits for it would cancel it.
    setTimeout(() => this.gate.asked(), 0);
    return lenses;
  }

  private async lensesOf(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled()) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const uri = document.uri;
    const training = this.sessions.state(uri);
    if (training) {
      const shown = this.progress.of(uri.fsPath) ?? training;
      return [
        new vscode.CodeLens(top, {
          title: `■ Stop (epoch ${shown.epoch}/${shown.epochs || '?'})`,
          command: Command.stop,
          arguments: [uri],
        }),
      ];
    }
    const lenses = [
      new vscode.CodeLens(top, { title: '▶ Train', command: Command.train, arguments: [uri] }),
      new vscode.CodeLens(top, { title: 'Validate', command: Command.validate, arguments: [uri] }),
    ];
    const last = await this.runs.latestOf(uri);
    if (last) {
      const r = last.record;
      const changed = await settingsChangedSince(last.dir, uri.fsPath, document.getText());
      const title = changed.length ? 'Last run (older settings)' : 'Last run';
      lenses.push(
        new vscode.CodeLens(top, {
          title: `${title}: loss ${shortLoss(r.finalLoss)} @ epoch ${r.epochsCompleted}/${r.epochs} (${last.state})`,
          command: Command.openRun,
          arguments: [last.dir],
          tooltip: changed.length
            ? `${last.dir}\nIts settings differ from this file's: ${changed.join(', ')}`
            : last.dir,
        }),
      );
    }
    return offeredLenses(lenses);
  }
}
