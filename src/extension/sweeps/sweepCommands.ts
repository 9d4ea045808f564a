// RNN Lab: Run Sweep — the active (or a picked) experiment's sweep section; when it ends, its
// Experiments table is one click away.

import * as vscode from 'vscode';
import { Command } from '../commandIds';
import { pickExperiment } from '../experiments/commands';
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
