// "RNN: Compare" panels: the loss curves of 2–7 runs overlaid, with the settings that differ.
// Rebuilt from the run directories, so a reload (serializer) brings them back.

import * as vscode from 'vscode';
import { comparePage } from '../../panel/html';
import { readComparison } from '../../panel/comparison';
import type { CompareState, CompareToHost } from '../../panel/protocol';
import type { Liveness } from '../../runs/runStore';
import { loadPage } from './loadPage';

export const COMPARE_VIEW_TYPE = 'rnnLab.compare';

export class ComparePanels implements vscode.Disposable, vscode.WebviewPanelSerializer<CompareState> {
  private readonly open = new Set<vscode.WebviewPanel>();
  private readonly registration: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri, private readonly alive: Liveness) {
    this.registration = vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, this);
  }

  show(runDirs: string[]): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `RNN: Compare ${runDirs.length} runs`, vscode.ViewColumn.Active);
    this.bind(panel, runDirs);
    return panel;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: CompareState | undefined): Promise<void> {
    if (!state?.runDirs?.length) panel.dispose();
    else this.bind(panel, state.runDirs);
  }

  private bind(panel: vscode.WebviewPanel, runDirs: string[]): void {
    const webview = panel.webview;
    loadPage(webview, this.extensionUri, comparePage, 'compare');
    const sub = webview.onDidReceiveMessage(async (m: CompareToHost) => {
      if (m.type === 'ready') void webview.postMessage(await readComparison(runDirs, this.alive));
      else if (m.type === 'open' && runDirs.includes(m.runDir)) void vscode.commands.executeCommand('rnnLab.openRun', m.runDir);
    });
    this.open.add(panel);
    panel.onDidDispose(() => {
      sub.dispose();
      this.open.delete(panel);
    });
  }

  dispose(): void {
    this.registration.dispose();
    for (const p of this.open) p.dispose();
  }
}
