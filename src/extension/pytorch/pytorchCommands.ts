// RNN Lab: Train with PyTorch (palette, editor title, CodeLens), Stop PyTorch (its lens), and
// Re-run with PyTorch on a run of the Runs view.

import * as vscode from 'vscode';
import type { LaunchOutcome } from '../../engines/pytorch/launch';
import { Command } from '../commandIds';
import { pickExperiment } from '../experiments/commands';
import { registerCommand } from '../registerCommand';
import { runOf, type RunArg } from '../runs/runArgs';
import type { RunIndex } from '../runs/runIndex';
import type { PyTorchSessions } from './pytorchSessions';

export function registerPyTorchCommands(
  subscriptions: vscode.Disposable[],
  sessions: PyTorchSessions,
  index: RunIndex,
): void {
  registerCommand(subscriptions, Command.trainPyTorch, async (arg?: unknown): Promise<LaunchOutcome | undefined> => {
    const file = await pickExperiment(arg, 'Train with PyTorch');
    return file && sessions.start(file);
  });
  registerCommand(subscriptions, Command.stopPyTorch, async (arg?: unknown) => {
    const file = await pickExperiment(arg, 'Stop PyTorch training');
    if (file) sessions.stop(file);
  });
  registerCommand(subscriptions, Command.runsRerunPyTorch, async (arg: RunArg) => {
    const run = await runOf(index, arg);
    return run && sessions.start(vscode.Uri.file(run.record.source), { rerunOf: run.dir });
  });
}
