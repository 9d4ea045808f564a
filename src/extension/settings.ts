import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TraceMode } from '../core/trace';

export function runsDirectoryFor(file: vscode.Uri): string {
  const configured = vscode.workspace.getConfiguration('rnnLab', file).get<string>('runsDirectory') || '.rnn/runs';
  if (path.isAbsolute(configured)) return configured;
  const folder = vscode.workspace.getWorkspaceFolder(file);
  return path.join(folder ? folder.uri.fsPath : path.dirname(file.fsPath), configured);
}

/** rnnLab.blas: a library's path or "off"; undefined when empty (RNN_LAB_BLAS, else the search: src/blas/). */
export function blasSetting(file: vscode.Uri): string | undefined {
  return vscode.workspace.getConfiguration('rnnLab', file).get<string>('blas')?.trim() || undefined;
}

export function defaultTrace(file: vscode.Uri): TraceMode {
  return vscode.workspace.getConfiguration('rnnLab', file).get<TraceMode>('trace') ?? 'first-epoch';
}

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration('rnnLab').get<boolean>('codeLens.enabled') ?? true;
}

export function isExperimentFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && uri.fsPath.endsWith('.rnn.json');
}
