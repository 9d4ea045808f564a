// The palette commands. Each takes the file as an argument (from a lens or the editor
// title) or falls back to the active editor, then to a pick of the workspace's experiments.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../runs/recordedRun';
import { isExperimentFile } from '../settings';
import type { RunPanels } from '../panel/runPanels';
import type { OutputLog } from '../training/outputLog';
import type { TrainingSessions } from '../training/trainingSessions';
import type { ExperimentDiagnostics } from './diagnostics';
import { newExperiment } from './newExperiment';

async function pickExperiment(given: unknown, title: string): Promise<vscode.Uri | undefined> {
  if (given instanceof vscode.Uri) return given;
  // The active editor, or the active tab (the editor may not be focused, e.g. when a panel
  // beside it or the palette took focus a moment ago).
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  for (const candidate of [vscode.window.activeTextEditor?.document.uri, tab instanceof vscode.TabInputText ? tab.uri : undefined]) {
    if (candidate && isExperimentFile(candidate)) return candidate;
  }
  const files = await vscode.workspace.findFiles('**/*.rnn.json', '**/{node_modules,.rnn}/**');
  if (files.length === 0) {
    void vscode.window.showInformationMessage('No *.rnn.json experiment in this workspace. Create one with "RNN Lab: New RNN Experiment".');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })),
    { title, placeHolder: 'Experiment file' },
  );
  return pick?.uri;
}

export function registerCommands(
  context: vscode.ExtensionContext, sessions: TrainingSessions, diagnostics: ExperimentDiagnostics, log: OutputLog,
  panels: RunPanels,
): void {
  const register = (id: string, run: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));

  register('rnnLab.train', async (arg?: unknown, options?: { epochs?: number }): Promise<RunOutcome | undefined> => {
    const uri = await pickExperiment(arg, 'Train RNN');
    if (!uri) return undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
    if (open?.isDirty) await open.save(); // training reads the file from disk, as the CLI does
    return sessions.start(uri, options);
  });

  register('rnnLab.stop', async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (uri && sessions.state(uri)) sessions.stop(uri);
    else void vscode.window.showInformationMessage('No training to stop for this file.');
  });

  register('rnnLab.validate', async (arg?: unknown) => {
    const uri = await pickExperiment(arg, 'Validate Experiment');
    if (!uri) return undefined;
    const problems = await diagnostics.validate(await vscode.workspace.openTextDocument(uri));
    const name = path.basename(uri.fsPath);
    if (problems.length === 0) void vscode.window.showInformationMessage(`${name}: no problems found.`);
    else void vscode.window.showErrorMessage(`${name}: ${problems.length} problem${problems.length === 1 ? '' : 's'} (see the Problems panel).`);
    return problems;
  });

  register('rnnLab.newExperiment', (template?: string, target?: vscode.Uri) => newExperiment(context.extensionPath, template, target));

  register('rnnLab.openRun', (runDir: string) => panels.show(runDir));

  register('rnnLab.showOutput', () => log.channel.show(true));
}
