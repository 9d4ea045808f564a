// "RNN: Experiments" panels: the Experiments table of every run, of one experiment file or of
// one sweep, read from the run index (the same listing as the Runs view) and kept current as
// runs come and go. Rebuilt from disk, so a reload (serializer) brings them back.

import * as vscode from 'vscode';
import { experimentsPage } from '../../panel/experimentsPage';
import type {
  ExperimentsScope,
  ExperimentsState,
  ExperimentsToHost,
  HostToExperiments,
} from '../../panel/experimentsProtocol';
import { readExperimentRows, scopeTitle } from '../../panel/experimentsRows';
import { Command } from '../commandIds';
import { loadPage } from '../panel/loadPage';
import type { RunIndex } from '../runs/runIndex';

export const EXPERIMENTS_VIEW_TYPE = 'rnnLab.experiments';

/** Updates while runs train come at most this often. */
const REFRESH_MS = 1000;

interface Open {
  scope: ExperimentsScope;
  /** What it shows: the last message sent (undefined until its page said ready). */
  shown?: HostToExperiments;
  ready: boolean;
}

export class ExperimentsPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<ExperimentsState> {
  private readonly open = new Map<vscode.WebviewPanel, Open>();
  private readonly subscriptions: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly index: RunIndex,
  ) {
    this.subscriptions = [
      vscode.window.registerWebviewPanelSerializer(EXPERIMENTS_VIEW_TYPE, this),
      index.onDidChange(() => this.scheduleRefresh()),
    ];
  }

  /**
   * Shows the table of `scope`. There is one Experiments table: an open one is narrowed or
   * widened to `scope` (its title says which), not joined by a second tab.
   */
  show(scope: ExperimentsScope): vscode.WebviewPanel {
    const [open] = this.open;
    if (open) {
      const [panel, o] = open;
      if (JSON.stringify(o.scope) !== JSON.stringify(scope)) {
        o.scope = scope;
        panel.title = `RNN: ${scopeTitle(scope)}`;
        void this.send(panel);
      }
      panel.reveal();
      return panel;
    }
    const panel = vscode.window.createWebviewPanel(
      EXPERIMENTS_VIEW_TYPE,
      `RNN: ${scopeTitle(scope)}`,
      vscode.ViewColumn.Active,
      { retainContextWhenHidden: false },
    );
    this.bind(panel, scope);
    return panel;
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: ExperimentsState | undefined): Promise<void> {
    this.bind(panel, state?.scope ?? { kind: 'all' });
    return Promise.resolve();
  }

  contentOf(panel: vscode.WebviewPanel): HostToExperiments | undefined {
    return this.open.get(panel)?.shown;
  }

  private bind(panel: vscode.WebviewPanel, scope: ExperimentsScope): void {
    loadPage(panel.webview, this.extensionUri, experimentsPage, 'experiments');
    panel.title = `RNN: ${scopeTitle(scope)}`;
    this.open.set(panel, { scope, ready: false });
    const subscriptions = [
      panel.webview.onDidReceiveMessage((m: ExperimentsToHost) => this.receive(panel, m)),
      panel.onDidChangeViewState(() => {
        if (panel.visible) void this.send(panel);
      }),
      panel.onDidDispose(() => {
        for (const s of subscriptions) s.dispose();
        this.open.delete(panel);
      }),
    ];
  }

  private receive(panel: vscode.WebviewPanel, m: ExperimentsToHost): void {
    switch (m.type) {
      case 'ready':
        this.open.get(panel)!.ready = true;
        void this.send(panel);
        break;
      case 'compare':
        void vscode.commands.executeCommand(Command.runsCompare, m.runDirs[0], m.runDirs);
        break;
      case 'open':
        void vscode.commands.executeCommand(Command.openRun, m.runDir);
        break;
      default: {
        const unhandled: never = m;
        throw new Error(`unknown message from the experiments table: ${JSON.stringify(unhandled)}`);
      }
    }
  }

  private async send(panel: vscode.WebviewPanel): Promise<void> {
    const o = this.open.get(panel);
    if (!o?.ready) return;
    const message = await readExperimentRows(await this.index.allEntries(), o.scope);
    if (!this.open.has(panel)) return;
    o.shown = message;
    void panel.webview.postMessage(message);
  }

  /** Runs came or went (or a running one moved on): visible tables read them again, at most once a second. */
  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const panel of this.open.keys()) if (panel.visible) void this.send(panel);
    }, REFRESH_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    for (const p of [...this.open.keys()]) p.dispose();
  }
}
