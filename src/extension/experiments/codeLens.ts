// The row above every experiment file: ▶ Train · Validate · Last run: … — or ■ Stop while
// it trains.

import * as vscode from 'vscode';
import { shortLoss } from '../../runs/runSummary';
import { Command } from '../commandIds';
import type { RunIndex } from '../runs/runIndex';
import { codeLensEnabled } from '../settings';
import type { TrainingSessions } from '../training/trainingSessions';

export class ExperimentCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  /** "Last run" comes from the same listing as the Runs view, so the two always agree. */
  constructor(private readonly sessions: TrainingSessions, private readonly runs: RunIndex) {
    this.subscriptions = [
      sessions.onDidChange(() => this.changed.fire()),
      runs.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rnnLab')) this.changed.fire();
      }),
    ];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled()) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const uri = document.uri;
    const training = this.sessions.state(uri);
    if (training) {
      return [new vscode.CodeLens(top, { title: `■ Stop (epoch ${training.epoch}/${training.epochs || '?'})`, command: Command.stop, arguments: [uri] })];
    }
    const lenses = [
      new vscode.CodeLens(top, { title: '▶ Train', command: Command.train, arguments: [uri] }),
      new vscode.CodeLens(top, { title: 'Validate', command: Command.validate, arguments: [uri] }),
    ];
    const last = await this.runs.latestOf(uri);
    if (last) {
      const r = last.record;
      lenses.push(new vscode.CodeLens(top, {
        title: `Last run: loss ${shortLoss(r.finalLoss)} @ epoch ${r.epochsCompleted}/${r.epochs} (${last.state})`,
        command: Command.openRun, arguments: [last.dir], tooltip: last.dir,
      }));
    }
    return lenses;
  }
}
