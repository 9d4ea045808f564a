// The row above every experiment file: ▶ Train · Validate · Last run: … — or ■ Stop while
// it trains.

import * as vscode from 'vscode';
import { latestRunOf } from '../../runs/latestRun';
import { codeLensEnabled, runsDirectoryFor } from '../settings';
import type { TrainingSessions } from '../training/trainingSessions';

export class ExperimentCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly sessions: TrainingSessions) {
    sessions.onDidChange(() => this.changed.fire());
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rnnLab')) this.changed.fire();
    });
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled()) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const uri = document.uri;
    const training = this.sessions.state(uri);
    if (training) {
      return [new vscode.CodeLens(top, { title: `■ Stop (epoch ${training.epoch}/${training.epochs || '?'})`, command: 'rnnLab.stop', arguments: [uri] })];
    }
    const lenses = [
      new vscode.CodeLens(top, { title: '▶ Train', command: 'rnnLab.train', arguments: [uri] }),
      new vscode.CodeLens(top, { title: 'Validate', command: 'rnnLab.validate', arguments: [uri] }),
    ];
    const last = await latestRunOf(runsDirectoryFor(uri), uri.fsPath);
    if (last) {
      const r = last.record;
      const loss = r.finalLoss === null ? 'n/a' : String(Number(r.finalLoss.toPrecision(3)));
      lenses.push(new vscode.CodeLens(top, {
        title: `Last run: loss ${loss} @ epoch ${r.epochsCompleted}/${r.epochs} (${r.status})`,
        command: 'rnnLab.openRun', arguments: [last.dir], tooltip: last.dir,
      }));
    }
    return lenses;
  }
}
