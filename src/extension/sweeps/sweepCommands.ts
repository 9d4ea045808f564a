// RNN Lab: Run Sweep — the active (or a picked) experiment's sweep section; when it ends, its
// Experiments table is one click away.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../commandIds';
import { pickExperiment } from '../experiments/commands';
import { addSweepSection } from '../experiments/quickFixes';
import { hasSweepSection, SWEPT_PARAMETER } from '../experiments/sweepSection';
import { registerCommand } from '../registerCommand';
import type { SweepRun, SweepSessions } from './sweepSessions';

export function registerSweepCommands(subscriptions: vscode.Disposable[], sweeps: SweepSessions): void {
  registerCommand(subscriptions, Command.sweep, (arg?: unknown, options?: { parallel?: number }) =>
    runSweep(sweeps, arg, options),
  );
  registerCommand(subscriptions, Command.sweepStop, (arg?: unknown) => stopSweep(sweeps, arg));
}

/** Stops the sweep of the file given (a trial's Stop Run), else of the active editor, else the only one running. */
function stopSweep(sweeps: SweepSessions, arg?: unknown): void {
  const given = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const running = sweeps.runningFiles();
  const file = given && sweeps.isRunning(given) ? given : running.length === 1 ? running[0] : undefined;
  if (file) sweeps.stop(file);
  else
    void vscode.window.showInformationMessage(
      running.length ? 'Several sweeps are running: stop one from its progress notification.' : 'No sweep is running.',
    );
}

async function runSweep(
  sweeps: SweepSessions,
  arg?: unknown,
  options?: { parallel?: number },
): Promise<SweepRun | undefined> {
  // From the Runs view: an experiment's node.
  const node = arg as { kind?: string; source?: string } | undefined;
  const uri = await pickExperiment(
    node?.kind === 'experiment' && node.source ? vscode.Uri.file(node.source) : arg,
    'Run Sweep',
  );
  if (!uri) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
  if (!hasSweepSection((open ?? (await vscode.workspace.openTextDocument(uri))).getText())) {
    void offerSweepSection(uri);
    return undefined;
  }
  if (open?.isDirty) await open.save(); // the trials read the file from disk, as the CLI does
  const run = await sweeps.start(uri, options);
  if (run) {
    const { outcome, sweep } = run;
    const what = outcome.stopped ? 'stopped (run it again to resume)' : 'done';
    const best = outcome.best
      ? `; best: trial ${outcome.best.trial.trial}, ${sweep.spec.metric.name} ${outcome.best.score.value.toPrecision(4)}`
      : '';
    void vscode.window
      .showInformationMessage(`Sweep ${sweep.base.experiment.name} ${what}${best}.`, 'Open Experiments Table')
      .then((choice) => {
        if (choice)
          void vscode.commands.executeCommand(Command.experimentsOpen, { sweep: sweep.id, source: sweep.file });
      });
  }
  return run;
}

/**
 * An experiment without a sweep section: a toast offers to add one (no diagnostic: nothing
 * in the file is wrong). Added, the section shows selected in the editor, unsaved, with Run Sweep a click away.
 */
export async function offerSweepSection(uri: vscode.Uri): Promise<boolean> {
  const name = vscode.workspace.asRelativePath(uri);
  const choice = await vscode.window.showInformationMessage(
    `${name} has no "sweep" section, so there is nothing to sweep. Add one with a grid of three values of ${SWEPT_PARAMETER}?`,
    'Add Sweep Section',
  );
  if (!choice) return false;
  return addSweepSectionTo(uri);
}

/** Adds the section to the file's editor and selects it; true when it was added. */
export async function addSweepSectionTo(uri: vscode.Uri): Promise<boolean> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const action = addSweepSection(editor.document);
  if (!action?.edit || !(await vscode.workspace.applyEdit(action.edit))) return false;
  const text = editor.document.getText();
  const start = editor.document.positionAt(text.lastIndexOf('"sweep"'));
  const end = editor.document.positionAt(text.lastIndexOf('}', text.lastIndexOf('}') - 1) + 1);
  editor.selection = new vscode.Selection(start, end);
  editor.revealRange(new vscode.Range(start, end));
  void vscode.window
    .showInformationMessage(`Added a sweep of ${SWEPT_PARAMETER} to ${path.basename(uri.fsPath)}.`, 'Run Sweep')
    .then((run) => run && vscode.commands.executeCommand(Command.sweep, uri));
  return true;
}
