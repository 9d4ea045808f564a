// The palette commands. Each takes the file as an argument (from a lens or the editor
// title) or falls back to the active editor, then to a pick of the workspace's experiments.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import type { RunOutcome } from '../../runs/recordedRun';
import { Command } from '../commandIds';
import { registerCommand } from '../registerCommand';
import { isExperimentFile } from '../settings';
import { noExperimentToast, problemsToast } from '../toasts';
import type { RunPanels } from '../panel/runPanels';
import type { OutputLog } from '../training/outputLog';
import type { TrainingSessions } from '../training/trainingSessions';
import type { ExperimentDiagnostics } from './diagnostics';
import { newExperiment } from './newExperiment';

export async function pickExperiment(given: unknown, title: string): Promise<vscode.Uri | undefined> {
  if (given instanceof vscode.Uri) return given;
  // The active editor, or the active tab (the editor may not be focused, e.g. when a panel
  // beside it or the palette took focus a moment ago).
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  for (const candidate of [
    vscode.window.activeTextEditor?.document.uri,
    tab instanceof vscode.TabInputText ? tab.uri : undefined,
  ]) {
    if (candidate && isExperimentFile(candidate)) return candidate;
  }
  const files = await vscode.workspace.findFiles('**/*.rnn.json', '**/{node_modules,.rnn}/**');
  if (files.length === 0) {
    void noExperimentToast();
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })),
    { title, placeHolder: 'Experiment file' },
  );
  return pick?.uri;
}

export interface ExperimentServices {
  readonly extensionPath: string;
  readonly sessions: TrainingSessions;
  readonly diagnostics: ExperimentDiagnostics;
  readonly log: OutputLog;
  readonly panels: RunPanels;
}

export function registerCommands(subscriptions: vscode.Disposable[], s: ExperimentServices): void {
  registerCommand(subscriptions, Command.train, (arg?: unknown, options?: { epochs?: number }) =>
    train(s, arg, options),
  );
  registerCommand(subscriptions, Command.stop, (arg?: unknown) => stop(s, arg));
  registerCommand(subscriptions, Command.validate, (arg?: unknown) => validate(s, arg));
  registerCommand(subscriptions, Command.newExperiment, (template?: string, target?: vscode.Uri) =>
    newExperiment(s.extensionPath, template, target),
  );
  registerCommand(subscriptions, Command.openRun, (runDir: string) => s.panels.show(runDir));
  registerCommand(subscriptions, Command.showOutput, () => s.log.channel.show(true));
}

async function train(
  s: ExperimentServices,
  arg?: unknown,
  options?: { epochs?: number },
): Promise<RunOutcome | undefined> {
  const uri = await pickExperiment(arg, 'Train RNN');
  if (!uri) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
  if (open?.isDirty) await open.save(); // training reads the file from disk, as the CLI does
  return s.sessions.start(uri, options);
}

function stop(s: ExperimentServices, arg?: unknown): void {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri && s.sessions.state(uri)) s.sessions.stop(uri);
  else void vscode.window.showInformationMessage('No training to stop for this file.');
}

async function validate(s: ExperimentServices, arg?: unknown): Promise<Diagnostic[] | undefined> {
  const uri = await pickExperiment(arg, 'Validate Experiment');
  if (!uri) return undefined;
  const problems = await s.diagnostics.validate(await vscode.workspace.openTextDocument(uri));
  const name = path.basename(uri.fsPath);
  if (problems.length === 0) void vscode.window.showInformationMessage(`${name}: no problems found.`);
  else void problemsToast(uri, problems.length);
  return problems;
}
