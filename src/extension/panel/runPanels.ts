// "RNN: <name>" panels, one per run: rebuilt from the run directory, then fed live epochs
// while that run trains. The host owns the state; the webview only draws what it is sent.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { panelPage } from '../../panel/html';
import type { EpochPoint, HostToPanel, PanelState, PanelToHost, RunHeader } from '../../panel/protocol';
import { readRunHistory } from '../../panel/runHistory';
import { runHeader } from '../../runs/runHeader';
import { readRunEntry, type Liveness } from '../../runs/runStore';
import { Command } from '../commandIds';
import type { TrainingSessions } from '../training/trainingSessions';
import { loadPage } from './loadPage';

export const PANEL_VIEW_TYPE = 'rnnLab.run';
/** Live epochs are sent to a panel at most this often, batched. */
const FLUSH_MS = 100;

class RunPanel {
  private ready = false;
  private disposed = false;
  private pending: EpochPoint[] = [];
  /** An append the webview has not taken yet: the next waits for it (a busy webview gets fewer, larger appends). */
  private delivering = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly panel: vscode.WebviewPanel, readonly runDir: string, private readonly panels: RunPanels) {
    const webview = panel.webview;
    loadPage(webview, panels.extensionUri, panelPage, 'webview');
    this.disposables.push(
      webview.onDidReceiveMessage((m: PanelToHost) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Live epochs of this run: sent in batches once the webview is ready. */
  epochs(points: readonly EpochPoint[]): void {
    this.pending = this.pending.concat(points);
    if (this.ready) this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  async refreshHeader(): Promise<void> {
    const header = await readHeader(this.runDir, this.panels.alive);
    if (!header || this.disposed) return;
    this.panel.title = `RNN: ${header.name}`;
    if (this.ready) this.post({ type: 'header', header });
  }

  private receive(m: PanelToHost): void {
    switch (m.type) {
      case 'ready':
        void this.replay();
        break;
      case 'stop':
        void vscode.commands.executeCommand(Command.runsStop, this.runDir);
        break;
      case 'rerun':
        void vscode.commands.executeCommand(Command.runsRerun, this.runDir);
        break;
      default: {
        const unhandled: never = m;
        throw new Error(`unknown message from the panel: ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** Sends the history from disk; epochs that arrived meanwhile are already in it (downsampling always keeps the last epoch). */
  private async replay(): Promise<void> {
    const reset = await readRunHistory(this.runDir, this.panels.alive);
    if (!reset || this.disposed) return;
    this.panel.title = `RNN: ${reset.header.name}`;
    const last = reset.points[reset.points.length - 1]?.epoch ?? 0;
    this.pending = this.pending.filter((p) => p.epoch > last);
    this.post(reset);
    this.ready = true;
    this.flush();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.ready || this.pending.length === 0 || this.delivering) return;
    this.delivering = true;
    void Promise.resolve(this.panel.webview.postMessage({ type: 'append', points: this.pending } satisfies HostToPanel)).finally(() => {
      this.delivering = false;
      if (this.pending.length > 0 && !this.disposed) this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
    });
    this.pending = [];
  }

  private post(message: HostToPanel): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.panels.forget(this);
  }
}

export class RunPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<PanelState> {
  private readonly open = new Map<string, RunPanel>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(readonly extensionUri: vscode.Uri, readonly sessions: TrainingSessions, readonly alive: Liveness) {
    this.subscriptions = [
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this),
      sessions.onDidStartRun((s) => this.show(s.runDir, s.name)),
      sessions.onDidEndEpochs((e) => this.open.get(e.runDir)?.epochs(e.points)),
      sessions.onDidEndRun((e) => void this.open.get(e.outcome.runDir)?.refreshHeader()),
    ];
  }

  /** Opens (or reveals) the panel of a run, beside the editor. */
  show(runDir: string, name = path.basename(runDir)): vscode.WebviewPanel {
    const existing = this.open.get(runDir);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `RNN: ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    this.open.set(runDir, new RunPanel(panel, runDir, this));
    return panel;
  }

  /** Closes the panel of a run that is gone (deleted). */
  close(runDir: string): void {
    this.open.get(runDir)?.panel.dispose();
  }

  panelOf(runDir: string): vscode.WebviewPanel | undefined {
    return this.open.get(runDir)?.panel;
  }

  /** After a window reload: rebuild the panel from the run directory it showed. */
  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
    if (!state?.runDir) panel.dispose();
    else this.open.set(state.runDir, new RunPanel(panel, state.runDir, this));
    return Promise.resolve();
  }

  forget(panel: RunPanel): void {
    if (this.open.get(panel.runDir) === panel) this.open.delete(panel.runDir);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const p of this.open.values()) p.panel.dispose();
  }
}

async function readHeader(runDir: string, alive: Liveness): Promise<RunHeader | undefined> {
  const entry = await readRunEntry(runDir, alive);
  return entry.kind === 'run' ? runHeader(entry.record, entry.state) : undefined;
}
