// "▶ Train with PyTorch" beside ▶ Train above every experiment, and "■ Stop PyTorch (epoch x/N)"
// while PyTorch trains it. Its last run shows in the "Last run" lens like any other.

import * as vscode from 'vscode';
import { Command } from '../commandIds';
import { codeLensEnabled } from '../settings';
import { offeredLenses } from '../workspaceTrust';
import type { PyTorchSessions } from './pytorchSessions';

export class PyTorchLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly sessions: PyTorchSessions) {
    this.subscriptions = [
      sessions.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('rnnLab') && this.changed.fire()),
      // In Restricted Mode ▶ Train with PyTorch is not offered; it appears once the folder is trusted.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!codeLensEnabled()) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const uri = document.uri;
    const training = this.sessions.state(uri);
    if (training)
      return [
        new vscode.CodeLens(top, {
          title: `■ Stop PyTorch (epoch ${training.epoch}/${training.epochs || '?'})`,
          command: Command.stopPyTorch,
          arguments: [uri],
        }),
      ];
    return offeredLenses([
      new vscode.CodeLens(top, {
        title: '▶ Train with PyTorch',
        command: Command.trainPyTorch,
        arguments: [uri],
        tooltip: 'Export this experiment and train it with train.py (settings rnnLab.python, rnnLab.pytorch.*)',
      }),
    ]);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
