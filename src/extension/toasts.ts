// The notifications that lead somewhere: each says in full what happened, in words short
// enough not to be cut off, with the button that goes there.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from './commandIds';

export const SHOW_PROBLEMS = 'Show Problems';
export const NEW_EXPERIMENT = 'New Experiment';
export const SHOW_OUTPUT = 'Show Output';

/** "x.rnn.json has 2 problems." with Show Problems: the one toast for a file that cannot train, sweep or validate. */
export function problemsToast(file: vscode.Uri, count: number, what = ''): Thenable<void> {
  const problems = `${count} problem${count === 1 ? '' : 's'}`;
  return vscode.window
    .showErrorMessage(`${path.basename(file.fsPath)}${what} has ${problems}.`, SHOW_PROBLEMS)
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
}

/** No experiment to act on: New Experiment is one click away. */
export function noExperimentToast(): Thenable<void> {
  return vscode.window
    .showInformationMessage('This workspace has no *.rnn.json experiment yet.', NEW_EXPERIMENT)
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand(Command.newExperiment);
    });
}

/** A training or sweep that failed: what went wrong, and its output one click away. */
export function failureToast(message: string, channel: vscode.OutputChannel): Thenable<void> {
  return vscode.window.showErrorMessage(message, SHOW_OUTPUT).then((choice) => {
    if (choice) channel.show(true);
  });
}
