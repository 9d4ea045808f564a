// RNN Lab: Open Experiments Table, the one table — from the Runs view's title (every run), an experiment in
// the view (its runs), a run (its sweep's trials, or its experiment's runs), an experiment file
// (its runs), or a sweep ({ sweep, source }: its trials).

import * as vscode from 'vscode';
import type { ExperimentsScope } from '../../panel/experimentsProtocol';
import { Command } from '../commandIds';
import { registerCommand } from '../registerCommand';
import type { RunsNode } from '../runs/runsTree';
import type { ExperimentsPanels } from './experimentsPanels';

export type TableArg = RunsNode | vscode.Uri | { readonly sweep: string; readonly source: string } | undefined;

export function scopeOf(arg: TableArg): ExperimentsScope {
  if (arg instanceof vscode.Uri) return { kind: 'experiment', source: arg.fsPath };
  if (!arg) return { kind: 'all' };
  if ('sweep' in arg) return { kind: 'sweep', id: arg.sweep, source: arg.source };
  if (arg.kind === 'experiment') return arg.source ? { kind: 'experiment', source: arg.source } : { kind: 'all' };
  const e = arg.entry;
  if (e.kind !== 'run') return { kind: 'all' };
  return e.record.sweep
    ? { kind: 'sweep', id: e.record.sweep.id, source: e.record.source }
    : { kind: 'experiment', source: e.record.source };
}

export function registerExperimentsTable(subscriptions: vscode.Disposable[], panels: ExperimentsPanels): void {
  // A context menu passes the node and the selection; the view's title bar only the focused
  // node, and means the whole view: every run.
  registerCommand(subscriptions, Command.experimentsOpen, (arg?: TableArg, selected?: unknown) =>
    panels.show(isNode(arg) && selected === undefined ? { kind: 'all' } : scopeOf(arg)),
  );
}

function isNode(arg: TableArg): arg is RunsNode {
  return arg !== undefined && !(arg instanceof vscode.Uri) && !('sweep' in arg);
}
