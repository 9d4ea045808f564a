// "New RNN Experiment": copies a bundled example (and the data file it reads) next to where
// the user wants it, and opens it.

import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { experimentFileFor, experimentText, TEMPLATES, type Template } from './templates';

/** Asks for a template and a file name unless given (`templateLabel`, `target`: for scripts and tests). */
export async function newExperiment(
  extensionPath: string,
  templateLabel?: string,
  given?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const template =
    templateLabel !== undefined
      ? TEMPLATES.find((t) => t.label === templateLabel)
      : await vscode.window.showQuickPick(TEMPLATES, {
          title: 'New RNN Experiment',
          placeHolder: 'Start from',
          matchOnDetail: true,
        });
  if (!template) return undefined;
  const target = given ?? (await askForFile(template));
  if (!target) return undefined;
  const file = experimentFileFor(target.fsPath);
  if (file !== target.fsPath && existsSync(file) && !(await confirmReplace(file))) return undefined;
  await writeExperiment(extensionPath, template, file);
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri, { viewColumn: editorColumn(), preview: false });
  return uri;
}

/** Where text is edited: the active editor's group, else the first group that is not only panels. */
function editorColumn(): vscode.ViewColumn {
  const active = vscode.window.activeTextEditor?.viewColumn;
  if (active !== undefined) return active;
  const group = vscode.window.tabGroups.all.find(
    (g) => g.tabs.length === 0 || g.tabs.some((t) => !(t.input instanceof vscode.TabInputWebview)),
  );
  return group?.viewColumn ?? vscode.ViewColumn.One;
}

/**
 * The save dialog filters on "json": VS Code takes only what follows the last dot as a name's
 * extension, so a filter of "rnn.json" made it append ".rnn.json" to "notebook.rnn.json".
 */
function askForFile(template: Template): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: `New RNN Experiment: ${template.label}`,
    defaultUri: folder ? vscode.Uri.file(freeName(folder.fsPath, template.example)) : undefined,
    filters: { 'RNN experiment (*.rnn.json)': ['json'] },
    saveLabel: 'Create',
  });
}

/** `notebook.rnn.json`, or `notebook-2.rnn.json` when that exists already. */
function freeName(folder: string, example: string): string {
  const stem = example.slice(0, -'.rnn.json'.length);
  for (let k = 1; ; k++) {
    const file = path.join(folder, `${k === 1 ? stem : `${stem}-${k}`}.rnn.json`);
    if (!existsSync(file)) return file;
  }
}

async function confirmReplace(file: string): Promise<boolean> {
  const replace = 'Replace';
  const choice = await vscode.window.showWarningMessage(
    `${path.basename(file)} already exists. Replace it?`,
    { modal: true },
    replace,
  );
  return choice === replace;
}

async function writeExperiment(extensionPath: string, template: Template, file: string): Promise<void> {
  const examples = path.join(extensionPath, 'examples');
  const text = await readFile(path.join(examples, template.example), 'utf8');
  await writeFile(file, experimentText(text, template, path.basename(file, '.rnn.json')));
  if (template.dataFile) {
    const data = path.join(path.dirname(file), template.dataFile);
    await mkdir(path.dirname(data), { recursive: true });
    await copyFile(path.join(examples, template.dataFile), data);
  }
}
