// Code actions for experiment files. Quick fixes for RNN Lab's own diagnostics: every
// `did you mean "X"?` writes X in place, and "the last layer has 40 units but the text has 43
// distinct characters" sets units to 43 (the same for a target width). And, for a file
// without one, adding a sweep section (what RNN Lab: Run Sweep offers too).

import * as vscode from 'vscode';
import { replacementFor, suggestionOf } from './suggestions';
import { addSweepSectionEdit, hasSweepSection, SWEPT_PARAMETER } from './sweepSection';

const UNITS_MISMATCH =
  /^the last layer has \d+ units but (?:the text has (\d+) distinct characters|the targets have width (\d+))/;

export const ADD_SWEEP_KIND = vscode.CodeActionKind.RefactorRewrite.append('rnnLab.addSweep');

export class ExperimentQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, ADD_SWEEP_KIND];

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const fixes = context.diagnostics
      .filter((d) => d.source === 'rnn-lab')
      .flatMap((d) => [...didYouMean(document, d), ...unitsFix(document, d)]);
    const sweep = addSweepSection(document);
    return sweep && (!context.only || context.only.contains(ADD_SWEEP_KIND) || ADD_SWEEP_KIND.contains(context.only))
      ? [...fixes, sweep]
      : fixes;
  }
}

function didYouMean(document: vscode.TextDocument, d: vscode.Diagnostic): vscode.CodeAction[] {
  const suggestion = suggestionOf(d.message);
  if (!suggestion) return [];
  const action = new vscode.CodeAction(`Change to "${suggestion}"`, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.replace(document.uri, d.range, replacementFor(document.getText(d.range), suggestion));
  action.diagnostics = [d];
  action.isPreferred = true;
  return [action];
}

function unitsFix(document: vscode.TextDocument, d: vscode.Diagnostic): vscode.CodeAction[] {
  const m = UNITS_MISMATCH.exec(d.message);
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
}

/** "Add a sweep section (grid over the learning rate)", for a file that has none. */
export function addSweepSection(document: vscode.TextDocument): vscode.CodeAction | undefined {
  const text = document.getText();
  if (hasSweepSection(text)) return undefined;
  const edit = addSweepSectionEdit(text);
  if (!edit) return undefined;
  const action = new vscode.CodeAction(`Add a sweep section (grid over ${SWEPT_PARAMETER})`, ADD_SWEEP_KIND);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, document.positionAt(edit.offset), edit.content);
  return action;
}
