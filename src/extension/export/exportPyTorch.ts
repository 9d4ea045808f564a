// "RNN Lab: Export to PyTorch…": an experiment (palette, Runs view) or a run (its recorded
// experiment and seed) written as a PyTorch project into a chosen folder; opens its train.py.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { version } from '../../../package.json';
import { loadExportSource } from '../../export/commands';
import { exportPyTorchProject, GENERATED_MARKER } from '../../export/pytorchProject';
import { slug } from '../../runs/runDirectory';
import { Command } from '../commandIds';
import { pickExperiment } from '../experiments/commands';
import { registerCommand } from '../registerCommand';
import type { RunsNode } from '../runs/runsTree';
import { runsDirectoryFor } from '../settings';

export function registerExportPyTorch(subscriptions: vscode.Disposable[]): void {
  // A second argument that is a folder's Uri is where to write, without asking (tests, other
  // extensions); from the Runs view's context menu it is the selection, and ignored.
  registerCommand(subscriptions, Command.exportPyTorch, (arg?: RunsNode | vscode.Uri | string, folder?: unknown) =>
    exportPyTorch(arg, folder instanceof vscode.Uri ? folder : undefined),
  );
}

/** A run directory or an experiment file: what the command was invoked on, or a pick. */
async function sourceOf(arg: RunsNode | vscode.Uri | string | undefined): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && !(arg instanceof vscode.Uri)) return arg.kind === 'runItem' ? arg.entry.dir : arg.source;
  return (await pickExperiment(arg, 'Export to PyTorch'))?.fsPath;
}

/** The chosen folder when it is empty (or not there yet) or holds an earlier export; else a new folder inside it. */
function projectFolder(chosen: string, name: string): string {
  const script = path.join(chosen, 'train.py');
  const earlier = existsSync(script) && readFileSync(script, 'utf8').startsWith(GENERATED_MARKER);
  return earlier || !existsSync(chosen) || readdirSync(chosen).length === 0
    ? chosen
    : path.join(chosen, `${slug(name)}-pytorch`);
}

async function chooseFolder(name: string, experimentFile: vscode.Uri): Promise<vscode.Uri | undefined> {
  const [chosen] =
    (await vscode.window.showOpenDialog({
      title: `Export ${name} to PyTorch`,
      openLabel: 'Export Here',
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri:
        vscode.workspace.getWorkspaceFolder(experimentFile)?.uri ??
        vscode.Uri.file(path.dirname(experimentFile.fsPath)),
    })) ?? [];
  return chosen;
}

async function exportPyTorch(arg?: RunsNode | vscode.Uri | string, into?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const source = await sourceOf(arg);
  if (!source) return undefined;
  const isRun = statSync(source, { throwIfNoEntry: false })?.isDirectory() === true;
  const { loaded, diagnostics } = await loadExportSource(source);
  if (!loaded) {
    void vscode.window.showErrorMessage(
      `Cannot export ${path.basename(source)}: ${diagnostics[0]?.message ?? 'it does not load'} (see Problems).`,
    );
    return undefined;
  }
  const experimentFile = vscode.Uri.file(loaded.file);
  const chosen = into ?? (await chooseFolder(loaded.experiment.name, experimentFile));
  if (!chosen) return undefined;
  const outDir = projectFolder(chosen.fsPath, loaded.experiment.name);
  // Runs of train.py go where RNN Lab keeps this experiment's runs, so the Runs view lists them.
  const runsDir = isRun ? path.dirname(path.resolve(source)) : runsDirectoryFor(experimentFile);
  try {
    const project = exportPyTorchProject(loaded, { outDir, toolVersion: version, runsDir });
    const script = vscode.Uri.file(path.join(project.dir, 'train.py'));
    await vscode.window.showTextDocument(script);
    void vscode.window.showInformationMessage(
      `Exported ${loaded.experiment.name} to ${vscode.workspace.asRelativePath(project.dir)}: run "python train.py" there. Its runs appear in the Runs view.`,
    );
    return script;
  } catch (err) {
    void vscode.window.showErrorMessage(`Export to PyTorch failed: ${(err as Error).message}`);
    return undefined;
  }
}
