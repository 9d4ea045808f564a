// "RNN: <name>" panels, one per run: rebuilt from the run directory, then fed live epochs
// while that run trains. The host owns the state; the webview only draws what it is sent.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { panelPage } from '../../panel/html';
import type { EpochPoint, HostToPanel, PanelState, PanelToHost, RunHeader } from '../../panel/protocol';
import { readRunAbout } from '../../panel/runFacts';
import { readRunHistory } from '../../panel/runHistory';
import { runHeader } from '../../runs/runHeader';
import { readRunEntry, type Liveness } from '../../runs/runStore';
import { Command } from '../commandIds';
import type { TrainingProgress } from '../training/trainingProgress';
import type { TrainingSessions } from '../training/trainingSessions';
import { followExternalRun } from './followRun';
import { loadPage } from './loadPage';
import { panelTitle } from './panelTitle';
import { RunViews } from './runViews';
import type { ViewMessage } from '../../panel/viewsProtocol';

export const PANEL_VIEW_TYPE = 'rnnLab.run';

export interface LiveEpochs {
  count: number;
  last?: { readonly epoch: number; readonly at: number };
}
/** A second click on the same run within this time opens it for good (a double click). */
const DOUBLE_CLICK_MS = 500;
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
  private readonly views: RunViews;
  /** Messages for the views from commands (focus, a sample), held until the webview is ready. */
  private pendingViews: ViewMessage[] = [];
  /** Every message commands sent the views, in order (what the tests check). */
  readonly commandViews: ViewMessage[] = [];
  /** Live epochs posted to the webview: how many, and the last with when (what the tests check). */
  readonly live: LiveEpochs = { count: 0 };

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly runDir: string,
    private readonly panels: RunPanels,
    source?: string,
  ) {
    const webview = panel.webview;
    loadPage(webview, panels.extensionUri, panelPage, 'webview');
    this.views = new RunViews(panels.extensionUri.fsPath, runDir, (message) => {
      if (!this.disposed) this.post({ type: 'view', message });
    });
    this.disposables.push(
      this.views,
      webview.onDidReceiveMessage((m: PanelToHost) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        panels.remember(source, panel.viewColumn);
        this.hidden();
      }),
      // A run trained by another process (the CLI, train.py): followed from its files.
      followExternalRun(runDir, panels.alive, this),
    );
    panels.remember(source, panel.viewColumn);
  }

  /** Live epochs of this run: sent in batches once the webview is ready. */
  epochs(points: readonly EpochPoint[]): void {
    this.pending = this.pending.concat(points);
    if (this.ready) this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  async refreshHeader(): Promise<void> {
    const header = await readHeader(this.runDir, this.panels.alive);
    if (!header || this.disposed) return;
    this.panel.title = panelTitle(header.name, this.runDir);
    if (!this.ready) return;
    this.post({ type: 'header', header });
    await this.sendAbout();
  }

  private async sendAbout(): Promise<void> {
    const about = await readRunAbout(this.runDir);
    if (!this.disposed) this.post({ type: 'about', about });
  }

  /** A message for the views from a command (RNN Lab: Sample Text from Run…): sent once the webview is ready. */
  view(message: ViewMessage): void {
    this.commandViews.push(message);
    if (this.ready) this.post({ type: 'view', message });
    else this.pendingViews.push(message);
  }

  /**
   * A panel in a background tab has no webview (its context is not retained): what is sent
   * then is lost, and shown again it loads anew and says `ready`. Until then messages wait.
   */
  private hidden(): void {
    if (!this.panel.visible && !this.panel.options.retainContextWhenHidden) this.ready = false;
  }

  /** "epoch x/N" as every other place shows it now (TrainingProgress). */
  progress(epoch: number, epochs: number): void {
    if (this.ready) this.post({ type: 'progress', epoch, epochs });
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
      case 'view':
        void this.views.handle(m.request);
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
    this.panel.title = panelTitle(reset.header.name, this.runDir);
    const last = reset.points[reset.points.length - 1]?.epoch ?? 0;
    this.pending = this.pending.filter((p) => p.epoch > last);
    this.post(reset);
    this.ready = true;
    this.flush();
    for (const message of this.pendingViews.splice(0)) this.post({ type: 'view', message });
    await this.sendAbout();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.ready || this.pending.length === 0 || this.delivering) return;
    this.delivering = true;
    const [sent, lastSent] = [this.pending.length, this.pending[this.pending.length - 1].epoch];
    void Promise.resolve(
      this.panel.webview.postMessage({ type: 'append', points: this.pending } satisfies HostToPanel),
    ).finally(() => {
      this.live.count += sent;
      this.live.last = { epoch: lastSent, at: Date.now() };
      this.delivering = false;
      if (this.pending.length > 0 && !this.disposed) this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
    });
    this.pending = [];
  }

  private post(message: HostToPanel): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.detach();
    this.panels.forget(this);
  }

  /** Stops feeding the webview panel, which then shows another run (the preview, RunPanels.preview). */
  detach(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

export class RunPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<PanelState> {
  private readonly open = new Map<string, RunPanel>();
  /** The run the preview panel shows (undefined: no preview panel). */
  private previewDir: string | undefined;
  private lastPreview = { runDir: '', at: 0 };
  /** Titles the preview panel had before it showed another run, with that panel (while it lives). */
  private readonly formerTitles = new Map<string, vscode.WebviewPanel>();
  /** Where each experiment's last panel was: its next run's panel opens there too. */
  private readonly columnOf = new Map<string, vscode.ViewColumn>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    readonly extensionUri: vscode.Uri,
    readonly sessions: TrainingSessions,
    readonly alive: Liveness,
    progress: TrainingProgress,
  ) {
    this.subscriptions = [
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this),
      sessions.onDidStartRun((s) => this.show(s.runDir, s.name, s.file)),
      sessions.onDidEndEpochs((e) => this.open.get(e.runDir)?.epochs(e.points)),
      sessions.onDidEndRun((e) => void this.open.get(e.outcome.runDir)?.refreshHeader()),
      progress.onDidChange(() => {
        for (const [runDir, panel] of this.open) {
          const p = progress.ofRun(runDir);
          if (p) panel.progress(p.epoch, p.epochs);
        }
      }),
    ];
  }

  /**
   * Opens (or reveals) the panel of a run. A new one opens where the experiment's last panel
   * is (or any run's panel), else beside the editor: training again does not add an editor group.
   */
  show(runDir: string, name = path.basename(runDir), source?: string): vscode.WebviewPanel {
    if (this.previewDir === runDir) this.previewDir = undefined; // opened on purpose: it stays
    return this.reveal(runDir, name, source);
  }

  /**
   * A single click in the Runs view, as the Explorer previews a file: the run shows in the one
   * preview panel, which the next click reuses for its run. A panel opened on purpose (Open
   * Run, a training, a second click on the same run within a double-click's time) stays.
   */
  preview(runDir: string, name = path.basename(runDir), source?: string): vscode.WebviewPanel {
    const now = Date.now();
    const again = this.lastPreview.runDir === runDir && now - this.lastPreview.at < DOUBLE_CLICK_MS;
    this.lastPreview = { runDir, at: now };
    if (again || (this.open.has(runDir) && this.previewDir !== runDir)) return this.show(runDir, name, source);
    const previous = this.previewDir === undefined ? undefined : this.open.get(this.previewDir);
    if (previous && previous.runDir !== runDir) {
      previous.detach();
      this.open.delete(previous.runDir);
      // Its tab may go on saying the old title for a moment: not a placeholder to close.
      this.formerTitles.set(previous.panel.title, previous.panel);
      previous.panel.title = panelTitle(name, runDir);
      this.open.set(runDir, new RunPanel(previous.panel, runDir, this, source));
    }
    this.previewDir = runDir;
    return this.reveal(runDir, name, source);
  }

  /** The run shown in the preview panel, if one is open. */
  previewed(): string | undefined {
    return this.previewDir !== undefined && this.open.has(this.previewDir) ? this.previewDir : undefined;
  }

  private reveal(runDir: string, name: string, source?: string): vscode.WebviewPanel {
    const existing = this.open.get(runDir);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn, true);
      return existing.panel;
    }
    const title = panelTitle(name, runDir);
    const column = this.closeUnrestoredTab(title) ?? this.columnFor(source);
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title, { viewColumn: column, preserveFocus: true });
    this.open.set(runDir, new RunPanel(panel, runDir, this, source));
    return panel;
  }

  /** Where the panel of an experiment's run is now (the user may have moved it). */
  remember(source: string | undefined, column: vscode.ViewColumn | undefined): void {
    if (source && column !== undefined) this.columnOf.set(source, column);
  }

  private columnFor(source: string | undefined): vscode.ViewColumn {
    const ofSource = source ? this.columnOf.get(source) : undefined;
    const open = (c: vscode.ViewColumn | undefined) =>
      c !== undefined && vscode.window.tabGroups.all.some((g) => g.viewColumn === c);
    if (open(ofSource)) return ofSource!;
    const anyPanel = [...this.open.values()].map((p) => p.panel.viewColumn).find(open);
    return anyPanel ?? vscode.ViewColumn.Beside;
  }

  /**
   * After a window reload VS Code restores a panel's tab but rebuilds the panel only when its
   * tab is shown: a tab of this run that is still a placeholder is closed and the panel opened
   * in its place, so the run never has two tabs. Returns that tab's column.
   */
  private closeUnrestoredTab(title: string): vscode.ViewColumn | undefined {
    for (const group of vscode.window.tabGroups.all) {
      const tab = group.tabs.find(
        (t) =>
          t.input instanceof vscode.TabInputWebview &&
          t.input.viewType.endsWith(PANEL_VIEW_TYPE) &&
          t.label === title &&
          !this.formerTitles.has(title),
      );
      if (tab) {
        void vscode.window.tabGroups.close(tab, true);
        return group.viewColumn;
      }
    }
    return undefined;
  }

  /** Opens (or reveals) a run's panel and hands its views a message: a view to bring forward, a sample to show. */
  showView(runDir: string, name: string, ...messages: ViewMessage[]): vscode.WebviewPanel {
    const panel = this.show(runDir, name);
    for (const message of messages) this.open.get(runDir)?.view(message);
    return panel;
  }

  /** The live epochs a run's open panel was sent (tests). */
  liveEpochsOf(runDir: string): LiveEpochs | undefined {
    return this.open.get(runDir)?.live;
  }

  /** What commands sent the views of a run's open panel (tests). */
  viewMessagesOf(runDir: string): readonly ViewMessage[] {
    return this.open.get(runDir)?.commandViews ?? [];
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
    if (this.previewDir === panel.runDir) this.previewDir = undefined;
    for (const [title, p] of this.formerTitles) if (p === panel.panel) this.formerTitles.delete(title);
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
