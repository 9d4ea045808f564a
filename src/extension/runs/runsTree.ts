// The Runs view: experiment files, each with its runs newest first. Items are described by
// runSummary (pure); a run's tooltip, with its hyperparameters from experiment.json, is built
// only when it is about to show.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { groupBySource, type RunEntry } from '../../runs/runStore';
import { summarizeRun, type ShownState } from '../../runs/runSummary';
import { Command } from '../commandIds';
import { isCharacterModel } from './runContext';
import type { RunIndex } from './runIndex';
import type { Progress, TrainingProgress } from '../training/trainingProgress';
import { Throttle } from '../training/refreshPacing';
import { runTooltip } from './runTooltip';

export type ExperimentNode = {
  readonly kind: 'experiment';
  readonly source: string | undefined;
  readonly runs: RunEntry[];
};
export type RunNode = { readonly kind: 'runItem'; readonly entry: RunEntry };
export type RunsNode = ExperimentNode | RunNode;

/** While the view is visible, relative times ("3 min ago") and liveness are refreshed this often. */
const TICK_MS = 10_000;

const ICONS: Record<ShownState, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('sync~spin'),
  completed: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
  diverged: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  interrupted: new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.warningForeground')),
  damaged: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.errorForeground')),
};

/**
 * A run's row. `live`: where this window's training of it is now (TrainingProgress, the one
 * source the status bar, CodeLens and panel read too), newer than its run.json.
 */
export function runItem(entry: RunEntry, now = new Date(), live?: Progress): vscode.TreeItem {
  const s = summarizeRun(withProgress(entry, live), now);
  const item = new vscode.TreeItem(s.label, vscode.TreeItemCollapsibleState.None);
  item.id = entry.dir;
  item.description = s.description;
  item.iconPath = ICONS[s.state];
  // VS Code asks resolveTreeItem for a tooltip only when the item has none.
  if (entry.kind === 'damaged') item.tooltip = s.tooltip.join('\n');
  // ".text": a character model, the runs Sample Text applies to (package.json's `when` clauses).
  item.contextValue = `rnnLab.run.${s.state}${isCharacterModel(entry) ? '.text' : ''}`;
  item.resourceUri = vscode.Uri.file(entry.dir);
  if (entry.kind === 'run')
    item.command = {
      command: Command.runsPreview,
      title: 'Preview Run',
      arguments: [{ kind: 'runItem', entry } satisfies RunNode],
    };
  return item;
}

function withProgress(entry: RunEntry, live: Progress | undefined): RunEntry {
  if (!live || entry.kind !== 'run' || entry.state !== 'running') return entry;
  const record = { ...entry.record, epochsCompleted: live.epoch, epochs: live.epochs || entry.record.epochs };
  return { ...entry, record: live.loss === undefined ? record : { ...record, finalLoss: live.loss } };
}

/** VS Code debounces a tree's change events (200 ms, restarted by each): told at most this often, it keeps up. */
const TREE_CHANGE_MS = 300;

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly pace = new Throttle(() => this.changed.fire(undefined), TREE_CHANGE_MS);

  constructor(
    private readonly index: RunIndex,
    private readonly progress?: TrainingProgress,
  ) {
    this.subscription = vscode.Disposable.from(
      index.onDidChange(() => this.pace.changed()),
      ...(progress ? [progress.onDidChange(() => this.pace.changed())] : []),
    );
  }

  /** Keeps the listing current while `view` is visible. */
  tickWhileVisible(view: vscode.TreeView<RunsNode>): vscode.Disposable {
    let timer: NodeJS.Timeout | undefined;
    const update = () => {
      if (timer) clearInterval(timer);
      timer = view.visible ? setInterval(() => this.index.refresh(), TICK_MS) : undefined;
    };
    update();
    const sub = view.onDidChangeVisibility(update);
    return new vscode.Disposable(() => {
      sub.dispose();
      if (timer) clearInterval(timer);
    });
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (node?.kind === 'experiment') return node.runs.map((entry) => ({ kind: 'runItem', entry }));
    if (node) return [];
    return groupBySource(await this.index.allEntries()).map((g) => ({ kind: 'experiment', ...g }));
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'runItem') return runItem(node.entry, new Date(), this.progress?.ofRun(node.entry.dir));
    if (node.source === undefined) {
      const item = new vscode.TreeItem('Unreadable runs', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'rnnLab.damaged';
      item.iconPath = new vscode.ThemeIcon('warning');
      item.description = `${node.runs.length}`;
      item.tooltip = 'Run directories whose run.json cannot be read. Their files are left as they are.';
      return item;
    }
    const item = new vscode.TreeItem(path.basename(node.source), vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.source;
    item.resourceUri = vscode.Uri.file(node.source);
    const folder = path.dirname(vscode.workspace.asRelativePath(node.source));
    const count = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
    item.description = folder === '.' ? count : `${folder} · ${count}`;
    item.tooltip = node.source;
    item.contextValue = 'rnnLab.experiment';
    return item;
  }

  /** The tooltip, with the hyperparameters: read when it is about to show. */
  async resolveTreeItem(item: vscode.TreeItem, node: RunsNode): Promise<vscode.TreeItem> {
    if (node.kind === 'runItem' && node.entry.kind === 'run') item.tooltip = await runTooltip(node.entry);
    return item;
  }

  getParent(): undefined {
    return undefined;
  }

  dispose(): void {
    this.pace.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
