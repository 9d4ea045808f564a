// Quick fixes for RNN Lab's own diagnostics. "The last layer has 40 units but the text has 43
// distinct characters": set units to 43 (the same for a target width).

import * as vscode from 'vscode';

const UNITS_MISMATCH =
  /^the last layer has \d+ units but (?:the text has (\d+) distinct characters|the targets have width (\d+))/;

export class ExperimentQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return context.diagnostics.flatMap((d) => {
      const m = d.source === 'rnn-lab' ? UNITS_MISMATCH.exec(d.message) : null;
      if (!m) return [];
      const units = m[1] ?? m[2];
      const action = new vscode.CodeAction(
        `Set units to ${units} (${m[1] ? 'the vocabulary size' : 'the target width'})`,
        vscode.CodeActionKind.QuickFix,
      );
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, d.range, units);
      action.diagnostics = [d];
      action.isPreferred = true;
      return [action];
    });
  }
}
