// "New RNN Experiment": copies a bundled example (and the data file it reads) next to where
// the user wants it, and opens it.

import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Template {
  readonly label: string;
  readonly detail: string;
  readonly example: string;
  readonly dataFile?: string;
}

const TEMPLATES: Template[] = [
  { label: 'Notebook', detail: 'Three stacked rnn layers on inline data, with the shape trace', example: 'notebook.rnn.json' },
  { label: 'CSV series', detail: 'Forecast a time series from a CSV file', example: 'temperature-csv.rnn.json', dataFile: 'data/temperature.csv' },
  { label: 'Character text', detail: 'A character-level language model on a text file', example: 'alice-chars.rnn.json', dataFile: 'data/alice.txt' },
  { label: 'LSTM: adding problem', detail: 'An LSTM sums two values marked up to 79 steps apart', example: 'adding-lstm.rnn.json' },
  { label: 'GRU: adding problem', detail: 'The same 80-step adding problem with a GRU', example: 'adding-gru.rnn.json' },
  { label: 'Elman RNN: adding problem', detail: 'The same task with a plain rnn layer, which fails; compare with LSTM and GRU', example: 'adding-rnn.rnn.json' },
];

/** Asks for a template and a file name unless given (`templateLabel`, `target`: for scripts and tests). */
export async function newExperiment(extensionPath: string, templateLabel?: string, given?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const template = templateLabel !== undefined
    ? TEMPLATES.find((t) => t.label === templateLabel)
    : await vscode.window.showQuickPick(TEMPLATES, { title: 'New RNN Experiment', placeHolder: 'Start from' });
  if (!template) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = given ?? await vscode.window.showSaveDialog({
    title: 'New RNN Experiment',
    defaultUri: folder ? vscode.Uri.joinPath(folder, template.example) : undefined,
    filters: { 'RNN experiment': ['rnn.json'] },
  });
  if (!target) return undefined;
  const file = target.fsPath.endsWith('.rnn.json') ? target.fsPath : `${target.fsPath.replace(/\.json$/, '')}.rnn.json`;
  const examples = path.join(extensionPath, 'examples');
  const experiment = JSON.parse(await readFile(path.join(examples, template.example), 'utf8')) as Record<string, unknown>;
  experiment.name = path.basename(file, '.rnn.json');
  delete experiment.$schema; // the extension maps *.rnn.json to the schema already
  await writeFile(file, `${JSON.stringify(experiment, null, 2)}\n`);
  if (template.dataFile) {
    const data = path.join(path.dirname(file), template.dataFile);
    await mkdir(path.dirname(data), { recursive: true });
    await copyFile(path.join(examples, template.dataFile), data);
  }
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri);
  return uri;
}
