// Problems-panel diagnostics for experiment files, from the same loader the CLI uses: on
// open, on edit (debounced, from the unsaved text) and on save. Problems found in files an
// experiment refers to (a CSV, a weights file) are shown in those files.

import * as vscode from 'vscode';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import { checkExperiment } from '../../experiment/load';
import { isExperimentFile } from '../settings';

const DEBOUNCE_MS = 300;

export class ExperimentDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('rnn-lab');
  /** For each experiment, the other files it last put diagnostics on. */
  private readonly related = new Map<string, Set<string>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (isExperimentFile(d.uri)) this.show(d.uri, []);
      }),
    ];
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Validates now; resolves with the problems found (also shown in the Problems panel). */
  async validate(document: vscode.TextDocument): Promise<Diagnostic[]> {
    // every check training makes, without building the samples (sizes come from the description)
    const { diagnostics } = await checkExperiment(document.uri.fsPath, {}, document.getText());
    this.show(document.uri, diagnostics);
    return diagnostics;
  }

  show(experiment: vscode.Uri, diagnostics: readonly Diagnostic[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>([[experiment.fsPath, []]]);
    for (const d of diagnostics) {
      const range = new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1);
      const item = new vscode.Diagnostic(range, d.message, vscode.DiagnosticSeverity.Error);
      item.source = 'rnn-lab';
      if (!byFile.has(d.file)) byFile.set(d.file, []);
      byFile.get(d.file)!.push(item);
    }
    for (const old of this.related.get(experiment.fsPath) ?? [])
      if (!byFile.has(old)) this.collection.delete(vscode.Uri.file(old));
    this.related.set(experiment.fsPath, new Set([...byFile.keys()].filter((f) => f !== experiment.fsPath)));
    for (const [file, items] of byFile) this.collection.set(vscode.Uri.file(file), items);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isExperimentFile(document.uri)) return;
    const key = document.uri.fsPath;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.validate(document);
      }, delay),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
