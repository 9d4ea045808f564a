// "RNN: Compare" panels: the loss curves of 2–7 runs overlaid, with the settings that differ.
// Rebuilt from the run directories, so a reload (serializer) brings them back.

import * as vscode from 'vscode';
import { comparePage } from '../../panel/html';
import { readComparison } from '../../panel/comparison';
import type { CompareState, CompareToHost, HostToCompare } from '../../panel/protocol';
import type { Liveness } from '../../runs/runStore';
import { Command } from '../commandIds';
import { loadPage } from './loadPage';

export const COMPARE_VIEW_TYPE = 'rnnLab.compare';

export class ComparePanels implements vscode.Disposable, vscode.WebviewPanelSerializer<CompareState> {
  private readonly open = new Map<vscode.WebviewPanel, HostToCompare | undefined>();
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly alive: Liveness,
  ) {
    this.registration = vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, this);
  }

  show(runDirs: string[]): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW_TYPE,
      `RNN: Compare ${runDirs.length} runs`,
      vscode.ViewColumn.Active,
    );
    this.bind(panel, runDirs);
    return panel;
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: CompareState | undefined): Promise<void> {
    if (!state?.runDirs?.length) panel.dispose();
    else this.bind(panel, state.runDirs);
    return Promise.resolve();
  }

  /** What the panel shows: the last message it was sent (undefined until its page said ready). */
  contentOf(panel: vscode.WebviewPanel): HostToCompare | undefined {
    return this.open.get(panel);
  }

  private bind(panel: vscode.WebviewPanel, runDirs: string[]): void {
    const webview = panel.webview;
    loadPage(webview, this.extensionUri, comparePage, 'compare');
    this.open.set(panel, undefined);
    const subscriptions = [
      webview.onDidReceiveMessage((m: CompareToHost) => this.receive(panel, runDirs, m)),
      panel.onDidDispose(() => {
        for (const s of subscriptions) s.dispose();
        this.open.delete(panel);
      }),
    ];
  }

  private async receive(panel: vscode.WebviewPanel, runDirs: string[], m: CompareToHost): Promise<void> {
    switch (m.type) {
      case 'ready': {
        const comparison = await readComparison(runDirs, this.alive);
        if (!this.open.has(panel)) return;
        this.open.set(panel, comparison);
        void panel.webview.postMessage(comparison);
        break;
      }
      case 'open':
        if (runDirs.includes(m.runDir)) void vscode.commands.executeCommand(Command.openRun, m.runDir);
        break;
      default: {
        const unhandled: never = m;
        throw new Error(`unknown message from the compare panel: ${JSON.stringify(unhandled)}`);
      }
    }
  }

  dispose(): void {
    this.registration.dispose();
    for (const p of [...this.open.keys()]) p.dispose();
  }
}
